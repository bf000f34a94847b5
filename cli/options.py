"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt

import click

store_option = click.option(
    "--store", "store_url", envvar="DKG_STORE", default="oxigraph:data/store", show_default=True,
    help="Store URL: oxigraph:PATH, memory: or http(s)://HOST/sparql (also $DKG_STORE).",
)


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
