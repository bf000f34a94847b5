"""Tariff measures in one sentence: action, status, imposer, target(s), rate(s) and goods.

A sentence yields tariff events only when a tariff word is tied to an act (a verb of imposing,
threatening, pausing... near it, or a rate): talk about tariffs in general yields nothing. Several rates
or several targets in one sentence ("25 per cent on Canada and Mexico, 10 per cent on China") give one
event per (rate, target) pair, each rate taking the targets written next to it. The act is read by
ingest.tariff_actions, its imposer and targets by ingest.tariff_roles, its rates and goods by ingest.tariff_goods,
the clause it holds by ingest.tariff_clauses; this module puts them together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span

from ingest import coder, quotes
from ingest.actors import Actor, Registry
from ingest.mentions import Mention
from ingest.nlp import doc_text, lowers, sent_text, span_text, texts
from ingest.tariff_actions import (
    CHANGES,
    MODIFIER_ACTS,
    UNTOLD,
    act_untold,
    action_near,
    coordinated_verb,
    full_removal,
    granted_free,
    other_act_word,
    response_noun,
)
from ingest.tariff_clauses import (
    ACTION_WORDS,
    answered_at,
    clause_end,
    clause_start,
    contrast_breaks,
    in_condition,
    in_relative_clause,
    next_clause,
    phrase_start,
    previous_clause_break,
    response_to,
    since_clause,
    words_between,
)
from ingest.tariff_goods import (
    GOODS_LINE,
    RATE,
    RATE_SEPARATORS,
    TO_ZERO,
    goods_after,
    goods_of,
    old_rate,
    rate_of_another_phrase,
    rates_in,
    share_of,
    total_rate,
)
from ingest.tariff_roles import (
    after_a_preposition,
    condition_parties,
    country_of,
    find_imposer,
    list_before,
    mention_over,
    parse_imposer,
    speaker_after,
    targets_in,
    tariff_owner,
)

_CONDITION = re.compile(r"\b(if|unless|should)\b", re.I)


_FUTURE = re.compile(r"\b(will|would|'ll|plans? to|planning to|set to|expected to|is to|are to|intends? to|"
                     r"vow\w* to|pledg\w* to|going to|prepar\w+ to|promised|aims? to)\b", re.I)


TAKES_EFFECT = coder.phrases("tariff", "takes_effect")


_PROMISE = re.compile(r"\b(promis\w*|pledg\w*)\b", re.I)


_NEGATION = re.compile(r"\b(not|n't|never|no|without|refus\w*|declin\w*|rul\w+ out|rejected)\b", re.I)


@dataclass
class TariffAct:
    """What one sentence says about a tariff (before dates are resolved)."""

    imposer: Actor
    target: Actor | None
    rate: float | None
    action: str
    status: str
    goods: str | None
    trigger: Span
    hit: tuple[Actor, ...] = ()  # parties named as hit before the tariff word ("X would face tariffs")
    added: bool = False  # told as on top of another measure ("an additional 25 per cent"): never merged with it
    in_force: bool = False  # the rate in force before the act ("cut to 30 per cent from 145 per cent")
    step_at: int | None = None  # a later step of the act, dated by its own date ("rising to 30% on January 1")


def tariff_acts(sent: Span, triggers: list[Span], ms: list[Mention], registry: Registry,
                anchor: dt.date | None, previous: TariffAct | None,
                context: list[Mention] | None = None, pair: tuple[Actor, Actor] | None = None) -> list[TariffAct]:
    """Tariff measures stated in ``sent``; ``previous`` is the last act of the article (for "the
    European Union will pay 20 per cent" after a sentence announcing the tariffs)."""
    acts: list[TariffAct] = []
    used_until = -1
    owners = [tariff_owner(sent, t, ms) for t in triggers]
    agents = [parse_imposer(sent, t, ms, registry, anchor) for t in triggers]
    last: TariffAct | None = None
    for k, trigger in enumerate(triggers):
        owner = owners[k]
        # "cut U.S. duties on Chinese goods to 30 per cent and China's levies on American goods to 10 per cent":
        # another country's tariff named in the same clause is another measure, under the same verb
        other_owner = owner is not None and last is not None and country_of(owner, registry, anchor) != last.imposer
        if not other_owner and last is not None:
            # "Ottawa said it will respond to the U.S. duties with 25 per cent tariffs": the parse names another
            # imposer for the later tariff word, so it is another measure
            other_owner = agents[k] not in (None, last.imposer)
        own_verb = coordinated_verb(sent, last.trigger, trigger) if last is not None else None
        if trigger.start <= used_until and not other_owner and own_verb is None:
            continue  # the same measure named again within its own clause ("tariffs ... the levy")
        reading = coder.read(trigger)
        if reading is not None and reading.modality in UNTOLD:
            continue  # "we want to see that 25% tariff shrink, ... the tariff the administration imposed": a wished
            # measure does not take the clause from the one told after it
        if in_condition(sent, trigger) or since_clause(sent, trigger.start):
            continue  # "unless Canada dropped its tariffs, ...": a hypothetical, the condition of another act;
            # "the first leader to visit since the White House unveiled new tariffs": a point in time
        modifier = next((m for m in ms if trigger.start - 1 <= m.end <= trigger.start), None)  # "the U.S. duties"
        head = phrase_start(sent, modifier.start if modifier is not None else trigger.start)
        if response_to(sent, head) and (last is not None or any(a is not None for a in agents[k + 1:])) and \
                not RATE.search(span_text(sent.doc, head, trigger.start)):
            continue  # "will respond to the U.S. duties with 25 per cent tariffs", "imposed a surcharge ... in
            # response to Canadian tariffs": what is answered, no act of its own
        act = _act_around(sent, trigger, ms, registry, anchor, context or [], previous,
                          pair[0] if pair is not None else None)
        if act is None:
            acts.extend(_both_sides(sent, trigger, pair))
            continue
        if trigger.start <= used_until and last is not None and own_verb is None:
            act.action, act.status = last.action, last.status
        # the measure's rates and targets stop where another country's tariff is named
        until = next((o.start for o in owners[k + 1:] if o is not None and o.start > trigger.start
                      and country_of(o, registry, anchor) != act.imposer), sent.end)
        until = min([until] + [phrase_start(sent, t.start) for t, a in zip(triggers[k + 1:], agents[k + 1:],
                                                                            strict=True)
                               if a is not None and a != act.imposer and t.start > trigger.start])
        since = phrase_start(sent, owner.start) if other_owner and owner is not None else \
            own_verb if own_verb is not None else sent.start
        split = _split(sent, act, ms, registry, anchor, since, until)
        if own_verb is not None and last is not None and all(a.target is None for a in split):
            # "sets a 15 per cent tariff on Japanese goods and lowers the levy on the country's car exports"
            split = [_with(a, t.target, a.rate) for a in split for t in acts if t.trigger is last.trigger] or split
        acts.extend(split)
        last = act
        # a later tariff word counts only past this clause: "ordered tariffs on cars, and a day later
        # warned that Canada would face far steeper levies" is two measures
        used_until = next_clause(sent, trigger)
    if not acts and previous is not None and not triggers:
        acts.extend(_continuation(sent, ms, previous, registry, anchor))
    return acts


def more_targets(sent: Span) -> bool:
    """The sentence names more parties an act hits ("are also affected", "will apply to"): frames.toml [tariff]."""
    return bool(coder.phrases("tariff", "more_targets").search(sent_text(sent)))


_BOTH = re.compile(r"\b(both sides|the two sides|both countries|the two countries|both governments|each side|"
                   r"the two governments)\b", re.I)


def _both_sides(sent: Span, trigger: Span, pair: tuple[Actor, Actor] | None) -> list[TariffAct]:
    """ "Both sides said they would also remove tariffs on ...": one measure each way between the two parties of
    the last measure told (``pair``)."""
    if pair is None or \
            not _BOTH.search(span_text(sent.doc, max(sent.start, trigger.start - 12), trigger.start)):
        return []
    action, _ = action_near(sent, trigger)
    if action is None:
        return []
    status = "planned" if _FUTURE.search(span_text(sent.doc, max(sent.start, trigger.start - 8), trigger.start)) \
        else "occurred"
    rate = 0.0 if action == "lifted" and full_removal(sent, trigger) else None
    goods = goods_of(sent, trigger)
    a, b = pair
    return [TariffAct(imposer=x, target=y, rate=rate, action=action, status=status, goods=goods, trigger=trigger)
            for x, y in ((a, b), (b, a))]


def told_again(sent: Span) -> bool:
    """The sentence's subject takes up the measure just told: "The measures include ...", "The new tariffs,
    beginning Monday, include ..." (the words in ingest/lexicon/frames.toml, [tariff] told_again)."""
    start = " ".join(lowers(sent.doc)[sent.start:min(sent.end, sent.start + 4)])
    return start.startswith(tuple(coder.words("tariff", "told_again")))


_WILL_BE = re.compile(r"\b(?:will|shall)(?: \w+)? be\b", re.I)
# "reduced to 30 percent from the current 145 percent": the old rate's state, not the sentence's
_OLD_RATE_STATE = re.compile(r"\bfrom (?:the |its |their )?(?:current|existing)\b", re.I)


def _act_around(sent: Span, trigger: Span, ms: list[Mention], registry: Registry, anchor: dt.date | None,
                context: list[Mention], previous: TariffAct | None, page_imposer: Actor | None) -> TariffAct | None:
    doc = sent.doc
    action, verb_at = action_near(sent, trigger)
    # (not from a clause of its own before it: "X supports retaliation against the U.S., while Trump threatens ...")
    low = lowers(doc)
    contrast = coder.words("tariff", "contrast")
    lo = max([k + 1 for k in contrast_breaks(sent, trigger.start - 12, trigger.start - 1, contrast)],
             default=max(sent.start, trigger.start - 12))
    text_before = span_text(doc, max(lo, trigger.start - 8), trigger.start)
    text_clause = span_text(doc, lo, min(sent.end, trigger.end + 12))
    has_rate = bool(RATE.search(text_clause))
    if granted_free(sent, trigger):
        action = "lifted"  # "Britain will open tariff-free quotas for American ethanol": a removal
    if (action is None or (action == "retaliatory" and not other_act_word(sent, trigger))) and not has_rate:
        return None  # "adjust its countermeasures": a counter-word alone names no act
    if action is not None and act_untold(sent, trigger, action):
        return None  # "convinced Trump to consider an exemption from the tariffs": the act word is only wished for
    lead = doc[max(sent.start, trigger.start - 10):trigger.start]
    cut = max((t.i + 1 for t in lead if t.text in (",", ";", ":")), default=lead.start)
    if _NEGATION.search(span_text(doc, cut, trigger.start)):
        return None  # "ended without any commitment to ease the tariffs"
    if any(lowers(doc)[i] == "non" for i in range(max(sent.start, trigger.start - 4), trigger.start)):
        return None  # "non-tariff barriers", "non-tariff countermeasures"
    acted = any(p.match(w) for i, w in words_between(sent, trigger.start - 7, trigger.start) for a, p in ACTION_WORDS
                if a in ("imposed", "announced", "raised", "threatened", "retaliatory") and w not in MODIFIER_ACTS
                and not (w == "place" and low[i - 1] == "in"))  # "left in place the levies" is a state
    # (not past a clause of its own: "announced a pause on the tariffs, but a baseline remains")
    stop = min(contrast_breaks(sent, trigger.end, trigger.end + 14, contrast) + [min(sent.end, trigger.end + 14)])
    around = _OLD_RATE_STATE.sub("", span_text(doc, max(sent.start, trigger.start - 8), stop))
    in_force = False
    if not acted and not (previous is not None and told_again(sent)) and _STATE.search(around) and \
            not any(abs(d.start - trigger.start) <= 10 or (0 < d.start - trigger.start <= 24 and
                                                           lowers(doc)[d.start - 1] == "since")
                    for d in doc.spans.get("dates", []) if sent.start <= d.start < sent.end):
        if not RATE.search(span_text(doc, max(sent.start, trigger.start - 4), min(sent.end, trigger.end + 4))):
            return None  # "tariffs remain in place": a state, not an act, unless it says since when
        # "the existing 100 percent tariffs on canola oil": a measure in force with its rate (GOLD_FORMAT)
        in_force, action = True, "imposed"
    trig_word = trigger.text.lower()
    if trig_word.startswith(("counter", "retaliat")):
        action = "retaliatory" if action in (None, "imposed", "announced", "raised") else action
    # (what the tariff answers, not what answers it: "Ramaphosa responds to U.S. tariff hike" is no retaliation)
    answered = answered_at(sent, trigger)
    response_words = text_clause if answered is None else span_text(doc, trigger.start, min(sent.end, trigger.end + 12))
    if (re.search(r"\b(retaliat\w*|in response|respond\w* (?:to|with)|"
                  r"(?:hit|hits|hitting|struck|strikes|striking) back|counter-?tariffs?|"
                  r"matching|in kind|tit-for-tat)\b",
                  response_words, re.I) or response_noun(sent, trigger)) and action in (None, "imposed", "announced"):
        action = "retaliatory"
    action = action or "imposed"
    if action == "threatened" and re.search(r"\b(hit back|retaliat\w*|counter-?tariffs?)\b",
                                            span_text(doc, lo, trigger.end), re.I) \
            and not _CONDITION.search(text_clause):
        action = "retaliatory"  # "vowed to hit back with tariffs of his own": a promised response, not a threat
    clause = span_text(doc, clause_start(sent, trigger), next_clause(sent, trigger))
    conditional = bool(_CONDITION.search(clause)) and bool(re.search(r"\b(would|will|could)\b", clause))
    after = span_text(doc, trigger.end, next_clause(sent, trigger))
    if action in ("lifted", "paused", "exempted") and re.search(r"\b(if|unless|provided|once)\b", after):
        return None  # "willing to cut tariffs to zero if a deal can be reached": an offer (GOLD_FORMAT: no event)
    if action == "threatened" or (conditional and action in ("imposed", "announced", "raised")):
        action, status = "threatened", "threatened"
    elif _FUTURE.search(text_before) and action in ("imposed", "announced") and (
            re.search(r"\b(announced|unveiled|declared|confirmed|said|wrote|told)\b", sent_text(sent)) or
            quotes.attributed(doc, trigger.start)):
        action, status = "announced", "occurred"  # "Canada will impose a surtax, Trudeau announced": the act is
        # the announcement, done on the day it was made
    elif (_FUTURE.search(text_before) or _PROMISE.search(span_text(doc, max(sent.start, trigger.start - 12),
                                                                  trigger.start))) \
            and action in ("imposed", "announced", "retaliatory", "raised"):
        status = "planned"  # "Trump has promised a much broader set of reciprocal tariffs on April 2"
    elif action == "imposed" and TAKES_EFFECT.search(
            span_text(doc, trigger.end, min(sent.end, next_clause(sent, trigger), trigger.end + 12))):
        action, status = "imposed", "planned"  # "a 10 per cent tariff takes effect on Saturday": scheduled
    elif action in CHANGES and _WILL_BE.search(span_text(doc, trigger.end, min(sent.end, trigger.end + 8))):
        status = "planned"  # "tariffs on Chinese imports will be reduced to 30 percent"
    else:
        status = "occurred"
    imposer, passive_hit = find_imposer(sent, trigger, ms, registry, anchor, verb_at)
    # with no agent found, who else could it be: not a party the sentence says is hit
    hit = {a.id for a in targets_in(sent, sent.start, sent.end, ms, None, registry, anchor)} | \
        {a.id for a in passive_hit} if imposer is None else set()
    if imposer is None and (has_rate or passive_hit):
        imposer = speaker_after(sent, trigger, ms, registry, anchor, hit)
    if imposer is None and has_rate:
        # "A 25 per cent tariff took effect on goods from Canada": a passive with a rate; the imposer is the
        # country or leader the preceding sentence was about ("What Washington did.").
        if previous is not None and previous.imposer.id not in hit:
            imposer = previous.imposer  # the measures of one paragraph usually come from one government
        elif previous is None and page_imposer is not None and page_imposer.id not in hit:
            imposer = page_imposer  # ... and of one page, after a long quote: not whoever the quote was about
        for m in reversed(context if imposer is None else []):
            actor = country_of(m, registry, anchor)
            if after_a_preposition(doc, m, context, doc[m.start].sent):
                continue  # "Biden is rolling out new tariffs on China": China was hit there, not hitting; "met in
                # Busan, South Korea": a place
            if actor is not None and actor.id not in hit:
                imposer = actor
                break
    if imposer is None and action in ("paused", "lifted", "exempted", "raised") and verb_at == trigger.start:
        # "after a morning phone call with Trump, the tariffs on Mexican goods are paused": a passive with no agent;
        # the leader named in the sentence who is not on the receiving end took the act
        people = sorted((m for m in ms if m.is_person and m.kind != "pronoun"),
                        key=lambda m: abs(m.start - trigger.start))
        for m in people:
            actor = country_of(m, registry, anchor)
            if actor is not None and actor.id not in hit and hit:
                imposer = actor
                break
    if imposer is None:
        return None
    return TariffAct(imposer=imposer, target=None, rate=None, action=action, status="occurred" if in_force else status,
                     goods=goods_of(sent, trigger), trigger=trigger, hit=tuple(passive_hit), in_force=in_force)


def _split(sent: Span, act: TariffAct, ms: list[Mention], registry: Registry,
           anchor: dt.date | None, since: int, until: int) -> list[TariffAct]:
    """One act per (rate, target): each rate takes the targets between it and the next rate."""
    text_start = sent.start_char
    rates = [(span.start, value) for span, value in rates_in(sent)]
    for m in TO_ZERO.finditer(sent_text(sent)):  # "reduced to zero": a removal, rate 0
        span = sent.doc.char_span(text_start + m.start(1), text_start + m.end(1), alignment_mode="expand")
        if span is not None:
            rates.append((span.start, 0.0))
    rates.sort()
    # "to 30 per cent from 145 per cent": the old rate is not the act's; "from the current 145 per cent" tells the
    # measure in force before it (a rate in force is a measure: GOLD_FORMAT)
    in_force = [r for i, r in rates if old_rate(sent, i) and act.action in CHANGES and any(
        w in ("current", "existing", "present") for w in lowers(sent.doc)[max(sent.start, i - 3):i])]
    rates = [(i, r) for i, r in rates if not old_rate(sent, i) and not rate_of_another_phrase(sent, i, act.trigger)
             and not share_of(sent, i)]
    # "an additional 25 percent tariff, bringing the total to 50 percent": one act, told with its rate
    rates = [(i, r) for i, r in rates if not total_rate(sent, i)] or rates
    begin = max(since, previous_clause_break(sent, act.trigger))
    end = min(clause_end(sent, act.trigger), next_clause(sent, act.trigger), until)
    if end < sent.end and lowers(sent.doc)[end] in coder.words("tariff", "contrast") and coder.hit_clause(sent, end):
        end = min(sent.end, until)  # "a 20% tariff, while Cambodia faces 19%": the list of rates goes on
    rates = [(i, r) for i, r in rates if i >= begin]
    all_targets = list(act.hit) + [t for t in targets_in(sent, begin, end, ms, act.imposer, registry, anchor)
                                   if t not in act.hit]
    if not all_targets:  # the parse's "on X" ("tariffs on imports from the country") where no window found one
        parties = coder.tariff_parties(act.trigger)
        found = mention_over(ms, parties.target) if parties is not None else None
        actor = country_of(found, registry, anchor) if found is not None else None
        if actor is not None and actor != act.imposer:
            all_targets = [actor]
    clause = span_text(sent.doc, begin, end)
    if not all_targets and re.search(r"\beach other'?s?\b", clause):
        # "the United States and China cut duties on each other's goods": one measure each way
        parties = [a for a in dict.fromkeys(country_of(m, registry, anchor) for m in ms
                                            if begin <= m.start < end and not m.is_person) if a is not None]
        if len(parties) == 2:
            a, b = parties
            return [TariffAct(imposer=a, target=b, rate=None, action=act.action, status=act.status, goods=act.goods,
                              trigger=act.trigger),
                    TariffAct(imposer=b, target=a, rate=None, action=act.action, status=act.status, goods=act.goods,
                              trigger=act.trigger)]
    if not all_targets and act.action in ("threatened", "retaliatory"):
        # "countermeasures starting April 1 if the Trump administration does not ...": the party of the condition
        all_targets = condition_parties(sent, ms, act.imposer, registry, anchor)
    if not all_targets and act.action == "retaliatory":
        all_targets = [a for a in (country_of(m, registry, anchor) for m in ms if response_to(sent, m.start))
                       if a is not None and a != act.imposer][:1]
    if not rates:
        rate = 0.0 if act.action == "lifted" and full_removal(sent, act.trigger) else None
        return [_with(act, t, rate) for t in all_targets or [None]]
    out: list[TariffAct] = []
    rates = [(i, r) for i, r in rates if i < end]
    if not rates:
        return [_with(act, t, None) for t in all_targets or [None]]
    # Each rate owns the stretch from the list separator before it ("..., with Canadian energy taxed at a lower
    # 10 per cent", "and 10 per cent on China") to the next rate's separator.
    starts = [min(rates[0][0], act.trigger.start)]
    for (p, _), (i, _) in zip(rates, rates[1:], strict=False):
        seps = [j for j in range(p + 1, i) if lowers(sent.doc)[j] in RATE_SEPARATORS]
        starts.append(seps[-1] if seps else i)
    bounds = starts[1:] + [end]
    own = [targets_in(sent, starts[k], bounds[k], ms, act.imposer, registry, anchor) for k in range(len(rates[:6]))]
    for k, (_, rate) in enumerate(rates[:6]):
        targets = own[k]
        if not targets and k == 0:
            # "hit Mexico and Canada with tariffs of 25% each, and China with 10%": the first rate takes the targets
            # named before it, those no later rate claims
            later = {t for o in own[1:] for t in o}
            targets = [t for t in all_targets if t not in later] if len(rates) > 1 else all_targets
        if not targets and k + 1 < len(own) and own[k + 1] and _shared_phrase(sent, rates[k][0], rates[k + 1][0]):
            # "AD rates of 120% and CVD rates of 300% on imports from Cambodia": two rates joined by "and", before
            # the one phrase they both tax
            targets = own[k + 1]
        if not targets and k > 0:
            targets = [out[-1].target] if out else []
        # "an additional 25 per cent duty" after "the 25 per cent tariff": the rate's own words say it is another
        before = lowers(sent.doc)[max(sent.start, rates[k][0] - 2):rates[k][0]]
        added = not coder.words("tariff", "added").isdisjoint(before)
        step = coder.escalation_date(sent, rates[k][0], bounds[k]) if k > 0 else None
        # "a 25% tariff on fentanyl, 25% on automobiles and 50% on steel": a later rate taxes what its own "on" names
        goods = goods_after(sent, rates[k][0], min(bounds[k], rates[k][0] + 5), act.trigger) if k > 0 else None
        for t in targets or [None]:
            out.append(_with(act, t, rate))
            out[-1].added = out[-1].added or added
            out[-1].goods = goods or out[-1].goods
            if step is not None:  # "a 25% tariff on sofas, rising to 30% on January 1": a raise of its own
                out[-1].action, out[-1].status, out[-1].step_at = "raised", "planned", step
    for rate in in_force[:1]:
        for t in {a.target for a in out} or {None}:
            out.append(TariffAct(imposer=act.imposer, target=t, rate=rate, action="imposed", status="occurred",
                                 goods=act.goods, trigger=act.trigger, in_force=True))
    return out


def _shared_phrase(sent: Span, rate_at: int, next_at: int) -> bool:
    """Two rates joined by "and" with no other separator, nor a word for everyone, between them."""
    between = lowers(sent.doc)[rate_at + 1:next_at]
    return "and" in between and (RATE_SEPARATORS - {"and"}).isdisjoint(between) and \
        coder.words("tariff", "all_partners").isdisjoint(between)


_MARKET = coder.phrases("tariff", "market")


_STATE = re.compile(r"\b(remain\w*|stay\w*|already|existing|current|currently|not affected|untouched|still|includes?|"
                    r"ha(?:s|ve) applied|in force since|in place)\b", re.I)


def _with(act: TariffAct, target: Actor | None, rate: float | None) -> TariffAct:
    return TariffAct(imposer=act.imposer, target=target, rate=rate, action=act.action, status=act.status,
                     goods=act.goods, trigger=act.trigger, hit=act.hit, added=act.added, in_force=act.in_force)


def _continuation(sent: Span, ms: list[Mention], previous: TariffAct, registry: Registry,
                  anchor: dt.date | None) -> list[TariffAct]:
    """ "China was assigned 34 per cent": a country and a rate after a sentence that announced tariffs."""
    doc = sent.doc
    if _MARKET.search(doc_text(sent.doc), sent.start_char, sent.end_char):
        return []  # "the Nikkei index rose more than 3 per cent": markets, not a rate assigned to a country
    countries = [m for m in ms if not m.is_person and m.kind != "demonym" and not in_relative_clause(sent, m.start)]
    out: list[TariffAct] = []
    if not RATE.search(sent_text(sent)) and more_targets(sent):
        # "South Korea, Thailand, India and Turkey are also affected": more targets of the act just told
        for m in countries:
            actor = country_of(m, registry, anchor)
            if actor is not None and actor != previous.imposer and actor != previous.target and \
                    all(a.target != actor for a in out):
                out.append(TariffAct(imposer=previous.imposer, target=actor, rate=previous.rate,
                                     action=previous.action, status=previous.status, goods=None,
                                     trigger=previous.trigger))
        return out
    # "stacked on the 20 per cent already in place", "up from 25%": no new measure
    rates = [(span, value) for span, value in rates_in(sent)
             if not (span.start > sent.start and lowers(doc)[span.start - 1] in ("from", "above", "below"))]
    goods_line = GOODS_LINE.fullmatch(sent_text(sent).strip())
    if goods_line and not countries:
        # "The rates will rise as follows: / Semiconductors – up from 25% to 50% by 2025": a line of the list names
        # goods and their new rate, for the measure just told
        return [TariffAct(imposer=previous.imposer, target=previous.target, rate=rates[-1][1],
                          action=previous.action, status=previous.status, goods=goods_line["goods"].strip(),
                          trigger=previous.trigger)] if rates else []
    for span, value in rates:
        if share_of(sent, span.start):
            continue  # nor "99% of imports"
        before = [m for m in countries if m.end <= span.start and span.start - m.end <= 12]
        if not before:
            continue
        # "Algeria, Libya, Iraq: 30%": a list before a colon shares the rate, as does "Laos and Myanmar ... at 40%"
        listed = [country_of(m, registry, anchor) for m in countries if m.end <= span.start] \
            if ":" in texts(doc)[before[-1].end:span.start] else \
            list_before(doc, before[-1], countries, sent.start, registry, anchor) + \
            [country_of(before[-1], registry, anchor)]
        for actor in listed:
            if actor is None or actor == previous.imposer or any(a.target == actor for a in out):
                continue
            out.append(TariffAct(imposer=previous.imposer, target=actor, rate=value,
                                 action=previous.action, status=previous.status, goods=None, trigger=previous.trigger))
    return out
