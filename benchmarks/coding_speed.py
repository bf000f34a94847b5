"""Time who-acts-for-whom and the country level on a synthetic store (issue 15): refreshing the coding graph
(first, unchanged), reading the affiliations into the projection, folding it to countries, and the panel export.

    python benchmarks/synth.py 100000 oxigraph:/tmp/dkg-synth
    python benchmarks/coding_speed.py oxigraph:/tmp/dkg-synth

The synthetic people hold no offices, so each is first given one (a random country, a start and maybe an end
date within the synthetic years) in the gazetteer graph, as the gazetteer's people have.
"""

from __future__ import annotations

import argparse
import random
import time

from graph import exports
from graph.analysis import levels, network
from graph.namespaces import ACTORS_GRAPH, DKG, OFFICE
from graph.query import coding, projection
from graph.storage.store import open_store

ROLES = ["head_of_government", "foreign_minister", "other"]


def _timed(label: str, fn):  # noqa: ANN001, ANN202 - a small benchmark helper
    t0 = time.perf_counter()
    value = fn()
    print(f"{label:<60} {time.perf_counter() - t0:7.2f} s")
    return value


def _give_offices(url: str, seed: int = 7) -> int:
    rng = random.Random(seed)
    with open_store(url, write=True) as store:
        people = [r["p"] for r in store.select("SELECT ?p WHERE { ?p a dkg:Person }")]
        countries = [r["c"] for r in store.select("SELECT ?c WHERE { ?c a dkg:Country }")]
        if not people or not countries or store.select("SELECT ?o WHERE { ?p dkg:holdsOffice ?o } LIMIT 1"):
            return 0
        lines = []
        for p in people:
            o = OFFICE[f"synth-{p.rsplit('/', 1)[-1]}"]
            start = f"{rng.randint(2015, 2022)}-{rng.randint(1, 12):02d}-01"
            lines += [f"<{p}> {DKG.holdsOffice.n3()} {o.n3()} .", f"{o.n3()} a {DKG.OfficeTerm.n3()} .",
                      f"{o.n3()} {DKG.officeOf.n3()} <{rng.choice(countries)}> .",
                      f'{o.n3()} {DKG.role.n3()} "{rng.choice(ROLES)}" .',
                      f'{o.n3()} {DKG.officeTitle.n3()} "Minister" .',
                      f'{o.n3()} {DKG.startDate.n3()} "{start}"^^<http://www.w3.org/2001/XMLSchema#date> .']
            if rng.random() < 0.5:
                lines.append(f'{o.n3()} {DKG.endDate.n3()} "{rng.randint(2023, 2025)}-06-30"'
                             "^^<http://www.w3.org/2001/XMLSchema#date> .")
        store.update(f"INSERT DATA {{ GRAPH {ACTORS_GRAPH.n3()} {{\n" + "\n".join(lines) + "\n} }")
        store.publish()
        return len(people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", help="oxigraph:PATH of a synthetic store (benchmarks/synth.py)")
    args = parser.parse_args()
    n = _give_offices(args.store)
    if n:
        print(f"gave an office to {n:,} synthetic people")
    with open_store(args.store, write=True) as store:
        codes, affs = _timed("compute affiliations and codes (three queries + Python)", lambda: coding.compute(store))
        print(f"  {len(codes):,} events coded, {len(affs):,} affiliations")
        written = _timed("refresh_coding, first (or after the offices changed)", lambda: coding.refresh_coding(store))
        print(f"  {written:,} triples written")
        _timed("refresh_coding, nothing changed", lambda: coding.refresh_coding(store))
        store.publish()
    store = open_store(args.store)
    proj = _timed("projection (from its disk cache when there is one)", lambda: network.projection(store))
    _timed("affiliations into the projection (projection.acting)", lambda: projection.acting(proj, store))
    _timed("fold to country level (graph.analysis.levels)", lambda: levels.at_level(store, proj, "country"))
    with network.level("country"):
        _timed("central, country level (strength)", lambda: network.central(store, top=10))
    data = _timed("panel export, every event, monthly", lambda: exports.export(store, None, "panel").data)
    rows = data.count(b"\n") - 1
    print(f"  {rows:,} rows, {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
