"""Curation commands: ``dkg curate reject|fix|merge|split|undo|list``."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os

import click

from diplomatic_kg.cli.options import store_option
from diplomatic_kg.cli.query import format_table, short_iri
from graph.namespaces import EVENT
from graph.query import queries
from graph.storage.store import Store, open_store
from graph.write import curation
from graph.write.writer import writer

_CLASSES = {c.lower(): c for c in queries.EVENT_CLASSES}


def _by() -> str:
    return os.environ.get("DKG_CURATOR") or getpass.getuser()


def _who_why(command):  # noqa: ANN001, ANN202 - a click command
    command = click.option("--why", required=True, help="Why: recorded in the audit trail.")(command)
    command = click.option("--by", default=_by, show_default="$DKG_CURATOR or your login",
                           help="Who makes the correction.")(command)
    return click.option("--wait", default=0.0, type=click.FloatRange(min=0),
                        help="Seconds to wait for another writer (ingest) to finish.")(command)


def _fields(command):  # noqa: ANN001, ANN202 - a click command
    for decl, kwargs in reversed([
        ("--type", {"type": click.Choice(list(queries.EVENT_CLASSES), case_sensitive=False),
                    "help": "Event type."}),
        ("--participant", {"multiple": True, "help": "Participants (repeat; replaces them all)."}),
        ("--imposer", {"help": "Tariff imposer."}),
        ("--target", {"help": "Tariff target."}),
        ("--date", {"help": "The day (YYYY-MM-DD); drops date bounds."}),
        ("--after", {"help": "Not before this day (YYYY-MM-DD): the date becomes bounds."}),
        ("--before", {"help": "Not after this day (YYYY-MM-DD): the date becomes bounds."}),
        ("--status", {"type": click.Choice(list(queries.STATUSES))}),
        ("--action", {"type": click.Choice(list(curation.TARIFF_ACTIONS)), "help": "Tariff action."}),
        ("--rate", {"type": float, "help": "Tariff rate in percent."}),
        ("--goods", {"help": "Goods the tariff covers."}),
    ]):
        command = click.option(decl, **kwargs)(command)
    return command


def _changes(store: Store, opts: dict) -> dict:
    """The state changes the field options ask for, actors resolved to IRIs."""
    names = queries.actor_names(store) if any(opts.get(k) for k in ("participant", "imposer", "target")) else {}
    changes: dict = {}
    if opts.get("type"):
        changes["class"] = _CLASSES[opts["type"].lower()]
    if opts.get("participant"):
        changes["participants"] = [queries.resolve_actor(store, n, names)[0] for n in opts["participant"]]
    for key in ("imposer", "target"):
        if opts.get(key):
            changes[key] = queries.resolve_actor(store, opts[key], names)[0]
    if opts.get("date"):
        changes["date"] = _day(opts["date"])
    if opts.get("after"):
        changes["not_before"] = _day(opts["after"])
    if opts.get("before"):
        changes["not_after"] = _day(opts["before"])
    for key in ("status", "action", "rate", "goods"):
        if opts.get(key) is not None:
            changes[key] = opts[key]
    return changes


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a day (use YYYY-MM-DD)") from None


def event_ref(value: str) -> str:
    """An event IRI from what a user types: the IRI, ``event:ID`` or the bare ID."""
    value = value.strip()
    if value.startswith("event:"):
        value = value[len("event:"):]
    return str(queries.check_iri(value if "/" in value else str(EVENT[value])))


def _write(store_url: str, wait: float, make) -> curation.Correction:  # noqa: ANN001 - a callable(store)
    with writer(store_url, wait=wait) as w:
        w.begin_write(derived=False)  # graph.write.curation refreshes the storylines and coding itself
        c = make(w.store)
    return c


def _report(c: curation.Correction) -> None:
    click.echo(f"{c.kind}: {c.summary()}  [{short_iri(c.iri)}]")
    for old in c.events:
        click.echo(f"  was  {short_iri(old)}")
    for new in c.result_events:
        click.echo(f"  now  {short_iri(new)}")


@click.group()
def curate() -> None:
    """Correct extracted events: reject, fix, merge, split; list the audit trail; undo.

    Each correction is recorded with who, when and why (PROV-O, in the curation graph) and wins over
    extraction everywhere: queries, dashboard, network, exports. Re-ingesting keeps it.

    \b
    Example:
      dkg curate fix event:d901c2048e705d2c --date 2025-03-28 --why "the call was on Friday"
      dkg curate list
    """


@curate.command()
@click.argument("event")
@store_option
@_who_why
def reject(event: str, store_url: str, by: str, why: str, wait: float) -> None:
    """Reject EVENT: it leaves every view (the audit trail keeps it; `undo` brings it back).

    \b
    Example:
      dkg curate reject event:0b8cb58ecdda1e60 --why "a hypothetical, not a planned meeting"
    """
    _report(_write(store_url, wait, lambda s: curation.reject(s, event_ref(event), by=by, why=why)))


@curate.command()
@click.argument("event")
@store_option
@_fields
@_who_why
def fix(event: str, store_url: str, by: str, why: str, wait: float, **opts: object) -> None:
    """Fix fields of EVENT: type, participants, date, status, tariff details.

    \b
    Example:
      dkg curate fix event:d901c2048e705d2c --status occurred --date 2025-03-28 --why "see the PMO readout"
    """
    def make(store: Store) -> curation.Correction:
        changes = _changes(store, opts)
        if not changes:
            raise click.UsageError("say what to fix (e.g. --date, --status, --participant)")
        return curation.fix(store, event_ref(event), changes, by=by, why=why)

    _report(_write(store_url, wait, make))


@curate.command()
@click.argument("events", nargs=-1, required=True)
@store_option
@_fields
@_who_why
def merge(events: tuple[str, ...], store_url: str, by: str, why: str, wait: float, **opts: object) -> None:
    """Merge EVENTS into one: the first one's fields (changed by any field option), every source of each.

    \b
    Example:
      dkg curate merge event:d901c2048e705d2c event:5e1f0c3a9d2b7e61 --why "one call, misdated by one outlet"
    """
    _report(_write(store_url, wait, lambda s: curation.merge(s, [event_ref(e) for e in events],
                                                              changes=_changes(s, opts), by=by, why=why)))


@curate.command()
@click.argument("event")
@click.option("--part", "parts", multiple=True, required=True, metavar="FIELDS",
              help="One resulting event, as changes to EVENT: 'date=2025-04-02 type=Meeting "
                   "participant=Carney participant=Trump' (repeat, two or more).")
@store_option
@_who_why
def split(event: str, parts: tuple[str, ...], store_url: str, by: str, why: str, wait: float) -> None:
    """Split EVENT into several: each --part is EVENT with that part's changes, reported by each source.

    Fields in a part: type, participant (repeatable), imposer, target, date, after, before, status,
    action, rate, goods.

    \b
    Example:
      dkg curate split event:d901c2048e705d2c --part "date=2025-03-28" --part "date=2025-04-02 type=Meeting" \\
          --why "two contacts reported as one"
    """
    def make(store: Store) -> curation.Correction:
        return curation.split(store, event_ref(event), [_changes(store, _part(p)) for p in parts], by=by, why=why)

    _report(_write(store_url, wait, make))


def _part(text: str) -> dict:
    opts: dict = {"participant": []}
    for item in text.split():
        key, sep, value = item.partition("=")
        if not sep or key not in ("type", "participant", "imposer", "target", "date", "after", "before", "status",
                                  "action", "rate", "goods"):
            raise click.BadParameter(f"{item!r}: use FIELD=VALUE with a field among type, participant, imposer, "
                                     "target, date, after, before, status, action, rate, goods", param_hint="--part")
        value = value.replace("_", " ")
        if key == "participant":
            opts["participant"].append(value)
        elif key == "rate":
            opts["rate"] = float(value)
        else:
            opts[key] = value
    return opts


@curate.command()
@click.argument("correction")
@store_option
@_who_why
def undo(correction: str, store_url: str, by: str, why: str, wait: float) -> None:
    """Undo CORRECTION (its id from `dkg curate list`): its events come back as extracted.

    \b
    Example:
      dkg curate undo 3f2a9c0d1b7e4a55 --why "the readout confirms the original date"
    """
    c = _write(store_url, wait, lambda s: curation.undo(s, correction, by=by, why=why))
    click.echo(f"undone: {c.kind} ({c.summary()}) by {c.by} on {c.at[:10]}  [{short_iri(c.iri)}]")


@curate.command(name="list")
@click.option("--event", help="Only the corrections of this event.")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(event: str | None, store_url: str, as_json: bool) -> None:
    """The audit trail: every correction, oldest first, with who, when, why and its status.

    Status: applied, undone, or orphaned (its events no longer come out of any article: kept, and
    applied again if they come back).

    \b
    Example:
      dkg curate list --event event:d901c2048e705d2c
    """
    rows = curation.audit(open_store(store_url), event_ref(event) if event else None)
    if as_json:
        click.echo(json.dumps([dict(r.correction.to_json(), status=r.status) for r in rows], indent=2))
        return
    if not rows:
        click.echo("No corrections yet.")
        return
    table = [[short_iri(r.correction.iri), r.correction.at[:16].replace("T", " "), r.correction.by, r.correction.kind,
              ", ".join(short_iri(e) for e in r.correction.events), r.correction.summary(), r.correction.why,
              r.status + (f" by {r.correction.undone['by']}" if r.correction.undone else "")] for r in rows]
    click.echo(format_table(["correction", "when (UTC)", "by", "kind", "events", "change", "why", "status"], table))


COMMANDS = [curate]
