"""Real pages, in our own words: page furniture is never news, the publication date comes from the page when
the metadata has none (and says from where), and nothing is dated when nothing can be."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.namespaces import DKG
from ingest import page
from ingest.article import Article
from ingest.events import Extractor
from ingest.rdf import article_triples


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def kinds(text: str) -> list[tuple[str, str]]:
    return [(z.kind, text[z.start:z.end]) for z in page.zones(text)]


def gold(extractor: Extractor, text: str, published: str | None = None, url: str | None = None) -> list[dict]:
    return [e.to_gold() for e in extractor(Article(title="", text=text, published=published, url=url))]


CAPTIONED = """Premier and chancellor agree on grain corridor

By Jo Example and Sam Sample

Prime Minister Mark Carney met German Chancellor Friedrich Merz in Berlin on Tuesday to discuss energy exports.

Photo: Justin Trudeau and Joe Biden meet in Ottawa in an earlier year (File photo / Reuters)

The two leaders agreed to meet again in the autumn.
"""

LINKS = """Leaders hold talks on steel
Home > World > Trade
ALSO READ | Trump speaks by phone with Sheinbaum about the border
WATCH: Carney and Trump meet at the White House - Oct 7, 2025
Click to play video: 'Ford says province backs talks'
Mark Carney spoke by phone with Donald Trump on Friday about steel tariffs, officials said.
Sign up for our morning newsletter
© 2025 Example Media. All rights reserved.
"""

LIVE = """Trade talks: live updates
10:05 AM EDT
Aug 6, 2025 10:05 AM
Canadian Prime Minister Mark Carney spoke by phone with Donald Trump on Tuesday, his office said.
Aug 7, 2025 9:12 AM
Trump said on Tuesday he would raise tariffs on Canada.
"""

WIRE = """WASHINGTON, March 28, 2025 (Newswire) - Donald Trump and Mark Carney spoke by telephone on Friday, the
first call between the two since Carney took office."""

UNDATED = """Leaders to meet

Donald Trump said he spoke by phone with Mark Carney on Friday and that the two would meet on May 25.
Donald Trump imposed a 25% tariff on Canadian steel on March 12, 2025."""


def test_zones_of_a_page_with_links_labels_breadcrumbs_and_a_footer():
    found = dict((k, t) for k, t in kinds(LINKS))
    assert found["headline"] == "Leaders hold talks on steel"
    assert [k for k, _ in kinds(LINKS)] == ["headline", "boilerplate", "link", "video", "video", "body",
                                           "boilerplate", "boilerplate"]


def test_no_event_from_links_video_labels_or_chrome(extractor):
    events = gold(extractor, LINKS, published="2025-10-11")
    assert [(e["type"], sorted(e["participants"])) for e in events] == [("Call", ["Donald Trump", "Mark Carney"])]
    assert events[0]["date"] == "2025-10-10"


def test_an_archive_caption_supports_but_never_tells_an_event_alone(extractor):
    events = gold(extractor, CAPTIONED, published="2025-05-14")
    people = [sorted(e["participants"]) for e in events]
    assert ["Friedrich Merz", "Mark Carney"] in people
    assert ["Joe Biden", "Justin Trudeau"] not in people  # told by a file photo's caption only


def test_a_caption_tells_a_meeting_the_body_only_alludes_to(extractor):
    text = CAPTIONED.replace("in an earlier year (File photo / Reuters)", "on Monday before their talks (Pool)")
    events = gold(extractor, text, published="2025-05-14")
    found = {tuple(sorted(e["participants"])): e for e in events}
    assert found[("Joe Biden", "Justin Trudeau")]["date"] == "2025-05-12"
    assert len([e for e in events if e["type"] == "Meeting"]) == 3  # Carney-Merz twice (held, and planned)
    assert dict(kinds(CAPTIONED))["byline"] == "By Jo Example and Sam Sample"


def test_a_wire_dateline_gives_the_publication_date_and_its_source(extractor):
    article = Article(title="", text=WIRE)
    assert (article.published, article.published_from) == ("2025-03-28", "dateline")
    assert kinds(WIRE)[0] == ("dateline", "WASHINGTON, March 28, 2025 (Newswire) - ")
    events = gold(extractor, WIRE)
    assert [(e["type"], e["date"]) for e in events] == [("Call", "2025-03-28")]
    triples = set(article_triples(article, []))
    assert any(p == DKG.publishedSource and str(o) == "dateline" for _, p, o in triples)


@pytest.mark.parametrize(("text", "url", "expected"), [
    ("Published 28 Mar 2025, 09:29 PM IST\nThe two spoke.", None, ("2025-03-28", "text")),
    ("Updated: April 2, 2025\nThe two spoke.", None, ("2025-04-02", "text")),
    ("The two spoke.", "https://example.org/world/2025/03/28/leaders-speak/", ("2025-03-28", "url")),
    ("The two spoke.", "https://example.org/news/leaders-speak", None),
    # embedded posts: the latest one's day; the URL's own date wins over them
    ("The two spoke.\nGood talks. — A Writer (@awriter) May 4, 2024\n"
     "We will meet again soon to finish the work. — B (@b_b) May 5, 2024\nMore.", None, ("2024-05-05", "post")),
    ("The two spoke.\nGood talks. — A Writer (@awriter) May 4, 2024", "https://example.org/2024/05/06/talks/",
     ("2024-05-06", "url")),
])
def test_publication_date_found_on_the_page(text, url, expected):
    assert page.published_on_page(text, url) == expected


def test_a_page_with_no_date_dates_nothing_relative_and_keeps_full_dates(extractor):
    article = Article(title="", text=UNDATED)
    assert article.published is None and article.published_from == "unknown"
    events = gold(extractor, UNDATED)
    by_type = {e["type"]: e for e in events}
    assert by_type["Call"]["date"] is None  # "on Friday": no anchor, no guess
    assert by_type["Meeting"]["date"] is None and by_type["Meeting"]["status"] == "planned"  # "May 25": no year
    assert by_type["TariffMeasure"]["date"] == "2025-03-12"  # a full date still counts
    today = dt.date.today().isoformat()[:4]
    assert not any((e["date"] or "").startswith(today) for e in events)


def test_a_title_alone_names_nobody_when_no_date_bounds_the_office(extractor):
    text = "The South Korean president spoke by phone with the Japanese prime minister on March 3, 2019."
    events = gold(extractor, text)
    assert all("Lee Jae-myung" not in e.get("participants", []) for e in events)


def test_live_blog_entries_are_dated_by_their_own_stamps(extractor):
    events = gold(extractor, LIVE, published="2025-08-07")
    call = next(e for e in events if e["type"] == "Call")
    assert call["date"] == "2025-08-05"  # the Tuesday before its own entry's stamp (Aug 6), not before Aug 7
    assert ("headline", "Trade talks: live updates") in kinds(LIVE)


def test_the_store_keeps_zones_and_the_date_source_and_the_event_detail_shows_them(extractor):
    from graph.query import queries
    from graph.storage.store import open_store
    from ingest.pipeline import ingest_items

    store = open_store("memory:", write=True)
    text = "Trump and Carney speak by phone\n\n" + WIRE
    ingest_items(store, [Article(title="", text=text, url="https://example.org/wire")], extractor=extractor)
    rows = queries.timeline(store, queries.TimelineFilter())
    detail = queries.event_detail(store, rows[0]["event"])
    card = queries.event_card(store, rows[0]["event"])  # what the dashboard shows
    for source in (detail["sources_list"][0], card["sources_list"][0]):
        assert source["published_from"] == "dateline" and source["published"].startswith("2025-03-28")
        assert source["zones"] == ["body", "headline"]


def test_a_caption_of_the_same_leaders_years_earlier_is_not_the_meeting_the_body_plans(extractor):
    text = ("Leaders to meet in Doha\n\nDonald Trump will travel to Doha on Thursday for a meeting with Tamim bin "
            "Hamad Al Thani.\n\nDonald Trump and Tamim bin Hamad Al Thani meet in Riyadh on May 21, 2017. (Photo: "
            "Agency)\n\nThe visit follows a stop in Riyadh.")
    events = gold(extractor, text, published="2025-05-12")
    assert sorted((e["status"], e["date"]) for e in events if e["type"] == "Meeting") == [
        ("occurred", "2017-05-21"), ("planned", "2025-05-15")]


def test_an_outlet_and_place_with_a_full_date_before_a_colon_is_a_dateline(extractor):
    text = ("Daily Example, Ottawa – March 5, 2025 : Canada has struck back at the United States with retaliatory "
            "tariffs of 25% on U.S. goods.\nEffective Tuesday, March 4, Canada imposed levies of 25% on U.S. exports "
            "such as steel and wine.")
    assert kinds(text)[0] == ("dateline", "Daily Example, Ottawa – March 5, 2025 : ")
    assert Article(title="", text=text).published == "2025-03-05"
    assert [(e["rate"], e["date"]) for e in gold(extractor, text)] == [(25.0, "2025-03-04")]
    assert kinds("Paris – The talks went well.")[0][0] == "body"  # a place and a dash alone: the body begins
