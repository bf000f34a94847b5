"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from graph.errors import UsageError
from graph.query import filters
from graph.query.filters import EVENT_CLASSES, STATUSES, EventFilter
from graph.query.queries import actor_names, resolve_actor
from graph.storage.store import Store, with_update_url

_store = click.option(
    "--store", "store_url", envvar="DKG_STORE", default="oxigraph:data/store", show_default=True,
    help="Store URL: oxigraph:PATH, memory: or http(s)://HOST/sparql (also $DKG_STORE).",
)
_update_url = click.option(
    "--update-url", envvar="DKG_UPDATE_URL", metavar="URL",
    help="A SPARQL server's separate update endpoint, e.g. http://HOST/update (also $DKG_UPDATE_URL).",
)


def store_option(command: Callable) -> Callable:
    """``--store URL`` and ``--update-url URL``; the command receives one ``store_url`` string.

    A separate update endpoint travels in the store URL's fragment (``http://h/query#update=http://h/update``,
    which graph.storage.store.open_store reads), so commands keep a single ``store_url`` parameter.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, update_url: str | None = None, **kwargs: Any) -> Any:
        if update_url:
            kwargs["store_url"] = with_update_url(kwargs["store_url"], update_url)
        return command(*args, **kwargs)

    return _store(_update_url(wrapper))


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: YYYY-MM-DD or YYYY-MM (first day of the month) or YYYY (graph.query.filters.parse_day)."""
    if not value:
        return None
    try:
        return filters.parse_day(value)
    except UsageError as e:
        raise click.BadParameter(str(e)) from None


def parse_end_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback for the end of a window: --to 2025-03 means up to 31 March, --to 2025 to 31 December."""
    if not value:
        return None
    try:
        return filters.parse_day(value, last=True)
    except UsageError as e:
        raise click.BadParameter(str(e)) from None


def event_filter(params: dict, store: Store) -> EventFilter:
    """The EventFilter that the filter options (``params``, as filter_options passes them) mean in ``store``:
    actors by name, alias, ISO code or IRI (graph.query.queries.UnknownActor, with close matches, for a name no
    actor answers to)."""
    names = actor_names(store) if params.get("actor") else {}
    return EventFilter.from_params(params, resolve_actor=lambda n: resolve_actor(store, n, names)[0], strict=True)[0]


def filter_options(command: Callable) -> Callable:
    """``--actor --type --from --to --status --min-sources --text --node-only``; the command receives ``filters``,
    the options given as graph.query.filters parameters (empty: none given), and builds the filter with
    ``event_filter(filters, store)``."""
    names = {"actor_names": "actor", "types": "type", "start": "from", "end": "to", "statuses": "status",
             "min_sources": "min_sources", "text": "text", "node_only": "node_only"}

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {param: kwargs.pop(name) for name, param in names.items()}
        kwargs["filters"] = {k: v for k, v in given.items() if v not in (None, (), False, "") and
                             not (k == "min_sources" and v == 1)}
        return command(*args, **kwargs)

    options = [
        click.option("--actor", "actor_names", multiple=True,
                     help="Events involving this actor (repeatable): a name, alias, ISO code or IRI."),
        click.option("--type", "types", multiple=True, type=click.Choice(list(EVENT_CLASSES), case_sensitive=False),
                     help="Event type (repeatable)."),
        click.option("--from", "start", callback=parse_day, help="From this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
        click.option("--to", "end", callback=parse_end_day, help="Up to this date (inclusive)."),
        click.option("--status", "statuses", multiple=True, type=click.Choice(list(STATUSES)), help="(repeatable)"),
        click.option("--min-sources", default=1, show_default=True, type=click.IntRange(min=1),
                     help="Only events reported by this many articles."),
        click.option("--text", help="Only events whose evidence or actor names contain this text."),
        click.option("--node-only", is_flag=True,
                     help="--actor matches only events naming the actor itself, not those of the people acting "
                          "for it (a country's leader and ministers on the event's date)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
