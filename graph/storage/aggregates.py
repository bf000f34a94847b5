"""Per-checkpoint aggregates: what the dashboard's first page and a timeline window need, kept with each checkpoint.

The on-disk writer keeps, next to each published checkpoint, a folder ``PATH/aggregates/NAME/`` of plain
``.npy`` arrays: one row per event (its key, class, status, date or bounds, precision, number of sources, highest
confidence, tariff action, rate and goods), its actors by role, the counts per (day, type, status) and per actor,
and a small ``meta.json`` (actor names and kinds, the texts of precisions, actions and goods). Readers
memory-map the arrays, so a new process pays for what it looks at: the zoomed-out timeline reads the day counts
(a few thousand rows), the sidebar the actor counts, a month of the timeline the window of the events sorted by
date (a binary search) and those events' rows, never the whole store.

The writer keeps them up to date incrementally. Every write notes the events it may change in a journal
(``PATH/aggregates/journal``: the events a replaced or dropped article graph held before and holds after, the
events a correction rewrites); publishing reads only those events back from the store (lookups by subject),
replaces their rows and recounts the tables from the arrays. A full read of the store happens only when there
is no previous aggregate to start from or a write could not say what it touched (a bare SPARQL update). The
rows are what :func:`read_events` returns for those events on the store, so an incremental result equals a
full recount (tests check it after ingests, corrections and deletions).

>>> import tempfile, pathlib
>>> from graph.storage.store import open_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with open_store(f"oxigraph:{root}", write=True) as w:
...     _ = w.publish()
>>> current(open_store(f"oxigraph:{root}")).n_events
0
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.namespaces import DKG, EVENT
from graph.storage.formats import csv_columns

__all__ = ["Aggregates", "current", "forget", "read_events", "build", "update", "journal", "publish_aggregates",
           "load_table", "CLASSES", "COARSE", "STATUSES", "TYPES", "FOLDER"]

CLASSES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")  # as graph.query.projection numbers them
COARSE = (0, 1, 1, 1, 2)  # class number -> type number (Visit and Summit are Meetings)
TYPES = ("Call", "Meeting", "TariffMeasure")
STATUSES = ("occurred", "planned", "threatened")
ROLES = ("participant", "imposer", "target")
FOLDER = "aggregates"
FORMAT_VERSION = 2
ALL = "*"  # a journal line meaning "anything may have changed": the next publish recounts everything
BATCH = 2000  # events per lookup query

_EVENT_NS = str(EVENT)
_CLASS_VALUES = " ".join(f"(dkg:{c} {i})" for i, c in enumerate(CLASSES, 1))
_NONE = '"~"'  # what an event lacking a value groups as: MIN over an unbound value would fail the aggregate
# The same query reads every event (a full recount) and the events of a journal (VALUES ?e): one definition of
# a row, so the incremental result is the recount's. MIN, not SAMPLE, so that articles disagreeing on a status
# give the same answer on every run (MIN picks "occurred" over "planned" over "threatened", as queries does).
_EVENTS_QUERY = f"""
SELECT ?e (MAX(COALESCE(?k, 0)) AS ?cls) (COUNT(DISTINCT ?g) AS ?sources) (MIN(COALESCE(?d, {_NONE})) AS ?date)
       (MIN(COALESCE(?nb, {_NONE})) AS ?lo) (MIN(COALESCE(?na, {_NONE})) AS ?hi) (MIN(COALESCE(?st, "~")) AS ?status)
       (MIN(COALESCE(?pr, "~")) AS ?precision) (MIN(COALESCE(?ac, "~")) AS ?action)
       (MIN(COALESCE(?go, "~")) AS ?goods) (MIN(COALESCE(?ra, 1e300)) AS ?rate) (MAX(COALESCE(?cf, -1)) AS ?confidence)
WHERE {{ %(values)s
  {{ VALUES (?t ?k) {{ {_CLASS_VALUES} }} GRAPH ?g {{ ?e a ?t }} }}
  UNION {{ ?e dkg:date ?d }} UNION {{ ?e dkg:notBefore ?nb }} UNION {{ ?e dkg:notAfter ?na }}
  UNION {{ ?e dkg:status ?st }} UNION {{ ?e dkg:datePrecision ?pr }} UNION {{ ?e dkg:tariffAction ?ac }}
  UNION {{ ?e dkg:goods ?go }} UNION {{ ?e dkg:rate ?ra }} UNION {{ ?e dkg:confidence ?cf }}
}}
GROUP BY ?e
"""
_MEMBERS_QUERY = """
SELECT DISTINCT ?e ?k ?a WHERE { %(values)s
  VALUES (?r ?k) { (dkg:participant 0) (dkg:imposer 1) (dkg:target 2) }
  ?e ?r ?a .
}
"""
_EVENTS_OF_GRAPH = f"""SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {' '.join(f'dkg:{c}' for c in CLASSES)} }}
GRAPH %s {{ ?e a ?t }} }}"""


# ---------------------------------------------------------------------------------------------------------
# Event keys: the local id of an event IRI (16 hex digits for every event the project writes), else "<" + IRI

def key_of(iri: str) -> bytes:
    """The key an event is filed under (short for the project's event IRIs).

    >>> key_of(str(EVENT) + "0123abcd0123abcd"), key_of("urn:x:e")
    (b'0123abcd0123abcd', b'<urn:x:e')
    """
    if iri.startswith(_EVENT_NS) and "/" not in iri[len(_EVENT_NS):]:
        return iri[len(_EVENT_NS):].encode("utf-8")
    return b"<" + iri.encode("utf-8")


def iri_of(key: bytes) -> str:
    text = key.decode("utf-8")
    return text[1:] if text.startswith("<") else _EVENT_NS + text


# ---------------------------------------------------------------------------------------------------------
# Reading events from the store

@dataclass
class EventTable:
    """Rows of events (sorted by key) and their memberships; actors are numbered by ``actors``."""

    keys: np.ndarray  # bytes (S), sorted
    cls: np.ndarray  # int8 index into CLASSES
    status: np.ndarray  # int8 index into STATUSES, -1 unknown
    date: np.ndarray  # int32 ordinals, 0 = absent
    not_before: np.ndarray
    not_after: np.ndarray
    sources: np.ndarray  # int32
    mem_event: np.ndarray  # int32 row number
    mem_actor: np.ndarray  # int32 index into actors
    mem_role: np.ndarray  # int8 index into ROLES
    precision: np.ndarray  # int32 index into words["precision"], -1 absent (the same for action and goods)
    action: np.ndarray
    goods: np.ndarray
    rate: np.ndarray  # float64, NaN absent
    confidence: np.ndarray  # float64 (the highest of its sources), NaN absent
    actors: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)  # the texts of precision, action and goods


def _csv_rows(store: Any, sparql: str, width: int) -> list[list[str]]:
    """Columns of a SELECT as strings ('' when unbound), serialised as CSV by the engine and split in bulk."""
    _, data = store.query_serialized(sparql, "csv")
    return csv_columns(data.decode("utf-8"), width)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _days(values: list[str]) -> np.ndarray:
    """ISO dates -> proleptic ordinals (int32), 0 for empty or malformed values."""
    out = np.zeros(len(values), dtype=np.int32)
    try:
        days = np.array(["" if v == "~" else v[:10] for v in values], dtype="datetime64[D]")
        ok = ~np.isnat(days)
        out[ok] = days[ok].astype(np.int64) + _EPOCH
        return out
    except ValueError:
        for i, v in enumerate(values):
            try:
                out[i] = dt.date.fromisoformat(v[:10]).toordinal() if v and v != "~" else 0
            except ValueError:
                out[i] = 0
        return out


_WORDS = ("precision", "action", "goods")
_COLUMNS = 12  # event, class, sources, date, lo, hi, status, precision, action, goods, rate, confidence


def read_events(store: Any, events: Iterable[str] | None = None, actors: list[str] | None = None,
                words: dict[str, list[str]] | None = None) -> EventTable:
    """The rows of ``events`` (IRIs) as the store holds them now, or of every event when ``events`` is None.

    Events no longer typed in any graph are left out. ``actors`` and ``words`` (extended in place) number the
    actors and the texts of precision, action and goods.
    """
    actors = [] if actors is None else actors
    words = {w: [] for w in _WORDS} if words is None else words
    actor_number = {a: i for i, a in enumerate(actors)}
    batches: list[str | None]
    if events is None:
        batches = [None]
    else:
        wanted = sorted(set(events))
        batches = [" ".join(f"<{e}>" for e in wanted[i:i + BATCH]) for i in range(0, len(wanted), BATCH)]
    cols: list[list[str]] = [[] for _ in range(_COLUMNS)]
    members: list[list[str]] = [[], [], []]
    for values in batches:
        if values is None:  # every event: two scans grouped by the engine
            for acc, got in zip(cols, _csv_rows(store, _EVENTS_QUERY % {"values": ""}, _COLUMNS), strict=True):
                acc += got
            for acc, got in zip(members, _csv_rows(store, _MEMBERS_QUERY % {"values": ""}, 3), strict=True):
                acc += got
        else:  # a few events: looked up by subject, grouped here the way the two queries group them
            _lookup(store, values, cols, members)
    iris, cls, sources, date, lo, hi, status, precision, action, goods, rate, confidence = cols
    cls_n = np.array(cls, dtype=np.int16) - 1 if cls else np.zeros(0, np.int16)
    typed = cls_n >= 0
    keys = np.array([key_of(i) for i in iris], dtype=bytes) if iris else np.zeros(0, dtype="S16")
    status_code = {s: i for i, s in enumerate(STATUSES)}
    table = {
        "keys": keys, "cls": cls_n.astype(np.int8),
        "status": np.array([status_code.get(s, -1) for s in status], dtype=np.int8),
        "date": _days(date), "not_before": _days(lo), "not_after": _days(hi),
        "sources": np.array([int(s or 0) for s in sources], dtype=np.int32),
        "rate": _numbers(rate, 1e300), "confidence": _numbers(confidence, -1.0),
    }
    for name, texts in zip(_WORDS, (precision, action, goods), strict=True):
        known = words.setdefault(name, [])
        number = {w: i for i, w in enumerate(known)}
        codes = []
        for w in texts:
            if w == "~":
                codes.append(-1)
                continue
            if w not in number:
                number[w] = len(known)
                known.append(w)
            codes.append(number[w])
        table[name] = np.array(codes, dtype=np.int32)
    table = {k: v[typed] for k, v in table.items()}
    order = np.argsort(table["keys"], kind="stable")
    table = {k: v[order] for k, v in table.items()}
    row_of = {k: i for i, k in enumerate(table["keys"].tolist())}
    mem_e, mem_a, mem_r = [], [], []
    for e, k, a in zip(*members, strict=True):
        row = row_of.get(key_of(e))
        if row is None:
            continue
        number = actor_number.get(a)
        if number is None:
            number = actor_number[a] = len(actors)
            actors.append(a)
        mem_e.append(row)
        mem_a.append(number)
        mem_r.append(int(k))
    return EventTable(**table, mem_event=np.array(mem_e, dtype=np.int32), mem_actor=np.array(mem_a, dtype=np.int32),
                      mem_role=np.array(mem_r, dtype=np.int8), actors=actors, words=words)


def _numbers(values: list[str], absent: float) -> np.ndarray:
    """Numbers from text, NaN for the sentinel ``absent`` (what an unbound value grouped as) or bad text."""
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        try:
            x = float(v)
        except ValueError:
            continue
        if x != absent:
            out[i] = x
    return out


_LOOKUP = """SELECT ?e ?g ?p ?o WHERE { VALUES ?e { %s } GRAPH ?g { ?e ?p ?o }
FILTER(?p IN (rdf:type, dkg:date, dkg:notBefore, dkg:notAfter, dkg:status, dkg:datePrecision, dkg:tariffAction,
              dkg:goods, dkg:rate, dkg:confidence, dkg:participant, dkg:imposer, dkg:target))
}"""
# FILTER, not VALUES ?p: Oxigraph then looks each event up by subject; a VALUES of predicates (or a VALUES ?e
# outside a UNION) made it read every triple of those predicates first: 17 s for 1,500 events at 100k.
_CLASS_NUMBER = {str(DKG[c]): i for i, c in enumerate(CLASSES, 1)}
_FIELDS = {"date": 0, "notBefore": 1, "notAfter": 2, "status": 3, "datePrecision": 4, "tariffAction": 5, "goods": 6}


def _lookup(store: Any, values: str, cols: list[list[str]], members: list[list[str]]) -> None:
    """Append to ``cols`` and ``members`` what :data:`_EVENTS_QUERY` and :data:`_MEMBERS_QUERY` give for the
    events of ``values`` (MIN of each value, the most specific class, the graphs typing the event)."""
    found: dict[str, dict] = {}
    for r in store.select(_LOOKUP % values):
        e, p, o = r["e"], r["p"], r["o"]
        got = found.setdefault(e, {"cls": 0, "graphs": set(), "values": [None] * 7, "roles": set(), "rate": None,
                                   "confidence": None})
        name = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if name == "type":
            k = _CLASS_NUMBER.get(o, 0)
            if k:
                got["cls"] = max(got["cls"], k)
                got["graphs"].add(r["g"])
        elif name in _FIELDS:
            i, value = _FIELDS[name], str(o)
            if got["values"][i] is None or value < got["values"][i]:
                got["values"][i] = value
        elif name in ("rate", "confidence"):
            if isinstance(o, int | float):
                best = got[name]
                if best is None or (o < best if name == "rate" else o > best):
                    got[name] = o
        else:
            got["roles"].add((ROLES.index(name), o))
    for e, got in found.items():
        numbers = [repr(float(got[n])) if got[n] is not None else "~" for n in ("rate", "confidence")]
        for acc, value in zip(cols, (e, str(got["cls"]), str(len(got["graphs"])), *got["values"], *numbers),
                              strict=True):
            acc.append("~" if value is None else value)
        for k, a in got["roles"]:
            members[0].append(e)
            members[1].append(str(k))
            members[2].append(a)


def _sort_members(t: EventTable) -> EventTable:
    """Memberships ordered by (event, actor, role), duplicates dropped (one int64 key sorted: lexsort and
    np.unique's hash path took seconds at a million events)."""
    key = np.sort((t.mem_event.astype(np.int64) << 34) | (t.mem_actor.astype(np.int64) << 2) | t.mem_role)
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    t.mem_event = (key >> 34).astype(np.int32)
    t.mem_actor = ((key >> 2) & 0xFFFFFFFF).astype(np.int32)
    t.mem_role = (key & 3).astype(np.int8)
    return t


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, how many of each) of an int64 array, by sorting (np.unique hashes: 10x slower here)."""
    if not len(values):
        return values.astype(np.int64), np.zeros(0, dtype=np.int64)
    values = np.sort(values)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    return values[starts], np.diff(np.r_[starts, len(values)])


def build(store: Any) -> EventTable:
    """Every event of the store (a full recount)."""
    return _sort_members(read_events(store))


def update(old: EventTable, store: Any, changed: Iterable[str]) -> EventTable:
    """``old`` with the rows of the ``changed`` events read again from the store (added, replaced or removed)."""
    changed = sorted(set(changed))
    if not changed:
        return old
    actors = list(old.actors)
    words = {k: list(v) for k, v in old.words.items()}
    fresh = read_events(store, changed, actors, words)
    gone = np.isin(old.keys, np.array([key_of(e) for e in changed], dtype=bytes))
    kept = np.flatnonzero(~gone)
    columns = ("keys", "cls", "status", "date", "not_before", "not_after", "sources", "precision", "action", "goods",
               "rate", "confidence")
    merged = {c: np.concatenate([getattr(old, c)[kept], getattr(fresh, c)]) for c in columns}
    if len(merged["keys"]) and merged["keys"].dtype != old.keys.dtype:
        merged["keys"] = merged["keys"].astype(bytes)
    order = np.argsort(merged["keys"], kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    old_row = np.full(len(old.keys), -1, dtype=np.int64)
    old_row[kept] = np.arange(len(kept))
    keep_mem = ~gone[old.mem_event] if len(old.mem_event) else np.zeros(0, bool)
    mem_event = np.concatenate([position[old_row[old.mem_event[keep_mem]]],
                                position[len(kept) + fresh.mem_event.astype(np.int64)]]).astype(np.int32)
    table = EventTable(**{c: v[order] for c, v in merged.items()}, mem_event=mem_event,
                       mem_actor=np.concatenate([old.mem_actor[keep_mem], fresh.mem_actor]).astype(np.int32),
                       mem_role=np.concatenate([old.mem_role[keep_mem], fresh.mem_role]).astype(np.int8),
                       actors=actors, words=words)
    return _sort_members(table)


# ---------------------------------------------------------------------------------------------------------
# Derived tables

def placement(t: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lo, hi, point) per event: the window an event is in (its bounds, else its date) and the day that places
    it on a zoomed-out timeline (its date, else its earliest bound); 0 when undated. As graph.query.projection."""
    d, nb, na = np.asarray(t.date), np.asarray(t.not_before), np.asarray(t.not_after)
    lo = np.where(nb > 0, nb, np.where(d > 0, d, na)).astype(np.int32)
    hi = np.where(na > 0, na, np.where(d > 0, d, nb)).astype(np.int32)
    point = np.where(d > 0, d, np.where(nb > 0, nb, na)).astype(np.int32)
    return lo, hi, point


def _day_keys(cls: np.ndarray, status: np.ndarray, point: np.ndarray) -> np.ndarray:
    coarse = np.array(COARSE, dtype=np.int64)[cls.astype(np.int64)]
    return (point.astype(np.int64) * 4 + coarse) * 4 + (status.astype(np.int64) + 1)


def day_table(t: EventTable, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keys, counts): events per (day, type, status), key = (day * 4 + type) * 4 + status + 1; day 0 = undated."""
    keys, counts = _runs(_day_keys(t.cls, t.status, point))
    return keys.astype(np.int64), counts.astype(np.int64)


def actor_table(t: EventTable) -> np.ndarray:
    """Distinct events per actor (any role); the memberships are sorted by (event, actor, role)."""
    n = len(t.actors)
    if not len(t.mem_event):
        return np.zeros(n, dtype=np.int64)
    ev, ac = t.mem_event, t.mem_actor
    first = np.r_[True, (ev[1:] != ev[:-1]) | (ac[1:] != ac[:-1])]
    return np.bincount(ac[first], minlength=n).astype(np.int64)


# ---------------------------------------------------------------------------------------------------------
# Files: PATH/aggregates/NAME/*.npy + meta.json, and the writer's journal

_TABLE = ("keys", "cls", "status", "date", "not_before", "not_after", "sources", "mem_event", "mem_actor", "mem_role",
          "precision", "action", "goods", "rate", "confidence")
_ARRAYS = (*_TABLE, "lo", "hi", "point", "by_lo", "lo_sorted", "day_keys", "day_counts", "actor_events")


def folder(root: Path) -> Path:
    return Path(root) / FOLDER


def journal(root: Path, events: Iterable[str] | None) -> None:
    """Note (before writing) that the writer may change ``events``; None: anything (a full recount follows)."""
    path = folder(root) / "journal"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [ALL] if events is None else [e for e in events if "\n" not in e]
    if lines:
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def events_of_graph_query(graph: str) -> str:
    """A SELECT of the events (``?e``) a named graph types (what replacing or dropping it may change)."""
    return _EVENTS_OF_GRAPH % f"<{graph}>"


def _labels(store: Any, actors: list[str]) -> tuple[list[str], list[str]]:
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for i in range(0, len(actors), BATCH):
        values = " ".join(f"<{a}>" for a in actors[i:i + BATCH])
        for r in store.select(f"""SELECT ?a ?l (LANG(?l) AS ?lang) WHERE {{ VALUES ?a {{ {values} }} ?a rdfs:label ?l }}
                                  ORDER BY DESC(?lang = "en") ?l"""):
            labels.setdefault(r["a"], r["l"])
        for r in store.select(f"""SELECT ?a ?k WHERE {{ VALUES ?a {{ {values} }}
                VALUES (?c ?k) {{ (dkg:Person "person") (dkg:Country "country") (dkg:Organisation "organisation") }}
                ?a a ?c }}"""):
            kinds.setdefault(r["a"], r["k"])
    return ([labels.get(a) or a.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for a in actors],
            [kinds.get(a, "actor") for a in actors])


def save(t: EventTable, path: Path, store: Any, info: dict) -> None:
    """Write the aggregates of ``t`` to the folder ``path`` (atomically: a temporary folder renamed)."""
    lo, hi, point = placement(t)
    day_keys, day_counts = day_table(t, point)
    by_lo = np.argsort(lo, kind="stable").astype(np.int32)
    arrays = {**{name: getattr(t, name) for name in _TABLE}, "lo": lo, "hi": hi, "point": point,
              "by_lo": by_lo, "lo_sorted": lo[by_lo], "day_keys": day_keys,
              "day_counts": day_counts, "actor_events": actor_table(t)}
    labels, kinds = _labels(store, t.actors)
    span = int((hi - lo).max(initial=0)) if len(lo) else 0
    meta = {"format": FORMAT_VERSION, "state": path.name, "events": int(len(t.keys)), "actors": t.actors,
            "labels": labels, "kinds": kinds, "words": t.words, "max_span": span, **info}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, arr in arrays.items():
        np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.rmtree(path, ignore_errors=True)
    os.replace(tmp, path)


def load_table(path: Path) -> EventTable | None:
    """The event table saved in an aggregates folder (None when it is missing, damaged or of another format)."""
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            return None
        arrays = {n: np.load(path / f"{n}.npy", allow_pickle=False) for n in _TABLE}
    except (OSError, ValueError, KeyError):
        return None
    return EventTable(**arrays, actors=list(meta["actors"]), words={k: list(v) for k, v in meta["words"].items()})


def publish_aggregates(engine_store: Any, root: Path, previous: str | None, name: str) -> dict:
    """Write the aggregates of checkpoint ``name`` (the writer's state now), starting from those of ``previous``
    and the journal; return what was done ({mode, events, changed, seconds})."""
    t0 = time.perf_counter()
    base = folder(root)
    base.mkdir(parents=True, exist_ok=True)
    pending = base / "journal.publishing"
    live = base / "journal"
    if live.exists():  # a failed publish left journal.publishing: its lines are still to do
        with open(pending, "a", encoding="utf-8") as out:
            out.write(live.read_text(encoding="utf-8"))
        live.unlink()
    lines = pending.read_text(encoding="utf-8").split("\n") if pending.exists() else []
    changed = {line for line in lines if line}
    old = load_table(base / previous) if previous else None
    if old is None or ALL in changed:
        table, mode = build(engine_store), "full"
    else:
        table, mode = update(old, engine_store, changed), "incremental"
    info = {"mode": mode, "changed": len(changed), "previous": previous}
    save(table, base / name, engine_store, info)
    pending.unlink(missing_ok=True)
    info.update(events=int(len(table.keys)), seconds=round(time.perf_counter() - t0, 3))
    return info


def prune(root: Path, keep: set[str]) -> None:
    """Remove the aggregates of checkpoints that are gone."""
    base = folder(root)
    if not base.is_dir():
        return
    for p in base.iterdir():
        if p.is_dir() and p.name not in keep and not p.name.startswith("."):
            shutil.rmtree(p, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------
# Reading them: memory-mapped, per checkpoint

class Aggregates:
    """The aggregates of one checkpoint, memory-mapped; arrays are read when first used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if self.meta.get("format") != FORMAT_VERSION:
            raise ValueError("aggregates of another format")
        self.state = self.meta["state"]
        self._arrays: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_") or name not in _ARRAYS:
            raise AttributeError(name)
        with self._lock:
            arr = self._arrays.get(name)
            if arr is None:
                arr = self._arrays[name] = np.load(self.path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        return arr

    @property
    def n_events(self) -> int:
        return int(self.meta["events"])

    @property
    def actors(self) -> list[str]:
        return self.meta["actors"]

    def actor_rows(self) -> list[dict]:
        """Every actor taking part in an event: actor, label, kind, events; busiest first."""
        counts = np.asarray(self.actor_events)
        out = [{"actor": self.meta["actors"][i], "label": self.meta["labels"][i], "kind": self.meta["kinds"][i],
                "events": int(counts[i])} for i in np.flatnonzero(counts).tolist()]
        out.sort(key=lambda r: (-r["events"], r["label"].casefold()))
        return out

    def day_rows(self, types: Iterable[str] = (), statuses: Iterable[str] = ()) -> list[dict]:
        """Dated events per (day, type, status) as {period, type, status, events}, for coarse ``types`` (Call,
        Meeting, TariffMeasure) and ``statuses`` (none given: all)."""
        keys, counts = np.asarray(self.day_keys), np.asarray(self.day_counts)
        day, typ, st = keys // 16, (keys // 4) % 4, keys % 4 - 1
        keep = day > 0
        if types:
            keep &= np.isin(typ, [TYPES.index(t) for t in types])
        if statuses:
            keep &= np.isin(st, [STATUSES.index(s) for s in statuses])
        out = []
        iso: dict[int, str] = {}
        for d, ty, s, n in zip(day[keep].tolist(), typ[keep].tolist(), st[keep].tolist(), counts[keep].tolist(),
                               strict=True):
            text = iso.get(d) or iso.setdefault(d, dt.date.fromordinal(d).isoformat())
            out.append({"period": text, "type": TYPES[ty], "status": STATUSES[s] if s >= 0 else "occurred",
                        "events": n})
        return out

    def total(self, types: Iterable[str] = (), statuses: Iterable[str] = ()) -> int:
        """Number of events (dated or not) of coarse ``types`` and ``statuses``."""
        keys, counts = np.asarray(self.day_keys), np.asarray(self.day_counts)
        keep = np.ones(len(keys), dtype=bool)
        if types:
            keep &= np.isin((keys // 4) % 4, [TYPES.index(t) for t in types])
        if statuses:
            keep &= np.isin(keys % 4 - 1, [STATUSES.index(s) for s in statuses])
        return int(counts[keep].sum())

    def window(self, start: dt.date | None, end: dt.date | None) -> np.ndarray:
        """Row numbers of the events whose date (or bounds) overlap [start, end]: a binary search on the events
        sorted by their lower bound, so the cost follows the window (the widest bounds in the store set how far
        back it looks)."""
        lo_sorted, by_lo = self.lo_sorted, self.by_lo
        first = int(np.searchsorted(lo_sorted, 1))  # undated events (0) are in no window
        if start is not None:
            first = max(first, int(np.searchsorted(lo_sorted, start.toordinal() - int(self.meta["max_span"]))))
        stop = len(lo_sorted) if end is None else int(np.searchsorted(lo_sorted, end.toordinal(), side="right"))
        rows = np.asarray(by_lo[first:stop])
        if start is not None:
            rows = rows[np.asarray(self.hi)[rows] >= start.toordinal()]
        return np.sort(rows)

    def records(self, rows: np.ndarray) -> list[dict]:
        """The fields of the events at ``rows`` (row numbers): event, class, date, not_before, not_after,
        precision, status, action, goods, rate, sources, confidence (None when absent) and roles [(actor, role)]:
        what a timeline row shows, without asking the store."""
        rows = np.asarray(rows, dtype=np.int64)
        words, actors = self.meta["words"], self.meta["actors"]
        mem_event = np.asarray(self.mem_event)
        starts = np.searchsorted(mem_event, rows, side="left").tolist()
        stops = np.searchsorted(mem_event, rows, side="right").tolist()
        mem_actor, mem_role = np.asarray(self.mem_actor), np.asarray(self.mem_role)
        columns = {name: np.asarray(getattr(self, name))[rows].tolist() for name in
                   ("cls", "status", "date", "not_before", "not_after", "precision", "action", "goods", "rate",
                    "sources", "confidence")}
        out = []
        for i, (event, start, stop) in enumerate(zip(self.iris(rows), starts, stops, strict=True)):
            c = {name: values[i] for name, values in columns.items()}
            out.append({
                "event": event, "class": CLASSES[c["cls"]], "type": TYPES[COARSE[c["cls"]]],
                "date": _iso(c["date"]), "not_before": _iso(c["not_before"]), "not_after": _iso(c["not_after"]),
                **{w: words[w][c[w]] if c[w] >= 0 else None for w in _WORDS},
                "status": STATUSES[c["status"]] if c["status"] >= 0 else None,
                "rate": None if c["rate"] != c["rate"] else c["rate"], "sources": c["sources"],
                "confidence": None if c["confidence"] != c["confidence"] else c["confidence"],
                "roles": [(actors[a], ROLES[r]) for a, r in zip(mem_actor[start:stop].tolist(),
                                                                 mem_role[start:stop].tolist(), strict=True)]})
        return out

    def iris(self, rows: np.ndarray) -> list[str]:
        keys = np.asarray(self.keys)[rows]
        return [iri_of(k) for k in keys.tolist()]

    def mask(self, flt: Any) -> np.ndarray:
        """Which events match a graph.query.queries.TimelineFilter (all but its text condition), as a boolean array."""
        n = self.n_events
        keep = np.ones(n, dtype=bool)
        if flt.types:
            wanted = [i for i, c in enumerate(CLASSES) if c in flt.types or TYPES[COARSE[i]] in flt.types]
            keep &= np.isin(np.asarray(self.cls), wanted)
        if flt.statuses:
            keep &= np.isin(np.asarray(self.status), [STATUSES.index(s) for s in flt.statuses])
        if flt.min_sources > 1:
            keep &= np.asarray(self.sources) >= flt.min_sources
        if flt.start or flt.end:
            inside = np.zeros(n, dtype=bool)
            inside[self.window(flt.start, flt.end)] = True
            keep &= inside
        if flt.actors:
            index = {a: i for i, a in enumerate(self.meta["actors"])}
            wanted = [index[a] for a in flt.actors if a in index]
            involved = np.zeros(n, dtype=bool)
            mem_actor = np.asarray(self.mem_actor)
            involved[np.asarray(self.mem_event)[np.isin(mem_actor, wanted)]] = True
            keep &= involved
        return keep

    def day_rows_of(self, mask: np.ndarray) -> list[dict]:
        """Like :meth:`day_rows`, for the events of ``mask``."""
        point = np.asarray(self.point)
        sel = mask & (point > 0)
        keys, counts = _runs(_day_keys(np.asarray(self.cls)[sel], np.asarray(self.status)[sel], point[sel]))
        out = []
        for k, n in zip(keys.tolist(), counts.tolist(), strict=True):
            d, ty, s = k // 16, (k // 4) % 4, k % 4 - 1
            out.append({"period": dt.date.fromordinal(d).isoformat(), "type": TYPES[ty],
                        "status": STATUSES[s] if s >= 0 else "occurred", "events": n})
        return out


def _iso(ordinal: int) -> str | None:
    return dt.date.fromordinal(ordinal).isoformat() if ordinal > 0 else None


_LOADED: dict[tuple[str, str], Aggregates] = {}
_LOCK = threading.Lock()


def current(store: Any) -> Aggregates | None:
    """The aggregates of the checkpoint a read-only on-disk store shows now; None for other stores or when
    that checkpoint has none (published before aggregates existed)."""
    url = getattr(store, "url", "") or ""
    if getattr(store, "writable", True) or not url.startswith("oxigraph:"):
        return None
    location = url[len("oxigraph:"):]
    state = store.state_id()
    key = (location, state)
    with _LOCK:
        found = _LOADED.get(key)
        if found is None:
            path = folder(Path(location)) / state
            try:
                found = Aggregates(path)
            except (OSError, ValueError, KeyError):
                return None
            if len(_LOADED) > 8:
                _LOADED.clear()
            _LOADED[key] = found
        return found


def forget() -> None:
    """Drop the aggregates held in memory (files stay)."""
    with _LOCK:
        _LOADED.clear()
