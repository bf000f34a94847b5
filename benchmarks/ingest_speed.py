"""Ingest speed: articles per second for extraction alone and for extraction + store writes, against a
naive baseline run in the same process (dateparser's search_dates over each article + an rdflib in-memory
graph), on the dev corpus repeated to at least N articles (default 2,000).

    python benchmarks/ingest_speed.py [--corpus ../shared/corpus/dev] [-n 2000] [--workers 2]

Prints figures; asserts nothing. Each line gives the wall-clock rate and, in brackets, the rate per second of
this process's CPU time, which other work on a shared machine disturbs less.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from graph.namespaces import DKG, RDF
from graph.storage.store import open_store
from ingest.article import Article
from ingest.events import Extractor
from ingest.pipeline import ingest_items
from ingest.sources import article_from_dict

ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path, n: int) -> list[Article]:
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    out = []
    k = 0
    while len(out) < n:
        for r in rows:
            r = dict(r, id=f"{r['id']}-{k}", url=None)  # distinct articles, same text
            out.append(article_from_dict(r, origin=f"bench:{k}"))
        k += 1
    return out[:n]


def rate(n: int, seconds: float, cpu: float | None = None) -> str:
    out = f"{n / seconds:8.1f} articles/s  ({seconds * 1000 / n:6.2f} ms/article, {seconds:6.2f} s)"
    return out + (f"  [CPU {n / cpu:6.1f} articles/s]" if cpu else "")


def naive(articles: list[Article]) -> tuple[float, float]:
    """What one would write first: search_dates over the text, triples into an rdflib graph (wall and CPU
    seconds)."""
    from dateparser.search import search_dates

    ds = Dataset()
    started, cpu = time.perf_counter(), time.process_time()
    for i, a in enumerate(articles):
        found = search_dates(a.text, languages=["en"]) or []
        g = ds.graph(URIRef(f"urn:article:{i}"))
        for j, (text, when) in enumerate(found):
            e = URIRef(f"urn:article:{i}#d{j}")
            g.add((e, RDF.type, DKG.Event))
            g.add((e, DKG.evidence, Literal(text)))
            g.add((e, DKG.date, Literal(when.date())))
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="also time `dkg ingest` of files with 1 and N workers")
    ap.add_argument("--baseline-n", type=int, default=300,
                    help="articles for the naive baseline (it is slow; its rate is per article anyway)")
    args = ap.parse_args()
    articles = load(args.corpus, args.n)
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    print(f"{len(articles)} articles (dev corpus repeated), {words:.0f} words each on average")

    extractor = Extractor()
    extractor(articles[0])  # load the pipeline and gazetteer outside the timings

    started, cpu = time.perf_counter(), time.process_time()
    n_events = sum(len(extractor(a)) for a in articles)
    extract_s, extract_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"extraction alone             {rate(len(articles), extract_s, extract_cpu)}  {n_events} events")

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"oxigraph:{tmp}/store", write=True)
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest_items(store, articles, extractor=extractor)
        store.publish()
        write_s, write_cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    print(f"extraction + Oxigraph writes {rate(len(articles), write_s, write_cpu)}  {report.triples_written} triples")

    if args.workers > 1:  # the cron path: files in a folder, extraction in worker processes, one writer
        from ingest.feeds import SourceSpec
        from ingest.pipeline import run_sources

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i, a in enumerate(articles):
                (folder / f"a{i:05d}.json").write_text(json.dumps(
                    {"id": a.id, "title": a.title, "published": a.published, "text": a.text}), encoding="utf-8")
            for workers in (1, args.workers):
                started = time.perf_counter()
                run_sources([SourceSpec("path", str(folder))], f"oxigraph:{tmp}/store{workers}", workers=workers)
                print(f"dkg ingest --workers {workers}      {rate(len(articles), time.perf_counter() - started)}")

    base = articles[: args.baseline_n]
    base_s, base_cpu = naive(base)
    print(f"naive baseline               {rate(len(base), base_s, base_cpu)}  (search_dates + rdflib Dataset)")
    print(f"speed-up: extraction + writes is {len(articles) / write_s / (len(base) / base_s):.1f}x the baseline "
          f"(CPU time: {len(articles) / write_cpu / (len(base) / base_cpu):.1f}x)")


if __name__ == "__main__":
    main()
