"""HTTP client for feeds and pages: polite, bounded, and honest about what went wrong.

Every request has a total time limit (not only a per-read one, so a server that drips one byte a
second cannot hold a run), a size cap checked before and while reading (gzip bombs included, since
the cap counts decoded bytes), a bounded number of redirects, retries with exponential back-off for
transient failures (connection errors, timeouts, 429 and 5xx, honouring ``Retry-After``), an honest
User-Agent, and conditional GET (``If-None-Match`` / ``If-Modified-Since``).

Failures raise :class:`FetchError` whose ``transient`` flag tells the caller whether trying again
later may help (a timeout, a 503) or not (a 404, a page too large).

>>> f = Fetcher(HttpConfig(timeout=5, retries=0))
>>> f.config.user_agent.startswith("diplomatic-kg/")
True
"""

from __future__ import annotations

import random
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error

from graph.errors import DkgError, UsageError

try:
    _VERSION = version("diplomatic-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    _VERSION = "dev"

DEFAULT_USER_AGENT = f"diplomatic-kg/{_VERSION} (research knowledge-graph builder; batch ingest of news)"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class FetchError(DkgError):
    """A URL could not be fetched; ``str(e)`` is the reason as shown to the user."""

    def __init__(self, reason: str, *, transient: bool, status: int | None = None) -> None:
        super().__init__(reason)
        self.transient = transient
        self.status = status


@dataclass
class HttpConfig:
    """Limits and manners of every request (the ``[http]`` table of sources.toml)."""

    timeout: float = 30.0  # seconds for a whole request, headers and body
    connect_timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 2  # extra attempts after a transient failure
    backoff: float = 1.0  # first wait; doubled each retry, with jitter
    max_backoff: float = 60.0  # also the cap on a server's Retry-After
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 4  # pages fetched at the same time in a run

    def __post_init__(self) -> None:
        for name in ("timeout", "connect_timeout", "backoff", "max_backoff"):
            if float(getattr(self, name)) < 0:
                raise UsageError(f"http.{name} must not be negative")
        if self.timeout <= 0 or self.max_bytes <= 0:
            raise UsageError("http.timeout and http.max_bytes must be positive")
        if self.concurrency < 1:
            raise UsageError("http.concurrency must be at least 1")
        if self.retries < 0 or self.max_redirects < 0:
            raise UsageError("http.retries and http.max_redirects must not be negative")
        if not str(self.user_agent).strip():
            raise UsageError("http.user_agent must not be empty")


@dataclass
class Response:
    """A successful fetch (``not_modified`` for a 304 answer to a conditional GET; then ``body`` is empty)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Fetches URLs with the limits of an :class:`HttpConfig`; safe to share between threads."""

    def __init__(self, config: HttpConfig | None = None) -> None:
        self.config = config or HttpConfig()
        self._pools: dict[str | None, urllib3.PoolManager] = {}
        self._lock = threading.Lock()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str = PAGE_ACCEPT) -> Response:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given), following redirects.

        Raises FetchError for anything but a 2xx or 304 answer within the limits.
        """
        _check_url(url)
        attempt = 0
        while True:
            try:
                return self._fetch_once(url, etag, last_modified, accept)
            except FetchError as e:
                if not e.transient or attempt >= self.config.retries:
                    if attempt:
                        raise FetchError(f"{e} (after {attempt + 1} attempts)", transient=e.transient,
                                         status=e.status) from None
                    raise
                delay = getattr(e, "retry_after", None)
                if delay is None:
                    delay = self.config.backoff * (2 ** attempt) * (0.75 + random.random() / 2)
                time.sleep(min(delay, self.config.max_backoff))
                attempt += 1

    def close(self) -> None:
        for pool in self._pools.values():
            pool.clear()

    # -- one attempt, redirects included ------------------------------------------------------------
    def _fetch_once(self, url: str, etag: str | None, last_modified: str | None, accept: str) -> Response:
        cfg = self.config
        deadline = time.monotonic() + cfg.timeout
        headers = {"User-Agent": cfg.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(cfg.max_redirects + 1):
            resp = self._request(current, headers, deadline)
            consumed = False
            try:
                if resp.status in _REDIRECT_STATUS:
                    location = resp.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {resp.status} redirect without a Location", transient=False,
                                         status=resp.status)
                    try:
                        current = urllib.parse.urljoin(current, location.strip())
                    except ValueError as e:  # "http://[::1": urljoin parses it and refuses
                        raise FetchError(f"HTTP {resp.status} redirect to an invalid URL {location[:200]!r} ({e})",
                                         transient=False, status=resp.status) from None
                    _check_url(current, f"HTTP {resp.status} redirect: ")
                    continue
                if resp.status == 304:
                    return Response(url=url, final_url=current, status=304,
                                    etag=resp.headers.get("ETag") or etag,
                                    last_modified=resp.headers.get("Last-Modified") or last_modified)
                if not 200 <= resp.status < 300:
                    error = FetchError(f"HTTP {resp.status} {resp.reason or ''}".rstrip(),
                                       transient=resp.status in _TRANSIENT_STATUS, status=resp.status)
                    error.retry_after = _retry_after(resp.headers.get("Retry-After"))  # type: ignore[attr-defined]
                    raise error
                body = self._read_body(resp, deadline)
                consumed = True
                ctype, charset = _content_type(resp.headers.get("Content-Type", ""))
                return Response(url=url, final_url=current, status=resp.status, body=body, content_type=ctype,
                                charset=charset, etag=resp.headers.get("ETag"),
                                last_modified=resp.headers.get("Last-Modified"),
                                headers={k.lower(): v for k, v in resp.headers.items()})
            finally:
                if not consumed:  # an unread or half-read body: never hand that connection back to the pool
                    resp.close()
                resp.release_conn()
        raise FetchError(f"too many redirects (more than {cfg.max_redirects})", transient=False)

    def _request(self, url: str, headers: dict[str, str], deadline: float) -> urllib3.BaseHTTPResponse:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"timed out after {self.config.timeout:g} s", transient=True)
        timeout = urllib3.Timeout(connect=min(self.config.connect_timeout, remaining), read=remaining)
        try:
            return self._pool_for(url).request("GET", url, headers=headers, redirect=False, retries=False,
                                               preload_content=False, decode_content=True, timeout=timeout)
        except urllib3.exceptions.NewConnectionError as e:  # a subclass of the timeout error: test it first
            raise FetchError(f"connection failed: {_connection_reason(e)}", transient=True) from None
        except urllib3.exceptions.TimeoutError:
            raise FetchError(f"timed out after {self.config.timeout:g} s", transient=True) from None
        except urllib3.exceptions.SSLError as e:
            raise FetchError(f"TLS error: {_first_line(e)}", transient=False) from None
        except urllib3.exceptions.LocationParseError as e:
            raise FetchError(f"invalid URL: {e}", transient=False) from None
        except (Urllib3Error, OSError) as e:
            raise FetchError(f"connection failed: {_connection_reason(e)}", transient=True) from None

    def _read_body(self, resp: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
        cap = self.config.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap and not resp.headers.get("Content-Encoding"):
            raise FetchError(f"response too large ({int(declared):,} bytes, limit {cap:,})", transient=False)
        chunks: list[bytes] = []
        size = 0
        # A server can send one byte per second forever without tripping a per-read timeout: a watchdog
        # cuts the socket at the deadline, which makes the blocked read return.
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shutdown, (resp,))
        watchdog.daemon = True
        watchdog.start()
        try:
            for chunk in resp.stream(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"response too large (more than {cap:,} bytes)", transient=False)
                chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.config.timeout:g} s (body too slow)", transient=True)
        except urllib3.exceptions.TimeoutError:
            raise FetchError(f"timed out after {self.config.timeout:g} s", transient=True) from None
        except urllib3.exceptions.DecodeError as e:
            raise FetchError(f"undecodable compressed body: {_first_line(e)}", transient=False) from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.IncompleteRead, OSError) as e:
            if time.monotonic() >= deadline:
                raise FetchError(f"timed out after {self.config.timeout:g} s (body too slow)",
                                 transient=True) from None
            raise FetchError(f"connection broken while reading: {_connection_reason(e)}", transient=True) from None
        finally:
            watchdog.cancel()
        return b"".join(chunks)

    def _pool_for(self, url: str) -> urllib3.PoolManager:
        proxy = _proxy_for(url)
        with self._lock:
            pool = self._pools.get(proxy)
            if pool is None:
                size = {"num_pools": 32, "maxsize": self.config.concurrency}
                pool = urllib3.ProxyManager(proxy, **size) if proxy else urllib3.PoolManager(**size)
                self._pools[proxy] = pool
            return pool


def _shutdown(resp: urllib3.BaseHTTPResponse) -> None:
    try:
        resp.shutdown()  # type: ignore[attr-defined]
    except (ValueError, RuntimeError, OSError):
        pass  # already released or closed: the read has finished anyway


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched ("not an http(s) URL", "not a valid URL (...)"), or None when it can.

    >>> url_problem("https://example.org/a"), url_problem("ftp://example.org/a"), url_problem("http://[::1")
    (None, 'not an http(s) URL', 'not a valid URL (Invalid IPv6 URL)')
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - parsing the port raises ValueError for "http://h:99999/" or "http://h:x/"
    except ValueError as e:
        return f"not a valid URL ({e})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "not an http(s) URL"
    if not parts.hostname:
        return "not a valid URL (no host name)"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "not a valid URL (contains spaces or control characters)"
    return None


def _check_url(url: str, what: str = "") -> None:
    problem = url_problem(url)
    if problem:
        raise FetchError(f"{what}{problem}: {url[:200]!r}", transient=False)


def _proxy_for(url: str) -> str | None:
    """The proxy the environment (``https_proxy``, ``no_proxy``...) names for ``url``, as urllib would use."""
    parts = urllib.parse.urlsplit(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return proxy


def _content_type(value: str) -> tuple[str, str | None]:
    main, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        k, _, v = param.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip('"').strip("'").lower()
    return main.strip().lower(), charset


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def _connection_reason(error: Exception) -> str:
    """The innermost cause, which says more than urllib3's wrappers ("Connection refused")."""
    inner: BaseException = error
    while True:
        nxt = getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    text = getattr(inner, "strerror", None) or _first_line(inner)  # type: ignore[arg-type]
    return text or type(inner).__name__
