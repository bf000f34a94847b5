"""Storylines (graph.analysis.storylines): tariff threads in order with their steps, retaliation, calls leading
to meetings, the graph they are written to (deterministic, incremental, valid against the shapes, no event
properties), the `dkg storyline` command, the ingest pipeline refreshing them, and the dashboard drawing them.

The store is written from hand-made events through ingest.rdf (the project's RDF shape), in our own words.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.analysis import storylines as sl
from graph.namespaces import DKG, STORYLINES_GRAPH
from graph.query.filters import EventFilter
from graph.query.queries import matching_events
from graph.storage.store import open_store
from ingest.actors import Actor
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.rdf import article_iri, article_triples, event_iri

ROOT = Path(__file__).resolve().parent.parent
USA = Actor(id="USA", name="United States", kind="country", in_gazetteer=False)
CAN = Actor(id="CAN", name="Canada", kind="country", in_gazetteer=False)
MEX = Actor(id="MEX", name="Mexico", kind="country", in_gazetteer=False)
TRUMP = Actor(id="donald-trump", name="Donald Trump", kind="person", in_gazetteer=False)
CARNEY = Actor(id="mark-carney", name="Mark Carney", kind="person", in_gazetteer=False)
SHEINBAUM = Actor(id="claudia-sheinbaum", name="Claudia Sheinbaum", kind="person", in_gazetteer=False)


def _tariff(imposer: Actor, target: Actor | None, day: dt.date, action: str, goods: str | None,
            rate: float | None = None, status: str = "occurred") -> Event:
    return Event("TariffMeasure", imposer=imposer, target=target, when=When(day), action=action, rate=rate,
                 goods=goods, status=status, evidence=[f"{imposer.name} {action} a tariff ({goods or 'goods'})."],
                 trigger="tariff")


def _meeting(cls: str, people: list[Actor], day: dt.date) -> Event:
    return Event(cls, participants=people, when=When(day), evidence=[f"{cls} of {', '.join(p.name for p in people)}."],
                 trigger=cls.lower())


# The steel thread, told out of order across two articles; a retaliation; a measure on another pair.
ANNOUNCED = _tariff(USA, CAN, dt.date(2025, 2, 1), "announced", "steel and aluminum", 25)
IMPOSED = _tariff(USA, CAN, dt.date(2025, 3, 4), "imposed", "Canadian steel", 25)
PAUSED = _tariff(USA, CAN, dt.date(2025, 3, 20), "paused", "steel")
RAISED = _tariff(USA, CAN, dt.date(2025, 5, 1), "raised", "steel products", 50)
LIFTED = _tariff(USA, CAN, dt.date(2025, 7, 1), "lifted", "steel")
ANSWER = _tariff(CAN, USA, dt.date(2025, 3, 5), "retaliatory", "American goods worth C$30 billion", 25)
DAIRY = _tariff(USA, CAN, dt.date(2025, 3, 15), "threatened", "dairy", 200, status="threatened")
UNRELATED = _tariff(USA, MEX, dt.date(2025, 3, 6), "imposed", "tomatoes", 17)
CALL = Event("Call", participants=[CARNEY, TRUMP], when=When(dt.date(2025, 3, 28)), evidence=["They spoke."],
             trigger="spoke")
VISIT = _meeting("Visit", [TRUMP, CARNEY, USA], dt.date(2025, 5, 6))
LONELY_CALL = Event("Call", participants=[SHEINBAUM, TRUMP], when=When(dt.date(2025, 2, 3)),
                    evidence=["They talked by phone."], trigger="talked")
LATE_MEETING = _meeting("Meeting", [SHEINBAUM, TRUMP], dt.date(2025, 6, 1))  # 118 days after their call


def articles() -> list[tuple[Article, list[Event]]]:
    def article(slug: str, published: str) -> Article:
        return Article(title=f"Report {slug}", text=f"A report written for the storyline tests ({slug}).",
                       published=published, source="Test Wire", url=f"https://example.org/{slug}")

    return [(article("late", "2025-07-02"), [LIFTED, RAISED, PAUSED, UNRELATED, DAIRY]),
            (article("early", "2025-03-06"), [IMPOSED, ANNOUNCED, ANSWER]),
            (article("calls", "2025-06-02"), [CALL, VISIT, LONELY_CALL, LATE_MEETING])]


def write(url: str, items: list[tuple[Article, list[Event]]]) -> None:
    with open_store(url, write=True) as s:
        for article, events in items:
            s.replace_graph(article_iri(article), list(article_triples(article, events)))
        s.publish()


def iri(event: Event) -> str:
    return str(event_iri(event))


@pytest.fixture
def store():
    write("memory:", articles())
    s = open_store("memory:")
    assert sl.refresh_storylines(s) > 0
    return s


def graph_text(s) -> list[str]:
    """The storylines graph as sorted N-Triples lines."""
    rows = s.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?s ?p ?o }} }}")
    return sorted(f"{t.subject} {t.predicate} {t.object} ." for t in rows)


# -- tariff threads ---------------------------------------------------------------------------------------------
def test_tariff_thread_comes_out_in_order_with_its_steps_and_the_retaliation(store):
    found = sl.storylines_of_event(store, iri(PAUSED))
    assert [s["kind"] for s in found] == ["tariff"]
    assert found[0]["label"] == "United States → Canada: aluminium, steel"
    story = sl.storyline(store, found[0]["storyline"])
    order = [r["event"] for r in story["events"]]
    assert order == [iri(e) for e in (ANNOUNCED, IMPOSED, ANSWER, PAUSED, RAISED, LIFTED)]
    steps = [r["step"] for r in story["events"] if r["in_thread"]]
    assert steps == [None, "announced -> imposed", "imposed -> paused", "paused -> raised", "raised -> lifted"]
    answer = story["events"][2]
    assert answer["in_thread"] is False and answer["answers"] == [iri(IMPOSED)]
    assert story["events"][1]["answered_by"] == [iri(ANSWER)]
    assert story["actors"] == sorted([str(CAN.iri), str(USA.iri)])
    assert (story["first"], story["last"]) == ("2025-02-01", "2025-07-01")
    assert store.ask(f"ASK {{ <{iri(ANSWER)}> dkg:retaliatesAgainst <{iri(IMPOSED)}> . "
                     f"<{iri(IMPOSED)}> dkg:nextInStoryline <{iri(PAUSED)}> }}")


def test_an_unrelated_measure_is_in_no_storyline(store):
    assert sl.storylines_of_event(store, iri(UNRELATED)) == []
    assert sl.storylines_of_actor(store, str(MEX.iri)) == []


def test_a_later_escalation_answers_the_retaliation(store):
    """Within COUNTER_WINDOW_DAYS a measure by the other side answers it, and the two make a storyline; the
    raise of May 1, 57 days later, is outside the window."""
    found = {s["label"]: s for s in sl.storylines_of_event(store, iri(ANSWER))}
    assert set(found) == {"United States → Canada: aluminium, steel", "Canada → United States: all goods"}
    story = sl.storyline(store, found["Canada → United States: all goods"]["storyline"])
    assert [r["event"] for r in story["events"]] == [iri(ANSWER), iri(DAIRY)]
    assert story["events"][1]["answers"] == [iri(ANSWER)]
    assert sl.storylines_of_event(store, iri(DAIRY)) == [found["Canada → United States: all goods"]]


def test_storylines_of_an_actor_oldest_first(store):
    rows = sl.storylines_of_actor(store, str(CAN.iri))
    assert [r["label"] for r in rows] == ["United States → Canada: aluminium, steel",
                                          "Canada → United States: all goods"]
    assert [r["events"] for r in rows] == [6, 2]


def test_goods_are_matched_on_their_words():
    assert sl.goods_words("steel and aluminum") == {"steel", "aluminium"}
    assert sl.goods_words("all foreign steel") == sl.goods_words("Steel") == {"steel"}
    assert sl.goods_words("cars") == sl.goods_words("imported autos") == sl.goods_words("U.S.-built vehicles")
    assert sl.goods_words("most Chinese goods") == sl.goods_words("C$155 billion of American products") == set()
    assert sl.goods_words(None) == set()


def _m(name: str, day: int, action: str, goods: str | None, imposer: int = 0, target: int | None = 1):
    return sl.StoryEvent(name, "TariffMeasure", 739300 + day, imposer=imposer, target=target, action=action,
                         goods=goods)


def test_a_measure_without_goods_joins_the_only_thread_of_its_pair():
    result = sl.compute([_m("urn:a", 0, "imposed", "lumber"), _m("urn:b", 5, "paused", None)], ["urn:x", "urn:y"])
    assert [s.events for s in result.storylines] == [["urn:a", "urn:b"]]
    # With two threads for the pair it is no longer clear: it goes to the general thread (alone: no storyline).
    result = sl.compute([_m("urn:a", 0, "imposed", "lumber"), _m("urn:b", 5, "paused", None),
                         _m("urn:c", 1, "imposed", "dairy"), _m("urn:d", 2, "raised", "dairy")], ["urn:x", "urn:y"])
    assert [s.events for s in result.storylines] == [["urn:c", "urn:d"]]


def test_same_day_measures_follow_the_usual_order_and_undated_ones_stay_out():
    events = [_m("urn:z", 0, "imposed", "steel"), _m("urn:y", 0, "announced", "steel"),
              sl.StoryEvent("urn:u", "TariffMeasure", 0, imposer=0, target=1, action="raised", goods="steel")]
    assert [s.events for s in sl.compute(events, ["urn:x", "urn:w"]).storylines] == [["urn:y", "urn:z"]]


def test_retaliation_prefers_a_measure_aimed_at_it_then_one_in_force():
    events = [_m("urn:global", 10, "imposed", "steel", target=None), _m("urn:threat", 12, "threatened", "dairy"),
              _m("urn:old", 1, "imposed", "lumber"), _m("urn:ans", 14, "retaliatory", None, imposer=1, target=0)]
    assert sl.compute(events, ["urn:x", "urn:y"]).retaliations == [("urn:ans", "urn:old")]
    too_late = [_m("urn:old", 1, "imposed", "lumber"), _m("urn:ans", 1 + sl.RETALIATION_WINDOW_DAYS + 1,
                                                          "retaliatory", None, imposer=1, target=0)]
    assert sl.compute(too_late, ["urn:x", "urn:y"]).retaliations == []


# -- calls leading to meetings ----------------------------------------------------------------------------------
def test_a_call_leads_to_the_meeting_of_the_same_actors(store):
    found = sl.storylines_of_event(store, iri(CALL))
    assert [(s["kind"], s["label"]) for s in found] == [
        ("diplomacy", "Donald Trump, Mark Carney: call → visit 2025-05-06")]
    story = sl.storyline(store, found[0]["storyline"])
    assert [r["event"] for r in story["events"]] == [iri(CALL), iri(VISIT)]
    assert story["events"][0]["leads_to"] == [iri(VISIT)]
    assert story["links"] == [{"from": iri(CALL), "link": "leadsTo", "to": iri(VISIT), "step": "call -> visit"}]


def test_a_meeting_outside_the_window_is_not_led_to(store):
    assert sl.storylines_of_event(store, iri(LONELY_CALL)) == []
    assert not store.ask(f"ASK {{ <{iri(LONELY_CALL)}> dkg:leadsTo ?m }}")


# -- the graph ---------------------------------------------------------------------------------------------------
def test_a_rerun_gives_identical_triples(store):
    before = graph_text(store)
    assert sl.refresh_storylines(store) == 0  # nothing changed: nothing written
    assert graph_text(store) == before
    store.drop_graph(STORYLINES_GRAPH)
    assert sl.refresh_storylines(store) == len(before)
    assert graph_text(store) == before
    assert store.graph_hashes()[str(STORYLINES_GRAPH)]


def test_a_refresh_after_new_events_rewrites_only_what_changed_and_equals_a_fresh_build(store):
    extra = _tariff(USA, CAN, dt.date(2025, 8, 1), "imposed", "steel", 10)
    write("memory:", [(Article(title="Later", text="A later report, written for the tests.", published="2025-08-02",
                               url="https://example.org/later"), [extra])])
    untouched = [line for line in graph_text(store) if iri(CALL) in line or iri(VISIT) in line]
    total = len(graph_text(store))
    written = sl.refresh_storylines(store)
    assert 0 < written <= total - len(untouched)  # the call -> visit storyline is left as it was
    incremental = graph_text(store)
    store.drop_graph(STORYLINES_GRAPH)
    sl.refresh_storylines(store)
    assert graph_text(store) == incremental
    story = sl.storylines_of_event(store, iri(extra))
    assert story and story[0]["events"] == 7


def test_the_graph_holds_no_event_properties(store):
    predicates = {r["p"] for r in store.select(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?s ?p ?o }} }}")}
    allowed = {str(DKG[t]) for t in ("storylineKind", "goodsKey", "firstDate", "lastDate", "eventCount",
                                     "storylineActor", "inStoryline", "nextInStoryline", "retaliatesAgainst",
                                     "leadsTo", "linkOf", "fromEvent", "toEvent", "step", "contentHash")}
    allowed |= {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label"}
    assert predicates <= allowed
    typed = store.select(f"SELECT DISTINCT ?t WHERE {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?s a ?t }} }}")
    assert [r["t"] for r in typed] == [str(DKG.Storyline)]


def _shapes() -> Graph:
    return Graph().parse(ROOT / "ontology.ttl", format="turtle")


def test_the_storylines_graph_conforms_to_the_shapes(store):
    from pyshacl import validate

    data = Graph().parse(data="\n".join(graph_text(store)), format="nt")
    conforms, _, text = validate(data, shacl_graph=_shapes(), ont_graph=_shapes(), inference="none")
    assert conforms, text


def test_the_shapes_catch_a_broken_storyline():
    from pyshacl import validate

    bad = Graph().parse(data="""
        @prefix dkg: <https://w3id.org/diplomatic-kg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:s> a dkg:Storyline ; rdfs:label "one event is no thread" ; dkg:storylineKind "saga" ;
            dkg:eventCount 1 .
        <urn:e> dkg:inStoryline <urn:s> .""", format="turtle")
    conforms, _, text = validate(bad, shacl_graph=_shapes(), inference="none")
    assert not conforms
    for path in ("storylineKind", "eventCount", "firstDate", "storylineActor", "contentHash"):
        assert path in text


def test_links_among_the_events_drawn(store):
    shown = [iri(e) for e in (ANNOUNCED, IMPOSED, PAUSED, ANSWER, CALL, VISIT, UNRELATED)]
    assert sl.links_among(store, shown) == sorted([
        (iri(ANNOUNCED), iri(IMPOSED), "nextInStoryline"), (iri(IMPOSED), iri(PAUSED), "nextInStoryline"),
        (iri(ANSWER), iri(IMPOSED), "retaliatesAgainst"), (iri(CALL), iri(VISIT), "leadsTo")])


# -- the one event filter ---------------------------------------------------------------------------------------
def test_storylines_take_the_event_filter(store):
    everything = {s["label"] for s in sl.storylines(store)}
    assert {"United States → Canada: aluminium, steel", "Canada → United States: all goods"} <= everything
    assert sl.storylines(store, EventFilter()) == sl.storylines(store)
    calls = sl.storylines(store, EventFilter(types=("Call",)))
    assert [s["kind"] for s in calls] == ["diplomacy"] and calls[0]["label"].startswith("Donald Trump, Mark Carney")
    # A storyline is kept when any of its events matches; its summary still describes all of it.
    may = sl.storylines(store, EventFilter(start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31)))
    assert {s["kind"] for s in may} == {"tariff", "diplomacy"} and all(s["events"] >= 2 for s in may)
    assert sl.storylines_of_actor(store, str(MEX.iri), EventFilter(types=("Call",))) == []
    steel = next(s for s in may if s["kind"] == "tariff")
    assert sl.storylines_of_event(store, iri(RAISED), EventFilter(types=("Call",))) == []
    assert [s["storyline"] for s in sl.storylines_of_event(store, iri(RAISED), EventFilter(statuses=("occurred",)))] \
        == [steel["storyline"]]


def test_a_storyline_shows_the_events_the_filter_keeps(store):
    steel = next(s for s in sl.storylines_of_event(store, iri(RAISED)))
    whole = sl.storyline(store, steel["storyline"])
    part = sl.storyline(store, steel["storyline"], EventFilter(start=dt.date(2025, 3, 5), end=dt.date(2025, 5, 31)))
    assert whole["total"] == part["total"] == len(whole["events"]) == 6
    assert [r["event"] for r in part["events"]] == [iri(ANSWER), iri(PAUSED), iri(RAISED)]
    assert part["events"][2]["step"] == whole["events"][4]["step"] == "paused -> raised"  # kept from every link
    shown = {r["event"] for r in part["events"]}
    assert part["links"] and all(link["from"] in shown and link["to"] in shown for link in part["links"])


def test_links_of_a_view_are_those_among_its_events(store):
    for flt in (EventFilter(), EventFilter(types=("TariffMeasure",)), EventFilter(actors=(str(CARNEY.iri),)),
                EventFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))):
        assert sl.links(store, flt) == sl.links_among(store, matching_events(store, flt))
    assert {kind for _, _, kind in sl.links(store, EventFilter(types=("Call", "Visit")))} == {"leadsTo"}


# -- the command ---------------------------------------------------------------------------------------------------
def _cli(*args: str):
    from diplomatic_kg.cli import main

    return CliRunner().invoke(main, [*args, "--store", "memory:"])


def test_cli_lists_the_storyline_of_an_event_in_order(store):
    short = iri(RAISED).rsplit("/", 1)[-1]
    for given in (short, f"event:{short}", iri(RAISED)):
        result = _cli("storyline", given)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith("United States → Canada: aluminium, steel  (tariff, 6 events, 2025-02-01..")
        body = [line for line in lines[3:] if line.strip()]
        assert [line.split()[1] for line in body[:6]] == ["2025-02-01", "2025-03-04", "2025-03-05", "2025-03-20",
                                                          "2025-05-01", "2025-07-01"]
        assert body[4].startswith("*5 ") and "paused -> raised" in body[4] and "50%" in body[4]
        assert "answers #2" in body[2] and "retaliatory (answer)" in body[2]


def test_cli_lists_every_storyline_of_an_actor(store):
    result = _cli("storyline", "Canada")
    assert result.exit_code == 0, result.output
    assert "United States → Canada: aluminium, steel" in result.output
    assert "Canada → United States: all goods" in result.output
    summary = _cli("storyline", "mark carney", "--summary")
    assert summary.exit_code == 0 and "Donald Trump, Mark Carney: call → visit 2025-05-06" in summary.output
    data = json.loads(_cli("storyline", "CAN", "--json").output)
    assert [len(s["events"]) for s in data] == [6, 2]
    assert data[0]["events"][1]["step"] == "announced -> imposed"
    assert _cli("storyline", "Mexico").output.strip() == "Mexico is in no storyline."


def test_cli_takes_the_filters_of_the_timeline(store):
    calls = _cli("storyline", "--type", "Call", "--summary")
    assert calls.exit_code == 0, calls.output
    assert "Donald Trump, Mark Carney: call → visit" in calls.output and "steel" not in calls.output
    part = _cli("storyline", "Canada", "--from", "2025-05", "--to", "2025-05")
    assert part.exit_code == 0, part.output
    assert "United States → Canada: aluminium, steel  (tariff, 1 of 6 events," in part.output
    assert "Canada → United States: all goods" not in part.output
    data = json.loads(_cli("storyline", "--actor", "Canada", "--type", "TariffMeasure", "--json").output)
    assert [(len(s["events"]), s["total"]) for s in data] == [(6, 6), (2, 2)]
    assert _cli("storyline", "Mexico", "--type", "Call").output.strip() == \
        "Mexico is in no storyline holding an event matching these filters."
    assert _cli("storyline", "--from", "2030").output.strip() == "No storyline holds an event matching these filters."


def test_cli_bad_input_is_one_line(store):
    for given, message in (("Atlantis", "unknown actor"), ("event:0123456789abcdef", "no event"),
                           ("storyline:nothing", "no storyline")):
        result = _cli("storyline", given)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_cli_help_ends_with_an_example():
    from diplomatic_kg.cli import main

    result = CliRunner().invoke(main, ["storyline", "--help"])
    assert result.exit_code == 0 and "Example:\n    dkg storyline Canada" in result.output


# -- ingest and the dashboard ----------------------------------------------------------------------------------
def test_an_ingest_run_refreshes_the_storylines(tmp_path):
    from ingest.pipeline import ingest_paths

    (tmp_path / "a.txt").write_text(
        "Tariffs on steel\npublished: 2025-03-05T09:00:00-05:00\n\n"
        "The United States imposed a 25 per cent tariff on Canadian steel on Tuesday. "
        "Canada announced retaliatory tariffs on American goods on Wednesday.\n", encoding="utf-8")
    report = ingest_paths([tmp_path / "a.txt"], "memory:")
    assert report.ok and report.events >= 2
    s = open_store("memory:")
    assert str(STORYLINES_GRAPH) in s.graph_hashes()
    again = ingest_paths([tmp_path / "a.txt"], "memory:")
    assert again.unchanged == 1  # nothing written: the storylines are left as they were
    assert s.graph_hashes()[str(STORYLINES_GRAPH)]


def test_storylines_are_published_even_when_a_checkpoint_during_the_run_holds_the_last_article(
        tmp_path, monkeypatch):
    from ingest.pipeline import ingest_paths

    monkeypatch.setenv("DKG_CHECKPOINT_EVERY", "0")  # publish after every article, the last one included
    (tmp_path / "a.txt").write_text(
        "Tariffs on steel\npublished: 2025-03-05T09:00:00-05:00\n\n"
        "The United States imposed a 25 per cent tariff on Canadian steel on Tuesday. "
        "Canada announced retaliatory tariffs on American goods on Wednesday.\n", encoding="utf-8")
    url = f"oxigraph:{tmp_path / 'store'}"
    assert ingest_paths([tmp_path / "a.txt"], url).ok
    reader = open_store(url)  # what readers see: the last published checkpoint
    assert reader.ask(f"ASK {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?e dkg:inStoryline ?s }} }}")


def test_the_timeline_draws_the_thread_and_the_detail_lists_it(store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from diplomatic_kg.dashboard import charts

    monkeypatch.setenv("DKG_STORE", "memory:")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["event"] = iri(PAUSED).rsplit("/", 1)[-1]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "Storyline" in text and "United States → Canada: aluminium, steel" in text
    assert "← this event" in text
    links = [p.label.replace("\\", "") for p in at.get("page_link") if "paused -> raised" in p.label.replace("\\", "")]
    assert links and links[0].startswith("5. 2025-05-01")
    # The chart the page drew joins the thread's events.
    rows = [{"event": iri(e), "type": "TariffMeasure", "class": "TariffMeasure", "date": e.when.date.isoformat(),
             "status": "occurred", "actors": [], "sources": 1} for e in (ANNOUNCED, IMPOSED)]
    fig = charts.timeline_figure(rows, links=[(iri(ANNOUNCED), iri(IMPOSED), "nextInStoryline")])
    step = [t for t in fig.data if t.name == "Storyline step"]
    assert step and list(step[0].x) == ["2025-02-01", "2025-03-04", None]
    chart = at.get("plotly_chart")[0]
    names = {t.get("name") for t in json.loads(chart.proto.spec)["data"]}
    assert {"Storyline step", "Retaliation", "Call → meeting"} <= names


def test_on_disk_the_same_storylines_come_out(store, store_url):
    """A writable on-disk store reads the participants in a helper process (on a copy it then deletes)."""
    write(store_url, articles())
    with open_store(store_url, write=True) as disk:
        assert sl.refresh_storylines(disk) == len(graph_text(store))
        assert graph_text(disk) == graph_text(store)
    _, location = store_url.split(":", 1)
    assert not list((Path(location) / "cache").glob("storylines-*"))
