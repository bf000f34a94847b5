"""Issue 15: who acts for whom (graph.query.coding), --actor with the people acting for a country, the network at
country level (graph.analysis.levels), dyad panels (graph.analysis.panel) and CAMEO / PLOVER codes, on worlds
written for the tests and on the bundled samples."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import Graph
from standin import StandIn

from diplomatic_kg.cli import main
from graph import exports
from graph.analysis import network, panel
from graph.namespaces import ACTOR, CODING_GRAPH
from graph.query import coding, queries
from graph.query.coding import refresh_coding
from graph.query.queries import TimelineFilter
from graph.storage.store import open_store
from ingest.actors import Actor, Office, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event, Extractor
from ingest.pipeline import ingest_items
from ingest.rdf import event_iri

ROOT = Path(__file__).resolve().parent.parent


def _office(role: str, country: str, start: str | None, end: str | None, title: str = "") -> Office:
    return Office(title=title or role.replace("_", " "), role=role, country=country,
                  start=start and dt.date.fromisoformat(start), end=end and dt.date.fromisoformat(end))


USA = Actor(id="USA", name="United States", kind="country")
CAN = Actor(id="CAN", name="Canada", kind="country")
MEX = Actor(id="MEX", name="Mexico", kind="country")
FRA = Actor(id="FRA", name="France", kind="country")
EU = Actor(id="EU", name="European Union", kind="organisation", members=("FRA",))
TRUMP = Actor(id="donald-trump", name="Donald Trump", kind="person",
              offices=[_office("head_of_state_and_government", "USA", "2025-01-20", None)])
RUBIO = Actor(id="marco-rubio", name="Marco Rubio", kind="person",
              offices=[_office("foreign_minister", "USA", "2025-01-21", None)])
CARNEY = Actor(id="mark-carney", name="Mark Carney", kind="person",
               offices=[_office("head_of_government", "CAN", "2025-03-14", None)])
TRUDEAU = Actor(id="justin-trudeau", name="Justin Trudeau", kind="person",
                offices=[_office("head_of_government", "CAN", "2015-11-04", "2025-03-14")])
# a foreign minister who left office at the end of March 2025 and became trade minister in June
JOLY = Actor(id="melanie-joly", name="Melanie Joly", kind="person",
             offices=[_office("foreign_minister", "CAN", "2023-07-26", "2025-03-31"),
                      _office("trade_minister", "CAN", "2025-06-01", None)])
SHEINBAUM = Actor(id="claudia-sheinbaum", name="Claudia Sheinbaum", kind="person",
                  offices=[_office("head_of_state_and_government", "MEX", "2024-10-01", None)])
REGISTRY = Registry([USA, CAN, MEX, FRA, EU, TRUMP, RUBIO, CARNEY, TRUDEAU, JOLY, SHEINBAUM], version="test")


def _event(cls: str, who: list[Actor], day: dt.date | None, text: str, status: str = "occurred",
           **kw: object) -> Event:
    ev = Event(cls, who, when=When(day, "day") if day else When(None, None), status=status, **kw)
    ev.evidence = [text]
    return ev


def _tariff(imposer: Actor, target: Actor, day: dt.date, action: str, text: str) -> Event:
    ev = _event("TariffMeasure", [imposer, target], day, text, status="threatened" if action == "threatened"
                else "occurred")
    ev.imposer, ev.target, ev.action = imposer, target, action
    return ev


D = dt.date
CALL_MARCH = _event("Call", [TRUMP, CARNEY], D(2025, 3, 28), "Trump and Carney spoke by phone.")
CALL_MARCH_2 = _event("Call", [RUBIO, JOLY], D(2025, 3, 20), "Rubio and Joly spoke by phone.")
CALL_TRUDEAU = _event("Call", [TRUMP, TRUDEAU], D(2025, 3, 5), "Trump and Trudeau spoke.")
JOLY_APRIL = _event("Meeting", [JOLY, RUBIO], D(2025, 4, 20), "Joly met Rubio.")  # out of office
JOLY_JUNE = _event("Meeting", [JOLY, RUBIO], D(2025, 6, 10), "Joly met Rubio again.")  # trade minister
MEETING_MAY = _event("Meeting", [TRUMP, RUBIO, CARNEY], D(2025, 5, 6), "Trump and Rubio met Carney.")
SUMMIT = _event("Summit", [TRUMP, CARNEY, SHEINBAUM, EU], D(2025, 6, 16), "The leaders met at the summit.")
TARIFF = _tariff(USA, CAN, D(2025, 3, 4), "imposed", "The US imposed tariffs on Canada.")
THREAT = _tariff(USA, CAN, D(2025, 3, 27), "threatened", "The US threatened Canada with tariffs.")
PAUSE = _tariff(USA, MEX, D(2025, 3, 6), "paused", "The US paused tariffs on Mexico.")
WORLD = {"Wire": [CALL_MARCH, TARIFF, CALL_TRUDEAU], "Paper": [CALL_MARCH, THREAT],
         "Post": [CALL_MARCH_2, JOLY_APRIL, JOLY_JUNE, MEETING_MAY], "Gazette": [SUMMIT, PAUSE]}



def iri(ev: Event) -> str:
    return str(event_iri(ev))


def A(actor_id: str) -> str:  # noqa: N802 - reads like the actor prefix
    return str(ACTOR[actor_id])


@pytest.fixture
def store():
    s = open_store("memory:")
    items = [Article(title=t, text=f"{t}. Text.", url=f"https://news.test/{n}", source="Test Wire",
                     published="2025-06-20") for n, t in enumerate(WORLD)]
    report = ingest_items(s, items, StandIn(WORLD, REGISTRY))
    assert report.ok, report.failed
    assert refresh_coding(s) > 0
    network.forget_projections()
    yield s
    network.forget_projections()


def _affiliations(store) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(r["event"], r["actor"]): (r["for"], r["role"], r["basis"]) for r in coding.affiliation_rows(store)}


# -- affiliation at the event's date ---------------------------------------------------------------------------
def test_people_act_for_the_country_of_the_office_they_held_that_day(store):
    aff = _affiliations(store)
    assert aff[(iri(CALL_MARCH), A("donald-trump"))] == (A("USA"), "head_of_state", "office")
    assert aff[(iri(CALL_MARCH), A("mark-carney"))] == (A("CAN"), "head_of_government", "office")
    assert aff[(iri(CALL_TRUDEAU), A("justin-trudeau"))] == (A("CAN"), "head_of_government", "office")
    assert aff[(iri(MEETING_MAY), A("marco-rubio"))] == (A("USA"), "foreign_minister", "office")


def test_a_minister_who_left_office_is_attributed_by_the_date_of_each_event(store):
    aff = _affiliations(store)
    assert aff[(iri(CALL_MARCH_2), A("melanie-joly"))] == (A("CAN"), "foreign_minister", "office")  # in office
    assert (iri(JOLY_APRIL), A("melanie-joly")) not in aff  # between offices: acts for no one
    assert aff[(iri(JOLY_JUNE), A("melanie-joly"))] == (A("CAN"), "trade_minister", "office")  # a new office
    assert aff[(iri(JOLY_APRIL), A("marco-rubio"))] == (A("USA"), "foreign_minister", "office")
    # so at country level the April meeting is the person and the United States, the June one Canada's
    with network.level("country"):
        related = {r["iri"]: r for r in network.related(store, "CAN")}
    assert iri(JOLY_JUNE) in related[A("USA")]["events"] and iri(JOLY_APRIL) not in related[A("USA")]["events"]


def test_a_correction_of_the_date_moves_the_affiliation():
    from graph.write import curation

    s = open_store("memory:")
    world = {"Wire": [CALL_MARCH_2]}
    ingest_items(s, [Article(title="Wire", text="Wire. Text.", url="https://news.test/w", published="2025-06-20")],
                 StandIn(world, REGISTRY))
    refresh_coding(s)
    c = curation.fix(s, iri(CALL_MARCH_2), {"date": "2025-04-15"}, by="t", why="it was in April")
    (moved,) = c.result_events
    aff = _affiliations(s)
    assert (moved, A("melanie-joly")) not in aff  # out of office on the corrected date
    assert aff[(moved, A("marco-rubio"))][0] == A("USA")
    assert not any(e == iri(CALL_MARCH_2) for e, _ in aff)  # the old event's coding is gone


def test_a_person_found_as_canadas_foreign_minister_acts_for_canada():
    s = open_store("memory:")
    article = Article(title="Call", url="https://news.test/fm", published="2025-03-29T09:00:00-04:00",
                      text="Canada's foreign minister Jane Doucette spoke by phone with U.S. Secretary of State "
                           "Marco Rubio on Tuesday.")
    report = ingest_items(s, [article], Extractor())
    assert report.ok
    refresh_coding(s)
    aff = _affiliations(s)
    (call,) = {e for e, a in aff if a == A("jane-doucette")}
    assert aff[(call, A("jane-doucette"))] == (A("CAN"), "foreign_minister", "title")
    assert aff[(call, A("marco-rubio"))] == (A("USA"), "foreign_minister", "office")
    assert A("jane-doucette") not in {a for a, _ in Registry.load().actors.items()}  # not in the gazetteer
    assert call in queries.matching_events(s, TimelineFilter(actors=(A("CAN"),)))


def test_role_classes_and_codes():
    assert coding.role_class("finance_minister", "Minister of Finance", False) == "other_minister"
    assert coding.role_class("other", "Senator for Ohio", False) == "legislator"
    assert coding.role_class("other", "Leader of the Opposition", False) == "opposition"
    assert coding.role_class("head_of_state", "President", True) == "organisation"
    assert coding.event_codes("Meeting", None, "planned") == ("040", "CONSULT", "meet")
    assert coding.event_codes("Visit", None, "occurred") == ("042", "CONSULT", "visit")
    assert coding.event_codes("Summit", None, "occurred") == ("044", "CONSULT", "multilateral")
    assert coding.event_codes("TariffMeasure", "imposed", "occurred") == ("163", "SANCTION", "")
    assert coding.event_codes("TariffMeasure", "announced", "threatened") == ("1312", "THREATEN", "")
    assert coding.event_codes("TariffMeasure", "lifted", "occurred") == ("085", "EASE", "")


def test_codes_are_in_the_graph_and_in_the_csv(store):
    codes = coding.codes_of(store, [iri(CALL_MARCH), iri(SUMMIT), iri(THREAT), iri(PAUSE), iri(TARIFF)])
    assert codes[iri(CALL_MARCH)] == {"cameo": "041", "plover": "CONSULT", "plover_mode": "phone"}
    assert codes[iri(SUMMIT)]["plover_mode"] == "multilateral"
    assert [codes[iri(e)]["plover"] for e in (THREAT, PAUSE, TARIFF)] == ["THREATEN", "EASE", "SANCTION"]
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(exports.to_csv(store).decode()))}
    call = rows[iri(CALL_MARCH)]
    assert (call["cameo"], call["plover"], call["plover_mode"]) == ("041", "CONSULT", "phone")
    assert call["participants"] == "Donald Trump; Mark Carney"
    assert call["participant_for"] == "USA; CAN"
    assert call["participant_roles"] == "head_of_state; head_of_government"
    tariff = rows[iri(TARIFF)]
    assert (tariff["imposer_for"], tariff["target_for"], tariff["imposer_roles"]) == ("USA", "CAN", "government")
    # the JSON-LD export holds the same affiliation nodes as the coding graph, and the codes
    g = Graph().parse(data=exports.to_jsonld(store), format="json-ld")
    found = {(str(e), str(p), str(c), str(r)) for e, p, c, r in g.query(
        "PREFIX dkg: <https://w3id.org/diplomatic-kg/ontology#> SELECT ?e ?p ?c ?r WHERE { "
        "?e dkg:affiliation [ dkg:affiliate ?p ; dkg:actsFor ?c ; dkg:actorRole ?r ] }")}
    assert found == {(e, a, f, r) for (e, a), (f, r, _) in _affiliations(store).items()}
    assert len(list(g.subjects(predicate=coding.DKG.cameoCode))) == len(exports.event_records(store, list(rows)))


def test_the_coding_graph_conforms_to_the_shapes_and_is_rewritten_only_when_it_changes(store):
    from pyshacl import validate

    _, data = store.query_serialized(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {CODING_GRAPH.n3()} {{ ?s ?p ?o }} }}",
                                     "ntriples")
    shapes = Graph().parse(ROOT / "ontology.ttl", format="turtle")
    conforms, _, text = validate(Graph().parse(data=data.decode(), format="nt"), shacl_graph=shapes,
                                 ont_graph=shapes, inference="none")
    assert conforms, text
    assert refresh_coding(store) == 0  # nothing changed: nothing written
    bad = Graph().parse(data="""@prefix dkg: <https://w3id.org/diplomatic-kg/ontology#> .
        <urn:e> dkg:cameoCode "999" ; dkg:ploverCategory "CONSULT" ; dkg:codingHash "x" ; dkg:affiliation <urn:a> .
        <urn:a> a dkg:Affiliation ; dkg:actsFor <urn:c> ; dkg:actorRole "king" ; dkg:affiliationBasis "office" .
        """, format="turtle")
    conforms, _, text = validate(bad, shacl_graph=shapes, inference="none")
    assert not conforms
    for path in ("cameoCode", "affiliate", "actorRole"):
        assert path in text


# -- --actor with the people acting for it -------------------------------------------------------------------
def test_actor_filter_takes_in_people_and_node_only_keeps_the_old_meaning(store):
    through = {r["event"]: r for r in queries.timeline(store, TimelineFilter(actors=(A("CAN"),)))}
    direct = {r["event"] for r in queries.timeline(store, TimelineFilter(actors=(A("CAN"),), node_only=True))}
    assert direct == {iri(TARIFF), iri(THREAT)}
    assert set(through) == direct | {iri(e) for e in (CALL_MARCH, CALL_TRUDEAU, CALL_MARCH_2, JOLY_JUNE,
                                                      MEETING_MAY, SUMMIT)}
    assert iri(JOLY_APRIL) not in through
    assert through[iri(CALL_MARCH)]["through"] == ["Mark Carney"]
    assert through[iri(TARIFF)]["through"] == []
    carney = next(a for a in through[iri(CALL_MARCH)]["actors"] if a["iri"] == A("mark-carney"))
    assert (carney["acts_for"], carney["acts_for_label"], carney["acting_role"]) == \
        (A("CAN"), "Canada", "head_of_government")
    # the projection's mask (dashboard, exports) and the SPARQL paths agree
    for flt in (TimelineFilter(actors=(A("CAN"),)), TimelineFilter(actors=(A("CAN"),), node_only=True)):
        proj = network.projection(store)
        from graph.query.projection import matching_mask
        mask = {proj.events[i] for i in matching_mask(proj, flt, store).nonzero()[0]}
        assert mask == set(queries.matching_events(store, flt)) == \
            {r["event"] for r in queries.timeline(store, flt)}
        assert queries.count_events(store, flt) == len(mask)


# -- the network at country level ----------------------------------------------------------------------------
def test_country_level_folds_people_with_fair_weights(store):
    with network.level("country"):
        related = {r["iri"]: r for r in network.related(store, "Canada")}
        path = network.shortest_path(store, "Canada", "Mexico")
        pair = network.pair(store, "USA", "CAN")
        top = network.central(store, top=3)
    usa = related[A("USA")]
    # the March call, Trudeau's call, Rubio-Joly, Joly in June, the May meeting (Trump and Rubio: one country),
    # the summit, and the two measures
    assert usa["count"] == 8
    assert usa["types"] == {"Call": 3, "Meeting": 2, "Summit": 1, "TariffMeasure": 2}
    # a bilateral call weighs 1 as between governments; the May meeting of two Americans and a Canadian too
    G = network.interaction_graph(store)
    with network.level("country"):
        H = network.interaction_graph(store)
    assert H[A("USA")][A("CAN")]["weight"] == pytest.approx(7 + 1 / 3)  # the summit had 4 actors: 1/3
    assert A("donald-trump") in G and A("donald-trump") not in H
    assert [h["to"]["iri"] for h in path][-1] == A("MEX")
    assert pair["first"] == "2025-03-04" and sum(m["count"] for m in pair["by_month"]) == 8
    assert top[0]["iri"] in (A("USA"), A("CAN"))
    with network.level("country", organisations="members"):
        folded = network.interaction_graph(store)
    assert A("EU") in H and A("EU") not in folded and folded.has_edge(A("FRA"), A("CAN"))
    with pytest.raises(ValueError, match="unknown level"):
        with network.level("planet"):
            pass


def test_cli_level_country(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url, write=True) as s:
        ingest_items(s, [Article(title=t, text=f"{t}. Text.", url=f"https://news.test/{n}", published="2025-06-20")
                         for n, t in enumerate(WORLD)], StandIn(WORLD, REGISTRY))
        refresh_coding(s)
        s.publish()
    network.forget_projections()
    result = CliRunner().invoke(main, ["related", "Canada", "--level", "country", "--store", url])
    assert result.exit_code == 0, result.output
    assert "United States" in result.output and "Call 3" in result.output
    result = CliRunner().invoke(main, ["central", "--level", "country", "--organisations", "members",
                                       "--store", url, "--json"])
    assert result.exit_code == 0 and "European Union" not in result.output
    result = CliRunner().invoke(main, ["related", "Canada", "--level", "state", "--store", url])
    assert result.exit_code == 2


# -- dyad panels ---------------------------------------------------------------------------------------------
def _panel(store, **kw) -> list[dict]:
    data = exports.export(store, kw.pop("flt", None), "panel", **kw).data.decode()
    return list(csv.DictReader(io.StringIO(data)))


def _cell(rows, source, target, period, cls, status="occurred") -> dict:
    found = [r for r in rows if (r["source"], r["target"], r["period"], r["class"], r["status"]) ==
             (source, target, period, cls, status)]
    assert len(found) == 1, found
    return found[0]


def test_a_leaders_call_counts_for_their_countries_dyad_that_month(store):
    rows = _panel(store)
    # March: Trump-Carney (2 sources), Trump-Trudeau, Rubio-Joly (in office): 3 calls, both ways
    for a, b in (("USA", "CAN"), ("CAN", "USA")):
        cell = _cell(rows, a, b, "2025-03", "Call")
        assert (cell["events"], cell["sources"], cell["plover"]) == ("3", "3", "CONSULT")
    assert _cell(rows, "USA", "CAN", "2025-04", "Call")["events"] == "0"  # a zero inside the dyad's span
    # tariffs go one way: imposer -> target
    assert _cell(rows, "USA", "CAN", "2025-03", "TariffMeasure")["events"] == "1"
    assert _cell(rows, "USA", "CAN", "2025-03", "TariffMeasure", "threatened")["plover"] == "THREATEN"
    assert not [r for r in rows if r["source"] == "CAN" and r["class"] == "TariffMeasure"]
    # the span: from the dyad's first period to its last, and no further
    periods = sorted({r["period"] for r in rows if (r["source"], r["target"]) == ("USA", "CAN")})
    assert periods == ["2025-03", "2025-04", "2025-05", "2025-06"]
    # people without an affiliation that day are left out; so the April meeting is in no dyad
    assert _cell(rows, "USA", "CAN", "2025-04", "Meeting")["events"] == "0"
    header = list(rows[0])
    assert header == [*panel.PANEL_COLUMNS, "snapshot", "filter"]
    assert all(r["snapshot"].startswith("kg-") for r in rows)


def test_the_panel_parses_with_pandas_and_equals_a_sparql_count(store):
    data = exports.export(store, TimelineFilter(start=D(2025, 1, 1), end=D(2025, 12, 31)), "panel",
                          period="month").data
    df = pd.read_csv(io.BytesIO(data))
    assert {"source", "target", "period", "class", "status", "events", "sources"} <= set(df.columns)
    assert set(df["filter"]) == {"from=2025-01-01&to=2025-12-31"}
    assert sorted(df["period"].unique())[0] == "2025-01"  # the window's periods: zeros from January
    # the monthly US -> Canada calls, as pandas sums them and as SPARQL counts them
    calls = df[(df.source == "USA") & (df.target == "CAN") & (df["class"] == "Call")].groupby("period")["events"].sum()
    for month, n in calls.items():
        lo = dt.date.fromisoformat(f"{month}-01")
        hi = panel.period_bounds(lo, "month")[1]
        sparql = store.select(f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            ?e a dkg:Call ; dkg:date ?d .
            FILTER(?d >= "{lo}"^^xsd:date && ?d <= "{hi}"^^xsd:date)
            ?e dkg:participant ?a . ?e dkg:participant ?b .
            {{ ?e dkg:affiliation [ dkg:affiliate ?a ; dkg:actsFor actor:USA ] }} UNION {{ FILTER(?a = actor:USA) }}
            {{ ?e dkg:affiliation [ dkg:affiliate ?b ; dkg:actsFor actor:CAN ] }} UNION {{ FILTER(?b = actor:CAN) }}
        }}""")[0]["n"]
        assert n == sparql, month
    assert calls["2025-03"] == 3 and calls.sum() == 3


def test_panel_by_week_and_year_and_bad_period(store):
    weeks = _panel(store, period="week")
    assert _cell(weeks, "USA", "CAN", "2025-W13", "Call")["events"] == "1"  # 28 March
    assert _cell(weeks, "USA", "CAN", "2025-W13", "Call")["period_start"] == "2025-03-24"
    years = _panel(store, period="year", organisations="members")
    assert _cell(years, "FRA", "CAN", "2025", "Summit")["events"] == "1"
    with pytest.raises(ValueError, match="unknown period"):
        exports.export(store, None, "panel", period="fortnight")


# -- the bundled samples, as a user runs them ----------------------------------------------------------------
@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> str:
    url = f"oxigraph:{tmp_path_factory.mktemp('samples') / 'store'}"
    result = CliRunner().invoke(main, ["ingest", str(ROOT / "data" / "samples"), "--store", url, "-q"])
    assert result.exit_code == 0, result.output
    network.forget_projections()
    return url


def test_actor_canada_on_the_samples_includes_the_trump_carney_call(samples):
    result = CliRunner().invoke(main, ["timeline", "--actor", "Canada", "--store", samples, "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    calls = [r for r in rows if r["type"] == "Call" and r.get("date") == "2025-03-28"]
    assert len(calls) == 1
    assert {a["label"] for a in calls[0]["actors"]} == {"Donald Trump", "Mark Carney"}
    assert calls[0]["through"] == ["Mark Carney"]
    table = CliRunner().invoke(main, ["timeline", "--actor", "Canada", "--store", samples]).output
    assert "through" in table.splitlines()[0]
    node_only = CliRunner().invoke(main, ["timeline", "--actor", "Canada", "--node-only", "--store", samples,
                                          "--format", "json"])
    assert not [r for r in json.loads(node_only.output) if r["type"] == "Call"]
    result = CliRunner().invoke(main, ["export", "--format", "panel", "--store", samples])
    assert result.exit_code == 0
    assert "--format panel --period month" in result.stderr
    df = pd.read_csv(io.StringIO(result.stdout))
    march = df[(df.source == "USA") & (df.target == "CAN") & (df.period == "2025-03") & (df["class"] == "Call")]
    assert int(march["events"].sum()) >= 1
