"""Relationship queries over a networkx projection of the store: who dealt with whom, when, through whom.

Everything is answered from graph.query.projection (the store's events, actors and interactions as arrays,
read with a few SPARQL queries and cached until the store changes); only event details (source
articles, evidence) are read from the store, in one query per call.

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

>>> from graph.example import example_store
>>> store = example_store()
>>> [(r["label"], r["count"], r["types"]) for r in related(store, "Carney")]
[('Donald Trump', 2, {'Call': 1, 'Meeting': 1})]
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis import levels
from graph.errors import CentralityPending, UsageError
from graph.namespaces import ACTOR
from graph.query.filters import EventFilter, parse_day
from graph.query.projection import (
    CLASSES,
    COARSE,
    Projection,
    cached,
    forget_projections,
    iso_day,
    iso_days,
    local_name,
    no_gc,
    projection,
    recall,
    remember,
)
from graph.query.queries import STATUSES, UnknownActor, check_iri, resolve_actor
from graph.storage.store import Store

__all__ = ["Projection", "projection", "interaction_graph", "events_graph", "related", "shortest_path", "central",
           "communities", "ego", "pair", "resolve", "describe", "event_sources", "warm", "central_status",
           "forget_projections", "allow_stale", "level",
           "CentralityPending", "CLASSES", "MEASURES", "WEIGHTINGS"]

MEASURES = ("strength", "pagerank", "degree", "betweenness")
WEIGHTINGS = ("fair", "count")
BETWEENNESS_PIVOTS = 200
"""Betweenness is estimated from this many BFS sources (exact when the graph has fewer nodes)."""

_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dkg-network")

# Each OPTIONAL holds its own GRAPH ?g with ?g already bound: Oxigraph then looks the values up (0.3 ms for
# a few events on a 5M-quad store). Written as OPTIONALs inside one GRAPH block, the same query makes it
# scan every evidence sentence in the store (seconds).
_DETAIL_QUERY = """
SELECT ?event ?g ?evidence ?title ?url ?outlet ?published WHERE {
  VALUES ?event { %s }
  GRAPH ?g { ?event prov:wasDerivedFrom ?g }
  OPTIONAL { GRAPH ?g { ?event dkg:evidence ?evidence } }
  OPTIONAL { GRAPH ?g { ?g schema:headline ?title } }
  OPTIONAL { GRAPH ?g { ?g schema:url ?url } }
  OPTIONAL { GRAPH ?g { ?g dkg:outlet ?outlet } }
  OPTIONAL { GRAPH ?g { ?g schema:datePublished ?published } }
}
"""


_STALE_OK: contextvars.ContextVar[bool] = contextvars.ContextVar("dkg_network_stale_ok", default=False)


@contextlib.contextmanager
def allow_stale() -> Iterator[None]:
    """Within this block, answer from the previous projection while a changed store is re-read.

    For a dashboard: after ingest publishes a checkpoint, queries keep answering at once from the
    previous one and the new projection is built in a background thread (graph.query.projection.refreshing()).

    >>> from graph.example import example_store
    >>> with allow_stale():
    ...     [r["label"] for r in related(example_store(), "Carney")]
    ['Donald Trump']
    """
    token = _STALE_OK.set(True)
    try:
        yield
    finally:
        _STALE_OK.reset(token)


_LEVEL: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar("dkg_network_level",
                                                                           default=("actor", "keep"))


@contextlib.contextmanager
def level(name: str = "country", organisations: str = "keep") -> Iterator[None]:
    """Within this block, every query runs at ``name`` level (graph.analysis.levels): at ``country`` level people are
    folded into the country or organisation they acted for at the time of each event, and organisations are
    kept (``organisations="keep"``) or folded into their member states (``"members"``).

    >>> from graph.example import example_store
    >>> with level("country"):  # counterparts of Canada, its leaders' calls and meetings included (when the
    ...     [(r["label"], r["count"]) for r in related(example_store(), "Canada")]  # store knows their offices)
    [('United States', 1)]
    """
    levels.check_level(name, organisations)
    token = _LEVEL.set((name, organisations))
    try:
        yield
    finally:
        _LEVEL.reset(token)


def _projection(store: Store) -> Projection:
    proj = projection(store, wait=not _STALE_OK.get())
    name, organisations = _LEVEL.get()
    return proj if name == "actor" else levels.at_level(store, proj, name, organisations)




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


def _day(value: dt.date | str | None, name: str, last: bool = False) -> int:
    if value is None or value == "":
        return 0
    try:
        return parse_day(value, last=last).toordinal()
    except UsageError:
        raise UsageError(f"{name}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None


def _filters(start: dt.date | str | None = None, end: dt.date | str | None = None,
             types: str | list[str] | tuple[str, ...] | None = None, min_sources: int = 1,
             statuses: str | list[str] | tuple[str, ...] | None = None, weighting: str = "fair",
             flt: EventFilter | None = None) -> _Filters:
    """Validated, hashable filters (UsageError with the valid choices on bad input). ``flt``: an EventFilter
    whose window, types, statuses and sources apply (its actors and text select nodes, not events, here)."""
    if flt is not None:
        if flt.beyond_arrays:  # built from the arrays alone: refuse a condition they cannot apply, never drop it
            raise UsageError(f"the network cannot select events by {', '.join(flt.beyond_arrays)} yet")
        start, end, types = start or flt.start, end or flt.end, types or flt.types
        statuses, min_sources = statuses or flt.statuses, max(int(min_sources or 1), flt.min_sources)
    if isinstance(types, str):
        types = (types,)
    classes: set[int] = set()
    for t in types or ():
        match = {c.lower(): c for c in CLASSES}.get(str(t).lower())
        if match is None:
            raise UsageError(f"unknown event type {t!r} (use {', '.join(CLASSES)})")
        # Meeting covers its subclasses Visit and Summit.
        classes.update(CLASSES.index(c) for c in CLASSES if COARSE[c] == match or c == match)
    if isinstance(statuses, str):
        statuses = (statuses,)
    codes = []
    for s in statuses or ():
        if s not in STATUSES:
            raise UsageError(f"unknown status {s!r} (use {', '.join(STATUSES)})")
        codes.append(STATUSES.index(s))
    if weighting not in WEIGHTINGS:
        raise UsageError(f"unknown weighting {weighting!r} (use {', '.join(WEIGHTINGS)})")
    try:
        min_sources = int(min_sources or 1)
    except (TypeError, ValueError):
        raise UsageError(f"min_sources must be a whole number, got {min_sources!r}") from None
    lo, hi = _day(start, "start"), _day(end, "end", last=True)
    if lo and hi and lo > hi:
        raise UsageError(f"the window starts ({iso_day(lo)}) after it ends ({iso_day(hi)})")
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
        lo, hi = proj.lo[events], proj.hi[events]
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

    Raises graph.query.queries.UnknownActor (with close matches) when nothing in the store answers to it.
    """
    proj = proj or _projection(store)
    return _actor_number(store, proj, actor)[1]


def describe(store: Store, actor: str) -> dict:
    """{iri, label, kind, events} of an actor given as an IRI or a name (events: how many it takes part in)."""
    proj = _projection(store)
    number, iri = _actor_number(store, proj, actor)
    if number is None:
        return {"iri": iri, "label": local_name(iri), "kind": "actor", "events": 0}
    return {**proj.actor(number), "events": len(proj.actor_event_rows(number))}


def _actor_number(store: Store, proj: Projection, actor: str) -> tuple[int | None, str]:
    """(number in the projection or None when the actor takes part in no event, IRI)."""
    actor = (actor or "").strip()
    if not actor:
        raise UsageError("no actor given")
    if actor in proj.actor_index:
        return proj.actor_index[actor], actor
    if actor.startswith("actor:"):
        expanded = str(ACTOR[actor[len("actor:"):]])
        if expanded in proj.actor_index:
            return proj.actor_index[expanded], expanded
    if not proj.names and not proj.n_events:
        raise UnknownActor(f"unknown actor {actor!r}: the store holds no actors yet (run `dkg ingest PATH` "
                           "or `dkg demo`)")
    iri, _ = resolve_actor(store, actor, proj.names)
    return proj.actor_index.get(iri), iri


def _two_actors(store: Store, proj: Projection, a: str, b: str) -> tuple[tuple[int | None, str], ...]:
    """_actor_number for both ends of a path or a pair, refusing the same actor twice."""
    (ia, iri_a), (ib, iri_b) = _actor_number(store, proj, a), _actor_number(store, proj, b)
    if iri_a == iri_b:
        raise UsageError(f"{_who(proj, ia, iri_a)['label']} is given twice: name two different actors")
    return (ia, iri_a), (ib, iri_b)


# ---------------------------------------------------------------------------------------------------------
# Graphs


def interaction_graph(store: Store, *, start: dt.date | str | None = None, end: dt.date | str | None = None,
                      types: list[str] | tuple[str, ...] | str | None = None, min_sources: int = 1,
                      statuses: list[str] | tuple[str, ...] | str | None = None,
                      weighting: str = "fair", flt: EventFilter | None = None) -> nx.Graph:
    """Who interacted with whom in the window: an undirected weighted networkx Graph (frozen, cached).

    Nodes are actor IRIs that take part in at least one selected event, with ``label``, ``kind`` and
    ``events`` (how many selected events they take part in). Each edge carries ``weight`` (fair shares
    or counts, see the module notes), ``count`` (events), ``events`` (their IRIs, oldest first),
    ``types`` ({class: count}), ``first`` and ``last`` (ISO dates) and, when tariffs link the two,
    ``imposed`` ({imposer IRI: count}).

    Parameters
    ----------
    store : Store
        The store to read.
    start, end : date or str, optional
        The window (an event is in it when its date, or else its bounds, overlap it).
    types, statuses : str or list of str, optional
        Event classes (Meeting covers Visit and Summit) and statuses.
    min_sources : int
        Only events reported by this many articles.
    weighting : {"fair", "count"}
        How an event weighs on each of its pairs (see the module notes).
    flt : EventFilter, optional
        The filter of the CLI and the dashboard: its window, types, statuses and sources apply.

    Returns
    -------
    networkx.Graph
        Frozen and cached until the store changes (copy it to modify it).

    Examples
    --------
    >>> from graph.example import example_store
    >>> G = interaction_graph(example_store(), start="2025-03-01", end="2025-04-30", types=["Call"])
    >>> G["https://w3id.org/diplomatic-kg/id/actor/mark-carney"]["https://w3id.org/diplomatic-kg/id/actor/donald-trump"]["count"]
    1
    >>> G.number_of_edges()
    2
    """
    compiled = _filters(start, end, types, min_sources, statuses, weighting, flt)
    return _graph(_projection(store), compiled)


def _graph(proj: Projection, flt: _Filters) -> nx.Graph:
    return cached(proj, ("graph", flt), lambda: nx.freeze(_build_graph(proj, flt)))


def _build_graph(proj: Projection, flt: _Filters, inside: np.ndarray | None = None,
                 event_ok: np.ndarray | None = None) -> nx.Graph:
    """The interaction graph of the selected events; with ``inside`` (a boolean per actor), only among those.
    ``event_ok`` (a boolean per event) selects the events instead of the filters (only the weighting is used)."""
    with no_gc():
        return _assemble_graph(proj, flt, inside, _event_mask(proj, flt) if event_ok is None else event_ok)


def _assemble_graph(proj: Projection, flt: _Filters, inside: np.ndarray | None, event_ok: np.ndarray) -> nx.Graph:
    row_ok = event_ok[proj.pair_event]
    if inside is not None:
        row_ok &= inside[proj.pair_a] & inside[proj.pair_b]
    sel = np.flatnonzero(row_ok)
    a, b, e = proj.pair_a[sel], proj.pair_b[sel], proj.pair_event[sel]
    w = proj.pair_fair[sel] if flt.weighting == "fair" else np.ones(len(sel))
    direction = proj.pair_dir[sel]
    point = proj.point[e]
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
    shown = per_actor > 0 if inside is None else (per_actor > 0) & inside
    G.add_nodes_from((proj.actors[i], {"label": proj.labels[i], "kind": proj.kinds[i], "events": int(per_actor[i])})
                     for i in np.flatnonzero(shown).tolist())
    actors, iris = proj.actors, proj.events
    event_iris = [iris[x] for x in e.tolist()]  # grouped by pair, oldest first: each edge takes a slice
    bounds = np.r_[starts, len(key)].tolist()
    templates: dict[tuple, dict] = {}  # per-edge type counts repeat a lot: copy a prepared dict
    adj = G._adj
    rows = zip(a[starts].tolist(), b[starts].tolist(), weight.tolist(), count.tolist(), iso_days(first),
               iso_days(last), zip(*(c.tolist() for c in by_class), strict=True), a_imposed.tolist(),
               b_imposed.tolist(), strict=False)
    for j, (u, v, wt, n, first_day, last_day, per_class, u_imposed, v_imposed) in enumerate(rows):
        types = templates.get(per_class)
        if types is None:
            types = templates[per_class] = {CLASSES[c]: k for c, k in enumerate(per_class) if k}
        attrs = {"weight": wt, "count": n, "events": event_iris[bounds[j]:bounds[j + 1]], "types": types.copy(),
                 "first": first_day, "last": last_day}
        iu, iv = actors[u], actors[v]
        if u_imposed or v_imposed:
            attrs["imposed"] = {k: x for k, x in ((iu, u_imposed), (iv, v_imposed)) if x}
        # Each pair occurs once and both ends are nodes already, so the adjacency (networkx's documented
        # dict-of-dicts, shared by both directions as add_edge shares it) is filled directly: 3x faster
        # than add_edges_from, which copies every attribute dict.
        adj[iu][iv] = attrs
        adj[iv][iu] = attrs
    return G


def events_graph(store: Store, events: list[str], *, weighting: str = "fair") -> nx.Graph:
    """The interaction graph of exactly these events (IRIs), built as :func:`interaction_graph` builds it.

    For selections the window filters cannot express (an actor filter, a text search): the nodes are every
    actor taking part in one of the events, the edges and their attributes as in interaction_graph. IRIs
    that are not events of the store are ignored. Not cached; the graph may be modified.

    Parameters
    ----------
    store : Store
        The store to read.
    events : list of str
        Event IRIs (for example :func:`graph.query.queries.matching_events` of a filter).
    weighting : {"fair", "count"}
        As for :func:`interaction_graph`.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.query.queries import TimelineFilter, matching_events
    >>> store = example_store()
    >>> G = events_graph(store, matching_events(store, TimelineFilter(text="Friday")))
    >>> [G.nodes[n]["label"] for n in sorted(G.nodes)], G.number_of_edges()
    (['Donald Trump', 'Mark Carney'], 1)
    """
    proj = _projection(store)
    flt = _filters(weighting=weighting)
    index = proj.event_index
    event_ok = np.zeros(proj.n_events, dtype=bool)
    event_ok[[index[e] for e in events if e in index]] = True
    return _build_graph(proj, flt, event_ok=event_ok)


# ---------------------------------------------------------------------------------------------------------
# Relationship queries


def related(store: Store, actor: str, **filters: Any) -> list[dict]:
    """Counterparts of ``actor``: one row per actor it interacted with, strongest first.

    Each row: iri, label, kind, count (events), weight, types ({class: count}), first, last (ISO dates),
    events (IRIs, oldest first), tariffs_imposed (by ``actor`` on the counterpart) and tariffs_received.
    Filters: start, end, types, min_sources, statuses, weighting. An actor with no events gives [].

    Parameters
    ----------
    store : Store
        The store to read.
    actor : str
        An actor as a user names it ("Carney", "CAN", an IRI): see :func:`graph.query.queries.resolve_actor`.
    **filters
        Which events: ``start``, ``end`` (dates or ISO strings), ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> [(r["label"], r["count"]) for r in related(example_store(), "Carney", types=["Call"], start="2025-03-01")]
    [('Donald Trump', 1)]
    """
    proj = _projection(store)
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
    point = proj.point[e]
    order = np.lexsort((np.where(point > 0, point, np.iinfo(np.int32).max), other))
    other, e, w, direction, mine, point = (x[order] for x in (other, e, w, direction, mine, point))
    starts = np.flatnonzero(np.r_[True, other[1:] != other[:-1]])
    bounds = np.r_[starts, len(other)].tolist()
    weight = np.add.reduceat(w, starts).tolist()
    last = np.maximum.reduceat(point, starts).tolist()
    imposed = np.add.reduceat(((direction != 0) & (direction == mine)).astype(np.int32), starts).tolist()
    received = np.add.reduceat(((direction != 0) & (direction != mine)).astype(np.int32), starts).tolist()
    cls = proj.cls[e]
    per_class = zip(*(np.add.reduceat((cls == c).astype(np.int32), starts).tolist() for c in range(len(CLASSES))),
                    strict=True)
    iris = proj.events
    event_iris = [iris[x] for x in e.tolist()]  # grouped by counterpart, oldest first: each row takes a slice
    firsts, lasts = iso_days(point[starts]), iso_days(np.asarray(last))
    labels, kinds, actors = proj.labels, proj.kinds, proj.actors
    out = []
    for j, (s, counts) in enumerate(zip(starts.tolist(), per_class, strict=True)):
        stop = bounds[j + 1]
        counterpart = int(other[s])
        out.append({"iri": actors[counterpart], "label": labels[counterpart], "kind": kinds[counterpart],
                    "count": stop - s, "weight": weight[j],
                    "types": {CLASSES[c]: k for c, k in enumerate(counts) if k},
                    "first": firsts[j], "last": lasts[j], "events": event_iris[s:stop],
                    "tariffs_imposed": imposed[j], "tariffs_received": received[j]})
    out.sort(key=lambda r: (-r["weight"], -r["count"], r["label"]))
    return out


def shortest_path(store: Store, a: str, b: str, *, details: bool = True, **filters: Any) -> list[dict]:
    """The shortest chain of interactions from ``a`` to ``b`` (fewest intermediaries), one dict per hop.

    Each hop: from, to ({iri, label, kind}), count (events linking them in the window), and event: the
    best-attested of those events (most sources, then the latest) with its type, date, sources and, with
    ``details``, its earliest source article (title, outlet, url, published, evidence) read from the
    store in one query. [] when no chain links them (or one of them has no selected events).

    Parameters
    ----------
    store : Store
        The store to read.
    a, b : str
        The two actors, as a user names them.
    details : bool
        Read each hop's earliest source article.
    **filters
        Which events: ``start``, ``end`` (dates or ISO strings), ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> [(h["from"]["label"], h["to"]["label"]) for h in shortest_path(example_store(), "Carney", "Sheinbaum")]
    [('Mark Carney', 'Donald Trump'), ('Donald Trump', 'Claudia Sheinbaum')]
    """
    proj = _projection(store)
    flt = _filters(**filters)
    (ia, iri_a), (ib, iri_b) = _two_actors(store, proj, a, b)
    if ia is None or ib is None:
        return []
    # Searched on the arrays, not on interaction_graph(): as fast (0.1 ms) without building the whole graph
    # first (a second in a new process), and the same answer whether or not a graph is cached.
    nodes = _array_path(proj, _event_mask(proj, flt), ia, ib)
    if not nodes:
        return []
    hops = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        events, weight = _tie(proj, flt, u, v)
        best = max(events, key=lambda i: (int(proj.sources[i]), int(proj.point[i]), proj.events[i]))
        hops.append({"from": proj.actor(u), "to": proj.actor(v), "count": len(events), "weight": weight,
                     "event": proj.event(best)})
    if details:
        articles = event_sources(store, [h["event"]["iri"] for h in hops])
        for h in hops:
            found = articles.get(h["event"]["iri"], [])
            h["event"]["article"] = found[0] if found else None
    return hops


def _event_mask(proj: Projection, flt: _Filters) -> np.ndarray:
    """Which events pass the filters (cached per filter)."""
    return cached(proj, ("mask", flt), lambda: _keep(proj, flt, np.arange(proj.n_events, dtype=np.int32)))


def _tie(proj: Projection, flt: _Filters, u: int, v: int) -> tuple[list[int], float]:
    """The selected events linking actors u and v (numbers), and their weight."""
    rows = proj.pair_rows(u)
    rows = rows[(proj.pair_a[rows] == v) | (proj.pair_b[rows] == v)]
    rows = rows[_keep(proj, flt, proj.pair_event[rows])]
    weight = float(proj.pair_fair[rows].sum()) if flt.weighting == "fair" else float(len(rows))
    return proj.pair_event[rows].tolist(), weight


def _array_path(proj: Projection, event_ok: np.ndarray, a: int, b: int) -> list[int]:
    """Fewest-hops path from actor a to actor b over the interaction rows of the selected events.

    networkx's bidirectional breadth-first search (expand the smaller fringe a whole level at a time, stop
    at the first actor the other side has reached), with each level expanded by numpy. [] when none.
    """
    if len(proj.pair_rows(a)) == 0 or len(proj.pair_rows(b)) == 0:
        return []
    pred = np.full(proj.n_actors, -2, dtype=np.int64)  # -2 unseen, -1 the start
    succ = np.full(proj.n_actors, -2, dtype=np.int64)
    pred[a], succ[b] = -1, -1
    forward, reverse = np.array([a]), np.array([b])
    meet = -1
    while len(forward) and len(reverse) and meet < 0:
        if len(forward) <= len(reverse):
            forward, meet = _expand(proj, event_ok, forward, pred, succ)
        else:
            reverse, meet = _expand(proj, event_ok, reverse, succ, pred)
    if meet < 0:
        return []
    path = [meet]
    while pred[path[0]] >= 0:
        path.insert(0, int(pred[path[0]]))
    while succ[path[-1]] >= 0:
        path.append(int(succ[path[-1]]))
    return path


def _expand(proj: Projection, event_ok: np.ndarray, fringe: np.ndarray, mine: np.ndarray,
            theirs: np.ndarray) -> tuple[np.ndarray, int]:
    """One level of the search from ``fringe``: (the next fringe, an actor both sides reached or -1)."""
    owner, rows = proj.pair_rows_of_many(fringe)
    ok = event_ok[proj.pair_event[rows]]
    owner, rows = owner[ok], rows[ok]
    other = np.where(proj.pair_a[rows] == owner, proj.pair_b[rows], proj.pair_a[rows])
    new = mine[other] == -2
    fresh, first = np.unique(other[new], return_index=True)
    mine[fresh] = owner[new][first]
    met = np.flatnonzero(theirs[other] != -2)
    if len(met):
        return fresh, int(other[met[0]])
    return fresh, -1


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


def pair(store: Store, a: str, b: str, *, details: int | None = 100, **filters: Any) -> dict:
    """The timeline of interactions between two actors: first contact, frequency by month, every event.

    Returns {a, b ({iri, label, kind}), count, weight, types, first, last, first_event, by_month
    [{month, count, types}] (every month from the first to the last contact, zeros included), undated
    (events without any date), tariffs ({"a_on_b": n, "b_on_a": n}), events [event dicts oldest first,
    with ``direction`` for tariffs]}. The first contact and the latest ``details`` events (None: all;
    0: none) also get their source ``articles``, read from the store in one query.

    Parameters
    ----------
    store : Store
        The store to read.
    a, b : str
        The two actors, as a user names them.
    details : int or None
        How many of the latest events get their source articles (None: all; 0: none).
    **filters
        Which events: ``start``, ``end`` (dates or ISO strings), ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> p = pair(example_store(), "Carney", "Trump")
    >>> p["first"], [(m["month"], m["count"]) for m in p["by_month"]]
    ('2025-03-28', [('2025-03', 1), ('2025-04', 0), ('2025-05', 1)])
    """
    proj = _projection(store)
    flt = _filters(**filters)
    (ia, iri_a), (ib, iri_b) = _two_actors(store, proj, a, b)
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
    point = proj.point[e]
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
    if details is None or details > 0:
        chosen = events if details is None else [*dated[:1], *events[-details:]]
        sources = event_sources(store, [ev["iri"] for ev in chosen])
        for ev in chosen:
            ev["articles"] = sources.get(ev["iri"], [])
    return out


def _who(proj: Projection, number: int | None, iri: str) -> dict:
    return proj.actor(number) if number is not None else {"iri": iri, "label": local_name(iri), "kind": "actor"}


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

    Parameters
    ----------
    store : Store
        The store to read.
    actor : str
        The actor at the centre, as a user names it.
    radius : int
        How many interactions away.
    **filters
        Which events: ``start``, ``end`` (dates or ISO strings), ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from graph.example import example_store
    >>> sorted(n.rsplit("/", 1)[-1] for n in ego(example_store(), "Carney", radius=1).nodes)
    ['donald-trump', 'mark-carney']
    """
    if int(radius) < 0:
        raise UsageError("radius must be 0 or more")
    proj = _projection(store)
    flt = _filters(**filters)
    me, iri = _actor_number(store, proj, actor)
    event_ok = _event_mask(proj, flt)
    if me is None or not event_ok[proj.actor_event_rows(me)].any():
        H = nx.Graph(weighting=flt.weighting)
        who = _who(proj, me, iri)
        H.add_node(iri, label=who["label"], kind=who["kind"], events=0, ego=True, distance=0)
        return H
    # Breadth-first levels on the arrays, then only the neighbourhood's edges are assembled: no whole graph.
    distance = np.full(proj.n_actors, -1, dtype=np.int64)
    distance[me] = 0
    fringe = np.array([me])
    for level in range(1, int(radius) + 1):
        owner, rows = proj.pair_rows_of_many(fringe)
        rows, owner = rows[event_ok[proj.pair_event[rows]]], owner[event_ok[proj.pair_event[rows]]]
        other = np.where(proj.pair_a[rows] == owner, proj.pair_b[rows], proj.pair_a[rows])
        fringe = np.unique(other[distance[other] < 0])
        if len(fringe) == 0:
            break
        distance[fringe] = level
    H = _build_graph(proj, flt, inside=distance >= 0)
    for node, data in H.nodes(data=True):
        data["distance"] = int(distance[proj.actor_index[node]])
        data["ego"] = node == iri
    return H


# ---------------------------------------------------------------------------------------------------------
# Centrality and communities


def central(store: Store, *, measure: str = "strength", start: dt.date | str | None = None,
            end: dt.date | str | None = None, top: int | None = 20, wait: bool = True, **filters: Any) -> list[dict]:
    """The most central actors in the window, best first.

    measure: ``strength`` (the default: weighted degree; with the default fair weighting, each event an actor
    takes part in adds 1 however many others take part, so a G20 summit counts like one call),
    ``pagerank`` (weighted), ``degree`` (the unweighted option: share of the other actors each one dealt
    with, so every summit participant meets all the others) or ``betweenness`` (how often an actor lies on
    the shortest chains between others; estimated from BETWEENNESS_PIVOTS sources, hop counts). Each row:
    iri, label, kind, score, degree (counterparts), strength, events. Results are cached until the store
    changes; degree and pagerank take well under a second. Betweenness can take tens of seconds on a large graph: with
    ``wait=False`` it is started in a background thread and CentralityPending is raised until it is ready.

    Parameters
    ----------
    store : Store
        The store to read.
    measure : {"strength", "pagerank", "degree", "betweenness"}
        See above.
    start, end : date or str, optional
        The window.
    top : int or None
        How many actors (None: all).
    wait : bool
        False: raise CentralityPending while a slow measure is computed in the background.
    **filters
        Which events: ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> [r["label"] for r in central(example_store(), measure="degree", start="2025-01-01", top=1)]
    ['Donald Trump']
    """
    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r} (use {', '.join(MEASURES)})")
    proj = _projection(store)
    flt = _filters(start=start, end=end, **filters)
    key = ("central", measure, flt)
    if measure == "betweenness":
        job = recall(proj, key)
        if job is None:
            # Two callers may race here: remember(replace=False) keeps the first job, the second is dropped.
            job = remember(proj, key, _BACKGROUND.submit(_scores, proj, flt, measure), replace=False)
        if not job.done() and not wait:
            raise CentralityPending(f"{measure} for this window is being computed in the background; "
                                    "ask again in a little while")
        ranked = job.result()
    else:
        ranked = cached(proj, key, lambda: _scores(proj, flt, measure))
    return [dict(r) for r in (ranked[:top] if top else ranked)]


def central_status(store: Store, *, measure: str = "betweenness", start: dt.date | str | None = None,
                   end: dt.date | str | None = None, **filters: Any) -> str:
    """``ready``, ``running`` or ``absent``: whether central() would answer without computing."""
    proj = _projection(store)
    flt = _filters(start=start, end=end, **filters)
    value = recall(proj, ("central", measure, flt))
    if value is None:
        return "absent"
    if isinstance(value, Future) and not value.done():
        return "running"
    return "ready"


def _scores(proj: Projection, flt: _Filters, measure: str) -> list[dict]:
    """Every actor of the window ranked by ``measure``, best first."""
    ties = _ties(proj, flt)
    nodes = np.flatnonzero(ties.events)
    if len(nodes) == 0:
        return []
    degree = np.bincount(np.r_[ties.u, ties.v], minlength=proj.n_actors)
    strength = np.bincount(np.r_[ties.u, ties.v], weights=np.r_[ties.weight, ties.weight], minlength=proj.n_actors)
    if measure == "degree":  # as nx.degree_centrality: the share of the other actors dealt with
        score = degree / max(len(nodes) - 1, 1)
    elif measure == "strength":
        score = strength
    elif measure == "pagerank":
        score = _pagerank(proj.n_actors, nodes, ties)
    else:
        G = _graph(proj, flt)
        k = None if G.number_of_nodes() <= BETWEENNESS_PIVOTS else BETWEENNESS_PIVOTS
        by_iri = nx.betweenness_centrality(G, k=k, seed=0 if k else None, normalized=True)
        score = np.zeros(proj.n_actors)
        score[[proj.actor_index[n] for n in by_iri]] = list(by_iri.values())
    rows = [{"iri": proj.actors[i], "label": proj.labels[i], "kind": proj.kinds[i], "score": float(score[i]),
             "degree": int(degree[i]), "strength": float(strength[i]), "events": int(ties.events[i])}
            for i in nodes.tolist()]
    rows.sort(key=lambda r: (-r["score"], -r["strength"], r["label"]))
    return rows


@dataclass(frozen=True)
class _Ties:
    u: np.ndarray  # actor numbers, u < v: one row per pair that interacted in the window
    v: np.ndarray
    weight: np.ndarray
    events: np.ndarray  # per actor: how many selected events it takes part in (the graph's nodes: > 0)


def _ties(proj: Projection, flt: _Filters) -> _Ties:
    """The weighted edge list of the window, from the arrays (what interaction_graph holds, without attributes)."""
    def compute() -> _Ties:
        event_ok = _event_mask(proj, flt)
        sel = event_ok[proj.pair_event]
        key = proj.pair_a[sel].astype(np.int64) * proj.n_actors + proj.pair_b[sel]
        w = proj.pair_fair[sel] if flt.weighting == "fair" else np.ones(int(sel.sum()))
        pairs, inverse = np.unique(key, return_inverse=True)
        weight = np.bincount(inverse, weights=w, minlength=len(pairs))
        events = np.bincount(proj.mem_actor[event_ok[proj.mem_event]], minlength=proj.n_actors)
        return _Ties(u=(pairs // proj.n_actors).astype(np.int64), v=(pairs % proj.n_actors).astype(np.int64),
                     weight=weight, events=events)
    return cached(proj, ("ties", flt), compute)


def _pagerank(n_actors: int, nodes: np.ndarray, ties: _Ties, alpha: float = 0.85, tol: float = 1.0e-6,
              max_iter: int = 100) -> np.ndarray:
    """Weighted PageRank over the undirected ties: networkx's pagerank (its scipy power iteration, same
    defaults) on a sparse matrix built straight from the arrays rather than from the Graph (10x faster)."""
    import scipy.sparse as sp

    where = np.full(n_actors, -1, dtype=np.int64)
    where[nodes] = np.arange(len(nodes))
    n = len(nodes)
    rows = np.r_[where[ties.u], where[ties.v]]
    cols = np.r_[where[ties.v], where[ties.u]]
    A = sp.csr_array((np.r_[ties.weight, ties.weight], (rows, cols)), shape=(n, n))
    out_weight = np.asarray(A.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out_weight, out=np.zeros(n), where=out_weight != 0)
    M = sp.diags_array(inverse) @ A
    dangling = out_weight == 0
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ M + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < n * tol:
            break
    else:
        raise ValueError(f"pagerank did not converge in {max_iter} iterations")
    score = np.zeros(n_actors)
    score[nodes] = x
    return score


def communities(store: Store, *, resolution: float = 1.0, seed: int = 0, **filters: Any) -> list[list[dict]]:
    """Groups of actors that deal mostly with each other (Louvain, networkx), largest group first.

    Each member: iri, label, kind, strength (weighted degree), events; members strongest first. Actors
    with no interaction in the window are left out. Deterministic for a given ``seed``.

    Parameters
    ----------
    store : Store
        The store to read.
    resolution : float
        Louvain's resolution (higher: smaller groups).
    seed : int
        The random seed.
    **filters
        Which events: ``start``, ``end`` (dates or ISO strings), ``types``, ``statuses``, ``min_sources``,
        ``weighting`` (``fair`` or ``count``), or ``flt``, an EventFilter (its window, types, statuses and
        sources apply; its actors and text select nodes, not events, here).

    Returns
    -------
    list of list of dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> [[m["label"] for m in c] for c in communities(example_store(), start="2025-01-01")]
    [['Donald Trump', 'Mark Carney', 'Claudia Sheinbaum'], ['Canada', 'United States']]
    """
    proj = _projection(store)
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

    result = cached(proj, ("communities", flt, resolution, seed), compute)
    return [[dict(m) for m in c] for c in result]


def warm(store: Store, *, betweenness: bool = True) -> Projection:
    """Build (or load) the projection and the whole period's degree and pagerank now (about 0.3 s past the
    projection at 200,000 events), and start the whole-period graph and betweenness in a background thread:
    what a dashboard calls at start-up and after the store changes.

    >>> from graph.example import example_store
    >>> warm(example_store()).n_events
    4
    """
    proj = _projection(store)
    for measure in ("degree", "pagerank"):
        central(store, measure=measure)
    if betweenness:
        try:
            central(store, measure="betweenness", wait=False)
        except CentralityPending:
            pass
    return proj
