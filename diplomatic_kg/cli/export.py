"""The export command: a filtered view in citable formats, or the whole store as RDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from diplomatic_kg.cli.options import event_filter, filter_options, store_option
from graph import exports
from graph.analysis import levels, panel
from graph.storage.snapshot import check_snapshot, snapshot_id
from graph.storage.store import Store, StoreError, open_store

DUMPS = ("trig", "nquads", "turtle", "ntriples")
"""Whole-store RDF dumps (trig and nquads keep one graph per article)."""


@click.command()
@store_option
@filter_options
@click.option("--format", "fmt", default="csv", show_default=True, type=click.Choice([*exports.FORMATS, *DUMPS]),
              help="csv (one row per event with its citations), gexf / graphml (the actor network, for Gephi), "
                   "timelinejs (TimelineJS3 JSON), jsonld (events, actors, articles), panel (CSV: directed "
                   "country dyads per period); trig, nquads, turtle, ntriples dump the whole store.")
@click.option("--period", default="month", show_default=True, type=click.Choice(list(panel.PERIODS)),
              help="panel: the period of each row.")
@click.option("--organisations", default="keep", show_default=True, type=click.Choice(list(levels.ORGANISATIONS)),
              help="panel: organisations (EU, G7) as dyad members of their own, or folded into their member states.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--snapshot", metavar="ID",
              help="Refuse unless the store still holds this snapshot (the kg-... identifier a previous export "
                   "printed): the same command then gives the same data.")
def export(store_url: str, filters: dict, fmt: str, period: str, organisations: str, output: str | None,
           snapshot: str | None) -> None:
    """Export the events matching the filters, with the snapshot identifier of the store and the filter.

    Every export records the snapshot it was made from (kg-...) and its filter, and prints both on
    stderr with the command that makes it again: cite those. With --snapshot ID it refuses (exit 3) when
    the store has changed since. The filters are those of `dkg timeline`.

    \b
    Where each format keeps the snapshot and the filter:
      csv          two last columns, snapshot and filter (a URL query string), on every row
      gexf         <meta>: <description> and <keywords>; graphml: graph attributes
      timelinejs   top-level keys snapshot, filter, command; jsonld: those and a schema:Dataset node
                   derived (prov:wasDerivedFrom) from the snapshot

    \b
    Example:
      dkg export --actor Carney --from 2025-03 --to 2025-06 -o carney.csv
      dkg export --type TariffMeasure --min-sources 2 --format gexf -o tariffs.gexf
      dkg export --format panel --period month --from 2025 -o dyads.csv   # country dyads per month
      dkg export --snapshot kg-3f9a0c1d2e4b5a6c7d8e --type Call --format timelinejs -o calls.json
      dkg export --format trig -o kg.trig          # the whole store, one graph per article
    """
    store = open_store(store_url)
    if fmt in DUMPS:
        if bool(filters):
            raise click.UsageError(f"--format {fmt} dumps the whole store; the filters apply to "
                                   f"{', '.join(exports.FORMATS)}")
        data, sid = _dump(store, fmt, snapshot)
        _write(data, output)
        click.echo(f"Exported the whole store ({fmt}) at snapshot {sid}.", err=True)
        return
    result = exports.export(store, event_filter(filters, store), fmt, snapshot=snapshot, period=period,
                            organisations=organisations)
    _write(result.data, output)
    query = exports.filter_query(result.filter) or "none (all events)"
    click.echo(f"Exported {result.events:,} event{'s' if result.events != 1 else ''} ({fmt}) at snapshot "
               f"{result.snapshot}, filter {query}.", err=True)
    click.echo(f"Made again by: {exports.export_command(result.filter, fmt, result.snapshot, dict(result.options))}",
               err=True)
    if not result.events:
        click.echo("No events match." if bool(filters) else
                   "The store holds no events yet: run `dkg ingest PATH` or `dkg demo`.", err=True)


def _dump(store: Store, fmt: str, snapshot: str | None) -> tuple[bytes, str]:
    """The whole store in ``fmt`` and its snapshot identifier, both of one state of the store."""
    for _ in range(3):
        state = store.state_id()
        sid = check_snapshot(store, snapshot) if snapshot else snapshot_id(store)
        data = store.dump(fmt)
        if store.state_id() == state:
            return data, sid
    raise StoreError("the store kept changing during the export (ingest is publishing); try again")


def _write(data: bytes, output: str | None) -> None:
    if not output:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise click.FileError(output, e.strerror) from None


COMMANDS = [export]
