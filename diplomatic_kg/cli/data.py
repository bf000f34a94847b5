"""Data commands: ingest, stats, demo."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from diplomatic_kg.cli.options import store_option
from graph.query import queries
from graph.storage.store import open_store
from ingest.feeds import SourceSpec, load_sources
from ingest.fetch import HttpConfig
from ingest.pipeline import RunEvent, RunReport, run_sources

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def run_ingest(paths: list[str], store_url: str, wait: float, quiet: bool, report_file: str | None = None, *,
               feeds: tuple[str, ...] = (), url_lists: tuple[str, ...] = (), sources_file: str | None = None,
               workers: int = 1, verbose: bool = False, progress: bool | None = None,
               reextract: bool = False) -> RunReport:
    """Run an ingest as ``dkg ingest`` does: paths and page URLs, feeds, URL lists and a sources.toml.

    Shows a progress bar when stderr is a terminal (or ``progress=True``), else one line per event
    with a UTC timestamp (for cron logs). Raises StoreLocked (exit 75 in the CLI) when another writer
    keeps the store longer than ``wait`` seconds.
    """
    specs: list[SourceSpec] = []
    http, recheck = HttpConfig(), 24.0
    if sources_file:
        config = load_sources(sources_file)
        specs.extend(config.sources)
        http, recheck = config.http, config.recheck_hours
    for p in paths:
        specs.append(SourceSpec("url" if p.startswith(("http://", "https://")) else "path", p))
    specs.extend(SourceSpec("feed", f) for f in feeds)
    specs.extend(SourceSpec("urls", u) for u in url_lists)
    for spec in specs:
        if spec.kind == "feed" and not spec.target.startswith(("http://", "https://")):
            raise click.BadParameter(f"not an http(s) URL: {spec.target}", param_hint="--feed")
    if not specs:
        raise click.UsageError("nothing to ingest: give files, folders or URLs, --feed, --urls or --sources")
    show_bar = sys.stderr.isatty() if progress is None else progress
    out = _BarOutput(quiet, verbose) if show_bar else _LogOutput(quiet, verbose)
    try:
        report = run_sources(specs, store_url, wait=wait, workers=workers, http=http, recheck_hours=recheck,
                             log=out, reextract=reextract)
    finally:
        out.close()
    out.finish(report)
    if report_file:
        _write_atomically(Path(report_file), report.to_json() + "\n")
    return report


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _LogOutput:
    """One plain line per event, timestamped: what cron mails or a log file keeps."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose

    def __call__(self, ev: RunEvent) -> None:
        if ev.status == "planned":
            return
        if ev.status in ("failed", "warning"):
            click.echo(f"{_stamp()} {ev.status:<9} {ev.source + ': ' if ev.source else ''}{ev.reason}", err=True)
        elif self.quiet or (ev.status == "unchanged" and not self.verbose):
            return
        elif ev.status == "feed":
            click.echo(f"{_stamp()} feed      {ev.source}: {ev.reason}")
        else:
            n = "" if ev.events is None else f" ({ev.events} events)"
            title = f" {ev.title!r}" if ev.title and ev.title != ev.source else ""
            click.echo(f"{_stamp()} {ev.status:<9} {ev.source}{title}{n}")

    def close(self) -> None:
        pass

    def finish(self, report: RunReport) -> None:
        rate = f" in {report.seconds:.1f} s" if report.seconds is not None else ""
        click.echo(f"{_stamp()} done      {report.summary()}{rate}")


class _BarOutput:
    """A progress bar on the terminal; failures (and with -v every article) printed above it."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        from tqdm import tqdm

        self.quiet, self.verbose = quiet, verbose
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}
        self.bar = tqdm(total=0, unit=" articles", file=sys.stderr, dynamic_ncols=True, disable=quiet)
        self._write = tqdm.write

    def __call__(self, ev: RunEvent) -> None:
        if ev.status == "planned":
            self.bar.total += ev.count
            self.bar.refresh()
            return
        if ev.status in ("failed", "warning"):
            self._write(f"{ev.status:<9} {ev.source + ': ' if ev.source else ''}{ev.reason}", file=sys.stderr)
        elif self.verbose and ev.status != "feed":
            n = "" if ev.events is None else f" ({ev.events} events)"
            self._write(f"{ev.status:<9} {ev.title or ev.source}{n}", file=sys.stderr)
        elif self.verbose:
            self._write(f"feed      {ev.source}: {ev.reason}", file=sys.stderr)
        if ev.status in self.counts:
            self.counts[ev.status] += 1
            self.bar.set_postfix(self.counts, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()

    def finish(self, report: RunReport) -> None:
        rate = f" in {report.seconds:.1f} s" if report.seconds is not None else ""
        click.echo(f"{report.summary()}{rate}")


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False),
              help="A sources.toml listing folders, files, feeds, URL lists and pages (see README).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS, Atom or JSON feed (repeatable).")
@click.option("--urls", "url_lists", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A file of page URLs, one per line (repeatable).")
@store_option
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait for another writer to finish (then exit code 75).")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes extracting events in parallel (the store has one writer).")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Also print every unchanged article.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar, or one timestamped line per event. Default: a bar when run in a terminal.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="Write a JSON run report to this file.")
@click.option("--reextract", is_flag=True,
              help="Extract again the articles read even if unchanged (after an upgrade of the rules or the "
                   "gazetteer); corrections are replayed on the new extraction.")
def ingest(inputs: tuple[str, ...], sources_file: str | None, feeds: tuple[str, ...], url_lists: tuple[str, ...],
           store_url: str, wait: float, workers: int, quiet: bool, verbose: bool, progress: bool | None,
           report_file: str | None, reextract: bool) -> None:
    """Ingest articles from files, folders, web pages, feeds and URL lists into the store.

    INPUTS are files or folders (.txt .md .json .jsonl .html, folders recursively) and page URLs.
    Unchanged articles are skipped (feed entries and pages already stored are not even fetched
    again), edited ones replace their own graph, unreadable ones are reported and skipped.
    Exit codes: 0 all read, 1 some inputs failed (each reported), 2 usage or configuration error,
    75 another process kept the store busy longer than --wait.

    \b
    Example:
      dkg ingest data/samples/ ~/news/2025-03.jsonl
      dkg ingest --feed https://example.org/world/rss.xml --urls reading-list.txt
      dkg ingest --sources sources.toml --wait 300 --workers 2 --report last-run.json
      dkg ingest data/samples/ --reextract       # after upgrading diplomatic-kg
    """
    report = run_ingest(list(inputs), store_url, wait, quiet, report_file, feeds=feeds, url_lists=url_lists,
                        sources_file=sources_file, workers=workers, verbose=verbose, progress=progress,
                        reextract=reextract)
    sys.exit(0 if report.ok else 1)


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(store_url: str, as_json: bool) -> None:
    """Counts of triples, articles, events by type and actors.

    \b
    Example:
      dkg stats --json
    """
    s = queries.stats(open_store(store_url))
    if as_json:
        click.echo(json.dumps(s, indent=2))
        return
    click.echo(f"triples   {s['triples']:>9,}")
    click.echo(f"articles  {s['articles']:>9,}")
    click.echo(f"events    {s['events']:>9,}  " + ", ".join(f"{k} {v:,}" for k, v in s["by_type"].items()))
    click.echo(f"events with several sources {s['events_with_several_sources']:,}")
    click.echo(f"actors in events {s['actors_in_events']:,} (gazetteer {s['gazetteer_actors']:,})")


@click.command()
@store_option
@click.option("--no-app", is_flag=True, help="Only ingest and print the timeline; do not start the dashboard.")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Dashboard port.")
def demo(store_url: str, no_app: bool, port: int) -> None:
    """Ingest the bundled sample articles, print the timeline, then open the dashboard on them.

    The dashboard starts only when run from a terminal (not from cron, a pipe or a script) and without
    --no-app; Ctrl-C stops it.

    \b
    Example:
      dkg demo
      dkg demo --no-app --store oxigraph:/tmp/demo-store
    """
    from diplomatic_kg.cli.query import print_timeline

    run_ingest([str(SAMPLES)], store_url, wait=10.0, quiet=True)
    click.echo()
    print_timeline(open_store(store_url), queries.TimelineFilter())
    if no_app:
        return
    if not sys.stdin.isatty():
        click.echo("\nNot starting the dashboard: not run from a terminal. Start it with `dkg app`.")
        return
    from diplomatic_kg.cli.app import run_app

    click.echo()
    sys.exit(run_app(store_url, port=port))


COMMANDS = [ingest, stats, demo]
