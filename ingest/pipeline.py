"""read -> extract -> write: the ingest run, idempotent and locked, with a run report.

Each article is written as its own named graph in one transaction, so a crash loses at most the
article being written and a rerun finishes the job: unchanged articles are recognised by the content
hash stored in their graph (state lives in the store, not in a side file).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.namespaces import ACTORS_GRAPH, DKG, XSD
from graph.store import Store, open_store
from ingest.actors import Registry
from ingest.article import Article
from ingest.events import Event, Extractor
from ingest.rdf import article_iri, article_triples
from ingest.sources import Item, SourceError, read_paths


@dataclass
class RunReport:
    """What an ingest run did (printed by ``dkg ingest``, written by ``--report``)."""

    store: str
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    finished: str | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[dict] = field(default_factory=list)
    events: int = 0
    triples_written: int = 0
    checkpoint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; {self.events} events, {self.triples_written} triples written")

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


Progress = Callable[[str, Item, list[Event] | None], None]


def sync_actors(store: Store, registry: Registry) -> bool:
    """Write the gazetteer into its own graph when it changed; True when it was rewritten."""
    current = store.graph_hashes().get(str(ACTORS_GRAPH))
    if current == registry.content_hash:
        return False
    triples = list(registry.triples())
    from rdflib import Literal

    triples.append((ACTORS_GRAPH, DKG.contentHash, Literal(registry.content_hash)))
    triples.append((ACTORS_GRAPH, DKG.extractorVersion, Literal(registry.version, datatype=XSD.string)))
    store.replace_graph(ACTORS_GRAPH, triples)
    return True


def ingest_items(store: Store, items: Iterable[Item], extractor: Extractor | None = None,
                 progress: Progress | None = None, report: RunReport | None = None) -> RunReport:
    """Write articles into an open writable store; bad items are reported and skipped."""
    extractor = extractor or Extractor()
    report = report or RunReport(store=store.url)
    sync_actors(store, extractor.registry)
    known = store.graph_hashes()
    for item in items:
        if isinstance(item, SourceError):
            report.failed.append({"source": item.source, "reason": item.reason})
            if progress:
                progress("failed", item, None)
            continue
        status, events = _ingest_one(store, item, extractor, known, report)
        if progress:
            progress(status, item, events)
    report.finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return report


def _ingest_one(store: Store, article: Article, extractor: Extractor, known: dict[str, str],
                report: RunReport) -> tuple[str, list[Event] | None]:
    iri = article_iri(article)
    previous = known.get(str(iri))
    if previous == article.content_hash:
        report.unchanged += 1
        return "unchanged", None
    try:
        events = extractor(article)
        triples = list(article_triples(article, events))
        report.triples_written += store.replace_graph(iri, triples)
    except Exception as e:  # noqa: BLE001 - one article's failure must not stop the batch
        report.failed.append({"source": article.origin or article.title, "reason": f"{type(e).__name__}: {e}"})
        return "failed", None
    known[str(iri)] = article.content_hash
    report.events += len(events)
    if previous is None:
        report.new += 1
        return "new", events
    report.updated += 1
    return "updated", events


def ingest_paths(paths: Iterable[str | Path], store_url: str | None = None, wait: float = 0.0,
                 progress: Progress | None = None) -> RunReport:
    """Ingest files and folders into the store at ``store_url`` and publish a checkpoint.

    Raises graph.store.StoreLocked when another writer holds the store longer than ``wait`` seconds.
    """
    with open_store(store_url, write=True, wait=wait) as store:
        report = ingest_items(store, read_paths(paths), progress=progress)
        if report.new or report.updated or store.published() is None:
            report.checkpoint = store.publish()
    return report


def remove_article(store: Store, article: Article) -> None:
    """Delete an article and exactly what was extracted from it."""
    store.drop_graph(article_iri(article))
