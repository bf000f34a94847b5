"""The store side of diplomatic-kg: the RDF store, the writer session, named queries, network views, storylines,
exports and corrections. The names below are the public API (the CLI and the dashboard use them); each is
imported from its module on first use, so ``import graph`` costs nothing.

>>> from graph import example_store, related
>>> [(r["label"], r["count"]) for r in related(example_store(), "Carney")]
[('Donald Trump', 2)]

Sub-packages, by layer (each imports only from the layers before it, never from one after):

- ``errors``, ``namespaces``, ``identity``, ``lazy``: the foundation every layer (and ingest) uses;
- ``storage``: the stores (``store``, ``remote`` behind ``backend``'s Store API), the background ``loader``,
  the serialisation ``formats``, ``sparql_text``, the per-checkpoint ``aggregates`` and ``snapshot`` identifiers;
- ``query``: which events (``filters``: the one EventFilter), the named ``queries``, the ``projection`` arrays
  and the ``coding`` of events (who acts for whom, CAMEO / PLOVER);
- ``analysis``: the ``network``, country ``levels``, dyad ``panel`` rows and ``storylines``;
- ``write``: the one write path (``writer``) and researchers' corrections (``curation``);
- ``exports`` (citable files of a filtered view) and ``example`` (a tiny store for docstrings) on top;
- ``endpoint``: the SPARQL endpoint (``server``, ``query_pool``, ``query_page``, ``sandbox``), on storage only.
"""

from __future__ import annotations

from graph.lazy import lazy_exports

_EXPORTS = {
    # errors
    "DkgError": "errors", "UsageError": "errors", "StoreError": "errors", "StoreNotFound": "errors",
    "StoreLocked": "errors", "QueryError": "errors", "UnknownActor": "errors", "CurationError": "errors",
    "SnapshotMismatch": "errors", "LoadError": "errors", "SandboxError": "errors", "CentralityPending": "errors",
    # storage
    "open_store": "storage.store", "Store": "storage.store", "DEFAULT_STORE": "storage.store",
    "parse_store_url": "storage.store", "snapshot_id": "storage.snapshot", "example_store": "example",
    # which events, and the questions asked of them
    "EventFilter": "query.filters", "parse_day": "query.filters",
    **dict.fromkeys(("TimelineFilter", "timeline", "event_detail", "event_counts", "count_events", "matching_events",
                     "event_rows", "stats", "actors", "resolve_actor", "actor_profile", "event_sources",
                     "top_actors"), "query.queries"),
    "refresh_coding": "query.coding",
    # analysis
    **dict.fromkeys(("interaction_graph", "events_graph", "related", "shortest_path", "pair", "ego", "central",
                     "communities"), "analysis.network"),
    **dict.fromkeys(("refresh_storylines", "storylines", "storyline", "storylines_of_actor", "storylines_of_event"),
                    "analysis.storylines"),
    "panel_rows": "analysis.panel",
    # the write path and corrections
    "writer": "write.writer", "WriterSession": "write.writer", "refresh_derived": "write.writer",
    **dict.fromkeys(("correct", "reject", "fix", "merge", "split", "undo", "audit"), "write.curation"),
    # exports
    "export": "exports", "event_records": "exports",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
