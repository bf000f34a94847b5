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

from spacy.tokens import Doc, Span

from ingest import coder, page
from ingest.actors import Registry
from ingest.article import Article
from ingest.article_state import ArticleState
from ingest.dating import EFFECT_LEAD, date_lead, nearest_dates, opens_range, points_in_time
from ingest.extracted import Event
from ingest.interactions import clause_open, interaction_events, setting_summits, summit_told
from ingest.measures import bare_measure, measure_events, page_targets, rate_line
from ingest.mentions import Mention, MentionResolver, named_people
from ingest.merging import (
    answered,
    hosts_named,
    once,
    settle_zones,
    summit_attendees,
    supported,
    talks_by_phone,
    with_parties,
)
from ingest.nlp import by_sentence, load_pipeline, lowers, sent_text, span_text, texts
from ingest.senses import (
    INTERACTION,
    NOT_TOLD,
    departure,
    forum_places,
    invitation,
    is_denied,
    is_told,
    process_talk,
    real_trigger,
    summit_as_place,
)
from ingest.tariff_clauses import in_relative_clause
from ingest.tariff_goods import RATE
from ingest.tariffs import TAKES_EFFECT, more_targets


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
        state = ArticleState(anchor=anchor)
        sents = list(doc.sents)
        starts = [s.start for s in sents]
        triggers_by = by_sentence(starts, list(doc.spans["triggers"]))
        dates_by = by_sentence(starts, list(doc.spans["dates"]))
        mentions_by = by_sentence(starts, mentions)
        mention_starts = [m.start for m in mentions]
        for sent in sents:
            state.start_sentence(sent)
            state.end_list(sent)
            zone = page.zone_at(zones, sent.start_char) if zones is not None else None
            state.zone = zone.kind if zone is not None else "body"
            state.anchor = zone.day if zone is not None and zone.day is not None else anchor  # a live-blog entry
            triggers = triggers_by.get(sent.start, [])
            triggers = [Span(doc, t.start, t.end, label="TARIFF") if t.label_ in _AS_TARIFF else t for t in triggers
                        if t.label_ not in _AS_TARIFF or _tariff_word(sent, t, triggers)]
            dates = dates_by.get(sent.start, [])
            if triggers or (state.recent_act(sent) and ("per" in sent_text(sent) or "%" in sent_text(sent)
                                                     or TAKES_EFFECT.search(sent_text(sent)) or more_targets(sent))) \
                    or (state.last_act is not None and rate_line(sent)):
                ms = mentions_by.get(sent.start, [])
                prev = mentions[:bisect.bisect_left(mention_starts, sent.start)]
                state.recent_mentions = prev[-8:]
                for ev in _sentence_events(sent, triggers, ms, dates, prev, state, self.registry):
                    ev.zones.add(state.zone)
                    state.add(ev)
            state.see_sentence(points_in_time(sent, dates))
            state.see_list(sent, dates)
        told = [ev for ev in state.events if (ev.type, frozenset(a.id for a in ev.participants)) not in state.denied
                and not ev.talk_only]  # "spoke with" that turned out to be no call the page tells
        events = settle_zones(answered([ev for ev in told if not bare_measure(ev)]))
        events = once(talks_by_phone(with_parties(hosts_named(events, named_people(mentions), anchor))))
        named = [(sent_text(s).strip(), named_people(ms) + [m.actor for m in ms if not m.is_person])
                 for s in sents for ms in [mentions_by.get(s.start, [])]]
        events = summit_attendees(events, named)
        return page_targets(state.bound_undated(events), mentions, self.registry, anchor)



def extract(article: Article, registry: Registry | None = None) -> list[Event]:
    """Events in one article.

    >>> from ingest.article import Article
    >>> a = Article(title="t", text="Donald Trump spoke by phone with Mark Carney on Friday.",
    ...             published="2025-03-29")
    >>> [(e.type, e.to_gold()["date"]) for e in extract(a)]
    [('Call', '2025-03-28')]
    """
    return Extractor(registry)(article)


def _sentence_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                     prev: list[Mention], state: ArticleState, registry: Registry) -> list[Event]:
    events: list[Event] = []
    first: dict[str, Span] = {}  # one interaction event per coarse type and sentence...
    dated_later: list[tuple[str, Span, list[Span]]] = []  # ...unless a later trigger carries a date of its own
    # "met on the sidelines of the APEC summit": the summit is where a meeting happened, not the event told
    place_kind = {t.start: summit_as_place(sent, t) for t in triggers if t.label_ == "SUMMIT"}
    places = {i for i, kind in place_kind.items() if kind}
    forums = [f for f in forum_places(sent, ms, triggers) if summit_as_place(sent, f) in ("setting", "ahead")]
    for t in triggers:
        if t.start in places:
            continue
        if t.label_ in INTERACTION and is_denied(t):
            # "Putin-Trump phone call: the Kremlin calls it untrue": that call is denied wherever the page tells it
            cls = "Call" if t.label_ == "CALL" else "Meeting"
            state.denied.extend((e.type, frozenset(a.id for a in e.participants))
                                for e in interaction_events(sent, t, cls, ms, dates, prev, state))
            continue
        if t.label_ in INTERACTION and real_trigger(t) and not process_talk(sent, t) and is_told(t, NOT_TOLD):
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
                       and not any(t.end <= o.start < d.start for o in triggers if o.label_ in INTERACTION)
                       and d.start - t.end < d.start - first[coarse].end
                       and not any(0 <= o.start - d.end <= 1 for o in triggers if o.label_ in INTERACTION)]
                # (not a date that names a later event: "the third meeting, after the July 23-24 meeting")
                own = [d for d in own if d.start - t.end <= 2 or not date_lead(sent, d, EFFECT_LEAD | {"since"})
                       or opens_range(sent, d, dates)]  # (but "the summit, held from June 15 to 17", is its own)
                # "..., before travelling to Abu Dhabi on Thursday to meet ...": a date just before it
                own += [d for d in dates if 0 <= t.start - d.end <= 3 and d.start > first[coarse].end + 3
                        and d not in own and not any(x.is_punct for x in sent.doc[d.end:t.start])]
                if t.start - first[coarse].end <= 2 and not any(
                        x.is_punct for x in sent.doc[first[coarse].end:t.start]) or _same_predicate(first[coarse], t):
                    own = []  # "a face-to-face meeting", "spoke with Trump by phone": two words for one event
                if own:
                    dated_later.append((coarse, t, own))

    labels = {t.label_ for t in triggers if t.start not in places}
    apart = _apart_frames(sent, triggers, first, places, ms)
    own_dates = {t.start: own for _, t, own in dated_later}
    dated_later = [x for x in dated_later if x[1].start not in {t.start for _, t, _, _ in apart}]
    for coarse, trigger, own_ms, _ in apart:
        events.extend(interaction_events(sent, trigger, "Call" if coarse == "Call" else "Meeting", own_ms,
                                          own_dates.get(trigger.start, dates), prev, state))
    if apart:  # the first event of the sentence keeps the parties the later ones do not claim as their own, and
        # none from a later event's own clause ("..., and in July he met Xi at the SCO summit in Astana")
        claimed = {start for _, _, _, own in apart for start in own}
        opens = [lo for c, t, _, _ in apart if (lo := clause_open(sent, t, first[c].end)) > first[c].end]
        ms = [m for m in ms if m.start not in claimed and not any(m.start >= lo for lo in opens)]
    for coarse, trigger, own in dated_later:
        if in_relative_clause(sent, trigger.start) and not in_relative_clause(sent, first[coarse].start):
            continue  # "Trump met Erdogan, whose country will host next year's summit": about someone else
        cls = "Call" if coarse == "Call" else "Meeting"
        # its parties are those of its own clause ("...: Trump said the U.S. would begin talks with Iran")
        lo = clause_open(sent, trigger, first[coarse].end)
        own_ms = [m for m in ms if m.start >= lo] if lo > sent.start else ms
        if not any(m.is_person for m in own_ms):
            own_ms = ms  # "and the two are scheduled to talk again": the people of the sentence
        events.extend(interaction_events(sent, trigger, cls, own_ms, own, prev, state))
    for coarse, trigger in first.items():
        if coarse == "Meeting" and summit_told(sent, trigger, triggers, ms, state):
            continue
        if coarse == "Meeting" and (invitation(sent, trigger) or departure(sent, trigger) or (
                trigger.label_ == "SUMMIT" and not any(m.actor.kind == "organisation" for m in ms)
                and not _summit_with(trigger, ms) and not _pair_summit(trigger, ms))):
            continue  # "invited him to the summit", "leave the summit": the summit is told elsewhere (but "his first
            # summit with Trump" is a meeting of the two)
        has_body = any(m.actor.kind == "organisation" for m in ms)
        # "a meeting of NATO's 32 allies": a gathering of the body, its summit
        gathering = coarse == "Meeting" and has_body and any(
            m.actor.kind == "organisation" and m.start in coder.of_phrase(trigger) for m in ms)
        cls = "Call" if coarse == "Call" else "Summit" if ("SUMMIT" in labels or gathering) and has_body else \
            "Visit" if "VISIT" in labels and "MEET" not in labels else "Meeting"
        # theirs are theirs: the dates of later events told apart or dated on their own ("will be their third
        # meeting, after the July 23-24 meeting at Chequers")
        theirs = {d.start for _, _, own_d in dated_later for d in own_d}
        own = nearest_dates([d for d in dates if d.start not in theirs], trigger, [t.start for _, t, _, _ in apart])
        lo = clause_open(sent, trigger, sent.start)
        # "Zelensky is expected to attend, and Modi accepted his invitation after a phone call with Carney": the
        # people of an earlier clause are not this one's when it names its own
        own_ms = [m for m in ms if m.start >= lo or not m.is_person] if lo > sent.start and any(
            m.is_person and lo <= m.start < trigger.start for m in ms) and coder.has_verb(sent.doc, lo, trigger.start) \
            else ms
        told = interaction_events(sent, trigger, cls, own_ms, own, prev, state)
        if coarse == "Meeting" and coder.remote(trigger):
            for ev in told:
                ev.cls = "Call"  # "the two leaders held a virtual summit": a video call (with its body, if any)
        events.extend(told)
    settings = [(t, place_kind[t.start]) for t in triggers if place_kind.get(t.start) in ("setting", "ahead")]
    settings += [(f, summit_as_place(sent, f)) for f in forums]
    events.extend(setting_summits(sent, settings, ms, events, dates, state.anchor))
    tariff_triggers = [t for t in triggers if t.label_ == "TARIFF"]
    if tariff_triggers or not triggers:
        events.extend(measure_events(sent, tariff_triggers, ms, dates, state, registry))
    return events




def _same_predicate(a: Span, b: Span) -> bool:
    """The parse tells both triggers in one predicate ("spoke with Trump by phone on Wednesday")."""
    ra, rb = coder.read(a), coder.read(b)
    return ra is not None and rb is not None and ra.predicate == rb.predicate and not coder.after_phrase(b)


def _summit_with(trigger: Span, ms: list[Mention]) -> bool:
    """ "his first summit with Trump", "Biden and Xi held a summit": a summit whose counterpart, read off the parse,
    is a person, or that two people hold."""
    frame = coder.frame_parties(trigger)
    return frame is not None and (any(m.is_person and m.start in frame[1] for m in ms) or
                                  len({m.actor for m in ms if m.is_person and m.start in frame[0]}) >= 2)


def _pair_summit(trigger: Span, ms: list[Mention]) -> bool:
    """ "a U.S.-Russia summit", "the Biden-Putin summit": a summit named by the two sides that hold it."""
    words = texts(trigger.doc)
    sides: set[str] = set()
    at = trigger.start
    for m in sorted((m for m in ms if m.end <= trigger.start), key=lambda m: -m.end):
        if m.end != at:
            break
        sides.add(m.actor.id)
        at = m.start - 1  # the hyphen joining it to the side before
        if at < 0 or words[at] not in ("-", "–"):
            break
    return len(sides) >= 2


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
            if near or not real_trigger(t) or process_talk(sent, t) or not is_told(t, NOT_TOLD):
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



_RATE_JUST_BEFORE = re.compile(RATE.pattern + r"\s*(?:\w+\s+)?$", re.I)  # "25 per cent (punitive) penalty"
_AS_TARIFF = {"RATE", "PENALTY"}  # trigger labels that are tariff words only in some company (_tariff_word)


def _tariff_word(sent: Span, trigger: Span, triggers: list[Span]) -> bool:
    """A RATE word ("rate") is a tariff word only after a tariff word of its sentence, with a figure ("paused the
    tariffs, while raising the rate on Chinese imports to 125%"; "a 10% rate"): not an interest or exchange
    rate. A PENALTY word is one right after its figure ("a 25 per cent penalty")."""
    before = span_text(sent.doc, max(sent.start, trigger.start - 4), trigger.start)
    if trigger.label_ == "PENALTY":  # "a 25 per cent penalty on Indian goods"
        return bool(_RATE_JUST_BEFORE.search(before))
    told = any(t.label_ == "TARIFF" and t.start < trigger.start for t in triggers)
    after = span_text(sent.doc, trigger.end, min(sent.end, trigger.end + 8))
    return told and bool(RATE.search(after) or RATE.search(before))
