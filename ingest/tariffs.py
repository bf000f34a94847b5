"""Tariff measures in one sentence: action, status, imposer, target(s), rate(s) and goods.

A sentence yields tariff events only when a tariff word is tied to an act (a verb of imposing,
threatening, pausing... near it, or a rate): talk about tariffs in general yields nothing. Several rates
or several targets in one sentence ("25 per cent on Canada and Mexico, 10 per cent on China") give one
event per (rate, target) pair, each rate taking the targets written next to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.actors import Actor, Registry
from ingest.mentions import Mention
from ingest.nlp import doc_text, lowers, sent_text, span_text, texts
from ingest.syntax import token

# Verb stems that name the act, by action; checked on the words around the tariff word.
ACTION_WORDS: list[tuple[str, re.Pattern]] = [
    ("threatened", re.compile(r"^(threat\w*|warn\w*|vow\w*|menac\w*)$")),
    ("paused", re.compile(r"^(paus\w*|suspend\w*|suspension|delay\w*|postpon\w*|hold|shelv\w*|reprieve|"
                          r"defer\w*|truce)$")),
    ("exempted", re.compile(r"^(exempt\w*|exclu\w*|carve-outs?|spar\w+|waiv\w*)$")),
    ("lifted", re.compile(r"^(lift\w*|remov\w*|dropp?\w*|scrap\w*|cut|cuts|cutting|reduc\w*|lower\w*|rescind\w*|"
                          r"eliminat\w*|withdr[ae]w\w*|slash\w*|fall|falls|fell|ease\w*|easing|repeal\w*)$")),
    ("raised", re.compile(r"^(rais\w*|rise|rises|rising|risen|rose|climb\w*|hik\w*|increas\w*|doubl\w*|tripl\w*|"
                          r"escalat\w*|boost\w*|jump\w*|"
                          r"stack\w*|add\w*|additional|extra|further|higher)$")),
    ("retaliatory", re.compile(r"^(retaliat\w*|counter-tariffs?|countermeasures?|counter-measures?|"
                               r"countertariffs?|counter|response|responded|respond\w*|reciprocat\w*)$")),
    ("imposed", re.compile(r"^(impos\w*|slap\w*|levied|levying|appl(y|ied|ies|ying)|collect\w*|"
                           r"charg\w*|plac\w*|put|hit|hits|hitting|effect|force|kick\w*|begin|began|begun|"
                           r"start\w*|took|takes|taking|entered|enters)$")),
    ("announced", re.compile(r"^(announc\w*|unveil\w*|order\w*|sign\w*|declar\w*|set|sets|plans?|"
                             r"proclam\w*|issu\w*|assign\w*|face|faces|pay|gets|get|unveiling|"
                             r"introduc\w*|confirm\w*|promis\w*|pledg\w*)$")),
]
_ACTION_PRIORITY = {"threatened": 0, "paused": 1, "exempted": 2, "lifted": 3, "retaliatory": 4, "raised": 5,
                    "imposed": 6, "announced": 7}
_CONDITION = re.compile(r"\b(if|unless|should)\b", re.I)
_FUTURE = re.compile(r"\b(will|would|'ll|plans? to|planning to|set to|expected to|is to|are to|intends? to|"
                     r"vow\w* to|pledg\w* to|going to|prepar\w+ to|promised|aims? to)\b", re.I)
TAKES_EFFECT = re.compile(r"\b(takes effect|take effect|kicks in|kick in|(?:comes?|coming) into (?:force|effect)|"
                          r"be(?:come)? effective)\b",
                          re.I)
_PROMISE = re.compile(r"\b(promis\w*|pledg\w*)\b", re.I)
_NEGATION = re.compile(r"\b(not|n't|never|no|without|refus\w*|declin\w*|rul\w+ out|rejected)\b", re.I)
RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b|pc\b)", re.I)
_TO_ZERO = re.compile(r"\bto (zero|nil)\b", re.I)
_GOODS_HEAD = {"goods", "imports", "products", "exports", "vehicles", "cars", "autos", "automobiles", "steel",
               "aluminum", "aluminium", "energy", "lumber", "softwood", "items", "shipments", "dairy", "canola",
               "pork", "beef", "seafood", "chips", "semiconductors", "pharmaceuticals", "drugs", "copper", "trucks",
               "parts", "electronics", "evs", "batteries", "potash", "oil", "gas", "wine", "whisky", "spirits",
               "motorcycles", "appliances", "machinery", "textiles", "apparel", "timber", "soybeans", "import",
               "product", "export", "made", "built", "-", "origin"}
_ORIGIN_WORDS = {"-", "made", "built", "origin"}  # "Chinese-made electric vehicles": where from, then what
_TARGET_PREP = {"on", "against", "from", "targeting", "hitting", "to", "for", "and", "or", "including",
                "hit", "hits", "slap", "slapped", "punish", "penalise", "penalize", "exempt", "exempted", "spare",
                "spared"}
_NOT_IMPOSER_PREP = {"on", "against", "from", "to", "with", "for", "into", "toward", "towards", "targeting",
                     "hitting", "over", "about", "of", "in", "at", "including"}


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


def tariff_acts(sent: Span, triggers: list[Span], ms: list[Mention], registry: Registry,
                anchor: dt.date | None, previous: TariffAct | None,
                context: list[Mention] | None = None, pair: tuple[Actor, Actor] | None = None) -> list[TariffAct]:
    """Tariff measures stated in ``sent``; ``previous`` is the last act of the article (for "the
    European Union will pay 20 per cent" after a sentence announcing the tariffs)."""
    acts: list[TariffAct] = []
    used_until = -1
    owners = [_owner(sent, t, ms) for t in triggers]
    agents = [_parse_imposer(sent, t, ms, registry, anchor) for t in triggers]
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
        own_verb = _coordinated_verb(sent, last.trigger, trigger) if last is not None else None
        if trigger.start <= used_until and not other_owner and own_verb is None:
            continue  # the same measure named again within its own clause ("tariffs ... the levy")
        reading = coder.read(trigger)
        if reading is not None and reading.modality in _UNTOLD:
            continue  # "we want to see that 25% tariff shrink, ... the tariff the administration imposed": a wished
            # measure does not take the clause from the one told after it
        if _in_condition(sent, trigger) or _since_clause(sent, trigger):
            continue  # "unless Canada dropped its tariffs, ...": a hypothetical, the condition of another act;
            # "the first leader to visit since the White House unveiled new tariffs": a point in time
        modifier = next((m for m in ms if trigger.start - 1 <= m.end <= trigger.start), None)  # "the U.S. duties"
        head = _phrase_start(sent, modifier.start if modifier is not None else trigger.start)
        if response_to(sent, head) and any(a is not None for a in agents[k + 1:]) and \
                not RATE.search(span_text(sent.doc, head, trigger.start)):
            continue  # "will respond to the U.S. duties with 25 per cent tariffs": what is answered, no act of its own
        act = _act_around(sent, trigger, ms, registry, anchor, context or [], previous)
        if act is None:
            acts.extend(_both_sides(sent, trigger, pair))
            continue
        if trigger.start <= used_until and last is not None and own_verb is None:
            act.action, act.status = last.action, last.status
        # the measure's rates and targets stop where another country's tariff is named
        until = next((o.start for o in owners[k + 1:] if o is not None and o.start > trigger.start
                      and country_of(o, registry, anchor) != act.imposer), sent.end)
        until = min([until] + [_phrase_start(sent, t.start) for t, a in zip(triggers[k + 1:], agents[k + 1:],
                                                                            strict=True)
                               if a is not None and a != act.imposer and t.start > trigger.start])
        since = _phrase_start(sent, owner.start) if other_owner and owner is not None else \
            own_verb if own_verb is not None else sent.start
        split = _split(sent, act, ms, registry, anchor, since, until)
        if own_verb is not None and last is not None and all(a.target is None for a in split):
            # "sets a 15 per cent tariff on Japanese goods and lowers the levy on the country's car exports"
            split = [_with(a, t.target, a.rate) for a in split for t in acts if t.trigger is last.trigger] or split
        acts.extend(split)
        last = act
        # a later tariff word counts only past this clause: "ordered tariffs on cars, and a day later
        # warned that Canada would face far steeper levies" is two measures
        used_until = _next_clause(sent, trigger)
    if not acts and previous is not None and not triggers:
        acts.extend(_continuation(sent, ms, previous, registry, anchor))
    return acts


_BOTH = re.compile(r"\b(both sides|the two sides|both countries|the two countries|both governments|each side|"
                   r"the two governments)\b", re.I)


def _both_sides(sent: Span, trigger: Span, pair: tuple[Actor, Actor] | None) -> list[TariffAct]:
    """ "Both sides said they would also remove tariffs on ...": one measure each way between the two parties of
    the last measure told (``pair``)."""
    if pair is None or \
            not _BOTH.search(span_text(sent.doc, max(sent.start, trigger.start - 12), trigger.start)):
        return []
    action, _ = _action_near(sent, trigger)
    if action is None:
        return []
    status = "planned" if _FUTURE.search(span_text(sent.doc, max(sent.start, trigger.start - 8), trigger.start)) \
        else "occurred"
    rate = 0.0 if action == "lifted" and _full_removal(sent, trigger) else None
    goods = _goods(sent, trigger)
    a, b = pair
    return [TariffAct(imposer=x, target=y, rate=rate, action=action, status=status, goods=goods, trigger=trigger)
            for x, y in ((a, b), (b, a))]


def _coordinated_act(doc: Doc, lo: int, hi: int) -> bool:
    """ "and imposed", "but raised" between ``lo`` and ``hi``: a coordinated verb of its own."""
    low = lowers(doc)
    return any(low[k] in ("and", "but") and any(p.match(low[k + 1]) for a, p in ACTION_WORDS if a != "threatened")
               for k in range(lo, hi - 1))


def _coordinated_verb(sent: Span, first: Span, trigger: Span) -> int | None:
    """ "cuts the tariff on cars to 10 per cent and removes tariffs on engines": a second act verb, coordinated
    with the first, governs a second measure; its position."""
    doc = sent.doc
    lo = max(first.end, trigger.start - 3)
    for i in range(lo, trigger.start):
        if any(p.match(lowers(doc)[i]) for _, p in ACTION_WORDS) and lowers(doc)[i] not in _AFTER_OK_NOUNS:
            return i if i > first.end and lowers(doc)[i - 1] in ("and", "but", "then", "also") else None
    return None


_CHANGES = {"paused", "exempted", "lifted", "raised"}  # acts on a measure already there
_MODIFIER_ACTS = {"retaliatory", "additional", "extra", "further", "higher", "reciprocal", "new", "counter"}
_AFTER_OK_NOUNS = {"additional", "extra", "further", "higher", "effect", "force", "response", "counter", "new"}


def _words(sent: Span, lo: int, hi: int) -> list[tuple[int, str]]:
    doc = sent.doc
    return [(i, lowers(doc)[i]) for i in range(max(sent.start, lo), min(sent.end, hi))]


def _action_near(sent: Span, trigger: Span) -> tuple[str | None, int]:
    """The act named nearest the tariff word (window: 10 words before, 5 after), and the position of the
    leftmost act word before the tariff word (the governing verb: "threatened to hit ... with tariffs")."""
    best: tuple[int, int, str] | None = None
    modifier: tuple[int, int, str] | None = None
    leftmost = trigger.start
    threat = pause = False
    doc = sent.doc
    conditions = [(a, b) for a, b in _conditions(sent) if not a <= trigger.start < b]
    words = _words(sent, max(_clause_start(sent, trigger), trigger.start - 10),
                   min(trigger.end + 5, _clause_end(sent, trigger)))  # not into "after Washington raised ..."
    skip = _relative_after(sent, trigger)
    if skip:  # "Canada's duties, which were to hit US$30 billion of goods, are suspended": past the aside
        words = [(i, w) for i, w in words if i < trigger.end] + _words(sent, skip + 1, skip + 6)
    for i, w in words:
        if trigger.start <= i < trigger.end and not w.startswith(("counter", "retaliat")):
            continue
        if any(a <= i < b for a, b in conditions):
            continue  # "unless Canada dropped its tariffs, he would raise...": the condition's verb
        if i >= trigger.end and (w not in _AFTER_OK and lowers(doc)[i - 1] not in _AUXILIARY
                                 or lowers(doc)[i - 1] in _SUBJECT_PRONOUNS):
            continue  # "tariffs would raise costs": after the tariff word only passives name an act on it; "the
            # tariffs they imposed on each other" tells an earlier act
        for action, pattern in ACTION_WORDS:
            if pattern.match(w):
                dist = trigger.start - i if i < trigger.start else i - (skip or trigger.end - 1)
                if i < trigger.start:
                    leftmost = min(leftmost, i)
                if action == "threatened" and i < trigger.start and lowers(doc)[i - 1] in _DETERMINERS and \
                        w.endswith("ed"):
                    continue  # "pause his threatened tariffs": an adjective, the verb names the act (but "a
                    # threat by Trump to slap a tariff" is the act)
                if action == "threatened" and not (i < trigger.start and _coordinated_act(doc, i + 1, trigger.start)):
                    threat = True  # unless another verb takes over: "vowed to fight and imposed a tariff"
                if action == "paused" and i < trigger.start:
                    pause = True
                if dist > 7:
                    break  # far enough to govern the clause, too far to name the act
                key = (dist, _ACTION_PRIORITY[action], action)
                if i < trigger.end and w in _MODIFIER_ACTS:
                    modifier = modifier if modifier is not None and modifier < key else key
                elif best is None or key < best:
                    best = key
                break
    # "retaliatory duties ... are suspended": an adjective before the tariff word yields to a predicate after it,
    # and to a verb that changes the measure ("dropped its counter-tariffs", "raised its retaliatory tariffs")
    if modifier is not None and (best is None or best[0] > 7 or not (best[2] in _CHANGES or any(
            i >= trigger.end and p.match(w) for i, w in words for a, p in ACTION_WORDS if a == best[2]))):
        best = modifier if best is None or modifier < best else best
    # "vowed to hit every product coming from Canada with a 25 per cent tariff": a threat governs its whole clause
    threat_word = dict(ACTION_WORDS)["threatened"]
    lo = max(_clause_start(sent, trigger), trigger.start - 16)
    if not threat and any(threat_word.match(w) and not _coordinated_act(doc, i + 1, trigger.start)
                          for i, w in _words(sent, lo, trigger.start - 10)):
        threat = True
    # the verb the parse gives the tariff to as its object names the act, wherever it stands: "has dropped its
    # digital tax and many retaliatory tariffs" (over an adjective, or an act word further away)
    verb = coder.governing_verb(trigger)
    if verb is not None and (best is None or best[0] > 3 or best[2] == "retaliatory"):
        named = next((a for a, p in ACTION_WORDS if p.match(lowers(doc)[verb])), None)
        if named is not None and named != "threatened":
            best = (0, _ACTION_PRIORITY[named], named)
    if best is not None and best[2] == "imposed" and coder.announced_above(trigger):
        best = (best[0], _ACTION_PRIORITY["announced"], "announced")  # "announced his plans to impose a tariff"
    change = _change_to_rate(sent, trigger)
    if change is not None and (best is None or best[0] > 2):
        best = (1, _ACTION_PRIORITY[change], change)
    if threat:  # "threatened to hit X with tariffs": the threat governs the whole clause
        return "threatened", leftmost
    if pause:  # "would hold off on raising the tariff": the pause governs what it holds off
        return "paused", leftmost
    if best is None:
        return None, leftmost
    return best[2], leftmost


_TO_RATE_ANY = re.compile(r"\b(?:to|from)\s+(?:about\s+|around\s+|just\s+)?(?:\d|zero\b|nil\b)", re.I)
_TO_RATE = re.compile(r"^(?:to|from)\s+(?:about\s+|around\s+|just\s+)?(?:\d|zero\b|nil\b)", re.I)


def _relative_after(sent: Span, trigger: Span) -> int:
    """The comma closing a ", which ..." / ", who ..." aside right after the tariff word (0 when there is none)."""
    doc = sent.doc
    if trigger.end + 1 >= sent.end or texts(doc)[trigger.end] != "," or \
            lowers(doc)[trigger.end + 1] not in ("which", "who", "that"):
        return 0
    return next((k for k in range(trigger.end + 2, min(sent.end, trigger.end + 25)) if texts(doc)[k] == ","), 0)


def _change_to_rate(sent: Span, trigger: Span) -> str | None:
    """ "tariffs on British cars will fall to 10 per cent": the tariff as the subject of a change of rate (the
    verb comes after the tariff word, with a new or old rate right after the verb)."""
    doc = sent.doc
    if not _TO_RATE_ANY.search(span_text(doc, trigger.end, min(sent.end, trigger.end + 22))):
        return None
    for i in range(trigger.end, min(sent.end - 1, trigger.end + 18)):
        if texts(doc)[i] in (";", ":", "—") or lowers(doc)[i] in ("that", "which", "who", "while", "if", "unless"):
            return None
        w = lowers(doc)[i]
        for action in ("lifted", "raised"):
            if dict(ACTION_WORDS)[action].match(w) and _TO_RATE.match(span_text(doc, i + 1, min(sent.end, i + 4))):
                return action
    return None


def _response_noun(sent: Span, trigger: Span) -> bool:
    """ "Mexico's tariff and non-tariff response": the tariff as a response."""
    for t in sent.doc[trigger.end:min(sent.end, trigger.end + 6)]:
        if t.lower_ == "response":
            return True
        if t.lower_ not in ("and", "or", "non", "-", "tariff", "tariffs", "trade"):
            return False
    return False


def _other_act_word(sent: Span, trigger: Span) -> bool:
    """An act verb near the tariff word besides the word itself ("unveil Canada's countermeasures")."""
    for _, w in _words(sent, max(_clause_start(sent, trigger), trigger.start - 10), trigger.start):
        if any(p.match(w) for a, p in ACTION_WORDS if a != "retaliatory") and w not in _AFTER_OK_NOUNS:
            return True
    return bool(re.search(r"\b(retaliat\w*|respon\w+|answer\w*|repl(?:y|ied|ies)|hit back|strike back)\b",
                          span_text(sent.doc, max(sent.start, trigger.start - 10), trigger.start), re.I))


def told_again(sent: Span) -> bool:
    """The sentence's subject takes up the measure just told: "The measures include ...", "The new tariffs,
    beginning Monday, include ..." (the words in ingest/lexicon/frames.toml, [tariff] told_again)."""
    start = " ".join(lowers(sent.doc)[sent.start:min(sent.end, sent.start + 4)])
    return start.startswith(tuple(coder.told_again_words()))


def _act_untold(sent: Span, trigger: Span, action: str) -> bool:
    """The word naming the act, nearest the tariff word, is one the parse says tells nothing (wished, considered,
    denied, negated, asked about): "to consider an exemption for Australia from the tariffs"."""
    pattern = dict(ACTION_WORDS)[action]
    near = sorted((abs(i - trigger.start), i) for i, w in _words(sent, trigger.start - 10, trigger.end + 5)
                  if not trigger.start <= i < trigger.end and pattern.match(w))
    if not near:
        return False
    reading = coder.read(Span(sent.doc, near[0][1], near[0][1] + 1))
    return reading is not None and reading.modality in _UNTOLD


def _act_around(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
                anchor: dt.date | None, context: list[Mention], previous: TariffAct | None) -> TariffAct | None:
    doc = sent.doc
    action, verb_at = _action_near(sent, trigger)
    text_before = span_text(doc, max(sent.start, trigger.start - 8), trigger.start)
    text_clause = span_text(doc, max(sent.start, trigger.start - 12), min(sent.end, trigger.end + 12))
    has_rate = bool(RATE.search(text_clause))
    if _granted_free(sent, trigger):
        action = "lifted"  # "Britain will open tariff-free quotas for American ethanol": a removal
    if (action is None or (action == "retaliatory" and not _other_act_word(sent, trigger))) and not has_rate:
        return None  # "adjust its countermeasures": a counter-word alone names no act
    if action is not None and _act_untold(sent, trigger, action):
        return None  # "convinced Trump to consider an exemption from the tariffs": the act word is only wished for
    lead = doc[max(sent.start, trigger.start - 10):trigger.start]
    cut = max((t.i + 1 for t in lead if t.text in (",", ";", ":")), default=lead.start)
    if _NEGATION.search(span_text(doc, cut, trigger.start)):
        return None  # "ended without any commitment to ease the tariffs"
    if any(lowers(doc)[i] == "non" for i in range(max(sent.start, trigger.start - 4), trigger.start)):
        return None  # "non-tariff barriers", "non-tariff countermeasures"
    low = lowers(doc)
    acted = any(p.match(w) for i, w in _words(sent, trigger.start - 7, trigger.start) for a, p in ACTION_WORDS
                if a in ("imposed", "announced", "raised", "threatened", "retaliatory") and w not in _MODIFIER_ACTS
                and not (w == "place" and low[i - 1] == "in"))  # "left in place the levies" is a state
    if not acted and not (previous is not None and told_again(sent)) and \
            _STATE.search(span_text(doc, max(sent.start, trigger.start - 8), min(sent.end, trigger.end + 14))) and \
            not any(abs(d.start - trigger.start) <= 10 or (0 < d.start - trigger.start <= 24 and
                                                           lowers(doc)[d.start - 1] == "since")
                    for d in doc.spans.get("dates", []) if sent.start <= d.start < sent.end):
        return None  # "tariffs remain in place": a state, not an act, unless it says since when
    trig_word = trigger.text.lower()
    if trig_word.startswith(("counter", "retaliat")):
        action = "retaliatory" if action in (None, "imposed", "announced", "raised") else action
    if (re.search(r"\b(retaliat\w*|in response|respond\w* (?:to|with)|"
                  r"(?:hit|hits|hitting|struck|strikes|striking) back|counter-?tariffs?|"
                  r"matching|in kind|tit-for-tat)\b",
                  text_clause, re.I) or _response_noun(sent, trigger)) and action in (None, "imposed", "announced"):
        action = "retaliatory"
    action = action or "imposed"
    if action == "threatened" and re.search(r"\b(hit back|retaliat\w*|counter-?tariffs?)\b",
                                            span_text(doc, max(sent.start, trigger.start - 12), trigger.end), re.I) \
            and not _CONDITION.search(text_clause):
        action = "retaliatory"  # "vowed to hit back with tariffs of his own": a promised response, not a threat
    clause = span_text(doc, _clause_start(sent, trigger), _next_clause(sent, trigger))
    conditional = bool(_CONDITION.search(clause)) and bool(re.search(r"\b(would|will|could)\b", clause))
    if action == "threatened" or (conditional and action in ("imposed", "announced", "raised")):
        action, status = "threatened", "threatened"
    elif _FUTURE.search(text_before) and action in ("imposed", "announced") and \
            re.search(r"\b(announced|unveiled|declared|confirmed)\b", sent_text(sent)):
        action, status = "announced", "occurred"  # "Canada will impose a surtax, Trudeau announced": the act is
        # the announcement, done on the day it was made
    elif (_FUTURE.search(text_before) or _PROMISE.search(span_text(doc, max(sent.start, trigger.start - 12),
                                                                  trigger.start))) \
            and action in ("imposed", "announced", "retaliatory", "raised"):
        status = "planned"  # "Trump has promised a much broader set of reciprocal tariffs on April 2"
    elif action in ("imposed", "announced") and TAKES_EFFECT.search(
            span_text(doc, trigger.end, min(sent.end, _next_clause(sent, trigger), trigger.end + 12))):
        action, status = "imposed", "planned"  # "a 10 per cent tariff takes effect on Saturday": scheduled
    else:
        status = "occurred"
    imposer, passive_hit = _imposer(sent, trigger, ms, registry, anchor, verb_at)
    # with no agent found, who else could it be: not a party the sentence says is hit
    hit = {a.id for a in _targets_in(sent, sent.start, sent.end, ms, None, registry, anchor)} if imposer is None \
        else set()
    if imposer is None and (has_rate or passive_hit):
        imposer = _speaker_after(sent, trigger, ms, registry, anchor, hit | {a.id for a in passive_hit})
    if imposer is None and has_rate:
        # "A 25 per cent tariff took effect on goods from Canada": a passive with a rate; the imposer is the
        # country or leader the preceding sentence was about ("What Washington did.").
        if previous is not None and previous.imposer.id not in hit:
            imposer = previous.imposer  # the measures of one paragraph usually come from one government
        for m in reversed(context if imposer is None else []):
            actor = country_of(m, registry, anchor)
            before = [lowers(doc)[k] for k in range(max(0, m.start - 2), m.start)]
            if before and (before[-1] in _NOT_IMPOSER_PREP or before[-1] == "the" and before[:1] and
                           before[0] in _NOT_IMPOSER_PREP):
                continue  # "Biden is rolling out new tariffs on China": China was hit there, not hitting
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
    return TariffAct(imposer=imposer, target=None, rate=None, action=action, status=status,
                     goods=_goods(sent, trigger), trigger=trigger, hit=tuple(passive_hit))


_SPOKE = {"said", "says", "wrote", "writes", "announced", "announces", "posted", "declared", "told", "added"}


def _speaker_after(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
                   anchor: dt.date | None, hit: set[str]) -> Actor | None:
    """ "Japan will face a 25% tariff from Aug. 1, Trump said": the leader announcing a measure with no agent
    is the one imposing it, unless it is his own country that is hit (``hit``: actor ids)."""
    doc = sent.doc
    for m in ms:
        if m.start < trigger.end or not m.is_person or m.kind == "pronoun":
            continue
        before, after = lowers(doc)[m.start - 1], lowers(doc)[m.end] if m.end < sent.end else ""
        if after in _SPOKE or before in _SPOKE:
            actor = country_of(m, registry, anchor)
            return actor if actor is not None and actor.id not in hit else None
    return None


_SUBNATIONAL = {"provincial_premier", "state_governor", "governor", "mayor"}


_CUSTOMS_UNIONS = {"EU", "MERCOSUR"}  # organisations that set tariffs; a G7 or a NATO never does


def country_of(m: Mention, registry: Registry, anchor: dt.date | None) -> Actor | None:
    """The country (or customs union) a mention stands for as a party to a tariff: a person's country on the day, a
    body only if it sets tariffs (the EU does, the WTO or the G7 never); None for a provincial premier."""
    if not m.is_person:
        return m.actor if m.actor.kind != "organisation" or m.actor.id in _CUSTOMS_UNIONS else None
    held = [o for o in m.actor.offices if o.held_on(anchor)] or m.actor.offices
    if held and all(o.role in _SUBNATIONAL for o in held):
        return None  # a premier's surcharge is a provincial measure, not a national tariff
    country = m.actor.country_on(anchor)
    return registry.get(country) if country else None


_ENTERING = {"entering", "reaching", "shipped", "sold"}
_ARRIVING = {"arriving", "arrive", "arrives", "coming", "imported", "landing", "entering", "brought", "shipped"}
_UNTOLD = {"nothing", "denied", "negated", "question", "hypothetical"}
_THIRD_PARTY_TRADE = {"importing", "buying", "purchasing", "sourcing", "purchases", "buyers", "importers"}
_SHIPPED = {"exports", "goods", "shipments", "products", "sales", "cars", "vehicles", "shipped", "sold", "exported",
            "sent", "send", "sends", "ship", "ships", "sell", "sells", "export"}
_PASSIVE_HIT = re.compile(r"\b(would|will|could|to) (be hit|face|pay)|\b(faces?|facing) |\bbe hit\b|"
                          r"\b(was|were|is|are|been|being|got|gets) (hit|slapped|struck|spared|exempted)\b", re.I)
_SPEECH = re.compile(r"\b(said|says|wrote|writes|warned|warns|told|posted|announced|threatened|vowed|that)\b", re.I)


def _arriving(doc: Doc, m: Mention, sent: Span) -> bool:
    """ "steel arriving in the United States pays a 50% tariff": the country goods come into taxes them."""
    k = m.start - 1
    if k > sent.start and lowers(doc)[k] == "the":
        k -= 1
    return k > sent.start and lowers(doc)[k] in ("in", "into", "at") and lowers(doc)[k - 1] in _ARRIVING


def _destination(doc: Doc, m: Mention, sent: Span) -> bool:
    """ "EU exports to the U.S. will face a tariff": the country goods go to is the one taxing them."""
    k = m.start - 1
    if k > sent.start and lowers(doc)[k] == "the":
        k -= 1
    return k > sent.start and lowers(doc)[k] == "to" and lowers(doc)[k - 1] in _SHIPPED


def _imposer(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
             anchor: dt.date | None, verb_at: int) -> tuple[Actor | None, list[Actor]]:
    """(imposer, parties hit that stand before the tariff word as subjects of "face"/"be hit")."""
    doc = sent.doc
    parties = coder.tariff_parties(trigger)  # the parse first: agent, owner, or subject of the act's verb
    if parties is not None and parties.imposer:
        found = _mention_over(ms, parties.imposer)
        actor = country_of(found, registry, anchor) if found is not None else None
        if actor is not None:
            return actor, []
    # "tariffs imposed by the United States", "the tariff announced by the President"
    for m in ms:
        if m.start >= trigger.end and m.start - trigger.end <= 8 and (
                lowers(doc)[m.start - 1] == "by" or span_text(doc, m.start - 2, m.start).lower() == "by the"):
            # "Brazil was hit with a 50 per cent tariff by Trump": the subject is hit
            hit = [a for a in (country_of(x, registry, anchor) for x in ms if x.end <= trigger.start
                               and not x.is_person and _PASSIVE_HIT.search(span_text(doc, x.end, trigger.start)))
                   if a is not None]
            return country_of(m, registry, anchor), hit
        # "the tariff on imported vehicles that Trump announced on Wednesday", "the steep tariff the Trump
        # administration imposed earlier this year"
        zero_relative = m.start >= trigger.end and all(w in ("the", "a") for w in lowers(doc)[trigger.end:m.start]) \
            and m.start > trigger.end
        acted_at = m.end + (m.end < sent.end and lowers(doc)[m.end] in ("administration", "government"))
        if m.start >= trigger.end and m.start - trigger.end <= 8 and (
                lowers(doc)[m.start - 1] in ("that", "which") or zero_relative) \
                and acted_at < sent.end and any(p.match(lowers(doc)[acted_at]) for _, p in ACTION_WORDS):
            return country_of(m, registry, anchor), []
    # "U.S. duties on Chinese goods", "China's levies", "Canada's 25 per cent counter-tariff": whose tariff it is
    owner = _owner(sent, trigger, ms)
    if owner is not None:
        return country_of(owner, registry, anchor), []
    # "tariffs on many products they send to China": where the goods go taxes them
    for m in ms:
        if m.start > trigger.end and _destination(doc, m, sent) and country_of(m, registry, anchor) is not None:
            return country_of(m, registry, anchor), []
    # The subject of the governing verb comes before it; what follows it is hit, not hitting.
    lo = _clause_start(sent, trigger)
    conditions = [(a, b) for a, b in _conditions(sent) if not a <= trigger.start < b]
    ms = [m for m in ms if not any(a <= m.start < b for a, b in conditions)]  # the condition's parties are hit
    before = [m for m in ms if lo <= m.start and m.end <= verb_at] or \
        [m for m in ms if lo <= m.start and m.end <= trigger.start] or [m for m in ms if m.end <= trigger.start]
    hit = {a.id for a in _targets_in(sent, trigger.start, _clause_end(sent, trigger), ms, None, registry, anchor)}
    passive: list[Actor] = []
    for m in ms:  # "he warned that Mexico would face far steeper levies": named after the verb, hit
        if verb_at <= m.start and m.end <= trigger.start and not m.is_person and \
                _PASSIVE_HIT.search(span_text(doc, m.end, trigger.start)):
            actor = country_of(m, registry, anchor)
            if actor is not None and actor not in passive:
                passive.append(actor)
    for m in reversed(before):
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        prev2 = lowers(doc)[m.start - 2] if m.start - 1 > sent.start else ""
        if prev in _ENTERING or (prev == "the" and prev2 in _ENTERING) or _destination(doc, m, sent) or \
                _arriving(doc, m, sent):
            actor = country_of(m, registry, anchor)  # "goods entering the United States face a tariff"
            if actor is not None and actor.id not in hit:
                return actor, passive
        if prev in _NOT_IMPOSER_PREP or (prev == "the" and prev2 in _NOT_IMPOSER_PREP):
            continue  # "harm to the United States": neither the one imposing nor the one facing
        between = span_text(doc, m.end, min(trigger.start, max(verb_at, m.end) + 2))
        if _PASSIVE_HIT.search(between) and not _SPEECH.search(between):
            actor = country_of(m, registry, anchor)
            if actor is not None and actor not in passive:
                passive.append(actor)  # "the EU and Canada would face tariffs": hit, not hitting
            continue
        nxt = lowers(doc)[m.end] if m.end < len(doc) else ""
        if m.kind == "demonym" and nxt in _GOODS_HEAD:
            continue  # "Chinese goods" names the target
        actor = country_of(m, registry, anchor)
        if actor is not None and actor.id not in hit and actor not in passive:
            # "Ishiba said the tariff on Japanese cars": not Japan's
            if passive:  # the others named in the same if-clause are hit too ("worked with Canada")
                passive += [a for a in (country_of(x, registry, anchor) for x in ms
                                        if m.end <= x.start < verb_at and not x.is_person)
                            if a is not None and a != actor and a not in passive]
            return actor, passive
    return None, passive


_OWNER_GAP = {"'s", "’s", "own", "new", "extra", "additional", "retaliatory", "reciprocal", "existing", "current",
              "global", "baseline", "punitive", "sweeping", "steep", "latest", "higher", "first", "second", "import",
              "per", "cent", "percent", "%", '"', "“", "”", "-", "counter", "blanket", "universal", "proposed"}


def _mention_over(ms: list[Mention], words: tuple[int, ...]) -> Mention | None:
    """The mention holding the first of ``words`` that any mention holds (the head word first)."""
    for i in words:
        for m in ms:
            if m.start <= i < m.end:
                return m
    return None


def _parse_imposer(sent: Span, trigger: Span, ms: list[Mention], registry: Registry,
                   anchor: dt.date | None) -> Actor | None:
    """The country the parse names as imposing the tariff word (its agent, owner or the subject of its verb)."""
    parties = coder.tariff_parties(trigger)
    agent = _mention_over(ms, parties.imposer) if parties is not None and parties.imposer else None
    return country_of(agent, registry, anchor) if agent is not None else None


def _phrase_start(sent: Span, i: int) -> int:
    """Back from an owner to the start of its noun phrase: "a 10 per cent global U.S. levy" starts at "a"."""
    doc = sent.doc
    while i > sent.start and (lowers(doc)[i - 1] in _OWNER_GAP or doc[i - 1].like_num
                              or lowers(doc)[i - 1] in ("a", "an", "the", "its", "their")):
        i -= 1
    return i


def _owner(sent: Span, trigger: Span, ms: list[Mention]) -> Mention | None:
    """A country (or its demonym) right before the tariff word, with only modifiers between: the imposer."""
    doc = sent.doc
    for m in reversed(ms):
        if m.end > trigger.start or m.is_person:
            continue
        gap = doc[m.end:trigger.start]
        if len(gap) > 6 or not all(t.lower_ in _OWNER_GAP or t.like_num for t in gap):
            return None
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        if prev in ("on", "against", "from", "to", "into", "with", "for") or (m.kind == "demonym" and "'s" in gap.text):
            return None  # "tariffs on Chinese duties"? no: "exports to the U.S." is not the owner
        return m
    return None


def _targets_in(sent: Span, lo: int, hi: int, ms: list[Mention], imposer: Actor | None, registry: Registry,
                anchor: dt.date | None) -> list[Actor]:
    doc = sent.doc
    out: list[Actor] = []
    for m in ms:
        if not (lo <= m.start < hi):
            continue
        actor = country_of(m, registry, anchor)
        if actor is None or actor == imposer or m.is_person or _destination(doc, m, sent):
            continue  # "vehicles shipped to the EU": where the goods go taxes them, it is not hit
        if any(w in _THIRD_PARTY_TRADE for w in lowers(doc)[max(sent.start, m.start - 2):m.start]):
            continue  # "a penalty for importing Russian crude": the one buying it is hit, not Russia
        prev = lowers(doc)[m.start - 1] if m.start > sent.start else ""
        if prev in ("the", "all", "its", "every", "most") and m.start - 2 >= sent.start:
            prev = lowers(doc)[m.start - 2]
        nxt = " ".join(lowers(doc)[m.end:min(sent.end, m.end + 3)])
        demonym_goods = m.kind == "demonym" and any(w in _GOODS_HEAD for w in nxt.split()[:3])
        # "quotas for 1.4 billion litres of American ethanol": an adjective of origin on a product
        demonym_goods = demonym_goods or (m.kind == "demonym" and prev == "of" and m.end < sent.end
                                          and texts(doc)[m.end].isalpha() and texts(doc)[m.end].islower())
        demonym_goods = demonym_goods or (nxt.split()[:1] and nxt.split()[0] in _GOODS_HEAD)  # "U.S. goods"
        possessive_goods = nxt.startswith(("'s", "’s")) and any(w in _GOODS_HEAD for w in nxt.split()[1:3])
        payer = m.start >= lo and nxt.split()[:1] and nxt.split()[0] in ("pays", "paid", "faces", "faced", "already")
        origin = prev == "in" and m.start >= 2 and lowers(doc)[m.start - 2] in ("made", "built", "produced",
                                                                              "assembled", "manufactured")
        if prev in _TARGET_PREP or demonym_goods or possessive_goods or payer or origin or prev in (",",):
            if prev == "," and not out and not (demonym_goods or possessive_goods or payer or origin):
                continue  # a comma continues a list of targets, it does not start one
            if actor not in out:
                out.append(actor)
    return out


def _split(sent: Span, act: TariffAct, ms: list[Mention], registry: Registry,
           anchor: dt.date | None, since: int, until: int) -> list[TariffAct]:
    """One act per (rate, target): each rate takes the targets between it and the next rate."""
    text_start = sent.start_char
    rates = []
    for m in RATE.finditer(sent_text(sent)):
        span = sent.doc.char_span(text_start + m.start(), text_start + m.end(), alignment_mode="expand")
        if span is not None:
            rates.append((span.start, float(m.group(1))))
    for m in _TO_ZERO.finditer(sent_text(sent)):  # "reduced to zero": a removal, rate 0
        span = sent.doc.char_span(text_start + m.start(1), text_start + m.end(1), alignment_mode="expand")
        if span is not None:
            rates.append((span.start, 0.0))
    rates.sort()
    # "to 30 per cent from 145 per cent": the old rate is not a measure
    rates = [(i, r) for i, r in rates if not _old_rate(sent, i) and not _rate_of_another_phrase(sent, i, act.trigger)]
    begin = max(since, _previous_clause_break(sent, act.trigger))
    end = min(_clause_end(sent, act.trigger), _next_clause(sent, act.trigger), until)
    rates = [(i, r) for i, r in rates if i >= begin]
    all_targets = list(act.hit) + [t for t in _targets_in(sent, begin, end, ms, act.imposer, registry, anchor)
                                   if t not in act.hit]
    if not all_targets:  # the parse's "on X" ("tariffs on imports from the country") where no window found one
        parties = coder.tariff_parties(act.trigger)
        found = _mention_over(ms, parties.target) if parties is not None else None
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
    if not all_targets and act.action == "threatened":
        all_targets = _condition_parties(sent, ms, act.imposer, registry, anchor)
    if not all_targets and act.action == "retaliatory":
        all_targets = [a for a in (country_of(m, registry, anchor) for m in ms if response_to(sent, m.start))
                       if a is not None and a != act.imposer][:1]
    if not rates:
        rate = 0.0 if act.action == "lifted" and _full_removal(sent, act.trigger) else None
        return [_with(act, t, rate) for t in all_targets or [None]]
    out: list[TariffAct] = []
    rates = [(i, r) for i, r in rates if i < end]
    if not rates:
        return [_with(act, t, None) for t in all_targets or [None]]
    # Each rate owns the stretch from the list separator before it ("..., with Canadian energy taxed at a lower
    # 10 per cent", "and 10 per cent on China") to the next rate's separator.
    starts = [min(rates[0][0], act.trigger.start)]
    for (p, _), (i, _) in zip(rates, rates[1:], strict=False):
        seps = [j for j in range(p + 1, i) if lowers(sent.doc)[j] in _RATE_SEPARATORS]
        starts.append(seps[-1] if seps else i)
    bounds = starts[1:] + [end]
    for k, (_, rate) in enumerate(rates[:6]):
        targets = _targets_in(sent, starts[k], bounds[k], ms, act.imposer, registry, anchor)
        if not targets and k == 0:
            targets = all_targets[:1] if len(rates) > 1 else all_targets
        if not targets and k > 0:
            targets = [out[-1].target] if out else []
        # "an additional 25 per cent duty" after "the 25 per cent tariff": the rate's own words say it is another
        added = any(w in coder.added_words() for w in lowers(sent.doc)[max(sent.start, rates[k][0] - 2):rates[k][0]])
        for t in targets or [None]:
            out.append(_with(act, t, rate))
            out[-1].added = out[-1].added or added
    return out


_RATE_SEPARATORS = {",", ";", "and", "plus", "with", "while", "but", "whereas"}


_MARKET = re.compile(r"\b(index|indices|shares|stocks?|markets?|prices|inflation|GDP|growth|economy|bonds?|yields?|"
                     r"futures|unemployment|S&P|Nasdaq|Dow|Nikkei|currency|dollar|yen|euro|peso)\b", re.I)
_IF = re.compile(r"\b(?:if|unless)\b", re.I)


def _since_clause(sent: Span, trigger: Span) -> bool:
    """The tariff word sits in a "since <subject> <verb> ..." clause that marks a time, not an act."""
    doc = sent.doc
    for i in range(trigger.start - 1, max(sent.start, trigger.start - 10) - 1, -1):
        if doc[i].is_punct:
            return False
        if lowers(doc)[i] == "since":
            return i + 1 < trigger.start and not doc[i + 1].like_num and lowers(doc)[i + 1] not in _MONTH_WORDS
    return False


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.", "last", "early"}


_RESPONSE_TO = re.compile(r"\b(in response to|in retaliation for|retaliation for|respond(?:s|ed|ing)? to|to counter|"
                          r"in reply to)\s+(?:the\s+|further\s+|new\s+|its\s+)*$", re.I)


def response_to(sent: Span, i: int) -> bool:
    """Token ``i`` names what a response answers: "in response to further U.S. trade measures", "after Washington
    unveils its measures"."""
    doc = sent.doc
    if _RESPONSE_TO.search(span_text(doc, max(sent.start, i - 6), i) + " "):
        return True
    low = lowers(doc)
    before = low[max(sent.start, i - 2):i]
    return any(w in ("after", "once", "when") for w in before) and any(
        _ANNOUNCING.match(w) for w in low[i + 1:min(sent.end, i + 4)])


_ANNOUNCING = re.compile(r"^(announc\w*|unveil\w*|impos\w*|introduc\w*|slap\w*|levi\w*|rais\w*|hik\w*)$")


def _conditions(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of "if ..." / "unless ..." clauses closed by a comma."""
    if not _IF.search(doc_text(sent.doc), sent.start_char, sent.end_char):
        return []
    doc = sent.doc
    out = []
    for i in range(sent.start, sent.end):
        if lowers(doc)[i] in ("if", "unless"):
            end = next((k for k in range(i + 1, sent.end) if texts(doc)[k] in (",", ";")), None)
            if end is not None:
                out.append((i, end))
    return out


def _in_condition(sent: Span, trigger: Span) -> bool:
    """The trigger sits in an "if ..." / "unless ..." clause: a condition, not an act ("promised relief if
    Washington imposes new levies")."""
    if not _IF.search(doc_text(sent.doc), sent.start_char, trigger.start_char):
        return False
    doc = sent.doc
    for i in range(trigger.start - 1, max(sent.start, trigger.start - 12) - 1, -1):
        w = lowers(doc)[i]
        if w in (",", ";", ":"):
            return False
        if w in ("if", "unless"):
            return True
    return False


def _condition_parties(sent: Span, ms: list[Mention], imposer: Actor, registry: Registry,
                       anchor: dt.date | None) -> list[Actor]:
    """ "unless Canada dropped its tariffs, he would raise the duties on cars": a threat aims at the party whose
    conduct its condition names."""
    out: list[Actor] = []
    for a, b in _conditions(sent):
        for m in ms:
            actor = country_of(m, registry, anchor) if a < m.start < b else None
            if actor is not None and actor != imposer and actor not in out:
                out.append(actor)
    return out


_GRANT = {"open", "opens", "opened", "grant", "grants", "granted", "give", "gives", "gave", "offer", "offers",
          "offered", "allow", "allows", "allowed", "extend", "extends", "extended", "provide", "provides", "secure",
          "secured", "win", "won"}


def _granted_free(sent: Span, trigger: Span) -> bool:
    """ "open tariff-free quotas", "granted duty-free access": a tariff removed for someone."""
    low = lowers(sent.doc)
    free = trigger.end + 1 < sent.end and low[trigger.end] == "-" and low[trigger.end + 1] == "free"
    return free and any(w in _GRANT for w in low[max(sent.start, trigger.start - 4):trigger.start])


def _full_removal(sent: Span, trigger: Span) -> bool:
    """ "removes tariffs on engines", "eliminate duties entirely", "tariff-free quotas": a cut to zero."""
    if _granted_free(sent, trigger):
        return True
    doc = sent.doc
    before = [lowers(doc)[i] for i in range(max(sent.start, trigger.start - 4), trigger.start)]
    after = lowers(doc)[trigger.end] if trigger.end < sent.end else ""
    return any(w.startswith(("remov", "eliminat", "abolish")) for w in before) or after == "entirely"


_NP_BREAK = {"is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "includes", "include",
             "included", "including", "and", "or", "but", "that", "which", "who", "to", "from", "than", "of", "with"}


def _rate_of_another_phrase(sent: Span, i: int, trigger: Span) -> bool:
    """ "The 30 per cent U.S. rate includes the 20 per cent levy": a rate before the tariff word belongs to it only
    within its noun phrase."""
    doc = sent.doc
    if i >= trigger.start:
        return False
    end = next((k for k in range(i, trigger.start) if lowers(doc)[k] in ("cent", "percent", "%", "pc")), i) + 1
    gap = doc[end:trigger.start]
    return len(gap) > 6 or any(t.lower_ in _NP_BREAK or (t.is_punct and t.text not in ('"', "“", "”", "-", "'s"))
                               for t in gap)


def _old_rate(sent: Span, i: int) -> bool:
    """ "to 30 per cent from 145 per cent", "from the 27.5 per cent they face", "now 25 per cent": the rate
    before the act, not the act's."""
    doc = sent.doc
    before = [lowers(doc)[k] for k in range(max(sent.start, i - 2), i)]
    return bool(before) and (before[-1] in ("from", "now", "currently") or before == ["from", "the"])


def _previous_clause_break(sent: Span, trigger: Span) -> int:
    """Where the trigger's coordinated clause starts (after ", and", ";" or a dash), else the sentence start."""
    doc = sent.doc
    txt = texts(doc)
    for i in range(trigger.start - 1, sent.start, -1):
        if texts(doc)[i] in (";", "—", "–") or (texts(doc)[i - 1] == "," and lowers(doc)[i] in ("and", "but", "while")):
            return i + 1
        if txt[i] == "," and _as_well_as(sent, i):
            return i + 4
    return sent.start


def _next_clause(sent: Span, trigger: Span) -> int:
    """The last token of the trigger's clause: up to ", and" / ";" / a dash that starts another one."""
    doc = sent.doc
    txt = texts(doc)
    for i in range(trigger.end, sent.end - 1):
        if txt[i] == "," and _as_well_as(sent, i):
            return i
        if texts(doc)[i] in (";", "—", "–") or (texts(doc)[i] == "," and lowers(doc)[i + 1] in ("and", "but", "while")):
            rest = [t.lower_ for t in doc[i + 1:min(sent.end, i + 14)]]
            # ", and 10 per cent on soybeans" continues a list; ", and a day later he warned" starts a clause
            if any(w in ("he", "she", "it", "they", "we") or any(p.match(w) for _, p in ACTION_WORDS[:7])
                   or w in ("said", "warned", "announced", "ordered", "signed", "promised", "vowed", "pledged",
                            "has", "have", "had") for w in rest):
                return i
    return sent.end


def _as_well_as(sent: Span, i: int) -> bool:
    """ ", as well as a 10 per cent levy on lumber": another measure listed after the first."""
    doc = sent.doc
    if texts(doc)[i] != "," or span_text(doc, i + 1, min(sent.end, i + 4)).lower() != "as well as":
        return False
    return any(t.label_ == "TARIFF" and i < t.start <= i + 12 for t in doc.spans["triggers"])


def _clause_start(sent: Span, trigger: Span) -> int:
    """Where the trigger's clause begins: after the last colon, semicolon or dash before it."""
    for i in range(trigger.start - 1, sent.start - 1, -1):
        if texts(sent.doc)[i] in (":", ";", "—", "–"):
            return i + 1
    return sent.start


_DETERMINERS = {"his", "her", "its", "their", "the", "a", "an", "those", "these", "this", "that"}
_SUBJECT_PRONOUNS = {"they", "he", "she", "we", "it", "i", "you"}
_AUXILIARY = {"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "remain", "now"}
_AFTER_OK = {"effect", "force", "hold", "kick", "kicks", "kicked", "paused", "suspended", "lifted", "removed",
             "imposed", "announced", "unveiled", "raised", "doubled", "cut", "exempted", "dropped", "scrapped"}
_STATE = re.compile(r"\b(remain\w*|stay\w*|already|existing|current|currently|not affected|untouched|still|includes?|"
                    r"ha(?:s|ve) applied|in force since|in place)\b", re.I)


_SUBORDINATE = {"if", "unless", "because", "while", "although", "though", "whereas", "so", "after"}


def _clause_end(sent: Span, trigger: Span) -> int:
    """Where the tariff's clause ends: a condition or a reason that follows names other parties."""
    for i in range(trigger.end, sent.end):
        if lowers(sent.doc)[i] in _SUBORDINATE:
            return i
    return sent.end


def _with(act: TariffAct, target: Actor | None, rate: float | None) -> TariffAct:
    return TariffAct(imposer=act.imposer, target=target, rate=rate, action=act.action, status=act.status,
                     goods=act.goods, trigger=act.trigger, hit=act.hit, added=act.added)


def _continuation(sent: Span, ms: list[Mention], previous: TariffAct, registry: Registry,
                  anchor: dt.date | None) -> list[TariffAct]:
    """ "China was assigned 34 per cent": a country and a rate after a sentence that announced tariffs."""
    doc = sent.doc
    if _MARKET.search(doc_text(sent.doc), sent.start_char, sent.end_char):
        return []  # "the Nikkei index rose more than 3 per cent": markets, not a rate assigned to a country
    countries = [m for m in ms if not m.is_person and m.kind != "demonym" and not in_relative_clause(sent, m.start)]
    out: list[TariffAct] = []
    for r in RATE.finditer(sent_text(sent)):
        span = doc.char_span(sent.start_char + r.start(), sent.start_char + r.end(), alignment_mode="expand")
        if span is None or (span.start > sent.start and lowers(doc)[span.start - 1] in ("from", "above", "below")):
            continue  # "stacked on the 20 per cent already in place" is no new measure either
        before = [m for m in countries if m.end <= span.start and span.start - m.end <= 12]
        if not before:
            continue
        actor = country_of(before[-1], registry, anchor)
        if actor is None or actor == previous.imposer or any(a.target == actor for a in out):
            continue
        out.append(TariffAct(imposer=previous.imposer, target=actor, rate=float(r.group(1)),
                             action=previous.action, status=previous.status, goods=None, trigger=previous.trigger))
    return out


def in_relative_clause(sent: Span, i: int) -> bool:
    """Token ``i`` sits in a ", which ..." / ", who ..." clause (about someone or something else)."""
    doc = sent.doc
    for k in range(i - 1, sent.start - 1, -1):
        w = lowers(doc)[k]
        if w in ("which", "who", "whose"):
            return k > sent.start and texts(doc)[k - 1] == ","
        if w in (",", ";", ":"):
            return False
    return False


_CALENDAR = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?$")


def _on_the_measure(doc: Doc, i: int, trigger: Span) -> bool:
    """The "on" at ``i`` can belong to the tariff: not when the parse makes it part of a verb whose subject is the
    tariff ("the tariffs weighed on shares": what they did, not what they tax). True with no parse."""
    on, head = token(doc[i]), token(doc[trigger.end - 1])
    if on is None or head is None:
        return True
    owner = on.head.head  # "on" -> its noun -> what that phrase attaches to
    return not (owner.pos_ == "VERB" and head.head == owner and head.dep_ == "nsubj")


def _goods(sent: Span, trigger: Span) -> str | None:
    """The noun phrase after "on" that names what is taxed ("on imported vehicles"); None when it only names
    the countries taxed ("tariffs on Canada and Mexico", "on the EU": they are the targets, not goods)."""
    doc = sent.doc
    for i in range(trigger.end, min(_clause_end(sent, trigger), trigger.end + 10)):
        if lowers(doc)[i] == "on" and _on_the_measure(doc, i, trigger):
            words = []
            for tok in doc[i + 1:min(sent.end, i + 9)]:
                if tok.is_punct and tok.text not in ("-", "$"):
                    break
                if tok.lower_ in ("from", "starting", "effective", "that", "which", "until", "by", "as", "unless",
                                  "if", "while", "in", "at", "on", "for", "after", "before", "since", "amid",
                                  "during", "because") or _CALENDAR.match(tok.text) or \
                        re.fullmatch(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?", tok.text) or \
                        tok.lower_ == "to" and words and words[-1].lower_ != "up" and tok.i + 1 < sent.end \
                        and doc[tok.i + 1].like_num:
                    break  # "on China to 145 per cent", "on Canada on Tuesday": the new rate, the day
                words.append(tok)
                if tok.lower_ in _GOODS_HEAD and tok.lower_ not in _ORIGIN_WORDS and not (
                        tok.lower_ in ("imports", "exports", "shipments") and tok.i + 1 < sent.end
                        and doc[tok.i + 1].lower_ == "of"):
                    break  # "imports of steel and aluminum" goes on to what is imported; "Chinese-made" goes on
            if words and (_only_countries(words) or any(t.lower_ in _PARTIES for t in words)
                          or words[0].lower_ in ("hold", "ice", "track", "top")):  # "on hold", "on top of"
                return None  # "on Canada and Mexico", "on dozens of countries": who is taxed, not what
            phrase = span_text(doc, words[0].i, words[-1].i + 1).strip() if words else ""
            return phrase or None  # as written: "Chinese-made electric vehicles", "C$30 billion of U.S. goods"
    return None


_LINKING = {"and", "or", "the", "both", ",", "&"}
_PARTIES = {"countries", "nations", "partners", "economies", "allies", "governments"}


def _only_countries(words: list) -> bool:
    """Every word names an actor (not as an adjective: "Canadian steel" is goods) or links two of them."""
    named = {k for s in words[0].doc.spans["actors"] if s.label_ != "demonym" for k in range(s.start, s.end)}
    return any(t.i in named for t in words) and all(t.i in named or t.lower_ in _LINKING for t in words)
