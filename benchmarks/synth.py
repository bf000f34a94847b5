"""Write a synthetic but realistic store of N diplomatic events, for benchmarks (never for results).

    python benchmarks/synth.py 200000 oxigraph:/tmp/dkg-synth [--actors 5000] [--years 2019-2025] [--seed 7]

The RDF has the project's own shape: the same predicates, event IRIs and named-graph-per-article layout
as ``ingest/rdf.py`` writes, the actors in the gazetteer graph as ``ingest.actors.actor_triples`` writes
them. What makes it realistic for network queries:

- heavy-tailed activity: each actor's activity is Pareto-distributed (countries and blocs busier than
  people), so a few actors take part in thousands of events and most in a handful;
- regions: 70% of interactions stay within one of eight regions (the communities Louvain should find);
- a mix of calls, meetings, visits, summits (3 to 30 participants) and tariff measures (imposer -> target)
  with statuses, day / month / bounds-only dates spread over several years;
- several sources per event (geometric, 1 to 15): one event node asserted in several article graphs.

The quads are generated as N-Quads text and loaded with Oxigraph's bulk loader, then a checkpoint is
published so that readers (``open_store(url)``) see the new data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from rdflib import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.namespaces import (  # noqa: E402
    ACTORS_GRAPH,
    ARTICLE,
    DKG,
    EVENT,
    PROV,
    RDF,
    SCHEMA,
    XSD,
    digest,
    slug,
)
from graph.storage.store import StoreError, open_store, parse_store_url  # noqa: E402
from ingest.actors import Actor, actor_triples  # noqa: E402

REGIONS = 8
SYLLABLES = ("ka ra lo ve mi sa to ne da ri ba lu zo pe ti ma no ga fe ro su li an el or is un ar en "
             "ko va de tu si mo ya he bo ci").split()
FIRST = ("Anna Boris Chen Dara Elena Farid Greta Hugo Ines Jonas Kemal Lina Marco Nadia Omar Pia Rafael "
         "Sara Tomas Ute Victor Wen Yusuf Zofia Aiko Bruno Carla Diego Eva Fatima").split()
OUTLETS = ("Reuters AP AFP Bloomberg CBC BBC Politico Globe Guardian Nikkei Hindu Folha").split()
TRIGGERS = {"Call": "spoke by phone", "Meeting": "met", "Visit": "visited", "Summit": "summit",
            "TariffMeasure": "tariffs"}
ACTIONS = ("imposed", "raised", "announced", "paused", "lifted", "retaliatory", "exempted")
GOODS = ("steel", "aluminum", "autos", "lumber", "dairy", "semiconductors", "energy", "all imports")
EXTRACTOR_VERSION = "synth-0.1"

_TYPE = RDF.type.n3()
_P = {name: DKG[name].n3() for name in (
    "evidence", "trigger", "status", "confidence", "extractorVersion", "date", "datePrecision", "notBefore",
    "notAfter", "imposer", "target", "tariffAction", "rate", "goods", "participant", "outlet", "contentHash",
    "publishedSource")}
_DERIVED = PROV.wasDerivedFrom.n3()
_CLS = {c: DKG[c].n3() for c in ("Call", "Meeting", "Visit", "Summit", "TariffMeasure", "Article")}
_XSD_DATE = f"^^{XSD.date.n3()}"
_XSD_DECIMAL = f"^^{XSD.decimal.n3()}"
_XSD_DATETIME = f"^^{XSD.dateTime.n3()}"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _name(rng: np.random.Generator, parts: int) -> str:
    return "".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), parts)).capitalize()


def make_actors(n: int, rng: np.random.Generator) -> tuple[list[Actor], np.ndarray, np.ndarray]:
    """n actors (about 4% countries, 1% blocs, the rest people), their activity and their region."""
    n_countries = max(4, n // 25)
    n_orgs = max(1, n // 100)
    actors: list[Actor] = []
    seen: set[str] = set()

    def unique(make) -> str:  # noqa: ANN001 - a tiny local callable
        while True:
            value = make()
            if value not in seen:
                seen.add(value)
                return value

    for _ in range(n_countries):
        name = unique(lambda: _name(rng, int(rng.integers(2, 4))) + "ia")
        code = unique(lambda name=name: (name[:2] + chr(65 + int(rng.integers(0, 26)))).upper())
        actors.append(Actor(id=code, name=name, kind="country", metonyms=(_name(rng, 2) + " City",)))
    for _ in range(n_orgs):
        name = unique(lambda: "Union of " + _name(rng, 3) + " States")
        acronym = unique(lambda: "".join(chr(65 + int(i)) for i in rng.integers(0, 26, 4)))
        actors.append(Actor(id=acronym, name=name, kind="organisation", aliases=(acronym,)))
    while len(actors) < n:
        surname = _name(rng, int(rng.integers(2, 4)))
        name = unique(lambda surname=surname: f"{FIRST[int(rng.integers(0, len(FIRST)))]} {surname}")
        actors.append(Actor(id=slug(name), name=name, kind="person", aliases=(surname,)))
    activity = rng.pareto(1.1, n) + 1.0
    activity[: n_countries + n_orgs] *= 5.0  # states and blocs are the busiest actors
    region = rng.integers(0, REGIONS, n)
    return actors, activity, region


class _Sampler:
    """Activity-weighted draws of actor indices, globally or within a region, in cheap batches."""

    def __init__(self, weights: np.ndarray, region: np.ndarray, rng: np.random.Generator,
                 pool: np.ndarray | None = None) -> None:
        self.rng = rng
        idx = np.arange(len(weights)) if pool is None else pool
        self.pools = {None: idx} | {r: idx[region[idx] == r] for r in range(REGIONS)}
        self.cum = {k: np.cumsum(weights[v]) for k, v in self.pools.items()}
        self.buffers: dict = {}

    def draw(self, region: int | None = None) -> int:
        buf = self.buffers.get(region)
        if not buf:
            pool, cum = self.pools[region], self.cum[region]
            if len(pool) == 0:
                return self.draw(None)
            picks = np.searchsorted(cum, self.rng.random(4096) * cum[-1])
            buf = self.buffers[region] = pool[picks].tolist()
        return buf.pop()


def make_events(n: int, actors: list[Actor], activity: np.ndarray, region: np.ndarray,
                years: tuple[int, int], rng: np.random.Generator) -> list[dict]:
    """n distinct events (distinct deterministic IRIs), in date order."""
    states = np.array([i for i, a in enumerate(actors) if a.kind != "person"])
    anyone = _Sampler(activity, region, rng)
    governments = _Sampler(activity, region, rng, pool=states)
    start = dt.date(years[0], 1, 1).toordinal()
    span = dt.date(years[1], 12, 31).toordinal() - start
    classes = rng.choice(["Call", "Meeting", "Visit", "Summit", "TariffMeasure"], size=n * 2,
                         p=[0.40, 0.24, 0.10, 0.04, 0.22])
    events: list[dict] = []
    keys: set[str] = set()
    i = 0
    while len(events) < n:
        cls = str(classes[i % len(classes)])
        i += 1
        sampler = governments if cls == "TariffMeasure" else anyone
        first = sampler.draw()
        local = int(region[first]) if rng.random() < 0.7 else None
        size = {"Summit": int(min(30, 3 + rng.geometric(0.15))), "Meeting": 3 if rng.random() < 0.2 else 2}
        wanted = size.get(cls, 2)
        members = [first]
        for _ in range(wanted * 4):
            if len(members) == wanted:
                break
            other = sampler.draw(local)
            if other not in members:
                members.append(other)
        if len(members) < 2:
            continue
        # Later years are busier (news volume grows), so days are drawn with a rising density.
        day = dt.date.fromordinal(start + int(span * np.sqrt(rng.random())))
        u = rng.random()
        if u < 0.90:
            when = {"date": day, "precision": "day"}
            date_key = f"{day.isoformat()}/day"
        elif u < 0.96:
            first_day = day.replace(day=1)
            last_day = (first_day + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            when = {"date": first_day, "precision": "month", "after": first_day, "before": last_day}
            date_key = f"{first_day.isoformat()}/month"
        else:
            lo = day - dt.timedelta(days=int(rng.integers(0, 10)))
            hi = day + dt.timedelta(days=int(rng.integers(1, 10)))
            when = {"date": None, "precision": "bounds", "after": lo, "before": hi}
            date_key = f"{lo.isoformat()}..{hi.isoformat()}"
        status = "occurred"
        if cls == "TariffMeasure":
            action = ACTIONS[int(rng.integers(0, len(ACTIONS)))]
            rate = float(rng.choice([10, 15, 20, 25, 34, 50, 100]))
            key = ("TariffMeasure", actors[members[0]].id, actors[members[1]].id, action, f"{rate:g}", date_key)
            status = "threatened" if rng.random() < 0.2 else "occurred"
        else:
            action = rate = None
            kind = "Meeting" if cls in ("Visit", "Summit") else cls
            key = (kind, *sorted(actors[m].id for m in members), date_key)
            status = "planned" if rng.random() < 0.1 else "occurred"
        iri = EVENT[digest(*key)]
        if iri in keys:
            continue
        keys.add(iri)
        sources = int(min(15, rng.geometric(0.7) + (2 if cls == "Summit" else 0)))
        events.append({"iri": iri, "cls": cls, "members": members, "when": when, "status": status,
                       "action": action, "rate": rate, "sources": sources,
                       "goods": GOODS[int(rng.integers(0, len(GOODS)))] if cls == "TariffMeasure" else None,
                       "sort": when["date"] or when["after"]})
    events.sort(key=lambda e: e["sort"])
    return events


def _evidence(ev: dict, actors: list[Actor]) -> str:
    names = [actors[m].name for m in ev["members"]]
    cls = ev["cls"]
    if cls == "TariffMeasure":
        return f"{names[0]} {ev['action']} a {ev['rate']:g}% tariff on {ev['goods']} from {names[1]}."
    if cls == "Summit":
        return f"Leaders including {', '.join(names[:-1])} and {names[-1]} gathered for a summit."
    verb = {"Call": "spoke by phone with", "Meeting": "met", "Visit": "visited"}[cls]
    return f"{names[0]} {verb} {' and '.join(names[1:])}."


def event_lines(ev: dict, article: str, actors: list[Actor], rng: np.random.Generator) -> Iterator[str]:
    """N-Quads lines of one assertion of ``ev`` in the graph of ``article`` (as ingest/rdf.py writes)."""
    e, g = ev["iri"].n3(), article
    cls = ev["cls"]
    kind = "Meeting" if cls in ("Visit", "Summit") else cls
    yield f"{e} {_TYPE} {_CLS[cls]} {g} .\n"
    if kind != cls:
        yield f"{e} {_TYPE} {_CLS[kind]} {g} .\n"
    yield f"{e} {_DERIVED} {g} {g} .\n"
    yield f"{e} {_P['evidence']} {_lit(_evidence(ev, actors))} {g} .\n"
    yield f"{e} {_P['trigger']} {_lit(TRIGGERS[cls])} {g} .\n"
    yield f"{e} {_P['status']} {_lit(ev['status'])} {g} .\n"
    yield f"{e} {_P['confidence']} \"{0.5 + 0.45 * rng.random():.2f}\"{_XSD_DECIMAL} {g} .\n"
    yield f"{e} {_P['extractorVersion']} {_lit(EXTRACTOR_VERSION)} {g} .\n"
    when = ev["when"]
    if when["date"] is not None:
        yield f"{e} {_P['date']} \"{when['date'].isoformat()}\"{_XSD_DATE} {g} .\n"
    yield f"{e} {_P['datePrecision']} {_lit(when['precision'])} {g} .\n"
    if when.get("after"):
        yield f"{e} {_P['notBefore']} \"{when['after'].isoformat()}\"{_XSD_DATE} {g} .\n"
    if when.get("before"):
        yield f"{e} {_P['notAfter']} \"{when['before'].isoformat()}\"{_XSD_DATE} {g} .\n"
    if cls == "TariffMeasure":
        imposer, target = (actors[m].iri.n3() for m in ev["members"][:2])
        yield f"{e} {_P['imposer']} {imposer} {g} .\n"
        yield f"{e} {_P['target']} {target} {g} .\n"
        yield f"{e} {_P['tariffAction']} {_lit(ev['action'])} {g} .\n"
        yield f"{e} {_P['rate']} \"{ev['rate']:g}\"{_XSD_DECIMAL} {g} .\n"
        yield f"{e} {_P['goods']} {_lit(ev['goods'])} {g} .\n"
    else:
        for m in ev["members"]:
            yield f"{e} {_P['participant']} {actors[m].iri.n3()} {g} .\n"


def article_lines(key: str, outlet: str, published: dt.date, headline: str) -> tuple[str, list[str]]:
    """(graph term, N-Quads lines) of an article's metadata, as ingest/rdf.py writes it."""
    url = f"https://news.example/{outlet.lower()}/{published.isoformat()}/{key}"
    g = ARTICLE[digest(url)].n3()
    stamp = f"{published.isoformat()}T09:00:00+00:00"
    return g, [
        f"{g} {_TYPE} {_CLS['Article']} {g} .\n",
        f"{g} {SCHEMA.headline.n3()} {_lit(headline)} {g} .\n",
        f"{g} {_P['contentHash']} {_lit(digest(url, 'content', length=32))} {g} .\n",
        f"{g} {SCHEMA.url.n3()} <{url}> {g} .\n",
        f"{g} {_P['outlet']} {_lit(outlet)} {g} .\n",
        f"{g} {SCHEMA.identifier.n3()} {_lit(key)} {g} .\n",
        f"{g} {SCHEMA.datePublished.n3()} \"{stamp}\"{_XSD_DATETIME} {g} .\n",
        f"{g} {_P['publishedSource']} {_lit('metadata')} {g} .\n",
    ]


def quads(events: list[dict], actors: list[Actor], rng: np.random.Generator) -> Iterator[str]:
    """Every N-Quads line: the gazetteer graph, then the article graphs.

    Source k of every event goes to an article of stream k (articles hold 1 to 4 events close in date), so
    an event's several sources are always several articles.
    """
    g = ACTORS_GRAPH.n3()
    for a in actors:
        for s, p, o in actor_triples(a):
            yield f"{s.n3()} {p.n3()} {o.n3()} {g} .\n"
    yield f"{g} {_P['contentHash']} {_lit(digest('synth', len(actors)))} {g} .\n"
    yield f"{g} {_P['extractorVersion']} {Literal(EXTRACTOR_VERSION, datatype=XSD.string).n3()} {g} .\n"
    n_articles = 0
    for k in range(max(e["sources"] for e in events)):
        stream = [e for e in events if e["sources"] > k]
        pos = 0
        while pos < len(stream):
            chunk = stream[pos: pos + int(rng.integers(1, 5))]
            pos += len(chunk)
            n_articles += 1
            outlet = OUTLETS[int(rng.integers(0, len(OUTLETS)))]
            published = max(e["sort"] for e in chunk) + dt.timedelta(days=int(rng.integers(0, 2)))
            headline = _evidence(chunk[0], actors).rstrip(".")
            graph, meta = article_lines(f"a{n_articles}", outlet, published, headline)
            yield from meta
            for ev in chunk:
                yield from event_lines(ev, graph, actors, rng)


def write_store(url: str, n_events: int, n_actors: int = 5000, years: tuple[int, int] = (2019, 2025),
                seed: int = 7, replace: bool = False, progress: bool = True) -> dict:
    """Generate and bulk-load the synthetic store at ``url`` (``oxigraph:PATH``); return figures."""
    scheme, location = parse_store_url(url)
    if scheme != "oxigraph":
        raise StoreError("synth writes an on-disk store: give oxigraph:PATH")
    root = Path(location)
    if root.exists() and any(root.iterdir()):
        if not replace:
            raise StoreError(f"{root} is not empty (pass --replace to overwrite it)")
        shutil.rmtree(root)
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    actors, activity, region = make_actors(n_actors, rng)
    events = make_events(n_events, actors, activity, region, years, rng)
    t_gen = time.perf_counter() - t0
    n_quads = 0
    with open_store(url, write=True) as store:
        # Store has no bulk-load method yet; the loader is Oxigraph's own, on the engine the writer holds.
        engine = store._ox
        batch: list[str] = []
        for line in quads(events, actors, rng):
            batch.append(line)
            if len(batch) >= 250_000:
                engine.bulk_load("".join(batch).encode(), _nquads())
                n_quads += len(batch)
                batch.clear()
                if progress:
                    print(f"  {n_quads:,} quads loaded ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        if batch:
            engine.bulk_load("".join(batch).encode(), _nquads())
            n_quads += len(batch)
        # Each bulk load leaves its own files; compacting them once gives readers the layout a store
        # written article by article reaches through RocksDB's own compactions (2-3x faster lookups).
        engine.optimize()
        store.publish()
    return {"events": len(events), "actors": len(actors), "quads": n_quads,
            "sources": sum(e["sources"] for e in events), "generate_s": round(t_gen, 1),
            "total_s": round(time.perf_counter() - t0, 1)}


def _nquads():  # noqa: ANN202 - pyoxigraph enum
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=int, help="number of distinct events")
    parser.add_argument("store", help="oxigraph:PATH to write (must be empty, or use --replace)")
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--years", default="2019-2025", help="first-last year of event dates")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replace", action="store_true", help="delete whatever is at PATH first")
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))
    try:
        figures = write_store(args.store, args.events, args.actors, (first, last), args.seed, args.replace)
    except StoreError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    print(f"{figures['events']:,} events ({figures['sources']:,} assertions), {figures['actors']:,} actors, "
          f"{figures['quads']:,} quads in {figures['total_s']} s (generation {figures['generate_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
