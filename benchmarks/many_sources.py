"""How fast are the timeline and an event's detail when popular events have 50-200 sources? Prints figures.

The union default graph holds an event's triple once per article asserting it, so a query that joins
several of an event's properties on the union multiplies those copies (issue 17: 20 copies of one
article took `dkg timeline` 225 s). This builds (once, then reuses) a store where that happens at scale:

- the gazetteer graph, as ``dkg ingest`` writes it;
- ``--events`` events (calls, meetings, visits, tariff measures with rate/goods/action, day / month /
  bounds-only dates) between gazetteer countries and people, plus a few people new to the gazetteer
  (whose labels are then asserted in every article naming them);
- ``--popular`` of them reported by 50-200 articles each, the others by 1-3; the articles reporting a
  popular event word its goods and status differently and give different confidences;
- every article graph made by ``ingest.rdf.article_triples`` and written with ``Store.replace_graph``,
  exactly as an ingest run writes it, then published as a checkpoint.

Then it times, on a read-only open of that checkpoint as the CLI has it, ``queries.timeline`` (no filter,
and filtered by actor + type, by a date window, by sources) and ``queries.event_detail`` of the events with
the most sources (with ``queries.event_card``, the dashboard's lookup, for comparison).

    python benchmarks/many_sources.py                           # /tmp/dkg-many-sources
    python benchmarks/many_sources.py --store /tmp/ms --events 5000 --popular 60 --rebuild
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.query import queries  # noqa: E402
from graph.storage.store import open_store  # noqa: E402
from ingest.actors import Actor, Registry  # noqa: E402
from ingest.article import Article  # noqa: E402
from ingest.dates import When  # noqa: E402
from ingest.events import Event  # noqa: E402
from ingest.pipeline import sync_actors  # noqa: E402
from ingest.rdf import article_iri, article_triples  # noqa: E402

OUTLETS = ("Northern Wire", "Harbour Post", "Capital Ledger", "Trade Desk Daily", "The Observer Gazette")
GOODS = ("steel", "steel products", "aluminum", "autos", "dairy", "lumber", "energy")
ACTIONS = ("imposed", "announced", "raised", "paused", "threatened")
MEETING_CLASSES = ("Meeting", "Meeting", "Visit", "Summit")


def _actors(registry: Registry, rng: random.Random) -> tuple[list[Actor], list[Actor]]:
    """(countries, people) to draw participants from: gazetteer ones and a few people new to it."""
    countries = [a for a in registry.actors.values() if a.kind == "country"]
    people = [a for a in registry.actors.values() if a.kind == "person"]
    people += [Actor(id=f"new-person-{i}", name=f"Envoy Number{i}", kind="person", in_gazetteer=False)
               for i in range(20)]
    rng.shuffle(countries)
    rng.shuffle(people)
    return countries[:60], people[:120]


def _when(rng: random.Random) -> When:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    kind = rng.random()
    if kind < 0.8:
        return When(day, "day")
    if kind < 0.9:
        return When(day.replace(day=1), "month")
    return When(None, "bounds", after=day, before=day + dt.timedelta(days=rng.randrange(3, 30)))


def _event(rng: random.Random, countries: list[Actor], people: list[Actor]) -> Event:
    """One event as an article's extraction gives it (status, goods and confidence vary per article)."""
    when = _when(rng)
    kind = rng.random()
    if kind < 0.35:
        return Event("Call", rng.sample(people, 2), when=when, trigger="spoke")
    if kind < 0.65:
        return Event(rng.choice(MEETING_CLASSES), rng.sample(people, 2) + rng.sample(countries, 1), when=when,
                     trigger="met")
    imposer, target = rng.sample(countries, 2)
    return Event("TariffMeasure", [], imposer=imposer, target=target, when=when,
                 action=rng.choice(ACTIONS), rate=float(rng.choice((10, 15, 25, 50))), goods=rng.choice(GOODS),
                 trigger="tariff")


def _reported(event: Event, rng: random.Random, n: int) -> Event:
    """The event as the ``n``-th article reports it: its own sentence, confidence, status and goods wording."""
    names = " and ".join(a.name for a in event.actors)
    status = "occurred" if rng.random() < 0.8 else rng.choice(("planned", "threatened"))
    goods = rng.choice(GOODS) if event.goods else None
    return Event(event.cls, list(event.participants), imposer=event.imposer, target=event.target,
                 when=event.when, status=status, action=event.action, rate=event.rate, goods=goods,
                 evidence=[f"{names}: report number {n} on the {event.cls.lower()} ({rng.random():.6f})."],
                 trigger=event.trigger, confidence=rng.choice((0.5, 0.6, 0.7, 0.8, 0.9)),
                 zones={rng.choice(("body", "body", "headline"))})


def build(url: str, events: int, popular: int, seed: int) -> None:
    """Write the store: gazetteer, then one graph per article (see the module docstring)."""
    rng = random.Random(seed)
    registry = Registry.load()
    countries, people = _actors(registry, rng)
    catalogue = [_event(rng, countries, people) for _ in range(events)]
    counts = [rng.randint(50, 200) if i < popular else rng.randint(1, 3) for i in range(events)]
    mentions = [i for i, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(mentions)
    t0 = time.perf_counter()
    n_articles = 0
    with open_store(url, write=True) as store:
        sync_actors(store, registry)
        i = 0
        while i < len(mentions):
            size = rng.randint(1, 3)
            picked = list(dict.fromkeys(mentions[i:i + size]))  # an article reports an event once
            i += size
            n_articles += 1
            reported = [_reported(catalogue[k], rng, n_articles) for k in picked]
            art = Article(title=f"Report {n_articles}", text=" ".join(e.evidence[0] for e in reported),
                          url=f"https://news.example/{n_articles}", source=rng.choice(OUTLETS),
                          published=(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(400))).isoformat())
            store.replace_graph(article_iri(art), list(article_triples(art, reported)))
        store.publish()
    print(f"built {url}: {events:,} events ({popular} with 50-200 sources), {n_articles:,} articles "
          f"in {time.perf_counter() - t0:.1f} s")


def _timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """(median seconds, last result) of ``repeat`` calls."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def measure(url: str, repeat: int) -> None:
    """Print the timeline and event-detail times on the published store."""
    store = open_store(url)
    t, rows = _timed(lambda: queries.timeline(store), repeat)
    rows.sort(key=lambda r: -r["sources"])
    top = rows[0]
    print(f"store: {len(rows):,} events, sources per event max {top['sources']}, "
          f"{sum(r['sources'] >= 50 for r in rows)} events with >= 50")
    print(f"timeline, no filter:                  {t * 1000:8,.0f} ms  ({len(rows):,} rows)")
    busy = next(a for a in top["actors"])["iri"]
    filters = {
        "actor + type": queries.TimelineFilter(actors=(busy,), types=(top["class"],)),
        "date window (one month)": queries.TimelineFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)),
        "sources >= 50": queries.TimelineFilter(min_sources=50),
        "status + text": queries.TimelineFilter(statuses=("occurred",), text="report"),
    }
    for name, flt in filters.items():
        t, got = _timed(lambda flt=flt: queries.timeline(store, flt), repeat)
        print(f"timeline, {name + ':':28}{t * 1000:8,.0f} ms  ({len(got):,} rows)")
    worst = 0.0
    for row in rows[:5]:
        t, detail = _timed(lambda row=row: queries.event_detail(store, row["event"]), repeat)
        worst = max(worst, t)
        assert len(detail["sources_list"]) == row["sources"] == detail["sources"]
        tc, _ = _timed(lambda row=row: queries.event_card(store, row["event"]), repeat)
        print(f"event_detail, {row['sources']:3} sources:           {t * 1000:8,.0f} ms  "
              f"(event_card {tc * 1000:,.0f} ms)")
    print(f"slowest event_detail of the 5 most-sourced events: {worst * 1000:,.0f} ms")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", default="/tmp/dkg-many-sources", help="folder of the Oxigraph store")
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--popular", type=int, default=40, help="events with 50-200 sources")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    url = f"oxigraph:{args.store}"
    if args.rebuild:
        shutil.rmtree(args.store, ignore_errors=True)
    if not (Path(args.store) / "CURRENT").exists():
        build(url, args.events, args.popular, args.seed)
    measure(url, args.repeat)


if __name__ == "__main__":
    main()
