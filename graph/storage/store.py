"""The RDF store: one API over an embedded Oxigraph database or an in-memory one.

``open_store(url)`` takes ``oxigraph:PATH`` (the default, ``oxigraph:data/store``), ``memory:``, or
``http(s)://HOST/sparql`` for a SPARQL 1.1 server (:mod:`graph.storage.remote`). Every kind answers the same
:class:`Store` API; queries are plain SPARQL strings, with the union of all named graphs as the default
graph and the project's prefixes predeclared.

On disk, one process writes and any number read (see ARCHITECTURE.md, "The store"):

    PATH/db/              the RocksDB database, opened read-write by the one writer
    PATH/writer.lock      flock()ed by the writer for as long as it has the store open
    PATH/checkpoints/NAME snapshots published by the writer after each run (hard links, ~1 ms)
    PATH/CURRENT          the name of the newest checkpoint, replaced atomically

Readers open the checkpoint that CURRENT names, read-only, and reopen when it moves.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from graph.errors import LOCKED_EXIT_CODE as LOCKED_EXIT_CODE  # re-exported: callers know it from here
from graph.errors import LoadError, QueryError, StoreError, StoreLocked, StoreNotFound
from graph.namespaces import DKG, PREFIXES, RDF
from graph.storage import aggregates
from graph.storage.backend import BackgroundSelect, Store, to_ox
from graph.storage.formats import QUAD_FORMATS, RDF_FORMATS, dump_prefixes
from graph.storage.loader import GraphLoader, nquads
from graph.storage.remote import open_remote

DEFAULT_STORE = "oxigraph:data/store"
CHECKPOINT_GRACE_S = 3600  # superseded checkpoints stay this long for readers that still hold them
CHECKPOINTS_KEPT = 3

_EVENT_CLASSES = frozenset(DKG[c] for c in aggregates.CLASSES)


@dataclass
class OxigraphStore(Store):
    """The embedded store: Oxigraph on disk (``oxigraph:PATH``) or in memory (``memory:``)."""

    url: str
    writable: bool
    _ox: Any = field(repr=False, default=None)
    _layout: _DiskLayout | None = field(repr=False, default=None)
    _checkpoint: str | None = field(repr=False, default=None)
    _lock_fd: int | None = field(repr=False, default=None)
    _mutex: threading.Lock = field(repr=False, default_factory=threading.Lock)
    _loader: GraphLoader | None = field(repr=False, default=None)
    aggregates_report: dict | None = field(repr=False, default=None)  # what the last publish did to them

    # -- reading -------------------------------------------------------------------------------
    def _engine(self) -> Any:
        if not self.writable and self._layout is not None:
            self._follow_checkpoint()
        self._settle()
        return self._ox

    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> Any:
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()} or None
        dataset: dict[str, Any] = {}
        try:
            if default_graph is not None:
                dataset["default_graph"] = [ox.NamedNode(g) for g in default_graph]
            if named_graphs is not None:
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
                dataset.setdefault("default_graph", [])  # the protocol: a given dataset has no implicit union
        except ValueError as e:
            raise QueryError(f"invalid graph IRI: {e}") from None
        try:
            return self._engine().query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=not dataset, substitutions=subs, **dataset
            )
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL: {_short(e, sparql)}") from None
        except (RuntimeError, OSError) as e:
            raise QueryError(str(e).splitlines()[0]) from None

    def dump(self, fmt: str = "trig") -> bytes:
        """The whole store serialised (trig, nquads, jsonld keep graphs; turtle/ntriples merge them)."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (use one of {', '.join(RDF_FORMATS)})")
        engine = self._engine()
        if fmt in QUAD_FORMATS:
            return engine.dump(format=RDF_FORMATS[fmt], prefixes=dump_prefixes())
        triples = engine.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=False
        )
        return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=dump_prefixes())

    # -- writing -------------------------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph ``graph`` by ``triples`` in one transaction; return the triple count.

        The on-disk writer hands a graph that does not exist yet to its background loader (graph.storage.loader):
        readers see it in the next published checkpoint, and so does every query through this handle."""
        self._require_writable()
        g = ox.NamedNode(str(graph))
        triples = list(triples)
        touched = {str(s) for s, p, o in triples if p == RDF.type and o in _EVENT_CLASSES}
        with self._mutex:
            if self._loader is not None and not self._loader.in_flight(str(graph)) \
                    and not self._ox.contains_named_graph(g) and (data := nquads(str(graph), triples)):
                try:
                    self._journal(touched)
                    self._loader.add(str(graph), *data)
                except LoadError as e:
                    raise StoreError(str(e)) from None
                return len(triples)
            self._settle()
            quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]
            self._journal(touched | set(self._events_of(g)))
            try:
                if not self._ox.contains_named_graph(g):
                    self._ox.extend(quads)  # a new graph: one transaction, no SPARQL to parse (~20% faster)
                else:
                    # DROP + INSERT in a single update is one transaction: readers never see half an article.
                    data = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
                    self._ox.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{\n{data}\n}} }}")
            except (SyntaxError, RuntimeError, OSError) as e:
                raise StoreError(f"could not write graph <{graph}>: {e}") from None
        return len(quads)

    def in_flight(self, graph: str) -> bool:
        return self._loader is not None and self._loader.in_flight(graph)

    def landed(self) -> list[str]:
        return self._loader.landed() if self._loader is not None else []

    def wait_for_writes(self) -> None:
        self._settle()

    def _settle(self) -> None:
        """Wait until the background loader has written every graph handed to it (before any other access)."""
        if self._loader is not None:
            try:
                self._loader.settle()
            except LoadError as e:
                raise StoreError(str(e)) from None

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and everything in it."""
        self._require_writable()
        with self._mutex:
            self._settle()
            g = ox.NamedNode(str(graph))
            self._journal(self._events_of(g))
            self._ox.update(f"DROP SILENT GRAPH {g}")

    def _events_of(self, graph: Any) -> list[str]:
        """The events a named graph types now (a write replacing or dropping it may change them)."""
        if self._layout is None or not self._ox.contains_named_graph(graph):
            return []
        query = aggregates.events_of_graph_query(graph.value)
        return [s["e"].value for s in self._ox.query(query, prefixes=PREFIXES)]

    def _journal(self, events: Iterable[str] | None) -> None:
        """Note in the aggregates' journal, before writing, which events a write may change (on-disk writer)."""
        if self._layout is None:
            return
        try:
            aggregates.journal(self._layout.root, events)
        except OSError as e:
            raise StoreError(f"cannot write the aggregates journal of {self._layout.root}: {e}") from None

    def update(self, sparql: str, *, events: Iterable[str] | None = None) -> None:
        """Run a SPARQL Update (one transaction); see :meth:`Store.update` for ``events``."""
        self._require_writable()
        try:
            with self._mutex:
                self._settle()
                self._journal(None if events is None else list(events))
                self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL update: {_short(e)}") from None

    def publish(self) -> str | None:
        """Publish a checkpoint for readers (on-disk stores; a no-op in memory). Returns its name."""
        if self._layout is None or not self.writable:
            return None
        self._settle()
        self._ox.flush()
        previous = self._layout.current()

        def prepare(name: str) -> None:  # before readers see the checkpoint: its aggregates are ready with it
            try:
                self.aggregates_report = aggregates.publish_aggregates(self, self._layout.root, previous, name)
            except Exception as e:  # noqa: BLE001 - readers fall back to the projection; the journal stays
                self.aggregates_report = {"mode": "failed", "error": str(e)}

        return self._layout.publish(self._ox, prepare)

    def published(self) -> str | None:
        """Name of the newest published checkpoint (None in memory or before the first publish)."""
        return self._layout.current() if self._layout is not None else "memory"

    def select_elsewhere(self, sparql: str) -> BackgroundSelect:
        """See :meth:`Store.select_elsewhere`: a reader's helper reads its checkpoint; the writer's reads a copy
        of the store as it is (hard links, about a millisecond), removed when the result is in."""
        if self._layout is None or (os.cpu_count() or 1) < 2:
            return BackgroundSelect(None, sparql)
        if not self.writable:
            path = self._layout.checkpoints / self.state_id()
            return BackgroundSelect(path if path.is_dir() else None, sparql)
        copy = self._layout.root / "cache" / f"select-{os.getpid()}-{time.time_ns()}"
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            with self._mutex:
                self._settle()
                self._ox.flush()
                self._ox.backup(str(copy))
        except (OSError, RuntimeError):
            shutil.rmtree(copy, ignore_errors=True)
            return BackgroundSelect(None, sparql)
        return BackgroundSelect(copy, sparql, remove=True)

    # -- lifecycle -----------------------------------------------------------------------------
    def state_id(self) -> str:
        """An identifier that changes whenever the data readers see changes (checkpoint name)."""
        if self._layout is not None and not self.writable:
            self._follow_checkpoint()
            return self._checkpoint or "empty"
        return f"{id(self._ox)}:{self.count_triples()}"

    def _follow_checkpoint(self) -> None:
        assert self._layout is not None
        current = self._layout.current()
        if current == self._checkpoint and self._ox is not None:
            return
        self._ox = self._layout.open_checkpoint(current)
        self._checkpoint = current

    def optimize(self) -> None:
        """Compact the store's files once (what RocksDB's own compactions reach over time: faster lookups after
        a bulk load). The store must be open for writing."""
        if not self.writable:
            raise StoreError("optimize needs the store open for writing")
        self._engine().optimize()

    def close(self) -> None:
        """Release the store (and the writer lock), once the graphs handed to the loader are written."""
        try:
            if self._loader is not None:
                self._loader.close()
        except LoadError as e:
            raise StoreError(str(e)) from None
        finally:
            self._loader = None
            self._ox = None
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def _short(error: Exception, sparql: str | None = None, limit: int = 160) -> str:
    """The parser's message on one line, its long list of expected tokens cut.

    Oxigraph reports an undeclared prefix as "expected one of Prefix not found, [...]"; say it plainly.
    """
    text = str(error).splitlines()[0]
    where = re.match(r"error at (\d+):(\d+)", text)
    if sparql and where and "Prefix not found" in text:
        line, col = int(where.group(1)), int(where.group(2))
        before = (sparql.splitlines()[line - 1:line] or [""])[0][: col - 1]
        name = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
        prefix = f"{name.group(1) or ''}:" if name else "a prefix"
        return f"{where.group(0)}: unknown prefix {prefix} (declare it: PREFIX {prefix} <...>)"
    return text if len(text) <= limit else text[:limit].rsplit(",", 1)[0] + ", ...]"


@dataclass
class _DiskLayout:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / "db"

    @property
    def checkpoints(self) -> Path:
        return self.root / "checkpoints"

    def current(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def open_checkpoint(self, name: str | None) -> Any:
        if name is None:
            return ox.Store()  # nothing published yet: an empty store, not an error
        try:
            return ox.Store.read_only(str(self.checkpoints / name))
        except OSError as e:
            raise StoreError(f"cannot open checkpoint {name} of {self.root}: {e}") from None

    def publish(self, store: Any, prepare: Any = None) -> str:
        self.checkpoints.mkdir(parents=True, exist_ok=True)
        name = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
        store.backup(str(self.checkpoints / name))
        if prepare is not None:
            prepare(name)
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(name + "\n")
        os.replace(tmp, self.root / "CURRENT")
        self.prune(keep=name)
        return name

    def prune(self, keep: str) -> None:
        """Delete checkpoints superseded long enough ago that no reader should still hold them."""
        names = sorted(p.name for p in self.checkpoints.iterdir() if p.is_dir())
        old = [n for n in names if n != keep][: max(0, len(names) - CHECKPOINTS_KEPT)]
        now = time.time()
        for n in old:
            path = self.checkpoints / n
            if now - path.stat().st_mtime > CHECKPOINT_GRACE_S:
                shutil.rmtree(path, ignore_errors=True)
        aggregates.prune(self.root, {p.name for p in self.checkpoints.iterdir() if p.is_dir()})


def _take_lock(path: Path, wait: float) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreLocked(
                    f"another process is writing to {path.parent} (gave up after {wait:g} s; "
                    f"retry later or pass --wait SECONDS)"
                ) from None
            time.sleep(0.1)
            continue
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return fd


def parse_store_url(url: str | None) -> tuple[str, str]:
    """Split a store URL into (scheme, location).

    Parameters
    ----------
    url : str or None
        A store URL; None: ``$DKG_STORE``, else ``oxigraph:data/store``.

    Returns
    -------
    tuple of str
        (``oxigraph``, the folder), (``memory``, '') or (``http``, the URL).

    Raises
    ------
    StoreError
        For a URL of no known kind.

    Examples
    --------
    >>> parse_store_url("oxigraph:data/store"), parse_store_url("memory:")
    (('oxigraph', 'data/store'), ('memory', ''))
    """
    url = url or os.environ.get("DKG_STORE") or DEFAULT_STORE
    if url == "memory:" or url == "memory":
        return "memory", ""
    if url.startswith(("http://", "https://")):
        return "http", url
    if url.startswith("oxigraph:"):
        path = url[len("oxigraph:"):]
        if not path:
            raise StoreError("oxigraph: needs a path, e.g. oxigraph:data/store")
        return "oxigraph", path
    raise StoreError(f"unknown store URL {url!r} (use oxigraph:PATH, memory: or http(s)://HOST/sparql)")


def with_update_url(url: str, update_url: str) -> str:
    """One store URL naming a SPARQL server's query and update endpoints (the update URL in the fragment).

    >>> with_update_url("http://h:7878/query", "http://h:7878/update")
    'http://h:7878/query#update=http%3A//h%3A7878/update'
    """
    if not url.startswith(("http://", "https://")):
        raise StoreError(f"--update-url only applies to a SPARQL server store (http(s)://...), not {url}")
    return f"{url.split('#', 1)[0]}#update={quote(update_url, safe='/')}"


_MEMORY: dict[str, Any] = {}


def open_store(url: str | None = None, *, write: bool = False, wait: float = 0.0,
               update_url: str | None = None, missing_ok: bool = False) -> Store:
    """Open the store at ``url`` (default ``$DKG_STORE`` or ``oxigraph:data/store``).

    ``write=True`` takes the writer lock (waiting up to ``wait`` seconds, else :class:`StoreLocked`);
    without it the store is read-only and follows the newest published checkpoint; reading an on-disk store
    whose folder does not exist raises :class:`StoreNotFound` (a mistyped path), unless ``missing_ok`` (the
    dashboard, which offers to load the samples into a new store).
    ``memory:`` stores live for the process and are shared by every ``open_store("memory:")``
    call with the same URL (so a test can write and read through separate handles).
    ``http(s)://HOST/sparql`` is a SPARQL 1.1 server (:mod:`graph.storage.remote`); ``update_url`` (default
    ``$DKG_UPDATE_URL``, else the same URL) is where it takes updates. The server serialises writers
    itself, so ``wait`` does not apply there.

    Parameters
    ----------
    url : str, optional
        ``oxigraph:PATH``, ``memory:`` or ``http(s)://HOST/sparql``.
    write : bool
        Open for writing (takes the writer lock; most callers use :func:`graph.write.writer.writer` instead).
    wait : float
        Seconds to wait for the writer lock.
    update_url : str, optional
        A SPARQL server's update endpoint.
    missing_ok : bool
        Read an on-disk store whose folder does not exist as an empty store.

    Returns
    -------
    Store

    Raises
    ------
    StoreNotFound
        Reading an on-disk store whose folder does not exist.
    StoreLocked
        Writing while another process writes, past ``wait``.
    StoreError
        An unknown URL, or a store that cannot be opened.

    Examples
    --------
    >>> s = open_store("memory:")
    >>> s.writable, type(s).__name__
    (True, 'OxigraphStore')
    """
    scheme, location = parse_store_url(url)
    shown = url or os.environ.get("DKG_STORE") or DEFAULT_STORE
    if scheme == "memory":
        engine = _MEMORY.setdefault(shown, ox.Store())
        return OxigraphStore(url=shown, writable=True, _ox=engine)
    if scheme == "http":
        return open_remote(location, write=write, update_url=update_url or os.environ.get("DKG_UPDATE_URL") or None)
    layout = _DiskLayout(Path(location))
    if not write:
        if not missing_ok and not layout.root.is_dir():
            raise StoreNotFound(f"no store at {layout.root} (check --store or $DKG_STORE; `dkg ingest` creates one)")
        store = OxigraphStore(url=shown, writable=False, _layout=layout)
        store._follow_checkpoint()
        return store
    layout.root.mkdir(parents=True, exist_ok=True)
    fd = _take_lock(layout.root / "writer.lock", wait)
    try:
        engine = ox.Store(str(layout.db))
    except OSError as e:
        os.close(fd)
        raise StoreError(f"cannot open {layout.db} for writing: {e}") from None
    return OxigraphStore(url=shown, writable=True, _ox=engine, _layout=layout, _lock_fd=fd,
                         _loader=GraphLoader(engine))


def forget_memory_stores() -> None:
    """Drop every ``memory:`` store (tests use this for isolation)."""
    _MEMORY.clear()
