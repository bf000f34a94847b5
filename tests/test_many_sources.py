"""An event reported by many articles is one timeline row, and its cost grows with the sources, not a power of it.

In the union default graph an event's triple is there once per article asserting it; queries that joined
several of its fields side by side multiplied those copies (20 sources: 80 s; 30 would never end).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pytest

from graph.namespaces import ACTOR
from graph.query import queries
from graph.storage.store import open_store
from ingest.actors import Actor, Registry
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.pipeline import sync_actors
from ingest.rdf import article_iri, article_triples, event_iri

SOURCES = 30
DAY = dt.date(2025, 3, 10)
ENVOY = Actor(id="envoy-new-person", name="Envoy New Person", kind="person", in_gazetteer=False)


def _reports(n: int) -> list[Event]:
    """The events the ``n``-th article reports: the same tariff and the same call, each in its own words."""
    reg = Registry.load()
    usa, can, carney = reg.get("USA"), reg.get("CAN"), reg.get("mark-carney")
    tariff = Event("TariffMeasure", imposer=usa, target=can, when=When(DAY), action="imposed", rate=25.0,
                   goods="steel" if n % 3 else "Canadian steel", status="planned" if n % 4 else "occurred",
                   evidence=[f"Donald Trump imposed a 25% tariff on Canadian steel (report {n})."],
                   trigger="tariff", confidence=0.5 + (n % 5) / 10, zones={"body"})
    call = Event("Call", [carney, ENVOY], when=When(DAY), evidence=[f"Carney spoke with the envoy by phone ({n})."],
                 trigger="spoke", zones={"body"})
    return [tariff, call]


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> str:
    """An on-disk store where one tariff and one call have SOURCES articles each, and one call has one."""
    url = f"oxigraph:{tmp_path_factory.mktemp('many') / 'store'}"
    reg = Registry.load()
    with open_store(url, write=True) as store:
        sync_actors(store, reg)
        for n in range(SOURCES):
            art = Article(title=f"Steel tariff, report {n}", text="...", url=f"https://example.org/a/{n}",
                          source="Example News", published=f"2025-03-{10 + n % 5:02d}")
            store.replace_graph(article_iri(art), list(article_triples(art, _reports(n))))
        lone = Event("Call", [reg.get("mark-carney"), reg.get("donald-trump")], when=When(DAY + dt.timedelta(1)),
                     evidence=["Carney and Trump spoke by phone."], trigger="spoke")
        art = Article(title="The other call", text="...", url="https://example.org/other", published="2025-03-11")
        store.replace_graph(article_iri(art), list(article_triples(art, [lone])))
        store.publish()
    return url


def _tariff() -> str:
    return str(event_iri(_reports(0)[0]))


def test_one_row_per_event_with_every_source_counted(many):
    store = open_store(many)
    t = time.perf_counter()
    rows = queries.timeline(store)
    assert time.perf_counter() - t < 5
    assert [r["sources"] for r in rows] == [SOURCES, SOURCES, 1]
    tariff = next(r for r in rows if r["type"] == "TariffMeasure")
    assert tariff["event"] == _tariff()
    # the smallest of what the sources say: occurred over planned, and one wording of the goods
    assert (tariff["status"], tariff["goods"], tariff["rate"], tariff["action"]) == ("occurred", "Canadian steel",
                                                                                      25.0, "imposed")
    assert tariff["confidence"] == 0.9 and tariff["date"] == DAY.isoformat() and tariff["class"] == "TariffMeasure"
    assert sorted((a["role"], a["label"]) for a in tariff["actors"]) == [("imposer", "United States"),
                                                                       ("target", "Canada")]
    call = next(r for r in rows if r["type"] == "Call" and r["sources"] == SOURCES)
    # a person new to the gazetteer has a label in each of the 30 graphs: still one actor, one label
    assert sorted(a["label"] for a in call["actors"]) == ["Envoy New Person", "Mark Carney"]


@pytest.mark.parametrize("flt", [
    queries.TimelineFilter(actors=(str(ACTOR["CAN"]),)),
    queries.TimelineFilter(types=("TariffMeasure",), statuses=("occurred",)),
    queries.TimelineFilter(start=DAY, end=DAY, min_sources=SOURCES, text="steel"),
    queries.TimelineFilter(actors=(str(ACTOR["USA"]),), types=("TariffMeasure",), start=dt.date(2025, 3, 1),
                           end=dt.date(2025, 3, 31), statuses=("planned", "occurred"), min_sources=2, text="25%"),
], ids=repr)
def test_filters_keep_the_row_whole(many, flt):
    (row,) = queries.timeline(open_store(many), flt)
    assert row["event"] == _tariff() and row["sources"] == SOURCES


def test_event_detail_lists_every_source(many):
    store = open_store(many)
    t = time.perf_counter()
    detail = queries.event_detail(store, _tariff())
    assert time.perf_counter() - t < 5
    assert detail["sources"] == SOURCES and len(detail["sources_list"]) == SOURCES
    assert sorted(s["url"] for s in detail["sources_list"]) == sorted(f"https://example.org/a/{n}"
                                                                      for n in range(SOURCES))
    assert all(len(s["evidence"]) == 1 and s["zones"] == ["body"] for s in detail["sources_list"])
    assert sorted(a["role"] for a in detail["actors"]) == ["imposer", "target"]
    card = queries.event_card(store, _tariff())
    assert sorted(s["url"] for s in card["sources_list"]) == sorted(s["url"] for s in detail["sources_list"])


def test_dkg_timeline_answers_in_seconds(many):
    # In a child process with a deadline: a query that multiplies the copies again fails here, not hangs.
    out = subprocess.run([sys.executable, "-m", "diplomatic_kg.cli", "timeline", "--store", many, "--format", "json"],
                         capture_output=True, text=True, timeout=60, check=True)
    rows = json.loads(out.stdout)
    assert sorted(r["sources"] for r in rows) == [1, SOURCES, SOURCES]
