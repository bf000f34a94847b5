"""Light lexical facts about a SPARQL text, without a full parse: its form, and whether it uses SERVICE.

The endpoint needs them before a query runs (to refuse updates and federation, to negotiate a
format), and the remote store to ask a server for the right kind of answer. A full parser (rdflib's)
costs 10-50 ms per query; this scan costs microseconds and is exact for the keywords it looks for,
because comments, strings and IRIs are blanked out first and a keyword must stand as its own token
(``?service``, ``ex:service`` and ``"service"`` are not the keyword).

>>> query_form("PREFIX ex: <http://ex/> # a comment\\nselect * { ?s ?p ?o }")
'SELECT'
>>> query_form("INSERT DATA { <urn:a> <urn:b> 'SELECT' }")
'UPDATE'
>>> uses_service("SELECT ?service WHERE { ?s ex:service ?service }")
False
"""

from __future__ import annotations

import re

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})

_OPAQUE = re.compile(
    r"""'''.*?'''|\"\"\".*?\"\"\"          # long strings
      |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"  # short strings
      |<[^<>"{}|^`\\\s]*>                   # IRIs (a comparison like ?a < ?b has spaces, so it stays)
      |\#[^\n]*                             # comments
    """,
    re.S | re.X,
)
_TOKEN = re.compile(r"[^\s{}()\[\],;=<>!|&+*/^]+")


def _blank(sparql: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces (same length, so offsets still match)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), sparql)


def tokens(sparql: str) -> list[str]:
    """The bare tokens of a SPARQL text, with strings, IRIs and comments removed."""
    return _TOKEN.findall(_blank(sparql))


def where_group_start(sparql: str) -> int | None:
    """Offset just inside the opening brace of the query's outermost WHERE group (None if not found).

    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> q[where_group_start(q):]
    ' ?s ?p ?o }'
    """
    text = _blank(sparql)
    where = re.search(r"(?<![\w?$:])WHERE(?![\w:])", text, re.I)
    if where is None:
        form = re.search(r"(?<![\w?$:])(SELECT|ASK|DESCRIBE|CONSTRUCT)(?![\w:])", text, re.I)
        if form is None or form.group(1).upper() == "CONSTRUCT":
            return None
        start = form.end()
    else:
        start = where.end()
    brace = text.find("{", start)
    return None if brace < 0 else brace + 1


def query_form(sparql: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE, ASK, UPDATE (any SPARQL Update operation), or None if unrecognised."""
    words = tokens(sparql)
    i = 0
    while i < len(words):
        word = words[i].upper()
        if word == "PREFIX":
            i += 2  # the prefix name; its IRI is already blanked out
            continue
        if word == "BASE":
            i += 1
            continue
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
        return None
    return None


def uses_service(sparql: str) -> bool:
    """True when the text contains a SERVICE clause (federated query)."""
    return any(w.upper() == "SERVICE" for w in tokens(sparql))
