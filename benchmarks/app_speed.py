"""How fast does the dashboard render with a big store? Prints figures (no pass/fail).

Builds (once, then reuses) a synthetic Oxigraph store shaped the way ingest/rdf.py writes it: one named
graph per article with its metadata, events asserted in 1-3 article graphs (so sources counts vary), calls
and meetings with participants, tariff measures with imposer/target/action/rate/goods, day, month and
bounds-only dates, three statuses, and a gazetteer graph of actor labels. It is bulk-loaded with pyoxigraph
and published as a checkpoint, exactly what readers open.

Then it measures:
- the named queries the Timeline page runs (count, per-day aggregate, a page of rows);
- the Timeline page's first render through ``streamlit.testing.v1.AppTest`` (cold caches, then warm);
- with /usr/bin/chromium and playwright installed, the first render in a real browser (navigation until the
  chart is drawn), against ``streamlit run app.py`` on 127.0.0.1.

    python benchmarks/app_speed.py                    # 100,000 events in /tmp/dkg-bench-100k
    python benchmarks/app_speed.py --events 20000 --store /tmp/s20k --rebuild
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from rdflib import Literal, URIRef  # noqa: E402

from graph.namespaces import (  # noqa: E402
    ACTOR,
    ACTORS_GRAPH,
    ARTICLE,
    DKG,
    EVENT,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    digest,
)
from graph.storage.store import open_store  # noqa: E402

TYPES = [("Call", 0.35), ("Meeting", 0.25), ("Visit", 0.06), ("Summit", 0.04), ("TariffMeasure", 0.30)]
OUTLETS = ["Northern Wire", "Harbour Post", "Capital Ledger", "Trade Desk Daily", "The Observer Gazette"]
ACTIONS = ["imposed", "announced", "raised", "paused", "lifted", "exempted", "retaliatory"]
GOODS = ["steel", "aluminum", "autos", "dairy", "lumber", "energy", "electric vehicles", "all goods"]
VERBS = {"Call": "spoke by phone with", "Meeting": "met", "Visit": "visited", "Summit": "joined a summit with"}


def _n(term: URIRef | Literal) -> str:
    return term.n3()


def build_store(path: Path, events: int, seed: int = 7) -> dict:
    """Write a synthetic store of ``events`` events at ``path`` (oxigraph layout); return its counts."""
    rng = random.Random(seed)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    countries = [f"C{i:02d}" for i in range(60)]
    people = [(f"person-{i:03d}", countries[i % len(countries)]) for i in range(400)]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(people))]  # a few busy leaders, a long tail
    lines: list[str] = []
    g = _n(ACTORS_GRAPH)
    for c in countries:
        a = _n(ACTOR[c])
        lines += [f"{a} {_n(RDF.type)} {_n(DKG.Country)} {g} .",
                  f"{a} {_n(RDFS.label)} {_n(Literal('Country ' + c, lang='en'))} {g} .",
                  f"{a} {_n(DKG.isoCode)} {_n(Literal(c))} {g} ."]
    for pid, _c in people:
        a = _n(ACTOR[pid])
        name = "Leader " + pid.split("-")[1]
        lines += [f"{a} {_n(RDF.type)} {_n(DKG.Person)} {g} .",
                  f"{a} {_n(RDFS.label)} {_n(Literal(name, lang='en'))} {g} .",
                  f"{a} {_n(SKOS.altLabel)} {_n(Literal(name.split()[1], lang='en'))} {g} ."]
    start = dt.date(2015, 1, 1)
    span = (dt.date(2025, 12, 31) - start).days
    articles: list[list[str]] = []  # per article: its event blocks (already as quads without graph)
    n_articles = int(events * 0.65)
    for _ in range(n_articles):
        articles.append([])
    for i in range(events):
        cls = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
        typ = "Meeting" if cls in ("Visit", "Summit") else cls
        day = start + dt.timedelta(days=rng.randrange(span))
        precision = rng.choices(["day", "month", "bounds"], [0.85, 0.1, 0.05])[0]
        status = rng.choices(["occurred", "planned", "threatened"], [0.8, 0.12, 0.08])[0]
        e = EVENT[digest("synthetic", i)]
        en = _n(e)
        body = [f"{en} {_n(RDF.type)} {_n(DKG[cls])}"]
        if cls != typ:
            body.append(f"{en} {_n(RDF.type)} {_n(DKG[typ])}")
        body.append(f"{en} {_n(DKG.status)} {_n(Literal(status))}")
        if precision == "day":
            body += [f"{en} {_n(DKG.date)} {_n(Literal(day.isoformat(), datatype=XSD.date))}",
                     f"{en} {_n(DKG.datePrecision)} {_n(Literal('day'))}"]
        elif precision == "month":
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            body += [f"{en} {_n(DKG.date)} {_n(Literal(first.isoformat(), datatype=XSD.date))}",
                     f"{en} {_n(DKG.datePrecision)} {_n(Literal('month'))}",
                     f"{en} {_n(DKG.notBefore)} {_n(Literal(first.isoformat(), datatype=XSD.date))}",
                     f"{en} {_n(DKG.notAfter)} {_n(Literal(last.isoformat(), datatype=XSD.date))}"]
        else:
            body += [f"{en} {_n(DKG.datePrecision)} {_n(Literal('bounds'))}",
                     f"{en} {_n(DKG.notBefore)} {_n(Literal(day.isoformat(), datatype=XSD.date))}",
                     f"{en} {_n(DKG.notAfter)} "
                     f"{_n(Literal((day + dt.timedelta(days=20)).isoformat(), datatype=XSD.date))}"]
        a, b = rng.choices(people, weights, k=2)
        if typ == "TariffMeasure":
            imp, tgt = a[1], b[1] if b[1] != a[1] else countries[(countries.index(a[1]) + 1) % len(countries)]
            body += [f"{en} {_n(DKG.imposer)} {_n(ACTOR[imp])}", f"{en} {_n(DKG.target)} {_n(ACTOR[tgt])}",
                     f"{en} {_n(DKG.tariffAction)} {_n(Literal(rng.choice(ACTIONS)))}",
                     f"{en} {_n(DKG.rate)} {_n(Literal(str(rng.choice([10, 15, 25, 50, 100])), datatype=XSD.decimal))}",
                     f"{en} {_n(DKG.goods)} {_n(Literal(rng.choice(GOODS)))}"]
            sentence = f"Country {imp} {rng.choice(ACTIONS)} tariffs on goods from Country {tgt}."
            trigger = "tariffs"
        else:
            if b == a:
                b = people[(people.index(a) + 1) % len(people)]
            body += [f"{en} {_n(DKG.participant)} {_n(ACTOR[a[0]])}", f"{en} {_n(DKG.participant)} {_n(ACTOR[b[0]])}"]
            sentence = f"Leader {a[0][-3:]} {VERBS[cls]} Leader {b[0][-3:]}."
            trigger = VERBS[cls].split()[0]
        n_sources = rng.choices([1, 2, 3], [0.75, 0.18, 0.07])[0]
        for art in rng.sample(range(n_articles), n_sources):
            extra = [f"{en} {_n(PROV.wasDerivedFrom)} {{g}}",
                     f"{en} {_n(DKG.evidence)} {_n(Literal(sentence))}",
                     f"{en} {_n(DKG.trigger)} {_n(Literal(trigger))}",
                     f"{en} {_n(DKG.confidence)} {_n(Literal('0.70', datatype=XSD.decimal))}",
                     f"{en} {_n(DKG.extractorVersion)} {_n(Literal('synthetic'))}"]
            articles[art].append((day, body + extra))
    for k, evs in enumerate(articles):
        ga = _n(ARTICLE[digest("synthetic-article", k)])
        pub = (max(d for d, _ in evs) if evs else start) + dt.timedelta(days=1)
        lines += [f"{ga} {_n(RDF.type)} {_n(DKG.Article)} {ga} .",
                  f"{ga} {_n(SCHEMA.headline)} {_n(Literal(f'Synthetic report {k}'))} {ga} .",
                  f"{ga} {_n(DKG.outlet)} {_n(Literal(OUTLETS[k % len(OUTLETS)]))} {ga} .",
                  f"{ga} {_n(DKG.contentHash)} {_n(Literal(digest('hash', k, length=64)))} {ga} .",
                  f"{ga} {_n(SCHEMA.datePublished)} {_n(Literal(pub.isoformat(), datatype=XSD.date))} {ga} ."]
        for _day, quads in evs:
            lines += [q.replace("{g}", ga) + f" {ga} ." for q in quads]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    engine = ox.Store(str(path / "db"))
    engine.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    engine.flush()
    del engine
    writer = open_store(f"oxigraph:{path}", write=True)
    writer.publish()
    writer.close()
    return {"quads": len(lines), "articles": n_articles, "events": events}


def _timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def measure_queries(url: str) -> None:
    from graph.query import queries

    store = open_store(url)
    everything = queries.TimelineFilter()
    t, n = _timed(lambda: queries.count_events(store, everything))
    print(f"  count of matching events        {t * 1000:7.0f} ms  ({n:,} events)")
    t, rows = _timed(lambda: queries.event_counts(store, everything, bucket="day"))
    print(f"  counts per day, type, status    {t * 1000:7.0f} ms  ({len(rows):,} rows: the zoomed-out timeline)")
    t, actors = _timed(lambda: queries.actor_counts(store))
    print(f"  actor list (sidebar)            {t * 1000:7.0f} ms  ({len(actors):,} actors)")
    month = queries.TimelineFilter(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    t, events = _timed(lambda: queries.matching_events(store, month))
    print(f"  one month: matching events      {t * 1000:7.0f} ms  ({len(events):,} events)")
    t, rows = _timed(lambda: queries.event_rows(store, events))
    print(f"  one month: full rows            {t * 1000:7.0f} ms")
    busiest = queries.TimelineFilter(actors=(actors[0]["actor"],))
    t, n = _timed(lambda: queries.count_events(store, busiest))
    print(f"  busiest actor: count            {t * 1000:7.0f} ms  ({n:,} events)")
    t, rows = _timed(lambda: queries.event_card(store, events[0]))
    print(f"  one event with its sources      {t * 1000:7.0f} ms")
    t, rows = _timed(lambda: queries.timeline(store, month), repeat=1)
    print(f"  queries.timeline for one month  {t * 1000:7.0f} ms  ({len(rows):,} rows: what `dkg timeline` runs)")
    from graph.storage import aggregates

    agg = aggregates.current(store)
    if agg is None:
        print("  (this checkpoint has no aggregates: published before graph.storage.aggregates existed)")
        return
    print("the same from the checkpoint's aggregates (graph.storage.aggregates: what the dashboard reads):")
    t, n = _timed(lambda: agg.n_events)
    t, days = _timed(agg.day_rows)
    print(f"  counts per day, type, status    {t * 1000:7.1f} ms  ({len(days):,} rows)")
    t, actors = _timed(agg.actor_rows)
    print(f"  actor list (sidebar)            {t * 1000:7.1f} ms  ({len(actors):,} actors)")
    t, n = _timed(lambda: int(agg.mask(month).sum()))
    print(f"  one month: count                {t * 1000:7.1f} ms  ({n:,} events)")


_APPTEST = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(os.path.join(sys.argv[1], "app.py"), default_timeout=300)
for label in ("cold", "warm"):
    t = time.perf_counter()
    at.run()
    took = time.perf_counter() - t
    if at.exception:
        print("EXCEPTION", at.exception[0].value)
    print(label, round(took, 3), (at.caption[0].value if at.caption else "")[:90].replace(chr(10), " "))
"""


def measure_apptest(url: str, path: Path) -> None:
    """Each run in a new process: what a user meets when opening a freshly started `dkg app`."""
    env = dict(os.environ, DKG_STORE=url)
    for label, fresh_checkpoint in (("projection on disk", False), ("new checkpoint", True)):
        if fresh_checkpoint:
            shutil.rmtree(path / "cache", ignore_errors=True)  # as after an ingest: nothing precomputed yet
        out = subprocess.run([sys.executable, "-c", _APPTEST, str(ROOT)], env=env, capture_output=True, text=True,
                             cwd=ROOT, timeout=600).stdout.splitlines()
        for line in out:
            if line.startswith(("cold", "warm", "EXCEPTION")):
                kind, took, *caption = line.split(" ", 2)
                print(f"  AppTest first render ({label}), {kind:<4} {float(took):5.2f} s   {' '.join(caption)[:60]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_browser(url: str, after_publish: bool = False) -> None:
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  browser: skipped (playwright is not installed: pip install -e '.[test]')")
        return
    if not chromium.exists():
        print("  browser: skipped (/usr/bin/chromium missing: apt-get install -y chromium)")
        return
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="dkg-app-", suffix=".log", delete=False)
    env = dict(os.environ, DKG_STORE=url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for label in ("cold caches", "warm caches"):
                t0 = time.perf_counter()
                page.goto(base + "/")
                page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=120_000)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                       timeout=120_000)
                print(f"  browser first render, {label:<12} {time.perf_counter() - t0:6.2f} s  "
                      "(navigation until the chart is drawn and the script is idle)")
            if after_publish:
                # As a cron ingest does: publish a new checkpoint while the app runs, give the app's watcher
                # a few seconds, then open the page again (new checkpoint, so nothing cached for it).
                with open_store(url, write=True, wait=30) as writer:
                    writer.replace_graph(URIRef("urn:benchmark:probe"), [(URIRef("urn:benchmark:probe"),
                                                                          RDFS.label, Literal(str(time.time())))])
                    writer.publish()
                time.sleep(8)
                t0 = time.perf_counter()
                page.goto(base + "/")
                page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=120_000)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                       timeout=120_000)
                print(f"  browser render 8 s after a new checkpoint was published {time.perf_counter() - t0:6.2f} s")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--store", type=Path, default=None, help="Folder of the synthetic store.")
    ap.add_argument("--rebuild", action="store_true", help="Rebuild the store even when it exists.")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    path = args.store or Path(tempfile.gettempdir()) / f"dkg-bench-{args.events // 1000}k"
    url = f"oxigraph:{path}"
    if args.rebuild or not (path / "CURRENT").exists():
        t0 = time.perf_counter()
        info = build_store(path, args.events)
        print(f"built {path}: {info['events']:,} events, {info['articles']:,} articles, "
              f"{info['quads']:,} quads in {time.perf_counter() - t0:.1f} s")
    else:
        print(f"reusing {path} (--rebuild to build it again)")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("named queries (median of 3):")
    measure_queries(url)
    print("dashboard:")
    measure_apptest(url, path)
    if not args.no_browser:
        measure_browser(url, after_publish=True)
        small = Path(tempfile.gettempdir()) / "dkg-bench-1k"
        if not (small / "CURRENT").exists():
            build_store(small, 1000)
        print("  the same with 1,000 events (what the browser and Streamlit cost whatever the store's size):")
        measure_browser(f"oxigraph:{small}")


if __name__ == "__main__":
    main()
