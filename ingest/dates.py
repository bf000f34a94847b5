"""Date resolution: a date expression + the publication date + the sentence's tense -> a day or month.

Weekdays and relative words are computed here directly (they depend on tense, which dateparser does
not see); explicit calendar dates go to ``dateparser.parse(languages=['en'])`` with the publication
date as the base, one call per distinct expression (cached). dateparser's ``search_dates`` is never
used: finding expressions is the pipeline's job (ingest.nlp).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
COUNT = "|".join(NUMBERS) + r"|\d+"  # "two weeks", "3 days"


@dataclass(frozen=True)
class When:
    """A resolved date: ``precision`` is day, month, year or bounds (only after/before known)."""

    date: dt.date | None = None
    precision: str = "day"
    after: dt.date | None = None
    before: dt.date | None = None
    # True when no date expression of the event's own sentence gave it (the publication day, a day named earlier
    # in the paragraph): a mention of the same event that names its day is better evidence. Not part of equality.
    inferred: bool = field(default=False, compare=False)

    def gold(self) -> str | None:
        """``YYYY-MM-DD``, ``YYYY-MM`` or None, as in the gold format."""
        if self.date is None:
            return None
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        if self.precision == "year":
            return None
        return self.date.isoformat()

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """(earliest, latest) day the event can fall on."""
        if self.date is None:
            return self.after, self.before
        if self.precision == "month":
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=1), self.date.replace(day=last)
        if self.precision == "year":
            return self.date.replace(month=1, day=1), self.date.replace(month=12, day=31)
        return self.date, self.date


def _weekday(base: dt.date, target: int, direction: int, allow_same: bool = True) -> dt.date:
    delta = (target - base.weekday()) % 7
    if direction < 0:
        back = (base.weekday() - target) % 7
        if back == 0 and not allow_same:
            back = 7
        return base - dt.timedelta(days=back)
    if delta == 0 and not allow_same:
        delta = 7
    return base + dt.timedelta(days=delta)


def _month_nearest(base: dt.date, month: int, future: bool) -> dt.date:
    year = base.year
    if future and month < base.month:
        year += 1
    elif not future and month > base.month:
        year -= 1
    return dt.date(year, month, 1)


def _numeric_day(a: int, b: int, year: str | None) -> str | None:
    """ "27/7" (day first, as most of the world writes it), "10/31/25" (month first): the day in words, or None
    when the order cannot be told ("3/4/2025"). Without a year, a short form is read day first ("on 12/7")."""
    if a > 12 and 1 <= b <= 12:
        day, month = a, b
    elif b > 12 and 1 <= a <= 12:
        day, month = b, a
    elif year is None and 1 <= a <= 12 and 1 <= b <= 12:
        day, month = a, b
    else:
        return None
    if day > 31 or (year is None and (a, b) == (24, 7)):
        return None  # ("24/7": round the clock)
    full = "" if year is None else f" {int(year) + 2000 if len(year) == 2 else int(year)}"
    return f"{day} {calendar.month_name[month].lower()}{full}"


def resolve(expression: str, anchor: dt.date | None, future: bool = False, past: bool = False) -> When | None:
    """Resolve ``expression`` against the publication date ``anchor``.

    ``future`` is the sentence's tense: "on Friday" is the Friday before the anchor in a past-tense
    sentence and the next one in a future-tense sentence. ``past`` says the verb is certainly past ("they last
    spoke on Jan. 17"): a day without a year is then never after the publication date. Without an anchor only
    what names its year resolves: "on Friday" or "May 25" in a page of unknown date gives None, never a day
    counted from today.

    >>> resolve("on Friday", dt.date(2025, 3, 29)).date
    datetime.date(2025, 3, 28)
    >>> resolve("in April", dt.date(2025, 11, 12), future=True).gold()
    '2026-04'
    >>> resolve("May 25", None) is None, resolve("May 25, 2025", None).gold()
    (True, '2025-05-25')
    >>> resolve("June 5th", dt.date(2025, 6, 12)).gold(), resolve("1st August", dt.date(2025, 7, 1), True).gold()
    ('2025-06-05', '2025-08-01')
    >>> resolve("in 21 days", dt.date(2025, 3, 4)).gold()
    '2025-03-25'
    >>> resolve("at the end of October", dt.date(2025, 9, 20), future=True).gold()
    '2025-10'
    >>> resolve("on Monday, January 15", dt.date(2024, 2, 6)).gold()  # the day it names, not last Monday
    '2024-01-15'
    """
    text = " ".join(expression.lower().replace(",", " ").split())
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)  # "June 5th", "1st August"
    direction = 1 if future else -1
    if m := re.fullmatch(r"(on|since|from|until|by) (\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", text):
        numeric = _numeric_day(int(m[2]), int(m[3]), m[4])
        return resolve(f"{m[1]} {numeric}", anchor, future, past) if numeric else None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        try:
            return When(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    # "at the end of October": that month
    text = re.sub(r"^(?:at )?the (?:end|beginning|start|middle) of ", "in ", text)
    if m := re.fullmatch(r"(?:in|since|during|from|until|by) ((?:19|20)\d{2})", text):
        return When(dt.date(int(m[1]), 1, 1), precision="year")
    if m := re.fullmatch(r"(?:(?:in|by|until|from|since|during) )?(early|mid|late)[\s-]+((?:19|20)\d{2})", text):
        # "in early 2026": the half of the year it names (mid: its middle two quarters)
        year = int(m[2])
        first, last = {"early": ((1, 1), (6, 30)), "mid": ((4, 1), (9, 30)), "late": ((7, 1), (12, 31))}[m[1]]
        return When(None, "bounds", dt.date(year, *first), dt.date(year, *last))
    if anchor is None:
        lead = r"(?:(?:early|mid|late|in|since|until|by|from|of|during)[\s-]+)?"
        if m := re.fullmatch(lead + r"([a-z]+)\.? (\d{4})", text):
            month = MONTHS.get(m[1])
            return When(dt.date(int(m[2]), month, 1), "month") if month else None
        return _absolute(text) or _weekday_year(text)
    if text.startswith(("yesterday", "last night")):
        return When(anchor - dt.timedelta(days=1))
    if text.startswith(("today", "tonight", "earlier today", "this morning", "this afternoon", "this evening")) or \
            text in ("later in the day", "earlier in the day"):
        return When(anchor)
    if m := re.fullmatch(r"on the (\d{1,2})", text):
        # "on the 6th": that day of the news day's month, or of the month before (after, in a future sentence)
        return _day_of_month(anchor, int(m[1]), future)
    if text.startswith("tomorrow"):
        return When(anchor + dt.timedelta(days=1))
    if m := re.fullmatch(rf"within (?:the )?(?:next|coming) ({COUNT}) (day|week)s?", text):
        # "will be announced within the next two weeks": from now until then
        return When(None, "bounds", anchor, anchor + dt.timedelta(days=_count(m[1]) * (7 if m[2] == "week" else 1)))
    if m := re.fullmatch(rf"in ({COUNT}) (day|week)s?(?: ?['’] ?time)?", text):
        # "the levy expands in 21 days": counted from the news day
        return When(anchor + dt.timedelta(days=_count(m[1]) * (7 if m[2] == "week" else 1)))
    if m := re.fullmatch(rf"({COUNT}) (day|week|month)s? ago", text):
        n = _count(m[1])
        if m[2] == "month":  # "two months ago": that month
            month = anchor.month - n
            return When(dt.date(anchor.year + (month - 1) // 12, (month - 1) % 12 + 1, 1), "month")
        return When(anchor - dt.timedelta(days=n * (7 if m[2] == "week" else 1)))
    if m := re.fullmatch(r"(?:a week on (\w+day)|(?:on |this |next )?(\w+day) week)", text):
        # British "a week on Monday" / "Monday week": the Monday after next
        day = (m[1] or m[2])
        if day in WEEKDAYS:
            return When(_weekday(anchor, WEEKDAYS.index(day), 1, allow_same=False) + dt.timedelta(days=7))
    if m := re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", text):
        target = WEEKDAYS.index(m[1])
        # "Monday, January 15": the day it names, not the Monday nearest the news day
        explicit = _absolute(text[m.end():].strip(), anchor, future, past) if re.search(r"\d", text[m.end():]) else None
        if explicit is not None and explicit.date is not None and explicit.precision == "day" and \
                explicit.date.weekday() != target and not re.search(r"\d{4}", text):
            # "Wednesday, March 12" counted from a later day falls in the year whose March 12 is a Wednesday
            other = [d for y in (explicit.date.year - 1, explicit.date.year + 1) if _valid(explicit.date, y)
                     for d in [explicit.date.replace(year=y)] if d.weekday() == target]
            return When(other[0]) if other else explicit
        if explicit is not None:
            return explicit
        if "of last week" in text:
            monday_this_week = anchor - dt.timedelta(days=anchor.weekday())
            return When(monday_this_week - dt.timedelta(days=7 - target))
        if "of next week" in text:
            monday_next = anchor + dt.timedelta(days=7 - anchor.weekday())
            return When(monday_next + dt.timedelta(days=target))
        if text.startswith("last") or text.startswith("past"):
            return When(_weekday(anchor, target, -1, allow_same=False))
        if text.startswith(("next", "coming")):
            return When(_weekday(anchor, target, 1, allow_same=False))
        if text.startswith("this"):
            return When(_weekday(anchor, target, direction))
        return When(_weekday(anchor, target, direction))
    if text in ("last week",):
        start = anchor - dt.timedelta(days=anchor.weekday() + 7)
        return When(None, "bounds", start, start + dt.timedelta(days=6))
    if text in ("this week", "earlier this week", "later this week"):
        start = anchor - dt.timedelta(days=anchor.weekday())
        # "earlier this week": from its Monday to the news day; "later this week": from the news day on
        return When(None, "bounds", anchor if text.startswith("later") else start,
                    anchor if text.startswith("earlier") else start + dt.timedelta(days=6))
    if text in ("next week", "coming week"):
        start = anchor + dt.timedelta(days=7 - anchor.weekday())
        return When(None, "bounds", start, start + dt.timedelta(days=6))
    if text == "over the weekend":  # dated by its Saturday: the weekend just past, or the next one ahead
        return When(_weekday(anchor, 5, direction))
    if m := re.fullmatch(r"by the end of (the|this|next) (week|month)", text):
        if m[2] == "week":
            end = anchor + dt.timedelta(days=6 - anchor.weekday() + (7 if m[1] == "next" else 0))
        else:
            first = anchor.replace(day=1)
            if m[1] == "next":
                first = (first + dt.timedelta(days=32)).replace(day=1)
            end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return When(None, "bounds", anchor, end)  # from now until then
    if text == "last weekend":
        saturday = _weekday(anchor, 5, -1, allow_same=False)
        return When(saturday, "day")
    if text == "next weekend":
        return When(_weekday(anchor, 5, 1), "day")
    if text == "this weekend":  # "met this weekend" (told on Monday): the one just past; else the one ahead
        return When(_weekday(anchor, 5, -1 if past else 1), "day")
    if text in ("last month",):
        first = (anchor.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return When(first, "month")
    if text in ("this month", "earlier this month", "later this month"):
        return When(anchor.replace(day=1), "month")
    if text in ("next month", "coming month"):
        nxt = (anchor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return When(nxt, "month")
    if text in ("last year",):
        return When(dt.date(anchor.year - 1, 1, 1), "year")
    if text == "earlier this year":  # between New Year and the news day
        return When(None, "bounds", dt.date(anchor.year, 1, 1), anchor)
    if text == "later this year":
        return When(None, "bounds", anchor, dt.date(anchor.year, 12, 31))
    if text in ("this year", "next year"):
        return When(dt.date(anchor.year + (text == "next year"), 1, 1), "year")
    # A bare month ("in April", "late March") or month + year ("April 2025").
    if m := re.fullmatch(r"(?:(?:early|mid|late|in|since|until|by|from|of|during|this|last|next)[\s-]+)?"
                         r"([a-z]+)\.?(?: (\d{4}))?", text):
        month = MONTHS.get(m[1].rstrip("."))
        if month:
            if m[2]:
                return When(dt.date(int(m[2]), month, 1), "month")
            if text.startswith("last "):  # "last May" told in May 2025 is May 2024; "next May" is never this one
                return When(dt.date(anchor.year - (month >= anchor.month), month, 1), "month")
            if text.startswith("next "):
                return When(dt.date(anchor.year + (month <= anchor.month), month, 1), "month")
            return When(_month_nearest(anchor, month, future), "month")
    return _absolute(text, anchor, future, past)


def shift(base: When, expression: str) -> When | None:
    """Resolve "the next day", "two days after", "a week later" against another event's date, and "the following
    month", "two months later" against its month.

    >>> shift(When(dt.date(2025, 7, 1), "month"), "the following month").gold()
    '2025-08'
    """
    text = expression.lower()
    if base.date is not None and base.precision in ("day", "month") and (m := re.search(
            rf"\b(?:(following|next|previous) month|({COUNT}) months? (after|later|before|earlier))\b", text)):
        n = 1 if m[1] else _count(m[2])
        sign = -1 if m[1] == "previous" or m[3] in ("before", "earlier") else 1
        month = base.date.month - 1 + sign * n
        return When(dt.date(base.date.year + month // 12, month % 12 + 1, 1), "month")
    if base.date is None or base.precision != "day":
        return None
    if m := re.search(rf"({COUNT}) (day|week)s? (after|later|before|earlier)", text):
        n = _count(m[1])
        days = n * (7 if m[2] == "week" else 1)
        sign = -1 if m[3] in ("before", "earlier") else 1
        return When(base.date + dt.timedelta(days=sign * days))
    if "next day" in text or "following day" in text:
        return When(base.date + dt.timedelta(days=1))
    if "previous day" in text:
        return When(base.date - dt.timedelta(days=1))
    return None


def _day_of_month(anchor: dt.date, day: int, future: bool) -> When | None:
    """Day ``day`` of the month nearest ``anchor`` on the side the tense says.

    >>> _day_of_month(dt.date(2025, 6, 9), 6, False).gold(), _day_of_month(dt.date(2025, 6, 9), 2, True).gold()
    ('2025-06-06', '2025-07-02')
    """
    first = anchor.replace(day=1)
    if future and day < anchor.day:
        first = (first + dt.timedelta(days=32)).replace(day=1)
    elif not future and day > anchor.day:
        first = (first - dt.timedelta(days=1)).replace(day=1)
    if day > calendar.monthrange(first.year, first.month)[1]:
        return None
    return When(first.replace(day=day))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


_DAY_SPAN = re.compile(r"(?<![\d-])(\d{1,2}(?:st|nd|rd|th)?)\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?(?![\d-])")


def _absolute(text: str, anchor: dt.date | None = None, future: bool = False, past: bool = False) -> When | None:
    """A calendar date ("March 28", "28 March 2025", "Feb. 4") through dateparser."""
    text = re.sub(r"\b(on|since|until|by|from|before|after)\b", "", text).strip()
    text = _DAY_SPAN.sub(r"\1", text)  # "July 23-24": a span of days is dated on its first (GOLD_FORMAT)
    has_year = bool(re.search(r"\b\d{4}\b", text))
    if not re.search(r"\b\d{1,2}\b", re.sub(r"\b\d{4}\b", "", text)):
        return None
    if not has_year and anchor is None:
        return None  # "May 25" in a page of unknown date: any year would be a guess (never today's)
    found = _dateparser_parse(text, anchor, "future" if future else "past")
    if found is None:
        return None
    day = found
    if not has_year and anchor is not None:
        # Newsroom convention: a date without a year is within about six months of the story.
        candidates = [day.replace(year=anchor.year + k) for k in (-1, 0, 1) if _valid(day, anchor.year + k)]
        day = min(candidates, key=lambda d: (abs((d - anchor).days), d > anchor if not future else d < anchor))
        if past and not future and day > anchor + dt.timedelta(days=1):
            earlier = [d for d in candidates if d <= anchor]
            day = earlier[-1] if earlier else day
        if future and day < anchor - dt.timedelta(days=2):
            later = [d for d in candidates if d >= anchor]
            day = later[0] if later else day
    return When(day)


def _weekday_year(text: str, today: dt.date | None = None) -> When | None:
    """ "Monday, March 10" with no year, on a page of unknown date: the latest year, not after ``today`` and at most
    ten years back, in which that day is that weekday (a month and day recur on one weekday every 5 to 11 years).

    >>> _weekday_year("monday march 10", dt.date(2026, 12, 7)).gold(), _weekday_year("on friday 14 march") is None
    ('2025-03-10', False)
    >>> _weekday_year("march 10") is None
    True
    """
    found = re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", text)
    day_month = re.search(r"\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\b",
                          text[found.end():] if found else "")
    if found is None or day_month is None:
        return None
    month = MONTHS.get(day_month[1] or day_month[4])
    if month is None:
        return None
    day, weekday = int(day_month[2] or day_month[3]), WEEKDAYS.index(found[1])
    today = today or dt.date.today()
    for year in range(today.year, today.year - 11, -1):
        try:
            date = dt.date(year, month, day)
        except ValueError:  # February 29, or no such day
            continue
        if date <= today and date.weekday() == weekday:
            return When(date)
    return None


def _valid(day: dt.date, year: int) -> bool:
    try:
        day.replace(year=year)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _dateparser_parse(text: str, anchor: dt.date | None, prefer: str) -> dt.date | None:
    import dateparser  # ~0.3 s to import: only when an explicit date is met

    settings = {"PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": ["day", "month"],
                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    try:
        found = dateparser.parse(text.replace(".", ""), languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return found.date() if found else None
