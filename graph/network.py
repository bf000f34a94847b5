"""Relationship queries over a networkx projection of the store: who dealt with whom, when, through whom.

The projection holds every event's class, date or bounds, status, number of sources and actors (by role)
as compact arrays. It is read with three SPARQL queries (never one per event) and cached per
``store.state_id()``: in memory, and for on-disk stores also in ``PATH/cache/`` so that a new process
(each ``dkg`` command) loads it in a fraction of a second instead of reading the store again.

The model:

- co-participation: every pair of participants of a call, meeting, visit or summit has interacted;
- tariffs: the imposer has interacted with the target (the direction is kept on the edge, ``imposed``);
- weight (``weighting="fair"``, the default): an event with n actors adds 1/(n-1) to each of its pairs,
  so every actor's share of an event is 1 and a 20-nation summit does not count as 19 bilateral meetings.
  ``weighting="count"`` adds 1 per event to each pair (the plain number of shared events);
- time windows (``start``/``end``, inclusive): an event is in the window when its date, or else its
  ``notBefore``/``notAfter`` bounds, overlap it, as in ``dkg timeline``; undated events are left out of
  windowed queries. ``first``/``last`` and months use the event's date, else its lower bound, else its
  upper bound;
- sources: the number of article graphs asserting the event (``min_sources`` keeps the corroborated).

Every function takes the store first and returns plain data (or a networkx graph); actors are given as
IRIs or as a user types them ("Carney", "CAN", "Canada"). Graphs and centralities are cached per filter
until the store changes; graphs come back frozen (``G.copy()`` to modify one).

>>> from graph.store import open_store
>>> store = open_store("memory:")
>>> related(store, "https://w3id.org/diplomatic-kg/id/actor/CAN")  # doctest: +SKIP
[{'iri': '.../actor/USA', 'label': 'United States', 'count': 3, 'types': {'Call': 2, ...}, ...}]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections import OrderedDict, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graph.namespaces import ACTOR, EVENT, PREFIXES, fold
from graph.queries import STATUSES, check_iri, resolve_actor
from graph.store import QueryError, Store, parse_store_url

__all__ = ["Projection", "projection", "interaction_graph", "related", "shortest_path", "central", "communities",
           "ego", "pair", "resolve", "describe", "event_sources", "warm", "central_status", "forget_projections",
           "CentralityPending", "CLASSES", "MEASURES", "WEIGHTINGS"]

CLASSES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")
"""Event classes as stored; Visit and Summit are also Meetings."""
COARSE = {"Call": "Call", "Meeting": "Meeting", "Visit": "Meeting", "Summit": "Meeting",
          "TariffMeasure": "TariffMeasure"}
ROLES = ("participant", "imposer", "target")
MEASURES = ("degree", "strength", "pagerank", "betweenness")
WEIGHTINGS = ("fair", "count")
BETWEENNESS_PIVOTS = 200
"""Betweenness is estimated from this many BFS sources (exact when the graph has fewer nodes)."""
GRAPH_CACHE_SIZE = 8
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

_MEMBERS_QUERY = """
SELECT DISTINCT ?e ?k ?a WHERE {
  VALUES (?r ?k) { (dkg:participant 0) (dkg:imposer 1) (dkg:target 2) }
  ?e ?r ?a .
}
"""

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

_DETAIL_QUERY = """
SELECT ?event ?g ?title ?url ?outlet ?published ?evidence WHERE {
  VALUES ?event { %s }
  GRAPH ?g { ?event prov:wasDerivedFrom ?g .
             OPTIONAL { ?event dkg:evidence ?evidence }
             OPTIONAL { ?g schema:headline ?title } OPTIONAL { ?g schema:url ?url }
             OPTIONAL { ?g dkg:outlet ?outlet } OPTIONAL { ?g schema:datePublished ?published } }
}
"""


class CentralityPending(RuntimeError):
    """A centrality is being computed in the background; ask again later (``central(..., wait=False)``)."""


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
    event_index: dict[str, int] = field(default_factory=dict, repr=False)
    _lo: np.ndarray | None = field(default=None, repr=False)
    _hi: np.ndarray | None = field(default=None, repr=False)
    _point: np.ndarray | None = field(default=None, repr=False)
    _actor_pairs: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _actor_events: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.actor_index = {iri: i for i, iri in enumerate(self.actors)}
        self.event_index = {iri: i for i, iri in enumerate(self.events)}
        # An event is placed by its date, else by its bounds (lo..hi), as the timeline filter does.
        d, nb, na = self.date, self.not_before, self.not_after
        self._lo = np.where(nb > 0, nb, np.where(d > 0, d, na)).astype(np.int32)
        self._hi = np.where(na > 0, na, np.where(d > 0, d, nb)).astype(np.int32)
        self._point = np.where(d > 0, d, np.where(nb > 0, nb, na)).astype(np.int32)
        self._actor_pairs = _csr(np.concatenate([self.pair_a, self.pair_b]),
                                 np.tile(np.arange(len(self.pair_a), dtype=np.int32), 2), len(self.actors))
        self._actor_events = _csr(self.mem_actor, self.mem_event, len(self.actors))

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

    def actor_event_rows(self, actor: int) -> np.ndarray:
        """Events (numbers) in which actor number ``actor`` takes part, any role."""
        ptr, idx = self._actor_events
        return idx[ptr[actor]:ptr[actor + 1]]

    # -- event attributes ------------------------------------------------------------------------------------
    def event(self, i: int) -> dict:
        """One event as plain data: iri, type, class, date, not_before, not_after, precision, status, sources."""
        cls = CLASSES[self.cls[i]]
        d, nb, na = int(self.date[i]), int(self.not_before[i]), int(self.not_after[i])
        return {"iri": self.events[i], "type": COARSE[cls], "class": cls, "date": _iso(d),
                "not_before": _iso(nb), "not_after": _iso(na), "precision": _precision(d, nb, na),
                "status": STATUSES[self.status[i]] if self.status[i] >= 0 else None,
                "sources": int(self.sources[i])}

    def when(self, i: int) -> str | None:
        """The date used for ordering an event: its date, else its lower bound, else its upper bound."""
        return _iso(int(self._point[i]))

    def actor(self, i: int) -> dict:
        return {"iri": self.actors[i], "label": self.labels[i], "kind": self.kinds[i]}


def _csr(keys: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(ptr, values sorted by key): the values of key k are ``values[ptr[k]:ptr[k+1]]``."""
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, values[order]


_ISO: dict[int, str] = {}


def _iso(ordinal: int) -> str | None:
    if ordinal <= 0:
        return None
    text = _ISO.get(ordinal)
    if text is None:
        text = _ISO[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return text


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
    text = data.decode("utf-8")
    header, _, body = text.partition("\r\n")
    if '"' in body:  # some values are quoted (commas, quotes, line breaks): let the csv module split them
        rows = list(csv.reader(io.StringIO(body, newline="")))
        return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]
    cells = body.replace("\r\n", ",").split(",")
    if cells and cells[-1] == "":
        cells.pop()
    if len(cells) % width:
        raise QueryError(f"unexpected result shape ({len(cells)} cells for {width} columns)")
    return [cells[i::width] for i in range(width)]


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


# Oxigraph holds the GIL while it evaluates a query, so threads cannot overlap two big queries. For an
# on-disk store a second process opens the same checkpoint read-only and runs one of them (a few lines of
# Python that import only pyoxigraph, ~0.1 s to start), which uses the second core.
_SCAN_SCRIPT = """
import json, sys
import pyoxigraph as ox
job = json.loads(sys.stdin.buffer.read())
store = ox.Store.read_only(job["path"])
result = store.query(job["query"], prefixes=job["prefixes"], use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
"""


class _Scan:
    """A query running in a helper process on the store's current checkpoint; ``result()`` -> bytes | None."""

    def __init__(self, store: Store, sparql: str) -> None:
        self.data: bytes | None = None
        self.proc: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        scheme, location = parse_store_url(store.url)
        path = Path(location) / "checkpoints" / store.state_id()
        if scheme != "oxigraph" or store.writable or (os.cpu_count() or 1) < 2 or not path.is_dir():
            return
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", _SCAN_SCRIPT], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.proc.stdin.write(json.dumps({"path": str(path), "query": sparql, "prefixes": PREFIXES}).encode())
            self.proc.stdin.close()
        except OSError:
            self.proc = None
            return
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        data = self.proc.stdout.read()
        if self.proc.wait() == 0:
            self.data = data

    def result(self) -> bytes | None:
        """The CSV bytes, or None when the helper could not run (the caller then queries in-process)."""
        if self.thread is not None:
            self.thread.join()
        return self.data


def _full(key: str) -> str:
    """The IRI of a key returned by ``_columns``."""
    if key[:1] == " ":
        return str(EVENT) + key[1:]
    if key[:1] == "|":
        return str(ACTOR) + key[1:]
    return key


def build_projection(store: Store) -> Projection:
    """Read the projection from the store (three SPARQL queries plus the actor names); no caching."""
    t0 = time.perf_counter()
    state = store.state_id()
    status_code = {s: i for i, s in enumerate(STATUSES)}

    members = _Scan(store, _MEMBERS_QUERY)  # runs alongside the events query when it can
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
    e_col, k_col, a_col = _columns(store, _MEMBERS_QUERY, 3, members.result())
    mem_e = list(map(event_number.get, e_col))
    if None in mem_e:  # roles on things that are not typed events
        ok = [x is not None for x in mem_e]
        mem_e, k_col, a_col = (list(itertools.compress(c, ok)) for c in (mem_e, k_col, a_col))
    actor_keys: dict[str, int] = {}
    mem_a = [actor_keys.setdefault(a, len(actor_keys)) for a in a_col]
    mem_r = np.array(k_col, dtype=np.int8)
    actors = [_full(a) for a in actor_keys]
    known = set(actors)
    actors += [iri for iri in labels_of if iri not in known]  # gazetteer actors without events
    kinds_of = {_full(a): k for a, k in zip(*_columns(store, _KINDS_QUERY, 2), strict=True)}
    labels = [labels_of.get(a) or _local(a) for a in actors]
    kinds = [kinds_of.get(a, "actor") for a in actors]

    mem_event = np.asarray(mem_e, dtype=np.int32)
    mem_actor = np.asarray(mem_a, dtype=np.int32)
    mem_role = mem_r
    del mem_e, mem_a, mem_r
    pairs = _pairs(mem_event, mem_actor, mem_role, n)
    proj = Projection(state=state, actors=actors, labels=labels, kinds=kinds, names=names,
                      events=[_full(k) for k in keys], cls=cls, status=status, date=date, not_before=not_before,
                      not_after=not_after, sources=sources, mem_event=mem_event, mem_actor=mem_actor,
                      mem_role=mem_role, **pairs)
    proj.built_in = time.perf_counter() - t0
    return proj


def _names(store: Store) -> dict[str, tuple[str, str]]:
    """``{folded name: (IRI, label)}`` as graph.queries.actor_names builds it (one query)."""
    rows = [(_full(a), name, label) for a, name, label in zip(*_columns(store, _NAMES_QUERY, 3), strict=True)]
    names: dict[str, tuple[str, str]] = {}
    for actor, name, label in rows:
        names.setdefault(fold(name), (actor, label))
    for actor, _, label in rows:  # a canonical label wins over anyone's alias
        names[fold(label)] = (actor, label)
    return names


def _local(iri: str) -> str:
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
# Caching: per store URL the newest projection; per projection the filtered graphs and centralities

_PROJECTIONS: dict[str, Projection] = {}
_OWNERS: dict[str, Store] = {}  # keeps the store of each cached projection alive (see projection())
_BUILD_LOCKS: dict[str, threading.Lock] = defaultdict(threading.Lock)
_REGISTRY_LOCK = threading.Lock()
_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dkg-network")


def projection(store: Store, *, disk_cache: bool = True) -> Projection:
    """The projection of the store's current state, built once per ``store.state_id()``.

    On-disk stores also keep it in ``PATH/cache/network-*.npz`` (``disk_cache=False`` skips that), so
    that a new process reads it back in a fraction of a second rather than querying the store again.
    """
    state = store.state_id()
    current = _PROJECTIONS.get(store.url)
    if current is not None and current.state == state:
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


def _cached(proj: Projection, key: tuple, compute) -> Any:  # noqa: ANN001 - a zero-argument callable
    """Memoise ``compute()`` on the projection (LRU of GRAPH_CACHE_SIZE entries per kind)."""
    with proj._lock:
        if key in proj._cache:
            proj._cache.move_to_end(key)
            return proj._cache[key]
    value = compute()
    with proj._lock:
        proj._cache[key] = value
        kinds = [k for k in proj._cache if k[0] == key[0]]
        for old in kinds[:-GRAPH_CACHE_SIZE]:
            del proj._cache[old]
    return value


# ---------------------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class _Filters:
    start: int = 0  # ordinals, 0 = open
    end: int = 0
    classes: tuple[int, ...] = ()
    min_sources: int = 1
    statuses: tuple[int, ...] = ()
    weighting: str = "fair"

    @property
    def trivial(self) -> bool:
        return not (self.start or self.end or self.classes or self.min_sources > 1 or self.statuses)


def _day(value: dt.date | str | None, name: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None
    if not isinstance(value, dt.date):
        raise ValueError(f"{name}: expected a date, got {value!r}")
    return value.toordinal()


def _filters(start: dt.date | str | None = None, end: dt.date | str | None = None,
             types: str | list[str] | tuple[str, ...] | None = None, min_sources: int = 1,
             statuses: str | list[str] | tuple[str, ...] | None = None, weighting: str = "fair") -> _Filters:
    """Validated, hashable filters (ValueError with the valid choices on bad input)."""
    if isinstance(types, str):
        types = (types,)
    classes: set[int] = set()
    for t in types or ():
        match = {c.lower(): c for c in CLASSES}.get(str(t).lower())
        if match is None:
            raise ValueError(f"unknown event type {t!r} (use {', '.join(CLASSES)})")
        # Meeting covers its subclasses Visit and Summit.
        classes.update(CLASSES.index(c) for c in CLASSES if COARSE[c] == match or c == match)
    if isinstance(statuses, str):
        statuses = (statuses,)
    codes = []
    for s in statuses or ():
        if s not in STATUSES:
            raise ValueError(f"unknown status {s!r} (use {', '.join(STATUSES)})")
        codes.append(STATUSES.index(s))
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r} (use {', '.join(WEIGHTINGS)})")
    try:
        min_sources = int(min_sources or 1)
    except (TypeError, ValueError):
        raise ValueError(f"min_sources must be a whole number, got {min_sources!r}") from None
    lo, hi = _day(start, "start"), _day(end, "end")
    if lo and hi and lo > hi:
        raise ValueError(f"the window starts ({_iso(lo)}) after it ends ({_iso(hi)})")
    return _Filters(start=lo, end=hi, classes=tuple(sorted(classes)) if len(classes) < len(CLASSES) else (),
                    min_sources=max(1, min_sources), statuses=tuple(sorted(set(codes))), weighting=weighting)


def _keep(proj: Projection, flt: _Filters, events: np.ndarray) -> np.ndarray:
    """Boolean mask: which of ``events`` (numbers) pass the filters."""
    keep = np.ones(len(events), dtype=bool)
    if flt.trivial:
        return keep
    if flt.classes:
        keep &= np.isin(proj.cls[events], flt.classes)
    if flt.statuses:
        keep &= np.isin(proj.status[events], flt.statuses)
    if flt.min_sources > 1:
        keep &= proj.sources[events] >= flt.min_sources
    if flt.start or flt.end:
        lo, hi = proj._lo[events], proj._hi[events]
        keep &= lo > 0
        if flt.start:
            keep &= hi >= flt.start
        if flt.end:
            keep &= lo <= flt.end
    return keep


# ---------------------------------------------------------------------------------------------------------
# Actors


def resolve(store: Store, actor: str, proj: Projection | None = None) -> str:
    """The IRI of an actor given as an IRI or as a user types it ("Carney", "mark carney", "CAN", "Canada").

    Raises graph.queries.UnknownActor (with close matches) when nothing in the store answers to it.
    """
    proj = proj or projection(store)
    return _actor_number(store, proj, actor)[1]


def describe(store: Store, actor: str) -> dict:
    """{iri, label, kind, events} of an actor given as an IRI or a name (events: how many it takes part in)."""
    proj = projection(store)
    number, iri = _actor_number(store, proj, actor)
    if number is None:
        return {"iri": iri, "label": _local(iri), "kind": "actor", "events": 0}
    return {**proj.actor(number), "events": len(proj.actor_event_rows(number))}


def _actor_number(store: Store, proj: Projection, actor: str) -> tuple[int | None, str]:
    """(number in the projection or None when the actor takes part in no event, IRI)."""
    actor = (actor or "").strip()
    if not actor:
        raise ValueError("no actor given")
    if actor in proj.actor_index:
        return proj.actor_index[actor], actor
    if actor.startswith("actor:"):
        expanded = str(ACTOR[actor[len("actor:"):]])
        if expanded in proj.actor_index:
            return proj.actor_index[expanded], expanded
    iri, _ = resolve_actor(store, actor, proj.names)
    return proj.actor_index.get(iri), iri


# ---------------------------------------------------------------------------------------------------------
# Graphs


def interaction_graph(store: Store, *, start: dt.date | str | None = None, end: dt.date | str | None = None,
                      types: list[str] | tuple[str, ...] | str | None = None, min_sources: int = 1,
                      statuses: list[str] | tuple[str, ...] | str | None = None,
                      weighting: str = "fair") -> nx.Graph:
    """Who interacted with whom in the window: an undirected weighted networkx Graph (frozen, cached).

    Nodes are actor IRIs that take part in at least one selected event, with ``label``, ``kind`` and
    ``events`` (how many selected events they take part in). Each edge carries ``weight`` (fair shares
    or counts, see the module notes), ``count`` (events), ``events`` (their IRIs, oldest first),
    ``types`` ({class: count}), ``first`` and ``last`` (ISO dates) and, when tariffs link the two,
    ``imposed`` ({imposer IRI: count}).

    >>> G = interaction_graph(store, start="2025-03-01", end="2025-04-30", types=["Call"])  # doctest: +SKIP
    >>> G["https://w3id.org/diplomatic-kg/id/actor/CAN"]["https://w3id.org/diplomatic-kg/id/actor/USA"]["count"]
    2
    """
    flt = _filters(start, end, types, min_sources, statuses, weighting)
    return _graph(projection(store), flt)


def _graph(proj: Projection, flt: _Filters) -> nx.Graph:
    return _cached(proj, ("graph", flt), lambda: nx.freeze(_build_graph(proj, flt)))


def _build_graph(proj: Projection, flt: _Filters) -> nx.Graph:
    event_ok = _keep(proj, flt, np.arange(proj.n_events, dtype=np.int32))
    sel = np.flatnonzero(event_ok[proj.pair_event])
    a, b, e = proj.pair_a[sel], proj.pair_b[sel], proj.pair_event[sel]
    w = proj.pair_fair[sel] if flt.weighting == "fair" else np.ones(len(sel))
    direction = proj.pair_dir[sel]
    point = proj._point[e]
    # Group the rows by pair, oldest first within each pair (undated events last).
    key = a.astype(np.int64) * proj.n_actors + b
    order = np.lexsort((np.where(point > 0, point, np.iinfo(np.int32).max), key))
    key, a, b, e, w, direction, point = (x[order] for x in (key, a, b, e, w, direction, point))
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    weight = np.add.reduceat(w, starts) if len(key) else np.zeros(0)
    count = np.diff(np.r_[starts, len(key)])
    last = np.maximum.reduceat(point, starts) if len(key) else np.zeros(0, np.int32)
    first = point[starts]
    cls = proj.cls[e]
    by_class = [np.add.reduceat((cls == c).astype(np.int32), starts) if len(key) else np.zeros(0, np.int32)
                for c in range(len(CLASSES))]
    a_imposed = np.add.reduceat((direction == 1).astype(np.int32), starts) if len(key) else by_class[0]
    b_imposed = np.add.reduceat((direction == 2).astype(np.int32), starts) if len(key) else by_class[0]

    # Nodes: every actor taking part in a selected event (also tariff imposers without a target).
    mem_ok = event_ok[proj.mem_event]
    per_actor = np.bincount(proj.mem_actor[mem_ok], minlength=proj.n_actors)
    G = nx.Graph(weighting=flt.weighting)
    G.add_nodes_from((proj.actors[i], {"label": proj.labels[i], "kind": proj.kinds[i], "events": int(per_actor[i])})
                     for i in np.flatnonzero(per_actor).tolist())
    iris = proj.events
    ev_list = e.tolist()
    bounds = np.r_[starts, len(key)].tolist()
    actors = proj.actors
    ga, gb = a[starts].tolist(), b[starts].tolist()
    weights, counts = weight.tolist(), count.tolist()
    firsts, lasts = first.tolist(), last.tolist()
    classes = [c.tolist() for c in by_class]
    ai, bi = a_imposed.tolist(), b_imposed.tolist()
    edges = []
    for j in range(len(ga)):
        types = {CLASSES[c]: classes[c][j] for c in range(len(CLASSES)) if classes[c][j]}
        attrs = {"weight": weights[j], "count": counts[j],
                 "events": [iris[x] for x in ev_list[bounds[j]:bounds[j + 1]]],
                 "types": types, "first": _iso(firsts[j]), "last": _iso(lasts[j])}
        if ai[j] or bi[j]:
            attrs["imposed"] = {k: v for k, v in ((actors[ga[j]], ai[j]), (actors[gb[j]], bi[j])) if v}
        edges.append((actors[ga[j]], actors[gb[j]], attrs))
    G.add_edges_from(edges)
    return G


# ---------------------------------------------------------------------------------------------------------
# Relationship queries


def related(store: Store, actor: str, **filters: Any) -> list[dict]:
    """Counterparts of ``actor``: one row per actor it interacted with, strongest first.

    Each row: iri, label, kind, count (events), weight, types ({class: count}), first, last (ISO dates),
    events (IRIs, oldest first), tariffs_imposed (by ``actor`` on the counterpart) and tariffs_received.
    Filters: start, end, types, min_sources, statuses, weighting. An actor with no events gives [].

    >>> related(store, "Carney", types=["Call"], start="2025-03-01")  # doctest: +SKIP
    [{'iri': '.../actor/donald-trump', 'label': 'Donald Trump', 'count': 2, 'types': {'Call': 2}, ...}]
    """
    proj = projection(store)
    flt = _filters(**filters)
    me, _ = _actor_number(store, proj, actor)
    if me is None:
        return []
    rows = proj.pair_rows(me)
    rows = rows[_keep(proj, flt, proj.pair_event[rows])]
    if len(rows) == 0:
        return []
    a, b = proj.pair_a[rows], proj.pair_b[rows]
    other = np.where(a == me, b, a)
    e = proj.pair_event[rows]
    w = proj.pair_fair[rows] if flt.weighting == "fair" else np.ones(len(rows))
    direction = proj.pair_dir[rows]
    mine = np.where(a == me, 1, 2)  # pair_dir value meaning "me imposed on the other"
    point = proj._point[e]
    order = np.lexsort((np.where(point > 0, point, np.iinfo(np.int32).max), other))
    other, e, w, direction, mine, point = (x[order] for x in (other, e, w, direction, mine, point))
    starts = np.flatnonzero(np.r_[True, other[1:] != other[:-1]])
    bounds = np.r_[starts, len(other)].tolist()
    weight = np.add.reduceat(w, starts).tolist()
    last = np.maximum.reduceat(point, starts).tolist()
    imposed = np.add.reduceat(((direction != 0) & (direction == mine)).astype(np.int32), starts).tolist()
    received = np.add.reduceat(((direction != 0) & (direction != mine)).astype(np.int32), starts).tolist()
    ev_list, cls_list, point_list = e.tolist(), proj.cls[e].tolist(), point.tolist()
    out = []
    for j, s in enumerate(starts.tolist()):
        stop = bounds[j + 1]
        types: dict[str, int] = {}
        for c in cls_list[s:stop]:
            types[CLASSES[c]] = types.get(CLASSES[c], 0) + 1
        counterpart = int(other[s])
        out.append({**proj.actor(counterpart), "count": stop - s, "weight": weight[j], "types": types,
                    "first": _iso(point_list[s]), "last": _iso(last[j]),
                    "events": [proj.events[x] for x in ev_list[s:stop]],
                    "tariffs_imposed": imposed[j], "tariffs_received": received[j]})
    out.sort(key=lambda r: (-r["weight"], -r["count"], r["label"]))
    return out


def shortest_path(store: Store, a: str, b: str, *, details: bool = True, **filters: Any) -> list[dict]:
    """The shortest chain of interactions from ``a`` to ``b`` (fewest intermediaries), one dict per hop.

    Each hop: from, to ({iri, label, kind}), count (events linking them in the window), and event: the
    best-attested of those events (most sources, then the latest) with its type, date, sources and, with
    ``details``, its earliest source article (title, outlet, url, published, evidence) read from the
    store in one query. [] when no chain links them (or one of them has no selected events).

    >>> [(h["from"]["label"], h["to"]["label"]) for h in shortest_path(store, "Carney", "Sheinbaum")]  # doctest: +SKIP
    [('Mark Carney', 'Donald Trump'), ('Donald Trump', 'Claudia Sheinbaum')]
    """
    proj = projection(store)
    flt = _filters(**filters)
    ia, iri_a = _actor_number(store, proj, a)
    ib, iri_b = _actor_number(store, proj, b)
    if iri_a == iri_b:
        raise ValueError(f"{_who(proj, ia, iri_a)['label']} is given twice: name two different actors")
    if ia is None or ib is None:
        return []
    G = _graph(proj, flt)
    if iri_a not in G or iri_b not in G:
        return []
    try:
        nodes = nx.bidirectional_shortest_path(G, iri_a, iri_b)
    except nx.NetworkXNoPath:
        return []
    hops = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        edge = G[u][v]
        best = max((proj.event_index[x] for x in edge["events"]),
                   key=lambda i: (int(proj.sources[i]), int(proj._point[i]), proj.events[i]))
        hops.append({"from": proj.actor(proj.actor_index[u]), "to": proj.actor(proj.actor_index[v]),
                     "count": edge["count"], "weight": edge["weight"], "event": proj.event(best)})
    if details:
        articles = event_sources(store, [h["event"]["iri"] for h in hops])
        for h in hops:
            found = articles.get(h["event"]["iri"], [])
            h["event"]["article"] = found[0] if found else None
    return hops


def event_sources(store: Store, events: list[str]) -> dict[str, list[dict]]:
    """{event IRI: its source articles, earliest published first} in one query.

    Each article: article (graph IRI), title, outlet, url, published, evidence (first sentence).
    """
    if not events:
        return {}
    values = " ".join(check_iri(e).n3() for e in dict.fromkeys(events))
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in store.select(_DETAIL_QUERY % values):
        art = found[r["event"]].setdefault(r["g"], {
            "article": r["g"], "title": r.get("title"), "outlet": r.get("outlet"), "url": r.get("url"),
            "published": r.get("published"), "evidence": r.get("evidence")})
        if art["evidence"] is None and r.get("evidence"):
            art["evidence"] = r["evidence"]
    return {e: sorted(arts.values(), key=lambda x: (x["published"] or "9999", x["article"]))
            for e, arts in found.items()}


def pair(store: Store, a: str, b: str, *, details: bool = True, **filters: Any) -> dict:
    """The timeline of interactions between two actors: first contact, frequency by month, every event.

    Returns {a, b ({iri, label, kind}), count, weight, types, first, last, first_event, by_month
    [{month, count, types}] (every month from the first to the last contact, zeros included), undated
    (events without any date), tariffs ({"a_on_b": n, "b_on_a": n}), events [event dicts oldest first,
    with ``direction`` for tariffs and, with ``details``, their source ``articles``]}.

    >>> p = pair(store, "Carney", "Trump")  # doctest: +SKIP
    >>> p["first"], [m["count"] for m in p["by_month"]]
    ('2025-03-06', [2, 1])
    """
    proj = projection(store)
    flt = _filters(**filters)
    ia, iri_a = _actor_number(store, proj, a)
    ib, iri_b = _actor_number(store, proj, b)
    if iri_a == iri_b:
        raise ValueError(f"{_who(proj, ia, iri_a)['label']} is given twice: name two different actors")
    who = {"a": _who(proj, ia, iri_a), "b": _who(proj, ib, iri_b)}
    out: dict[str, Any] = {**who, "count": 0, "weight": 0.0, "types": {}, "first": None, "last": None,
                           "first_event": None, "by_month": [], "undated": 0, "tariffs": {"a_on_b": 0, "b_on_a": 0},
                           "events": []}
    if ia is None or ib is None:
        return out
    rows = proj.pair_rows(ia)
    rows = rows[(proj.pair_a[rows] == ib) | (proj.pair_b[rows] == ib)]
    rows = rows[_keep(proj, flt, proj.pair_event[rows])]
    if len(rows) == 0:
        return out
    e = proj.pair_event[rows]
    point = proj._point[e]
    order = np.lexsort((e, np.where(point > 0, point, np.iinfo(np.int32).max)))
    rows, e = rows[order], e[order]
    a_low = ia < ib  # pair_dir is relative to (pair_a, pair_b) = (lower, higher) actor number
    events = []
    months: dict[str, dict] = {}
    for row, i in zip(rows.tolist(), e.tolist(), strict=True):
        ev = proj.event(i)
        d = int(proj.pair_dir[row])
        if d:
            a_on_b = (d == 1) == a_low
            ev["direction"] = "a_on_b" if a_on_b else "b_on_a"
            out["tariffs"][ev["direction"]] += 1
        ev["when"] = proj.when(i)
        events.append(ev)
        out["types"][ev["class"]] = out["types"].get(ev["class"], 0) + 1
        out["weight"] += float(proj.pair_fair[row]) if flt.weighting == "fair" else 1.0
        if ev["when"]:
            m = months.setdefault(ev["when"][:7], {"month": ev["when"][:7], "count": 0, "types": {}})
            m["count"] += 1
            m["types"][ev["class"]] = m["types"].get(ev["class"], 0) + 1
        else:
            out["undated"] += 1
    out["count"] = len(events)
    out["events"] = events
    dated = [ev for ev in events if ev["when"]]
    if dated:
        out["first"], out["last"] = dated[0]["when"], dated[-1]["when"]
        out["first_event"] = dated[0]
        out["by_month"] = _fill_months(months)
    if details:
        sources = event_sources(store, [ev["iri"] for ev in events])
        for ev in events:
            ev["articles"] = sources.get(ev["iri"], [])
    return out


def _who(proj: Projection, number: int | None, iri: str) -> dict:
    return proj.actor(number) if number is not None else {"iri": iri, "label": _local(iri), "kind": "actor"}


def _fill_months(months: dict[str, dict]) -> list[dict]:
    """Every month from the first to the last key, with zero rows for quiet months."""
    first, last = min(months), max(months)
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append(months.get(key, {"month": key, "count": 0, "types": {}}))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def ego(store: Store, actor: str, radius: int = 1, **filters: Any) -> nx.Graph:
    """The actor's neighbourhood: actors within ``radius`` interactions and the edges among them.

    A copy (safe to modify) of the interaction graph restricted to that neighbourhood; the ego node has
    ``ego=True`` and every node a ``distance`` from it. An actor with no selected events gives a graph
    holding that node alone.

    >>> sorted(ego(store, "Carney", radius=1).nodes)  # doctest: +SKIP
    ['.../actor/CAN', '.../actor/donald-trump', '.../actor/mark-carney']
    """
    if int(radius) < 0:
        raise ValueError("radius must be 0 or more")
    proj = projection(store)
    flt = _filters(**filters)
    me, iri = _actor_number(store, proj, actor)
    G = _graph(proj, flt)
    if me is None or iri not in G:
        H = nx.Graph(weighting=flt.weighting)
        who = _who(proj, me, iri)
        H.add_node(iri, label=who["label"], kind=who["kind"], events=0, ego=True, distance=0)
        return H
    distance = nx.single_source_shortest_path_length(G, iri, cutoff=int(radius))
    H = G.subgraph(distance).copy()
    for node, d in distance.items():
        H.nodes[node]["distance"] = d
        H.nodes[node]["ego"] = node == iri
    return H


# ---------------------------------------------------------------------------------------------------------
# Centrality and communities


def central(store: Store, *, measure: str = "degree", start: dt.date | str | None = None,
            end: dt.date | str | None = None, top: int | None = 20, wait: bool = True, **filters: Any) -> list[dict]:
    """The most central actors in the window, best first.

    measure: ``degree`` (share of the other actors each one dealt with), ``strength`` (weighted degree),
    ``pagerank`` (weighted) or ``betweenness`` (how often an actor lies on the shortest chains between
    others; estimated from BETWEENNESS_PIVOTS sources, hop counts). Each row: iri, label, kind, score,
    degree (counterparts), strength, events. Results are cached until the store changes; degree and
    pagerank take well under a second. Betweenness can take tens of seconds on a large graph: with
    ``wait=False`` it is started in a background thread and CentralityPending is raised until it is ready.

    >>> [r["label"] for r in central(store, measure="pagerank", start="2025-01-01", top=3)]  # doctest: +SKIP
    ['United States', 'Canada', 'Donald Trump']
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (use {', '.join(MEASURES)})")
    proj = projection(store)
    flt = _filters(start=start, end=end, **filters)
    key = ("central", measure, flt)
    if measure == "betweenness":
        with proj._lock:
            cached = proj._cache.get(key)
            if cached is None:
                cached = proj._cache[key] = _BACKGROUND.submit(_scores, proj, flt, measure)
        if not cached.done():
            if not wait:
                raise CentralityPending(f"{measure} for this window is being computed in the background; "
                                        "ask again in a little while")
        ranked = cached.result()
    else:
        ranked = _cached(proj, key, lambda: _scores(proj, flt, measure))
    return [dict(r) for r in (ranked[:top] if top else ranked)]


def central_status(store: Store, *, measure: str = "betweenness", start: dt.date | str | None = None,
                   end: dt.date | str | None = None, **filters: Any) -> str:
    """``ready``, ``running`` or ``absent``: whether central() would answer without computing."""
    proj = projection(store)
    flt = _filters(start=start, end=end, **filters)
    value = proj._cache.get(("central", measure, flt))
    if value is None:
        return "absent"
    if isinstance(value, Future) and not value.done():
        return "running"
    return "ready"


def _scores(proj: Projection, flt: _Filters, measure: str) -> list[dict]:
    G = _graph(proj, flt)
    if G.number_of_nodes() == 0:
        return []
    strength = dict(G.degree(weight="weight"))
    if measure == "degree":
        score = nx.degree_centrality(G)
    elif measure == "strength":
        score = strength
    elif measure == "pagerank":
        score = nx.pagerank(G, weight="weight")
    else:
        n = G.number_of_nodes()
        k = None if n <= BETWEENNESS_PIVOTS else BETWEENNESS_PIVOTS
        score = nx.betweenness_centrality(G, k=k, seed=0 if k else None, normalized=True)
    rows = [{"iri": node, "label": data["label"], "kind": data["kind"], "score": float(score[node]),
             "degree": G.degree(node), "strength": float(strength[node]), "events": data["events"]}
            for node, data in G.nodes(data=True)]
    rows.sort(key=lambda r: (-r["score"], -r["strength"], r["label"]))
    return rows


def communities(store: Store, *, resolution: float = 1.0, seed: int = 0, **filters: Any) -> list[list[dict]]:
    """Groups of actors that deal mostly with each other (Louvain, networkx), largest group first.

    Each member: iri, label, kind, strength (weighted degree), events; members strongest first. Actors
    with no interaction in the window are left out. Deterministic for a given ``seed``.

    >>> [[m["label"] for m in c] for c in communities(store, start="2025-01-01")]  # doctest: +SKIP
    [['United States', 'Donald Trump', 'China'], ['Canada', 'Mark Carney', 'Mexico']]
    """
    proj = projection(store)
    flt = _filters(**filters)

    def compute() -> list[list[dict]]:
        G = _graph(proj, flt)
        G = G.subgraph([n for n in G if G.degree(n) > 0])
        groups = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
        strength = dict(G.degree(weight="weight"))
        out = []
        for group in groups:
            members = [{"iri": n, "label": G.nodes[n]["label"], "kind": G.nodes[n]["kind"],
                        "strength": float(strength[n]), "events": G.nodes[n]["events"]} for n in group]
            members.sort(key=lambda m: (-m["strength"], m["label"]))
            out.append(members)
        out.sort(key=lambda c: (-len(c), c[0]["label"]))
        return out

    result = _cached(proj, ("communities", flt, resolution, seed), compute)
    return [[dict(m) for m in c] for c in result]


def warm(store: Store, *, betweenness: bool = True) -> Projection:
    """Build (or load) the projection, the full graph and its degree / pagerank now, and start the
    whole-period betweenness in the background: what a dashboard calls once at start-up."""
    proj = projection(store)
    for measure in ("degree", "pagerank"):
        central(store, measure=measure)
    if betweenness:
        try:
            central(store, measure="betweenness", wait=False)
        except CentralityPending:
            pass
    return proj
