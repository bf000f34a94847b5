"""The extractor's predictions in the gold format, and a corpus scored end to end: the library under
``dkg extract`` and ``dkg eval`` (the scorer itself, :mod:`ingest.evaluate`, does not depend on the extractor).

    >>> from ingest.article import Article
    >>> class NoEvents:  # any object with the Extractor's ``pipe``; the real one is ingest.events.Extractor
    ...     def pipe(self, articles):
    ...         return [[] for _ in articles]
    >>> predict([Article(title="T", text="Nothing happened.", id="a1")], NoEvents())
    [{'id': 'a1', 'events': []}]
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError
from ingest.article import Article
from ingest.evaluate import load_corpus, score
from ingest.sources import article_from_dict

if TYPE_CHECKING:
    from ingest.events import Extractor

__all__ = ["evaluate_corpus", "load_predictions", "predict"]


def predict(articles: list[Article], extractor: Extractor | Any | None = None) -> list[dict]:
    """``[{"id", "events": [gold-format events]}]`` for each article, in order (GOLD_FORMAT.md)."""
    if extractor is None:
        from ingest.events import Extractor  # loads spaCy and the parser: only when asked to extract

        extractor = Extractor()
    out = []
    for article, events in zip(articles, extractor.pipe(articles), strict=True):
        out.append({"id": article.id or article.url or article.origin, "events": [e.to_gold() for e in events]})
    return out


def load_predictions(path: str | Path) -> dict[str, list[dict]]:
    """``{article id: events}`` from a file of prediction lines (what ``dkg extract`` prints).

    Parameters
    ----------
    path : str or Path
        One JSON object ``{"id": ..., "events": [...]}`` a line.

    Returns
    -------
    dict

    Raises
    ------
    UsageError
        Naming the line of a malformed one.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "predicted.jsonl"
    >>> _ = path.write_text('{"id": "a1", "events": [{"type": "Call", "participants": ["A", "B"]}]}\\n')
    >>> load_predictions(path)["a1"][0]["type"]
    'Call'
    """
    predicted = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                obj = json.loads(line)
                predicted[str(obj["id"])] = obj["events"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise UsageError(f"{path}:{n}: not a prediction line ({e})") from None
    return predicted


def evaluate_corpus(corpus_dir: str | Path, predictions: str | Path | None = None,
                    extractor: Extractor | Any | None = None) -> dict:
    """Score the extractor (or the ``predictions`` file) against the gold corpus in ``corpus_dir``
    (articles.jsonl + gold.jsonl); the report of :func:`ingest.evaluate.score` with ``seconds``, the time
    extraction took.

    Parameters
    ----------
    corpus_dir : str or Path
        A gold corpus (``articles.jsonl`` and ``gold.jsonl``, see ../shared/corpus/GOLD_FORMAT.md).
    predictions : str or Path, optional
        Score this file of prediction lines instead of running the extractor.
    extractor : Extractor, optional
        The extractor to run (default: one on the bundled gazetteer).

    Returns
    -------
    dict
        The report of :func:`ingest.evaluate.score`, with ``seconds``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "articles.jsonl").write_text('{"id": "a1", "title": "t", "published": "2025-03-28", '
    ...                                             '"text": "Nothing happened."}\\n')
    >>> _ = (folder / "gold.jsonl").write_text('{"id": "a1", "events": []}\\n')
    >>> _ = (folder / "predicted.jsonl").write_text('{"id": "a1", "events": []}\\n')
    >>> report = evaluate_corpus(folder, folder / "predicted.jsonl")
    >>> report["n_gold"], report["n_pred"]
    (0, 0)
    """
    from ingest.actors import Registry

    rows, gold = load_corpus(corpus_dir)
    started = time.perf_counter()
    if predictions:
        predicted = load_predictions(predictions)
    else:
        articles = [article_from_dict(r, origin=f"{corpus_dir}:{r.get('id')}") for r in rows]
        predicted = {p["id"]: p["events"] for p in predict(articles, extractor)}
    elapsed = time.perf_counter() - started
    report = score(gold, predicted, resolve=Registry.load().canonical_key)
    report["seconds"] = round(elapsed, 3)
    return report
