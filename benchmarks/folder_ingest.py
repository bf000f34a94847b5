"""Throughput of `dkg ingest` on a folder of N news articles, with 1 and 2 worker processes (prints figures).

    python benchmarks/folder_ingest.py [--articles 2000] [--workers 1,2] [--repeat 3] [--keep DIR]

Writes N synthetic articles (plain-text files with a header, 250-450 words each, in the style of the
bundled samples: leaders' calls, meetings and tariff measures with dates, quotes and background), then
runs the real command, `dkg ingest FOLDER --store oxigraph:... --report FILE`, in a fresh store for each
worker count, and once more on the filled store (every article unchanged). It prints articles per
second measured inside the run (the report's `seconds`) and for the whole command (process start,
imports and the final checkpoint included), the CPU seconds used by the command and its workers (steady
when other work shares the machine, where wall times are not), and the JSON run report of the first run.
These articles are written for measuring speed, never as data or results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LEADERS = [("Donald Trump", "U.S. President", "Washington"), ("Mark Carney", "Prime Minister", "Ottawa"),
           ("Claudia Sheinbaum", "Mexican President", "Mexico City"), ("Xi Jinping", "Chinese President", "Beijing"),
           ("Justin Trudeau", "Prime Minister", "Ottawa"), ("Joe Biden", "President", "Washington"),
           ("Li Qiang", "Chinese Premier", "Beijing"), ("Mélanie Joly", "Foreign Minister", "Ottawa"),
           ("Marco Rubio", "Secretary of State", "Washington"), ("Scott Bessent", "Treasury Secretary", "Washington"),
           ("He Lifeng", "Vice Premier", "Beijing"), ("Marcelo Ebrard", "Economy Secretary", "Mexico City")]
COUNTRIES = ["Canada", "the United States", "Mexico", "China", "the European Union", "Japan"]
GOODS = ["steel", "aluminum", "autos", "lumber", "dairy products", "electric vehicles", "canola", "semiconductors"]
LEADS = [
    "{a} spoke by phone with {b} on {day}, according to a readout from {a_short}'s office.",
    "{a} met {b} in {city} on {day} for talks on trade and security.",
    "{a} and {b} held a call on {day} and agreed to keep talking about tariffs.",
    "{a} will meet {b} next week, officials said on {day}.",
    "{country} imposed a {rate}% tariff on {goods} from {country2} on {day}.",
    "{a} threatened to raise tariffs on {goods} from {country2} to {rate}% if talks fail.",
    "{country} paused the {rate}% duties on {goods} for 30 days after a call between {a} and {b}.",
]
MIDDLE = [
    "\"We had a very constructive conversation,\" {a_short} told reporters afterwards.",
    "{b_short}'s office described the exchange as frank and said more talks were planned.",
    "Officials on both sides said the discussion covered {goods} and the wider trade relationship.",
    "Analysts said the talks were unlikely to settle the dispute over {goods} quickly.",
    "The two governments have traded accusations for weeks over tariffs and border security.",
    "Markets rose modestly on the news, with shares of exporters of {goods} leading the gains.",
    "A spokesperson declined to say whether tariffs on {goods} had been discussed in detail.",
    "Business groups in {country} welcomed the contact but warned that uncertainty was costing jobs.",
    "The call was the first between the two leaders since {a_short} took office.",
    "Opposition politicians in {country2} criticised the government for conceding too much.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_articles(folder: Path, n: int, seed: int = 7) -> int:
    """N articles as .txt files; returns the total number of words."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    start = dt.date(2025, 1, 6)
    for i in range(n):
        (a, a_title, city), (b, b_title, _) = rng.sample(LEADERS, 2)
        country, country2 = rng.sample(COUNTRIES, 2)
        published = start + dt.timedelta(days=i % 300)
        fill = {"a": f"{a_title} {a}", "b": f"{b_title} {b}", "a_short": a.split()[-1], "b_short": b.split()[-1],
                "city": city, "day": rng.choice(DAYS), "country": country, "country2": country2,
                "goods": rng.choice(GOODS), "rate": rng.choice([10, 15, 25, 34, 50, 100, 125])}
        paragraphs = [rng.choice(LEADS).format(**fill)]
        while sum(len(p.split()) for p in paragraphs) < rng.randint(250, 450):
            fill["goods"] = rng.choice(GOODS)
            paragraphs.append(" ".join(rng.choice(MIDDLE).format(**fill) for _ in range(rng.randint(2, 4))))
        title = f"{a} and {b}: {fill['goods']} and trade on the agenda ({i})"
        text = "\n\n".join(paragraphs)
        words += len(text.split())
        hour = rng.randint(6, 22)
        (folder / f"{i:05d}.txt").write_text(
            f"{title}\npublished: {published.isoformat()}T{hour:02d}:00:00-04:00\n"
            f"url: https://wire.example/{published:%Y/%m/%d}/{i}\nsource: Benchmark Wire\n\n{text}\n",
            encoding="utf-8")
    return words


def run(folder: Path, store: Path, workers: int, report: Path) -> tuple[float, float, dict]:
    cmd = [sys.executable, "-c", "import sys; from diplomatic_kg.cli import main; sys.exit(main())", "ingest",
           str(folder),
           "--store", f"oxigraph:{store}", "--workers", str(workers), "--report", str(report), "--quiet"]
    env = {k: v for k, v in os.environ.items() if k != "DKG_STORE"}
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"dkg ingest failed ({done.returncode}):\n{done.stderr}")
    return wall, _children_cpu() - cpu0, json.loads(report.read_text())


def _children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes, the workers of the workers included."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--repeat", type=int, default=3, help="runs per setting, taking turns; the fastest is shown")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="dkg-bench-"))
    folder = base / "articles"
    shutil.rmtree(folder, ignore_errors=True)
    words = write_articles(folder, args.articles)
    print(f"{args.articles} articles, {words / args.articles:.0f} words each on average, in {folder}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)")
    print(f"{'run (best of ' + str(args.repeat) + ')':<30}{'articles':>9}{'in-run s':>10}{'art/s':>8}{'wall s':>8}"
          f"{'art/s':>8}{'CPU s':>8}  new/unch/failed")
    counts = [int(x) for x in args.workers.split(",")]
    best: dict[tuple[int, str], tuple[float, float, dict]] = {}
    for attempt in range(args.repeat):  # worker counts take turns, so a busy spell hits them alike
        for w in counts:
            store = base / f"store-w{w}-{attempt}"
            shutil.rmtree(store, ignore_errors=True)
            for label in ("empty store", "rerun (unchanged)"):
                wall, cpu, rep = run(folder, store, w, base / f"report-w{w}.json")
                if (w, label) not in best or rep["seconds"] < best[w, label][2]["seconds"]:
                    best[w, label] = (wall, cpu, rep)
    base_rate = None
    for w in counts:
        for label in ("empty store", "rerun (unchanged)"):
            wall, cpu, rep = best[w, label]
            n = rep["new"] + rep["updated"] + rep["unchanged"] + rep["failed_count"]
            name = f"workers={w}, {label}"
            print(f"{name:<30}{n:>9}{rep['seconds']:>10.1f}{n / rep['seconds']:>8.1f}{wall:>8.1f}{n / wall:>8.1f}"
                  f"{cpu:>8.1f}  {rep['new']}/{rep['unchanged']}/{rep['failed_count']}")
            if label == "empty store":
                rate = n / rep["seconds"]
                base_rate = base_rate or rate
                if w != counts[0]:
                    print(f"{'':<30}speed-up over workers={counts[0]} (in-run): {rate / base_rate:.2f}x")
    first_report = best[counts[0], "empty store"][2]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("\nrun report of the first run:")
    print(json.dumps(first_report, indent=2))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
