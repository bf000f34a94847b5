"""Storylines: events that belong to one thread, found in the store and linked in their own named graph.

``refresh_storylines(store)`` reads every event (one SPARQL query), computes the threads below and replaces the
named graph ``STORYLINES_GRAPH`` with them in one transaction; ``storylines``, ``storylines_of_event``,
``storylines_of_actor``, ``storyline`` and ``links`` read them back (a few batched queries, never one per
event). Each takes the project's one filter, :class:`graph.query.filters.EventFilter` (``flt=``), as queries,
the projection, the network and the exports do: the storylines holding an event it keeps, and of a storyline
the events it keeps.

- **Tariff threads** (kind ``tariff``): the measures of one imposer against one target (or against everyone,
  when no target is named) on the same goods, in date order; each step says how the measure moved
  (``announced -> imposed``, ``imposed -> paused``, ...). Goods are matched on their words (:func:`goods_words`):
  folded, singular, synonyms merged ("cars", "autos", "vehicles"), origins and quantities dropped ("all foreign
  steel" is "steel"); two measures of the same imposer and target share a thread when their words overlap, so
  "steel and aluminium" joins "steel" and "aluminium". Goods that name nothing in particular ("most goods",
  "all American products") make the pair's general thread. A measure with no goods joins the pair's only thread
  of particular goods when the pair has exactly one and no general thread, else the general thread.
- **Retaliation**: a measure by B against A answers an earlier measure by A against B: when its action is
  ``retaliatory``, any such measure from the RETALIATION_WINDOW_DAYS before it (the same day included); otherwise
  an escalation (threatened, announced, imposed, raised, retaliatory) answers one from the COUNTER_WINDOW_DAYS
  strictly before it. Measures aimed at B are preferred, then A's measures against everyone; among those, measures
  in force over mere threats, then the latest. Pauses, exemptions and lifts answer nothing and are not answered.
  The answer is linked to the measure (``dkg:retaliatesAgainst``) and belongs to that measure's storyline.
- **Calls leading to meetings** (kind ``diplomacy``): a call between actors P leads to the first meeting (visit,
  summit) whose participants include all of P, after the call's day and at most LEADS_TO_WINDOW_DAYS later.
  The calls between P leading to one meeting, and the meeting, make one storyline.

An event is placed at its date, else its earliest bound, else its latest; undated events and measures without an
imposer are in no storyline. Events on the same day are ordered by kind (a threat before an announcement before
an imposition...; a call before a meeting), then by IRI. A storyline has at least two events. Its IRI is a hash of
its key (kind, actors, goods or meeting), so it stays the same while its key does.

Nothing in the storylines graph describes an event itself (type, date, status...): the other queries read the
union of all graphs, so the graph only adds links between events and the storylines they belong to.

>>> from graph.storage.store import open_store
>>> refresh_storylines(open_store("memory:"))  # an empty store has no storylines; the graph records its hash
1
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import hashlib
import io
import operator
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.namespaces import ACTOR, DKG, EVENT, RDF, RDFS, STORYLINE, STORYLINES_GRAPH, XSD, digest
from graph.query.filters import EventFilter
from graph.query.projection import no_gc
from graph.query.queries import check_iri, event_rows, matching_events
from graph.storage.store import Store

__all__ = ["refresh_storylines", "compute", "read_events", "storyline_lines", "graph_lines", "goods_words",
           "StoryEvent", "Storyline", "Storylines", "storylines", "storylines_of_event", "storylines_of_actor",
           "storyline", "storyline_summary", "links", "links_among", "order_key", "event_iri_of",
           "RETALIATION_WINDOW_DAYS", "COUNTER_WINDOW_DAYS", "LEADS_TO_WINDOW_DAYS", "KINDS"]

RETALIATION_WINDOW_DAYS = 365
"""How far back an explicitly retaliatory measure looks for the measure it answers."""
COUNTER_WINDOW_DAYS = 30
"""How far back any other escalation looks for the measure it answers (strictly earlier days only)."""
LEADS_TO_WINDOW_DAYS = 60
"""How long after a call a meeting between the same actors still counts as the one the call led to."""
KINDS = ("tariff", "diplomacy")

# Same-day order: how a measure usually moves. Calls come before meetings.
ACTION_RANK = {"threatened": 0, "announced": 1, "imposed": 2, "retaliatory": 2, "raised": 3, "exempted": 4,
               "paused": 4, "lifted": 5}
ESCALATIONS = frozenset({"threatened", "announced", "imposed", "raised", "retaliatory"})

# -- goods --------------------------------------------------------------------------------------------------------
_GENERIC = frozenset("""goods good import imports importation product products export exports item items merchandise
    everything commodity commodities trade shipment shipments""".split())
_FILLER = frozenset("""all most every each other some certain many various several more further additional
    remaining foreign imported importing domestic made built produced origin country countries nation nations
    their its his her our the of on from to for in and or with worth about around roughly nearly over under up
    billion million trillion bn mn dollar dollars euro euros yuan pesos value valued range wide broad list
    new""".split())
_SYNONYMS = {"aluminum": "aluminium", "car": "vehicle", "auto": "vehicle", "automobile": "vehicle",
             "automotive": "vehicle", "ev": "vehicle", "chip": "semiconductor", "microchip": "semiconductor",
             "timber": "lumber", "drug": "pharmaceutical", "medicine": "pharmaceutical", "pharma": "pharmaceutical",
             "farm": "agricultural", "agriculture": "agricultural", "agri": "agricultural"}
_KNOWN = frozenset(_SYNONYMS.values()) | {"steel", "copper", "dairy", "energy", "oil", "gas", "lumber", "wine",
                                          "solar", "battery", "canola", "soybean", "pork", "beef", "potash"}


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def goods_words(goods: str | None) -> frozenset[str]:
    """The words that say which goods a measure covers; empty when it names none in particular.

    Origins (capitalised words such as "Canadian"), quantities, qualifiers and generic nouns are dropped;
    synonyms are merged and plurals made singular.

    >>> sorted(goods_words("Steel and Aluminum"))
    ['aluminium', 'steel']
    >>> sorted(goods_words("U.S.-built cars")), sorted(goods_words("all American goods"))
    (['vehicle'], [])
    """
    if not goods:
        return frozenset()
    text = unicodedata.normalize("NFKD", goods).encode("ascii", "ignore").decode()
    words = set()
    for token in "".join(ch if ch.isalpha() else " " for ch in text).split():
        word = _singular(token.lower())
        word = _SYNONYMS.get(word, word)
        if word in _GENERIC or word in _FILLER or (len(word) <= 2 and word != "ev"):
            continue
        if token[0].isupper() and word not in _KNOWN:
            continue  # an origin ("Chinese", "EU"), not a product
        words.add(word)
    return frozenset(words)


# -- the events -------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class StoryEvent:
    """What storylines need of one event (actors are numbers into the actor table)."""

    iri: str
    cls: str  # Call | Meeting | Visit | Summit | TariffMeasure
    day: int  # proleptic ordinal of its date, else its earliest bound, else its latest; 0 when undated
    participants: frozenset[int] = frozenset()
    imposer: int | None = None
    target: int | None = None
    action: str | None = None
    goods: str | None = None
    key: tuple = ()  # how it is ordered: order_key(day, cls, action, iri), set on creation

    def __post_init__(self) -> None:
        self.key = order_key(self.day, self.cls, self.action, self.iri)

    @property
    def kind(self) -> str:
        return "TariffMeasure" if self.cls == "TariffMeasure" else "Call" if self.cls == "Call" else "Meeting"


def order_key(day: int | str | None, cls: str | None, action: str | None, iri: str) -> tuple:
    """How events of a storyline are ordered: by day, then kind (threat, announcement, imposition...; a call
    before a meeting), then IRI. ``day`` is an ordinal or an ISO date.

    >>> order_key("2025-03-04", "TariffMeasure", "imposed", "e2") < order_key(739314, "TariffMeasure", "raised", "e1")
    True
    """
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10]).toordinal()
    if cls == "TariffMeasure":
        rank = ACTION_RANK.get(action or "", 6)
    else:
        rank = 0 if cls == "Call" else 1
    return (day or 0, rank, iri)


_key = operator.attrgetter("key")


_EVENTS_QUERY = r"""
SELECT ?e (SAMPLE(?kc) AS ?call) (SAMPLE(?km) AS ?meeting) (SAMPLE(?kv) AS ?visit) (SAMPLE(?ks) AS ?summit)
       (SAMPLE(?kt) AS ?tariff) (SAMPLE(?d) AS ?date) (SAMPLE(?nb) AS ?lo) (SAMPLE(?na) AS ?hi)
       (SAMPLE(?in) AS ?imp) (SAMPLE(?tn) AS ?tgt) (SAMPLE(?ac) AS ?act) (SAMPLE(?gd) AS ?goods)
WHERE {
  { ?e a dkg:Call BIND(1 AS ?kc) } UNION { ?e a dkg:Meeting BIND(1 AS ?km) } UNION { ?e a dkg:Visit BIND(1 AS ?kv) }
  UNION { ?e a dkg:Summit BIND(1 AS ?ks) } UNION { ?e a dkg:TariffMeasure BIND(1 AS ?kt) }
  UNION { VALUES (?a ?in) { %(actors)s } ?e dkg:imposer ?a }
  UNION { VALUES (?a ?tn) { %(actors)s } ?e dkg:target ?a }
  UNION { ?e dkg:tariffAction ?ac }
  UNION { SELECT ?e (MIN(?g0) AS ?gd) WHERE { ?e dkg:goods ?g0 } GROUP BY ?e }
  UNION { ?e dkg:date ?d } UNION { ?e dkg:notBefore ?nb } UNION { ?e dkg:notAfter ?na }
}
GROUP BY ?e
"""
_PARTICIPANTS_QUERY = r"""
SELECT ?e (GROUP_CONCAT(DISTINCT STR(?pn); separator=" ") AS ?ps) WHERE {
  VALUES (?a ?pn) { %(actors)s } ?e dkg:participant ?a
}
GROUP BY ?e
"""
# One UNION scan grouped by event decodes each event IRI once (Oxigraph spends most of a big query decoding IRIs),
# and actors enter as small numbers through VALUES (joined on Oxigraph's internal ids), so no actor IRI is decoded
# per membership. An unbound value makes MIN, MAX and GROUP_CONCAT unbound, hence the inner group for the goods
# (the smallest text when articles differ), the participants in a query of their own, and one flag per class (the
# most specific wins). What is part of an event's IRI (date, imposer, target, action) is the same in every article.
# On disk the participants query runs in a helper process (Store.select_elsewhere), so that both cores work.


def _actor_table(store: Store) -> tuple[list[str], dict[str, str]]:
    """(every actor with a label, sorted; {actor IRI: label}), English or untagged labels first."""
    labels: dict[str, str] = {}
    for r in store.select(f'SELECT ?a ?l (LANG(?l) AS ?lang) WHERE {{ ?a rdfs:label ?l '
                          f'FILTER(STRSTARTS(STR(?a), "{ACTOR}")) }} ORDER BY DESC(?lang = "en" || ?lang = "") ?l'):
        labels.setdefault(r["a"], r["l"])
    return sorted(labels), labels


def _day(text: str) -> int:
    try:
        return dt.date.fromisoformat(text[:10]).toordinal() if text else 0
    except ValueError:
        return 0  # a malformed date is no date: the event stays out of storylines


def _number(text: str) -> int | None:
    return int(text) if text not in ("", "-1") else None


def read_events(store: Store, actors: list[str]) -> list[StoryEvent]:
    """Every call, meeting and tariff measure with what storylines need, in two queries (``actors``: the table
    that actor numbers index; actors outside it are not seen)."""
    if not actors:
        return []
    values = " ".join(f"({URIRef(a).n3()} {i})" for i, a in enumerate(actors))
    helper = store.select_elsewhere(_PARTICIPANTS_QUERY % {"actors": values})
    _, data = store.query_serialized(_EVENTS_QUERY % {"actors": values}, "csv")
    members = helper.result()
    if members is None:
        _, members = store.query_serialized(_PARTICIPANTS_QUERY % {"actors": values}, "csv")
    reader = csv.reader(io.StringIO(members.decode("utf-8"), newline=""))
    next(reader, None)
    participants = {e: ps for e, ps in reader}
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader, None)
    out = []
    for e, call, meeting, visit, summit, tariff, date, lo, hi, imp, tgt, act, goods in reader:
        cls = ("TariffMeasure" if tariff else "Summit" if summit else "Visit" if visit else "Meeting" if meeting
               else "Call" if call else None)
        if cls is None:
            continue  # a date or role on something that is not an event
        out.append(StoryEvent(
            iri=e, cls=cls, day=_day(date) or _day(lo) or _day(hi),
            participants=frozenset(map(int, participants[e].split())) if e in participants else frozenset(),
            imposer=_number(imp), target=_number(tgt), action=act or None,
            goods=goods or None))
    return out


# -- computing the threads ----------------------------------------------------------------------------------------
@dataclass
class Storyline:
    """One thread: its IRI, kind, label, actors (IRIs), events in order, and its links.

    Links are (from event, property, to event, step): ``nextInStoryline`` between consecutive measures of a
    tariff thread ("announced -> imposed"), ``retaliatesAgainst`` from an answer to a measure of the thread
    ("retaliation"), ``leadsTo`` from a call to its meeting ("call -> visit"). Each link belongs to one storyline.
    """

    iri: str
    kind: str
    label: str
    actors: list[str]
    events: list[str]
    links: list[tuple[str, str, str, str]] = field(default_factory=list)
    goods: str | None = None  # tariff threads: the goods words, "*" for the general thread
    imposer: str | None = None  # tariff threads: the imposer and the target (None: everyone)
    target: str | None = None
    first: int = 0
    last: int = 0


@dataclass
class Storylines:
    """Everything refresh_storylines writes: the storylines and the links between events."""

    storylines: list[Storyline]
    retaliations: list[tuple[str, str]]  # (answer, measure answered)
    leads_to: list[tuple[str, str]]  # (call, meeting)

    @property
    def n_links(self) -> int:
        return sum(len(s.links) for s in self.storylines)


def _thread_keys(measures: list[StoryEvent]) -> dict[str, str]:
    """{measure IRI: goods key} for the measures of one imposer and target (see the module's docstring)."""
    words = {m.iri: goods_words(m.goods) for m in measures}
    parent: dict[str, str] = {}

    def find(w: str) -> str:
        while parent.setdefault(w, w) != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    for ws in words.values():
        ordered = sorted(ws)
        for w in ordered:
            parent[find(w)] = find(ordered[0])
    components: dict[str, set[str]] = defaultdict(set)
    for w in list(parent):
        components[find(w)].add(w)
    key_of_root = {root: " ".join(sorted(ws)) for root, ws in components.items()}
    general = any(m.goods and not words[m.iri] for m in measures)
    only = next(iter(key_of_root.values())) if len(key_of_root) == 1 and not general else None
    out = {}
    for m in measures:
        ws = words[m.iri]
        if ws:
            out[m.iri] = key_of_root[find(min(ws))]
        elif m.goods is None and only is not None:
            out[m.iri] = only
        else:
            out[m.iri] = "*"
    return out


def _retaliations(measures: list[StoryEvent]) -> list[tuple[StoryEvent, StoryEvent]]:
    """(answer, measure answered) pairs (see the module's docstring)."""
    by_pair: dict[tuple[int, int | None], list[StoryEvent]] = defaultdict(list)
    for m in measures:
        if m.action in ESCALATIONS:
            by_pair[(m.imposer, m.target)].append(m)  # type: ignore[index]
    days: dict[tuple, list[int]] = {}
    for pair, ms in by_pair.items():
        ms.sort(key=_key)
        days[pair] = [m.day for m in ms]
    out = []
    for r in measures:
        if r.target is None or r.action not in ESCALATIONS:
            continue
        explicit = r.action == "retaliatory"
        window = RETALIATION_WINDOW_DAYS if explicit else COUNTER_WINDOW_DAYS
        for pair in ((r.target, r.imposer), (r.target, None)):
            ms = by_pair.get(pair)
            if not ms:
                continue
            lo = bisect.bisect_left(days[pair], r.day - window)
            hi = bisect.bisect_right(days[pair], r.day) if explicit else bisect.bisect_left(days[pair], r.day)
            found = [m for m in ms[lo:hi] if m.iri != r.iri and not (m.day == r.day and m.action == "retaliatory")]
            if found:
                best = max(found, key=lambda m: (m.action != "threatened", _key(m)))
                out.append((r, best))
                break
    return out


def _leads_to(events: list[StoryEvent]) -> list[tuple[StoryEvent, StoryEvent]]:
    """(call, meeting) pairs: each call with the first meeting it led to (see the module's docstring)."""
    by_actor: dict[int, list[tuple[int, str, StoryEvent]]] = defaultdict(list)
    for m in events:
        if m.day and m.cls != "Call" and m.cls != "TariffMeasure":
            entry = (m.day, m.iri, m)
            for a in m.participants:
                by_actor[a].append(entry)
    meetings: dict[int, list[StoryEvent]] = {}
    days: dict[int, list[int]] = {}
    for a, entries in by_actor.items():
        entries.sort(key=operator.itemgetter(0, 1))
        meetings[a] = [m for _, _, m in entries]
        days[a] = [d for d, _, _ in entries]
    out = []
    for c in events:
        if c.cls != "Call" or not c.day or len(c.participants) < 2 or not c.participants <= meetings.keys():
            continue
        a = min(c.participants, key=lambda x: (len(days[x]), x))  # scan the shortest list of meetings
        ms, ds = meetings[a], days[a]
        i = bisect.bisect_right(ds, c.day)
        while i < len(ms) and ds[i] <= c.day + LEADS_TO_WINDOW_DAYS:
            if c.participants <= ms[i].participants:
                out.append((c, ms[i]))
                break
            i += 1
    return out


def _names(actors: Iterable[int], table: list[str], labels: dict[str, str]) -> str:
    return ", ".join(sorted((labels.get(table[a], table[a]) for a in actors), key=str.casefold))


def _step(a: StoryEvent, b: StoryEvent) -> str:
    def name(e: StoryEvent) -> str:
        return e.action or "measure" if e.cls == "TariffMeasure" else e.cls.lower()

    return f"{name(a)} -> {name(b)}"


def compute(events: list[StoryEvent], actors: list[str], labels: dict[str, str] | None = None) -> Storylines:
    """The storylines and links of ``events`` (actor numbers index ``actors``); deterministic, sorted by IRI.

    >>> e = [StoryEvent("urn:a", "TariffMeasure", 739300, imposer=0, target=1, action="announced", goods="steel"),
    ...      StoryEvent("urn:b", "TariffMeasure", 739310, imposer=0, target=1, action="imposed", goods="steel")]
    >>> [s.links for s in compute(e, ["urn:x", "urn:y"]).storylines]
    [[('urn:a', 'nextInStoryline', 'urn:b', 'announced -> imposed')]]
    """
    labels = labels or {}
    dated = [e for e in events if e.day]
    measures = [e for e in dated if e.cls == "TariffMeasure" and e.imposer is not None]
    pairs: dict[tuple[int, int | None], list[StoryEvent]] = defaultdict(list)
    for m in measures:
        pairs[(m.imposer, m.target)].append(m)  # type: ignore[index]
    threads: dict[tuple[int, int | None, str], list[StoryEvent]] = defaultdict(list)
    for (imposer, target), ms in pairs.items():
        keys = _thread_keys(ms)
        for m in ms:
            threads[(imposer, target, keys[m.iri])].append(m)
    thread_of = {m.iri: key for key, ms in threads.items() for m in ms}
    answers = _retaliations(measures)
    answering: dict[tuple, list[tuple[StoryEvent, StoryEvent]]] = defaultdict(list)
    for r, x in answers:
        answering[thread_of[x.iri]].append((r, x))

    out: list[Storyline] = []
    for (imposer, target, goods), ms in threads.items():
        ms.sort(key=_key)
        answered = sorted(answering.get((imposer, target, goods), []), key=lambda rx: (_key(rx[0]), _key(rx[1])))
        extra = sorted({r.iri: r for r, _ in answered}.values(), key=_key)
        if len(ms) + len(extra) < 2:
            continue
        members = sorted(ms + extra, key=_key)
        involved = {imposer} | ({target} if target is not None else set())
        involved |= {r.imposer for r in extra} | {r.target for r in extra if r.target is not None}  # type: ignore
        what = "all goods" if goods == "*" else goods.replace(" ", ", ")
        label = (f"{_names([imposer], actors, labels)} → "
                 f"{_names([target], actors, labels) if target is not None else 'all'}: {what}")
        out.append(Storyline(
            iri=str(STORYLINE[digest("tariff", actors[imposer], actors[target] if target is not None else "",
                                     goods)]),
            kind="tariff", label=label, actors=sorted(actors[a] for a in involved), events=[e.iri for e in members],
            links=[(a.iri, "nextInStoryline", b.iri, _step(a, b)) for a, b in zip(ms, ms[1:], strict=False)]
            + [(r.iri, "retaliatesAgainst", x.iri, "retaliation") for r, x in answered], goods=goods,
            imposer=actors[imposer], target=actors[target] if target is not None else None,
            first=members[0].day, last=members[-1].day))

    led = _leads_to(dated)
    episodes: dict[tuple[frozenset[int], str], list[StoryEvent]] = defaultdict(list)
    meeting_of: dict[str, StoryEvent] = {}
    for c, m in led:
        episodes[(c.participants, m.iri)].append(c)
        meeting_of[m.iri] = m
    for (people, meeting), calls in episodes.items():
        m = meeting_of[meeting]
        members = sorted(calls, key=_key) + [m]
        day = dt.date.fromordinal(m.day).isoformat()
        out.append(Storyline(
            iri=str(STORYLINE[digest("diplomacy", *sorted(actors[a] for a in people), meeting)]),
            kind="diplomacy", label=f"{_names(people, actors, labels)}: call → {m.cls.lower()} {day}",
            actors=sorted(actors[a] for a in people), events=[e.iri for e in members],
            links=[(c.iri, "leadsTo", m.iri, _step(c, m)) for c in members[:-1]],
            first=members[0].day, last=m.day))
    out.sort(key=lambda s: s.iri)
    return Storylines(storylines=out, retaliations=sorted((r.iri, x.iri) for r, x in answers),
                      leads_to=sorted((c.iri, m.iri) for c, m in led))


# -- writing -----------------------------------------------------------------------------------------------------
# The graph is written as N-Triples text built here (rdflib terms cost 10 us each, too much for 500k triples).
# Each storyline is a block of lines (its node, its members, its links) whose hash it records; a refresh rewrites
# only the blocks whose hash changed, so the update after an ingest run is small whatever the size of the graph.
_G = f"<{STORYLINES_GRAPH}>"
_T = {name: f"<{DKG[name]}>" for name in (
    "Storyline", "storylineKind", "goodsKey", "firstDate", "lastDate", "eventCount", "storylineActor",
    "inStoryline", "linkOf", "fromEvent", "toEvent", "step", "contentHash", "nextInStoryline", "retaliatesAgainst",
    "leadsTo")}
_TYPE, _LABEL = f"<{RDF.type}>", f"<{RDFS.label}>"
_DATE, _INTEGER = f"^^<{XSD.date}>", f"^^<{XSD.integer}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _day_lit(ordinal: int) -> str:
    return f'"{dt.date.fromordinal(ordinal).isoformat()}"{_DATE}'


def storyline_lines(s: Storyline) -> list[str]:
    """The N-Triples lines of one storyline's block (without its content hash), in a fixed order."""
    node = f"<{s.iri}>"
    lines = [f"{node} {_TYPE} {_T['Storyline']} .", f"{node} {_LABEL} {_lit(s.label)} .",
             f"{node} {_T['storylineKind']} {_lit(s.kind)} ."]
    if s.goods is not None:
        lines.append(f"{node} {_T['goodsKey']} {_lit(s.goods)} .")
    lines += [f"{node} {_T['firstDate']} {_day_lit(s.first)} .", f"{node} {_T['lastDate']} {_day_lit(s.last)} .",
              f'{node} {_T["eventCount"]} "{len(s.events)}"{_INTEGER} .']
    lines += [f"{node} {_T['storylineActor']} <{a}> ." for a in s.actors]
    lines += [f"<{e}> {_T['inStoryline']} {node} ." for e in s.events]
    for i, (a, prop, b, step) in enumerate(s.links, 1):
        link = f"<{s.iri}-{i}>"
        lines += [f"<{a}> {_T[prop]} <{b}> .", f"{link} {_T['linkOf']} {node} .", f"{link} {_T['fromEvent']} <{a}> .",
                  f"{link} {_T['toEvent']} <{b}> .", f"{link} {_T['step']} {_lit(step)} ."]
    return lines


GRAPH_FORMAT = 1
"""Part of every storyline's hash: bump it when storyline_lines writes something else, so every block is rewritten."""


def _blocks(result: Storylines) -> dict[str, tuple[str, Storyline]]:
    """{storyline IRI: (hash of its block, the storyline)}. The hash is taken over the fields its lines are made
    from (storyline_lines is a function of them), so unchanged storylines are never written out as text."""
    out = {}
    for s in result.storylines:
        fields = (GRAPH_FORMAT, s.iri, s.kind, s.label, s.actors, s.events, s.links, s.goods, s.first, s.last)
        out[s.iri] = (hashlib.sha256(repr(fields).encode()).hexdigest(), s)
    return out


def _block_lines(h: str, s: Storyline) -> list[str]:
    return [*storyline_lines(s), f"<{s.iri}> {_T['contentHash']} {_lit(h)} ."]


def graph_lines(result: Storylines) -> list[str]:
    """Every line of the storylines graph, its content hash last: what refresh_storylines leaves in the store."""
    blocks = _blocks(result)
    lines = [line for iri in sorted(blocks) for line in _block_lines(*blocks[iri])]
    return lines + [f"{_G} {_T['contentHash']} {_lit(_graph_hash(blocks))} ."]


def _graph_hash(blocks: dict[str, tuple[str, Storyline]]) -> str:
    return hashlib.sha256("".join(f"{iri} {h}\n" for iri, (h, _) in sorted(blocks.items())).encode()).hexdigest()


_DROP_BLOCKS = f"""DELETE {{ GRAPH {_G} {{ ?s ?p ?o . ?e dkg:inStoryline ?s . ?l ?lp ?lo . ?a ?rel ?b }} }}
WHERE {{ VALUES ?s {{ %s }} GRAPH {_G} {{
  {{ ?s ?p ?o }} UNION {{ ?e dkg:inStoryline ?s }} UNION {{ ?l dkg:linkOf ?s ; ?lp ?lo }}
  UNION {{ ?l2 dkg:linkOf ?s ; dkg:fromEvent ?a ; dkg:toEvent ?b . ?a ?rel ?b
          FILTER(?rel IN (dkg:nextInStoryline, dkg:retaliatesAgainst, dkg:leadsTo)) }} }} }}"""


def refresh_storylines(store: Store) -> int:
    """Recompute the storylines from the events in the store and bring ``STORYLINES_GRAPH`` up to date in one
    transaction.

    Every storyline records the hash of its own triples and the graph records
    ``<STORYLINES_GRAPH> dkg:contentHash "<hash of them all>"``: an unchanged graph is not touched, and otherwise
    only the storylines that changed are removed and written again (one SPARQL update). The result is the same
    as writing the whole graph anew.

    Parameters
    ----------
    store : Store
        A writable store.

    Returns
    -------
    int
        Triples written (0 when the graph was already up to date).

    Examples
    --------
    >>> from graph.example import example_store
    >>> store = example_store()
    >>> refresh_storylines(store), refresh_storylines(store)  # the second finds nothing to change
    (17, 0)
    """
    actors, labels = _actor_table(store)
    with no_gc():  # hundreds of thousands of small objects, none of them garbage
        blocks = _blocks(compute(read_events(store, actors), actors, labels))
    content = _graph_hash(blocks)
    graph = STORYLINES_GRAPH.n3()
    old = {r["s"]: r["h"] for r in store.select(
        f"SELECT ?s ?h WHERE {{ GRAPH {graph} {{ ?s dkg:contentHash ?h }} }}")}
    if old.get(str(STORYLINES_GRAPH)) == content:
        return 0
    gone = [iri for iri, h in old.items() if iri != str(STORYLINES_GRAPH) and blocks.get(iri, ("",))[0] != h]
    lines = [line for iri in sorted(blocks) if old.get(iri) != blocks[iri][0] for line in _block_lines(*blocks[iri])]
    lines.append(f"{_G} {_T['contentHash']} {_lit(content)} .")
    ops = [f"DELETE WHERE {{ GRAPH {graph} {{ {graph} dkg:contentHash ?h }} }}"]
    for i in range(0, len(gone), 5000):
        ops.append(_DROP_BLOCKS % " ".join(f"<{iri}>" for iri in gone[i:i + 5000]))
    ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")
    store.update(" ;\n".join(ops), events=())  # storylines change no event's class, date, status or actors
    return len(lines)


# -- reading -----------------------------------------------------------------------------------------------------
_SUMMARY_PROPS = {"label": "label", "storylineKind": "kind", "goodsKey": "goods", "firstDate": "first",
                  "lastDate": "last", "eventCount": "events"}


def _filtered(flt: EventFilter | None) -> EventFilter | None:
    """The filter, checked; None when it keeps every event (then nothing needs to be matched)."""
    return None if flt is None or flt.everything else flt.checked()


def _holding(flt: EventFilter | None) -> str:
    """A pattern binding ``?s`` to each storyline holding an event ``flt`` keeps ('' when it keeps every event)."""
    flt = _filtered(flt)
    if flt is None:
        return ""
    return (f"{{ SELECT DISTINCT ?s WHERE {{ {flt.event_set()} "
            f"GRAPH {STORYLINES_GRAPH.n3()} {{ ?event dkg:inStoryline ?s }} }} }}")


def _summaries(store: Store, pattern: str, flt: EventFilter | None = None) -> list[dict]:
    """Storylines selected by ``pattern`` (binding ?s) holding an event ``flt`` keeps: storyline, label, kind,
    goods, first, last, events, actors; oldest first."""
    out: dict[str, dict] = {}
    for r in store.select(f"""SELECT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {pattern} {_holding(flt)} }} }}
            GRAPH {STORYLINES_GRAPH.n3()} {{ ?s ?p ?o }}
            FILTER(?p IN (rdfs:label, dkg:storylineKind, dkg:goodsKey, dkg:firstDate, dkg:lastDate,
                          dkg:eventCount, dkg:storylineActor)) }}"""):
        row = out.setdefault(r["s"], {"storyline": r["s"], "label": None, "kind": None, "goods": None,
                                      "first": None, "last": None, "events": 0, "actors": []})
        prop = r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if prop == "storylineActor":
            row["actors"].append(r["o"])
        else:
            row[_SUMMARY_PROPS[prop]] = r["o"]
    for row in out.values():
        row["actors"].sort()
    return sorted(out.values(), key=lambda s: (s["first"] or "", s["label"] or "", s["storyline"]))


def storylines(store: Store, flt: EventFilter | None = None) -> list[dict]:
    """The storylines holding at least one event the filter keeps (every storyline without one).

    Parameters
    ----------
    store : Store
        The store to read (its storylines graph, as the last :func:`refresh_storylines` wrote it).
    flt : EventFilter, optional
        Which events: the filter of ``dkg timeline`` and of the dashboard.

    Returns
    -------
    list of dict
        One summary per storyline, oldest first: ``storyline`` (IRI), ``label``, ``kind`` (tariff or
        diplomacy), ``goods``, ``first`` and ``last`` (days), ``events`` (how many it holds), ``actors`` (IRIs).

    Examples
    --------
    >>> from graph.example import example_store
    >>> store = example_store()
    >>> refresh_storylines(store)  # its call of 28 March led to the meeting of 6 May: one storyline
    17
    >>> [(s["label"], s["events"]) for s in storylines(store, EventFilter(types=("Call",)))]
    [('Donald Trump, Mark Carney: call → meeting 2025-05-06', 2)]
    >>> storylines(store, EventFilter(types=("TariffMeasure",)))
    []
    """
    return _summaries(store, f"GRAPH {STORYLINES_GRAPH.n3()} {{ ?s a dkg:Storyline }}", flt)


def storylines_of_event(store: Store, event: str, flt: EventFilter | None = None) -> list[dict]:
    """The storylines an event belongs to, oldest first.

    Parameters
    ----------
    store : Store
        The store to read.
    event : str
        The event's IRI.
    flt : EventFilter, optional
        Only the storylines holding an event the filter keeps.

    Returns
    -------
    list of dict
        Summaries, as :func:`storylines` gives them.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import EVENT
    >>> store = example_store()
    >>> _ = refresh_storylines(store)
    >>> [s["kind"] for s in storylines_of_event(store, str(EVENT["call-carney-trump"]))]
    ['diplomacy']
    """
    return _summaries(store, f"{check_iri(event).n3()} dkg:inStoryline ?s", flt)


def storylines_of_actor(store: Store, actor: str, flt: EventFilter | None = None) -> list[dict]:
    """The storylines an actor takes part in (imposer, target, answering a measure, or in the calls that led to
    a meeting), oldest first.

    Parameters
    ----------
    store : Store
        The store to read.
    actor : str
        The actor's IRI.
    flt : EventFilter, optional
        Only the storylines holding an event the filter keeps.

    Returns
    -------
    list of dict
        Summaries, as :func:`storylines` gives them.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import ACTOR
    >>> store = example_store()
    >>> _ = refresh_storylines(store)
    >>> [s["kind"] for s in storylines_of_actor(store, str(ACTOR["mark-carney"]))]
    ['diplomacy']
    >>> storylines_of_actor(store, str(ACTOR["mark-carney"]), EventFilter.from_params({"from": "2025-06"})[0])
    []
    """
    return _summaries(store, f"?s dkg:storylineActor {check_iri(actor).n3()}", flt)


def storyline_summary(store: Store, iri: str) -> dict | None:
    """One storyline's summary (storyline, label, kind, goods, first, last, events, actors), None when unknown."""
    found = _summaries(store, f"VALUES ?s {{ {check_iri(iri).n3()} }}")
    return found[0] if found else None


def storyline(store: Store, iri: str, flt: EventFilter | None = None) -> dict | None:
    """One storyline with its events in order.

    Parameters
    ----------
    store : Store
        The store to read.
    iri : str
        The storyline's IRI (as :func:`storylines` gives it).
    flt : EventFilter, optional
        Show only the storyline's events this filter keeps (the links between them too); ``total`` still
        counts them all.

    Returns
    -------
    dict or None
        None when the store has no such storyline; else the summary fields plus ``total`` (its number of
        events), ``events`` (rows as :func:`graph.query.queries.event_rows` gives them, each with ``step``: how
        the thread moved to it, ``answers`` / ``answered_by``: retaliation links, ``leads_to`` / ``led_from``:
        call -> meeting links, all as IRIs of events in the storyline, and ``in_thread``: False for a
        retaliation from outside the thread) and ``links`` [{from, link, to, step}].

    Examples
    --------
    >>> from graph.example import example_store
    >>> store = example_store()
    >>> _ = refresh_storylines(store)
    >>> story = storyline(store, storylines(store)[0]["storyline"])
    >>> [(r["date"], r["class"]) for r in story["events"]], [link["step"] for link in story["links"]]
    ([('2025-03-28', 'Call'), ('2025-05-06', 'Meeting')], ['call -> meeting'])
    >>> shown = storyline(store, story["storyline"], EventFilter(types=("Meeting",)))
    >>> [(r["date"], len(r["led_from"])) for r in shown["events"]], shown["total"], shown["links"]
    ([('2025-05-06', 1)], 2, [])
    """
    node = check_iri(iri).n3()
    summary = _summaries(store, f"VALUES ?s {{ {node} }}")
    if not summary:
        return None
    out = summary[0]
    graph = STORYLINES_GRAPH.n3()
    members = [r["e"] for r in store.select(f"SELECT ?e WHERE {{ GRAPH {graph} {{ ?e dkg:inStoryline {node} }} }}")]
    links = sorted((r["a"], r["rel"].rsplit("#", 1)[-1], r["b"], r["step"]) for r in store.select(
        f"""SELECT ?a ?rel ?b ?step WHERE {{ GRAPH {graph} {{ ?l dkg:linkOf {node} ; dkg:fromEvent ?a ;
            dkg:toEvent ?b ; dkg:step ?step . ?a ?rel ?b
            FILTER(?rel IN (dkg:nextInStoryline, dkg:retaliatesAgainst, dkg:leadsTo)) }} }}"""))
    out["total"] = len(members)
    if (kept := _filtered(flt)) is not None:
        # The steps are read from every link first, so an event shown keeps the step into it even when the
        # event before it is filtered out.
        shown = {r["event"] for r in store.select(
            f"SELECT ?event WHERE {{ {kept.event_set()} GRAPH {graph} {{ ?event dkg:inStoryline {node} }} }}")}
        members = [e for e in members if e in shown]
    rows = event_rows(store, members)
    for r in rows:
        e = r["event"]
        r["step"] = next((step for a, rel, b, step in links if rel == "nextInStoryline" and b == e), None)
        r["after"] = next((a for a, rel, b, _ in links if rel == "nextInStoryline" and b == e), None)
        r["answers"] = [b for a, rel, b, _ in links if rel == "retaliatesAgainst" and a == e]
        r["answered_by"] = [a for a, rel, b, _ in links if rel == "retaliatesAgainst" and b == e]
        r["leads_to"] = [b for a, rel, b, _ in links if rel == "leadsTo" and a == e]
        r["led_from"] = [a for a, rel, b, _ in links if rel == "leadsTo" and b == e]
        r["in_thread"] = not r["answers"]  # an answer to a measure comes from outside the thread
    rows.sort(key=lambda r: order_key(r.get("date") or r.get("not_before") or r.get("not_after") or "9999-12-31",
                                      r["type"], r.get("action"), r["event"]))
    members = set(members)
    out["links"] = [{"from": a, "link": rel, "to": b, "step": step} for a, rel, b, step in links
                    if a in members and b in members]
    out["events"] = rows
    return out


def links(store: Store, flt: EventFilter | None = None) -> list[tuple[str, str, str]]:
    """Storyline links between events the filter keeps: what the dashboard's timeline draws between the events
    of its view.

    Parameters
    ----------
    store : Store
        The store to read.
    flt : EventFilter, optional
        Which events (every event without one).

    Returns
    -------
    list of tuple
        (from event, to event, kind) with kind nextInStoryline, retaliatesAgainst or leadsTo; sorted.

    Examples
    --------
    >>> from graph.example import example_store
    >>> store = example_store()
    >>> _ = refresh_storylines(store)
    >>> [kind for _, _, kind in links(store)], links(store, EventFilter(types=("Call",)))
    (['leadsTo'], [])
    """
    if _filtered(flt) is None:
        return sorted((r["a"], r["b"], r["p"].rsplit("#", 1)[-1]) for r in store.select(
            f"""SELECT ?a ?p ?b WHERE {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?a ?p ?b }}
                FILTER(?p IN (dkg:nextInStoryline, dkg:retaliatesAgainst, dkg:leadsTo)) }}"""))
    return links_among(store, matching_events(store, flt))


def links_among(store: Store, events: list[str], batch: int = 2000) -> list[tuple[str, str, str]]:
    """Storyline links whose two ends are both in ``events``: (from, to, kind), kind being nextInStoryline,
    retaliatesAgainst or leadsTo; sorted. Looked up from the events, in batches."""
    wanted = set(events)
    out = set()
    ordered = sorted(wanted)
    for i in range(0, len(ordered), batch):
        values = " ".join(check_iri(e).n3() for e in ordered[i:i + batch])
        for r in store.select(f"""SELECT ?a ?p ?b WHERE {{ VALUES ?a {{ {values} }}
                GRAPH {STORYLINES_GRAPH.n3()} {{ ?a ?p ?b }}
                FILTER(?p IN (dkg:nextInStoryline, dkg:retaliatesAgainst, dkg:leadsTo)) }}"""):
            if r["b"] in wanted:
                out.add((r["a"], r["b"], r["p"].rsplit("#", 1)[-1]))
    return sorted(out)


def event_iri_of(value: str) -> str | None:
    """The event IRI a user means by ``value`` (a full IRI, ``event:HASH`` or the bare 16-digit hash), else None.

    >>> event_iri_of("event:0123456789abcdef")[-16:]
    '0123456789abcdef'
    """
    value = value.strip()
    if value.startswith(str(EVENT)):
        return str(check_iri(value))
    local = value.removeprefix("event:")
    if len(local) == 16 and all(ch in "0123456789abcdef" for ch in local):
        return str(EVENT[local])
    return None
