"""Query commands: sparql, timeline."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from diplomatic_kg.cli.options import event_filter, filter_options, store_option
from graph.endpoint.query_pool import DEFAULT_MEMORY_LIMIT, Limits, Request, run_once
from graph.namespaces import ACTOR, CORRECTION, EVENT, STORYLINE
from graph.query import queries
from graph.storage.store import QueryError, Store, open_store, parse_store_url


@click.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml"]))
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds the query may run before it is stopped.")
@click.option("--memory-limit", default=DEFAULT_MEMORY_LIMIT >> 20, show_default=True, type=click.IntRange(min=64),
              metavar="MB", help="Memory the query may use (MiB) before it is stopped.")
def sparql(query: str, store_url: str, fmt: str, timeout: float, memory_limit: int) -> None:
    """Run a SPARQL query (text or a file name) over the union of all article graphs.

    The prefixes dkg:, prov:, schema:, skos:, rdfs:, xsd:, actor:, event:, article: are predeclared.
    The query runs in a worker process limited in time and memory, with no network access (SERVICE
    cannot fetch anything); CONSTRUCT and DESCRIBE print Turtle.

    \b
    Example:
      dkg sparql 'SELECT DISTINCT ?e ?d WHERE { ?e a dkg:Call ; dkg:date ?d } ORDER BY ?d'
    """
    if len(query) < 300 and "{" not in query and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    if not query.strip():
        raise QueryError("the query is empty")
    open_store(store_url).close()  # a wrong --store fails here, in one line
    limits = Limits(memory=memory_limit << 20, network=parse_store_url(store_url)[0] in ("http", "https"))
    req = Request(query, ["json" if fmt == "table" else fmt], max_rows=sys.maxsize - 1)
    reply = run_once(store_url, req, timeout, limits)
    if reply.status >= 400:
        raise QueryError(reply.body.decode("utf-8", "replace").strip())
    if fmt != "table" or reply.kind == "graph":
        sys.stdout.buffer.write(reply.body)
        if not reply.body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        return
    result = json.loads(reply.body)
    if reply.kind == "boolean":
        click.echo("true" if result["boolean"] else "false")
        return
    names = result["head"]["vars"]
    rows = [[b.get(n, {}).get("value", "") for n in names] for b in result["results"]["bindings"]]
    click.echo(format_table(names, rows))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def format_table(headers: list[str], rows: list[list[object]], max_width: int = 60) -> str:
    """A plain-text table with columns padded to their widest cell (cut at ``max_width``)."""
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _cell(value: object, max_width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


_SHORT = ((str(EVENT), "event:"), (str(ACTOR), "actor:"), (str(STORYLINE), "storyline:"), (str(CORRECTION), ""))


def short_iri(iri: str) -> str:
    """How tables show a project IRI, in the form the commands take back: ``event:ID``, ``actor:ID``,
    ``storyline:ID``, a correction's bare id; other IRIs whole."""
    for namespace, prefix in _SHORT:
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def date_cell(row: dict) -> str:
    """How a table shows an event's date: a day, a month, a range, one bound, or "undated"."""
    if row.get("date"):
        return row["date"][:7] if row.get("precision") == "month" else row["date"]
    lo, hi = row.get("not_before"), row.get("not_after")
    if lo and hi:
        return f"{lo}..{hi}"
    if lo or hi:
        return f"after {lo}" if lo else f"before {hi}"
    return "undated"


def timeline_table(rows: list[dict]) -> tuple[list[str], list[list[object]]]:
    headers = ["date", "type", "status", "actors", "details", "sources", "event"]
    through = any("through" in r for r in rows)  # an actor filter that takes in the people acting for it
    if through:
        headers.insert(4, "through")
    out = []
    for r in rows:
        if r["type"] == "TariffMeasure":
            imposer = [a["label"] for a in r["actors"] if a["role"] == "imposer"]
            target = [a["label"] for a in r["actors"] if a["role"] == "target"]
            actors = f"{', '.join(imposer)} -> {', '.join(target) or 'all'}"
            rate = f"{r['rate']:g}% " if r.get("rate") is not None else ""
            details = f"{r.get('action') or ''} {rate}{r.get('goods') or ''}".strip()
        else:
            actors = ", ".join(sorted(a["label"] for a in r["actors"]))
            details = r["class"] if r["class"] != r["type"] else ""
        out.append([date_cell(r), r["type"], r["status"], actors, details, r["sources"],
                    r["event"].rsplit("/", 1)[-1]])
        if through:
            out[-1].insert(4, ", ".join(r.get("through", ())))
    return headers, out


def print_timeline(store: Store, flt: queries.TimelineFilter, fmt: str = "table") -> None:
    rows = queries.timeline(store, flt)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    headers, table = timeline_table(rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(headers)
        writer.writerows(table)
        click.echo(buf.getvalue(), nl=False)
        return
    if not rows:
        click.echo("No events match." if flt != queries.TimelineFilter() else
                   "The store holds no events yet: run `dkg ingest PATH` or `dkg demo`.")
        return
    click.echo(format_table(headers, table))
    click.echo(f"({len(rows)} event{'s' if len(rows) != 1 else ''})")


@click.command()
@store_option
@filter_options
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json", "csv"]))
def timeline(store_url: str, filters: dict, fmt: str) -> None:
    """The events in the store, oldest first, with their actors and number of sources.

    \b
    Example:
      dkg timeline --actor Carney --type Call --from 2025-03 --to 2025-04

    An actor that is a country or organisation also matches the events of the people acting for it on the
    day (its leader, ministers, officials): the "through" column names them; --node-only keeps only the
    events that name the actor itself.
    """
    store = open_store(store_url)
    print_timeline(store, event_filter(filters, store), fmt)


COMMANDS = [sparql, timeline]
