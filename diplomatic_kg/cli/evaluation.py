"""Extraction commands: extract (events as gold-format JSON lines) and eval (score against a gold corpus)."""

from __future__ import annotations

import json
import sys

import click

from ingest.article import Article
from ingest.evaluate import format_report
from ingest.predict import evaluate_corpus, predict
from ingest.sources import SourceError, read_paths


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON line per article (the default output).")
def extract(paths: tuple[str, ...], as_json: bool) -> None:
    """Extract events from articles without writing them anywhere; print one JSON line per article,
    ``{"id": ..., "events": [...]}``, in the gold annotation format (GOLD_FORMAT.md).

    \b
    Example:
      dkg extract ../shared/corpus/dev/articles.jsonl --json > predictions.jsonl
    """
    articles: list[Article] = []
    failed = 0
    for item in read_paths(paths):
        if isinstance(item, SourceError):
            click.echo(f"failed: {item}", err=True)
            failed += 1
        else:
            articles.append(item)
    for row in predict(articles):
        click.echo(json.dumps(row, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@click.command(name="eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="List every missed and spurious event with its sentence.")
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score these predictions (JSON lines from `dkg extract`) instead of running the extractor.")
def evaluate(corpus_dir: str, as_json: bool, errors: bool, predictions: str | None) -> None:
    """Score the extractor against a gold corpus (articles.jsonl + gold.jsonl, GOLD_FORMAT.md).

    Prints precision / recall / F1 ignoring dates, the same requiring the date, per-type rows, and the
    agreement of status, tariff action and rate among matched events.

    \b
    Example:
      dkg eval ../shared/corpus/dev --errors
    """
    report = evaluate_corpus(corpus_dir, predictions)
    if as_json:
        if not errors:
            report = {k: v for k, v in report.items() if k != "errors"}
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(format_report(report, errors=errors))


COMMANDS = [extract, evaluate]
