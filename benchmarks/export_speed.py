"""Speed of the citable exports (graph.exports) on a large store: prints figures, asserts nothing.

    python benchmarks/export_speed.py oxigraph:/tmp/dkg-synth                   # an existing store
    python benchmarks/export_speed.py oxigraph:/tmp/dkg-synth --events 100000    # build it first if empty
    python benchmarks/export_speed.py oxigraph:/tmp/dkg-synth --formats csv gexf graphml timelinejs jsonld

Prints, for every event and for one filtered view (calls of the year before the latest date): the time of each
format's export and its size; and the snapshot identifier's time, computed from the store and read back
from PATH/cache. Each export runs in this one process, after the projection is loaded (as in `dkg export`
after the first command on a checkpoint).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph import exports  # noqa: E402
from graph.analysis import network
from graph.query.queries import TimelineFilter, date_span  # noqa: E402
from graph.storage import snapshot
from graph.storage.store import open_store, parse_store_url  # noqa: E402


def timed(fn, *args, **kwargs):  # noqa: ANN001, ANN201 - a tiny helper
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="oxigraph:PATH")
    parser.add_argument("--events", type=int, default=0, help="build a synthetic store of this many events first")
    parser.add_argument("--formats", nargs="+", default=["csv", "gexf"], choices=list(exports.FORMATS))
    args = parser.parse_args(argv)
    scheme, location = parse_store_url(args.store)
    if args.events and not (Path(location) / "CURRENT").exists():
        import synth

        synth.write_store(args.store, args.events)
    store = open_store(args.store)
    n_quads = store.count_triples()
    for f in (Path(location) / "cache").glob("snapshot-*"):
        f.unlink()
    snapshot._MEMO.clear()
    t_snap, sid = timed(snapshot.snapshot_id, store)
    snapshot._MEMO.clear()
    t_cached, _ = timed(snapshot.snapshot_id, store)
    t_proj, proj = timed(network.projection, store)
    print(f"store {args.store}: {proj.n_events:,} events, {n_quads:,} quads")
    print(f"snapshot {sid}: {t_snap:.2f} s from the store, {t_cached * 1000:.1f} ms from PATH/cache")
    print(f"projection ({proj.loaded_from}): {t_proj:.2f} s")
    _, hi = date_span(store)
    last_year = dt.date.fromisoformat(hi[:10]).year - 1 if hi else 2024  # the last whole year
    views = [("every event", TimelineFilter()),
             (f"calls of {last_year}", TimelineFilter(types=("Call",), start=dt.date(last_year, 1, 1),
                                                       end=dt.date(last_year, 12, 31)))]
    for name, flt in views:
        for fmt in args.formats:
            seconds, result = timed(exports.export, store, flt, fmt)
            print(f"{name:<18} {fmt:<10} {result.events:>8,} events  {seconds:6.2f} s  "
                  f"{len(result.data) / 1e6:7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
