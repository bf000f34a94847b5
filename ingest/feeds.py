"""Where a batch run reads from: the sources.toml format, URL lists, RSS/Atom/JSON feeds, and the
conditional-GET state kept beside the store.

sources.toml (relative paths are relative to the file itself, so cron can run from anywhere)::

    [http]                          # optional; every key optional
    timeout = 30                    # seconds for one whole request
    max_bytes = 10_000_000          # larger responses are refused
    retries = 2                     # extra attempts after a timeout, a 429 or a 5xx
    user_agent = "diplomatic-kg/0.1 (research group X; mailto:you@example.org)"
    recheck_hours = 24              # pages from URL lists already stored are re-fetched at most this often

    [[source]]
    path = "articles/"              # a folder (read recursively) or one file

    [[source]]
    feed = "https://example.org/world/rss.xml"
    outlet = "Example News"         # optional, any source: the outlet named on its articles

    [[source]]
    urls = "reading-list.txt"       # a file with one URL per line ('#' starts a comment)

    [[source]]
    url = "https://example.org/2025/03/28/call.html"

The state file (``feeds.json`` in the store folder) only saves work: losing it costs a refetch,
never a duplicate, because articles are deduplicated by their IRI and content hash in the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import tomllib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from graph.errors import UsageError
from ingest.fetch import HttpConfig, url_problem
from ingest.sources import SourceError

SOURCE_KINDS = ("path", "feed", "urls", "url")
_INT_KEYS = {"max_bytes", "retries", "max_redirects", "concurrency"}
STATE_VERSION = 1


@dataclass(frozen=True)
class SourceSpec:
    """One entry of a run: a file or folder (``path``), a feed, a URL list file (``urls``), or a page (``url``).

    Parameters
    ----------
    kind : {"path", "feed", "urls", "url"}
        What ``target`` is.
    target : str
        A path or a URL.
    outlet : str, optional
        The outlet to record for its articles when a page does not name it.

    Examples
    --------
    >>> str(SourceSpec("feed", "https://example.org/rss.xml", outlet="Example Wire"))
    'feed https://example.org/rss.xml'
    """

    kind: str
    target: str
    outlet: str | None = None

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"


@dataclass
class SourcesConfig:
    """What ``dkg ingest --sources FILE`` reads."""

    sources: list[SourceSpec] = field(default_factory=list)
    http: HttpConfig = field(default_factory=HttpConfig)
    recheck_hours: float = 24.0


def load_sources(path: str | Path) -> SourcesConfig:
    """Read a sources.toml file; raises ValueError naming the file and the problem.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('[[source]]\\nfeed = "https://example.org/rss"\\n')
    >>> load_sources(p).sources
    [SourceSpec(kind='feed', target='https://example.org/rss', outlet=None)]
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"sources file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read sources file {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None
    unknown = set(data) - {"http", "source"}
    if unknown:
        raise UsageError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))} "
                         f"(expected [http] and [[source]] tables)")
    config = SourcesConfig(http=_http_config(data.get("http", {}), path))
    recheck = data.get("http", {}).get("recheck_hours", 24.0)
    if not isinstance(recheck, int | float) or recheck < 0:
        raise UsageError(f"{path}: http.recheck_hours must be a number >= 0")
    config.recheck_hours = float(recheck)
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise UsageError(f"{path}: 'source' must be an array of tables ([[source]])")
    for n, raw in enumerate(raw_sources, 1):
        config.sources.append(_source_spec(raw, n, path))
    if not config.sources:
        raise UsageError(f"{path}: no [[source]] entries")
    return config


def _http_config(raw: Any, path: Path) -> HttpConfig:
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: [http] must be a table")
    allowed = {f.name for f in fields(HttpConfig)}
    unknown = set(raw) - allowed - {"recheck_hours"}
    if unknown:
        raise UsageError(f"{path}: unknown [http] key(s) {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(allowed | {'recheck_hours'}))})")
    values = {k: v for k, v in raw.items() if k != "recheck_hours"}
    for k, v in values.items():
        kind = "string" if k == "user_agent" else "whole number" if k in _INT_KEYS else "number"
        expected = {"string": str, "whole number": int, "number": int | float}[kind]
        if isinstance(v, bool) or not isinstance(v, expected):
            raise UsageError(f"{path}: http.{k} must be a {kind}")
    try:
        return HttpConfig(**values)
    except ValueError as e:
        raise UsageError(f"{path}: {e}") from None


def _source_spec(raw: Any, n: int, path: Path) -> SourceSpec:
    where = f"{path}: [[source]] #{n}"
    if not isinstance(raw, dict):
        raise UsageError(f"{where} must be a table")
    kinds = [k for k in SOURCE_KINDS if k in raw]
    unknown = set(raw) - set(SOURCE_KINDS) - {"outlet"}
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
                         f"(use one of {', '.join(SOURCE_KINDS)}, and optionally outlet)")
    if len(kinds) != 1:
        raise UsageError(f"{where}: needs exactly one of {', '.join(SOURCE_KINDS)}")
    kind = kinds[0]
    target = raw[kind]
    if not isinstance(target, str) or not target.strip():
        raise UsageError(f"{where}: {kind} must be a non-empty string")
    outlet = raw.get("outlet")
    if outlet is not None and not isinstance(outlet, str):
        raise UsageError(f"{where}: outlet must be a string")
    target = target.strip()
    if kind in ("feed", "url"):
        if not target.startswith(("http://", "https://")):
            raise UsageError(f"{where}: {kind} must be an http(s) URL, got {target!r}")
    else:
        target = str((path.parent / Path(target).expanduser()).resolve())
    return SourceSpec(kind, target, outlet)


def read_url_list(path: str | Path) -> Iterator[str | SourceError]:
    """URLs in a list file, one per line (blank lines and ``#`` comments skipped); bad lines as errors."""
    path = Path(path)
    try:
        if path.stat().st_size > 20 * 1024 * 1024:
            yield SourceError(str(path), "URL list too large (over 20 MB)")
            return
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        yield SourceError(str(path), "no such file")
        return
    except OSError as e:
        yield SourceError(str(path), f"cannot read: {e.strerror or e}")
        return
    except UnicodeDecodeError as e:
        yield SourceError(str(path), f"not valid UTF-8 (bad byte at offset {e.start})")
        return
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        url = url.split(" #", 1)[0].split("\t#", 1)[0].strip()  # a trailing comment; '#' inside a URL stays
        problem = url_problem(url)
        if problem:  # "http://[::1" too: that line's failure, never the end of the run
            yield SourceError(f"{path}:{n}", f"{problem}: {url[:100]!r}")
            continue
        if url not in seen:
            seen.add(url)
            yield url


# -- feeds ---------------------------------------------------------------------------------------------
class FeedError(UsageError):
    """A feed document that cannot be used at all (the reason is shown with the feed's URL)."""


@dataclass
class FeedEntry:
    """One item of a feed: where its article is (``link``), or its inline content when there is no link."""

    link: str | None
    entry_id: str | None
    title: str
    published: str | None  # ISO 8601, converted from RFC 822 where needed; None when the entry has none
    content_html: str | None
    fingerprint: str  # changes when the publisher changes the entry (title, dates, summary)
    problem: str | None = None  # why its link cannot be fetched ("ftp:", "javascript:"), or why it is rejected

    @property
    def label(self) -> str:
        """How a report names the entry: its title, else its id, else its link."""
        return repr((self.title or self.entry_id or self.link or self.fingerprint)[:100])

    @property
    def key(self) -> str:
        return self.link or self.entry_id or self.fingerprint


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]  # those that can become articles (by their link, else their content)
    warning: str | None = None  # a problem feedparser recovered from
    rejected: list[FeedEntry] = field(default_factory=list)  # neither a usable link nor content: ``problem`` says


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Entries of an RSS, Atom or JSON Feed document; raises FeedError when it is not a usable feed."""
    if not data.strip():
        raise FeedError("empty feed")
    head = data.lstrip()[:1]
    if "json" in content_type or head in (b"{", b"["):
        return _parse_json_feed(data)
    try:
        import feedparser  # imported here: it costs ~0.2 s and file-only runs never need it
    except ImportError as e:  # a broken install costs this feed, never the rest of the run
        raise FeedError(f"cannot read feeds: {e} (reinstall with `pip install -e .`)") from None

    parsed = feedparser.parse(data, response_headers={"content-location": url,
                                                      "content-type": content_type or "application/xml"})
    problem = parsed.get("bozo_exception")
    with warnings.catch_warnings():  # feedparser warns about its own updated/published fallback
        warnings.simplefilter("ignore", DeprecationWarning)
        every = [_entry(item) for item in parsed.entries]
    entries, rejected = _split_usable(every)
    if not parsed.get("version"):
        raise FeedError("not an RSS, Atom or JSON feed" + (f" ({_first_line(problem)})" if problem else ""))
    if problem is not None and not entries:
        raise FeedError(f"malformed feed: {_first_line(problem)}")
    title = parsed.feed.get("title") or None
    return ParsedFeed(title=title, entries=entries, rejected=rejected,
                      warning=f"recovered from: {_first_line(problem)}" if problem is not None else None)


def _split_usable(entries: list[FeedEntry]) -> tuple[list[FeedEntry], list[FeedEntry]]:
    """(entries that can become articles, entries with neither a usable link nor content)."""
    usable = [e for e in entries if e.link or e.content_html]
    return usable, [e for e in entries if not (e.link or e.content_html)]


def _link_problem(link: object) -> str | None:
    """Why a feed item's link cannot be fetched (None when it can, or when there is none)."""
    if not link:
        return None
    if not isinstance(link, str):
        return f"its link is not text ({type(link).__name__})"
    problem = url_problem(link)
    return f"its link {link[:100]!r} is {problem}" if problem else None


def _entry(item: Any) -> FeedEntry:
    """One feedparser item as an entry; one that cannot be used says why in ``problem``."""
    link = item.get("link") or None
    problem = _link_problem(link)
    if problem:  # "file:", "ftp:", "javascript:", "http://[::1": never fetched
        link = None
    content = None
    for block in item.get("content") or []:
        if block.get("value"):
            content = block["value"]
            break
    content = content or item.get("summary") or None
    if not link and not content:
        problem = f"{problem} and it has no content" if problem else "it has neither a link nor any content"
    raw_date = item.get("published") or item.get("updated")
    parsed_date = item.get("published_parsed") or item.get("updated_parsed")
    return FeedEntry(link=link, entry_id=item.get("id") or None, title=item.get("title") or "",
                     published=_entry_date(raw_date, parsed_date), content_html=content,
                     fingerprint=_fingerprint(item.get("id"), link, item.get("title"), item.get("updated"),
                                              item.get("published"), content),
                     problem=problem)


def _parse_json_feed(data: bytes) -> ParsedFeed:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise FeedError(f"JSON feed is not valid UTF-8 (bad byte at offset {e.start})") from None
    except json.JSONDecodeError as e:
        raise FeedError(f"malformed JSON feed at line {e.lineno} column {e.colno}: {e.msg}") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    every = []
    for n, item in enumerate(doc.get("items") or [], 1):
        if not isinstance(item, dict):
            every.append(FeedEntry(link=None, entry_id=f"item {n}", title="", published=None, content_html=None,
                                   fingerprint=_fingerprint(n, item), problem="it is not a JSON object"))
            continue
        raw_link = item.get("url") or item.get("external_url")
        problem = _link_problem(raw_link)
        link = raw_link if raw_link and not problem else None
        content = item.get("content_html") or item.get("content_text") or item.get("summary")
        if content and not item.get("content_html"):
            content = "<p>" + "</p><p>".join(_escape(p) for p in str(content).split("\n\n")) + "</p>"
        if not link and not content:
            problem = f"{problem} and it has no content" if problem else "it has neither a link nor any content"
        date = item.get("date_published") or item.get("date_modified")
        every.append(FeedEntry(link=link, entry_id=str(item.get("id") or "") or None,
                               title=str(item.get("title") or ""),
                               published=str(date) if date else None, content_html=content,
                               fingerprint=_fingerprint(item.get("id"), link, item.get("title"),
                                                        item.get("date_modified"), date, content),
                               problem=problem))
    entries, rejected = _split_usable(every)
    return ParsedFeed(title=doc.get("title") or None, entries=entries, rejected=rejected)


def _entry_date(raw: str | None, parsed: Any) -> str | None:
    """The entry's date as ISO 8601 keeping its own UTC offset (feedparser's parsed form is UTC only)."""
    if raw:
        raw = raw.strip()
        try:
            return parsedate_to_datetime(raw).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    if parsed:
        try:
            return dt.datetime(*parsed[:6], tzinfo=dt.UTC).isoformat()
        except (TypeError, ValueError):
            return None
    return raw or None  # unparseable: the Article reports it as an unreadable date


def _fingerprint(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _first_line(error: object) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


# -- state beside the store ---------------------------------------------------------------------------
@dataclass
class FetchState:
    """Conditional-GET validators per feed and per page, and the fingerprints of feed entries done.

    Kept in ``feeds.json`` beside the store, replaced atomically. Losing it costs a refetch only.
    """

    path: Path | None
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    warning: str | None = None

    @classmethod
    def load(cls, path: Path | None) -> FetchState:
        if path is None or not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
                raise ValueError("unknown layout")
            return cls(path, feeds=dict(data.get("feeds") or {}), pages=dict(data.get("pages") or {}))
        except (OSError, ValueError, UnicodeDecodeError) as e:
            return cls(path, warning=f"ignored unreadable fetch state {path} ({e}); feeds are fetched in full")

    def save(self) -> None:
        """Write the state atomically (a crash leaves the old file or the new one, never half of one)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"version": STATE_VERSION, "feeds": self.feeds, "pages": self.pages},
                          indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=".feeds-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
