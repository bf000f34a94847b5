"""The Store API every backend answers, and the conversion of terms between rdflib, Oxigraph and Python.

Two backends implement it: :class:`graph.storage.store.OxigraphStore` (embedded, ``oxigraph:PATH`` and
``memory:``) and :class:`graph.storage.remote.RemoteStore` (any SPARQL 1.1 server);
:func:`graph.storage.store.open_store` picks one by URL. Code that uses a
store imports :class:`Store` from graph.storage.store, which re-exports it.

>>> to_python(to_ox(3)), to_python(to_ox("Ottawa"))
(3, 'Ottawa')
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, StoreError
from graph.namespaces import PREFIXES, XSD
from graph.storage.formats import RDF_FORMATS, RESULT_FORMATS

__all__ = ["BackgroundSelect", "Store", "to_ox", "to_python"]


_NUMERIC = {
    str(XSD.integer): int,
    str(XSD.int): int,
    str(XSD.long): int,
    str(XSD.nonNegativeInteger): int,
    str(XSD.decimal): float,
    str(XSD.double): float,
    str(XSD.float): float,
}


def to_python(term: Any) -> Any:
    """Plain Python value of an Oxigraph term: IRIs as str, numbers as int/float, other literals as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        conv = _NUMERIC.get(term.datatype.value)
        if conv is not None:
            try:
                return conv(term.value)
            except ValueError:
                return term.value
        if term.datatype.value == str(XSD.boolean):
            return term.value in ("true", "1")  # "1" is lexically valid too (Virtuoso answers with it)
        return term.value
    return term.value


@functools.lru_cache(maxsize=65536)
def _named_node(iri: str) -> Any:
    # Predicates, classes and actors repeat in every article: converting each once saves ~0.5 ms an article.
    return ox.NamedNode(iri)


def to_ox(term: Node | str | int | float) -> Any:
    """Oxigraph term for an rdflib term (or a plain Python value, taken as a literal)."""
    if isinstance(term, URIRef):
        return _named_node(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=_named_node(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, bool):
        return ox.Literal("true" if term else "false", datatype=ox.NamedNode(str(XSD.boolean)))
    if isinstance(term, int):
        return ox.Literal(str(term), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(term, float):
        return ox.Literal(repr(term), datatype=ox.NamedNode(str(XSD.double)))
    return ox.Literal(str(term))


class Store:
    """A SPARQL-queryable quad store. Get one with :func:`open_store`, close it when done.

    Two implementations share this API: :class:`OxigraphStore` (embedded, ``oxigraph:PATH`` and
    ``memory:``) and :class:`graph.storage.remote.RemoteStore` (any SPARQL 1.1 server, ``http(s)://...``).
    Each provides :meth:`query` and the writing methods; reading helpers are built on :meth:`query`.

    >>> from graph.storage.store import open_store
    >>> s = open_store("memory:")
    >>> s.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:p"), Literal(1))])
    1
    >>> s.select("SELECT ?o WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
    [{'o': 1}]
    """

    url: str
    writable: bool

    # -- reading -------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> Any:
        """Run a query; return Oxigraph's result objects: ``QuerySolutions`` (SELECT), ``QueryBoolean``
        (ASK) or an iterable of ``Triple`` (CONSTRUCT/DESCRIBE).

        Without ``default_graph`` the default graph is the union of all named graphs; ``default_graph``
        and ``named_graphs`` (graph IRIs) restrict the dataset as the SPARQL protocol's
        ``default-graph-uri`` / ``named-graph-uri`` do. The project's prefixes are predeclared.
        """
        raise NotImplementedError

    def _run(self, sparql: str, bindings: dict[str, Any] | None) -> Any:
        return self.query(sparql, bindings)

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts of plain Python values (unbound variables are absent).

        ``bindings`` fixes variables to values without touching the query text (a bound variable
        must appear in the SELECT projection: Oxigraph's rule).
        """
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for i, name in enumerate(names):
                term = sol[i]
                if term is not None:
                    row[name] = to_python(term)
            rows.append(row)
        return rows

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        """Answer of an ASK query."""
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def query_serialized(
        self, sparql: str, fmt: str = "json", bindings: dict[str, Any] | None = None
    ) -> tuple[str, bytes]:
        """Run any query; return (kind, bytes): SELECT/ASK results in ``fmt`` (json, xml, csv, tsv),
        CONSTRUCT/DESCRIBE triples in ``fmt`` (turtle, ntriples, jsonld, rdfxml; turtle by default)."""
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            rdf_fmt = RDF_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
            if isinstance(result, ox.QueryTriples):
                return "graph", result.serialize(format=rdf_fmt)
            return "graph", ox.serialize(result, format=rdf_fmt)
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "bindings"
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r} (use one of {', '.join(RESULT_FORMATS)})")
        return kind, result.serialize(format=RESULT_FORMATS[fmt])

    def count_triples(self) -> int:
        """Number of quads in the store (all graphs)."""
        return int(self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])

    def graph_hashes(self) -> dict[str, str]:
        """``{graph IRI: dkg:contentHash}`` for every graph that records one (one query)."""
        rows = self.select(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g dkg:contentHash ?h } }"
        )
        return {r["g"]: r["h"] for r in rows}

    def graph_versions(self) -> dict[str, str]:
        """``{article graph IRI: dkg:extractorVersion}`` for every article that records one (one query)."""
        rows = self.select("SELECT ?g ?v WHERE { GRAPH ?g { ?g a dkg:Article ; dkg:extractorVersion ?v } }")
        return {r["g"]: r["v"] for r in rows}

    def dump(self, fmt: str = "trig") -> bytes:
        """The whole store serialised (trig, nquads, jsonld keep graphs; turtle/ntriples merge them)."""
        raise NotImplementedError

    # -- writing -------------------------------------------------------------------------------
    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.url} was opened read-only")

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph ``graph`` by ``triples`` in one transaction; return the triple count."""
        raise NotImplementedError

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and everything in it."""
        raise NotImplementedError

    def in_flight(self, graph: str) -> bool:
        """True while a graph given to :meth:`replace_graph` is still on its way into the store (the on-disk
        writer loads new graphs in the background); :meth:`landed` then names it."""
        return False

    def landed(self) -> list[str]:
        """Graphs that were in flight and are in the store now (since the last call), oldest first."""
        return []

    def wait_for_writes(self) -> None:
        """Return once every graph in flight is in the store (StoreError if it could not be written)."""

    def update(self, sparql: str, *, events: Iterable[str] | None = None) -> None:
        """Run a SPARQL Update (one transaction). ``events``: the events whose class, dates, status, sources or
        actors it may change (for the per-checkpoint aggregates, graph.storage.aggregates); None: it may change any."""
        raise NotImplementedError

    def publish(self) -> str | None:
        """Publish what was written for readers; returns a checkpoint name where there is one."""
        return None

    def published(self) -> str | None:
        """Name of the newest published checkpoint (None before the first publish)."""
        raise NotImplementedError

    def select_elsewhere(self, sparql: str) -> BackgroundSelect:
        """Start a big SELECT in a helper process when this store can be read from one; ``result()`` gives its
        CSV bytes, or None when it could not run there (the caller then runs it here).

        Oxigraph holds the GIL while it evaluates a query, so two big queries in threads never overlap; a
        second process reading the same data uses the second core. Only on-disk stores can do it.
        """
        return BackgroundSelect(None, sparql)

    # -- lifecycle -----------------------------------------------------------------------------
    def state_id(self) -> str:
        """An identifier that changes whenever the data readers see changes."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SELECT_SCRIPT = """
import json, sys
import pyoxigraph as ox
job = json.loads(sys.stdin.buffer.read())
store = ox.Store.read_only(job["path"])
result = store.query(job["query"], prefixes=job["prefixes"], use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
"""


class BackgroundSelect:
    """A SELECT running in a helper process (a few lines of Python importing only pyoxigraph, ~0.1 s to start)
    on the on-disk store at ``path``; ``result()`` -> CSV bytes, or None when it did not run (no ``path``, or
    the process failed). ``remove``: delete ``path`` once done (a private copy)."""

    def __init__(self, path: Path | None, sparql: str, remove: bool = False) -> None:
        self.data: bytes | None = None
        self._thread: threading.Thread | None = None
        self._path, self._remove = path, remove
        if path is None:
            return
        try:
            proc = subprocess.Popen([sys.executable, "-c", _SELECT_SCRIPT], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            proc.stdin.write(json.dumps({"path": str(path), "query": sparql, "prefixes": PREFIXES}).encode())
            proc.stdin.close()
        except OSError:
            self._clean()
            return
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        data = proc.stdout.read()
        if proc.wait() == 0:
            self.data = data

    def _clean(self) -> None:
        if self._remove and self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)

    def result(self) -> bytes | None:
        if self._thread is not None:
            self._thread.join()
        self._clean()
        return self.data
