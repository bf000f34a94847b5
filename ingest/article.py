"""The Article record every reader produces, and its normalisation."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from graph.errors import UsageError
from ingest.markup import html_to_text, looks_like_markup
from ingest.page import published_on_page

MAX_TEXT_CHARS = 1_000_000  # spaCy's nlp.max_length: a longer text would fail inside it (E088)
_EARLIEST = dt.date(1900, 1, 1)
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


class ArticleError(UsageError):
    """An article is unusable; the message says why (shown to the user with the source)."""


@dataclass
class Article:
    """One news article, normalised.

    ``published`` is kept as written (ISO 8601) and ``published_date`` is its calendar date in the
    article's own time zone: the anchor for relative dates ("on Friday", "last week").

    Parameters
    ----------
    title : str
        The headline (the text's first line when empty).
    text : str
        The body.
    id, url, source : str, optional
        The article's id, URL and outlet.
    published : str, optional
        When it was published; when missing, a date is looked for on the page (dateline, "Published" line, URL).
    origin : str
        Where it was read from (file, file:line, URL): for error reports, and its key when it has no URL or id.

    Raises
    ------
    ArticleError
        For an empty text, a text over the size limit, or an unreadable or implausible date.

    Examples
    --------
    >>> a = Article(title="Carney calls Trump", text="  They spoke  by phone.", published="2025-03-28T08:15:00-04:00")
    >>> a.text, a.published_date, a.key.startswith("hash:")
    ('They spoke by phone.', datetime.date(2025, 3, 28), True)
    """

    title: str
    text: str
    id: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    origin: str = ""  # where it was read from (file, file:line, URL): for error reports and identity
    # where ``published`` came from: metadata (the file's, feed item's or page's own) | dateline | text | url (found
    # on the page by ingest.page) | feed | fetch-time | unknown
    published_from: str = "metadata"
    published_date: dt.date | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.title = normalise_text(self.title or "").strip()
        text = self.text or ""
        self.text = normalise_text(html_to_text(text) if looks_like_markup(text) else text).strip()
        self.url = (self.url or "").strip() or None
        self.source = (self.source or "").strip() or None
        self.id = str(self.id).strip() if self.id not in (None, "") else None
        if not self.text:
            raise ArticleError("empty article (no text)")
        if len(self.text) > MAX_TEXT_CHARS:
            raise ArticleError(f"text too long ({len(self.text):,} characters, limit {MAX_TEXT_CHARS:,})")
        if not self.title:
            self.title = self.text.split("\n", 1)[0][:200]
        self.published, self.published_date = parse_published(self.published)
        if self.published is None:
            found = published_on_page(self.text, self.url)
            if found is not None:
                try:
                    self.published, self.published_date = parse_published(found[0])
                    self.published_from = found[1]
                except ArticleError:
                    self.published = None  # a page's date far in the future: as good as none
        if self.published is None:
            self.published_from = "unknown"

    @property
    def key(self) -> str:
        """What identifies the article across re-ingests: its URL, else its id, else where it came from,
        else its content. An edited file keeps its key, so its graph is replaced, not duplicated."""
        if self.url:
            return "url:" + self.url
        if self.id:
            return "id:" + self.id
        if self.origin:
            return "origin:" + self.origin
        return "hash:" + self.content_hash

    @property
    def content_hash(self) -> str:
        """SHA-256 over everything extraction reads: unchanged articles are skipped by it."""
        h = hashlib.sha256()
        for part in (self.title, self.text, self.published or "", self.url or "", self.source or "",
                     self.id or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()


def normalise_text(text: str) -> str:
    """NFC, unified line ends and spaces, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = _WS.sub(" ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def parse_published(value: object) -> tuple[str | None, dt.date | None]:
    """(ISO string, local calendar date) of a publication date, or (None, None) when absent.

    Raises ArticleError for dates that cannot be parsed or are implausible (before 1900, or more
    than two days in the future: a typo like the year 3000 must not anchor relative dates).
    """
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        parsed: dt.datetime | dt.date = value
    elif isinstance(value, dt.date):
        parsed = value
    else:
        s = str(value).strip()
        try:
            parsed = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
            if len(s) == 10:
                parsed = parsed.date()
        except ValueError:
            import dateparser  # only for the rare non-ISO date: importing it costs ~0.3 s

            found = dateparser.parse(s, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
            if found is None:
                raise ArticleError(f"unreadable publication date {s!r}") from None
            parsed = found
    day = parsed.date() if isinstance(parsed, dt.datetime) else parsed
    if day < _EARLIEST or day > dt.date.today() + dt.timedelta(days=2):
        raise ArticleError(f"implausible publication date {day.isoformat()}")
    return parsed.isoformat(), day
