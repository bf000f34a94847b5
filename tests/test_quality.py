"""The quality gate: per-type F1 floors on our own gold sets. A change that drops a floor fails CI.

- ``data/samples_gold``: the bundled sample articles (13 articles, 76 events);
- ``tests/gold/passages``: 100 short passages written for the project in the shapes of real news pages (captions,
  bylines, hedges, wishes, invitations, denials, background mentions, lists of rates, quotes, cabinet meetings),
  annotated by hand following GOLD_FORMAT.md, never tuned against the extractor.

The floors sit a little under what the extractor scores today (README, "Extraction and its measurement"): raise
them when it gets better, never lower them to let a change through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.actors import Registry
from ingest.evaluate import load_corpus, score
from ingest.events import Extractor
from ingest.predict import predict
from ingest.sources import article_from_dict

ROOT = Path(__file__).resolve().parent.parent
# corpus -> {type or "all": (F1 floor, strict F1 floor)}
FLOORS = {
    "data/samples_gold": {"Call": (0.78, 0.78), "Meeting": (0.84, 0.79), "TariffMeasure": (0.86, 0.86),
                          "all": (0.84, 0.83)},
    "tests/gold/passages": {"Call": (0.95, 0.95), "Meeting": (0.93, 0.93), "TariffMeasure": (0.78, 0.65),
                            "all": (0.88, 0.82)},
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_f1_floors(extractor, corpus):
    rows, gold = load_corpus(ROOT / corpus)
    articles = [article_from_dict(r, origin=f"{corpus}:{r['id']}") for r in rows]
    predicted = {p["id"]: p["events"] for p in predict(articles, extractor)}
    report = score(gold, predicted, resolve=Registry.load().canonical_key)
    got = {t: (row["f1"], row["strict_f1"]) for t, row in report["by_type"].items()}
    got["all"] = (report["f1"], report["strict_f1"])
    below = {t: (got[t], floor) for t, floor in FLOORS[corpus].items()
             if got[t][0] < floor[0] or got[t][1] < floor[1]}
    assert not below, f"{corpus}: (F1, strict F1) under the floor: {below}"


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_nothing_that_happened_is_dated_after_its_page(extractor, corpus):
    """Only a planned event can lie after the day its page was published."""
    rows, _ = load_corpus(ROOT / corpus)
    articles = [article_from_dict(r, origin=f"{corpus}:{r['id']}") for r in rows]
    late = [(article.id, e.to_gold()) for article, events in zip(articles, extractor.pipe(articles), strict=True)
            for e in events if e.status != "planned" and article.published_date is not None
            and e.when.bounds[0] is not None and e.when.bounds[0] > article.published_date + dt.timedelta(days=1)]
    assert not late
