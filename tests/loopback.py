"""A loopback HTTP server for the ingest tests: feeds, pages, slow and broken answers, on 127.0.0.1 only.

>>> with Loopback() as srv:
...     srv.routes["/a"] = Route(body=b"hello")
...     srv.url("/a").startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import collections
import gzip
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 1-byte writes of the body (a slow-loris server)
    etag: str | None = None  # answer 304 to a matching If-None-Match
    last_modified: str | None = None  # answer 304 to an equal If-Modified-Since
    fail_first: int = 0  # the first N requests get a 503
    chunked: bool = False  # no Content-Length, chunked transfer encoding
    gzip: bool = False
    cut_after: int | None = None  # close the connection after this many body bytes (Content-Length lies)
    serve_bytes: int | None = None  # stream this many bytes of filler instead of ``body``


class Loopback:
    """A threaded HTTP server on 127.0.0.1 and a free port; ``routes`` may change while it runs."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: collections.Counter[str] = collections.Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if server.hits[path] <= route.fail_first:
                    self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag or (
                        route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
                    self._send(304, b"", None, _validators(route))
                    return
                self._serve(route)

            def _send(self, status: int, body: bytes, ctype: str | None, headers: dict | None = None) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def _serve(self, route: Route) -> None:
                body = route.body
                headers = {**_validators(route), **route.headers}
                if route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for k, v in headers.items():
                    self.send_header(k, v)
                if route.serve_bytes is not None:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self._stream_filler(route.serve_bytes)
                    return
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self._chunk(body)
                    self._chunk(b"")
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.drip:
                        for i in range(len(body)):
                            self.wfile.write(body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    elif route.cut_after is not None:
                        self.wfile.write(body[:route.cut_after])
                        self.wfile.flush()
                        self.close_connection = True
                        self.connection.shutdown(2)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

            def _stream_filler(self, n: int) -> None:
                block = b"<p>" + b"x" * 65_000 + b"</p>"
                sent = 0
                try:
                    while sent < n:
                        part = block[: n - sent]
                        self._chunk(part)
                        sent += len(part)
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _validators(route: Route) -> dict[str, str]:
    out = {}
    if route.etag:
        out["ETag"] = route.etag
    if route.last_modified:
        out["Last-Modified"] = route.last_modified
    return out


def article_page(title: str, paragraphs: list[str], date: str | None = None, site: str = "Loopback Tribune") -> bytes:
    """A news article page of the kind trafilatura reads (title, optional date metadata, body)."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">{meta}'
            f"</head><body><header><nav><a href='/'>Home</a></nav></header><main><article><h1>{title}</h1>"
            f"{body}</article></main><footer>Contact us</footer></body></html>").encode()


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 document; each item may have title, link, guid, pubDate, description."""
    parts = []
    for it in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in it.items())
        parts.append(f"<item>{fields}</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>test feed</description>{''.join(parts)}"
            f"</channel></rss>").encode()


class Listener:
    """A TCP port on 127.0.0.1 that records whether anyone connected to it (a URL that must never be fetched)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def contacted(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except TimeoutError:
            return False
        conn.close()
        return True
