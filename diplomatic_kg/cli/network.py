"""Network commands: related, path, pair, central, communities, ego (graph.analysis.network underneath).

Actors are named as a user types them ("Carney", "mark carney", "CAN", "Canada") or by IRI; every
command takes the same event filters (--from/--to/--type/--min-sources/--status) and prints a table, or
JSON with --json.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

import click
import networkx as nx

from diplomatic_kg.cli.options import parse_day, parse_end_day, store_option
from diplomatic_kg.cli.query import date_cell, format_table, short_iri
from graph.analysis import levels, network
from graph.query.queries import STATUSES
from graph.storage.store import open_store


def event_filters(command: Callable) -> Callable:
    """--from, --to, --type, --min-sources, --status, --weighting; the command receives ``filters``.
    --level and --organisations choose the network the command runs on (graph.analysis.network.level)."""
    options = [
        click.option("--from", "start", callback=parse_day, help="From this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
        click.option("--to", "end", callback=parse_end_day,
                     help="Up to this date, inclusive (--to 2025-03: end of March)."),
        click.option("--type", "types", multiple=True, type=click.Choice(list(network.CLASSES), case_sensitive=False),
                     help="Only this event type (repeatable; Meeting includes visits and summits)."),
        click.option("--min-sources", default=1, show_default=True, type=click.IntRange(min=1),
                     help="Only events reported by at least this many articles."),
        click.option("--status", "statuses", multiple=True, type=click.Choice(list(STATUSES)),
                     help="Only events with this status (repeatable; default all)."),
        click.option("--weighting", default="fair", show_default=True, type=click.Choice(list(network.WEIGHTINGS)),
                     help="fair: an event with n actors adds 1/(n-1) to each pair; count: 1 per event."),
        click.option("--level", default="actor", show_default=True, type=click.Choice(list(levels.LEVELS)),
                     help="country: each person folded into the country or organisation they acted for at the "
                          "time of each event (leaders, ministers, officials)."),
        click.option("--organisations", default="keep", show_default=True,
                     type=click.Choice(list(levels.ORGANISATIONS)),
                     help="At country level: keep organisations (EU, G7) as nodes, or fold them into their "
                          "member states."),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, start: dt.date | None, end: dt.date | None, types: tuple[str, ...], min_sources: int,
                statuses: tuple[str, ...], weighting: str, level: str, organisations: str, **kwargs: Any) -> Any:
        kwargs["filters"] = {"start": start, "end": end, "types": tuple(types), "min_sources": min_sources,
                             "statuses": tuple(statuses), "weighting": weighting}
        with network.level(level, organisations):
            return command(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _window(filters: dict) -> str:
    """The filters in words, for headings: "2025-03-01..2025-04-30, Call, 2+ sources"."""
    parts = []
    if filters.get("start") or filters.get("end"):
        parts.append(f"{filters.get('start') or '…'}..{filters.get('end') or '…'}")
    if filters.get("types"):
        parts.append("/".join(filters["types"]))
    if filters.get("min_sources", 1) > 1:
        parts.append(f"{filters['min_sources']}+ sources")
    if filters.get("statuses"):
        parts.append("/".join(filters["statuses"]))
    return f" [{', '.join(parts)}]" if parts else ""


def _types(types: dict[str, int]) -> str:
    return ", ".join(f"{t} {n}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))


def _weight(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


@click.command()
@click.argument("actor")
@store_option
@event_filters
@click.option("--limit", default=0, type=click.IntRange(min=0), help="Show only the strongest N counterparts.")
@json_option
def related(actor: str, store_url: str, filters: dict, limit: int, as_json: bool) -> None:
    """Who ACTOR dealt with: each counterpart with counts by event type, first and last date, the events.

    Strongest ties first (by weight: see --weighting). Tariffs show which side imposed them.

    \b
    Example:
      dkg related Carney --from 2025-03 --to 2025-06
      dkg related CAN --type TariffMeasure --min-sources 2 --json
    """
    store = open_store(store_url)
    iri = network.resolve(store, actor)
    rows = network.related(store, iri, **filters)
    rows = rows[:limit] if limit else rows
    if as_json:
        _echo_json(rows)
        return
    label = network.describe(store, iri)["label"]
    if not rows:
        click.echo(f"{label} has no interactions{_window(filters)}.")
        return
    table = []
    for r in rows:
        tariffs = ", ".join(p for p in (f"imposed {r['tariffs_imposed']}" if r["tariffs_imposed"] else "",
                                        f"received {r['tariffs_received']}" if r["tariffs_received"] else "") if p)
        shown = ", ".join(short_iri(e) for e in r["events"][:2]) + (f" (+{len(r['events']) - 2})"
                                                                     if len(r["events"]) > 2 else "")
        table.append([r["label"], r["kind"], r["count"], _weight(r["weight"]), _types(r["types"]),
                      r["first"] or "", r["last"] or "", tariffs, shown])
    click.echo(f"{label}: {len(rows)} counterpart{'s' if len(rows) != 1 else ''}{_window(filters)}")
    click.echo(format_table(["counterpart", "kind", "events", "weight", "types", "first", "last", "tariffs",
                             "event IRIs"], table, max_width=60))


@click.command()
@click.argument("actor_a")
@click.argument("actor_b")
@store_option
@event_filters
@json_option
def path(actor_a: str, actor_b: str, store_url: str, filters: dict, as_json: bool) -> None:
    """The shortest chain of interactions from ACTOR_A to ACTOR_B, each hop with its event and source.

    Fewest intermediaries first; each hop shows the best-attested event linking the two (most sources,
    then the latest) with its type, date and earliest source article.

    \b
    Example:
      dkg path Carney "Xi Jinping"
      dkg path CAN CHN --from 2025-01 --type Call --json
    """
    store = open_store(store_url)
    a, b = network.resolve(store, actor_a), network.resolve(store, actor_b)
    hops = network.shortest_path(store, a, b, **filters)
    if as_json:
        _echo_json(hops)
        return
    if not hops:
        click.echo(f"No chain of interactions links {actor_a} and {actor_b}{_window(filters)}.")
        return
    click.echo(f"{hops[0]['from']['label']} -> {hops[-1]['to']['label']}: {len(hops)} "
               f"hop{'s' if len(hops) != 1 else ''}{_window(filters)}")
    table = []
    for i, h in enumerate(hops, 1):
        ev = h["event"]
        art = ev.get("article") or {}
        source = " — ".join(x for x in (art.get("title"), art.get("outlet")) if x)
        table.append([i, h["from"]["label"], h["to"]["label"], ev["class"], date_cell(ev), ev["sources"],
                      h["count"], source])
    click.echo(format_table(["hop", "from", "to", "event", "date", "sources", "events", "source article"], table))


@click.command()
@click.argument("actor_a")
@click.argument("actor_b")
@store_option
@event_filters
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
              help="Show, and read the sources of, at most this many events (the latest; 0: all).")
@json_option
def pair(actor_a: str, actor_b: str, store_url: str, filters: dict, limit: int, as_json: bool) -> None:
    """The timeline of interactions between ACTOR_A and ACTOR_B: first contact, events by month, each event.

    \b
    Example:
      dkg pair Carney Trump
      dkg pair USA CHN --type TariffMeasure --json
    """
    store = open_store(store_url)
    a, b = network.resolve(store, actor_a), network.resolve(store, actor_b)
    p = network.pair(store, a, b, details=limit or None, **filters)
    if as_json:
        _echo_json(p)
        return
    names = f"{p['a']['label']} and {p['b']['label']}"
    if not p["count"]:
        click.echo(f"No interactions between {names}{_window(filters)}.")
        return
    click.echo(f"{names}: {p['count']} interaction{'s' if p['count'] != 1 else ''} ({_types(p['types'])})"
               f"{_window(filters)}")
    if p["first_event"]:
        first = p["first_event"]
        art = (first.get("articles") or [{}])[0]
        source = " — ".join(x for x in (art.get("title"), art.get("outlet")) if x)
        click.echo(f"first contact {p['first']}: {first['class']}, {first['sources']} source"
                   f"{'s' if first['sources'] != 1 else ''}{': ' + source if source else ''}")
        click.echo(f"last {p['last']}")
    tariffs = p["tariffs"]
    if tariffs["a_on_b"] or tariffs["b_on_a"]:
        click.echo(f"tariffs: {p['a']['label']} on {p['b']['label']} {tariffs['a_on_b']}, "
                   f"{p['b']['label']} on {p['a']['label']} {tariffs['b_on_a']}")
    if p["undated"]:
        click.echo(f"undated events: {p['undated']}")
    if p["by_month"]:
        top = max(m["count"] for m in p["by_month"])
        click.echo()
        bars = ["#" * max(1 if m["count"] else 0, round(30 * m["count"] / top)) for m in p["by_month"]]
        click.echo(format_table(["month", "events", "", "types"],
                                [[m["month"], m["count"], bar, _types(m["types"])]
                                 for m, bar in zip(p["by_month"], bars, strict=True)]))
    events = p["events"][-limit:] if limit else p["events"]
    click.echo()
    if len(events) < len(p["events"]):
        click.echo(f"the latest {len(events)} of {len(p['events'])} events (--limit 0 for all):")
    table = []
    for ev in events:
        who = ""
        if ev.get("direction"):
            who = (f"{p['a']['label']} on {p['b']['label']}" if ev["direction"] == "a_on_b"
                   else f"{p['b']['label']} on {p['a']['label']}")
        art = (ev.get("articles") or [{}])[0]
        source = " — ".join(x for x in (art.get("title"), art.get("outlet")) if x)
        table.append([date_cell(ev), ev["class"], ev["status"] or "", ev["sources"], who, source])
    click.echo(format_table(["date", "type", "status", "sources", "tariff", "source article"], table))


@click.command()
@store_option
@event_filters
@click.option("--measure", default="strength", show_default=True, type=click.Choice(list(network.MEASURES)),
              help="strength: weighted degree (each event counts 1 for each actor in it, a summit too); pagerank "
                   "(weighted); degree: share of actors dealt with, unweighted; betweenness: on shortest chains "
                   f"(estimated from {network.BETWEENNESS_PIVOTS} sources).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=0), help="How many actors (0: all).")
@json_option
def central(store_url: str, filters: dict, measure: str, top: int, as_json: bool) -> None:
    """The most central actors in a time window.

    \b
    Example:
      dkg central --from 2025-01 --to 2025-06 --measure pagerank
      dkg central --measure betweenness --top 10 --json
    """
    store = open_store(store_url)
    if measure == "betweenness" and network.central_status(store, measure=measure, **filters) != "ready":
        click.echo("computing betweenness (can take a while on a large graph)…", err=True)
    rows = network.central(store, measure=measure, top=top or None, **filters)
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        click.echo(f"No interactions{_window(filters)}.")
        return
    click.echo(f"most central by {measure}{_window(filters)}")
    click.echo(format_table(["rank", "actor", "kind", measure, "counterparts", "strength", "events"],
                            [[i, r["label"], r["kind"], f"{r['score']:.4g}", r["degree"],
                              _weight(round(r["strength"], 2)), r["events"]] for i, r in enumerate(rows, 1)]))


@click.command()
@store_option
@event_filters
@click.option("--resolution", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Louvain resolution: above 1 gives more, smaller communities.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="How many communities to show (0: all).")
@click.option("--members", default=8, show_default=True, type=click.IntRange(min=1),
              help="Members listed per community (the most active first).")
@json_option
def communities(store_url: str, filters: dict, resolution: float, top: int, members: int, as_json: bool) -> None:
    """Groups of actors that deal mostly with each other (Louvain), largest first.

    \b
    Example:
      dkg communities --from 2025-01 --to 2025-12
      dkg communities --type TariffMeasure --json
    """
    store = open_store(store_url)
    groups = network.communities(store, resolution=resolution, **filters)
    if as_json:
        _echo_json(groups[:top] if top else groups)
        return
    if not groups:
        click.echo(f"No interactions{_window(filters)}.")
        return
    click.echo(f"{len(groups)} communities{_window(filters)}")
    shown = groups[:top] if top else groups
    table = [[i, len(g), ", ".join(m["label"] for m in g[:members]) + (f" (+{len(g) - members})"
                                                                      if len(g) > members else "")]
             for i, g in enumerate(shown, 1)]
    click.echo(format_table(["#", "actors", "members (most active first)"], table, max_width=100))


@click.command()
@click.argument("actor")
@store_option
@event_filters
@click.option("--radius", default=1, show_default=True, type=click.IntRange(min=0),
              help="How many interactions away from ACTOR.")
@json_option
def ego(actor: str, store_url: str, filters: dict, radius: int, as_json: bool) -> None:
    """ACTOR's neighbourhood: every actor within --radius interactions, and the ties among them.

    \b
    Example:
      dkg ego Carney --radius 2
      dkg ego "European Union" --from 2025-01 --json
    """
    store = open_store(store_url)
    iri = network.resolve(store, actor)
    H = network.ego(store, iri, radius=radius, **filters)
    if as_json:
        _echo_json(nx.node_link_data(H, edges="edges"))
        return
    me = H.nodes[iri]
    if H.number_of_edges() == 0:
        click.echo(f"{me['label']} has no interactions{_window(filters)}.")
        return
    others, ties = H.number_of_nodes() - 1, H.number_of_edges()
    click.echo(f"{me['label']}: {others} actor{'s' if others != 1 else ''} within {radius} "
               f"interaction{'s' if radius != 1 else ''}, {ties} tie{'s' if ties != 1 else ''} among them"
               f"{_window(filters)}")
    rows = []
    for node, data in H.nodes(data=True):
        if node == iri:
            continue
        edge = H.get_edge_data(iri, node) or {}
        rows.append([data["label"], data["kind"], data["distance"], edge.get("count", ""),
                     _weight(edge["weight"]) if edge else "", data["events"]])
    rows.sort(key=lambda r: (r[2], -(r[3] or 0), r[0]))
    click.echo(format_table(["actor", "kind", "distance", f"events with {me['label']}", "weight", "events"], rows))


COMMANDS = [related, path, pair, central, communities, ego]
