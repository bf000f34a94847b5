"""An extractor whose events per article (by title) a test sets: for tests of what the store, the aggregates and
the coding graph do with given events, whatever the extractor would find."""

from __future__ import annotations

from ingest.actors import Registry
from ingest.article import Article
from ingest.events import Event


class StandIn:
    """Gives ``events[article.title]`` for each article; ``registry`` is the gazetteer the test's events use."""

    def __init__(self, events: dict[str, list[Event]], registry: Registry) -> None:
        self.events = events
        self.registry = registry

    def __call__(self, article: Article) -> list[Event]:
        return list(self.events[article.title])
