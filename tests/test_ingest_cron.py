"""Unattended batch ingest: idempotency, feeds over loopback HTTP, bad inputs, the writer lock, kill -9
mid-run, and reading while a run writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import Loopback, Route, article_page, rss

from diplomatic_kg.cli import main
from graph.storage.store import LOCKED_EXIT_CODE, open_store

REPO = Path(__file__).resolve().parent.parent
LEADERS = [("Donald Trump", "Mark Carney"), ("Claudia Sheinbaum", "Donald Trump"), ("Xi Jinping", "Donald Trump"),
           ("Mark Carney", "Claudia Sheinbaum"), ("Justin Trudeau", "Joe Biden"), ("Li Qiang", "Mark Carney")]
VERBS = ["spoke by phone with", "met", "held talks with", "had a call with"]


def article_text(i: int, edit: str = "") -> str:
    a, b = LEADERS[i % len(LEADERS)]
    verb = VERBS[i % len(VERBS)]
    day = 1 + i % 27
    month = 1 + (i // 27) % 5
    return (f"published: 2025-{month:02d}-{day:02d}T09:00:00-04:00\nsource: Test Wire\n"
            f"{a} and {b}: report number {i}{edit}\n\n"
            f"{a} {verb} {b} on Monday, officials said in report number {i}.\n"
            f"The two leaders discussed tariffs on steel and aluminum.\n")


def write_articles(folder: Path, n: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"a{i:05d}.txt").write_text(article_text(i), encoding="utf-8")


def ingest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def nquads(store_url: str) -> list[str]:
    """The store as sorted N-Quads lines: equal lists mean equal stores."""
    data = open_store(store_url).dump("nquads").decode("utf-8")
    return sorted(line for line in data.splitlines() if line.strip())


def articles_in(store_url: str) -> int:
    rows = open_store(store_url).select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dkg:Article }")
    return rows[0]["n"]


def report_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DKG_STORE"}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def processes_marked(mark: str) -> list[int]:
    """Processes whose environment holds ``DKG_TEST_MARK=mark``."""
    found = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"DKG_TEST_MARK={mark}".encode() in env.read_bytes():
                found.append(int(env.parent.name))
        except OSError:
            continue
    return found


DKG = [sys.executable, "-c", "import sys; from diplomatic_kg.cli import main; sys.exit(main())"]


# -- idempotency and updates ------------------------------------------------------------------------------
def test_rerun_is_idempotent_and_an_edited_article_replaces_its_graph(tmp_path, store_url):
    folder = tmp_path / "articles"
    write_articles(folder, 12)
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r1.json"))
    assert code == 0
    r1 = report_of(tmp_path / "r1.json")
    assert (r1["new"], r1["unchanged"], r1["failed"]) == (12, 0, [])
    assert r1["triples_added"] > 0 and r1["finished"] >= r1["started"]
    first = nquads(store_url)

    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r2.json"))
    r2 = report_of(tmp_path / "r2.json")
    assert code == 0 and (r2["new"], r2["updated"], r2["unchanged"], r2["triples_added"]) == (0, 0, 12, 0)
    assert nquads(store_url) == first

    (folder / "a00003.txt").write_text(article_text(3, edit=" (corrected)"), encoding="utf-8")
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r3.json"))
    r3 = report_of(tmp_path / "r3.json")
    assert (r3["new"], r3["updated"], r3["unchanged"]) == (0, 1, 11)
    now = nquads(store_url)
    assert any("report number 3 (corrected)" in q for q in now)
    assert not any('"Donald Trump and Mark Carney: report number 3"' in q for q in now)  # old headline gone
    assert articles_in(store_url) == 12


def test_a_newer_extractor_reextracts_unchanged_articles_once(tmp_path, store_url, monkeypatch):
    from ingest import version

    folder = tmp_path / "articles"
    write_articles(folder, 4)
    assert ingest(str(folder), "--store", store_url)[0] == 0
    stored = set(open_store(store_url).graph_versions().values())
    assert stored == {version.extractor_version()}
    # the rules, the lexicon or the model changed: the extractor's version with them
    monkeypatch.setattr(version, "extractor_version", lambda: "9.9.9+test")
    monkeypatch.setattr("ingest.pipeline.extractor_version", lambda: "9.9.9+test")
    monkeypatch.setattr("ingest.rdf.extractor_version", lambda: "9.9.9+test")
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r.json"))
    report = report_of(tmp_path / "r.json")
    assert code == 0 and (report["updated"], report["reextracted"], report["unchanged"]) == (4, 4, 0)
    assert "4 re-extracted by a newer extractor" in out
    assert set(open_store(store_url).graph_versions().values()) == {"9.9.9+test"}
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r2.json"))
    assert report_of(tmp_path / "r2.json")["unchanged"] == 4  # read again once, then skipped as before


def test_parallel_workers_write_the_same_store(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 20)
    one, two = f"oxigraph:{tmp_path / 's1'}", f"oxigraph:{tmp_path / 's2'}"
    assert ingest(str(folder), "--store", one)[0] == 0
    code, out, _ = ingest(str(folder), "--store", two, "--workers", "2")
    assert code == 0 and "20 new" in out
    assert nquads(one) == nquads(two)


# -- bad inputs -------------------------------------------------------------------------------------------
def test_bad_inputs_are_reported_skipped_and_counted(tmp_path, store_url):
    folder = tmp_path / "in"
    write_articles(folder, 3)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (folder / "latin1.txt").write_bytes("Caf\xe9 story\n\nTrump met Carney.".encode("latin-1"))
    (folder / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (folder / "garbage.html").write_bytes(b"<html><<<>>><div><span></html>\x01\x02")
    (folder / "unclosed.html").write_text("<html><head><title>Broken markup</title><body><div><article><p>"
                                          + "<p>".join(PARAS * 3) + "<div></span></table>", encoding="utf-8")
    (folder / "future.txt").write_text("published: 3000-01-01\nFuture\n\nTrump met Carney.", encoding="utf-8")
    huge = folder / "huge.txt"
    with open(huge, "wb") as f:  # 50 MB, sparse: refused by its size without being read
        f.truncate(50 * 1024 * 1024)
    lines = folder / "mixed.jsonl"
    lines.write_text('{"title": "ok line", "text": "Trump met Carney on Monday.", "published": "2025-03-03"}\n'
                     '{"title": "broken line", \n', encoding="utf-8")
    t0 = time.monotonic()
    code, out, err = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert time.monotonic() - t0 < 30
    assert code == 1
    report = report_of(tmp_path / "r.json")
    reasons = {Path(f["source"].split(":")[0]).name: f["reason"] for f in report["failed"]}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not valid UTF-8" in reasons["latin1.txt"]
    assert "malformed JSON" in reasons["broken.json"]
    assert reasons["garbage.html"] == "no article text found in the HTML"
    assert "unclosed.html" not in reasons  # broken markup with text in it is recovered, not lost
    assert "implausible publication date 3000-01-01" in reasons["future.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "malformed JSON" in reasons["mixed.jsonl"]
    assert report["failed_count"] == len(report["failed"]) == 8
    assert report["new"] == 5  # three good files, the good line, the unclosed HTML: nothing good is lost
    for name in ("empty.txt", "huge.txt", "broken.json"):
        assert name in err  # each failure also on stderr, with its source
    assert articles_in(store_url) == 5


def test_a_reader_that_cannot_import_fails_its_files_not_the_run(tmp_path, store_url, monkeypatch):
    # As on a fresh install whose pip skipped a dependency of trafilatura: the HTML reader cannot import.
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "page.html").write_text("<html><body><article><p>" + "<p>".join(PARAS) + "</article></body></html>",
                                      encoding="utf-8")
    code, out, err = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert code == 1
    report = report_of(tmp_path / "r.json")
    assert [(Path(f["source"]).name, "cannot read HTML" in f["reason"]) for f in report["failed"]] == [
        ("page.html", True)]
    assert report["new"] == 2 and articles_in(store_url) == 2
    assert "page.html" in err and "Traceback" not in err + out


def test_huge_file_is_refused_without_reading_it(tmp_path, store_url):
    from ingest.sources import read_file

    huge = tmp_path / "huge.jsonl"
    with open(huge, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    t0 = time.monotonic()
    [err] = read_file(huge)
    assert "too large" in err.reason and time.monotonic() - t0 < 0.5


# -- feeds, pages and URL lists over loopback HTTP -----------------------------------------------------------
PARAS = ["Prime Minister Mark Carney spoke by phone with U.S. President Donald Trump on Friday, the two "
         "leaders' offices said in separate statements after the call ended.",
         "They agreed to begin comprehensive negotiations on a new economic and security relationship "
         "between the two countries once the Canadian election is over."]


@pytest.fixture
def srv():
    with Loopback() as s:
        yield s


def feed_sources(tmp_path: Path, srv: Loopback, *extra: str, timeout: float = 2, retries: int = 0) -> Path:
    f = tmp_path / "sources.toml"
    f.write_text(f"[http]\ntimeout = {timeout}\nretries = {retries}\nbackoff = 0.01\n\n"
                 f'[[source]]\nfeed = "{srv.url("/feed")}"\n' + "".join(extra), encoding="utf-8")
    return f


def serve_feed(srv: Loopback, items: list[dict], etag: str) -> None:
    srv.routes["/feed"] = Route(body=rss("Loopback Wire", items), content_type="application/rss+xml", etag=etag)


def test_feed_dates_conditional_get_and_no_duplicates_without_state(tmp_path, store_url, srv):
    srv.routes["/a"] = Route(body=article_page("Carney and Trump speak", PARAS, date="2025-03-29T08:15:00-04:00"))
    srv.routes["/b"] = Route(body=article_page("Leaders agree to talk", PARAS[::-1]))
    srv.routes["/c"] = Route(body=article_page("A page with no date", PARAS))
    items = [{"title": "A", "link": srv.url("/a"), "pubDate": "Sat, 29 Mar 2025 10:00:00 -0400"},
             {"title": "B", "link": srv.url("/b"), "pubDate": "Mon, 03 Feb 2025 18:00:00 -0600"},
             {"title": "C", "link": srv.url("/c")}]
    serve_feed(srv, items, '"v1"')
    sources = feed_sources(tmp_path, srv)
    code, out, err = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0, err
    assert "3 new" in out and "feed" in out
    rows = open_store(store_url).select(
        "SELECT ?u ?d ?s WHERE { ?a schema:url ?u ; schema:datePublished ?d ; dkg:publishedSource ?s }")
    dates = {r["u"].rsplit("/", 1)[1]: (r["d"], r["s"]) for r in rows}
    assert dates["a"] == ("2025-03-29", "metadata")  # the page's own metadata first
    assert dates["b"] == ("2025-02-03T18:00:00-06:00", "feed")  # else the feed entry
    assert dates["c"][1] == "fetch-time"  # else when it was fetched, and recorded as such
    before = nquads(store_url)
    page_hits = sum(srv.hits[p] for p in ("/a", "/b", "/c"))

    # unchanged feed: a conditional GET answered 304, no page fetched
    code, out, _ = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0 and "not modified" in out and "0 new, 0 updated" in out
    assert srv.requests[-1][1].get("if-none-match") == '"v1"'
    assert sum(srv.hits[p] for p in ("/a", "/b", "/c")) == page_hits

    # the state file lost: everything fetched again, nothing duplicated, the fetch-time date kept
    (Path(store_url.removeprefix("oxigraph:")) / "feeds.json").unlink()
    code, out, _ = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0 and "0 new, 0 updated, 3 unchanged" in out
    assert nquads(store_url) == before

    # a new entry and an edited one: only those two pages are fetched
    srv.routes["/b"] = Route(body=article_page("Leaders agree to talk (updated)", PARAS[::-1] + ["More news."]))
    srv.routes["/d"] = Route(body=article_page("Another call", PARAS, date="2025-04-01"))
    items[1]["pubDate"] = "Tue, 04 Feb 2025 09:00:00 -0600"
    serve_feed(srv, [*items, {"title": "D", "link": srv.url("/d")}], '"v2"')
    hits_a = srv.hits["/a"]
    code, out, _ = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0 and "1 new, 1 updated" in out
    assert srv.hits["/a"] == hits_a
    assert articles_in(store_url) == 4


def test_transient_failures_are_retried_next_run_permanent_ones_are_not(tmp_path, store_url, srv):
    srv.routes["/ok"] = Route(body=article_page("Fine", PARAS, date="2025-03-29"))
    srv.routes["/flaky"] = Route(status=500, body=b"down")
    items = [{"title": "ok", "link": srv.url("/ok")}, {"title": "flaky", "link": srv.url("/flaky")},
             {"title": "gone", "link": srv.url("/gone")}]
    serve_feed(srv, items, '"v1"')
    sources = feed_sources(tmp_path, srv)
    code, out, err = ingest("--sources", str(sources), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert code == 1
    failed = {f["source"]: f for f in report_of(tmp_path / "r.json")["failed"]}
    assert failed[srv.url("/flaky")]["reason"].startswith("HTTP 500") and failed[srv.url("/flaky")]["transient"]
    assert failed[srv.url("/gone")]["reason"] == "HTTP 404 Not Found"
    assert srv.url("/gone") in err

    srv.routes["/flaky"] = Route(body=article_page("Back up", PARAS[::-1], date="2025-03-30"))
    code, out, err = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0, err  # the feed was fetched in full again (its validators were not kept)...
    assert "1 new" in out and srv.hits["/ok"] == 1  # ...the flaky page retried, the good one not refetched
    assert srv.hits["/gone"] == 1  # a 404 is not asked again until the entry changes
    code, out, _ = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0 and "not modified" in out


def test_broken_feeds_and_slow_pages_are_reported(tmp_path, store_url, srv):
    srv.routes["/feed"] = Route(body=b"<?xml version='1.0'?><rss><channel><item><title>x", content_type="text/xml")
    srv.routes["/notfeed"] = Route(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, content_type="image/png")
    srv.routes["/slow"] = Route(body=article_page("Slow", PARAS), delay=3)
    srv.routes["/big"] = Route(serve_bytes=50 * 1024 * 1024)
    srv.routes["/pdf"] = Route(body=b"%PDF-1.7", content_type="application/pdf")
    srv.routes["/good"] = Route(body=article_page("Good page", PARAS, date="2025-03-29"))
    srv.routes["/future"] = Route(body=article_page("From the future", PARAS))
    srv.routes["/feed3000"] = Route(body=rss("Future", [{"title": "f", "link": srv.url("/future"),
                                                         "pubDate": "Wed, 01 Jan 3000 10:00:00 GMT"}]),
                                    content_type="application/rss+xml")
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(srv.url(p) for p in ("/slow", "/big", "/pdf", "/good", "/nope")) + "\nnot-a-url\n",
                    encoding="utf-8")
    sources = feed_sources(tmp_path, srv, f'[[source]]\nfeed = "{srv.url("/notfeed")}"\n',
                           f'[[source]]\nfeed = "{srv.url("/feed3000")}"\n',
                           f'[[source]]\nurls = "{urls.name}"\n', timeout=0.8)
    t0 = time.monotonic()
    code, out, err = ingest("--sources", str(sources), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert time.monotonic() - t0 < 20
    assert code == 1
    report = report_of(tmp_path / "r.json")
    reasons = {f["source"]: f["reason"] for f in report["failed"]}
    assert reasons[srv.url("/feed")].startswith("feed: malformed feed")
    assert reasons[srv.url("/notfeed")].startswith("feed: not an RSS, Atom or JSON feed")
    assert reasons[srv.url("/future")] == "implausible publication date 3000-01-01"
    assert reasons[srv.url("/slow")].startswith("timed out")
    assert reasons[srv.url("/big")].startswith("response too large")
    assert reasons[srv.url("/pdf")] == "not an HTML page (Content-Type application/pdf)"
    assert reasons[srv.url("/nope")] == "HTTP 404 Not Found"
    assert reasons[f"{urls}:6"].startswith("not an http(s) URL")
    assert report["new"] == 1 and report["feeds"] == {"fetched": 1, "not_modified": 0, "failed": 2}


def test_url_list_pages_are_rechecked_only_after_the_interval(tmp_path, store_url, srv):
    srv.routes["/p"] = Route(body=article_page("Listed page", PARAS, date="2025-03-29"), etag='"p1"')
    urls = tmp_path / "urls.txt"
    urls.write_text(srv.url("/p") + "\n", encoding="utf-8")
    assert ingest("--urls", str(urls), "--store", store_url)[0] == 0
    code, out, _ = ingest("--urls", str(urls), "--store", store_url)
    assert code == 0 and "1 unchanged" in out and srv.hits["/p"] == 1  # fetched a moment ago: not asked again
    sources = tmp_path / "s.toml"
    sources.write_text(f'[http]\nrecheck_hours = 0\n[[source]]\nurls = "{urls}"\n', encoding="utf-8")
    code, out, _ = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0 and "1 unchanged" in out and srv.hits["/p"] == 2
    assert srv.requests[-1][1].get("if-none-match") == '"p1"'  # asked conditionally, answered 304


def test_one_run_mixes_folders_files_feeds_url_lists_and_pages(tmp_path, store_url, srv):
    folder = tmp_path / "articles"
    write_articles(folder, 2)
    single = tmp_path / "one.txt"
    single.write_text(article_text(50), encoding="utf-8")
    srv.routes["/a"] = Route(body=article_page("From the feed", PARAS, date="2025-03-29"))
    srv.routes["/b"] = Route(body=article_page("From the list", PARAS[::-1], date="2025-03-30"))
    srv.routes["/c"] = Route(body=article_page("A single page", PARAS + ["Coda."], date="2025-03-31"))
    serve_feed(srv, [{"title": "a", "link": srv.url("/a")}], '"1"')
    (tmp_path / "urls.txt").write_text(srv.url("/b") + "\n", encoding="utf-8")
    sources = feed_sources(tmp_path, srv, '[[source]]\npath = "articles"\noutlet = "Folder Wire"\n',
                           '[[source]]\npath = "one.txt"\n', '[[source]]\nurls = "urls.txt"\n',
                           f'[[source]]\nurl = "{srv.url("/c")}"\n')
    code, out, err = ingest("--sources", str(sources), "--store", store_url)
    assert code == 0, err
    assert "6 new, 0 updated, 0 unchanged, 0 failed" in out
    assert articles_in(store_url) == 6


# -- output -------------------------------------------------------------------------------------------------
def test_log_lines_when_not_a_terminal_and_a_bar_on_request(tmp_path, store_url):
    folder = tmp_path / "articles"
    write_articles(folder, 3)
    code, out, _ = ingest(str(folder), "--store", store_url)
    lines = out.strip().splitlines()
    assert len(lines) == 4 and all(line[:4].isdigit() and line[19] == "Z" for line in lines)
    assert lines[0].split()[1] == "new" and lines[-1].split()[1] == "done"
    code, out, err = ingest(str(folder), "--store", store_url, "--progress")
    assert "3/3" in err and "unchanged=3" in err and "100%" in err
    assert out.strip() == "0 new, 0 updated, 3 unchanged, 0 failed; 0 events, 0 triples written (+0 net)" \
        + out.strip()[out.strip().index(" in "):]


def test_nothing_to_ingest_is_a_usage_error(store_url):
    result = CliRunner().invoke(main, ["ingest", "--store", store_url])
    assert result.exit_code == 2 and "nothing to ingest" in result.output


# -- the lock -----------------------------------------------------------------------------------------------
def test_second_writer_waits_then_exits_75(tmp_path, store_url):
    write_articles(tmp_path / "a", 2)
    holder = open_store(store_url, write=True)
    try:
        t0 = time.monotonic()
        code, out, err = ingest(str(tmp_path / "a"), "--store", store_url, "--wait", "0.6")
        waited = time.monotonic() - t0
    finally:
        holder.close()
    assert code == LOCKED_EXIT_CODE == 75
    assert "another process is writing" in err and "0.6 s" in err and "Traceback" not in err
    assert 0.5 <= waited < 5
    assert ingest(str(tmp_path / "a"), "--store", store_url)[0] == 0  # once free, it runs


def test_two_real_processes_one_waits_for_the_other(tmp_path, store_url, srv):
    # the first run holds the lock for a few seconds: six pages that each take 0.6 s to answer
    for i in range(6):
        srv.routes[f"/slow{i}"] = Route(body=article_page(f"Slow page {i}", PARAS, date="2025-03-29"), delay=0.6)
    (tmp_path / "urls.txt").write_text("".join(srv.url(f"/slow{i}") + "\n" for i in range(6)), encoding="utf-8")
    sources = tmp_path / "s.toml"
    sources.write_text('[http]\nconcurrency = 1\n[[source]]\nurls = "urls.txt"\n', encoding="utf-8")
    command = [*DKG, "ingest", "--sources", str(sources), "--store", store_url]
    first = subprocess.Popen(command, cwd=REPO, env=subprocess_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().split()[1] == "new"  # it holds the lock and is writing
        quick = subprocess.run([*command, "--wait", "0"], cwd=REPO, env=subprocess_env(), capture_output=True,
                               text=True, timeout=120)
        assert first.poll() is None, "the first run ended too early for this test to mean anything"
        assert quick.returncode == 75 and "another process is writing" in quick.stderr
        assert quick.stdout == "" and "Traceback" not in quick.stderr
        patient = subprocess.run([*command, "--wait", "120"], cwd=REPO, env=subprocess_env(), capture_output=True,
                                 text=True, timeout=180)
        assert patient.returncode == 0 and "0 new, 0 updated, 6 unchanged" in patient.stdout
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0 and articles_in(store_url) == 6
    assert all(srv.hits[f"/slow{i}"] == 1 for i in range(6))  # nothing fetched twice


# -- kill -9 mid-run ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_9_mid_run_then_rerun_equals_a_clean_run(tmp_path, workers):
    folder = tmp_path / "articles"
    # Enough work that the run goes on well after its 40th line: the writer takes these small articles in
    # under a millisecond each, and prints an article's line once the store has its batch.
    write_articles(folder, 800)
    clean, crashed = f"oxigraph:{tmp_path / 'clean'}", f"oxigraph:{tmp_path / 'crashed'}"
    assert ingest(str(folder), "--store", clean)[0] == 0

    mark = f"kill-test-{uuid.uuid4()}"  # inherited by the worker processes: finds them after the kill
    proc = subprocess.Popen([*DKG, "ingest", str(folder), "--store", crashed, "--workers", workers], cwd=REPO,
                            env=subprocess_env(DKG_TEST_MARK=mark), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    written = 0
    for line in proc.stdout:
        written += line.split()[1:2] == ["new"]
        if written == 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert written == 40
    deadline = time.monotonic() + 10
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_marked(mark) == [], "worker processes outlived the killed writer"

    # the lock died with the process (no orphaned worker holds it), and a rerun finishes the job
    code, out, err = ingest(str(folder), "--store", crashed, "--wait", "10", "--report", str(tmp_path / "r.json"))
    assert code == 0, err
    report = report_of(tmp_path / "r.json")
    assert report["unchanged"] >= 40 and report["new"] > 0  # killed in the middle, not after the end
    assert report["new"] + report["unchanged"] == 800 and report["updated"] == 0
    assert nquads(crashed) == nquads(clean)


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 1000)  # enough that the workers are still busy when the first lines come out
    clean, store = f"oxigraph:{tmp_path / 'clean'}", f"oxigraph:{tmp_path / 's'}"
    assert ingest(str(folder), "--store", clean)[0] == 0
    mark = f"worker-kill-{uuid.uuid4()}"
    proc = subprocess.Popen([*DKG, "ingest", str(folder), "--store", store, "--workers", "2"], cwd=REPO,
                            env=subprocess_env(DKG_TEST_MARK=mark), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    written = 0
    for line in proc.stdout:
        written += line.split()[1:2] == ["new"]
        if written == 20:
            break
    workers = [p for p in processes_marked(mark)
               if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    rest, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "1000 new, 0 updated, 0 unchanged, 0 failed" in rest
    assert nquads(store) == nquads(clean)


def test_writes_of_a_run_that_died_before_publishing_are_published_by_the_next(tmp_path, store_url):
    from ingest.feeds import SourceSpec
    from ingest.pipeline import run_sources

    folder = tmp_path / "articles"
    write_articles(folder, 5)
    assert ingest(str(folder / "a00000.txt"), "--store", store_url)[0] == 0

    class Died(BaseException):
        pass

    def die_after_the_last_write(event) -> None:
        if event.status == "new" and event.source.endswith("a00004.txt"):
            raise Died  # as a kill -9 between the last write and the checkpoint would

    with pytest.raises(Died):
        run_sources([SourceSpec("path", str(folder))], store_url, log=die_after_the_last_write)
    assert articles_in(store_url) == 1  # readers still see the last checkpoint
    code, out, _ = ingest(str(folder), "--store", store_url)
    assert code == 0 and "0 new, 0 updated, 5 unchanged" in out  # nothing new to write...
    assert articles_in(store_url) == 5  # ...but what the dead run wrote is published now


# -- reading while writing -----------------------------------------------------------------------------------
def test_readers_keep_working_while_a_run_writes(tmp_path, store_url):
    from graph.query import queries

    folder = tmp_path / "articles"
    write_articles(folder, 10)
    assert ingest(str(folder), "--store", store_url)[0] == 0
    write_articles(folder, 140, start=10)
    reader = open_store(store_url)  # as the dashboard and the endpoint hold it: read-only, following CURRENT
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read_loop() -> None:
        while not stop.is_set():
            try:
                seen.append(queries.stats(reader)["articles"])
                reader.select("SELECT ?e ?d WHERE { ?e a dkg:Event ; dkg:date ?d } ORDER BY ?d LIMIT 50")
            except BaseException as e:  # noqa: BLE001 - any error is a failure of the test
                errors.append(e)
                return

    thread = threading.Thread(target=read_loop)
    thread.start()
    try:
        run = subprocess.run([*DKG, "ingest", str(folder), "--store", store_url], cwd=REPO,
                             env=subprocess_env(DKG_CHECKPOINT_EVERY="0.3"), capture_output=True, text=True,
                             timeout=300)
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert run.returncode == 0, run.stderr
    assert not errors, errors
    assert seen[0] == 10 and seen[-1] == 150
    assert seen == sorted(seen)  # never a step back, never a half-written article
    assert len(set(seen)) > 2  # intermediate checkpoints were published during the run and followed


def test_the_sparql_endpoint_answers_while_a_run_writes(tmp_path, store_url):
    server_module = pytest.importorskip("graph.endpoint.server")
    import urllib.parse
    import urllib.request

    folder = tmp_path / "articles"
    write_articles(folder, 10)
    assert ingest(str(folder), "--store", store_url)[0] == 0
    write_articles(folder, 90, start=10)
    server = server_module.make_server(server_module.EndpointConfig(store_url=store_url, port=0, workers=1))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dkg:Article }"})

    def count() -> int:
        req = urllib.request.Request(f"{server.url}?{query}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status == 200
            return int(json.load(resp)["results"]["bindings"][0]["n"]["value"])

    try:
        proc = subprocess.Popen([*DKG, "ingest", str(folder), "--store", store_url], cwd=REPO,
                                env=subprocess_env(DKG_CHECKPOINT_EVERY="0.3"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        seen = []
        while proc.poll() is None:
            seen.append(count())
            time.sleep(0.05)
        assert proc.returncode == 0, proc.stderr.read()
        time.sleep(0.3)
        seen.append(count())
    finally:
        server.shutdown()
        server.server_close()
    assert seen[0] == 10 and seen[-1] == 100 and seen == sorted(seen)


def test_a_run_with_nothing_new_publishes_nothing_but_a_gazetteer_change_is_published(tmp_path, store_url,
                                                                                       monkeypatch):
    from graph.namespaces import ACTORS_GRAPH
    from ingest.actors import Registry

    folder = tmp_path / "articles"
    write_articles(folder, 3)
    root = Path(store_url.removeprefix("oxigraph:"))
    assert ingest(str(folder), "--store", store_url)[0] == 0
    first = (root / "CURRENT").read_text()
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert code == 0 and report_of(tmp_path / "r.json")["checkpoint"] is None
    assert (root / "CURRENT").read_text() == first and not (root / "unpublished").exists()

    gazetteer = json.loads((REPO / "data" / "actors.json").read_text(encoding="utf-8"))
    gazetteer["version"] = f"{gazetteer.get('version', '')}-edited-for-a-test"
    edited = tmp_path / "actors.json"
    edited.write_text(json.dumps(gazetteer), encoding="utf-8")
    monkeypatch.setenv("DKG_GAZETTEER", str(edited))
    code, out, _ = ingest(str(folder), "--store", store_url, "--report", str(tmp_path / "r.json"))
    assert code == 0 and "0 new, 0 updated, 3 unchanged" in out
    assert report_of(tmp_path / "r.json")["checkpoint"] is not None
    hashes = open_store(store_url).graph_hashes()  # what readers see
    assert hashes[str(ACTORS_GRAPH)] == Registry.load(edited).content_hash
