"""Write a synthetic but realistic store of N diplomatic events, for benchmarks (never for results).

    python benchmarks/synth.py 200000 oxigraph:/tmp/dkg-synth [--actors 5000] [--years 2019-2025] [--seed 7]

The RDF is ingest's own, not a copy of it: each article is an ``ingest.article.Article`` and each event it
reports an ``ingest.events.Event``; ``ingest.rdf.article_triples`` turns them into triples (event IRIs from
graph.identity), and a writer session writes each article's graph with ``Store.replace_graph``, the call
``dkg ingest`` writes new articles with (their N-Quads bulk-loaded in batches by graph.storage.loader). The
gazetteer graph holds ``ingest.actors.actor_triples`` of each actor. What makes it realistic for network
queries:

- heavy-tailed activity: each actor's activity is Pareto-distributed (countries and blocs busier than
  people), so a few actors take part in thousands of events and most in a handful;
- regions: 70% of interactions stay within one of eight regions (the communities Louvain should find);
- a mix of calls, meetings, visits, summits (3 to 30 participants) and tariff measures (imposer -> target)
  with statuses, day / month / bounds-only dates spread over several years;
- several sources per event (geometric, 1 to 15): one event node asserted in several article graphs.

The session publishes a checkpoint at the end, so that readers (``open_store(url)``) see the new data. The
graphs derived from the events (storylines, coding) are left to the benchmarks that time them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from rdflib import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.namespaces import ACTORS_GRAPH, DKG, XSD, digest, slug  # noqa: E402
from graph.storage.store import Store, StoreError, parse_store_url  # noqa: E402
from graph.write.writer import writer  # noqa: E402
from ingest.actors import Actor, actor_triples  # noqa: E402
from ingest.article import Article  # noqa: E402
from ingest.dates import When  # noqa: E402
from ingest.events import Event  # noqa: E402
from ingest.rdf import article_iri, article_triples, event_iri  # noqa: E402

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
GAZETTEER_VERSION = "synth-0.1"


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


def _evidence(cls: str, names: list[str], action: str | None, rate: float | None, goods: str | None) -> str:
    if cls == "TariffMeasure":
        return f"{names[0]} {action} a {rate:g}% tariff on {goods} from {names[1]}."
    if cls == "Summit":
        return f"Leaders including {', '.join(names[:-1])} and {names[-1]} gathered for a summit."
    verb = {"Call": "spoke by phone with", "Meeting": "met", "Visit": "visited"}[cls]
    return f"{names[0]} {verb} {' and '.join(names[1:])}."


def make_events(n: int, actors: list[Actor], activity: np.ndarray, region: np.ndarray,
                years: tuple[int, int], rng: np.random.Generator) -> list[tuple[Event, int]]:
    """n distinct events (distinct IRIs, as ingest.rdf.event_iri names them), in date order, each with its
    number of sources."""
    states = np.array([i for i, a in enumerate(actors) if a.kind != "person"])
    anyone = _Sampler(activity, region, rng)
    governments = _Sampler(activity, region, rng, pool=states)
    start = dt.date(years[0], 1, 1).toordinal()
    span = dt.date(years[1], 12, 31).toordinal() - start
    classes = rng.choice(["Call", "Meeting", "Visit", "Summit", "TariffMeasure"], size=n * 2,
                         p=[0.40, 0.24, 0.10, 0.04, 0.22])
    events: list[tuple[dt.date, Event, int]] = []
    seen: set[str] = set()
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
            when = When(day, "day")
        elif u < 0.96:
            when = When(day.replace(day=1), "month")
        else:
            when = When(None, "bounds", after=day - dt.timedelta(days=int(rng.integers(0, 10))),
                        before=day + dt.timedelta(days=int(rng.integers(1, 10))))
        people = [actors[m] for m in members]
        if cls == "TariffMeasure":
            action = ACTIONS[int(rng.integers(0, len(ACTIONS)))]
            rate = float(rng.choice([10, 15, 20, 25, 34, 50, 100]))
            status = "threatened" if rng.random() < 0.2 else "occurred"
            event = Event(cls, imposer=people[0], target=people[1], when=when, status=status, action=action,
                          rate=rate)
        else:
            status = "planned" if rng.random() < 0.1 else "occurred"
            event = Event(cls, participants=people, when=when, status=status)
        iri = str(event_iri(event))  # goods are not part of a measure's identity: drawn below, once it is new
        if iri in seen:
            continue
        seen.add(iri)
        sources = int(min(15, rng.geometric(0.7) + (2 if cls == "Summit" else 0)))
        if cls == "TariffMeasure":
            event.goods = GOODS[int(rng.integers(0, len(GOODS)))]
        event.evidence = [_evidence(cls, [a.name for a in people], event.action, event.rate, event.goods)]
        event.trigger = TRIGGERS[cls]
        events.append((when.date or when.after, event, sources))
    events.sort(key=lambda e: e[0])
    return [(event, sources) for _, event, sources in events]


def gazetteer_triples(actors: list[Actor]) -> Iterator[tuple]:
    """The gazetteer graph's triples, as ingest.pipeline.sync_actors writes a registry's."""
    for a in actors:
        yield from actor_triples(a)
    yield ACTORS_GRAPH, DKG.contentHash, Literal(digest("synth", len(actors)))
    yield ACTORS_GRAPH, DKG.extractorVersion, Literal(GAZETTEER_VERSION, datatype=XSD.string)


def articles(events: list[tuple[Event, int]], rng: np.random.Generator) -> Iterator[tuple[Article, list[Event]]]:
    """Every article with the events it reports.

    Source k of every event goes to an article of stream k (articles hold 1 to 4 events close in date), so
    an event's several sources are always several articles. Each article reports its own copy of an event,
    with its own confidence, as extraction gives each article's report.
    """
    n_articles = 0
    for k in range(max(sources for _, sources in events)):
        stream = [event for event, sources in events if sources > k]
        pos = 0
        while pos < len(stream):
            chunk = stream[pos: pos + int(rng.integers(1, 5))]
            pos += len(chunk)
            n_articles += 1
            outlet = OUTLETS[int(rng.integers(0, len(OUTLETS)))]
            published = max(e.when.date or e.when.after for e in chunk) + dt.timedelta(days=int(rng.integers(0, 2)))
            key = f"a{n_articles}"
            reported = [dataclasses.replace(e, confidence=round(0.5 + 0.45 * rng.random(), 2)) for e in chunk]
            yield Article(title=chunk[0].evidence[0].rstrip("."), text=" ".join(e.evidence[0] for e in chunk),
                          id=key, url=f"https://news.example/{outlet.lower()}/{published.isoformat()}/{key}",
                          source=outlet, published=f"{published.isoformat()}T09:00:00+00:00"), reported


def write_store(url: str, n_events: int, n_actors: int = 5000, years: tuple[int, int] = (2019, 2025),
                seed: int = 7, replace: bool = False, progress: bool = True) -> dict:
    """Generate the synthetic store at ``url`` (``oxigraph:PATH``) through ingest's write path; return figures."""
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
    with writer(url) as session:
        # The derived graphs are not refreshed at the end: no synthetic store had them, and the benchmarks
        # of storylines and coding time their first refresh themselves.
        session.begin_write(derived=False)
        store = session.store
        n_quads += store.replace_graph(ACTORS_GRAPH, list(gazetteer_triples(actors)))
        step = 250_000
        for article, reported in articles(events, rng):
            n_quads += store.replace_graph(article_iri(article), article_triples(article, reported))
            if progress and n_quads >= step:
                print(f"  {n_quads:,} quads written ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
                step += 250_000
        store.wait_for_writes()
        _compact(store)
    return {"events": len(events), "actors": len(actors), "quads": n_quads,
            "sources": sum(sources for _, sources in events), "generate_s": round(t_gen, 1),
            "total_s": round(time.perf_counter() - t0, 1)}


def _compact(store: Store) -> None:
    """Compact the batches' files once: readers get the layout a store written article by article reaches
    through RocksDB's own compactions (2-3x faster lookups)."""
    store.optimize()


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
