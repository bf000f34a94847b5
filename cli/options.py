"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from graph.store import with_update_url

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
