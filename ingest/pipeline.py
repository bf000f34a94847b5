"""read -> extract -> write: the ingest run, idempotent, locked and crash-safe, with a run report.

Each article is written as its own named graph, all or nothing (a changed one in one transaction, new ones in
batches by the store's background loader), so a crash loses at most what was being written, an article's line
is logged once the store has it, and a rerun finishes the job: unchanged articles are recognised by the content
hash stored in their graph (state lives in the store, not in a side file).

A batch run (:func:`run_sources`) reads files, folders, feeds and URL lists. It is a pipeline of three
stages, each keeping the input order so that a run is deterministic:

1. reading and fetching (ingest.reading: the plan of what to read, fetch or skip, and web pages fetched by a
   few threads: the work there is waiting),
2. parsing HTML and extracting events (ingest.extraction: in ``workers`` processes, or in this one),
3. writing, in this process only, in a writer session (graph.write.writer) that holds the store's lock for the
   whole run; the run's report and log lines are ingest.report's.

This module only coordinates the stages.

An article whose content hash is already in the store is skipped before extraction. Feed entries and
listed pages already in the store are not even fetched again (entry fingerprints and conditional GET;
that state, ``feeds.json`` beside the store, only saves work: losing it never causes a duplicate).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.errors import UsageError
from graph.namespaces import ACTORS_GRAPH, DKG, XSD
from graph.storage.store import Store, open_store, parse_store_url
from graph.write import curation
from graph.write.writer import WriterSession
from ingest.actors import Registry
from ingest.article import Article
from ingest.events import Event, Extractor
from ingest.extraction import Extraction, LazyExtractor, Outcome, extract
from ingest.feeds import FetchState, SourceSpec
from ingest.fetch import Fetcher, HttpConfig
from ingest.rdf import article_iri
from ingest.reading import (
    STATE_FILE,
    ReadContext,
    first_seen_dates,
    plan_inputs,
    read_stage,
    record_outcome,
    save_state,
)
from ingest.report import Log, RunEvent, RunReport, now, warn
from ingest.sources import Item, read_paths
from ingest.version import extractor_version

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


# -- writing: the one writer ---------------------------------------------------------------------------
class _Writer:
    """Applies outcomes to the open store: skips, replaces graphs, counts, and publishes checkpoints."""

    def __init__(self, session: WriterSession, report: RunReport, log: Log | None, reextract: bool = False) -> None:
        self.session = session
        self.store = store = session.store
        self.report = report
        self.log = log
        self.known = store.graph_hashes()
        version = extractor_version()
        versions = store.graph_versions()  # an article stored before versions were recorded is older too
        self.older = {g for g in self.known if g != str(ACTORS_GRAPH) and versions.get(g) != version}
        # What extraction may skip as unchanged: what is stored and was extracted by this extractor, or
        # (re-extracting) only what this run has written already, so an article read twice is still done once.
        self.skip = {} if reextract else {g: h for g, h in self.known.items() if g not in self.older}
        self.stored_first = set(self.known)  # graphs that existed before this run
        self.corrections = curation.Replay(curation.corrections(store))  # replayed on every article written
        self.wrote_articles = False  # since the last check of the corrections
        self.wrote_any = False  # in this run
        self._unlanded: dict[str, RunEvent] = {}  # written, logged once the store's background loader has them

    def apply(self, out: Outcome) -> str:
        """Write one outcome; returns its final status (new, updated, unchanged, failed)."""
        status = out.status
        if status == "extracted" and self.skip.get(out.iri) == out.content_hash:
            status = "unchanged"  # the same article twice in one run (extracted in parallel)
        if status == "extracted":
            try:
                self.before_write()
                triples = out.triples or []
                if self.corrections:
                    triples = curation.curate(_iri(out.iri), triples, self.corrections)
                self.report.triples_written += self.store.replace_graph(_iri(out.iri), triples)
            except Exception as e:  # noqa: BLE001 - reported like any failure; the run goes on
                status, out.reason = "failed", f"could not write to the store: {e}"
            else:
                status = "updated" if out.iri in self.known else "new"
                if out.iri in self.older and self.known.get(out.iri) == out.content_hash:
                    self.report.reextracted += 1
                    self.older.discard(out.iri)
                self.wrote_articles = self.wrote_any = True
                self.known[out.iri] = self.skip[out.iri] = out.content_hash
                self.report.events += out.n_events
        if status == "failed":
            failure = {"source": out.source, "reason": out.reason}
            if out.transient:
                failure["transient"] = True
            self.report.failed.append(failure)
        elif status == "unchanged":
            self.report.unchanged += 1
        elif status == "new":
            self.report.new += 1
        else:
            self.report.updated += 1
        if self.log:
            event = RunEvent(status, out.source, out.title, out.n_events if status in ("new", "updated") else None,
                             out.reason)
            if status in ("new", "updated") and self.store.in_flight(out.iri):
                self._unlanded[out.iri] = event  # a line saying "new" means the store has it
            else:
                self.log(event)
        self.log_landed()
        if self.session.publish_if_due():
            self.published()
        return status

    def log_landed(self) -> None:
        """Log the articles the store has taken in since the last call."""
        for iri in self.store.landed():
            event = self._unlanded.pop(iri, None)
            if event is not None and self.log:
                self.log(event)

    def sync_actors(self, registry: Registry) -> None:
        """Write the gazetteer's graph when it changed (an unpublished write like any other)."""
        if self.known.get(str(ACTORS_GRAPH)) != registry.content_hash:
            self.before_write()
            sync_actors(self.store, registry)
            self.known[str(ACTORS_GRAPH)] = registry.content_hash

    def before_write(self) -> None:
        """Mark the store as holding unpublished writes (the session's mark survives a crash)."""
        self.session.begin_write()

    def published(self) -> None:
        self.report.checkpoint = self.session.checkpoint
        self.log_landed()

    def check_corrections(self) -> None:
        """Warn about corrections whose events the articles written in this run no longer give."""
        if self.wrote_articles and self.corrections:
            for c in curation.orphaned(self.store):
                warn(self.report, self.log, f"correction {c.iri} ({c.kind} by {c.by} on {c.at[:10]}) no longer "
                                             "matches any extracted event: kept, see `dkg curate list`")
        self.wrote_articles = False

    def finish(self) -> None:
        """The session's end, with the run's warnings: the storylines and coding follow the events in the same
        checkpoint (also when a checkpoint published during the run already holds the last article)."""
        self.store.wait_for_writes()
        self.log_landed()  # every article's line before the run's warnings
        self.check_corrections()
        self.session.finish(warn=lambda message: warn(self.report, self.log, message))
        if self.session.published_once:
            self.published()


def _iri(value: str):  # noqa: ANN202 - an rdflib URIRef
    from rdflib import URIRef

    return URIRef(value)


def ingest_items(target: WriterSession | Store, items: Iterable[Item], extractor: Extractor | None = None,
                 progress: Progress | None = None, report: RunReport | None = None) -> RunReport:
    """Write articles through a writer session; bad items are reported and skipped.

    With a session (``with writer(url) as w: ingest_items(w, ...)``), the storylines and coding are refreshed
    and a checkpoint published when the block ends. Given an open writable Store instead, the refresh and
    publishing are left to the caller (tests do this).

    Parameters
    ----------
    target : WriterSession or Store
        Where to write.
    items : iterable of Article, Page or SourceError
        What :func:`ingest.sources.read_paths` yields (or Articles made by hand).
    extractor : Extractor, optional
        Default: one on the bundled gazetteer, loaded on first use.
    progress : callable, optional
        Told ``(status, item, events)`` after each item.
    report : RunReport, optional
        A report to add to.

    Returns
    -------
    RunReport

    Examples
    --------
    >>> from graph.write.writer import writer
    >>> from ingest.article import Article
    >>> article = Article(title="Carney calls Trump", published="2025-03-28",
    ...                   text="Prime Minister Mark Carney spoke with President Donald Trump by phone on Friday.")
    >>> with writer("memory:") as w:
    ...     report = ingest_items(w, [article])
    >>> report.new, report.events
    (1, 1)
    """
    session = target if isinstance(target, WriterSession) else WriterSession(target)
    report = report or RunReport(store=session.store.url)
    _ingest_items(_Writer(session, report, None), items, extractor, progress)
    return report


def _ingest_items(writer: _Writer, items: Iterable[Item], extractor: Extractor | None,
                  progress: Progress | None) -> None:
    lazy = LazyExtractor(extractor.registry if extractor else Registry.load(), extractor)
    writer.sync_actors(lazy.registry)
    for item in items:
        out = extract(item, lazy, writer.skip, keep_events=True)  # type: ignore[arg-type]
        status = writer.apply(out)
        if progress:
            progress(status, item, out.events if status in ("new", "updated") else None)
    writer.check_corrections()
    writer.report.finished = now()


def ingest_paths(paths: Iterable[str | Path], store_url: str | None = None, wait: float = 0.0,
                 progress: Progress | None = None) -> RunReport:
    """Ingest files and folders into the store at ``store_url`` and publish a checkpoint.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders, as for :func:`ingest.sources.read_paths`.
    store_url : str, optional
        Default ``$DKG_STORE`` or ``oxigraph:data/store``.
    wait : float
        Seconds to wait for another writer.
    progress : callable, optional
        Told ``(status, item, events)`` after each item.

    Returns
    -------
    RunReport
        ``ok`` when every input was read.

    Raises
    ------
    StoreLocked
        When another writer holds the store longer than ``wait`` seconds (graph.errors).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "call.txt").write_text("published: 2025-03-28\\nCarney calls Trump\\n\\n"
    ...                                     "Mark Carney spoke with Donald Trump by phone on Friday.\\n")
    >>> report = ingest_paths([folder], "memory:")
    >>> report.ok, report.new, report.events
    (True, 1, 1)
    """
    with open_store(store_url, write=True, wait=wait) as store:
        report = RunReport(store=store.url)
        writer = _Writer(WriterSession(store), report, None)

        def skipped(path: Path, reason: str) -> None:
            report.warnings.append(f"{path}: skipped, {reason}")

        _ingest_items(writer, read_paths(paths, on_skip=skipped), None, progress)
        writer.finish()
    return report


def remove_article(store: Store, article: Article) -> None:
    """Delete an article and exactly what was extracted from it (its named graph).

    Parameters
    ----------
    store : Store
        A writable store.
    article : Article
        The article, as read (its key names its graph).

    Examples
    --------
    >>> from graph.storage.store import open_store
    >>> from ingest.article import Article
    >>> article = Article(title="Carney calls Trump", published="2025-03-28",
    ...                   text="Mark Carney spoke with Donald Trump by phone on Friday.")
    >>> store = open_store("memory:")
    >>> _ = ingest_items(store, [article])
    >>> remove_article(store, article)
    >>> store.ask("ASK { ?e dkg:status ?s }")
    False
    """
    store.drop_graph(article_iri(article))


# -- the batch run ---------------------------------------------------------------------------------------
def run_sources(specs: list[SourceSpec], store_url: str | None = None, *, wait: float = 0.0, workers: int = 1,
                http: HttpConfig | None = None, recheck_hours: float = 24.0, log: Log | None = None,
                reextract: bool = False) -> RunReport:
    """Ingest files, folders, feeds, URL lists and pages into the store, then publish a checkpoint.

    Takes the writer lock first (waiting up to ``wait`` seconds, else graph.errors.StoreLocked), so two
    cron runs never fetch or write at the same time. Bad inputs are reported in the RunReport and
    skipped; ``workers`` > 1 extracts in that many processes. ``reextract`` extracts again the articles
    read even when they are unchanged (after the extraction rules or the gazetteer changed); feed entries
    and pages already stored are still not fetched again.

    Parameters
    ----------
    specs : list of SourceSpec
        What to read: files and folders (``path``), feeds, URL lists, pages.
    store_url : str, optional
        Default ``$DKG_STORE`` or ``oxigraph:data/store``.
    wait : float
        Seconds to wait for another writer.
    workers : int
        Extract in this many processes.
    http : HttpConfig, optional
        Time limits, size limits and the user agent of fetches.
    recheck_hours : float
        How long a fetched page is not fetched again.
    log : callable, optional
        Told each line of the run's log.
    reextract : bool
        Extract again the articles read even when unchanged.

    Returns
    -------
    RunReport

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from ingest.feeds import SourceSpec
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "call.txt").write_text("published: 2025-03-28\\nCarney calls Trump\\n\\n"
    ...                                     "Mark Carney spoke with Donald Trump by phone on Friday.\\n")
    >>> run_sources([SourceSpec("path", str(folder))], "memory:").new
    1
    """
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    http = http or HttpConfig()
    t0 = time.monotonic()
    with open_store(store_url, write=True, wait=wait) as store:
        report = RunReport(store=store.url, workers=workers)
        before = store.count_triples()
        registry = Registry.load()
        writer = _Writer(WriterSession(store), report, log, reextract=reextract)
        writer.sync_actors(registry)

        scheme, location = parse_store_url(store.url)
        state = FetchState.load(Path(location) / STATE_FILE if scheme == "oxigraph" else None)
        if state.warning:
            warn(report, log, state.warning)
        fetcher = Fetcher(http)
        ctx = ReadContext(store, fetcher, state, writer.known, first_seen_dates(store), recheck_hours, log, report)
        try:
            stream = read_stage(plan_inputs(specs, ctx), fetcher, threads=max(1, http.concurrency))
            with Extraction(workers, writer.skip, registry) as extraction:
                for track, out in extraction.map(stream):
                    status = writer.apply(out)
                    record_outcome(ctx, track, out, status)
            writer.finish()
        finally:
            fetcher.close()
        save_state(ctx)
        report.triples_added = store.count_triples() - before
    report.finished = now()
    report.seconds = round(time.monotonic() - t0, 3)
    if report.seconds > 0:
        report.articles_per_second = round(report.articles / report.seconds, 2)
    return report
