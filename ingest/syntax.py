"""The syntactic layer: a part-of-speech tagger and dependency parser trained here on UD English EWT
(``training/``, CC BY-SA 4.0), shipped in ``ingest/models/en_ud_parser`` and loaded offline.

Only the sentences that can hold an event are parsed: those with a trigger word (a call, meeting, visit,
summit or tariff word) and an actor mention (a name, a country, a demonym, a title), and those with a tariff word
alone (its imposer may come from the page: "duties on cognac could reach 35%" is a hedge only the parse shows).
The parse of each is a small Doc of its own, kept in ``doc.user_data["parses"]`` by the sentence's first
token; :func:`parse_of` gives a sentence's parse and :func:`token` the parsed token of a word of the article.
Sentences without a parse are read by the coder's fallbacks, as before the parser existed.

>>> from ingest.nlp import load_pipeline
>>> doc = load_pipeline()("Mark Carney met Donald Trump on Tuesday. The weather was fine.")
>>> [s.text for s in doc.sents if parse_of(s) is not None]
['Mark Carney met Donald Trump on Tuesday.']
>>> token(doc[2]).dep_, token(doc[2]).pos_
('ROOT', 'VERB')
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.api import NumpyOps

__all__ = ["MODEL", "load_model", "model_version", "one_blas_thread", "parse_of", "parse_sentences", "parser", "token"]

MODEL = Path(os.environ.get("DKG_PARSER_MODEL") or Path(__file__).resolve().parent / "models" / "en_ud_parser")
_KEY = "parses"


@functools.lru_cache(maxsize=1)
def parser() -> Language | None:
    """The trained tagger and parser (None when the model folder is missing or ``DKG_NO_PARSER`` is set)."""
    if os.environ.get("DKG_NO_PARSER") or not (MODEL / "meta.json").exists():
        return None
    return load_model(MODEL)


def load_model(path: Path) -> Language:
    """A trained pipeline, its matrix products done by OpenBLAS where numpy has it (see :class:`_BlasOps`; run
    it inside :func:`one_blas_thread`)."""
    nlp = spacy.load(path)
    if _openblas() is not None and not os.environ.get("DKG_PARSER_BLIS"):
        ops = _BlasOps()
        for _, component in nlp.pipeline:
            for node in component.model.walk():
                node.ops = ops
    return nlp


class _BlasOps(NumpyOps):
    """thinc's CPU operations with the matrix products done by numpy's OpenBLAS (on one thread, see
    :func:`one_blas_thread`) instead of blis.

    blis picks its kernels by the CPU model and falls back to its generic C loops on one it does not know: on
    this machine's virtual AMD EPYC (``BLIS_ARCH_DEBUG=1`` prints "selecting sub-configuration 'generic'") they
    run at a third of OpenBLAS's speed, and the products of the CNN and of the parser's hidden layer are most of
    the parse's time. Only the order of the additions differs; ``DKG_PARSER_BLIS=1`` keeps blis."""

    name = "dkg_openblas"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        x = x.T if trans1 else x
        y = y.T if trans2 else y
        if out is None:
            return numpy.matmul(x, y)
        return numpy.matmul(x, y, out=out)


@functools.lru_cache(maxsize=1)
def _openblas() -> ctypes.CDLL | None:
    """The OpenBLAS library numpy's wheel ships, if it can limit the threads of the calling thread
    (``openblas_set_num_threads_local``, OpenBLAS 0.3.27 on); None with another BLAS."""
    libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*.so*")):
        with contextlib.suppress(OSError, AttributeError):
            lib = ctypes.CDLL(str(path))
            lib.openblas_set_num_threads_local.restype = ctypes.c_int
            lib.openblas_set_num_threads_local.argtypes = [ctypes.c_int]
            return lib
    return None


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """OpenBLAS on one thread for the calling thread (it would spread a product of a few hundred rows over every
    core: no faster on a busy machine, and with ``--workers`` the cores are the workers')."""
    lib = _openblas()
    if lib is None:
        yield
        return
    before = lib.openblas_set_num_threads_local(1)
    try:
        yield
    finally:
        lib.openblas_set_num_threads_local(before)


@functools.lru_cache(maxsize=1)
def model_version() -> str:
    """A digest of the model's weights and config: part of the extractor's version."""
    h = hashlib.sha256()
    if MODEL.exists():
        for path in sorted(p for p in MODEL.rglob("*") if p.is_file() and p.name != "accuracy.json"):
            h.update(path.relative_to(MODEL).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


_TOLD_AGAIN = {"the", "this", "that"}


def _candidate(sent: Span, triggers: set[int], actors: set[int], tariffs: set[int], again: set[int]) -> bool:
    if any(i in tariffs or i in again for i in range(sent.start, sent.end)):
        return True
    return any(i in triggers for i in range(sent.start, sent.end)) and \
        any(i in actors for i in range(sent.start, sent.end))


def parse_sentences(doc: Doc) -> Doc:
    """Parse the sentences of ``doc`` that hold a trigger and an actor mention, a trigger told again ("the call"),
    or a tariff word (a pipeline component)."""
    nlp = parser()
    doc.user_data[_KEY] = {}
    if nlp is None:
        return doc
    triggers = {t.start for t in doc.spans.get("triggers", []) if t.label_ != "RATE"}  # "rate" alone: no event
    actors = {i for s in doc.spans.get("actors", []) for i in range(s.start, s.end)}
    actors |= {i for s in doc.spans.get("titles", []) for i in range(s.start, s.end)}
    tariffs = {t.start for t in doc.spans.get("triggers", []) if t.label_ == "TARIFF"}
    # "The call was set for Monday but was postponed": an event told again names no one, its modality still counts
    again = {i for i in triggers if i > 0 and doc[i - 1].lower_ in _TOLD_AGAIN}
    chosen = [s for s in doc.sents if _candidate(s, triggers, actors, tariffs, again)]
    if not chosen:
        return doc
    strings = doc.vocab.strings
    orth, spaces = zip(*doc.to_array([ORTH, SPACY]).tolist(), strict=True)
    subs = []
    for s in chosen:
        words = [strings[o] for o in orth[s.start:s.end]]
        end = _content_end(words)
        subs.append(Doc(nlp.vocab, words=words[:end], spaces=[bool(b) for b in spaces[s.start:s.start + end]]))
    with one_blas_thread():
        parses = list(nlp.pipe(subs, batch_size=64))
    for sent, parsed in zip(chosen, parses, strict=True):
        doc.user_data[_KEY][sent.start] = parsed
    return doc


def _content_end(words: list[str]) -> int:
    """The sentence's length without its trailing line breaks (a paragraph's "\n\n" would change the parse; token
    i of the parse stays token i of the sentence)."""
    end = len(words)
    while end > 1 and words[end - 1].isspace():
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
