"""Event extraction: calls, meetings (visits, summits) and tariff measures, sentence by sentence.

For each sentence with a trigger (ingest.nlp): assign roles from the resolved actor mentions
(ingest.mentions), read status (occurred / planned / threatened) and negation from the words around
the trigger, resolve the date (ingest.dates), and for tariffs the action, rate, goods, imposer and
target. Mentions of one event within an article are merged into one event (ingest.merging); the event type is
ingest.extracted.Event.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from ingest import coder, page
from ingest.actors import LEADER_ROLES, Actor, Registry
from ingest.article import Article
from ingest.dates import When, resolve, shift
from ingest.extracted import GOLD_TYPE, Event
from ingest.mentions import Mention, MentionResolver
from ingest.merging import (
    RESPONSE,
    RETALIATION_WORD,
    answered,
    drop_stand_ins,
    hitters,
    hosts_named,
    merge,
    same_event,
    settle_zones,
    supported,
)
from ingest.nlp import doc_text, load_pipeline, lowers, sent_text, span_text, texts
from ingest.tariffs import RATE, TAKES_EFFECT, TariffAct, in_relative_clause, tariff_acts, told_again

_NEGATION = {"not", "n't", "never", "no", "without", "nor", "neither"}
_CANCEL = {"cancelled", "canceled", "called off", "scrapped", "postponed indefinitely", "declined", "frozen",
           "broke off", "broken off", "could not take place", "did not take place", "never took place",
           "refused", "rejected", "won't", "will not"}
_FUTURE = re.compile(r"\b(will|'ll|shall|might|is to|are to|set to|scheduled|schedule|plans? to|planning to|"
                     r"planned|expected to|expects? to|due to|agreed to|would|intends? to|going to|upcoming|next|"
                     r"invited|aims? to|hopes? to|to be held|is to be|tomorrow|later this|"
                     r"in the coming|preparing to|arrang\w* (?:a|an|the)|to set up|pencil\w* in)\b", re.IGNORECASE)
_CALL_NOUN_OK = {"a", "the", "phone", "his", "her", "their", "first", "second", "hour-long", "lengthy",
                 "brief", "video", "telephone", "this", "that", "its", "one", "another", "latest",
                 "morning", "afternoon", "evening", "late-night", "minute", "-minute", "two", "'s", "’s"}


class Extractor:
    """Extracts events from articles; one instance per process (it holds the pipeline and gazetteer)."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry or Registry.load()
        self.nlp = load_pipeline(self.registry.path or None)

    def __call__(self, article: Article) -> list[Event]:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article], batch_size: int = 32) -> list[list[Event]]:
        """Extract from many articles (spaCy's batched tokenisation).

        Each page is read in two parts (ingest.page): its headline and body, and apart from them its captions,
        which add their evidence to an event the body tells, or tell a meeting or call the body does not (never
        an archive picture's); the people they name are never what "the two leaders" of the body refers to."""
        found = [page.zones(a.text) for a in articles]
        told = [page.kept(a.text, z, page.EXTRACTED) for a, z in zip(articles, found, strict=True)]
        shown = [page.kept(a.text, z, page.SUPPORT) for a, z in zip(articles, found, strict=True)]
        docs = self.nlp.pipe((text for text, _ in told), batch_size=batch_size)
        out = []
        for doc, article, (_, zones), (caption_text, captions) in zip(docs, articles, told, shown, strict=True):
            events = self.extract_doc(doc, article.published_date, zones)
            if captions:
                reporting = [caption_text[z.start:z.end] for z in captions
                             if not page.archive_caption(caption_text[z.start:z.end])]
                supported(events, self.extract_doc(self.nlp(caption_text), article.published_date, captions),
                           reporting)
            out.append(events)
        return out

    def extract_doc(self, doc: Doc, anchor: dt.date | None, zones: list[page.Zone] | None = None) -> list[Event]:
        """Events of a tokenised text with no page furniture left in it (``zones``: the zones it holds, with
        offsets into it, from ingest.page.kept; None: all body)."""
        mentions = MentionResolver(self.registry, anchor)(doc)
        state = _ArticleState(anchor=anchor)
        sents = list(doc.sents)
        starts = [s.start for s in sents]
        triggers_by = _by_sentence(starts, list(doc.spans["triggers"]))
        dates_by = _by_sentence(starts, list(doc.spans["dates"]))
        mentions_by = _by_sentence(starts, mentions)
        mention_starts = [m.start for m in mentions]
        for sent in sents:
            state.start_sentence(sent)
            zone = page.zone_at(zones, sent.start_char) if zones is not None else None
            state.zone = zone.kind if zone is not None else "body"
            state.anchor = zone.day if zone is not None and zone.day is not None else anchor  # a live-blog entry
            triggers = triggers_by.get(sent.start, [])
            triggers = [Span(doc, t.start, t.end, label="TARIFF") if t.label_ == "RATE" else t for t in triggers
                        if t.label_ != "RATE" or _tariff_word(sent, t, triggers)]
            dates = dates_by.get(sent.start, [])
            if triggers or (state.recent_act(sent) and ("per" in sent_text(sent) or "%" in sent_text(sent))):
                ms = mentions_by.get(sent.start, [])
                prev = mentions[:bisect.bisect_left(mention_starts, sent.start)]
                state.recent_mentions = prev[-8:]
                for ev in _sentence_events(sent, triggers, ms, dates, prev, state, self.registry):
                    ev.zones.add(state.zone)
                    state.add(ev)
            state.see_sentence(sent, dates)
        told = [ev for ev in state.events if (ev.type, frozenset(a.id for a in ev.participants)) not in state.denied]
        return hosts_named(settle_zones(answered(told)))


def _by_sentence(starts: list[int], items: list) -> dict[int, list]:
    """Group spans or mentions (anything with ``.start``) by the start token of their sentence."""
    out: dict[int, list] = {}
    for item in items:
        out.setdefault(starts[bisect.bisect_right(starts, item.start) - 1], []).append(item)
    return out


def extract(article: Article, registry: Registry | None = None) -> list[Event]:
    """Events in one article.

    >>> from ingest.article import Article
    >>> a = Article(title="t", text="Donald Trump spoke by phone with Mark Carney on Friday.",
    ...             published="2025-03-29")
    >>> [(e.type, e.to_gold()["date"]) for e in extract(a)]
    [('Call', '2025-03-28')]
    """
    return Extractor(registry)(article)


@dataclass
class _ArticleState:
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

    def add(self, ev: Event) -> None:
        for old in self.events:
            if same_event(old, ev):
                merge(old, ev)
                return
        self.events.append(ev)

    def context_date(self, future: bool) -> When:
        """The date an undated mention most likely has: the last day named earlier in its paragraph,
        else (for what already happened) the publication day."""
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

    def see_sentence(self, sent: Span, dates: list[Span]) -> None:
        """Track the last day named in the current paragraph."""
        for d in dates:
            if _lead(sent, d, {"since", "until", "by", "from", "starting", "effective"}):
                continue
            when = resolve(d.text, self.anchor, future=False)
            if when is not None and when.date is not None and when.precision == "day" and (
                    self.anchor is None or when.date <= self.anchor + dt.timedelta(days=1)):
                self.paragraph_when = when  # only days already past can date what happened
                if self.anchor is None:
                    self.page_when = when  # with no anchor, only a date naming its year resolves at all

    def recent_act(self, sent: Span) -> bool:
        """A tariff act was stated within the last few sentences (lists of rates continue it)."""
        return self.last_act is not None and 0 <= sent.start - self.last_act_sent <= 120

    def last_dated(self) -> When | None:
        for ev in reversed(self.events):
            if ev.when.date is not None and ev.when.precision == "day":
                return ev.when
        return None


# -- one sentence ----------------------------------------------------------------------------------------

def _sentence_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                     prev: list[Mention], state: _ArticleState, registry: Registry) -> list[Event]:
    events: list[Event] = []
    first: dict[str, Span] = {}  # one interaction event per coarse type and sentence...
    dated_later: list[tuple[str, Span, list[Span]]] = []  # ...unless a later trigger carries a date of its own
    # "met on the sidelines of the APEC summit": the summit is where a meeting happened, not the event told
    place_kind = {t.start: _summit_as_place(sent, t) for t in triggers if t.label_ == "SUMMIT"}
    places = {i for i, kind in place_kind.items() if kind}
    for t in triggers:
        if t.start in places:
            continue
        if t.label_ in _INTERACTION and _denied(t):
            # "Putin-Trump phone call: the Kremlin calls it untrue": that call is denied wherever the page tells it
            cls = "Call" if t.label_ == "CALL" else "Meeting"
            state.denied.extend((e.type, frozenset(a.id for a in e.participants))
                                for e in _interaction_events(sent, t, cls, ms, dates, prev, state))
            continue
        if t.label_ in _INTERACTION and _real_trigger(t) and not _process_talk(sent, t) and _told(t, _NOT_TOLD):
            coarse = "Call" if t.label_ == "CALL" else "Meeting"
            if t.label_ == "SUMMIT" and not any(m.actor.kind == "organisation" for m in ms) and any(
                    o.start > t.start and o.text.lower() in ("talks", "negotiations", "meetings", "meeting")
                    and lowers(sent.doc)[o.end:o.end + 1] == ["with"] for o in triggers):
                continue  # "the summit capped a tour that included talks with ...": the summit of no body named
                # here is told elsewhere; the talks are this sentence's meeting
            if coarse not in first:
                first[coarse] = t
            else:
                # "after a meeting on Feb. 4", "since they met at the G20 in Osaka in June 2019": a date right
                # after a later trigger, nearer to it than to the first, dates another event
                own = [d for d in dates if 0 <= d.start - t.end <= 8
                       and not any(t.end <= o.start < d.start for o in triggers if o.label_ in _INTERACTION)
                       and d.start - t.end < d.start - first[coarse].end]
                own = [d for d in own if d.start - t.end <= 2 or not _lead(sent, d, _EFFECT_LEAD | {"since"})]
                # "..., before travelling to Abu Dhabi on Thursday to meet ...": a date just before it
                own += [d for d in dates if 0 <= t.start - d.end <= 3 and d.start > first[coarse].end + 3
                        and d not in own and not any(x.is_punct for x in sent.doc[d.end:t.start])]
                if t.start - first[coarse].end <= 2 and not any(
                        x.is_punct for x in sent.doc[first[coarse].end:t.start]):
                    own = []  # "a face-to-face meeting": two words for one event
                if own:
                    dated_later.append((coarse, t, own))

    labels = {t.label_ for t in triggers if t.start not in places}
    apart = _apart_frames(sent, triggers, first, places, ms)
    own_dates = {t.start: own for _, t, own in dated_later}
    dated_later = [x for x in dated_later if x[1].start not in {t.start for _, t, _, _ in apart}]
    for coarse, trigger, own_ms, _ in apart:
        events.extend(_interaction_events(sent, trigger, "Call" if coarse == "Call" else "Meeting", own_ms,
                                          own_dates.get(trigger.start, dates), prev, state))
    if apart:  # the first event of the sentence keeps the parties the later ones do not claim as their own
        claimed = {start for _, _, _, own in apart for start in own}
        ms = [m for m in ms if m.start not in claimed]
    for coarse, trigger, own in dated_later:
        if in_relative_clause(sent, trigger.start) and not in_relative_clause(sent, first[coarse].start):
            continue  # "Trump met Erdogan, whose country will host next year's summit": about someone else
        cls = "Call" if coarse == "Call" else "Meeting"
        # its parties are those of its own clause ("...: Trump said the U.S. would begin talks with Iran")
        lo = _clause_open(sent, trigger, first[coarse].end)
        own_ms = [m for m in ms if m.start >= lo] if lo > sent.start else ms
        if not any(m.is_person for m in own_ms):
            own_ms = ms  # "and the two are scheduled to talk again": the people of the sentence
        events.extend(_interaction_events(sent, trigger, cls, own_ms, own, prev, state))
    for coarse, trigger in first.items():
        if coarse == "Meeting" and _summit_told(sent, trigger, triggers, ms, state):
            continue
        if coarse == "Meeting" and (_invitation(sent, trigger) or _departure(sent, trigger) or (
                trigger.label_ == "SUMMIT" and not any(m.actor.kind == "organisation" for m in ms)
                and not _summit_with(trigger, ms))):
            continue  # "invited him to the summit", "leave the summit": the summit is told elsewhere (but "his first
            # summit with Trump" is a meeting of the two)
        has_body = any(m.actor.kind == "organisation" for m in ms)
        cls = "Call" if coarse == "Call" else "Summit" if "SUMMIT" in labels and has_body else \
            "Visit" if "VISIT" in labels and "MEET" not in labels else "Meeting"
        own = _own_dates(dates, trigger, [t.start for _, t, _, _ in apart])  # theirs are theirs
        events.extend(_interaction_events(sent, trigger, cls, ms, own, prev, state))
    events.extend(_setting_summits(sent, [(t, place_kind[t.start]) for t in triggers
                                          if place_kind.get(t.start) in ("setting", "ahead")], ms, events))
    tariff_triggers = [t for t in triggers if t.label_ == "TARIFF"]
    if tariff_triggers or not triggers:
        events.extend(_tariff_events(sent, tariff_triggers, ms, dates, state, registry))
    return events


_INTERACTION = {"CALL", "MEET", "VISIT", "SUMMIT"}


def _summit_with(trigger: Span, ms: list[Mention]) -> bool:
    """ "his first summit with Trump": a summit whose counterpart, read off the parse, is a person."""
    frame = coder.frame_parties(trigger)
    return frame is not None and any(m.is_person and m.start in frame[1] for m in ms)


def _apart_frames(sent: Span, triggers: list[Span], first: dict[str, Span], skip: set[int],
                  ms: list[Mention]) -> list[tuple[str, Span, list[Mention], set[int]]]:
    """Later calls or meetings of a sentence with a counterpart of their own, read off the parse: "met Anwar
    ... and later sat down with Lula", "a call with Putin, which he followed with a call to Zelensky". Each is
    (coarse type, trigger, its parties: its own agent, else the first event's, and its counterpart; the starts
    of the mentions that are its own, not shared with the first event)."""
    out = []
    for coarse, head in first.items():
        head_frame = coder.frame_parties(head)
        if head_frame is None:
            continue
        head_agents, head_partners = head_frame
        last_end = head.end
        for t in triggers:
            kind = "Call" if t.label_ == "CALL" else "Meeting"
            if t.start <= head.start or kind != coarse or t.start in skip or t.label_ == "SUMMIT":
                continue
            near = t.start - last_end <= 2 and not any(x.is_punct for x in sent.doc[last_end:t.start])
            last_end = t.end
            if near or not _real_trigger(t) or _process_talk(sent, t) or not _told(t, _NOT_TOLD):
                continue  # "a face-to-face meeting": two words for one event
            frame = coder.frame_parties(t)
            if frame is None:
                continue
            agents, partners = frame
            head_with = {m.actor for m in ms if m.start in head_partners}
            own = [m for m in ms if m.start in partners and m.start not in head_partners]
            if not any(m.is_person for m in own) or any(m.actor in head_with for m in own):
                continue  # no one of its own to meet, or the first event's counterpart: the same event told again
            own_agents = [m for m in ms if m.start in agents and m.start not in partners]
            agent_ms = own_agents or [m for m in ms if m.start in head_agents and m.start not in partners] or \
                [m for m in ms if m.is_person and m.start not in partners and m.start not in head_partners][:1]
            out.append((coarse, t, agent_ms + own, {m.start for m in own + own_agents if m.kind != "pronoun"}))
    return out


def _own_dates(dates: list[Span], trigger: Span, others: list[int]) -> list[Span]:
    """The dates no other trigger (``others``: their starts) is nearer to than ``trigger``: a date nearer to
    another call or meeting dates that one ("the trip followed Macron's meeting with Trump on Monday")."""
    return [d for d in dates if all(abs(d.start - o) >= abs(d.start - trigger.start)
                                    for o in others if o != trigger.start)]


def _interaction_starts(sent: Span) -> list[int]:
    """Starts of the call and meeting triggers of ``sent`` (grouped once per document: asked per trigger)."""
    doc = sent.doc
    groups = doc.user_data.get("dkg_interaction_starts")
    if groups is None:
        starts = [s.start for s in doc.sents]
        spans = _by_sentence(starts, [t for t in doc.spans["triggers"] if t.label_ in _INTERACTION])
        groups = {k: [t.start for t in v] for k, v in spans.items()}
        doc.user_data["dkg_interaction_starts"] = groups
    return groups.get(sent.start, [])


def _tariff_word(sent: Span, trigger: Span, triggers: list[Span]) -> bool:
    """A RATE word ("rate") is a tariff word only after a tariff word of its sentence, with a figure ("paused the
    tariffs, while raising the rate on Chinese imports to 125%"; "a 10% rate"): not an interest or exchange
    rate."""
    told = any(t.label_ == "TARIFF" and t.start < trigger.start for t in triggers)
    after = span_text(sent.doc, trigger.end, min(sent.end, trigger.end + 8))
    before = span_text(sent.doc, max(sent.start, trigger.start - 4), trigger.start)
    return told and bool(RATE.search(after) or RATE.search(before))


# What the parse can say that makes a trigger tell no event (ingest.coder): a call or meeting that is wished
# for, offered, denied, negated, asked about, only possible, or conditional; a tariff that is wished for,
# denied, negated, asked about or only possible (a conditional tariff is a threat: ingest.tariffs says so).
_NOT_TOLD = frozenset({"nothing", "denied", "negated", "question", "hedged", "hedged-said", "condition", "vague",
                       "hypothetical"})
_NO_TARIFF = frozenset({"nothing", "denied", "negated", "question", "hedged", "hypothetical"})


def _told(trigger: Span, blocked: frozenset[str]) -> bool:
    """The parse does not say that ``trigger`` is used in another sense or tells no event."""
    reading = coder.read(trigger)
    return reading is None or (reading.sense and reading.modality not in blocked)


def _denied(trigger: Span) -> bool:
    reading = coder.read(trigger)
    return reading is not None and reading.modality == "denied"


def _background(trigger: Span) -> bool:
    reading = coder.read(trigger)
    return reading is not None and reading.background


_DEFINITE = {"the", "that", "this", "their", "his", "her", "its", "today's", "friday's", "monday's",
             "tuesday's", "wednesday's", "thursday's", "saturday's", "sunday's", "yesterday's", "week's",
             "weekend's", "night's"}


def _paragraph_text(t: Span) -> str:
    text = doc_text(t.doc)  # kept with the Doc: building doc.text again for every trigger is quadratic
    start = text.rfind("\n", 0, t.start_char)  # pages whose paragraphs are lines ("\n"), or blank-line separated
    end = text.find("\n", t.end_char)
    return text[start + 1 if start >= 0 else 0:end if end >= 0 else len(text)]


_TALK_WORDS = {"spoke", "spoken", "speak", "speaks", "speaking", "talked", "talk", "conversation", "conversations"}
_CALL_CUE = re.compile(r"\b(phone|phoned|telephon\w*|call|calls|called|dial+ed|video|virtual\w*|by line)\b", re.I)


def _real_trigger(t: Span) -> bool:
    """Filter out trigger words used in another sense ("called for", "spoke to reporters")."""
    doc = t.doc
    word = t.text.lower()
    if word in _TALK_WORDS and not _CALL_CUE.search(_paragraph_text(t)):
        # "spoke with" or "a conversation" with no sign of a telephone in its paragraph is neither a call nor a
        # meeting (they may have spoken anywhere: at a summit, on stage, through aides)
        return False
    nxt = lowers(doc)[t.end] if t.end < len(doc) else ""
    prv = lowers(doc)[t.start - 1] if t.start > 0 else ""
    if word in ("call", "calls"):
        return (prv in _CALL_NOUN_OK or prv.endswith(("-minute", "-hour")) or nxt in ("with", "between")
                or (prv in ("after", "in", "during", "two", "three", "several", "by") and nxt in ("on", "with")))
    if word in ("called", "calling"):
        return nxt in ("with",) or (t.end < len(doc) and texts(doc)[t.end][:1].isupper()
                                    and texts(doc)[min(t.end + 2, len(doc) - 1)] not in ('"', "“", "a", "an"))
    if word == "talk":
        # "the two are scheduled to talk again", "to talk by phone": the verb, not "trade talk"
        return prv == "to" and nxt in ("again", "with", "by", "later", "on", "over", "soon")
    if word in ("spoke", "spoken", "speak", "speaks", "speaking", "talked"):
        ahead = span_text(doc, t.end, min(len(doc), t.end + 6)).lower()
        if not re.search(r"\b(with|to|by phone|by telephone|on the phone|over the phone|telephonically)\b", ahead):
            # "Trudeau and Trump last spoke on Nov. 6", "they have spoken twice": two parties talking together
            behind = [lowers(doc)[i] for i in range(max(0, t.start - 4), t.start)]
            rest = span_text(doc, t.end, t.end + 3).lower()
            return bool(behind) and not rest.startswith(("out", "of", "about", "highly", "on condition")) and (
                behind[-1] in ("last", "both") or "they" in behind[-2:] or (
                    "and" in behind and texts(doc)[t.start - 1][:1].isupper()))
        rest = span_text(doc, t.end, t.end + 3).lower()
        return not re.match(r"(to|with|at|before) (reporters|journalists|the press|a news|an? \w+ conference|"
                            r"parliament|the media|supporters|business|crowds?)", rest) and \
            not rest.startswith(("out", "of", "about", "highly", "on condition"))
    if word in ("meet", "meets", "meeting"):
        # "the difficulty of meeting it", "meet the target": to satisfy, not to sit down with someone
        if nxt in ("it", "them", "this", "these", "those", "expectations", "demands", "targets", "deadlines",
                   "requirements", "needs", "criteria", "obligations", "conditions"):
            return False
        if nxt in ("the", "a", "an", "its", "their", "his", "her") and t.end + 1 < len(doc):
            after = doc[t.end + 1]
            return after.text[:1].isupper() or after.lower_ in _TITLE_WORDS
        return True
    if word in ("received", "welcomed", "greeted", "feted", "fêted"):
        # "welcomed Zelensky", not "welcomed the fact"
        return t.end < len(doc) and texts(doc)[t.end][:1].isupper() and doc[t.end].is_alpha
    if word in ("host", "hosts", "hosted", "hosting"):
        return True
    if word in ("spent", "spend"):
        # "spent several hours on Monday with Lutnick": time spent with someone is a meeting
        ahead = lowers(doc)[t.end:t.end + 8]
        return "with" in ahead and bool(set(ahead[:5]) & _TIME_SPENT)
    if word == "gathering":
        return nxt == "of" or prv in ("leaders'", "'")
    if word == "bilateral":
        return nxt in ("meeting", "talks", "with")
    if word in ("phone",):
        return nxt in ("call", "conversation", "calls") or prv in ("by", "the", "on")
    if word in ("trip",):
        return True
    return True


_TIME_SPENT = {"hours", "hour", "minutes", "time", "day", "days", "afternoon", "morning", "evening", "weekend"}


def _tense_future(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 8)
    if _ordinal_infinitive(sent, trigger):
        return False  # "the first leader to meet Trump since ...": a record of what happened
    if trigger.text.lower() in ("meet", "sit down", "speak", "talk", "visit", "host", "call") and any(
            w in ("until", "once", "before", "when") for w in lowers(sent.doc)[max(sent.start, trigger.start - 5):
                                                                                trigger.start]):
        return True  # "until the two leaders sit down together": a present form after "until" looks ahead
    if trigger.start > sent.start and lowers(sent.doc)[trigger.start - 1] == "to" and \
            lowers(sent.doc)[trigger.start] in ("meet", "visit", "speak", "talk", "call", "host", "hold", "sit"):
        # "agreed to meet", "promised to visit": an infinitive looks ahead; but "flew to Ottawa on Thursday to meet
        # Carney" tells the purpose of a trip made
        return not coder.purpose_of_past(trigger)
    window = span_text(sent.doc, lo, trigger.end + 2)
    if _SCHEDULED.search(span_text(sent.doc, max(sent.start, trigger.start - 14), lo)) and \
            not _CLAUSE_BREAK.search(span_text(sent.doc, max(sent.start, trigger.start - 14), trigger.start)):
        return True  # "He was due to fly to Doha later on Wednesday for talks with ..."
    if not _FUTURE.search(window):
        return _modal_after(sent, trigger)
    before = span_text(sent.doc, lo, trigger.start).lower()
    # "after they met", "had agreed" -> past; "will meet", "plans to visit" -> future
    return not re.search(r"\b(had|has|have)\s+(met|spoken|held|visited|talked)\b", before)


_SCHEDULED = re.compile(r"\b(due to|scheduled to|set to|expected to|plans? to|planning to|is to|are to|will|would)\b",
                        re.I)
_CLAUSE_BREAK = re.compile(r"[;:—]|\b(said|says|after|when|while|since|had|has|have)\b", re.I)


def _modal_after(sent: Span, trigger: Span) -> bool:
    """ "talks with Mexican officials over the coming month will be led by ...": the trigger noun as the subject
    of a future verb later in its clause."""
    doc = sent.doc
    for i in range(trigger.end, min(sent.end, trigger.end + 10)):
        w = lowers(doc)[i]
        if w in ("will", "would", "'ll", "shall"):
            return True
        if doc[i].is_punct or w in ("who", "which", "that", "and", "but", "said", "says"):
            return False
    return False


_ORDINAL = {"first", "second", "third", "last", "latest", "only", "next"}
_COPULA = {"is", "was", "are", "were", "be", "been", "being", "became", "becomes", "becoming", "among", "as"}


def _ordinal_infinitive(sent: Span, trigger: Span) -> bool:
    """ "the first foreign leader to sit down with", "among the first leaders to visit": an infinitive after an
    ordinal noun phrase tells what someone was first (or last) to do, not what they plan."""
    doc = sent.doc
    if trigger.start - 1 <= sent.start or lowers(doc)[trigger.start - 1] != "to":
        return False
    for i in range(trigger.start - 2, max(sent.start, trigger.start - 6) - 1, -1):
        w = lowers(doc)[i]
        if w in _ORDINAL:
            # ... after a copula or "among": "is the first", "becoming the first", "among the first"
            return w != "next" and i - 2 >= sent.start and lowers(doc)[i - 1] == "the" and \
                lowers(doc)[i - 2] in _COPULA
        if not (texts(doc)[i].isalnum() or texts(doc)[i] in ("-", "'s", "’s")) or w in ("to", "and", "or", "not"):
            return False
    return False


def _negated(sent: Span, trigger: Span) -> bool:
    lo = max(sent.start, trigger.start - 7)
    before = lowers(sent.doc)[lo:trigger.start]
    for k in range(len(before) - 1, -1, -1):  # back to the start of the clause
        if before[k] in (",", ";", "but", "and", "while", "after", "—"):
            before = before[k + 1:]
            break
    if any(w in _NEGATION for w in before):
        return True
    text = sent_text(sent).lower()
    return any(c in text for c in _CANCEL)


_EFFECT_LEAD = {"from", "starting", "effective", "until", "by", "through", "beginning"}
_BOUND_LEAD = {"after", "since", "before", "by", "until", "once"}


def _bound_phrase(sent: Span, date: Span) -> str:
    """ "after Canada's general election on April 28": a bound a few words before the date, with no verb or
    comma between."""
    doc = sent.doc
    for i in range(date.start - 1, max(sent.start, date.start - 7) - 1, -1):
        w = lowers(doc)[i]
        if w in ("after", "before", "until", "once"):
            return w
        if len(w) > 5 and w.endswith("ing") and doc[i].is_alpha:
            return ""  # "before travelling to Abu Dhabi on Thursday": the date is the travelling's
        if w in (",", ";") or _PAST_NEAR.fullmatch(w) or _FUTURE_NEAR.fullmatch(w):
            return ""
    return ""


# "the two leaders", "both leaders": the people just named, among them the leaders ("the presidential call");
# "the two men", "each other", "the pair": the people just named
_LEADERS_PHRASE = re.compile(r"\b(two leaders|both leaders|the leaders|(?:two|both|the) (?:presidents|prime ministers|"
                             r"premiers|heads of state|heads of government)|presidential)\b", re.I)
_PAIR_PHRASE = re.compile(r"\b(two men|two women|each other|counterparts?|the pair|two ministers)\b", re.I)
_TOLD_AGAIN_DET = {"the", "these", "those", "some", "its", "their"}
_AT_THE_TIME = re.compile(r"\b(?:at the time|at that time|back then)\b", re.I)
_OWN_LEAD = {"on", "in", "at", "since", "by", "from", "until", "during", "before", "after"}


def _lead(sent: Span, date: Span, words: set[str]) -> str:
    """The preposition heading a date expression ("since March 14", "after the April 28 election")."""
    low, txt = lowers(sent.doc), texts(sent.doc)
    if low[date.start] in _OWN_LEAD:  # "a threat by Mr Trump on Monday": "on" heads it, not "by"
        return low[date.start] if low[date.start] in words else ""
    i = date.start - 1
    lo = max(sent.start, date.start - 4)
    while i >= lo and (low[i] in ("the", "a", "'s", "’s") or txt[i][:1].isupper()):
        i -= 1  # "after Canada's April 28 election": look past the determiner and the name
    return low[i] if i >= lo and low[i] in words else ""


_FUTURE_NEAR = re.compile(r"\b(will|would|'ll|shall|next|coming|scheduled|due|expect\w*|set to|to be|plans?|"
                          r"starting|beginning|effective|opens|begins|convenes|start|begin|takes|kicks)\b", re.I)
_PAST_NEAR = re.compile(r"\b(said|says|announced|warned|told|confirmed|threatened|signed|met|spoke|called|"
                        r"posted|wrote|declared|ordered|unveiled|last|took|kicked)\b", re.I)


_SPEECH_VERB = re.compile(r"\b(said|says|told|tells|announced|announces|wrote|writes|posted|confirmed)\b", re.I)
_RELATIVE_TO_EVENT = re.compile(r"\b(next|following|previous) day|\b(days?|weeks?) (after|later|before|earlier)",
                                re.I)


def _date_future(sent: Span, date: Span, default: bool) -> bool:
    """Tense for one date expression: the words just around it ("On Monday, Trump warned that X would ..."
    dates the warning, in the past, even in a sentence about the future)."""
    doc = sent.doc
    if date.start == sent.start:
        return False
    for i in range(date.start - 1, max(sent.start, date.start - 6) - 1, -1):  # the nearest tense word decides
        word = texts(doc)[i]
        if _FUTURE_NEAR.fullmatch(word.lower()):
            return True
        if _PAST_NEAR.fullmatch(word.lower()):
            return False
    if _PAST_NEAR.search(span_text(doc, date.end, min(sent.end, date.end + 3))):
        return False
    return default


_PARTICIPLE = re.compile(r"^(announced|unveiled|signed|agreed|reached|struck|imposed|issued|released|published|"
                         r"sealed|concluded|adopted|approved|passed|enacted|ordered|introduced|made|set)$")


def _dates_a_participle(sent: Span, trigger: Span, date: Span) -> bool:
    """The date follows a participle modifying another noun ("the trade deal announced in May"), away from the
    trigger: it dates that noun's act."""
    doc = sent.doc
    for p in range(date.start - 1, max(sent.start, date.start - 3) - 1, -1):
        if _PARTICIPLE.match(lowers(doc)[p]):
            noun = doc[p - 1] if p > sent.start else None
            return (noun is not None and noun.is_alpha and noun.text.islower()
                    and noun.lower_ not in _NOT_NOUN and not (trigger.start - 4 <= p <= trigger.end + 4))
        if lowers(doc)[p] not in ("on", "in", "last", "earlier", "this", "the"):
            return False
    return False


_NOT_NOUN = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "was", "were", "is", "are", "be",
             "been", "had", "has", "have", "and", "or", "but", "also", "then", "jointly", "formally", "first"}


_PLUPERFECT = re.compile(r"\bhad (?:\w+ )?(?:announced|set|threatened|imposed|signed|ordered|agreed|unveiled|"
                         r"promised|said|spoken|met|held|proposed|sent|written|declared)\b", re.I)
_DURATION_LEAD = {"over", "within", "throughout", "for", "spend", "spent", "spending", "spends"}


def _relative_to(sent: Span, i: int) -> int:
    """The token a ", which ..." / ", who ..." clause holding token ``i`` is attached to (-1 if none)."""
    doc = sent.doc
    for k in range(i - 1, sent.start, -1):
        if lowers(doc)[k] in ("which", "who", "whose") and texts(doc)[k - 1] == ",":
            return k - 2
    return -1


# The event's own predicate right after its date says it is over: "the meeting on Feb. 28 ended in ..."
_PAST_AFTER = re.compile(r"^(?:\S+ )?(ended|lasted|was|were|took place|went|collapsed|broke down)\b", re.I)
_PAST_FORMS = {"spoke", "met", "phoned", "telephoned", "talked", "hosted", "visited", "sat down", "held talks",
               "welcomed", "received", "called"}


def _pick_date(sent: Span, trigger: Span, dates: list[Span], future: bool,
               state: _ArticleState, action: str | None = None) -> When:
    """The date of the act the trigger names: the nearest date expression, not one that marks a
    different time ("since March 14"), nor, for an announcement, the day a measure takes effect."""
    def cost(d: Span) -> float:
        c = abs(d.start - trigger.start) + (0 if d.start >= trigger.start else 0.5)
        followed = span_text(sent.doc, d.end, min(sent.end, d.end + 2)).lower()
        if not future and action is None and _lead(sent, d, {"since"}) and \
                not followed.startswith((", when", "when")):
            c += 100  # "since March 14" dates something else, unless "since June 17, when they spoke"
        if action is None and d.start >= trigger.end and _SPEECH_VERB.search(span_text(sent.doc, trigger.end, d.start)):
            c += 20  # "... meeting with Trump, he announced on Friday": the day of the announcement
        if in_relative_clause(sent, d.start) and not in_relative_clause(sent, trigger.start):
            # "Trump, who takes office in January, promised ...": the date is about someone else; but "the G20
            # summit, which opens Monday" dates the summit itself
            c += 0 if _relative_to(sent, d.start) in range(trigger.start, trigger.end) else 100
        elif (own := coder.relative_clause(sent, trigger.start)) is not None and \
                coder.relative_clause(sent, d.start) != own:
            c += 10  # "signed an order last month that raised tariffs to 35 per cent on Aug. 1": the clause's own day
        if _lead(sent, d, _DURATION_LEAD):
            c += 100  # "negotiations over the coming month", "would spend the next month": how long, not when
        if action in ("announced", "threatened", "retaliatory") and \
                _lead(sent, d, _EFFECT_LEAD):
            c += 100  # the day a measure takes effect is not the day it was announced (but a cut or a pause is
            # dated by the day it applies from: "will remove the counter-tariffs, effective September 1")
        elif _lead(sent, d, _EFFECT_LEAD):
            c += 20
        if d.start > trigger.end and _PLUPERFECT.search(span_text(sent.doc, trigger.end, d.start)) and \
                not _PLUPERFECT.search(span_text(sent.doc, max(sent.start, trigger.start - 4), trigger.start)):
            c += 100  # "..., the rate he had announced in a letter on July 12": an earlier act's date
        if action is None and _dates_a_participle(sent, trigger, d):
            c += 100  # "signed the order putting into effect the deal announced in May": the deal's date
        if _RELATIVE_TO_EVENT.search(d.text) and not (
                re.search(r"(after|before|later|earlier|day)$", d.text, re.I) and 0 <= trigger.start - d.end <= 10
                and not any(sent.doc[k].is_punct for k in range(d.end, trigger.start))):
            c += 15  # "a day after ..." counts from another event, a weaker anchor than a named day (unless the
            # trigger is that other event: "two days after Trump unveiled his tariff plan")
        lo, hi = min(d.end, trigger.start), max(d.start, trigger.end)
        if action is None and any(texts(sent.doc)[k] == "," and lowers(sent.doc)[k + 1] in ("and", "but")
                                  for k in range(lo, hi - 1)):
            c += 25  # "X spoke on March 28, and they have pencilled in a meeting ...": the other clause's day
        return c

    candidates = sorted(dates, key=cost)
    if not candidates or cost(candidates[0]) >= 100:
        if _AT_THE_TIME.search(sent_text(sent)) and state.last_dated() is not None:
            return state.last_dated()  # "the White House said at the time that ...": the day of what was just told
        return state.context_date(future)
    best = candidates[0]
    text = best.text
    if re.search(r"\b(next|following|previous) day|\b(days?|weeks?) (after|later|before|earlier)", text, re.I):
        # counted from a day named earlier in the same sentence ("On Wednesday, ... and a day later he warned";
        # "His dinner on Nov. 29, four days after Trump threatened"), else from the last dated event
        named = [resolve(d.text, state.anchor) for d in dates if d.end <= best.start
                 and not _RELATIVE_TO_EVENT.search(d.text)]
        days = [w for w in named if w is not None and w.date is not None and w.precision == "day"]
        base = days[-1] if days else state.last_dated()
        if trigger.start >= best.end and re.search(r"\b(after|before)$", text, re.I):
            # "on Thursday, a day after Trump announced a tariff": the trigger is the earlier event
            text = re.sub(r"(after|before)$", lambda m: "before" if m[1].lower() == "after" else "after", text,
                          flags=re.I)
        when = shift(base, text) if base else None
    else:
        past = not future and (trigger.text.lower() in _PAST_FORMS or bool(
            _PAST_AFTER.match(span_text(sent.doc, best.end, min(sent.end, best.end + 3)))))
        # a page with no date: relative words count from the last full date it named ("last May")
        base_day = state.anchor or (state.page_when.date if state.page_when is not None else None)
        when = resolve(text, base_day, future=_date_future(sent, best, future), past=past)
    if when is None:
        return state.context_date(future)
    lead = _lead(sent, best, _BOUND_LEAD) or _bound_phrase(sent, best)
    if lead in ("after", "since", "once") and when.date is not None and future:
        return When(None, "bounds", after=when.bounds[0])
    if lead in ("before", "by", "until") and when.date is not None and future:
        return When(None, "bounds", before=when.bounds[1])
    if when.precision == "year":
        return When(None, "bounds", after=when.bounds[0], before=when.bounds[1])
    return when


def _participants(sent: Span, ms: list[Mention], anchor: dt.date | None, summit: bool,
                  anaphora: bool) -> list[Actor]:
    """People named in the sentence; organisations at summits; countries only where no one is named."""
    people: list[Actor] = []
    for m in ms:
        if m.is_person and m.actor not in people:
            people.append(m.actor)
    out = list(people)
    person_countries = {p.country_on(anchor) for p in people}
    for m in ms:
        a = m.actor
        if a in out or m.is_person:
            continue
        if a.kind == "organisation" and summit:
            out.append(a)
        elif len(people) < 2 and not anaphora and a.id not in person_countries and _stands_alone(sent, m, ms) \
                and not (summit and _venue(sent, m)):
            out.append(a)
    return out


def _venue(sent: Span, m: Mention) -> bool:
    """ "the NATO summit in the Netherlands": the country a summit is held in is not one of its parties, nor is
    one it is held without."""
    words = lowers(sent.doc)
    before = words[m.start - 1] if m.start > sent.start else ""
    if before == "the" and m.start - 1 > sent.start:
        before = words[m.start - 2]
    return before in ("in", "without")


_TITLE_WORDS = {"president", "prime", "premier", "chancellor", "minister", "secretary", "foreign", "trade", "king",
                "emir", "crown", "leaders", "leader", "delegation", "envoy", "ambassador", "head", "heads"}
_DELEGATES = {"officials", "delegation", "delegations", "negotiators", "diplomats", "envoys", "team", "teams"}


def _stands_alone(sent: Span, m: Mention, ms: list[Mention]) -> bool:
    """A country mention that is a party, not a modifier ("Canadian Prime Minister", "Canada's election")."""
    doc = sent.doc
    if m.kind == "demonym":
        # "Canadian" modifies something; only "U.S. and Chinese officials" stand for their countries
        return any(w in _DELEGATES for w in lowers(doc)[m.end:min(sent.end, m.end + 4)])
    if m.end < len(doc) and lowers(doc)[m.end] in ("'s", "’s", "'"):
        return False
    return not any(other.is_person and 0 <= other.start - m.end <= 3 for other in ms)


_PROCESS = re.compile(r"\b(months|years|weeks|of trade|terminat\w*|end\w*|restart\w*|resum\w*|continu\w*|"
                      r"stall\w*|frozen|suspend\w*|broke|break|to (?:begin|open|pursue|launch)|toward|various|"
                      r"ongoing|efforts?)\b", re.I)
def _invitation(sent: Span, trigger: Span) -> bool:
    """An invitation to (or a proposal of) a meeting is not the meeting ("invited the Prime Minister to the
    summit", "suggested that their next meeting be held in Moscow")."""
    window = span_text(sent.doc, max(sent.start, trigger.start - 6), trigger.start).lower()
    return "invit" in window or "suggest" in window or "propos" in window


def _clause_open(sent: Span, trigger: Span, after: int) -> int:
    """Where the clause holding ``trigger`` opens, if a colon, semicolon, dash or ", and" / ", but" comes between
    token ``after`` and it; else the sentence start."""
    doc = sent.doc
    for i in range(trigger.start - 1, max(after, sent.start) - 1, -1):
        if texts(doc)[i] in (":", ";", "—", "–") or (texts(doc)[i] == "," and i + 1 < trigger.start
                                                   and lowers(doc)[i + 1] in ("and", "but", "while")):
            return i + 1
    return sent.start


def _summit_as_place(sent: Span, trigger: Span) -> str | None:
    """ "on the sidelines of the summit", "on the margins of a meeting of G7 ministers": a place for another
    interaction named in the sentence ("setting"), or "hours ahead of the SCO summit": the time of another
    ("timing"); None when the summit is the event told."""
    doc = sent.doc
    before = {lowers(doc)[i] for i in range(max(sent.start, trigger.start - 10), trigger.start)}
    sidelines = bool(before & {"sidelines", "sideline", "margins", "margin", "fringes", "fringe"})
    # "hours ahead of the SCO summit, Modi held talks with Xi": the summit dates another meeting
    timing = bool(before & {"ahead", "before", "after", "following", "eve", "run-up", "runup"})
    if not sidelines and not timing and not before & {"at", "during"}:
        return None
    others = [t for t in doc.spans["triggers"] if sent.start <= t.start < sent.end and t.label_ in ("MEET", "CALL")
              and (t.start < trigger.start or timing) and t.start != trigger.start and _real_trigger(t)]
    if timing:
        ahead = bool(before & {"ahead", "before", "eve", "run-up", "runup"})
        return ("ahead" if ahead else "timing") if others else None
    # "met Ishiba at the G7 summit" is a meeting there; "hosted the leaders at the G7 summit" is the summit
    there = any(sidelines or not t.text.lower().startswith(("host", "welcom", "receiv")) for t in others)
    return "setting" if there else None


def _setting_summits(sent: Span, settings: list[tuple[Span, str]], ms: list[Mention],
                     events: list[Event]) -> list[Event]:
    """The summit where a meeting of the sentence took place ("met Xi on the sidelines of the APEC summit"), or is
    about to ("hours ahead of the SCO summit, Modi held talks with Xi"), is a meeting of its own (GOLD_FORMAT:
    judgement calls): its body and the people the sentence places there; one still ahead is planned."""
    out = []
    met = next((e for e in events if e.type == "Meeting" and e.cls != "Summit"), None)
    if met is None:
        return out
    for t, kind in settings:
        body = next((m.actor for m in ms if m.actor.kind == "organisation" and 0 <= t.start - m.end <= 1), None)
        if body is None:
            continue
        when, status = (met.when, met.status) if kind == "setting" else (When(None), "planned")
        out.append(Event(cls="Summit", participants=[body] + [a for a in met.participants if a.kind == "person"],
                         when=when, status=status, evidence=list(met.evidence), trigger=t.text, confidence=0.6))
    return out


_DEPARTURE = re.compile(r"^(leav\w*|left|quit\w*|exit\w*|depart\w*|skip\w*|boycott\w*|walk\w* out)$")


def _departure(sent: Span, trigger: Span) -> bool:
    """ "after leaving the G7 summit", "skipped the summit": a summit that dates another act, not a meeting."""
    if trigger.label_ != "SUMMIT":
        return False
    doc = sent.doc
    if any(lowers(doc)[i] in ("halfway", "early") for i in range(trigger.end, min(sent.end, trigger.end + 8))):
        return False  # "left the ASEAN summit in Manila halfway through": he was there
    return any(_DEPARTURE.match(lowers(doc)[i]) for i in range(max(sent.start, trigger.start - 4), trigger.start))


def _process_talk(sent: Span, trigger: Span) -> bool:
    """ "trade talks would continue", "months of talks", "agreed to open negotiations", "pay a price in its trade
    negotiations with Washington": a process, not a meeting."""
    if trigger.text.lower() not in ("talks", "negotiations", "negotiating round"):
        return False
    doc = sent.doc
    before = [lowers(doc)[i] for i in range(max(sent.start, trigger.start - 2), trigger.start)]
    if before and before[0] in ("its", "their") and "trade" in before:
        return True
    dated = any(abs(d.start - trigger.start) <= 8 for d in doc.spans["dates"] if sent.start <= d.start < sent.end)
    if before and before[-1] in ("trade", "tariff") and not dated:
        return True  # "had concluded the tariff negotiations with the US": the negotiations as a whole, undated
    if before and "in" in before[-2:] and not any(abs(d.start - trigger.start) <= 8 for d in doc.spans["dates"]
                                                  if sent.start <= d.start < sent.end):
        return True  # "defend its workers in negotiations with the U.S.": an ongoing process, no meeting told
    return bool(_PROCESS.search(span_text(doc, max(sent.start, trigger.start - 4), min(sent.end, trigger.end + 6))))


_TOPIC = re.compile(r"\b(discuss\w*|cover\w*|focus\w* on|talk\w* about|agenda)\b", re.I)


def _summit_told(sent: Span, trigger: Span, triggers: list[Span], ms: list[Mention], state: _ArticleState) -> bool:
    """A summit named without its body ("Rutte, hosting his first summit") is the summit already told: its people
    join it. A summit that is a topic ("discussed ... next year's G7 summit") is no event."""
    summits = [t for t in triggers if t.label_ == "SUMMIT"]
    if not summits:
        return False
    doc = sent.doc
    if _TOPIC.search(span_text(doc, max(sent.start, summits[0].start - 22), summits[0].start)):
        return True
    if any(m.actor.kind == "organisation" for m in ms) or not (
            trigger.label_ == "SUMMIT" or trigger.text.lower().startswith(("host", "attend"))):
        return False
    told = next((e for e in reversed(state.events) if e.cls == "Summit"), None)
    if told is None:
        return False
    told.participants.extend(m.actor for m in ms if m.is_person and m.actor not in told.participants)
    return True


_NEW_EVENT = {"second", "third", "fourth", "another", "new", "next", "fresh", "further"}


def _antecedent(sent: Span, trigger: Span, near: list[Span], earlier: list[Event], state: _ArticleState,
                future: bool) -> Event | None:
    """The event told before that a definite mention ("the call", "Friday's meeting") refers to: the latest one,
    or, when the mention carries a day, the latest one on that day; None when it is a new event."""
    doc = sent.doc
    mods = {lowers(doc)[i] for i in range(max(sent.start, trigger.start - 4), trigger.start)}
    if trigger.label_ == "SUMMIT":  # "the summit" takes up a summit, not the bilateral meeting told last
        earlier = [e for e in earlier if e.cls == "Summit" or any(a.kind == "organisation" for a in e.participants)]
    if not earlier or mods & _NEW_EVENT:
        return None
    when = resolve(near[0].text, state.anchor, future=future) if near else None
    if when is None or when.date is None:
        return earlier[-1]
    for ev in reversed(earlier):
        if ev.when.date is not None and abs((when.date - ev.when.date).days) <= 1:
            return ev
    return earlier[-1] if earlier[-1].when.date is None else None


_MODIFIERS = {"first", "second", "third", "latest", "last", "phone", "telephone", "video", "hour-long", "brief",
              "lengthy", "long", "private", "bilateral", "two-hour", "one-hour", "recent", "previous", "earlier",
              "-", "hour", "minute", "morning", "evening", "afternoon", "late-night"}


def _determiner(sent: Span, trigger: Span) -> str:
    """The determiner of a trigger noun, skipping modifiers: "the first phone call" -> "the";
    "Friday's meeting" -> "friday's"."""
    i = trigger.start - 1
    while i >= sent.start and (lowers(sent.doc)[i] in _MODIFIERS or sent.doc[i].like_num
                               or lowers(sent.doc)[i].endswith(("-minute", "-hour"))):
        i -= 1
    if i < sent.start:
        return ""
    word = lowers(sent.doc)[i]
    if word in ("'s", "’s") and i > sent.start:
        return lowers(sent.doc)[i - 1] + "'s"
    return word


def _interaction_events(sent: Span, trigger: Span, cls: str, ms: list[Mention], dates: list[Span],
                        prev: list[Mention], state: _ArticleState) -> list[Event]:
    if _negated(sent, trigger):
        return []
    coarse = GOLD_TYPE[cls]
    future = _tense_future(sent, trigger) or coder.in_future_time_clause(trigger)
    state.background = _background(trigger)
    earlier = [e for e in state.events if e.type == coarse]
    people = list(dict.fromkeys(m.actor for m in ms if m.is_person))
    definite = _determiner(sent, trigger) in _DEFINITE
    others = _interaction_starts(sent)
    near = [d for d in _own_dates(dates, trigger, others) if abs(d.start - trigger.start) <= 8]
    if near:
        state.trigger_when[coarse] = _pick_date(sent, trigger, near, future, state)
    ref = _antecedent(sent, trigger, near, earlier, state, future) if definite else None
    joined = definite and any(w.startswith("join") for w in lowers(sent.doc)[max(sent.start, trigger.start - 4):
                                                                               trigger.start])
    if joined:  # "Erdogan joined the conversation by phone": the meeting or call just told, whatever its kind
        ref = next((e for e in reversed(state.events) if e.type in ("Call", "Meeting")), ref)
    if ref is not None:
        # "the call", "Friday's meeting", "the summit": the event told before, not a new one. People named
        # here join it when it lacks them or the sentence says they joined.
        joins = sum(a.kind == "person" for a in ref.participants) < 2 or re.search(
            r"\b(join\w*|includ\w*|widen\w*|along with|accompan\w*|led by)\b", sent_text(sent), re.I)
        if joins:
            ref.participants.extend(a for a in people if a not in ref.participants)
            drop_stand_ins(ref)
        if ref.when.inferred and not near:
            # a date a little further off, unless another trigger is nearer to it ("the visit was arranged after
            # they spoke by phone last Tuesday": the call's day)
            near = [d for d in _own_dates(dates, trigger, others) if abs(d.start - trigger.start) <= 12]
        if (ref.when.date is None or ref.when.inferred) and near:
            # "after a phone call with Sheinbaum ... Wednesday's call": its day; a headline's meeting, given the
            # news day, and "the meeting was held from June 9 to 10": the day the body names
            when = _pick_date(sent, trigger, near, future, state)
            lo, hi = ref.when.bounds if not ref.when.inferred else (None, None)
            if when.date is not None and not when.inferred and (hi is None or when.date <= hi) and \
                    (lo is None or when.date >= lo):
                ref.when = when
        if sent_text(sent).strip() not in ref.evidence:
            ref.evidence.append(sent_text(sent).strip())
        return []
    if trigger.text.lower() in ("talks", "negotiations", "negotiating round") and (
            not people or _determiner(sent, trigger) in ("those", "these")):
        return []  # talks of no one in particular; "those talks" with nothing told before: a process
    anaphora = bool(_LEADERS_PHRASE.search(sent_text(sent)) or _PAIR_PHRASE.search(sent_text(sent))) or \
        _they_subject(sent, trigger)
    tellers = coder.sources(trigger)  # "according to X", "his spokesperson Y said": not parties
    outside = coder.outsiders(trigger)  # "talks in Beijing on Ukraine": places and topics
    framed = [m for m in ms if m.start not in tellers and (m.is_person or m.actor.kind == "organisation" or
                                                          m.start not in outside)]
    participants = _participants(sent, framed, state.anchor, cls == "Summit", anaphora)
    # "the two heads of state", "both leaders": the leaders just named, not whoever was named last
    leaders_only = bool(_LEADERS_PHRASE.search(sent_text(sent)))
    if len(participants) < 2 and (anaphora or _determiner(sent, trigger) in ("the", "their", "that", "this")):
        for a in [m.actor for m in reversed(prev[-8:]) if m.is_person and not (
                leaders_only and not any(o.role in LEADER_ROLES and o.held_on(state.anchor) for o in m.actor.offices))]:
            if a not in participants:
                participants.append(a)
            if len(participants) >= 2:
                break
    if len(participants) == 1 and earlier and trigger.text.lower() not in ("talks", "negotiations", "meetings") \
            and not in_relative_clause(sent, trigger.start):
        # "after calls on Feb. 3 and March 6" (with whom was said just before): the dyad continues; not for
        # "Carney, who interrupted his campaign to hold meetings in Ottawa", which tells no counterpart
        last = earlier[-1]
        if participants[0] in last.participants:
            participants = list(last.participants)
    if len(participants) < 2 and not (cls == "Summit" and participants):
        return []
    if cls == "Summit" and not any(a.kind == "organisation" for a in participants):
        return []  # a summit is a meeting of a body: without one named, it is a summit told elsewhere
    groups = [participants]
    if cls == "Call" and len(participants) >= 3 and re.search(
            r"\b(with both|separately with|each of|separate (?:calls|phone calls|conversations) with)\b|"
            r"\bwith\b[^;:]*\b(and|then|later|before|after)\s+"
            r"(?:(?:then|later|also|again)\s+)?with\b", sent_text(sent)):
        # "Starmer spoke by phone with both Trump and Zelensky", "spoke with Putin and then with Zelensky": two
        # calls, one with each
        groups = [[participants[0], other] for other in participants[1:]]
    elif cls == "Meeting" and len(participants) >= 3 and trigger.text.lower() == "meetings" and \
            all(a.kind == "person" for a in participants):
        # "Modi held meetings with Gabbard, Waltz and Musk": one meeting with each
        groups = [[participants[0], other] for other in participants[1:]]
    whens = [_pick_date(sent, trigger, dates, future, state)]
    if definite and not dates and coarse in state.trigger_when:
        whens = [state.trigger_when[coarse]]  # "The talks, held at ...": the talks dated a sentence or two before
    if trigger.text.lower().endswith("s") and trigger.text.lower() != "talks":
        # "calls on Feb. 3 and March 6": one event per date
        later = [d for d in dates if d.start >= trigger.end]
        if len(later) >= 2:
            whens = [resolve(d.text, state.anchor, future=future) or When(None) for d in later]
    events = []
    for when in whens:
        status = "planned" if future else "occurred"
        if future and when.date is not None and state.anchor is not None and \
                when.bounds[1] < state.anchor:
            when = When(None)  # "Speaking on Wednesday, Trump said he expected to meet Putin": the day he said so
        if state.anchor is not None and when.bounds[0] is not None and \
                when.bounds[0] > state.anchor + dt.timedelta(days=1):
            status = "planned"  # a day or a span ahead ("on Oct. 6", "next week")
        for group in groups:
            events.append(Event(cls=cls, participants=list(group), when=when, status=status,
                                evidence=[sent_text(sent).strip()], trigger=trigger.text,
                                confidence=0.7 if len(group) >= 2 else 0.5))
    return events


def _they_subject(sent: Span, trigger: Span) -> bool:
    """ "they met", "They last spoke": a plural pronoun as the subject, the people just named."""
    doc = sent.doc
    for i in range(trigger.start - 1, max(sent.start, trigger.start - 4) - 1, -1):
        w = lowers(doc)[i]
        if w == "they":
            return True
        if w not in ("last", "had", "have", "first", "also", "then", "already", "both", "previously", "once"):
            return False
    return False


_PART = re.compile(r"\b(other|rest|remaining|remainder|half|part|portion|first|second)\b", re.I)
_GLOBAL = re.compile(r"\b(all|every|global|world|worldwide|baseline|across the board|trading partners|"
                     r"countries|imports)\b", re.I)


_ANSWERS = re.compile(r"\b(in response to|in retaliation for|to counter|in reply to|after|once)\b", re.I)
_REPORTING = re.compile(r"\b(said|says|told|tells|wrote|writes|posted|posts|warned|warns|promised|vowed|"
                        r"informed)\b", re.I)


def _reported_intent(sent: Span, trigger: Span) -> int | None:
    """A future act reported through a speech verb before it ("said he would", "says it will"): the position of
    the modal (a date after it is the plan's, one before it the day it was said)."""
    doc = sent.doc
    before = doc[max(sent.start, trigger.start - 16):trigger.start]
    if not _REPORTING.search(before.text):
        return None
    return next((t.i for t in before if t.lower_ in ("will", "would")), None)


def _before_anchor(date: Span, anchor: dt.date) -> bool:
    when = resolve(date.text, anchor, future=_date_future(date.sent, date, True))
    return when is not None and when.bounds[1] is not None and when.bounds[1] < anchor


def _after_anchor(date: Span, anchor: dt.date, future: bool = False) -> bool:
    when = resolve(date.text, anchor, future=future or _date_future(date.sent, date, False))
    return when is not None and when.date is not None and when.date > anchor + dt.timedelta(days=0 if future else 1)


def _takes_effect_again(sent: Span, trigger: Span, dates: list[Span], state: _ArticleState) -> bool:
    """ "The tariffs are scheduled to take effect on August 6": the day the measure just told (imposed or raised)
    takes effect is its date (GOLD_FORMAT), ahead of the news day a plan. True when it dated one."""
    # its subject takes up a measure: "The tariffs take effect ...", "This additional tariff will come into ..."
    if lowers(sent.doc)[sent.start] not in _TOLD_AGAIN_DET | {"this"} or trigger.start - sent.start > 4 or \
            not TAKES_EFFECT.search(sent_text(sent)):
        return False
    told = next((e for e in reversed(state.events) if e.type == "TariffMeasure"), None)
    if told is None or told.action not in ("imposed", "raised") or told.status != "occurred":
        return False
    day = next((w for d in dates if d.start > trigger.end
                for w in [resolve(d.text, state.anchor, future=True)] if w is not None and w.date is not None), None)
    if day is None or day.precision != "day":
        return False
    told.when = day
    if state.anchor is not None and day.date > state.anchor:
        told.status = "planned"
    told.evidence.append(sent_text(sent).strip())
    return True


def _implied_target(act: TariffAct, earlier: list[Event], sent: Span, ms: list[Mention], registry: Registry,
                    anchor: dt.date | None) -> Actor | None:
    """The party a measure hits when the sentence does not say: a retaliation hits whoever last hit the
    retaliating side; a pause, cut or raise concerns the imposer's last measure, and a cut of retaliatory
    tariffs the one other country its sentence names ("dropped many retaliatory tariffs to de-escalate Trump's
    trade war")."""
    tariffs = [ev for ev in earlier if ev.type == "TariffMeasure"]
    if act.action == "retaliatory" or (act.action == "threatened" and RESPONSE.search(sent_text(sent))):
        others = [ev.imposer for ev in reversed(tariffs) if ev.imposer != act.imposer]
        return (hitters(tariffs, act.imposer) or others or [None])[0]
    for ev in reversed(tariffs):
        if act.action in ("paused", "lifted", "exempted", "raised") and ev.imposer == act.imposer and ev.target:
            return ev.target
    if (act.action in ("paused", "lifted") and RETALIATION_WORD.search(sent_text(sent))) or \
            (act.action == "imposed" and not _GLOBAL.search(sent_text(sent))):
        # "Sheinbaum remarked, referencing the steep tariff the Trump administration imposed": the one other
        # country the sentence names is the one it hits
        countries = {m.actor.country_on(anchor) if m.is_person else m.actor.id for m in ms} - {None, act.imposer.id}
        if len(countries) == 1:
            return registry.get(countries.pop())
    return None


def _tariff_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                   state: _ArticleState, registry: Registry) -> list[Event]:
    context = [m for m in state.recent_mentions if m.start >= sent.start - 60 and m.start < sent.start]
    recent = state.last_act if state.recent_act(sent) else None
    last = next((e for e in reversed(state.events) if e.type == "TariffMeasure" and e.imposer and e.target), None)
    acts = tariff_acts(sent, triggers, ms, registry, state.anchor, recent, context,
                       (last.imposer, last.target) if last is not None else None)
    if not acts and triggers and _takes_effect_again(sent, triggers[0], dates, state):
        return []
    events = []
    for act in acts:
        if sent.start <= act.trigger.start < sent.end and (not _told(act.trigger, _NO_TARIFF) or
                                                          coder.tariff_generic(act.trigger)):
            continue  # wished, denied, negated, asked, only possible; or a topic ("pressure from tariffs", "voters
            # consider tariffs a priority, 82% care about prices": a figure not the tariff's own is no rate)
        if recent is not None and recent.imposer == act.imposer and told_again(sent):
            # "China imposed new retaliatory tariffs on U.S. goods. The measures include 15% on chicken ...": the
            # rates of the measure just told, its act and its target
            act.action, act.status = recent.action, recent.status
            act.target = act.target or recent.target
        if act.target is None and act.rate is None and act.action in ("announced", "imposed") and \
                sent.start <= act.trigger.start < sent.end and _determiner(sent, act.trigger) in _TOLD_AGAIN_DET:
            told = next((e for e in reversed(state.events) if e.type == "TariffMeasure" and e.imposer == act.imposer
                         and e.target is not None and e.action in ("imposed", "retaliatory", "raised", "announced")),
                        None)
            if told is not None:  # "China imposed tariffs on U.S. goods ... Beijing announced the tariffs on March 4"
                told.evidence.append(sent_text(sent).strip())
                continue
        if act.target is None:
            act.target = _implied_target(act, state.events, sent, ms, registry, state.anchor)
        if act.target is None and recent is not None and recent.imposer == act.imposer and recent.target is not None \
                and act.goods is None and _PART.search(sent[:max(1, act.trigger.start - sent.start)].text) \
                and not _GLOBAL.search(sent_text(sent)) and not any(m.actor.kind != "person" for m in ms
                                                              if m.actor != act.imposer):
            act.target = recent.target  # "The other half, a 25 per cent duty, has applied since Aug. 7."
        # a threat is dated by when it was made; only a planned measure looks ahead
        future = act.status == "planned"
        state.background = sent.start <= act.trigger.start < sent.end and _background(act.trigger)
        anchor_span = act.trigger if sent.start <= act.trigger.start < sent.end else sent[0:1]
        modal = _reported_intent(sent, anchor_span)
        if future and modal is not None and not any(d.start > modal for d in dates):
            # "he said he would add a 10 per cent tariff": a stated intention, a threat dated by the day it was
            # made, unless the sentence gives the day it is planned for
            future = False
            if act.action in ("imposed", "announced", "raised"):
                # said so, with no condition: the measure is announced (GOLD_FORMAT's real pages); a threat needs
                # an "if" or "unless" (ingest.tariffs reads those)
                act.action, act.status = "announced", "occurred"
        candidates = dates
        if (act.status != "planned" or not future) and state.anchor is not None:
            # a measure announced, threatened or ordered already: a later day in the sentence is when it takes
            # effect or its deadline, not its date
            candidates = [d for d in dates if not _after_anchor(d, state.anchor)]
            if len(candidates) < len(dates) and act.action == "imposed":
                act.action = "announced"  # "a 10 per cent tariff ..., starting Saturday": not in force yet
        if future and state.anchor is not None:
            # a planned measure: a day already past is when it was announced ("She said on Tuesday that she would
            # set out the response on Sunday")
            candidates = [d for d in candidates if not _before_anchor(d, state.anchor)]
        answering = [d for d in candidates if act.action == "retaliatory" and d.start > anchor_span.end
                    and _ANSWERS.search(span_text(sent.doc, anchor_span.end, d.start))]
        when = _pick_date(sent, anchor_span, [d for d in candidates if d not in answering], future, state, act.action)
        if answering and future and when.date is None:
            # "retaliatory tariffs in response to U.S. measures expected on April 2": after what they answer
            day = resolve(answering[0].text, state.anchor, future=True)
            if day is not None and day.bounds[0] is not None:
                when = When(None, "bounds", after=day.bounds[0])
        events.append(Event(cls="TariffMeasure", imposer=act.imposer, target=act.target, when=when,
                            status=act.status, action=act.action, rate=act.rate, goods=act.goods,
                            evidence=[sent_text(sent).strip()], trigger=act.trigger.text, confidence=0.6,
                            added=act.added or (sent.start <= act.trigger.start < sent.end and
                                                 coder.added_measure(act.trigger))))
        state.last_act = act
        state.last_act_sent = sent.start
    return events
