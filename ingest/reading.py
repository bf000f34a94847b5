"""The batch run's reading plan: which inputs are read, fetched or skipped (files and folders, listed pages,
feed entries), the stage that fetches pages with a few threads, and the fetch state kept for the next run
(``feeds.json`` beside the store: entry fingerprints and HTTP validators; losing it never causes a duplicate).
ingest.pipeline coordinates: it plans with :func:`plan_inputs`, fetches with :func:`read_stage`, extracts and
writes, then notes each outcome (:func:`record_outcome`) and saves the state (:func:`save_state`)."""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import UsageError
from graph.storage.store import Store
from ingest.article import Article, ArticleError
from ingest.extraction import Outcome, Skip
from ingest.feeds import (
    FeedEntry,
    FeedError,
    FetchState,
    ParsedFeed,
    SourceSpec,
    parse_feed,
    read_url_list,
)
from ingest.fetch import FEED_ACCEPT, PAGE_ACCEPT, Fetcher, FetchError
from ingest.markup import html_to_text
from ingest.rdf import article_iri
from ingest.report import Log, RunEvent, RunReport, now, warn
from ingest.sources import Page, SourceError, Unit, decode_html, list_files, read_file

__all__ = ["STATE_FILE", "Fetch", "FeedRun", "ReadContext", "Track", "first_seen_dates", "plan_inputs", "read_stage",
           "record_outcome", "save_state"]

STATE_FILE = "feeds.json"
_FAILED = "failed:"  # marks a feed entry's fingerprint in the state when it failed for good
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass
class Fetch:
    """A web page to fetch (stage 1), with what its Article needs besides the HTML."""

    url: str
    outlet: str | None = None
    feed_name: str | None = None
    entry: FeedEntry | None = None
    etag: str | None = None
    last_modified: str | None = None
    first_seen: str | None = None


@dataclass
class Track:
    """Bookkeeping that follows one input through the stages, for the fetch state saved at the end."""

    feed: FeedRun | None = None
    entry_key: str | None = None
    fingerprint: str | None = None
    page_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched: str | None = None


@dataclass
class FeedRun:
    url: str
    etag: str | None
    last_modified: str | None
    done: dict[str, str] = field(default_factory=dict)
    incomplete: bool = False  # an entry failed transiently: keep the old validators so it is retried


@dataclass
class ReadContext:
    store: Store
    fetcher: Fetcher
    state: FetchState
    known: dict[str, str]
    first_seen: dict[str, str]
    recheck_hours: float
    log: Log | None
    report: RunReport
    feed_runs: list[FeedRun] = field(default_factory=list)
    pages_changed: bool = False


def first_seen_dates(store: Store) -> dict[str, str]:
    """Publication dates that were the fetch time: kept on refetch, so a page's content hash stays stable."""
    rows = store.select('SELECT ?g ?p WHERE { GRAPH ?g { ?g dkg:publishedSource "fetch-time" ; '
                        'schema:datePublished ?p } }')
    return {r["g"]: str(r["p"]) for r in rows}


def _url_iri(url: str) -> str:
    return str(article_iri(Article(title="-", text="-", url=url)))


def plan_inputs(specs: list[SourceSpec], ctx: ReadContext) -> Iterator[tuple[Track, Unit | Fetch | Skip]]:
    """Every input of the run in order: files read here, pages as fetches to do, feed entries decided."""
    files = [_listed(spec, ctx) if spec.kind == "path" else [] for spec in specs]
    _plan(ctx, sum(map(len, files)))  # files are listed first: the progress bar gets its total early
    for spec, spec_files in zip(specs, files, strict=True):
        try:
            yield from _spec_inputs(spec, spec_files, ctx)
        except Exception as e:  # noqa: BLE001 - an input nothing above foresaw costs its source, not the run
            _plan(ctx, 1)
            yield Track(), SourceError(spec.target, f"could not read this source: {type(e).__name__}: {e}")


def _listed(spec: SourceSpec, ctx: ReadContext) -> list[Path | SourceError]:
    """The files of a path source; each file skipped for its type gets a warning line."""
    def skipped(path: Path, reason: str) -> None:
        warn(ctx.report, ctx.log, f"{path}: skipped, {reason}")

    try:
        return list(list_files([spec.target], on_skip=skipped))
    except (OSError, ValueError) as e:  # an unreadable folder, a name with a NUL byte
        return [SourceError(spec.target, f"cannot list: {e}")]


def _spec_inputs(spec: SourceSpec, spec_files: list[Path | SourceError],
                 ctx: ReadContext) -> Iterator[tuple[Track, Unit | Fetch | Skip]]:
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
            yield (Track(), item) if isinstance(item, SourceError) else _page_input(item, spec, ctx)
    elif spec.kind == "feed":
        yield from _feed_inputs(spec, ctx)
    else:
        raise UsageError(f"unknown source kind {spec.kind!r}")


def _plan(ctx: ReadContext, n: int) -> None:
    if ctx.log and n:
        ctx.log(RunEvent("planned", count=n))


def _file_units(entry: Path | SourceError, spec: SourceSpec, ctx: ReadContext) -> Iterator[tuple[Track, Unit]]:
    if isinstance(entry, SourceError):
        yield Track(), entry
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
        yield Track(), item


def _page_input(url: str, spec: SourceSpec, ctx: ReadContext) -> tuple[Track, Fetch | Skip]:
    iri = _url_iri(url)
    track = Track(page_url=url)
    previous = ctx.state.pages.get(url) or {}
    if iri in ctx.known:
        age_h = _hours_since(previous.get("fetched"))
        if age_h is not None and age_h < ctx.recheck_hours:
            return track, Skip(url)
        return track, Fetch(url, outlet=spec.outlet, etag=previous.get("etag"),
                             last_modified=previous.get("last_modified"), first_seen=ctx.first_seen.get(iri))
    return track, Fetch(url, outlet=spec.outlet)


def _feed_inputs(spec: SourceSpec, ctx: ReadContext) -> Iterator[tuple[Track, Unit | Fetch | Skip]]:
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
        yield Track(), SourceError(url, f"feed: {reason}", transient=getattr(e, "transient", False))
        return
    ctx.report.feeds["fetched"] += 1
    run = FeedRun(url, resp.etag, resp.last_modified)
    ctx.feed_runs.append(run)
    if ctx.log:
        note = f"{len(feed.entries)} entries" + (f"; {feed.warning}" if feed.warning else "")
        ctx.log(RunEvent("feed", url, feed.title or "", reason=note))
    seen_before: dict[str, str] = previous.get("entries") or {}
    todo: list[tuple[Track, Unit | Fetch | Skip]] = []
    for entry in feed.entries:
        track = Track(feed=run, entry_key=entry.key, fingerprint=entry.fingerprint)
        if not entry.link:
            if entry.problem and seen_before.get(entry.key) != entry.fingerprint:  # said once, not every run
                warn(ctx.report, ctx.log, f"{url}: entry {entry.label}: {entry.problem}; "
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
            todo.append((track, Fetch(entry.link, outlet=spec.outlet, feed_name=feed.title, entry=entry,
                                       first_seen=ctx.first_seen.get(iri))))
    todo += _rejected_entries(feed, run, seen_before)
    _plan(ctx, len(todo))
    yield from todo


def _rejected_entries(feed: ParsedFeed, run: FeedRun,
                      seen_before: dict[str, str]) -> list[tuple[Track, SourceError]]:
    """A failure for each entry that cannot become an article ("javascript:" link and no content...), reported
    when it first appears (or changes), like a page that failed for good."""
    out = []
    for entry in feed.rejected:
        if seen_before.get(entry.key) == _FAILED + entry.fingerprint:
            run.done[entry.key] = _FAILED + entry.fingerprint
            continue
        track = Track(feed=run, entry_key=entry.key, fingerprint=entry.fingerprint)
        out.append((track, SourceError(f"{run.url}#{entry.entry_id or entry.fingerprint}",
                                       f"feed entry {entry.label}: {entry.problem}")))
    return out


def _inline_entry(entry: FeedEntry, feed_url: str, spec: SourceSpec, feed_name: str | None,
                  ctx: ReadContext) -> Unit:
    """An entry without a link is its own article: the text is the entry's content."""
    origin = f"{feed_url}#{entry.entry_id or entry.fingerprint}"
    try:
        probe = Article(title=entry.title or "-", text="-", id=entry.entry_id, origin=origin)
        published, source = entry.published, "feed"
        if not published:
            published, source = ctx.first_seen.get(str(article_iri(probe))) or now(), "fetch-time"
        return Article(title=entry.title, text=html_to_text(entry.content_html or ""), id=entry.entry_id,
                       source=spec.outlet or feed_name, published=published, origin=origin,
                       published_from=source)
    except ArticleError as e:
        return SourceError(origin, str(e))


def read_stage(inputs: Iterable[tuple[Track, Unit | Fetch | Skip]], fetcher: Fetcher,
                threads: int) -> Iterator[tuple[Track, Unit | Skip]]:
    """Fetch pages with a few threads, keeping the input order; other inputs pass straight through."""
    def load(pair: tuple[Track, Fetch]) -> tuple[Track, Unit | Skip]:
        track, task = pair
        return track, _fetch_page(task, track, fetcher)

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dkg-fetch") as pool:
        pending: collections.deque[Future | tuple] = collections.deque()
        for pair in inputs:
            pending.append(pool.submit(load, pair) if isinstance(pair[1], Fetch) else pair)
            while len(pending) > threads * 4:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(x: Future | tuple) -> Any:
    return x.result() if isinstance(x, Future) else x


def _fetch_page(task: Fetch, track: Track, fetcher: Fetcher) -> Unit | Skip:
    try:
        resp = fetcher.fetch(task.url, etag=task.etag, last_modified=task.last_modified, accept=PAGE_ACCEPT)
    except FetchError as e:
        return SourceError(task.url, str(e), transient=e.transient)
    except Exception as e:  # noqa: BLE001 - whatever a URL or an answer does, it costs that page only
        return SourceError(task.url, f"could not fetch: {type(e).__name__}: {e}")
    track.fetched = now()
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


def record_outcome(ctx: ReadContext, track: Track, out: Outcome, status: str) -> None:
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


def save_state(ctx: ReadContext) -> None:
    """Keep the new validators of each feed whose entries were all handled; a feed with an entry that
    failed transiently keeps its old validators, so the next run gets the full feed and retries it."""
    for run in ctx.feed_runs:
        previous = ctx.state.feeds.get(run.url) or {}
        if run.incomplete:
            entries = {**(previous.get("entries") or {}), **run.done}
            etag, last_modified = previous.get("etag"), previous.get("last_modified")
        else:
            entries, etag, last_modified = run.done, run.etag, run.last_modified
        ctx.state.feeds[run.url] = {"etag": etag, "last_modified": last_modified, "checked": now(),
                                    "entries": entries}
    if not (ctx.feed_runs or ctx.pages_changed):
        return
    try:
        ctx.state.save()
    except OSError as e:
        warn(ctx.report, ctx.log, f"could not save the fetch state: {e} (the next run fetches in full)")


def _hours_since(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        then = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return (dt.datetime.now(dt.UTC) - then).total_seconds() / 3600
