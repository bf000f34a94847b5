"""Relationship queries (graph.analysis.network) on a small hand-built store whose answers are known.

The store is written with ingest's own writer (ingest.rdf.article_triples, ingest.pipeline.sync_actors),
so the projection is tested against exactly the RDF shape ingest produces.

The world of the fixture (dates in 2025 unless said otherwise):

    persons                                   states
    Mark Carney  --Call 03-06 (2 sources)--   United States --Tariff USA->CAN 03-04-- Canada
                 --Call 03-28-------------    Donald Trump  Canada --Tariff CAN->USA 03-04-- United States
    Mark Carney  --Call, bounds 04-20..04-25-- Claudia Sheinbaum
    Donald Trump --Meeting, April (month)--  Claudia Sheinbaum
    Donald Trump --Call 01-17 (2024)-------  Xi Jinping
    Summit 06-16: Canada, United States, France, European Union (each pair 1/3)
    Meeting, undated: China -- European Union
    Tariff by Mexico with no target (no tie); Japan: no events at all
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis import network
from graph.namespaces import ACTOR
from graph.query.projection import refreshing
from graph.query.queries import UnknownActor
from graph.storage.store import open_store
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import sync_actors
from ingest.rdf import article_iri, article_triples, event_iri

D = dt.date


def _actors() -> dict[str, Actor]:
    people = [("mark-carney", "Mark Carney", ()), ("donald-trump", "Donald Trump", ("Trump",)),
              ("claudia-sheinbaum", "Claudia Sheinbaum", ("Sheinbaum",)), ("xi-jinping", "Xi Jinping", ())]
    states = [("CAN", "Canada", "country", ("Ottawa",)), ("USA", "United States", "country", ("U.S.",)),
              ("FRA", "France", "country", ()), ("CHN", "China", "country", ()), ("MEX", "Mexico", "country", ()),
              ("JPN", "Japan", "country", ()), ("EU", "European Union", "organisation", ("EU",))]
    out = {i: Actor(id=i, name=n, kind="person", aliases=a) for i, n, a in people}
    out.update({i: Actor(id=i, name=n, kind=k, aliases=a) for i, n, k, a in states})
    return out


A = _actors()


def _day(d: dt.date) -> When:
    return When(d, "day")


E = {
    "call1": Event("Call", [A["mark-carney"], A["donald-trump"]], when=_day(D(2025, 3, 6))),
    "call2": Event("Call", [A["mark-carney"], A["donald-trump"]], when=_day(D(2025, 3, 28))),
    "tariff_us": Event("TariffMeasure", imposer=A["USA"], target=A["CAN"], when=_day(D(2025, 3, 4)),
                       action="imposed", rate=25.0, goods="steel"),
    "tariff_can": Event("TariffMeasure", imposer=A["CAN"], target=A["USA"], when=_day(D(2025, 3, 4)),
                        action="retaliatory", rate=25.0, goods="steel"),
    "bounded": Event("Call", [A["mark-carney"], A["claudia-sheinbaum"]],
                     when=When(None, "bounds", after=D(2025, 4, 20), before=D(2025, 4, 25))),
    "month": Event("Meeting", [A["donald-trump"], A["claudia-sheinbaum"]], when=When(D(2025, 4, 1), "month")),
    "xi": Event("Call", [A["donald-trump"], A["xi-jinping"]], when=_day(D(2024, 1, 17)), status="planned"),
    "summit": Event("Summit", [A["CAN"], A["USA"], A["FRA"], A["EU"]], when=_day(D(2025, 6, 16))),
    "undated": Event("Meeting", [A["CHN"], A["EU"]]),
    "no_target": Event("TariffMeasure", imposer=A["MEX"], when=_day(D(2025, 5, 1)), action="imposed"),
}
for _e in E.values():
    _e.evidence = [f"Evidence for {_e.cls}."]

ARTICLES = [  # (title, published, events)
    ("Tariffs and a first call", "2025-03-07", ["call1", "tariff_us"]),
    ("Ottawa answers", "2025-03-08", ["call1", "tariff_can"]),
    ("Second call", "2025-03-29", ["call2"]),
    ("Trump and Sheinbaum", "2025-04-10", ["month"]),
    ("Carney and Sheinbaum spoke", "2025-05-02", ["bounded"]),
    ("Trump to call Xi", "2024-01-15", ["xi"]),
    ("Summit", "2025-06-18", ["summit"]),
    ("China and Europe", "2025-06-20", ["undated"]),
    ("Mexico levies", "2025-05-02", ["no_target"]),
]


def iri(key: str) -> str:
    return str(event_iri(E[key]))


def who(actor_id: str) -> str:
    return str(ACTOR[actor_id])


CARNEY, TRUMP, SHEINBAUM, XI = who("mark-carney"), who("donald-trump"), who("claudia-sheinbaum"), who("xi-jinping")
CAN, USA, FRA, EU, CHN, MEX, JPN = (who(x) for x in ("CAN", "USA", "FRA", "EU", "CHN", "MEX", "JPN"))


def write_world(store, articles=ARTICLES) -> None:
    sync_actors(store, Registry(list(A.values()), version="test"))
    for n, (title, published, keys) in enumerate(articles):
        art = Article(title=title, text=f"{title}. Text.", url=f"https://news.test/{n}", source="Test Wire",
                      published=published)
        store.replace_graph(article_iri(art), list(article_triples(art, [E[k] for k in keys])))


@pytest.fixture(autouse=True)
def _fresh_projections():
    network.forget_projections()
    yield
    network.forget_projections()


@pytest.fixture
def store():
    s = open_store("memory:")
    write_world(s)
    return s


# -- the projection ------------------------------------------------------------------------------------------

def test_projection_reads_every_event_with_sources_dates_and_roles(store):
    p = network.projection(store)
    assert p.n_events == len(E)
    ev = p.event(p.event_index[iri("call1")])
    assert (ev["type"], ev["class"], ev["date"], ev["sources"], ev["status"]) == ("Call", "Call", "2025-03-06", 2,
                                                                                   "occurred")
    month = p.event(p.event_index[iri("month")])
    assert (month["precision"], month["not_before"], month["not_after"]) == ("month", "2025-04-01", "2025-04-30")
    bounded = p.event(p.event_index[iri("bounded")])
    assert (bounded["date"], bounded["not_before"], bounded["precision"]) == (None, "2025-04-20", "bounds")
    summit = p.event(p.event_index[iri("summit")])
    assert (summit["type"], summit["class"]) == ("Meeting", "Summit")
    assert p.event(p.event_index[iri("xi")])["status"] == "planned"
    assert p.labels[p.actor_index[JPN]] == "Japan"  # known actor without events is still known


def test_projection_is_cached_until_the_store_changes(store):
    p1 = network.projection(store)
    assert network.projection(store) is p1
    extra = Event("Call", [A["xi-jinping"], A["mark-carney"]], when=_day(D(2025, 7, 1)))
    art = Article(title="New call", text="New call. Text.", url="https://news.test/new", published="2025-07-02")
    store.replace_graph(article_iri(art), list(article_triples(art, [extra])))
    p2 = network.projection(store)
    assert p2 is not p1 and p2.n_events == p1.n_events + 1
    assert [r["label"] for r in network.related(store, XI)] == ["Donald Trump", "Mark Carney"]


def test_a_dashboard_keeps_the_old_projection_while_the_new_one_is_built(store):
    old = network.projection(store)
    extra = Event("Call", [A["xi-jinping"], A["mark-carney"]], when=_day(D(2025, 7, 1)))
    art = Article(title="New call", text="New call. Text.", url="https://news.test/new", published="2025-07-02")
    store.replace_graph(article_iri(art), list(article_triples(art, [extra])))
    with network.allow_stale():
        assert [r["label"] for r in network.related(store, XI)] == ["Donald Trump"]  # the old answer, at once
    new = network.projection(store)  # waits for the rebuild
    assert new is not old and new.n_events == old.n_events + 1
    deadline = time.monotonic() + 10
    while refreshing(store) and time.monotonic() < deadline:  # the helper thread ends once it has seen it
        time.sleep(0.01)
    assert not refreshing(store) and network.projection(store, wait=False) is new


def test_summit_pairs_share_the_event_fairly(store):
    G = network.interaction_graph(store, types=["Summit"])
    assert sorted(G.nodes) == sorted([CAN, USA, FRA, EU])
    assert G.number_of_edges() == 6
    assert all(d["weight"] == pytest.approx(1 / 3) for _, _, d in G.edges(data=True))
    G = network.interaction_graph(store, types=["Summit"], weighting="count")
    assert all(d["weight"] == 1 for _, _, d in G.edges(data=True))


def test_edges_carry_counts_types_dates_events_and_tariff_direction(store):
    G = network.interaction_graph(store)
    e = G[CAN][USA]
    assert e["count"] == 3
    assert e["weight"] == pytest.approx(2 + 1 / 3)
    assert e["types"] == {"TariffMeasure": 2, "Summit": 1}
    assert (e["first"], e["last"]) == ("2025-03-04", "2025-06-16")
    assert set(e["events"][:2]) == {iri("tariff_us"), iri("tariff_can")} and e["events"][2] == iri("summit")
    assert e["imposed"] == {USA: 1, CAN: 1}
    assert G.nodes[MEX] == {"label": "Mexico", "kind": "country", "events": 1} and G.degree(MEX) == 0
    assert JPN not in G
    with pytest.raises(nx.NetworkXError):
        G.add_edge(CAN, JPN)  # the cached graph is frozen


# -- related ---------------------------------------------------------------------------------------------------

def test_related_counts_types_dates_and_events(store):
    rows = network.related(store, CARNEY)
    assert [r["label"] for r in rows] == ["Donald Trump", "Claudia Sheinbaum"]
    trump = rows[0]
    assert (trump["count"], trump["weight"], trump["types"]) == (2, 2.0, {"Call": 2})
    assert (trump["first"], trump["last"]) == ("2025-03-06", "2025-03-28")
    assert trump["events"] == [iri("call1"), iri("call2")]
    assert rows[1]["first"] == "2025-04-20"  # only bounds known: placed by its lower bound


def test_related_tariffs_show_who_imposed(store):
    usa = next(r for r in network.related(store, CAN) if r["iri"] == USA)
    assert (usa["tariffs_imposed"], usa["tariffs_received"]) == (1, 1)
    assert network.related(store, MEX) == []  # a tariff on nobody in particular ties Mexico to no one


@pytest.mark.parametrize(("filters", "expected"), [
    ({"min_sources": 2}, {TRUMP: 1}),
    ({"start": "2025-03-10"}, {TRUMP: 1, SHEINBAUM: 1}),
    ({"end": "2025-04-21"}, {TRUMP: 2, SHEINBAUM: 1}),  # bounds 04-20..04-25 overlap the window
    ({"start": "2025-04-26"}, {}),
    ({"start": D(2025, 3, 1), "end": D(2025, 3, 31)}, {TRUMP: 2}),
    ({"types": ["Meeting"]}, {}),
    ({"statuses": ["planned"]}, {}),
])
def test_related_time_windows_and_filters(store, filters, expected):
    assert {r["iri"]: r["count"] for r in network.related(store, CARNEY, **filters)} == expected


def test_meeting_filter_includes_summits(store):
    assert {r["iri"] for r in network.related(store, CAN, types=["Meeting"])} == {USA, FRA, EU}
    assert network.related(store, CAN, types=["Visit"]) == []


def test_undated_events_count_without_a_window_only(store):
    assert [r["iri"] for r in network.related(store, CHN)] == [EU]
    assert network.related(store, CHN, start="2000-01-01") == []


def test_actor_names_as_typed(store):
    for name in ("Carney", "mark carney", "Mark Carney", CARNEY, "actor:mark-carney"):
        assert network.resolve(store, name) == CARNEY
    for name in ("CAN", "Canada", "Ottawa"):
        assert network.resolve(store, name) == CAN
    assert network.resolve(store, "Trump") == TRUMP


def test_unknown_actor_is_a_clear_error_with_close_matches(store):
    with pytest.raises(UnknownActor, match=r"unknown actor 'Carny'.*Mark Carney"):
        network.related(store, "Carny")
    with pytest.raises(UnknownActor, match="Japan"):
        network.related(store, "Japn")


def test_actor_without_events_gives_empty_results(store):
    assert network.related(store, "Japan") == []
    assert network.shortest_path(store, "Japan", "Canada") == []
    p = network.pair(store, "Japan", "Canada")
    assert (p["count"], p["events"], p["by_month"], p["a"]["label"]) == (0, [], [], "Japan")
    H = network.ego(store, "Japan", radius=2)
    assert list(H.nodes) == [JPN] and H.number_of_edges() == 0


def test_bad_filters_are_clear_errors(store):
    with pytest.raises(ValueError, match="unknown event type 'Phone'"):
        network.related(store, CARNEY, types=["Phone"])
    with pytest.raises(ValueError, match="not a date"):
        network.related(store, CARNEY, start="March")
    with pytest.raises(ValueError, match="starts .* after it ends"):
        network.related(store, CARNEY, start="2025-05-01", end="2025-04-01")


# -- paths -----------------------------------------------------------------------------------------------------

def test_shortest_path_hops_with_their_event_and_source(store):
    hops = network.shortest_path(store, "Carney", "Xi Jinping")
    assert [(h["from"]["iri"], h["to"]["iri"]) for h in hops] == [(CARNEY, TRUMP), (TRUMP, XI)]
    first = hops[0]
    assert first["count"] == 2
    assert first["event"]["iri"] == iri("call1")  # the better-attested of the two calls
    assert first["event"]["article"]["title"] == "Tariffs and a first call"  # its earliest source
    assert first["event"]["article"]["evidence"] == "Evidence for Call."
    assert (hops[1]["event"]["iri"], hops[1]["event"]["date"]) == (iri("xi"), "2024-01-17")


def test_shortest_path_direct_tie_and_window(store):
    hops = network.shortest_path(store, CARNEY, SHEINBAUM)
    assert len(hops) == 1 and hops[0]["event"]["iri"] == iri("bounded")
    assert network.shortest_path(store, "Carney", "Xi Jinping", start="2025-01-01") == []  # the Xi call is 2024
    assert [h["to"]["iri"] for h in network.shortest_path(store, CAN, CHN)] == [EU, CHN]
    assert network.shortest_path(store, CAN, CHN, start="2025-01-01") == []  # the China-EU meeting is undated


def test_no_chain_between_separate_worlds(store):
    assert network.shortest_path(store, CARNEY, CHN) == []
    with pytest.raises(ValueError, match="Mark Carney is given twice"):
        network.shortest_path(store, "Carney", "mark carney")


def test_paths_and_neighbourhoods_agree_with_networkx_on_a_random_world():
    rng = random.Random(5)
    people = [Actor(id=f"p{i}", name=f"Person Number{i}", kind="person") for i in range(40)]
    events = []
    for k in range(120):
        size = 2 if rng.random() < 0.8 else rng.randint(3, 6)
        who_ = rng.sample(people, size)
        day = D(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        cls = "Summit" if size > 2 else rng.choice(["Call", "Meeting"])
        events.append(Event(cls, who_, when=_day(day), evidence=[f"Event {k}."]))
    s = open_store("memory:")
    sync_actors(s, Registry(people, version="random"))
    for n in range(0, len(events), 4):
        art = Article(title=f"Article {n}", text="Text.", url=f"https://news.test/r{n}", published="2025-12-31")
        s.replace_graph(article_iri(art), list(article_triples(art, events[n:n + 4])))
    for window in ({}, {"start": "2025-03-01", "end": "2025-06-30"}):
        G = network.interaction_graph(s, **window)
        for a, b in itertools.combinations([str(ACTOR[p.id]) for p in people], 2):
            hops = network.shortest_path(s, a, b, details=False, **window)
            try:
                expected = nx.shortest_path_length(G, a, b)
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                expected = 0
            assert len(hops) == expected, (a, b, window)
            chain = [h["from"]["iri"] for h in hops[:1]] + [h["to"]["iri"] for h in hops]
            assert not hops or (chain[0], chain[-1]) == (a, b)
            assert all(G.has_edge(u, v) for u, v in itertools.pairwise(chain))
        expected = {"degree": nx.degree_centrality(G), "strength": dict(G.degree(weight="weight")),
                    "pagerank": nx.pagerank(G, weight="weight"), "betweenness": nx.betweenness_centrality(G)}
        for measure, scores in expected.items():
            got = {r["iri"]: r["score"] for r in network.central(s, measure=measure, top=None, **window)}
            assert got.keys() == scores.keys()
            assert all(got[k] == pytest.approx(scores[k], abs=1e-6) for k in got), measure
        for person in people[:10]:
            me = str(ACTOR[person.id])
            if me not in G:
                continue
            H, expected = network.ego(s, me, radius=2, **window), nx.ego_graph(G, me, radius=2)
            assert set(H.nodes) == set(expected.nodes)
            assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in expected.edges}
            assert all(H.edges[e] == expected.edges[e] for e in H.edges)


# -- pair --------------------------------------------------------------------------------------------------------

def test_pair_first_contact_and_months(store):
    p = network.pair(store, "Carney", "Trump")
    assert (p["count"], p["first"], p["last"]) == (2, "2025-03-06", "2025-03-28")
    assert p["first_event"]["iri"] == iri("call1")
    assert p["by_month"] == [{"month": "2025-03", "count": 2, "types": {"Call": 2}}]
    assert [a["title"] for a in p["events"][0]["articles"]] == ["Tariffs and a first call", "Ottawa answers"]


def test_pair_fills_quiet_months_and_tariff_direction(store):
    p = network.pair(store, "United States", "Canada")
    assert [(m["month"], m["count"]) for m in p["by_month"]] == [
        ("2025-03", 2), ("2025-04", 0), ("2025-05", 0), ("2025-06", 1)]
    assert p["tariffs"] == {"a_on_b": 1, "b_on_a": 1}
    directions = {ev["iri"]: ev.get("direction") for ev in p["events"]}
    assert directions[iri("tariff_us")] == "a_on_b" and directions[iri("tariff_can")] == "b_on_a"
    p = network.pair(store, "Trump", "Sheinbaum")
    assert p["by_month"][0]["month"] == "2025-04" and p["events"][0]["precision"] == "month"


# -- central, communities, ego -------------------------------------------------------------------------------

def test_central_degree_pagerank_betweenness(store):
    degree = network.central(store, measure="degree", top=3)
    assert degree[0]["iri"] == EU and degree[0]["degree"] == 4
    assert degree[0]["score"] == pytest.approx(4 / 9)  # of 9 others: Mexico is a node too (its tariff)
    assert {"iri", "label", "kind", "score", "degree", "strength", "events"} <= set(degree[0])
    assert len(degree) == 3
    between = network.central(store, measure="betweenness", top=None)
    top2 = {r["iri"] for r in between[:2]}
    assert top2 == {EU, TRUMP}  # the bridges to China and to Xi
    assert network.central(store, measure="pagerank")[0]["iri"] in {EU, TRUMP}
    windowed = network.central(store, measure="degree", start="2025-06-01", end="2025-06-30")
    assert {r["iri"] for r in windowed} == {CAN, USA, FRA, EU}
    with pytest.raises(ValueError, match="unknown measure"):
        network.central(store, measure="closeness")


def test_a_g20_style_summit_does_not_dominate_centrality():
    # Three actors deal with each other all spring; one summit brings them together with 17 others.
    members = [Actor(id=f"C{i:02d}", name=f"Country {i:02d}", kind="country") for i in range(17)]
    busy = [A["USA"], A["CAN"], A["MEX"]]
    events = [Event("Call", [a, b], when=_day(D(2025, 3, d))) for d, (a, b) in enumerate(
        [(A["USA"], A["CAN"])] * 4 + [(A["USA"], A["MEX"])] * 3 + [(A["CAN"], A["MEX"])] * 2, start=1)]
    events.append(Event("Summit", busy + members, when=_day(D(2025, 6, 15))))
    for ev in events:
        ev.evidence = ["Evidence."]
    s = open_store("memory:")
    sync_actors(s, Registry(list(A.values()) + members, version="test"))
    art = Article(title="Spring", text="Spring. Text.", url="https://news.test/spring", published="2025-06-16")
    s.replace_graph(article_iri(art), list(article_triples(art, events)))
    busy_iris = {str(a.iri) for a in busy}

    # The summit is one event with 20 participants, not 190 pairwise meetings.
    assert s.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dkg:Summit }")[0]["n"] == 1
    default = network.central(s, top=None)  # strength, fair weights: the summit counts 1 for each participant
    assert {r["iri"] for r in default[:3]} == busy_iris
    assert all(r["score"] == pytest.approx(1.0) for r in default[3:])
    assert {r["iri"] for r in network.central(s, measure="pagerank", top=3)} == busy_iris
    # The unweighted options show what a pairwise count would do: the summit's 17 make it to the top.
    degree = network.central(s, measure="degree", top=None)
    assert len({r["score"] for r in degree}) == 1  # every participant dealt with all 19 others
    counted = network.central(s, weighting="count", top=None)
    assert min(r["score"] for r in counted if r["iri"] not in busy_iris) == 19


def test_betweenness_in_the_background_does_not_block(store):
    flt = {"start": "2025-01-01"}
    try:
        rows = network.central(store, measure="betweenness", wait=False, **flt)
    except network.CentralityPending:
        rows = None
    assert network.central_status(store, measure="betweenness", **flt) in ("running", "ready")
    ready = network.central(store, measure="betweenness", **flt)  # waits for the same computation
    assert rows is None or rows == ready
    assert network.central_status(store, measure="betweenness", **flt) == "ready"


def test_communities_split_the_two_worlds(store):
    groups = network.communities(store)
    members = [m["iri"] for g in groups for m in g]
    assert len(members) == len(set(members))
    assert set(members) == {CARNEY, TRUMP, SHEINBAUM, XI, CAN, USA, FRA, EU, CHN}  # Mexico has no tie
    persons = {CARNEY, TRUMP, SHEINBAUM, XI}
    assert all(set(m["iri"] for m in g) <= persons or not set(m["iri"] for m in g) & persons for g in groups)
    assert network.communities(store, start="2030-01-01") == []


def test_ego_radius(store):
    H = network.ego(store, "Carney", radius=1)
    assert set(H.nodes) == {CARNEY, TRUMP, SHEINBAUM}
    assert H.number_of_edges() == 3  # Trump and Sheinbaum met too
    assert H.nodes[CARNEY]["ego"] and H.nodes[TRUMP]["distance"] == 1
    assert set(network.ego(store, "Carney", radius=2).nodes) == {CARNEY, TRUMP, SHEINBAUM, XI}
    H.add_node("scratch")  # a copy: the cached graph is untouched
    assert "scratch" not in network.interaction_graph(store)


# -- an on-disk store: the helper process, the disk cache ----------------------------------------------------

def test_on_disk_store_gives_the_same_answers_and_caches_on_disk(store, store_url):
    with open_store(store_url, write=True) as writer:
        write_world(writer)
        writer.publish()
    reader = open_store(store_url)
    p = network.projection(reader)
    assert p.loaded_from == "store"
    assert network.related(reader, CARNEY) == network.related(store, CARNEY)
    assert network.pair(reader, USA, CAN)["by_month"] == network.pair(store, USA, CAN)["by_month"]
    assert len(list((Path(store_url[len("oxigraph:"):]) / "cache").glob("network-*.npz"))) == 1
    network.forget_projections()
    again = network.projection(open_store(store_url))
    assert again.loaded_from == "disk cache"
    assert again.events == p.events and (again.pair_fair == p.pair_fair).all()
    assert network.related(open_store(store_url), CARNEY) == network.related(store, CARNEY)


# -- the benchmark's synthetic store has ingest's shape --------------------------------------------------------

def test_synthetic_store_has_the_shape_ingest_writes(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import synth

    url = f"oxigraph:{tmp_path / 'synth'}"
    figures = synth.write_store(url, 300, n_actors=60, progress=False)
    reader = open_store(url)
    p = network.projection(reader)
    assert (p.n_events, int(p.sources.sum())) == (300, figures["sources"])
    assert {network.CLASSES[c] for c in p.cls.tolist()} == {"Call", "Meeting", "Visit", "Summit", "TariffMeasure"}
    # Every predicate on a synthetic event is one ingest writes for events, and none is missing.
    synthetic = {r["p"] for r in reader.select("SELECT DISTINCT ?p WHERE { ?e dkg:status ?s . ?e ?p ?o }")}
    written = set()
    art = Article(title="t", text="t.", url="https://news.test/shape", published="2025-07-02")
    for key in ("call1", "tariff_us", "month", "bounded", "summit"):
        ev = dataclasses.replace(E[key], trigger="met")
        written |= {str(pred) for s_, pred, _ in article_triples(art, [ev]) if str(s_) == str(event_iri(ev))}
    assert synthetic == written
