"""Calls and meetings (visits, summits) of one sentence: who took part, when, and whether it is an event
already told ("the call", "the summit").

The participants are the people of the trigger's frame, the countries standing alone where no one is
named, and the body of a summit; "the two leaders" and "they" are the people just named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.tokens import Span

from ingest import coder
from ingest.actors import Actor
from ingest.article_state import ArticleState
from ingest.dates import When, resolve
from ingest.dating import nearest_dates, pick_date
from ingest.extracted import GOLD_TYPE, Event
from ingest.mentions import Mention
from ingest.merging import drop_stand_ins
from ingest.nlp import TRIGGERS, by_sentence, lowers, sent_text, span_text, texts
from ingest.senses import DEFINITE, INTERACTION, determiner, is_background, talk_only
from ingest.tariff_clauses import in_relative_clause
from ingest.tense import negated, tense_future

# "the two leaders", "both leaders": the people just named, among them the leaders ("the presidential call");
# "the two men", "each other", "the pair": the people just named
_LEADERS = r"(?:leaders|presidents|prime ministers|premiers|heads of state|heads of government)"
_LEADERS_PHRASE = re.compile(rf"\b((?:two|both|the) {_LEADERS}|presidential)\b(?! of\b)", re.I)
# ("the presidents of Belarus and Kazakhstan" names them by their countries: no one named before)


# a sentence that opens with a pair described, not named: "Both European leaders ...", "The two presidents ..."
_PAIR_SUBJECT = re.compile(rf"(?:both|the two)(?: [A-Z][\w-]+)? (?:{_LEADERS}|ministers|men|women)\b", re.I)
_PAIR_PHRASE = re.compile(r"\b(two men|two women|each other|counterparts?|the pair|two ministers)\b", re.I)


def _participants(sent: Span, ms: list[Mention], anchor: dt.date | None, summit: bool,
                  anaphora: bool) -> list[Actor]:
    """People named in the sentence; organisations at summits; countries only where no one is named."""
    people: list[Actor] = []
    for m in ms:
        if m.is_person and m.actor not in people and not _possessor_of_another(sent, m):
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
        elif a.id not in person_countries and (m.kind in ("leader", "office") or _for_its_leader(sent, m)):
            out.append(a)  # "talks with Qatar's emir and Mongolia's president", "with the leaders of France and
            # Norway": the unnamed one is his country
    return out


def _framed(sent: Span, trigger: Span, ms: list[Mention], ours: bool, for_time: bool) -> list[Mention]:
    """The mentions of the sentence that can be parties of the call or meeting, read off the parse: not who tells
    it ("according to X", "his spokesperson Y said"; but a speaker of "our talks" is one) or stays away from it
    ("the boycott of Trump"), nor anyone in a
    background phrase ("amid unease over Trump's tariffs"); no country or body of its place or topic ("talks in
    Beijing on Ukraine"; a body may be one), nor a country of another clause; for an event named to place another
    in time, not that other call's counterpart ("Ahead of my trip to Southeast Asia, I spoke today with Xi"); for a
    meeting verb in an adverbial clause with its own subject, only the words of that clause ("..., as Beijing
    hosted a parade")."""
    tellers = (coder.sources(trigger) if not ours else set()) | coder.absentees(trigger)
    speaker, subject = coder.reported_by(trigger)
    if any(m.is_person and m.start in subject for m in ms):
        tellers |= speaker  # "Trump said that Witkoff had good meetings with Iran": Witkoff's meetings
    aside = coder.outsiders(trigger, people=True)
    outside = coder.outsiders(trigger)
    elsewhere = coder.other_clauses(trigger)
    theirs = _others_counterparts(sent, trigger) if for_time else set()
    clause = coder.own_clause(trigger)
    return [m for m in ms if m.start not in tellers and m.start not in aside and m.start not in theirs and (
        m.is_person or ((m.actor.kind == "organisation" or m.start not in outside) and m.start not in elsewhere))
        and (clause is None or clause[0] <= m.start < clause[1])]


def _others_counterparts(sent: Span, trigger: Span) -> set[int]:
    """Article token indices of the counterparts the parse gives the other call or meeting words of the sentence,
    and not this one (empty with no parse)."""
    own = coder.frame_parties(trigger)
    if own is None:
        return set()
    out: set[int] = set()
    for other in sent.doc.spans["triggers"]:
        if other.label_ in INTERACTION and sent.start <= other.start < sent.end and other.start != trigger.start \
                and (frame := coder.frame_parties(other)) is not None:
            out |= frame[1]
    return out - own[0] - own[1]


def _for_its_leader(sent: Span, m: Mention) -> bool:
    """ "Mongolia's president": a country named for its leader, whom the page does not name."""
    doc = sent.doc
    return m.end + 1 < sent.end and lowers(doc)[m.end] in ("'s", "’s") and \
        lowers(doc)[m.end + 1] in coder.words("frame", "leader_titles")


def _possessor_of_another(sent: Span, m: Mention) -> bool:
    """ "Xi Jinping's second-in-command", "Putin's spokesman", "Trump's levies": the person named is not the one
    meant, nor a party."""
    doc = sent.doc
    k = m.end
    while k < sent.end and doc[k].is_alpha and doc[k].text[:1].isupper():
        k += 1  # "President Xi Jinping's": the rest of the name
    if k + 1 >= sent.end or lowers(doc)[k] not in ("'s", "’s"):
        return False
    end = k + 2
    while end + 1 < sent.end and lowers(doc)[end] == "-":
        end += 2  # "second-in-command" is five tokens: one word
    word = "".join(lowers(doc)[k + 1:end])
    return word in coder.words("frame", "aides") or word in TRIGGERS["TARIFF"]  # "Trump's levies": his measures


def _venue(sent: Span, m: Mention) -> bool:
    """ "the NATO summit in the Netherlands": the country a summit is held in is not one of its parties, nor is
    one it is held without."""
    words = lowers(sent.doc)
    before = words[m.start - 1] if m.start > sent.start else ""
    if before == "the" and m.start - 1 > sent.start:
        before = words[m.start - 2]
    return before in ("in", "without")


_TRIGGER_WORDS = frozenset(w.lower() for words in TRIGGERS.values() for w in words)




def _stands_alone(sent: Span, m: Mention, ms: list[Mention]) -> bool:
    """A country mention that is a party, not a modifier ("Canadian Prime Minister", "Canada's election")."""
    doc = sent.doc
    if m.kind == "demonym":
        # "Canadian" modifies something; only "U.S. and Chinese officials" stand for their countries
        return any(w in coder.words("frame", "delegates") for w in lowers(doc)[m.end:min(sent.end, m.end + 4)])
    if any(other.is_person and 0 <= other.start - m.end <= 3 for other in ms):
        return False  # "Canada's Prime Minister Mark Carney": the person is the party
    if m.end + 1 < sent.end and texts(doc)[m.end] in ("-", "–") and doc[m.end + 1].is_lower:
        return False  # "China-bound canola", "U.S.-made cars": a word about goods (but "U.S.-China talks")
    pair = next((o for o in ms if o.start == m.end + 1 and texts(doc)[m.end] in ("-", "–")), None)
    if pair is not None and not pair.is_person:
        return _stands_alone(sent, pair, ms)  # "the Israel-Iran conflict": both name the conflict, not parties
    head = coder.qualified_noun(doc[m.end - 1])
    if head is not None:
        demand = head.lower_ in _TRIGGER_WORDS and any(c.lower_ == "for" for c in head.children)  # "US calls for"
        if demand or head.lower_ not in coder.words("frame", "delegates") | coder.words("frame", "leader_titles") | \
                _TRIGGER_WORDS:
            return False  # "its closest EU ally", "EU rules": the country qualifies another noun (not "U.S.
            # officials", "EU leaders", "the EU summit")
    if m.end < len(doc) and lowers(doc)[m.end] in ("'s", "’s", "'"):
        # "Mongolia's president", whom the page does not name: the country stands in for its leader (GOLD_FORMAT)
        return _for_its_leader(sent, m)
    return True


def clause_open(sent: Span, trigger: Span, after: int) -> int:
    """Where the clause holding ``trigger`` opens, if a colon, semicolon, dash or ", and" / ", but" comes between
    token ``after`` and it; else the sentence start."""
    doc = sent.doc
    for i in range(trigger.start - 1, max(after, sent.start) - 1, -1):
        if texts(doc)[i] in (":", ";", "—", "–") or (texts(doc)[i] == "," and i + 1 < trigger.start
                                                   and lowers(doc)[i + 1] in ("and", "but", "while")):
            return i + 1
    return sent.start


def setting_summits(sent: Span, settings: list[tuple[Span, str]], ms: list[Mention],
                     events: list[Event], dates: list[Span], anchor: dt.date | None) -> list[Event]:
    """The summit where a meeting of the sentence took place ("met Xi on the sidelines of the APEC summit"), or is
    about to ("hours ahead of the SCO summit, Modi held talks with Xi"), is a meeting of its own (GOLD_FORMAT:
    judgement calls): its body and the people the sentence places there; one still ahead is planned, on the days
    it names ("a call days ahead of the ASEAN summit in Kuala Lumpur from October 26-27": the summit of ASEAN)."""
    out = []
    met = next((e for e in events if e.type == "Meeting" and e.cls != "Summit"), None)
    for t, kind in settings:
        body = next((m.actor for m in ms if m.actor.kind == "organisation" and (
            m.start == t.start or 0 <= t.start - m.end <= 1)), None)
        if body is None or (met is None and kind != "ahead"):
            continue
        if kind == "setting":
            when, status = met.when, met.status
        else:
            own = [d for d in dates if 0 <= d.start - t.end <= 6]
            when, status = (resolve(own[0].text, anchor, future=True) or When(None)) if own else When(None), "planned"
        people = [a for a in met.participants if a.kind == "person"] if met is not None else []
        out.append(Event(cls="Summit", participants=[body] + people, when=when, status=status,
                         evidence=list(met.evidence) if met is not None else [sent_text(sent).strip()],
                         trigger=t.text, confidence=0.6))
    return out


_TOPIC = re.compile(r"\b(discuss\w*|cover\w*|focus\w* on|talk\w* about|agenda)\b", re.I)


def summit_told(sent: Span, trigger: Span, triggers: list[Span], ms: list[Mention], state: ArticleState) -> bool:
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


def _antecedent(sent: Span, trigger: Span, det: str, near: list[Span], earlier: list[Event], state: ArticleState,
                future: bool) -> Event | None:
    """The event told before that a definite mention ("the call", "Friday's meeting") refers to: the latest one,
    or, when the mention carries a day, the latest one on that day; None when it is a new event."""
    doc = sent.doc
    mods = {lowers(doc)[i] for i in range(max(sent.start, trigger.start - 4), trigger.start)}
    if trigger.label_ == "SUMMIT":  # "the summit" takes up a summit, not the bilateral meeting told last
        earlier = [e for e in earlier if e.cls == "Summit" or any(a.kind == "organisation" for a in e.participants)]
    if trigger.label_ == "VISIT" and det in ("his", "her", "its"):
        # "his first foreign trip": someone's journey, of which a meeting told is at most a part
        earlier = [e for e in earlier if e.cls == "Visit"]
    if not earlier or mods & _NEW_EVENT:
        return None
    when = resolve(near[0].text, state.anchor, future=future) if near else None
    if when is None or when.date is None:
        # "the previous meeting" is not the one just told, unless its day says so
        return None if mods & coder.words("background", "earlier") else earlier[-1]
    for ev in reversed(earlier):
        if ev.when.date is not None and abs((when.date - ev.when.date).days) <= 1:
            return ev
    return earlier[-1] if earlier[-1].when.date is None and not mods & coder.words("background", "earlier") else None


def interaction_events(sent: Span, trigger: Span, cls: str, ms: list[Mention], dates: list[Span],
                        prev: list[Mention], state: ArticleState) -> list[Event]:
    if negated(sent, trigger) or coder.between_delegates(trigger) or coder.discussed_topic(trigger):
        return []  # (not "a meeting between our teams": no one named takes part)
    coarse = GOLD_TYPE[cls]
    # held, whatever the sentence plans: "a call the leaders shared on Friday", "after the July meeting"
    future = (tense_future(sent, trigger) or coder.in_future_time_clause(trigger)) and \
        not coder.past_relative(trigger) and not coder.after_phrase(trigger) and not coder.during_past(trigger)
    state.background = is_background(trigger)
    earlier = [e for e in state.events if e.type == coarse]
    people = list(dict.fromkeys(m.actor for m in ms if m.is_person))
    det = determiner(sent, trigger)  # asked several times below: it reads the parse
    talk = talk_only(trigger)  # "spoke with", far from a word of a telephone: kept only as a call told elsewhere
    definite = det in DEFINITE or det.endswith("'s")  # "Scholz's visit": one the page tells
    others = interaction_starts(sent)
    near = [d for d in nearest_dates(dates, trigger, others) if abs(d.start - trigger.start) <= 8]
    if near:
        state.trigger_when[coarse] = pick_date(sent, trigger, near, future, state)
    ref = _antecedent(sent, trigger, det, near, earlier, state, future) if definite else None
    if ref is not None and not _counterpart_of(trigger, ms, ref):
        ref = None  # "his bilateral meeting with Starmer", after a summit told: a meeting of its own
    owner = next((m.actor for m in ms if m.end < trigger.start and trigger.start - m.end <= 4 and
                  lowers(sent.doc)[m.end] in ("'s", "’s")), None) if det.endswith("'s") else None
    if ref is not None and owner is not None and owner not in ref.participants:
        ref = None  # "after Wang Yi's visit in March", on a page about Li Qiang's: another one's visit
    if ref is not None and future and ref.status == "occurred" and near:
        ref = None  # "they met for tea; our official talks will take place tomorrow": another, planned meeting
    joined = definite and any(w.startswith("join") for w in lowers(sent.doc)[max(sent.start, trigger.start - 4):
                                                                               trigger.start])
    if joined:  # "Erdogan joined the conversation by phone": the meeting or call just told, whatever its kind
        ref = next((e for e in reversed(state.events) if e.type in ("Call", "Meeting")), ref)
    if ref is not None:
        # "the call", "Friday's meeting", "the summit": the event told before, not a new one. People named
        # here join it when it lacks them or the sentence says they joined.
        joins = sum(a.kind == "person" for a in ref.participants) < 2 or re.search(
            r"\b(join\w*|includ\w*|widen\w*|along with|accompan\w*|led by)\b", sent_text(sent), re.I)
        if joins and not coder.time_reference(trigger):  # not "within days of the visit, Zelensky invited ..."
            ref.participants.extend(a for a in people if a not in ref.participants)
            drop_stand_ins(ref)
        if ref.when.inferred and not near:
            # a date a little further off, unless another trigger is nearer to it ("the visit was arranged after
            # they spoke by phone last Tuesday": the call's day)
            near = [d for d in nearest_dates(dates, trigger, others) if abs(d.start - trigger.start) <= 12]
        if (ref.when.date is None or ref.when.inferred) and near:
            # "after a phone call with Sheinbaum ... Wednesday's call": its day; a headline's meeting, given the
            # news day, and "the meeting was held from June 9 to 10": the day the body names
            when = pick_date(sent, trigger, near, future, state)
            lo, hi = ref.when.bounds if not ref.when.inferred else (None, None)
            if when.date is not None and not when.inferred and (hi is None or when.date <= hi) and \
                    (lo is None or when.date >= lo):
                ref.when = when
        if sent_text(sent).strip() not in ref.evidence:
            ref.evidence.append(sent_text(sent).strip())
        ref.talk_only = ref.talk_only and talk  # "they talked early Tuesday ... his phone call"
        return []
    if trigger.text.lower() in ("talks", "negotiations", "negotiating round") and (
            not people or det in ("those", "these")):
        return []  # talks of no one in particular; "those talks" with nothing told before: a process
    anaphora = bool(_LEADERS_PHRASE.search(sent_text(sent)) or _PAIR_PHRASE.search(sent_text(sent))) or \
        _they_subject(sent, trigger)
    ours = det == "our" or _first_person_holder(sent, trigger)
    for_time = coder.time_reference(trigger)  # "after the call", "ahead of his trip": named to date another act
    framed = _framed(sent, trigger, ms, ours, for_time)
    participants = _participants(sent, framed, state.anchor, cls == "Summit", anaphora)
    pair_agents = _described_pair(sent, trigger, framed, participants, prev)
    participants = pair_agents + participants
    # "the two heads of state", "both leaders": the leaders just named, not whoever was named last
    leaders_only = bool(_LEADERS_PHRASE.search(sent_text(sent)))
    if len(participants) < 2 and det == "the" and not near and for_time and not anaphora:
        return []  # "was seen outside the office after the meeting": a meeting the page has not told, named only
        # to place another act in time; whoever was named before is no party of it (but "since the previous
        # meeting in November 2023" tells one by its date)
    if len(participants) < 2 and (anaphora or ours or det in ("the", "their", "that", "this")):
        for a in [m.actor for m in reversed(prev[-8:]) if m.is_person and not (
                leaders_only and not m.actor.leads(state.anchor))]:
            if a not in participants:
                participants.append(a)
            if len(participants) >= 2:
                break
    if not participants and leaders_only:
        participants = _page_pair_of_countries(prev)
    frame = coder.frame_parties(trigger) if participants else None
    if frame is not None and frame[0] and not any(m.start in frame[0] for m in ms) and (
            (len(participants) == 1 and participants[0].kind == "person") or all(
            any(m.actor == a and m.start in frame[1] for m in framed) for a in participants)):
        # "Afterwards, the PT member met with Erdogan", "... met with the heads of Türkiye, France and India": a
        # subject described, not named, is the person the page is about
        lead = _page_protagonist(prev)
        if lead is not None and lead not in participants:
            participants = [lead] + participants
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
    if all(a.kind == "organisation" for a in participants) and coder.in_phrase(trigger):
        return []  # "approved at a meeting of EU ministers", "ahead of the NATO summit": a gathering named as the
        # place or time of another act, where no leader or country is placed
    groups = [participants]
    # "met the leaders of Tonga, Samoa and Fiji": the people named by their country count as countries here
    by_country = {m.actor for m in framed if m.kind == "leader"}
    if cls == "Call" and len(participants) >= 3 and (re.search(
            r"\b(with both|each of)\b|\bwith\b[^;:]*\b(and|then|later|before|after)\s+"
            r"(?:(?:then|later|also|again)\s+)?with\b", sent_text(sent))
            or coder.phrases("frame", "separately").search(sent_text(sent))):
        # "Starmer spoke by phone with both Trump and Zelensky", "spoke with Putin and then with Zelensky": two
        # calls, one with each
        groups = [[participants[0], other] for other in participants[1:]]
    elif cls in ("Call", "Meeting") and len(participants) >= 3 and not (
            cls == "Meeting" and coder.is_a(sent.doc[trigger.end - 1], tuple(coder.words("frame", "joint_hosts")))) \
            and (one := _one_agent(trigger, framed, participants, state.anchor)):
        # "he called Ramaphosa and Modi", "spoke by phone with the presidents of Belarus and Kazakhstan": a call
        # with each of the coordinated counterparts (a conference call says so: "joined", "three-way")
        groups = [[one[0], other] for other in one[1]]
    elif (cls in ("Meeting", "Visit") or (cls == "Call" and coder.words("frame", "plural_calls") & set(
            lowers(sent.doc)[trigger.end - 1:min(trigger.end + 1, sent.end)])) or
          (cls == "Call" and _officers_of_several(participants, by_country))) and len(participants) >= 3 and \
            sum(a.kind == "person" and a not in by_country for a in participants) == 1 and \
            all(a.kind in ("person", "country") for a in participants) and \
            not any(_only_a_city(m, framed) for m in framed if m.actor in participants) and not _together(sent):
        # "the Russian leader will meet the leaders of Azerbaijan, Mongolia and Pakistan", "a tour that included
        # negotiations with South Korea and Japan": one meeting with each (a trilateral says so; a city named is
        # where, not with whom: "travel to Stockholm to meet Chinese officials"); so are "phone calls with the
        # presidents of Finland and France"
        host = next(a for a in participants if a.kind == "person" and a not in by_country)
        groups = [[host, other] for other in participants if other is not host]
    elif cls in ("Meeting", "Call") and len(participants) >= 3 and (trigger.text.lower() == "meetings" or coder.phrases(
            "frame", "separately").search(sent_text(sent))) and all(a.kind == "person" for a in participants):
        # "Modi held meetings with Gabbard, Waltz and Musk", "separate calls with Macron and Starmer": one with each
        groups = [[participants[0], other] for other in participants[1:]]
    if pair_agents:  # the pair meets each counterpart of "meetings with Xi and Li", or all of "talks with ..."
        others = [a for a in participants if a not in pair_agents]
        groups = [pair_agents + [o] for o in others] if lowers(sent.doc)[trigger.end - 1] == "meetings" \
            else [participants]
    bodies = [a for a in participants if a.kind == "organisation"]
    if cls == "Summit" and len(bodies) >= 2 and len(groups) == 1 and sum(
            t.label_ == "SUMMIT" for t in sent.doc.spans["triggers"] if sent.start <= t.start < sent.end) >= 2:
        # "to attend the summit of the OTS and, a month later, the summit of the ECO": a summit of each body, with
        # the people the sentence places there
        groups = [[body] + [a for a in participants if a.kind == "person"] for body in bodies]
    whens = [pick_date(sent, trigger, dates, future, state)]
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
                                confidence=0.7 if len(group) >= 2 else 0.5, talk_only=talk))
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

def interaction_starts(sent: Span) -> list[int]:
    """Starts of the call and meeting triggers of ``sent`` (grouped once per document: asked per trigger)."""
    doc = sent.doc
    groups = doc.user_data.get("dkg_interaction_starts")
    if groups is None:
        starts = [s.start for s in doc.sents]
        spans = by_sentence(starts, [t for t in doc.spans["triggers"] if t.label_ in INTERACTION])
        groups = {k: [t.start for t in v] for k, v in spans.items()}
        doc.user_data["dkg_interaction_starts"] = groups
    return groups.get(sent.start, [])





def _described_pair(sent: Span, trigger: Span, framed: list[Mention], participants: list[Actor],
                    prev: list[Mention]) -> list[Actor]:
    """ "Both European leaders will raise trade during meetings with Xi and Li": a sentence that opens with a pair
    described, not named, whose trigger's named parties all come after it, is the two people named last before it
    (in the order they were named); else []."""
    if not (_PAIR_SUBJECT.match(sent_text(sent).lstrip()) and participants and all(
            m.start > trigger.start for m in framed if m.actor in participants)):
        return []
    pair = [a for a in dict.fromkeys(m.actor for m in reversed(prev[-8:]) if m.is_person) if a not in participants]
    return list(reversed(pair[:2])) if len(pair) >= 2 else []


def _page_pair_of_countries(prev: list[Mention]) -> list[Actor]:
    """ "the call between the two heads of state" on a page that names their countries only: the two countries it
    has named most (no third as often), standing in for their leaders (GOLD_FORMAT); else []."""
    named = Counter(m.actor for m in prev if not m.is_person and m.actor.kind == "country" and m.kind != "metonym")
    top = named.most_common(3)
    return [top[0][0], top[1][0]] if len(top) >= 2 and (len(top) == 2 or top[1][1] > top[2][1]) else []


def _page_protagonist(prev: list[Mention]) -> Actor | None:
    """The person the page has named most often so far (at least twice, more than anyone else)."""
    counts = Counter(m.actor for m in prev if m.is_person and m.kind in ("name", "new", "surname", "title"))
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) == 2 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def _officers_of_several(participants: list[Actor], by_country: set[Actor]) -> bool:
    """ "spoke by phone with the foreign ministers of Jordan, Turkey and Egypt": every counterpart but one is named
    by a plural office of several countries, each one person to call."""
    return len([a for a in participants if a not in by_country]) == 1 and len(by_country) >= 2


def _together(sent: Span) -> bool:
    """The sentence says its parties were together ("joined", "a three-way call", "all three")."""
    return bool(coder.phrases("frame", "together").search(sent_text(sent)))


def _only_a_city(m: Mention, ms: list[Mention]) -> bool:
    """The country is named only by a city (where, not with whom: "travel to Stockholm to meet Chinese officials")."""
    return m.kind == "metonym" and not any(o.actor == m.actor and o.kind != "metonym" for o in ms)


def _one_agent(trigger: Span, ms: list[Mention], participants: list[Actor],
                anchor: dt.date | None) -> tuple[Actor, list[Actor]] | None:
    """(agent, counterparts) when the parse gives a call or meeting one agent and counterparts of several
    countries, and the sentence does not say they were together; else None ("a call with Lutnick and Greer" is
    one call with a delegation)."""
    frame = coder.frame_parties(trigger)
    if frame is None or _together(trigger.sent):
        return None
    agents = list(dict.fromkeys(m.actor for m in ms if not frame[0].isdisjoint(range(m.start, m.end))
                                and m.actor in participants))
    listed = [m for m in ms if not frame[1].isdisjoint(range(m.start, m.end)) and m.actor in participants]
    # the parser often loses a list of names ("met Starmer, Sánchez and Prabowo", "hosted President of Azerbaijan
    # Ilham Aliyev, the President of China Xi Jinping, ..."): those the list runs on to, through titles and commas
    doc = trigger.doc
    joints = coder.words("frame", "list_joints")
    titled = {i for span in doc.spans["titles"] for i in range(span.start, span.end)} | \
        {i for m in ms for i in range(m.start, m.end)} | \
        {i for span in doc.spans["dates"] for i in range(span.start - 1, span.end)}  # ("on Sunday")
    # "with several leaders, including Modi, Lukashenko and Aliyev": the counterpart is a word for a group that
    # the names after it spell out
    end = listed[-1].end if listed else max(frame[1], default=-1) + 1
    for m in sorted(ms, key=lambda m: m.start):
        if end > 0 and m.start >= end and m.actor in participants and all(
                lowers(doc)[i] in joints or i in titled for i in range(end, m.start)):
            listed.append(m)
            end = m.end
    if not listed and not frame[1]:
        # "met on Monday with his British and Spanish counterparts Starmer and Sánchez": the parse lost the
        # counterpart; the people named after "with", past the trigger
        after = [m for m in ms if m.start >= trigger.end and m.actor in participants and m.is_person
                 and m.kind != "pronoun" and m.actor not in agents]
        if after and "with" in lowers(doc)[trigger.end:after[0].start]:
            listed = after
    partners = list(dict.fromkeys(m.actor for m in listed))
    if len(agents) != 1 or len(partners) < 2 or agents[0] in partners or \
            len({a.country_on(anchor) if a.kind == "person" else a.id for a in partners}) < len(partners):
        return None
    return agents[0], partners


def _counterpart_of(trigger: Span, ms: list[Mention], ref: Event) -> bool:
    """The counterpart the parse gives a definite mention ("his meeting with Starmer") takes part in ``ref``, or
    it names none."""
    frame = coder.frame_parties(trigger)
    partners = [m.actor for m in ms if frame is not None and m.start in frame[1] and m.is_person]
    after = lowers(trigger.doc)[trigger.end:trigger.end + 2]  # "meeting with", "bilateral meeting with"
    if not partners and "with" in after:
        # the parse lost it (the tagger and parser are trained on web text, not news): the person right after "with"
        at = trigger.end + after.index("with")
        partners = [m.actor for m in ms if m.is_person and at < m.start <= at + 6][:1]
    return not partners or any(a in ref.participants for a in partners)


def _first_person_holder(sent: Span, trigger: Span) -> bool:
    """ "We had very productive talks," Bessent told reporters: the speaker holds the call or meeting (the parse's
    agent of the trigger is "we" or "I")."""
    frame = coder.frame_parties(trigger)
    return frame is not None and any(lowers(sent.doc)[i] in ("we", "i") for i in frame[0])
