"""Storyline command: the threads an event or an actor takes part in (graph.analysis.storylines underneath)."""

from __future__ import annotations

import json

import click

from diplomatic_kg.cli.options import event_filter, filter_options, store_option
from diplomatic_kg.cli.query import date_cell, format_table, short_iri
from graph.analysis import storylines as sl
from graph.errors import UsageError
from graph.namespaces import STORYLINE
from graph.query import queries
from graph.query.filters import EventFilter
from graph.storage.store import Store, open_store


def _what(row: dict) -> str:
    """The step into an event ("announced -> imposed"), else its action or class."""
    if row.get("step"):
        return row["step"]
    if row["type"] == "TariffMeasure":
        what = row.get("action") or "measure"
        return f"{what} (answer)" if not row.get("in_thread") else what
    return row["class"].lower()


def _actors(row: dict) -> str:
    if row["type"] == "TariffMeasure":
        imposer = ", ".join(a["label"] for a in row["actors"] if a["role"] == "imposer") or "?"
        target = ", ".join(a["label"] for a in row["actors"] if a["role"] == "target") or "all"
        return f"{imposer} -> {target}"
    return ", ".join(sorted((a["label"] for a in row["actors"]), key=str.casefold))


def _table(story: dict, asked: str | None) -> str:
    number = {r["event"]: i for i, r in enumerate(story["events"], 1)}
    rows = []
    for i, r in enumerate(story["events"], 1):
        notes = []
        for what, key in (("answers", "answers"), ("answered by", "answered_by"), ("leads to", "leads_to")):
            found = sorted(number[x] for x in r[key] if x in number)
            if found:
                notes.append(f"{what} " + ", ".join(f"#{n}" for n in found))
        rate = f"{r['rate']:g}%" if r.get("rate") is not None else ""
        rows.append([f"{'*' if r['event'] == asked else ''}{i}", date_cell(r), _what(r), r.get("status") or "",
                     _actors(r), rate, r.get("goods") or "", r.get("sources") or 0, ", ".join(notes),
                     short_iri(r["event"])])
    return format_table(["#", "date", "step", "status", "actors", "rate", "goods", "sources", "links", "event"],
                        rows, max_width=48)


def _heading(s: dict) -> str:
    span = s["first"] if s["first"] == s["last"] else f"{s['first']}..{s['last']}"
    n = len(s["events"]) if isinstance(s["events"], list) else s["events"]
    if s.get("total", n) != n:
        n = f"{n} of {s['total']}"  # the filter keeps only some of the storyline's events
    return f"{s['label']}  ({s['kind']}, {n} events, {span})  {short_iri(s['storyline'])}"


def _target(store: Store, value: str | None, flt: EventFilter) -> tuple[str, str | None, str, list[dict]]:
    """(kind: event | storyline | actor | filter, IRI, name, storyline summaries) for what the user typed, each
    storyline holding an event the filter keeps."""
    if value is None:
        return "filter", None, "", sl.storylines(store, flt)
    event = sl.event_iri_of(value)
    if event:
        if not queries.event_rows(store, [event]):
            raise UsageError(f"no event {short_iri(event)} in the store")
        return "event", event, short_iri(event), sl.storylines_of_event(store, event, flt)
    text = value.strip()
    if text.startswith(("storyline:", str(STORYLINE))):
        iri = text if text.startswith(str(STORYLINE)) else str(STORYLINE[text.removeprefix("storyline:")])
        if sl.storyline_summary(store, iri) is None:
            raise UsageError(f"no storyline {short_iri(iri)} in the store")
        return "storyline", iri, short_iri(iri), [s for s in sl.storylines(store, flt) if s["storyline"] == iri]
    actor, label = queries.resolve_actor(store, text)
    return "actor", actor, label, sl.storylines_of_actor(store, actor, flt)


def _nothing(kind: str, name: str, filters: dict) -> str:
    """The line printed when no storyline is found."""
    if kind == "filter":
        return "No storyline holds an event matching these filters." if filters else "The store holds no storyline."
    return f"{name} is in no storyline{' holding an event matching these filters' if filters else ''}."


@click.command()
@click.argument("event_or_actor", required=False)
@store_option
@filter_options
@click.option("--summary", is_flag=True, help="One line per storyline instead of each storyline's events.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts): the storylines with their events.")
def storyline(event_or_actor: str | None, store_url: str, filters: dict, summary: bool, as_json: bool) -> None:
    """The storylines of an event or an actor, each event in order: date, step, actors, rate, goods, sources.

    EVENT_OR_ACTOR is an event (its IRI, or event:ID as `dkg related` prints it, or the bare ID that the
    dashboard's links carry), a storyline (storyline:ID), or an actor named as in `dkg timeline --actor`
    ("Canada", "CAN", "Carney"). A tariff storyline is one imposer's measures against one target on the same
    goods with the measures answering them ("answers #2"); a diplomacy storyline is calls leading to a meeting.
    The event asked about is marked with *. Storylines are recomputed after every ingest run.

    The filters of `dkg timeline` (--actor, --type, --from, --to, ...) keep the storylines holding an event
    they match, and of each storyline the events they match; with no EVENT_OR_ACTOR, every storyline holding
    such an event.

    \b
    Example:
      dkg storyline Canada
      dkg storyline event:0123456789abcdef --json
      dkg storyline --type TariffMeasure --from 2025-03 --to 2025-04 --summary
    """
    store = open_store(store_url)
    flt = event_filter(filters, store)
    kind, iri, name, found = _target(store, event_or_actor, flt)
    if summary and not as_json:
        if not found:
            click.echo(_nothing(kind, name, filters))
            return
        click.echo(format_table(["first", "last", "kind", "events", "storyline", "id"],
                                [[s["first"], s["last"], s["kind"], s["events"], s["label"], short_iri(s["storyline"])]
                                 for s in found], max_width=70))
        return
    stories = [sl.storyline(store, s["storyline"], flt) for s in found]
    stories = [s for s in stories if s is not None]
    if as_json:
        click.echo(json.dumps(stories, indent=2, ensure_ascii=False, default=str))
        return
    if not stories:
        click.echo(_nothing(kind, name, filters))
        return
    for i, s in enumerate(stories):
        if i:
            click.echo()
        click.echo(_heading(s))
        click.echo(_table(s, iri if kind == "event" else None))


COMMANDS = [storyline]
