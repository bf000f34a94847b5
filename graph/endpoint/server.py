"""A read-only SPARQL 1.1 Protocol endpoint over the store, with a small query page at ``/``.

``/sparql`` takes GET ``?query=``, POST form-encoded (``query=``) and POST ``application/sparql-query``,
with ``default-graph-uri`` / ``named-graph-uri``; answers by ``Accept`` (or ``?format=``): SPARQL JSON,
XML, CSV, TSV for SELECT/ASK, Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE. Without a
dataset in the request the default graph is the union of the named graphs (articles and gazetteer).

Safety, by default: bound to 127.0.0.1; SPARQL Update refused (403) at every entrance; the server never
fetches a URL for a client: queries run in worker processes that cannot open a network connection (see
:mod:`graph.endpoint.sandbox`), so a SERVICE clause fails (403) however it is written; a plain ``SERVICE`` keyword is
refused before it reaches a worker, with a clearer message. Each query is limited in time (503 when it
overruns, the query is stopped, see :mod:`graph.endpoint.query_pool`), in memory (500, its worker ends) and in
result rows (capped, with an ``X-SPARQL-MaxRows`` header); malformed queries answered 400 with the parser's
message. Optional bearer token; CORS only for the origins given.

The server reads like every reader (newest published checkpoint), so ``dkg ingest`` can write to the
same store meanwhile: each query sees the last checkpoint published before it started.

>>> server = make_server(EndpointConfig(store_url="oxigraph:data/store", port=0))   # doctest: +SKIP
>>> threading.Thread(target=server.serve_forever, daemon=True).start()             # doctest: +SKIP
"""

from __future__ import annotations

import hmac
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph.endpoint.query_page import page_csp, render_page
from graph.endpoint.query_pool import DEFAULT_MEMORY_LIMIT, Answer, Limits, QueryPool, Request
from graph.storage.sparql_text import query_form, uses_service

MAX_BODY_BYTES = 1 << 20  # a query text is never this long; a bigger body is a mistake or an attack
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass
class EndpointConfig:
    """Everything ``dkg serve`` can set."""

    store_url: str
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 1))
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    allow_service: bool = False
    memory_limit: int = DEFAULT_MEMORY_LIMIT  # bytes per query worker
    log: Any = None  # a file to write one line per request to (None: quiet)


def accepted_types(header: str | None) -> list[str]:
    """Media types of an Accept header, most wanted first (q=0 dropped; ties keep their order).

    >>> accepted_types("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    ['application/sparql-results+json', 'text/csv', '*/*']
    """
    ranked = []
    for i, part in enumerate((header or "").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class EndpointServer(ThreadingHTTPServer):
    """The HTTP server; holds the configuration and the query workers."""

    daemon_threads = True
    # socketserver's default backlog of 5 drops connections when a few hundred clients arrive at once
    request_queue_size = 1024

    def __init__(self, config: EndpointConfig, pool: QueryPool) -> None:
        self.config = config
        self.pool = pool
        self.log_lock = threading.Lock()
        super().__init__((config.host, config.port), EndpointHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host if ':' not in host else f'[{host}]'}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class EndpointHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for clients that reuse connections
    server: EndpointServer

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without TCP_NODELAY a kept-alive client waits 40 ms for
        # the second one (Nagle's algorithm meeting the client's delayed ACK).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return "diplomatic-kg"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request is written by _log instead

    # -- plumbing ------------------------------------------------------------------------------
    def _log(self, status: int, started: float, note: str = "") -> None:
        out = self.server.config.log
        if out is None:
            return
        path = urlsplit(self.path).path
        ms = 1000 * (time.perf_counter() - started)
        line = f"{self.client_address[0]} {self.command} {path} {status} {ms:.1f} ms"
        with self.server.log_lock:
            print(line + (f" {note}" if note else ""), file=out, flush=True)

    def _cors_headers(self) -> dict[str, str]:
        origins = self.server.config.cors_origins
        origin = self.headers.get("Origin")
        if not origins or not origin:
            return {}
        if "*" in origins:
            return {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "X-SPARQL-MaxRows"}
        if origin in origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                    "Access-Control-Expose-Headers": "X-SPARQL-MaxRows"}
        return {}

    def _send(self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in {**self._cors_headers(), **(headers or {})}.items():
            self.send_header(k, v)
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting: nothing to tell it
            self.close_connection = True

    def _send_text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode(), headers)

    def _check_token(self) -> None:
        token = self.server.config.token
        if not token:
            return
        auth = self.headers.get("Authorization", "")
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise _Refused(401, "this endpoint needs a bearer token: send 'Authorization: Bearer TOKEN'",
                           {"WWW-Authenticate": 'Bearer realm="dkg"'})

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise _Refused(411, "a POST needs a Content-Length header") from None
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise _Refused(413, f"request body over {MAX_BODY_BYTES} bytes")
        return self.rfile.read(length)

    # -- HTTP methods --------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        started = time.perf_counter()
        parts = urlsplit(self.path)
        if parts.path in ("/", "/index.html"):
            body = render_page(token_required=bool(self.server.config.token),
                               max_rows=self.server.config.max_rows, timeout=self.server.config.timeout)
            self._send(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": page_csp()})
            self._log(200, started)
            return
        if parts.path != "/sparql":
            self._send_text(404, f"nothing at {parts.path}: the SPARQL endpoint is /sparql, the query page /")
            self._log(404, started)
            return
        self._protocol(parse_qs(parts.query, keep_blank_values=True), started)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        started = time.perf_counter()
        parts = urlsplit(self.path)
        if parts.path != "/sparql":
            self._send_text(404, f"nothing at {parts.path}: the SPARQL endpoint is /sparql")
            self._log(404, started)
            return
        params = parse_qs(parts.query, keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            body = self._read_body()
            if media == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
                except UnicodeDecodeError:
                    raise _Refused(400, "the form body is not UTF-8") from None
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            elif media == "application/sparql-query":
                try:
                    params["query"] = [body.decode("utf-8")]
                except UnicodeDecodeError:
                    raise _Refused(400, "the query is not UTF-8") from None
            elif media == "application/sparql-update":
                self._check_token()
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            else:
                raise _Refused(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                    "or as application/sparql-query")
        except _Refused as e:
            self._send_text(e.status, str(e), e.headers)
            self._log(e.status, started)
            return
        self._protocol(params, started)

    def do_OPTIONS(self) -> None:  # noqa: N802
        started = time.perf_counter()
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        cors = self._cors_headers()
        if cors:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
                            "Access-Control-Max-Age": "600"})
        self._send(204, "text/plain", b"", headers)
        self._log(204, started)

    # -- the SPARQL protocol -------------------------------------------------------------------
    def _protocol(self, params: dict[str, list[str]], started: float) -> None:
        cfg = self.server.config
        try:
            self._check_token()
            if "update" in params:
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            queries = params.get("query", [])
            if not queries:
                raise _Refused(400, "no query: pass the SPARQL text as the 'query' parameter "
                                    "(the query page is at /)")
            if len(queries) > 1:
                raise _Refused(400, "one 'query' parameter only")
            text = queries[0]
            if not text.strip():
                raise _Refused(400, "the query is empty")
            form = query_form(text)
            if form == "UPDATE":
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            if not cfg.allow_service and uses_service(text):
                raise _Refused(403, "SERVICE (federated query) is disabled on this endpoint: the server does not "
                                    "fetch other URLs for clients (dkg serve --allow-service turns it on)")
            accepted = params.get("format", []) + accepted_types(self.headers.get("Accept"))
            req = Request(query=text, accepted=[a.lower() for a in accepted],
                          default_graph=params.get("default-graph-uri") or None,
                          named_graphs=params.get("named-graph-uri") or None,
                          max_rows=cfg.max_rows)
        except _Refused as e:
            self._send_text(e.status, str(e), e.headers)
            self._log(e.status, started)
            return
        reply: Answer = self.server.pool.run(req)
        headers = {}
        if reply.capped_at is not None:
            headers["X-SPARQL-MaxRows"] = str(reply.capped_at)
        if reply.status == 503:
            headers["Retry-After"] = "5"
        self._send(reply.status, reply.media, reply.body, headers)
        note = f"{reply.rows} rows" if reply.rows is not None else ""
        if reply.capped_at is not None:
            note += f" (capped at {reply.capped_at})"
        if reply.status >= 400:
            note = reply.body.decode("utf-8", "replace").splitlines()[0][:160] if reply.body else ""
        self._log(reply.status, started, note)


def make_server(config: EndpointConfig) -> EndpointServer:
    """Start the query workers and bind the server (``port=0`` picks a free port: see ``server.url``).

    Raises graph.storage.store.StoreError when the store cannot be opened, OSError when the port is taken.
    """
    remote = config.store_url.startswith(("http://", "https://"))
    limits = Limits(memory=config.memory_limit, network=config.allow_service or remote)
    pool = QueryPool(config.store_url, workers=config.workers, timeout=config.timeout, limits=limits)
    pool.start()
    try:
        return EndpointServer(config, pool)
    except OSError:
        pool.close()
        raise


def serve(config: EndpointConfig, ready: Any = None) -> None:
    """Serve until Ctrl-C or SIGTERM; ``ready(server)`` is called once the port is bound."""
    server = make_server(config)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)  # a service manager's stop: close the workers too
    if ready is not None:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

