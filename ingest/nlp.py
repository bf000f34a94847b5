"""The spaCy pipeline: a blank English tokenizer plus small named components, each testable alone.

    tokenizer   -> spaCy's English tokenizer behind a cache of whitespace-separated chunks (RunCache)
    paragraphs  -> sentence starts at paragraph breaks (before the punctuation-based sentencizer)
    sentencizer -> sentences
    lowercase_continues -> no sentence starts on a lowercase word (abbreviations: "Alta., from June 15")
    dkg_sentence_limit -> no sentence longer than 500 tokens (ingest.limits: the rules' cost grows with it)
    dkg_actors  -> doc.spans["actors"]   gazetteer names, aliases, metonyms (label name|metonym|demonym,
                                          kb_id = actor id)
    dkg_titles  -> doc.spans["titles"]   office titles ("prime minister", "foreign minister")
    dkg_triggers-> doc.spans["triggers"] event words (label CALL|MEET|VISIT|SUMMIT|TARIFF)
    dkg_dates   -> doc.spans["dates"]    date expressions, resolved later by ingest.dates
    dkg_parse   -> doc.user_data["parses"] tags and dependencies of the sentences that can hold an event
                                          (ingest.syntax: a model trained here on UD English)

Components only find spans and parse; deciding what they mean in context is ingest.mentions', ingest.coder's
and ingest.events' job.
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest import limits, syntax  # noqa: F401 - register the dkg_sentence_limit and dkg_parse components
from ingest.actors import Actor, Registry, gazetteer_path
from ingest.dates import COUNT

# The trigger words live in the coder's dictionary (ingest/lexicon/frames.toml, [words]), with their senses.
_LEXICON = tomllib.loads((Path(__file__).resolve().parent / "lexicon" / "frames.toml").read_text(encoding="utf-8"))
TRIGGERS: dict[str, list[str]] = _LEXICON["words"]
NAME_TITLES: list[str] = _LEXICON["frame"]["name_titles"]  # "Senator Bill Hagerty": a name after it is a person

_MONTHS = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
           r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A span of days ("July 23-24", "13–14 May") is one expression: GOLD_FORMAT dates it on its first day.
# The lookahead changes no match (every alternative starts with a letter or a digit) but lets the engine skip
# punctuation and spaces without trying the alternatives: the whole scan takes half the time.
DATE_PATTERN = re.compile(
    r"(?=[\da-z])\b(?:"
    rf"a\s+week\s+on\s+{_WEEKDAYS}"
    rf"|(?:(?:last|this|next|on|coming|past)\s+)?{_WEEKDAYS}(?:\s+week\b)?(?:\s+of\s+(?:last|next|this)\s+week)?"
    rf"(?:\s+(?:morning|afternoon|evening|night))?(?:,?\s+{_MONTHS}\s+\d{{1,2}}\b(?:,?\s+\d{{4}})?)?"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\b(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+{_MONTHS}(?:,?\s+\d{{4}})?"
    rf"|(?:(?:early|mid|late|in|since|until|by|from|of|during|this|last|next)[\s-]+)?{_MONTHS}\s+\d{{4}}"
    rf"|(?:(?:early|mid|late|in|since|until|by|from|during|last|next|this)[\s-]+)(?:{_MONTHS})\b(?!\.?\s+\d)"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:on|since|from|until|by)\s+\d{1,2}/\d{1,2}(?:/\d{2}(?:\d{2})?)?\b(?!/)"
    r"|(?:yesterday|today|tonight|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|this\s+(?:morning|afternoon|evening)"
    r"|last\s+(?:night|week|weekend|month|year)"
    r"|(?:earlier|later)\s+(?:this|that|in\s+the)\s+(?:week|month|day|year)"
    r"|on\s+the\s+\d{1,2}(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$))"
    r"|(?:this|next|coming)\s+(?:week|weekend|month|year)"
    r"|(?:the\s+)?(?:next|following|previous)\s+day|the\s+(?:following|next|previous)\s+month"
    rf"|(?:{COUNT})\s+(?:(?:days?|weeks?|months?)\s+(?:after|later|before|earlier)|(?:days?|weeks?|months?)\s+ago)"
    rf"|within\s+(?:the\s+)?(?:next|coming)\s+(?:{COUNT})\s+(?:days?|weeks?)"
    rf"|in\s+(?:{COUNT})\s+(?:days?|weeks?)(?:['’]\s*time)?"
    rf"|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of\s+{_MONTHS}(?:,?\s+\d{{4}})?"
    r"|over\s+the\s+weekend|by\s+the\s+end\s+of\s+(?:the|this|next)\s+(?:week|month)"
    r"|(?:in|since|during|from|until|by)\s+(?:19|20)\d{2}\b(?![-–/]\d)"
    r"|(?:(?:in|by|until|from|since|during)\s+)?(?:early|mid|late)[\s-]+(?:19|20)\d{2}\b(?![-–/]\d)"
    r")",
    re.IGNORECASE,
)
_ORIGIN = re.compile(r"\b([A-Z][A-Za-z.]*?\.?)-(?:built|made|based|produced|assembled|manufactured|grown|origin)\b")
# A month name alone is case-sensitive (never "may" the verb); weekday/relative words are not.
_CASE_SENSITIVE_MONTH = re.compile(rf"\b{_MONTHS}\b")
_ANY_CASE_MONTH = re.compile(_MONTHS, re.IGNORECASE)


_RUN = re.compile(r"\S+|\s+")  # \s is str.isspace(), the tokenizer's own test


class RunCache:
    """spaCy's tokenizer, remembering how it splits each whitespace-separated chunk.

    spaCy tokenizes chunk by chunk and caches chunks too, but stops caching for the rest of a document once a
    special case ("\\n", "U.S.", "'s") occurs, so news copy nearly always misses: 1.4 ms an article. The split
    of a chunk depends on the chunk alone, so this cache gives the same tokens (tests compare both) in 0.4 ms.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], max_size: int = 200_000) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_size = max_size
        self._runs: dict[str, list[str]] = {}

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        runs = self._runs
        for m in _RUN.finditer(text):
            run = m.group()
            # One plain space after a chunk is that token's trailing whitespace, as in Tokenizer.__call__.
            if run[0] == " " and words:
                spaces[-1] = True
                run = run[1:]
                if not run:
                    continue
            tokens = runs.get(run)
            if tokens is None:
                if len(runs) >= self.max_size:
                    runs.clear()
                tokens = runs[run] = [t.text for t in self.tokenizer(run)]
            words += tokens
            spaces += [False] * len(tokens)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["dkg_text"] = text
        return doc


def doc_text(doc: Doc) -> str:
    """The document's text, built once (``Doc.text`` joins every token on each call)."""
    text = doc.user_data.get("dkg_text")
    if text is None:
        text = doc.user_data["dkg_text"] = doc.text
    return text


_LAST: list = [None, None, None]  # the document last asked about, its texts and lowercase forms


def lowers(doc: Doc) -> list[str]:
    """Every token's lowercase form, built once per document (each ``doc[i]`` makes a new Token object)."""
    if doc is _LAST[0] and _LAST[2] is not None:
        return _LAST[2]
    low = doc.user_data.get("dkg_lower")
    if low is None:
        low = doc.user_data["dkg_lower"] = [w.lower() for w in texts(doc)]
    _LAST[:] = [doc, texts(doc), low]
    return low


def texts(doc: Doc) -> list[str]:
    """Every token's text, built once per document."""
    if doc is _LAST[0]:
        return _LAST[1]
    out = doc.user_data.get("dkg_texts")
    if out is None:
        text = doc_text(doc)
        pairs = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        doc.user_data["dkg_idx"] = [i for i, _ in pairs]
        out = doc.user_data["dkg_texts"] = [text[i:i + n] for i, n in pairs]
    return out


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` from the cached text and token offsets (without making Token objects)."""
    words = texts(doc)
    n = len(words)
    start, end = start + n if start < 0 else start, end + n if end < 0 else end  # slice semantics
    start, end = max(0, start), min(n, end)
    if start >= end:
        return ""
    offsets = doc.user_data["dkg_idx"]
    return doc_text(doc)[offsets[start]:offsets[end - 1] + len(words[end - 1])]

def by_sentence(starts: list[int], items: list) -> dict[int, list]:
    """Group spans or mentions (anything with ``.start``) by the start token of their sentence."""
    out: dict[int, list] = {}
    for item in items:
        out.setdefault(starts[bisect.bisect_right(starts, item.start) - 1], []).append(item)
    return out


def sent_text(sent: Span) -> str:
    """A sentence's text (``Span.text`` without making Token objects)."""
    return span_text(sent.doc, sent.start, sent.end)


@Language.component("paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines, datelines and live-blog entries)."""
    text = doc_text(doc)
    start = 0
    while (k := text.find("\n", start)) != -1:
        start = k + 1
        span = doc.char_span(k, k + 1, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            doc[span.end].is_sent_start = True  # the token after the break (or after the space token)
    return doc


@Language.component("lowercase_continues")
def lowercase_continues(doc: Doc) -> Doc:
    """Undo a sentence start on a lowercase word after an abbreviation ("in Kananaskis, Alta., from June 15"):
    news sentences begin with a capital, a digit or a quote, never with a lowercase word."""
    starts = doc.to_array("SENT_START")
    for i in (starts == 1).nonzero()[0]:
        tok = doc[int(i)]
        if tok.i > 0 and tok.text[:1].islower() and tok.is_alpha:
            prev = doc[tok.i - 1]
            if "\n" not in prev.text and "\n" not in prev.whitespace_ and prev.text not in ("?", "!"):
                tok.is_sent_start = False
    return doc


@Language.factory("dkg_actors", default_config={"gazetteer": ""})
def make_actor_finder(nlp: Language, name: str, gazetteer: str) -> ActorFinder:
    return ActorFinder(nlp, Registry.load(gazetteer or None))


def _part_of_a_longer_name(doc: Doc, start: int, end: int, actor: Actor | None) -> bool:
    """A body's one-word short name inside another body's name: "the U.S. International Trade Commission", "the
    International Trade Administration Commission of South Africa" are not the European Commission (an acronym
    is its body wherever it stands: "the Brussels NATO summit")."""
    if actor is None or actor.kind != "organisation" or end - start != 1 or doc[start].text.isupper():
        return False
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.text[:1].isupper() and before.is_alpha and not before.is_sent_start:
        return True
    return end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper()


class ActorFinder:
    """Marks gazetteer mentions (case-sensitive, as written in news copy)."""

    def __init__(self, nlp: Language, registry: Registry) -> None:
        self.registry = registry
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kinds: dict[str, tuple[str, str]] = {}
        patterns: dict[str, list] = {}

        def add(form: str, actor_id: str, label: str, body: bool = False) -> None:
            form = form.strip()
            if len(form) < 2:
                return
            variants = {form, form[0].upper() + form[1:]}
            if body and len(form) >= 3 and form.isupper() and form.isalpha():
                variants.add(form.title())  # British copy writes a body's acronym as a word: "Nato", "Apec"
            if form.lower().startswith("the "):
                variants.add(form[4:])
            for v in variants:
                key = f"{label}|{actor_id}"
                patterns.setdefault(key, []).append(nlp.make_doc(v))

        for actor in registry.actors.values():
            body = actor.kind == "organisation"
            add(actor.name, actor.id, "name", body)
            for alias in actor.aliases:
                add(alias, actor.id, "name", body)
            for m in actor.metonyms:
                add(m, actor.id, "metonym")
            for d in actor.demonyms:
                add(d, actor.id, "demonym")
        for key, docs in patterns.items():
            self.matcher.add(key, docs)
        self.handles = _handles(registry)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, actor_id = doc.vocab.strings[match_id].split("|", 1)
            if _part_of_a_longer_name(doc, start, end, self.registry.get(actor_id)):
                continue
            spans.append(Span(doc, start, end, label=label, kb_id=actor_id))
        # "U.S.-built vehicles", "Chinese-made steel": one token, an adjective of origin
        for m in _ORIGIN.finditer(doc_text(doc)):
            actor = self.registry.resolve(m.group(1))
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand") if actor is not None else None
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label="demonym", kb_id=actor.id))
        # "catch up with FM @araghchi": a social-media handle that spells a person's name
        for m in _HANDLE.finditer(doc_text(doc)):
            key = _handle_key(m.group(1))
            actor_id = self.handles.get(key) or next(  # "@DrSJaishankar": a title, then a surname no one shares
                (a for k, a in self.handles.items() if len(k) >= 6 and key.endswith(k)), None)
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand") if actor_id else None
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label="name", kb_id=actor_id))
        doc.spans["actors"] = filter_spans(spans)
        return doc


_HANDLE = re.compile(r"(?<![\w@])@(\w{4,})")


def _handle_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _handles(registry: Registry) -> dict[str, str]:
    """Handles that spell a person's name, an alias or a surname no other person has ("@JoeBiden", "@araghchi")."""
    out: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for actor in registry.actors.values():
        if actor.kind != "person":
            continue
        for form in (actor.name, *actor.aliases):
            if len(key := _handle_key(form)) >= 4:
                out[key] = actor.id
        surnames.setdefault(_handle_key(actor.name.split()[-1]), set()).add(actor.id)
    for key, ids in surnames.items():
        if len(ids) == 1 and len(key) >= 5:
            out.setdefault(key, next(iter(ids)))
    return out


@Language.factory("dkg_titles", default_config={"gazetteer": ""})
def make_title_finder(nlp: Language, name: str, gazetteer: str) -> TitleFinder:
    return TitleFinder(nlp, Registry.load(gazetteer or None).title_phrases + NAME_TITLES)


class TitleFinder:
    """Marks office titles, case-insensitively ("Prime Minister", "the foreign minister")."""

    def __init__(self, nlp: Language, phrases: list[str]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TITLE", [nlp.make_doc(p) for p in phrases if len(p) > 2])
        # a short title only in capitals and before a name ("PM Shehbaz"; never "3 pm")
        self.short = {p.upper() for p in phrases if len(p) <= 2}

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="TITLE") for _, s, e in self.matcher(doc)]
        spans += [Span(doc, t.i, t.i + 1, label="TITLE") for t in doc if t.text in self.short
                  and t.i + 1 < len(doc) and doc[t.i + 1].text[:1].isupper()]
        doc.spans["titles"] = filter_spans(spans)
        return doc


@Language.factory("dkg_triggers")
def make_trigger_finder(nlp: Language, name: str) -> TriggerFinder:
    return TriggerFinder(nlp)


class TriggerFinder:
    """Marks words that signal a call, a meeting, a visit, a summit or a tariff."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, words in TRIGGERS.items():
            self.matcher.add(label, [nlp.make_doc(w) for w in words])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        doc.spans["triggers"] = filter_spans(spans)
        return doc


@Language.component("dkg_dates")
def find_dates(doc: Doc) -> Doc:
    """Marks date expressions (label DATE); ingest.dates turns them into days or months."""
    spans = []
    for m in DATE_PATTERN.finditer(doc_text(doc)):
        text = m.group(0)
        if _bare_lowercase_month(text):
            continue
        span = doc.char_span(m.start(), m.end(), label="DATE", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["dates"] = filter_spans(spans)
    return doc


def _bare_lowercase_month(text: str) -> bool:
    # "in may" or "by march" are verbs/nouns, not months.
    words = text.split()
    return (len(words) == 2 and bool(_ANY_CASE_MONTH.fullmatch(words[1]))
            and not _CASE_SENSITIVE_MONTH.search(words[1]))


def load_pipeline(gazetteer: str | None = None) -> Language:
    """The extraction pipeline (blank English + the components above) for a gazetteer file (default
    ``$DKG_GAZETTEER`` or ``data/actors.json``), built once per process and gazetteer."""
    return _build_pipeline(gazetteer_path(gazetteer))


@functools.lru_cache(maxsize=4)
def _build_pipeline(gazetteer: str) -> Language:
    nlp = spacy.blank("en")
    # "U.S.-China talks", "the U.S.-Russia summit": the hyphen after an abbreviation's full stop joins two names,
    # as in "US-China" (spaCy keeps "U.S.-China" one token, and neither country is found)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(
        [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[A-Z])"]).finditer
    nlp.tokenizer = RunCache(nlp.tokenizer)
    nlp.add_pipe("paragraphs")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lowercase_continues")
    nlp.add_pipe("dkg_sentence_limit")  # ingest.limits: no sentence longer than the rules can afford
    nlp.add_pipe("dkg_actors", config={"gazetteer": gazetteer})
    nlp.add_pipe("dkg_titles", config={"gazetteer": gazetteer})
    nlp.add_pipe("dkg_triggers")
    nlp.add_pipe("dkg_dates")
    nlp.add_pipe("dkg_parse")
    return nlp
