"""What a tariff sentence does to a measure (ACTION_WORDS: imposed, announced, raised, paused, exempted,
lifted, threatened, retaliatory): the act word nearest the tariff word, the verb the parse gives it to, a change
"to 10 per cent", a response, and act words the parse reads as only wished for.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ingest import coder
from ingest.nlp import lowers, span_text, texts
from ingest.tariff_clauses import ACTION_WORDS, answered_at, clause_end, clause_start, condition_spans, words_between

_ACTION_PRIORITY = {"threatened": 0, "paused": 1, "exempted": 2, "lifted": 3, "retaliatory": 4, "raised": 5,
                    "imposed": 6, "announced": 7}


def _coordinated_act(doc: Doc, lo: int, hi: int) -> bool:
    """ "and imposed", "but raised" between ``lo`` and ``hi``: a coordinated verb of its own."""
    low = lowers(doc)
    return any(low[k] in ("and", "but") and any(p.match(low[k + 1]) for a, p in ACTION_WORDS if a != "threatened")
               for k in range(lo, hi - 1))


def coordinated_verb(sent: Span, first: Span, trigger: Span) -> int | None:
    """ "cuts the tariff on cars to 10 per cent and removes tariffs on engines": a second act verb, coordinated
    with the first, governs a second measure; its position."""
    doc = sent.doc
    lo = max(first.end, trigger.start - 3)
    for i in range(lo, trigger.start):
        if any(p.match(lowers(doc)[i]) for _, p in ACTION_WORDS) and lowers(doc)[i] not in _AFTER_OK_NOUNS:
            return i if i > first.end and lowers(doc)[i - 1] in ("and", "but", "then", "also") else None
    return None


CHANGES = {"paused", "exempted", "lifted", "raised"}  # acts on a measure already there


MODIFIER_ACTS = {"retaliatory", "additional", "extra", "further", "higher", "reciprocal", "new", "counter"}


_AFTER_OK_NOUNS = {"additional", "extra", "further", "higher", "effect", "force", "response", "counter", "new"}


def action_near(sent: Span, trigger: Span) -> tuple[str | None, int]:
    """The act named nearest the tariff word (window: 10 words before, 5 after), and the position of the
    leftmost act word before the tariff word (the governing verb: "threatened to hit ... with tariffs")."""
    best: tuple[int, int, str] | None = None
    modifier: tuple[int, int, str] | None = None
    leftmost = trigger.start
    threat = pause = False
    doc = sent.doc
    conditions = [(a, b) for a, b in condition_spans(sent) if not a <= trigger.start < b]
    # after the tariff's own phrase ("an additional 25% tariff on Canadian and Mexican imports has been delayed"):
    # its predicate, counted from where the phrase ends
    phrase_end = _phrase_end(sent, trigger)
    words = words_between(sent, max(clause_start(sent, trigger), trigger.start - 10),
                   min(phrase_end + 5, clause_end(sent, trigger)))  # not into "after Washington raised ..."
    skip = _relative_after(sent, trigger)
    if skip:  # "Canada's duties, which were to hit US$30 billion of goods, are suspended": past the aside
        words = [(i, w) for i, w in words if i < trigger.end] + words_between(sent, skip + 1, skip + 6)
    answered = answered_at(sent, trigger)
    for i, w in words:
        if trigger.start <= i < trigger.end and not w.startswith(("counter", "retaliat")):
            continue
        if answered is not None and i < answered:
            continue  # "Ramaphosa responds to U.S. tariff hike": the answer is not the act on the measure answered
        if any(a <= i < b for a, b in conditions):
            continue  # "unless Canada dropped its tariffs, he would raise...": the condition's verb
        if i >= trigger.end and (w not in _AFTER_OK and lowers(doc)[i - 1] not in _AUXILIARY
                                 or lowers(doc)[i - 1] in _SUBJECT_PRONOUNS):
            continue  # "tariffs would raise costs": after the tariff word only passives name an act on it; "the
            # tariffs they imposed on each other" tells an earlier act
        for action, pattern in ACTION_WORDS:
            if pattern.match(w):
                dist = trigger.start - i if i < trigger.start else i - (skip or max(trigger.end, phrase_end - 4) - 1)
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
                if i < trigger.end and w in MODIFIER_ACTS:
                    modifier = modifier if modifier is not None and modifier < key else key
                elif best is None or key < best:
                    best = key
                break
    # "retaliatory duties ... are suspended": an adjective before the tariff word yields to a predicate after it,
    # and to a verb that changes the measure ("dropped its counter-tariffs", "raised its retaliatory tariffs")
    if modifier is not None and (best is None or best[0] > 7 or not (best[2] in CHANGES or any(
            i >= trigger.end and p.match(w) for i, w in words for a, p in ACTION_WORDS if a == best[2]))):
        best = modifier if best is None or modifier < best else best
    # "vowed to hit every product coming from Canada with a 25 per cent tariff": a threat governs its whole clause
    threat_word = dict(ACTION_WORDS)["threatened"]
    lo = max(clause_start(sent, trigger), trigger.start - 16)
    if not threat and any(threat_word.match(w) and not _coordinated_act(doc, i + 1, trigger.start)
                          for i, w in words_between(sent, lo, trigger.start - 10)):
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


def response_noun(sent: Span, trigger: Span) -> bool:
    """ "Mexico's tariff and non-tariff response": the tariff as a response."""
    for t in sent.doc[trigger.end:min(sent.end, trigger.end + 6)]:
        if t.lower_ == "response":
            return True
        if t.lower_ not in ("and", "or", "non", "-", "tariff", "tariffs", "trade"):
            return False
    return False


def other_act_word(sent: Span, trigger: Span) -> bool:
    """An act verb near the tariff word besides the word itself ("unveil Canada's countermeasures")."""
    for _, w in words_between(sent, max(clause_start(sent, trigger), trigger.start - 10), trigger.start):
        if any(p.match(w) for a, p in ACTION_WORDS if a != "retaliatory") and w not in _AFTER_OK_NOUNS:
            return True
    return bool(re.search(r"\b(retaliat\w*|respon\w+|answer\w*|repl(?:y|ied|ies)|hit back|strike back)\b",
                          span_text(sent.doc, max(sent.start, trigger.start - 10), trigger.start), re.I))


def act_untold(sent: Span, trigger: Span, action: str) -> bool:
    """The word naming the act, nearest the tariff word, is one the parse says tells nothing (wished, considered,
    denied, negated, asked about): "to consider an exemption for Australia from the tariffs"."""
    pattern = dict(ACTION_WORDS)[action]
    near = sorted((abs(i - trigger.start), i) for i, w in words_between(sent, trigger.start - 10, trigger.end + 5)
                  if not trigger.start <= i < trigger.end and pattern.match(w))
    if not near:
        return False
    reading = coder.read(Span(sent.doc, near[0][1], near[0][1] + 1))
    return reading is not None and reading.modality in UNTOLD


UNTOLD = {"nothing", "denied", "negated", "question", "hypothetical"}


_GRANT = {"open", "opens", "opened", "grant", "grants", "granted", "give", "gives", "gave", "offer", "offers",
          "offered", "allow", "allows", "allowed", "extend", "extends", "extended", "provide", "provides", "secure",
          "secured", "win", "won"}


def granted_free(sent: Span, trigger: Span) -> bool:
    """ "open tariff-free quotas", "granted duty-free access": a tariff removed for someone."""
    low = lowers(sent.doc)
    free = trigger.end + 1 < sent.end and low[trigger.end] == "-" and low[trigger.end + 1] == "free"
    return free and any(w in _GRANT for w in low[max(sent.start, trigger.start - 4):trigger.start])


def full_removal(sent: Span, trigger: Span) -> bool:
    """ "removes tariffs on engines", "eliminate duties entirely", "tariff-free quotas": a cut to zero."""
    if granted_free(sent, trigger):
        return True
    doc = sent.doc
    before = [lowers(doc)[i] for i in range(max(sent.start, trigger.start - 4), trigger.start)]
    after = lowers(doc)[trigger.end] if trigger.end < sent.end else ""
    return any(w.startswith(("remov", "eliminat", "abolish")) for w in before) or after == "entirely"


def _phrase_end(sent: Span, trigger: Span) -> int:
    """Where the tariff word's noun phrase ends: at an auxiliary, a verb form of the clause or punctuation, at
    most eight words on ("tariff on Canadian and Mexican imports | has been delayed")."""
    doc = sent.doc
    i = trigger.end
    while i < min(sent.end, trigger.end + 8) and not doc[i].is_punct and \
            lowers(doc)[i] not in _AUXILIARY | _MODAL | {"has", "have", "had"}:
        i += 1
    return i


_MODAL = {"will", "would", "could", "may", "might", "can", "should", "shall", "must"}


_DETERMINERS = {"his", "her", "its", "their", "the", "a", "an", "those", "these", "this", "that"}


_SUBJECT_PRONOUNS = {"they", "he", "she", "we", "it", "i", "you"}


_AUXILIARY = {"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "remain", "now"}


_AFTER_OK = {"effect", "force", "hold", "kick", "kicks", "kicked", "paused", "suspended", "lifted", "removed",
             "imposed", "announced", "unveiled", "raised", "doubled", "cut", "exempted", "dropped", "scrapped"}
