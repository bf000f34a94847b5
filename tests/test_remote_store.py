"""The store on real SPARQL servers (Oxigraph's server and Virtuoso, started here on 127.0.0.1) answers
exactly as the embedded store does: the same sample articles are ingested into both and compared."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from sparql_helpers import oxigraph_server, virtuoso_server

from diplomatic_kg.cli import main
from graph.analysis import network
from graph.namespaces import ACTOR, CURATION_GRAPH, DKG
from graph.query import queries
from graph.storage.remote import RemoteStore
from graph.storage.store import QueryError, StoreError, open_store, with_update_url
from ingest.pipeline import ingest_paths

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
if not any(SAMPLES.glob("*")):
    pytest.skip("data/samples/ holds no sample articles", allow_module_level=True)

PAIRS = """
SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event dkg:participant ?a , ?b .
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b
"""


def statuses(store) -> dict[str, set[str]]:
    """Every status each event is asserted with (articles may disagree: one reports a call as planned, the next
    as done)."""
    out: dict[str, set[str]] = {}
    for r in store.select("SELECT DISTINCT ?e ?st WHERE { GRAPH ?g { ?e dkg:status ?st } }"):
        out.setdefault(r["e"], set()).add(r["st"])
    return out


def normal(rows: list[dict], asserted: dict[str, set[str]] | None = None) -> list[dict]:
    """Timeline rows with actors in a fixed order and numbers as floats (servers differ on both, not on data).

    Where articles disagree on an event's status the timeline shows one of them (SPARQL SAMPLE, whose pick
    is the engine's); such a row must show one of the asserted statuses and is compared on all of them.
    """
    out = []
    for r in rows:
        r = dict(r)
        r["actors"] = sorted((a["iri"], a["label"], a["role"]) for a in r["actors"])
        if asserted and len(asserted.get(r["event"], ())) > 1:
            assert r["status"] in asserted[r["event"]]
            r["status"] = sorted(asserted[r["event"]])
        for k, v in r.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                r[k] = round(float(v), 6)
        out.append(r)
    return out


def answers(store) -> dict:
    """What the comparisons look at, from any store."""
    carney = ACTOR["mark-carney"]
    asserted = statuses(store)
    return {
        "timeline": normal(queries.timeline(store), asserted),
        "carney_calls": normal(queries.timeline(store, queries.TimelineFilter(actors=(str(carney),),
                                                                              types=("Call",))), asserted),
        "several_sources": normal(queries.timeline(store, queries.TimelineFilter(min_sources=2)), asserted),
        "pairs": sorted((r["a"], r["b"], r["events"]) for r in store.select(PAIRS)),
        "actors": sorted((r["actor"], r["label"], r["events"]) for r in queries.actors(store)),
        "stats": queries.stats(store),
        "hashes": store.graph_hashes(),
        "related": _related(store),
        "network": sorted(tuple(sorted((a, b))) for a, b in _network(store).edges()),
    }


def _related(store) -> list:
    network.forget_projections()
    return [(r["iri"], r["count"], r["first"], r["last"]) for r in network.related(store, "Carney")]


def _network(store):
    network.forget_projections()
    return network.interaction_graph(store, start="2025-01-01", end="2025-12-31")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> dict:
    url = f"oxigraph:{tmp_path_factory.mktemp('embedded') / 'store'}"
    report = ingest_paths([SAMPLES], url)
    assert report.ok and report.new > 0
    with open_store(url) as store:
        return {"report": report, **answers(store), "count": store.count_triples()}


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory) -> str:
    """Samples ingested into `oxigraph serve` through its separate /update endpoint."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        url = with_update_url(base + "/query", base + "/update")
        report = ingest_paths([SAMPLES], url)
        assert report.ok, report.failed
        yield url


@pytest.fixture(scope="module")
def virtuoso_store(tmp_path_factory) -> str:
    """Samples ingested into a private Virtuoso through /sparql."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        report = ingest_paths([SAMPLES], url)
        assert report.ok, report.failed
        yield url


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request) -> str:
    return request.getfixturevalue(f"{request.param}_store")


def test_remote_answers_equal_the_embedded_store(remote, embedded):
    with open_store(remote) as store:
        assert isinstance(store, RemoteStore)
        got = answers(store)
        for key in ("timeline", "carney_calls", "several_sources", "pairs", "actors", "stats", "hashes", "related",
                    "network"):
            assert got[key] == embedded[key], key
        assert got["timeline"] and got["pairs"] and got["several_sources"] and got["related"] and got["network"]
        assert store.count_triples() == embedded["count"]


def test_rerun_is_recognised_as_unchanged(remote, embedded):
    report = ingest_paths([SAMPLES], remote)
    assert report.ok and report.new == report.updated == 0
    assert report.unchanged == embedded["report"].new


def test_event_detail_and_bindings_match(remote, embedded, tmp_path):
    event = next(r["event"] for r in embedded["several_sources"])
    with open_store(remote) as store:
        detail = queries.event_detail(store, event)
        assert detail["sources"] >= 2 and len(detail["sources_list"]) == detail["sources"]
        rows = store.select("SELECT ?e ?t WHERE { ?e a ?t }", {"t": DKG.Call})
        calls = {r["event"] for r in embedded["timeline"] if r["type"] == "Call"}
        assert {r["e"] for r in rows} == calls
        assert store.ask("ASK { ?e a dkg:TariffMeasure }") is True
        assert store.ask("ASK { ?e a dkg:NoSuchClass }") is False


def test_results_and_dump_in_every_format(remote, embedded):
    with open_store(remote) as store:
        query = "SELECT DISTINCT ?e ?d WHERE { ?e a dkg:Call ; dkg:date ?d } ORDER BY ?d ?e"
        kind, data = store.query_serialized(query, "json")
        rows = json.loads(data)["results"]["bindings"]
        assert kind == "bindings" and len(rows) == sum(1 for r in embedded["timeline"]
                                                         if r["type"] == "Call" and r.get("date"))
        assert store.query_serialized(query, "csv")[1].splitlines()[0].strip() == b"e,d"
        assert store.query_serialized(query, "tsv")[1].startswith(b"?e\t?d")
        assert b"<sparql" in store.query_serialized(query, "xml")[1]
        kind, ttl = store.query_serialized("CONSTRUCT { ?e a dkg:Call } WHERE { ?e a dkg:Call }", "turtle")
        assert kind == "graph" and ttl.count(b"Call") >= len(rows)
        ds = Dataset()
        ds.parse(data=store.dump("nquads"), format="nquads")
        assert sum(1 for _ in ds.quads()) == embedded["count"]


def test_malformed_query_is_a_query_error_with_the_servers_message(remote):
    with open_store(remote) as store, pytest.raises(QueryError, match="refused the query"):
        store.select("SELECT ?x WHERE { ?x ")


def test_cli_reads_and_writes_through_a_remote_store(oxigraph_store, embedded):
    query_url, _, _ = oxigraph_store.partition("#")
    update_url = query_url.removesuffix("/query") + "/update"
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", "-q", "--store", query_url, "--update-url", update_url, str(SAMPLES)])
    assert res.exit_code == 0, res.output
    assert "0 new" in res.output and f"{embedded['report'].new} unchanged" in res.output
    res = runner.invoke(main, ["timeline", "--store", query_url, "--format", "json"])
    assert res.exit_code == 0, res.output
    with open_store(query_url) as store:
        assert normal(json.loads(res.output), statuses(store)) == embedded["timeline"]
    res = runner.invoke(main, ["sparql", "--store", query_url, "ASK { ?e a dkg:Call }"])
    assert res.exit_code == 0 and res.output.strip() == "true"


def test_endpoint_in_front_of_a_remote_store(oxigraph_store, embedded):
    from graph.endpoint.server import EndpointConfig, make_server

    server = make_server(EndpointConfig(store_url=oxigraph_store, port=0, workers=1))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with open_store(server.url) as through_both:
            assert normal(queries.timeline(through_both), statuses(through_both)) == embedded["timeline"]
    finally:
        server.shutdown()
        server.server_close()


def test_corrections_on_a_remote_store(remote):
    """Fix, then undo, through the server: the corrected event everywhere, then the extracted one back."""
    from graph.write import curation

    with open_store(remote, write=True) as store:
        call = store.select("""SELECT ?e WHERE { ?e a dkg:Call ; dkg:participant actor:mark-carney,
                               actor:donald-trump ; dkg:date "2025-03-28"^^xsd:date }""")[0]["e"]
        before = store.select(f"SELECT ?g ?st WHERE {{ GRAPH ?g {{ <{call}> dkg:status ?st }} }}")
        c = curation.fix(store, call, {"status": "planned"}, by="remote tester", why="through the server")
        after = store.select(f"SELECT DISTINCT ?st WHERE {{ GRAPH ?g {{ <{call}> dkg:status ?st }} }}")
        assert after == [{"st": "planned"}]
        assert [(r.correction.by, r.status) for r in curation.audit(store)] == [("remote tester", "applied")]
        curation.undo(store, c.iri, by="remote tester", why="back")
        assert sorted(map(str, store.select(f"SELECT ?g ?st WHERE {{ GRAPH ?g {{ <{call}> dkg:status ?st }} }}"))) \
            == sorted(map(str, before))
        assert not store.ask("ASK { GRAPH ?g { ?g dkg:extractedEvents ?x } }")
        store.drop_graph(CURATION_GRAPH)  # the server is shared with the other tests of this module


# -- behaviour of the remote store itself (Oxigraph's in-memory server: quick to start) ---------------

@pytest.fixture
def scratch_server(tmp_path) -> str:
    with oxigraph_server(tmp_path / "srv", persistent=False) as base:
        yield base + "/sparql"


def test_edited_article_replaces_its_graph_and_state_id_moves(scratch_server, tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    first = ingest_paths([folder], scratch_server)
    assert first.ok and first.new > 0
    with open_store(scratch_server) as store:
        before_state = store.state_id()
        before = {r["event"] for r in queries.timeline(store)}
        assert store.state_id() == before_state  # stable while nothing is written
    victim = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[0]
    victim.write_text(victim.read_text().replace("\n\n", "\n\nEditors rewrote this report later.\n\n", 1))
    second = ingest_paths([folder], scratch_server)
    assert second.updated == 1 and second.new == 0
    with open_store(scratch_server) as store:
        assert store.state_id() != before_state
        assert {r["event"] for r in queries.timeline(store)} == before  # the same events, re-asserted


def test_replace_and_drop_graph_touch_only_their_graph(scratch_server):
    g1, g2 = URIRef("https://w3id.org/diplomatic-kg/id/article/t1"), URIRef("https://w3id.org/diplomatic-kg/id/article/t2")
    p = DKG.note
    with open_store(scratch_server, write=True) as store:
        store.replace_graph(g1, [(g1, p, Literal(f"one {i}")) for i in range(3)])
        store.replace_graph(g2, [(g2, p, Literal("two \"quoted\"\nline", lang="en"))])
        store.replace_graph(g1, [(g1, p, Literal("one again"))])
        assert store.count_triples() == 2
        rows = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s dkg:note ?o } } ORDER BY ?g")
        assert [r["o"] for r in rows] == ["one again", "two \"quoted\"\nline"]
        store.drop_graph(g1)
        assert store.count_triples() == 1


def test_big_graph_goes_in_several_requests_and_arrives_whole(scratch_server):
    g = URIRef("https://w3id.org/diplomatic-kg/id/graph/big")
    with open_store(scratch_server, write=True) as store:
        store.batch_triples = 100
        assert store.replace_graph(g, [(URIRef(f"urn:s{i}"), DKG.note, Literal(i)) for i in range(450)]) == 450
        store.replace_graph(g, [(URIRef(f"urn:s{i}"), DKG.note, Literal(i)) for i in range(250)])
        assert store.count_triples() == 250


def test_read_only_remote_store_refuses_writes(scratch_server):
    with open_store(scratch_server) as store, pytest.raises(StoreError, match="read-only"):
        store.replace_graph(URIRef("https://w3id.org/diplomatic-kg/id/article/x"), [])


def test_server_without_union_default_graph_is_refused_with_the_fix(tmp_path):
    with oxigraph_server(tmp_path / "srv", persistent=False, union=False) as base:
        with open_store(base + "/sparql", write=True) as store:  # empty: nothing to tell yet
            store.replace_graph(URIRef("https://w3id.org/diplomatic-kg/id/article/x"),
                                [(URIRef("urn:a"), DKG.note, Literal("x"))])
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store(base + "/sparql")


def test_unreachable_server_is_one_clear_error():
    from sparql_helpers import free_port

    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        open_store(f"http://127.0.0.1:{free_port()}/sparql")
    res = CliRunner().invoke(main, ["stats", "--store", "http://127.0.0.1:9/sparql"])
    assert res.exit_code == 2 and res.output.startswith("Error: cannot reach")


def test_update_url_is_carried_by_the_store_url():
    url = with_update_url("http://h:1/query", "http://h:1/update?x=1")
    with pytest.raises(StoreError, match="only applies"):
        with_update_url("oxigraph:data/store", "http://h/update")
    assert url.startswith("http://h:1/query#update=")
