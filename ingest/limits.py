"""Bounds on the work one input may cost: sentence length (a spaCy component) and time per article.

The event rules look at a whole sentence for each trigger in it, so their cost grows with the square of a
sentence's length: one 990,000-character "sentence" (a page with no full stops) took 366 s while the writer
held the store's lock. Real sentences stay far below :data:`MAX_SENTENCE_TOKENS` (the longest of the 1,061 in
the dev corpus and the samples has 162 tokens); longer ones are cut into parts of at most that many tokens
before the rules run (``dkg_sentence_limit``, after the sentencizer). A time budget per article
(:func:`time_budget`) bounds whatever else an input might make slow: the article is then reported as failed
with its reason, and the run goes on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

MAX_SENTENCE_TOKENS = 500  # 3x the longest real sentence seen; the cost per token grows with it
ARTICLE_SECONDS = 60.0  # extraction time per article; $DKG_ARTICLE_SECONDS overrides (0: no limit)
_REPEAT_S = 0.25
_CLAUSE_MARKS = frozenset({";", ":", ",", "—", "–", "-", "--", ")"})


@Language.component("dkg_sentence_limit")
def limit_sentences(doc: Doc) -> Doc:
    """Cut every sentence longer than :data:`MAX_SENTENCE_TOKENS` into parts no longer than that."""
    return split_long_sentences(doc, MAX_SENTENCE_TOKENS)


def split_long_sentences(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Start a new sentence wherever one has run ``limit`` tokens: after the last clause mark (, ; : dash) in
    the last quarter of those tokens, else right at the limit. Shorter sentences are left as they are."""
    if len(doc) <= limit:
        return doc
    for sent in list(doc.sents):
        start = sent.start
        while sent.end - start > limit:
            start = _cut(doc, start, limit)
            doc[start].is_sent_start = True
    return doc


def _cut(doc: Doc, start: int, limit: int) -> int:
    """Where the part beginning at ``start`` ends: just after a clause mark near its limit, if any."""
    end = start + limit
    for i in range(end - 1, end - 1 - limit // 4, -1):
        if doc[i].text in _CLAUSE_MARKS:
            return i + 1
    return end


class TimeBudgetExceeded(BaseException):  # noqa: N818 - like KeyboardInterrupt, past any "except Exception"
    """An article's extraction ran out of time (raised inside it by :func:`time_budget`)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"extraction stopped after {seconds:g} s (the time limit per article)")
        self.seconds = seconds


def article_seconds() -> float:
    """The time budget of one article's extraction: ``$DKG_ARTICLE_SECONDS``, else :data:`ARTICLE_SECONDS`."""
    try:
        return max(0.0, float(os.environ.get("DKG_ARTICLE_SECONDS", ARTICLE_SECONDS)))
    except ValueError:
        return ARTICLE_SECONDS


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeBudgetExceeded` inside the block once ``seconds`` have passed.

    It uses SIGALRM, so it bounds the block only in a process's main thread (the ingest run and its worker
    processes), on a system that has it, and when no other interval timer is running; elsewhere, and with
    ``seconds`` 0, the block runs unbounded.
    """
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeBudgetExceeded(seconds)

    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's timer: never steal it
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    # Then again every _REPEAT_S: a signal handler's exception raised where Python cannot pass it on (in a
    # __del__ or a weakref callback run at that moment) is printed and dropped, and the next one ends the block.
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
