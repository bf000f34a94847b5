"""Feeds (RSS, Atom, JSON Feed), URL lists, the sources.toml format and the fetch state file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loopback import rss

from ingest.feeds import (
    FeedError,
    FetchState,
    SourceSpec,
    load_sources,
    parse_feed,
    read_url_list,
)
from ingest.markup import html_to_text
from ingest.sources import SourceError

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Wire</title><id>urn:x-test:atom</id><updated>2025-03-29T12:00:00Z</updated>
  <entry>
    <title>Leaders speak by phone</title><id>urn:x-test:1</id>
    <link rel="alternate" href="/2025/03/28/call.html"/>
    <published>2025-03-28T19:30:00-04:00</published><updated>2025-03-28T20:00:00-04:00</updated>
    <summary>The two leaders spoke.</summary>
  </entry>
  <entry>
    <title>Inline only</title><id>urn:x-test:2</id>
    <updated>2025-03-29T08:00:00Z</updated>
    <content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_entries_keep_the_feed_dates_own_offset():
    doc = rss("Wire", [
        {"title": "Carney and Trump speak", "link": "https://news.example.org/a.html", "guid": "a1",
         "pubDate": "Fri, 28 Mar 2025 19:30:00 -0400", "description": "They spoke."},
        {"title": "No date", "link": "https://news.example.org/b.html"},
    ])
    feed = parse_feed(doc, "https://news.example.org/rss.xml", "application/rss+xml")
    assert feed.title == "Wire" and feed.warning is None
    a, b = feed.entries
    assert (a.link, a.title) == ("https://news.example.org/a.html", "Carney and Trump speak")
    assert a.entry_id.endswith("a1")
    assert a.published == "2025-03-28T19:30:00-04:00"  # not shifted to UTC: the local day anchors dates
    assert b.published is None and b.key == "https://news.example.org/b.html"


def test_atom_relative_links_resolve_and_linkless_entries_keep_content():
    feed = parse_feed(ATOM, "https://wire.example.org/atom.xml", "application/atom+xml")
    first, second = feed.entries
    assert first.link == "https://wire.example.org/2025/03/28/call.html"
    assert first.published == "2025-03-28T19:30:00-04:00"
    assert second.link is None and second.key == "urn:x-test:2"
    assert "Second paragraph." in html_to_text(second.content_html)


def test_fingerprint_changes_when_the_entry_is_updated():
    one = parse_feed(ATOM, "https://w.example.org/", "").entries[0]
    edited = ATOM.replace(b"<updated>2025-03-28T20:00:00-04:00</updated>", b"<updated>2025-03-30T09:00:00Z</updated>")
    two = parse_feed(edited, "https://w.example.org/", "").entries[0]
    assert one.key == two.key and one.fingerprint != two.fingerprint
    assert parse_feed(ATOM, "https://w.example.org/", "").entries[0].fingerprint == one.fingerprint


def test_json_feed():
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire", "items": [
        {"id": "1", "url": "https://j.example.org/1", "title": "One", "date_published": "2025-04-09T13:00:00-04:00"},
        {"id": "2", "title": "Two", "content_text": "Para one.\n\nPara two."},
        {"id": "3", "title": "Nothing to read"},
    ]}).encode()
    feed = parse_feed(doc, "https://j.example.org/feed.json", "application/feed+json")
    assert feed.title == "JSON Wire" and [e.key for e in feed.entries] == ["https://j.example.org/1", "2"]
    assert feed.entries[0].published == "2025-04-09T13:00:00-04:00"
    assert "Para two." in html_to_text(feed.entries[1].content_html)


@pytest.mark.parametrize("data, ctype, reason", [
    (b"", "application/rss+xml", "empty feed"),
    (b"   \n ", "application/rss+xml", "empty feed"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>a",
     "application/rss+xml", "malformed feed"),
    (b"<html><body><p>Just a page</p></body></html>", "text/html", "not an RSS, Atom or JSON feed"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": [', "application/json", "malformed JSON feed"),
    (b'{"hello": "world"}', "application/json", "not a JSON Feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": [{"title": "\xff"}]}', "application/json",
     "not valid UTF-8"),
])
def test_broken_feeds_raise_with_a_reason(data, ctype, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, "https://x.example.org/feed", ctype)


def test_recoverable_feed_problem_is_a_warning_not_a_failure():
    doc = rss("Wire", [{"title": "A &amp; B", "link": "https://x.example.org/1"}]).replace(
        b"<description>test feed</description>", b"<description>caf\xe9 &nbsp; broken</description>")
    feed = parse_feed(doc, "https://x.example.org/rss", "application/rss+xml")
    assert [e.link for e in feed.entries] == ["https://x.example.org/1"]
    assert feed.warning and feed.warning.startswith("recovered from")


def test_entry_dates_in_the_year_3000_are_passed_on_for_the_article_to_refuse():
    doc = rss("Wire", [{"title": "Future", "link": "https://x.example.org/f",
                        "pubDate": "Wed, 01 Jan 3000 10:00:00 GMT"}])
    entry = parse_feed(doc, "https://x.example.org/rss", "").entries[0]
    assert entry.published.startswith("3000-01-01")


# -- URL lists -----------------------------------------------------------------------------------------
def test_url_list(tmp_path: Path):
    f = tmp_path / "urls.txt"
    f.write_text("# reading list\nhttps://a.example.org/1\n\n  https://a.example.org/2#section   # a note\n"
                 "ftp://nope.example.org/x\nnot a url at all\nhttps://a.example.org/1\n", encoding="utf-8")
    items = list(read_url_list(f))
    assert items[:2] == ["https://a.example.org/1", "https://a.example.org/2#section"]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [e.source for e in errors] == [f"{f}:5", f"{f}:6"]
    assert len(items) == 4  # the duplicate is dropped


def test_url_list_unreadable(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"https://a.example.org/\xff\n")
    [err] = read_url_list(bad)
    assert isinstance(err, SourceError) and "not valid UTF-8" in err.reason
    [missing] = read_url_list(tmp_path / "nope.txt")
    assert missing.reason == "no such file"


# -- sources.toml --------------------------------------------------------------------------------------
def test_sources_toml_kinds_relative_paths_and_http(tmp_path: Path):
    f = tmp_path / "conf" / "sources.toml"
    f.parent.mkdir()
    f.write_text("""
[http]
timeout = 12
max_bytes = 2_000_000
user_agent = "dkg (test; mailto:me@example.org)"
recheck_hours = 6

[[source]]
path = "../articles"

[[source]]
feed = "https://example.org/rss.xml"
outlet = "Example News"

[[source]]
urls = "list.txt"

[[source]]
url = "https://example.org/page.html"
""", encoding="utf-8")
    config = load_sources(f)
    assert config.sources == [
        SourceSpec("path", str((tmp_path / "articles").resolve())),
        SourceSpec("feed", "https://example.org/rss.xml", "Example News"),
        SourceSpec("urls", str((f.parent / "list.txt").resolve())),
        SourceSpec("url", "https://example.org/page.html"),
    ]
    assert (config.http.timeout, config.http.max_bytes, config.recheck_hours) == (12, 2_000_000, 6.0)
    assert config.http.user_agent == "dkg (test; mailto:me@example.org)"


@pytest.mark.parametrize("text, message", [
    ("[[source]]\npath = 'a'\nfeed = 'https://x.example.org/'\n", "exactly one of"),
    ("[[source]]\nfolder = 'a'\n", "unknown key"),
    ("[[source]]\nfeed = 'example.org/rss'\n", "must be an http"),
    ("[[source]]\nurl = ''\n", "non-empty"),
    ("[http]\ntimeout = 'soon'\n[[source]]\npath = 'a'\n", "http.timeout must be a number"),
    ("[http]\nretries = 1.5\n[[source]]\npath = 'a'\n", "http.retries must be a whole number"),
    ("[http]\nspeed = 3\n[[source]]\npath = 'a'\n", "unknown \\[http\\] key"),
    ("[http]\ntimeout = -1\n[[source]]\npath = 'a'\n", "must not be negative"),
    ("sources = ['a']\n", "unknown top-level key"),
    ("[http]\ntimeout = 3\n", "no \\[\\[source\\]\\] entries"),
    ("[[source]\npath = 'a'\n", "not valid TOML"),
])
def test_sources_toml_errors_name_the_file_and_the_problem(tmp_path: Path, text, message):
    f = tmp_path / "s.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as e:
        load_sources(f)
    assert str(f) in str(e.value)


def test_missing_sources_file():
    with pytest.raises(ValueError, match="sources file not found"):
        load_sources("/nonexistent/sources.toml")


# -- the state file ------------------------------------------------------------------------------------
def test_state_round_trip_and_atomic_replace(tmp_path: Path):
    path = tmp_path / "feeds.json"
    state = FetchState.load(path)
    assert state.feeds == {} and state.warning is None
    state.feeds["https://x.example.org/rss"] = {"etag": '"1"', "entries": {"k": "f"}}
    state.save()
    again = FetchState.load(path)
    assert again.feeds == state.feeds
    assert [p.name for p in tmp_path.iterdir()] == ["feeds.json"]  # no temporary file left behind


def test_corrupt_state_is_ignored_with_a_warning(tmp_path: Path):
    path = tmp_path / "feeds.json"
    path.write_text('{"version": 1, "feeds": {', encoding="utf-8")
    state = FetchState.load(path)
    assert state.feeds == {} and "ignored unreadable fetch state" in state.warning
