"""Readers: turn files, folders and fetched web pages into Articles, reporting each unusable input with
its reason.

Supported: ``.txt``/``.md`` (title on the first line, an optional header block of ``published:``,
``url:``, ``source:``, ``id:`` lines), ``.json`` (an article object or a list of them), ``.jsonl``
(one article per line), ``.html``/``.htm`` (main text and metadata by trafilatura), and web pages
(:class:`Page`, fetched by ingest.fetch).

Every reader yields :class:`Article` or :class:`SourceError`; nothing raises for bad input, so one
broken file never stops a batch. A :class:`Page` is HTML not yet parsed, so that the costly part
(trafilatura) can run in a worker process.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.article import Article, ArticleError
from ingest.fetch import url_problem
from ingest.page import published_on_page

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
_HEADER = re.compile(r"^(published|date|url|source|id|title)\s*:\s*(.*\S)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: markup debris like "<<>>" is not text
_ARTICLE_FIELDS = {"id", "url", "title", "source", "published", "text"}


@dataclass
class SourceError:
    """An input that could not be read as an article."""

    source: str
    reason: str
    transient: bool = False  # trying again later may help (a timeout, an HTTP 503)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Page:
    """HTML waiting to become an Article: an ``.html`` file, or a web page fetched for a feed entry or a URL.

    The publication date is taken from the page's own metadata, else from the feed entry
    (``feed_published``), else from the page's text or URL (ingest.page), else the time it was first fetched
    (``first_seen``, else ``fetched``), and ``Article.published_from`` records which.
    """

    html: str
    origin: str  # the file or the URL: shown in reports
    url: str | None = None  # a web page's identity (the URL as listed, before redirects)
    fetched: str | None = None  # ISO time of the fetch
    first_seen: str | None = None  # the fetch-time date stored at this page's first ingest, if any
    feed_published: str | None = None
    feed_title: str | None = None  # the entry's title, used when the page has none
    feed_name: str | None = None  # the feed's own title: the outlet when the page names none
    outlet: str | None = None  # set in sources.toml: wins over what the page says

    def to_article(self) -> Article:
        """Parse the HTML; raises ArticleError (no text, implausible date...)."""
        if self.url is None and self.fetched is None:
            return parse_html(self.html, origin=self.origin)
        doc = _extract_html(self.html, self.url)
        if doc.date:
            published, published_from = doc.date, "metadata"
        elif self.feed_published:
            published, published_from = self.feed_published, "feed"
        elif found := published_on_page(doc.text, self.url):
            published, published_from = found  # a dateline, a "Published ..." line, the URL
        else:
            published, published_from = self.first_seen or self.fetched, "fetch-time"
        return Article(title=doc.title or self.feed_title or "", text=doc.text, url=self.url,
                       source=self.outlet or doc.sitename or self.feed_name, published=published, origin=self.origin,
                       published_from=published_from)


Item = Article | SourceError
Unit = Article | SourceError | Page


OnSkip = Callable[[Path, str], None]  # told of each file a folder holds that is not read, and why


def list_files(paths: Iterable[str | Path], on_skip: OnSkip | None = None) -> Iterator[Path | SourceError]:
    """The files a run reads: folders recursively in sorted order (hidden and unsupported files skipped).

    ``on_skip(path, reason)`` hears of each file of a folder left out for its type (hidden ones aside).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.suffix.lower() not in SUPPORTED:
                    if on_skip is not None:
                        on_skip(child, unsupported(child))
                    continue
                yield child
        elif path.is_file():
            yield path
        else:
            yield SourceError(str(path), "no such file or folder")


def unsupported(path: Path) -> str:
    """Why a file is not read: its type, and for a feed saved to disk, how feeds are read."""
    suffix = path.suffix.lower()
    reason = f"unsupported file type {suffix or '(none)'!r} (use {', '.join(sorted(SUPPORTED))})"
    if suffix in FEED_SUFFIXES:
        reason += "; a feed is read from its URL: --feed URL, or feed = in sources.toml"
    return reason


def read_paths(paths: Iterable[str | Path], defer_html: bool = False,
               on_skip: OnSkip | None = None) -> Iterator[Item]:
    """Articles from files and folders (folders recursively, in sorted order; hidden files skipped).

    Parameters
    ----------
    paths : iterable of str or Path
        Files (.txt .md .json .jsonl .html) and folders.
    defer_html : bool
        HTML files come out as :class:`Page` for the caller to parse (in a worker).
    on_skip : callable, optional
        Told of each file skipped, as for :func:`list_files`.

    Yields
    ------
    Article or Page or SourceError
        An unreadable file is yielded as its SourceError (with the reason), so a batch goes on.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "call.txt").write_text("published: 2025-03-28\\nCarney calls Trump\\n\\nThey spoke by phone.\\n")
    >>> [(a.title, a.published) for a in read_paths([folder])]
    [('Carney calls Trump', '2025-03-28')]
    """
    for entry in list_files(paths, on_skip):
        if isinstance(entry, SourceError):
            yield entry
        else:
            yield from read_file(entry, defer_html=defer_html)


def read_file(path: Path, defer_html: bool = False) -> Iterator[Item]:
    """Articles in one file, by its suffix (HTML as a :class:`Page` when ``defer_html``).

    Parameters
    ----------
    path : Path
        A .txt, .md, .json, .jsonl or .html file.
    defer_html : bool
        Yield an HTML file as a :class:`Page` to parse later.

    Yields
    ------
    Article or Page or SourceError

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = path.write_text('{"title": "A call", "published": "2025-03-28", "text": "They spoke."}\\n')
    >>> [a.title for a in read_file(path)]
    ['A call']
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield SourceError(str(path), unsupported(path))
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield SourceError(str(path), f"file too large ({size:,} bytes, limit {MAX_FILE_BYTES:,})")
            return
        data = path.read_bytes()
    except OSError as e:
        yield SourceError(str(path), f"cannot read: {e.strerror or e}")
        return
    text = _decode(data)
    if isinstance(text, str) and not text.strip():
        yield SourceError(str(path), "empty file")
        return
    if isinstance(text, SourceError):
        yield SourceError(str(path), text.reason)
        return
    origin = str(path.resolve())
    if suffix in TEXT_SUFFIXES:
        yield _guard(str(path), lambda: parse_text(text, origin=origin))
    elif suffix in HTML_SUFFIXES and defer_html:
        yield Page(html=text, origin=origin)
    elif suffix in HTML_SUFFIXES:
        yield _guard(str(path), lambda: parse_html(text, origin=origin))
    elif suffix == ".json":
        yield from _read_json(path, text, origin)
    else:
        yield from read_jsonl_text(text, str(path), origin)


def _decode(data: bytes) -> str | SourceError:
    if b"\x00" in data[:8192]:
        return SourceError("", "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return SourceError("", f"not valid UTF-8 (bad byte at offset {e.start})")


def _guard(source: str, make) -> Item:  # noqa: ANN001 - a zero-argument factory
    try:
        return make()
    except ArticleError as e:
        return SourceError(source, str(e))


def checked_url(value: str | None) -> str | None:
    """An article's URL as its file gives it, or None; raises ArticleError for one that is not a usable http(s)
    URL ("http://[::1", "javascript:..."): it names the article and becomes a link on the dashboard.

    >>> checked_url(" https://example.org/a "), checked_url("")
    ('https://example.org/a', None)
    """
    url = (value or "").strip()
    if not url:
        return None
    problem = url_problem(url)
    if problem:
        raise ArticleError(f"url {url[:100]!r}: {problem}")
    return url


def parse_text(text: str, origin: str = "") -> Article:
    """An article from plain text or Markdown: header lines, title line, then the body.

    Parameters
    ----------
    text : str
        The file's text: optional ``published:``, ``url:``, ``source:``, ``id:`` header lines, the title line
        (``# Title`` in Markdown), a blank line, the body.
    origin : str
        Where it was read from, for error reports.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        For a text with no body or an implausible date.

    Examples
    --------
    >>> a = parse_text("published: 2025-03-28\\nTrump and Carney speak\\n\\nThe two leaders spoke.")
    >>> a.title, a.published
    ('Trump and Carney speak', '2025-03-28')
    """
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    title = None
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        m = _HEADER.match(line)
        if not line and title is None:
            i += 1
            continue
        if m and not (title is not None and m.group(1).lower() == "title"):
            key = m.group(1).lower()
            meta["published" if key == "date" else key] = m.group(2)
            i += 1
            continue
        if title is None and "title" not in meta:
            title = line.lstrip("#").strip()
            i += 1
            continue
        break
    body = "\n".join(lines[i:]).strip()
    return Article(title=meta.get("title") or title or "", text=body, id=meta.get("id"),
                   url=checked_url(meta.get("url")), source=meta.get("source"), published=meta.get("published"),
                   origin=origin)


def parse_html(html: str, origin: str = "", url: str | None = None) -> Article:
    """An article from an HTML page: main text and metadata (title, date, site name, URL) by trafilatura.

    Parameters
    ----------
    html : str
        The page.
    origin : str
        Where it was read from, for error reports.
    url : str, optional
        The page's URL, when the page does not name it.

    Returns
    -------
    Article

    Examples
    --------
    >>> page = ("<html><head><title>Carney calls Trump</title>"
    ...         "<meta property='og:site_name' content='Example Wire'></head><body><article>"
    ...         "<h1>Carney calls Trump</h1><p>Published 28 March 2025</p><p>Prime Minister Mark Carney spoke "
    ...         "with President Donald Trump by phone on Friday, the two leaders said.</p></article></body></html>")
    >>> a = parse_html(page, url="https://example.org/call")
    >>> a.title, a.source, a.published
    ('Carney calls Trump', 'Example Wire', '2025-03-28')
    """
    doc = _extract_html(html, url)
    canonical = doc.url if doc.url and url_problem(doc.url) is None else None  # a broken <link> names nothing
    return Article(title=doc.title or "", text=doc.text, url=url or canonical, source=doc.sitename,
                   published=doc.date, origin=origin)


def _extract_html(html: str, url: str | None):  # noqa: ANN202 - trafilatura's Document
    try:
        import trafilatura  # imported here: it costs ~0.5 s and most runs read no HTML
    except ImportError as e:  # a broken install costs the HTML files, never the rest of the batch
        raise ArticleError(f"cannot read HTML: {e} (reinstall with `pip install -e .`)") from None

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as e:  # noqa: BLE001 - malformed markup can raise from lxml deep inside trafilatura
        raise ArticleError(f"unparseable HTML ({type(e).__name__}: {e})") from None
    if doc is None or not getattr(doc, "text", None) or not _WORD.search(doc.text):
        raise ArticleError("no article text found in the HTML")
    return doc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(body: bytes, charset: str | None = None) -> str:
    """Text of an HTML response: the HTTP charset, else a ``<meta charset>``, else UTF-8.

    Raises ArticleError for binary data and for bytes invalid in the declared (or default) encoding.
    """
    if not body.strip():
        raise ArticleError("empty page")
    if b"\x00" in body[:8192] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("binary content (contains NUL bytes)")
    if charset is None:
        m = _META_CHARSET.search(body[:4096])
        charset = m.group(1).decode("ascii").lower() if m else None
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except LookupError:
        codec = "utf-8"
    if codec == "utf-8":
        codec = "utf-8-sig"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as e:
        raise ArticleError(f"not valid {charset or 'UTF-8'} (bad byte at offset {e.start})") from None


def article_from_dict(obj: object, origin: str = "") -> Article:
    """An article from a JSON object.

    Parameters
    ----------
    obj : object
        ``{id?, url?, title, source?, published, text}``.
    origin : str
        Where it was read from, for error reports.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        For an object that is no article (no text, a bad date...).

    Examples
    --------
    >>> a = article_from_dict({"id": "a1", "title": "Carney calls Trump", "published": "2025-03-28",
    ...                        "text": "Mark Carney spoke with Donald Trump by phone on Friday."})
    >>> a.key, a.published
    ('id:a1', '2025-03-28')
    """
    if not isinstance(obj, dict):
        raise ArticleError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ArticleError("missing or non-string 'text' field")
    fields = {k: obj.get(k) for k in _ARTICLE_FIELDS - {"text"}}
    for k, v in fields.items():
        if v is not None and not isinstance(v, str | int | float):
            raise ArticleError(f"field {k!r} must be a string")
    url = checked_url(None if fields["url"] is None else str(fields["url"]))
    return Article(text=text, title=str(fields["title"] or ""), id=fields["id"], url=url,
                   source=fields["source"], published=fields["published"], origin=origin)


def _read_json(path: Path, text: str, origin: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield SourceError(str(path), f"malformed JSON at line {e.lineno} column {e.colno}: {e.msg}")
        return
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items, 1):
        where = f"{path}[{n}]" if isinstance(data, list) else str(path)
        yield _guard(where, lambda obj=obj, n=n: article_from_dict(obj, origin=f"{origin}#{n}"))


def read_jsonl_text(text: str, source: str, origin: str = "") -> Iterator[Item]:
    """Articles from JSON Lines text; a malformed line is reported as ``source:LINE`` and skipped."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield SourceError(f"{source}:{n}", f"malformed JSON: {e.msg} (column {e.colno})")
            continue
        yield _guard(f"{source}:{n}", lambda obj=obj, n=n: article_from_dict(obj, origin=f"{origin}:{n}"))
