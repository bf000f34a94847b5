"""Corrections: recorded with who/when/why, applied in every view, kept across re-ingest, undoable.

The articles' events are made by hand (a stand-in extractor), so these tests follow the curation
mechanism, not the extraction rules.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from standin import StandIn

from diplomatic_kg.cli import main
from graph.analysis import network
from graph.analysis.storylines import refresh_storylines
from graph.namespaces import ACTOR, CURATION_GRAPH
from graph.query import queries
from graph.query.coding import refresh_coding
from graph.storage.store import open_store
from graph.write import curation
from graph.write.curation import CurationError
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import RunReport, ingest_items
from ingest.rdf import event_iri

CARNEY = Actor(id="mark-carney", name="Mark Carney", kind="person")
TRUMP = Actor(id="donald-trump", name="Donald Trump", kind="person", aliases=("Trump",))
SHEINBAUM = Actor(id="claudia-sheinbaum", name="Claudia Sheinbaum", kind="person")
USA = Actor(id="USA", name="United States", kind="country")
CAN = Actor(id="CAN", name="Canada", kind="country")
REGISTRY = Registry([CARNEY, TRUMP, SHEINBAUM, USA, CAN], version="test")


def _event(cls: str, who: list[Actor], day: dt.date, evidence: str, **kw: object) -> Event:
    ev = Event(cls, who, when=When(day, "day"), **kw)
    ev.evidence = [evidence]
    return ev


CALL = _event("Call", [CARNEY, TRUMP], dt.date(2025, 3, 28), "Carney and Trump spoke by phone on Friday.")
CALL_MISDATED = _event("Call", [CARNEY, TRUMP], dt.date(2025, 3, 27), "Carney and Trump spoke on Thursday.")
MEETING = _event("Meeting", [CARNEY, SHEINBAUM], dt.date(2025, 4, 2), "Carney met Sheinbaum.")
TARIFF = _event("TariffMeasure", [USA, CAN], dt.date(2025, 3, 4), "The US put 25% on Canadian steel.")
TARIFF.imposer, TARIFF.target, TARIFF.action, TARIFF.rate, TARIFF.goods = USA, CAN, "imposed", 25.0, "steel"



def _article(title: str, text: str = "", n: int = 0) -> Article:
    return Article(title=title, text=text or f"{title}. Text.", url=f"https://news.test/{n}", source="Test Wire",
                   published="2025-03-29")


WORLD = {"Wire": [CALL, TARIFF], "Paper": [CALL], "Post": [CALL_MISDATED, MEETING]}


def _ingest(store, events=WORLD, texts=None) -> RunReport:
    texts = texts or {}
    items = [_article(t, texts.get(t, ""), n) for n, t in enumerate(events)]
    report = ingest_items(store, items, StandIn(events, REGISTRY))
    assert report.ok, report.failed
    refresh_storylines(store)  # as the end of an ingest run does
    refresh_coding(store)
    return report


def iri(ev: Event) -> str:
    return str(event_iri(ev))


@pytest.fixture
def store():
    s = open_store("memory:")
    _ingest(s)
    network.forget_projections()
    yield s
    network.forget_projections()


def _sources(store, event: str) -> int:
    rows = [r for r in queries.event_rows(store, [event])]
    return rows[0]["sources"] if rows else 0


def _nquads(store) -> str:
    return "\n".join(sorted(store.dump("nquads").decode().splitlines()))


def _without_curation_graph(store) -> str:
    return "\n".join(line for line in _nquads(store).splitlines() if str(CURATION_GRAPH) not in line)


# -- the four kinds -------------------------------------------------------------------------------------------

def test_fix_changes_the_event_in_every_source_and_keeps_evidence(store):
    c = curation.fix(store, iri(CALL_MISDATED), {"date": "2025-03-28"}, by="alice", why="the readout says Friday")
    # The corrected event is the one the two other articles report: one node, three sources.
    assert c.result_events == [iri(CALL)]
    assert _sources(store, iri(CALL)) == 3
    assert not queries.event_rows(store, [iri(CALL_MISDATED)])
    assert store.ask(f"""ASK {{ <{iri(CALL)}> dkg:evidence "Carney and Trump spoke on Thursday." ;
                             dkg:correctedBy <{c.iri}> }}""")


def test_status_fix_keeps_the_event_iri_and_wins_over_every_source(store):
    curation.fix(store, iri(CALL), {"status": "planned"}, by="alice", why="announced, not held")
    assert store.select(f"SELECT DISTINCT ?s WHERE {{ <{iri(CALL)}> dkg:status ?s }}") == [{"s": "planned"}]


def test_reject_removes_the_event_from_timeline_network_and_export(store):
    assert any(r["iri"] == str(CARNEY.iri) for r in network.related(store, str(SHEINBAUM.iri)))
    curation.reject(store, iri(MEETING), by="alice", why="a hypothetical")
    network.forget_projections()
    assert iri(MEETING) not in queries.matching_events(store)
    assert all(r["iri"] != str(CARNEY.iri) for r in network.related(store, str(SHEINBAUM.iri)))
    # The whole-store dump keeps it only as data about the correction (and the raw extraction aside).
    assert not any(line.startswith(f"<{iri(MEETING)}>") for line in store.dump("nquads").decode().splitlines())
    assert iri(CALL) in queries.matching_events(store)  # the rest of the article stays


def test_merge_makes_one_event_with_every_source(store):
    c = curation.merge(store, [iri(CALL), iri(CALL_MISDATED)], by="bob", why="one call")
    assert c.result_events == [iri(CALL)]
    assert _sources(store, iri(CALL)) == 3
    assert iri(CALL_MISDATED) not in queries.matching_events(store)


def test_split_makes_two_events_each_reported_by_every_source(store):
    c = curation.split(store, iri(MEETING), [{"date": "2025-04-02"}, {"date": "2025-04-09", "class": "Call"}],
                       by="bob", why="a meeting and a later call")
    assert len(c.result_events) == 2 and iri(MEETING) in c.result_events
    rows = {r["event"]: r for r in queries.event_rows(store, c.result_events)}
    assert {(r["class"], r["date"], r["sources"]) for r in rows.values()} == {("Meeting", "2025-04-02", 1),
                                                                            ("Call", "2025-04-09", 1)}


def test_an_event_has_one_description_in_every_source_whichever_correction_made_it(store):
    # A fix whose result is an event other articles report natively: they take the corrected description too.
    curation.fix(store, iri(CALL_MISDATED), {"date": "2025-03-28", "status": "planned"}, by="a", why="x")
    assert store.select(f"SELECT ?s (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ <{iri(CALL)}> dkg:status ?s }} }}"
                        " GROUP BY ?s") == [{"s": "planned", "n": 3}]
    # A later correction producing the same event again: its description wins everywhere.
    curation.split(store, iri(MEETING), [{"date": "2025-04-02"}, {"date": "2025-03-28", "class": "Call",
                                         "participants": [str(CARNEY.iri), str(TRUMP.iri)]}], by="b", why="y")
    assert store.select(f"SELECT DISTINCT ?s WHERE {{ <{iri(CALL)}> dkg:status ?s }}") == [{"s": "occurred"}]
    assert _sources(store, iri(CALL)) == 3


def test_storylines_follow_corrections(store):
    from graph.analysis.storylines import storylines_of_event

    assert storylines_of_event(store, iri(CALL)) == []
    # The meeting was with Trump, not Sheinbaum: the call now leads to it, and the storyline says so.
    c = curation.fix(store, iri(MEETING), {"participants": [str(CARNEY.iri), str(TRUMP.iri)]}, by="a", why="x")
    (line,) = storylines_of_event(store, iri(CALL))
    assert line["events"] == 3  # both calls (27 and 28 March) lead to the meeting of 2 April
    assert storylines_of_event(store, c.result_events[0]) == [line]
    curation.undo(store, c.iri, by="a", why="y")
    assert storylines_of_event(store, iri(CALL)) == []


# -- the audit trail and undo ---------------------------------------------------------------------------------

def test_audit_trail_records_who_when_why_and_what_changed(store):
    c = curation.fix(store, iri(TARIFF), {"rate": 10}, by="Alice Martin", why="10% on energy")
    (row,) = curation.audit(store)
    assert (row.status, row.correction.by, row.correction.why, row.correction.kind) == \
        ("applied", "Alice Martin", "10% on energy", "fix")
    assert row.correction.summary() == "rate: 25.0 -> 10.0"
    assert dt.datetime.fromisoformat(row.correction.at).date() == dt.datetime.now(dt.UTC).date()
    assert [r.correction.iri for r in curation.audit(store, iri(TARIFF))] == [c.iri]
    assert curation.audit(store, iri(MEETING)) == []


def test_undo_restores_the_extracted_events_exactly(store):
    before = _without_curation_graph(store)
    c1 = curation.reject(store, iri(CALL), by="alice", why="x")
    c2 = curation.merge(store, [iri(CALL_MISDATED), iri(MEETING)], by="alice", why="y")
    assert _without_curation_graph(store) != before
    curation.undo(store, c2.iri, by="bob", why="wrong")
    curation.undo(store, c1.iri, by="bob", why="wrong too")
    assert _without_curation_graph(store) == before
    assert [r.status for r in curation.audit(store)] == ["undone", "undone"]
    with pytest.raises(CurationError, match="already undone"):
        curation.undo(store, c1.iri, by="bob", why="again")


def test_a_correction_of_a_corrected_event_follows_it_and_is_orphaned_by_undoing_the_first(store):
    c1 = curation.fix(store, iri(CALL_MISDATED), {"date": "2025-03-26"}, by="a", why="x")
    (moved,) = c1.result_events
    c2 = curation.fix(store, moved, {"status": "threatened"}, by="a", why="y")
    assert store.select(f"SELECT DISTINCT ?s WHERE {{ <{c2.result_events[0]}> dkg:status ?s }}") == \
        [{"s": "threatened"}]
    curation.undo(store, c1.iri, by="a", why="z")
    assert [r.status for r in curation.audit(store)] == ["undone", "orphaned"]
    assert queries.event_rows(store, [iri(CALL_MISDATED)])[0]["status"] == "occurred"


# -- re-ingest ---------------------------------------------------------------------------------------------------

def test_a_correction_survives_reingest_of_its_article(store):
    c = curation.reject(store, iri(CALL), by="alice", why="x")
    _ingest(store)  # unchanged articles: skipped
    assert iri(CALL) not in queries.matching_events(store)
    # An edited article is extracted again, and the correction applies to the new extraction too.
    report = _ingest(store, texts={"Wire": "Wire. A corrected text.", "Paper": "Paper. Updated."})
    assert report.updated == 2 and not report.warnings
    assert iri(CALL) not in queries.matching_events(store)
    assert iri(TARIFF) in queries.matching_events(store)
    assert [r.status for r in curation.audit(store)] == ["applied"]
    assert c.iri in {r["c"] for r in store.select("SELECT ?c WHERE { ?g dkg:appliedCorrection ?c }")}


def test_a_correction_whose_event_disappears_is_reported_and_kept(store):
    c = curation.fix(store, iri(MEETING), {"date": "2025-04-03"}, by="alice", why="x")
    gone = {**WORLD, "Post": [CALL_MISDATED]}  # the article was edited: no meeting any more
    report = _ingest(store, gone, texts={"Post": "Post. Edited."})
    assert any(c.iri in w and "no longer matches" in w for w in report.warnings)
    assert [r.status for r in curation.audit(store)] == ["orphaned"]
    report = _ingest(store, WORLD, texts={"Post": "Post. Edited back."})  # it comes back: applied again
    assert not report.warnings
    assert [r.status for r in curation.audit(store)] == ["applied"]
    assert queries.event_rows(store, [c.result_events[0]])[0]["date"] == "2025-04-03"


def test_rerun_after_a_correction_is_idempotent(store):
    curation.merge(store, [iri(CALL), iri(CALL_MISDATED)], by="bob", why="one call")
    first = _nquads(store)
    _ingest(store)
    assert _nquads(store) == first
    # Re-extracting the corrected article writes what the correction wrote, apart from its content hash.
    _ingest(store, texts={"Post": "Post. New wording."})
    changed = set(_nquads(store).splitlines()) ^ set(first.splitlines())
    assert changed and all("contentHash" in line for line in changed)


# -- validation and errors -----------------------------------------------------------------------------------

def test_corrected_graphs_and_the_curation_graph_conform_to_the_shapes(store):
    import pyshacl

    curation.fix(store, iri(TARIFF), {"action": "raised", "rate": 50}, by="a", why="x")
    curation.merge(store, [iri(CALL), iri(CALL_MISDATED)], by="a", why="y")
    c = curation.reject(store, iri(MEETING), by="a", why="z")
    curation.undo(store, c.iri, by="b", why="w")
    shapes = Graph().parse("ontology.ttl")
    ds = Dataset()
    ds.parse(data=store.dump("nquads").decode(), format="nquads")
    data = Graph()
    for s, p, o, _ in ds.quads():
        data.add((s, p, o))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=shapes, inference="none")
    assert conforms, text


@pytest.mark.parametrize("changes, message", [
    ({"status": "maybe"}, "unknown status"), ({"class": "Dinner"}, "unknown event type"),
    ({"date": "28/03/2025"}, "YYYY-MM-DD"), ({"participants": []}, "needs participants"),
])
def test_invalid_changes_are_refused(store, changes, message):
    with pytest.raises(CurationError, match=message):
        curation.fix(store, iri(CALL), changes, by="a", why="x")
    assert curation.corrections(store) == []


def test_a_correction_needs_who_and_why_and_an_event(store):
    with pytest.raises(CurationError, match="why"):
        curation.reject(store, iri(CALL), by="a", why="  ")
    with pytest.raises(CurationError, match="no event"):
        curation.reject(store, str(ACTOR["nothing"]), by="a", why="x")


# -- the CLI ---------------------------------------------------------------------------------------------------

@pytest.fixture
def disk_store(store_url):
    with open_store(store_url, write=True) as s:
        _ingest(s)
        s.publish()
    return store_url


def _dkg(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_fix_list_undo(disk_store):
    short = iri(CALL_MISDATED).rsplit("/", 1)[-1]
    r = _dkg("curate", "fix", f"event:{short}", "--date", "2025-03-28", "--why", "readout", "--by", "alice",
             "--store", disk_store)
    assert r.exit_code == 0, r.output
    assert "date: 2025-03-27 -> 2025-03-28" in r.output
    r = _dkg("timeline", "--store", disk_store, "--type", "Call", "--format", "json")
    (call,) = [e for e in __import__("json").loads(r.output)]
    assert call["sources"] == 3
    r = _dkg("curate", "list", "--store", disk_store, "--json")
    (entry,) = __import__("json").loads(r.output)
    assert (entry["by"], entry["why"], entry["status"]) == ("alice", "readout", "applied")
    r = _dkg("curate", "undo", entry["correction"].rsplit("/", 1)[-1], "--why", "no", "--by", "bob",
             "--store", disk_store)
    assert r.exit_code == 0 and "undone" in r.output
    r = _dkg("curate", "list", "--store", disk_store)
    assert "undone by bob" in r.output


def test_cli_errors_are_one_line(disk_store):
    r = CliRunner().invoke(main, ["curate", "reject", "event:0000000000000000", "--why", "x", "--store", disk_store])
    assert r.exit_code == 2 and r.output.strip().startswith("Error: no event") and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["curate", "reject", iri(CALL), "--store", disk_store])
    assert r.exit_code == 2 and "--why" in r.output
    r = CliRunner().invoke(main, ["curate", "split", iri(CALL), "--part", "when=tomorrow", "--why", "x",
                                  "--store", disk_store])
    assert r.exit_code == 2 and "FIELD=VALUE" in r.output


def test_reextracting_replays_corrections(tmp_path, store_url):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "call.txt").write_text(
        "Carney and Trump speak\npublished: 2025-03-29\nsource: Test Wire\n\n"
        "Prime Minister Mark Carney spoke by phone with President Donald Trump on Friday, his office said.\n",
        encoding="utf-8")
    assert _dkg("ingest", str(folder), "--store", store_url, "-q").exit_code == 0
    with open_store(store_url) as s:
        (call,) = queries.matching_events(s, queries.TimelineFilter(types=("Call",)))
    assert _dkg("curate", "reject", call, "--why", "test", "--store", store_url).exit_code == 0
    r = _dkg("ingest", str(folder), "--store", store_url)
    assert "1 unchanged" in r.output
    r = _dkg("ingest", str(folder), "--store", store_url, "--reextract")
    assert r.exit_code == 0 and "1 updated" in r.output and "no longer matches" not in r.output
    with open_store(store_url) as s:
        assert call not in queries.matching_events(s)
        assert [a.status for a in curation.audit(s)] == ["applied"]
