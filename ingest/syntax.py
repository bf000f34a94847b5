"""The syntactic layer: a part-of-speech tagger and dependency parser trained here on UD English EWT
(``training/``, CC BY-SA 4.0), shipped in ``ingest/models/en_ud_parser`` and loaded offline.

Only the sentences that can hold an event are parsed: those with a trigger word (a call, meeting, visit,
summit or tariff word) and an actor mention (a name, a country, a demonym, a title). The parse of each is a
small Doc of its own, kept in ``doc.user_data["parses"]`` by the sentence's first token; :func:`parse_of`
gives a sentence's parse and :func:`token` the parsed token of a word of the article. Sentences without a
parse are read by the coder's fallbacks, as before the parser existed.

>>> from ingest.nlp import load_pipeline
>>> doc = load_pipeline()("Mark Carney met Donald Trump on Tuesday. The weather was fine.")
>>> [s.text for s in doc.sents if parse_of(s) is not None]
['Mark Carney met Donald Trump on Tuesday.']
>>> token(doc[2]).dep_, token(doc[2]).pos_
('ROOT', 'VERB')
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = ["MODEL", "model_version", "parse_of", "parse_sentences", "parser", "token"]

MODEL = Path(os.environ.get("DKG_PARSER_MODEL") or Path(__file__).resolve().parent / "models" / "en_ud_parser")
_KEY = "parses"


@functools.lru_cache(maxsize=1)
def parser() -> Language | None:
    """The trained tagger and parser (None when the model folder is missing or ``DKG_NO_PARSER`` is set)."""
    if os.environ.get("DKG_NO_PARSER") or not (MODEL / "meta.json").exists():
        return None
    return spacy.load(MODEL)


@functools.lru_cache(maxsize=1)
def model_version() -> str:
    """A digest of the model's weights and config: part of the extractor's version."""
    h = hashlib.sha256()
    if MODEL.exists():
        for path in sorted(p for p in MODEL.rglob("*") if p.is_file() and p.name != "accuracy.json"):
            h.update(path.relative_to(MODEL).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _candidate(sent: Span, triggers: set[int], actors: set[int]) -> bool:
    return any(i in triggers for i in range(sent.start, sent.end)) and \
        any(i in actors for i in range(sent.start, sent.end))


def parse_sentences(doc: Doc) -> Doc:
    """Parse the sentences of ``doc`` that hold a trigger and an actor mention (a pipeline component)."""
    nlp = parser()
    doc.user_data[_KEY] = {}
    if nlp is None:
        return doc
    triggers = {t.start for t in doc.spans.get("triggers", [])}
    actors = {i for s in doc.spans.get("actors", []) for i in range(s.start, s.end)}
    actors |= {i for s in doc.spans.get("titles", []) for i in range(s.start, s.end)}
    chosen = [s for s in doc.sents if _candidate(s, triggers, actors)]
    if not chosen:
        return doc
    subs = [Doc(nlp.vocab, words=[t.text for t in s[:_content_end(s)]],
                spaces=[bool(t.whitespace_) for t in s[:_content_end(s)]]) for s in chosen]
    for sent, parsed in zip(chosen, nlp.pipe(subs, batch_size=64), strict=True):
        doc.user_data[_KEY][sent.start] = parsed
    return doc


def _content_end(sent: Span) -> int:
    """The sentence's length without its trailing line breaks (a paragraph's "\n\n" would change the parse; token
    i of the parse stays token i of the sentence)."""
    end = len(sent)
    while end > 1 and sent[end - 1].is_space:
        end -= 1
    return end


@Language.component("dkg_parse")
def _parse_component(doc: Doc) -> Doc:
    return parse_sentences(doc)


def parse_of(sent: Span) -> Doc | None:
    """The parse of a sentence (a Doc whose token i is the sentence's token i), or None if it was not parsed."""
    return sent.doc.user_data.get(_KEY, {}).get(sent.start)


def token(word: Token) -> Token | None:
    """The parsed token of a word of the article (None when its sentence was not parsed)."""
    sent = word.sent
    parsed = parse_of(sent)
    if parsed is None or word.i - sent.start >= len(parsed):
        return None  # not parsed, or a trailing line break
    return parsed[word.i - sent.start]
