"""Every namespace the project writes or reads, declared once.

Use terms as attributes (``DKG.Call``, ``PROV.wasDerivedFrom``); never build IRIs from strings elsewhere.
Instance IRIs (actors, events, articles) are minted by the helpers at the bottom so that the same
input always gives the same IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

DKG = Namespace("https://w3id.org/diplomatic-kg/ontology#")
"""The project's ontology (classes and properties in ontology.ttl)."""

__all__ = ["DKG", "SEM", "SCHEMA", "TIME", "SH", "WD", "CAMEO", "PLOVER", "ID", "ACTOR", "EVENT", "STORYLINE",
           "ARTICLE", "OFFICE", "GRAPHS", "CORRECTION", "CURATOR", "SNAPSHOT", "ACTORS_GRAPH", "CURATION_GRAPH",
           "STORYLINES_GRAPH", "CODING_GRAPH", "AFFILIATION",
           "PREFIXES", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "sparql_prologue", "slug",
           "fold", "digest"]

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
CAMEO = Namespace("https://w3id.org/diplomatic-kg/cameo/")
PLOVER = Namespace("https://w3id.org/diplomatic-kg/plover/")

ID = Namespace("https://w3id.org/diplomatic-kg/id/")
ACTOR = Namespace(ID + "actor/")
EVENT = Namespace(ID + "event/")
ARTICLE = Namespace(ID + "article/")
OFFICE = Namespace(ID + "office/")
STORYLINE = Namespace(ID + "storyline/")
AFFILIATION = Namespace(ID + "affiliation/")
GRAPHS = Namespace(ID + "graph/")
CORRECTION = Namespace(ID + "correction/")
CURATOR = Namespace(ID + "curator/")
SNAPSHOT = Namespace(ID + "snapshot/")
"""Snapshots of the store's content (graph.storage.snapshot) and the exports made from them (graph.exports)."""

ACTORS_GRAPH = GRAPHS.actors
"""Named graph holding the gazetteer (actor labels, aliases, offices)."""
CURATION_GRAPH = GRAPHS.curation
"""Named graph holding researchers' corrections (PROV-O records); see graph/write/curation.py."""
STORYLINES_GRAPH = GRAPHS.storylines
"""Named graph holding the storyline links derived from the events; see graph/analysis/storylines.py."""
CODING_GRAPH = GRAPHS.coding
"""Named graph holding who acts for whom in each event and its CAMEO / PLOVER codes; see graph/query/coding.py."""

PREFIXES: dict[str, str] = {
    "dkg": str(DKG),
    "sem": str(SEM),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "time": str(TIME),
    "wd": str(WD),
    "actor": str(ACTOR),
    "event": str(EVENT),
    "article": str(ARTICLE),
}
"""Prefixes known to every SPARQL query the project runs (users may omit the PREFIX lines)."""


def sparql_prologue() -> str:
    """PREFIX lines for every namespace in PREFIXES (for servers that do not take a prefix map)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def slug(text: str) -> str:
    """ASCII slug of a name: ``slug("Mélanie Joly") == "melanie-joly"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key: ``fold("Šefčovič ") == "sefcovic"``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("\u2019", "'").split())


def digest(*parts: object, length: int = 16) -> str:
    """Short stable hash of the parts (hex), used for event and article IRIs."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]
