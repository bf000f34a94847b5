"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from graph.queries import EVENT_CLASSES, STATUSES, TimelineFilter, actor_names, resolve_actor
from graph.store import Store, with_update_url

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
    which graph.store.open_store reads), so commands keep a single ``store_url`` parameter.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, update_url: str | None = None, **kwargs: Any) -> Any:
        if update_url:
            kwargs["store_url"] = with_update_url(kwargs["store_url"], update_url)
        return command(*args, **kwargs)

    return _store(_update_url(wrapper))


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: YYYY-MM-DD or YYYY-MM (first day of the month) or YYYY."""
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def parse_end_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback for the end of a window: --to 2025-03 means up to 31 March, --to 2025 to 31 December."""
    day = parse_day(ctx, param, value)
    if day is None or value is None:
        return day
    if len(value) == 4:
        return day.replace(month=12, day=31)
    if len(value) == 7:
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return day


_TYPE_NAMES = {t.lower(): t for t in EVENT_CLASSES}


@dataclass(frozen=True)
class FilterOptions:
    """The event filters as typed on the command line (actors still as names, resolved against a store)."""

    actor_names: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    statuses: tuple[str, ...] = ()
    min_sources: int = 1
    text: str | None = None
    node_only: bool = False

    @property
    def given(self) -> bool:
        return self != FilterOptions()

    def resolve(self, store: Store) -> TimelineFilter:
        """The TimelineFilter these options mean in ``store`` (actors by name, alias, ISO code or IRI).

        Raises graph.queries.UnknownActor (with close matches) for a name no actor answers to.
        """
        names = actor_names(store) if self.actor_names else {}
        return TimelineFilter(actors=tuple(dict.fromkeys(resolve_actor(store, n, names)[0] for n in self.actor_names)),
                              types=tuple(_TYPE_NAMES[t.lower()] for t in self.types), start=self.start,
                              end=self.end, statuses=self.statuses, min_sources=self.min_sources, text=self.text,
                              node_only=self.node_only)


def filter_options(command: Callable) -> Callable:
    """``--actor --type --from --to --status --min-sources --text``; the command receives ``filters``
    (a FilterOptions) and builds the filter with ``filters.resolve(store)``."""
    names = ("actor_names", "types", "start", "end", "statuses", "min_sources", "text", "node_only")

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["filters"] = FilterOptions(**{n: kwargs.pop(n) for n in names})
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
