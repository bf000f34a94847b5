"""Extraction, component by component and end to end on sentences written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.actors import Registry
from ingest.article import Article, ArticleError
from ingest.dates import When, resolve
from ingest.events import Extractor
from ingest.mentions import MentionResolver
from ingest.nlp import load_pipeline


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def events(extractor: Extractor, text: str, published: str = "2025-03-29T09:00:00-04:00") -> list[dict]:
    return [e.to_gold() for e in extractor(Article(title="t", text=text, published=published))]


# -- components ------------------------------------------------------------------------------------------

def test_actor_component_marks_names_metonyms_and_demonyms():
    doc = load_pipeline()("Ottawa said Canadian officials met Mark Carney and the White House.")
    found = {(s.text, s.label_, s.kb_id_) for s in doc.spans["actors"]}
    assert ("Ottawa", "metonym", "CAN") in found
    assert ("Canadian", "demonym", "CAN") in found
    assert ("Mark Carney", "name", "mark-carney") in found
    assert any(kb == "USA" for _, _, kb in found)


def test_trigger_and_date_components():
    doc = load_pipeline()("They spoke by phone on Friday and will meet at the summit in April.")
    assert {s.label_ for s in doc.spans["triggers"]} >= {"CALL", "MEET", "SUMMIT"}
    assert [s.text for s in doc.spans["dates"]] == ["on Friday", "in April"]
    assert list(load_pipeline()("Prices may rise in may.").spans["dates"]) == []  # "may" is not May


def _tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


_TOKENIZER_SAMPLES = [
    "U.S. President Donald Trump didn't call Canada's PM on Fri.  He'd \"spoken\" (by phone) w/ Ottawa's envoy.",
    "  leading spaces,\n\n  a paragraph\tand tabs \u00a0non-breaking\u2009thin space — dashes—and 25% on $3.5bn...",
    "e-mail someone@example.org or see https://example.org/a?b=c, then :) & 100-per-cent 'quoted' U.K.-made cars ",
    "",
    "\n",
]


@pytest.mark.parametrize("text", _TOKENIZER_SAMPLES)
def test_run_cache_tokenizes_as_spacy_does(text):
    nlp = load_pipeline()
    plain = nlp.tokenizer.tokenizer  # spaCy's own, behind the cache
    assert _tokens(nlp.make_doc(text)) == _tokens(plain(text))
    assert _tokens(nlp.make_doc(text)) == _tokens(plain(text))  # from the cache this time
    assert nlp.make_doc(text).text == text


@settings(max_examples=200, deadline=None, derandomize=True)  # the same examples on every run: CI is stable
@given(st.lists(st.sampled_from(["Trump", "U.S.", "didn't", "Canada's", "(", ")", "25%", "—", ",", ".", "\n",
                                 "\n\n", " ", "  ", "\t", "\u00a0", "e.g.", "Mr.", "'s", "🙂", "Ω", ":)", "-",
                                 "https://ex.org/x", "Jan.", "3.5", "St.", "n't", "'"]),
                max_size=60), st.text(max_size=40))
def test_run_cache_tokenizes_any_text_as_spacy_does(pieces, noise):
    text = "".join(pieces) + noise
    nlp = load_pipeline()
    assert _tokens(nlp.make_doc(text)) == _tokens(nlp.tokenizer.tokenizer(text))


def test_sentences_break_at_paragraphs():
    doc = load_pipeline()("OTTAWA — A headline without a full stop\n\nThe body starts here.")
    assert len(list(doc.sents)) >= 2


def test_title_only_reference_resolves_by_office_and_date():
    nlp = load_pipeline()
    registry = Registry.load()
    doc = nlp("Justin Trudeau and Mark Carney were at the dinner. Canada's prime minister spoke to reporters.")
    april = MentionResolver(registry, dt.date(2025, 4, 2))(doc)
    january = MentionResolver(registry, dt.date(2025, 1, 10))(doc)
    assert [m.actor.name for m in april if m.kind == "title"] == ["Mark Carney"]
    assert [m.actor.name for m in january if m.kind == "title"] == ["Justin Trudeau"]
    # a holder the page never names is not named for it: the country stands in (GOLD_FORMAT)
    alone = MentionResolver(registry, dt.date(2025, 4, 2))(nlp("Canada's prime minister spoke to reporters."))
    assert [(m.actor.name, m.kind) for m in alone if m.kind != "name"] == [("Canada", "office")]


def test_unknown_person_found_by_title_becomes_a_new_actor():
    doc = load_pipeline()("Foreign Minister Ingrid Vaalstad met Marco Rubio. Vaalstad said little.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 3, 1))(doc)
    new = [m for m in mentions if not m.actor.in_gazetteer]
    assert {m.actor.name for m in new} == {"Ingrid Vaalstad"}
    assert {m.kind for m in new} == {"new", "surname"}
    assert new[0].actor.offices[0].title == "Foreign Minister"


@pytest.mark.parametrize(("expression", "published", "future", "expected"), [
    ("on Friday", "2025-03-29", False, "2025-03-28"),   # a Saturday story: the day before
    ("on Friday", "2025-03-26", True, "2025-03-28"),    # a Wednesday story, future tense: the next Friday
    ("last Wednesday", "2025-04-08", False, "2025-04-02"),
    ("Tuesday of last week", "2025-04-08", False, "2025-04-01"),
    ("yesterday", "2025-03-29", False, "2025-03-28"),
    ("March 28", "2025-03-29", False, "2025-03-28"),
    ("Feb. 4", "2025-04-08", False, "2025-02-04"),
    ("28 March 2025", "2025-06-01", False, "2025-03-28"),
    ("in April", "2025-11-12", True, "2026-04"),
    ("in April", "2025-11-12", False, "2025-04"),
    ("Dec. 30", "2025-01-03", False, "2024-12-30"),       # across the new year
    ("two weeks ago", "2025-09-05", False, "2025-08-22"),
    ("three days ago", "2025-09-05", False, "2025-09-02"),
    ("two months ago", "2025-01-15", False, "2024-11"),   # a month, across the new year
    ("over the weekend", "2025-05-12", False, "2025-05-10"),  # a Monday story: the Saturday before
    ("over the weekend", "2025-05-08", True, "2025-05-10"),
    ("last May", "2025-05-22", False, "2024-05"),        # told in May: the May of the year before
    ("last May", "2025-09-22", False, "2025-05"),
    ("next March", "2025-03-02", True, "2026-03"),
])
def test_date_resolution(expression, published, future, expected):
    assert resolve(expression, dt.date.fromisoformat(published), future=future).gold() == expected


def test_within_the_next_weeks_bounds_a_plan_from_the_news_day():
    when = resolve("within the next two weeks", dt.date(2025, 7, 31), future=True)
    assert (when.date, when.after, when.before) == (None, dt.date(2025, 7, 31), dt.date(2025, 8, 14))
    text = "Lee Jae-myung will meet Donald Trump at the White House within the next two weeks, his office said."
    from ingest.events import Extractor
    out = [e.to_gold() for e in Extractor()(Article(title="t", text=text, published="2025-07-31"))]
    assert [(e["date"], e.get("after"), e.get("before")) for e in out] == [(None, "2025-07-31", "2025-08-14")]


def test_this_weekend_is_the_one_past_when_the_verb_is_past():
    monday = dt.date(2025, 10, 27)
    assert resolve("this weekend", monday, past=True).gold() == "2025-10-25"
    assert resolve("this weekend", dt.date(2025, 10, 23), future=True).gold() == "2025-10-25"


# -- events ----------------------------------------------------------------------------------------------

def test_call_with_relative_date(extractor):
    out = events(extractor, "Prime Minister Mark Carney spoke by phone with President Donald Trump on Friday.")
    assert [(e["type"], sorted(e["participants"]), e["date"], e["status"]) for e in out] == [
        ("Call", ["Donald Trump", "Mark Carney"], "2025-03-28", "occurred")]


def test_planned_meeting_with_a_bound(extractor):
    out = events(extractor, "Carney and Trump agreed to meet immediately after Canada's April 28 election.")
    meetings = [e for e in out if e["type"] == "Meeting"]
    assert meetings and meetings[0]["status"] == "planned" and meetings[0].get("after") == "2025-04-28"


def test_negated_call_produces_nothing(extractor):
    assert events(extractor, "Carney and Trump have not spoken since the election.") == []
    assert events(extractor, "There was no sign of a last-minute call between Trump and Carney.") == []


def test_speaking_to_reporters_is_not_a_call(extractor):
    assert events(extractor, "Carney spoke to reporters in Ottawa after Trump's post.") == []


def test_tariff_with_rate_goods_imposer_and_target(extractor):
    out = events(extractor, "On Wednesday, Trump imposed a 25 per cent tariff on Canadian steel.",
                 published="2025-03-13T10:00:00-04:00")
    assert [(e["imposer"], e["target"], e["rate"], e["action"], e["date"]) for e in out] == [
        ("United States", "Canada", 25.0, "imposed", "2025-03-12")]


@pytest.mark.parametrize(("text", "goods"), [
    ("Trump imposed 25% tariffs on Canada and Mexico on Tuesday.", [None, None]),
    ("Trump threatened 50% tariffs on the EU starting June 1.", [None]),
    ("The U.S. raised tariffs on China to 145 per cent.", [None]),
    ("Trump imposed 25% tariffs on Canadian steel on Tuesday.", ["Canadian steel"]),
    ("Trump agreed to a 10% tariff on up to 100,000 British cars a year.", ["up to 100,000 British cars"]),
    ("Trump imposed tariffs on Canadian exports of lumber on Monday.", ["Canadian exports of lumber"]),
    ("Canada applied a 100% surtax on Chinese-made electric vehicles.", ["Chinese-made electric vehicles"]),
    ("Canada imposed retaliatory tariffs on C$30 billion of U.S. goods.", ["C$30 billion of U.S. goods"]),
    ("Trump extended the pause on tariffs on China for another 90 days on Monday.", [None]),
    ("Trump announced tariffs on dozens of countries on Wednesday, including 34% on China.", [None]),
    ("Mexico put its 25% tariffs on hold for 30 days.", [None]),
])
def test_goods_are_what_is_taxed_never_the_countries_taxed_nor_the_new_rate(extractor, text, goods):
    assert [e["goods"] for e in events(extractor, text)] == goods


@pytest.mark.parametrize(("text", "action"), [
    ("Canada dropped its retaliatory tariffs on U.S. goods on Sept. 1.", "lifted"),
    ("Ottawa scrapped most of its counter-tariffs on American products on Monday.", "lifted"),
    ("China raised its retaliatory tariffs on U.S. goods to 125% on Friday.", "raised"),
    ("China suspended its retaliatory tariffs on American farm goods on Monday.", "paused"),
    ("Canada imposed retaliatory tariffs on C$30 billion of U.S. goods on Tuesday.", "retaliatory"),
    ("Canada announced counter-tariffs on C$155 billion of U.S. goods.", "retaliatory"),
    ("Trump said tariffs on Canadian lumber would rise to 35% next month.", "raised"),
])
def test_a_verb_that_changes_a_retaliatory_measure_names_the_act(extractor, text, action):
    assert [e["action"] for e in events(extractor, text, published="2025-09-05")] == [action]


@pytest.mark.parametrize(("text", "parties"), [
    ("Brazil was hit with a 50 per cent tariff by Trump on Wednesday.", [("United States", "Brazil")]),
    ("Japan will face a 25% tariff from Aug. 1, Trump said in a letter on Monday.", [("United States", "Japan")]),
    ("Japan will face a 25% tariff from Aug. 1, Ishiba said on Monday.", []),  # the one hit is not the imposer
    ("Switzerland was hit with a 39% tariff on Aug. 7.", []),  # by whom is not said here
    ("Mexico and Canada were spared from the new reciprocal tariffs announced on Wednesday.", []),
    ("Canadian exports to the United States face a 35% tariff from Friday.", [("United States", "Canada")]),
])
def test_the_party_hit_is_the_target_and_the_leader_who_says_so_the_imposer(extractor, text, parties):
    assert [(e["imposer"], e["target"]) for e in events(extractor, text, published="2025-09-05")] == parties


@pytest.mark.parametrize(("text", "status", "date"), [
    ("Carney travelled to Mexico City on Thursday to meet President Claudia Sheinbaum.", "occurred", "2025-09-04"),
    ("Carney will travel to Mexico City on Thursday to meet President Claudia Sheinbaum.", "planned", "2025-09-11"),
    ("Trump, who flew into Scotland on Friday, is scheduled to meet Keir Starmer at Turnberry on Monday.",
     "planned", "2025-09-08"),
])
def test_a_trip_made_to_meet_someone_is_a_meeting_that_happened(extractor, text, status, date):
    assert [(e["status"], e["date"]) for e in events(extractor, text, published="2025-09-05")] == [(status, date)]


@pytest.mark.parametrize(("text", "participants"), [
    ("Carney will attend the NATO summit in the Netherlands next week.", [["Mark Carney", "NATO"]]),
    ("The G20 summit in South Africa opened on Saturday without the United States.", [["G20"]]),
    ("The two presidents are expected to meet at the APEC summit in South Korea later this month.", []),
])
def test_a_summit_lists_its_body_and_parties_not_its_host_country_or_who_stayed_away(extractor, text, participants):
    assert [e["participants"] for e in events(extractor, text, published="2025-09-05")] == participants


@pytest.mark.parametrize(("text", "calls"), [
    ("Lula and Xi discussed tariffs by telephone on Friday.", [["Luiz Inácio Lula da Silva", "Xi Jinping"]]),
    ("Trump said he spoke by phone with Putin and then with Zelensky on Monday.",
     [["Donald Trump", "Vladimir Putin"], ["Donald Trump", "Volodymyr Zelensky"]]),
    # "spoke with" with no sign of a telephone in its paragraph: not a call (GOLD_FORMAT's real-page rule)
    ("Trump said he spoke with Putin and then with Zelensky on Monday.", []),
    ("Carney spoke with Trump on Monday.\n\nThe two discussed steel by phone later.", []),  # another paragraph's cue
    ("Carney spoke with Trump on Monday. The phone call lasted an hour.", [["Mark Carney", "Donald Trump"]]),
    ("Trump spoke with Putin, Zelensky and Macron on a joint call on Monday.",
     [["Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Emmanuel Macron"]]),
])
def test_calls_by_telephone_and_one_call_per_with(extractor, text, calls):
    assert [e["participants"] for e in events(extractor, text, published="2025-09-05")] == calls


def test_a_vow_does_not_govern_a_verb_coordinated_after_it(extractor):
    out = events(extractor, "China vowed to fight to the end and imposed a matching 34% tariff on U.S. goods on "
                            "Friday.", published="2025-04-05")
    assert [(e["imposer"], e["status"], e["action"], e["date"]) for e in out] == [
        ("China", "occurred", "retaliatory", "2025-04-04")]
    out = events(extractor, "Trump vowed to protect American workers and threatened a 25% tariff on Canada.")
    assert [e["status"] for e in out] == ["threatened"]


@pytest.mark.parametrize(("text", "participants"), [
    ("Trump spoke by phone with his French counterpart on Monday.", ["Donald Trump", "Emmanuel Macron"]),
    ("Trump met his Canadian counterpart at the White House on Tuesday.", ["Donald Trump", "Mark Carney"]),
    ("Starmer held talks with his French counterpart on Thursday.", ["Keir Starmer", "François Bayrou"]),
    ("Rubio met his Chinese counterpart in Kuala Lumpur on Friday.", ["Marco Rubio", "Wang Yi"]),
    ("Trump had a 30-minute phone conversation with the Brazilian leader on Monday.",
     ["Donald Trump", "Luiz Inácio Lula da Silva"]),  # a country with one leader: its head of state and government
])
def test_a_counterpart_or_leader_is_the_office_holder_in_the_country_named(extractor, text, participants):
    # the page names the holder elsewhere (a caption); one it never names is not named for it: its country
    named = f"{text}\n{participants[1]} had arrived the day before."
    assert [e["participants"] for e in events(extractor, named, published="2025-09-05")] == [participants]
    country = {"Emmanuel Macron": "France", "Mark Carney": "Canada", "François Bayrou": "France", "Wang Yi": "China",
               "Luiz Inácio Lula da Silva": "Brazil"}[participants[1]]
    assert [e["participants"] for e in events(extractor, text, published="2025-09-05")] == [
        [participants[0], country]]


def test_by_the_end_of_the_week_is_from_now_to_sunday_and_might_is_a_plan(extractor):
    out = events(extractor, "Trump said he would speak by phone with Xi Jinping by the end of the week.",
                 published="2025-05-12T08:00:00+00:00")
    assert [(e["status"], e["date"], e.get("after"), e.get("before")) for e in out] == [
        ("planned", None, "2025-05-12", "2025-05-18")]
    # "might": only possible, no plan (GOLD_FORMAT: "may soon meet" is not an event)
    assert events(extractor, "Trump said he might speak by phone with Xi Jinping by the end of the week.",
                  published="2025-05-12T08:00:00+00:00") == []


def test_tariffs_a_clause_says_they_imposed_are_not_imposed_again(extractor):
    out = events(extractor, "The United States and China agreed on Monday to slash the steep tariffs they imposed on "
                            "each other's goods for 90 days.", published="2025-05-12")
    assert [(e["imposer"], e["action"]) for e in out] == [("United States", "lifted"), ("China", "lifted")]


def test_pausing_threatened_tariffs_after_separate_calls(extractor):
    out = events(extractor, "President Donald Trump agreed on Monday to pause his threatened 25 per cent tariffs on "
                            "Canadian goods for 30 days, after separate calls with Prime Minister Justin Trudeau and "
                            "President Claudia Sheinbaum.", published="2025-02-03T20:00:00-05:00")
    assert [(e["type"], e.get("participants") or e["action"]) for e in out] == [
        ("Call", ["Donald Trump", "Justin Trudeau"]), ("Call", ["Donald Trump", "Claudia Sheinbaum"]),
        ("TariffMeasure", "paused")]


@pytest.mark.parametrize(("text", "n_events"), [
    ("The new rate would replace the current 25 per cent duty on goods that do not comply with the trade pact.", 0),
    ("Carney said Canada would continue to defend its workers and businesses in negotiations with the U.S.", 0),
    ("Carney was in talks with Trump on Friday in Washington.", 1),
])
def test_a_current_measure_and_talks_in_progress_are_no_new_events(extractor, text, n_events):
    assert len(events(extractor, text, published="2025-07-11")) == n_events


def test_a_tariff_that_takes_effect_on_a_day_to_come_is_imposed_then(extractor):
    out = events(extractor, "Trump announced new tariffs on Wednesday. A 10 per cent baseline tariff on all imports "
                            "takes effect on Saturday.", published="2025-04-03T09:00:00-04:00")
    assert [(e["action"], e["status"], e["date"]) for e in out][-1] == ("imposed", "planned", "2025-04-05")


def test_an_after_clause_tells_another_act_not_this_one(extractor):
    out = events(extractor, "China retaliated on Tuesday with tariffs after Washington raised its levy on Chinese "
                            "goods.", published="2025-03-05")
    assert [(e["imposer"], e["action"], e["goods"]) for e in out][:1] == [("China", "retaliatory", None)]


@pytest.mark.parametrize(("text", "status", "date"), [
    ("Ahead of Modi's trip to Beijing next week, Indian officials said the visit would focus on trade.", "planned",
     None),
    ("Zelensky's Oval Office meeting with Trump on Feb. 28 ended in a shouting match.", "occurred", "2025-02-28"),
])
def test_a_span_ahead_is_a_plan_and_a_meeting_that_ended_is_past(extractor, text, status, date):
    assert [(e["status"], e["date"]) for e in events(extractor, text, published="2025-09-05")] == [(status, date)]


def test_threatened_tariff(extractor):
    out = events(extractor, "Trump threatened to hit Canada with far larger tariffs if it worked with the EU.")
    assert [(e["imposer"], e["target"], e["action"], e["status"]) for e in out] == [
        ("United States", "Canada", "threatened", "threatened")]


def test_one_event_per_rate_and_target(extractor):
    text = ("Trump signed orders imposing a 25 per cent tariff on imports from Canada and Mexico, "
            "plus an additional 10 per cent on goods from China.")
    got = {(e["target"], e["rate"]) for e in events(extractor, text)}
    assert got == {("Canada", 25.0), ("Mexico", 25.0), ("China", 10.0)}


def test_talk_about_tariffs_is_not_a_measure(extractor):
    assert events(extractor, "Economists said tariffs would raise prices for everyone.") == []


def test_one_event_mentioned_twice_is_one_event(extractor):
    text = ("Trump and Carney spoke by phone on Friday. The call lasted an hour, and Trump called the "
            "conversation extremely productive.")
    calls = [e for e in events(extractor, text) if e["type"] == "Call"]
    assert len(calls) == 1 and len(calls[0]["evidence"]) > 0


def test_summit_lists_the_body_and_leaders(extractor):
    out = events(extractor, "Carney hosted Trump, Starmer and Macron at the G7 summit in Kananaskis on Monday.",
                 published="2025-06-17T08:00:00-06:00")
    summit = [e for e in out if e["class"] == "Summit"]
    assert summit and {"G7", "Donald Trump", "Mark Carney", "Keir Starmer", "Emmanuel Macron"} <= set(
        summit[0]["participants"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=3000))
def test_extractor_never_raises_and_returns_well_formed_events(extractor, text):
    try:
        article = Article(title="t", text=text, published="2025-03-29")
    except ArticleError:
        return  # nothing but blanks or control characters: refused before extraction, by design
    for ev in extractor(article):
        gold = ev.to_gold()
        assert gold["type"] in ("Call", "Meeting", "TariffMeasure")
        assert gold["status"] in ("occurred", "planned", "threatened")
        assert gold["date"] is None or len(gold["date"]) in (7, 10)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Trump", "spoke", "with", "Carney", "tariffs", "25", "per cent", "on", "Friday",
                                 "Canada", "will", "meet", "not", ",", "—", "\n\n", "🙂", "Ω", "summit", "the",
                                 "threatened", "if", "G7", "China's", "levy", "U.S.", "March 28"]),
                min_size=0, max_size=400))
def test_extractor_on_word_salad_huge_sentences_and_no_sentences(extractor, words):
    text = " ".join(words).strip() or "—"
    for ev in extractor(Article(title="t", text=text, published="2025-03-29")):
        assert ev.to_gold()["status"] in ("occurred", "planned", "threatened")


def test_two_measures_in_two_clauses_and_a_passive_threat(extractor):
    text = ("On Wednesday, Trump ordered 25 per cent tariffs on imported cars, and a day later he warned that "
            "Canada and the European Union would both face far steeper levies if they coordinated their response.")
    got = {(e["imposer"], e["target"], e["rate"], e["action"]) for e in events(extractor, text)}
    assert got == {("United States", None, 25.0, "announced"),
                   ("United States", "Canada", None, "threatened"),
                   ("United States", "European Union", None, "threatened")}


def test_ongoing_state_is_not_a_measure_but_a_dated_one_is(extractor):
    assert events(extractor, "Existing duties of 25 per cent on steel stay in place, officials said.") == []
    out = events(extractor, "A 25 per cent U.S. levy on Canadian goods has applied since March 4.",
                 published="2025-04-01")
    assert [(e["imposer"], e["target"], e["date"]) for e in out] == [("United States", "Canada", "2025-03-04")]


def test_first_to_meet_is_a_record_not_a_plan(extractor):
    out = events(extractor, "On Monday, Premier Lin said Anand was the first minister to meet Rubio since the vote.",
                 published="2025-04-08")
    assert [(e["status"], e["date"]) for e in out if e["type"] == "Meeting"] == [("occurred", "2025-04-07")]


def test_paragraph_day_does_not_carry_into_the_next_paragraph(extractor):
    text = ("Sheinbaum and Trump spoke by phone on Wednesday.\n\n"
            "Trudeau is the first leader to meet Trump since the vote.")
    out = events(extractor, text, published="2024-11-30")
    assert {(e["type"], e["date"]) for e in out} == {("Call", "2024-11-27"), ("Meeting", "2024-11-30")}


def test_definite_talks_take_the_day_of_their_earlier_mention(extractor):
    text = ("Both governments said the deal followed two days of negotiations in Oslo on Saturday and Sunday.\n\n"
            "The talks brought Scott Bessent face to face with He Lifeng.")
    out = events(extractor, text, published="2025-05-12")
    assert [(e["type"], e["date"]) for e in out] == [("Meeting", "2025-05-10")]


def test_a_dated_definite_mention_refers_to_the_event_of_that_day(extractor):
    text = ("Trump and Putin met in Alaska on Friday. Zelensky said he would meet Trump in Washington on Monday. "
            "After Friday's meeting, Trump said a deal was close.")
    out = events(extractor, text, published="2025-08-16")
    assert sorted((sorted(e["participants"]), e["date"]) for e in out) == [
        (["Donald Trump", "Vladimir Putin"], "2025-08-15"), (["Donald Trump", "Volodymyr Zelensky"], "2025-08-18")]


def test_the_country_owning_a_tariff_is_its_imposer_and_two_owners_are_two_measures(extractor):
    text = ("The accord cut U.S. duties on Brazilian coffee to 12 per cent and Brazil's levies on American beef "
            "to 4 per cent.")
    got = {(e["imposer"], e["target"], e["rate"], e["action"]) for e in events(extractor, text)}
    assert got == {("United States", "Brazil", 12.0, "lifted"), ("Brazil", "United States", 4.0, "lifted")}


def test_a_tariff_falling_to_a_new_rate_is_a_cut_and_the_old_rate_is_no_measure(extractor):
    text = "Under the pact, U.S. tariffs on Korean trucks will drop to 15 per cent from the 25 per cent they pay now."
    got = [(e["imposer"], e["target"], e["rate"], e["action"]) for e in events(extractor, text)]
    assert got == [("United States", "South Korea", 15.0, "lifted")]


def test_a_tariff_reduced_to_zero_has_rate_zero(extractor):
    text = "Japanese tariffs on Australian beef, now 20 per cent, are to be reduced to zero by 2027."
    got = [(e["imposer"], e["target"], e["rate"], e["action"]) for e in events(extractor, text)]
    assert got == [("Japan", "Australia", 0.0, "lifted")]


def test_goods_named_by_demonym_after_a_time_phrase_are_the_target(extractor):
    text = "Since midnight, most Brazilian goods entering the United States face a tariff of 50 per cent."
    got = [(e["imposer"], e["target"], e["rate"]) for e in events(extractor, text)]
    assert got == [("United States", "Brazil", 50.0)]


def test_each_rate_takes_the_targets_of_its_own_list_item(extractor):
    text = ("Trump ordered a 25 per cent tariff on goods from Chile and Brazil, with Chilean copper taxed at a lower "
            "10 per cent, plus 15 per cent on goods from Peru.")
    got = {(e["target"], e["rate"]) for e in events(extractor, text)}
    assert got == {("Brazil", 25.0), ("Chile", 25.0), ("Chile", 10.0), ("Peru", 15.0)}


def test_no_sentence_starts_on_a_lowercase_word_after_an_abbreviation():
    doc = load_pipeline()("Anand will host the ministers in Banff, Alta., on Monday, officials said. Rubio agreed.")
    assert [s.text for s in doc.sents] == ["Anand will host the ministers in Banff, Alta., on Monday, officials said.",
                                           "Rubio agreed."]


def test_a_trigger_in_a_relative_clause_about_someone_else_is_no_event(extractor):
    out = events(extractor, "On Monday, Macron met Turkish President Recep Tayyip Erdogan, whose country will host "
                            "next year's summit.", published="2025-06-25")
    assert [(sorted(e["participants"]), e["date"]) for e in out] == [
        (["Emmanuel Macron", "Recep Tayyip Erdogan"], "2025-06-23")]


def test_leaving_a_summit_is_not_a_summit_event(extractor):
    out = events(extractor, "Trump phoned Modi on June 17 after leaving the G7 summit early.", published="2025-08-27")
    assert [e["type"] for e in out] == ["Call"]


def test_a_date_on_a_participle_dates_that_noun_not_the_meeting(extractor):
    out = events(extractor, "Carney met Starmer and signed the accord announced in May.", published="2025-06-16")
    assert [e["date"] for e in out] == ["2025-06-16"]


def test_a_title_across_a_comma_takes_up_the_name_but_not_within_a_clause(extractor):
    doc = load_pipeline()("Trump met Keir Starmer and, with the prime minister at his side, signed the order. "
                          "Shigeru Ishiba invited the prime minister to Tokyo.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 6, 16))(doc)
    titles = [m.actor.name for m in mentions if m.kind == "title"]
    assert titles[0] == "Keir Starmer" and titles[1] != "Shigeru Ishiba"


def test_a_meeting_on_the_sidelines_of_a_summit_is_a_bilateral_meeting_and_places_them_at_the_summit(extractor):
    # GOLD_FORMAT (judgement calls): the summit that is the setting is a meeting of its own, with its body and
    # the leaders the text places there; the bilateral stays apart from it
    out = events(extractor, "Albanese and Modi met on Sunday on the sidelines of the G20 summit.",
                 published="2025-11-24")
    assert [(e["class"], sorted(e["participants"]), e["date"]) for e in out] == [
        ("Meeting", ["Anthony Albanese", "Narendra Modi"], "2025-11-23"),
        ("Summit", ["Anthony Albanese", "G20", "Narendra Modi"], "2025-11-23")]
    # talks hours ahead of the summit place them at a summit still to come; "after the summit" places no one
    out = events(extractor, "Hours ahead of the G20 summit, Albanese and Modi held talks.", published="2025-11-24")
    assert [(e["class"], e["status"]) for e in out] == [("Meeting", "occurred"), ("Summit", "planned")]
    out = events(extractor, "After the G20 summit, Albanese and Modi held talks.", published="2025-11-24")
    assert [e["class"] for e in out] == ["Meeting"]


def test_pronoun_they_and_last_spoke_name_the_last_pair_and_a_past_day(extractor):
    text = ("Xi Jinping hosted Anthony Albanese in Beijing on Tuesday. They last spoke by phone on Dec. 20, before the "
            "holidays.")
    out = events(extractor, text, published="2025-11-26")
    assert [(e["type"], sorted(e["participants"]), e["date"], e["status"]) for e in out] == [
        ("Meeting", ["Anthony Albanese", "Xi Jinping"], "2025-11-25", "occurred"),
        ("Call", ["Anthony Albanese", "Xi Jinping"], "2024-12-20", "occurred")]
    assert events(extractor, "Carney and Trump spoke of a possible deal.") == []


def test_a_second_trigger_with_a_date_of_its_own_is_another_event(extractor):
    text = ("Xi Jinping and Anthony Albanese held talks in Beijing on Tuesday, their first face-to-face encounter "
            "since they met at the G20 in Bali in November 2022.")
    out = events(extractor, text, published="2025-11-26")
    # the G20 where they met is a meeting of its own (GOLD_FORMAT: a summit that is the setting of a meeting)
    assert sorted((e["date"], e.get("class", e["type"])) for e in out) == [
        ("2022-11", "Meeting"), ("2022-11", "Summit"), ("2025-11-25", "Meeting")]


def test_plural_calls_with_two_dates_after_another_call_are_two_more_calls(extractor):
    text = ("After a phone call on Thursday with Lula, Trump said he would wait. It is the third time Lula has won "
            "time by phone, after calls on Feb. 3 and March 6.")
    out = events(extractor, text, published="2025-08-01")
    assert sorted(e["date"] for e in out if e["type"] == "Call") == ["2025-02-03", "2025-03-06", "2025-07-31"]


def test_joining_the_conversation_joins_the_meeting_just_told(extractor):
    text = "Trump met Ahmed al-Sharaa in Riyadh on Wednesday. Recep Tayyip Erdogan joined the conversation by phone."
    out = events(extractor, text, published="2025-05-14")
    assert [(e["type"], sorted(e["participants"])) for e in out] == [
        ("Meeting", ["Ahmed al-Sharaa", "Donald Trump", "Recep Tayyip Erdogan"])]


def test_the_summit_is_not_the_bilateral_meeting_told_before_and_a_week_on_monday(extractor):
    text = ("Starmer met Trump at the White House on Feb. 27. Starmer pointed to the summit with European Union "
            "leaders in London a week on Monday as the next milestone.")
    out = events(extractor, text, published="2025-05-08")
    assert sorted((e["class"], e["date"]) for e in out) == [("Meeting", "2025-02-27"), ("Summit", "2025-05-19")]


def test_a_coordinated_second_verb_is_a_second_measure_and_removal_is_rate_zero(extractor):
    text = "The order cuts the U.S. tariff on Peruvian copper to 5 per cent and removes tariffs on Peruvian grapes."
    got = {(e["target"], e["rate"], e["action"]) for e in events(extractor, text)}
    assert got == {("Peru", 5.0, "lifted"), ("Peru", 0.0, "lifted")}


def test_a_conditional_threat_aims_at_the_condition_party_and_is_dated_when_made(extractor):
    text = ("On Tuesday, Trump warned that unless Mexico dropped its tariffs, he would raise the duties on cars "
            "entering the United States on April 2.")
    got = [(e["imposer"], e["target"], e["action"], e["date"]) for e in events(extractor, text, published="2025-03-12")]
    assert got == [("United States", "Mexico", "threatened", "2025-03-11")]


def test_a_measure_listed_with_as_well_as_is_another_and_a_dated_state_counts(extractor):
    text = ("Trump raised the tariff on Brazilian goods to 40 per cent on Aug. 1. Brazilian exporters already face "
            "a 40 per cent tariff, in force since Aug. 1, as well as a 10 per cent global U.S. levy on coffee "
            "that took effect Oct. 14.")
    got = {(e["target"], e["rate"], e["date"]) for e in events(extractor, text, published="2025-10-26")}
    assert got == {("Brazil", 40.0, "2025-08-01"), (None, 10.0, "2025-10-14")}


def test_a_tariff_in_a_trailing_if_clause_is_a_hypothetical(extractor):
    text = "Seoul was promised better treatment if Washington imposes new levies on chips."
    assert events(extractor, text) == []


def test_a_second_coordinated_act_takes_the_first_acts_target(extractor):
    text = "Washington set a 15 per cent tariff on Korean goods and lowered the levy on the country's car exports."
    got = {(e["imposer"], e["target"], e["action"]) for e in events(extractor, text)}
    assert got == {("United States", "South Korea", "announced"), ("United States", "South Korea", "lifted")}


def test_market_moves_after_a_tariff_are_no_rate(extractor):
    text = ("Trump set a 15 per cent tariff on Korean goods on Tuesday. Shares of Hyundai surged in Seoul, and the "
            "Kospi index rose more than 3 per cent.")
    assert [e["rate"] for e in events(extractor, text)] == [15.0]


def test_the_other_part_of_a_tariff_keeps_its_target(extractor):
    text = ("Most Brazilian goods entering the United States face a tariff of 50 per cent. The other half, a "
            "10 per cent duty, has applied since April 5.")
    got = {(e["target"], e["rate"]) for e in events(extractor, text, published="2025-08-27")}
    assert got == {("Brazil", 50.0), ("Brazil", 10.0)}


def test_a_planned_meeting_is_not_dated_by_the_day_it_was_announced(extractor):
    text = "Speaking in the Oval Office on Wednesday, Trump said he expected to meet Putin in the near future."
    out = events(extractor, text, published="2025-02-14")
    assert [(e["status"], e["date"]) for e in out] == [("planned", None)]


def test_hours_spent_with_someone_is_a_meeting_and_a_gathering_of_leaders_a_summit(extractor):
    out = events(extractor, "Sefcovic spent several hours on Monday with Howard Lutnick and Jamieson Greer.",
                 published="2025-04-15")
    assert [(sorted(e["participants"]), e["date"]) for e in out] == [
        (["Howard Lutnick", "Jamieson Greer", "Maros Sefcovic"], "2025-04-14")]
    out = events(extractor, "On Wednesday, Modi addressed a gathering of G20 leaders.", published="2025-05-15")
    assert [(e["class"], sorted(e["participants"])) for e in out] == [("Summit", ["G20", "Narendra Modi"])]


def test_a_sentence_initial_pronoun_is_the_subject_of_the_sentence_before(extractor):
    doc = load_pipeline()("After meeting Mark Carney on Monday, Keir Starmer thanked Emmanuel Macron. He then left.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 5, 14))(doc)
    assert [m.actor.name for m in mentions if m.kind == "pronoun"] == ["Keir Starmer"]


def test_a_threat_of_a_response_aims_at_whoever_imposed_the_first_tariff(extractor):
    text = ("Trump said he would impose a 25 per cent tariff on all goods from Mexico. In Mexico City, President "
            "Claudia Sheinbaum replied on Tuesday. She warned that one tariff would be followed by another in "
            "response.")
    got = {(e["imposer"], e["target"], e["action"]) for e in events(extractor, text, published="2024-11-26")}
    assert ("Mexico", "United States", "threatened") in got


def test_a_relative_clause_date_dates_its_own_noun(extractor):
    out = events(extractor, "Lula and Modi travel on to Johannesburg for the G20 summit, which opens Saturday.",
                 published="2025-11-19")
    assert [(e["class"], e["date"]) for e in out] == [("Summit", "2025-11-22")]
    out = events(extractor, "Merz, who takes office in May, promised to meet Macron.", published="2025-03-01")
    assert [e["date"] for e in out] == [None]


def test_once_bounds_and_durations(extractor):
    out = events(extractor, "Carney and Trump agreed that, once the election on April 28 has taken place, the two "
                            "leaders will meet.", published="2025-03-28")
    assert [(e["date"], e.get("after")) for e in out] == [(None, "2025-04-28")]
    out = events(extractor, "Trump says talks with Mexican officials over the coming month will be led by Marco "
                            "Rubio and Scott Bessent.", published="2025-02-03")
    assert [e["date"] for e in out] == [None]


def test_a_tariff_starting_later_is_announced_and_a_reported_intent_is_dated_when_said(extractor):
    text = ("On Wednesday, Trump unveiled his plan. Its centrepiece is a 10 per cent tariff on virtually all "
            "imports, starting Saturday.")
    out = events(extractor, text, published="2025-04-03")
    assert [(e["action"], e["date"]) for e in out][-1] == ("announced", "2025-04-02")
    text = "In a post on Monday, Trump said he would add a further 10 per cent tariff on Chinese goods."
    out = events(extractor, text, published="2024-11-26")
    assert [(e["target"], e["date"]) for e in out] == [("China", "2024-11-25")]


def test_an_undated_visit_is_not_merged_into_a_dated_meeting(extractor):
    text = ("Albanese and Xi Jinping will meet in Canberra on Monday, Albanese said. Albanese also plans to visit Xi "
            "in China.")
    out = events(extractor, text, published="2025-06-06")
    assert sorted((e["class"], e["date"]) for e in out) == [("Meeting", "2025-06-09"), ("Visit", None)]


def test_a_counter_word_alone_is_no_act_but_an_answer_with_counter_tariffs_is(extractor):
    assert events(extractor, "Beijing said it would adjust its countermeasures, without giving details.") == []
    out = events(extractor, "Carney said Canada would answer it with counter-tariffs.", published="2025-03-27")
    assert [(e["imposer"], e["action"]) for e in out] == [("Canada", "retaliatory")]


def test_a_tariff_response_is_retaliatory_and_planned_measures_look_ahead(extractor):
    text = ("Trump imposed a 25 per cent tariff on Mexican goods on Tuesday. Sheinbaum said she would set out "
            "Mexico's tariff response on Sunday.")
    out = events(extractor, text, published="2025-03-05")
    assert ("Mexico", "United States", "retaliatory", "2025-03-09") in {
        (e["imposer"], e["target"], e["action"], e["date"]) for e in out}
    out = events(extractor, "Merz promised during the campaign to impose tariffs on Chinese steel.",
                 published="2025-03-05")
    assert [(e["status"], e["date"]) for e in out] == [("planned", None)]


def test_a_pause_and_a_cut_the_same_day_between_the_same_parties_are_one_act(extractor):
    text = ("Japan and Korea agreed on Monday to a truce, slashing duties on each other's goods. Tokyo will lower "
            "its tariffs on Korean goods to 5 per cent from 40 per cent.")
    got = [(e["imposer"], e["target"]) for e in events(extractor, text, published="2025-05-12")]
    assert sorted(got) == [("Japan", "South Korea"), ("South Korea", "Japan")]


def test_a_suggested_meeting_is_no_event_and_this_afternoon_is_today(extractor):
    assert events(extractor, "Putin ended by suggesting that their next meeting be held in Moscow.") == []
    out = events(extractor, "Carney is expected to set out Canada's countermeasures this afternoon.",
                 published="2025-04-03")
    assert [e["date"] for e in out] == ["2025-04-03"]


def test_due_to_fly_for_talks_and_a_second_meeting_dated_just_before_it(extractor):
    text = ("After meeting Lula on Wednesday, Modi addressed a business forum.\n\n"
            "He was due to fly to Doha later on Wednesday for talks with Qatar's emir, Sheikh Tamim bin Hamad Al "
            "Thani, before travelling to Abu Dhabi on Thursday to meet the UAE's president, Sheikh Mohamed bin Zayed "
            "Al Nahyan.")
    out = events(extractor, text, published="2025-05-14")
    got = {(e["date"], e["status"]) for e in out if "Mohamed bin Zayed Al Nahyan" in e["participants"]}
    assert got == {("2025-05-15", "planned")}
    # the talks in Doha are with the emir alone, on the day before
    assert [sorted(e["participants"]) for e in out if e["date"] == "2025-05-14" and "Luiz Inácio Lula da Silva"
            not in e["participants"]] == [["Narendra Modi", "Tamim bin Hamad Al Thani"]]


def test_a_pluperfect_aside_does_not_date_the_act_and_a_plan_skips_the_day_it_was_told(extractor):
    text = ("After a phone call on Thursday with Lula, Trump said he would hold off for 90 days on raising the "
            "tariff on Brazilian goods to 50 per cent, the rate he had announced in a letter on July 9.")
    out = [e for e in events(extractor, text, published="2025-08-01") if e["type"] == "TariffMeasure"]
    assert [(e["action"], e["date"]) for e in out] == [("paused", "2025-07-31")]
    text = ("Trump imposed a 25 per cent tariff on Mexican goods on Tuesday. Sheinbaum said on Tuesday that she "
            "would set out Mexico's tariff and non-tariff response on Sunday.")
    out = events(extractor, text, published="2025-03-05")
    assert ("Mexico", "retaliatory", "2025-03-09") in {(e["imposer"], e["action"], e["date"]) for e in out}


def test_a_premiers_surcharge_is_no_national_tariff(extractor):
    text = "Premier Doug Ford agreed on Tuesday to suspend the 25 per cent electricity surcharge."
    assert [e for e in events(extractor, text, published="2025-03-12") if e["type"] == "TariffMeasure"] == []


def test_the_predicate_after_an_aside_names_the_act_not_the_adjective(extractor):
    text = ("Officials confirm that Mexico's retaliatory duties, which were to hit US$20 billion of American goods "
            "at midnight, are suspended for 30 days.")
    out = events(extractor, text, published="2025-02-03")
    assert [(e["imposer"], e["action"]) for e in out] == [("Mexico", "paused")]


def test_tariffs_in_a_since_clause_and_rates_of_another_phrase_are_no_measures(extractor):
    text = "Lula became the first leader to visit Trump since the White House unveiled sweeping new tariffs."
    assert [e["type"] for e in events(extractor, text)] == ["Meeting"]
    text = "The 30 per cent U.S. rate on Chinese goods includes the 20 per cent levy Trump imposed on China in March."
    assert [e["rate"] for e in events(extractor, text, published="2025-05-12")] == [20.0]


def test_a_summit_without_its_body_is_the_summit_told_and_a_topic_summit_is_none(extractor):
    text = ("NATO leaders held a summit in The Hague on Wednesday with Donald Trump. Mark Rutte, hosting his first "
            "summit, praised the president. The dinner covered trade, energy and next year's G7 summit.")
    out = events(extractor, text, published="2025-06-25")
    assert [(e["class"], "Mark Rutte" in e["participants"]) for e in out] == [("Summit", True)]


def test_a_countrys_trade_negotiations_are_a_process(extractor):
    text = "Trump suggested Madrid would pay a price in its trade negotiations with Washington, Sánchez said."
    assert events(extractor, text) == []


def test_an_agentless_pause_is_by_the_leader_not_hit_and_an_imposing_verb_overrides_remain(extractor):
    text = "Sheinbaum says that after a morning phone call with Trump, the tariffs on Mexican goods are paused."
    out = [e for e in events(extractor, text, published="2025-02-03") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["action"]) for e in out] == [("United States", "Mexico", "paused")]
    text = "Trump said on Monday he would sign orders imposing a 25 per cent tariff on Brazil, to remain in place."
    out = events(extractor, text, published="2024-11-26")
    # said, with no "if" or "unless": announced on the day he said it (the real pages' gold; a threat needs a
    # condition)
    assert [(e["target"], e["action"], e["date"]) for e in out] == [("Brazil", "announced", "2024-11-25")]


def test_a_vow_far_back_still_governs_and_a_response_aims_at_what_it_answers(extractor):
    text = "On Monday the president-elect vowed to hit every product coming from Brazil with a 25 per cent tariff."
    assert [e["action"] for e in events(extractor, text, published="2024-11-26")] == ["threatened"]
    text = ("Carney said Canada will put in place retaliatory tariffs in response to further U.S. trade measures "
            "expected to be unveiled on April 2.")
    out = events(extractor, text, published="2025-03-28")
    assert [(e["target"], e["date"], e.get("after")) for e in out] == [("United States", None, "2025-04-02")]


def test_granting_tariff_free_quotas_is_a_removal_for_the_products_origin(extractor):
    text = "In return, Japan will open tariff-free quotas for 70,000 tonnes of American rice."
    out = events(extractor, text, published="2025-07-23")
    assert [(e["imposer"], e["target"], e["rate"], e["action"]) for e in out] == [
        ("Japan", "United States", 0.0, "lifted")]
    assert events(extractor, "The two countries have had tariff-free trade for decades.") == []


def test_both_sides_removing_tariffs_is_one_measure_each_way(extractor):
    text = ("Japan and Australia struck a deal on Sunday that sets a 10 per cent Japanese tariff on Australian "
            "beef.\n\nMarkets were calm.\n\n"
            "Both sides said they would also remove tariffs entirely on a list of farm products.")
    got = {(e["imposer"], e["target"], e["rate"]) for e in events(extractor, text, published="2025-07-28")}
    assert {("Japan", "Australia", 0.0), ("Australia", "Japan", 0.0)} <= got


def test_an_origin_adjective_in_one_token_names_the_country():
    doc = load_pipeline()("Tariffs on U.S.-built trucks and Chinese-made steel rose.")
    assert {(s.text, s.kb_id_) for s in doc.spans["actors"]} == {("U.S.-built", "USA"), ("Chinese-made", "CHN")}


def test_a_g7_meeting_leaving_levies_in_place_is_no_measure(extractor):
    text = "Still, the G7 meeting left in place the 25 per cent levies on Canadian goods."
    assert events(extractor, text, published="2025-05-06") == []


def test_counter_tariffs_after_another_country_acts_aim_at_it_after_that_day(extractor):
    text = ("Albanese said Australia would answer with counter-tariffs after Washington unveils its broader measures "
            "on April 2.")
    out = events(extractor, text, published="2025-03-29")
    assert [(e["imposer"], e["target"], e["date"], e.get("after")) for e in out] == [
        ("Australia", "United States", None, "2025-04-02")]


def test_time_spent_is_a_duration_not_a_date(extractor):
    text = "Carney said he would spend the next month campaigning, and that Ottawa would impose counter-tariffs."
    assert [e["date"] for e in events(extractor, text, published="2025-03-28")] == [None]


def test_days_after_count_from_the_day_named_in_the_same_sentence(extractor):
    text = ("On Wednesday, Trump ordered 25 per cent tariffs on imported cars, and a day later he warned that "
            "Mexico would face far steeper levies if it retaliated.")
    got = {(e["target"], e["date"]) for e in events(extractor, text, published="2025-03-29")}
    assert (None, "2025-03-26") in got and ("Mexico", "2025-03-27") in got
    text = "On April 4, two days after Trump unveiled his global tariff plan, Sefcovic held a video call with Greer."
    out = [e for e in events(extractor, text, published="2025-04-15") if e["type"] == "TariffMeasure"]
    assert [e["date"] for e in out] == ["2025-04-02"]
    text = ("His dinner with Trump on Nov. 29 of last year, four days after Trump threatened a 25 per cent tariff "
            "on Brazil.")
    out = [e for e in events(extractor, text, published="2025-03-29") if e["type"] == "TariffMeasure"]
    assert [e["date"] for e in out] == ["2024-11-25"]


def test_a_meeting_pencilled_in_after_a_call_takes_its_own_clauses_bound(extractor):
    text = ("Albanese and Modi spoke by phone on March 28, and they have pencilled in a face-to-face meeting for the "
            "days after the May 3 election. Whether it lasts until the two leaders sit down is another matter.")
    out = events(extractor, text, published="2025-03-29")
    meetings = [(e["status"], e["date"], e.get("after")) for e in out if e["type"] == "Meeting"]
    assert meetings == [("planned", None, "2025-05-03")]


def test_promised_tariffs_in_a_second_clause_are_a_planned_announcement(extractor):
    text = ("Washington's 25 per cent duty on steel came into force on March 12, and Trump has promised a much "
            "broader set of tariffs on April 2.")
    got = {(e["rate"], e["status"], e["date"]) for e in events(extractor, text, published="2025-03-26")}
    assert got == {(25.0, "occurred", "2025-03-12"), (None, "planned", "2025-04-02")}


def test_get_together_is_a_meeting_and_one_day_and_pair_is_one_event(extractor):
    text = "Trump spoke by phone on Monday morning with Lula, and the two are scheduled to talk again in the afternoon."
    out = events(extractor, text, published="2025-02-03")
    assert [(e["type"], e["status"]) for e in out] == [("Call", "occurred")]  # one event node per pair and day
    out = events(extractor, "Trump said he and Lula would get together after the May 3 vote.", published="2025-04-01")
    assert [(e["type"], e["status"], e.get("after")) for e in out] == [("Meeting", "planned", "2025-05-03")]


def test_those_talks_and_meetings_of_one_person_make_no_meeting(extractor):
    text = ("Trump and Lula spoke by phone on Friday. Lula, who interrupted his campaign on Thursday to hold meetings "
            "in Brasilia, said he would earn the right to represent Brazil in those talks.")
    assert [e["type"] for e in events(extractor, text, published="2025-03-29")] == ["Call"]


def test_a_headline_title_led_by_its_body_is_the_holder_the_page_names(extractor):
    # "EU trade chief": the office in the EU; with no publication date, the one holder the page names, even after
    text = ("EU trade chief says he held another call with Lutnick\n\n"
            "European Union Trade Commissioner Maros Sefcovic said he had held another call with U.S. Commerce "
            "Secretary Howard Lutnick.")
    out = events(extractor, text, published=None)
    assert [sorted(e["participants"]) for e in out] == [["Howard Lutnick", "Maros Sefcovic"]]


def test_at_the_time_dates_what_was_just_told(extractor):
    text = ("Donald Trump raised the tariff on Canadian goods to 35 per cent on Aug. 1.\n\n"
            "The White House said at the time that Trump was raising the tariff because Ottawa had retaliated.")
    out = [e for e in events(extractor, text, published="2025-08-21") if e["action"] == "raised"]
    assert [(e["rate"], e["date"]) for e in out] == [(35.0, "2025-08-01")]


def test_the_two_heads_of_state_are_leaders_named_before_not_the_ministers_named_last(extractor):
    text = ("Xi Jinping and Donald Trump spoke by phone on June 5.\n\n"
            "Scott Bessent and He Lifeng met in London on Monday. They said the talks would carry out the consensus "
            "reached during the phone call between the two heads of state.")
    calls = [e for e in events(extractor, text, published="2025-06-10") if e["type"] == "Call"]
    assert [sorted(e["participants"]) for e in calls] == [["Donald Trump", "Xi Jinping"]]


def test_a_summit_of_no_body_gives_way_to_the_talks_with_someone_in_its_sentence(extractor):
    text = "The summit capped Donald Trump's week-long tour of Asia, which also included talks with Japan."
    out = events(extractor, text, published="2025-10-31")
    assert [sorted(e["participants"]) for e in out if e["type"] == "Meeting"] == [["Donald Trump", "Japan"]]


def test_talks_as_a_process_are_no_meeting(extractor):
    for text in ("On government efforts to bolster negotiations, Cyril Ramaphosa called Donald Trump on Tuesday.",
                 "Cyril Ramaphosa and Donald Trump agreed to keep in touch, recognising the various trade "
                 "negotiations the United States is involved in."):
        assert [e["type"] for e in events(extractor, text, published="2025-08-06") if e["type"] == "Meeting"] == []


def test_a_possessive_pronoun_names_the_person_just_named():
    doc = load_pipeline()("Shigeru Ishiba will host a dinner during Lee Jae-myung's visit, on his way to Washington.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 8, 20))(doc)
    assert [(doc[m.start:m.end].text, m.actor.name) for m in mentions if m.kind == "pronoun"] == [
        ("his", "Lee Jae-myung")]


def test_a_pronoun_in_what_someone_says_is_the_speaker():
    doc = load_pipeline()("Donald Trump told reporters after his talks with Xi Jinping on Thursday, adding that he "
                          "would cut the tariff on Chinese goods to 10%.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 10, 31))(doc)
    assert [(doc[m.start:m.end].text, m.actor.name) for m in mentions if m.kind == "pronoun"] == [
        ("his", "Donald Trump"), ("he", "Donald Trump")]


def test_a_day_named_for_an_event_beats_the_news_day_another_mention_was_given(extractor):
    # the headline tells the talks with no day (so the news day); the body names the day before it
    text = ("Starmer and Trump sign a science pact before private talks\n\n"
            "Keir Starmer and Donald Trump held talks at Chequers on Wednesday, officials said.")
    meetings = [e for e in events(extractor, text, published="2025-09-18") if e["type"] == "Meeting"]
    assert [(sorted(e["participants"]), e["date"]) for e in meetings] == [
        (["Donald Trump", "Keir Starmer"], "2025-09-17")]


def test_speaking_telephonically_is_a_call(extractor):
    text = "Cyril Ramaphosa and President Donald Trump spoke telephonically on Tuesday to discuss trade."
    calls = [e for e in events(extractor, text, published="2025-08-07") if e["type"] == "Call"]
    assert [(sorted(e["participants"]), e["date"]) for e in calls] == [
        (["Cyril Ramaphosa", "Donald Trump"], "2025-08-05")]


def test_a_page_with_no_date_counts_relative_words_from_the_last_full_date_it_named(extractor):
    text = ("Xi Jinping spoke by phone with Emmanuel Macron on 2 December 2025.\n\n"
            "Xi recalled that during his visit to France last May, he and Macron agreed to deepen ties.")
    out = events(extractor, text, published=None)
    assert [(e["type"], e["date"]) for e in out] == [("Call", "2025-12-02"), ("Meeting", "2025-05")]


def test_the_meeting_told_again_with_its_days_dates_the_headlines_meeting(extractor):
    text = ("Wang Yi and Antony Blinken Hold Talks in Geneva\n\n"
            "Over two days from March 3 to 4 in a hotel by the lake, the talks between Wang Yi and Antony Blinken "
            "covered trade and security.")
    meetings = [e for e in events(extractor, text, published="2025-03-06") if e["type"] == "Meeting"]
    assert [(sorted(e["participants"]), e["date"]) for e in meetings] == [(["Antony Blinken", "Wang Yi"], "2025-03-03")]


def test_the_day_of_another_trigger_does_not_date_the_meeting_told_again(extractor):
    text = ("Mark Carney and Donald Trump held talks at the White House.\n\n"
            "The talks were arranged after the two leaders spoke by phone last Tuesday.")
    meetings = [e for e in events(extractor, text, published="2025-05-06") if e["type"] == "Meeting"]
    assert [(sorted(e["participants"]), e["date"]) for e in meetings] == [(["Donald Trump", "Mark Carney"],
                                                                          "2025-05-06")]


def test_the_day_the_tariffs_just_told_take_effect_is_their_date(extractor):
    text = ("Donald Trump signed an order on Wednesday raising tariffs on Chilean goods to 40%.\n\n"
            "The tariffs are due to take effect on August 6, after a grace period.")
    out = [e for e in events(extractor, text, published="2025-07-31") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["rate"], e["date"], e["status"]) for e in out] == [
        ("United States", "Chile", 40.0, "2025-08-06", "planned")]
    # an announcement keeps the day it was made
    text = "Chile announced tariffs of 10% on U.S. wine on Monday. The tariffs take effect on August 20."
    out = [e for e in events(extractor, text, published="2025-07-31") if e["type"] == "TariffMeasure"]
    assert [(e["action"], e["date"]) for e in out] == [("announced", "2025-07-28")]


def test_a_cut_is_dated_by_the_day_it_applies_from(extractor):
    text = "Mark Carney said Canada will remove its counter-tariffs on U.S. goods, effective September 1, 2025."
    out = [e for e in events(extractor, text, published=None) if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["action"], e["date"]) for e in out] == [
        ("Canada", "United States", "lifted", "2025-09-01")]


def test_an_additional_rate_equal_to_the_one_in_force_is_another_measure(extractor):
    text = ("Before the 20 per cent tariff on Brazilian exports to the United States took effect on July 9, Donald "
            "Trump signed an order imposing an additional 20 per cent duty on them.\n\n"
            "This additional tariff will come into effect on July 30.")
    out = [e for e in events(extractor, text, published="2025-07-10") if e["type"] == "TariffMeasure"]
    assert sorted((e["imposer"], e["target"], e["rate"], e["date"], e["status"]) for e in out) == [
        ("United States", "Brazil", 20.0, "2025-07-09", "occurred"),
        ("United States", "Brazil", 20.0, "2025-07-30", "planned")]
    # an "extra" rate listed for a measure told without one is that measure
    text = ("China imposed new retaliatory tariffs on U.S. goods. The measures include an extra 15% duty on chicken, "
            "wheat and corn, and 10% on beef.")
    out = [e for e in events(extractor, text, published="2025-03-05") if e["type"] == "TariffMeasure"]
    assert sorted((e["imposer"], e["target"], e["rate"]) for e in out) == [("China", "United States", 10.0),
                                                                           ("China", "United States", 15.0)]


def test_a_person_named_after_an_office_and_its_portfolio_is_found():
    doc = load_pipeline()("Penny Wong met Minister of Water Resources Lan Tianfeng and the Minister of Foreign "
                          "Affairs on Monday.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 3, 3))(doc)
    assert [doc[m.start:m.end].text for m in mentions if m.kind == "new"] == ["Lan Tianfeng"]


def test_the_rate_told_after_a_tariff_word_is_a_measure_of_its_own(extractor):
    text = ("Donald Trump on Wednesday paused the steeper tariffs on dozens of countries for 90 days, while raising "
            "the rate on Chinese imports to 145%.")
    out = [e for e in events(extractor, text, published="2025-04-10") if e["type"] == "TariffMeasure"]
    assert sorted((e["target"] or "", e["rate"] or 0, e["action"]) for e in out) == [
        ("", 0, "paused"), ("China", 145.0, "raised")]
    # a rate with no tariff word before it in its sentence, or one of a bank, is not a tariff
    text = "Tariffs weighed on Canada's economy. The Bank of Canada held its interest rate at 2.75% on Wednesday."
    assert [e for e in events(extractor, text, published="2025-04-17") if e["type"] == "TariffMeasure"] == []


def test_the_country_goods_arrive_in_imposes_the_tariff_they_pay(extractor):
    text = "Copper arriving in the United States pays a 50% tariff from Friday under an order Donald Trump signed."
    out = [e for e in events(extractor, text, published="2025-07-31") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["rate"]) for e in out] == [("United States", 50.0)]


@pytest.mark.parametrize("text, expected", [
    ("Emmanuel Macron held talks with Narendra Modi in Paris on Monday and later sat down with Keir Starmer.",
     [("Meeting", ["Emmanuel Macron", "Keir Starmer"]), ("Meeting", ["Emmanuel Macron", "Narendra Modi"])]),
    ("Keir Starmer flew to Washington for talks with Donald Trump and then on to Ottawa to meet Mark Carney.",
     [("Meeting", ["Donald Trump", "Keir Starmer"]), ("Meeting", ["Keir Starmer", "Mark Carney"])]),
    ("Emmanuel Macron had a long call with Xi Jinping on Friday, which he followed with a call to Volodymyr "
     "Zelensky.", [("Call", ["Emmanuel Macron", "Volodymyr Zelensky"]), ("Call", ["Emmanuel Macron", "Xi Jinping"])]),
    # the same counterpart told again is the same meeting
    ("Mark Carney met Keir Starmer on Monday; the meeting with Starmer lasted an hour.",
     [("Meeting", ["Keir Starmer", "Mark Carney"])]),
])
def test_each_call_or_meeting_of_a_sentence_has_the_parties_of_its_own_frame(extractor, text, expected):
    out = events(extractor, text, published="2025-06-11")
    assert sorted((e["type"], sorted(e["participants"])) for e in out) == expected


def test_a_trip_that_followed_someone_elses_meeting_is_not_dated_by_it(extractor):
    text = ("Mark Carney held talks with Donald Trump at the White House on Thursday. The prime minister's visit "
            "followed Emmanuel Macron's own meeting with Trump on Monday.")
    out = events(extractor, text, published="2025-02-28")
    assert sorted((sorted(e["participants"]), e["date"]) for e in out) == [
        (["Donald Trump", "Emmanuel Macron"], "2025-02-24"), (["Donald Trump", "Mark Carney"], "2025-02-27")]


def test_the_presidents_are_the_leaders_named_before(extractor):
    text = ("A Kremlin aide said on Thursday that Vladimir Putin and Donald Trump had no plans to speak. "
            "The presidents last met in Alaska in August.")
    out = events(extractor, text, published="2025-10-10")
    assert [(e["type"], sorted(e["participants"]), e["date"]) for e in out] == [
        ("Meeting", ["Donald Trump", "Vladimir Putin"], "2025-08")]


def test_he_and_she_are_the_latest_person_of_that_gender():
    doc = load_pipeline()("Donald Trump threatened a 50% tariff on Friday. After a call with Ursula von der Leyen on "
                          "Sunday, he agreed to wait, and she said the talks would go on.")
    mentions = MentionResolver(Registry.load(), dt.date(2025, 5, 26))(doc)
    assert [(doc[m.start:m.end].text, m.actor.name) for m in mentions if m.kind == "pronoun"] == [
        ("he", "Donald Trump"), ("she", "Ursula von der Leyen")]


def test_a_summit_with_a_person_is_a_meeting_of_the_two(extractor):
    text = "Anthony Albanese will fly to Beijing for his first summit with Xi Jinping on November 4, officials said."
    out = events(extractor, text, published="2025-10-20")
    assert [(e["type"], sorted(e["participants"]), e["date"], e["status"]) for e in out] == [
        ("Meeting", ["Anthony Albanese", "Xi Jinping"], "2025-11-04", "planned")]


def test_a_sign_of_a_phone_in_another_line_does_not_make_spoken_a_call(extractor):
    text = ("Donald Trump spoke by phone with Xi Jinping on Monday.\n"
            "Trump had also spoken to Volodymyr Zelensky on Wednesday, according to media reports.")
    out = events(extractor, text, published="2025-06-12")
    assert [(e["type"], sorted(e["participants"])) for e in out] == [("Call", ["Donald Trump", "Xi Jinping"])]


def test_a_meeting_with_a_body_whose_summit_the_page_tells_is_part_of_that_summit():
    from ingest.extracted import Event
    from ingest.merging import same_event

    reg = Registry.load()
    nato, usa, eu, biden = (reg.resolve(n) for n in ("NATO", "United States", "European Union", "Joe Biden"))
    summit = Event(cls="Summit", participants=[nato, biden], when=When(dt.date(2024, 7, 9)), status="occurred")
    dinner = Event(cls="Meeting", participants=[usa, nato], status="planned")  # "they would host the NATO leaders"
    assert same_event(summit, dinner) and same_event(dinner, summit)
    assert not same_event(summit, Event(cls="Meeting", participants=[usa, eu], status="planned"))


def test_who_said_it_will_respond_with_tariffs_imposes_them(extractor):
    text = ("Mexico City has said it will respond to the U.S. duties with 20 per cent tariffs on American pork, "
            "starting on Monday.")
    out = [e for e in events(extractor, text, published="2025-02-08") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["rate"], e["action"]) for e in out] == [
        ("Mexico", "United States", 20.0, "retaliatory")]


def test_undated_trade_or_tariff_negotiations_are_a_process_not_a_meeting(extractor):
    text = "Vietnam had concluded the tariff negotiations with the United States, its trade minister said."
    assert [e for e in events(extractor, text, published="2025-07-03") if e["type"] == "Meeting"] == []
    text = "Jamieson Greer held trade talks with Ryosei Akazawa in Washington on Tuesday."
    assert [e["type"] for e in events(extractor, text, published="2025-07-03")] == ["Meeting"]


def test_leaving_a_summit_early_means_being_at_it_but_skipping_it_does_not(extractor):
    text = "In November 2019, Donald Trump left the NATO summit in London early."
    out = events(extractor, text, published="2025-10-28")
    assert [(e["class"], sorted(e["participants"]), e["date"]) for e in out] == [
        ("Summit", ["Donald Trump", "NATO"], "2019-11")]
    text = "In November 2019, Donald Trump skipped the NATO summit in London."
    assert events(extractor, text, published="2025-10-28") == []


def test_what_a_government_should_do_is_advice_not_an_act(extractor):
    text = ("Doug Ford said that if no deal is reached, Ottawa should start hitting back with retaliatory tariffs "
            "against the U.S.")
    assert [e for e in events(extractor, text, published="2025-10-07") if e["type"] == "TariffMeasure"] == []


def test_a_cut_of_retaliatory_tariffs_is_aimed_at_the_other_country_its_sentence_names(extractor):
    text = ("Mark Carney has dropped Canada's digital services tax and many retaliatory tariffs in an effort to "
            "calm Donald Trump's trade war.")
    out = [e for e in events(extractor, text, published="2025-10-07") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["action"]) for e in out] == [("Canada", "United States", "lifted")]


def test_a_measure_told_with_no_target_hits_the_one_other_country_its_sentence_names(extractor):
    text = ("Claudia Sheinbaum said on Thursday she still hopes for a deal, referring to the steep tariff the Trump "
            "administration imposed earlier this year.")
    out = [e for e in events(extractor, text, published="2025-09-05") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"], e["action"]) for e in out] == [("United States", "Mexico", "imposed")]
    # a global measure hits no one in particular, whoever tells of it
    text = "Mark Carney said Donald Trump had imposed a 10% baseline tariff on all imports."
    out = [e for e in events(extractor, text, published="2025-04-07") if e["type"] == "TariffMeasure"]
    assert [(e["imposer"], e["target"]) for e in out] == [("United States", None)]
