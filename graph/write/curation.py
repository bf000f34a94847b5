"""Researchers' corrections: PROV-O records in the curation graph, applied where the events are asserted.

A correction names the events it applies to, as they are in the store when it is made, and the full
description of what they become: nothing (reject), one event (fix, merge) or several (split). It is
applied in the article graphs asserting those events, so every query, view, network measure and export
sees the corrected events and needs no code of its own for it. An article graph that a correction
touched keeps its raw extraction aside (``dkg:extractedEvents``, N-Triples text), from which the active
corrections are replayed in the order they were made: an undo, a later correction on the same events,
and the re-ingest of a changed article all go through that one replay (:func:`curate`), so a correction
is never lost nor silently overridden. A correction whose events no longer come out of any article is
reported as orphaned; it is kept, and applies again if they come back.

>>> from graph.storage.store import open_store
>>> store = open_store("memory:")
>>> corrections(store)
[]
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rdflib import Graph, Literal, URIRef

from graph import identity
from graph.errors import CurationError
from graph.namespaces import CORRECTION, CURATION_GRAPH, CURATOR, DKG, EVENT, PROV, RDF, RDFS, XSD, digest, slug
from graph.query.queries import EVENT_CLASSES, STATUSES, event_rows
from graph.storage.store import Store
from graph.write.writer import refresh_derived

KINDS = ("reject", "fix", "merge", "split")
TARIFF_ACTIONS = ("threatened", "announced", "imposed", "raised", "paused", "exempted", "lifted", "retaliatory")
PRECISIONS = ("day", "month", "year", "bounds")

_TYPE_OF = {"Call": "Call", "Meeting": "Meeting", "Visit": "Meeting", "Summit": "Meeting",
            "TariffMeasure": "TariffMeasure"}
# What an event *is* (replaced by a correction); everything else on it (evidence, trigger, confidence,
# prov:wasDerivedFrom, extractor version) is what the article said, and is carried over to the result.
_FIELD_PREDICATES = frozenset({RDF.type, DKG.participant, DKG.imposer, DKG.target, DKG.date, DKG.datePrecision,
                               DKG.notBefore, DKG.notAfter, DKG.status, DKG.tariffAction, DKG.rate, DKG.goods,
                               DKG.correctedBy})




@dataclass(frozen=True)
class Correction:
    """One correction as recorded: ``events`` become ``results`` (event states, see :func:`event_state`)."""

    iri: str
    kind: str
    events: tuple[str, ...]
    results: tuple[dict, ...]
    before: tuple[dict, ...]
    by: str
    at: str
    why: str
    undone: dict | None = None  # {"by", "at", "why"} once undone

    @property
    def result_events(self) -> list[str]:
        """IRIs of the events this correction produces (none for a rejection)."""
        return [str(state_iri(s)) for s in self.results]

    @property
    def active(self) -> bool:
        return self.undone is None

    def summary(self) -> str:
        """One line for a person: what changed."""
        if self.kind == "reject":
            return "rejected"
        if self.kind == "merge":
            return f"merged {len(self.events)} events into one"
        if self.kind == "split":
            return f"split into {len(self.results)} events"
        changes = [f"{k}: {_show(self.before[0].get(k))} -> {_show(v)}" for k, v in self.results[0].items()
                   if self.before and self.before[0].get(k) != v]
        return "; ".join(changes) or "no change"

    def to_json(self) -> dict:
        return {"correction": self.iri, "kind": self.kind, "events": list(self.events),
                "results": [dict(s, event=e) for s, e in zip(self.results, self.result_events, strict=True)],
                "before": list(self.before), "by": self.by, "at": self.at, "why": self.why,
                "undone": self.undone, "summary": self.summary()}


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(identity.actor_id(v) for v in value) or "-"
    return "-" if value is None else identity.actor_id(str(value))


# -- event states ------------------------------------------------------------------------------------------
def event_state(store: Store, event: str) -> dict | None:
    """What the store says ``event`` is, as a state dict (None when there is no such event).

    Keys: class, participants (actor IRIs), imposer, target, date, precision, not_before, not_after,
    status, action, rate, goods.
    """
    rows = event_rows(store, [event])
    if not rows:
        return None
    r = rows[0]
    roles: dict[str, list[str]] = defaultdict(list)
    for a in r["actors"]:
        roles[a["role"]].append(a["iri"])
    return {"class": r["class"], "participants": sorted(roles["participant"]),
            "imposer": (roles["imposer"] or [None])[0], "target": (roles["target"] or [None])[0],
            "date": r["date"], "precision": r["precision"] or ("day" if r["date"] else "bounds"),
            "not_before": r["not_before"], "not_after": r["not_after"], "status": r["status"],
            "action": r["action"], "rate": r["rate"], "goods": r["goods"]}


def changed_state(state: dict, changes: dict) -> dict:
    """``state`` with ``changes`` applied and checked: a new date drops the bounds it had, and the reverse.

    >>> s = changed_state({"class": "Call", "participants": ["USA", "CAN"], "date": "2025-03-27",
    ...                    "precision": "day", "status": "occurred"}, {"date": "2025-03-28"})
    >>> s["date"], s["precision"]
    ('2025-03-28', 'day')
    """
    new = dict(state)
    for key, value in changes.items():
        if key not in _STATE_KEYS:
            raise CurationError(f"unknown field {key!r} (use {', '.join(_STATE_KEYS)})")
        new[key] = value
    if "date" in changes and changes["date"]:
        new["precision"] = changes.get("precision") or "day"
        if new["precision"] == "day":
            new["not_before"] = new["not_after"] = None
    elif "not_before" in changes or "not_after" in changes:
        new["date"], new["precision"] = None, "bounds"
    _check_and_normalise(new)
    return {k: new.get(k) for k in _STATE_KEYS}


_STATE_KEYS = ("class", "participants", "imposer", "target", "date", "precision", "not_before", "not_after",
               "status", "action", "rate", "goods")


def _check_and_normalise(s: dict) -> None:
    """CurationError for an invalid state; else make it canonical in place (sorted participants, a float
    rate, no tariff fields on a call or meeting, no participants on a tariff), so equal states compare equal."""
    if s.get("class") not in EVENT_CLASSES:
        raise CurationError(f"unknown event type {s.get('class')!r} (use {', '.join(EVENT_CLASSES)})")
    if s.get("status") not in STATUSES:
        raise CurationError(f"unknown status {s.get('status')!r} (use {', '.join(STATUSES)})")
    for key in ("date", "not_before", "not_after"):
        if s.get(key):
            try:
                dt.date.fromisoformat(s[key])
            except ValueError:
                raise CurationError(f"{key} must be a day as YYYY-MM-DD, not {s[key]!r}") from None
    if s.get("precision") not in PRECISIONS:
        raise CurationError(f"unknown date precision {s.get('precision')!r} (use {', '.join(PRECISIONS)})")
    if s["class"] == "TariffMeasure":
        if not s.get("imposer"):
            raise CurationError("a tariff measure needs an imposer")
        if s.get("action") not in TARIFF_ACTIONS:
            raise CurationError(f"unknown tariff action {s['action']!r} (use {', '.join(TARIFF_ACTIONS)})")
        if s.get("rate") is not None:
            s["rate"] = float(s["rate"])
        s["participants"] = []
    else:
        if not s.get("participants"):
            raise CurationError(f"a {s['class']} needs participants")
        s["participants"] = sorted(set(s["participants"]))
        s["imposer"] = s["target"] = s["action"] = s["rate"] = s["goods"] = None


def state_iri(state: dict) -> URIRef:
    """The event IRI of a state: the one extraction gives an event with these fields (graph.identity)."""
    return identity.event_iri(_TYPE_OF[state["class"]], participants=state.get("participants") or [],
                              imposer=state.get("imposer"), target=state.get("target"), action=state.get("action"),
                              rate=state.get("rate"), date=state.get("date"), precision=state.get("precision") or "day",
                              not_before=state.get("not_before"), not_after=state.get("not_after"))


def _date(day: str) -> Literal:
    return Literal(day, datatype=XSD.date)


def _state_triples(e: URIRef, s: dict) -> Iterable[tuple]:
    """The field triples of state ``s`` on event ``e``, written as ingest/rdf.py writes an extracted event."""
    yield e, RDF.type, DKG[s["class"]]
    if _TYPE_OF[s["class"]] != s["class"]:
        yield e, RDF.type, DKG[_TYPE_OF[s["class"]]]
    yield e, DKG.status, Literal(s["status"])
    if s.get("date"):
        yield e, DKG.date, _date(s["date"])
    if s.get("date") or s.get("not_before") or s.get("not_after"):
        yield e, DKG.datePrecision, Literal(s.get("precision") or "day")
    if s.get("not_before"):
        yield e, DKG.notBefore, _date(s["not_before"])
    if s.get("not_after"):
        yield e, DKG.notAfter, _date(s["not_after"])
    for a in s.get("participants") or []:
        yield e, DKG.participant, URIRef(a)
    for key, prop in (("imposer", DKG.imposer), ("target", DKG.target)):
        if s.get(key):
            yield e, prop, URIRef(s[key])
    if s.get("action"):
        yield e, DKG.tariffAction, Literal(s["action"])
    if s.get("rate") is not None:
        yield e, DKG.rate, Literal(f"{float(s['rate']):g}", datatype=XSD.decimal)
    if s.get("goods"):
        yield e, DKG.goods, Literal(s["goods"])


# -- applying corrections to one article graph --------------------------------------------------------------
class Replay:
    """The active corrections, ready to replay on article graphs (see :func:`curate`).

    Besides the order, it knows each corrected event's final description: the one the latest correction
    producing that IRI gives it. Corrections made at different times can produce the same event (a
    status fixed on one call, then a split whose part is that call); every graph then gets the latest
    description, so that no event has two statuses depending on the source.
    """

    def __init__(self, corrections: Sequence[Correction]) -> None:
        self.corrections = [c for c in corrections if c.active]
        self.final: dict[URIRef, tuple[dict, Correction]] = {}
        for c in self.corrections:
            for e in c.events:
                self.final.pop(URIRef(e), None)
            for state, r in zip(c.results, c.result_events, strict=True):
                self.final[URIRef(r)] = (state, c)
        # Every event a correction names or produces: an extraction with none of them is left as it is,
        # whatever the number of corrections (ingest asks this of every article).
        self.touched = {URIRef(e) for c in self.corrections for e in c.events} | set(self.final)

    def __bool__(self) -> bool:
        return bool(self.corrections)


def curate(graph: URIRef, triples: Iterable[tuple], replay: Replay | Sequence[Correction]) -> list[tuple]:
    """The triples article graph ``graph`` should hold: its raw extraction with the active corrections applied.

    ``triples`` is either a fresh extraction or the graph as stored (whose raw extraction, if a
    correction touched it, is in its ``dkg:extractedEvents``). Corrections apply in the order they
    were made, each to the events it names that are there at that point, so a correction of a
    corrected event follows the first; then every corrected event takes its final description
    (:class:`Replay`). When no correction touches the graph, the raw triples come back.
    """
    replay = replay if isinstance(replay, Replay) else Replay(replay)
    other: list[tuple] = []
    raw: dict[URIRef, list[tuple]] = defaultdict(list)
    stash = None
    for t in triples:
        s, p, o = t
        if p == DKG.extractedEvents:
            stash = str(o)
        elif p == DKG.appliedCorrection:
            continue
        elif isinstance(s, URIRef) and s.startswith(EVENT):
            raw[s].append(t)
        else:
            other.append(t)
    if stash is not None:
        raw = defaultdict(list)
        for t in Graph().parse(data=stash, format="nt"):
            raw[t[0]].append(t)
    elif replay.touched.isdisjoint(raw):
        return other + [t for ts in raw.values() for t in ts]
    events = {e: list(ts) for e, ts in raw.items()}
    applied: dict[str, None] = {}
    for c in replay.corrections:
        hit = [URIRef(e) for e in c.events if URIRef(e) in events]
        if not hit:
            continue
        applied[c.iri] = None
        carried = _carried(t for e in hit for t in events.pop(e))
        for r in map(URIRef, c.result_events):
            # What the article said about an event already there under the result's IRI is kept too.
            events[r] = [(r, p, o) for p, o in _carried([*events.pop(r, []), *((r, p, o) for p, o in carried)])]
    for r in [r for r in events if r in replay.final]:
        state, c = replay.final[r]
        applied[c.iri] = None
        events[r] = [t for t in events[r] if t[1] not in _FIELD_PREDICATES] + list(_state_triples(r, state)) + \
            [(r, DKG.correctedBy, URIRef(c.iri))]
    if not applied:
        return other + [t for ts in raw.values() for t in ts]
    stash_text = "\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for ts in raw.values() for s, p, o in ts))
    out = other + [(graph, DKG.extractedEvents, Literal(stash_text))]
    out += [(graph, DKG.appliedCorrection, URIRef(c)) for c in applied]
    out += list(dict.fromkeys(t for ts in events.values() for t in ts))
    return out


_ONE_VALUE = (DKG.confidence, DKG.extractorVersion)  # the shapes allow one per event and graph


def _carried(triples: Iterable[tuple]) -> list[tuple]:
    """(predicate, object) of what the article said about events (not their fields); one confidence (the
    highest) and one extractor version when several events become one."""
    out: dict[tuple, None] = {}
    best: dict[URIRef, Literal] = {}
    for _, p, o in triples:
        if p in _FIELD_PREDICATES:
            continue
        if p in _ONE_VALUE:
            if p not in best or o.toPython() > best[p].toPython():
                best[p] = o
        else:
            out[(p, o)] = None
    return list(out) + [(p, o) for p, o in best.items()]


# -- the curation graph ---------------------------------------------------------------------------------------
def corrections(store: Store, event: str | None = None) -> list[Correction]:
    """Every correction recorded, oldest first (only those naming or producing ``event`` when given)."""
    rows = store.select(f"""
        SELECT ?c ?kind ?events ?results ?before ?by ?at ?why ?uby ?uat ?uwhy WHERE {{ GRAPH {CURATION_GRAPH.n3()} {{
          ?c a dkg:Correction ; dkg:correctionKind ?kind ; dkg:correctedEvents ?events ;
             dkg:resultingStates ?results ; dkg:previousStates ?before ; prov:endedAtTime ?at ; rdfs:comment ?why ;
             prov:wasAssociatedWith ?agent . ?agent rdfs:label ?by .
          OPTIONAL {{ ?c prov:wasInvalidatedBy ?u . ?u prov:endedAtTime ?uat ; rdfs:comment ?uwhy ;
                      prov:wasAssociatedWith ?uagent . ?uagent rdfs:label ?uby }}
        }} }} ORDER BY ?at ?c""")
    out = []
    for r in rows:
        undone = {"by": r["uby"], "at": _iso(r["uat"]), "why": r["uwhy"]} if "uat" in r else None
        c = Correction(iri=r["c"], kind=r["kind"], events=tuple(json.loads(r["events"])),
                       results=tuple(json.loads(r["results"])), before=tuple(json.loads(r["before"])),
                       by=r["by"], at=_iso(r["at"]), why=r["why"], undone=undone)
        if event is None or event in c.events or event in c.result_events:
            out.append(c)
    return out


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.datetime) else str(value)


def _agent(name: str) -> URIRef:
    return CURATOR[slug(name) or digest(name)]


def _record_triples(c: Correction) -> Iterable[tuple]:
    i = URIRef(c.iri)
    yield i, RDF.type, DKG.Correction
    yield i, RDF.type, PROV.Activity
    yield i, DKG.correctionKind, Literal(c.kind)
    for e in c.events:
        yield i, PROV.used, URIRef(e)
    for e in c.result_events:
        yield i, PROV.generated, URIRef(e)
    yield i, DKG.correctedEvents, Literal(json.dumps(list(c.events)))
    yield i, DKG.resultingStates, Literal(json.dumps(list(c.results), sort_keys=True))
    yield i, DKG.previousStates, Literal(json.dumps(list(c.before), sort_keys=True))
    yield i, PROV.endedAtTime, Literal(c.at, datatype=XSD.dateTime)
    yield i, RDFS.comment, Literal(c.why)
    yield from _agent_triples(i, c.by)
    if c.undone:
        u = URIRef(c.iri + "/undo")
        yield i, PROV.wasInvalidatedBy, u
        yield u, RDF.type, DKG.Undo
        yield u, RDF.type, PROV.Activity
        yield u, PROV.endedAtTime, Literal(c.undone["at"], datatype=XSD.dateTime)
        yield u, RDFS.comment, Literal(c.undone["why"])
        yield from _agent_triples(u, c.undone["by"])


def _agent_triples(activity: URIRef, name: str) -> Iterable[tuple]:
    a = _agent(name)
    yield activity, PROV.wasAssociatedWith, a
    yield a, RDF.type, PROV.Agent
    yield a, RDFS.label, Literal(name)


def _write_records(store: Store, records: list[Correction]) -> None:
    triples = list(dict.fromkeys(t for c in records for t in _record_triples(c)))
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)
    triples.append((CURATION_GRAPH, DKG.contentHash, Literal(digest(*lines))))
    store.replace_graph(CURATION_GRAPH, triples)


# -- making and undoing corrections ---------------------------------------------------------------------------
def _now(after: str | None = None) -> str:
    """The time now, to the microsecond, and after ``after``: corrections apply in the order of their times."""
    now = dt.datetime.now(dt.UTC)
    if after and now <= dt.datetime.fromisoformat(after):
        now = dt.datetime.fromisoformat(after) + dt.timedelta(microseconds=1)
    return now.isoformat(timespec="microseconds")


def _require(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CurationError(f"say {what}: a correction records who made it and why")
    return text


def _states(store: Store, events: Sequence[str]) -> list[dict]:
    states = []
    for e in events:
        s = event_state(store, e)
        if s is None:
            raise CurationError(f"no event {e} in the store")
        states.append(s)
    return states


def correct(store: Store, kind: str, events: Sequence[str], results: Sequence[dict], *, by: str,
            why: str) -> Correction:
    """Record a correction of ``events`` into ``results`` (states) and apply it to every graph asserting them.

    The store must be open for writing; publishing a checkpoint is left to the caller (a writer session does
    it). :func:`reject`, :func:`fix`, :func:`merge` and :func:`split` call it.

    Parameters
    ----------
    store : Store
        A writable store.
    kind : {"reject", "fix", "merge", "split"}
        What the correction does.
    events : sequence of str
        The IRIs of the events corrected.
    results : sequence of dict
        The states the events become (:func:`event_state`'s fields; none for a rejection).
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction as recorded (its ``iri`` is what :func:`undo` takes).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> store, call = example_store(), str(EVENT["call-trump-sheinbaum"])
    >>> state = changed_state(event_state(store, call), {"status": "planned"})
    >>> correct(store, "fix", [call], [state], by="ana", why="announced, not held").kind
    'fix'
    """
    if kind not in KINDS:
        raise CurationError(f"unknown correction {kind!r} (use {', '.join(KINDS)})")
    events = list(dict.fromkeys(str(e) for e in events))
    before = _states(store, events)
    results = [changed_state(s, {}) for s in results]
    records = corrections(store)
    at = _now(max((r.at for r in records), default=None))
    c = Correction(iri=str(CORRECTION[digest(kind, *events, at, by, why)]), kind=kind, events=tuple(events),
                   results=tuple(results), before=tuple(before), by=_require(by, "who you are (--by)"), at=at,
                   why=_require(why, "why (--why)"))
    if set(c.result_events) == set(events) and results == before:
        raise CurationError("this correction changes nothing")
    _write_records(store, records + [c])
    reapply(store, events + c.result_events)
    refresh_derived(store)  # storylines, affiliations and codes are derived from the events: they follow it
    return c


def reject(store: Store, event: str, *, by: str, why: str) -> Correction:
    """Reject an event: it disappears from every view; its sources keep it aside (undo brings it back).

    The store must be open for writing; publishing a checkpoint is left to the caller (a writer session does it).

    Parameters
    ----------
    store : Store
        A writable store.
    event : str
        The event's IRI.
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction as recorded (its ``iri`` is what :func:`undo` takes).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> from graph.query.queries import count_events
    >>> store = example_store()
    >>> c = reject(store, str(EVENT["call-trump-sheinbaum"]), by="ana", why="a hypothetical, not a call")
    >>> count_events(store), [(row.correction.kind, row.status) for row in audit(store)]
    (3, [('reject', 'applied')])
    """
    return correct(store, "reject", [event], [], by=by, why=why)


def fix(store: Store, event: str, changes: dict, *, by: str, why: str) -> Correction:
    """Change fields of an event (class, participants, date, status, tariff details): see :func:`changed_state`.

    The corrected event gets the IRI extraction gives an event with those fields, so fixing a misdated call
    merges it with the correctly dated reports of the same call. The store must be open for writing; publishing
    a checkpoint is left to the caller (a writer session does it).

    Parameters
    ----------
    store : Store
        A writable store.
    event : str
        The event's IRI.
    changes : dict
        The fields to change, as :func:`event_state` names them (``date``, ``status``, ``class``...).
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction as recorded (its ``iri`` is what :func:`undo` takes).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> from graph.query.queries import timeline, EventFilter
    >>> store = example_store()
    >>> c = fix(store, str(EVENT["call-carney-trump"]), {"date": "2025-03-27"}, by="ana", why="it was Thursday")
    >>> [r["date"] for r in timeline(store, EventFilter(types=("Call",)))]
    ['2025-03-06', '2025-03-27']
    """
    (state,) = _states(store, [event])
    return correct(store, "fix", [event], [changed_state(state, changes)], by=by, why=why)


def merge(store: Store, events: Sequence[str], *, changes: dict | None = None, by: str, why: str) -> Correction:
    """Make several events one: the first one's fields (with ``changes``), every source of each.

    The store must be open for writing; publishing a checkpoint is left to the caller (a writer session does it).

    Parameters
    ----------
    store : Store
        A writable store.
    events : sequence of str
        The IRIs of the events merged (at least two); the first one's fields are kept.
    changes : dict, optional
        Fields of the merged event to change, as in :func:`fix`.
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction as recorded (its ``iri`` is what :func:`undo` takes).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> from graph.query.queries import count_events
    >>> store = example_store()
    >>> c = merge(store, [str(EVENT["call-carney-trump"]), str(EVENT["meeting-carney-trump"])],
    ...           by="ana", why="one contact, reported twice")
    >>> count_events(store), len(c.results)
    (3, 1)
    """
    if len(set(events)) < 2:
        raise CurationError("merge needs two events or more")
    first = _states(store, [events[0]])[0]
    return correct(store, "merge", events, [changed_state(first, changes or {})], by=by, why=why)


def split(store: Store, event: str, parts: Sequence[dict], *, by: str, why: str) -> Correction:
    """Make one event several: each part is the event with that part's changes; each source reports every part.

    The store must be open for writing; publishing a checkpoint is left to the caller (a writer session does it).

    Parameters
    ----------
    store : Store
        A writable store.
    event : str
        The event's IRI.
    parts : sequence of dict
        One dict of changes per part (as in :func:`fix`).
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction as recorded (its ``iri`` is what :func:`undo` takes).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> from graph.query.queries import timeline
    >>> store = example_store()
    >>> c = split(store, str(EVENT["meeting-carney-trump"]), [{"date": "2025-05-06"}, {"date": "2025-05-07"}],
    ...           by="ana", why="two meetings on two days")
    >>> [r["date"] for r in timeline(store) if r["type"] == "Meeting"]
    ['2025-05-06', '2025-05-07']
    """
    if len(parts) < 2:
        raise CurationError("split needs two parts or more")
    (state,) = _states(store, [event])
    results = [changed_state(state, p) for p in parts]
    if len({state_iri(s) for s in results}) < len(results):
        raise CurationError("two parts of the split would be the same event: make them differ (date, actors, ...)")
    return correct(store, "split", [event], results, by=by, why=why)


def undo(store: Store, correction: str, *, by: str, why: str) -> Correction:
    """Undo a correction: it stays in the audit trail, marked undone, and its events come back as extracted.

    The store must be open for writing; publishing a checkpoint is left to the caller (a writer session does it).

    Parameters
    ----------
    store : Store
        A writable store.
    correction : str
        The correction's IRI, or the id at its end (as ``dkg curate list`` prints it).
    by : str
        Who corrects (the curator's name).
    why : str
        Why: required, kept in the audit trail.

    Returns
    -------
    Correction
        The correction undone.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> from graph.query.queries import count_events
    >>> store = example_store()
    >>> c = reject(store, str(EVENT["call-trump-sheinbaum"]), by="ana", why="a hypothetical")
    >>> undo(store, c.iri, by="ana", why="it was a call after all").kind, count_events(store)
    ('reject', 4)
    """
    records = corrections(store)
    found = [c for c in records if c.iri == correction or c.iri.endswith("/" + correction)]
    if not found:
        raise CurationError(f"no correction {correction}")
    c = found[0]
    if not c.active:
        raise CurationError(f"correction {correction} was already undone on {c.undone['at']}")
    undone = replace(c, undone={"by": _require(by, "who you are (--by)"), "at": _now(),
                                "why": _require(why, "why (--why)")})
    _write_records(store, [undone if r.iri == c.iri else r for r in records])
    reapply(store, list(c.events) + c.result_events)
    refresh_derived(store)
    return undone


def reapply(store: Store, events: Sequence[str]) -> int:
    """Replay the active corrections on every article graph asserting ``events`` (or their raw extraction).

    Returns the number of graphs rewritten.
    """
    if not events:
        return 0
    values = " ".join(URIRef(e).n3() for e in events)
    graphs = [r["g"] for r in store.select(f"""SELECT DISTINCT ?g WHERE {{
        {{ GRAPH ?g {{ VALUES ?e {{ {values} }} ?e prov:wasDerivedFrom ?g }} }}
        UNION {{ GRAPH ?g {{ ?g dkg:appliedCorrection ?c }} GRAPH {CURATION_GRAPH.n3()} {{
                 VALUES ?e {{ {values} }} ?c prov:used|prov:generated ?e }} }} }}""")]
    replay = Replay(corrections(store))
    for g in graphs:
        store.replace_graph(URIRef(g), curate(URIRef(g), graph_triples(store, g), replay))
    return len(graphs)


def graph_triples(store: Store, graph: str) -> list[tuple]:
    """The triples of one named graph as rdflib terms."""
    _, data = store.query_serialized(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {URIRef(graph).n3()} {{ ?s ?p ?o }} }}",
                                     "ntriples")
    return list(Graph().parse(data=data.decode("utf-8"), format="nt"))


def _applied(store: Store) -> set[str]:
    """The corrections some article graph applies."""
    return {r["c"] for r in store.select("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?g dkg:appliedCorrection ?c } }")}


def orphaned(store: Store) -> list[Correction]:
    """Active corrections that no article graph applies any more: their events are no longer extracted."""
    applied = _applied(store)
    return [c for c in corrections(store) if c.active and c.iri not in applied]


@dataclass
class AuditRow:
    """One line of the audit trail, for tables."""

    correction: Correction
    status: str  # applied | orphaned | undone


def audit(store: Store, event: str | None = None) -> list[AuditRow]:
    """The audit trail: every correction, oldest first, with its status.

    Parameters
    ----------
    store : Store
        The store to read.
    event : str, optional
        Only the corrections of this event (its IRI).

    Returns
    -------
    list of AuditRow
        ``correction`` (a Correction: kind, events, results, by, at, why, undone) and ``status`` (applied,
        orphaned: its events come out of no article any more, or undone).

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> store = example_store()
    >>> c = reject(store, str(EVENT["call-trump-sheinbaum"]), by="ana", why="a hypothetical")
    >>> [(row.correction.by, row.correction.why, row.status) for row in audit(store)]
    [('ana', 'a hypothetical', 'applied')]
    """
    applied = _applied(store)
    return [AuditRow(c, "undone" if not c.active else "applied" if c.iri in applied else "orphaned")
            for c in corrections(store, event)]
