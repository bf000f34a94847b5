"""Per-checkpoint aggregates (graph.storage.aggregates): what the writer updates incrementally at each publish equals a
full recount of the store, after ingests, re-ingests, corrections and deletions; readers' answers agree with the
projection and with graph.query.queries."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rdflib import Dataset
from standin import StandIn

from graph.analysis.storylines import refresh_storylines
from graph.query import projection as proj_mod
from graph.query import queries
from graph.query.coding import refresh_coding
from graph.storage import aggregates
from graph.storage.store import open_store
from graph.write import curation
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import ingest_items, remove_article
from ingest.rdf import event_iri

CARNEY = Actor(id="mark-carney", name="Mark Carney", kind="person")
TRUMP = Actor(id="donald-trump", name="Donald Trump", kind="person", aliases=("Trump",))
SHEINBAUM = Actor(id="claudia-sheinbaum", name="Claudia Sheinbaum", kind="person")
USA = Actor(id="USA", name="United States", kind="country")
CAN = Actor(id="CAN", name="Canada", kind="country")
MEX = Actor(id="MEX", name="Mexico", kind="country")
REGISTRY = Registry([CARNEY, TRUMP, SHEINBAUM, USA, CAN, MEX], version="test")


def _event(cls: str, who: list[Actor], day: dt.date, evidence: str, precision: str = "day", **kw: object) -> Event:
    ev = Event(cls, who, when=When(day, precision), **kw)
    ev.evidence = [evidence]
    return ev


def _tariff(imposer: Actor, target: Actor, day: dt.date, rate: float, action: str = "imposed") -> Event:
    ev = _event("TariffMeasure", [imposer, target], day, f"{imposer.name} put {rate}% on {target.name}.")
    ev.imposer, ev.target, ev.action, ev.rate, ev.goods = imposer, target, action, rate, "steel"
    return ev


CALL = _event("Call", [CARNEY, TRUMP], dt.date(2025, 3, 28), "Carney and Trump spoke by phone on Friday.")
CALL_MISDATED = _event("Call", [CARNEY, TRUMP], dt.date(2025, 3, 27), "Carney and Trump spoke on Thursday.")
MEETING = _event("Meeting", [CARNEY, SHEINBAUM], dt.date(2025, 4, 2), "Carney met Sheinbaum.")
VISIT = _event("Visit", [SHEINBAUM, TRUMP], dt.date(2025, 5, 1), "Sheinbaum visited Trump in May.", "month")
TARIFF = _tariff(USA, CAN, dt.date(2025, 3, 4), 25.0)
TARIFF_MEX = _tariff(USA, MEX, dt.date(2025, 3, 4), 25.0, "announced")



def _article(title: str, n: int, text: str = "") -> Article:
    return Article(title=title, text=text or f"{title}. Text.", url=f"https://news.test/{n}", source="Test Wire",
                   published="2025-05-29")


def _ingest(writer, world: dict[str, list[Event]], texts: dict[str, str] | None = None) -> None:
    items = [_article(t, n, (texts or {}).get(t, "")) for n, t in enumerate(world)]
    report = ingest_items(writer, items, StandIn(world, REGISTRY))
    assert report.ok, report.failed
    refresh_storylines(writer)  # as the end of an ingest run does (they must not force a full recount)
    refresh_coding(writer)


def _published(writer, root) -> tuple[dict, aggregates.EventTable]:
    name = writer.publish()
    report = writer.aggregates_report
    table = aggregates.load_table(aggregates.folder(root) / name)
    assert table is not None, report
    return report, table


def _memberships(t: aggregates.EventTable) -> set[tuple[bytes, str, int]]:
    return {(t.keys[e], t.actors[a], int(r)) for e, a, r in zip(t.mem_event.tolist(), t.mem_actor.tolist(),
                                                              t.mem_role.tolist(), strict=True)}


def assert_same_as_recount(writer, table: aggregates.EventTable) -> None:
    full = aggregates.build(writer)
    assert full.keys.tolist() == table.keys.tolist()
    for column in ("cls", "status", "date", "not_before", "not_after", "sources"):
        assert getattr(full, column).tolist() == getattr(table, column).tolist(), column
    for column in ("rate", "confidence"):
        assert np.array_equal(getattr(full, column), getattr(table, column), equal_nan=True), column
    for column in ("precision", "action", "goods"):  # texts numbered in the order met: compare the texts
        def texts(t, column=column):
            return [t.words[column][i] if i >= 0 else None for i in getattr(t, column).tolist()]
        assert texts(full) == texts(table), column
    assert _memberships(full) == _memberships(table)


@pytest.fixture
def disk(tmp_path):
    root = tmp_path / "store"
    writer = open_store(f"oxigraph:{root}", write=True)
    _ingest(writer, {"Wire": [CALL, TARIFF], "Paper": [CALL], "Post": [CALL_MISDATED, MEETING]})
    report, table = _published(writer, root)
    assert report["mode"] == "full" and report["events"] == 4
    assert_same_as_recount(writer, table)
    yield writer, root
    writer.close()


def test_incremental_after_ingests_equals_a_full_recount(disk):
    writer, root = disk
    # New articles: a new event, a second source for an old one, a month-precision visit.
    world = {"Wire": [CALL, TARIFF], "Paper": [CALL], "Post": [CALL_MISDATED, MEETING],
             "Ledger": [TARIFF_MEX, TARIFF], "Gazette": [VISIT]}
    _ingest(writer, world)
    report, table = _published(writer, root)
    assert report["mode"] == "incremental" and report["events"] == 6
    assert report["changed"] == 3  # only the events of the two new articles were read again
    assert_same_as_recount(writer, table)
    assert table.sources[table.keys.tolist().index(aggregates.key_of(str(event_iri(TARIFF))))] == 2
    # A changed article replaces its graph: its old events go, its new ones come.
    world["Post"] = [MEETING]
    _ingest(writer, world, texts={"Post": "Post. A corrected text."})
    report, table = _published(writer, root)
    assert report["mode"] == "incremental"
    assert aggregates.key_of(str(event_iri(CALL_MISDATED))) not in table.keys.tolist()
    assert_same_as_recount(writer, table)


def test_incremental_after_corrections_equals_a_full_recount(disk):
    writer, root = disk
    curation.fix(writer, str(event_iri(CALL_MISDATED)), {"date": "2025-03-28"}, by="alice", why="Friday")
    report, table = _published(writer, root)
    assert report["mode"] == "incremental"
    assert_same_as_recount(writer, table)
    assert table.sources[table.keys.tolist().index(aggregates.key_of(str(event_iri(CALL))))] == 3
    c = curation.reject(writer, str(event_iri(MEETING)), by="alice", why="hypothetical")
    curation.fix(writer, str(event_iri(TARIFF)), {"status": "threatened"}, by="bob", why="not yet in force")
    report, table = _published(writer, root)
    assert report["mode"] == "incremental"
    assert_same_as_recount(writer, table)
    assert aggregates.key_of(str(event_iri(MEETING))) not in table.keys.tolist()
    curation.undo(writer, c.iri, by="alice", why="it happened")
    report, table = _published(writer, root)
    assert report["mode"] == "incremental"
    assert_same_as_recount(writer, table)
    assert aggregates.key_of(str(event_iri(MEETING))) in table.keys.tolist()


def test_incremental_after_deletions_equals_a_full_recount(disk):
    writer, root = disk
    remove_article(writer, _article("Paper", 1))  # CALL loses one of its two sources
    remove_article(writer, _article("Post", 2))  # CALL_MISDATED and MEETING go
    report, table = _published(writer, root)
    assert report["mode"] == "incremental" and report["events"] == 2
    assert_same_as_recount(writer, table)
    assert table.sources.tolist() == [1, 1]
    assert {a for _, a, _ in _memberships(table)} == {str(CARNEY.iri), str(TRUMP.iri), str(USA.iri), str(CAN.iri)}


def test_an_update_that_does_not_say_what_it_touched_means_a_full_recount(disk):
    writer, root = disk
    writer.update(f"DELETE WHERE {{ GRAPH ?g {{ <{event_iri(MEETING)}> dkg:status ?s }} }}")
    report, table = _published(writer, root)
    assert report["mode"] == "full"
    assert_same_as_recount(writer, table)


def test_a_journal_left_by_a_writer_that_did_not_publish_is_taken_up_by_the_next(disk):
    writer, root = disk
    _ingest(writer, {"Ledger": [TARIFF_MEX]})
    writer.close()  # no publish
    writer2 = open_store(f"oxigraph:{root}", write=True)
    try:
        report, table = _published(writer2, root)
        assert report["mode"] == "incremental"
        assert aggregates.key_of(str(event_iri(TARIFF_MEX))) in table.keys.tolist()
        assert_same_as_recount(writer2, table)
    finally:
        writer2.close()


def test_readers_answers_agree_with_the_projection_and_the_queries(disk):
    writer, root = disk
    _ingest(writer, {"Wire": [CALL, TARIFF], "Paper": [CALL], "Post": [CALL_MISDATED, MEETING],
                     "Ledger": [TARIFF_MEX, TARIFF], "Gazette": [VISIT]})
    writer.publish()
    reader = open_store(f"oxigraph:{root}")
    agg = aggregates.current(reader)
    assert agg is not None and agg.state == reader.state_id()
    proj = proj_mod.build_projection(reader)
    filters = [queries.TimelineFilter(), queries.TimelineFilter(types=("Meeting",)),
               queries.TimelineFilter(types=("Visit",), statuses=("occurred",)),
               queries.TimelineFilter(start=dt.date(2025, 3, 28), end=dt.date(2025, 4, 30)),
               queries.TimelineFilter(start=dt.date(2025, 5, 20)), queries.TimelineFilter(end=dt.date(2025, 3, 27)),
               queries.TimelineFilter(min_sources=2),
               queries.TimelineFilter(actors=(str(SHEINBAUM.iri),), node_only=True)]
    for flt in filters:
        by_agg = sorted(agg.iris(np.flatnonzero(agg.mask(flt))))
        by_proj = sorted(proj.events[i] for i in np.flatnonzero(proj_mod.matching_mask(proj, flt)))
        assert by_agg == by_proj, flt
        assert by_agg == sorted(queries.matching_events(reader, flt)), flt
        assert sorted(r["event"] for r in queries.timeline(reader, flt)) == by_agg, flt
    assert agg.total() == agg.n_events == proj.n_events == 6
    assert agg.total(types=("Meeting",)) == 2
    days = {(r["period"], r["type"], r["status"]): r["events"] for r in agg.day_rows()}
    assert days[("2025-03-04", "TariffMeasure", "occurred")] == 2
    assert days[("2025-05-01", "Meeting", "occurred")] == 1  # the month-precision visit, at its first day
    assert agg.day_rows_of(agg.mask(queries.TimelineFilter())) == agg.day_rows()
    counts = {r["actor"]: r["events"] for r in agg.actor_rows()}
    assert counts[str(TRUMP.iri)] == 3 and counts[str(USA.iri)] == 2
    assert {r["label"] for r in agg.actor_rows()} >= {"Donald Trump", "United States"}


def test_timeline_is_the_same_with_and_without_aggregates(disk):
    writer, root = disk
    _ingest(writer, {"Wire": [CALL, TARIFF], "Paper": [CALL], "Post": [CALL_MISDATED, MEETING],
                     "Ledger": [TARIFF_MEX, TARIFF], "Gazette": [VISIT]})
    curation.fix(writer, str(event_iri(TARIFF_MEX)), {"status": "threatened"}, by="bob", why="a threat")
    writer.publish()
    reader = open_store(f"oxigraph:{root}")
    month = queries.TimelineFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    with_agg = queries.timeline(reader, month)
    assert aggregates.current(reader) is not None
    memory = open_store("memory:")  # the same data in a store without aggregates
    ds = Dataset()
    ds.parse(data=reader.dump("nquads"), format="nquads")
    for g in ds.graphs():
        if len(g):
            memory.replace_graph(g.identifier, list(g))
    assert aggregates.current(memory) is None
    # Equal rows, each event's actors in the same order (by role, then name) on both paths.
    assert queries.timeline(memory, month) == with_agg
    assert [r["date"] for r in with_agg] == ["2025-03-04", "2025-03-04", "2025-03-27", "2025-03-28"]
    for flt in (queries.TimelineFilter(), queries.TimelineFilter(min_sources=2),
                queries.TimelineFilter(types=("Visit",)), queries.TimelineFilter(statuses=("threatened",)),
                queries.TimelineFilter(actors=(str(USA.iri),), node_only=True)):
        rows = queries.timeline(reader, flt)
        assert rows and rows == queries.timeline(memory, flt), flt
    tariff = next(r for r in with_agg if r["event"] == str(event_iri(TARIFF)))
    assert (tariff["action"], tariff["rate"], tariff["goods"], tariff["sources"]) == ("imposed", 25.0, "steel", 2)
    visit = next(r for r in queries.timeline(reader) if r["class"] == "Visit")
    assert (visit["type"], visit["precision"], visit["not_before"]) == ("Meeting", "month", "2025-05-01")
