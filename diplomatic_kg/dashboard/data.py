"""The dashboard's data: which store, cached queries, the filters and their URL form.

Every cached query takes the store URL and the store's state id (``Store.state_id()``: the published
checkpoint's name) as arguments, so a new checkpoint written by a cron ingest is a new cache key: the app
shows the new data on the next rerun without a restart, and never serves results of a superseded state.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import streamlit as st

from graph.namespaces import ACTOR, EVENT
from graph.query import projection as proj_mod
from graph.query import queries
from graph.query.filters import EventFilter
from graph.storage import aggregates as agg_mod
from graph.storage.snapshot import snapshot_id
from graph.storage.store import DEFAULT_STORE, Store, open_store, parse_store_url

_log = logging.getLogger("dashboard")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
MAX_POINTS = 2000  # above this many matching events the timeline shows counts per period
WRITE_WAIT_S = 5.0  # how long an ingest from the app waits for another writer before saying so
WATCH_INTERVAL_S = 2.0  # how often the app looks for a newly published checkpoint
WARM_DELAY_S = 5.0  # a new app process renders its first page from the aggregates before warming the projection
_TYPE_NAMES = {t.lower(): t for t in queries.EVENT_CLASSES}


# -- the store ---------------------------------------------------------------------------------------------
def store_url() -> str:
    """The store the app reads: ``$DKG_STORE`` (set by ``dkg app --store``) or the default."""
    return os.environ.get("DKG_STORE") or DEFAULT_STORE


@st.cache_resource(show_spinner=False)
def _reader(url: str) -> Store:
    return open_store(url, missing_ok=True)


def store() -> Store:
    """A read-only handle on the store (it follows the newest published checkpoint)."""
    url = store_url()
    scheme, location = parse_store_url(url)
    if scheme == "memory":
        return open_store(url)  # in-process stores are shared by URL already; nothing to cache
    if scheme == "oxigraph":
        _watcher(url, location)
    return _reader(url)


@st.cache_resource(show_spinner=False)
def _watcher(url: str, location: str) -> threading.Thread:
    """One thread per app process that prepares each newly published checkpoint before anyone asks.

    When a writer (``dkg ingest``, cron) publishes, the thread builds graph.query.projection's arrays for the new
    checkpoint (about 2.5 s for 100k events) and its snapshot identifier (graph.storage.snapshot, about 3 s), so the
    next page a researcher opens is answered from them at once.
    """

    def watch() -> None:
        reader, last = open_store(url, missing_ok=True), None
        # The first page of a new process needs only the checkpoint's aggregates (graph.storage.aggregates); reading the
        # projection now would hold the GIL while that page renders (seconds at a million events).
        if agg_mod.current(reader) is not None:
            time.sleep(WARM_DELAY_S)
        while Path(location).is_dir():
            try:
                state_id = reader.state_id()
                if state_id != last:
                    proj_mod.projection(reader)
                    snapshot_id(reader)  # what the download buttons cite (kept in PATH/cache too)
                    last = state_id
            except Exception as e:  # noqa: BLE001 - a failed warm-up only costs speed; pages report errors
                _log.warning("could not prepare %s for the dashboard: %s", url, e)
                time.sleep(30)
            time.sleep(WATCH_INTERVAL_S)

    thread = threading.Thread(target=watch, name="dkg-app-watch", daemon=True)
    thread.start()
    return thread


def state() -> str:
    """The cache key of what the store holds now."""
    return store().state_id()


def snapshot(wait: bool = True) -> str | None:
    """The snapshot identifier of what the store holds now (graph.storage.snapshot: what exports cite); None when
    ``wait`` is False and it is not known yet (the watcher computes it for each new checkpoint)."""
    return snapshot_id(store(), compute=wait)


# -- identifiers in URLs -------------------------------------------------------------------------------------
def short_id(iri: str, namespace: str = str(ACTOR)) -> str:
    """``https://w3id.org/diplomatic-kg/id/actor/CAN`` -> ``CAN`` (other IRIs stay whole)."""
    return iri[len(namespace):] if iri.startswith(namespace) and "/" not in iri[len(namespace):] else iri


def actor_iri(value: str) -> str:
    """The actor IRI for a short id or a full IRI; ValueError when it cannot be one."""
    value = value.strip()
    return str(queries.check_iri(value if ":" in value else str(ACTOR[value])))


def event_iri(value: str) -> str:
    """The event IRI for a short id (the hash) or a full IRI; ValueError when it cannot be one."""
    value = value.strip()
    return str(queries.check_iri(value if ":" in value else str(EVENT[value])))


def event_id(iri: str) -> str:
    return short_id(iri, str(EVENT))


# -- filters -------------------------------------------------------------------------------------------------
Filters = EventFilter
"""What the Timeline and Network pages show: graph.query.filters.EventFilter, the filter of ``dkg timeline``."""


def all_values(params: Mapping, key: str) -> list[str]:
    """Every value of a query parameter, from ``st.query_params`` or a plain dict (list or string)."""
    if hasattr(params, "get_all"):
        return [v for v in params.get_all(key) if v != ""]
    value = params.get(key)
    if value is None:
        return []
    return [v for v in (value if isinstance(value, list | tuple) else [value]) if v != ""]


def first_value(params: Mapping, key: str) -> str | None:
    values = all_values(params, key)
    return values[0] if values else None


# -- what the timeline needs, from graph.query.projection -----------------------------------------------------------
# graph.query.projection keeps every event's class, dates, status, sources and actors as arrays, built once per
# published checkpoint (and kept on disk next to the store). Counting and aggregating 100k events from it takes
# milliseconds, where the same GROUP BY in SPARQL takes about a second for each filter. Full rows, details and
# the text filter still come from SPARQL (graph.query.queries).
def projection() -> proj_mod.Projection:
    return proj_mod.projection(store())


def aggregates(flt: Filters | None = None) -> agg_mod.Aggregates | None:
    """The aggregates published with the checkpoint (graph.storage.aggregates), when they can answer ``flt`` (every
    filter but the text and acting-for ones): counts and windows from memory-mapped arrays, without loading the
    projection."""
    if flt is not None and (flt.text or (flt.actors and not flt.node_only) or flt.beyond_arrays):
        return None
    return agg_mod.current(store())


def event_mask(proj: proj_mod.Projection, flt: Filters) -> np.ndarray:
    """Which of the projection's events match the filters (graph.query.projection.matching_mask: the meaning of
    graph.query.queries.TimelineFilter, also what the downloads of the view hold)."""
    return proj_mod.matching_mask(proj, flt, store() if flt.text or flt.actors or flt.beyond_arrays else None)


# -- cached queries -------------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def actor_options(url: str, state_id: str) -> list[dict]:
    """Every actor in an event (actor, label, kind, events), busiest first."""
    agg = aggregates()
    if agg is not None:
        return agg.actor_rows()
    return proj_mod.actor_counts(projection())


@st.cache_data(show_spinner=False, max_entries=64)
def count(url: str, state_id: str, flt: Filters) -> int:
    agg = aggregates(flt)
    if agg is not None:
        return agg.n_events if flt.empty else int(agg.mask(flt).sum())
    return int(event_mask(projection(), flt).sum())


@st.cache_data(show_spinner=False, max_entries=32)
def rows(url: str, state_id: str, flt: Filters) -> list[dict]:
    """Full timeline rows of the matching events (call only when there are not too many)."""
    agg = aggregates(flt)
    if agg is not None:
        return queries.event_rows(store(), agg.iris(np.flatnonzero(agg.mask(flt))))
    proj = projection()
    events = [proj.events[i] for i in np.flatnonzero(event_mask(proj, flt)).tolist()]
    out = queries.event_rows(store(), events)
    if flt.actors and not flt.node_only:  # (aggregates answer no such filter) mark the events of their people
        queries.mark_through(out, flt.actors)
    return out


@st.cache_data(show_spinner=False, max_entries=32)
def day_counts(url: str, state_id: str, flt: Filters) -> list[dict]:
    """Matching dated events counted per (day, type, status): {period, type, status, events}."""
    agg = aggregates(flt)
    if agg is not None:
        return agg.day_rows() if flt.empty else agg.day_rows_of(agg.mask(flt))
    proj = projection()
    return proj_mod.day_counts(proj, event_mask(proj, flt))


@st.cache_data(show_spinner=False, max_entries=32)
def actor_day_counts(url: str, state_id: str, flt: Filters, limit: int = 20) -> tuple[list[dict], list[dict]]:
    """(top actors [{actor, events}], counts per (actor, day, status)) for the aggregated actor lanes."""
    proj = projection()
    return proj_mod.actor_day_counts(proj, event_mask(proj, flt), limit)


@st.cache_data(show_spinner=False, max_entries=128)
def detail(url: str, state_id: str, event: str) -> dict | None:
    return queries.event_card(store(), event)


@st.cache_data(show_spinner=False, max_entries=128)
def name_forms(url: str, state_id: str, actors: tuple[str, ...]) -> dict[str, list[str]]:
    return dict(queries.actor_name_forms(store(), list(actors)))


@st.cache_data(show_spinner=False, max_entries=64)
def profile(url: str, state_id: str, actor: str) -> dict | None:
    return queries.actor_profile(store(), actor)


@st.cache_data(show_spinner=False, max_entries=8)
def labels(url: str, state_id: str, actors: tuple[str, ...]) -> dict[str, str]:
    return queries.actor_labels(store(), list(actors))


# -- aggregation for the zoomed-out timeline --------------------------------------------------------------------
@dataclass
class Bucket:
    """One period of the aggregated timeline."""

    start: dt.date
    end: dt.date
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (lane, status) -> events


def pick_bucket(first: dt.date, last: dt.date) -> str:
    """Period length that keeps a zoomed-out timeline readable (a few hundred periods at most)."""
    days = (last - first).days
    if days <= 92:
        return "day"
    if days <= 2 * 366:
        return "week"
    if days <= 25 * 366:
        return "month"
    return "year"


def period_of(day: dt.date, bucket: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period of ``bucket`` holding ``day``."""
    if bucket == "day":
        return day, day
    if bucket == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if bucket == "month":
        start = day.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


def bucketize(day_rows: list[dict], lane_key: str, bucket: str | None = None) -> tuple[str, list[Bucket]]:
    """Per-day counts ({day or period, <lane_key>, status, events}) -> (bucket, periods with counts per lane).

    >>> b, periods = bucketize([{"period": "2025-03-28", "type": "Call", "status": "occurred", "events": 2}], "type")
    >>> b, periods[0].counts
    ('day', {('Call', 'occurred'): 2})
    """
    if not day_rows:
        return bucket or "month", []
    days = [dt.date.fromisoformat(r.get("day") or r["period"]) for r in day_rows]
    bucket = bucket or pick_bucket(min(days), max(days))
    out: dict[dt.date, Bucket] = {}
    for day, r in zip(days, day_rows, strict=True):
        start, end = period_of(day, bucket)
        b = out.setdefault(start, Bucket(start, end))
        key = (r[lane_key], r["status"])
        b.counts[key] = b.counts.get(key, 0) + int(r["events"])
    return bucket, [out[k] for k in sorted(out)]


def with_window(flt: Filters, start: dt.date | None, end: dt.date | None) -> Filters:
    return replace(flt, start=start, end=end)


def group_roles(row: dict) -> dict[str, list[dict]]:
    """An event's actors by role: {participant: [...], imposer: [...], target: [...]}."""
    out: dict[str, list[dict]] = defaultdict(list)
    for a in row.get("actors", []):
        out[a["role"]].append(a)
    return out


def acting_people(actors: tuple[str, ...]) -> set[str]:
    """The people who acted for any of ``actors`` (countries, organisations) in some event (graph.query.coding)."""
    proj = projection()
    wanted = [proj.actor_index[a] for a in actors if a in proj.actor_index]
    acts = proj_mod.acting(proj, store())
    return {proj.actors[p] for p in np.unique(acts.actor[np.isin(acts.acts_for, wanted)]).tolist()}


def network_filters(flt: Filters) -> dict:
    """The part of the filters that graph.analysis.network understands (actors and text select nodes, not events)."""
    return {"flt": flt}
