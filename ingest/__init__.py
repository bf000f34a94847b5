"""Ingest: read articles, extract diplomatic events, write them to the store as RDF."""
