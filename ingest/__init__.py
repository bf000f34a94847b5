"""Ingest: read articles, extract diplomatic events, write them to the store as RDF.

The names below are the public API (``dkg ingest``, ``dkg extract``, ``dkg eval`` and the dashboard's Ingest
page use them); each is imported from its module on first use, so ``import ingest`` does not load spaCy.

>>> from ingest import Article
>>> Article(title="A call", text="They spoke.", url="https://example.org/a").url
'https://example.org/a'
"""

from __future__ import annotations

from graph.lazy import lazy_exports

_EXPORTS = {
    # reading
    "Article": "article", "ArticleError": "article", "read_paths": "sources", "read_file": "sources",
    "parse_text": "sources", "parse_html": "sources", "article_from_dict": "sources", "SourceError": "sources",
    "SourceSpec": "feeds", "FeedError": "feeds", "FetchError": "fetch", "HttpConfig": "fetch",
    # extracting
    "Extractor": "events", "Event": "extracted", "Registry": "actors", "Actor": "actors",
    "article_iri": "rdf", "event_iri": "rdf", "article_triples": "rdf",
    # writing (through graph.write.writer's session)
    "ingest_paths": "pipeline", "ingest_items": "pipeline", "run_sources": "pipeline", "RunReport": "report",
    "remove_article": "pipeline",
    # evaluating
    "predict": "predict", "evaluate_corpus": "predict", "load_predictions": "predict",
    "score": "evaluate", "load_corpus": "evaluate", "format_report": "evaluate",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
