"""read -> extract -> write: the ingest run, idempotent, locked and crash-safe, with a run report.

Each article is written as its own named graph, all or nothing (a changed one in one transaction, new ones in
batches by the store's background loader), so a crash loses at most what was being written, an article's line
is logged once the store has it, and a rerun finishes the job: unchanged articles are recognised by the content
hash stored in their graph (state lives in the store, not in a side file).

A batch run (:func:`run_sources`) reads files, folders, feeds and URL lists. It is a pipeline of three
stages, each keeping the input order so that a run is deterministic:

1. reading and fetching (web pages fetched by a few threads: the work there is waiting),
2. parsing HTML and extracting events (ingest.extraction: in ``workers`` processes, or in this one),
3. writing, in this process only: the one writer holds the store's lock for the whole run.

An article whose content hash is already in the store is skipped before extraction. Feed entries and
listed pages already in the store are not even fetched again (entry fingerprints and conditional GET;
that state, ``feeds.json`` beside the store, only saves work: losing it never causes a duplicate).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph import curation
from graph.errors import UsageError
from graph.namespaces import ACTORS_GRAPH, DKG, XSD
from graph.store import Store, open_store, parse_store_url
from graph.writer import WriterSession
from ingest.actors import Registry
from ingest.article import Article, ArticleError
from ingest.events import Event, Extractor
from ingest.extraction import Extraction, LazyExtractor, Outcome, Skip, extract
from ingest.feeds import (
    FeedEntry,
    FeedError,
    FetchState,
    ParsedFeed,
    SourceSpec,
    html_to_text,
    parse_feed,
    read_url_list,
)
from ingest.fetch import FEED_ACCEPT, PAGE_ACCEPT, Fetcher, FetchError, HttpConfig
from ingest.rdf import article_iri
from ingest.sources import Item, Page, SourceError, Unit, decode_html, list_files, read_file, read_paths
from ingest.version import extractor_version

STATE_FILE = "feeds.json"
_FAILED = "failed:"  # marks a feed entry's fingerprint in the state when it failed for good
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass
class RunReport:
    """What an ingest run did (printed by ``dkg ingest``, written by ``--report``)."""

    store: str
    started: str = field(default_factory=lambda: _now())
    finished: str | None = None
    new: int = 0
    updated: int = 0
    reextracted: int = 0  # of the updated: unchanged articles read again by a newer extractor
    unchanged: int = 0
    failed: list[dict] = field(default_factory=list)
    events: int = 0
    triples_written: int = 0
    triples_added: int | None = None  # net change of the store's triple count over the run
    checkpoint: str | None = None
    workers: int = 1
    seconds: float | None = None
    articles_per_second: float | None = None  # articles read (new + updated + unchanged + failed) per second
    feeds: dict[str, int] = field(default_factory=lambda: {"fetched": 0, "not_modified": 0, "failed": 0})
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged + len(self.failed)

    def summary(self) -> str:
        added = "" if self.triples_added is None else f" ({self.triples_added:+,} net)"
        again = f" ({self.reextracted} re-extracted by a newer extractor)" if self.reextracted else ""
        return (f"{self.new} new, {self.updated} updated{again}, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; {self.events} events, {self.triples_written} triples written{added}")

    def to_json(self) -> str:
        data = asdict(self)
        data["failed_count"] = len(self.failed)
        return json.dumps(data, indent=2)


@dataclass
class RunEvent:
    """One line of a run's log: an article's outcome, a feed fetched, a warning, or more work planned."""

    status: str  # new | updated | unchanged | failed | feed | warning | planned
    source: str = ""
    title: str = ""
    events: int | None = None
    reason: str = ""
    count: int = 1  # for "planned": how many inputs were added to the run


Log = Callable[[RunEvent], None]
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
                _warn(self.report, self.log, f"correction {c.iri} ({c.kind} by {c.by} on {c.at[:10]}) no longer "
                                             "matches any extracted event: kept, see `dkg curate list`")
        self.wrote_articles = False

    def finish(self) -> None:
        """The session's end, with the run's warnings: the storylines and coding follow the events in the same
        checkpoint (also when a checkpoint published during the run already holds the last article)."""
        self.store.wait_for_writes()
        self.log_landed()  # every article's line before the run's warnings
        self.check_corrections()
        self.session.finish(warn=lambda message: _warn(self.report, self.log, message))
        if self.session.published_once:
            self.published()


def _iri(value: str):  # noqa: ANN202 - an rdflib URIRef
    from rdflib import URIRef

    return URIRef(value)


def ingest_items(target: WriterSession | Store, items: Iterable[Item], extractor: Extractor | None = None,
                 progress: Progress | None = None, report: RunReport | None = None) -> RunReport:
    """Write articles through a writer session (``with writer(url) as w: ingest_items(w, ...)``, which refreshes
    the storylines and coding and publishes when the block ends); bad items are reported and skipped.

    Given an open writable Store instead, the refresh and publishing are left to the caller (tests do this).
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
    writer.report.finished = _now()


def ingest_paths(paths: Iterable[str | Path], store_url: str | None = None, wait: float = 0.0,
                 progress: Progress | None = None) -> RunReport:
    """Ingest files and folders into the store at ``store_url`` and publish a checkpoint.

    Raises graph.store.StoreLocked when another writer holds the store longer than ``wait`` seconds.
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
    """Delete an article and exactly what was extracted from it."""
    store.drop_graph(article_iri(article))


# -- the batch run ---------------------------------------------------------------------------------------
@dataclass
class _Fetch:
    """A web page to fetch (stage 1), with what its Article needs besides the HTML."""

    url: str
    outlet: str | None = None
    feed_name: str | None = None
    entry: FeedEntry | None = None
    etag: str | None = None
    last_modified: str | None = None
    first_seen: str | None = None


@dataclass
class _Track:
    """Bookkeeping that follows one input through the stages, for the fetch state saved at the end."""

    feed: _FeedRun | None = None
    entry_key: str | None = None
    fingerprint: str | None = None
    page_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched: str | None = None


@dataclass
class _FeedRun:
    url: str
    etag: str | None
    last_modified: str | None
    done: dict[str, str] = field(default_factory=dict)
    incomplete: bool = False  # an entry failed transiently: keep the old validators so it is retried


@dataclass
class _Context:
    store: Store
    fetcher: Fetcher
    state: FetchState
    known: dict[str, str]
    first_seen: dict[str, str]
    recheck_hours: float
    log: Log | None
    report: RunReport
    feed_runs: list[_FeedRun] = field(default_factory=list)
    pages_changed: bool = False


def run_sources(specs: list[SourceSpec], store_url: str | None = None, *, wait: float = 0.0, workers: int = 1,
                http: HttpConfig | None = None, recheck_hours: float = 24.0, log: Log | None = None,
                reextract: bool = False) -> RunReport:
    """Ingest files, folders, feeds, URL lists and pages into the store, then publish a checkpoint.

    Takes the writer lock first (waiting up to ``wait`` seconds, else graph.store.StoreLocked), so two
    cron runs never fetch or write at the same time. Bad inputs are reported in the RunReport and
    skipped; ``workers`` > 1 extracts in that many processes. ``reextract`` extracts again the articles
    read even when they are unchanged (after the extraction rules or the gazetteer changed); feed entries
    and pages already stored are still not fetched again.
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
            _warn(report, log, state.warning)
        fetcher = Fetcher(http)
        ctx = _Context(store, fetcher, state, writer.known, _first_seen_dates(store), recheck_hours, log, report)
        try:
            stream = _read_stage(_inputs(specs, ctx), fetcher, threads=max(1, http.concurrency))
            with Extraction(workers, writer.skip, registry) as extraction:
                for track, out in extraction.map(stream):
                    status = writer.apply(out)
                    _record(ctx, track, out, status)
            writer.finish()
        finally:
            fetcher.close()
        _save_state(ctx)
        report.triples_added = store.count_triples() - before
    report.finished = _now()
    report.seconds = round(time.monotonic() - t0, 3)
    if report.seconds > 0:
        report.articles_per_second = round(report.articles / report.seconds, 2)
    return report


def _warn(report: RunReport, log: Log | None, message: str) -> None:
    report.warnings.append(message)
    if log:
        log(RunEvent("warning", reason=message))


def _first_seen_dates(store: Store) -> dict[str, str]:
    """Publication dates that were the fetch time: kept on refetch, so a page's content hash stays stable."""
    rows = store.select('SELECT ?g ?p WHERE { GRAPH ?g { ?g dkg:publishedSource "fetch-time" ; '
                        'schema:datePublished ?p } }')
    return {r["g"]: str(r["p"]) for r in rows}


def _url_iri(url: str) -> str:
    return str(article_iri(Article(title="-", text="-", url=url)))


def _inputs(specs: list[SourceSpec], ctx: _Context) -> Iterator[tuple[_Track, Unit | _Fetch | Skip]]:
    """Every input of the run in order: files read here, pages as fetches to do, feed entries decided."""
    files = [_listed(spec, ctx) if spec.kind == "path" else [] for spec in specs]
    _plan(ctx, sum(map(len, files)))  # files are listed first: the progress bar gets its total early
    for spec, spec_files in zip(specs, files, strict=True):
        try:
            yield from _spec_inputs(spec, spec_files, ctx)
        except Exception as e:  # noqa: BLE001 - an input nothing above foresaw costs its source, not the run
            _plan(ctx, 1)
            yield _Track(), SourceError(spec.target, f"could not read this source: {type(e).__name__}: {e}")


def _listed(spec: SourceSpec, ctx: _Context) -> list[Path | SourceError]:
    """The files of a path source; each file skipped for its type gets a warning line."""
    def skipped(path: Path, reason: str) -> None:
        _warn(ctx.report, ctx.log, f"{path}: skipped, {reason}")

    try:
        return list(list_files([spec.target], on_skip=skipped))
    except (OSError, ValueError) as e:  # an unreadable folder, a name with a NUL byte
        return [SourceError(spec.target, f"cannot list: {e}")]


def _spec_inputs(spec: SourceSpec, spec_files: list[Path | SourceError],
                 ctx: _Context) -> Iterator[tuple[_Track, Unit | _Fetch | Skip]]:
    """The inputs of one source of the run, in order."""
    if spec.kind == "path":
        for entry in spec_files:
            yield from _file_units(entry, spec, ctx)
    elif spec.kind == "url":
        _plan(ctx, 1)
        yield _page_input(spec.target, spec, ctx)
    elif spec.kind == "urls":
        items = list(read_url_list(spec.target))
        _plan(ctx, len(items))
        for item in items:
            yield (_Track(), item) if isinstance(item, SourceError) else _page_input(item, spec, ctx)
    elif spec.kind == "feed":
        yield from _feed_inputs(spec, ctx)
    else:
        raise UsageError(f"unknown source kind {spec.kind!r}")


def _plan(ctx: _Context, n: int) -> None:
    if ctx.log and n:
        ctx.log(RunEvent("planned", count=n))


def _file_units(entry: Path | SourceError, spec: SourceSpec, ctx: _Context) -> Iterator[tuple[_Track, Unit]]:
    if isinstance(entry, SourceError):
        yield _Track(), entry
        return
    n = 0
    for item in read_file(entry, defer_html=True):
        n += 1
        if n > 1:
            _plan(ctx, 1)  # a .json list or .jsonl file holds several articles
        if spec.outlet and isinstance(item, Article) and not item.source:
            item.source = spec.outlet
        elif spec.outlet and isinstance(item, Page):
            item.outlet = spec.outlet
        yield _Track(), item


def _page_input(url: str, spec: SourceSpec, ctx: _Context) -> tuple[_Track, _Fetch | Skip]:
    iri = _url_iri(url)
    track = _Track(page_url=url)
    previous = ctx.state.pages.get(url) or {}
    if iri in ctx.known:
        age_h = _hours_since(previous.get("fetched"))
        if age_h is not None and age_h < ctx.recheck_hours:
            return track, Skip(url)
        return track, _Fetch(url, outlet=spec.outlet, etag=previous.get("etag"),
                             last_modified=previous.get("last_modified"), first_seen=ctx.first_seen.get(iri))
    return track, _Fetch(url, outlet=spec.outlet)


def _feed_inputs(spec: SourceSpec, ctx: _Context) -> Iterator[tuple[_Track, Unit | _Fetch | Skip]]:
    url = spec.target
    previous = ctx.state.feeds.get(url) or {}
    try:
        resp = ctx.fetcher.fetch(url, etag=previous.get("etag"), last_modified=previous.get("last_modified"),
                                 accept=FEED_ACCEPT)
        if resp.not_modified:
            ctx.report.feeds["not_modified"] += 1
            if ctx.log:
                ctx.log(RunEvent("feed", url, reason="not modified since the last run"))
            return
        feed = parse_feed(resp.body, resp.final_url, resp.content_type)
    except Exception as e:  # noqa: BLE001 - FetchError, FeedError, or anything a parser meets: this feed's failure
        ctx.report.feeds["failed"] += 1
        _plan(ctx, 1)
        reason = str(e) if isinstance(e, FetchError | FeedError) else f"{type(e).__name__}: {e}"
        yield _Track(), SourceError(url, f"feed: {reason}", transient=getattr(e, "transient", False))
        return
    ctx.report.feeds["fetched"] += 1
    run = _FeedRun(url, resp.etag, resp.last_modified)
    ctx.feed_runs.append(run)
    if ctx.log:
        note = f"{len(feed.entries)} entries" + (f"; {feed.warning}" if feed.warning else "")
        ctx.log(RunEvent("feed", url, feed.title or "", reason=note))
    seen_before: dict[str, str] = previous.get("entries") or {}
    todo: list[tuple[_Track, Unit | _Fetch | Skip]] = []
    for entry in feed.entries:
        track = _Track(feed=run, entry_key=entry.key, fingerprint=entry.fingerprint)
        if not entry.link:
            if entry.problem and seen_before.get(entry.key) != entry.fingerprint:  # said once, not every run
                _warn(ctx.report, ctx.log, f"{url}: entry {entry.label}: {entry.problem}; "
                                           "its text is read from the feed instead")
            todo.append((track, _inline_entry(entry, url, spec, feed.title, ctx)))
            continue
        iri = _url_iri(entry.link)
        seen = seen_before.get(entry.key)
        if seen == _FAILED + entry.fingerprint:  # failed for good last time (a 404) and unchanged since
            run.done[entry.key] = seen
        elif seen == entry.fingerprint and iri in ctx.known:
            todo.append((track, Skip(entry.link, entry.title)))
        else:
            todo.append((track, _Fetch(entry.link, outlet=spec.outlet, feed_name=feed.title, entry=entry,
                                       first_seen=ctx.first_seen.get(iri))))
    todo += _rejected_entries(feed, run, seen_before)
    _plan(ctx, len(todo))
    yield from todo


def _rejected_entries(feed: ParsedFeed, run: _FeedRun,
                      seen_before: dict[str, str]) -> list[tuple[_Track, SourceError]]:
    """A failure for each entry that cannot become an article ("javascript:" link and no content...), reported
    when it first appears (or changes), like a page that failed for good."""
    out = []
    for entry in feed.rejected:
        if seen_before.get(entry.key) == _FAILED + entry.fingerprint:
            run.done[entry.key] = _FAILED + entry.fingerprint
            continue
        track = _Track(feed=run, entry_key=entry.key, fingerprint=entry.fingerprint)
        out.append((track, SourceError(f"{run.url}#{entry.entry_id or entry.fingerprint}",
                                       f"feed entry {entry.label}: {entry.problem}")))
    return out


def _inline_entry(entry: FeedEntry, feed_url: str, spec: SourceSpec, feed_name: str | None,
                  ctx: _Context) -> Unit:
    """An entry without a link is its own article: the text is the entry's content."""
    origin = f"{feed_url}#{entry.entry_id or entry.fingerprint}"
    try:
        probe = Article(title=entry.title or "-", text="-", id=entry.entry_id, origin=origin)
        published, source = entry.published, "feed"
        if not published:
            published, source = ctx.first_seen.get(str(article_iri(probe))) or _now(), "fetch-time"
        return Article(title=entry.title, text=html_to_text(entry.content_html or ""), id=entry.entry_id,
                       source=spec.outlet or feed_name, published=published, origin=origin,
                       published_from=source)
    except ArticleError as e:
        return SourceError(origin, str(e))


def _read_stage(inputs: Iterable[tuple[_Track, Unit | _Fetch | Skip]], fetcher: Fetcher,
                threads: int) -> Iterator[tuple[_Track, Unit | Skip]]:
    """Fetch pages with a few threads, keeping the input order; other inputs pass straight through."""
    def load(pair: tuple[_Track, _Fetch]) -> tuple[_Track, Unit | Skip]:
        track, task = pair
        return track, _fetch_page(task, track, fetcher)

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dkg-fetch") as pool:
        pending: collections.deque[Future | tuple] = collections.deque()
        for pair in inputs:
            pending.append(pool.submit(load, pair) if isinstance(pair[1], _Fetch) else pair)
            while len(pending) > threads * 4:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(x: Future | tuple) -> Any:
    return x.result() if isinstance(x, Future) else x


def _fetch_page(task: _Fetch, track: _Track, fetcher: Fetcher) -> Unit | Skip:
    try:
        resp = fetcher.fetch(task.url, etag=task.etag, last_modified=task.last_modified, accept=PAGE_ACCEPT)
    except FetchError as e:
        return SourceError(task.url, str(e), transient=e.transient)
    except Exception as e:  # noqa: BLE001 - whatever a URL or an answer does, it costs that page only
        return SourceError(task.url, f"could not fetch: {type(e).__name__}: {e}")
    track.fetched = _now()
    track.etag, track.last_modified = resp.etag, resp.last_modified
    if resp.not_modified:
        return Skip(task.url)
    if resp.content_type not in _HTML_TYPES:
        hint = " (a feed? give it with --feed, or as feed = in sources.toml)" if any(
            k in resp.content_type for k in ("rss", "atom", "xml", "json")) else ""
        return SourceError(task.url, f"not an HTML page (Content-Type {resp.content_type}){hint}")
    try:
        html = decode_html(resp.body, resp.charset)
    except ArticleError as e:
        return SourceError(task.url, str(e))
    entry = task.entry
    return Page(html=html, origin=task.url, url=task.url, fetched=track.fetched, first_seen=task.first_seen,
                feed_published=entry.published if entry else None, feed_title=entry.title if entry else None,
                feed_name=task.feed_name, outlet=task.outlet)


def _record(ctx: _Context, track: _Track, out: Outcome, status: str) -> None:
    """Note in the fetch state what this input's outcome means for the next run."""
    if track.feed is not None and track.entry_key is not None:
        if status == "failed" and out.transient:
            track.feed.incomplete = True
        else:  # done, or failed for good (a 404, no text): not fetched again until the entry changes
            track.feed.done[track.entry_key] = (_FAILED if status == "failed" else "") + (track.fingerprint or "")
    elif track.page_url is not None and track.fetched is not None and status != "failed":
        ctx.pages_changed = True
        ctx.state.pages[track.page_url] = {"etag": track.etag, "last_modified": track.last_modified,
                                           "fetched": track.fetched}


def _save_state(ctx: _Context) -> None:
    """Keep the new validators of each feed whose entries were all handled; a feed with an entry that
    failed transiently keeps its old validators, so the next run gets the full feed and retries it."""
    for run in ctx.feed_runs:
        previous = ctx.state.feeds.get(run.url) or {}
        if run.incomplete:
            entries = {**(previous.get("entries") or {}), **run.done}
            etag, last_modified = previous.get("etag"), previous.get("last_modified")
        else:
            entries, etag, last_modified = run.done, run.etag, run.last_modified
        ctx.state.feeds[run.url] = {"etag": etag, "last_modified": last_modified, "checked": _now(),
                                    "entries": entries}
    if not (ctx.feed_runs or ctx.pages_changed):
        return
    try:
        ctx.state.save()
    except OSError as e:
        _warn(ctx.report, ctx.log, f"could not save the fetch state: {e} (the next run fetches in full)")


def _hours_since(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        then = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return (dt.datetime.now(dt.UTC) - then).total_seconds() / 3600


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
