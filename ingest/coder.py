"""The event coder's reading of a trigger in the parse: is the word used in its event sense, and is the event
asserted, planned, only possible, wished for, denied, negated or asked about?

The language knowledge is in ``ingest/lexicon/frames.toml`` (triggers with their senses, modality cues); this
module only walks the parse (ingest.syntax). A trigger whose sentence was not parsed gets no reading, and the
extractor's older rules decide alone.

>>> from ingest.nlp import load_pipeline
>>> doc = load_pipeline()("Trump would like to meet Carney soon.")
>>> trigger = next(iter(doc.spans["triggers"]))
>>> read(trigger).modality if read(trigger) else "no parse"   # doctest: +SKIP
'nothing'
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from ingest import nlp, syntax
from ingest.dates import MONTHS, WEEKDAYS

__all__ = ["FRAMES", "Reading", "announced_above", "dictionary_version", "governing_verb", "in_future_time_clause",
           "past_relative", "purpose_of_past", "read", "relative_clause", "words"]

FRAMES = Path(__file__).resolve().parent / "lexicon" / "frames.toml"
T = TypeVar("T")
# Relations by which a predicate's clause hangs under a governing word that may change its modality.
_GOVERNED = {"xcomp", "ccomp", "acl", "advcl", "obj", "csubj", "nsubj", "conj"}
_VERBAL = {"VERB", "AUX"}


@dataclass(frozen=True)
class Reading:
    """What the parse says of one trigger.

    ``sense``: False when the word is used in another sense ("called for", "meet the target").
    ``modality``: None (asserted), "planned", "hedged" (could, might), "hedged-said" (could, might, in what
    someone says), "nothing" (a wish, invitation, proposal, denial, doubt), "denied" (the report is called untrue:
    the event is denied wherever the page tells it), "negated", "condition" (if, unless), "hypothetical" (on the
    speaker's own election: a campaign pledge), "question" or "vague".
    """

    sense: bool
    modality: str | None
    predicate: int  # the article's token index of the trigger's predicate
    background: bool = False  # told as what had happened before ("had met", "tariffs imposed by", "after a trip")


@functools.lru_cache(maxsize=1)
def _frames() -> dict:
    return _frozen(tomllib.loads(FRAMES.read_text(encoding="utf-8")))


def _frozen(value: object) -> object:
    """The dictionary's word lists as tuples: read-only, and the cue sets of ``_is`` cached by them."""
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return tuple(value) if isinstance(value, list) else value


@functools.lru_cache(maxsize=1)
def dictionary_version() -> str:
    """A digest of the frames file: part of the extractor's version."""
    return hashlib.sha256(FRAMES.read_bytes()).hexdigest()[:12]


# Forms no suffix rule reaches (the model has no lemmatizer; ``_forms`` strips -s, -ed, -ing).
_IRREGULAR = {"met": "meet", "spoke": "speak", "spoken": "speak", "held": "hold", "sought": "seek", "told": "tell",
              "wrote": "write", "said": "say", "wo": "will", "'d": "would", "'ll": "will", "ca": "can", "n't": "not",
              "had": "have", "has": "have", "made": "make", "sat": "sit"}


def _forms(tok: Token) -> frozenset[str]:
    """Candidate lemmas of a word (the model has no lemmatizer): "slapped" -> slap, "imposing" -> impose."""
    return _forms_of(tok.lower_)


@functools.lru_cache(maxsize=65536)
def _forms_of(w: str) -> frozenset[str]:
    out = {w, _IRREGULAR.get(w, w)}
    for suffix, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ies", "y"),
                         ("ied", "y")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            out.add(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                out.add(stem[:-1])  # "slapped" -> slap
    return frozenset(out)


def _is(tok: Token, words: tuple[str, ...] | list[str]) -> bool:
    """The word is one of ``words``: a lemma, or a lemma with the part of speech it must have ("open/ADJ": "open
    to a meeting", not "opened the summit")."""
    plain, qualified = _cues(words if isinstance(words, tuple) else tuple(words))
    forms = _forms(tok)
    return not forms.isdisjoint(plain) or any(lemma in forms and tok.pos_ == pos for lemma, pos in qualified)


def is_a(tok: Token, words: tuple[str, ...] | list[str]) -> bool:
    """The word is one of ``words`` (lemmas of a frames.toml list), read off its form: works on words of a sentence
    with no parse ("told" is "tell")."""
    return _is(tok, words)


@functools.lru_cache(maxsize=256)
def _cues(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    return (frozenset(w for w in words if "/" not in w),
            tuple((w.split("/", 1)[0], w.split("/", 1)[1]) for w in words if "/" in w))


def _predicate(tok: Token) -> Token:
    """The word whose clause the trigger's event is told in: the trigger itself when it is a verb; for a noun,
    the verb it is a core argument of ("held talks", "the call came", "plans a visit"), climbing through the
    noun phrase first ("a round of talks"); a noun that only modifies its clause ("a day after a call", "at
    the summit") is its own predicate: the clause's verb does not tell its modality."""
    node = tok
    for _ in range(8):
        if node.pos_ in _VERBAL or node.dep_ == "ROOT" or node.head.i == node.i:
            return node
        dep = node.dep_
        if dep in ("compound", "amod", "nmod:poss", "nummod", "flat") or (
                dep == "nmod" and node.head.pos_ in ("NOUN", "PROPN") and
                any(c.lower_ in ("of", "to") for c in node.children)):  # "a round of talks", "an end to tariffs"
            node = node.head
            continue
        if dep.split(":")[0] in _CORE and (node.head.pos_ in _VERBAL or node.head.pos_ == "ADJ"):
            return node.head
        if dep.split(":")[0] == "nsubj" and any(c.dep_ == "cop" for c in node.head.children):
            return node.head  # "a meeting in Turkey is not on the agenda": what the copula says of it
        if dep.split(":")[0] in ("obl", "nmod") and node.head.pos_ in _VERBAL and \
                _is(node.head, _frames()["modality"]["carriers"]):
            return node.head  # "might speak by phone": the manner of a verb that tells the same event
        if dep.split(":")[0] in ("obl", "nmod") and any(c.dep_ == "case" and c.lower_ in ("by", "via", "over")
                                                        for c in node.children):
            verb = next((a for a in node.ancestors if a.pos_ in _VERBAL), None)
            if verb is not None:
                return verb  # "discussed tariffs with Trump by phone", however the parser attached "by phone"
        return node
    return node


_CORE = {"nsubj", "obj", "iobj", "xcomp", "csubj"}


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps or c.dep_.split(":")[0] in deps]


_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "weekend"}


def _time_word(word: str) -> bool:
    """A weekday, a month (ingest.dates knows them), a part of the day or a figure: the noun of a phrase of time."""
    w = word.lower().rstrip(".")
    return w in WEEKDAYS or w in MONTHS or w in _PARTS_OF_DAY or w[:1].isdigit()


_OPENING_QUOTES = {'"', "“", "‘"}


def _other_sense(tok: Token, entry: dict) -> bool:
    after = [t.lower_ for t in tok.doc[tok.i + 1:tok.i + 7]]
    if any(w in after for w in entry.get("other_sense_after", ())):
        return True  # "meet Canada and China halfway", however the parser attached "halfway"
    if entry.get("naming") and tok.pos_ == "VERB":
        # a name or a description given: "to counter what he called China's policy", "calling Trump “quite a tough
        # negotiator”" (an object, then a quotation, however the parser attached it)
        if tok.head.lower_ == "what" or any(c.lower_ == "what" and c.dep_ == "obj" for c in tok.children):
            return True
        quote = next((k for k, w in enumerate(after[:5]) if w in _OPENING_QUOTES), None)
        between = tok.doc[tok.i + 1:tok.i + 1 + quote] if quote else []
        if between and not any(t.pos_ in ("ADP", "PART", "VERB", "AUX") or t.is_punct for t in between):
            return True
    for cue in entry.get("other_sense", ()):
        rel, _, lemma = cue.partition(":")
        if rel == "compound" and lemma.startswith("prt:"):
            rel, lemma = "compound:prt", lemma[4:]
        for c in tok.children:
            dep = c.dep_
            if dep != rel and dep.split(":")[0] != rel:
                continue
            if rel == "xcomp" and c.pos_ == "PROPN" and not _children(tok, {"obj"}):
                continue  # "called Cyril Ramaphosa", a name the parser split: the person called, not a name given
            if not lemma:
                return True
            if rel == "obl":  # an oblique is named by its preposition: "called for", "called on Beijing to"; not a
                # time ("On Monday, Putin called Ramaphosa", "called him on Friday")
                if not _time_word(c.text) and any(k.dep_ == "case" and k.lower_ == lemma and k.i > tok.i
                                                         for k in c.children):
                    return True
            elif lemma in _forms(c):
                return True
    return False


def _once(trigger: Span, read: Callable[[Span], T]) -> T:
    """``read(trigger)``, computed once per trigger span of a document (the rules ask the same reading several
    times; it depends on the parse and the span alone)."""
    cache = trigger.doc.user_data.setdefault(f"dkg{read.__name__}", {})
    key = (trigger.start, trigger.end)
    if key not in cache:
        cache[key] = read(trigger)
    return cache[key]


def read(trigger: Span) -> Reading | None:
    """The parse's reading of a trigger, or None when its sentence has no parse (read once per trigger: the
    extractor asks several times)."""
    return _once(trigger, _read)


def _read(trigger: Span) -> Reading | None:
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return None
    tok = parsed[trigger.end - 1 - sent.start]  # a multiword trigger ("phone call") is headed by its last word
    lex = _frames()
    entry = next((lex["trigger"][f] for f in sorted(_forms(tok)) if f in lex.get("trigger", {})), None)
    sense = True
    if entry is not None:
        if tok.pos_ not in entry.get("pos", (tok.pos_,)):
            sense = False
        elif _other_sense(tok, entry):
            sense = False
    pred = _predicate(tok)
    modality = _modality(tok, pred, parsed, lex["modality"])
    if trigger.label_ != "TARIFF" and _called_off(tok, pred, lex["modality"]["called_off"]):
        modality = "nothing"
    return Reading(sense, modality, sent.start + pred.i, _background(tok, pred, lex["background"]))


def _called_off(tok: Token, pred: Token, words: list[str]) -> bool:
    """The event is called off or put back: its predicate is such a verb ("the meeting was cancelled", "postponed
    the visit"), or a verb joined to it by "but" ("was set for Monday but was postponed"), or such a word is on the
    noun ("the postponed summit")."""
    if pred.i != tok.i and _is(pred, words):
        return True
    if any(c.dep_ == "amod" and _is(c, words) for c in tok.children):
        return True
    return any(c.dep_ == "conj" and _is(c, words) and any(d.lower_ == "but" for d in _children(c, {"cc"}))
               for c in pred.children)


def _background(tok: Token, pred: Token, cues: dict) -> bool:
    """The event is told as background to the sentence's news: in the pluperfect or the present perfect ("had
    spoken", "has imposed": some time before the news, not on its day, which real pages leave undated), as a past
    participle on a noun ("the tariffs imposed by Washington", "the tariff the administration imposed"), with an
    "earlier"/"previous" on it, or in a phrase or clause introduced by "after", "since", "following"."""
    # "had spoken", and "had warned that tariffs would hit 50%" (what was said then); but "by mid-afternoon, Ford
    # had spoken ...": the story's own day
    for verb in (pred, pred.head) if pred.dep_ == "ccomp" else (pred,):
        if any(c.lower_ in cues["perfect_aux"] for c in _children(verb, {"aux"})) and verb.tag_ == "VBN" and \
                not any(t.lower_ in cues["story_time"] for t in tok.doc):
            return True
    if any(c.dep_.startswith("acl") and c.tag_ in ("VBN", "VBD") for c in tok.children):
        return True
    # "an earlier visit", "recently visited"; and "recently visited Poland, where he met Tusk": the meeting is the
    # visit's, told as earlier
    where = any(c.lower_ == "where" for c in pred.children)  # however the parser hangs the clause
    owners = [tok] + ([next((a for a in pred.ancestors if a.pos_ in _VERBAL), pred)] if where else [])
    if any(c.dep_ in ("amod", "advmod") and c.lower_ in cues["earlier"] for o in owners for c in o.children):
        return True
    node = pred
    for _ in range(4):
        if any(c.dep_ in ("case", "mark") and c.lower_ in cues["after"] for c in node.children):
            return True
        if node.head.i == node.i or node.dep_.split(":")[0] not in ("obl", "advcl", "nmod", "acl", "conj"):
            return False
        node = node.head
    return False


def _modality(tok: Token, pred: Token, parsed: object, mod: dict) -> str | None:
    neg = set(mod["negation"])
    # negation of the trigger or of its own predicate (not of a verb far above: "said they had not yet met")
    for node in {tok, pred}:
        if any(c.lower_ in neg and c.dep_ in ("advmod", "neg", "det", "cc:preconj", "advmod:neg") for c in
               node.children):
            return "negated"
    infinitive = any(c.lower_ == "to" for c in _children(pred, {"mark"}))
    if infinitive and pred.dep_.split(":")[0] in ("xcomp", "advcl", "acl") and \
            any(c.lower_ in neg and c.dep_.startswith("advmod") for c in pred.head.children):
        return "negated"  # "has not received a mandate to visit Moscow", "did not agree to meet": an infinitive
        # under a negated verb
    if _denies(parsed, mod):  # "... phone call: the Kremlin calls it 'completely untrue'"
        return "denied"
    if _campaign(tok.doc, mod["campaign"]):
        return "hypothetical"  # "a pledge to impose 60% tariffs on China if elected"
    ancestors = list(tok.ancestors)
    # the question: the sentence asks about the event itself ("Will Trump meet Xi?", "what if the two got on the
    # phone?"), not about what a real event caused ("Did a call with X provoke ...?")
    if parsed[-1].text == "?" and (tok.pos_ in _VERBAL or any(
            a.dep_.split(":")[0] in ("advcl", "ccomp", "xcomp", "acl") for a in [tok] + ancestors)):
        return "question"
    marks = set(mod["condition_marks"])
    if any(a.dep_.startswith("advcl") and any(m.lower_ in marks for m in _children(a, {"mark"}))
           for a in [tok] + ancestors):
        return "condition"  # anywhere inside an if-clause
    # a meeting only possible or proposed ("a possible meeting between the two", "a potential visit"): no event
    phrase = [tok] + [c for c in tok.children if c.dep_ == "compound"]  # "a possible 50% import duty"
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in mod["hedge_adjectives"]
                                             for w in phrase for c in w.children):
        return "nothing"
    if any(c.dep_ == "advmod" and c.lower_ in mod["hedge_adverbs"] for node in {tok.i: tok, pred.i: pred}.values()
           for c in node.children):
        return "hedged"  # "a meeting, very likely between Trump and Putin", "will probably meet"
    # a vague plural ("have spoken several times", "met three times during his first term"): no one event
    if any(c.lower_ in mod["vague"] for node in (tok, pred) for c in node.subtree
           if c.dep_.split(":")[0] in ("obl", "advmod", "nummod", "amod", "det")):
        return "vague"
    chain = [pred]
    between = [a for a in tok.ancestors if pred.i != a.i and pred.is_ancestor(a)]  # "the idea of a visit"
    node = pred
    for _ in range(6):  # the words governing the predicate's clause, up to the root
        told_clause = node.dep_.startswith("advcl") and any(m.lower_ in mod["told_marks"]
                                                            for m in _children(node, {"mark"}))
        if node.head.i == node.i or node.dep_.split(":")[0] not in _GOVERNED or told_clause:
            break  # "to consider an exemption after they spoke by phone": the call happened, whatever is wished
        node = node.head
        chain.append(node)
    # a noun event that is what a wish or doubt is about: "optimistic about the suspension of the tariffs",
    # "pushing for a call" (the words of mod["nothing"] governing it through a preposition; through nouns only by
    # what they are about: "hopes for an early opportunity for a meeting", not "invited him to the summit in a
    # phone call")
    about = []
    node = pred
    while pred.pos_ in ("NOUN", "PROPN") and len(about) < 3 and node.dep_.split(":")[0] in ("obl", "nmod", "conj") \
            and node.head.i != node.i:
        if node.dep_ == "conj":
            node = node.head  # "called for a ceasefire and the launch of talks": the talks share the ceasefire's
            continue  # governor
        if node.head.pos_ in ("ADJ", "VERB"):
            if node.head.pos_ == "ADJ" or any(c.lower_ in mod["about"] for c in _children(node, {"case"})):
                about.append(node.head)  # "open to talks", "pushing for a call"; not "asked him during a call to"
            break
        if node.head.pos_ not in ("NOUN", "PROPN") or not any(c.lower_ in mod["about"] for c in
                                                                 _children(node, {"case"})):
            break
        node = node.head
        about.append(node)
    # a noun event a verb of wishing takes as its object: "consider an exemption", "sought a meeting"
    own = [pred] if pred.i != tok.i and tok.pos_ in ("NOUN", "PROPN") and tok.dep_.split(":")[0] == "obj" and \
        _is(pred, mod["wished_objects"]) else []
    governing = between + own + chain[1:] + about
    # a wish stays a wish under a condition ("if the problem eases, we want to see that tariff shrink")
    first_wish = next((i for i, n in enumerate(governing) if _is(n, mod["nothing"])), None)
    first_plan = next((i for i, n in enumerate(governing) if _is(n, mod["planned"])), None)
    if first_wish is not None and (first_plan is None or first_wish < first_plan):
        return "nothing"
    marks = set(mod["condition_marks"])
    for node in chain:  # in a conditional clause, or the main clause of one ("If elected, he will impose ...")
        clauses = [node] + _children(node, {"advcl"})
        if any(c.dep_.startswith("advcl") and any(m.lower_ in marks for m in _children(c, {"mark"}))
               for c in clauses):
            return "condition"
    if first_plan is not None:
        return "planned"
    if pred.pos_ not in _VERBAL and pred.dep_.split(":")[0] in ("obl", "dep", "parataxis", "appos"):
        # a noun the parser left hanging ("could support the President imposing on refined copper a 15% tariff
        # effective ..."): the clause of the verb just before it
        verb = next((t for t in reversed(parsed[max(0, pred.i - 6):pred.i]) if t.pos_ == "VERB"), None)
        if verb is not None:
            chain = [verb] + [a for a in verb.ancestors if a.pos_ in _VERBAL][:4]
    for node in chain:  # the nearest auxiliary up the clause chain ("could support ... imposing a tariff")
        aux = set().union(*(_forms(c) for c in _children(node, {"aux"})))
        if aux & set(mod["counterfactual_aux"]) and "have" in aux and not (
                tok.dep_.startswith("nsubj") and tok.head.i == node.i):
            # "it would have been their fourth meeting": what did not happen (but "the levy would have hit firms"
            # tells what the levy is)
            return "nothing"
        if aux & set(mod["future_aux"]):
            return "planned"
        if aux & set(mod["advice_aux"]):
            return "nothing"  # "Ottawa should start hitting back": advice, like a wish, tells no act
        if aux & set(mod["hedge_aux"]):
            # "Trump told reporters tariffs could rise to 250%": a leader's word of what may come is a threat
            said = any(_is(n, mod["speech"]) for n in chain[chain.index(node) + 1:])
            return "hedged-said" if said else "hedged"
    return None


def _campaign(parsed: Doc, cues: tuple[str, ...]) -> bool:
    """The sentence (the parse is of one) holds a cue of a campaign pledge: asked once per sentence, not once per
    trigger and cue (building the sentence's text each time cost a millisecond an article)."""
    key = "dkg_campaign"
    if key not in parsed.user_data:
        text = parsed.text.lower()
        parsed.user_data[key] = any(c in text for c in cues)
    return parsed.user_data[key]


def _denies(parsed: object, mod: dict) -> bool:
    """The sentence calls a report untrue ("the Kremlin calls it a fabrication"): asked once per sentence."""
    key = "dkg_denies"
    if key not in parsed.user_data:
        parsed.user_data[key] = any(
            _is(t, mod["denial"]) and any(c.lower_ in mod["denial_objects"]
                                          for c in list(t.children) + list(t.head.children))
            for t in parsed)
    return parsed.user_data[key]


@dataclass(frozen=True)
class Parties:
    """Where the parse puts a tariff's parties: article token indices of the words that name the imposer and
    the target (each a word and the words of its name: "the Trump administration", "Donald Trump")."""

    imposer: tuple[int, ...] = ()
    target: tuple[int, ...] = ()


def _name_words(tok: Token) -> list[Token]:
    return [tok] + [c for c in tok.children if c.dep_ in ("compound", "flat", "amod", "nmod:poss", "flat:name")]


def _by_agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_.startswith("obl") and any(k.dep_ == "case" and k.lower_ == "by" for k in c.children):
            return c
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's active subject, or its controller's ("Trump signed an order imposing ...")."""
    node = verb
    for _ in range(4):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("it", "they") and node.dep_ == "ccomp" and \
                _is(node.head, _frames()["modality"]["speech"]):
            node = node.head  # "Ottawa has said it will respond with tariffs": the one who said so
            continue
        if subj is not None:
            return subj
        if any(c.dep_ in ("nsubj:pass", "aux:pass") for c in node.children):
            return None
        if node.dep_.split(":")[0] in ("xcomp", "conj", "acl", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _parsed_head(trigger: Span) -> Token | None:
    """The parse's word heading a trigger (a multiword one, "phone call", by its last word); None when its
    sentence has no parse."""
    parsed = syntax.parse_of(trigger.sent)
    return None if parsed is None else parsed[trigger.end - 1 - trigger.sent.start]


def tariff_parties(trigger: Span) -> Parties | None:
    """The parse's imposer and target of a tariff word, or None when its sentence has no parse (read once per
    trigger: see ``_tariff_parties``)."""
    return _once(trigger, _tariff_parties)


def _tariff_parties(trigger: Span) -> Parties | None:
    """The parse's imposer and target of a tariff word, or None when its sentence has no parse.

    Imposer: the agent ("imposed by Washington"), the owner of the tariff ("China's levies", "U.S. duties"), or
    the subject of the verb that imposes or changes it ("Trump slapped tariffs on ..."). Target: what the tariff
    or its verb is "on" ("tariffs on Canada", "on Chinese goods": the goods' owner), or the object of "hit".
    """
    sent = trigger.sent
    noun = _parsed_head(trigger)
    if noun is None:
        return None
    parsed = noun.doc
    lex = _frames()["tariff"]
    base = sent.start
    imposer: list[int] = []
    target: list[int] = []

    def add(where: list[int], tok: Token | None) -> None:
        if tok is not None and not where:
            where.extend(base + t.i for t in _name_words(tok))

    def goods_owner(tok: Token) -> Token:
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and not _is(tok, lex["goods_nouns"]):
            return tok  # "tariffs on Canada"
        for c in tok.children:  # "Chinese goods", "Canadian lumber", "imports from Mexico", "Canada's exports"
            if c.dep_ in ("amod", "nmod:poss", "compound") and c.text[:1].isupper():
                return c
            if c.dep_ == "nmod" and any(k.lower_ == "from" for k in c.children):
                return c
        return tok

    # the verb of the act: the tariff is its object or passive subject, or the verb is a clause on the noun
    verb = noun.head if noun.dep_.split(":")[0] in ("obj", "nsubj", "obl") and noun.head.pos_ in _VERBAL else None
    passive = verb is not None and noun.dep_ == "nsubj:pass"
    for c in noun.subtree:  # a clause on the tariff's phrase ("the tariff on cars announced by the President"),
        # not one deeper in it ("the tariffs it was due to start charging, following what she called ...")
        if c.dep_.startswith("acl") and c.pos_ in _VERBAL and c.i != noun.i and noun in (c.head, c.head.head):
            add(imposer, _by_agent(c))  # "tariffs imposed by Washington"
            subj = next((k for k in c.children if k.dep_ == "nsubj"), None)
            add(imposer, subj)  # "the tariff the Trump administration imposed"
    for c in noun.children:  # whose tariff it is
        if c.dep_ in ("nmod:poss", "compound", "amod") and c.text[:1].isupper() and not c.like_num:
            add(imposer, c)  # "China's levies", "U.S. duties", "American tariffs"
    if verb is not None:
        add(imposer, _by_agent(verb))
        if _is(verb, lex["hit_passive_verbs"]) and any(c.dep_ == "aux:pass" for c in verb.children):
            add(target, next((c for c in verb.children if c.dep_ == "nsubj:pass"), None))  # "Brazil was hit with"
        if not passive and _is(verb, lex["hit_subject_verbs"]):
            add(target, next((c for c in verb.children if c.dep_ == "nsubj"), None))
        elif not passive and _is(verb, lex["act_verbs"]):
            add(imposer, _subject(verb))
            if _is(verb, ["hit"]) or (noun.dep_.startswith("obl") and
                                      any(k.dep_ == "case" and k.lower_ == "with" for k in noun.children)):
                # "hit Canada with tariffs", "threatened Mexico with duties": the object is hit
                add(target, next((c for c in verb.children if c.dep_ == "obj" and c.i != noun.i), None))
    if imposer and any(c.dep_ == "conj" for c in parsed[imposer[0] - base].children) or \
            (imposer and parsed[imposer[0] - base].dep_ == "conj"):
        imposer = []  # "Japan and Korea cut duties on each other's goods": a joint subject is not one imposer
    if any(c.dep_ in ("amod", "compound") and c.lower_ in lex["all_partners"] for c in noun.children):
        return Parties(tuple(imposer), ())  # "a 10 per cent global levy": it hits every partner, none in particular
    cases = set(lex["target_cases"])
    clauses = [c for c in noun.children if c.dep_.startswith("acl") and c.pos_ in _VERBAL]  # "levies imposed on"
    for holder in [noun] + clauses + ([verb] if verb is not None else []):
        for c in holder.children:
            if c.dep_.split(":")[0] in ("nmod", "obl") and any(k.dep_ == "case" and k.lower_ in cases
                                                             for k in c.children):
                add(target, goods_owner(c))
    if verb is not None and not passive and not target and _is(verb, lex["hit_subject_unless_on"]):
        add(target, next((c for c in verb.children if c.dep_ == "nsubj"), None))  # "Taiwan will have tariffs of 20%"
    return Parties(tuple(imposer), tuple(target))


def of_phrase(trigger: Span) -> set[int]:
    """Article token indices of the "of" phrase on a meeting noun ("a meeting of NATO's 32 allies", "the meeting of
    the G7 leaders"): whose gathering it is."""
    tok = _parsed_head(trigger)
    if tok is None or tok.pos_ != "NOUN":
        return set()
    return {trigger.sent.start + t.i for c in tok.children if c.dep_.startswith("nmod") and any(
        k.dep_ == "case" and k.lower_ == "of" for k in c.children) for t in c.subtree}


def hit_clause(sent: Span, i: int) -> bool:
    """The clause that word ``i`` opens ("while Cambodia faces 19%", "whereas Laos will pay 40 percent") tells
    one more party hit with its rate: its verb is one whose subject is hit, and its object a rate."""
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    verb = parsed[i - sent.start].head
    return verb.dep_ == "advcl" and _is(verb, _frames()["tariff"]["hit_subject_verbs"]) and any(
        c.dep_ == "nsubj" for c in verb.children) and any(
        c.dep_ in ("obj", "obl") and (c.text == "%" or any(k.like_num for k in c.subtree)) for c in verb.children)


def hit_subject(sent: Span, i: int) -> bool:
    """Article token ``i`` is the subject of a verb whose subject is the party hit ("with Peru facing a 19%
    tariff", "Chile will pay 10%")."""
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    tok = parsed[i - sent.start]
    while tok.dep_ in ("flat", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "nsubj" and _is(tok.head, _frames()["tariff"]["hit_subject_verbs"])


def escalation_date(sent: Span, i: int, end: int) -> int | None:
    """Article token index of the date of a later step of a tariff ("rising to 30% on January 1", "increasing to
    50 percent from 2026"), when the rate at token ``i`` is one: the goal ("to") of a verb of escalation
    (frames.toml) that the date modifies, before token ``end``; else None."""
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return None
    rate = parsed[i - sent.start]
    noun = rate if rate.dep_ != "nummod" else rate.head
    verb = noun.head
    if not (any(c.dep_ == "case" and c.lower_ == "to" for c in noun.children) and
            _is(verb, _frames()["tariff"]["escalation"])):
        return None
    dates = {t.i for span in sent.doc.spans["dates"] for t in span if sent.start <= span.start < end}
    return next((sent.start + t.i for t in verb.subtree if sent.start + t.i in dates and t.i > noun.i), None)


def sources(trigger: Span) -> set[int]:
    """Article token indices of the people the sentence names as telling of the event, not taking part in it:
    "according to X" and the spokesperson, aide or official who says so ("Lee's spokesperson Kang said")."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return set()
    lex = _frames()
    out: set[int] = set()
    speech = lex["modality"]["speech"]
    roles = lex["sources"]["roles"]
    quoted = _quote_around(parsed, trigger.start - sent.start)
    if quoted is not None:
        frame = frame_parties(trigger)
        if any(t.lower_ in _FIRST_PERSON for t in parsed[quoted[0]:quoted[1]]) or frame is None or not any(
                quoted[0] <= i - sent.start < quoted[1] for i in frame[0]):
            # the speaker takes part: "after the state visit to our country," Macron said; "this was an amazing
            # meeting," Trump said (a quote that names no one holding the event)
            quoted = None
    at = trigger.start - sent.start
    frame = frame_parties(trigger)
    held = frame[0] | frame[1] if frame is not None and frame[0] else None  # an event told with its own holder
    if held is None:  # or by another word of the sentence ("will meet Xi ... for talks in Beijing, X added")
        held = next((f[0] | f[1] for t in sent.doc.spans.get("triggers", []) if sent.start <= t.start < sent.end
                     and t.start != trigger.start and (f := frame_parties(t)) is not None and f[0]), None)
    for tok in parsed:
        if tok.dep_.startswith("obl") and any(c.lower_ in lex["sources"]["according"] for c in tok.subtree):
            if any(c.lower_ in lex["sources"]["according"] for c in tok.children) or \
                    any(c.dep_ == "case" and c.lower_ == "to" for c in tok.children):
                out.update(sent.start + t.i for t in tok.subtree)  # "according to the spokesperson X"
        if tok.dep_ == "nsubj" and _is(tok.head, speech):
            span = [tok] + [t for t in tok.subtree if t.dep_ in ("appos", "flat", "compound")]
            k = min(t.i for t in span)
            while k > 0 and parsed[k - 1].pos_ in ("PROPN", "NOUN", "ADJ") and (
                    parsed[k - 1].text[:1].isupper() or _is(parsed[k - 1], roles)):
                k -= 1  # "presidential aide Yuri Ushakov told ...", however the parse hangs the role and the name
                span.insert(0, parsed[k])
            trailing = held is not None and tok.head.i > at and tok.i > at and sent.start + tok.i not in held and \
                not any(t.lower_ in _FIRST_PERSON for t in parsed[:tok.i])  # (but "a visit to our country," he said)
            if any(_is(t, roles) for t in span) or (quoted is not None and not quoted[0] <= tok.i < quoted[1]) or \
                    trailing:  # "He will then meet Guterres, Ushakov stated": told after, by someone else
                # "his spokesperson Kang said", "aide X told"; and whoever says the quote the event is told in
                # ('"The President held bilateral meetings with ...," Sugiono stated')
                out.update(sent.start + t.i for t in span)
    for i in sorted(out):  # a name right after a source's words is the source's name ("spokesperson Vincent X")
        j = i + 1 - sent.start
        while j < len(parsed) and parsed[j].pos_ == "PROPN" and sent.start + j not in out:
            out.add(sent.start + j)
            j += 1
    return out


def reported_by(trigger: Span) -> tuple[set[int], set[int]]:
    """(speaker, subject): article token indices of who says, and of the named subject of the clause they say, when
    the trigger is that clause's event ("Trump said that Witkoff had good meetings with Iran", "Trump said the
    United States would begin talks with Iran"); empty sets otherwise (also with no parse). Whether the speaker
    takes part depends on who the subject is: another person, not; their own country, yes."""
    tok = _parsed_head(trigger)
    if tok is None:
        return set(), set()
    sent = trigger.sent
    clause = _predicate(tok)
    if clause.dep_ != "ccomp" or not _is(clause.head, _frames()["modality"]["speech"]):
        return set(), set()
    speaker = next((c for c in clause.head.children if c.dep_.startswith("nsubj")), None)
    subject = next((c for c in clause.children if c.dep_.startswith("nsubj") and c.pos_ == "PROPN"), None)
    if speaker is None or subject is None:
        return set(), set()
    return ({sent.start + t.i for t in speaker.subtree},
            {sent.start + t.i for t in subject.subtree if t.dep_ in ("flat", "compound") or t.i == subject.i})


_QUOTES = {'"', "“", "”", "„", "«", "»"}
_FIRST_PERSON = {"i", "we", "my", "our", "me", "us", "ours"}


def _quote_around(parsed: Doc, i: int) -> tuple[int, int] | None:
    """(start, end) of the quotation holding word ``i`` of a parsed sentence, or None."""
    marks = [t.i for t in parsed if t.text in _QUOTES]
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if a < i < b:
            return a, b
    return None


def frame_parties(trigger: Span) -> tuple[set[int], set[int]] | None:
    """(agent, counterpart) of a call or meeting trigger, read once (see ``_frame_parties``)."""
    return _once(trigger, _frame_parties)


def _frame_parties(trigger: Span) -> tuple[set[int], set[int]] | None:
    """(agent, counterpart): article token indices of who holds a call or meeting and with whom, read off the
    parse ("Trump met Tusk", "Trump's call with Putin", "he followed with a call to Zelensky", "held talks with
    Macron"); None when the sentence has no parse. Either set may be empty (a coordinated verb shares its
    subject with the one before it)."""
    sent = trigger.sent
    tok = _parsed_head(trigger)
    if tok is None:
        return None
    parsed = tok.doc
    lex = _frames()["frame"]
    pred = _predicate(tok)
    agents: set[int] = set()
    partners: set[int] = set()

    def take(node: Token, into: set[int]) -> None:
        into.update(sent.start + t.i for t in node.subtree if not t.dep_.startswith(("acl", "advcl")))

    words = [parsed[i - sent.start] for i in range(trigger.start, trigger.end)]  # "sat down", "held talks"
    span = {w.i for w in words}
    holders = words + ([pred] if pred.i not in span and _is(pred, lex["light_verbs"]) else [])
    for holder in holders:
        for c in holder.children:
            if c.i in span:
                continue
            dep = c.dep_.split(":")[0]
            if dep in ("obl", "nmod") and c.dep_ != "nmod:poss" and any(
                    k.dep_ == "case" and k.lower_ in lex["partner_cases"] for k in c.children):
                take(c, partners)
            elif dep == "obj" and holder.pos_ in _VERBAL and holder.i in span:
                take(c, partners)
            elif c.dep_ == "nmod:poss" or (dep == "nsubj" and holder.pos_ in _VERBAL):
                take(c, agents)
    if agents:
        agents |= _listed_before(sent, min(agents))
    return agents, partners


def _listed_before(sent: Span, start: int) -> set[int]:
    """The rest of a subject the parser cut short: the words of the name and title it took one word of ("Jr." of
    "Philippine President Ferdinand Marcos Jr."), and the names listed before it that it took for the last
    conjunct alone ("Prime Minister Fumio Kishida, U.S. President Joe Biden and South Korean President Yoon Suk
    Yeol held ...": long titled names break the list), runs of capitalised words holding a name, joined by commas
    up to the "and" just before the subject."""
    doc = sent.doc
    low, txt = nlp.lowers(doc), nlp.texts(doc)
    if start <= sent.start or not (low[start] == "and" or low[start - 1] == "and" or txt[start - 1][:1].isupper()):
        return set()  # (the parse's subject starts its name and no list ends at it: nothing to add)
    names = {i for s in doc.spans.get("actors", []) if s.label_ == "name" for i in range(s.start, s.end)}

    def run_before(k: int) -> int:
        while k > sent.start and (txt[k - 1][:1].isupper() or k - 1 in names) and low[k - 1] not in (",", "and"):
            k -= 1
        return k

    out: set[int] = set()
    if start in names and (first := run_before(start)) < start:
        out.update(range(first, start))
        start = first
    k = start if low[start] == "and" else start - 1  # the parser may hang the "and" on the last conjunct
    if k <= sent.start or low[k] != "and":
        return out
    listed: set[int] = set()
    while k > sent.start and (low[k] == "and" and not listed or low[k] == ","):
        j = run_before(k)
        if j == k or not any(i in names for i in range(j, k)):
            break
        listed.update(range(j, k))
        k = j - 1
    return out | listed


def absentees(trigger: Span) -> set[int]:
    """Article token indices of the people the sentence says stay away from the event ("an event overshadowed by
    the boycott of U.S. President Donald Trump", "the summit, which Trump skipped"): the words under a word of
    absence (frames.toml ``absent``), unless the trigger is in a clause of its own below it ("skipped the summit to
    meet Xi"). Read off the parse (empty without one)."""
    sent = trigger.sent
    stems = tuple(_frames()["frame"]["absent"])
    if not any(w.startswith(stems) for w in nlp.lowers(sent.doc)[sent.start:sent.end]):
        return set()  # (most sentences: no word of absence to read the parse for)
    tok = _parsed_head(trigger)
    if tok is None:
        return set()
    out: set[int] = set()
    for word in tok.doc:
        if not _is(word, _frames()["frame"]["absent"]) or _in_clause_below(tok, word):
            continue
        for c in word.children:
            if c.dep_.split(":")[0] in ("nmod", "nsubj", "obj", "obl", "appos") and tok not in c.subtree:
                out.update(sent.start + t.i for t in c.subtree)
    return out


def _in_clause_below(tok: Token, word: Token) -> bool:
    """``tok`` is in a clause of its own under ``word`` ("skipped the summit to meet Xi": "meet" under "skipped")."""
    node = tok
    while node.i != word.i and node.head.i != node.i:
        if node.dep_.split(":")[0] in ("advcl", "xcomp", "ccomp", "conj", "parataxis") and word in node.ancestors:
            return True
        node = node.head
    return False


def has_verb(doc: Doc, start: int, end: int) -> bool:
    """A verb between article tokens ``start`` and ``end`` (read off the parse): a clause of its own, not a list of
    names ("Yoon, right, and Kishida ahead of their meeting")."""
    return any((tok := syntax.token(doc[k])) is not None and tok.pos_ in _VERBAL for k in range(start, end))


def outsiders(trigger: Span, people: bool = False) -> set[int]:
    """Article token indices of the words that name a call's or meeting's place or topic, or sit in a clause
    describing it: no country or body named there is a party ("talks in Beijing on Ukraine"). With ``people``,
    only the phrases where no person is a party either ("a trip amid unease over Trump's tariffs")."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return set()
    lex = _frames()["frame"]
    cases = lex["outside_people_cases"] if people else lex["outside_cases"]
    tok = parsed[trigger.end - 1 - sent.start]
    pred = _predicate(tok)
    out: set[int] = set()
    for holder in {tok.i: tok, pred.i: pred}.values():
        for c in holder.children:
            if c.dep_.split(":")[0] in ("obl", "nmod") and any(
                    k.dep_ == "case" and k.lower_ in cases for k in c.children):
                out.update(sent.start + t.i for t in c.subtree)
            elif people:
                continue
            elif holder.i == tok.i and c.dep_ in lex["outside_clauses"] and c.i > tok.i:
                out.update(sent.start + t.i for t in c.subtree)
    if people:
        # "a trip to China comes as Beijing courts partners, amid unease over Trump's tariffs": a background
        # phrase names no party wherever the parse hangs it (not when it holds the event itself)
        lead = _frames()["frame"]["background_cases"]
        for t in parsed:
            case = next((k for k in t.children if k.dep_ == "case" and k.lower_ in lead), None)
            if t.dep_.split(":")[0] in ("obl", "nmod", "advcl") and not t.is_ancestor(tok) and t.i != tok.i and case:
                # up to the comma that closes it: the parser may hang the subject after it on the phrase
                # ("Despite tariff issues, Xi and Carney signaled ...")
                stop = next((k.i for k in parsed[case.i:] if k.text == ","), len(parsed))
                out.update(sent.start + k.i for k in t.subtree if k.i < stop)
        return out
    # the place or topic of something else ("topics likely to include the war in Ukraine", "tensions over
    # Taiwan"): a country there is no party either, wherever the phrase hangs
    for t in parsed:
        if t.dep_ == "nmod" and t.head.pos_ == "NOUN" and t.head.i not in (tok.i, pred.i) and \
                not _is(t.head, lex["delegates"]) and any(k.dep_ == "case" and (k.lower_ in cases or k.lower_ in
                                                                                  lex["relation_cases"])
                                                          for k in t.children):
            out.update(sent.start + k.i for k in t.subtree)
    return out


def other_clauses(trigger: Span) -> set[int]:
    """Article token indices of the words in a clause that neither holds the trigger nor describes it: a clause of
    its own ("The call came weeks ahead of the assembly, at which Australia is expected to join the UK ...": the UK
    is in the clause of "join") or one describing someone else ("Putin, shunned since his invasion of Ukraine,
    visited Tehran"); no country named there is a party. Empty with no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return set()
    tok = parsed[trigger.end - 1 - sent.start]
    pred = _predicate(tok)
    out: set[int] = set()
    for t in parsed:
        if t.i in (tok.i, pred.i) or t.is_ancestor(tok) or t.is_ancestor(pred):
            continue
        # a clause describing someone else ("Putin, shunned since his invasion of Ukraine, visited Tehran"), or
        # one of its own
        if (t.dep_ in ("acl", "acl:relcl") and t.head.pos_ in ("PROPN", "NOUN") and t.head.i != tok.i) or (
                t.dep_ in ("advcl", "ccomp", "parataxis", "acl:relcl", "acl") and t.pos_ in _VERBAL and
                t.head.i != tok.i):
            out.update(sent.start + k.i for k in t.subtree)
    return out


def own_clause(trigger: Span) -> tuple[int, int] | None:
    """(first, last + 1) article token of the adverbial clause a verb trigger is told in, when that clause names
    its own subject ("... accused the leaders of China of conspiring, as Beijing hosted a parade": the clause of
    "hosted"); None otherwise or with no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return None
    tok = parsed[trigger.end - 1 - sent.start]
    if tok.pos_ != "VERB" or tok.dep_ != "advcl" or \
            not any(c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ == "PROPN" for c in tok.children):
        return None  # (a pronoun subject, "when they met in Kananaskis", stands for people named outside)
    words = [t.i for t in tok.subtree]
    return sent.start + min(words), sent.start + max(words) + 1


def governing_verb(trigger: Span) -> int | None:
    """Article token index of the verb whose object (or passive subject) the tariff word is, through a list
    ("dropped its digital tax and many retaliatory tariffs" -> dropped); None when there is none or no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return None
    node = parsed[trigger.end - 1 - sent.start]
    for _ in range(4):  # through a list, and a part of a whole: "most of its tariffs", "a third of the duties"
        part = node.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ == "of" for c in node.children)
        if not (node.dep_ == "conj" or part) or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ in ("obj", "nsubj:pass") and node.head.pos_ == "VERB":
        return sent.start + node.head.i
    return None


def relative_clause(sent: Span, i: int) -> int | None:
    """Article token index of the head of the relative clause that word ``i`` sits in ("an order last month
    that raised tariffs ..." -> raised), or None (also when the sentence has no parse)."""
    parsed = syntax.parse_of(sent)
    if parsed is None or not sent.start <= i < sent.start + len(parsed):
        return None
    node = parsed[i - sent.start]
    for _ in range(12):
        if node.dep_ == "acl:relcl":
            return sent.start + node.i
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def relative_clause_on(sent: Span, clause: int, trigger: Span) -> bool:
    """The relative clause headed at article token ``clause`` describes the trigger's own noun ("the summit, which
    opens on Monday")."""
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return True
    return trigger.start <= sent.start + parsed[clause - sent.start].head.i < trigger.end


def described_by_clause(sent: Span, i: int) -> tuple[int, int, int] | None:
    """(the noun described, first and last + 1 word) of the relative clause that word ``i`` sits in, as article
    token indices ("India, which buys oil from Russia" for Russia -> India and "which ... Russia"), or None."""
    at = relative_clause(sent, i)
    if at is None:
        return None
    clause = syntax.token(sent.doc[at])
    words = [t.i for t in clause.subtree]
    return sent.start + clause.head.i, sent.start + min(words), sent.start + max(words) + 1


def past_relative(trigger: Span) -> bool:
    """A noun event described by a relative clause in the past: "following a phone call the leaders shared on
    Friday", "the meeting that took place last week" (held, whatever the sentence plans). False with no parse."""
    tok = _parsed_head(trigger)
    return tok is not None and tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "acl:relcl" and (c.tag_ == "VBD" or (c.tag_ == "VBN" and _children(c, {"nsubj"}) and not
                                                       _children(c, {"aux", "aux:pass"})))
        for c in tok.children)  # "a call the leaders shared": a past form the tagger may read as a participle


def discussed_topic(trigger: Span) -> bool:
    """A noun event that is what others discussed ("Biden and Sisi discussed progress in the negotiations"): a
    topic, not an event its discussers hold. False with no parse, or when the noun is a verb's own event."""
    tok = _parsed_head(trigger)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    case = {c.lower_ for c in tok.children if c.dep_ == "case"}
    det = {c.lower_ for c in tok.children if c.dep_ == "det"}
    if case & {"during", "at", "by", "over", "via"} or ("in" in case and det & {"a", "an"}):
        return False  # the medium of the discussion, however the parser hangs it: "discussed trade in a phone call"
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        if node.dep_ == "obj" and _is(node.head, _frames()["frame"]["topic_verbs"]):
            return True
        if node.dep_.split(":")[0] not in ("nmod", "conj"):
            return False
        node = node.head
    return False


def between_delegates(trigger: Span) -> bool:
    """A meeting "between our teams", "of the two delegations": one of people the sides send, named only by whose
    they are (not of the leaders who agreed to it; but "talks with Mexican officials" are with Mexico). False with
    no parse."""
    tok = _parsed_head(trigger)
    return tok is not None and any(
        c.dep_.split(":")[0] == "nmod" and c.lower_ in words("frame", "delegates") and
        any(k.lower_ in ("between", "of", "with") for k in _children(c, {"case"})) and
        any(k.tag_ == "PRP$" or k.lower_ in ("two", "both") for k in c.children) and
        not any(t.pos_ == "PROPN" for t in c.subtree) for c in tok.children)


def during_past(trigger: Span) -> bool:
    """A noun event named as the time of a past act: "did not arrange a meeting during their phone call on
    Wednesday", "said during the talks" (held, whatever the window of words around it plans). False with no parse."""
    tok = _phrase_of(trigger, frozenset({"during"}), 1)
    verbs = [a for a in tok.ancestors if a.pos_ in _VERBAL][:2] if tok is not None else []  # (through "a
    # meeting during the call")
    return any(v.tag_ == "VBD" or any(c.lower_ in ("did", "had", "has", "have") for c in _children(v, {"aux"}))
               for v in verbs)


def _phrase_of(trigger: Span, marks: frozenset[str], depth: int) -> Token | None:
    """The parsed noun of a trigger when it sits in a phrase introduced by one of ``marks`` ("after the July
    meeting", "during their call"), directly or, with ``depth`` 2, through the noun it depends on ("within days
    of the visit"); else None (also with no parse)."""
    tok = _parsed_head(trigger)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    node = tok
    for _ in range(depth):
        if node.dep_.split(":")[0] not in ("obl", "nmod") or node.head.i == node.i:
            return None
        if any(c.lower_ in marks for c in _children(node, {"case", "mark"})):
            return tok
        node = node.head
    return None


def qualified_noun(word: Token) -> Token | None:
    """The common noun a name qualifies as a compound right before it ("EU" in "its closest EU ally", "US" in "US
    pressure", "Russia" in "the Russia-Ukraine conflict", through the other names of the compound), as parsed;
    None when the name stands on its own or its sentence has no parse."""
    tok = syntax.token(word)
    while tok is not None and tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and 0 < tok.head.i - tok.i <= 2:
        tok = tok.head
    if tok is not None and tok.dep_ == "compound" and tok.head.i == tok.i + 1 and tok.head.pos_ == "NOUN":
        return tok.head
    return None


def after_phrase(trigger: Span) -> bool:
    """A noun event in a phrase of what came before: "will be their third meeting, after the July meeting at
    Chequers", "the first visit since the 2019 summit" (held, whatever the sentence plans). False with no parse."""
    return _phrase_of(trigger, words("modality", "told_marks"), 1) is not None


def remote(trigger: Span) -> bool:
    """A meeting or summit held by video ("a virtual summit", "held virtually", "met via videoconference"): a
    call (GOLD_FORMAT). False with no parse."""
    tok = _parsed_head(trigger)
    if tok is None:
        return False
    cues = tuple(words("frame", "remote"))
    pred = _predicate(tok)
    for node in {tok.i: tok, pred.i: pred}.values():
        for c in _own_clause(node):
            if c.dep_ in ("amod", "advmod") and _is(c, cues):
                return True  # (wherever in the clause the parser hung it: "met Xi virtually on Monday")
            if c.dep_.split(":")[0] in ("obl", "nmod") and _is(c, cues) and any(
                    k.dep_ == "case" and k.lower_ in ("via", "by", "over", "through") for k in c.children):
                return True
    return False


def _own_clause(node: Token) -> list[Token]:
    """The words of ``node``'s phrase or clause, not those of the clauses under it."""
    out = []
    for t in node.subtree:
        k = t
        while k.i != node.i and k.dep_.split(":")[0] not in ("advcl", "ccomp", "xcomp", "acl", "parataxis", "conj",
                                                              "csubj"):
            k = k.head
        if k.i == node.i:
            out.append(t)
    return out


def in_phrase(trigger: Span) -> bool:
    """A noun event in a prepositional phrase of another act, its place or time ("approved at a meeting of EU
    ministers", "ahead of the NATO summit"), not the clause's own news ("the G20 summit opened on Saturday") nor
    what people go to ("arriving for the BRICS summit"). False with no parse."""
    tok = _parsed_head(trigger)
    if tok is not None and tok.pos_ in ("NOUN", "PROPN") and tok.dep_.split(":")[0] in ("obl", "nmod") and \
            _children(tok, {"case"}):
        return True
    # read off the words too, where the parser took a name for the head ("ahead of the NATO summit"): the words
    # before the noun phrase (its names, articles, "and") are a phrase of place or time (frames.toml setting_cases)
    doc, k = trigger.doc, trigger.start - 1
    cases = words("frame", "setting_cases")
    while k > trigger.sent.start and (doc[k].text[:1].isupper() or doc[k].lower_ in words("frame", "phrase_words")):
        k -= 1
    return k >= trigger.sent.start and (doc[k].lower_ in cases or f"{doc[k - 1].lower_} {doc[k].lower_}" in cases)


def time_reference(trigger: Span) -> bool:
    """A noun event named to place another act in time: "within days of the visit", "after the call", "ahead
    of the summit" (the people of the sentence are the other act's, not the event's). False with no parse."""
    return _phrase_of(trigger, words("frame", "time_of"), 2) is not None


def in_future_time_clause(trigger: Span) -> bool:
    """The trigger's clause is a time clause in the present under a future one: "the sum will be announced when
    Lee comes to the White House for a bilateral meeting", "they will sign it once the two leaders meet". English
    puts such clauses in the present; the event lies ahead. False when the sentence has no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    node = parsed[trigger.end - 1 - sent.start]
    verb = node if node.pos_ in _VERBAL else next((a for a in node.ancestors if a.pos_ in _VERBAL), None)
    if verb is None or verb.dep_ != "advcl" or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if not any(c.dep_ in ("mark", "advmod") and c.lower_ in _frames()["modality"]["time_marks"] for c in verb.children):
        return False
    main = verb.head
    aux = set().union(*(_forms(c) for c in _children(main, {"aux", "aux:pass"})), set())
    return bool(aux & set(_frames()["modality"]["future_aux"]))


def announced_above(trigger: Span) -> bool:
    """The act on the tariff word is told as announced: a verb of announcing governs the verb that acts on it
    ("announced in April his plans to impose a 25 percent tariff", "unveiled a plan to levy duties"). False
    when the sentence has no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    node = parsed[trigger.end - 1 - sent.start]
    words = _frames()["tariff"]["announcing"]
    for _ in range(6):
        if node.head.i == node.i or node.dep_.split(":")[0] not in ("obj", "obl", "xcomp", "acl", "nmod", "ccomp"):
            return False
        node = node.head
        if _is(node, words):
            return True
    return False


def purpose_of_past(trigger: Span) -> bool:
    """The trigger is an infinitive of purpose under a past verb: "flew to Delhi on Monday to meet Modi", "was in
    Washington to meet with Rubio": the trip was made, so was the meeting (not "agreed to meet", an xcomp, nor
    "will fly to Delhi to meet"). False when the sentence has no parse."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    tok = parsed[trigger.start - sent.start]
    if tok.dep_ not in ("advcl", "csubj", "acl") or not any(c.dep_ == "mark" and c.lower_ == "to"
                                                           for c in tok.children):
        return False
    head = tok.head
    mod = _frames()["modality"]
    if tok.dep_ == "acl" and (head.pos_ not in ("NOUN", "PROPN") or _is(head, mod["planned"] + mod["nothing"])):
        return False  # "a plan to meet", "an invitation to visit"; but "travelled for talks ... to meet Tusk"
    if any(c.dep_ == "obj" and _is(c, mod["planned"] + mod["nothing"]) for c in _children(head, {"obj"})):
        return False  # "accepted an invitation from Trump to visit Washington", the parser hanging it on the verb
    for _ in range(3):  # "travelled to Paris ... and then on to Warsaw to meet Tusk": the verb of the trip
        if head.pos_ in _VERBAL or head.head.i == head.i or any(c.dep_ == "cop" for c in head.children):
            break
        head = head.head
    aux = set().union(*(_forms(c) for c in _children(head, {"aux"})), set())
    past = head.tag_ == "VBD" or any(c.dep_ == "cop" and c.tag_ == "VBD" for c in head.children)  # "was in X"
    return past and not aux & set(mod["future_aux"] + mod["hedge_aux"] + mod["advice_aux"]) and \
        not _is(head, mod["planned"] + mod["nothing"])


@functools.cache
@functools.cache
def words(section: str, key: str) -> frozenset[str]:
    """A word list of frames.toml: ``words("frame", "aides")``, ``words("modality", "accepted")`` (words that make
    an invitation a plan), ``words("tariff", "added")`` ("additional", "extra"), ``words("tariff", "total")``,
    ``words("tariff", "told_again")``, ``words("tariff", "more_targets")``.

    >>> "spokesman" in words("frame", "aides"), "accepted" in words("modality", "accepted")
    (True, True)
    """
    return frozenset(_frames()[section][key])


@functools.cache
def phrases(section: str, key: str) -> re.Pattern:
    """A word list of frames.toml as one pattern that finds any of its words or phrases, whole and in any case
    ("all three", "are also affected"), the longest first."""
    found = sorted(words(section, key), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in found) + r")\b", re.I)


def added_measure(trigger: Span) -> bool:
    """The tariff word is told as a measure on top of another ("an additional 25 per cent duty", "an extra
    10%"): a word of the dictionary's ``added`` list in its noun phrase, before the noun (read off the tokens,
    so that sentences with no parse are read the same way)."""
    doc, added = trigger.doc, words("tariff", "added")
    i = trigger.start - 1
    while i >= trigger.sent.start and i >= trigger.start - 8 and not (doc[i].is_punct and doc[i].text != "%") and \
            doc[i].lower_ not in ("a", "an", "the", "its", "their", "his", "her", "this", "these", "of"):
        if doc[i].lower_ in added:
            return True
        i -= 1
    return i >= trigger.sent.start and doc[i].lower_ in ("another",)


def tariff_generic(trigger: Span) -> bool:
    """The tariff word only names a topic ("pressure from U.S. tariffs", "a tariff war", "the cost of tariffs",
    "consider tariffs a priority"): no measure is told, unless a rate is given with it; nor does a statistic
    ("tariffs of 39% on average", "the effective tariff rate")."""
    sent = trigger.sent
    parsed = syntax.parse_of(sent)
    if parsed is None:
        return False
    noun = parsed[trigger.end - 1 - sent.start]
    lex = _frames()["tariff"]
    phrase = " ".join(t.lower_ for t in noun.head.subtree) if noun.head.i != noun.i else \
        " ".join(t.lower_ for t in noun.subtree)
    if any(s in phrase for s in lex["statistics"]):
        return True  # "tariffs of 39% on average", "the average tariff rate": a statistic, not a measure
    if any(c.dep_ == "amod" and c.lower_ in lex["total"] for c in noun.children) and \
            not _is(noun.head, lex["act_verbs"]):
        return True  # "this brings the combined tariffs on India to 50%": the sum of the measures, none of its own
        # (but "overall tariffs are cut to 47 percent" is an act on them)
    if any(t.like_num or t.text == "%" for t in noun.subtree):
        return False
    if any(c.dep_ == "case" and c.lower_ in lex["topic_cases"] for c in noun.children):
        return True  # "prices fell amid uncertainty over US trade tariffs", "amid tariffs": what it is about
    head = noun.head
    if head.i == noun.i:
        return False
    if _is(head, lex["act_nouns"]) and noun.dep_.split(":")[0] == "nmod":
        # "discussed ... the imposition of unilateral tariffs": the act noun is the topic, not an act
        noun, head = head, head.head
        while noun.dep_ == "conj" and head.i != noun.i:
            noun, head = head, head.head  # "the scenario and the imposition of tariffs": the first conjunct's head
        if head.i == noun.i:
            return False
    if noun.dep_ == "nsubj" and _is(head, lex["impact_verbs"]):
        return True  # "threatened tariffs on the metal would squeeze global supplies": what tariffs do
    if noun.dep_ == "nsubj" and _is(head, lex["effect_verbs"]) and any(
            c.dep_ == "obj" and _is(c, lex["generic_heads"]) for c in head.children):
        return True  # "US tariffs would have a notable impact on its results"
    return _is(head, lex["generic_heads"]) and not _is(head, lex["act_verbs"]) and noun.dep_.split(":")[0] in (
        "compound", "nmod", "obl", "obj", "nsubj", "xcomp")
