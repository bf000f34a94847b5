"""Named queries: which of an event's sentences stands for it in the timeline, the dashboard and the exports."""

from __future__ import annotations

import datetime as dt

from graph.exports import event_records
from graph.query import queries
from graph.storage.store import open_store
from ingest.actors import Actor
from ingest.article import Article
from ingest.dates import When
from ingest.events import Event
from ingest.rdf import article_iri, article_triples, event_iri

CARNEY = Actor(id="mark-carney", name="Mark Carney", kind="person")
TRUMP = Actor(id="donald-trump", name="Donald Trump", kind="person")


def test_best_evidence_names_most_actors_then_is_shortest():
    names = ["Mark Carney", "Donald Trump"]
    assert queries.best_evidence(["Officials watched the call.", "Trump said he spoke to Carney.",
                                  "Carney and Trump spoke by phone on Friday, both offices said."], names) \
        == "Trump said he spoke to Carney."
    assert queries.best_evidence(["A long sentence about the call.", "The call."], names) == "The call."
    assert queries.best_evidence([], names) is None


def test_timeline_rows_and_exports_show_the_sentence_naming_the_actors():
    store = open_store("memory:")
    sentences = ["European officials watched the call closely.",
                 "Prime Minister Mark Carney spoke with President Donald Trump by phone."]
    for n, sentence in enumerate(sentences):
        call = Event("Call", [CARNEY, TRUMP], when=When(dt.date(2025, 3, 28)), evidence=[sentence])
        art = Article(title=f"Report {n}", text=sentence, url=f"https://news.test/{n}", published="2025-03-29")
        store.replace_graph(article_iri(art), list(article_triples(art, [call])))
    iri = str(event_iri(call))
    (row,) = queries.event_rows(store, [iri])
    assert row["evidence"] == sentences[1] and row["sources"] == 2
    (record,) = event_records(store, [iri])
    assert record["evidence"] == sentences[1]
