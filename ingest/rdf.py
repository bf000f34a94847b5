"""Extracted events -> RDF triples for the article's named graph, with deterministic IRIs.

An event's IRI is a hash of what identifies it in the world, not of the article (graph/identity.py):
so the same call reported by five articles is one node asserted in five graphs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

from rdflib import Literal, URIRef

from graph import identity
from graph.namespaces import ARTICLE, DKG, PROV, RDF, SCHEMA, XSD, digest
from ingest.actors import Actor, actor_triples
from ingest.article import Article
from ingest.events import Event
from ingest.version import extractor_version


def article_iri(article: Article) -> URIRef:
    """The article's IRI, which is also the name of the graph holding what was extracted from it.

    Parameters
    ----------
    article : Article

    Returns
    -------
    rdflib.URIRef
        A hash of the article's key (its URL, else its id, else where it was read from, else its content).

    Examples
    --------
    >>> from ingest.article import Article
    >>> a = Article(title="A call", text="They spoke.", url="https://example.org/a")
    >>> article_iri(a) == article_iri(Article(title="Edited", text="They spoke twice.", url="https://example.org/a"))
    True
    """
    return ARTICLE[digest(article.key)]


def event_iri(event: Event) -> URIRef:
    """Deterministic IRI of an event, independent of the article reporting it: see graph.identity.

    Parameters
    ----------
    event : Event

    Returns
    -------
    rdflib.URIRef

    Examples
    --------
    >>> import datetime as dt
    >>> from ingest.actors import Actor
    >>> from ingest.dates import When
    >>> from ingest.events import Event
    >>> can, usa = Actor("CAN", "Canada", "country"), Actor("USA", "United States", "country")
    >>> call = Event("Call", [can, usa], when=When(dt.date(2025, 3, 28)))
    >>> event_iri(call) == event_iri(Event("Call", [usa, can], when=When(dt.date(2025, 3, 28))))
    True
    """
    when = event.when
    lo_hi = {"not_before": when.after and when.after.isoformat(), "not_after": when.before and when.before.isoformat()}
    if event.type == "TariffMeasure":
        return identity.event_iri("TariffMeasure", imposer=event.imposer.id if event.imposer else None,
                                  target=event.target.id if event.target else None, action=event.action,
                                  rate=event.rate, date=when.date and when.date.isoformat(), precision=when.precision,
                                  **lo_hi)
    return identity.event_iri(event.type, participants=[a.id for a in event.participants],
                              date=when.date and when.date.isoformat(), precision=when.precision, **lo_hi)


# Statuses, dates, rates, versions recur in every article: a made Literal is reused (making one costs ~5 us).
_value = functools.lru_cache(maxsize=16384)(Literal)


def _date(day: dt.date) -> Literal:
    return _value(day.isoformat(), datatype=XSD.date)


def article_triples(article: Article, events: list[Event]) -> Iterator[tuple]:
    """Every triple of the article's graph: its metadata, its events, and actors new to the gazetteer.

    Parameters
    ----------
    article : Article
    events : list of Event
        What was extracted from it.

    Yields
    ------
    tuple
        (subject, predicate, object) as rdflib terms, in the shape the ontology's SHACL shapes describe.

    Examples
    --------
    >>> import datetime as dt
    >>> from ingest.actors import Actor
    >>> from ingest.article import Article
    >>> from ingest.dates import When
    >>> from ingest.events import Event
    >>> can, usa = Actor("CAN", "Canada", "country"), Actor("USA", "United States", "country")
    >>> call = Event("Call", [can, usa], when=When(dt.date(2025, 3, 28)), evidence=["They spoke."])
    >>> triples = list(article_triples(Article(title="A call", text="They spoke.", id="a1"), [call]))
    >>> sorted({str(p).rsplit("/", 1)[-1] for s, p, o in triples if s == event_iri(call)})[:4]
    ['22-rdf-syntax-ns#type', 'ontology#confidence', 'ontology#date', 'ontology#datePrecision']
    """
    a = article_iri(article)
    version = extractor_version()
    yield a, RDF.type, DKG.Article
    yield a, DKG.extractorVersion, _value(version)  # an article read by an older extractor is read again
    yield a, SCHEMA.headline, Literal(article.title)
    yield a, DKG.contentHash, Literal(article.content_hash)
    if article.url:
        yield a, SCHEMA.url, URIRef(article.url)
    if article.source:
        yield a, DKG.outlet, _value(article.source)
    if article.id:
        yield a, SCHEMA.identifier, Literal(article.id)
    if article.published:
        dtype = XSD.date if len(article.published) == 10 else XSD.dateTime
        yield a, SCHEMA.datePublished, _value(article.published, datatype=dtype)
        yield a, DKG.publishedSource, _value(article.published_from)
    new_actors: dict[str, Actor] = {}
    for ev in events:
        e = event_iri(ev)
        yield e, RDF.type, DKG[ev.cls]
        if ev.cls != ev.type:
            yield e, RDF.type, DKG[ev.type]
        yield e, PROV.wasDerivedFrom, a
        for sentence in ev.evidence:
            yield e, DKG.evidence, Literal(sentence)
        if ev.trigger:
            yield e, DKG.trigger, _value(ev.trigger)
        for zone in sorted(ev.zones):
            yield e, DKG.zone, _value(zone)
        yield e, DKG.status, _value(ev.status)
        # In the canonical form stores give back ("0.6", not "0.60"), so triples read back compare equal.
        yield e, DKG.confidence, _value(f"{ev.confidence:.2f}".rstrip("0").rstrip("."), datatype=XSD.decimal)
        yield e, DKG.extractorVersion, _value(version)
        when = ev.when
        if when.date is not None:
            yield e, DKG.date, _date(when.date)
            yield e, DKG.datePrecision, _value(when.precision)
            if when.precision != "day":
                lo, hi = when.bounds
                yield e, DKG.notBefore, _date(lo)
                yield e, DKG.notAfter, _date(hi)
        elif when.after or when.before:
            yield e, DKG.datePrecision, _value("bounds")
            if when.after:
                yield e, DKG.notBefore, _date(when.after)
            if when.before:
                yield e, DKG.notAfter, _date(when.before)
        if ev.type == "TariffMeasure":
            if ev.imposer:
                yield e, DKG.imposer, ev.imposer.iri
            if ev.target:
                yield e, DKG.target, ev.target.iri
            if ev.action:
                yield e, DKG.tariffAction, _value(ev.action)
            if ev.rate is not None:
                yield e, DKG.rate, _value(f"{ev.rate:g}", datatype=XSD.decimal)
            if ev.goods:
                yield e, DKG.goods, _value(ev.goods)
        for actor in ev.actors:
            if ev.type != "TariffMeasure":
                yield e, DKG.participant, actor.iri
            if not actor.in_gazetteer:
                new_actors[actor.id] = actor
    for actor in new_actors.values():
        yield from actor_triples(actor)
