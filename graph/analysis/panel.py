"""Dyad panels: how often each country acted towards each other, period by period, as researchers model it.

One row per directed dyad (``source`` acts towards ``target``), period, event class, status and PLOVER
category, with the number of events, their fair weight and the number of distinct source articles. Calls and
meetings count in both directions (A with B is A towards B and B towards A); a tariff measure goes from its
imposer to its target. Actors are taken at country level (graph.analysis.levels): people as the country or
organisation they acted for on the event's day, organisations kept or folded into their members. People with
no known affiliation that day are left out, and so are undated events (they belong to no period).

**Zeros**: a dyad has a row for every period from its first event's period to its last one's (with ``--from`` /
``--to``: every period of the window), for each (class, status, category) it ever had, with 0 events where it
had none; outside that span it has no rows.

>>> period_of(dt.date(2025, 3, 28), "week"), period_of(dt.date(2025, 3, 28), "month")
('2025-W13', '2025-03')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from graph.analysis.levels import at_level
from graph.errors import UsageError
from graph.query import coding
from graph.query.projection import CLASSES, STATUSES, Projection, iso_day
from graph.storage.store import Store

__all__ = ["PERIODS", "PANEL_COLUMNS", "period_of", "period_bounds", "panel_rows"]

PERIODS = ("week", "month", "year")
PANEL_COLUMNS = ["source", "target", "source_name", "target_name", "source_kind", "target_kind", "period",
                 "period_start", "period_end", "class", "status", "plover", "events", "weight", "sources"]
"""The panel's columns (then ``snapshot`` and ``filter``); ``source`` and ``target`` are ISO 3166-1 alpha-3
codes for countries, acronyms for organisations (EU, G7, NATO)."""


def period_of(day: dt.date, period: str) -> str:
    """The label of the period holding ``day``: ``2025-W13`` (ISO week), ``2025-03``, ``2025``."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "year":
        return str(day.year)
    raise UsageError(f"unknown period {period!r} (use {', '.join(PERIODS)})")


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period holding ``day``."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        return start, (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if period == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise UsageError(f"unknown period {period!r} (use {', '.join(PERIODS)})")


def _periods(first: dt.date, last: dt.date, period: str) -> Iterator[tuple[dt.date, dt.date]]:
    start, end = period_bounds(first, period)
    while start <= last:
        yield start, end
        start, end = period_bounds(end + dt.timedelta(days=1), period)


@dataclass
class _Cell:
    events: int = 0
    weight: float = 0.0
    articles: set | None = None


def _articles(store: Store, events: list[str], batch: int = 2000) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for i in range(0, len(events), batch):
        values = " ".join(f"<{e}>" for e in events[i:i + batch])
        for r in store.select(f"SELECT ?e ?g WHERE {{ VALUES ?e {{ {values} }} "
                              "GRAPH ?g { ?e prov:wasDerivedFrom ?g } }"):
            out[r["e"]].add(r["g"])
    return out


def panel_rows(store: Store, proj: Projection, events: np.ndarray, period: str = "month",
               organisations: str = "keep", window: tuple[dt.date | None, dt.date | None] = (None, None)
               ) -> list[dict]:
    """The dyad panel of some events (see the module's docstring).

    Parameters
    ----------
    store : Store
        The store the projection was read from (for the events' codes and affiliations).
    proj : Projection
        The events as arrays (:func:`graph.query.projection.projection`).
    events : numpy.ndarray
        The numbers of the events in ``proj`` (for example the true entries of
        :func:`graph.query.projection.matching_mask`).
    period : {"month", "week", "year"}
        The length of a period.
    organisations : {"keep", "members"}
        Keep organisations as actors, or fold them into their member states.
    window : tuple of date
        The filter's dates, which the zeros then span.

    Returns
    -------
    list of dict
        One row per directed dyad, period, class, status and PLOVER category (:data:`PANEL_COLUMNS`), sorted by
        source, target, class, status, category and period.

    Examples
    --------
    >>> import numpy as np
    >>> from graph.example import example_store
    >>> from graph.query.projection import projection
    >>> store = example_store()
    >>> proj = projection(store)
    >>> [(r["source"], r["target"], r["period"], r["events"])
    ...  for r in panel_rows(store, proj, np.arange(proj.n_events))]
    [('USA', 'CAN', '2025-03', 1)]
    """
    if period not in PERIODS:
        raise UsageError(f"unknown period {period!r} (use {', '.join(PERIODS)})")
    level = at_level(store, proj, "country", organisations)
    chosen = np.zeros(proj.n_events, dtype=bool)
    chosen[events] = True
    chosen &= proj.point > 0
    acts_as_state = np.array([k != "person" for k in level.kinds], dtype=bool)  # people left unaffiliated
    keep = chosen[level.mem_event] & acts_as_state[level.mem_actor]
    by_event: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for e, a, r in zip(level.mem_event[keep].tolist(), level.mem_actor[keep].tolist(),
                       level.mem_role[keep].tolist(), strict=True):
        by_event[e][r].add(a)
    iris = [proj.events[e] for e in by_event]
    codes = coding.codes_of(store, iris)
    articles = _articles(store, iris)
    cells: dict[tuple, _Cell] = defaultdict(_Cell)
    spans: dict[tuple[int, int], list[dt.date]] = {}
    for e, roles in by_event.items():
        cls = CLASSES[proj.cls[e]]
        if cls == "TariffMeasure":
            dyads = [(a, b) for a in roles.get(1, ()) for b in roles.get(2, ()) if a != b]
        else:
            units = roles.get(0, set())
            dyads = [(a, b) for a in units for b in units if a != b]
        if not dyads:
            continue
        n_units = len({x for d in dyads for x in d})
        day = dt.date.fromisoformat(iso_day(int(proj.point[e])))
        label = period_of(day, period)
        status = STATUSES[proj.status[e]] if proj.status[e] >= 0 else ""
        plover = (codes.get(proj.events[e]) or {}).get("plover") or coding.event_codes(cls, None, status)[1]
        for a, b in dyads:
            cell = cells[(a, b, cls, status, plover, label)]
            cell.events += 1
            cell.weight += 1.0 / max(n_units - 1, 1)
            cell.articles = (cell.articles or set()) | articles.get(proj.events[e], set())
            span = spans.setdefault((a, b), [day, day])
            span[0], span[1] = min(span[0], day), max(span[1], day)
    kinds = defaultdict(set)
    for a, b, cls, status, plover, _ in cells:
        kinds[(a, b)].add((cls, status, plover))
    rows = []
    for (a, b), (first, last) in spans.items():
        lo, hi = window[0] or first, window[1] or last
        for start, end in _periods(min(lo, first), max(hi, last), period):
            label = period_of(start, period)
            for cls, status, plover in kinds[(a, b)]:
                cell = cells.get((a, b, cls, status, plover, label)) or _Cell()
                rows.append({"source": _code(level.actors[a]), "target": _code(level.actors[b]),
                             "source_name": level.labels[a], "target_name": level.labels[b],
                             "source_kind": level.kinds[a], "target_kind": level.kinds[b], "period": label,
                             "period_start": start.isoformat(), "period_end": end.isoformat(), "class": cls,
                             "status": status, "plover": plover, "events": cell.events,
                             "weight": round(cell.weight, 6), "sources": len(cell.articles or ())})
    rows.sort(key=lambda r: (r["source"], r["target"], r["class"], r["status"], r["plover"], r["period_start"]))
    return rows


def _code(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]
