"""Who acts for whom in each event, and the event codes of the field (CAMEO, PLOVER).

International-relations data (ICEWS, POLECAT, GDELT) codes every actor with the country it acts for and its
role ("Government (Canada)"). This module derives the same from what the store already holds:

- **Affiliation at the event's date.** A person in an event (participant, imposer or target) acts for the
  country or organisation of the office they held on the event's date (``dkg:holdsOffice`` terms with
  ``dkg:startDate`` / ``dkg:endDate``: the gazetteer's, basis ``office``), or of the title they were found with
  in an article ("Canada's foreign minister Jane Doe": an undated office in the article's graph, basis
  ``title``). An event is placed by its date, else its earliest bound, else its latest, else the earliest
  publication date of the articles reporting it (who held the office when it was reported); an event with none
  of these only takes undated (title) offices. A person holding no office that day acts for no one (a former
  minister is not their country). Countries and organisations act for themselves.
- **Roles** are the coarse classes researchers aggregate on (:data:`ROLES`), from the office's role and title.
- **Codes**: a call is CAMEO 041 / PLOVER CONSULT phone, a meeting 040 CONSULT meet, a visit 042 CONSULT visit,
  a summit 044 CONSULT multilateral; a tariff measure is THREATEN (1312) when threatened, EASE (085) when paused,
  exempted or lifted, else SANCTION (163).

``refresh_coding(store)`` writes all of it into the named graph ``CODING_GRAPH`` (after every ingest run and
correction, like the storylines), where SPARQL, the exports and the dashboard read it::

    event:X dkg:affiliation affiliation:H .
    affiliation:H a dkg:Affiliation ; dkg:affiliate actor:mark-carney ; dkg:actsFor actor:CAN ;
        dkg:actorRole "head_of_government" ; dkg:affiliationBasis "office" ; dkg:viaOffice office:... .
    event:X dkg:cameoCode "041" ; dkg:ploverCategory "CONSULT" ; dkg:ploverMode "phone" .

>>> event_codes("Call", None, "occurred")
('041', 'CONSULT', 'phone')
>>> event_codes("TariffMeasure", "paused", "occurred")
('085', 'EASE', '')
>>> role_class("foreign_minister", "Minister of Foreign Affairs", False)
'foreign_minister'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal

from graph.namespaces import ACTORS_GRAPH, AFFILIATION, CODING_GRAPH, DKG, RDF, digest
from graph.storage.store import Store

__all__ = ["ROLES", "BASES", "Affiliation", "role_class", "event_codes", "compute", "refresh_coding",
           "affiliations_of", "affiliation_rows", "codes_of", "self_role"]

ROLES = ("head_of_state", "head_of_government", "foreign_minister", "trade_minister", "other_minister", "official",
         "legislator", "opposition", "organisation", "government")
"""Roles, most senior first (a person holding two offices that day acts in the first). ``government`` is a
country acting as itself, ``organisation`` an organisation acting as itself or a person acting for one."""
BASES = ("office", "title")
GRAPH_FORMAT = 1  # bump when what refresh_coding writes changes, so stored graphs are rewritten

_FINE_ROLES = {
    "head_of_state_and_government": "head_of_state", "head_of_state": "head_of_state",
    "head_of_government": "head_of_government", "foreign_minister": "foreign_minister",
    "trade_minister": "trade_minister", "finance_minister": "other_minister", "defence_minister": "other_minister",
    "minister": "other_minister", "legislator": "legislator", "opposition": "opposition",
}
_LEGISLATOR_WORDS = ("senator", "congressman", "congresswoman", "lawmaker", "legislator", "member of parliament",
                     "representative for", "speaker of the house", "house speaker", "parliamentarian")


def role_class(role: str | None, title: str | None, of_organisation: bool) -> str:
    """The coarse role (one of :data:`ROLES`) of an office: its gazetteer role, else what its title says.

    >>> role_class("other", "Leader of the Conservative Party of Canada", False)
    'opposition'
    >>> role_class("other", "Minister of Public Safety", False), role_class("other", "Premier of Ontario", False)
    ('other_minister', 'official')
    >>> role_class("secretary_general", "Secretary General of NATO", True)
    'organisation'
    """
    if of_organisation:
        return "organisation"
    if role in _FINE_ROLES:
        return _FINE_ROLES[role]
    words = (title or "").casefold()
    if "opposition" in words or ("leader" in words and "party" in words and "secretary" not in words):
        return "opposition"
    if any(w in words for w in _LEGISLATOR_WORDS) or words.startswith(("mp ", "rep. ")):
        return "legislator"
    if "minister" in words and "prime minister" not in words.replace("deputy prime minister", "minister"):
        return "other_minister"
    if words.endswith(" secretary") and not any(w in words for w in ("press", "general", "cabinet", "foreign")):
        return "other_minister"  # "Home Secretary", "Justice Secretary"
    return "official"


def self_role(kind: str) -> str:
    """The role of a country (``government``) or an organisation (``organisation``) acting as itself."""
    return "organisation" if kind == "organisation" else "government"


_CONSULT = {"Call": ("041", "phone"), "Meeting": ("040", "meet"), "Visit": ("042", "visit"),
            "Summit": ("044", "multilateral")}
_EASE = frozenset({"paused", "exempted", "lifted"})


def event_codes(cls: str, action: str | None, status: str | None) -> tuple[str, str, str]:
    """(CAMEO code, PLOVER category, PLOVER mode) of an event of class ``cls`` (Call, Meeting, Visit, Summit,
    TariffMeasure); a tariff's ``action`` and ``status`` choose between SANCTION, THREATEN and EASE (no mode)."""
    if cls in _CONSULT:
        code, mode = _CONSULT[cls]
        return code, "CONSULT", mode
    if action == "threatened" or status == "threatened":
        return "1312", "THREATEN", ""
    if action in _EASE:
        return "085", "EASE", ""
    return "163", "SANCTION", ""


@dataclass(frozen=True)
class Affiliation:
    """``actor`` acted for ``acts_for`` as ``role`` in ``event`` (from ``office``, on the ``basis`` of it)."""

    event: str
    actor: str
    acts_for: str
    role: str
    basis: str  # office | title
    office: str

    @property
    def iri(self) -> str:
        return str(AFFILIATION[digest(self.event, self.actor)])


@dataclass(frozen=True)
class _Office:
    iri: str
    of: str
    role: str
    start: dt.date | None
    end: dt.date | None
    basis: str

    def held_on(self, day: dt.date | None) -> bool:
        if day is None:  # an undated event: only an office with no dates says whom it is for
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def rank(self) -> tuple:
        return ROLES.index(self.role), BASES.index(self.basis), -(self.start or dt.date.min).toordinal(), self.iri


# -- reading -----------------------------------------------------------------------------------------------------
_CLASS_CODES = ("Call", "Meeting", "Visit", "Summit", "TariffMeasure")
_CLASS_VALUES = " ".join(f"(dkg:{c} {i})" for i, c in enumerate(_CLASS_CODES, 1))
_EVENTS_QUERY = f"""
SELECT ?e (MAX(COALESCE(?k, 0)) AS ?cls) (SAMPLE(?d) AS ?date) (SAMPLE(?nb) AS ?lo) (SAMPLE(?na) AS ?hi)
       (SAMPLE(?ac) AS ?action) (SAMPLE(?st) AS ?status) (SAMPLE(?pb) AS ?published)
WHERE {{
  {{ VALUES (?t ?k) {{ {_CLASS_VALUES} }} ?e a ?t }}
  UNION {{ ?e dkg:date ?d }} UNION {{ ?e dkg:notBefore ?nb }} UNION {{ ?e dkg:notAfter ?na }}
  UNION {{ ?e dkg:tariffAction ?ac }}
  UNION {{ SELECT ?e (MIN(?s0) AS ?st) WHERE {{ ?e dkg:status ?s0 }} GROUP BY ?e }}
  UNION {{ SELECT ?e (MIN(STR(?p0)) AS ?pb) WHERE {{
            GRAPH ?g {{ ?e prov:wasDerivedFrom ?g . ?g schema:datePublished ?p0 }} }} GROUP BY ?e }}
}}
GROUP BY ?e
"""
# One UNION scan grouped by event decodes each event IRI once (an unbound value would make MIN or MAX unbound,
# hence COALESCE and the inner group). The inner MIN picks "occurred" over "planned" over "threatened" when
# articles disagree, as the timeline does; the action is part of a measure's IRI, the same in every article.

_PEOPLE_QUERY = """
SELECT DISTINCT ?e ?a WHERE { ?a a dkg:Person . ?e dkg:participant|dkg:imposer|dkg:target ?a }
"""

_OFFICES_QUERY = """
SELECT ?p ?o ?c (MIN(?g) AS ?graph) (SAMPLE(?r) AS ?role) (MIN(?tt) AS ?title) (SAMPLE(?s) AS ?start)
       (SAMPLE(?en) AS ?end) (SAMPLE(?org) AS ?isorg)
WHERE {
  GRAPH ?g { ?p dkg:holdsOffice ?o }
  ?o dkg:officeOf ?c .
  OPTIONAL { ?o dkg:role ?r } OPTIONAL { ?o dkg:officeTitle ?tt }
  OPTIONAL { ?o dkg:startDate ?s } OPTIONAL { ?o dkg:endDate ?en }
  OPTIONAL { ?c a dkg:Organisation BIND(1 AS ?org) }
}
GROUP BY ?p ?o ?c
"""


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _offices(store: Store) -> dict[str, list[_Office]]:
    out: dict[str, list[_Office]] = defaultdict(list)
    for r in store.select(_OFFICES_QUERY):
        basis = "office" if r.get("graph") == str(ACTORS_GRAPH) else "title"
        out[r["p"]].append(_Office(iri=r["o"], of=r["c"], role=role_class(r.get("role"), r.get("title"),
                                                                            bool(r.get("isorg"))),
                                   start=_day(r.get("start")), end=_day(r.get("end")), basis=basis))
    return out


@dataclass
class _Event:
    cls: str
    day: dt.date | None
    action: str | None
    status: str | None


def _events(store: Store) -> dict[str, _Event]:
    out = {}
    for r in store.select(_EVENTS_QUERY):
        k = int(r.get("cls") or 0)
        if not k:
            continue  # a date or status on something that is not an event
        out[r["e"]] = _Event(cls=_CLASS_CODES[k - 1],
                             day=_day(r.get("date") or r.get("lo") or r.get("hi") or r.get("published")),
                             action=r.get("action"), status=r.get("status"))
    return out


def compute(store: Store) -> tuple[dict[str, tuple[str, str, str]], list[Affiliation]]:
    """({event IRI: (cameo, plover category, plover mode)}, every affiliation of a person in an event)."""
    events = _events(store)
    offices = _offices(store)
    codes = {e: event_codes(ev.cls, ev.action, ev.status) for e, ev in events.items()}
    found = []
    for r in store.select(_PEOPLE_QUERY):
        ev = events.get(r["e"])
        held = [o for o in offices.get(r["a"], ()) if o.held_on(ev.day)] if ev is not None else []
        if held:
            o = min(held, key=_Office.rank)
            found.append(Affiliation(r["e"], r["a"], o.of, o.role, o.basis, o.iri))
    return codes, found


# -- writing -----------------------------------------------------------------------------------------------------
_G = CODING_GRAPH.n3()


@functools.lru_cache(maxsize=1024)  # roles, bases and codes: a few values written hundreds of thousands of times
def _lit(text: str) -> str:
    return Literal(text).n3()


_T = {name: DKG[name].n3() for name in ("cameoCode", "ploverCategory", "ploverMode", "affiliation", "Affiliation",
                                        "affiliate", "actsFor", "actorRole", "affiliationBasis", "viaOffice",
                                        "codingHash", "contentHash")}
_TYPE = RDF.type.n3()


def _event_lines(event: str, code: tuple[str, str, str], affs: list[Affiliation]) -> list[str]:
    e = f"<{event}>"
    lines = [f"{e} {_T['cameoCode']} {_lit(code[0])} .", f"{e} {_T['ploverCategory']} {_lit(code[1])} ."]
    if code[2]:
        lines.append(f"{e} {_T['ploverMode']} {_lit(code[2])} .")
    for a in sorted(affs, key=lambda a: a.actor):
        n = f"<{a.iri}>"
        lines += [f"{e} {_T['affiliation']} {n} .", f"{n} {_TYPE} {_T['Affiliation']} .",
                  f"{n} {_T['affiliate']} <{a.actor}> .", f"{n} {_T['actsFor']} <{a.acts_for}> .",
                  f"{n} {_T['actorRole']} {_lit(a.role)} .", f"{n} {_T['affiliationBasis']} {_lit(a.basis)} .",
                  f"{n} {_T['viaOffice']} <{a.office}> ."]
    return lines


def _blocks(codes: dict[str, tuple[str, str, str]], affs: list[Affiliation]) -> dict[str, tuple[str, list[str]]]:
    """{event IRI: (hash of its lines, its lines)}."""
    by_event: dict[str, list[Affiliation]] = defaultdict(list)
    for a in affs:
        by_event[a.event].append(a)
    out = {}
    for event, code in codes.items():
        lines = _event_lines(event, code, by_event.get(event, []))
        out[event] = (hashlib.sha256(f"{GRAPH_FORMAT}\n".encode() + "\n".join(lines).encode()).hexdigest(), lines)
    return out


_DROP = f"""DELETE {{ GRAPH {_G} {{ ?e ?p ?o . ?a ?ap ?ao }} }}
WHERE {{ VALUES ?e {{ %s }} GRAPH {_G} {{ {{ ?e ?p ?o }} UNION {{ ?e dkg:affiliation ?a . ?a ?ap ?ao }} }} }}"""


def refresh_coding(store: Store) -> int:
    """Recompute affiliations and codes from the events and offices in the store and bring ``CODING_GRAPH`` up
    to date in one update; return the number of triples written (0 when it was already up to date).

    Each event records the hash of its lines (``dkg:codingHash``) and the graph the hash of them all: an
    unchanged graph is not touched, otherwise only the events whose lines changed are rewritten.

    Parameters
    ----------
    store : Store
        A writable store.

    Returns
    -------
    int
        Triples written (0 when the graph was up to date).

    Examples
    --------
    >>> from graph.storage.store import open_store
    >>> refresh_coding(open_store("memory:"))  # an empty store: the graph records its (empty) hash
    1
    """
    blocks = _blocks(*compute(store))
    content = hashlib.sha256("".join(f"{e} {h}\n" for e, (h, _) in sorted(blocks.items())).encode()).hexdigest()
    stored = store.select(f"SELECT ?h WHERE {{ GRAPH {_G} {{ {_G} dkg:contentHash ?h }} }}")
    if stored and stored[0]["h"] == content:
        return 0
    old = {r["s"]: r["h"] for r in store.select(f"SELECT ?s ?h WHERE {{ GRAPH {_G} {{ ?s dkg:codingHash ?h }} }}")}
    gone = [e for e, h in old.items() if blocks.get(e, ("",))[0] != h]
    lines = []
    for e in sorted(blocks):
        h, block = blocks[e]
        if old.get(e) != h:
            lines += block
            lines.append(f"<{e}> {_T['codingHash']} \"{h}\" .")
    lines.append(f"{_G} {_T['contentHash']} \"{content}\" .")
    ops = [f"DELETE WHERE {{ GRAPH {_G} {{ {_G} dkg:contentHash ?h }} }}"]
    for i in range(0, len(gone), 5000):
        ops.append(_DROP % " ".join(f"<{e}>" for e in gone[i:i + 5000]))
    ops.append(f"INSERT DATA {{ GRAPH {_G} {{\n" + "\n".join(lines) + "\n} }")
    store.update(" ;\n".join(ops), events=())  # codes and affiliations: no event's class, dates, status or actors
    return len(lines)


# -- reading back ------------------------------------------------------------------------------------------------
_AFFILIATIONS = f"""
SELECT ?event ?actor ?for ?role ?basis WHERE {{ GRAPH {_G} {{
  %s ?event dkg:affiliation ?n . ?n dkg:affiliate ?actor ; dkg:actsFor ?for ; dkg:actorRole ?role ;
      dkg:affiliationBasis ?basis }} }}"""


def affiliation_rows(store: Store, events: Iterable[str] | None = None, batch: int = 2000) -> list[dict]:
    """Stored affiliations (of the given events, or of all): [{event, actor, for, role, basis}]."""
    if events is None:
        return store.select(_AFFILIATIONS % "")
    iris = list(events)
    rows: list[dict] = []
    for i in range(0, len(iris), batch):
        values = " ".join(f"<{e}>" for e in iris[i:i + batch])
        rows += store.select(_AFFILIATIONS % f"VALUES ?event {{ {values} }}")
    return rows


def affiliations_of(store: Store, events: Iterable[str]) -> dict[str, dict[str, dict]]:
    """{event: {actor: {for, role, basis}}} for the given events."""
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in affiliation_rows(store, events):
        out[r["event"]][r["actor"]] = {"for": r["for"], "role": r["role"], "basis": r["basis"]}
    return out


_CODES = f"""SELECT ?e ?c ?p ?m WHERE {{ %s GRAPH {_G} {{ ?e dkg:cameoCode ?c ; dkg:ploverCategory ?p }}
                 OPTIONAL {{ GRAPH {_G} {{ ?e dkg:ploverMode ?m }} }} }}"""
# The OPTIONAL has a GRAPH block of its own: inside the first one, Oxigraph read every event's mode before joining.


def codes_of(store: Store, events: Iterable[str], batch: int = 2000) -> dict[str, dict]:
    """{event: {cameo, plover, plover_mode}} for the given events (stored by :func:`refresh_coding`): looked up
    by event, or, for more than a few batches of events, read in one scan of the coding graph."""
    iris = list(events)
    out: dict[str, dict] = {}
    if len(iris) > 4 * batch:
        wanted = set(iris)
        for r in store.select(_CODES % ""):
            if r["e"] in wanted:
                out[r["e"]] = {"cameo": r["c"], "plover": r["p"], "plover_mode": r.get("m", "")}
        return out
    for i in range(0, len(iris), batch):
        values = " ".join(f"<{e}>" for e in iris[i:i + batch])
        for r in store.select(_CODES % f"VALUES ?e {{ {values} }}"):
            out[r["e"]] = {"cameo": r["c"], "plover": r["p"], "plover_mode": r.get("m", "")}
    return out
