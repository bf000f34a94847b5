"""The extraction stage of an ingest run: one unit in (an article, a fetched page, a read error), one outcome out.

An unchanged article (its content hash already stored) is skipped without extraction; otherwise its events
are extracted and turned into its graph's triples. :class:`Extraction` does this in the writer's process or
in a pool of worker processes, and hands outcomes back in input order (ingest.pipeline writes them).
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from ingest.actors import Registry
from ingest.article import Article, ArticleError
from ingest.events import Event, Extractor
from ingest.limits import TimeBudgetExceeded, article_seconds, time_budget
from ingest.rdf import article_iri, article_triples
from ingest.sources import Page, SourceError, Unit

T = TypeVar("T")  # what travels with each unit through the stage (the batch run's bookkeeping)


@dataclass
class Skip:
    """An input known to be unchanged without reading it (a feed entry or listed page already stored)."""

    source: str
    title: str = ""


@dataclass
class Outcome:
    status: str  # extracted | unchanged | failed
    source: str
    title: str = ""
    iri: str = ""
    content_hash: str = ""
    triples: list[tuple] | None = None
    n_events: int = 0
    events: list[Event] | None = None  # only when extracted in this process
    reason: str = ""
    transient: bool = False


def _label(unit: Unit) -> str:
    if isinstance(unit, SourceError):
        return unit.source
    return unit.origin or getattr(unit, "url", None) or getattr(unit, "title", "")


def extract(unit: Unit, extractor: Extractor, known: dict[str, str], keep_events: bool = False) -> Outcome:
    """Parse (pages), skip an article whose content hash is stored, else extract its events and triples."""
    if isinstance(unit, SourceError):
        return Outcome("failed", unit.source, reason=unit.reason, transient=unit.transient)
    source = _label(unit)
    if isinstance(unit, Page):
        try:
            unit = unit.to_article()
        except ArticleError as e:
            return Outcome("failed", source, reason=str(e))
    article = unit
    iri = str(article_iri(article))
    digest = article.content_hash
    if known.get(iri) == digest:
        return Outcome("unchanged", source, article.title, iri, digest)
    try:
        with time_budget(article_seconds()):  # one pathological text must not hold the writer for minutes
            events = extractor(article)
        triples = list(article_triples(article, events))
    except TimeBudgetExceeded as e:
        return Outcome("failed", source, article.title,
                       reason=f"{e} on {len(article.text):,} characters of text ($DKG_ARTICLE_SECONDS sets it)")
    except Exception as e:  # noqa: BLE001 - one article's failure must not stop the batch
        return Outcome("failed", source, article.title, reason=f"extraction failed: {type(e).__name__}: {e}")
    return Outcome("extracted", source, article.title, iri, digest, triples, len(events),
                   events if keep_events else None)


_WORKER: dict[str, Any] = {}


def _init_worker(known: dict[str, str], parent: int) -> None:
    # A worker blocks on its task queue, which it holds both ends of: if the writer dies (kill -9), no
    # end-of-file ever comes. So each worker watches its parent and leaves when it is gone.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="dkg-parent-watch").start()
    _WORKER["extractor"] = Extractor()
    _WORKER["known"] = known


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(70)


def _extract_in_worker(units: list[Unit]) -> list[Outcome]:
    return [extract(unit, _WORKER["extractor"], _WORKER["known"]) for unit in units]


class LazyExtractor:
    """Builds the spaCy pipeline only when an article actually needs extracting."""

    def __init__(self, registry: Registry, extractor: Extractor | None = None) -> None:
        self.registry = registry
        self._extractor = extractor

    def __call__(self, article: Article) -> list[Event]:
        if self._extractor is None:
            self._extractor = Extractor(self.registry)
        return self._extractor(article)


BATCH = 8  # articles per task sent to a worker: one task each would cost more in messaging than in work


class Extraction:
    """Stage 2: outcomes in input order, extracted here (workers=1) or by a pool of processes.

    Articles go to the workers in batches of :data:`BATCH`: every task costs the writer a few
    milliseconds of inter-process messaging, which one article per task would spend over and over.
    A worker that dies (killed, out of memory) breaks the pool: a new pool is started and each article
    that was in flight is tried again on its own; an article whose own attempt also kills a worker is
    reported as failed, so one pathological input cannot stop the run.
    """

    def __init__(self, workers: int, known: dict[str, str], registry: Registry) -> None:
        self.workers = workers
        self.known = known
        self.inline = LazyExtractor(registry)
        self._pool: Executor | None = None
        self._generation = 0  # bumped for each new pool
        self._batch: list[_Pending] = []

    def __enter__(self) -> Extraction:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, units: list[Unit]) -> tuple[Future, int]:
        if self._pool is None:
            # spawn, not fork: a forked child would inherit the open RocksDB handle and the writer's threads
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(dict(self.known), os.getpid()))
            self._generation += 1
        try:
            return self._pool.submit(_extract_in_worker, units), self._generation
        except BrokenProcessPool as e:
            # A worker died between two submissions: hand back a failed future so that these articles take
            # the same road as those in flight (a new pool, each article tried again on its own).
            failed: Future = Future()
            failed.set_exception(e)
            return failed, self._generation

    def _flush(self) -> None:
        if self._batch:
            future, generation = self._submit([p.unit for p in self._batch])
            for i, p in enumerate(self._batch):
                p.future, p.generation, p.index = future, generation, i
            self._batch = []

    def _now_or_later(self, unit: Unit | Skip) -> Outcome | _Pending:
        if isinstance(unit, Skip):
            return Outcome("unchanged", unit.source, unit.title)
        if isinstance(unit, SourceError) or self.workers == 1:
            return extract(unit, self.inline, self.known)  # type: ignore[arg-type]
        if isinstance(unit, Article) and self.known.get(str(article_iri(unit))) == unit.content_hash:
            return Outcome("unchanged", _label(unit), unit.title)  # no need to wake a worker
        pending = _Pending(unit)
        self._batch.append(pending)
        if len(self._batch) >= BATCH:
            self._flush()
        return pending

    def _outcome(self, x: Outcome | _Pending) -> Outcome:
        if isinstance(x, _Pending) and x.future is None:
            self._flush()
        while isinstance(x, _Pending):
            assert x.future is not None
            try:
                return x.future.result()[x.index]
            except BrokenProcessPool:
                if x.generation == self._generation and self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
                if x.alone:
                    return Outcome("failed", _label(x.unit), reason="a worker process died while extracting "
                                                                    "this article")
                future, generation = self._submit([x.unit])
                x = _Pending(x.unit, future, generation, 0, alone=True)
            except Exception as e:  # noqa: BLE001 - e.g. an article that cannot be sent to a worker
                return Outcome("failed", _label(x.unit), reason=f"extraction failed: {type(e).__name__}: {e}")
        return x

    def map(self, stream: Iterable[tuple[T, Unit | Skip]]) -> Iterator[tuple[T, Outcome]]:
        window = self.workers * BATCH * 3
        pending: collections.deque[tuple[T, Outcome | _Pending]] = collections.deque()
        for track, unit in stream:
            pending.append((track, self._now_or_later(unit)))
            while pending and (len(pending) > window or _ready(pending[0][1])):
                track0, x = pending.popleft()
                yield track0, self._outcome(x)
        while pending:
            track0, x = pending.popleft()
            yield track0, self._outcome(x)


def _ready(x: Outcome | _Pending) -> bool:
    return not isinstance(x, _Pending) or (x.future is not None and x.future.done())


@dataclass
class _Pending:
    unit: Unit
    future: Future | None = None
    generation: int = 0
    index: int = 0
    alone: bool = False  # sent on its own, after a worker died with it in its batch


