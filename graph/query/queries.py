"""Named SPARQL queries used by the CLI and the app: timeline rows, event detail, actors, stats.

Filters arrive as typed Python values (dates, IRIs, numbers, a closed set of types); they enter the
query only as RDF terms serialised by rdflib (``Literal(...).n3()``), never as raw user text.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from graph.errors import UnknownActor, UsageError
from graph.namespaces import ACTORS_GRAPH, DKG, fold
from graph.query import coding
from graph.query.filters import (  # noqa: F401 - re-exported: callers know them from here
    ACTING_PATH,
    EVENT_CLASSES,
    EVENT_TYPES,
    ROLE_PATH,
    STATUSES,
    EventFilter,
    check_iri,
)
from graph.storage import aggregates
from graph.storage.store import Store

_FINE_CLASSES = frozenset(str(DKG[c]) for c in ("Visit", "Summit"))



TimelineFilter = EventFilter
"""The filter of every query here: graph.query.filters.EventFilter (this name is kept for the callers that use it)."""


# An event's row comes from two queries joined here in Python, each linear in its number of sources: the
# graphs asserting it (type, status, confidence, sources), and the distinct values of its other fields and
# roles. One query joining them all on the union default graph multiplied each field's copies (one per
# source) into the others: 20 sources of one tariff took 80 s, 200 would never end.
#
# When articles disagree on an event's status, MIN picks "occurred" over "planned" over "threatened": what
# one source reports as done outranks what another reported as ahead. Where they word its goods (or its
# class) differently, the smallest value is picked the same way on every engine, where SAMPLE's pick is the
# engine's. The OPTIONAL is a GRAPH block of its own: one inside the GRAPH block of ?event made Oxigraph read that
# property for every event of the store before joining.
_SOURCES = """
SELECT ?event (SAMPLE(?t) AS ?type) (MIN(?st) AS ?status) (COUNT(DISTINCT ?g) AS ?sources)
       (MAX(?conf) AS ?confidence)
WHERE {
  %(where)s
  GRAPH ?g { ?event a ?t ; dkg:status ?st . }
  FILTER(?t IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))
  OPTIONAL { GRAPH ?g { ?event dkg:confidence ?conf } }
}
GROUP BY ?event
%(having)s
"""

# FILTER, not VALUES ?p: with VALUES Oxigraph read every triple of those predicates before joining the events
# (20 s for 791 events of a 100k-event store); with FILTER it looks each event up by subject (30 ms).
_VALUES = """
SELECT DISTINCT ?event ?p ?o WHERE {
  %(where)s
  ?event ?p ?o .
  FILTER(?p IN (rdf:type, dkg:date, dkg:notBefore, dkg:notAfter, dkg:datePrecision, dkg:tariffAction, dkg:rate,
                dkg:goods, dkg:participant, dkg:imposer, dkg:target))
}
"""

# The fields of a timeline row in the order they are shown (and serialised by `dkg timeline --format json`);
# the single-valued ones come from _VALUES under these names.
_ROW_ORDER = ("event", "type", "class", "date", "not_before", "not_after", "precision", "status", "action", "rate",
              "goods", "sources", "confidence")
_FIELD_NAMES = {"date": "date", "notBefore": "not_before", "notAfter": "not_after", "datePrecision": "precision",
                "tariffAction": "action", "rate": "rate", "goods": "goods"}
_ROLE_NAMES = frozenset({"participant", "imposer", "target"})


def _event_rows(store: Store, where: str, min_sources: int = 1) -> list[dict]:
    """Timeline rows of the events ``where`` binds as ``?event``, with their actors, in no particular order."""
    having = f"HAVING (COUNT(DISTINCT ?g) >= {int(min_sources)})" if min_sources > 1 else ""
    heads = {r["event"]: r for r in store.select(_SOURCES % {"where": where, "having": having})}
    fields: dict[str, dict] = defaultdict(dict)
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in store.select(_VALUES % {"where": where}):
        if r["event"] not in heads:
            continue
        prop, value, got = _local(r["p"]), r["o"], fields[r["event"]]
        if prop in _ROLE_NAMES:
            roles[r["event"]].append((value, prop))
            continue
        if prop == "type":
            prop = "class" if value in _FINE_CLASSES else None
        else:
            prop = _FIELD_NAMES[prop]
        if prop and (prop not in got or value < got[prop]):
            got[prop] = value
    acting = coding.affiliations_of(store, heads) if heads else {}
    labels = actor_labels(store, sorted({a for found in roles.values() for a, _ in found}
                                        | {x["for"] for by in acting.values() for x in by.values()}))
    rows = []
    for event, head in heads.items():
        merged = {**fields[event], **head}
        row = timeline_row_fixup({key: merged[key] for key in _ROW_ORDER if key in merged})
        row["actors"] = [{"iri": a, "label": labels.get(a) or _local(a), "role": role,
                          **_acting(acting.get(event, {}).get(a), labels)}
                         for a, role in _in_order(roles[event], labels)]
        rows.append(row)
    return rows


_ROLE_RANK = {"participant": 0, "imposer": 1, "target": 2}


def _in_order(roles: Iterable[tuple[str, str]], labels: dict[str, str]) -> list[tuple[str, str]]:
    """An event's (actor, role) pairs in the order rows show them: by role (participants, imposer, target), then
    by name; the same on every engine and from the aggregates."""
    return sorted(roles, key=lambda ar: (_ROLE_RANK.get(ar[1], 3), (labels.get(ar[0]) or _local(ar[0])).casefold(),
                                         ar[0]))


def _aggregate_rows(store: Store, agg: aggregates.Aggregates, rows: Iterable[int], min_sources: int = 1) -> list[dict]:
    """The rows :func:`_event_rows` gives, from the checkpoint's aggregates (graph.storage.aggregates keeps each event's
    fields with the same choices: the smallest value, the highest confidence, the most specific class); only the
    actors' labels and affiliations are asked of the store. A month at a million events: thousands of lookups
    spread over the whole database saved."""
    found = [r for r in agg.records(rows) if r["status"] is not None and r["sources"] >= min_sources]
    acting = coding.affiliations_of(store, [r["event"] for r in found]) if found else {}
    labels = actor_labels(store, sorted({a for r in found for a, _ in r["roles"]}
                                        | {x["for"] for by in acting.values() for x in by.values()}))
    out = []
    for r in found:
        merged = {k: v for k, v in r.items() if v is not None and k in _ROW_ORDER}
        if r["class"] == r["type"]:
            del merged["class"]  # as _event_rows: a class only when finer than the type
        row = timeline_row_fixup({key: merged[key] for key in _ROW_ORDER if key in merged})
        row["actors"] = [{"iri": a, "label": labels.get(a) or _local(a), "role": role,
                          **_acting(acting.get(r["event"], {}).get(a), labels)}
                         for a, role in _in_order(r["roles"], labels)]
        out.append(row)
    return out


def _acting(affiliation: dict | None, labels: dict[str, str]) -> dict:
    """An actor's ``acts_for`` (IRI), ``acts_for_label`` and ``acting_role`` in an event (graph.query.coding)."""
    if affiliation is None:
        return {}
    return {"acts_for": affiliation["for"], "acts_for_label": labels.get(affiliation["for"]) or
            _local(affiliation["for"]), "acting_role": affiliation["role"]}


def mark_through(rows: list[dict], actors: Iterable[str]) -> None:
    """Mark rows matched through people: ``through`` lists the labels of the people acting for one of ``actors``
    in an event that does not name that actor itself (empty when it does)."""
    wanted = set(actors)
    for row in rows:
        direct = {a["iri"] for a in row["actors"]} & wanted
        row["through"] = [a["label"] for a in row["actors"]
                          if a.get("acts_for") in wanted - direct and a["iri"] not in wanted]


def _local(value: str | None) -> str | None:
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if value else None


def timeline(store: Store, flt: TimelineFilter | None = None, limit: int | None = None) -> list[dict]:
    """Events matching the filter, oldest first (undated ones last), each with its actors.

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events (every event without one).
    limit : int, optional
        At most this many rows.

    Returns
    -------
    list of dict
        One row per event: event (IRI), type, class, date, not_before, not_after, precision, status, action,
        rate, goods, sources (number of articles), confidence, actors [{iri, label, role}] (fields the store does
        not hold for an event are left out).

    Examples
    --------
    >>> from graph.example import example_store
    >>> [(r["date"], r["type"], r["sources"]) for r in timeline(example_store(), EventFilter(types=("Call",)))]
    [('2025-03-06', 'Call', 1), ('2025-03-28', 'Call', 2)]
    """
    flt = flt or TimelineFilter()
    # The matching events first (from the checkpoint's aggregates when it has them, else selective SPARQL
    # sub-selects), then their rows by subject: the cost follows the events shown, not the store (a month of a
    # million-event store took 102 s with the filter evaluated on every event inside one query).
    agg = aggregates.current(store)
    if agg is not None and not (flt.actors and not flt.node_only) and not flt.text and not flt.beyond_arrays:
        out = _aggregate_rows(store, agg, agg.mask(flt.checked()).nonzero()[0], flt.min_sources)
    else:
        events = _matching_iris(store, flt)
        out = []
        for i in range(0, len(events), 2000):
            out += _event_rows(store, f"VALUES ?event {{ {' '.join(f'<{e}>' for e in events[i:i + 2000])} }}",
                               flt.min_sources)
    if flt.actors and not flt.node_only:
        mark_through(out, flt.actors)
    out.sort(key=lambda r: (r.get("date") or r.get("not_before") or r.get("not_after") or "9999", r["event"]))
    return out[:limit] if limit else out


def event_detail(store: Store, event: str) -> dict | None:
    """One event with its actors and every source.

    Parameters
    ----------
    store : Store
        The store to read.
    event : str
        The event's IRI.

    Returns
    -------
    dict or None
        The event's timeline row (see :func:`timeline`) with ``sources_list`` (:func:`event_sources`) and
        ``codes`` (its CAMEO / PLOVER codes, None when not coded yet); None when the store has no such event.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> d = event_detail(example_store(), str(EVENT["call-carney-trump"]))
    >>> d["sources"], [s["outlet"] for s in d["sources_list"]]
    (2, ['Example Wire', 'Example Courier'])
    """
    iri_ = check_iri(event)
    rows = _event_rows(store, f"VALUES ?event {{ {iri_.n3()} }}")
    if not rows:
        return None
    detail = rows[0]
    detail["sources_list"] = event_sources(store, str(iri_))
    detail["codes"] = coding.codes_of(store, [str(iri_)]).get(str(iri_))  # CAMEO / PLOVER, when coded
    return detail


def timeline_row_fixup(r: dict) -> dict:
    """A row's type and class as local names (Call, Visit...); the class is the type when no finer one is known."""
    r["type"] = _local(r.get("type"))
    r["class"] = _local(r.get("class")) or r["type"]
    return r


def actors(store: Store) -> list[dict]:
    """Actors that take part in at least one event.

    Parameters
    ----------
    store : Store
        The store to read.

    Returns
    -------
    list of dict
        actor (IRI), label, kind (person, country, organisation), events (how many), busiest first.

    Examples
    --------
    >>> from graph.example import example_store
    >>> [(a["label"], a["events"]) for a in actors(example_store())][:2]
    [('Donald Trump', 3), ('Mark Carney', 2)]
    """
    rows = store.select("""
        SELECT ?actor (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) (COUNT(DISTINCT ?event) AS ?events) WHERE {
          ?event dkg:participant|dkg:imposer|dkg:target ?actor .
          OPTIONAL { ?actor rdfs:label ?l } OPTIONAL { ?actor a ?k . FILTER(?k IN (dkg:Person, dkg:Country,
          dkg:Organisation)) }
        } GROUP BY ?actor ORDER BY DESC(?events)""")
    for r in rows:
        r["kind"] = (_local(r.get("kind")) or "Actor").lower()
        r["label"] = r.get("label") or _local(r["actor"])
    return rows


def stats(store: Store) -> dict:
    """What the store holds, counted.

    Parameters
    ----------
    store : Store
        The store to read.

    Returns
    -------
    dict
        triples, articles, events, by_type ({type: events}), events_with_several_sources, actors_in_events,
        gazetteer_actors.

    Examples
    --------
    >>> from graph.example import example_store
    >>> s = stats(example_store())
    >>> s["articles"], s["events"], s["by_type"]
    (3, 4, {'Call': 2, 'Meeting': 1, 'TariffMeasure': 1})
    """
    triples = store.count_triples()
    articles = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a dkg:Article } }")[0]["n"]
    by_type = {t: 0 for t in EVENT_TYPES}
    for r in store.select("""SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t .
                             FILTER(?t IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure)) } GROUP BY ?t"""):
        by_type[_local(r["t"])] = r["n"]
    multi = store.select("""SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?e (COUNT(DISTINCT ?g) AS ?c) WHERE {
                            GRAPH ?g { ?e prov:wasDerivedFrom ?g } } GROUP BY ?e } FILTER(?c > 1) }""")[0]["n"]
    n_actors = store.select("""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
                               ?e dkg:participant|dkg:imposer|dkg:target ?a }""")[0]["n"]
    gaz = store.select(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH {ACTORS_GRAPH.n3()} "
                       "{ ?a rdfs:label ?l } }")[0]["n"]
    return {"triples": triples, "articles": articles, "events": sum(by_type.values()), "by_type": by_type,
            "events_with_several_sources": multi, "actors_in_events": n_actors, "gazetteer_actors": gaz}




def actor_names(store: Store) -> dict[str, tuple[str, str]]:
    """``{folded name: (actor IRI, label)}`` for every label, alias and ISO code in the store."""
    rows = store.select("""
        SELECT ?actor ?name ?label WHERE {
          { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } UNION { ?actor dkg:isoCode ?name }
          ?actor rdfs:label ?label .
        }""")
    names: dict[str, tuple[str, str]] = {}
    for r in rows:
        names.setdefault(fold(r["name"]), (r["actor"], r["label"]))
    for r in rows:  # a canonical label wins over anyone's alias
        names[fold(r["label"])] = (r["actor"], r["label"])
    return names


def resolve_actor(store: Store, name: str, names: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """The actor a user means: "Carney", "mark carney", "CAN", "Canada", "Ottawa".

    Parameters
    ----------
    store : Store
        The store whose actors (labels, aliases, ISO codes) are searched.
    name : str
        What the user typed, or an actor IRI.
    names : dict, optional
        The lookup table of :func:`actor_names`, when the caller resolves several names.

    Returns
    -------
    tuple of str
        (IRI, label).

    Raises
    ------
    UnknownActor
        When nothing matches; the message names the closest names.

    Examples
    --------
    >>> from graph.example import example_store
    >>> resolve_actor(example_store(), "carney")
    ('https://w3id.org/diplomatic-kg/id/actor/mark-carney', 'Mark Carney')
    """
    names = names if names is not None else actor_names(store)
    key = fold(name)
    for candidate in (key, key.removeprefix("the ")):
        if candidate in names:
            return names[candidate]
    if name.startswith(("http://", "https://")) and any(v[0] == name for v in names.values()):
        return next(v for v in names.values() if v[0] == name)
    # A surname alone ("Carney") names the one actor whose full name ends with it (people found in
    # articles have no aliases in the gazetteer); several such actors make it ambiguous, not a guess.
    if key and " " not in key and len(key) > 2:
        ending = {v for k, v in names.items() if " " in k and k == fold(v[1]) and k.rsplit(" ", 1)[1] == key}
        if len(ending) == 1:
            return ending.pop()
        if ending:
            raise UnknownActor(f"{name!r} is ambiguous: {', '.join(sorted(v[1] for v in ending))}")
    close = difflib.get_close_matches(key, list(names), n=8, cutoff=0.6)
    labels = list(dict.fromkeys(names[c][1] for c in close))[:5]
    hint = f"; did you mean {', '.join(labels)}?" if labels else ""
    raise UnknownActor(f"unknown actor {name!r}{hint}")


# --- Fast paths for big stores (the dashboard) --------------------------------------------------------------
# ``timeline()`` evaluates its filter after visiting every event, which takes seconds per query on 100k events.
# These build the matching set from selective sub-selects (each one index scan), count or aggregate it inside
# Oxigraph, and fetch full rows only for an explicit list of events (index lookups by subject).

_ROW_PROPS = {"date": "date", "notBefore": "not_before", "notAfter": "not_after", "datePrecision": "precision",
              "status": "status", "tariffAction": "action", "rate": "rate", "goods": "goods"}


def event_set(flt: EventFilter) -> str:
    """A graph pattern binding ``?event`` once per event matching ``flt`` (EventFilter.event_set)."""
    return flt.event_set()


def _restriction(flt: TimelineFilter | None) -> str:
    """event_set(flt), or nothing when the filter keeps every event (the other patterns already find them)."""
    return "" if flt is None or flt.everything else event_set(flt)


def count_events(store: Store, flt: TimelineFilter | None = None) -> int:
    """Number of events matching the filter (one query, no rows fetched).

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events (every event without one).

    Returns
    -------
    int

    Examples
    --------
    >>> from graph.example import example_store
    >>> store = example_store()
    >>> count_events(store), count_events(store, EventFilter(text="friday"))
    (4, 1)
    """
    where = event_set(flt or TimelineFilter())
    return int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"])


def matching_events(store: Store, flt: TimelineFilter | None = None) -> list[str]:
    """IRIs of the events matching the filter (unordered).

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events (every event without one).

    Returns
    -------
    list of str

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import ACTOR
    >>> [e.rsplit("/", 1)[-1] for e in matching_events(example_store(), EventFilter(actors=(str(ACTOR.CAN),)))]
    ['tariff-usa-can']
    """
    return [r["event"] for r in store.select(f"SELECT ?event WHERE {{ {event_set(flt or TimelineFilter())} }}")]


def _matching_iris(store: Store, flt: TimelineFilter) -> list[str]:
    """:func:`matching_events`, sorted; answered from the checkpoint's aggregates (graph.storage.aggregates) when the
    store has them and they can (actors acting for others are in the store only): a binary search for a window,
    the text condition alone asked of the store."""
    agg = aggregates.current(store)
    if agg is None or (flt.actors and not flt.node_only) or flt.beyond_arrays:
        return sorted(matching_events(store, flt))
    events = agg.iris(agg.mask(flt.checked()).nonzero()[0])
    if flt.text:
        found = set(matching_events(store, TimelineFilter(text=flt.text)))
        events = [e for e in events if e in found]
    return sorted(events)


BUCKETS = {"day": 10, "month": 7, "year": 4}
_FIRST_DAY = ("{ SELECT ?event (MIN(?d0) AS ?day) WHERE { { ?event dkg:date ?d0 } UNION { ?event dkg:notBefore ?d0 }"
              " UNION { ?event dkg:notAfter ?d0 } } GROUP BY ?event }")


def _bucket_expr(bucket: str) -> str:
    if bucket not in BUCKETS:
        raise UsageError(f"unknown bucket {bucket!r} (use {', '.join(BUCKETS)})")
    return f"SUBSTR(STR(?day), 1, {BUCKETS[bucket]})"


def event_counts(store: Store, flt: TimelineFilter | None = None, bucket: str = "month") -> list[dict]:
    """Matching events counted per (period, type, status): the zoomed-out timeline.

    An event falls in the period of its date or, when known only by bounds, of its earliest bound; undated
    events are left out.

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events.
    bucket : {"month", "day", "year"}
        The length of a period.

    Returns
    -------
    list of dict
        period ("2025-03-28", "2025-03" or "2025"), type (Call, Meeting or TariffMeasure), status, events.

    Examples
    --------
    >>> from graph.example import example_store
    >>> event_counts(example_store(), EventFilter(types=("Call",)))
    [{'period': '2025-03', 'type': 'Call', 'status': 'occurred', 'events': 2}]
    """
    rows = store.select(f"""
        SELECT ?period ?t ?st (COUNT(DISTINCT ?event) AS ?events) WHERE {{
          {_restriction(flt)}
          {{ SELECT DISTINCT ?event ?t WHERE {{ VALUES ?t {{ dkg:Call dkg:Meeting dkg:TariffMeasure }} ?event a ?t }} }}
          {{ SELECT DISTINCT ?event ?st WHERE {{ ?event dkg:status ?st }} }}
          {_FIRST_DAY}
          BIND({_bucket_expr(bucket)} AS ?period)
        }} GROUP BY ?period ?t ?st""")
    return [{"period": r["period"], "type": _local(r["t"]), "status": r["st"], "events": r["events"]} for r in rows]


def date_span(store: Store, flt: TimelineFilter | None = None) -> tuple[str | None, str | None]:
    """(earliest, latest) day of the matching events (dates and bounds), or (None, None)."""
    r = store.select(f"""SELECT (MIN(?d) AS ?lo) (MAX(?d) AS ?hi) WHERE {{ {_restriction(flt)}
                         ?event dkg:date|dkg:notBefore|dkg:notAfter ?d }}""")[0]
    return r.get("lo"), r.get("hi")


def top_actors(store: Store, flt: TimelineFilter | None = None, limit: int = 20) -> list[dict]:
    """The actors taking part in most matching events.

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events.
    limit : int
        At most this many actors.

    Returns
    -------
    list of dict
        actor (IRI), events (how many), most first.

    Examples
    --------
    >>> from graph.example import example_store
    >>> [(a["actor"].rsplit("/", 1)[-1], a["events"]) for a in top_actors(example_store(), limit=2)]
    [('donald-trump', 3), ('mark-carney', 2)]
    """
    return store.select(f"""
        SELECT ?actor (COUNT(DISTINCT ?event) AS ?events) WHERE {{
          {_restriction(flt)} ?event {ROLE_PATH} ?actor
        }} GROUP BY ?actor ORDER BY DESC(?events) ?actor LIMIT {int(limit)}""")


def actor_event_counts(store: Store, flt: TimelineFilter | None, actors: list[str],
                       bucket: str = "month") -> list[dict]:
    """Matching events of each of ``actors`` counted per (actor, period, status)."""
    if not actors:
        return []
    iris = " ".join(check_iri(a).n3() for a in actors)
    return store.select(f"""
        SELECT ?actor ?period ?status (COUNT(DISTINCT ?event) AS ?events) WHERE {{
          {_restriction(flt)}
          {{ SELECT DISTINCT ?event ?actor WHERE {{ VALUES ?actor {{ {iris} }} ?event {ROLE_PATH} ?actor }} }}
          {{ SELECT DISTINCT ?event ?status WHERE {{ ?event dkg:status ?status }} }}
          {_FIRST_DAY}
          BIND({_bucket_expr(bucket)} AS ?period)
        }} GROUP BY ?actor ?period ?status""")


def _values(var: str, iris: list[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(check_iri(i).n3() for i in iris)} }}"


def event_rows(store: Store, events: list[str], batch: int = 2000) -> list[dict]:
    """Timeline rows for given events.

    Properties are looked up by subject, so the cost follows ``len(events)``, not the size of the store.

    Parameters
    ----------
    store : Store
        The store to read.
    events : list of str
        Event IRIs; an IRI that is no event of the store is left out.
    batch : int
        Events looked up per query.

    Returns
    -------
    list of dict
        The fields of :func:`timeline`'s rows plus ``evidence``: one sentence reporting the event.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> [r["evidence"] for r in event_rows(example_store(), [str(EVENT["tariff-usa-can"])])]
    ['The United States imposed tariffs on Canadian goods on 4 March.']
    """
    rows: dict[str, dict] = {}
    roles: dict[str, list[dict]] = defaultdict(list)
    evidence: dict[str, list[str]] = defaultdict(list)
    for i in range(0, len(events), batch):
        chunk = list(dict.fromkeys(events[i:i + batch]))
        values = _values("event", chunk)
        for r in store.select(f"""SELECT DISTINCT ?event ?p ?o WHERE {{ {values} ?event ?p ?o
                FILTER(?p IN (rdf:type, dkg:date, dkg:notBefore, dkg:notAfter, dkg:datePrecision, dkg:status,
                              dkg:tariffAction, dkg:rate, dkg:goods, dkg:confidence, dkg:evidence,
                              dkg:participant, dkg:imposer, dkg:target)) }}"""):
            row = rows.setdefault(r["event"], {"event": r["event"], "type": None, "class": None, "actors": []})
            prop, value = _local(r["p"]), r["o"]
            if prop == "type":
                cls = _local(value)
                if cls in EVENT_TYPES:
                    row["type"] = cls
                elif cls in EVENT_CLASSES and (row["class"] is None or cls < row["class"]):
                    row["class"] = cls
            elif prop in ("participant", "imposer", "target"):
                roles[r["event"]].append({"iri": value, "role": prop})
            elif prop == "confidence":
                row["confidence"] = max(value, row.get("confidence") or value)
            elif prop == "evidence":
                evidence[r["event"]].append(value)
            else:
                key = _ROW_PROPS[prop]
                if key not in row or value < row[key]:  # the smallest, as timeline() picks: the same on any engine
                    row[key] = value
        for r in store.select(f"""SELECT ?event (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {values}
                GRAPH ?g {{ ?event prov:wasDerivedFrom ?g }} }} GROUP BY ?event"""):
            if r["event"] in rows:
                rows[r["event"]]["sources"] = r["n"]
    acting = coding.affiliations_of(store, rows) if rows else {}
    labels = actor_labels(store, sorted({a["iri"] for rs in roles.values() for a in rs}
                                        | {x["for"] for by in acting.values() for x in by.values()}))
    out = []
    for iri, row in rows.items():
        if row["type"] is None:  # not an event (or an IRI the store does not know)
            continue
        row["class"] = row["class"] or row["type"]
        row.setdefault("sources", 0)
        seen = set()
        for a in roles.get(iri, []):
            if (a["iri"], a["role"]) not in seen:
                seen.add((a["iri"], a["role"]))
                row["actors"].append({"iri": a["iri"], "label": labels.get(a["iri"]) or _local(a["iri"]),
                                      "role": a["role"], **_acting(acting.get(iri, {}).get(a["iri"]), labels)})
        row["evidence"] = best_evidence(evidence.get(iri, ()), [a["label"] for a in row["actors"]])
        for key in ("date", "not_before", "not_after", "precision", "status", "action", "rate", "goods",
                    "confidence"):
            row.setdefault(key, None)
        out.append(row)
    out.sort(key=lambda r: (r.get("date") or r.get("not_before") or r.get("not_after") or "9999", r["event"]))
    return out


def best_evidence(sentences: Iterable[str], names: Iterable[str]) -> str | None:
    """The sentence that best shows an event: the one naming most of its actors (by any word of their names
    longer than two letters), the shortest among those; None when there is no sentence.

    >>> best_evidence(["Officials watched the call.", "Carney spoke with Trump by phone on Friday."],
    ...               ["Mark Carney", "Donald Trump"])
    'Carney spoke with Trump by phone on Friday.'
    """
    words = [{w for w in re.findall(r"\w+", n.casefold()) if len(w) > 2} for n in names]

    def key(sentence: str) -> tuple:
        present = set(re.findall(r"\w+", sentence.casefold()))
        return -sum(bool(ws & present) for ws in words), len(sentence), sentence

    return min(sentences, key=key, default=None)


def actor_labels(store: Store, actors: list[str]) -> dict[str, str]:
    """``{actor IRI: label}`` for the given actors (English label first)."""
    out: dict[str, str] = {}
    for i in range(0, len(actors), 2000):
        for r in store.select(f"""SELECT ?a ?l (LANG(?l) AS ?lang) WHERE {{ {_values('a', actors[i:i + 2000])}
                                  ?a rdfs:label ?l }} ORDER BY DESC(?lang = "en") ?l"""):
            out.setdefault(r["a"], r["l"])
    return out


def actor_counts(store: Store) -> list[dict]:
    """Every actor taking part in an event: actor, label, kind (person | country | organisation | actor),
    events (count), most events first. The fast counterpart of :func:`actors`."""
    counts = store.select(f"""SELECT ?actor (COUNT(DISTINCT ?event) AS ?events) WHERE {{ ?event {ROLE_PATH} ?actor }}
                             GROUP BY ?actor""")
    kinds = {r["a"]: _local(r["k"]).lower() for r in store.select(
        "SELECT ?a ?k WHERE { VALUES ?k { dkg:Person dkg:Country dkg:Organisation } ?a a ?k }")}
    labels = {}
    for r in store.select('SELECT ?a ?l (LANG(?l) AS ?lang) WHERE { ?a rdfs:label ?l } ORDER BY DESC(?lang = "en")'):
        labels.setdefault(r["a"], r["l"])
    out = [{"actor": r["actor"], "label": labels.get(r["actor"]) or _local(r["actor"]),
            "kind": kinds.get(r["actor"], "actor"), "events": r["events"]} for r in counts]
    out.sort(key=lambda r: (-r["events"], r["label"].casefold()))
    return out


def actor_profile(store: Store, actor: str) -> dict | None:
    """What the store knows about one actor.

    Parameters
    ----------
    store : Store
        The store to read.
    actor : str
        The actor's IRI.

    Returns
    -------
    dict or None
        iri, label, kind, aliases, wikidata, iso_code, member_of, offices [{title, role, of, of_label, start,
        end}] (latest first) and events (how many); None when the store has no such actor.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import ACTOR
    >>> p = actor_profile(example_store(), str(ACTOR["mark-carney"]))
    >>> p["label"], p["kind"], p["aliases"], p["events"]
    ('Mark Carney', 'person', ['Carney'], 2)
    """
    a = check_iri(actor).n3()
    facts = store.select(f"""SELECT ?p ?o WHERE {{ {a} ?p ?o
        FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, owl:sameAs, dkg:isoCode, dkg:memberOf)) }}""")
    n = store.select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e {ROLE_PATH} {a} }}")[0]["n"]
    if not facts and not n:
        return None
    prof: dict = {"iri": actor, "label": None, "kind": "actor", "aliases": [], "wikidata": None, "iso_code": None,
                  "member_of": [], "offices": [], "events": n}
    for r in facts:
        p, o = _local(r["p"]), r["o"]
        if p == "type" and _local(o) in ("Person", "Country", "Organisation"):
            prof["kind"] = _local(o).lower()
        elif p == "label":
            prof["label"] = prof["label"] or o
        elif p == "altLabel" and o not in prof["aliases"]:
            prof["aliases"].append(o)
        elif p == "sameAs" and "wikidata.org" in o:
            prof["wikidata"] = o
        elif p == "isoCode":
            prof["iso_code"] = o
        elif p == "memberOf":
            prof["member_of"].append(o)
    prof["label"] = prof["label"] or _local(actor)
    prof["aliases"].sort(key=str.casefold)
    prof["offices"] = store.select(f"""SELECT DISTINCT ?title ?role ?of ?of_label ?start ?end WHERE {{
        {a} dkg:holdsOffice ?o . ?o dkg:officeTitle ?title .
        OPTIONAL {{ ?o dkg:role ?role }} OPTIONAL {{ ?o dkg:officeOf ?of OPTIONAL {{ ?of rdfs:label ?of_label }} }}
        OPTIONAL {{ ?o dkg:startDate ?start }} OPTIONAL {{ ?o dkg:endDate ?end }}
      }} ORDER BY DESC(COALESCE(?start, "0001-01-01"^^xsd:date))""")
    return prof


def actor_name_forms(store: Store, actors: list[str]) -> dict[str, list[str]]:
    """``{actor IRI: [label, aliases...]}``: the names an evidence sentence may use for each actor."""
    out: dict[str, list[str]] = defaultdict(list)
    if not actors:
        return out
    for r in store.select(f"""SELECT DISTINCT ?a ?n WHERE {{ {_values('a', actors)}
                              {{ ?a rdfs:label ?n }} UNION {{ ?a skos:altLabel ?n }} }}"""):
        if r["n"] not in out[r["a"]]:
            out[r["a"]].append(r["n"])
    return out


def event_sources(store: Store, event: str) -> list[dict]:
    """Every article asserting an event, oldest first.

    Looked up from the event, then each article's metadata by graph name.

    Parameters
    ----------
    store : Store
        The store to read.
    event : str
        The event's IRI.

    Returns
    -------
    list of dict
        article, title, outlet, url, published, published_from (where that date came from), evidence (list),
        zones (the page zones of the evidence), confidence, trigger, extractor.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> [(s["outlet"], s["published"]) for s in event_sources(example_store(), str(EVENT["call-carney-trump"]))]
    [('Example Wire', '2025-03-28'), ('Example Courier', '2025-03-29')]
    """
    e = check_iri(event).n3()
    sources: dict[str, dict] = {}
    for r in store.select(f"""SELECT ?g ?evidence ?zone ?confidence ?trigger ?version WHERE {{
            GRAPH ?g {{ {e} prov:wasDerivedFrom ?g . OPTIONAL {{ {e} dkg:evidence ?evidence }}
                       OPTIONAL {{ {e} dkg:zone ?zone }}
                       OPTIONAL {{ {e} dkg:confidence ?confidence }} OPTIONAL {{ {e} dkg:trigger ?trigger }}
                       OPTIONAL {{ {e} dkg:extractorVersion ?version }} }} }}"""):
        src = sources.setdefault(r["g"], {"article": r["g"], "title": None, "outlet": None, "url": None,
                                          "published": None, "published_from": None, "evidence": [],
                                          "zones": [], "confidence": r.get("confidence"),
                                          "trigger": r.get("trigger"), "extractor": r.get("version")})
        if r.get("evidence") and r["evidence"] not in src["evidence"]:
            src["evidence"].append(r["evidence"])
        if r.get("zone") and r["zone"] not in src["zones"]:
            src["zones"] = sorted([*src["zones"], r["zone"]])
    if sources:
        fields = {"headline": "title", "outlet": "outlet", "url": "url", "datePublished": "published",
                  "publishedSource": "published_from"}
        for r in store.select(f"""SELECT ?g ?p ?o WHERE {{ {_values('g', list(sources))} GRAPH ?g {{ ?g ?p ?o }}
                FILTER(?p IN (schema:headline, dkg:outlet, schema:url, schema:datePublished,
                              dkg:publishedSource)) }}"""):
            sources[r["g"]][fields[_local(r["p"])]] = r["o"]
    return sorted(sources.values(), key=lambda s: (s["published"] or "9999", s["article"]))


def event_card(store: Store, event: str) -> dict | None:
    """One event with its actors and every source: the fields of :func:`event_detail`, looked up by IRI
    (milliseconds on any store size)."""
    rows = event_rows(store, [event])
    if not rows:
        return None
    card = rows[0]
    card["sources_list"] = event_sources(store, event)
    card["codes"] = coding.codes_of(store, [card["event"]]).get(card["event"])  # CAMEO / PLOVER, when coded
    return card

