"""The store on a SPARQL 1.1 server: ``open_store("http://HOST/sparql")`` gives the same API as the embedded one.

Every read is one SPARQL Query request, every article one SPARQL Update request
(``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``), sent form-encoded over a kept-alive
connection per thread. Answers are parsed by Oxigraph's own result and RDF parsers, so callers get the
same result objects (and the same plain Python values from :meth:`Store.select`) as from the embedded store.

What the server must do (checked when the store is opened):
- show the union of the named graphs as its default graph (Oxigraph: ``oxigraph serve
  --union-default-graph``; Virtuoso, GraphDB, Neptune and QLever do it by default; Fuseki:
  ``tdb2:unionDefaultGraph true``);
- accept SPARQL Update at the query URL or at ``update_url`` when the store is opened for writing.

The server owns its store, so there is no writer lock and no checkpoint: what one request writes is
visible to the next one. Credentials: ``http://user:password@host/...`` is sent as HTTP Basic;
``$DKG_STORE_TOKEN`` as a bearer token (e.g. for a ``dkg serve --token`` endpoint).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, StoreError
from graph.namespaces import DKG, ID, PREFIXES
from graph.storage.backend import Store, to_ox
from graph.storage.formats import QUAD_FORMATS, RDF_FORMATS, dump_prefixes
from graph.storage.sparql_text import query_form, where_group_start

DEFAULT_TIMEOUT_S = 300.0

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "text/n3": ox.RdfFormat.N3,
    "text/rdf+n3": ox.RdfFormat.N3,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
ACCEPT_ANY = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"

_OURS = Literal(str(ID)).n3()  # our graphs all live under the project's id namespace; servers add their own
_PREFIX_USE = re.compile(r"(?<![\w.\-:])(" + "|".join(map(re.escape, PREFIXES)) + r"):")


def _prologue(sparql: str) -> str:
    """The project's PREFIX declarations that the text uses, on one line (the server's line numbers stay right)."""
    used = set(_PREFIX_USE.findall(sparql))
    return "".join(f"PREFIX {name}: <{iri}> " for name, iri in PREFIXES.items() if name in used)


def _error_text(body: bytes, limit: int = 240) -> str:
    """The first meaningful line of a server's error page."""
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text[:200].lower() else text
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "no message")
    return line if len(line) <= limit else line[:limit].rsplit(",", 1)[0] + ", ...]"


def _portable_bnodes(body: bytes) -> bytes:
    """SPARQL JSON results with blank node labels made valid (Virtuoso sends ``nodeID://b10003``)."""
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"]).lstrip("_") or "b"
    return json.dumps(data).encode()


class _Endpoint:
    """One HTTP URL, with one kept-alive connection per thread."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not an http(s) URL: {url!r}")
        self.timeout = timeout
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.shown = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))  # no credentials
        self.headers: dict[str, str] = {"User-Agent": "diplomatic-kg"}
        if parts.username is not None:
            raw = f"{parts.username}:{parts.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        elif os.environ.get("DKG_STORE_TOKEN"):
            self.headers["Authorization"] = "Bearer " + os.environ["DKG_STORE_TOKEN"]
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = cls(self.host, self.port, timeout=self.timeout)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def post(self, form: list[tuple[str, str]], accept: str) -> tuple[int, str, bytes]:
        """POST form-encoded parameters; return (status, media type, body)."""
        body = urlencode(form).encode()
        headers = {**self.headers, "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request("POST", self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self._drop()  # a kept-alive connection the server had closed: one fresh try
                if attempt == 2:
                    raise StoreError(f"the SPARQL server at {self.shown} closed the connection: {e}") from None
                continue
            except TimeoutError:
                self._drop()
                raise QueryError(f"the SPARQL server at {self.shown} gave no answer within {self.timeout:g} s") \
                    from None
            except OSError as e:
                self._drop()
                reason = e.strerror or str(e) or type(e).__name__
                raise StoreError(f"cannot reach the SPARQL server at {self.shown}: {reason}") from None
            if resp.getheader("Connection", "").lower() == "close":
                self._drop()
            media = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return resp.status, media, data
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


@dataclass
class RemoteStore(Store):
    """The store on a SPARQL 1.1 Query/Update server. Get one with ``open_store("http(s)://...")``."""

    url: str
    writable: bool
    update_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    batch_triples: int = 1000
    batch_bytes: int = 200_000
    _query: _Endpoint = field(init=False, repr=False)
    _update: _Endpoint = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._query = _Endpoint(self.url, self.timeout)
        self._update = _Endpoint(self.update_url, self.timeout) if self.update_url else self._query
        self.url = self._query.shown
        self.update_url = self._update.shown

    # -- reading -------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> Any:
        form = query_form(sparql)
        text = _prologue(sparql) + sparql
        if bindings:
            # The embedded store substitutes values before evaluation; the portable equivalent is a VALUES
            # block opening the WHERE group (a trailing VALUES clause where no group is found).
            names = " ".join(f"?{k}" for k in bindings)
            row = " ".join(str(to_ox(v)) for v in bindings.values())
            values = f" VALUES ({names}) {{ ({row}) }} "
            at = where_group_start(text)
            text = text + "\n" + values if at is None else text[:at] + values + text[at:]
        params = [("query", text)]
        params += [("default-graph-uri", g) for g in default_graph or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        accept = ACCEPT_RESULTS if form in ("SELECT", "ASK") else ACCEPT_RDF if form else ACCEPT_ANY
        status, media, body = self._query.post(params, accept)
        if status >= 400:
            raise QueryError(f"the SPARQL server refused the query (HTTP {status}): {_error_text(body)}")
        if media in RESULT_TYPES and form not in ("CONSTRUCT", "DESCRIBE"):
            if RESULT_TYPES[media] == ox.QueryResultsFormat.JSON and b'"bnode"' in body:
                body = _portable_bnodes(body)
            try:
                return ox.parse_query_results(body, format=RESULT_TYPES[media])
            except (SyntaxError, ValueError) as e:
                raise QueryError(f"unreadable results from {self.url}: {e}") from None
        if media in RDF_TYPES:
            try:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=RDF_TYPES[media])]
            except (SyntaxError, ValueError) as e:
                raise QueryError(f"unreadable RDF from {self.url}: {e}") from None
        raise QueryError(f"{self.url} answered with {media or 'no content type'} (HTTP {status}), "
                         "not SPARQL results: is it a SPARQL endpoint?")

    def count_triples(self) -> int:
        """Number of quads in the project's graphs (a server's own graphs are not counted)."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                           f"FILTER(STRSTARTS(STR(?g), {_OURS})) }}")
        return int(rows[0]["n"])

    def dump(self, fmt: str = "trig") -> bytes:
        """The project's graphs serialised (trig, nquads, jsonld keep graphs; turtle/ntriples merge them)."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (use one of {', '.join(RDF_FORMATS)})")
        if fmt in QUAD_FORMATS:
            result = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                f"FILTER(STRSTARTS(STR(?g), {_OURS})) }}")
            quads = [ox.Quad(sol["s"], sol["p"], sol["o"], sol["g"]) for sol in result]
            return ox.serialize(quads, format=RDF_FORMATS[fmt], prefixes=dump_prefixes())
        triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                             f"FILTER(STRSTARTS(STR(?g), {_OURS})) }}")
        return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=dump_prefixes())

    # -- writing -------------------------------------------------------------------------------
    def _send_update(self, sparql: str, what: str, prefixes: bool = True) -> None:
        self._require_writable()
        text = _prologue(sparql) + sparql if prefixes else sparql
        status, _, body = self._update.post([("update", text)], "*/*")
        if status >= 400:
            raise StoreError(f"{what} failed on {self.update_url} (HTTP {status}): {_error_text(body)}")

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph ``graph`` by ``triples``; return the triple count.

        An article's graph goes in one request (``DROP SILENT GRAPH`` + ``INSERT DATA``), which the server
        applies at once. A graph over ``batch_triples`` triples or ``batch_bytes`` of text (the gazetteer)
        goes in several, because Virtuoso 7 rejects larger updates ("memory exhausted", "length of
        generated SQL text"); readers may then see it half-written for the moment it takes.
        """
        self._require_writable()
        g = ox.NamedNode(str(graph))
        rows = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
        # INSERT DATA may not hold blank nodes on some servers (Virtuoso); a template may.
        bnodes = any(isinstance(t, ox.BlankNode) for row in rows for t in row)
        chunks: list[list[str]] = [[]]
        size = 0
        for s, p, o in rows:
            line = f"{s} {p} {o} ."
            if len(chunks[-1]) >= self.batch_triples or (chunks[-1] and size + len(line) > self.batch_bytes):
                if bnodes:  # blank nodes must stay in one request to stay the same nodes
                    raise StoreError(f"graph <{graph}> has blank nodes and is too big for one update request")
                chunks.append([])
                size = 0
            chunks[-1].append(line)
            size += len(line) + 1
        for i, chunk in enumerate(chunks):
            ops = [f"DROP SILENT GRAPH {g}"] if i == 0 else []
            data = "\n".join(chunk)
            if chunk and bnodes:
                ops.append(f"INSERT {{ GRAPH {g} {{\n{data}\n}} }} WHERE {{}}")
            elif chunk:
                ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{data}\n}} }}")
            self._send_update(" ;\n".join(ops), f"writing graph <{graph}>", prefixes=False)  # full IRIs only
        return len(rows)

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and everything in it."""
        self._send_update(f"DROP SILENT GRAPH {ox.NamedNode(str(graph))}", f"dropping graph <{graph}>", prefixes=False)

    def update(self, sparql: str, *, events: Iterable[str] | None = None) -> None:
        """Run a SPARQL Update on the server (the project's prefixes are predeclared; ``events`` is for the
        embedded store's aggregates: a server keeps none)."""
        self._send_update(sparql, "the update")

    def publish(self) -> str | None:
        """Nothing to publish: the server shows each write to every reader at once."""
        return None

    def published(self) -> str | None:
        """None: a server has no checkpoints (what is written is visible at once)."""
        return None

    # -- lifecycle -----------------------------------------------------------------------------
    def state_id(self) -> str:
        """Changes whenever an article or the gazetteer is written: a digest of every graph's content hash."""
        rows = self.select(f"SELECT (COUNT(?h) AS ?n) (SHA1(GROUP_CONCAT(STR(?h); separator=' ')) AS ?x) "
                           f"WHERE {{ GRAPH ?g {{ ?g {DKG.contentHash.n3()} ?h }} }}")
        return f"{rows[0].get('n', 0)}:{rows[0].get('x', '')}"

    def close(self) -> None:
        self._query.close()
        if self._update is not self._query:
            self._update.close()


_UNION_PROBE = "ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } FILTER NOT EXISTS { ?s ?p ?o } }"


def open_remote(url: str, *, write: bool = False, update_url: str | None = None,
                timeout: float | None = None) -> RemoteStore:
    """Connect to a SPARQL server and check that it can serve as the store (see the module docstring).

    Raises StoreError when the server cannot be reached, does not speak SPARQL, does not show the
    union of its named graphs as the default graph, or (``write=True``) refuses updates.
    """
    if timeout is None:
        timeout = float(os.environ.get("DKG_STORE_TIMEOUT", DEFAULT_TIMEOUT_S))
    url, _, fragment = url.partition("#")
    if fragment.startswith("update="):  # graph.storage.store.with_update_url
        update_url = update_url or unquote(fragment[len("update="):])
    store = RemoteStore(url=url, writable=write, update_url=update_url, timeout=timeout)
    try:
        separate = store.ask(_UNION_PROBE)
    except QueryError as e:
        raise StoreError(f"{store.url} does not answer SPARQL queries: {e}") from None
    if separate:
        raise StoreError(
            f"{store.url} keeps its default graph apart from the named graphs, but the project queries their "
            "union: start Oxigraph with `oxigraph serve --union-default-graph` (Fuseki: "
            "tdb2:unionDefaultGraph true)")
    if write:
        try:
            store.update("INSERT DATA { }")
        except StoreError as e:
            raise StoreError(f"{store.update_url} does not accept SPARQL Update ({e}); pass the server's update "
                             "endpoint with --update-url, or grant update rights (Virtuoso: "
                             "GRANT SPARQL_UPDATE TO \"SPARQL\")") from None
    return store
