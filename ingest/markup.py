"""HTML markup to plain text: a feed entry's content, or an article body that arrives as markup (news APIs and
exports often hand the body over as ``<p>...</p><p>...</p>`` with links in it).

>>> html_to_text('<p>Talks in <a href="/tags/rome">Rome</a>.</p><p>Second &amp; last.</p>')
'Talks in Rome.\\n\\nSecond & last.\\n\\n'
>>> looks_like_markup("Tariffs < 10% stay; see p. 4"), looks_like_markup("<p>One.</p>")
(False, True)
"""

from __future__ import annotations

import re

# an element of a story's body, closed or a line break: plain text hardly ever holds one ("a < b" does not)
_TAG = re.compile(r"</(?:p|div|a|span|li|ul|ol|em|strong|b|i|h[1-6]|blockquote|figure|figcaption|section)\s*>"
                  r"|<br\s*/?>|<a\s+href=", re.I)


def looks_like_markup(text: str) -> bool:
    """The text holds HTML elements (a closing tag, a line break or a link), not just a stray ``<``."""
    return _TAG.search(text) is not None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element; entities decoded, scripts dropped."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types for garbage; then it is plain text
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter("p", "div", "li", "br", "h1", "h2", "h3", "h4", "blockquote", "tr"):
        el.tail = "\n\n" + (el.tail or "")
    return root.text_content()
