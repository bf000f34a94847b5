"""The SPARQL endpoint, driven the way researchers drive it: SPARQLWrapper as the client, plus raw HTTP for
the protocol's corners (CORS, tokens, the query page). Answers are checked against the store in-process."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import Listener
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from diplomatic_kg.cli import main
from graph.endpoint.query_page import EXAMPLES
from graph.endpoint.server import EndpointConfig, EndpointServer, accepted_types, make_server
from graph.query import queries
from graph.storage.store import StoreError, open_store
from ingest.pipeline import ingest_paths

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
if not any(SAMPLES.glob("*")):
    pytest.skip("data/samples/ holds no sample articles", allow_module_level=True)

TIMEOUT_S = 1.5
MAX_ROWS = 500
CALLS = "SELECT DISTINCT ?e ?d WHERE { ?e a dkg:Call ; dkg:date ?d } ORDER BY ?d ?e"
CONSTRUCT = ("CONSTRUCT { ?e a dkg:Call ; dkg:date ?d ; dkg:evidence ?x } "
             "WHERE { ?e a dkg:Call ; dkg:date ?d ; dkg:evidence ?x }")
_HUNDRED = " ".join(str(i) for i in range(100))
SLOW = (f"SELECT (COUNT(*) AS ?n) {{ VALUES ?a {{ {_HUNDRED} }} VALUES ?b {{ {_HUNDRED} }} "
        f"VALUES ?c {{ {_HUNDRED} }} VALUES ?d {{ {_HUNDRED} }} }}")  # 10^8 rows: about 13 s of CPU


@contextlib.contextmanager
def running(config: EndpointConfig) -> Iterator[EndpointServer]:
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"oxigraph:{tmp_path_factory.mktemp('served') / 'store'}"
    assert ingest_paths([SAMPLES], url).ok
    return url


@pytest.fixture(scope="module")
def server(store_url) -> Iterator[EndpointServer]:
    with running(EndpointConfig(store_url=store_url, port=0, timeout=TIMEOUT_S, max_rows=MAX_ROWS,
                                workers=2)) as srv:
        yield srv


@pytest.fixture(scope="module")
def local(store_url):
    with open_store(store_url) as store:
        yield store


def client(server: EndpointServer, query: str, fmt: str = JSON, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setTimeout(30)
    if method == "POST":
        sw.setMethod(POST)
    elif method == "POSTDIRECTLY":
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    return sw


def http(url: str, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get(server: EndpointServer, query: str, accept: str = "application/sparql-results+json",
        **params: str) -> tuple[int, dict, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http(f"{server.url}?{qs}", headers={"Accept": accept})


# -- queries and formats ----------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_json_by_every_request_method_equals_the_store(server, local, method):
    result = client(server, CALLS, JSON, method).queryAndConvert()
    rows = [(b["e"]["value"], b["d"]["value"]) for b in result["results"]["bindings"]]
    expected = [(r["e"], r["d"]) for r in local.select(CALLS)]
    assert rows == expected and len(rows) > 3
    assert result["head"]["vars"] == ["e", "d"]


def test_select_in_xml_csv_tsv(server, local):
    expected = [(r["e"], r["d"]) for r in local.select(CALLS)]
    doc = client(server, CALLS, XML).queryAndConvert()
    results = doc.getElementsByTagName("result")
    values = [tuple(b.getElementsByTagName("uri")[0].firstChild.data if b.getAttribute("name") == "e"
                    else b.getElementsByTagName("literal")[0].firstChild.data
                    for b in r.getElementsByTagName("binding")) for r in results]
    assert values == expected
    text = client(server, CALLS, CSV).queryAndConvert().decode()
    assert [tuple(row) for row in csv.reader(io.StringIO(text))] == [("e", "d"), *expected]
    text = client(server, CALLS, TSV).queryAndConvert().decode()
    lines = text.splitlines()
    assert lines[0] == "?e\t?d" and len(lines) == len(expected) + 1
    assert lines[1] == f"<{expected[0][0]}>\t\"{expected[0][1]}\"^^<http://www.w3.org/2001/XMLSchema#date>"


def test_ask_true_and_false(server):
    assert client(server, "ASK { ?e a dkg:Call }").queryAndConvert() == {"head": {}, "boolean": True}
    assert client(server, "ASK { ?e a dkg:NoSuchThing }").queryAndConvert()["boolean"] is False
    doc = client(server, "ASK { ?e a dkg:Call }", XML).queryAndConvert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_construct_in_turtle_ntriples_jsonld_rdfxml(server, local):
    expected = Graph().parse(data=local.query_serialized(CONSTRUCT, "ntriples")[1], format="nt")
    assert len(expected) > 10
    turtle = client(server, CONSTRUCT, TURTLE).queryAndConvert()
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), expected)
    nt = client(server, CONSTRUCT, N3)
    nt.addCustomHttpHeader("Accept", "application/n-triples")
    raw = nt.query()
    assert raw.response.headers["Content-Type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=raw.convert(), format="nt"), expected)
    assert isomorphic(client(server, CONSTRUCT, JSONLD).queryAndConvert(), expected)  # parsed by SPARQLWrapper
    assert isomorphic(client(server, CONSTRUCT, XML).queryAndConvert(), expected)  # RDF/XML
    describe = client(server, "DESCRIBE ?e WHERE { ?e a dkg:Call } LIMIT 1", TURTLE).queryAndConvert()
    assert b"dkg:Call" in describe


def test_dataset_from_default_graph_uri_and_named_graph_uri(server, local):
    article = local.select("SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a dkg:Call } } "
                           "GROUP BY ?g ORDER BY DESC(?n) ?g LIMIT 1")[0]
    sw = client(server, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Call }")
    sw.addDefaultGraph(article["g"])
    assert int(sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == article["n"]
    sw = client(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a dkg:Call } }", method="POST")
    sw.addNamedGraph(article["g"])
    assert [b["g"]["value"] for b in sw.queryAndConvert()["results"]["bindings"]] == [article["g"]]
    everything = client(server, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Call }").queryAndConvert()
    assert int(everything["results"]["bindings"][0]["n"]["value"]) > article["n"]  # default: the union


def test_result_rows_are_capped_and_the_cap_is_announced(server):
    thirty = " ".join(str(i) for i in range(30))
    status, headers, body = get(server, f"SELECT * {{ VALUES ?a {{ {thirty} }} VALUES ?b {{ {thirty} }} }}")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = get(server, f"SELECT * {{ VALUES ?a {{ {thirty} }} }}")
    assert "X-SPARQL-MaxRows" not in headers and len(json.loads(body)["results"]["bindings"]) == 30


def test_accept_header_ranking():
    assert accepted_types("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1") == [
        "application/sparql-results+json", "text/csv", "*/*"]
    assert accepted_types("text/csv;q=0, text/tab-separated-values") == ["text/tab-separated-values"]
    assert accepted_types(None) == []


def test_format_negotiation_edge_cases(server):
    status, headers, body = get(server, CALLS, accept="text/html, application/xml;q=0.9, */*;q=0.8")  # a browser
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    status, headers, _ = get(server, CALLS, accept="*/*")
    assert headers["Content-Type"] == "application/sparql-results+json"
    status, headers, body = get(server, CALLS, accept="application/sparql-results+json", format="csv")
    assert headers["Content-Type"].startswith("text/csv") and body.startswith(b"e,d")
    status, headers, _ = get(server, CONSTRUCT, accept="application/sparql-results+json")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")  # no graph type asked: Turtle


# -- what the endpoint refuses ----------------------------------------------------------------------

def test_updates_are_refused_at_every_entrance(server, local):
    before = local.count_triples()
    update = 'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" } }'
    for method in ("POST", "POSTDIRECTLY"):  # update= form field, application/sparql-update body
        sw = client(server, update, JSON, method)
        with pytest.raises(urllib.error.HTTPError) as err:
            sw.query()
        assert err.value.code == 403 and b"read-only" in err.value.read()
    status, _, body = get(server, update)  # an update smuggled in as a query
    assert status == 403 and b"read-only" in body
    status, _, body = get(server, "DROP ALL")
    assert status == 403
    assert local.count_triples() == before


def test_malformed_query_gets_400_with_the_parsers_message(server):
    with pytest.raises(QueryBadFormed) as err:
        client(server, "SELECT ?e WHERE { ?e a dkg:Call ").query()
    assert "malformed SPARQL: error at 1:" in str(err.value)
    status, _, body = get(server, "SELECT ?e WHERE { ?e nope:x ?y }")
    assert status == 400 and b"unknown prefix nope:" in body


def test_query_over_the_time_limit_is_stopped_with_503_and_the_server_goes_on(server):
    killed = server.pool.killed
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        client(server, SLOW).query()
    elapsed = time.monotonic() - started
    assert err.value.code == 503 and b"time limit" in err.value.read()
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 2
    assert server.pool.killed == killed + 1
    # The killed worker is replaced: both workers answer again.
    deadline = time.monotonic() + 10
    while server.pool._idle.qsize() < server.pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.pool._idle.qsize() == server.pool.size
    results = []
    threads = [threading.Thread(target=lambda: results.append(client(server, "ASK {}").queryAndConvert()))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 4


def test_service_is_refused_and_nothing_is_fetched(server):
    listener = Listener()
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(urllib.error.HTTPError) as err:
        client(server, query).query()
    assert err.value.code == 403 and b"SERVICE" in err.value.read()
    status, _, _ = get(server, f"select * {{ service silent <{listener.url}> {{ ?s ?p ?o }} }}")
    assert status == 403
    assert not listener.contacted()
    listener.sock.close()
    # The word inside a string or as a variable is not a SERVICE clause.
    status, _, _ = get(server, 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }')
    assert status == 200


def test_service_can_be_turned_on(store_url, server):
    with running(EndpointConfig(store_url=store_url, port=0, workers=1, allow_service=True)) as federating:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{server.url}> {{ ?e a dkg:Call }} }}"
        status, _, body = get(federating, query)
        assert status == 200, body
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


# -- access: token, CORS, the query page ------------------------------------------------------------

def test_bearer_token(store_url):
    with running(EndpointConfig(store_url=store_url, port=0, workers=1, token="s3cret")) as srv:
        with pytest.raises(Unauthorized):
            client(srv, "ASK {}").query()
        wrong = client(srv, "ASK {}")
        wrong.addCustomHttpHeader("Authorization", "Bearer guess")
        with pytest.raises(Unauthorized):
            wrong.query()
        right = client(srv, "ASK {}")
        right.addCustomHttpHeader("Authorization", "Bearer s3cret")
        assert right.queryAndConvert()["boolean"] is True
        status, _, body = http(srv.url.removesuffix("sparql"))
        assert status == 200 and b'"tokenRequired": true' in body  # the page itself asks for the token
        os.environ["DKG_STORE_TOKEN"] = "s3cret"  # the remote store sends it too
        try:
            with open_store(srv.url) as remote:
                assert remote.ask("ASK { ?e a dkg:Call }") is True
        finally:
            del os.environ["DKG_STORE_TOKEN"]


def test_cors_only_for_the_origins_given(store_url, server):
    origin = "https://yasgui.example"
    with running(EndpointConfig(store_url=store_url, port=0, workers=1, cors_origins=(origin,))) as srv:
        status, headers, _ = http(srv.url, method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in headers["Access-Control-Allow-Methods"]
        status, headers, _ = http(f"{srv.url}?query=ASK%7B%7D", headers={"Origin": origin})
        assert headers["Access-Control-Allow-Origin"] == origin
        assert "X-SPARQL-MaxRows" in headers["Access-Control-Expose-Headers"]
        _, headers, _ = http(f"{srv.url}?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
        assert "Access-Control-Allow-Origin" not in headers
    _, headers, _ = http(f"{server.url}?query=ASK%7B%7D", headers={"Origin": origin})  # off by default
    assert "Access-Control-Allow-Origin" not in headers


def test_query_page_and_its_examples(server):
    status, headers, body = http(server.url.removesuffix("sparql"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'sha256-" in headers["Content-Security-Policy"]
    page = body.decode()
    assert "<textarea" in page and "Calls, oldest first" in page
    for title, query in EXAMPLES:  # every example runs on the project's data
        status, _, answer = get(server, query)
        assert status == 200, (title, answer)
        if "SELECT" in query:
            assert json.loads(answer)["results"]["bindings"], title


def test_protocol_mistakes_get_clear_answers(server):
    assert http(server.url)[0] == 400  # no query
    status, _, body = http(server.url, data=b"SELECT * {}", headers={"Content-Type": "text/plain"})
    assert status == 415 and b"application/sparql-query" in body
    assert http(server.url.replace("/sparql", "/nothing"))[0] == 404
    qs = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    assert http(f"{server.url}?{qs}")[0] == 400
    status, _, body = get(server, "SELECT * {}", **{"default-graph-uri": "not an iri"})
    assert status == 400


# -- the endpoint as a store, and while ingest writes -----------------------------------------------

def test_the_endpoint_is_a_read_only_remote_store(server, local):
    with open_store(server.url) as remote:
        assert queries.timeline(remote) == queries.timeline(local)
        assert remote.count_triples() == local.count_triples()
    with pytest.raises(StoreError, match="does not accept SPARQL Update"):
        open_store(server.url, write=True)


def test_serves_while_ingest_writes_and_shows_each_published_run(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    files = sorted(SAMPLES.iterdir())
    with running(EndpointConfig(store_url=url, port=0, workers=2)) as srv:
        count = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a dkg:Article } }"

        def articles() -> int:
            status, _, body = get(srv, count)
            assert status == 200, body
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

        assert articles() == 0
        seen, stop = [], threading.Event()

        def poll() -> None:
            while not stop.is_set():
                seen.append(articles())

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            first = ingest_paths(files[:3], url)
            second = ingest_paths(files[3:], url)
        finally:
            stop.set()
            poller.join(10)
        assert first.ok and second.ok
        assert len(seen) > 5 and seen == sorted(seen)  # every answer came from a published checkpoint
        assert articles() == first.new + second.new


def test_dkg_serve_command(store_url):
    res = CliRunner().invoke(main, ["serve", "--store", "memory:"])
    assert res.exit_code == 2 and "needs a store that outlives one process" in res.output
    assert "Example:" in CliRunner().invoke(main, ["serve", "--help"]).output
    proc = subprocess.Popen([sys.executable, "-c", "from diplomatic_kg.cli import main; main()", "serve",
                             "--store", store_url,
                             "--port", "0", "--workers", "1"], stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    try:
        line = proc.stderr.readline()
        assert "SPARQL endpoint http://127.0.0.1:" in line, line
        url = line.split()[2]
        status, _, body = http(f"{url}?query=ASK%7B%3Fe%20a%20dkg%3ACall%7D",
                               headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["boolean"] is True
        assert "GET /sparql 200" in proc.stderr.readline()  # one log line per request
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
