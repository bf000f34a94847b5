"""The serialisation formats, in one table each: SPARQL results and RDF, our names for them, their media types
and the prefixes written into dumps. The store (graph.storage.store, graph.storage.remote), the query workers
(graph.endpoint.query_pool), the endpoint (graph.endpoint.server) and the CLI all take their names from here.

>>> pick_format("bindings", ["text/html", "text/csv", "*/*"])
'csv'
>>> pick_format("graph", ["application/sparql-results+json"])
'turtle'
>>> sorted(QUAD_FORMATS)
['jsonld', 'nquads', 'trig']
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from graph.namespaces import PREFIXES

__all__ = [
    "CONSTRUCT_PREFIXES",
    "GRAPH_FORMAT_MEDIA",
    "GRAPH_MEDIA",
    "QUAD_FORMATS",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "RESULT_FORMAT_MEDIA",
    "RESULT_MEDIA",
    "csv_columns",
    "dump_prefixes",
    "pick_format",
]

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""SPARQL results (SELECT, ASK): our name -> Oxigraph's format."""

RDF_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
"""RDF (dumps, CONSTRUCT, DESCRIBE): our name -> Oxigraph's format."""

QUAD_FORMATS = frozenset({"trig", "nquads", "jsonld"})
"""The RDF formats that keep named graphs (a whole-store dump keeps each article's graph in them)."""

# media type -> our format name, in the order we prefer them when the client accepts anything
RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is valid N3
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "application/x-json+ld": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
RESULT_FORMAT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                       "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_FORMAT_MEDIA = {"turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
                      "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}

CONSTRUCT_PREFIXES = {k: v for k, v in PREFIXES.items()
                      if k in {"dkg", "prov", "schema", "skos", "rdfs", "xsd", "actor", "event", "article"}}
"""The prefixes written into the Turtle of a CONSTRUCT / DESCRIBE answer."""


def dump_prefixes() -> dict[str, str]:
    """The prefixes written into a dump of the store (``dkg export --format trig`` and the like)."""
    return {k: v for k, v in PREFIXES.items() if k in {"dkg", "prov", "schema", "skos", "actor", "event", "article"}}


def pick_format(kind: str, accepted: list[str]) -> str:
    """Our format name for a result of ``kind`` ("bindings", "boolean", "graph"), given the media types the
    client accepts in its order of preference (or our own format names). Falls back to JSON / Turtle."""
    table = GRAPH_MEDIA if kind == "graph" else RESULT_MEDIA
    names = set(table.values())
    for media in accepted:
        if media in table:
            return table[media]
        if media in names:
            return media
    return "turtle" if kind == "graph" else "json"


def csv_columns(text: str, width: int) -> list[list[str]]:
    r"""The columns of a SELECT's results in CSV (its header line included) as lists of strings, '' when unbound.
    Splitting the engine's CSV in bulk is several times faster than turning each solution into Python terms; the
    csv module takes over only when a value is quoted (commas, quotes, line breaks in it).

    >>> csv_columns("a,b\r\nx,1\r\ny,\r\n", 2)
    [['x', 'y'], ['1', '']]
    >>> csv_columns('a,b\r\n"x, y",1\r\n', 2)
    [['x, y'], ['1']]
    """
    _, _, body = text.partition("\r\n")
    if '"' in body:
        rows = list(csv.reader(io.StringIO(body, newline="")))
        return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]
    cells = body.replace("\r\n", ",").split(",")
    if cells and cells[-1] == "":
        cells.pop()
    if len(cells) % width:
        raise ValueError(f"unexpected result shape ({len(cells)} cells for {width} columns)")
    return [cells[i::width] for i in range(width)]
