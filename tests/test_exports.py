"""Citable exports (graph.exports, graph.storage.snapshot, `dkg export`, the dashboard's downloads) on a small
hand-made store.

Each format is read back with its standard reader (csv, networkx's GEXF and GraphML readers, json, rdflib's
JSON-LD parser) and must hold exactly the events, actors and citations the fixture holds.

The world of the fixture (2025):
    call      Carney -- Trump, 03-28, reported by two articles (one title with a comma, quotes and a pipe)
    tariff    United States imposes 25% on Canadian steel, 03-12
    meeting   Trump -- Sheinbaum, April (month precision), planned
    bounded   Carney -- Sheinbaum call, between 04-20 and 04-25
    summit    Canada, United States, Mexico, 06-16 (each pair 1/2)
    undated   Canada -- Mexico meeting, no date
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import streamlit as st
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from diplomatic_kg.cli import main
from graph import exports
from graph.analysis import network
from graph.namespaces import ACTOR, DKG, PROV, SCHEMA, SNAPSHOT
from graph.query import queries
from graph.query.queries import TimelineFilter
from graph.storage import snapshot
from graph.storage.snapshot import SnapshotMismatch, check_snapshot, snapshot_id
from graph.storage.store import open_store
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import sync_actors
from ingest.rdf import article_iri, article_triples, event_iri

APP = str(Path(__file__).resolve().parent.parent / "app.py")
D = dt.date
ODD_TITLE = 'Leaders talk, again | "a useful call", says Ottawa'


def who(actor_id: str) -> str:
    return str(ACTOR[actor_id])


CARNEY, TRUMP, SHEINBAUM = who("mark-carney"), who("donald-trump"), who("claudia-sheinbaum")
CAN, USA, MEX = who("CAN"), who("USA"), who("MEX")

PEOPLE = [Actor(id="mark-carney", name="Mark Carney", kind="person", aliases=("Carney",)),
          Actor(id="donald-trump", name="Donald Trump", kind="person", aliases=("Trump",)),
          Actor(id="claudia-sheinbaum", name="Claudia Sheinbaum", kind="person", aliases=("Sheinbaum",)),
          Actor(id="CAN", name="Canada", kind="country"), Actor(id="USA", name="United States", kind="country"),
          Actor(id="MEX", name="Mexico", kind="country")]
A = {a.id: a for a in PEOPLE}
E = {
    "call": Event("Call", [A["mark-carney"], A["donald-trump"]], when=When(D(2025, 3, 28))),
    "tariff": Event("TariffMeasure", imposer=A["USA"], target=A["CAN"], when=When(D(2025, 3, 12)),
                    action="imposed", rate=25.0, goods="steel"),
    "meeting": Event("Meeting", [A["donald-trump"], A["claudia-sheinbaum"]], when=When(D(2025, 4, 1), "month"),
                     status="planned"),
    "bounded": Event("Call", [A["mark-carney"], A["claudia-sheinbaum"]],
                     when=When(None, "bounds", after=D(2025, 4, 20), before=D(2025, 4, 25))),
    "summit": Event("Summit", [A["CAN"], A["USA"], A["MEX"]], when=When(D(2025, 6, 16))),
    "undated": Event("Meeting", [A["CAN"], A["MEX"]]),
}
EVIDENCE = {
    "call": "The prime minister and the president spoke by phone on Friday.",
    "tariff": "Washington put a 25% duty on steel from Canada.",
    "meeting": "Trump and Sheinbaum plan to meet in April.",
    "bounded": "Carney and Sheinbaum talked by phone late in the week.",
    "summit": "The three leaders gathered for a North American summit.",
    "undated": "Canadian and Mexican officials have met, the ministry said.",
}
ARTICLES = [  # (slug, title, outlet, published, [(event key, evidence)])
    ("wire/call", "Carney and Trump speak", "Example Wire", "2025-03-29T09:00:00-04:00",
     [("call", EVIDENCE["call"])]),
    ("ledger/readout", ODD_TITLE, "Northern Ledger", "2025-03-30",
     [("call", "Ottawa's readout says the two leaders had a useful call <on trade>.")]),
    ("wire/steel", "Steel duties", "Example Wire", "2025-03-13", [("tariff", EVIDENCE["tariff"])]),
    ("post/april", "An April meeting", "Harbour Post", "2025-03-20", [("meeting", EVIDENCE["meeting"])]),
    ("post/late-call", "A late-April call", "Harbour Post", "2025-04-27", [("bounded", EVIDENCE["bounded"])]),
    ("wire/summit", "Summit", "Example Wire", "2025-06-17", [("summit", EVIDENCE["summit"])]),
    ("ledger/undated", "Officials met", "Northern Ledger", "2025-05-02", [("undated", EVIDENCE["undated"])]),
]


def iri(key: str) -> str:
    return str(event_iri(E[key]))


def url_of(slug: str) -> str:
    return f"https://news.example/{slug}"


def write_world(store, articles=ARTICLES) -> None:
    sync_actors(store, Registry(PEOPLE, version="test"))
    for slug, title, outlet, published, items in articles:
        art = Article(title=title, text=f"{title}. Text.", url=url_of(slug), source=outlet, published=published)
        events = []
        for key, sentence in items:
            ev = E[key]
            ev.evidence = [sentence]
            events.append(ev)
        store.replace_graph(article_iri(art), list(article_triples(art, events)))


def article_of(slug: str) -> str:
    for s, title, outlet, published, _ in ARTICLES:
        if s == slug:
            return str(article_iri(Article(title=title, text=f"{title}. Text.", url=url_of(s), source=outlet,
                                           published=published)))
    raise KeyError(slug)


@pytest.fixture(autouse=True)
def _fresh_caches():
    network.forget_projections()
    snapshot._MEMO.clear()
    yield
    network.forget_projections()
    snapshot._MEMO.clear()


@pytest.fixture
def store():
    s = open_store("memory:")
    write_world(s)
    return s


@pytest.fixture
def disk_url(tmp_path) -> str:
    """An on-disk store holding the world, published for readers."""
    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url, write=True) as s:
        write_world(s)
        s.publish()
    return url


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# -- CSV ------------------------------------------------------------------------------------------------------------
def test_csv_has_one_row_per_event_with_its_citations(store):
    result = exports.export(store, None, "csv")
    rows = read_csv(result.data)
    assert [r["event"] for r in rows] == [iri(k) for k in ("tariff", "call", "meeting", "bounded", "summit",
                                                          "undated")]
    assert result.events == 6 and result.snapshot == snapshot_id(store)
    call = rows[1]
    assert (call["type"], call["class"], call["date"], call["precision"], call["status"]) == (
        "Call", "Call", "2025-03-28", "day", "occurred")
    assert call["participants"] == "Donald Trump; Mark Carney"
    assert call["participant_iris"] == f"{TRUMP}; {CARNEY}"
    assert call["sources"] == "2"
    cited = [(call[f"source_{i}_outlet"], call[f"source_{i}_title"], call[f"source_{i}_published"],
              call[f"source_{i}_url"], call[f"source_{i}_article"]) for i in (1, 2)]
    assert cited == [("Example Wire", "Carney and Trump speak", "2025-03-29T09:00:00-04:00", url_of("wire/call"),
                      article_of("wire/call")),
                     ("Northern Ledger", ODD_TITLE, "2025-03-30", url_of("ledger/readout"),
                      article_of("ledger/readout"))]
    assert "source_3_outlet" not in call  # as many citation columns as the most-reported event needs
    tariff = rows[0]
    assert (tariff["imposers"], tariff["targets"], tariff["participants"]) == ("United States", "Canada", "")
    assert (tariff["action"], tariff["rate"], tariff["goods"]) == ("imposed", "25", "steel")
    assert tariff["source_2_outlet"] == "" and tariff["evidence"] == EVIDENCE["tariff"]
    meeting, bounded, undated = rows[2], rows[3], rows[5]
    assert (meeting["date"], meeting["precision"], meeting["not_before"], meeting["not_after"]) == (
        "2025-04-01", "month", "2025-04-01", "2025-04-30")
    assert (bounded["date"], bounded["not_before"], bounded["not_after"]) == ("", "2025-04-20", "2025-04-25")
    assert (undated["date"], undated["not_before"], undated["not_after"]) == ("", "", "")
    assert {r["snapshot"] for r in rows} == {result.snapshot} and {r["filter"] for r in rows} == {""}
    assert list(rows[0])[-2:] == ["snapshot", "filter"]


@pytest.mark.parametrize(("flt", "expected", "query"), [
    (TimelineFilter(types=("Call",)), {"call", "bounded"}, "type=Call"),
    (TimelineFilter(types=("Meeting",)), {"meeting", "summit", "undated"}, "type=Meeting"),
    (TimelineFilter(actors=(SHEINBAUM,)), {"meeting", "bounded"}, f"actor={SHEINBAUM}"),
    (TimelineFilter(start=D(2025, 4, 10), end=D(2025, 4, 30)), {"meeting", "bounded"}, "from=2025-04-10&to=2025-04-30"),
    (TimelineFilter(statuses=("planned",)), {"meeting"}, "status=planned"),
    (TimelineFilter(min_sources=2), {"call"}, "min_sources=2"),
    (TimelineFilter(text="STEEL"), {"tariff"}, "text=STEEL"),
    (TimelineFilter(actors=(CAN,), types=("TariffMeasure", "Summit")), {"tariff", "summit"},
     f"actor={CAN}&type=TariffMeasure&type=Summit"),
])
def test_csv_respects_the_filters_and_records_them(store, flt, expected, query):
    rows = read_csv(exports.export(store, flt, "csv").data)
    assert {r["event"] for r in rows} == {iri(k) for k in expected}
    assert {r["filter"] for r in rows} == {query}
    assert exports.filter_query(flt) == query


def test_no_matching_event_gives_a_header_only():
    s = open_store("memory:")
    write_world(s)
    data = exports.export(s, TimelineFilter(text="no such words"), "csv").data
    header = next(csv.reader(io.StringIO(data.decode())))
    assert read_csv(data) == [] and header[-2:] == ["snapshot", "filter"]


def test_records_are_the_same_scanned_or_looked_up_and_agree_with_the_timeline_queries(store):
    every = queries.matching_events(store)
    scanned = exports.event_records(store, every, scan=True)
    assert scanned == exports.event_records(store, every, scan=False)
    two = [iri("call"), iri("summit")]
    assert exports.event_records(store, two, scan=True) == exports.event_records(store, two, scan=False)
    assert [r["event"] for r in exports.event_records(store, two + ["https://example.org/not-an-event"])] == two
    rows = {r["event"]: r for r in queries.event_rows(store, every)}
    for rec in scanned:
        row = rows[rec["event"]]
        for key in ("type", "class", "date", "not_before", "not_after", "precision", "status", "action", "goods",
                    "sources", "evidence", "confidence"):
            assert rec[key] == row[key], key
        assert (float(rec["rate"]) if rec["rate"] else None) == row["rate"]
        assert sorted((a["iri"], a["label"], a["role"]) for a in rec["actors"]) == sorted(
            (a["iri"], a["label"], a["role"]) for a in row["actors"])
        fields = ("article", "title", "outlet", "url", "published", "evidence")
        assert [tuple(c[f] for f in fields) for c in rec["citations"]] == [
            tuple(c[f] for f in fields) for c in queries.event_sources(store, rec["event"])]


# -- GEXF and GraphML -------------------------------------------------------------------------------------------------
def test_gexf_reads_back_with_networkx_and_carries_snapshot_and_filter(store):
    data = exports.export(store, None, "gexf").data
    G = nx.read_gexf(io.BytesIO(data))
    assert set(G) == {CARNEY, TRUMP, SHEINBAUM, CAN, USA, MEX}
    assert G.nodes[CARNEY]["label"] == "Mark Carney" and G.nodes[CARNEY]["kind"] == "person"
    assert G.nodes[CAN]["events"] == 3  # tariff, summit, undated meeting
    call = G[CARNEY][TRUMP]
    assert (call["count"], call["calls"], call["weight"], call["first"], call["last"]) == (
        1, 1, 1.0, "2025-03-28", "2025-03-28")
    can_usa = G[CAN][USA]  # the summit (1/2) and the tariff (1)
    assert (can_usa["count"], can_usa["summits"], can_usa["tariffs"], can_usa["weight"]) == (2, 1, 1, 1.5)
    edge = next(e for e in ET.fromstring(data).iter("{http://www.gexf.net/1.2draft}edge")
                if {e.get("source"), e.get("target")} == {CAN, USA})
    by_source = can_usa["tariffs_by_source"] if edge.get("source") == USA else can_usa["tariffs_by_target"]
    assert by_source == 1 and can_usa["tariffs_by_source"] + can_usa["tariffs_by_target"] == 1  # USA on CAN
    assert G[CAN][MEX]["first"] == "2025-06-16" and G[CAN][MEX]["count"] == 2  # the undated meeting counts too
    ns = {"g": "http://www.gexf.net/1.2draft"}
    meta = ET.fromstring(data).find("g:meta", ns)
    sid = snapshot_id(store)
    assert sid in meta.find("g:description", ns).text and sid in meta.find("g:keywords", ns).text
    assert f"dkg export --snapshot {sid} --format gexf" in meta.find("g:description", ns).text


def test_graphml_reads_back_with_networkx_and_keeps_the_filter(store):
    flt = TimelineFilter(actors=(CARNEY,))
    data = exports.export(store, flt, "graphml").data
    G = nx.read_graphml(io.BytesIO(data))
    # The network of the events involving Carney: his counterparts, not their other ties.
    assert set(G) == {CARNEY, TRUMP, SHEINBAUM}
    assert set(map(frozenset, G.edges())) == {frozenset((CARNEY, TRUMP)), frozenset((CARNEY, SHEINBAUM))}
    assert G[CARNEY][SHEINBAUM]["first"] == "2025-04-20" and G[CARNEY][SHEINBAUM]["calls"] == 1
    assert G.graph["snapshot"] == snapshot_id(store) and G.graph["filter"] == f"actor={CARNEY}"
    assert G.graph["event_count"] == 2 and G.graph["weighting"] == "fair"
    assert G.graph["command"] == f"dkg export --snapshot {snapshot_id(store)} --format graphml --actor {CARNEY}"


def test_the_network_weights_match_the_interaction_graph(store):
    G = nx.read_graphml(io.BytesIO(exports.export(store, None, "graphml").data))
    H = network.interaction_graph(store)
    assert set(map(frozenset, G.edges())) == set(map(frozenset, H.edges()))
    for u, v, d in H.edges(data=True):
        assert G[u][v]["weight"] == pytest.approx(d["weight"]) and G[u][v]["count"] == d["count"]


# -- TimelineJS and JSON-LD -------------------------------------------------------------------------------------------
def test_timelinejs_json_has_dated_events_grouped_by_type_with_their_sources(store):
    doc = json.loads(exports.export(store, TimelineFilter(), "timelinejs").data)
    events = {e["unique_id"]: e for e in doc["events"]}
    assert len(events) == 5 and doc["undated_left_out"] == 1 and doc["event_count"] == 6
    short = {k: iri(k).rsplit("/", 1)[1] for k in E}
    assert events[short["call"]]["start_date"] == {"year": 2025, "month": 3, "day": 28}
    assert events[short["meeting"]]["start_date"] == {"year": 2025, "month": 4}
    bounded = events[short["bounded"]]
    assert bounded["start_date"]["day"] == 20 and bounded["end_date"] == {"year": 2025, "month": 4, "day": 25}
    assert {e["group"] for e in events.values()} == {"Call", "Tariff measure", "Meeting", "Summit"}
    text = events[short["call"]]["text"]
    assert text["headline"] == "Call: Donald Trump, Mark Carney"
    assert f'href="{url_of("ledger/readout")}"' in text["text"] and "&lt;on trade&gt;" in text["text"]
    assert "<on trade>" not in text["text"]  # article text is escaped
    assert events[short["tariff"]]["text"]["headline"] == "Tariff measure: United States on Canada, 25% on steel " \
                                                          "(imposed)"
    assert doc["snapshot"] == snapshot_id(store) and doc["filter"] == {}
    assert doc["title"]["text"]["headline"]


def test_jsonld_parses_as_rdf_with_events_actors_articles_and_provenance(store):
    flt = TimelineFilter(types=("Call",))
    doc = json.loads(exports.export(store, flt, "jsonld").data)
    assert doc["snapshot"] == snapshot_id(store) and doc["filter"] == {"type": ["Call"]}
    g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    call, bounded = rdflib.URIRef(iri("call")), rdflib.URIRef(iri("bounded"))
    assert set(g.subjects(rdflib.RDF.type, DKG.Call)) == {call, bounded}
    assert set(g.objects(call, DKG.participant)) == {rdflib.URIRef(CARNEY), rdflib.URIRef(TRUMP)}
    assert g.value(call, DKG.date) == rdflib.Literal("2025-03-28", datatype=rdflib.XSD.date)
    articles = set(g.objects(call, PROV.wasDerivedFrom))
    assert articles == {rdflib.URIRef(article_of("wire/call")), rdflib.URIRef(article_of("ledger/readout"))}
    assert g.value(rdflib.URIRef(article_of("ledger/readout")), SCHEMA.headline) == rdflib.Literal(ODD_TITLE)
    assert g.value(rdflib.URIRef(article_of("ledger/readout")), SCHEMA.url) == rdflib.URIRef(url_of("ledger/readout"))
    assert g.value(rdflib.URIRef(CARNEY), rdflib.RDFS.label) == rdflib.Literal("Mark Carney")
    assert (rdflib.URIRef(CARNEY), rdflib.RDF.type, DKG.Person) in g
    assert len(set(g.objects(call, DKG.evidence))) == 2
    dataset = g.value(predicate=rdflib.RDF.type, object=SCHEMA.Dataset)
    assert g.value(dataset, PROV.wasDerivedFrom) == SNAPSHOT[snapshot_id(store)]
    assert str(g.value(dataset, DKG.exportFilter)) == "type=Call"
    assert set(g.objects(dataset, SCHEMA.hasPart)) == {call, bounded}
    assert rdflib.URIRef(iri("tariff")) not in set(g.subjects())


# -- snapshots --------------------------------------------------------------------------------------------------------
def test_snapshot_is_stable_across_reopen_and_processes_and_follows_the_content(disk_url, tmp_path):
    first = snapshot_id(open_store(disk_url))
    assert snapshot.SNAPSHOT_PATTERN.match(first)
    snapshot._MEMO.clear()
    assert snapshot_id(open_store(disk_url)) == first  # from PATH/cache
    for f in (Path(disk_url.removeprefix("oxigraph:")) / "cache").glob("snapshot-*"):
        f.unlink()
    snapshot._MEMO.clear()
    assert snapshot_id(open_store(disk_url)) == first  # computed again from the data
    mem = open_store("memory:")
    write_world(mem)
    assert snapshot_id(mem) == first  # the same data elsewhere: the same identifier
    copy = tmp_path / "copy"
    shutil.copytree(disk_url.removeprefix("oxigraph:"), copy)
    assert snapshot_id(open_store(f"oxigraph:{copy}")) == first
    with open_store(disk_url, write=True) as s:  # one more article
        write_world(s, [("wire/extra", "One more", "Example Wire", "2025-07-01", [("undated", "They met again.")])])
        s.publish()
    assert snapshot_id(open_store(disk_url)) != first


def test_a_rewritten_graph_of_the_same_size_changes_the_snapshot(store):
    before = snapshot_id(store)
    # A graph rewritten with other values and the same number of quads (a correction): every writer of the
    # project records the graph's new content hash in it, and that is what the identifier sees.
    g = rdflib.URIRef(article_of("wire/steel"))
    rate = DKG.rate.n3()
    store.update(f"DELETE {{ GRAPH ?g {{ ?e {rate} ?r }} }} INSERT {{ GRAPH ?g {{ ?e {rate} 30.0 }} }} "
                 f"WHERE {{ GRAPH ?g {{ ?e {rate} ?r }} }} ; "
                 f"DELETE WHERE {{ GRAPH <{g}> {{ <{g}> {DKG.contentHash.n3()} ?h }} }} ; "
                 f"INSERT DATA {{ GRAPH <{g}> {{ <{g}> {DKG.contentHash.n3()} \"corrected\" }} }}")
    assert store.count_triples() == open_store("memory:").count_triples()
    assert snapshot_id(store) != before


def test_a_correction_and_its_undo_change_the_snapshot_and_the_exports_see_the_curated_view(store):
    from graph.write import curation

    before = snapshot_id(store)
    fixed = curation.fix(store, iri("tariff"), {"rate": 30}, by="A. Researcher", why="the article says 30%")
    after_fix = snapshot_id(store)
    assert after_fix != before
    rows = read_csv(exports.export(store, TimelineFilter(types=("TariffMeasure",)), "csv").data)
    assert [r["rate"] for r in rows] == ["30"] and {r["snapshot"] for r in rows} == {after_fix}
    curation.undo(store, fixed.iri, by="A. Researcher", why="misread")
    assert snapshot_id(store) not in (before, after_fix)  # the data is back, and its history has one more step


def test_check_snapshot_refuses_another_state(store):
    sid = snapshot_id(store)
    assert check_snapshot(store, sid) == sid
    with pytest.raises(SnapshotMismatch, match="changed since snapshot kg-0{20}"):
        check_snapshot(store, "kg-" + "0" * 20)
    with pytest.raises(ValueError, match="not a snapshot identifier"):
        check_snapshot(store, "yesterday")
    with pytest.raises(SnapshotMismatch):
        exports.export(store, None, "csv", snapshot="kg-" + "0" * 20)


# -- the command ------------------------------------------------------------------------------------------------------
def test_dkg_export_writes_each_format_and_says_what_to_cite(disk_url, tmp_path):
    runner = CliRunner()
    sid = snapshot_id(open_store(disk_url))
    out = tmp_path / "calls.csv"
    result = runner.invoke(main, ["export", "--store", disk_url, "--actor", "carney", "--type", "call",
                                  "--from", "2025-03", "--to", "2025-04", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_bytes())
    assert {r["event"] for r in rows} == {iri("call"), iri("bounded")}
    assert rows[0]["filter"] == f"actor={CARNEY}&type=Call&from=2025-03-01&to=2025-04-30"
    assert result.stdout == "" and f"Exported 2 events (csv) at snapshot {sid}" in result.stderr
    again = result.stderr.splitlines()[-1].removeprefix("Made again by: ")
    assert again == (f"dkg export --snapshot {sid} --format csv --actor {CARNEY} --type Call --from 2025-03-01 "
                     "--to 2025-04-30")
    # The printed command, run as it is, makes the same file.
    result = runner.invoke(main, [*again.split()[1:], "--store", disk_url, "-o", str(tmp_path / "again.csv")])
    assert result.exit_code == 0 and (tmp_path / "again.csv").read_bytes() == out.read_bytes()
    result = runner.invoke(main, ["export", "--store", disk_url, "--format", "gexf", "--min-sources", "2"])
    assert result.exit_code == 0 and set(nx.read_gexf(io.BytesIO(result.stdout_bytes))) == {CARNEY, TRUMP}
    for fmt, reader in (("graphml", lambda p: nx.read_graphml(p).graph["snapshot"]),
                        ("timelinejs", lambda p: json.loads(p.read_text())["snapshot"]),
                        ("jsonld", lambda p: json.loads(p.read_text())["snapshot"])):
        path = tmp_path / f"x.{fmt}"
        result = runner.invoke(main, ["export", "--store", disk_url, "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0 and reader(path) == sid, (fmt, result.output)


def test_dkg_export_snapshot_refuses_once_the_store_changed(disk_url, tmp_path):
    runner = CliRunner()
    sid = snapshot_id(open_store(disk_url))
    result = runner.invoke(main, ["export", "--store", disk_url, "--snapshot", sid, "--type", "Call"])
    assert result.exit_code == 0 and len(read_csv(result.stdout_bytes)) == 2
    article = tmp_path / "news.txt"
    article.write_text("published: 2025-05-05\nurl: https://news.example/may\nsource: Example Wire\n\n"
                       "Carney and Trump meet\n\nPrime Minister Mark Carney met President Donald Trump at the "
                       "White House on Monday.\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", "--store", disk_url, str(article), "--no-progress", "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["export", "--store", disk_url, "--snapshot", sid, "--type", "Call"])
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: the store has changed since snapshot {sid} (it now holds "
                                          f"{snapshot_id(open_store(disk_url))}): an export now would not be what "
                                          "was cited"]
    result = runner.invoke(main, ["export", "--store", disk_url, "--snapshot", "last-week"])
    assert result.exit_code == 2 and "not a snapshot identifier" in result.stderr
    assert "Traceback" not in result.output


def test_dkg_export_whole_store_dumps_and_bad_input(disk_url, tmp_path):
    runner = CliRunner()
    sid = snapshot_id(open_store(disk_url))
    result = runner.invoke(main, ["export", "--store", disk_url, "--format", "nquads", "--snapshot", sid])
    assert result.exit_code == 0 and f"at snapshot {sid}" in result.stderr
    assert rdflib.Dataset().parse(data=result.stdout, format="nquads")
    result = runner.invoke(main, ["export", "--store", disk_url, "--format", "trig", "--type", "Call"])
    assert result.exit_code == 2 and "dumps the whole store" in result.stderr
    result = runner.invoke(main, ["export", "--store", disk_url, "--actor", "Carnie"])
    assert result.exit_code == 2 and "Mark Carney" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(main, ["export", "--store", disk_url, "--text", "no such words"])
    assert result.exit_code == 0 and result.stderr.splitlines()[-1] == "No events match."
    assert [row[-2:] for row in csv.reader(io.StringIO(result.stdout))] == [["snapshot", "filter"]]
    (tmp_path / "none").mkdir()  # a store with nothing published yet (a missing folder is an error: test_errors)
    result = runner.invoke(main, ["export", "--store", f"oxigraph:{tmp_path / 'none'}", "--format", "graphml"])
    assert result.exit_code == 0 and "holds no events yet" in result.stderr
    assert nx.read_graphml(io.BytesIO(result.stdout_bytes)).number_of_nodes() == 0
    result = runner.invoke(main, ["export", "--store", disk_url, "--format", "xls"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["export", "--store", disk_url, "-o", str(tmp_path / "no-such-dir" / "x.csv")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    help_text = runner.invoke(main, ["export", "--help"]).output
    assert "Example:" in help_text and "dkg export --snapshot kg-" in help_text


# -- the dashboard ----------------------------------------------------------------------------------------------------
@pytest.fixture
def app_store(monkeypatch):
    for name in ("streamlit.runtime.caching", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("DKG_STORE", "memory:")
    write_world(open_store("memory:"))
    yield open_store("memory:")
    st.cache_data.clear()
    st.cache_resource.clear()


def _buttons(at: AppTest) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def test_the_timeline_offers_every_download_of_the_current_view(app_store):
    from diplomatic_kg.dashboard import downloads
    from diplomatic_kg.dashboard.data import Filters

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    buttons = _buttons(at)
    assert set(buttons) == set(downloads.LABELS.values())
    sid = snapshot_id(app_store)
    # Each file is made when its button is pressed (deferred), not while the page is drawn.
    assert all(b.deferred_file_id and b.ignore_rerun for b in buttons.values())
    assert any(sid in c.value for c in at.caption)
    at.sidebar.multiselect(key="f_types").set_value(["Call"]).run()
    assert not at.exception and len(_buttons(at)) == len(exports.FORMATS)
    # What the CSV button serves: the view's events, as `dkg export` writes them.
    data = downloads.export_bytes("memory:", app_store.state_id(), Filters(types=("Call",)), "csv")
    assert data == exports.export(app_store, TimelineFilter(types=("Call",)), "csv").data
    assert {r["event"] for r in read_csv(data)} == {iri("call"), iri("bounded")}


def test_a_page_can_ask_for_the_snapshot_without_waiting_for_it(tmp_path):
    from rdflib import Literal, URIRef

    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url, write=True) as writer:
        writer.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:p"), Literal(1))])
        writer.publish()
    reader = open_store(url)
    assert snapshot_id(reader, compute=False) is None  # not known yet: the dashboard shows no id, never waits
    known = snapshot_id(reader)  # what the app's watcher computes for each new checkpoint
    assert snapshot_id(reader, compute=False) == known
    assert snapshot_id(open_store(url), compute=False) == known  # kept beside the store for other readers
