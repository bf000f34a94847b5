"""A tiny store for examples and doctests: four events among three people and three countries, reported by
three articles, in the RDF shape ingest writes (see README, "The graph"). Not sample data for research.

>>> store = example_store()
>>> store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?t { dkg:Call dkg:Meeting dkg:TariffMeasure } "
...              "?e a ?t }")
[{'n': 4}]
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.namespaces import ACTORS_GRAPH, ARTICLE
from graph.storage.store import OxigraphStore, Store

__all__ = ["example_store"]

_DATA = f"""
INSERT DATA {{
  GRAPH <{ACTORS_GRAPH}> {{
    actor:mark-carney a dkg:Person ; rdfs:label "Mark Carney" ; skos:altLabel "Carney" .
    actor:donald-trump a dkg:Person ; rdfs:label "Donald Trump" ; skos:altLabel "Trump" .
    actor:claudia-sheinbaum a dkg:Person ; rdfs:label "Claudia Sheinbaum" ; skos:altLabel "Sheinbaum" .
    actor:CAN a dkg:Country ; rdfs:label "Canada" ; dkg:isoCode "CAN" .
    actor:USA a dkg:Country ; rdfs:label "United States" ; dkg:isoCode "USA" .
    actor:MEX a dkg:Country ; rdfs:label "Mexico" ; dkg:isoCode "MEX" .
  }}
  GRAPH <{ARTICLE.a1}> {{
    <{ARTICLE.a1}> a dkg:Article ; schema:headline "Carney and Trump speak" ; dkg:outlet "Example Wire" ;
        schema:datePublished "2025-03-28"^^xsd:date .
    event:call-carney-trump a dkg:Call ; dkg:participant actor:mark-carney, actor:donald-trump ;
        dkg:date "2025-03-28"^^xsd:date ; dkg:status "occurred" ; prov:wasDerivedFrom <{ARTICLE.a1}> ;
        dkg:evidence "Carney and Trump spoke by phone on Friday." .
    event:call-trump-sheinbaum a dkg:Call ; dkg:participant actor:donald-trump, actor:claudia-sheinbaum ;
        dkg:date "2025-03-06"^^xsd:date ; dkg:status "occurred" ; prov:wasDerivedFrom <{ARTICLE.a1}> ;
        dkg:evidence "Trump had spoken with Sheinbaum on 6 March." .
  }}
  GRAPH <{ARTICLE.a2}> {{
    <{ARTICLE.a2}> a dkg:Article ; schema:headline "A call, and tariffs" ; dkg:outlet "Example Courier" ;
        schema:datePublished "2025-03-29"^^xsd:date .
    event:call-carney-trump a dkg:Call ; dkg:participant actor:mark-carney, actor:donald-trump ;
        dkg:date "2025-03-28"^^xsd:date ; dkg:status "occurred" ; prov:wasDerivedFrom <{ARTICLE.a2}> ;
        dkg:evidence "The two leaders talked on Friday." .
    event:tariff-usa-can a dkg:TariffMeasure ; dkg:imposer actor:USA ; dkg:target actor:CAN ;
        dkg:date "2025-03-04"^^xsd:date ; dkg:status "occurred" ; prov:wasDerivedFrom <{ARTICLE.a2}> ;
        dkg:evidence "The United States imposed tariffs on Canadian goods on 4 March." .
  }}
  GRAPH <{ARTICLE.a3}> {{
    <{ARTICLE.a3}> a dkg:Article ; schema:headline "Carney at the White House" ; dkg:outlet "Example Wire" ;
        schema:datePublished "2025-05-06"^^xsd:date .
    event:meeting-carney-trump a dkg:Meeting ; dkg:participant actor:mark-carney, actor:donald-trump ;
        dkg:date "2025-05-06"^^xsd:date ; dkg:status "occurred" ; prov:wasDerivedFrom <{ARTICLE.a3}> ;
        dkg:evidence "Carney met Trump at the White House on Tuesday." .
  }}
}}"""


def example_store() -> Store:
    """A new in-memory store holding the example events (its own, not the shared ``memory:`` store).

    Returns
    -------
    Store
        Writable, so examples may correct or refresh it.

    Examples
    --------
    >>> from graph.query.queries import stats
    >>> stats(example_store())["events"]
    4
    """
    store = OxigraphStore(url="memory:", writable=True, _ox=ox.Store())
    store.update(_DATA)
    return store
