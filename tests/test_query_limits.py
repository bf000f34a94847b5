"""User-written SPARQL cannot reach the network, crash its caller or eat the machine: the endpoint, the
dashboard's SPARQL page and `dkg sparql` all run it in limited worker processes (graph.endpoint.query_pool,
graph.endpoint.sandbox). A listener on 127.0.0.1 stands for the URL an attacker wants fetched; it must never be
contacted, however the SERVICE keyword is disguised."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import Listener
from streamlit.testing.v1 import AppTest
from test_server import running

from diplomatic_kg.cli import main
from graph.endpoint import sandbox
from graph.endpoint.query_pool import Limits, QueryPool, Request
from graph.endpoint.server import EndpointConfig, EndpointServer
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
APP = str(ROOT / "app.py")
DEEP = "SELECT * WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }"
# A cross join that ORDER BY must hold whole before it answers: memory grows until something stops it.
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?c ?f ?i"

pytestmark = pytest.mark.skipif(not sandbox.network_forbidding_supported(),
                                reason="query workers are sandboxed on Linux x86_64/aarch64 only")


def disguises(url: str) -> list[str]:
    """SERVICE calls to ``url`` written so that a scan of the text misses the keyword, and plain ones."""
    escaped = "".join(f"\\u{ord(c):04x}" if c.isalpha() else c for c in url)
    return [
        # a PN_LOCAL escape: "\#" in a prefixed name reads as a comment to a naive scanner
        f"PREFIX ex: <urn:ex:> SELECT ?s WHERE {{ OPTIONAL {{ ?x ex:a\\#b ?y }} SERVICE <{url}> {{ ?s ?p ?o }} }}",
        # a \u escape in an IRI, then a quote: the scanner sees a string running over the keyword
        f"SELECT * WHERE {{ {{ ?a <urn:\\u0061'> ?b }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} "
        f"UNION {{ ?c <urn:'> ?d }} }}",
        # the IRI itself escaped, the keyword in odd case, SILENT
        f"select * {{ sErViCe SILENT <{escaped}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"oxigraph:{tmp_path_factory.mktemp('limits') / 'store'}"
    assert ingest_paths([SAMPLES], url).ok
    return url


@pytest.fixture(scope="module")
def pool(store_url) -> Iterator[QueryPool]:
    p = QueryPool(store_url, workers=1, timeout=30, limits=Limits(memory=384 << 20))
    p.start()
    yield p
    p.close()


def get(server: EndpointServer, query: str) -> tuple[int, bytes]:
    url = f"{server.url}?{urllib.parse.urlencode({'query': query})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_the_disguises_do_reach_the_network_from_an_unlimited_worker(store_url):
    # The control: without the sandbox, the engine runs each of these SERVICE calls.
    listener = Listener()
    federating = QueryPool(store_url, workers=1, timeout=5, limits=Limits(network=True))
    federating.start()
    try:
        for query in disguises(listener.url):
            federating.run(Request(query, ["json"]))
            assert listener.contacted(), query
    finally:
        federating.close()


def test_a_worker_cannot_open_a_network_connection_whatever_the_text_says(pool):
    # No lexical check stands in front of the pool: the worker's own sandbox is what refuses.
    listener = Listener()
    for query in disguises(listener.url):
        reply = pool.run(Request(query, ["json"]))
        if "SILENT" in query:  # SILENT turns the failed call into one empty solution
            assert reply.status == 200 and json.loads(reply.body)["results"]["bindings"] == [{}], reply
        else:
            assert reply.status == 403 and b"network connection" in reply.body, (query, reply)
        assert not listener.contacted(), query
    assert pool.run(Request("ASK { ?s ?p ?o }", ["json"])).status == 200


def test_the_endpoint_never_fetches_a_disguised_service(store_url):
    listener = Listener()
    with running(EndpointConfig(store_url=store_url, port=0, workers=1, timeout=20)) as server:
        for query in disguises(listener.url):
            status, body = get(server, query)
            assert status == 403, (query, status, body)
        assert not listener.contacted()
        assert get(server, "ASK {}")[0] == 200


def test_a_query_that_crashes_the_engine_costs_its_worker_only(pool):
    reply = pool.run(Request(DEEP, ["json"]))
    assert reply.status == 500 and b"ended its worker" in reply.body
    assert pool.run(Request("ASK { ?s ?p ?o }", ["json"])).status == 200  # the next query is served


def test_a_greedy_query_is_stopped_at_the_memory_limit(pool):
    started = time.monotonic()
    reply = pool.run(Request(GREEDY, ["json"]))
    assert reply.status == 500 and b"out of memory" in reply.body
    assert time.monotonic() - started < 30  # the memory cap, not the time limit, stopped it
    assert pool.run(Request("ASK { ?s ?p ?o }", ["json"])).status == 200


def test_the_endpoint_answers_crash_queries_with_an_error_and_goes_on(store_url):
    with running(EndpointConfig(store_url=store_url, port=0, workers=1, timeout=30,
                                memory_limit=384 << 20)) as server:
        for query in (DEEP, GREEDY):
            status, body = get(server, query)
            assert status == 500, body
            assert get(server, "ASK { ?s ?p ?o }") == (200, b'{"head":{},"boolean":true}')


def test_dkg_sparql_runs_in_a_limited_worker(store_url):
    listener = Listener()
    runner = CliRunner()
    for query in disguises(listener.url)[:2]:
        result = runner.invoke(main, ["sparql", "--store", store_url, query])
        assert result.exit_code == 2 and "network" in result.output, result.output
    assert not listener.contacted()
    result = runner.invoke(main, ["sparql", "--store", store_url, DEEP])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "ended its worker" in result.output
    result = runner.invoke(main, ["sparql", "--store", store_url, "--memory-limit", "384", GREEDY])
    assert result.exit_code == 2 and "out of memory" in result.output
    result = runner.invoke(main, ["sparql", "--store", store_url, "--format", "json", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0 and json.loads(result.output)["boolean"] is True


def sparql_page(at: AppTest, query: str, limit: int = 20) -> AppTest:
    at.switch_page("diplomatic_kg/dashboard/pages/sparql.py").run()
    at.number_input(key="sparql_limit").set_value(limit)
    at.text_area(key="sparql_text").set_value(query)
    at.button(key="sparql_run").click().run()
    assert not at.exception
    return at


def test_the_dashboard_page_runs_queries_in_limited_workers(store_url, monkeypatch):
    monkeypatch.setenv("DKG_STORE", store_url)
    listener = Listener()
    at = AppTest.from_file(APP, default_timeout=60).run()
    for query in disguises(listener.url):
        at = sparql_page(at, query)
        assert (at.error if "SILENT" not in query else not at.dataframe[0].value.notna().any().any()), query
    assert not listener.contacted()
    at = sparql_page(at, DEEP)
    assert any("could not run the query" in e.value for e in at.error)
    at = sparql_page(at, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", limit=1)
    assert any("did not finish within 1 s and was stopped" in e.value for e in at.error)
    at = sparql_page(at, "ASK { ?s ?p ?o }")
    assert any("true" in s.value for s in at.success)  # the next query is served
