"""The syntactic layer and the event coder on sentences written for the tests: the trained parser is shipped and
loaded offline, only candidate sentences are parsed, and the coder's readings (sense, modality, tariff parties)
come from the parse and the dictionary file."""

from __future__ import annotations

import pytest

from ingest import coder, syntax
from ingest.article import Article
from ingest.events import Extractor
from ingest.nlp import load_pipeline


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def readings(text: str) -> dict[str, coder.Reading | None]:
    doc = load_pipeline()(text)
    return {t.text: coder.read(t) for t in doc.spans["triggers"]}


def parties(text: str) -> dict[str, tuple[list[str], list[str]]]:
    doc = load_pipeline()(text)
    out = {}
    for t in doc.spans["triggers"]:
        p = coder.tariff_parties(t)
        if p is not None:
            out[t.text] = ([doc[i].text for i in p.imposer], [doc[i].text for i in p.target])
    return out


def gold(extractor: Extractor, text: str, published: str | None = "2025-03-29T09:00:00-04:00") -> list[dict]:
    return [e.to_gold() for e in extractor(Article(title="", text=text, published=published))]


def test_the_shipped_parser_loads_offline_and_parses_only_candidate_sentences():
    assert syntax.parser() is not None, "ingest/models/en_ud_parser is missing"
    doc = load_pipeline()("The weather in Ottawa was mild. Mark Carney met Donald Trump on Tuesday. Prices rose.")
    parsed = [s.text for s in doc.sents if syntax.parse_of(s) is not None]
    assert parsed == ["Mark Carney met Donald Trump on Tuesday."]
    met = syntax.token(doc[9])
    assert (met.text, met.pos_, met.dep_) == ("met", "VERB", "ROOT")


@pytest.mark.parametrize(("text", "word", "modality"), [
    ("Carney met Trump at the White House on Tuesday.", "met", None),
    ("Carney will meet Trump in Washington next week.", "meet", "planned"),
    ("The two leaders are scheduled to meet in Rome.", "meet", "planned"),
    ("Carney did not meet Trump during the trip.", "meet", "negated"),
    ("Trump would like to meet Xi Jinping soon.", "meet", "nothing"),
    ("Putin invited Trump to visit Moscow in the autumn.", "visit", "nothing"),
    ("The Kremlin denied that Putin had spoken by phone with Trump.", "spoken", "nothing"),
    ("Lula might meet Trump at the summit.", "meet", "hedged"),
    ("If the talks go well, Carney will meet Trump in June.", "meet", "condition"),
    ("Will Trump meet Xi Jinping this month?", "meet", "question"),
])
def test_modality_comes_from_the_parse(text, word, modality):
    assert readings(text)[word].modality == modality


@pytest.mark.parametrize(("text", "word"), [
    ("Canada called for calm after the vote.", "called"),
    ("Ottawa said the plan would meet the target.", "meet"),
    ("Carney flew home for an emergency cabinet meeting on Thursday.", "meeting"),
    ("Biden welcomed Sweden as the newest member of the alliance.", "welcomed"),
    ("Lula welcomed the decision to lower the levies.", "welcomed"),
    ("Investors in Canada watched the so-called Magnificent Seven companies.", "called"),
])
def test_a_trigger_word_in_another_sense_tells_no_event(text, word):
    assert readings(text)[word].sense is False


@pytest.mark.parametrize(("text", "word", "imposer", "target"), [
    ("China imposed new retaliatory tariffs on American farm goods.", "tariffs", ["China"], ["American"]),
    ("The 50% levies imposed by Washington on Brazilian coffee drew protests.", "levies", ["Washington"],
     ["Brazilian"]),
    ("Trump slapped a 25% tariff on Canadian lumber.", "tariff", ["Trump"], ["Canadian"]),
    ("Mexico faces U.S. duties of 30% from August.", "duties", ["U.S."], ["Mexico"]),
    ("Trump threatened Canada with further duties on Friday.", "duties", ["Trump"], ["Canada"]),
])
def test_tariff_parties_come_from_the_parse(text, word, imposer, target):
    got_imposer, got_target = parties(text)[word]
    assert got_imposer[:1] == imposer and got_target[:1] == target


# -- end to end ----------------------------------------------------------------------------------------------------
SEED = """Carney and Trump hold first phone call, agree to start trade talks after the vote

Published 28 Mar 2025, 09:40 PM IST

Canadian Prime Minister Mark Carney and U.S. President Donald Trump spoke by telephone on Friday for the first time
since Carney took office, and agreed to begin negotiations on a new economic and security relationship right after
Canada's April 28 election.

The two leaders will meet in person after the April 28 federal election, Carney told reporters in Ottawa.

Carney had interrupted his election campaign on Thursday to fly back to Ottawa for an emergency cabinet meeting on
the U.S. auto tariffs.

Trump on Wednesday announced a 25% tariff on imported vehicles, and he has threatened Canada with further duties if
it retaliates.

Also Read | Markets slide as tariff fears grow
"""


def test_the_seed_article_shape(extractor):
    """The shape of the report the project started from, in our own words: the call, the planned meeting after
    the election, the vehicle tariff, the threat against Canada, and no cabinet meeting."""
    events = gold(extractor, SEED, published=None)  # the date comes from the page's "Published" line
    calls = [e for e in events if e["type"] == "Call"]
    meetings = [e for e in events if e["type"] == "Meeting"]
    tariffs = [e for e in events if e["type"] == "TariffMeasure"]
    assert [(sorted(e["participants"]), e["date"], e["status"]) for e in calls] == [
        (["Donald Trump", "Mark Carney"], "2025-03-28", "occurred")]
    assert [(sorted(e["participants"]), e.get("after"), e["status"]) for e in meetings] == [
        (["Donald Trump", "Mark Carney"], "2025-04-28", "planned")]  # no cabinet meeting with anyone
    assert ("United States", None, 25.0, "imported vehicles", "2025-03-26") in [
        (e["imposer"], e["target"], e["rate"], e["goods"], e["date"]) for e in tariffs]
    assert ("United States", "Canada", "threatened") in [(e["imposer"], e["target"], e["status"]) for e in tariffs]
    assert len(tariffs) == 2


@pytest.mark.parametrize("text", [
    "Trump would like to meet Xi Jinping in the spring.",
    "Xi Jinping invited Trump to visit China next year.",
    "The Kremlin denied that Putin and Trump had spoken by phone.",
    "Did a phone call between Carney and Trump change anything? Analysts doubt it.",
    "A tariff war between Canada and the United States could cost 100,000 jobs.",
    "Carney and Trump talked about hockey at the dinner.",
])
def test_wishes_invitations_denials_questions_hedges_tell_nothing(extractor, text):
    kinds = [e["type"] for e in gold(extractor, text)]
    assert "Meeting" not in kinds and "TariffMeasure" not in kinds
    if "phone call" not in text:
        assert kinds == []


def test_a_report_denied_as_a_whole_is_denied_wherever_the_page_tells_it(extractor):
    text = ("New claims about a Putin-Trump phone call: the Kremlin calls it a fabrication\n\n"
            "A newspaper reported on Sunday that Trump and Putin had spoken by phone on Thursday.")
    assert gold(extractor, text, published="2024-11-11") == []


def test_a_poll_figure_is_no_tariff_rate(extractor):
    text = "In a new poll, 40% of voters call tariffs their top worry, while 75% say prices matter most."
    assert gold(extractor, text) == []


def test_meeting_someone_halfway_is_no_meeting(extractor):
    assert gold(extractor, "Carney said Canada would meet Mexico and the EU halfway on dairy.") == []


def test_a_visit_to_a_country_whose_leader_the_page_names_is_a_meeting_with_that_leader(extractor):
    text = ("Xi Jinping held a phone call with French President Emmanuel Macron on Tuesday. Xi recalled that during "
            "his visit to France in May 2024 the two sides had agreed to deepen trade ties.")
    got = sorted((e["type"], sorted(e["participants"]), e["date"]) for e in gold(extractor, text,
                                                                                   published="2025-05-22"))
    assert ("Meeting", ["Emmanuel Macron", "Xi Jinping"], "2024-05") in got
    assert not any("France" in e[1] for e in got)


@pytest.mark.parametrize(("text", "status"), [
    ("Anita Anand was in Washington on Thursday to meet with Marco Rubio.", "occurred"),
    ("Keir Starmer flew to Delhi on Monday to meet Narendra Modi.", "occurred"),
    ("Keir Starmer will fly to Delhi on Monday to meet Narendra Modi.", "planned"),
    ("Keir Starmer agreed to meet Narendra Modi in Delhi.", "planned"),
])
def test_an_infinitive_of_purpose_under_a_past_verb_tells_a_meeting_held(extractor, text, status):
    assert [e["status"] for e in gold(extractor, text, published="2025-10-10")] == [status]


def test_hopes_and_doubts_about_an_event_tell_nothing(extractor):
    assert gold(extractor, "Carney said he was optimistic about a suspension of the U.S. tariffs on steel.") == []


def test_the_verb_that_takes_the_tariff_as_its_object_names_the_act(extractor):
    text = "Carney has dropped Canada's digital services tax and most of its retaliatory tariffs on U.S. goods."
    assert [(e["imposer"], e["action"]) for e in gold(extractor, text) if e["type"] == "TariffMeasure"] == [
        ("Canada", "lifted")]


def test_a_tariff_that_someone_wants_to_see_ended_is_no_measure(extractor):
    assert gold(extractor, "Ottawa wants to see an end to the 25% tariffs on Canadian steel.") == []


def test_a_present_time_clause_under_a_future_one_looks_ahead(extractor):
    text = "The deal will be signed when Prabowo Subianto comes to the White House for a meeting with Donald Trump."
    assert [e["status"] for e in gold(extractor, text)] == ["planned"]


def test_a_cue_with_a_part_of_speech_asks_for_it(extractor):
    # "open/ADJ" in the dictionary: being open to a meeting is no meeting; opening a summit is one
    assert [e["type"] for e in gold(extractor, "Donald Trump said he was open to meeting Xi Jinping.")] == []
    opened = gold(extractor, "Anwar Ibrahim opened the ASEAN summit in Kuala Lumpur on Sunday.", published="2025-10-27")
    assert [(e["class"], sorted(e["participants"])) for e in opened] == [("Summit", ["ASEAN", "Anwar Ibrahim"])]


def test_a_country_hit_in_the_sentence_before_is_not_the_imposer_of_a_list_that_follows(extractor):
    text = ("Joe Biden is rolling out new tariffs on China on Tuesday.\n\n"
            "Tariffs on steel rise from 7.5% to 25%, and a new tariff on shipping cranes will be 25%.")
    imposers = [e["imposer"] for e in gold(extractor, text, published="2024-05-14")]
    assert imposers and set(imposers) == {"United States"}


def test_a_clause_deep_inside_the_tariff_phrase_does_not_give_its_imposer(extractor):
    text = ("Claudia Sheinbaum said on Monday that the United States had agreed to hold off for a month on the 25 per "
            "cent tariffs it was due to start charging on Mexican goods, following what she called a good talk.")
    assert [(e["imposer"], e["target"], e["action"]) for e in gold(extractor, text)] == [
        ("United States", "Mexico", "paused")]


def test_a_measure_told_as_announced_plans_is_announced(extractor):
    text = "The talks began when Donald Trump announced in April his plans to impose a 25 percent tariff on Vietnam."
    assert [e["action"] for e in gold(extractor, text) if e["type"] == "TariffMeasure"] == ["announced"]


def test_a_pledge_on_the_speakers_own_election_is_hypothetical_not_a_threat(extractor):
    text = "Donald Trump renewed his pledge to impose a 60% tariff on goods from China if elected in November."
    assert gold(extractor, text, published="2024-02-05") == []
    # a condition aimed at the other side is a threat
    text = "Donald Trump said he would impose a 25% tariff on Mexico unless it stopped the flow of migrants."
    assert [e["action"] for e in gold(extractor, text, published="2024-11-26")] == ["threatened"]


def test_where_goods_are_shipped_to_taxes_them_and_is_not_hit(extractor):
    text = ("Following earlier reports, the EU's European Commission has confirmed new provisional tariffs applying to "
            "Chinese electric vehicles shipped to the EU from next month.")
    assert [(e["imposer"], e["target"]) for e in gold(extractor, text, published=None)] == [
        ("European Union", "China")]


def test_the_country_goods_are_sent_to_imposes_the_tariff_they_face(extractor):
    text = ("Canadian farmers face new retaliatory tariffs on the canola they ship to China. The measures include an "
            "extra 100% duty on canola oil and 25% on pork.")
    assert {(e["imposer"], e["target"]) for e in gold(extractor, text, published="2025-03-09")} == {
        ("China", "Canada")}


def test_the_measures_told_again_keep_the_act_and_target_of_the_measure_just_told(extractor):
    text = ("Beijing imposed new retaliatory tariffs on U.S. goods on Tuesday. The measures include an extra 15% duty "
            "on chicken and 10% on soybeans.")
    found = {(e["imposer"], e["target"], e["rate"], e["action"]) for e in gold(extractor, text, published="2025-03-05")}
    assert {("China", "United States", 15.0, "retaliatory"), ("China", "United States", 10.0, "retaliatory")} <= found


def test_a_wish_under_a_condition_is_still_a_wish(extractor):
    text = "If the flow of drugs eases, we want to see that 25% tariff shrink, Claudia Sheinbaum said on Thursday."
    assert gold(extractor, text, published="2025-09-05") == []


def test_the_origin_of_goods_a_third_party_buys_is_not_the_target(extractor):
    text = ("Donald Trump signed an order imposing an additional 25 per cent duty on Indian goods as a penalty for "
            "importing Russian crude oil.")
    assert [(e["imposer"], e["target"]) for e in gold(extractor, text, published="2025-08-07")] == [
        ("United States", "India")]


def test_the_tariffs_named_again_are_the_measure_already_told(extractor):
    text = ("China imposed retaliatory tariffs of 15% on U.S. chicken.\n\n"
            "The Chinese government announced the tariffs during the week of March 3, days after Washington acted.")
    tariffs = [e for e in gold(extractor, text, published="2025-03-10") if e["imposer"] == "China"]
    assert [(e["target"], e["action"]) for e in tariffs] == [("United States", "retaliatory")]


def test_a_retaliation_with_no_target_hits_whoever_hit_its_imposer_on_the_page(extractor):
    text = ("Ottawa said it would drop many of its retaliatory tariffs on Monday.\n\n"
            "The United States imposed 35% tariffs on Canadian steel in August.")
    canada = [e for e in gold(extractor, text, published="2025-09-02") if e["imposer"] == "Canada"]
    assert [e["target"] for e in canada] == ["United States"]


def test_a_tariff_statistic_is_no_measure(extractor):
    assert gold(extractor, "Donald Trump claims the European Union charges tariffs of 39% on average on imports "
                           "from the United States.", published="2025-04-04") == []
    weighted = gold(extractor, "The European Union will impose a weighted average duty of 21% on other Chinese "
                               "electric car makers.", published="2024-06-12")
    assert [e["rate"] for e in weighted] == [21.0]


def test_a_hedge_reaches_a_tariff_the_parser_left_hanging(extractor):
    text = ("A Commerce Department study due next June could support the President imposing on refined nickel a 10% "
            "tariff effective January 1, 2027, and 20% on January 1, 2028.")
    assert gold(extractor, text, published="2025-08-01") == []


def test_a_wished_tariff_does_not_hide_the_one_told_after_it(extractor):
    text = ("We want to see that 25% tariff shrink, Claudia Sheinbaum said, referring to the steep tariff the Trump "
            "administration imposed on Mexican goods earlier this year.")
    found = [(e["imposer"], e["target"], e["action"]) for e in gold(extractor, text, published="2025-09-05")]
    assert found == [("United States", "Mexico", "imposed")]


def test_what_someone_had_said_was_coming_is_background():
    said = readings("Donald Trump had warned that tariffs would rise to 50% unless Brazil dropped the case.")
    assert said["tariffs"] is not None and said["tariffs"].background
    now = readings("Donald Trump warned on Monday that tariffs would rise to 50% unless Brazil dropped the case.")
    assert now["tariffs"] is not None and not now["tariffs"].background


def test_a_threat_made_before_the_news_is_not_dated_on_the_news_day(extractor):
    out = gold(extractor, "Donald Trump had warned that tariffs on Brazil would rise to 50% unless it dropped the "
                          "case.", published="2025-07-31")
    assert [(e["status"], e["date"], e.get("before")) for e in out] == [("threatened", None, "2025-07-31")]


def test_the_agent_and_counterpart_of_a_call_or_meeting_come_from_the_parse():
    doc = load_pipeline()("Emmanuel Macron held talks with Narendra Modi in Paris on Monday and later sat down "
                          "with Keir Starmer.")
    frames = {}
    for t in doc.spans["triggers"]:
        agents, partners = coder.frame_parties(t)
        frames[t.text] = (" ".join(doc[i].text for i in sorted(agents)),
                          " ".join(doc[i].text for i in sorted(partners)))
    assert frames == {"held talks": ("Emmanuel Macron", "with Narendra Modi"), "sat down": ("", "with Keir Starmer")}
