"""What the reader of one page remembers from sentence to sentence: the events told so far (a new mention
of one of them is merged into it), the day its paragraph is about, the last tariff act, the events the page
denies. ingest.events reads the page; ingest.interactions and ingest.measures add to this memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Span

from ingest.dates import When, resolve
from ingest.extracted import Event
from ingest.mentions import Mention
from ingest.merging import merge, same_event
from ingest.nlp import sent_text, texts
from ingest.tariffs import TariffAct

_ITEM_MARKS = ("-", "–", "•", "*", "·")


@dataclass
class ArticleState:
    """The memory of one page's reading (``anchor``: its news day, or a live-blog entry's day)."""

    anchor: dt.date | None
    events: list[Event] = field(default_factory=list)
    last_act: TariffAct | None = None
    last_act_sent: int = -1
    paragraph_when: When | None = None
    recent_mentions: list[Mention] = field(default_factory=list)
    trigger_when: dict[str, When] = field(default_factory=dict)  # last dated mention of a call / meeting
    zone: str = "body"  # the page zone of the sentence being read
    denied: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # (type, parties) the page denies
    background: bool = False  # the mention being dated is told as background (ingest.coder.Reading.background)
    page_when: When | None = None  # the last full date (with its year) the page named, for pages of unknown date
    told_on: dict[int, dt.date] = field(default_factory=dict)  # id(event) -> the news day it was first told on
    list_when: When | None = None  # the day a list's lead line gives its items ("Effective October 14, the new
    # tariffs are:" over "- A 10% tariff on lumber.")

    def add(self, ev: Event) -> None:
        for old in self.events:
            if same_event(old, ev):
                merge(old, ev)
                return
        self.events.append(ev)
        if self.anchor is not None:
            self.told_on[id(ev)] = self.anchor

    def bound_undated(self, events: list[Event]) -> list[Event]:
        """An event the page gives no time for still falls on one side of the news day it was told on: what is
        planned comes after it, what happened (or was threatened) came before it. Only events with no date and no
        bound of their own get one."""
        for ev in events:
            day = self.told_on.get(id(ev))
            if day is not None and ev.when == When(None):
                ev.when = When(None, "bounds", after=day) if ev.status == "planned" else \
                    When(None, "bounds", before=day)
        return events

    def context_date(self, future: bool) -> When:
        """The date an undated mention most likely has: the last day named earlier in its paragraph,
        else (for what already happened) the publication day."""
        if self.list_when is not None:
            return replace(self.list_when, inferred=True)
        if future:
            return When(None, "day")
        if self.paragraph_when is not None:
            return replace(self.paragraph_when, inferred=True)
        if self.background:
            # "had spoken", "the tariffs imposed by Washington": some time before the news, not on its day
            return When(None, "bounds", before=self.anchor) if self.anchor is not None else When(None, "day")
        if self.anchor is not None:
            return When(self.anchor, inferred=True)
        if self.page_when is not None:
            return replace(self.page_when, inferred=True)  # a page with no date: the day it last named in full
        return When(None, "day")

    def start_sentence(self, sent: Span) -> None:
        """A new paragraph forgets the day the previous one was about (before its first sentence is read)."""
        doc = sent.doc
        if sent.start == 0 or "\n" in texts(doc)[sent.start - 1] or "\n" in doc[sent.start - 1].whitespace_:
            self.paragraph_when = None

    def see_list(self, sent: Span, dates: list[Span]) -> None:
        """A line that opens a list with a day ("Effective October 14, the new tariffs are:") dates the items under
        it that name no day of their own (call after reading the line)."""
        if sent_text(sent).strip().endswith(":") and dates:
            base = self.anchor or (self.page_when.date if self.page_when is not None else None)
            self.list_when = resolve(dates[0].text, base, future=True)

    def end_list(self, sent: Span) -> None:
        """The first line that is no item of the list ends it (call before reading the line)."""
        text = sent_text(sent).strip()
        if self.list_when is not None and text and not text.startswith(_ITEM_MARKS):
            self.list_when = None

    def see_sentence(self, dates: list[Span]) -> None:
        """Track the last day named in the current paragraph (``dates``: the sentence's dates that name a day,
        not a span's bound: ingest.dating.points_in_time)."""
        for d in dates:
            when = resolve(d.text, self.anchor, future=False)
            if when is not None and when.date is not None and when.precision == "day" and (
                    self.anchor is None or when.date <= self.anchor + dt.timedelta(days=1)):
                self.paragraph_when = when  # only days already past can date what happened
                if self.anchor is None:
                    self.page_when = when  # with no anchor, only a date naming its year resolves at all

    def recent_act(self, sent: Span) -> bool:
        """A tariff act was stated within the last few sentences (lists of rates continue it)."""
        return self.last_act is not None and 0 <= sent.start - self.last_act_sent <= 120

    def last_dated(self, months: bool = False) -> When | None:
        """The date of the latest event told with a day (or a month, with ``months``)."""
        for ev in reversed(self.events):
            if ev.when.date is not None and (ev.when.precision == "day" or (months and ev.when.precision == "month")):
                return ev.when
        return None
