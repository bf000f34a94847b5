"""Speed of graph.analysis.storylines on a large store: prints figures, asserts nothing.

    python benchmarks/storylines_speed.py oxigraph:/tmp/dkg-synth            # an existing store (opened to write)
    python benchmarks/storylines_speed.py oxigraph:/tmp/dkg-synth --events 200000   # build it first if empty

Prints the time of each phase of ``refresh_storylines`` (actor table, the events query, computing the threads,
writing the graph), the time of a full refresh that writes and of one that finds the graph unchanged, what was
found (storylines by kind, links), and the reading functions' latency.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph.analysis import storylines as sl  # noqa: E402
from graph.namespaces import STORYLINES_GRAPH  # noqa: E402
from graph.storage.store import open_store, parse_store_url  # noqa: E402


def _add_measures(store, result: sl.Storylines, n: int) -> int:  # noqa: ANN001 - a Store
    """Write one article graph holding ``n`` new measures, each continuing a tariff thread a day after its end."""
    import datetime as dt

    from rdflib import Literal, URIRef

    from graph.namespaces import ARTICLE, DKG, EVENT, PROV, RDF, XSD, digest

    g = ARTICLE[digest("storylines-benchmark")]
    triples = [(g, RDF.type, DKG.Article)]
    threads = [s for s in result.storylines if s.kind == "tariff" and s.goods != "*"][:: 97][:n]
    for i, s in enumerate(threads):
        e = EVENT[digest("storylines-benchmark", i)]
        day = dt.date.fromordinal(s.last + 1).isoformat()
        triples += [(e, RDF.type, DKG.TariffMeasure), (e, PROV.wasDerivedFrom, g), (e, DKG.status, Literal("occurred")),
                    (e, DKG.date, Literal(day, datatype=XSD.date)), (e, DKG.tariffAction, Literal("raised")),
                    (e, DKG.goods, Literal(s.goods)), (e, DKG.imposer, URIRef(s.imposer))]
        if s.target:
            triples.append((e, DKG.target, URIRef(s.target)))
    store.replace_graph(g, triples)
    return len(threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="oxigraph:PATH")
    parser.add_argument("--events", type=int, default=0, help="build a synthetic store of this size when empty")
    parser.add_argument("--repeat", type=int, default=3, help="full refreshes to time")
    args = parser.parse_args(argv)
    _, location = parse_store_url(args.store)
    if args.events and not (Path(location).exists() and any(Path(location).iterdir())):
        import synth

        print(synth.write_store(args.store, args.events))
    with open_store(args.store, write=True, wait=60) as store:
        t0 = time.perf_counter()
        actors, labels = sl._actor_table(store)
        t1 = time.perf_counter()
        events = sl.read_events(store, actors)
        t2 = time.perf_counter()
        result = sl.compute(events, actors, labels)
        t3 = time.perf_counter()
        triples = sl.graph_lines(result)
        t4 = time.perf_counter()
        print(f"{len(events):,} events, {len(actors):,} actors")
        print(f"actor table {t1 - t0:.2f} s · events query {t2 - t1:.2f} s · compute {t3 - t2:.2f} s · "
              f"triples {t4 - t3:.2f} s")
        kinds = {k: sum(1 for s in result.storylines if s.kind == k) for k in sl.KINDS}
        sizes = [len(s.events) for s in result.storylines]
        print(f"storylines {kinds}, events per storyline median {statistics.median(sizes) if sizes else 0}, "
              f"max {max(sizes, default=0)}; links {result.n_links:,}, "
              f"retaliations {len(result.retaliations):,}, calls leading to meetings {len(result.leads_to):,}; "
              f"{len(triples):,} triples")
        store.drop_graph(STORYLINES_GRAPH)
        t = time.perf_counter()
        written = sl.refresh_storylines(store)
        print(f"first refresh, the whole graph written ({written:,} triples): {time.perf_counter() - t:.2f} s")
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            again = sl.refresh_storylines(store)
            times.append(time.perf_counter() - t)
        print(f"refresh with nothing new ({again} triples written): {', '.join(f'{x:.2f}' for x in times)} s")
        # A typical ingest run: a few new measures continue existing threads, so a few storylines change.
        changed = _add_measures(store, result, 20)
        t = time.perf_counter()
        written = sl.refresh_storylines(store)
        print(f"refresh after {changed} new tariff measures ({written:,} triples written): "
              f"{time.perf_counter() - t:.2f} s")
        if result.storylines:
            busiest = max(result.storylines, key=lambda s: len(s.events))
            sample = result.storylines[:: max(1, len(result.storylines) // 50)]
            for name, fn, arg in (("storylines_of_event", sl.storylines_of_event, [s.events[0] for s in sample]),
                                  ("storyline", sl.storyline, [s.iri for s in sample]),
                                  ("storylines_of_actor", sl.storylines_of_actor, [s.actors[0] for s in sample])):
                lat = []
                for a in arg:
                    t = time.perf_counter()
                    fn(store, a)
                    lat.append(time.perf_counter() - t)
                print(f"{name}: median {statistics.median(lat) * 1000:.1f} ms, max {max(lat) * 1000:.1f} ms")
            t = time.perf_counter()
            sl.storyline(store, busiest.iri)
            print(f"storyline with the most events ({len(busiest.events)}): {(time.perf_counter() - t) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
