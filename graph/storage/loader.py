"""New named graphs written in the background, in batches, through Oxigraph's bulk loader.

Writing an article's ~70 quads in a transaction costs the ingest writer about 1.9 ms (converting the terms,
then a read and six index writes per quad). The bulk loader takes N-Quads text, parses and sorts it in Rust
with the GIL released, and adds the batch as one RocksDB ingest of sorted files: all of it or nothing. So the
writer turns each new graph into N-Quads (0.15 ms) and extraction goes on while a batch loads.

Only graphs that do not exist yet go this way (replacing one needs DROP + INSERT in one transaction), and only
in the on-disk writer, whose readers see nothing before the next published checkpoint anyway. The store
waits for the loader (:meth:`GraphLoader.settle`) before anything else reads or writes.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph.errors import LoadError

BATCH_QUADS = 50_000  # about 700 articles; one batch is one RocksDB ingest (the loader's own limit is 1M)
MAX_WAIT_S = 0.5  # longest a graph waits for its batch to start (the first batches wait less: FIRST_WAIT_S,
FIRST_WAIT_S = 0.05  # then twice as long each time, so a run's first lines show at once)

# N-Quads string escapes; other control characters as \u escapes so any parser takes them.
_ESCAPES = str.maketrans({
    **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
})




@functools.lru_cache(maxsize=65536)
def _iri(value: str) -> str | None:
    try:
        ox.NamedNode(value)  # the transactional path's own check, so both paths take the same IRIs
    except ValueError:
        return None
    return f"<{value}>"


@functools.lru_cache(maxsize=1024)
def _language(tag: str) -> str | None:
    try:
        ox.Literal("", language=tag)  # Oxigraph's own check of the tag
    except ValueError:
        return None
    return "@" + tag


def _term(term: Any) -> str | None:
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            tag = _language(term.language)
            return None if tag is None else text + tag
        if term.datatype:
            dtype = _iri(str(term.datatype))
            return None if dtype is None else text + "^^" + dtype
        return text
    return None  # blank nodes and anything else take the transactional path


def nquads(graph: str, triples: Iterable[tuple]) -> tuple[bytes, int] | None:
    """The triples as N-Quads in ``graph`` (UTF-8) and their count, or None when a term needs the full check of
    the transactional path (a blank node, an invalid IRI or language tag, text that is not valid Unicode).

    >>> from rdflib import Literal, URIRef
    >>> nquads("http://g", [(URIRef("http://s"), URIRef("http://p"), Literal('say "hi"\\n'))])
    (b'<http://s> <http://p> "say \\\\"hi\\\\"\\\\n" <http://g> .\\n', 1)
    """
    g = _iri(graph)
    if g is None:
        return None
    lines = []
    for s, p, o in triples:
        s, p, o = _term(s), _term(p), _term(o)
        if s is None or p is None or o is None:
            return None
        lines.append(f"{s} {p} {o} {g} .\n")
    try:
        return "".join(lines).encode("utf-8"), len(lines)
    except UnicodeEncodeError:  # a lone surrogate: let Oxigraph's own error report it
        return None


class GraphLoader:
    """Batches new graphs' N-Quads and bulk-loads them from a thread of its own while the caller goes on.

    A batch starts once it holds ``batch_quads`` quads or its oldest graph has waited ``max_wait`` seconds (less
    for the first batches), so a graph is in the store (:meth:`landed`) within about a second even when
    articles trickle in. A failed
    batch is tried again in one transaction; if that fails too, the error is raised by :meth:`settle` and
    every later call, so the run stops before publishing and the next run extracts those articles again.
    """

    def __init__(self, engine: Any, batch_quads: int | None = None, max_wait: float | None = None) -> None:
        self._engine = engine
        self._batch_quads = batch_quads or BATCH_QUADS
        self._max_wait = MAX_WAIT_S if max_wait is None else max_wait
        self._cond = threading.Condition()
        self._parts: list[bytes] = []
        self._graphs: list[str] = []
        self._quads = 0
        self._since = 0.0  # when the oldest buffered graph came
        self._wait = min(FIRST_WAIT_S, self._max_wait)  # how long it may wait now
        self._pending: set[str] = set()  # handed over, not in the store yet
        self._landed: list[str] = []
        self._loading = False
        self._flush = False
        self._error: str | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def add(self, graph: str, data: bytes, n_quads: int) -> None:
        """Hand over a new graph's N-Quads (from :func:`nquads`)."""
        with self._cond:
            while self._quads >= 2 * self._batch_quads and self._error is None:
                self._cond.wait()  # the loader is behind: hold the writer rather than the memory
            self._raise_failure()
            if not self._parts:
                self._since = time.monotonic()
            self._parts.append(data)
            self._graphs.append(graph)
            self._pending.add(graph)
            self._quads += n_quads
            self._cond.notify_all()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="dkg-graph-loader", daemon=True)
            self._thread.start()

    def in_flight(self, graph: str) -> bool:
        """True while ``graph`` was handed over and is not in the store yet."""
        with self._cond:
            return graph in self._pending

    def landed(self) -> list[str]:
        """The graphs written to the store since the last call, oldest first."""
        with self._cond:
            out, self._landed = self._landed, []
            return out

    def settle(self) -> None:
        """Load what is buffered and wait until every graph handed over is in the store."""
        with self._cond:
            self._flush = True
            self._cond.notify_all()
            while (self._parts or self._loading) and self._error is None:
                self._cond.wait()
            self._flush = False
            self._raise_failure()

    def close(self) -> None:
        """Settle, then stop the thread (it holds the store open)."""
        try:
            self.settle()
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()
            if self._thread is not None:
                self._thread.join()
                self._thread = None
            self._engine = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._ready():
                    if self._closed:
                        return
                    wait = self._wait - (time.monotonic() - self._since) if self._parts else None
                    self._cond.wait(wait)
                data, graphs = b"".join(self._parts), self._graphs
                self._parts, self._graphs, self._quads, self._loading = [], [], 0, True
                self._wait = min(2 * self._wait, self._max_wait)
                self._cond.notify_all()
            error = self._load(data)
            with self._cond:
                self._loading = False
                if error is None:
                    self._landed += graphs
                    self._pending.difference_update(graphs)
                else:
                    self._error = error
                self._cond.notify_all()
                if error is not None:
                    return

    def _ready(self) -> bool:
        return bool(self._parts) and (self._flush or self._quads >= self._batch_quads
                                      or time.monotonic() - self._since >= self._wait)

    def _load(self, data: bytes) -> str | None:
        try:
            self._engine.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        except (OSError, RuntimeError, SyntaxError, ValueError):
            try:  # one transaction this time: all or nothing again
                self._engine.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            except (OSError, RuntimeError, SyntaxError, ValueError) as e:
                return f"could not write a batch of new graphs: {e}"
        return None

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise LoadError(self._error)
