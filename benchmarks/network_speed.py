"""Speed of the network queries (graph.analysis.network) on a large store: prints figures, asserts nothing.

    python benchmarks/network_speed.py oxigraph:/tmp/dkg-synth            # an existing store
    python benchmarks/network_speed.py oxigraph:/tmp/dkg-synth --events 200000   # build it first if empty

Prints: the projection's build time from the store and its peak memory, its load time from the disk
cache, the interaction graph's build time (whole period and one year), the median latency of
related / path / pair (including the SPARQL for event details) over a sample of actors, the busiest
actor's figures, and the time of degree / pagerank / betweenness / communities (first computation and
served from the cache).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph.analysis import network  # noqa: E402
from graph.storage.store import open_store, parse_store_url  # noqa: E402


def rss_mb() -> float:
    """Current resident memory of this process (MB)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kwargs):  # noqa: ANN001, ANN201 - a tiny helper
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def latencies(label: str, calls: list) -> list[float]:  # noqa: ANN001
    """Run each zero-argument call once; print median / p90 / max."""
    times = []
    for call in calls:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"  {label:<46} median {ms(statistics.median(times)):>10}   p90 {ms(p90):>10}   max {ms(times[-1]):>10}"
          f"   (n={len(times)})")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="oxigraph:PATH")
    parser.add_argument("--events", type=int, default=0, help="build a synthetic store of this size when empty")
    parser.add_argument("--samples", type=int, default=200, help="actors sampled for the latency figures")
    parser.add_argument("--builds", type=int, default=3, help="projection builds to time (the median is shown)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _, location = parse_store_url(args.store)
    if args.events and not (Path(location) / "CURRENT").exists():
        import synth

        print(f"building a synthetic store of {args.events:,} events at {location} ...")
        figures = synth.write_store(args.store, args.events)
        print(f"  {figures['events']:,} events, {figures['actors']:,} actors, {figures['quads']:,} quads in "
              f"{figures['total_s']} s (generation {figures['generate_s']} s)")

    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    store = open_store(args.store)
    t, quads = timed(store.count_triples)
    print(f"store: {quads:,} quads ({args.store}; counting took {t:.1f} s)")

    print("\nprojection (from the store: 3 SPARQL queries + actor names)")
    base_rss = rss_mb()
    builds = []
    for _ in range(args.builds):
        network.forget_projections()
        load = os.getloadavg()[0]
        t, proj = timed(network.projection, store, disk_cache=False)
        builds.append((t, load))
    s = proj.summary()
    print(f"  {s['events']:,} events, {s['actors']:,} actors with events, {s['memberships']:,} memberships, "
          f"{s['pairs']:,} interaction rows")
    times = [b for b, _ in builds]
    print(f"  build from the store: median {statistics.median(times):.2f} s, best {min(times):.2f} s of {len(builds)} "
          f"(s @ load average before: {', '.join(f'{b:.2f} @ {x:.1f}' for b, x in builds)})")
    print(f"  process memory: {rss_mb():.0f} MB resident after (+{rss_mb() - base_rss:.0f} MB), "
          f"peak {peak_mb():.0f} MB")
    network.forget_projections()
    tracemalloc.start()
    network.projection(store, disk_cache=False)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  Python-side allocations while building: peak {peak / 1e6:.0f} MB, kept {current / 1e6:.0f} MB "
          "(tracemalloc; Oxigraph's own memory not included)")
    network.forget_projections()
    t, proj = timed(network.projection, store)  # writes the disk cache
    network.forget_projections()
    t, proj = timed(network.projection, store)
    print(f"  load from the disk cache (a new process, same checkpoint): {t:.2f} s ({proj.loaded_from})")
    t, _ = timed(store.state_id)
    print(f"  cache check (store.state_id()): {ms(t)}")

    print("\ninteraction graph (networkx, from the projection)")
    t, G = timed(network.interaction_graph, store)
    print(f"  whole period: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges in {t:.2f} s")
    last_year = max(d for d in proj.point.tolist() if d)
    import datetime as dt

    end = dt.date.fromordinal(last_year)
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
    window = {"start": start, "end": end}
    t, Gw = timed(network.interaction_graph, store, **window)
    print(f"  one year ({start}..{end}): {Gw.number_of_nodes():,} nodes, {Gw.number_of_edges():,} edges in {t:.2f} s")
    t, _ = timed(network.interaction_graph, store, **window)
    print(f"  the same window again (cached): {ms(t)}")

    rng = random.Random(args.seed)
    active = [proj.actors[i] for i in range(proj.n_actors) if len(proj.actor_event_rows(i))]
    sample = rng.sample(active, min(args.samples, len(active)))
    busiest = max(range(proj.n_actors), key=lambda i: len(proj.actor_event_rows(i)))
    busiest_iri = proj.actors[busiest]
    strongest = {a: (network.related(store, a) or [{"iri": None}])[0]["iri"] for a in sample}
    print(f"\nlatency over {len(sample)} random actors with events (busiest: {proj.labels[busiest]}, "
          f"{len(proj.actor_event_rows(busiest)):,} events)")
    latencies("related(actor)", [lambda a=a: network.related(store, a) for a in sample])
    latencies("related(actor, one-year window)", [lambda a=a: network.related(store, a, **window) for a in sample])
    latencies("related(actor, types=[Call], min_sources=2)",
              [lambda a=a: network.related(store, a, types=["Call"], min_sources=2) for a in sample])
    pairs = [(a, rng.choice(active)) for a in sample]
    pairs = [(a, b) for a, b in pairs if a != b]
    hops = []
    latencies("shortest_path(a, b) incl. hop details (SPARQL)",
              [lambda a=a, b=b: hops.append(len(network.shortest_path(store, a, b))) for a, b in pairs])
    print(f"    (path lengths: median {statistics.median(hops):.0f} hops, {hops.count(0)} without a chain)")
    latencies("shortest_path(a, b, one-year window)",
              [lambda a=a, b=b: network.shortest_path(store, a, b, **window) for a, b in pairs])
    with_partner = [(a, b) for a, b in strongest.items() if b]
    latencies("pair(a, strongest tie) incl. sources (SPARQL)",
              [lambda a=a, b=b: network.pair(store, a, b) for a, b in with_partner])
    latencies("pair(a, strongest tie), projection only",
              [lambda a=a, b=b: network.pair(store, a, b, details=False) for a, b in with_partner])
    latencies("ego(actor, radius=1)", [lambda a=a: network.ego(store, a, radius=1) for a in sample[:50]])
    print("  busiest actor:")
    t, rows = timed(network.related, store, busiest_iri)
    print(f"    related: {ms(t)} ({len(rows):,} counterparts)")
    partner = rows[0]["iri"]
    t, p = timed(network.pair, store, busiest_iri, partner)
    print(f"    pair with its strongest tie: {ms(t)} ({p['count']:,} events, sources of each read by SPARQL)")
    t, p = timed(network.pair, store, busiest_iri, partner, details=False)
    print(f"    the same pair without the SPARQL for sources: {ms(t)}")

    print("\ncentrality and communities (whole period; first computation, then served from the cache)")
    for measure in ("degree", "strength", "pagerank", "betweenness"):
        t, top = timed(network.central, store, measure=measure, top=5)
        t2, _ = timed(network.central, store, measure=measure, top=5)
        extra = f" (estimated from {network.BETWEENNESS_PIVOTS} BFS sources)" if measure == "betweenness" else ""
        print(f"  {measure:<12} first {t:7.2f} s, cached {ms(t2):>10}; top: "
              f"{', '.join(r['label'] for r in top[:3])}{extra}")
    t, _ = timed(network.central, store, measure="pagerank", **window)
    print(f"  pagerank for the one-year window: {t:.2f} s")
    t, groups = timed(network.communities, store)
    print(f"  communities (Louvain): {len(groups):,} in {t:.1f} s; largest {len(groups[0]):,} actors")
    t, groups = timed(network.communities, store, **window)
    print(f"  communities for the one-year window: {t:.1f} s")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}; peak memory of this process {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
