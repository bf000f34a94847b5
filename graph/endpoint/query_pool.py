"""Queries for the endpoint, run in worker processes that can be killed when a query overruns its time limit.

pyoxigraph has no query timeout and no way to cancel a running query: evaluation runs in Rust (with
the GIL released) until it is done, which for a careless cross product can mean hours of CPU. A thread
could only be abandoned, still burning a core; a process can be stopped. So each worker process opens
the store read-only (following the newest published checkpoint, like any reader), takes one query at a
time over a pipe, and sends back the serialised answer. When a query overruns, its worker is killed
(SIGKILL: a query in Rust would not see a gentler signal) and a fresh one is forked in the background.
The pipe round trip costs about 0.1 ms; a replacement worker is ready in about 10-20 ms because workers
are forked from a server process that has already imported pyoxigraph (multiprocessing's forkserver).

Each worker limits itself before it runs anyone's query (:mod:`graph.endpoint.sandbox`): its memory is capped, so a
runaway join ends that worker (500, "out of memory?") and not the machine, and on the embedded store it
cannot open a network connection, so no SERVICE clause, however its keyword is disguised, ever fetches a
URL. A query that crashes the engine (a stack overflow on deeply nested parentheses) costs its worker,
never the caller: the caller gets an error and the next query a fresh worker.

Results are capped at ``max_rows`` solutions (or triples); a capped answer says so in an
``X-SPARQL-MaxRows`` header, as Virtuoso does.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.endpoint import sandbox
from graph.storage.formats import (
    CONSTRUCT_PREFIXES,
    GRAPH_FORMAT_MEDIA,
    RDF_FORMATS,
    RESULT_FORMAT_MEDIA,
    RESULT_FORMATS,
    pick_format,
)
from graph.storage.store import QueryError, StoreError, open_store, parse_store_url

DEFAULT_MEMORY_LIMIT = 2 << 30  # bytes per worker: far above any honest query on a store this project makes

@dataclass
class Answer:
    """What a worker sends back: an HTTP status, a media type, a body and, for capped results, the cap."""

    status: int
    media: str
    body: bytes
    rows: int | None = None
    capped_at: int | None = None
    kind: str = ""  # bindings, boolean or graph (empty for an error)


def _error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def _term_json(term: Any) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(term.subject),  # RDF 1.2 quoted triple
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def serialize_solutions(variables: list[str], rows: list[Any], fmt: str) -> bytes:
    """SELECT solutions in ``fmt``: JSON written here, the other formats converted from it by Oxigraph."""
    bindings = []
    for sol in rows:
        b = {}
        for i, name in enumerate(variables):
            term = sol[i]
            if term is not None:
                b[name] = _term_json(term)
        bindings.append(b)
    data = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "json":
        return data
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[fmt])


@dataclass
class Request:
    """One query for a worker."""

    query: str
    accepted: list[str]
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    max_rows: int = 10_000


def answer(store: Any, req: Request) -> Answer:
    """Run ``req`` on ``store`` and serialise the result (the body of a worker; also usable in-process)."""
    try:
        result = store.query(req.query, default_graph=req.default_graph, named_graphs=req.named_graphs)
        if isinstance(result, ox.QueryBoolean):
            fmt = pick_format("boolean", req.accepted)
            return Answer(200, RESULT_FORMAT_MEDIA[fmt], result.serialize(format=RESULT_FORMATS[fmt]), kind="boolean")
        if isinstance(result, ox.QuerySolutions):
            fmt = pick_format("bindings", req.accepted)
            variables = [v.value for v in result.variables]
            rows = list(itertools.islice(result, req.max_rows + 1))
            capped = len(rows) > req.max_rows
            rows = rows[: req.max_rows]
            return Answer(200, RESULT_FORMAT_MEDIA[fmt], serialize_solutions(variables, rows, fmt), len(rows),
                          req.max_rows if capped else None, "bindings")
        fmt = pick_format("graph", req.accepted)
        triples = list(itertools.islice(result, req.max_rows + 1))
        capped = len(triples) > req.max_rows
        triples = triples[: req.max_rows]
        prefixes = CONSTRUCT_PREFIXES if fmt in ("turtle", "rdfxml") else None
        body = ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes)
        return Answer(200, GRAPH_FORMAT_MEDIA[fmt], body, len(triples), req.max_rows if capped else None, "graph")
    except QueryError as e:
        return _error(400, str(e))
    except SyntaxError as e:  # a remote server's answer that does not parse
        return _error(502, f"unreadable answer from the store: {e}")
    except (StoreError, OSError, RuntimeError) as e:
        return _error(500, f"the store failed: {e}")


_NO_NETWORK = "os error 13"  # how the engine reports the socket() the sandbox refused


@dataclass(frozen=True)
class Limits:
    """What a worker may use: ``memory`` bytes (None: no cap) and the network (only for remote stores and
    ``dkg serve --allow-service``)."""

    memory: int | None = DEFAULT_MEMORY_LIMIT
    network: bool = False


def _limit_self(limits: Limits) -> None:
    if limits.memory is not None:
        sandbox.limit_memory(limits.memory)
    if not limits.network:
        sandbox.forbid_network()


def _worker_main(conn: Any, store_url: str, limits: Limits) -> None:
    """A worker process: limit itself, open the store read-only, then answer requests until the pipe closes."""
    try:
        _limit_self(limits)
        store = open_store(store_url, missing_ok=True)  # the caller checked it, or shows the samples button
    except Exception as e:  # noqa: BLE001 - reported to the parent, which shows it as one line
        conn.send(("fatal", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, req)
        except Exception as e:  # noqa: BLE001 - a worker must answer every request, whatever happens
            reply = _error(500, f"internal error: {type(e).__name__}: {e}")
        if not limits.network and reply.status >= 400 and _NO_NETWORK in reply.body.decode("utf-8", "replace"):
            reply = _error(403, "the query tried to open a network connection (SERVICE?), which query workers "
                                "cannot do: SERVICE never fetches URLs here")
        conn.send(reply)


class _Worker:
    def __init__(self, ctx: Any, store_url: str, limits: Limits) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_url, limits), daemon=True,
                                name="dkg-query-worker")
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:g} s")
        try:
            status, detail = self.conn.recv()
        except EOFError:
            self.kill()
            raise StoreError("a query worker died while opening the store") from None
        if status != "ready":
            self.kill()
            raise StoreError(detail)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    """``workers`` processes answering queries on ``store_url``, each query limited to ``timeout`` seconds
    and each worker to ``limits`` (by default: 2 GiB, no network unless the store is a remote server).

    >>> pool = QueryPool("oxigraph:data/store", workers=2, timeout=10)   # doctest: +SKIP
    >>> pool.start(); pool.run(Request("ASK {}", ["application/json"])).body   # doctest: +SKIP
    b'{"head":{},"boolean":false}'
    """

    def __init__(self, store_url: str, workers: int = 2, timeout: float = 30.0, start_timeout: float = 60.0,
                 limits: Limits | None = None) -> None:
        if workers < 1:
            raise ValueError("the endpoint needs at least one query worker")
        if limits is None:
            limits = Limits(network=parse_store_url(store_url)[0] in ("http", "https"))
        self.store_url = store_url
        self.limits = limits
        self.size = workers
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.killed = 0  # queries stopped at the time limit (for logs and tests)
        self._ctx = multiprocessing.get_context("forkserver")
        # Forked children start with these imported, so a replacement is ready in milliseconds.
        self._ctx.set_forkserver_preload(["graph.endpoint.query_pool"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the workers and wait until each has opened the store (StoreError if one cannot)."""
        workers = [_Worker(self._ctx, self.store_url, self.limits) for _ in range(self.size)]
        try:
            for w in workers:
                w.wait_ready(self.start_timeout)
        except StoreError:
            for w in workers:
                w.kill()
            raise
        for w in workers:
            self._all.add(w)
            self._idle.put(w)

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.discard(dead)
        if self._closed:
            return

        def spawn() -> None:
            while not self._closed:
                w = _Worker(self._ctx, self.store_url, self.limits)
                try:
                    w.wait_ready(self.start_timeout)
                except StoreError:
                    time.sleep(1.0)  # the store may be briefly unreadable (a checkpoint being pruned): retry
                    continue
                with self._lock:
                    if self._closed:
                        w.kill()
                        return
                    self._all.add(w)
                self._idle.put(w)
                return

        threading.Thread(target=spawn, name="dkg-worker-respawn", daemon=True).start()

    def run(self, req: Request, timeout: float | None = None) -> Answer:
        """Answer one request: 503 when no worker frees up or the query overruns the time limit (``timeout``
        seconds, else the pool's), 500 when the query ends its worker (a crash, or out of memory)."""
        timeout = self.timeout if timeout is None else timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _error(503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again later")
        try:
            worker.conn.send(req)
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return _error(500, "the query ended its worker (out of memory, or it crashed the engine: too deeply "
                               "nested?) and was not answered; the next query gets a fresh worker")
        self.killed += 1
        self._replace(worker)
        return _error(503, f"the query ran longer than the time limit of {timeout:g} s and was stopped")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


def run_once(store_url: str, req: Request, timeout: float, limits: Limits | None = None) -> Answer:
    """Answer one user-written query in a fresh limited worker (``dkg sparql``): the caller's process never
    runs it, so a query that crashes the engine or eats memory costs the worker, not the caller.

    A ``memory:`` store lives in the caller's process only, so its queries run here (with no limits).
    """
    if parse_store_url(store_url)[0] == "memory":
        return answer(open_store(store_url), req)
    pool = QueryPool(store_url, workers=1, timeout=timeout, limits=limits)
    pool.start()
    try:
        return pool.run(req)
    finally:
        pool.close()
