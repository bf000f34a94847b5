"""A page's zones and the publication date its own text gives.

Real pages are not clean articles: around the story sit a headline, a dateline, a byline, photo captions,
video labels, links to other stories, live-blog time stamps and site chrome (breadcrumbs, newsletter and
app prompts). Extraction reads the headline and the body; captions support what the body tells, and tell a
meeting or call alone only when the body does not and the picture is no archive one (ingest.events);
everything else is never read for events. The
cues are data (``ingest/lexicon/page.toml``); this module only applies them, line by line.

>>> text = "Leaders speak by phone\\nBy Ann Writer\\nPublished 28 Mar 2025\\nOTTAWA (Wire) - The two spoke.\\n" \\
...        "Also read | Another story"
>>> [(z.kind, text[z.start:z.end]) for z in zones(text)]   # doctest: +NORMALIZE_WHITESPACE
[('headline', 'Leaders speak by phone'), ('byline', 'By Ann Writer'), ('stamp', 'Published 28 Mar 2025'),
 ('dateline', 'OTTAWA (Wire) - '), ('body', 'The two spoke.'), ('link', 'Also read | Another story')]
>>> published_on_page(text, None)
('2025-03-28', 'text')
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EXTRACTED", "SUPPORT", "Zone", "archive_caption", "kept", "published_on_page", "zones", "zone_at"]

LEXICON = Path(__file__).resolve().parent / "lexicon" / "page.toml"
EXTRACTED = frozenset({"headline", "body"})
SUPPORT = frozenset({"caption"})
_SHORT_WORDS = 14  # a line this short, with no sentence end, is a label rather than a paragraph

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# A full date, with its year: what a page's date line, stamp or dateline can tell.
_FULL_DATE = re.compile(
    rf"\b(?:(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\s*,?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d"
    r"|\d{1,2}[./]\d{1,2}[./](?:(?:19|20)\d\d|\d\d))\b", re.IGNORECASE)
# "WASHINGTON, March 28 (Reuters) -", "MEXICO CITY —", "Gyeongju, South Korea, Oct. 31 (Jiji Press)–",
# "BRUSSELS (Reuters) -": a place in capitals or a place with a wire in brackets, then a dash or a colon.
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z.'\- ]{2,40}|[A-Z][\w.'\- ]{2,40}?)(?:,\s*[A-Z][\w.' ]{1,30}?)?"
    rf"(?:(?:,|\s+[–—])\s*(?:{_MONTH})\s+\d{{1,2}}(?:,\s*(?:19|20)\d\d)?)?"
    r"(?:\s*\([^()\n]{2,40}\))?\s*(?:--?|—|–|:)\s*)(?=\S)")
# a wire in brackets, a place in capitals, or a full date just before the dash ("China News, Beijing – March 11,
# 2025 :")
_WIRE_DATELINE_NEEDS = re.compile(r"\(|^[A-Z][A-Z.'\- ]{2,40}\b|(?:19|20)\d\d\s*(?:--?|—|–|:)\s*$")
_TIME = re.compile(r"^(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?(?:\s+on\s+\w+,?\s+\w+\s+\d{1,2})?"
                   r"|\d+\s*(?:h|hr|hrs|min|mins|m)\s+ago|(?:updated\s+)?\d+\s+(?:hours?|minutes?)\s+ago)$",
                   re.IGNORECASE)
_LEADING_DATE_TOKEN = re.compile(r"^\s*date\s+((?:19|20)\d\d-\d\d-\d\d)\s+")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(\d\d)[/-]?(\d\d)(?:/|[^\d]|$)")
# The signature an embedded social post keeps in a page's text: "— Ann Writer (@annwriter) December 7, 2023"
_POST_SIGNATURE = re.compile(rf"\(@\w{{1,30}}\)\s*((?:{_MONTH})\s+\d{{1,2}},\s+(?:19|20)\d\d)")


@dataclass(frozen=True)
class Zone:
    """A stretch of the page's text (character offsets) and what it is."""

    kind: str  # headline | dateline | byline | stamp | body | caption | video | link | boilerplate
    start: int
    end: int
    day: dt.date | None = None  # a live-blog entry: the day its own stamp gives


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, tuple[str, ...]]]:
    data = tomllib.loads(LEXICON.read_text(encoding="utf-8"))
    return {kind: {k: tuple(v) for k, v in table.items()} for kind, table in data.items()}


def _matches(kind: str, line: str, short: bool) -> bool:
    cue = _cues().get(kind, {})
    return (line in cue.get("lines", ()) or line.startswith(cue.get("starts", ()))
            or (short and any(c in line for c in cue.get("contains", ()))))


def archive_caption(text: str) -> bool:
    """A caption of an archive picture ("File photo: ..."): it illustrates, it does not report.

    >>> archive_caption("Photo: Trudeau and Biden in Ottawa (File photo / Reuters)"), archive_caption("Photo: talks")
    (True, False)
    """
    low = text.lower()
    return any(c in low for c in _cues()["caption"].get("archive", ()))


def _sentence_end(line: str) -> bool:
    return line.rstrip("\"'”’)").endswith((".", "!", "?", ":"))


def _breadcrumb(line: str) -> bool:
    parts = re.split(r"\s+(?:>|›|»|\||/)\s+", line)
    return len(parts) >= 2 and all(0 < len(p.split()) <= 4 for p in parts) and not _sentence_end(line)


def _label(line: str) -> str | None:
    """The furniture kind of one line, or None for text (headline or body)."""
    low = line.lower().lstrip(" -•*>#|▶►")
    words = line.split()
    short = len(words) <= _SHORT_WORDS and not _sentence_end(line)
    for kind in ("link", "video", "boilerplate"):
        if _matches(kind, low, short or len(words) <= 6):
            return kind
    if _matches("caption", low, len(words) <= 60):
        return "caption"
    if len(words) <= 12 and _matches("byline", low, short) and not _sentence_end(line) \
            and not re.search(r"[\d%:;]", line):
        return "byline"
    if len(words) <= 12 and (_matches("stamp", low, short) or _TIME.match(line.strip())
                             or (_FULL_DATE.search(line) and len(_FULL_DATE.sub("", line).split()) <= 4)):
        return "stamp"
    if _breadcrumb(line) or re.fullmatch(r"[\W\d_]*", line) or (len(words) == 1 and not _sentence_end(line)):
        return "boilerplate"
    if re.search(r"\s[-–—]\s+(?:" + _MONTH + r")\s+\d{1,2},\s+\d{4}\s*$", line) and short:
        return "video"  # "Leader backs deal in talks - Aug 6, 2025": a video's label and its date
    return None


def zones(text: str) -> list[Zone]:
    """The zones of ``text``, in order; blank lines belong to none."""
    out: list[Zone] = []
    seen_text = False
    stamp_day: dt.date | None = None
    live = sum(1 for line in text.split("\n") if _TIME.match(line.strip())) >= 2  # a live blog's entries
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        lead = len(raw) - len(raw.lstrip())
        start += lead
        line = raw.strip()
        if not line:
            continue
        if m := _LEADING_DATE_TOKEN.match(raw):  # " date 2025-09-26 Text..." a date line run into the text
            out.append(Zone("stamp", start, pos - len(raw) - 1 + m.end() - 1))
            start = pos - len(raw) - 1 + m.end()
            line = text[start:end].strip()
            if not line:
                continue
        kind = None if _dateline(line) and len(line.split()) > _SHORT_WORDS else _label(line)
        if kind == "stamp" and live:
            stamp_day = _full_date(line) or stamp_day
        if kind is not None:
            out.append(Zone(kind, start, end))
            continue
        dateline = _dateline(line)
        if not seen_text and dateline is None and len(line.split()) <= 25 and (
                not _sentence_end(line) or line.endswith("?")):
            out.append(Zone("headline", start, end))
            seen_text = True
            continue
        seen_text = True
        if dateline is not None:
            out.append(Zone("dateline", start, start + dateline.end()))
            start += dateline.end()
        out.append(Zone("body", start, end, stamp_day if live else None))
    return out


def _dateline(line: str) -> re.Match | None:
    m = _DATELINE.match(line)
    return m if m and _WIRE_DATELINE_NEEDS.search(m.group(0)) and len(m.group(0)) < 70 else None


def zone_at(found: list[Zone], offset: int) -> Zone | None:
    """The zone holding character ``offset``."""
    for z in found:
        if z.start <= offset < z.end:
            return z
    return None


def kept(text: str, found: list[Zone], keep: frozenset[str] = EXTRACTED | SUPPORT) -> tuple[str, list[Zone]]:
    """The text of the zones in ``keep`` alone, their line breaks kept, and those zones with offsets into it.

    >>> page = "WASHINGTON (Wire) - They met.\\nAlso read: more"
    >>> kept(page, zones(page))
    ('They met.', [Zone(kind='body', start=0, end=9, day=None)])
    """
    parts: list[str] = []
    out: list[Zone] = []
    size = 0
    last_end: int | None = None
    for z in found:
        if z.kind not in keep:
            continue
        if last_end is not None:
            breaks = min(2, text.count("\n", last_end, z.start))
            gap = "\n" * breaks if breaks else " "
            parts.append(gap)
            size += len(gap)
        parts.append(text[z.start:z.end])
        out.append(Zone(z.kind, size, size + z.end - z.start, z.day))
        size += z.end - z.start
        last_end = z.end
    return "".join(parts), out


def _full_date(text: str) -> dt.date | None:
    m = _FULL_DATE.search(text)
    if m is None:
        return None
    found = m.group(0)
    if n := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{2,4})", found):
        a, b, y = int(n[1]), int(n[2]), int(n[3])
        y += 2000 if y < 100 else 0
        # "10/27/2025" is American; "17.02.25" and "27/10/2025" put the day first
        day, month = (b, a) if "/" in found and a <= 12 < b else (a, b)
        try:
            return dt.date(y, month, day)
        except ValueError:
            return None
    from ingest.dates import resolve

    when = resolve(found, None)
    return when.date if when is not None and when.precision == "day" else None


def published_on_page(text: str, url: str | None) -> tuple[str, str] | None:
    """(ISO day, source) of the publication date a page tells when its metadata does not: a dateline with its
    year ("WASHINGTON, March 28, 2025 (Reuters) -"), a "Published ..." or "Updated ..." line or a date line at the
    top ("text"), else a date in the URL ("url"), else the day of the latest social post it embeds ("post": a
    page is written after the posts it quotes, most often on their day). None when it tells none (never today's
    date).

    >>> published_on_page("Xi met Michel.\\nWe agreed. — Ann Writer (@annwriter) December 7, 2023\\nMore.", None)
    ('2023-12-07', 'post')
    """
    head = zones(text[:3000])[:12]
    candidates: list[tuple[int, dt.date, str]] = []
    for z in head:
        part = text[z.start:z.end]
        if z.kind == "dateline" and (day := _full_date(part)):
            candidates.append((0, day, "dateline"))
        elif z.kind == "stamp" and (day := _full_date(part) or _iso_token(part)):
            rank = 1 if part.lower().lstrip().startswith(("published", "posted", "first published", "date")) else 2
            candidates.append((rank, day, "text"))
    if candidates:
        _, day, source = min(candidates, key=lambda c: c[0])
        return day.isoformat(), source
    if url and (m := _URL_DATE.search(url)):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "url"
        except ValueError:
            return None
    posts = [day for m in _POST_SIGNATURE.finditer(text) if (day := _full_date(m[1])) is not None]
    if posts:
        return max(posts).isoformat(), "post"
    return None


def _iso_token(part: str) -> dt.date | None:
    m = re.search(r"(?:19|20)\d\d-\d\d-\d\d", part)
    try:
        return dt.date.fromisoformat(m.group(0)) if m else None
    except ValueError:
        return None
