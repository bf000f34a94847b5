"""One bad input never stops a batch run: unparseable URLs (in a list, a feed, a redirect), links a feed gives
that cannot be fetched, files a folder holds that are not read, and texts that would take minutes to extract.
Every server here is on 127.0.0.1 (tests/loopback.py)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import Loopback, Route, article_page, rss
from spacy.language import Language

from diplomatic_kg.cli import main
from ingest import limits
from ingest.actors import Registry
from ingest.article import MAX_TEXT_CHARS, Article, ArticleError
from ingest.extraction import LazyExtractor, extract
from ingest.feeds import parse_feed, read_url_list
from ingest.fetch import Fetcher, FetchError, HttpConfig, url_problem
from ingest.nlp import load_pipeline
from ingest.pipeline import ingest_paths

PARAS = ["Prime Minister Mark Carney spoke by phone with U.S. President Donald Trump on Friday, the two "
         "leaders' offices said in separate statements after the call ended.",
         "They agreed to begin comprehensive negotiations on a new economic and security relationship "
         "between the two countries once the Canadian election is over."]
# One clause of a run-on "sentence" with no full stop, dense with triggers and actors: the worst case.
RUN_ON = ("Donald Trump spoke with Mark Carney about the 25% tariffs on Canadian steel and aluminum and "
          "officials met in Ottawa on Monday, ")


@pytest.fixture
def srv():
    with Loopback() as s:
        yield s


def ingest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", "--no-progress", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def run(tmp_path: Path, store_url: str, *args: str) -> tuple[int, dict, str]:
    """``dkg ingest ARGS`` with a report: (exit code, report, stderr)."""
    code, _, err = ingest(*args, "--store", store_url, "--report", str(tmp_path / "r.json"))
    return code, json.loads((tmp_path / "r.json").read_text(encoding="utf-8")), err


def sources(tmp_path: Path, *entries: str) -> Path:
    f = tmp_path / "sources.toml"
    f.write_text("[http]\ntimeout = 3\nretries = 0\nbackoff = 0.01\n\n" + "".join(entries), encoding="utf-8")
    return f


# -- URLs that cannot be parsed ---------------------------------------------------------------------------
@pytest.mark.parametrize("url, problem", [
    ("https://example.org/a", None),
    ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
    ("http://[::1]:99999/x", "not a valid URL (Port out of range 0-65535)"),
    ("http://example.org:port/", "not a valid URL"),
    ("http://exa mple.org/", "not a valid URL (contains spaces or control characters)"),
    ("javascript:alert(1)", "not an http(s) URL"),
    ("file:///etc/passwd", "not an http(s) URL"),
    ("ftp://example.org/x", "not an http(s) URL"),
    ("http://", "not an http(s) URL"),
])
def test_url_problem_says_why_a_url_cannot_be_fetched(url, problem):
    assert (url_problem(url) or "").startswith(problem or "") and (problem is None) == (url_problem(url) is None)
    if problem:
        with pytest.raises(FetchError, match="not a"):
            Fetcher(HttpConfig(timeout=2, retries=0)).fetch(url)


def test_a_bad_url_line_costs_that_line_only(tmp_path, store_url, srv):
    srv.routes["/good"] = Route(body=article_page("Good page", PARAS, date="2025-03-29"))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"http://[::1\n{srv.url('/good')}\nhttp://[::1]:99999/x\nfile:///etc/passwd\n", encoding="utf-8")
    assert [str(x) for x in read_url_list(urls) if not isinstance(x, str)] == [
        f"{urls}:1: not a valid URL (Invalid IPv6 URL): 'http://[::1'",
        f"{urls}:3: not a valid URL (Port out of range 0-65535): 'http://[::1]:99999/x'",
        f"{urls}:4: not an http(s) URL: 'file:///etc/passwd'"]
    code, report, err = run(tmp_path, store_url, "--urls", str(urls))
    assert code == 1 and report["new"] == 1 and report["checkpoint"]
    assert sorted(f["source"] for f in report["failed"]) == [f"{urls}:1", f"{urls}:3", f"{urls}:4"]
    assert f"{urls}:1" in err and "Invalid IPv6 URL" in err and "Traceback" not in err


def test_a_redirect_to_an_unparseable_url_is_that_pages_failure(tmp_path, store_url, srv):
    srv.routes["/good"] = Route(body=article_page("Good page", PARAS, date="2025-03-29"))
    srv.routes["/bad"] = Route(status=302, headers={"Location": "http://[::1"})
    srv.routes["/port"] = Route(status=301, headers={"Location": "http://127.0.0.1:99999/x"})
    srv.routes["/file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    srv.routes["/feed"] = Route(body=rss("Wire", [{"title": "Bad", "link": srv.url("/bad")},
                                                  {"title": "Raw", "link": "http://[::1"},
                                                  {"title": "Good", "link": srv.url("/good")}]),
                                content_type="application/rss+xml")
    code, report, _ = run(tmp_path, store_url, srv.url("/bad"), srv.url("/port"), srv.url("/file"),
                          "--feed", srv.url("/feed"))
    reasons = {f["source"]: f["reason"] for f in report["failed"]}
    assert code == 1 and report["new"] == 1
    assert reasons[srv.url("/bad")] == "HTTP 302 redirect to an invalid URL 'http://[::1' (Invalid IPv6 URL)"
    assert reasons[srv.url("/port")].startswith("HTTP 301 redirect: not a valid URL (Port out of range")
    assert reasons[srv.url("/file")] == "HTTP 302 redirect: not an http(s) URL: 'file:///etc/passwd'"
    (raw,) = [r for s, r in reasons.items() if s.startswith(srv.url("/feed"))]
    assert raw == "feed entry 'Raw': it has neither a link nor any content"  # feedparser drops that link itself


def test_an_unparseable_feed_or_page_url_in_sources_toml_is_its_failure(tmp_path, store_url, srv):
    srv.routes["/good"] = Route(body=article_page("Good page", PARAS, date="2025-03-29"))
    toml = sources(tmp_path, '[[source]]\nfeed = "http://[::1"\n', '[[source]]\nurl = "http://[::1/page"\n',
                   f'[[source]]\nurl = "{srv.url("/good")}"\n')
    code, report, _ = run(tmp_path, store_url, "--sources", str(toml))
    assert code == 1 and report["new"] == 1
    assert {f["source"]: f["reason"] for f in report["failed"]} == {
        "http://[::1": "feed: not a valid URL (Invalid IPv6 URL): 'http://[::1'",
        "http://[::1/page": "not a valid URL (Invalid IPv6 URL): 'http://[::1/page'"}


def test_an_unparseable_url_header_is_that_files_failure(tmp_path, store_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("url: http://[::1\npublished: 2025-03-28\nBad\n\n" + PARAS[0], encoding="utf-8")
    (folder / "b.txt").write_text("url: https://example.org/ok\npublished: 2025-03-28\nGood\n\n" + PARAS[0],
                                  encoding="utf-8")
    rows = [{"title": "j", "url": "javascript:alert(1)", "text": PARAS[0], "published": "2025-03-03"},
            {"title": "k", "url": "http://exa mple.org/<x>", "text": PARAS[0], "published": "2025-03-03"}]
    (folder / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, report, err = run(tmp_path, store_url, str(folder))
    assert code == 1 and report["new"] == 1
    assert {Path(f["source"]).name: f["reason"] for f in report["failed"]} == {
        "a.txt": "url 'http://[::1': not a valid URL (Invalid IPv6 URL)",
        "c.jsonl:1": "url 'javascript:alert(1)': not an http(s) URL",
        "c.jsonl:2": "url 'http://exa mple.org/<x>': not a valid URL (contains spaces or control characters)"}
    assert "does not look like a valid URI" not in err  # refused before rdflib or the store ever see it


# -- inputs that used to vanish without a word --------------------------------------------------------------
def test_feed_links_that_cannot_be_fetched_are_reported_once(tmp_path, store_url, srv):
    srv.routes["/good"] = Route(body=article_page("Good page", PARAS, date="2025-03-29"))
    items = [{"title": "Script", "link": "javascript:alert(1)"},
             {"title": "Local", "link": "file:///etc/passwd", "description": " ".join(PARAS)},
             {"title": "Ftp", "link": "ftp://files.example.org/a.txt"},
             {"title": "Good", "link": srv.url("/good")}]
    srv.routes["/feed"] = Route(body=rss("Wire", items), content_type="application/rss+xml")
    feed = parse_feed(rss("Wire", items), srv.url("/feed"), "application/rss+xml")
    assert [e.title for e in feed.entries] == ["Local", "Good"] and feed.entries[0].link is None
    assert [(e.title, e.problem) for e in feed.rejected] == [
        ("Script", "its link 'javascript:alert(1)' is not an http(s) URL and it has no content"),
        ("Ftp", "its link 'ftp://files.example.org/a.txt' is not an http(s) URL and it has no content")]

    code, report, err = run(tmp_path, store_url, "--feed", srv.url("/feed"))
    assert code == 1 and report["new"] == 2  # the good page, and the entry read from the feed's own text
    assert sorted(f["reason"].split(":")[0] for f in report["failed"]) == ["feed entry 'Ftp'", "feed entry 'Script'"]
    [local] = [w for w in report["warnings"] if "'Local'" in w]
    assert local.startswith(f"{srv.url('/feed')}: entry 'Local': its link 'file:")  # as feedparser gives it
    assert local.endswith("is not an http(s) URL; its text is read from the feed instead")
    assert "javascript:alert(1)" in err
    # the next run has nothing new to say about them (as a page that failed for good is not fetched again)
    code, report, _ = run(tmp_path, store_url, "--feed", srv.url("/feed"))
    assert code == 0 and report["failed"] == [] and report["warnings"] == [] and report["unchanged"] == 2


def test_json_feed_items_that_cannot_be_read_are_rejected_with_a_reason():
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        "not an object", {"id": "1", "url": "ftp://x.example.org/1"}, {"id": "2", "url": "https://x.example.org/2"},
        {"id": "3", "url": "http://[::1"}]})
    feed = parse_feed(doc.encode(), "https://x.example.org/feed.json", "application/feed+json")
    assert [e.link for e in feed.entries] == ["https://x.example.org/2"]
    assert [e.problem for e in feed.rejected] == [
        "it is not a JSON object", "its link 'ftp://x.example.org/1' is not an http(s) URL and it has no content",
        "its link 'http://[::1' is not a valid URL (Invalid IPv6 URL) and it has no content"]


def test_files_a_folder_holds_but_are_not_read_get_a_warning(tmp_path, store_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("published: 2025-03-28\nCall\n\n" + PARAS[0], encoding="utf-8")
    (folder / "world.xml").write_bytes(rss("Saved feed", [{"title": "x", "link": "https://x.example.org/1"}]))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7")
    (folder / ".hidden.xml").write_text("<rss/>", encoding="utf-8")  # hidden files stay unmentioned
    code, report, err = run(tmp_path, store_url, str(folder))
    assert code == 0 and report["new"] == 1
    assert [w.split(": skipped, ")[0] for w in report["warnings"]] == [str(folder / "notes.pdf"),
                                                                       str(folder / "world.xml")]
    assert "a feed is read from its URL: --feed URL" in report["warnings"][1]
    assert "world.xml" in err and "hidden" not in err
    # the same through the Python API the dashboard uses
    assert len(ingest_paths([folder], "memory:").warnings) == 2


# -- texts that would take minutes ----------------------------------------------------------------------------
def test_an_article_over_its_time_budget_fails_alone(tmp_path, store_url, monkeypatch):
    monkeypatch.setenv("DKG_ARTICLE_SECONDS", "1")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("published: 2025-03-28\nCall\n\n" + PARAS[0], encoding="utf-8")
    (folder / "b.txt").write_text("published: 2025-03-10\nRun-on\n\n" + RUN_ON * 500 + "end.", encoding="utf-8")
    (folder / "c.txt").write_text("published: 2025-03-29\nCall again\n\n" + PARAS[0], encoding="utf-8")
    t0 = time.monotonic()
    code, report, err = run(tmp_path, store_url, str(folder))
    assert time.monotonic() - t0 < 30
    assert code == 1 and report["new"] == 2
    [failed] = report["failed"]
    assert failed["source"].endswith("b.txt")
    assert failed["reason"] == (f"extraction stopped after 1 s (the time limit per article) on "
                                f"{len(RUN_ON * 500 + 'end.'):,} characters of text ($DKG_ARTICLE_SECONDS sets it)")


def test_time_budget_interrupts_the_block_and_then_leaves_no_trace():
    with pytest.raises(limits.TimeBudgetExceeded), limits.time_budget(0.2):
        while True:
            pass
    with limits.time_budget(0.2):
        pass
    time.sleep(0.3)  # the timer was cleared: nothing fires after the block
    # off the main thread (the dashboard's ingest) the block runs unbounded rather than failing
    done = []
    worker = threading.Thread(target=lambda: done.append(limits.time_budget(0.01).__enter__() is None))
    worker.start()
    worker.join()
    assert done == [True]


def test_extraction_goes_on_after_an_article_ran_out_of_time(monkeypatch):
    lazy = LazyExtractor(Registry.load())
    short = Article(title="Call", text=PARAS[0], published="2025-03-29")
    before = extract(short, lazy, {})
    monkeypatch.setenv("DKG_ARTICLE_SECONDS", "0.5")
    assert "time limit" in extract(Article(title="Long", text=RUN_ON * 500, published="2025-03-10"), lazy, {}).reason
    after = extract(short, lazy, {})
    assert before.status == after.status == "extracted" and before.triples == after.triples


def test_long_sentences_are_cut_at_a_clause_near_the_limit():
    nlp = load_pipeline()
    text = PARAS[0] + " " + RUN_ON * 100 + "end. " + PARAS[1]
    with nlp.select_pipes(enable=["paragraphs", "sentencizer", "lowercase_continues"]):
        doc = nlp(text)
    before = [len(s) for s in doc.sents]
    limits.split_long_sentences(doc, 500)
    after = list(doc.sents)
    assert max(before) > 2000 and max(len(s) for s in after) <= 500
    assert [len(s) for s in after][0] == before[0] and [len(s) for s in after][-1] == before[-1]
    assert all(s[-1].text == "," for s in after[1:-2])  # each part ends after a clause, not mid-phrase
    assert doc.text == text  # the text is untouched: only sentence starts are added


def test_the_sentence_limit_is_a_pipeline_component():
    assert Language.has_factory("dkg_sentence_limit") and limits.MAX_SENTENCE_TOKENS == 500
    nlp = load_pipeline()
    names = nlp.pipe_names  # after the last component that sets sentence starts, before any that reads them
    assert names.index("dkg_sentence_limit") == names.index("lowercase_continues") + 1
    with nlp.select_pipes(enable=["paragraphs", "sentencizer", "lowercase_continues"]):
        doc = limits.limit_sentences(nlp(RUN_ON * 60 + "end."))  # about 1,300 tokens in one "sentence"
    assert [len(s) <= 500 for s in doc.sents] == [True, True, True]


# -- the text limits agree ----------------------------------------------------------------------------------
def test_the_longest_article_accepted_is_one_spacy_accepts():
    assert MAX_TEXT_CHARS <= load_pipeline().max_length
    filler = ("The committee reviewed the annual report of the museum. " * 20_000)[:MAX_TEXT_CHARS - 1] + "."
    out = extract(Article(title="Longest", text=filler, published="2025-03-10"), LazyExtractor(Registry.load()), {})
    assert out.status == "extracted", out.reason  # not spaCy's E088 "Text of length ... exceeds maximum"
    with pytest.raises(ArticleError, match="text too long"):
        Article(title="Longer", text=filler + " One more.", published="2025-03-10")
