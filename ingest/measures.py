"""Tariff measures of one sentence as events: the acts ingest.tariffs reads (imposer, target, rate, goods,
action, status), completed from the page (the target a retaliation answers, the measure a list of rates
continues, the day a measure just told takes effect) and dated (ingest.dating).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.tokens import Span

from ingest import coder
from ingest.actors import Actor, Registry
from ingest.article_state import ArticleState
from ingest.dates import When, resolve
from ingest.dating import EFFECT_LEAD, after_anchor, before_anchor, date_lead, pick_date
from ingest.extracted import Event
from ingest.mentions import Mention
from ingest.merging import RESPONSE, RETALIATION_WORD, hitters
from ingest.nlp import lowers, sent_text, span_text
from ingest.senses import NO_TARIFF, TOLD_AGAIN_DET, determiner, is_background, is_told
from ingest.tariff_clauses import next_clause
from ingest.tariff_goods import RATE_LINE
from ingest.tariff_roles import country_of
from ingest.tariffs import TAKES_EFFECT, TariffAct, tariff_acts, told_again

_PART = re.compile(r"\b(other|rest|remaining|remainder|half|part|portion|first|second)\b", re.I)


# a measure on every trading partner; with "imports", one whose sentence names no one in particular
_EVERYONE = (r"(?:all|every) (?:countries|country|nations|nation|partners|trading partners|imports|economies)|"
             r"global|world|worldwide|baseline|across the board|trading partners|countries")  # not "all companies"
_ALL_PARTNERS = re.compile(rf"\b({_EVERYONE})\b", re.I)
# a measure said to hit everyone: "global tariffs", "reciprocal tariffs to all countries of the world" (not "a global
# trade war")
_ON_EVERYONE = re.compile(r"\b(global|worldwide|baseline|universal|across-the-board) (tariffs?|duties|levies)\b|"
                          r"\b(tariffs?|duties|levies)\b[^.;]{0,40}\b(all|every) (countries|country|trading partners|"
                          r"nations|imports|goods)\b|"
                          # "levies on countries across the globe", "tariffs on global imports", "on dozens of nations"
                          r"\b(tariffs?|duties|levies)\b[^.;]{0,40}\b((countries|nations|trading partners|imports) "
                          r"(across|around) the (globe|world)|global imports|(dozens|scores) of (countries|nations))\b",
                          re.I)
_GLOBAL = re.compile(rf"\b({_EVERYONE}|imports)\b", re.I)
# goods named as coming from everywhere: "all metal imports", "nearly all foreign goods", "imported cars",
# "all foreign steel", "cars built outside the U.S.", "every trading partner", "every car not made here"
_NOT_GOODS = "minist|affairs|polic|secretar|office|relation|leader|counterpart|diplomat|aid|investment|exchange|currenc"
_FROM_ANYWHERE = re.compile(r"\b(?:all|most)\s+(?:[\w-]+\s+){0,2}(?:imports|goods|products)\b|"
                            rf"\bforeign(?:-made|-built)?\s+(?!{_NOT_GOODS})[a-z]|"  # not "the foreign minister"
                            r"\bimported (?!from\b|into\b|to\b|by\b|in\b)[a-z]|"
                            r"\b(?:made|built|produced|manufactured|assembled) (?:outside|abroad)\b|"
                            r"\b(?:every|each|any) (?:trading )?partner\b|\bpartners\b|"
                            r"\bevery (?:[\w-]+ )?(?:car|vehicle|truck|product|import|item|shipment|country|nation)\b",
                            re.I)
INFERRED_TARGET_CONFIDENCE = 0.4  # a target told by the page, not by the measure's sentences
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


def _continues(act: TariffAct, recent: TariffAct | None, sent: Span, ms: list[Mention]) -> bool:
    """The act carries on the measure of the same imposer just told (with a target): it names no other country,
    and gives a rate (not "on all countries") or a part of that measure ("the other half", no goods of its own)."""
    if recent is None or recent.imposer != act.imposer or recent.target is None or \
            any(m.actor.kind != "person" for m in ms if m.actor != act.imposer):
        return False
    text = sent_text(sent)
    if act.rate is not None and not _ALL_PARTNERS.search(text):
        return True
    return act.goods is None and bool(_PART.search(sent[:max(1, act.trigger.start - sent.start)].text)) and \
        not _GLOBAL.search(text)


def _takes_effect_again(sent: Span, trigger: Span | None, acts: list[TariffAct], dates: list[Span],
                        state: ArticleState) -> bool:
    """ "The tariffs are scheduled to take effect on August 6", "Hence, the duties will range from 4 to 8 per cent,
    effective as of March 7": the day the measures just told (imposed, raised or retaliatory) take effect is their
    date (GOLD_FORMAT), ahead of the news day a plan; a rate the sentence gives is theirs when they had none.
    ``trigger``: the sentence's tariff word, if it has one; ``acts``: what the sentence told of its own, which must
    be those measures again (their imposer, no other target). True when it dated them."""
    doc = sent.doc
    # its subject takes up a measure: "The tariffs take effect ...", "This additional tariff will come into ...",
    # after an opening connective ("Hence, the duties ...")
    opening = sent.start + 2 if sent.end - sent.start > 3 and doc[sent.start + 1].text == "," and \
        doc[sent.start].is_alpha else sent.start
    if lowers(doc)[opening] not in TOLD_AGAIN_DET | {"this"} or (
            trigger is not None and trigger.start - opening > 4) or not TAKES_EFFECT.search(sent_text(sent)):
        return False
    told = next((e for e in reversed(state.events) if e.type == "TariffMeasure"), None)
    if told is None or told.action not in ("imposed", "raised", "retaliatory") or told.status == "threatened":
        return False
    own = [a for a in acts if trigger is None or a.trigger.start == trigger.start]  # (not another tariff word's)
    if any(a.imposer != told.imposer or a.target not in (None, told.target) for a in own):
        return False
    after = trigger.end if trigger is not None else sent.start
    day = next((w for d in dates if d.start > after
                for w in [resolve(d.text, state.anchor, future=True)] if w is not None and w.date is not None), None)
    if day is None or day.precision != "day":
        return False
    rate = max((a.rate for a in own if a.rate is not None), default=None)
    for ev in state.events:  # the measures told with it ("a 100% tariff on canola oil and 25% on pork")
        if ev.type == "TariffMeasure" and ev.imposer == told.imposer and ev.action == told.action and \
                ev.added == told.added and told.evidence[0] in ev.evidence:
            ev.when = day
            if state.anchor is not None and day.date > state.anchor:
                ev.status = "planned"
            if ev.rate is None and rate is not None:
                ev.rate = rate
            ev.evidence.append(sent_text(sent).strip())
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
        countries = {c for m in ms if (c := country_of(m, registry, anchor)) is not None} - {act.imposer}
        if len(countries) == 1:
            return countries.pop()
    return None


def measure_events(sent: Span, triggers: list[Span], ms: list[Mention], dates: list[Span],
                   state: ArticleState, registry: Registry) -> list[Event]:
    context = [m for m in state.recent_mentions if m.start >= sent.start - 60 and m.start < sent.start]
    recent = state.last_act if state.recent_act(sent) else None
    if recent is None and not triggers and rate_line(sent):
        recent = state.last_act  # "Algeria, Libya, Iraq: 30%": a line of a list of rates, however far the act it lists
    last = next((e for e in reversed(state.events) if e.type == "TariffMeasure" and e.imposer and e.target), None)
    acts = tariff_acts(sent, triggers, ms, registry, state.anchor, recent, context,
                       (last.imposer, last.target) if last is not None else None)
    if _takes_effect_again(sent, triggers[0] if triggers else None, acts, dates, state):
        # what the sentence tells of other tariff words stays ("..., on top of the 25 per cent levies announced
        # earlier")
        acts = [a for a in acts if triggers and a.trigger.start != triggers[0].start]
    events = []
    for act in acts:
        if sent.start <= act.trigger.start < sent.end and (not is_told(act.trigger, NO_TARIFF) or
                                                          coder.tariff_generic(act.trigger)):
            continue  # wished, denied, negated, asked, only possible; or a topic ("pressure from tariffs", "voters
            # consider tariffs a priority, 82% care about prices": a figure not the tariff's own is no rate)
        reading = coder.read(act.trigger) if sent.start <= act.trigger.start < sent.end else None
        if reading is not None and reading.modality == "hedged-said" and act.action in ("imposed", "announced",
                                                                                         "raised"):
            act.action = act.status = "threatened"  # "the White House said the tariff could reach 25% by October"
        if recent is not None and recent.imposer == act.imposer and told_again(sent):
            # "China imposed new retaliatory tariffs on U.S. goods. The measures include 15% on chicken ...": the
            # rates of the measure just told, its act and its target
            act.action, act.status = recent.action, recent.status
            act.target = act.target or recent.target
        if act.target is None and act.rate is None and act.action in ("announced", "imposed") and \
                sent.start <= act.trigger.start < sent.end and determiner(sent, act.trigger) in TOLD_AGAIN_DET:
            told = next((e for e in reversed(state.events) if e.type == "TariffMeasure" and e.imposer == act.imposer
                         and e.target is not None and e.action in ("imposed", "retaliatory", "raised", "announced")),
                        None)
            if told is not None:  # "China imposed tariffs on U.S. goods ... Beijing announced the tariffs on March 4"
                told.evidence.append(sent_text(sent).strip())
                continue
        if act.target is None:
            act.target = _implied_target(act, state.events, sent, ms, registry, state.anchor)
        if act.target is None and _continues(act, recent, sent, ms):
            # "China said it would retaliate against Canada. There will be a 100% tariff on canola oil and 25% on
            # pork, the ministry said", "The other half, a 25 per cent duty, has applied since Aug. 7": the measure
            # just told, its target (and a retaliation's act)
            act.target = recent.target
            if recent.action == "retaliatory" and act.rate is not None:
                act.action, act.status = recent.action, recent.status
        # a threat is dated by when it was made; only a planned measure looks ahead
        future = act.status == "planned"
        state.background = sent.start <= act.trigger.start < sent.end and is_background(act.trigger)
        in_sentence = sent.start <= act.trigger.start < sent.end
        anchor_span = act.trigger if in_sentence else sent[0:1]
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
            # but a retaliation is dated by the day it starts, as a measure imposed is ("counter-tariffs of 25%,
            # effective April 2": planned until then)
            candidates = [d for d in dates if not after_anchor(d, state.anchor) or (
                act.action == "retaliatory" and date_lead(sent, d, EFFECT_LEAD))]
            ahead = [d for d in dates if d not in candidates and (not in_sentence or d.start <= next_clause(
                sent, act.trigger))]  # (not the day of the next clause: ", while another is delayed until May")
            if ahead and act.action == "imposed":
                act.action = "announced"  # "a 10 per cent tariff ..., starting Saturday": not in force yet
        if future and state.anchor is not None:
            # a planned measure: a day already past is when it was announced ("She said on Tuesday that she would
            # set out the response on Sunday")
            candidates = [d for d in candidates if not before_anchor(d, state.anchor)]
        steps = [d for d in dates if any(d.start <= a.step_at < d.end for a in acts if a.step_at is not None)]
        if act.step_at is not None:  # "rising to 30% on January 1": the step's own day
            candidates, future = [d for d in steps if d.start <= act.step_at < d.end], True
        else:
            candidates = [d for d in candidates if d not in steps]
        answering = [d for d in candidates if act.action == "retaliatory" and d.start > anchor_span.end
                    and _ANSWERS.search(span_text(sent.doc, anchor_span.end, d.start))]
        when = pick_date(sent, anchor_span, [d for d in candidates if d not in answering], future, state, act.action)
        if act.in_force:  # the rate a change starts from: in force some time before the news
            when = When(None, "bounds", before=state.anchor) if state.anchor is not None else When(None)
        if answering and future and when.date is None:
            # "retaliatory tariffs in response to U.S. measures expected on April 2": after what they answer
            day = resolve(answering[0].text, state.anchor, future=True)
            if day is not None and day.bounds[0] is not None:
                when = When(None, "bounds", after=day.bounds[0])
        if act.action == "retaliatory" and when.date is not None and state.anchor is not None and \
                when.date > state.anchor + dt.timedelta(days=1):
            act.status = "planned"
        events.append(Event(cls="TariffMeasure", imposer=act.imposer, target=act.target, when=when,
                            status=act.status, action=act.action, rate=act.rate, goods=act.goods,
                            evidence=[sent_text(sent).strip()], trigger=act.trigger.text, confidence=0.6,
                            added=act.added or (sent.start <= act.trigger.start < sent.end and
                                                 coder.added_measure(act.trigger))))
        state.last_act = act
        state.last_act_sent = sent.start
    return events


def rate_line(sent: Span) -> bool:
    """A line of a list of rates: "Algeria, Libya, Iraq: 30%", "Brunei: up to 25 per cent"."""
    return bool(RATE_LINE.fullmatch(sent_text(sent).strip()))


def bare_measure(ev: Event) -> bool:
    """A tariff told with no target, rate or goods and no day of its own ("the sweeping tariffs imposed by Trump have
    unsettled markets", "Trump's long-threatened tariffs"): talk of a policy, not a measure a researcher can place.
    A retaliation, a pause, a cut or an exemption is an act on measures told, whatever it names; a measure on every
    country is placed by saying so."""
    return ev.type == "TariffMeasure" and ev.target is None and ev.rate is None and not ev.goods and (
        ev.when.date is None or ev.when.inferred) and ev.action in ("imposed", "threatened", "announced", "raised") \
        and not any(_ON_EVERYONE.search(s) for s in ev.evidence)  # "tariffs on all countries" is a measure


def page_targets(events: list[Event], ms: list[Mention], registry: Registry, anchor: dt.date | None) -> list[Event]:
    """A measure whose sentences name no one it hits, on a page about one trading partner of its imposer, hits that
    partner (GOLD_FORMAT: the target is whom the article says it hits, told by the page as a whole as much as by the
    sentence): the country the page names most often besides the imposer (people count for theirs; of two named as
    often, the one named first), if named at least twice, or once as the only other country. A measure said to hit
    everyone ("all metal imports", "every trading partner") keeps no target. The target is the page's, not the
    sentence's: the event's confidence says so.

    ``ms``: every actor mention of the page, in order.
    """
    counts: Counter[Actor] = Counter(c for m in ms if (c := country_of(m, registry, anchor)) is not None)
    for ev in events:
        if ev.type != "TariffMeasure" or ev.target is not None or ev.imposer is None or any(
                _ALL_PARTNERS.search(s) or _ON_EVERYONE.search(s) or _FROM_ANYWHERE.search(s) for s in ev.evidence):
            continue
        others = [(c, n) for c, n in counts.most_common() if c != ev.imposer]
        partner, times = others[0] if others else (None, 0)
        if times >= 2 or (times == 1 and len(others) == 1):
            ev.target = partner
            ev.confidence = min(ev.confidence, INFERRED_TARGET_CONFIDENCE)
    return events
