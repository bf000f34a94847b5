"""Mentions of one event in an article are one event: when two extracted events are the same one, how they
merge, and the page-level settling after every sentence is read (captions, hosts, retaliation targets)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ingest import coder
from ingest.actors import Actor
from ingest.dates import When
from ingest.extracted import Event

RESPONSE = re.compile(r"\b(in response|respon\w+|retaliat\w*|hit back|in kind)\b", re.I)


def answered(events: list[Event]) -> list[Event]:
    """A retaliation (or a change to one) whose sentence names no target hits the one whose measures hit its
    imposer, wherever the page tells those ("dropped many retaliatory tariffs ... the U.S. tariffs hammering
    steel"): one such party only."""
    for ev in events:
        if ev.type != "TariffMeasure" or ev.target is not None or ev.imposer is None or \
                not (ev.action == "retaliatory" or RESPONSE.search(ev.trigger) or
                     any(RETALIATION_WORD.search(s) for s in ev.evidence)):
            continue
        hit_by = hitters(events, ev.imposer)
        if len(hit_by) == 1:
            ev.target = hit_by[0]
    return events


def hitters(events: list[Event], actor: Actor) -> list[Actor]:
    """Who imposed a measure on ``actor`` among ``events``, the latest told first, each once."""
    return list(dict.fromkeys(ev.imposer for ev in reversed(events) if ev.type == "TariffMeasure"
                              and ev.target == actor and ev.imposer is not None))


RETALIATION_WORD = re.compile(r"\b(retaliat\w*|counter-?tariffs?|countermeasures?)\b", re.I)


def hosts_named(events: list[Event], named: Sequence[Actor] = (), anchor: dt.date | None = None) -> list[Event]:
    """ "Modi's visit to Ukraine" where the page names whom he met there ("Modi held talks with Zelensky"): the
    country stood in for a person the page names, so the visit is that meeting, told without its host. A leader's
    visit to a country whose one leader the page names (``named``: the people it names, in order), though in no
    event, is a meeting with that leader ("Modi's state visit to London" on a page that names Starmer), as the
    gold of real pages codes it; a minister's visit is not (his host may be a minister)."""
    out = []
    for ev in events:
        kinds = sorted(a.kind for a in ev.participants)
        if ev.type == "Meeting" and kinds == ["country", "person"]:
            person = next(a for a in ev.participants if a.kind == "person")
            country = next(a for a in ev.participants if a.kind == "country")
            host = _page_host(person, country, named, _day(ev) or anchor)
            if host is not None and not any(other.type == "Meeting" and {person, host} <= set(other.participants)
                                            for other in events):
                ev.participants = [person, host]
                out.append(ev)
                continue
            hosts = [a for other in events if other is not ev and person in other.participants
                     for a in other.participants if a.kind == "person" and a != person
                     and a.country_on(_day(other)) == country.id]
            if any(other is not ev and other.type == "Meeting" and person in other.participants and
                   any(a in hosts for a in other.participants) and _may_overlap(ev, other) for other in events):
                continue  # the page tells the meeting with the host: this is that meeting told without its host
                # (unless their dates keep them apart: "a state visit to China in May, and in July he met Xi")
            if hosts and ev.when.date is not None and ev.status == "occurred" and \
                    hosts[0].country_on(ev.when.date) == country.id:
                # "Xi's visit to France last May", on a page about Xi's call with Macron: whom he met there
                ev.participants = [person, hosts[0]]
        out.append(ev)
    return out


def summit_attendees(events: list[Event], sentences: list[tuple[str, list[Actor]]]) -> list[Event]:
    """A summit told with its body alone ("the BRICS summit opens on Tuesday") takes the leaders the page names in
    its other sentences that name that body ("Putin hosts Xi and Modi at the BRICS gathering"), not those of its own
    sentence, which left them out ("Modi spoke with Trump, days ahead of the ASEAN summit"); ``sentences``: each
    sentence of the page with the actors it names (people by their names, not by a title or a pronoun)."""
    for ev in events:
        if ev.cls != "Summit" or any(a.kind == "person" for a in ev.participants):
            continue
        bodies = {a for a in ev.participants if a.kind == "organisation"}
        day = _day(ev)
        for text, named in sentences:
            if bodies.intersection(named) and text not in ev.evidence:
                ev.participants.extend(a for a in dict.fromkeys(named) if a.kind == "person" and a.leads(day)
                                       and a not in ev.participants)
    return events


def _page_host(visitor: Actor, country: Actor, named: Sequence[Actor], day: dt.date | None) -> Actor | None:
    """The one leader of ``country`` on ``day`` among the people a page names, when the visitor leads a country
    then too; None otherwise."""
    if not visitor.leads(day):
        return None
    leaders = [a for a in named if a != visitor and a.leads(day, country.id)]
    return leaders[0] if len(leaders) == 1 else None


def _may_overlap(a: Event, b: Event, slack: dt.timedelta = dt.timedelta(days=10)) -> bool:
    """Whether two events' dates allow them to be one visit (an undated one allows anything; a visit lasts days)."""
    (a_lo, a_hi), (b_lo, b_hi) = a.when.bounds, b.when.bounds
    return not ((a_hi is not None and b_lo is not None and a_hi + slack < b_lo) or
                (b_hi is not None and a_lo is not None and b_hi + slack < a_lo))


def _day(ev: Event) -> dt.date | None:
    return ev.when.date or ev.when.after or ev.when.before


def supported(events: list[Event], shown: list[Event], reporting: list[str]) -> None:
    """Captions' events add their evidence to the body's event with the same parties. A caption's meeting or call
    of named people that the body does not tell (the photo of a handshake at talks the story only alludes to) is
    an event of its own (GOLD_FORMAT: page furniture counts when it reports an event told nowhere else); the rest
    are dropped."""
    for ev in shown:
        # (not an event of the same parties years apart: "... meet in Riyadh on May 21, 2017" under a story of
        # their planned talks)
        twin = next((b for b in events if _same_parties(b, ev) and (ev.when.inferred or _may_overlap(b, ev))), None)
        if twin is not None:
            twin.evidence.extend(s for s in ev.evidence if s not in twin.evidence)
            twin.zones |= ev.zones
            if twin.when == When(None) and ev.when.date is not None and not ev.when.inferred and \
                    twin.status == ev.status and any(s in text for s in ev.evidence for text in reporting):
                twin.when = ev.when  # a page of no date: the handshake's caption, "on April 29, 2025", dates it
        elif ev.type in ("Call", "Meeting") and ev.cls != "Summit" and ev.status == "occurred" and \
                sum(a.kind == "person" for a in ev.participants) >= 2 and \
                any(s in text for s in ev.evidence for text in reporting):  # not an archive picture's
            events.append(ev)


def settle_zones(events: list[Event]) -> list[Event]:
    """A headline tells in short what the body tells in full: an event told by the headline alone whose parties
    the body has in an event of the same type is that event (the headline's day is only the publication day)."""
    body = [ev for ev in events if "body" in ev.zones]
    out = []
    for ev in events:
        if "body" not in ev.zones:
            twin = next((b for b in body if _same_parties(b, ev)), None)
            if twin is not None:
                when, status = twin.when, twin.status
                merge(twin, ev)
                twin.when, twin.status = when, status
                continue
        out.append(ev)
    return out


def _same_parties(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.type == "TariffMeasure":
        return a.imposer == b.imposer and a.target == b.target and (a.rate is None or b.rate is None or
                                                                   a.rate == b.rate)
    return {x.id for x in a.participants} == {x.id for x in b.participants}


def _other_goods(a: str | None, b: str | None) -> bool:
    """Both name products, and neither names the other's ("steel" and "aluminium", not "steel" and "steel imports",
    nor "South Korean imports" and "Korean goods": words for all of a country's goods name no product)."""
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    if not coder.words("tariff", "all_goods").isdisjoint(re.findall(r"[a-z]+", a + " " + b)):
        return False
    return a not in b and b not in a


def same_event(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    ids_a, ids_b = {x.id for x in a.participants}, {x.id for x in b.participants}
    if a.when.date and b.when.date and not _days_agree(a.when, b.when, a.cls == b.cls == "Summit") and not (
            (a.when.inferred or b.when.inferred) and a.status == b.status and a.type != "TariffMeasure" and
            ids_a == ids_b):
        return False  # (a day only inferred, the news day or the paragraph's, does not tell two meetings of the
        # same people apart)
    if a.type == "TariffMeasure":
        if a.added != b.added and a.rate is not None and b.rate is not None:
            return False  # "before the 25% tariff took effect, he imposed an additional 25%": two measures
        if a.rate is not None and a.rate == b.rate and _other_goods(a.goods, b.goods):
            return False  # "Semiconductors – 50%", "Solar cells – 50%": one rate, two measures
        # a pause and a cut between the same parties on the same day are one act told two ways
        same_act = a.action == b.action or ({a.action, b.action} <= {"paused", "lifted"} and
                                            a.when.date is not None and a.when.date == b.when.date) or \
            ({a.action, b.action} == {"imposed", "retaliatory"} and a.rate is not None and a.rate == b.rate)
        # (a retaliation is a measure imposed, told once as such: "China imposed 15% on U.S. chicken" and "its
        # retaliatory 15% tariffs")
        if a.imposer == b.imposer and same_act and a.rate is not None and a.rate == b.rate and \
                (a.target is None) != (b.target is None) and "body" not in (a.zones & b.zones):
            return True  # the headline's "30% US tariffs" and the body's "30% tariffs on South African imports"
        return (a.imposer == b.imposer and a.target == b.target and same_act
                and (a.rate is None or b.rate is None or a.rate == b.rate))
    if ids_a == ids_b and a.when == b.when and (a.when.date is not None or a.status == b.status):
        return True  # one event node in the graph (same people, same day): two statuses cannot both stand (with no
        # day known, a plan and a meeting held are asked below whether they are one)
    if a.cls == b.cls == "Summit" and any(x.kind == "organisation" and x in b.participants for x in a.participants):
        return True  # "the BRICS summit" told again with other people: a page tells one summit of a body
    summit, other = (a, b) if a.cls == "Summit" else (b, a)
    if summit.cls == "Summit" and other.cls != "Summit" and any(
            x.kind == "organisation" and x in summit.participants for x in other.participants):
        return True  # "they would host the NATO leaders for a dinner": a part of the NATO summit the page tells
    if a.status != b.status:
        # "Blinken would also meet Xi before leaving", on a page that tells the meeting held: the plan is that
        # meeting, unless it is told as another one ("will meet again", "a second meeting", "next year")
        plan = a if a.status == "planned" else b if b.status == "planned" else None
        held = b if plan is a else a
        return plan is not None and ids_a == ids_b and plan.when == When(None) and \
            "occurred" in (a.status, b.status) and not any(_ANOTHER.search(s) for s in plan.evidence) and \
            not (held.evidence and _earlier_one(held.evidence[0]))  # "since the previous meeting in 2023"
    if _stood_in_for(a, b) or _stood_in_for(b, a):
        return True  # "Iranian and US delegations held talks in Muscat" and "we hosted Araghchi and Witkoff"
    if (a.when.date is None) != (b.when.date is None) and a.cls != b.cls:
        return False  # "will meet in London on Monday" and "invited him to visit China": two plans
    if ids_a == ids_b:
        return True
    # A bilateral meeting on the sidelines of a summit is its own event, not part of the summit (nor of a
    # gathering of the body told as a meeting: "Guterres will meet several leaders at the summit").
    if ("Summit" in (a.cls, b.cls) and a.cls != b.cls) or _body(a) != _body(b):
        return False
    return len(ids_a & ids_b) >= 2 and (ids_a <= ids_b or ids_b <= ids_a)


def _stood_in_for(countries: Event, people: Event) -> bool:
    """A meeting of countries alone is the meeting, on the same day, of people of each of those countries (the
    countries stood in for delegations the page names later)."""
    day = countries.when.date
    if day is None or day != people.when.date or countries.status != people.status or \
            any(x.kind != "country" for x in countries.participants) or \
            not any(x.kind == "person" for x in people.participants):
        return False
    theirs = {x.country_on(day) if x.kind == "person" else x.id for x in people.participants}
    return len(countries.participants) >= 2 and all(x.id in theirs for x in countries.participants)


def _days_agree(a: When, b: When, summits: bool) -> bool:
    """Two dates that can name the same day: a day off by one, or, for two summits (a page tells one summit of a
    body), a day in a month ("the G7 summit in June", "held from June 15-17"). A year is too loose to say so."""
    if not summits or "year" in (a.precision, b.precision) or a.precision == b.precision == "day":
        return abs((a.date - b.date).days) <= 1
    (a0, a1), (b0, b1) = a.bounds, b.bounds
    return a0 <= b1 and b0 <= a1


def _body(ev: Event) -> bool:
    return any(x.kind == "organisation" for x in ev.participants)


def _earlier_one(sentence: str) -> bool:
    """The sentence tells an earlier meeting or call ("since the previous bilateral meeting": frames.toml's
    background "earlier" words)."""
    found = coder.phrases("background", "earlier").search(sentence)
    return (found is not None and _EVENT_NOUN.match(sentence, found.end()) is not None) or \
        coder.phrases("background", "last_time").search(sentence) is not None  # "Putin and Xi last met in July"


_EVENT_NOUN = re.compile(r"\s+(?:\w+\s+){0,2}(meeting|talks|summit|visit|call)\b", re.I)
_ANOTHER = re.compile(r"\b(again|another|second|next|return|follow-up|further|more)\b", re.I)


_TALKS = {"talks", "held talks", "talked", "talk", "discussed", "discussion", "discussions", "conversation",
          "spoke", "spoken"}


def talks_by_phone(events: list[Event]) -> list[Event]:
    """Talks of two parties that the page tells as a call ("held talks on the region", under a headline of their
    phone call) are that call, not a meeting: a meeting named only by a word of talking joins the call of the same
    parties on a day that agrees."""
    out = []
    for ev in events:
        call = next((c for c in events if c.type == "Call" and ev.type == "Meeting" and ev.cls == "Meeting"
                     and ev.trigger.lower() in _TALKS and ev.status == c.status
                     and {a.id for a in c.participants} == {a.id for a in ev.participants}
                     and (c.when.date is None or ev.when.date is None
                          or abs((c.when.date - ev.when.date).days) <= 1)), None)
        if call is None:
            out.append(ev)
        else:
            merge(call, ev)
    return out


def once(events: list[Event]) -> list[Event]:
    """Each event once: two mentions that became the same event after they were read (a stand-in country
    replaced by the leader the page names) are merged.

    >>> from ingest.actors import Actor
    >>> a, b = Actor("a", "A", "person"), Actor("b", "B", "person")
    >>> len(once([Event("Call", [a, b]), Event("Call", [b, a])]))
    1
    """
    out: list[Event] = []
    for ev in events:
        twin = next((old for old in out if same_event(old, ev)), None)
        if twin is None:
            out.append(ev)
        else:
            merge(twin, ev)
    return out


def merge(into: Event, other: Event) -> None:
    if "occurred" in (into.status, other.status):
        into.status = "occurred"  # what one mention tells as done outranks a plan (as the timeline does)
    if _better_when(into, other):
        into.when = other.when
    for a in other.participants:
        if a not in into.participants:
            into.participants.append(a)
    drop_stand_ins(into)
    into.target = into.target or other.target  # a headline's tariff told with its target in the body
    # a rate told with its goods names them ("raised tariffs on Brazilian goods", then "Coffee: 40%")
    into.goods = other.goods if into.rate is None and other.rate is not None and other.goods else \
        into.goods or other.goods
    into.rate = into.rate if into.rate is not None else other.rate
    if into.cls == "Meeting" and other.cls in ("Visit", "Summit"):
        into.cls = other.cls
    for s in other.evidence:
        if s not in into.evidence:
            into.evidence.append(s)
    into.zones |= other.zones
    into.talk_only = into.talk_only and other.talk_only
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)


def _better_when(into: Event, other: Event) -> bool:
    """Whether ``other``'s date replaces ``into``'s when they merge: a day a mention names beats none and the day
    inferred for another mention ("sign a deal before holding talks", a headline given the news day, and "on
    Thursday"), a day beats its month ("in June" and "June 15"); and within one sentence ("hosted Macron on a state
    visit in 2022"), the bounds it names beat the news day inferred for its other word."""
    a, b = into.when, other.when
    one_sentence = bool(into.evidence and other.evidence and into.evidence[0] == other.evidence[0])
    if b.date is not None:
        if a.date is None:
            return not (one_sentence and not a.inferred and (a.after or a.before) and b.inferred)
        return not b.inferred and (a.inferred or (a.precision == "month" and b.precision == "day"))
    return one_sentence and a.inferred and not b.inferred and bool(b.after or b.before)


def drop_stand_ins(ev: Event) -> None:
    """A country stands in for its people only while none of them is named."""
    day = ev.when.date
    people_countries = {a.country_on(day) for a in ev.participants if a.kind == "person"}
    ev.participants = [a for a in ev.participants if a.kind == "person" or a.id not in people_countries]


def with_parties(events: list[Event]) -> list[Event]:
    """The calls and meetings with two parties or more (a summit may name its body alone), and every measure: a
    meeting whose stand-in country was dropped for the person it stood for is left with no one to meet.

    >>> from ingest.actors import Actor
    >>> putin = Actor(id="putin", name="Vladimir Putin", kind="person")
    >>> kim = Actor(id="kim", name="Kim Jong Un", kind="person")
    >>> [len(e.participants) for e in with_parties([Event("Meeting", [putin]), Event("Meeting", [putin, kim])])]
    [2]
    """
    return [ev for ev in events if ev.type == "TariffMeasure" or ev.cls == "Summit"
            or len(set(ev.participants)) >= 2]
