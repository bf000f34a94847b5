"""The actor registry: the gazetteer in ``data/actors.json`` (countries, blocs, office holders).

It answers three questions for extraction and for users alike:
- which actor does this surface form name ("Carney", "Ottawa", "Canadian", "CAN")?
- who held this office in this country on this day ("the prime minister", Canada, 2025-04-02)?
- what are an actor's RDF triples (labels, aliases, offices, Wikidata link)?
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from graph.errors import UsageError
from graph.namespaces import ACTOR, DKG, OFFICE, OWL, RDF, RDFS, SKOS, WD, XSD, fold

LEADER_ROLES = ("head_of_state_and_government", "head_of_government", "head_of_state")
DEFAULT_GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "actors.json"


@dataclass
class Office:
    """A term of office: ``role`` in ``country`` (or organisation) from ``start`` to ``end``."""

    title: str
    role: str
    country: str | None
    start: dt.date | None
    end: dt.date | None
    titles: tuple[str, ...] = ()

    def held_on(self, day: dt.date | None) -> bool:
        """True when the office was held on ``day`` (any day when ``day`` is None)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(eq=False)
class Actor:
    """A person, country or organisation; two Actor objects with the same id are the same actor."""

    id: str
    name: str
    kind: str  # person | country | organisation
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    offices: list[Office] = field(default_factory=list)
    members: tuple[str, ...] = ()
    iso2: str | None = None
    in_gazetteer: bool = True
    gender: str | None = None  # people: "female" | "male", for he/she (None: unknown)
    forum: bool = False  # a body that exists as its leaders' gatherings (G20, APEC): "met at the G20" is a summit

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Actor) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def iri(self) -> URIRef:
        return ACTOR[self.id]

    def leads(self, day: dt.date | None, country: str | None = None) -> bool:
        """This person is a head of state or government on ``day`` (of ``country``, if given)."""
        return any(o.role in LEADER_ROLES and o.held_on(day) and (country is None or o.country == country)
                   for o in self.offices)

    def country_on(self, day: dt.date | None) -> str | None:
        """The country (or organisation) this person acted for on ``day``; a country is its own."""
        if self.kind != "person":
            return self.id
        held = [o for o in self.offices if o.country and o.held_on(day)]
        pool = held or [o for o in self.offices if o.country]
        return pool[-1].country if pool else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gazetteer_path(path: str | Path | None = None) -> str:
    """The gazetteer file in use: ``path``, else ``$DKG_GAZETTEER``, else ``data/actors.json``."""
    return str(Path(path or os.environ.get("DKG_GAZETTEER") or DEFAULT_GAZETTEER).resolve())


class Registry:
    """All known actors, indexed by every surface form.

    >>> reg = Registry.load()
    >>> reg.resolve("Ottawa").name, reg.resolve("CAN").name
    ('Canada', 'Canada')
    """

    def __init__(self, actors: list[Actor], version: str = "", path: str = "") -> None:
        self.version = version
        self.path = path  # the file it was read from ("" when built in memory)
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self._by_form: dict[str, str] = {}
        for a in actors:
            for form in self.forms(a):
                self._by_form.setdefault(fold(form), a.id)
        for a in actors:  # ids and canonical names win over any alias
            self._by_form[fold(a.id)] = a.id
        for a in actors:
            self._by_form[fold(a.name)] = a.id

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Read a gazetteer file (default ``$DKG_GAZETTEER`` or ``data/actors.json``)."""
        return _load_cached(gazetteer_path(path))

    @staticmethod
    def forms(actor: Actor) -> list[str]:
        """Every surface form that names the actor (name, aliases, metonyms; not demonyms)."""
        return [actor.name, *actor.aliases, *actor.metonyms]

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def resolve(self, name: str) -> Actor | None:
        """The actor a user or an article means by ``name`` (id, name, alias, metonym, demonym)."""
        key = fold(name)
        if key.startswith("the "):
            key_wo = key[4:]
        else:
            key_wo = key
        actor_id = self._by_form.get(key) or self._by_form.get(key_wo) or self._demonym(key)
        return self.actors.get(actor_id) if actor_id else None

    @functools.cached_property
    def _demonyms(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in self.actors.values():
            for d in a.demonyms:
                out.setdefault(fold(d), a.id)
        return out

    def _demonym(self, key: str) -> str | None:
        return self._demonyms.get(key)

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Canonical names close to ``name`` (for "unknown actor" messages)."""
        key = fold(name)
        matches = difflib.get_close_matches(key, list(self._by_form), n=n * 3, cutoff=0.6)
        names: list[str] = []
        for m in matches:
            actor_name = self.actors[self._by_form[m]].name
            if actor_name not in names:
                names.append(actor_name)
        return names[:n]

    def canonical_key(self, name: str) -> str:
        """A key that two names share when they name the same actor (used by the scorer)."""
        actor = self.resolve(name)
        return actor.id if actor else fold(name)

    def holders(self, title: str, country: str | None, day: dt.date | None, ever: bool = False) -> list[Actor]:
        """People holding an office called ``title`` (a lowercase phrase like "prime minister") in
        ``country`` (ISO3 or organisation id; any when None) on ``day`` (with ``ever``: at any time)."""
        title = fold(title)
        found = []
        for person_id in self._title_index.get(title, ()):
            person = self.actors[person_id]
            for office in person.offices:
                if title in office.titles and (country is None or office.country == country) \
                        and (ever or office.held_on(day)):
                    found.append(person)
                    break
        return found

    def _offices_in(self, country: str, day: dt.date | None) -> list[tuple[Actor, Office]]:
        return [(a, o) for a in self.actors.values() if a.kind == "person" for o in a.offices
                if o.country == country and o.held_on(day)]

    def leaders(self, country: str, day: dt.date | None) -> list[Actor]:
        """Every head of state or government of ``country`` on ``day`` that the gazetteer knows."""
        return list({a.id: a for a, o in self._offices_in(country, day) if o.role in LEADER_ROLES}.values())

    def leader(self, country: str, day: dt.date | None) -> Actor | None:
        """The one leader of ``country`` on ``day`` ("the Brazilian leader"): its head of state and government,
        else its only head of state or government in the gazetteer (None when there are two, as in France)."""
        leaders = [(a, o) for a, o in self._offices_in(country, day) if o.role in LEADER_ROLES]
        both = [a for a, o in leaders if o.role == "head_of_state_and_government"]
        if len(both) == 1:
            return both[0]
        return leaders[0][0] if len({a.id for a, _ in leaders}) == 1 else None

    def counterpart(self, person: Actor, country: str, day: dt.date | None) -> Actor | None:
        """Who holds, in ``country`` on ``day``, the office ``person`` holds at home: a foreign minister's
        counterpart is a foreign minister; a leader's is the leader with the same title ("president", "prime
        minister") when there is one, else the head of government."""
        own = next((o for o in person.offices if o.held_on(day)), None)
        if own is None:
            return None
        offices = [(a, o) for a, o in self._offices_in(country, day) if a.id != person.id]
        if own.role not in LEADER_ROLES:
            found = [a for a, o in offices if o.role == own.role]
            return found[0] if len(found) == 1 else None
        same_title = [a for a, o in offices if o.role in LEADER_ROLES and set(o.titles) & set(own.titles[:1])]
        if len(same_title) == 1:
            return same_title[0]
        # no president for a president: the one who governs ("Trump's Canadian counterpart" is not the King)
        found = [a for a, o in offices if o.role in LEADER_ROLES[:2]]
        return found[0] if len(found) == 1 else None

    @functools.cached_property
    def _title_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for a in self.actors.values():
            for o in a.offices:
                for t in o.titles:
                    if a.id not in index.setdefault(t, []):
                        index[t].append(a.id)
        return index

    def role_of_title(self, title: str) -> str:
        """The gazetteer role of offices called ``title`` ("foreign minister" -> "foreign_minister"), the most
        common one when they differ; "other" for a title no office has. Gives people found in articles with a
        title the role their office has for everyone else.

        >>> Registry.load().role_of_title("Foreign Minister")
        'foreign_minister'
        """
        title = fold(title)
        roles = Counter(o.role for a in self._title_index.get(title, ()) for o in self.actors[a].offices
                        if title in o.titles)
        return min(roles, key=lambda r: (-roles[r], r)) if roles else "other"

    @property
    def title_phrases(self) -> list[str]:
        """Every office title phrase in the gazetteer ("prime minister", "foreign minister", ...)."""
        return sorted(self._title_index)

    @functools.cached_property
    def content_hash(self) -> str:
        """Hash of the gazetteer's contents: the actors graph is rewritten when it changes."""
        h = hashlib.sha256(self.version.encode())
        for a in sorted(self.actors.values(), key=lambda a: a.id):
            h.update(repr(a).encode("utf-8"))
        return h.hexdigest()

    def triples(self, actors: list[Actor] | None = None) -> Iterator[tuple]:
        """RDF triples describing actors (all by default): type, label, aliases, offices, sameAs."""
        for a in actors if actors is not None else self.actors.values():
            yield from actor_triples(a)


def actor_triples(a: Actor) -> Iterator[tuple]:
    """Triples for one actor."""
    cls = {"person": DKG.Person, "country": DKG.Country}.get(a.kind, DKG.Organisation)
    yield a.iri, RDF.type, cls
    yield a.iri, RDFS.label, Literal(a.name, lang="en")
    yield a.iri, SKOS.prefLabel, Literal(a.name, lang="en")
    for alias in sorted(set(a.aliases) | set(a.metonyms)):
        yield a.iri, SKOS.altLabel, Literal(alias, lang="en")
    if a.wikidata:
        yield a.iri, OWL.sameAs, WD[a.wikidata]
    if a.kind == "country":
        yield a.iri, DKG.isoCode, Literal(a.id)
    for member in a.members:
        yield ACTOR[member], DKG.memberOf, a.iri
    for o in a.offices:
        term = OFFICE[f"{a.id}-{o.role}-{o.country or 'none'}-{o.start or 'unknown'}"]
        yield a.iri, DKG.holdsOffice, term
        yield term, RDF.type, DKG.OfficeTerm
        yield term, DKG.officeTitle, Literal(o.title)
        yield term, DKG.role, Literal(o.role)
        if o.country:
            yield term, DKG.officeOf, ACTOR[o.country]
        if o.start:
            yield term, DKG.startDate, Literal(o.start.isoformat(), datatype=XSD.date)
        if o.end:
            yield term, DKG.endDate, Literal(o.end.isoformat(), datatype=XSD.date)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Registry:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"gazetteer not found: {path}") from None
    actors: list[Actor] = []
    for kind, key in (("country", "countries"), ("organisation", "organisations"), ("person", "people")):
        for row in data.get(key, []):
            offices = [
                Office(title=o.get("title", ""), role=o.get("role", "other"),
                       country=o.get("country") or o.get("organisation"),
                       start=_date(o.get("start")), end=_date(o.get("end")),
                       titles=tuple(fold(t) for t in o.get("titles", [])))
                for o in row.get("offices", [])
            ]
            actors.append(Actor(
                id=row["id"], name=row["name"], kind=kind, wikidata=row.get("wikidata"),
                aliases=tuple(row.get("aliases", [])), demonyms=tuple(row.get("demonyms", [])),
                metonyms=tuple(row.get("metonyms", [])), offices=offices,
                members=tuple(row.get("members", [])), iso2=row.get("iso2"), gender=row.get("gender"),
                forum=row.get("kind") == "forum",
            ))
    return Registry(actors, version=str(data.get("version", "")), path=path)
