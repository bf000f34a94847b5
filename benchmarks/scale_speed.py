"""How the cost of what a researcher sees grows with the store: 100k, 300k and 1M events. Prints figures (no pass/fail).

For each size it builds (once, then reuses) the synthetic store of ``app_speed.py`` in /tmp/dkg-bench-<N>k,
makes sure its checkpoint has its aggregates (graph.storage.aggregates: the first publish reads the whole store once),
and measures, each in a new process so that nothing is warm but the operating system's file cache:

- the dashboard's first render (Streamlit's AppTest, the Timeline page with no filter), cold then warm;
- ``queries.timeline`` for one month (what ``dkg timeline --from 2025-01 --to 2025-01`` runs), and the whole
  ``dkg timeline`` command;
- the zoomed-out per-day counts, the count of events and the sidebar's actor list, as the dashboard reads them;
- the same per-day counts in SPARQL (``queries.event_counts``: what a store without aggregates, or a remote
  engine, has to do);
- a cron run: 1,000 new article graphs (1,500 events, a third of them new sources of events already in the
  store) written through the writer, then ``publish()`` (checkpoint + incremental aggregates); the same
  articles are then removed and published again, so the store stays as built;
- peak memory (resident set) of each process, and the size of the aggregates on disk.

    python benchmarks/scale_speed.py                       # 100k, 300k, 1M (builds what is missing: ~8 min)
    python benchmarks/scale_speed.py --sizes 100000 --url http://127.0.0.1:7878/query   # against a server
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from app_speed import _APPTEST, build_store  # noqa: E402

from graph.storage import aggregates  # noqa: E402
from graph.storage.store import open_store  # noqa: E402

# Each probe runs in a new process and prints one JSON line: {name: seconds, ..., "rss_mb": peak}.
_PROBE = r"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
url, what = sys.argv[2], sys.argv[3]
out = {}
t0 = time.perf_counter()
from graph.storage import aggregates
from graph.query import queries
from graph.storage.store import open_store
store = open_store(url)
out["open_s"] = time.perf_counter() - t0
month = queries.TimelineFilter(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
if what == "timeline":
    t = time.perf_counter(); rows = queries.timeline(store, month); out["timeline_month_s"] = time.perf_counter() - t
    out["rows"] = len(rows)
    t = time.perf_counter(); rows = queries.timeline(store, month)
    out["timeline_month_again_s"] = time.perf_counter() - t
elif what == "counts":
    t = time.perf_counter(); agg = aggregates.current(store); n = agg.n_events if agg else None
    out["count_s"] = time.perf_counter() - t
    t = time.perf_counter(); days = agg.day_rows(); out["day_counts_s"] = time.perf_counter() - t
    t = time.perf_counter(); actors = agg.actor_rows(); out["actor_list_s"] = time.perf_counter() - t
    t = time.perf_counter(); n_month = int(agg.mask(month).sum()); out["count_month_s"] = time.perf_counter() - t
    out.update(events=n, day_rows=len(days), actors=len(actors), month_events=n_month)
elif what == "sparql_counts":
    t = time.perf_counter(); rows = queries.event_counts(store, bucket="day")
    out["sparql_day_counts_s"] = time.perf_counter() - t
    out["day_rows"] = len(rows)
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(out))
"""


def _probe(url: str, what: str) -> dict:
    res = subprocess.run([sys.executable, "-c", _PROBE, str(ROOT), url, what], capture_output=True, text=True,
                         cwd=ROOT, timeout=3600)
    lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"probe {what} failed:\n{res.stderr[-2000:]}")
    return json.loads(lines[-1])


def _apptest(url: str) -> dict:
    script = _APPTEST + "\nimport resource\nprint('rss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    res = subprocess.run([sys.executable, "-c", script, str(ROOT)], env=dict(os.environ, DKG_STORE=url),
                         capture_output=True, text=True, cwd=ROOT, timeout=3600)
    out = {}
    for line in res.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("cold", "warm", "rss"):
            out[parts[0]] = float(parts[1])
        elif parts and parts[0] == "EXCEPTION":
            raise SystemExit(line)
    return out


def _cli_timeline(url: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "diplomatic_kg.cli", "timeline", "--store", url,
                    "--from", "2025-01", "--to", "2025-01"],
                   cwd=ROOT, capture_output=True, check=True, timeout=3600)
    return time.perf_counter() - t


def _ensure_aggregates(path: Path) -> dict | None:
    """Publish once when the checkpoint has no aggregates yet (a full read of the store); return its report."""
    reader = open_store(f"oxigraph:{path}")
    if aggregates.current(reader) is not None:
        return None
    with open_store(f"oxigraph:{path}", write=True, wait=60) as writer:
        writer.publish()
        return writer.aggregates_report


def cron_run(path: Path, articles: int = 1000, seed: int = 11) -> dict:
    """Write ``articles`` new article graphs through the writer and publish; then remove them and publish."""
    import datetime as dt
    import random

    from rdflib import Literal, URIRef

    from graph.namespaces import ACTOR, ARTICLE, DKG, EVENT, PROV, RDF, SCHEMA, XSD, digest

    rng = random.Random(seed)
    reader = open_store(f"oxigraph:{path}")
    old = aggregates.current(reader)
    picked = sorted(rng.sample(range(old.n_events), articles // 2)) if old else []
    existing = [(URIRef(iri), aggregates.CLASSES[old.cls[i]], aggregates.STATUSES[max(0, old.status[i])],
                 dt.date.fromordinal(int(old.point[i])) if old.point[i] > 0 else None)
                for iri, i in zip(old.iris(picked), picked, strict=True)] if old else []
    out: dict = {}
    with open_store(f"oxigraph:{path}", write=True, wait=60) as writer:
        t = time.perf_counter()
        graphs = []
        for k in range(articles):
            g = ARTICLE[digest("cron-article", k)]
            graphs.append(g)
            triples = [(g, RDF.type, DKG.Article), (g, SCHEMA.headline, Literal(f"Cron report {k}")),
                       (g, DKG.contentHash, Literal(digest("cron-hash", k, length=64))),
                       (g, SCHEMA.datePublished, Literal("2026-01-02", datatype=XSD.date))]
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(30))
            events = [(EVENT[digest("cron-event", k)], "Call", "occurred", day)]
            if k % 2 == 0 and existing:
                events.append(existing[k // 2])  # one more source of an event already in the store
            for e, cls, status, day in events:
                triples += [(e, RDF.type, DKG[cls]), (e, DKG.status, Literal(status)),
                            (e, DKG.participant, ACTOR[f"person-{rng.randrange(400):03d}"]),
                            (e, DKG.participant, ACTOR[f"person-{rng.randrange(400):03d}"]),
                            (e, PROV.wasDerivedFrom, g), (e, DKG.evidence, Literal("Two leaders spoke by phone."))]
                if day:
                    triples.append((e, DKG.date, Literal(day.isoformat(), datatype=XSD.date)))
            writer.replace_graph(g, triples)
        writer.wait_for_writes()
        out["write_s"] = time.perf_counter() - t
        t = time.perf_counter()
        writer.publish()
        out["publish_s"] = time.perf_counter() - t
        out["publish_report"] = writer.aggregates_report
        t = time.perf_counter()
        for g in graphs:
            writer.drop_graph(g)
        out["remove_s"] = time.perf_counter() - t
        t = time.perf_counter()
        writer.publish()
        out["publish_after_remove_s"] = time.perf_counter() - t
        out["publish_after_remove_report"] = writer.aggregates_report
    return out


def _du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    ap.add_argument("--no-cron", action="store_true", help="Skip the cron-run publish (it writes to the store).")
    ap.add_argument("--url", default=None, help="A SPARQL server holding the same data (timeline and SPARQL counts "
                    "only; its store is the server's).")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    table = []
    for n in args.sizes:
        path = Path(tempfile.gettempdir()) / f"dkg-bench-{n // 1000}k"
        url = args.url or f"oxigraph:{path}"
        row: dict = {"events": n}
        if not args.url:
            if not (path / "CURRENT").exists():
                t = time.perf_counter()
                build_store(path, n)
                print(f"built {path} in {time.perf_counter() - t:.0f} s")
            first = _ensure_aggregates(path)
            if first:
                print(f"  first aggregates of {path.name}: {first}")
            row["apptest"] = _apptest(url)
            row["counts"] = _probe(url, "counts")
        row["timeline"] = _probe(url, "timeline")
        row["cli_timeline_s"] = _cli_timeline(url)
        row["sparql_counts"] = _probe(url, "sparql_counts")
        if not args.url:
            if not args.no_cron:
                row["cron"] = cron_run(path)
            state = open_store(url).state_id()
            row["aggregates_mb"] = _du(aggregates.folder(path) / state)
        print(json.dumps(row), flush=True)
        table.append(row)
    print()
    print("| events | first render cold / warm (RSS) | timeline, one month (rows) | `dkg timeline` | per-day counts "
          "/ count / actors | per-day counts in SPARQL | publish after 1,000 articles | aggregates on disk |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in table:
        a, c, tl, cr = r.get("apptest", {}), r.get("counts", {}), r["timeline"], r.get("cron", {})
        print(f"| {r['events']:,} | {a.get('cold', float('nan')):.2f} s / {a.get('warm', float('nan')):.2f} s "
              f"({a.get('rss', 0):.0f} MB) | {tl['timeline_month_s']:.2f} s ({tl['rows']:,}; {tl['rss_mb']} MB) | "
              f"{r['cli_timeline_s']:.2f} s | {c.get('day_counts_s', 0) * 1000:.0f} / {c.get('count_s', 0) * 1000:.0f}"
              f" / {c.get('actor_list_s', 0) * 1000:.0f} ms | {r['sparql_counts']['sparql_day_counts_s']:.1f} s | "
              f"{cr.get('publish_s', float('nan')):.2f} s | {r.get('aggregates_mb', 0):.0f} MB |")


if __name__ == "__main__":
    main()
