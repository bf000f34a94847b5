"""Citable exports of a filtered view: CSV, GEXF and GraphML (Gephi), TimelineJS JSON, JSON-LD.

Each function takes the store and a :class:`graph.query.queries.TimelineFilter` (the filters of ``dkg timeline``
and of the dashboard) and returns the export as bytes. Every export carries the store's snapshot
identifier (graph.storage.snapshot) and the filter it was made with, in a place its format's standard reader keeps:

- CSV: two last columns, ``snapshot`` and ``filter`` (the filter as a URL query string), on every row;
- GEXF: ``<meta>``'s ``<description>`` and ``<keywords>`` (Gephi shows them), the graph's ``name``;
- GraphML: graph attributes ``snapshot``, ``filter``, ``command``, ``generator``, ``event_count``, ``weighting``;
- TimelineJS and JSON-LD: top-level keys (JSON-LD: a ``schema:Dataset`` node derived, in PROV terms, from
  the snapshot).

``command`` is the ``dkg export`` command line that makes the same file again, and refuses to when the store
no longer holds that snapshot.

>>> from graph.storage.store import open_store
>>> data = export(open_store("memory:"), TimelineFilter(types=("Call",)), "csv")
>>> data.events, data.filename == f"dkg-events-{data.snapshot}.csv"
(0, True)
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import shlex
import urllib.parse
from dataclasses import dataclass
from importlib import metadata
from xml.etree.ElementTree import SubElement

import networkx as nx
import numpy as np

from graph.analysis import levels, network, panel
from graph.errors import UsageError
from graph.namespaces import ACTOR, AFFILIATION, DKG, EVENT, PROV, RDFS, SCHEMA, SNAPSHOT, XSD, digest
from graph.query import coding, queries
from graph.query.projection import ROLES, acting, cached, matching_mask
from graph.query.queries import TimelineFilter, best_evidence
from graph.storage.snapshot import check_snapshot, snapshot_id
from graph.storage.store import Store, StoreError

__all__ = ["FORMATS", "Export", "export", "to_csv", "to_gexf", "to_graphml", "to_timelinejs", "to_jsonld", "to_panel",
           "filter_params", "filter_query", "export_command", "CSV_COLUMNS"]

FORMATS: dict[str, tuple[str, str, str]] = {
    # format: (MIME type, file extension, what the file holds)
    "csv": ("text/csv", "csv", "events"),
    "gexf": ("application/gexf+xml", "gexf", "network"),
    "graphml": ("application/graphml+xml", "graphml", "network"),
    "timelinejs": ("application/json", "json", "timeline"),
    "jsonld": ("application/ld+json", "jsonld", "events"),
    "panel": ("text/csv", "csv", "panel"),
}
CSV_COLUMNS = ["event", "id", "type", "class", "date", "not_before", "not_after", "precision", "status",
               "participants", "imposers", "targets", "participant_iris", "imposer_iris", "target_iris",
               "action", "rate", "goods", "sources", "confidence", "evidence", "cameo", "plover", "plover_mode",
               "participant_for", "imposer_for", "target_for", "participant_roles", "imposer_roles", "target_roles"]
"""The fixed CSV columns; then source_1_outlet, source_1_title, source_1_published, source_1_url,
source_1_article, source_2_... (as many as the most-reported event has), then snapshot and filter."""
CITATION_FIELDS = ("outlet", "title", "published", "url", "article")
CLASS_LABELS = {"Call": "Call", "Meeting": "Meeting", "Visit": "Visit", "Summit": "Summit",
                "TariffMeasure": "Tariff measure"}
_NETWORK_CLASSES = {"Call": "calls", "Meeting": "meetings", "Visit": "visits", "Summit": "summits",
                    "TariffMeasure": "tariffs"}
_RETRIES = 3


def _generator() -> str:
    try:
        return f"diplomatic-kg {metadata.version('diplomatic-kg')}"
    except metadata.PackageNotFoundError:
        return "diplomatic-kg"


# -- the filter, as data and as text ---------------------------------------------------------------------------
def filter_params(flt: TimelineFilter) -> dict:
    """The filter as plain data under the option names of ``dkg export`` (only what is set).

    >>> filter_params(TimelineFilter(types=("Call",), start=dt.date(2025, 3, 1), min_sources=2))
    {'type': ['Call'], 'from': '2025-03-01', 'min_sources': 2}
    """
    return flt.to_params()

def filter_query(flt: TimelineFilter) -> str:
    """The filter as a URL query string ('' for every event): what the CSV's ``filter`` column holds.

    >>> filter_query(TimelineFilter(types=("Call", "Visit"), text="steel"))
    'type=Call&type=Visit&text=steel'
    """
    return urllib.parse.urlencode(filter_params(flt), doseq=True, safe=":/")


def export_command(flt: TimelineFilter, fmt: str, snapshot: str, options: dict | None = None) -> str:
    """The ``dkg export`` command line that makes this export again (and refuses once the store changed).

    >>> export_command(TimelineFilter(types=("Call",)), "gexf", "kg-0123456789abcdef0123")
    'dkg export --snapshot kg-0123456789abcdef0123 --format gexf --type Call'
    """
    words = ["dkg", "export", "--snapshot", snapshot, "--format", fmt]
    for key, value in (options or {}).items():
        words += ["--" + key, str(value)]
    for key, value in filter_params(flt).items():
        option = "--" + key.replace("_", "-")
        if value is True:  # a flag
            words.append(option)
            continue
        for v in value if isinstance(value, list) else [value]:
            words += [option, str(v)]
    return shlex.join(words)


# -- the export ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Export:
    """One export: its bytes and what identifies it."""

    data: bytes
    format: str
    snapshot: str
    filter: TimelineFilter
    events: int  # events selected by the filter
    options: tuple[tuple[str, str], ...] = ()  # the panel's period and organisations

    @property
    def mime(self) -> str:
        return FORMATS[self.format][0]

    @property
    def filename(self) -> str:
        _, ext, what = FORMATS[self.format]
        return f"dkg-{what}-{self.snapshot}.{ext}"


@dataclass(frozen=True)
class _Context:
    """What every format writes about itself."""

    snapshot: str
    filter: TimelineFilter
    format: str
    events: int
    options: tuple[tuple[str, str], ...] = ()  # the panel's period and organisations

    def as_dict(self) -> dict:
        return {"snapshot": self.snapshot, "filter": filter_params(self.filter),
                "filter_query": filter_query(self.filter),
                "command": export_command(self.filter, self.format, self.snapshot, dict(self.options)),
                "generator": _generator(), "event_count": self.events}

    def sentence(self) -> str:
        what = filter_query(self.filter) or "all events"
        return (f"diplomatic-kg export of {self.events} event{'s' if self.events != 1 else ''}; snapshot "
                f"{self.snapshot}; filter: {what}; made again by: "
                f"{export_command(self.filter, self.format, self.snapshot, dict(self.options))}")


def export(store: Store, flt: TimelineFilter | None = None, fmt: str = "csv", *,
           snapshot: str | None = None, period: str = "month", organisations: str = "keep") -> Export:
    """The events matching ``flt`` in format ``fmt`` (one of FORMATS), with the store's snapshot identifier.

    ``snapshot``: refuse (graph.storage.snapshot.SnapshotMismatch) unless the store holds exactly that snapshot. The
    store is read as of one state: when a new checkpoint is published while the export runs, it is made
    again from the new one (and refused, when ``snapshot`` was given, since that one is then gone).

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events (every event without one).
    fmt : str
        One of :data:`FORMATS`: csv, gexf, graphml, timelinejs, jsonld, panel.
    snapshot : str, optional
        The snapshot identifier the export must be made from.
    period : {"month", "week", "year"}
        The panel's period (``fmt="panel"``).
    organisations : {"keep", "members"}
        The panel's organisations (``fmt="panel"``).

    Returns
    -------
    Export
        ``data`` (bytes), ``events`` (how many), ``snapshot``, ``filter``, ``filename``, ``mime``...

    Raises
    ------
    SnapshotMismatch
        When ``snapshot`` is given and the store no longer holds it.

    Examples
    --------
    >>> from graph.example import example_store
    >>> result = export(example_store(), TimelineFilter(types=("Call",)), "csv")
    >>> result.events, result.data.decode().splitlines()[0].split(",")[:3]
    (2, ['event', 'id', 'type'])
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if period not in panel.PERIODS:
        raise UsageError(f"unknown period {period!r} (use {', '.join(panel.PERIODS)})")
    levels.check_level("country", organisations)
    options = {"period": period, **({"organisations": organisations} if organisations != "keep" else {})}
    flt = flt or TimelineFilter()
    for _ in range(_RETRIES):
        state = store.state_id()
        sid = check_snapshot(store, snapshot) if snapshot else snapshot_id(store)
        proj = network.projection(store)
        events = [proj.events[i] for i in np.flatnonzero(matching_mask(proj, flt, store)).tolist()]
        ctx = _Context(sid, flt, fmt, len(events), tuple(options.items()) if fmt == "panel" else ())
        data = _WRITERS[fmt](store, events, ctx)
        if store.state_id() == state:
            return Export(data=data, format=fmt, snapshot=sid, filter=flt, events=len(events),
                          options=ctx.options)
    raise StoreError("the store kept changing during the export (ingest is publishing); try again")


def to_csv(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """CSV, one row per event (oldest first) with its citations; see CSV_COLUMNS and the README."""
    return export(store, flt, "csv", **kw).data


def to_gexf(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """GEXF 1.2 (Gephi) of the actor network of the matching events; see :func:`actor_network`."""
    return export(store, flt, "gexf", **kw).data


def to_graphml(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """GraphML of the actor network of the matching events; see :func:`actor_network`."""
    return export(store, flt, "graphml", **kw).data


def to_timelinejs(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """TimelineJS3 JSON of the matching events (dated ones: TimelineJS needs a start date)."""
    return export(store, flt, "timelinejs", **kw).data


def to_jsonld(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """JSON-LD of the matching events with their actors and source articles, and the dataset's provenance."""
    return export(store, flt, "jsonld", **kw).data


def to_panel(store: Store, flt: TimelineFilter | None = None, **kw: str | None) -> bytes:
    """CSV dyad panel of the matching events (``period``: week, month or year; see graph.analysis.panel)."""
    return export(store, flt, "panel", **kw).data


# -- what the event formats write -------------------------------------------------------------------------------
SCAN_SHARE = 0.25
"""Above this share of the store's events, records are read by scanning the store once per property rather
than by looking each event up (100,000 events of 100,000: 4x faster; 10 events: 1,000x faster the other way)."""
_BATCH = 2000
_PROPS = {"datePrecision": "precision", "status": "status", "tariffAction": "action", "rate": "rate",
          "goods": "goods", "confidence": "confidence"}
_ARTICLE_PROPS = {"headline": "title", "outlet": "outlet", "url": "url", "datePublished": "published"}
# Three queries, each written two ways: looking up given events or articles (a VALUES block of IRIs, the
# property tested by FILTER) or scanning the store (the properties in VALUES). Swapped, each way is 10-300x
# slower on 100,000 events. The evidence OPTIONAL holds its own GRAPH ?g with ?g bound: a lookup, not a scan.
_PROP_LIST = "dkg:datePrecision dkg:status dkg:tariffAction dkg:rate dkg:goods dkg:confidence"
_EVENT_PROPS_LOOKUP = ("SELECT DISTINCT ?e ?p ?o WHERE { %s ?e ?p ?o FILTER(?p IN ("
                       + ", ".join(_PROP_LIST.split()) + ")) }")
_EVENT_PROPS_SCAN = f"SELECT DISTINCT ?e ?p ?o WHERE {{ VALUES ?p {{ {_PROP_LIST} }} ?e ?p ?o }}"
_ASSERTIONS = """SELECT ?e ?g ?ev WHERE { %s
  GRAPH ?g { ?e prov:wasDerivedFrom ?g } OPTIONAL { GRAPH ?g { ?e dkg:evidence ?ev } } }"""
_ARTICLE_LIST = "schema:headline dkg:outlet schema:url schema:datePublished"
_ARTICLES_LOOKUP = ("SELECT ?g ?p ?o WHERE { %s GRAPH ?g { ?g ?p ?o } FILTER(?p IN ("
                    + ", ".join(_ARTICLE_LIST.split()) + ")) }")
_ARTICLES_SCAN = f"SELECT ?g ?p ?o WHERE {{ VALUES ?p {{ {_ARTICLE_LIST} }} GRAPH ?g {{ ?g ?p ?o }} }}"


def _csv_rows(store: Store, sparql: str) -> list[list[str]]:
    """The rows of a SELECT as strings (Oxigraph writes the CSV in Rust: several times faster than terms)."""
    _, data = store.query_serialized(sparql, "csv")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]


def _values(var: str, iris: list[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(queries.check_iri(i).n3() for i in iris)} }}"


def _lookups(store: Store, sparql: str, var: str, iris: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for i in range(0, len(iris), _BATCH):
        out += _csv_rows(store, sparql % _values(var, iris[i:i + _BATCH]))
    return out


def event_records(store: Store, events: list[str], *, scan: bool | None = None) -> list[dict]:
    """Everything the event formats write about each of ``events`` (IRIs), oldest first (undated last).

    Each record: event, type, class, date, not_before, not_after, precision, status, action, rate (as
    written, e.g. "25"), goods, confidence (the highest), sources (number of articles), evidence (the
    sentence naming most of its actors: graph.query.queries.best_evidence), actors [{iri, label, kind, role}],
    citations [{article, title, outlet, url, published, evidence [sentences]}] (oldest first). Classes,
    dates and actors come from the projection (graph.query.projection), the rest from three queries: per event in
    batches, or, when the events are more than SCAN_SHARE of the store's (``scan=None``), by scanning the
    store. An IRI that is no event is left out.
    When articles disagree on the status, the lowest wins (occurred, planned, threatened) as in the timeline.

    Parameters
    ----------
    store : Store
        The store to read.
    events : list of str
        Event IRIs.
    scan : bool, optional
        Read by scanning the store (True) or per event (False); None: by the share of the store's events.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> [(r["sources"], [c["outlet"] for c in r["citations"]])
    ...  for r in event_records(example_store(), [str(EVENT["call-carney-trump"])])]
    [(2, ['Example Wire', 'Example Courier'])]
    """
    proj = network.projection(store)
    index = proj.event_index
    numbers = sorted({index[e] for e in events if e in index})
    if not numbers:
        return []
    scan = len(numbers) > SCAN_SHARE * proj.n_events if scan is None else scan
    wanted = {proj.events[i] for i in numbers}
    ptr, members = cached(proj, ("exports-members",), lambda: _members(proj))
    acts = acting(proj, store)
    mine = np.isin(acts.event, numbers)
    acting_for = {(e, a): (c, r) for e, a, c, r in zip(acts.event[mine].tolist(), acts.actor[mine].tolist(),
                                                       acts.acts_for[mine].tolist(), acts.role[mine].tolist(),
                                                       strict=True)}
    records: dict[str, dict] = {}
    for i in numbers:
        rec = proj.event(i)
        rec["event"] = rec.pop("iri")
        rec.update(precision=None, action=None, rate=None, goods=None, confidence=None, evidence=None, citations=[])
        seen = set()
        rec["actors"] = []
        for m in members[ptr[i]:ptr[i + 1]].tolist():
            a, role = int(proj.mem_actor[m]), ROLES[proj.mem_role[m]]
            if (a, role) not in seen:
                seen.add((a, role))
                rec["actors"].append({"iri": proj.actors[a], "label": proj.labels[a], "kind": proj.kinds[a],
                                      "role": role, **_acting_for(proj, a, acting_for.get((i, a)))})
        records[rec["event"]] = rec
    iris = list(records)
    codes = coding.codes_of(store, iris)
    for e, rec in records.items():
        rec.update(codes.get(e) or {"cameo": None, "plover": None, "plover_mode": None})
    props = _csv_rows(store, _EVENT_PROPS_SCAN) if scan else _lookups(store, _EVENT_PROPS_LOOKUP, "e", iris)
    statuses: dict[str, set[str]] = {}
    for e, p, o in props:
        rec = records.get(e)
        if rec is None:
            continue
        key = _PROPS[p.rsplit("#", 1)[-1]]
        if key == "status":
            statuses.setdefault(e, set()).add(o)
        elif key == "confidence":
            rec["confidence"] = max(float(o), rec["confidence"] or 0.0)
        elif rec[key] is None or o < rec[key]:  # the smallest, as the timeline picks: the same on any engine
            rec[key] = o
    for e, found in statuses.items():
        records[e]["status"] = min(found)
    assertions = _csv_rows(store, _ASSERTIONS % "") if scan else _lookups(store, _ASSERTIONS, "e", iris)
    cited: dict[str, dict[str, dict]] = {}
    for e, g, sentence in assertions:
        if e not in wanted:
            continue
        src = cited.setdefault(e, {}).get(g)
        if src is None:
            src = cited[e][g] = {"article": g, "title": None, "outlet": None, "url": None, "published": None,
                                 "evidence": []}
        if sentence and sentence not in src["evidence"]:
            src["evidence"].append(sentence)
    articles: dict[str, dict] = {}
    for srcs in cited.values():
        for g in srcs:
            articles.setdefault(g, {})
    meta = _csv_rows(store, _ARTICLES_SCAN) if scan else _lookups(store, _ARTICLES_LOOKUP, "g", list(articles))
    for g, p, o in meta:
        if g in articles:
            articles[g].setdefault(_ARTICLE_PROPS[p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]], o)
    for e, srcs in cited.items():
        rec = records[e]
        for src in srcs.values():
            src.update(articles[src["article"]])
        rec["citations"] = sorted(srcs.values(), key=lambda s: (s["published"] or "9999", s["article"]))
        rec["sources"] = len(rec["citations"])
        sentences = [x for s in rec["citations"] for x in s["evidence"]]
        rec["evidence"] = best_evidence(sentences, [a["label"] for a in rec["actors"]])
    out = list(records.values())
    out.sort(key=lambda r: (r.get("date") or r.get("not_before") or r.get("not_after") or "9999", r["event"]))
    return out


def _acting_for(proj: network.Projection, actor: int, found: tuple[int, int] | None) -> dict:
    """``acts_for`` (IRI) and ``acting_role`` of an actor in an event: a person's affiliation on the day (none
    when unknown), a country or organisation acting as itself."""
    if found is not None:
        return {"acts_for": proj.actors[found[0]], "acting_role": coding.ROLES[found[1]]}
    if proj.kinds[actor] in ("country", "organisation"):
        return {"acts_for": proj.actors[actor], "acting_role": coding.self_role(proj.kinds[actor])}
    return {"acts_for": None, "acting_role": None}


def _members(proj: network.Projection) -> tuple[np.ndarray, np.ndarray]:
    """(ptr, membership rows sorted by event): the memberships of event i are rows[ptr[i]:ptr[i+1]]."""
    order = np.argsort(proj.mem_event, kind="stable")
    ptr = np.zeros(proj.n_events + 1, dtype=np.int64)
    np.cumsum(np.bincount(proj.mem_event, minlength=proj.n_events), out=ptr[1:])
    return ptr, order


def _roles(row: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"participant": [], "imposer": [], "target": []}
    for a in sorted(row["actors"], key=lambda a: (a["label"].casefold(), a["iri"])):
        out.setdefault(a["role"], []).append(a)
    return out


def _event_id(iri: str) -> str:
    return iri[len(str(EVENT)):] if iri.startswith(str(EVENT)) else iri


def _code(iri: str | None) -> str:
    """An actor's code: ISO 3166 alpha-3 for a country, the acronym of an organisation, a person's slug."""
    return iri.rsplit("/", 1)[-1] if iri else ""


def _number(value: object) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


# -- CSV -------------------------------------------------------------------------------------------------------
def _write_csv(store: Store, events: list[str], ctx: _Context) -> bytes:
    rows = event_records(store, events)
    most = max((len(r["citations"]) for r in rows), default=0)
    header = CSV_COLUMNS + [f"source_{i}_{f}" for i in range(1, most + 1) for f in CITATION_FIELDS]
    header += ["snapshot", "filter"]
    tail = [ctx.snapshot, filter_query(ctx.filter)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        roles = _roles(r)
        line = [r["event"], _event_id(r["event"]), r["type"], r["class"], r.get("date") or "",
                r.get("not_before") or "", r.get("not_after") or "", r.get("precision") or "", r.get("status") or "",
                *("; ".join(a["label"] for a in roles[k]) for k in ("participant", "imposer", "target")),
                *("; ".join(a["iri"] for a in roles[k]) for k in ("participant", "imposer", "target")),
                r.get("action") or "", _number(r.get("rate")), r.get("goods") or "", r.get("sources") or 0,
                _number(r.get("confidence")), r.get("evidence") or "", r.get("cameo") or "", r.get("plover") or "",
                r.get("plover_mode") or "",
                *("; ".join(_code(a.get("acts_for")) for a in roles[k]) for k in ("participant", "imposer", "target")),
                *("; ".join(a.get("acting_role") or "" for a in roles[k]) for k in ("participant", "imposer",
                                                                                     "target"))]
        sources = r["citations"]
        for src in sources:
            line += [src.get("outlet") or "", src.get("title") or "", src.get("published") or "",
                     src.get("url") or "", src["article"]]
        line += [""] * (len(CITATION_FIELDS) * (most - len(sources)))
        writer.writerow(line + tail)
    return buf.getvalue().encode("utf-8")


# -- GEXF and GraphML ------------------------------------------------------------------------------------------
def actor_network(store: Store, events: list[str]) -> nx.Graph:
    """The actor network of these events (graph.analysis.network.events_graph) with attributes Gephi can read.

    Nodes: the actor IRIs, with ``label``, ``kind`` (person | country | organisation | actor) and ``events``
    (how many of the events they take part in). Edges: ``weight`` (each event with n actors adds 1/(n-1) to
    each of its pairs), ``count`` (events), ``calls``, ``meetings``, ``visits``, ``summits``, ``tariffs``
    (events by class), ``first`` and ``last`` (ISO dates, '' when undated), ``tariffs_by_source`` and
    ``tariffs_by_target`` (tariff measures the edge's first node imposed on the second and the reverse).
    """
    G = network.events_graph(store, events)
    H = nx.Graph()
    H.add_nodes_from((n, {"label": d["label"], "kind": d["kind"], "events": int(d["events"])})
                     for n, d in sorted(G.nodes(data=True)))
    for u, v in sorted(tuple(sorted(e)) for e in G.edges()):
        d = G[u][v]
        attrs = {"weight": float(d["weight"]), "count": int(d["count"])}
        attrs.update({name: int(d["types"].get(cls, 0)) for cls, name in _NETWORK_CLASSES.items()})
        imposed = d.get("imposed", {})
        attrs.update({"first": d.get("first") or "", "last": d.get("last") or "",
                      "tariffs_by_source": int(imposed.get(u, 0)), "tariffs_by_target": int(imposed.get(v, 0))})
        H.add_edge(u, v, **attrs)
    return H


def _write_gexf(store: Store, events: list[str], ctx: _Context) -> bytes:
    G = actor_network(store, events)
    G.graph["name"] = f"diplomatic-kg actor network, snapshot {ctx.snapshot}"
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    meta.find("creator").text = f"{_generator()} (NetworkX {nx.__version__})"
    SubElement(meta, "keywords").text = f"diplomatic-kg, snapshot {ctx.snapshot}, filter {filter_query(ctx.filter)}"
    SubElement(meta, "description").text = ctx.sentence()
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _write_graphml(store: Store, events: list[str], ctx: _Context) -> bytes:
    G = actor_network(store, events)
    info = ctx.as_dict()
    G.graph.update({"snapshot": ctx.snapshot, "filter": info["filter_query"], "command": info["command"],
                    "generator": info["generator"], "event_count": ctx.events, "weighting": "fair",
                    "description": ctx.sentence()})
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


# -- TimelineJS ------------------------------------------------------------------------------------------------
def _parts(day: str, precision: str = "day") -> dict:
    d = dt.date.fromisoformat(day[:10])
    if precision == "year":
        return {"year": d.year}
    if precision == "month":
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


def headline(row: dict) -> str:
    """A one-line description of an event: its class and actors, and a tariff's terms.

    >>> headline({"type": "TariffMeasure", "class": "TariffMeasure", "action": "imposed", "rate": 25.0,
    ...           "goods": "steel", "actors": [{"label": "Canada", "role": "imposer", "iri": "c"},
    ...                                         {"label": "United States", "role": "target", "iri": "u"}]})
    'Tariff measure: Canada on United States, 25% on steel (imposed)'
    """
    roles = _roles(row)
    label = CLASS_LABELS.get(row["class"], row["class"])
    if row["type"] == "TariffMeasure":
        by = ", ".join(a["label"] for a in roles["imposer"]) or "unknown imposer"
        on = ", ".join(a["label"] for a in roles["target"]) or "all"
        terms = [f"{_number(row['rate'])}%" if row.get("rate") is not None else "",
                 f"on {row['goods']}" if row.get("goods") else ""]
        terms_text = " ".join(t for t in terms if t)
        action = f" ({row['action']})" if row.get("action") else ""
        return f"{label}: {by} on {on}" + (f", {terms_text}" if terms_text else "") + action
    return f"{label}: " + ", ".join(a["label"] for a in roles["participant"])


def _link(url: str | None, text: str) -> str:
    if url and urllib.parse.urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'
    return html.escape(text)


def _timeline_event(row: dict, sources: list[dict]) -> dict | None:
    precision = row.get("precision") or "day"
    date, lo, hi = row.get("date"), row.get("not_before"), row.get("not_after")
    item: dict = {"unique_id": _event_id(row["event"]), "group": CLASS_LABELS.get(row["class"], row["class"])}
    if date and precision in ("day", "month", "year"):
        item["start_date"] = _parts(date, precision)
    elif lo or hi:
        item["start_date"] = _parts(lo or hi)
        if lo and hi and hi != lo:
            item["end_date"] = _parts(hi)
        item["start_date"]["display_date"] = (f"between {lo} and {hi}" if lo and hi else
                                              f"after {lo}" if lo else f"before {hi}")
    elif date:
        item["start_date"] = _parts(date)
    else:
        return None
    status = row.get("status") or "occurred"
    body = [f"<p><b>{html.escape(status.capitalize())}</b> · {row.get('sources') or 0} "
            f"source{'s' if (row.get('sources') or 0) != 1 else ''}</p>"]
    for src in sources:
        cite = ", ".join(html.escape(x) for x in (src.get("outlet"), (src.get("published") or "")[:10]) if x)
        body.append(f"<p>{_link(src.get('url'), src.get('title') or src['article'])}"
                    + (f" ({cite})" if cite else "") + "</p>")
        body += [f"<blockquote>{html.escape(s)}</blockquote>" for s in src.get("evidence", [])]
    item["text"] = {"headline": html.escape(headline(row)), "text": "".join(body)}
    return item


def _write_timelinejs(store: Store, events: list[str], ctx: _Context) -> bytes:
    items = [_timeline_event(r, r["citations"]) for r in event_records(store, events)]
    dated = [i for i in items if i is not None]
    left_out = len(items) - len(dated)
    title = (f"<p>{len(dated)} events" + (f" ({left_out} undated left out)" if left_out else "") + "; snapshot "
             f"<code>{ctx.snapshot}</code>; filter <code>{html.escape(filter_query(ctx.filter) or 'all events')}"
             f"</code>.</p><p>Made again by <code>{html.escape(export_command(ctx.filter, ctx.format, ctx.snapshot))}"
             "</code></p>")
    doc = {"title": {"text": {"headline": "Diplomatic events (diplomatic-kg)", "text": title}},
           "events": dated, **ctx.as_dict(), "undated_left_out": left_out}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- JSON-LD ---------------------------------------------------------------------------------------------------
def _context() -> dict:
    ids = {"@type": "@id"}
    return {
        "dkg": str(DKG), "prov": str(PROV), "schema": str(SCHEMA), "rdfs": str(RDFS), "xsd": str(XSD),
        "actor": str(ACTOR), "event": str(EVENT),
        "dkg:date": {"@type": "xsd:date"}, "dkg:notBefore": {"@type": "xsd:date"},
        "dkg:notAfter": {"@type": "xsd:date"}, "dkg:rate": {"@type": "xsd:decimal"},
        "dkg:confidence": {"@type": "xsd:decimal"},
        "dkg:participant": ids, "dkg:imposer": ids, "dkg:target": ids, "prov:wasDerivedFrom": ids,
        "schema:hasPart": ids, "schema:url": ids, "dkg:affiliate": ids, "dkg:actsFor": ids,
    }


def _write_jsonld(store: Store, events: list[str], ctx: _Context) -> bytes:
    rows = event_records(store, events)
    kinds = {"person": "dkg:Person", "country": "dkg:Country", "organisation": "dkg:Organisation"}
    nodes: list[dict] = []
    actors: dict[str, dict] = {}
    articles: dict[str, dict] = {}
    for r in rows:
        types = ["dkg:" + r["type"]] + (["dkg:" + r["class"]] if r["class"] != r["type"] else [])
        node: dict = {"@id": r["event"], "@type": types}
        for key, prop in (("date", "dkg:date"), ("not_before", "dkg:notBefore"), ("not_after", "dkg:notAfter")):
            if r.get(key):
                node[prop] = r[key][:10]
        for key, prop in (("precision", "dkg:datePrecision"), ("status", "dkg:status"),
                          ("action", "dkg:tariffAction"), ("goods", "dkg:goods")):
            if r.get(key):
                node[prop] = r[key]
        if r.get("rate") is not None:
            node["dkg:rate"] = _number(r["rate"])
        for role, items in _roles(r).items():
            if items:
                node[f"dkg:{role}"] = [a["iri"] for a in items]
            for a in items:
                if a["iri"] not in actors:
                    actors[a["iri"]] = {"@id": a["iri"], "@type": kinds.get(a["kind"], "dkg:Actor"),
                                        "rdfs:label": a["label"]}
        for key, prop in (("cameo", "dkg:cameoCode"), ("plover", "dkg:ploverCategory"),
                          ("plover_mode", "dkg:ploverMode")):
            if r.get(key):
                node[prop] = r[key]
        acting = [{"@id": str(AFFILIATION[digest(r["event"], a["iri"])]), "@type": "dkg:Affiliation",
                   "dkg:affiliate": a["iri"], "dkg:actsFor": a["acts_for"], "dkg:actorRole": a["acting_role"]}
                  for a in r["actors"] if a["kind"] == "person" and a.get("acts_for")]
        if acting:  # graph.query.coding: whom each person acted for that day (the coding graph's nodes)
            node["dkg:affiliation"] = acting
        sources = r["citations"]
        node["prov:wasDerivedFrom"] = [s["article"] for s in sources]
        evidence = list(dict.fromkeys(x for s in sources for x in s.get("evidence", [])))
        if evidence:
            node["dkg:evidence"] = evidence
        nodes.append(node)
        for s in sources:
            if s["article"] not in articles:
                art: dict = {"@id": s["article"], "@type": "dkg:Article"}
                for key, prop in (("title", "schema:headline"), ("outlet", "dkg:outlet"), ("url", "schema:url")):
                    if s.get(key):
                        art[prop] = s[key]
                if s.get("published"):  # a day, or a moment, as the article gave it
                    art["schema:datePublished"] = {"@value": s["published"],
                                                   "@type": "xsd:date" if len(s["published"]) == 10 else
                                                   "xsd:dateTime"}
                articles[s["article"]] = art
    info = ctx.as_dict()
    snapshot_node = {"@id": str(SNAPSHOT[ctx.snapshot]), "@type": "prov:Entity",
                     "schema:identifier": ctx.snapshot,
                     "rdfs:comment": "The content of the diplomatic-kg store this export was made from."}
    dataset = {"@id": str(SNAPSHOT[f"{ctx.snapshot}/export/{digest(info['command'])}"]),
               "@type": ["schema:Dataset", "prov:Entity"],
               "schema:name": "diplomatic-kg export", "schema:description": ctx.sentence(),
               "prov:wasDerivedFrom": snapshot_node["@id"], "dkg:exportFilter": info["filter_query"],
               "dkg:exportCommand": info["command"], "schema:creator": info["generator"],
               "schema:hasPart": [n["@id"] for n in nodes]}
    doc = {"@context": _context(), **info,
           "@graph": [dataset, snapshot_node, *nodes, *actors.values(), *articles.values()]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write_panel(store: Store, events: list[str], ctx: _Context) -> bytes:
    proj = network.projection(store)
    index = proj.event_index
    numbers = np.array(sorted({index[e] for e in events if e in index}), dtype=np.int64)
    options = dict(ctx.options)
    rows = panel.panel_rows(store, proj, numbers, options.get("period", "month"),
                            options.get("organisations", "keep"), (ctx.filter.start, ctx.filter.end))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*panel.PANEL_COLUMNS, "snapshot", "filter"])
    tail = [ctx.snapshot, filter_query(ctx.filter)]
    for r in rows:
        writer.writerow([_number(r[c]) if c == "weight" else r[c] for c in panel.PANEL_COLUMNS] + tail)
    return buf.getvalue().encode("utf-8")


_WRITERS = {"csv": _write_csv, "gexf": _write_gexf, "graphml": _write_graphml, "timelinejs": _write_timelinejs,
            "jsonld": _write_jsonld, "panel": _write_panel}
