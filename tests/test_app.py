"""The dashboard, driven through streamlit.testing.v1.AppTest: every page, the filters and the URL, selecting
an event, SPARQL errors and time limit, ingesting a pasted article, the empty store, hostile input, a new
checkpoint seen without a restart; plus the dashboard's queries, figures and the `dkg app` command.

The fixture store is written from hand-made events through ingest.rdf (the project's RDF shape), so these tests
do not move when the extraction rules change; only the Ingest page test runs the extractor.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
import streamlit as st
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from diplomatic_kg.dashboard import charts, components, data
from diplomatic_kg.dashboard.data import Filters
from graph.namespaces import ACTOR
from graph.query import queries
from graph.storage.store import open_store
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import sync_actors
from ingest.rdf import article_iri, article_triples, event_iri

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE = "Robert \"Bobby\" Tables'); DROP ALL; <script>alert(1)</script>"
GAZETTEER = {
    "version": "test-1",
    "countries": [
        {"id": "CAN", "name": "Canada", "iso2": "CA", "demonyms": ["Canadian"], "metonyms": ["Ottawa"]},
        {"id": "USA", "name": "United States", "iso2": "US", "aliases": ["U.S."], "demonyms": ["American"],
         "metonyms": ["Washington"]},
        {"id": "MEX", "name": "Mexico", "iso2": "MX", "demonyms": ["Mexican"], "metonyms": ["Mexico City"]},
    ],
    "organisations": [],
    "people": [
        {"id": "donald-trump", "name": "Donald Trump", "wikidata": "Q22686", "aliases": ["Trump"],
         "offices": [{"title": "President of the United States", "titles": ["president"],
                      "role": "head_of_state_and_government", "country": "USA", "start": "2025-01-20"}]},
        {"id": "mark-carney", "name": "Mark Carney", "aliases": ["Carney"],
         "offices": [{"title": "Prime Minister of Canada", "titles": ["prime minister"],
                      "role": "head_of_government", "country": "CAN", "start": "2025-03-14"}]},
        {"id": "claudia-sheinbaum", "name": "Claudia Sheinbaum", "aliases": ["Sheinbaum"],
         "offices": [{"title": "President of Mexico", "titles": ["president"],
                      "role": "head_of_state_and_government", "country": "MEX", "start": "2024-10-01"}]},
    ],
}


# -- fixtures -------------------------------------------------------------------------------------------------------
@pytest.fixture
def gazetteer(tmp_path, monkeypatch) -> Registry:
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(GAZETTEER), encoding="utf-8")
    monkeypatch.setenv("DKG_GAZETTEER", str(path))
    return Registry.load(path)


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    # Outside a running app Streamlit warns about each cache call ("No runtime found"): expected here.
    for name in ("streamlit.runtime.caching", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _article(title: str, published: str, outlet: str, slug: str, text: str) -> Article:
    return Article(title=title, text=text, published=published, source=outlet,
                   url=f"https://example.org/{slug}")


def fixture_articles(reg: Registry) -> list[tuple[Article, list[Event]]]:
    """Four short reports written for these tests, with the events a careful reader finds in them."""
    carney, trump, sheinbaum = reg.get("mark-carney"), reg.get("donald-trump"), reg.get("claudia-sheinbaum")
    can, usa = reg.get("CAN"), reg.get("USA")
    s1 = "Prime Minister Mark Carney spoke by phone with President Donald Trump on Friday, his office said."
    s2 = "The two leaders agreed to meet in Washington next month."
    call = Event("Call", participants=[carney, trump], when=When(dt.date(2025, 3, 28)), evidence=[s1],
                 trigger="spoke by phone", confidence=0.8)
    meeting = Event("Meeting", participants=[trump, carney], when=When(dt.date(2025, 4, 1), "month"),
                    status="planned", evidence=[s2], trigger="meet")
    s3 = "Carney and Trump talked by telephone on Friday, according to a readout from Ottawa."
    call_again = Event("Call", participants=[carney, trump], when=When(dt.date(2025, 3, 28)), evidence=[s3],
                       trigger="talked by telephone", confidence=0.7)
    s4 = "Ottawa announced a 25% tariff on American steel on Monday."
    s5 = "Trump threatened to impose 50 percent tariffs on Canadian dairy."
    steel = Event("TariffMeasure", imposer=can, target=usa, when=When(dt.date(2025, 3, 24)), action="imposed",
                  rate=25.0, goods="American steel", evidence=[s4], trigger="tariff")
    dairy = Event("TariffMeasure", imposer=usa, target=can, when=When(None, "bounds", after=dt.date(2025, 3, 20),
                                                                       before=dt.date(2025, 3, 25)),
                  status="threatened", action="threatened", rate=50.0, goods="Canadian dairy", evidence=[s5],
                  trigger="tariffs")
    s6 = "Claudia Sheinbaum met Carney in Mexico City on Tuesday."
    visit = Event("Visit", participants=[sheinbaum, carney], when=When(dt.date(2025, 3, 25)), evidence=[s6],
                  trigger="met")
    return [
        (_article("Carney and Trump hold first phone call", "2025-03-29T09:00:00-04:00", "Northern Wire",
                  "wire/carney-trump-call", f"{s1} {s2}"), [call, meeting]),
        (_article("Leaders talk by telephone", "2025-03-29", "Harbour Post", "post/leaders-talk", s3), [call_again]),
        (_article("Ottawa answers with steel duties", "2025-03-25", "Capital Ledger", "ledger/steel",
                  f"{s4} {s5}"), [steel, dairy]),
        (_article("Sheinbaum receives Carney", "2025-03-26", "Northern Wire", "wire/sheinbaum-carney", s6), [visit]),
    ]


def hostile_article(reg: Registry) -> tuple[Article, list[Event]]:
    """An actor whose name is a query-injection and script attempt, met by Carney."""
    bobby = Actor(id="robert-tables", name=HOSTILE, kind="person", in_gazetteer=False)
    text = f"{HOSTILE} met Mark Carney on Monday <script>alert(2)</script>."
    ev = Event("Meeting", participants=[bobby, reg.get("mark-carney")], when=When(dt.date(2025, 3, 17)),
               evidence=[text], trigger="met")
    return _article("A <b>strange</b> [visitor](javascript:alert(3))", "2025-03-18", "Odd *Times*",
                    "odd/visitor", text), [ev]


def write(store_url: str, items: list[tuple[Article, list[Event]]], reg: Registry) -> None:
    with open_store(store_url, write=True) as s:
        sync_actors(s, reg)
        for article, events in items:
            s.replace_graph(article_iri(article), list(article_triples(article, events)))
        s.publish()


@pytest.fixture
def store(gazetteer, monkeypatch) -> str:
    """A memory: store holding the fixture articles, and the app pointed at it."""
    monkeypatch.setenv("DKG_STORE", "memory:")
    write("memory:", fixture_articles(gazetteer), gazetteer)
    return "memory:"


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def table(at: AppTest, index: int = 0) -> list[dict]:
    return at.dataframe[index].value.to_dict("records")


def plain(markdown: str) -> str:
    """Markdown text with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Everything the page wrote as Markdown, with the backslash escapes removed."""
    raw = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader] + [
        t.value for t in at.title]
    return plain("\n".join(raw))


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def param(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else list(value) if isinstance(value, list | tuple) else [value]


def event_of(reg: Registry, n_article: int, n_event: int) -> str:
    return str(event_iri(fixture_articles(reg)[n_article][1][n_event]))


# -- Timeline -------------------------------------------------------------------------------------------------------
def test_timeline_lists_every_event_with_its_source_count(store, gazetteer):
    at = app().run()
    no_exceptions(at)
    rows = table(at)
    assert len(rows) == 5  # the call reported twice is one event
    call = next(r for r in rows if r["type"] == "Call")
    assert call["sources"] == 2 and call["date"] == "2025-03-28"
    assert {r["status"] for r in rows} == {"occurred", "planned", "threatened"}
    assert any(r["date"] == "2025-04 (month)" for r in rows)
    assert any(r["date"] == "between 2025-03-20 and 2025-03-25" for r in rows)
    assert "5 events" in texts(at)


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("f_types", ["Call"], {("Call", "occurred")}),
    ("f_types", ["Visit"], {("Visit", "occurred")}),
    ("f_types", ["Meeting"], {("Meeting", "planned"), ("Visit", "occurred")}),
    ("f_status", ["threatened"], {("Tariff measure", "threatened")}),
    ("f_min_sources", 2, {("Call", "occurred")}),
    ("f_text", "DAIRY", {("Tariff measure", "threatened")}),
    ("f_text", "sheinbaum", {("Visit", "occurred")}),
    ("f_from", dt.date(2025, 3, 26), {("Call", "occurred"), ("Meeting", "planned")}),
    ("f_to", dt.date(2025, 3, 21), {("Tariff measure", "threatened")}),
])
def test_each_filter_changes_the_rows(store, key, value, expected):
    at = app().run()
    widget = {"f_types": at.sidebar.multiselect, "f_status": at.sidebar.multiselect,
              "f_min_sources": at.sidebar.number_input, "f_text": at.sidebar.text_input,
              "f_from": at.sidebar.date_input, "f_to": at.sidebar.date_input}[key](key=key)
    widget.set_value(value).run()
    no_exceptions(at)
    assert {(r["type"], r["status"]) for r in table(at)} == expected


def test_actor_filter_and_its_place_in_the_url(store):
    at = app().run()
    sheinbaum = str(ACTOR["claudia-sheinbaum"])
    at.sidebar.multiselect(key="f_actors").set_value([sheinbaum]).run()
    no_exceptions(at)
    assert [r["event"] for r in table(at)] == ["Claudia Sheinbaum, Mark Carney"]
    assert param(at, "actor") == ["claudia-sheinbaum"]
    at.sidebar.multiselect(key="f_types").set_value(["TariffMeasure"]).run()
    assert "No events match these filters." in [i.value for i in at.info]
    assert param(at, "type") == ["TariffMeasure"]


def test_filters_are_read_from_a_shared_link(store):
    at = app()
    at.query_params["actor"] = ["CAN"]
    at.query_params["status"] = "threatened"
    at.query_params["lanes"] = "actor"
    at.run()
    no_exceptions(at)
    assert [(r["type"], r["status"]) for r in table(at)] == [("Tariff measure", "threatened")]
    assert at.sidebar.multiselect(key="f_actors").value == [str(ACTOR["CAN"])]
    assert at.sidebar.multiselect(key="f_status").value == ["threatened"]
    assert at.sidebar.radio(key="f_lanes").value == "actor"


def test_a_bad_link_is_reported_not_raised(store):
    at = app()
    at.query_params["type"] = "Parade"
    at.query_params["from"] = "last spring"
    at.query_params["min_sources"] = "many"
    at.query_params["actor"] = "nobody-we-know"
    at.run()
    no_exceptions(at)
    warnings = " ".join(w.value for w in at.sidebar.warning)
    for word in ("Parade", "last spring", "many", "nobody-we-know"):
        assert word in warnings
    assert len(table(at)) == 5


def test_selecting_an_event_on_the_chart_shows_its_sources(store, gazetteer):
    at = app().run()
    call = event_of(gazetteer, 0, 0)
    at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": ["event", call]}],
                                                        "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    no_exceptions(at)
    shown = texts(at)
    assert "Sources (2)" in shown
    assert "Carney and Trump hold first phone call" in shown and "Leaders talk by telephone" in shown
    assert "Northern Wire" in shown and "Harbour Post" in shown
    evidence = [m.value for m in at.markdown if "dkg-evidence" in m.value]
    assert any('<mark class="dkg-trigger">spoke by phone</mark>' in e for e in evidence)
    assert any('<mark class="dkg-actor">Mark Carney</mark>' in e for e in evidence)
    assert any('<mark class="dkg-actor">Carney</mark>' in e for e in evidence)  # surnames too
    assert param(at, "event") == [data.event_id(call)]


def test_an_event_link_opens_the_event_page(store, gazetteer):
    steel = event_of(gazetteer, 2, 0)
    at = app().run()
    at.query_params["event"] = data.event_id(steel)
    at.switch_page("diplomatic_kg/dashboard/pages/event.py").run()
    no_exceptions(at)
    shown = texts(at)
    assert "Tariff measure (imposed): Canada → United States, 25% on American steel" in shown
    assert "Ottawa answers with steel duties" in shown and "Capital Ledger" in shown
    assert "**Rate** 25%" in shown and "**Goods** American steel" in shown


def test_the_event_page_says_when_an_event_is_unknown(store):
    at = app().run()
    at.query_params["event"] = "0000000000000000"
    at.switch_page("diplomatic_kg/dashboard/pages/event.py").run()
    no_exceptions(at)
    assert any("No event" in w.value for w in at.warning)


def test_many_events_are_counted_per_period_and_a_click_zooms_in(store, monkeypatch):
    monkeypatch.setattr(data, "MAX_POINTS", 2)
    at = app().run()
    no_exceptions(at)
    assert "counted per day" in texts(at)
    at.session_state["timeline_agg_0"] = {"selection": {"points": [{"customdata": [
        "period", "2025-03-24", "2025-03-24", "TariffMeasure"]}], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    no_exceptions(at)
    assert param(at, "from") == ["2025-03-24"] and param(at, "to") == ["2025-03-24"]
    assert param(at, "type") == ["TariffMeasure"]
    assert {r["status"] for r in table(at)} == {"occurred", "threatened"}  # two events: drawn one by one


def test_selecting_a_table_row_shows_that_event(store):
    at = app().run()
    rows = table(at)
    visit = next(i for i, r in enumerate(rows) if r["type"] == "Visit")
    at.session_state["timeline_table"] = {"selection": {"rows": [visit], "columns": [], "cells": []}}
    at.run()
    no_exceptions(at)
    assert "Sheinbaum receives Carney" in texts(at)
    assert param(at, "event") == [rows[visit]["id"]]


def test_many_events_in_actor_lanes_are_counted_per_actor(store, monkeypatch):
    monkeypatch.setattr(data, "MAX_POINTS", 2)
    at = app()
    at.query_params["lanes"] = "actor"
    at.run()
    no_exceptions(at)
    assert "busiest 20 actors" in texts(at)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert fig["layout"]["yaxis"]["ticktext"][-1] == "Mark Carney"  # the busiest actor's lane is on top
    total = sum(int(re.search(r"(\d+) event", h).group(1)) for trace in fig["data"] for h in trace["text"]
                if "Mark Carney" in h)
    assert total == queries.count_events(open_store("memory:"), queries.TimelineFilter(
        actors=(str(ACTOR["mark-carney"]),))) == 3  # each of his events counted once


def test_lanes_by_actor(store):
    at = app().run()
    at.sidebar.radio(key="f_lanes").set_value("actor").run()
    no_exceptions(at)
    assert param(at, "lanes") == ["actor"]
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert "Mark Carney" in ticks and "Canada" in ticks


# -- empty store, new data -----------------------------------------------------------------------------------------
def test_an_empty_store_offers_the_sample_articles(gazetteer, monkeypatch, tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "call.txt").write_text("published: 2025-03-29\nsource: Test Wire\nCarney and Trump speak\n\n"
                                      "Mark Carney spoke by phone with Donald Trump on Friday.\n", encoding="utf-8")
    monkeypatch.setattr(data, "SAMPLES", samples)
    monkeypatch.setenv("DKG_STORE", "memory:")
    at = app().run()
    no_exceptions(at)
    assert "holds no events yet" in " ".join(i.value for i in at.info)
    at.button(key="load_samples").click().run()
    no_exceptions(at)
    assert queries.count_events(open_store("memory:")) >= 1
    assert "Loaded the samples" in " ".join(s.value for s in at.success)
    assert any(r["type"] == "Call" for r in table(at))


def test_a_new_checkpoint_shows_without_a_restart(gazetteer, monkeypatch, store_url):
    items = fixture_articles(gazetteer)
    write(store_url, items[:1], gazetteer)
    monkeypatch.setenv("DKG_STORE", store_url)
    at = app().run()
    assert len(table(at)) == 2
    write(store_url, items[2:3], gazetteer)  # as a cron ingest would: another writer, a new checkpoint
    at.run()
    no_exceptions(at)
    assert len(table(at)) == 4


# -- hostile input --------------------------------------------------------------------------------------------------
def test_hostile_input_never_reaches_a_query_or_the_page_unescaped(gazetteer, monkeypatch):
    monkeypatch.setenv("DKG_STORE", "memory:")
    write("memory:", fixture_articles(gazetteer) + [hostile_article(gazetteer)], gazetteer)
    before = open_store("memory:").count_triples()
    at = app()
    at.query_params["actor"] = "x> } ; DROP ALL ; <y"
    at.query_params["q"] = "\") } DROP ALL ; #"
    at.run()
    no_exceptions(at)
    assert any("not an actor identifier" in w.value for w in at.sidebar.warning)
    assert "No events match these filters." in [i.value for i in at.info]
    at.sidebar.text_input(key="f_text").set_value("").run()
    bobby = str(ACTOR["robert-tables"])
    at.sidebar.multiselect(key="f_actors").set_value([bobby]).run()
    no_exceptions(at)
    rows = table(at)
    assert len(rows) == 1 and HOSTILE in rows[0]["event"]  # shown as data in the table, not interpreted
    at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": [
        "event", str(event_iri(hostile_article(gazetteer)[1][0]))]}], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    no_exceptions(at)
    for m in at.markdown:
        assert "<script>" not in m.value and "javascript:" not in m.value.replace("javascript\\:", "")
    assert any("&lt;script&gt;alert(2)&lt;/script&gt;" in m.value for m in at.markdown)
    assert open_store("memory:").count_triples() == before
    with pytest.raises(ValueError):
        queries.event_set(queries.TimelineFilter(actors=("x> } ; DROP ALL ; <y",)))


# -- SPARQL ---------------------------------------------------------------------------------------------------------
def sparql_page(at: AppTest, query: str) -> AppTest:
    at.switch_page("diplomatic_kg/dashboard/pages/sparql.py").run()
    at.text_area(key="sparql_text").set_value(query)
    at.button(key="sparql_run").click().run()
    no_exceptions(at)
    return at


def test_sparql_results_as_a_table_with_downloads(store):
    at = sparql_page(app().run(), "SELECT DISTINCT ?e ?d WHERE { ?e a dkg:Call ; dkg:date ?d }")
    assert table(at) == [{"e": event_of(Registry.load(), 0, 0), "d": "2025-03-28"}]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV" in labels and "Download JSON (SPARQL results)" in labels


def test_sparql_examples_run(store):
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/sparql.py").run()
    for name in at.selectbox(key="sparql_example").options[1:]:
        at.selectbox(key="sparql_example").set_value(name).run()
        at.button(key="sparql_run").click().run()
        no_exceptions(at)
        assert not at.error, (name, [e.value for e in at.error])


def test_describe_in_sparql_link_brings_its_query(store, gazetteer):
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/sparql.py").run()
    call = event_of(gazetteer, 0, 0)
    at.query_params["query"] = f"DESCRIBE <{call}>"
    at.run()
    assert at.text_area(key="sparql_text").value == f"DESCRIBE <{call}>"
    at.button(key="sparql_run").click().run()
    no_exceptions(at)
    assert any("spoke by phone" in c.value for c in at.code)


def test_a_malformed_query_is_shown_not_raised(store):
    at = sparql_page(app().run(), "SELECT ?x WHERE { ?x dkg:date ")
    assert any("not valid" in e.value for e in at.error)


def test_an_update_is_refused_by_the_read_only_page(store):
    before = open_store("memory:").count_triples()
    at = sparql_page(app().run(), "DELETE WHERE { ?s ?p ?o }")
    assert at.error
    assert open_store("memory:").count_triples() == before


def test_ask_and_construct(store):
    at = sparql_page(app().run(), "ASK { ?e a dkg:TariffMeasure }")
    assert any("true" in s.value for s in at.success)
    at.text_area(key="sparql_text").set_value("CONSTRUCT { ?e dkg:date ?d } WHERE { ?e a dkg:Call ; dkg:date ?d }")
    at.button(key="sparql_run").click().run()
    assert any("2025-03-28" in c.value for c in at.code)


# The time limit, the memory cap and the network sandbox of this page: tests/test_query_limits.py.


# -- Ingest ---------------------------------------------------------------------------------------------------------
def test_ingesting_a_pasted_article_adds_its_events(store):
    s = open_store("memory:")
    before = queries.count_events(s)
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/ingest.py").run()
    at.text_input(key="paste_title").set_value("Sheinbaum and Trump speak")
    at.text_input(key="paste_published").set_value("2025-02-04")
    at.text_input(key="paste_source").set_value("Gulf Courier")
    at.text_area(key="paste_text").set_value(
        "President Claudia Sheinbaum spoke by phone with Donald Trump on Monday about border security.")
    next(b for b in at.button if b.label == "Extract events").click().run()
    no_exceptions(at)
    preview = table(at)
    assert any(r["type"] == "Call" for r in preview)
    assert queries.count_events(s) == before  # nothing written before "Add"
    assert any("@prefix dkg:" in c.value and "dkg:Call" in c.value for c in at.code)
    at.button(key="ingest_add").click().run()
    no_exceptions(at)
    assert "Added to the store: 1 new" in " ".join(x.value for x in at.success)
    assert queries.count_events(s) == before + len(preview)
    assert any("Sheinbaum and Trump speak" in (r.get("title") or "")
               for r in queries.event_sources(s, queries.matching_events(s, queries.TimelineFilter(
                   types=("Call",), start=dt.date(2025, 2, 3), end=dt.date(2025, 2, 3)))[0]))


def test_uploaded_files_are_previewed_with_their_problems(store):
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/ingest.py").run()
    good = (b"published: 2025-03-29\nsource: Test Wire\nCarney and Trump speak\n\n"
            b"Mark Carney spoke by phone with Donald Trump on Friday.\n")
    at.get("file_uploader")[0].upload("call.txt", good, "text/plain").upload("broken.json", b"{ not json",
                                                                             "application/json").run()
    at.button(key="upload_extract").click().run()
    no_exceptions(at)
    assert any("broken.json" in plain(e.value) and "malformed JSON" in plain(e.value) for e in at.error)
    assert any(r["type"] == "Call" for r in table(at))
    preview = at.session_state["ingest_preview"]
    assert [p["article"].origin for p in preview if "article" in p] == ["upload:call.txt"]


def test_ingest_reports_a_locked_store(gazetteer, monkeypatch, store_url):
    monkeypatch.setattr(data, "WRITE_WAIT_S", 0.3)
    write(store_url, fixture_articles(gazetteer)[:1], gazetteer)
    monkeypatch.setenv("DKG_STORE", store_url)
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/ingest.py").run()
    at.text_area(key="paste_text").set_value("Mark Carney spoke by phone with Donald Trump on Friday.")
    next(b for b in at.button if b.label == "Extract events").click().run()
    with open_store(store_url, write=True):  # another writer holds the lock
        at.button(key="ingest_add").click().run(timeout=60)
    no_exceptions(at)
    assert any("Another process" in e.value for e in at.error)
    assert at.session_state["ingest_preview"]  # nothing lost: the article is still there to add later


def test_ingest_page_writes_through_the_writer_session_and_leaves_no_crash_marker(gazetteer, monkeypatch, store_url):
    from graph.write.writer import UNPUBLISHED_MARK, WriterSession

    write(store_url, fixture_articles(gazetteer)[:1], gazetteer)
    root = Path(store_url.removeprefix("oxigraph:"))
    first = (root / "CURRENT").read_text()
    before = queries.count_events(open_store(store_url))
    monkeypatch.setenv("DKG_STORE", store_url)
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/ingest.py").run()
    at.text_input(key="paste_title").set_value("Sheinbaum and Trump speak")
    at.text_input(key="paste_published").set_value("2025-02-04")
    at.text_area(key="paste_text").set_value(
        "President Claudia Sheinbaum spoke by phone with Donald Trump on Monday about border security.")
    next(b for b in at.button if b.label == "Extract events").click().run()
    at.button(key="ingest_add").click().run()
    no_exceptions(at)
    assert "Added to the store: 1 new" in " ".join(x.value for x in at.success)
    assert not (root / UNPUBLISHED_MARK).exists()  # published in the session: no "previous run died" mark
    assert (root / "CURRENT").read_text() != first
    assert queries.count_events(open_store(store_url)) > before  # readers see it in the new checkpoint
    with open_store(store_url, write=True) as s:
        assert not WriterSession(s).dirty  # the next `dkg ingest` has nothing to republish or recompute


# -- Actor and Network pages -------------------------------------------------------------------------------------
def test_the_actor_page_shows_offices_counterparts_timeline_and_network(store):
    at = app().run()
    at.query_params["actor"] = "mark-carney"
    at.switch_page("diplomatic_kg/dashboard/pages/actor.py").run()
    no_exceptions(at)
    assert at.title[0].value == "Mark Carney"
    offices = table(at, 0)
    assert offices == [{"office": "Prime Minister of Canada", "of": "Canada", "from": "2025-03-14", "to": "present"}]
    counterparts = {r["counterpart"]: r for r in table(at, 1)}
    assert counterparts["Donald Trump"]["events"] == 2 and counterparts["Claudia Sheinbaum"]["events"] == 1
    timeline = table(at, 2)
    assert len(timeline) == 3 and all("Mark Carney" in r["event"] for r in timeline)
    ego = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = {c[1] for trace in ego["data"] for c in trace.get("customdata") or []}
    assert drawn == {str(ACTOR[x]) for x in ("mark-carney", "donald-trump", "claudia-sheinbaum")}


def test_clicking_an_actor_in_the_ego_network_opens_it(store):
    at = app().run()
    at.query_params["actor"] = "mark-carney"
    at.switch_page("diplomatic_kg/dashboard/pages/actor.py").run()
    key = f"ego_chart_{ACTOR['mark-carney']}"
    at.session_state[key] = {"selection": {"points": [{"customdata": ["actor", str(ACTOR["donald-trump"])]}],
                                           "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    no_exceptions(at)
    assert at.title[0].value == "Donald Trump"


def test_an_unknown_actor_is_said_so(store):
    at = app().run()
    at.query_params["actor"] = "nobody-at-all"
    at.switch_page("diplomatic_kg/dashboard/pages/actor.py").run()
    no_exceptions(at)
    assert any("No actor" in w.value for w in at.warning)


def test_the_network_page_follows_the_filters_and_finds_paths(store):
    at = app().run()
    at.switch_page("diplomatic_kg/dashboard/pages/network.py").run()
    no_exceptions(at)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = {c[1] for trace in fig["data"] for c in trace.get("customdata") or []}
    assert {str(ACTOR["CAN"]), str(ACTOR["USA"]), str(ACTOR["claudia-sheinbaum"])} <= drawn
    ties = {r["between"]: r for r in table(at, 1)}
    assert any("Donald Trump" in k and "Mark Carney" in k for k in ties)
    at.sidebar.multiselect(key="f_types").set_value(["TariffMeasure"]).run()
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = {c[1] for trace in fig["data"] for c in trace.get("customdata") or []}
    assert drawn == {str(ACTOR["CAN"]), str(ACTOR["USA"])}
    at.sidebar.multiselect(key="f_types").set_value([]).run()
    at.selectbox(key="path_from").set_value(str(ACTOR["claudia-sheinbaum"]))
    at.selectbox(key="path_to").set_value(str(ACTOR["donald-trump"])).run()
    at.button(key="path_find").click().run()
    no_exceptions(at)
    shown = texts(at)
    assert "1. Claudia Sheinbaum → Mark Carney" in shown and "2. Mark Carney → Donald Trump" in shown
    assert "Sheinbaum receives Carney" in shown


# -- the dashboard's queries, data helpers and figures --------------------------------------------------------------
def _comparable(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        r = {k: v for k, v in r.items() if v is not None and k not in ("evidence", "through")}
        r["actors"] = sorted((a["iri"], a["role"], a["label"]) for a in r["actors"])
        out.append(r)
    return out


@pytest.mark.parametrize("flt", [
    queries.TimelineFilter(),
    queries.TimelineFilter(types=("Meeting",)),
    queries.TimelineFilter(types=("Visit", "TariffMeasure")),
    queries.TimelineFilter(actors=(str(ACTOR["CAN"]), str(ACTOR["claudia-sheinbaum"]))),
    queries.TimelineFilter(start=dt.date(2025, 3, 25), end=dt.date(2025, 3, 31)),
    queries.TimelineFilter(start=dt.date(2025, 4, 15)),
    queries.TimelineFilter(end=dt.date(2025, 3, 20)),
    queries.TimelineFilter(statuses=("planned", "threatened")),
    queries.TimelineFilter(min_sources=2),
    queries.TimelineFilter(text="Ottawa"),
    queries.TimelineFilter(text="mexico", types=("Visit",), start=dt.date(2025, 3, 1)),
], ids=repr)
def test_fast_queries_agree_with_the_timeline_query(store, flt):
    s = open_store("memory:")
    expected = queries.timeline(s, flt)
    assert queries.count_events(s, flt) == len(expected)
    assert _comparable(queries.event_rows(s, queries.matching_events(s, flt))) == _comparable(expected)
    counts = queries.event_counts(s, flt, bucket="month")
    dated = sum(1 for r in expected if r.get("date") or r.get("not_before") or r.get("not_after"))
    assert sum(r["events"] for r in counts) == dated
    # the dashboard counts from graph.analysis.network's projection: the same events
    dash = Filters(actors=flt.actors, types=flt.types, start=flt.start, end=flt.end, statuses=flt.statuses,
                   min_sources=flt.min_sources, text=flt.text or "")
    proj = data.projection()
    mask = data.event_mask(proj, dash)
    assert sorted(proj.events[i] for i in mask.nonzero()[0]) == sorted(r["event"] for r in expected)
    by_sparql = {(r["period"], r["type"], r["status"]): r["events"]
                 for r in queries.event_counts(s, flt, bucket="day")}
    by_projection = {(r["period"], r["type"], r["status"]): r["events"] for r in data.day_counts("memory:", "x", dash)}
    assert by_projection == by_sparql


def test_event_card_matches_event_detail(store, gazetteer):
    s = open_store("memory:")
    call = event_of(gazetteer, 0, 0)
    card, detail = queries.event_card(s, call), queries.event_detail(s, call)
    assert [x["title"] for x in card["sources_list"]] == [x["title"] for x in detail["sources_list"]]
    assert [x["evidence"] for x in card["sources_list"]] == [x["evidence"] for x in detail["sources_list"]]
    assert card["sources"] == detail["sources"] == 2


def test_filters_round_trip_through_the_url():
    flt = Filters(actors=(str(ACTOR["CAN"]), "https://example.org/other"), types=("Call", "Visit"),
                  start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31), statuses=("planned",), min_sources=2,
                  text="steel & dairy")
    params = flt.to_params(short_actors=True)  # what the URL carries
    assert params["actor"] == ["CAN", "https://example.org/other"] and params["from"] == "2025-03-01"
    assert params["text"] == "steel & dairy"
    assert Filters.from_params(params) == (flt, [])
    assert Filters.from_params(flt.to_params()) == (flt, [])  # what an export records: full IRIs
    assert Filters.from_params({"q": "steel & dairy"})[0].text == "steel & dairy"  # links from before text=
    assert Filters.from_params({"from": "2025-03", "to": "2025-02"})[0].end == dt.date(2025, 2, 28)
    assert Filters.from_params({"to": "2024"})[0].end == dt.date(2024, 12, 31)
    assert Filters.from_params({"type": ["call", "tariffmeasure"]})[0].types == ("Call", "TariffMeasure")


def test_bucketing_picks_a_readable_period():
    assert data.pick_bucket(dt.date(2025, 1, 1), dt.date(2025, 3, 1)) == "day"
    assert data.pick_bucket(dt.date(2024, 1, 1), dt.date(2025, 3, 1)) == "week"
    assert data.pick_bucket(dt.date(2015, 1, 1), dt.date(2025, 3, 1)) == "month"
    assert data.pick_bucket(dt.date(1950, 1, 1), dt.date(2025, 3, 1)) == "year"
    rows = [{"period": d, "type": "Call", "status": "occurred", "events": 1}
            for d in ("2025-03-03", "2025-03-09", "2025-03-10", "2026-01-01")]
    bucket, periods = data.bucketize(rows, "type")
    assert bucket == "week"
    assert [(p.start.isoformat(), p.counts[("Call", "occurred")]) for p in periods] == [
        ("2025-03-03", 2), ("2025-03-10", 1), ("2025-12-29", 1)]


def _row(event: str, status: str = "occurred", **kw) -> dict:
    base = {"event": event, "type": "Call", "class": "Call", "status": status, "sources": 1, "date": "2025-03-28",
            "precision": "day", "actors": [{"iri": "urn:a", "label": "A", "role": "participant"},
                                           {"iri": "urn:b", "label": "B", "role": "participant"}]}
    return {**base, **kw}


def test_timeline_figure_encodes_status_ranges_and_lanes():
    rows = [_row("urn:e1"), _row("urn:e2", "planned", date="2025-04-01", precision="month",
                                 not_before="2025-04-01", not_after="2025-04-30"),
            _row("urn:e3", "threatened", type="TariffMeasure", **{"class": "TariffMeasure"}, actors=[
                {"iri": "urn:a", "label": "A", "role": "imposer"}])]
    fig = charts.timeline_figure(rows)
    markers = {t.name: t for t in fig.data if t.mode == "markers"}
    assert markers["Call"].marker.symbol == "circle" and markers["Call (planned)"].marker.symbol == "circle-open"
    assert markers["Tariff measure (threatened)"].marker.symbol == "diamond-open"
    ranges = [t for t in fig.data if t.mode == "lines"]
    assert list(ranges[0].x) == ["2025-04-01", "2025-04-30", None]
    assert [c for t in markers.values() for c in t.customdata][0][0] == "event"
    by_actor = charts.timeline_figure(rows, by="actor")
    points = sum(len(t.x) for t in by_actor.data if t.mode == "markers")
    assert points == 5  # e1 and e2 in the lanes of A and B, e3 in A's
    assert list(by_actor.layout.yaxis.ticktext) == ["B", "A"]  # bottom to top: the busiest actor on top


def test_events_of_one_day_are_drawn_with_a_week_either_side():
    fig = charts.timeline_figure([_row("urn:e1", date="2025-02-04"), _row("urn:e2", date="2025-02-04")])
    assert tuple(fig.layout.xaxis.range) == ("2025-01-28", "2025-02-11")  # not one day spread over the axis
    spread = charts.timeline_figure([_row("urn:e1", date="2025-02-04"), _row("urn:e2", date="2025-03-04")])
    assert spread.layout.xaxis.range is None


def test_highlighting_escapes_everything_but_the_marks():
    html = components.highlight("<i>Trump</i> & Carney spoke.", ["spoke"], ["Carney", "Trump"])
    assert html == ('&lt;i&gt;<mark class="dkg-actor">Trump</mark>&lt;/i&gt; &amp; '
                    '<mark class="dkg-actor">Carney</mark> <mark class="dkg-trigger">spoke</mark>.')
    assert components.safe_link("javascript:alert(1)") is None
    assert components.safe_link("https://example.org/a (b)") == "https://example.org/a%20%28b%29"


# -- dkg app / dkg demo -----------------------------------------------------------------------------------------------
def test_dkg_app_starts_streamlit_on_the_store(monkeypatch, tmp_path):
    from diplomatic_kg.cli import app as app_cli
    from diplomatic_kg.cli import main

    seen = {}
    monkeypatch.setattr(app_cli, "_launch", lambda cmd, env, url, open_browser: seen.update(
        cmd=cmd, env=env, url=url, browser=open_browser) or 0)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["app", "--store", "oxigraph:rel/store", "--port", "8765", "--no-open"])
    assert result.exit_code == 0, result.output
    assert seen["cmd"][1:4] == ["-m", "streamlit", "run"] and seen["cmd"][4] == APP
    assert "8765" in seen["cmd"] and "127.0.0.1" in seen["cmd"]
    assert seen["env"]["DKG_STORE"] == f"oxigraph:{tmp_path / 'rel' / 'store'}"
    assert seen["url"] == "http://127.0.0.1:8765/" and seen["browser"] is False


def test_dkg_app_refuses_what_it_cannot_serve(monkeypatch):
    import socket

    from diplomatic_kg.cli import main

    result = CliRunner().invoke(main, ["app", "--store", "memory:"])
    assert result.exit_code == 2 and "memory:" in result.output and "Traceback" not in result.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["app", "--store", "oxigraph:/nonexistent/x", "--port", str(port)])
    assert result.exit_code == 2 and "in use" in result.output


def test_dkg_app_help_ends_with_an_example():
    from diplomatic_kg.cli import main

    out = CliRunner().invoke(main, ["app", "--help"]).output
    assert "Example:\n    dkg app --store" in out


def test_dkg_demo_does_not_start_the_dashboard_without_a_terminal(gazetteer, store_url, monkeypatch):
    from diplomatic_kg.cli import app as app_cli
    from diplomatic_kg.cli import data as data_cli
    from diplomatic_kg.cli import main

    samples = Path(store_url.split(":", 1)[1]).parent / "samples"
    samples.mkdir()
    (samples / "call.txt").write_text("published: 2025-03-29\nCarney and Trump speak\n\n"
                                      "Mark Carney spoke by phone with Donald Trump on Friday.\n", encoding="utf-8")
    monkeypatch.setattr(data_cli, "SAMPLES", samples)
    monkeypatch.setattr(app_cli, "_launch", lambda *a: pytest.fail("the dashboard must not start"))
    result = CliRunner().invoke(main, ["demo", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert "Call" in result.output and "Not starting the dashboard" in result.output
    result = CliRunner().invoke(main, ["demo", "--no-app", "--store", store_url])
    assert result.exit_code == 0 and "Not starting" not in result.output
