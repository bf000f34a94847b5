"""The HTTP client against a loopback server: limits, retries, redirects, conditional GET."""

from __future__ import annotations

import gzip
import socket
import time

import pytest
from loopback import Loopback, Route

from ingest.fetch import Fetcher, FetchError, HttpConfig


@pytest.fixture
def srv():
    with Loopback() as s:
        yield s


def fetcher(**kw) -> Fetcher:
    kw = {"timeout": 2.0, "retries": 0, "backoff": 0.01, **kw}
    return Fetcher(HttpConfig(**kw))


def test_ok_page_with_charset_and_honest_user_agent(srv):
    srv.routes["/p"] = Route(body="<p>Café</p>".encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    resp = fetcher().fetch(srv.url("/p"))
    assert resp.status == 200 and resp.body == "<p>Café</p>".encode("latin-1")
    assert (resp.content_type, resp.charset) == ("text/html", "iso-8859-1")
    agent = srv.requests[0][1]["user-agent"]
    assert agent.startswith("diplomatic-kg/") and "python" not in agent.lower().split("(")[0]


def test_custom_user_agent_is_sent(srv):
    srv.routes["/p"] = Route(body=b"x")
    fetcher(user_agent="dkg-test (mailto:someone@example.org)").fetch(srv.url("/p"))
    assert srv.requests[0][1]["user-agent"] == "dkg-test (mailto:someone@example.org)"


def test_404_is_permanent_and_not_retried(srv):
    with pytest.raises(FetchError) as e:
        fetcher(retries=3).fetch(srv.url("/missing"))
    assert str(e.value).startswith("HTTP 404") and e.value.status == 404 and not e.value.transient
    assert srv.hits["/missing"] == 1


def test_500_is_retried_then_reported_as_transient(srv):
    srv.routes["/err"] = Route(status=500, body=b"boom")
    with pytest.raises(FetchError) as e:
        fetcher(retries=2).fetch(srv.url("/err"))
    assert e.value.transient and e.value.status == 500
    assert "after 3 attempts" in str(e.value)
    assert srv.hits["/err"] == 3


def test_a_503_then_success_is_retried_with_backoff(srv):
    srv.routes["/flaky"] = Route(body=b"<p>ok</p>", fail_first=2)
    resp = fetcher(retries=2).fetch(srv.url("/flaky"))
    assert resp.body == b"<p>ok</p>" and srv.hits["/flaky"] == 3


def test_slow_headers_time_out(srv):
    srv.routes["/slow"] = Route(body=b"late", delay=3)
    t0 = time.monotonic()
    with pytest.raises(FetchError) as e:
        fetcher(timeout=0.5).fetch(srv.url("/slow"))
    assert "timed out" in str(e.value) and e.value.transient
    assert time.monotonic() - t0 < 2


def test_a_dripping_body_cannot_outlast_the_total_timeout(srv):
    # every byte arrives well within a per-read timeout; only a total deadline stops this
    srv.routes["/drip"] = Route(body=b"x" * 200, drip=0.05)
    t0 = time.monotonic()
    with pytest.raises(FetchError) as e:
        fetcher(timeout=0.6).fetch(srv.url("/drip"))
    assert "timed out" in str(e.value)
    assert time.monotonic() - t0 < 2.5


def test_declared_length_over_the_cap_is_refused_before_reading(srv):
    srv.routes["/big"] = Route(body=b"x" * 200_000)
    with pytest.raises(FetchError) as e:
        fetcher(max_bytes=100_000).fetch(srv.url("/big"))
    assert "too large (200,000 bytes" in str(e.value) and not e.value.transient


def test_streamed_body_over_the_cap_is_cut_off(srv):
    srv.routes["/stream"] = Route(serve_bytes=50 * 1024 * 1024)  # 50 MB, no Content-Length
    t0 = time.monotonic()
    with pytest.raises(FetchError) as e:
        fetcher(max_bytes=1_000_000).fetch(srv.url("/stream"))
    assert "too large" in str(e.value)
    assert time.monotonic() - t0 < 3


def test_gzip_is_decoded_and_the_cap_counts_decoded_bytes(srv):
    srv.routes["/gz"] = Route(body=b"<p>" + b"a" * 5000 + b"</p>", gzip=True)
    assert len(fetcher().fetch(srv.url("/gz")).body) == 5007
    srv.routes["/bomb"] = Route(body=b"\0" * 5_000_000, gzip=True)  # ~5 kB on the wire
    assert len(gzip.compress(b"\0" * 5_000_000)) < 10_000
    with pytest.raises(FetchError, match="too large"):
        fetcher(max_bytes=1_000_000).fetch(srv.url("/bomb"))


def test_redirects_are_followed_and_bounded(srv):
    srv.routes["/a"] = Route(status=301, headers={"Location": "/b"})
    srv.routes["/b"] = Route(status=302, headers={"Location": srv.url("/c")})
    srv.routes["/c"] = Route(body=b"<p>final</p>")
    resp = fetcher().fetch(srv.url("/a"))
    assert resp.body == b"<p>final</p>" and resp.final_url == srv.url("/c") and resp.url == srv.url("/a")
    srv.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher(max_redirects=3).fetch(srv.url("/loop"))
    assert srv.hits["/loop"] == 4


def test_redirect_to_a_non_http_scheme_is_refused(srv):
    srv.routes["/evil"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="not an http"):
        fetcher().fetch(srv.url("/evil"))


def test_conditional_get_with_etag_and_last_modified(srv):
    srv.routes["/feed"] = Route(body=b"<rss/>", etag='"v1"', last_modified="Sat, 29 Mar 2025 08:00:00 GMT")
    first = fetcher().fetch(srv.url("/feed"))
    assert first.etag == '"v1"' and first.last_modified == "Sat, 29 Mar 2025 08:00:00 GMT"
    again = fetcher().fetch(srv.url("/feed"), etag=first.etag)
    assert again.not_modified and again.body == b"" and again.etag == '"v1"'
    assert srv.requests[-1][1]["if-none-match"] == '"v1"'
    by_date = fetcher().fetch(srv.url("/feed"), last_modified=first.last_modified)
    assert by_date.not_modified
    changed = fetcher().fetch(srv.url("/feed"), etag='"v0"')
    assert changed.status == 200 and changed.body == b"<rss/>"


def test_connection_refused_is_transient():
    with socket.socket() as s:  # a port that was free a moment ago and has no listener
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as e:
        fetcher().fetch(f"http://127.0.0.1:{port}/x")
    assert e.value.transient and "connection failed" in str(e.value)


def test_connection_cut_mid_body_is_reported(srv):
    srv.routes["/cut"] = Route(body=b"y" * 10_000, cut_after=100)
    with pytest.raises(FetchError) as e:
        fetcher().fetch(srv.url("/cut"))
    assert e.value.transient and "broken" in str(e.value)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "not a url", "http://"])
def test_non_http_urls_are_refused(url):
    with pytest.raises(FetchError, match="not an http"):
        fetcher().fetch(url)


def test_bad_config_values_are_refused():
    for bad in ({"timeout": 0}, {"max_bytes": 0}, {"retries": -1}, {"user_agent": " "}, {"concurrency": 0}):
        with pytest.raises(ValueError):
            HttpConfig(**bad)
