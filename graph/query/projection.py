"""The projection of the store that network queries run on: events, actors and interactions as arrays.

Every event's class, date or bounds, status and number of sources, and its actors by role, are read with
three SPARQL queries (never one per event) plus the actor names, and kept as numpy arrays; each event
then gives one interaction row per pair of its actors (participants pairwise, imposer with target). The
projection is cached per ``store.state_id()``: in memory, and for on-disk stores also in
``PATH/cache/network-*.npz``, so that a new process (each ``dkg`` command) loads it in a fraction of a
second instead of reading the store again. graph.analysis.network builds graphs and answers queries from it.

>>> from graph.storage.store import open_store
>>> p = projection(open_store("memory:"))
>>> p.n_events, p.n_actors
(0, 0)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import itertools
import json
import os
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.errors import UsageError
from graph.namespaces import ACTOR, CODING_GRAPH, EVENT, fold
from graph.query import coding
from graph.query.queries import EVENT_CLASSES, STATUSES, TimelineFilter, check_iri, matching_events
from graph.storage.formats import csv_columns
from graph.storage.store import QueryError, Store, parse_store_url

__all__ = ["Projection", "projection", "build_projection", "forget_projections", "refreshing", "cached", "remember",
           "recall", "matching_mask", "actor_counts", "day_counts", "actor_day_counts", "acting", "Acting", "regroup",
           "no_gc", "iso_day", "iso_days", "local_name", "CLASSES", "COARSE", "ROLES"]

CLASSES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")
"""Event classes as stored; Visit and Summit are also Meetings."""
COARSE = {"Call": "Call", "Meeting": "Meeting", "Visit": "Meeting", "Summit": "Meeting",
          "TariffMeasure": "TariffMeasure"}
ROLES = ("participant", "imposer", "target")
CACHE_SIZE = 8
"""Graphs (and results) kept per projection and kind, least recently used dropped first."""
FORMAT_VERSION = 1  # bump when the on-disk projection layout changes

_CLASS_VALUES = " ".join(f"(dkg:{c} {i})" for i, c in enumerate(CLASSES, 1))
_EVENTS_QUERY = f"""
SELECT ?e (MAX(COALESCE(?k, 0)) AS ?cls) (COUNT(DISTINCT ?g) AS ?sources) (SAMPLE(?d) AS ?date)
       (SAMPLE(?nb) AS ?lo) (SAMPLE(?na) AS ?hi) (SAMPLE(?st) AS ?status)
WHERE {{
  {{ VALUES (?t ?k) {{ {_CLASS_VALUES} }} GRAPH ?g {{ ?e a ?t }} }}
  UNION {{ ?e dkg:date ?d }} UNION {{ ?e dkg:notBefore ?nb }} UNION {{ ?e dkg:notAfter ?na }}
  UNION {{ ?e dkg:status ?st }}
}}
GROUP BY ?e
"""
# Oxigraph decodes every IRI it returns (a few microseconds each): one UNION scan grouped by event returns
# each event IRI once, and MAX over small integers (not over class IRIs) keeps the class cheap. The most
# specific class wins: Visit (3) and Summit (4) over Meeting (2).

_MEMBERS_QUERY = r"""
SELECT ?a ?k (GROUP_CONCAT(DISTINCT STR(?e); separator="\t") AS ?events) WHERE {
  VALUES (?r ?k) { (dkg:participant 0) (dkg:imposer 1) (dkg:target 2) }
  ?e ?r ?a .
}
GROUP BY ?a ?k
"""
# Grouped by actor and role, each actor IRI is decoded once per group rather than once per event: 15% less
# work for Oxigraph and half the text to split than one (event, role, actor) row per membership.

_KINDS_QUERY = """
SELECT ?a ?k WHERE {
  VALUES (?c ?k) { (dkg:Person "person") (dkg:Country "country") (dkg:Organisation "organisation") }
  ?a a ?c .
}
"""

_NAMES_QUERY = """
SELECT ?actor ?name ?label WHERE {
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } UNION { ?actor dkg:isoCode ?name }
  ?actor rdfs:label ?label .
}
"""

# ---------------------------------------------------------------------------------------------------------
# The projection


@dataclass(eq=False)
class Projection:
    """Events, actors and pairwise interactions of one state of the store, as arrays.

    Events are numbered 0..E-1 (``events`` holds their IRIs), actors 0..A-1 (``actors``). Dates are
    proleptic ordinals (``datetime.date.toordinal``), 0 when absent. ``pair_*`` rows are the interactions
    each event creates (one row per event and pair of actors, ``pair_a < pair_b``).
    """

    state: str
    actors: list[str]
    labels: list[str]
    kinds: list[str]
    names: dict[str, tuple[str, str]]
    events: list[str]
    cls: np.ndarray  # int8 index into CLASSES
    status: np.ndarray  # int8 index into STATUSES, -1 unknown
    date: np.ndarray  # int32 ordinals: dkg:date, dkg:notBefore, dkg:notAfter (0 = absent)
    not_before: np.ndarray
    not_after: np.ndarray
    sources: np.ndarray  # int32
    mem_event: np.ndarray  # int32: (event, actor, role) memberships
    mem_actor: np.ndarray
    mem_role: np.ndarray  # int8 index into ROLES
    pair_a: np.ndarray  # int32
    pair_b: np.ndarray
    pair_event: np.ndarray
    pair_fair: np.ndarray  # float64: 1/(n-1) for an event with n actors
    pair_dir: np.ndarray  # int8: 0 co-participation, 1 a imposed a tariff on b, 2 b on a
    built_in: float = 0.0
    loaded_from: str = "store"
    actor_index: dict[str, int] = field(default_factory=dict, repr=False)
    lo: np.ndarray | None = field(default=None, repr=False)  # derived: the date placing each event in windows
    hi: np.ndarray | None = field(default=None, repr=False)
    point: np.ndarray | None = field(default=None, repr=False)  # derived: the date ordering it
    _actor_pairs: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _actor_events: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.actor_index = {iri: i for i, iri in enumerate(self.actors)}
        # An event is placed by its date, else by its bounds (lo..hi), as the timeline filter does.
        d, nb, na = self.date, self.not_before, self.not_after
        self.lo = np.where(nb > 0, nb, np.where(d > 0, d, na)).astype(np.int32)
        self.hi = np.where(na > 0, na, np.where(d > 0, d, nb)).astype(np.int32)
        self.point = np.where(d > 0, d, np.where(nb > 0, nb, na)).astype(np.int32)
        self._actor_pairs = _csr(np.concatenate([self.pair_a, self.pair_b]),
                                 np.tile(np.arange(len(self.pair_a), dtype=np.int32), 2), len(self.actors))
        self._actor_events = _csr(self.mem_actor, self.mem_event, len(self.actors))

    @functools.cached_property
    def event_index(self) -> dict[str, int]:
        """{event IRI: number}, built on first use (queries go by actor; 0.1 s saved on every load)."""
        return {iri: i for i, iri in enumerate(self.events)}

    # -- sizes ---------------------------------------------------------------------------------------------
    @property
    def n_events(self) -> int:
        return len(self.events)

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    def summary(self) -> dict:
        """Counts, for reports: events, actors with events, memberships, interaction rows."""
        return {"state": self.state, "events": self.n_events,
                "actors": int(np.count_nonzero(np.bincount(self.mem_actor, minlength=self.n_actors))),
                "memberships": len(self.mem_event), "pairs": len(self.pair_a),
                "built_in_s": round(self.built_in, 3), "loaded_from": self.loaded_from}

    # -- per-actor indexes ------------------------------------------------------------------------------------
    def pair_rows(self, actor: int) -> np.ndarray:
        """Interaction rows involving actor number ``actor``."""
        ptr, idx = self._actor_pairs
        return idx[ptr[actor]:ptr[actor + 1]]

    def pair_rows_of_many(self, actors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, row): every interaction row of each of ``actors`` (numbers), with the actor it was taken for."""
        ptr, idx = self._actor_pairs
        counts = ptr[actors + 1] - ptr[actors]
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.repeat(actors, counts), idx[np.repeat(ptr[actors], counts) + offsets]

    def actor_event_rows(self, actor: int) -> np.ndarray:
        """Events (numbers) in which actor number ``actor`` takes part, any role."""
        ptr, idx = self._actor_events
        return idx[ptr[actor]:ptr[actor + 1]]

    # -- event attributes ------------------------------------------------------------------------------------
    def event(self, i: int) -> dict:
        """One event as plain data: iri, type, class, date, not_before, not_after, precision, status, sources."""
        cls = CLASSES[self.cls[i]]
        d, nb, na = int(self.date[i]), int(self.not_before[i]), int(self.not_after[i])
        return {"iri": self.events[i], "type": COARSE[cls], "class": cls, "date": iso_day(d),
                "not_before": iso_day(nb), "not_after": iso_day(na), "precision": _precision(d, nb, na),
                "status": STATUSES[self.status[i]] if self.status[i] >= 0 else None,
                "sources": int(self.sources[i])}

    def when(self, i: int) -> str | None:
        """The date used for ordering an event: its date, else its lower bound, else its upper bound."""
        return iso_day(int(self.point[i]))

    def actor(self, i: int) -> dict:
        return {"iri": self.actors[i], "label": self.labels[i], "kind": self.kinds[i]}


def matching_mask(proj: Projection, flt: TimelineFilter, store: Store | None = None) -> np.ndarray:
    """Which of the projection's events match ``flt``: a boolean per event, with the meaning of
    graph.query.queries.TimelineFilter (an event is in a window when its date, or else its bounds, overlap it; Meeting
    covers Visit and Summit), from the arrays in milliseconds. The text filter asks ``store``.

    >>> from graph.example import example_store
    >>> p = projection(example_store())
    >>> sorted(p.events[i].rsplit("/", 1)[-1] for i in matching_mask(p, TimelineFilter(types=("Call",))).nonzero()[0])
    ['call-carney-trump', 'call-trump-sheinbaum']
    """
    for value, allowed, what in ((flt.types, EVENT_CLASSES, "event type"), (flt.statuses, STATUSES, "status")):
        unknown = set(value) - set(allowed)
        if unknown:
            raise UsageError(f"unknown {what}(s): {', '.join(sorted(unknown))} (use {', '.join(allowed)})")
    keep = np.ones(proj.n_events, dtype=bool)
    if flt.types:
        wanted = {c for t in flt.types for c in CLASSES if c == t or COARSE[c] == t}
        keep &= np.isin(proj.cls, [CLASSES.index(c) for c in wanted])
    if flt.statuses:
        keep &= np.isin(proj.status, [STATUSES.index(s) for s in flt.statuses])
    if flt.min_sources > 1:
        keep &= proj.sources >= flt.min_sources
    if flt.start or flt.end:
        keep &= proj.lo > 0
        if flt.start:
            keep &= proj.hi >= flt.start.toordinal()
        if flt.end:
            keep &= proj.lo <= flt.end.toordinal()
    if flt.actors:
        involved = np.zeros(proj.n_events, dtype=bool)
        for a in flt.actors:
            if str(check_iri(a)) in proj.actor_index:
                involved[proj.actor_event_rows(proj.actor_index[a])] = True
        if not flt.node_only:  # and the events of people acting for them
            if store is None:
                raise UsageError("an actor filter that takes in the people acting for it needs the store")
            acts = acting(proj, store)
            wanted = [proj.actor_index[a] for a in flt.actors if a in proj.actor_index]
            involved[acts.event[np.isin(acts.acts_for, wanted)]] = True
        keep &= involved
    if flt.text:
        if store is None:
            raise UsageError("the text filter needs the store")
        found = np.zeros(proj.n_events, dtype=bool)
        index = proj.event_index
        found[[index[e] for e in matching_events(store, TimelineFilter(text=flt.text)) if e in index]] = True
        keep &= found
    if flt.beyond_arrays:  # a field the arrays do not hold: its events are selected in SPARQL
        if store is None:
            raise UsageError(f"filtering by {', '.join(flt.beyond_arrays)} needs the store")
        found = np.zeros(proj.n_events, dtype=bool)
        index = proj.event_index
        found[[index[e] for e in matching_events(store, flt) if e in index]] = True
        keep &= found
    return keep


def actor_counts(proj: Projection, keep: np.ndarray | None = None) -> list[dict]:
    """Every actor in the events ``keep`` selects (every event when None) with its number of events
    ({actor, label, kind, events}), busiest first: the actor list of the dashboard's sidebar.

    >>> from graph.example import example_store
    >>> p = projection(example_store())
    >>> [(r["label"], r["events"]) for r in actor_counts(p)][:2]
    [('Donald Trump', 3), ('Mark Carney', 2)]
    """
    pairs = np.unique(proj.mem_event.astype(np.int64) * proj.n_actors + proj.mem_actor)
    if keep is not None:
        pairs = pairs[keep[pairs // proj.n_actors]]
    counts = np.bincount(pairs % proj.n_actors, minlength=proj.n_actors)
    out = [{"actor": proj.actors[i], "label": proj.labels[i], "kind": proj.kinds[i], "events": int(counts[i])}
           for i in np.flatnonzero(counts).tolist()]
    out.sort(key=lambda r: (-r["events"], r["label"].casefold()))
    return out


def day_counts(proj: Projection, keep: np.ndarray) -> list[dict]:
    """The dated events ``keep`` selects, counted per (day, type, status): {period, type, status, events}, the
    zoomed-out timeline (an event sits on its date, else its earliest bound; Visit and Summit count as Meeting).

    >>> from graph.example import example_store
    >>> p = projection(example_store())
    >>> [(r["period"], r["type"], r["events"]) for r in day_counts(p, matching_mask(p, TimelineFilter()))][:2]
    [('2025-03-04', 'TariffMeasure', 1), ('2025-03-06', 'Call', 1)]
    """
    point = proj.point
    sel = np.flatnonzero(keep & (point > 0))
    coarse = np.array([CLASSES.index(COARSE[c]) for c in CLASSES])[proj.cls[sel]]
    status = proj.status[sel].astype(np.int64) + 1
    key = (point[sel].astype(np.int64) * 16 + coarse) * 8 + status
    keys, n = np.unique(key, return_counts=True)
    return [{"period": iso_day(k // 128), "type": CLASSES[(k // 8) % 16], "status": _status_name(k % 8 - 1),
             "events": int(c)} for k, c in zip(keys.tolist(), n.tolist(), strict=True)]


def actor_day_counts(proj: Projection, keep: np.ndarray, limit: int = 20) -> tuple[list[dict], list[dict]]:
    """For the ``limit`` busiest actors in the events ``keep`` selects: ([{actor, events}], their dated events
    counted per (actor, day, status)): the dashboard's actor lanes.

    >>> from graph.example import example_store
    >>> p = projection(example_store())
    >>> top, counts = actor_day_counts(p, matching_mask(p, TimelineFilter()), limit=1)
    >>> top[0]["events"], len(counts)
    (3, 3)
    """
    point = proj.point
    pairs = np.unique(proj.mem_event.astype(np.int64) * proj.n_actors + proj.mem_actor)
    ev, ac = pairs // proj.n_actors, pairs % proj.n_actors
    sel = keep[ev]
    ev, ac = ev[sel], ac[sel]
    per_actor = np.bincount(ac, minlength=proj.n_actors)
    top = [i for i in np.argsort(-per_actor, kind="stable")[:limit].tolist() if per_actor[i] > 0]
    top_rows = [{"actor": proj.actors[i], "events": int(per_actor[i])} for i in top]
    dated = np.isin(ac, top) & (point[ev] > 0)
    ev, ac = ev[dated], ac[dated]
    key = (point[ev].astype(np.int64) * proj.n_actors + ac) * 8 + (proj.status[ev].astype(np.int64) + 1)
    keys, n = np.unique(key, return_counts=True)
    counts = [{"actor": proj.actors[(k // 8) % proj.n_actors], "period": iso_day(k // 8 // proj.n_actors),
               "status": _status_name(k % 8 - 1), "events": int(c)}
              for k, c in zip(keys.tolist(), n.tolist(), strict=True)]
    return top_rows, counts


def _status_name(code: int) -> str:
    return STATUSES[code] if 0 <= code < len(STATUSES) else "occurred"


def regroup(proj: Projection, mem_event: np.ndarray, mem_actor: np.ndarray, mem_role: np.ndarray,
            level: str) -> Projection:
    """The same events with other memberships (actors folded into the countries they acted for: graph.analysis.levels):
    a projection of its own, with its own pairs, fair weights and caches; ``state`` is ``proj.state`` + level."""
    with no_gc():
        pairs = _pairs(mem_event, mem_actor, mem_role, proj.n_events)
    return dataclasses.replace(proj, state=f"{proj.state}#{level}", mem_event=mem_event, mem_actor=mem_actor,
                               mem_role=mem_role, **pairs, built_in=0.0, loaded_from=level,
                               _actor_pairs=None, _actor_events=None, _cache=OrderedDict(),
                               _lock=threading.RLock())


@dataclass(frozen=True)
class Acting:
    """Who acted for whom (graph.query.coding's affiliations), one row per person in an event, as projection numbers."""

    event: np.ndarray  # int32 event numbers
    actor: np.ndarray  # int32 the person
    acts_for: np.ndarray  # int32 the country or organisation
    role: np.ndarray  # int8 index into graph.query.coding.ROLES


_ACTING_QUERY = f"""
SELECT ?e ?a ?c ?r WHERE {{ GRAPH <{CODING_GRAPH}> {{
  ?e dkg:affiliation ?n . ?n dkg:affiliate ?a ; dkg:actsFor ?c ; dkg:actorRole ?r }} }}"""


def acting(proj: Projection, store: Store) -> Acting:
    """The affiliations of the projection's events (read from ``store`` once per projection, one query)."""
    def compute() -> Acting:
        events, people, fors, roles = _columns(store, _ACTING_QUERY, 4)
        index = proj.event_index
        rows = [(index.get(_full(e)), proj.actor_index.get(_full(a)), proj.actor_index.get(_full(c)),
                 coding.ROLES.index(r) if r in coding.ROLES else len(coding.ROLES) - 1)
                for e, a, c, r in zip(events, people, fors, roles, strict=True)]
        rows = [r for r in rows if None not in r]  # another checkpoint's event, or an actor it does not know
        cols = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
        return Acting(*(np.array(c, dtype=np.int32) for c in cols[:3]), np.array(cols[3], dtype=np.int8))
    return cached(proj, ("acting",), compute)


@contextlib.contextmanager
def no_gc() -> Any:
    """Pause the cyclic garbage collector while building many small containers.

    Building a graph allocates hundreds of thousands of dicts and lists, none of them garbage; with the
    collector on, its repeated passes over the growing heap take more than half the time. On the way out,
    freeze() + unfreeze() moves what was built straight into the oldest generation (two list splices), so the
    next collection does not walk it all at once (which would cost the next query ~0.8 s).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _csr(keys: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(ptr, values sorted by key): the values of key k are ``values[ptr[k]:ptr[k+1]]``."""
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, values[order]


_ISO: dict[int, str] = {}


def iso_day(ordinal: int) -> str | None:
    if ordinal <= 0:
        return None
    text = _ISO.get(ordinal)
    if text is None:
        text = _ISO[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return text


def iso_days(ordinals: np.ndarray) -> list[str | None]:
    """``iso_day`` of many ordinals at once (a few thousand distinct days among hundreds of thousands)."""
    if len(ordinals) == 0:
        return []
    days, inverse = np.unique(ordinals, return_inverse=True)
    return np.array([iso_day(int(d)) for d in days.tolist()], dtype=object)[inverse].tolist()


def _precision(d: int, nb: int, na: int) -> str:
    if not d:
        return "bounds" if (nb or na) else "unknown"
    if not (nb and na):
        return "day"
    lo, hi = dt.date.fromordinal(nb), dt.date.fromordinal(na)
    if lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31 and lo.year == hi.year:
        return "year"
    if lo.day == 1 and lo.year == hi.year and lo.month == hi.month and (hi + dt.timedelta(days=1)).day == 1:
        return "month"
    return "day" if nb == na else "bounds"


_ORD: dict[str, int] = {}


def _ordinal(text: str) -> int:
    if not text:
        return 0
    value = _ORD.get(text)
    if value is None:
        try:
            value = dt.date.fromisoformat(text[:10]).toordinal()
        except ValueError:
            value = 0  # a malformed date is treated as absent, never as an error for the whole projection
        _ORD[text] = value
    return value


def _columns(store: Store, sparql: str, width: int, data: bytes | None = None) -> list[list[str]]:
    """The columns of a SELECT of ``width`` variables, as lists of strings ('' when unbound).

    Serialising in Rust (Oxigraph's CSV writer) and splitting the text is several times faster than
    turning each solution into Python terms, which matters at hundreds of thousands of rows. The event
    and actor namespaces are replaced by one character that no IRI contains (" " and "|"), which makes
    keys short; ``_full`` restores them. ``data``: the CSV already fetched (by a helper process).
    """
    if data is None:
        _, data = store.query_serialized(sparql, "csv")
    data = data.replace(str(EVENT).encode(), b" ").replace(str(ACTOR).encode(), b"|")
    try:
        return csv_columns(data.decode("utf-8"), width)
    except ValueError as e:
        raise QueryError(str(e)) from None


def _days(values: list[str]) -> np.ndarray:
    """ISO dates -> ordinals (int32), 0 for empty or malformed values (numpy parses them in C)."""
    try:
        days = np.array([v[:10] for v in values], dtype="datetime64[D]")
    except ValueError:  # a malformed date somewhere: fall back to one at a time
        return np.fromiter((_ordinal(v) for v in values), dtype=np.int32, count=len(values))
    out = days.astype(np.int64) + _EPOCH
    out[np.isnat(days)] = 0
    return out.astype(np.int32)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _full_all(keys: list[str], namespace: str) -> list[str]:
    """``_full`` of many keys of one namespace at once (string operations in C rather than a Python loop)."""
    if not keys:
        return []
    text = "\n" + "\n".join(keys)
    return text.replace("\n ", "\n" + namespace).replace("\n|", "\n" + str(ACTOR))[1:].split("\n")


def _full(key: str) -> str:
    """The IRI of a key returned by ``_columns``."""
    if key[:1] == " ":
        return str(EVENT) + key[1:]
    if key[:1] == "|":
        return str(ACTOR) + key[1:]
    return key


def build_projection(store: Store) -> Projection:
    """Read the projection from the store (three SPARQL queries plus the actor names); no caching."""
    with no_gc():
        return _read_projection(store)


def _read_projection(store: Store) -> Projection:
    t0 = time.perf_counter()
    state = store.state_id()
    status_code = {s: i for i, s in enumerate(STATUSES)}

    members = store.select_elsewhere(_MEMBERS_QUERY)  # runs alongside the events query when it can
    keys, cls, sources, date, not_before, not_after, status_text = _columns(store, _EVENTS_QUERY, 7)
    cls = np.array(cls, dtype=np.int16) - 1
    typed = cls >= 0  # the UNION also meets things that have a date or status but are not events
    keys = list(itertools.compress(keys, typed.tolist()))
    cls = cls[typed].astype(np.int8)
    sources = np.array(sources, dtype=np.int32)[typed]
    date, not_before, not_after = (_days(col)[typed] for col in (date, not_before, not_after))
    status = np.array([status_code.get(x, -1) for x in status_text], dtype=np.int8)[typed]
    n = len(keys)
    event_number = {k: i for i, k in enumerate(keys)}

    names = _names(store)
    labels_of = {iri: label for iri, label in names.values()}
    actor_keys: dict[str, int] = {}
    mem_e: list[int | None] = []
    mem_a: list[int] = []
    mem_r: list[int] = []
    for a, k, events_text in zip(*_columns(store, _MEMBERS_QUERY, 3, members.result()), strict=True):
        found = list(map(event_number.get, events_text.split("\t")))
        number = actor_keys.setdefault(a, len(actor_keys))
        mem_e += found
        mem_a += [number] * len(found)
        mem_r += [int(k)] * len(found)
    if None in mem_e:  # roles on things that are not typed events
        ok = [x is not None for x in mem_e]
        mem_e, mem_a, mem_r = (list(itertools.compress(c, ok)) for c in (mem_e, mem_a, mem_r))
    actors = [_full(a) for a in actor_keys]
    known = set(actors)
    actors += [iri for iri in labels_of if iri not in known]  # gazetteer actors without events
    kinds_of = {_full(a): k for a, k in zip(*_columns(store, _KINDS_QUERY, 2), strict=True)}
    labels = [labels_of.get(a) or local_name(a) for a in actors]
    kinds = [kinds_of.get(a, "actor") for a in actors]

    mem_event = np.asarray(mem_e, dtype=np.int32)
    mem_actor = np.asarray(mem_a, dtype=np.int32)
    mem_role = np.asarray(mem_r, dtype=np.int8)
    del mem_e, mem_a, mem_r
    pairs = _pairs(mem_event, mem_actor, mem_role, n)
    proj = Projection(state=state, actors=actors, labels=labels, kinds=kinds, names=names,
                      events=_full_all(keys, str(EVENT)), cls=cls, status=status, date=date, not_before=not_before,
                      not_after=not_after, sources=sources, mem_event=mem_event, mem_actor=mem_actor,
                      mem_role=mem_role, **pairs)
    proj.built_in = time.perf_counter() - t0
    return proj


def _names(store: Store) -> dict[str, tuple[str, str]]:
    """``{folded name: (IRI, label)}`` as graph.query.queries.actor_names builds it (one query)."""
    rows = [(_full(a), name, label) for a, name, label in zip(*_columns(store, _NAMES_QUERY, 3), strict=True)]
    names: dict[str, tuple[str, str]] = {}
    for actor, name, label in rows:
        names.setdefault(fold(name), (actor, label))
    for actor, _, label in rows:  # a canonical label wins over anyone's alias
        names[fold(label)] = (actor, label)
    return names


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _pairs(mem_event: np.ndarray, mem_actor: np.ndarray, mem_role: np.ndarray, n_events: int) -> dict:
    """The interaction rows: participants pairwise, imposers with targets; fair weight 1/(n-1)."""
    # Actors per event (any role), for the fair weight.
    base = int(mem_actor.max(initial=0)) + 1
    key = np.sort(mem_event.astype(np.int64) * base + mem_actor)  # np.unique's hash path is 20x slower
    uniq = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    n_actors_in = np.bincount(uniq // base, minlength=n_events)

    parts = mem_role == 0
    pa, pb, pe = _within_groups(mem_event[parts], mem_actor[parts])
    imp, tgt = mem_role == 1, mem_role == 2
    ia, ib, ie = _across_groups(mem_event[imp], mem_actor[imp], mem_event[tgt], mem_actor[tgt])
    a = np.concatenate([pa, ia])
    b = np.concatenate([pb, ib])
    e = np.concatenate([pe, ie])
    direction = np.concatenate([np.zeros(len(pa), np.int8), np.ones(len(ia), np.int8)])  # 1: a imposed on b
    keep = a != b
    a, b, e, direction = a[keep], b[keep], e[keep], direction[keep]
    swap = a > b
    lo, hi = np.where(swap, b, a), np.where(swap, a, b)
    direction = np.where((direction == 1) & swap, 2, direction).astype(np.int8)
    # One row per (event, pair): the same two actors may meet twice in one event's roles.
    order = np.lexsort((direction, hi, lo, e))
    lo, hi, e, direction = lo[order], hi[order], e[order], direction[order]
    first = np.ones(len(e), dtype=bool)
    first[1:] = (e[1:] != e[:-1]) | (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, e, direction = lo[first], hi[first], e[first], direction[first]
    fair = 1.0 / np.maximum(n_actors_in[e] - 1, 1)
    return {"pair_a": lo.astype(np.int32), "pair_b": hi.astype(np.int32), "pair_event": e.astype(np.int32),
            "pair_fair": fair.astype(np.float64), "pair_dir": direction}


def _within_groups(group: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unordered pair of members within each group: (member i, member j, group)."""
    order = np.argsort(group, kind="stable")
    group, member = group[order], member[order]
    m = len(group)
    if m == 0:
        empty = np.zeros(0, np.int32)
        return empty, empty, empty
    # end[i] = one past the last row of row i's group; row i pairs with rows i+1 .. end[i]-1.
    boundaries = np.flatnonzero(np.r_[group[1:] != group[:-1], True]) + 1
    end = np.repeat(boundaries, np.diff(np.r_[0, boundaries]))
    count = end - np.arange(m) - 1
    left = np.repeat(np.arange(m), count)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(count) - count, count)
    right = left + 1 + offsets
    return member[left], member[right], group[left]


def _across_groups(g1: np.ndarray, m1: np.ndarray, g2: np.ndarray,
                   m2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (member of side 1, member of side 2) sharing a group: imposers x targets of each tariff."""
    order = np.argsort(g2, kind="stable")
    g2, m2 = g2[order], m2[order]
    start = np.searchsorted(g2, g1, side="left")
    stop = np.searchsorted(g2, g1, side="right")
    count = stop - start
    left = np.repeat(np.arange(len(g1)), count)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(count) - count, count)
    right = np.repeat(start, count) + offsets
    return m1[left], m2[right], g1[left]


# ---------------------------------------------------------------------------------------------------------
# Caching: per store URL the newest projection; per projection the results computed from it

_PROJECTIONS: dict[str, Projection] = {}
_OWNERS: dict[str, Store] = {}  # keeps the store of each cached projection alive (see projection())
_BUILD_LOCKS: dict[str, threading.Lock] = defaultdict(threading.Lock)
_REGISTRY_LOCK = threading.Lock()
_REFRESHING: dict[str, threading.Thread] = {}


def projection(store: Store, *, disk_cache: bool = True, wait: bool = True) -> Projection:
    """The projection of the store's current state, built once per ``store.state_id()``.

    On-disk stores also keep it in ``PATH/cache/network-*.npz`` (``disk_cache=False`` skips that), so
    that a new process reads it back in a fraction of a second rather than querying the store again.
    With ``wait=False``, when the store has changed since the last projection, that one is returned at
    once and the new one is built in a background thread (its ``state`` tells which checkpoint it shows):
    a dashboard keeps answering while ingest publishes new data.
    """
    state = store.state_id()
    current = _PROJECTIONS.get(store.url)
    if current is not None and current.state == state:
        return current
    if not wait and current is not None:
        with _REGISTRY_LOCK:
            job = _REFRESHING.get(store.url)
            if job is None or not job.is_alive():
                job = threading.Thread(target=_refresh, args=(store, disk_cache), daemon=True,
                                       name="dkg-projection")
                _REFRESHING[store.url] = job
                job.start()
        return current
    with _REGISTRY_LOCK:
        lock = _BUILD_LOCKS[store.url]
    with lock:
        current = _PROJECTIONS.get(store.url)
        if current is not None and current.state == state:
            return current
        path = _cache_path(store, state) if disk_cache else None
        proj = _load(path, state) if path else None
        if proj is None:
            proj = build_projection(store)
            if path and proj.state == state:
                _save(proj, path)
        _PROJECTIONS[store.url] = proj
        # A memory store's state id contains id() of its engine; holding the store keeps that engine alive,
        # so a new engine can never reuse the id and be mistaken for the cached one.
        _OWNERS[store.url] = store
        return proj


def _refresh(store: Store, disk_cache: bool) -> None:
    try:
        projection(store, disk_cache=disk_cache)
    except Exception:  # noqa: BLE001 - a background refresh that fails is retried by the next caller
        pass


def refreshing(store: Store) -> bool:
    """True while a background rebuild (``projection(..., wait=False)``) is running for this store."""
    job = _REFRESHING.get(store.url)
    return job is not None and job.is_alive()


def forget_projections() -> None:
    """Drop every cached projection (in memory; files in PATH/cache stay valid for their checkpoint)."""
    _PROJECTIONS.clear()
    _OWNERS.clear()


def _cache_path(store: Store, state: str) -> Path | None:
    """Where an on-disk store keeps its projection for this checkpoint (None for other stores)."""
    scheme, location = parse_store_url(store.url)
    if scheme != "oxigraph" or store.writable or not state or state == "empty":
        return None
    return Path(location) / "cache" / f"network-v{FORMAT_VERSION}-{state}.npz"


_ARRAYS = ("cls", "status", "date", "not_before", "not_after", "sources", "mem_event", "mem_actor", "mem_role",
           "pair_a", "pair_b", "pair_event", "pair_fair", "pair_dir")


def _save(proj: Projection, path: Path) -> None:
    """Write the projection next to the store (atomically); a read-only location is silently skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tables = json.dumps({"actors": proj.actors, "labels": proj.labels, "kinds": proj.kinds,
                             "names": proj.names, "state": proj.state})
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, tables=np.frombuffer(tables.encode("utf-8"), dtype=np.uint8),
                     events=np.frombuffer("\n".join(proj.events).encode("utf-8"), dtype=np.uint8),
                     **{name: getattr(proj, name) for name in _ARRAYS})
        os.replace(tmp, path)
        for old in path.parent.glob("network-*.npz"):  # projections of superseded checkpoints
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _load(path: Path, state: str) -> Projection | None:
    if not path.exists():
        return None
    t0 = time.perf_counter()
    try:
        with np.load(path, allow_pickle=False) as data:
            tables = json.loads(data["tables"].tobytes().decode("utf-8"))
            text = data["events"].tobytes().decode("utf-8")
            arrays = {name: data[name] for name in _ARRAYS}
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache is rebuilt from the store
    if tables.get("state") != state:
        return None
    proj = Projection(state=state, actors=tables["actors"], labels=tables["labels"], kinds=tables["kinds"],
                      names={k: tuple(v) for k, v in tables["names"].items()},
                      events=text.split("\n") if text else [], **arrays)
    proj.built_in = time.perf_counter() - t0
    proj.loaded_from = "disk cache"
    return proj


def cached(proj: Projection, key: tuple, compute) -> Any:  # noqa: ANN001 - a zero-argument callable
    """Memoise ``compute()`` on the projection (the CACHE_SIZE most recent per kind, ``key[0]``)."""
    with proj._lock:
        if key in proj._cache:
            proj._cache.move_to_end(key)
            return proj._cache[key]
    value = compute()
    return remember(proj, key, value)


def remember(proj: Projection, key: tuple, value: Any, *, replace: bool = True) -> Any:
    """Store ``value`` under ``key`` (or, with ``replace=False``, keep what is there); return what is kept."""
    with proj._lock:
        if not replace and key in proj._cache:
            return proj._cache[key]
        proj._cache[key] = value
        kinds = [k for k in proj._cache if k[0] == key[0]]
        for old in kinds[:-CACHE_SIZE]:
            del proj._cache[old]
        return value


def recall(proj: Projection, key: tuple) -> Any:
    """What is memoised under ``key`` (None when nothing is)."""
    with proj._lock:
        return proj._cache.get(key)
