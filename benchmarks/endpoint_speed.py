"""Speed of the SPARQL endpoint and of the remote store (prints figures, asserts nothing).

    python benchmarks/endpoint_speed.py [--store oxigraph:PATH] [--runs 500] [--seconds 5] [--clients 8]
                                        [--articles 2000] [--no-remote] [--virtuoso-url URL]

1. Latency: the median time of a small SELECT (the ten earliest calls) on the store in-process
   (``Store.query_serialized(q, "json")``) and through ``dkg serve`` (a separate process, so client and server
   do not share a GIL): over a kept-alive connection, over a new connection per request (as urllib and
   SPARQLWrapper do), and with SPARQLWrapper itself (which also parses the JSON). The overhead is the
   difference of medians.
2. Throughput: requests per second of the same query from N concurrent clients (threads, each with its
   own kept-alive connection) for a few seconds.
3. Remote store writes: article graphs per second written through ``RemoteStore.replace_graph`` (one
   ``DROP SILENT GRAPH`` + ``INSERT DATA`` request each) into ``oxigraph serve`` on loopback, and into a
   running Virtuoso when ``--virtuoso-url`` is given, next to the embedded store. The article graphs are
   the real graphs of the bundled samples, written again under new names.

Without ``--store`` the bundled samples are ingested into a temporary store first.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rdflib import URIRef  # noqa: E402

from graph.namespaces import ARTICLE  # noqa: E402
from graph.storage.store import open_store  # noqa: E402

QUERY = "SELECT ?e ?d WHERE { ?e a dkg:Call ; dkg:date ?d } ORDER BY ?d ?e LIMIT 10"
ACCEPT = "application/sparql-results+json"


def median_ms(fn, runs: int) -> float:
    for _ in range(min(20, runs)):  # warm caches, connections, workers
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_endpoint(store_url: str, workers: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", "from diplomatic_kg.cli import main; main()", "serve",
                             "--store", store_url,
                             "--port", "0", "--workers", str(workers), "--quiet"], cwd=REPO,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    if "SPARQL endpoint" not in line:
        proc.kill()
        raise SystemExit(f"dkg serve did not start: {line}{proc.stderr.read()}")
    return proc, line.split()[2]


def latency(store_url: str, url: str, runs: int) -> dict:
    from SPARQLWrapper import JSON, SPARQLWrapper

    store = open_store(store_url)
    parts = urllib.parse.urlsplit(url)
    path = parts.path + "?" + urllib.parse.urlencode({"query": QUERY})
    conn = http.client.HTTPConnection(parts.hostname, parts.port)

    def keep_alive() -> None:
        conn.request("GET", path, headers={"Accept": ACCEPT})
        resp = conn.getresponse()
        assert resp.status == 200, resp.read()
        resp.read()

    def new_connection() -> None:
        req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": QUERY}), headers={"Accept": ACCEPT})
        with urllib.request.urlopen(req) as resp:
            resp.read()

    sw = SPARQLWrapper(url)
    sw.setQuery(QUERY)
    sw.setReturnFormat(JSON)
    rows = len(store.select(QUERY))
    return {
        "rows": rows,
        "in-process (query_serialized json)": median_ms(lambda: store.query_serialized(QUERY, "json"), runs),
        "endpoint, kept-alive connection": median_ms(keep_alive, runs),
        "endpoint, new connection per request": median_ms(new_connection, runs),
        "endpoint, SPARQLWrapper (JSON parsed)": median_ms(sw.queryAndConvert, runs),
    }


def throughput(url: str, clients: int, seconds: float) -> tuple[float, float]:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + "?" + urllib.parse.urlencode({"query": QUERY})
    counts = [0] * clients
    latencies: list[float] = []
    stop = threading.Event()
    lock = threading.Lock()

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        mine = []
        while not stop.is_set():
            t = time.perf_counter()
            conn.request("GET", path, headers={"Accept": ACCEPT})
            resp = conn.getresponse()
            resp.read()
            if resp.status == 200:
                counts[i] += 1
                mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return sum(counts) / elapsed, 1000 * statistics.median(latencies)


def burst(url: str, clients: int, timeout: float = 10.0) -> tuple[int, float]:
    """``clients`` clients connecting at the same moment, one query each: (answered with 200, seconds until the
    last answer). A listen backlog too small for the burst shows as refused or timed-out connections."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + "?" + urllib.parse.urlencode({"query": QUERY})
    go = threading.Barrier(clients)
    ok = [False] * clients

    def client(i: int) -> None:
        try:
            go.wait()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            conn.request("GET", path, headers={"Accept": ACCEPT})
            resp = conn.getresponse()
            resp.read()
            ok[i] = resp.status == 200
        except OSError:
            pass

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(ok), time.perf_counter() - started


def article_graphs(store_url: str) -> list[list[tuple]]:
    """The triples of every article graph of the store, as rdflib terms (what replace_graph takes)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    store = open_store(store_url)
    graphs: dict[str, list[tuple]] = {}
    result = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(article:))) }")

    def rd(term):  # pyoxigraph term -> rdflib term
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    for sol in result:
        graphs.setdefault(sol["g"].value, []).append((rd(sol["s"]), rd(sol["p"]), rd(sol["o"])))
    return list(graphs.values())


def write_rate(url: str, graphs: list[list[tuple]], n: int, update_url: str | None = None) -> float:
    store = open_store(url, write=True, update_url=update_url)
    t = time.perf_counter()
    for i in range(n):
        store.replace_graph(ARTICLE[f"bench-{i}"], graphs[i % len(graphs)])
    elapsed = time.perf_counter() - t
    for i in range(n):  # leave the store as it was
        store.drop_graph(ARTICLE[f"bench-{i}"])
    store.publish()
    store.close()
    return n / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="an existing oxigraph:PATH store (default: the samples in a temporary store)")
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2, help="dkg serve --workers")
    ap.add_argument("--burst", type=int, default=200, help="clients connecting at the same moment in part 2b")
    ap.add_argument("--articles", type=int, default=2000, help="article graphs to write in part 3")
    ap.add_argument("--no-remote", action="store_true", help="skip part 3")
    ap.add_argument("--virtuoso-url", help="also write to this running Virtuoso (/sparql, updates granted)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dkg-endpoint-bench-"))
    try:
        store_url = args.store
        if not store_url:
            from ingest.pipeline import ingest_paths

            store_url = f"oxigraph:{tmp / 'store'}"
            report = ingest_paths([REPO / "data" / "samples"], store_url)
            print(f"store: bundled samples ({report.summary()})")
        with open_store(store_url) as s:
            print(f"store: {store_url}, {s.count_triples():,} quads")
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

        proc, url = start_endpoint(store_url, args.workers)
        try:
            print(f"\n1. latency of a small SELECT ({args.runs} runs each, median); query: {QUERY}")
            figures = latency(store_url, url, args.runs)
            print(f"   {figures.pop('rows')} rows")
            base = figures["in-process (query_serialized json)"]
            for name, ms in figures.items():
                extra = "" if ms == base else f"   overhead {ms - base:+.2f} ms"
                print(f"   {name:<42} {ms:7.2f} ms{extra}")
            print(f"\n2. throughput: {args.clients} concurrent clients, {args.seconds:g} s, "
                  f"dkg serve --workers {args.workers}")
            rps, med = throughput(url, args.clients, args.seconds)
            print(f"   {rps:,.0f} requests/s, median latency under load {med:.2f} ms")
            answered, took = burst(url, args.burst)
            print(f"\n2b. a burst of {args.burst} clients connecting at once, one query each: {answered}/{args.burst} "
                  f"answered in {took:.2f} s")
        finally:
            proc.terminate()
            proc.wait(10)

        if args.no_remote:
            return
        graphs = article_graphs(store_url)
        mean = sum(map(len, graphs)) / len(graphs)
        print(f"\n3. writing {args.articles} article graphs ({mean:.0f} triples on average, one request each)")
        emb = write_rate(f"oxigraph:{tmp / 'write-embedded'}", graphs, args.articles)
        print(f"   embedded Oxigraph (one transaction each)          {emb:7,.0f} articles/s")
        exe = Path(sys.executable).parent / "oxigraph"
        exe = str(exe) if exe.exists() else shutil.which("oxigraph")
        if exe:
            port = free_port()
            srv = subprocess.Popen([exe, "serve", "--location", str(tmp / "oxigraph-server"), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
            try:
                for _ in range(100):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.05)
                rate = write_rate(f"http://127.0.0.1:{port}/query", graphs, args.articles,
                                  update_url=f"http://127.0.0.1:{port}/update")
                print(f"   oxigraph serve over loopback (DROP + INSERT DATA)  {rate:7,.0f} articles/s")
            finally:
                srv.terminate()
                srv.wait(10)
        else:
            print("   oxigraph serve: not installed (pip install oxigraph)")
        if args.virtuoso_url:
            n = min(args.articles, 500)
            rate = write_rate(args.virtuoso_url, graphs, n)
            print(f"   Virtuoso at {args.virtuoso_url} ({n} articles)  {rate:7,.0f} articles/s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
