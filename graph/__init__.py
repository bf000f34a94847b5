"""The store side of diplomatic-kg: the RDF store, the writer session, named queries, network views, storylines,
exports and corrections. The names below are the public API (the CLI and the dashboard use them); each is
imported from its module on first use, so ``import graph`` costs nothing.

>>> from graph import example_store, related
>>> [(r["label"], r["count"]) for r in related(example_store(), "Carney")]
[('Donald Trump', 2)]

Modules, by layer: storage (``store``, ``backend``, ``remote``, ``loader``, ``formats``, ``aggregates``,
``snapshot``, ``writer``), which events (``filters``), queries and projection (``queries``, ``projection``,
``identity``, ``levels``), analysis (``network``, ``storylines``, ``coding``, ``panel``), exports and curation
(``exports``, ``curation``), the endpoint (``server``, ``query_pool``, ``sandbox``), and ``errors``,
``namespaces`` and ``lazy`` (these names, imported on first use).
"""

from __future__ import annotations

from graph.lazy import lazy_exports

_EXPORTS = {
    # errors
    "DkgError": "errors", "UsageError": "errors", "StoreError": "errors", "StoreNotFound": "errors",
    "StoreLocked": "errors", "QueryError": "errors", "UnknownActor": "errors", "CurationError": "errors",
    "SnapshotMismatch": "errors", "LoadError": "errors", "SandboxError": "errors", "CentralityPending": "errors",
    # storage and the write path
    "open_store": "store", "Store": "store", "DEFAULT_STORE": "store", "parse_store_url": "store",
    "writer": "writer", "WriterSession": "writer", "refresh_derived": "writer",
    "snapshot_id": "snapshot", "example_store": "example",
    # which events, and the questions asked of them
    "EventFilter": "filters", "parse_day": "filters",
    "TimelineFilter": "queries", "timeline": "queries", "event_detail": "queries", "event_counts": "queries",
    "count_events": "queries", "matching_events": "queries", "event_rows": "queries", "stats": "queries",
    "actors": "queries", "resolve_actor": "queries", "actor_profile": "queries", "event_sources": "queries",
    "top_actors": "queries",
    # analysis
    "interaction_graph": "network", "events_graph": "network", "related": "network", "shortest_path": "network",
    "pair": "network", "ego": "network", "central": "network", "communities": "network",
    "refresh_storylines": "storylines", "storyline": "storylines", "storylines_of_actor": "storylines",
    "storylines_of_event": "storylines", "refresh_coding": "coding", "panel_rows": "panel",
    # exports and corrections
    "export": "exports", "event_records": "exports",
    "correct": "curation", "reject": "curation", "fix": "curation", "merge": "curation", "split": "curation",
    "undo": "curation", "audit": "curation",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
