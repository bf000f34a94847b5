"""Which events: the one filter type of the project, :class:`EventFilter`, and the one day parser.

Every front end says "which events" with an EventFilter: ``dkg timeline`` / ``dkg export`` options and the
dashboard's URL parameters are parsed into one (:meth:`EventFilter.from_params`), and it is written back as URL
parameters (:meth:`EventFilter.to_params`, also what an export records), as a SPARQL pattern
(:meth:`EventFilter.where`, :meth:`EventFilter.event_set`), and read by graph.query.queries,
graph.query.projection, graph.storage.aggregates, graph.analysis.network and graph.analysis.storylines
(``flt=``), graph.exports and the dashboard.

A new filter field is added here, in this module only, with its tests (tests/test_filters.py): the dataclass
field, its parameter in from_params / to_params, and its SPARQL in where / event_set. The array answers
(graph.query.projection.matching_mask and the checkpoint's aggregates, graph.storage.aggregates) know the
fields of :data:`ARRAY_FIELDS`; a filter setting any other field has its events selected in SPARQL, so the
new field is honoured everywhere from the start. Teaching the arrays the field (and listing it there) only
makes it faster; the network (graph.analysis.network), which builds its graphs from the arrays alone,
refuses a filter setting a field it does not know rather than ignore it.

>>> flt, problems = EventFilter.from_params({"type": ["call"], "from": "2025-03", "to": "2025-04", "q": "steel"})
>>> flt.types, flt.start, flt.end, flt.text, problems
(('Call',), datetime.date(2025, 3, 1), datetime.date(2025, 4, 30), 'steel', [])
>>> flt.to_params()
{'type': ['Call'], 'from': '2025-03-01', 'to': '2025-04-30', 'text': 'steel'}
>>> EventFilter.from_params(flt.to_params())[0] == flt
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace

from rdflib import Literal, URIRef

from graph.errors import UsageError
from graph.namespaces import ACTOR, DKG, XSD

__all__ = ["ACTING_PATH", "ARRAY_FIELDS", "EVENT_CLASSES", "EVENT_TYPES", "PARAMS", "ROLE_PATH", "STATUSES",
           "EventFilter", "check_iri", "check_known", "distinct_events", "in_window", "in_window_pattern", "parse_day"]

EVENT_TYPES = ("Call", "Meeting", "TariffMeasure")
EVENT_CLASSES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")
STATUSES = ("occurred", "planned", "threatened")
ROLE_PATH = "dkg:participant|dkg:imposer|dkg:target"
ACTING_PATH = f"{ROLE_PATH}|dkg:affiliation/dkg:actsFor"
"""From an event to its actors and (through graph.query.coding's affiliations) to what its people acted for."""

PARAMS = ("actor", "type", "from", "to", "status", "min_sources", "text", "node_only")
"""The parameter names, the same in URLs, in an export's record and as the CLI's options (``--from``...)."""
ARRAY_FIELDS = frozenset({"actors", "types", "start", "end", "statuses", "min_sources", "text", "node_only"})
"""The fields the array answers know (graph.query.projection.matching_mask, graph.storage.aggregates'
masks, graph.analysis.network); a filter setting another field has its events selected in SPARQL."""
_ALIASES = {"q": "text"}  # the dashboard's URLs said q= before; links shared then still open the same view

_TYPE_NAMES = {t.lower(): t for t in EVENT_CLASSES}
_IRI_FORBIDDEN = set('<>"{}|^`\\ \t\n\r')


def parse_day(raw: str | dt.date, last: bool = False) -> dt.date:
    """``2025-03-28``, ``2025-03`` or ``2025``; a month or a year means its first day (its last with ``last``).

    The one day parser of the project (CLI options, URL parameters, library arguments).

    Parameters
    ----------
    raw : str or date
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a date passes through).
    last : bool
        A month or year means its last day (the end of a window).

    Returns
    -------
    datetime.date

    Raises
    ------
    UsageError
        For text that is none of these.

    Examples
    --------
    >>> parse_day("2025-02", last=True), parse_day("2024", last=True)
    (datetime.date(2025, 2, 28), datetime.date(2024, 12, 31))
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if last and fmt == "%Y":
            return day.replace(month=12, day=31)
        if last and fmt == "%Y-%m":
            return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return day
    raise UsageError(f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def check_iri(value: str) -> URIRef:
    """A user-supplied IRI, checked so that it can be written into a query as ``<...>``."""
    if not value or any(ch in _IRI_FORBIDDEN for ch in value) or ":" not in value:
        raise UsageError(f"not a valid IRI: {value!r}")
    return URIRef(value)


def check_known(values: tuple[str, ...], allowed: tuple[str, ...], what: str) -> None:
    """Raise a clear UsageError for values outside a closed set (types, statuses)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise UsageError(f"unknown {what}(s): {', '.join(sorted(unknown))} (use {', '.join(allowed)})")


def _actor_iri(value: str) -> str:
    """An actor IRI from a full IRI or the short id that URLs carry (``mark-carney``, ``CAN``)."""
    value = value.strip()
    return str(check_iri(value if ":" in value else str(ACTOR[value])))


def _values(params: Mapping, key: str) -> list[str]:
    """Every non-empty value of a parameter, from ``st.query_params``, a dict of lists or of single values."""
    keys = [key] + [alias for alias, name in _ALIASES.items() if name == key]
    out: list[str] = []
    for k in keys:
        if hasattr(params, "get_all"):
            raw = params.get_all(k)
        else:
            value = params.get(k)
            raw = [] if value is None else value if isinstance(value, list | tuple) else [value]
        out += [str(v) for v in raw if v is not None and v != "" and v is not False]
    return out


@dataclass(frozen=True)
class EventFilter:
    """Which events. Every field is optional; the empty filter keeps every event.

    Parameters
    ----------
    actors : tuple of str
        Actor IRIs: events involving any of them (a country or organisation also takes in the events of the
        people acting for it that day, unless ``node_only``).
    types : tuple of str
        Call, Meeting (with Visit and Summit), Visit, Summit, TariffMeasure.
    start, end : datetime.date, optional
        The window: the event's date, or else its date range, overlaps it.
    statuses : tuple of str
        occurred, planned, threatened.
    min_sources : int
        Reported by that many articles.
    text : str, optional
        A case-insensitive substring of the evidence or of an actor's name.
    node_only : bool
        ``actors`` match only events naming them, not those of the people acting for them.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.query.queries import count_events
    >>> flt = EventFilter(types=["Call"], start=parse_day("2025-03-20"))
    >>> flt.types, count_events(example_store(), flt), flt.to_params()
    (('Call',), 1, {'type': ['Call'], 'from': '2025-03-20'})
    """

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    statuses: tuple[str, ...] = ()
    min_sources: int = 1
    text: str | None = None
    node_only: bool = False

    def __post_init__(self) -> None:
        # Lists become tuples and "" becomes None, so equal filters compare (and cache) equal.
        for name in ("actors", "types", "statuses"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if self.text == "":
            object.__setattr__(self, "text", None)

    # -- reading ----------------------------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping, *, resolve_actor: Callable[[str], str] | None = None,
                    strict: bool = False) -> tuple[EventFilter, list[str]]:
        """A filter from parameters (URL query parameters, CLI options) and a note for each value ignored.

        Keys are :data:`PARAMS` (``q`` is taken for ``text``); values are strings or lists of them.
        ``resolve_actor`` turns what was typed into an actor IRI (the CLI resolves names against the store;
        by default an IRI or a short id is taken). ``strict``: raise UsageError on the first bad value
        instead of ignoring it (the CLI; a shared URL opens what it can).
        """
        problems: list[str] = []

        def bad(message: str) -> None:
            if strict:
                raise UsageError(message)
            problems.append(message)

        resolve = resolve_actor or _actor_iri
        actors = []
        for value in _values(params, "actor"):
            try:
                actors.append(resolve(value))
            except UsageError as e:
                if strict:
                    raise
                bad(f"ignored actor {value!r}: not an actor identifier ({e})")
        types = []
        for value in _values(params, "type"):
            if value.lower() in _TYPE_NAMES:
                types.append(_TYPE_NAMES[value.lower()])
            else:
                bad(f"ignored type {value!r} (use {', '.join(EVENT_CLASSES)})")
        statuses = []
        for value in _values(params, "status"):
            if value.lower() in STATUSES:
                statuses.append(value.lower())
            else:
                bad(f"ignored status {value!r} (use {', '.join(STATUSES)})")
        start = end = None
        for key, last in (("from", False), ("to", True)):
            raw = (_values(params, key) or [None])[0]
            if raw:
                try:
                    day = parse_day(raw, last=last)
                except UsageError:
                    bad(f"ignored {key}={raw!r}: not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
                    continue
                start, end = (day, end) if key == "from" else (start, day)
        min_sources = 1
        raw = (_values(params, "min_sources") or [None])[0]
        if raw:
            try:
                min_sources = max(1, int(raw))
            except ValueError:
                bad(f"ignored min_sources {raw!r}: not a number")
        text = ((_values(params, "text") or [""])[0]).strip()[:200]
        node_only = str((_values(params, "node_only") or [""])[0]).lower() in ("1", "true", "yes")
        flt = cls(actors=tuple(dict.fromkeys(actors)), types=tuple(dict.fromkeys(types)), start=start, end=end,
                  statuses=tuple(dict.fromkeys(statuses)), min_sources=min_sources, text=text or None,
                  node_only=node_only and bool(actors))
        return flt, problems

    # -- writing ----------------------------------------------------------------------------------------------
    def to_params(self, *, short_actors: bool = False) -> dict:
        """The filter as parameters (only what is set): what a URL carries (``short_actors``: ``mark-carney``
        rather than the IRI) and what an export records. :meth:`from_params` reads it back."""
        out: dict = {}
        if self.actors:
            prefix = str(ACTOR)
            out["actor"] = [a[len(prefix):] if short_actors and a.startswith(prefix) and "/" not in a[len(prefix):]
                            else a for a in self.actors]
        if self.types:
            out["type"] = list(self.types)
        if self.start:
            out["from"] = self.start.isoformat()
        if self.end:
            out["to"] = self.end.isoformat()
        if self.statuses:
            out["status"] = list(self.statuses)
        if self.min_sources > 1:
            out["min_sources"] = int(self.min_sources)
        if self.text:
            out["text"] = self.text
        if self.node_only and self.actors:
            out["node_only"] = True
        return out

    def replace(self, **changes: object) -> EventFilter:
        """A copy with some fields changed (``flt.replace(start=None, end=None)``)."""
        return replace(self, **changes)

    def _set(self) -> list[str]:
        """The fields that differ from their default, in declaration order."""
        default = type(self)()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)]

    @property
    def empty(self) -> bool:
        """True when the filter keeps every event."""
        return not self._set()

    @property
    def everything(self) -> bool:
        """True when the filter keeps every event (also ``min_sources`` 1 with ``node_only`` set)."""
        return set(self._set()) <= {"node_only", "min_sources"} and self.min_sources <= 1

    @property
    def beyond_arrays(self) -> tuple[str, ...]:
        """The fields set that the array answers do not know (:data:`ARRAY_FIELDS`): the events of such a
        filter are selected in SPARQL.

        >>> EventFilter(types=("Call",)).beyond_arrays
        ()
        """
        return tuple(name for name in self._set() if name not in ARRAY_FIELDS)

    def checked(self) -> EventFilter:
        """The filter once its types, statuses and actors are known to be valid (else UsageError)."""
        check_known(self.types, EVENT_CLASSES, "event type")
        check_known(self.statuses, STATUSES, "status")
        for a in self.actors:
            check_iri(a)
        return self

    # -- SPARQL -----------------------------------------------------------------------------------------------
    @property
    def actor_path(self) -> str:
        """The property path from an event to the filter's actors: a role, or (unless ``node_only``) a role of a
        person acting for the actor on the event's date (graph.query.coding's affiliations)."""
        return ROLE_PATH if self.node_only else ACTING_PATH

    def where(self) -> str:
        """The SPARQL graph pattern selecting each matching ``?event`` once (shared by the row and role queries).

        Each condition is applied to the distinct events the ones before it left (nested ``SELECT DISTINCT``).
        """
        # A triple asserted by N articles matches N times in the union default graph: conditions joined side
        # by side would multiply those copies (N^k rows for k conditions; 20 sources took minutes), where
        # deduplicating between them keeps the cost linear in N. The actors and types come first: looked up
        # by value, they leave few events for the other conditions to check.
        pattern = ""
        if self.actors:
            iris = " ".join(check_iri(a).n3() for a in self.actors)
            pattern = distinct_events(f"VALUES ?af {{ {iris} }} ?event {self.actor_path} ?af")
        if self.types:
            check_known(self.types, EVENT_CLASSES, "event type")
            types = " ".join(DKG[t].n3() for t in self.types)
            pattern = distinct_events(f"{pattern} VALUES ?tf {{ {types} }} ?event a ?tf")
        base = ("GRAPH ?g0 { ?event a ?cls0 ; dkg:status ?st0 . } "
                "FILTER(?cls0 IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))")
        if self.statuses:
            check_known(self.statuses, STATUSES, "status")
            base += " FILTER(?st0 IN (" + ", ".join(Literal(s).n3() for s in self.statuses) + "))"
        pattern = distinct_events(f"{pattern} {base}")
        if self.start or self.end:
            pattern = in_window_pattern(pattern, self.start, self.end)
        if self.text:
            needle = Literal(self.text.lower()).n3()
            # A join with the events whose texts match, not FILTER EXISTS: Oxigraph evaluated that for each
            # event over every label (4 s on 2,000 events, 30 ms as a join).
            texts = distinct_events("{ ?event dkg:evidence ?tx } UNION "
                                    "{ ?event dkg:participant|dkg:imposer|dkg:target ?ta . ?ta rdfs:label ?tx } "
                                    f"FILTER(CONTAINS(LCASE(STR(?tx)), {needle}))")
            pattern = distinct_events(f"{pattern} {texts}")
        return pattern

    def event_set(self) -> str:
        """A graph pattern binding ``?event`` once per matching event (same meaning as :meth:`where`), each
        condition its own ``SELECT DISTINCT ?event`` over one index, joined on ``?event``.

        >>> "dkg:status" in EventFilter().event_set()
        True
        """
        parts = []
        if self.actors:
            iris = " ".join(check_iri(a).n3() for a in self.actors)
            parts.append(distinct_events(f"VALUES ?af {{ {iris} }} ?event {self.actor_path} ?af"))
        if self.types:
            check_known(self.types, EVENT_CLASSES, "event type")
            types = " ".join(DKG[t].n3() for t in self.types)
            parts.append(f"{{ SELECT DISTINCT ?event WHERE {{ VALUES ?tf {{ {types} }} ?event a ?tf }} }}")
        if self.statuses:
            check_known(self.statuses, STATUSES, "status")
            sts = " ".join(Literal(s).n3() for s in self.statuses)
            parts.append(f"{{ SELECT DISTINCT ?event WHERE {{ VALUES ?sf {{ {sts} }} ?event dkg:status ?sf }} }}")
        if self.start or self.end:
            # Overlap with the window as where() defines it: the bounds when there are any, else the date.
            # Sub-selects and OPTIONAL/!BOUND keep every branch an index scan whatever the window (measured).
            s, e = self.start, self.end
            ends_after = distinct_events(f"?event dkg:notAfter ?na {in_window('?na', s, None)}")
            starts_before = distinct_events(f"?event dkg:notBefore ?nb {in_window('?nb', None, e)}")
            parts.append(
                "{ SELECT DISTINCT ?event WHERE {"
                f" {{ ?event dkg:date ?dw {in_window('?dw', s, e)}"
                "    OPTIONAL { ?event dkg:notBefore|dkg:notAfter ?bw } FILTER(!BOUND(?bw)) }"
                f" UNION {{ {ends_after} {starts_before} }}"
                f" UNION {{ ?event dkg:notBefore ?nb1 {in_window('?nb1', s, e)}"
                "    OPTIONAL { ?event dkg:notAfter ?x1 } FILTER(!BOUND(?x1)) }"
                f" UNION {{ ?event dkg:notAfter ?na1 {in_window('?na1', s, e)}"
                "    OPTIONAL { ?event dkg:notBefore ?x2 } FILTER(!BOUND(?x2)) } } }")
        if self.min_sources > 1:
            parts.append("{ SELECT ?event WHERE { GRAPH ?gs { ?event prov:wasDerivedFrom ?gs } } GROUP BY ?event "
                         f"HAVING (COUNT(DISTINCT ?gs) >= {int(self.min_sources)}) }}")
        if self.text:
            needle = Literal(self.text.lower()).n3()
            parts.append(
                "{ SELECT DISTINCT ?event WHERE {"
                f" {{ ?event dkg:evidence ?tx FILTER(CONTAINS(LCASE(STR(?tx)), {needle})) }}"
                f" UNION {{ ?ta rdfs:label ?tl FILTER(CONTAINS(LCASE(STR(?tl)), {needle})) ?event {ROLE_PATH} ?ta }}"
                " } }")
        if not parts:
            parts.append("{ SELECT DISTINCT ?event WHERE { ?event dkg:status ?st0 } }")
        return "\n  ".join(parts)


def distinct_events(body: str, extra: str = "") -> str:
    """``{ SELECT DISTINCT ?event [extra vars] WHERE { body } }``: one row per event (and extra values)."""
    return f"{{ SELECT DISTINCT ?event{extra} WHERE {{ {body} }} }}"


def in_window_pattern(pattern: str, start: dt.date | None, end: dt.date | None) -> str:
    """The events of ``pattern`` whose date (or, failing that, its bounds) overlaps the window."""
    # Each OPTIONAL value is deduplicated before the next is joined, for the reason given in where().
    pattern = distinct_events(f"{pattern} OPTIONAL {{ ?event dkg:date ?dw }}", " ?dw")
    pattern = distinct_events(f"{pattern} OPTIONAL {{ ?event dkg:notBefore ?nbw }}", " ?dw ?nbw")
    tests = ["BOUND(?lo)"]
    if start:
        tests.append(f"?hi >= {Literal(start.isoformat(), datatype=XSD.date).n3()}")
    if end:
        tests.append(f"?lo <= {Literal(end.isoformat(), datatype=XSD.date).n3()}")
    return distinct_events(f"{pattern} OPTIONAL {{ ?event dkg:notAfter ?naw }} "
                           "BIND(COALESCE(?nbw, ?dw, ?naw) AS ?lo) BIND(COALESCE(?naw, ?dw, ?nbw) AS ?hi) "
                           f"FILTER({' && '.join(tests)})")


def in_window(var: str, start: dt.date | None, end: dt.date | None) -> str:
    """``FILTER(var >= start && var <= end)`` for the bounds given, '' for none."""
    def lit(day: dt.date) -> str:
        return Literal(day.isoformat(), datatype=XSD.date).n3()

    tests = ([f"{var} >= {lit(start)}"] if start else []) + ([f"{var} <= {lit(end)}"] if end else [])
    return f"FILTER({' && '.join(tests)})" if tests else ""
