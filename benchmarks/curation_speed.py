"""How long a researcher's correction takes on a big store: fix, undo, merge, reject (prints figures).

    python benchmarks/curation_speed.py oxigraph:/tmp/dkg-synth100 [--events 100000]

Builds a synthetic store first (benchmarks/synth.py) when the path is empty, refreshes its storylines once (as
an ingest run would have), then corrects the call reported by most articles and two others, timing each
correction whole (record, rewriting the article graphs that assert the events, refreshing the storylines) and
the graph rewriting alone. The corrections are undone and the curation graph dropped at the end, so the store
is left as it was. Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from graph.analysis.storylines import refresh_storylines
from graph.namespaces import CURATION_GRAPH
from graph.storage.store import open_store, parse_store_url
from graph.write import curation


def _timed(label: str, fn):  # noqa: ANN001, ANN202 - a zero-argument callable and its result
    t = time.perf_counter()
    out = fn()
    print(f"{label:<58} {time.perf_counter() - t:7.3f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="oxigraph:PATH")
    parser.add_argument("--events", type=int, default=100_000, help="size of the synthetic store to build if empty")
    args = parser.parse_args(argv)
    _, location = parse_store_url(args.store)
    if not (Path(location).exists() and any(Path(location).iterdir())):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import synth

        print(synth.write_store(args.store, args.events))
    with open_store(args.store, write=True, wait=60) as store:
        _timed("storylines, refresh (the first of this run)", lambda: refresh_storylines(store))
        _timed("storylines, refresh with nothing changed", lambda: refresh_storylines(store))
        rows = store.select("""SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e a dkg:Call } }
                               GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 3""")
        busiest, second, third = (r["e"] for r in rows)
        print(f"the busiest call has {rows[0]['n']} sources")
        fix = _timed("fix its status (whole correction)",
                     lambda: curation.fix(store, busiest, {"status": "planned"}, by="bench", why="timing"))
        _timed("  of which rewriting its article graphs", lambda: curation.reapply(store, [busiest]))
        _timed("undo the fix", lambda: curation.undo(store, fix.iri, by="bench", why="timing"))
        merge = _timed("merge two other calls",
                       lambda: curation.merge(store, [second, third], by="bench", why="timing"))
        _timed("undo the merge", lambda: curation.undo(store, merge.iri, by="bench", why="timing"))
        reject = _timed("reject the busiest call", lambda: curation.reject(store, busiest, by="bench", why="timing"))
        _timed("undo the rejection", lambda: curation.undo(store, reject.iri, by="bench", why="timing"))
        store.drop_graph(CURATION_GRAPH)
        store.publish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
