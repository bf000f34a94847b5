"""Data commands: ingest, export, stats, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cli.options import store_option
from graph import queries
from graph.store import open_store
from ingest.pipeline import RunReport, ingest_paths

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _print_progress(status: str, item: object, events: object) -> None:
    name = getattr(item, "origin", None) or getattr(item, "source", "")
    title = getattr(item, "title", "")
    if status == "failed":
        click.echo(f"failed     {item}", err=True)
    else:
        n = "" if events is None else f" ({len(events)} events)"
        click.echo(f"{status:<10} {title or name}{n}")


def run_ingest(paths: list[str], store_url: str, wait: float, quiet: bool,
               report_file: str | None = None) -> RunReport:
    report = ingest_paths(paths, store_url, wait=wait, progress=None if quiet else _print_progress)
    for failure in report.failed:
        if quiet:
            click.echo(f"failed: {failure['source']}: {failure['reason']}", err=True)
    click.echo(report.summary())
    if report_file:
        Path(report_file).write_text(report.to_json())
    return report


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--wait", default=0.0, show_default=True, help="Seconds to wait for another writer to finish.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="Write a JSON run report to this file.")
def ingest(paths: tuple[str, ...], store_url: str, wait: float, quiet: bool, report_file: str | None) -> None:
    """Ingest articles (files or folders: .txt .md .json .jsonl .html) into the store.

    Unchanged articles are skipped, edited ones replace their own graph, unreadable ones are
    reported and skipped (exit code 1). Exit code 75 when another process is writing.

    \b
    Example:
      dkg ingest data/samples/ ~/news/2025-03.jsonl
    """
    report = run_ingest(list(paths), store_url, wait, quiet, report_file)
    sys.exit(0 if report.ok else 1)


@click.command()
@store_option
@click.option("--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
def export(store_url: str, fmt: str, output: str | None) -> None:
    """Export the whole store (trig, nquads and jsonld keep one graph per article).

    \b
    Example:
      dkg export --format nquads -o kg.nq
    """
    data = open_store(store_url).dump(fmt)
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


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
def demo(store_url: str, no_app: bool) -> None:
    """Ingest the bundled sample articles and print the timeline of extracted events.

    \b
    Example:
      dkg demo
    """
    from cli.query import print_timeline

    run_ingest([str(SAMPLES)], store_url, wait=10.0, quiet=True)
    click.echo()
    print_timeline(open_store(store_url), queries.TimelineFilter())


COMMANDS = [ingest, export, stats, demo]
