"""Named SPARQL queries used by the CLI and the app: timeline rows, event detail, actors, stats.

Filters arrive as typed Python values (dates, IRIs, numbers, a closed set of types); they enter the
query only as RDF terms serialised by rdflib (``Literal(...).n3()``), never as raw user text.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.namespaces import ACTORS_GRAPH, DKG, XSD, fold
from graph.store import Store

EVENT_TYPES = ("Call", "Meeting", "TariffMeasure")
EVENT_CLASSES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")
STATUSES = ("occurred", "planned", "threatened")


@dataclass
class TimelineFilter:
    """What a timeline shows. Every field is optional; dates bound the event's date or date range."""

    actors: tuple[str, ...] = ()  # actor IRIs: events involving any of them
    types: tuple[str, ...] = ()  # Call | Meeting | Visit | Summit | TariffMeasure
    start: dt.date | None = None
    end: dt.date | None = None
    statuses: tuple[str, ...] = ()
    min_sources: int = 1
    text: str | None = None  # case-insensitive substring of the evidence or an actor label

    def where(self) -> str:
        """The SPARQL graph pattern selecting ``?event`` (shared by the row and role queries)."""
        parts = ["GRAPH ?g0 { ?event a ?cls0 ; dkg:status ?st0 . }",
                 "FILTER(?cls0 IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))"]
        if self.types:
            unknown = set(self.types) - set(EVENT_CLASSES)
            if unknown:
                raise ValueError(f"unknown event type(s): {', '.join(sorted(unknown))} "
                                 f"(use {', '.join(EVENT_CLASSES)})")
            parts.append("?event a ?tf . FILTER(?tf IN (" + ", ".join(DKG[t].n3() for t in self.types) + "))")
        if self.actors:
            iris = ", ".join(check_iri(a).n3() for a in self.actors)
            parts.append(f"?event dkg:participant|dkg:imposer|dkg:target ?af . FILTER(?af IN ({iris}))")
        if self.statuses:
            unknown = set(self.statuses) - set(STATUSES)
            if unknown:
                raise ValueError(f"unknown status(es): {', '.join(sorted(unknown))} (use {', '.join(STATUSES)})")
            parts.append("FILTER(?st0 IN (" + ", ".join(Literal(s).n3() for s in self.statuses) + "))")
        if self.start or self.end:
            # An event is in the window when its date (or, failing that, its bounds) overlaps it.
            parts.append("OPTIONAL { ?event dkg:date ?dw } OPTIONAL { ?event dkg:notBefore ?nbw } "
                         "OPTIONAL { ?event dkg:notAfter ?naw } "
                         "BIND(COALESCE(?nbw, ?dw, ?naw) AS ?lo) BIND(COALESCE(?naw, ?dw, ?nbw) AS ?hi) "
                         "FILTER(BOUND(?lo))")
            if self.start:
                parts.append(f"FILTER(?hi >= {Literal(self.start.isoformat(), datatype=XSD.date).n3()})")
            if self.end:
                parts.append(f"FILTER(?lo <= {Literal(self.end.isoformat(), datatype=XSD.date).n3()})")
        if self.text:
            needle = Literal(self.text.lower()).n3()
            parts.append("FILTER EXISTS { { ?event dkg:evidence ?tx } UNION "
                         "{ ?event dkg:participant|dkg:imposer|dkg:target ?ta . ?ta rdfs:label ?tx } "
                         f"FILTER(CONTAINS(LCASE(STR(?tx)), {needle})) }}")
        return "\n  ".join(parts)


_ROWS = """
SELECT ?event (SAMPLE(?t) AS ?type) (SAMPLE(?fine) AS ?class) (SAMPLE(?d) AS ?date)
       (SAMPLE(?nb) AS ?not_before) (SAMPLE(?na) AS ?not_after) (SAMPLE(?p) AS ?precision)
       (SAMPLE(?st) AS ?status) (SAMPLE(?ac) AS ?action) (SAMPLE(?r) AS ?rate) (SAMPLE(?gd) AS ?goods)
       (COUNT(DISTINCT ?g) AS ?sources) (MAX(?conf) AS ?confidence)
WHERE {
  { SELECT DISTINCT ?event WHERE { %(where)s } }
  GRAPH ?g { ?event a ?t ; dkg:status ?st . OPTIONAL { ?event dkg:confidence ?conf } }
  FILTER(?t IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))
  OPTIONAL { ?event a ?fine . FILTER(?fine IN (dkg:Visit, dkg:Summit)) }
  OPTIONAL { ?event dkg:date ?d }
  OPTIONAL { ?event dkg:notBefore ?nb }
  OPTIONAL { ?event dkg:notAfter ?na }
  OPTIONAL { ?event dkg:datePrecision ?p }
  OPTIONAL { ?event dkg:tariffAction ?ac }
  OPTIONAL { ?event dkg:rate ?r }
  OPTIONAL { ?event dkg:goods ?gd }
}
GROUP BY ?event
%(having)s
"""

_ROLES = """
SELECT DISTINCT ?event ?role ?actor ?label WHERE {
  { SELECT DISTINCT ?event WHERE { %(where)s } }
  ?event ?role ?actor .
  FILTER(?role IN (dkg:participant, dkg:imposer, dkg:target))
  OPTIONAL { GRAPH ?lg { ?actor rdfs:label ?label } }
}
"""


_IRI_FORBIDDEN = set('<>"{}|^`\\ \t\n\r')


def check_iri(value: str) -> URIRef:
    """A user-supplied IRI, checked so that it can be written into a query as ``<...>``."""
    if not value or any(ch in _IRI_FORBIDDEN for ch in value) or ":" not in value:
        raise ValueError(f"not a valid IRI: {value!r}")
    return URIRef(value)


def _local(value: str | None) -> str | None:
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if value else None


def timeline(store: Store, flt: TimelineFilter | None = None, limit: int | None = None) -> list[dict]:
    """Events matching the filter, oldest first (undated ones last), each with its actors.

    Each row: event (IRI), type, class, date, not_before, not_after, precision, status, action, rate,
    goods, sources (number of articles), confidence, actors [{iri, label, role}].
    """
    flt = flt or TimelineFilter()
    where = flt.where()
    having = f"HAVING (COUNT(DISTINCT ?g) >= {int(flt.min_sources)})" if flt.min_sources > 1 else ""
    rows = store.select(_ROWS % {"where": where, "having": having})
    roles: dict[str, list[dict]] = defaultdict(list)
    seen: set[tuple] = set()
    for r in store.select(_ROLES % {"where": where}):
        key = (r["event"], r["role"], r["actor"])
        if key in seen:
            continue
        seen.add(key)
        roles[r["event"]].append({"iri": r["actor"], "label": r.get("label") or _local(r["actor"]),
                                  "role": _local(r["role"])})
    out = []
    for r in rows:
        r["type"] = _local(r.get("type"))
        r["class"] = _local(r.get("class")) or r["type"]
        r["actors"] = roles.get(r["event"], [])
        out.append(r)
    out.sort(key=lambda r: (r.get("date") or r.get("not_before") or r.get("not_after") or "9999", r["event"]))
    return out[:limit] if limit else out


_DETAIL = """
SELECT ?g ?title ?outlet ?url ?published ?evidence ?confidence ?trigger ?version WHERE {
  VALUES ?event { %(event)s }
  GRAPH ?g { ?event prov:wasDerivedFrom ?g ; dkg:evidence ?evidence .
             OPTIONAL { ?event dkg:confidence ?confidence } OPTIONAL { ?event dkg:trigger ?trigger }
             OPTIONAL { ?event dkg:extractorVersion ?version }
             OPTIONAL { ?g schema:headline ?title } OPTIONAL { ?g dkg:outlet ?outlet }
             OPTIONAL { ?g schema:url ?url } OPTIONAL { ?g schema:datePublished ?published } }
}
ORDER BY ?published ?g
"""


def event_detail(store: Store, event: str) -> dict | None:
    """One event with its actors and every source (article title, outlet, URL, date, evidence)."""
    iri_ = check_iri(event)
    rows = store.select(
        _ROWS % {"where": f"VALUES ?event {{ {iri_.n3()} }} GRAPH ?g0 {{ ?event a ?cls0 ; dkg:status ?st0 . }}",
                 "having": ""})
    if not rows:
        return None
    detail = timeline_row_fixup(rows[0])
    roles = store.select(_ROLES % {"where": f"VALUES ?event {{ {iri_.n3()} }}"})
    detail["actors"] = [{"iri": r["actor"], "label": r.get("label") or _local(r["actor"]),
                         "role": _local(r["role"])} for r in roles]
    sources: dict[str, dict] = {}
    for r in store.select(_DETAIL % {"event": iri_.n3()}):
        src = sources.setdefault(r["g"], {"article": r["g"], "title": r.get("title"), "outlet": r.get("outlet"),
                                          "url": r.get("url"), "published": r.get("published"),
                                          "evidence": [], "confidence": r.get("confidence"),
                                          "trigger": r.get("trigger"), "extractor": r.get("version")})
        if r["evidence"] not in src["evidence"]:
            src["evidence"].append(r["evidence"])
    detail["sources_list"] = list(sources.values())
    return detail


def timeline_row_fixup(r: dict) -> dict:
    r["type"] = _local(r.get("type"))
    r["class"] = _local(r.get("class")) or r["type"]
    return r


def actors(store: Store) -> list[dict]:
    """Actors that take part in at least one event: iri, label, kind, events (count)."""
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
    """Counts: triples, articles, events by type, actors with events, sources per event."""
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


class UnknownActor(ValueError):
    """No actor in the store answers to a name; the message lists close matches."""


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
    """(IRI, label) of the actor a user means: "Carney", "mark carney", "CAN", "Canada", "Ottawa".

    Raises UnknownActor with the closest names when nothing matches.
    """
    names = names if names is not None else actor_names(store)
    key = fold(name)
    for candidate in (key, key.removeprefix("the ")):
        if candidate in names:
            return names[candidate]
    if name.startswith(("http://", "https://")) and any(v[0] == name for v in names.values()):
        return next(v for v in names.values() if v[0] == name)
    close = difflib.get_close_matches(key, list(names), n=8, cutoff=0.6)
    labels = list(dict.fromkeys(names[c][1] for c in close))[:5]
    hint = f"; did you mean {', '.join(labels)}?" if labels else ""
    raise UnknownActor(f"unknown actor {name!r}{hint}")
