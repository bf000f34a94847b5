"""Hand-made gold vs hand-made predictions; every expected number was worked out by hand."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from ingest.evaluate import date_agrees, default_resolve, format_report, load_corpus, rate_agrees, score

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def call(*participants, date="2025-03-28", status="occurred", **extra):
    return {"type": "Call", "participants": list(participants), "date": date, "status": status, **extra}


def meeting(*participants, date="2025-03-28", status="occurred", **extra):
    return {"type": "Meeting", "participants": list(participants), "date": date, "status": status, **extra}


def tariff(imposer, target, rate=25, action="imposed", date="2025-03-04", status="occurred", **extra):
    return {"type": "TariffMeasure", "imposer": imposer, "target": target, "rate": rate, "goods": None,
            "action": action, "date": date, "status": status, **extra}


def counts(r):
    return r["tp"], r["fp"], r["fn"], r["n_gold"], r["n_pred"]


# ---------------------------------------------------------------- events


def test_perfect_match():
    gold = {"a": [call("Donald Trump", "Mark Carney"), tariff("United States", "Canada")],
            "b": [meeting("Xi Jinping", "Donald Trump", date="2025-10", status="planned")]}
    r = score(gold, copy.deepcopy(gold))
    assert counts(r) == (3, 0, 0, 3, 3)
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
    assert (r["strict_precision"], r["strict_recall"], r["strict_f1"]) == (1.0, 1.0, 1.0)
    assert r["errors"] == []
    assert r["by_type"]["Call"]["tp"] == 1 and r["by_type"]["Meeting"]["strict_f1"] == 1.0
    assert r["by_type"]["TariffMeasure"]["n_gold"] == 1


def test_one_missing():
    gold = {"a": [call("Donald Trump", "Mark Carney"), tariff("United States", "Canada")]}
    pred = {"a": [call("Donald Trump", "Mark Carney")]}
    r = score(gold, pred)
    assert counts(r) == (1, 0, 1, 2, 1)
    assert r["precision"] == 1.0 and r["recall"] == 0.5
    assert r["f1"] == pytest.approx(2 / 3)
    assert r["errors"] == [{"id": "a", "kind": "missed", "event": gold["a"][1]}]
    assert r["by_type"]["TariffMeasure"]["fn"] == 1 and r["by_type"]["TariffMeasure"]["recall"] == 0.0


def test_one_spurious():
    gold = {"a": [call("Donald Trump", "Mark Carney")]}
    extra = meeting("Keir Starmer", "Emmanuel Macron", evidence="Starmer met Macron in Paris.")
    pred = {"a": [call("Donald Trump", "Mark Carney"), extra]}
    r = score(gold, pred)
    assert counts(r) == (1, 1, 0, 1, 2)
    assert r["precision"] == 0.5 and r["recall"] == 1.0
    assert r["f1"] == pytest.approx(2 / 3)
    assert r["errors"] == [{"id": "a", "kind": "spurious", "event": extra}]
    assert r["by_type"]["Meeting"]["fp"] == 1 and r["by_type"]["Meeting"]["precision"] == 0.0


def test_wrong_type_and_finer_classes():
    gold = {"a": [call("Donald Trump", "Mark Carney")],
            "b": [meeting("Donald Trump", "Mark Carney")]}
    pred = {"a": [meeting("Donald Trump", "Mark Carney")],
            "b": [{**meeting("Donald Trump", "Mark Carney"), "type": "Visit"},
                  {**meeting("Donald Trump", "Mark Carney"), "type": "Protest"}]}
    r = score(gold, pred)
    # a: Call vs Meeting never match; b: Visit maps to Meeting, Protest maps to nothing.
    assert counts(r) == (1, 2, 1, 2, 3)
    assert r["by_type"]["Call"]["fn"] == 1 and r["by_type"]["Call"]["tp"] == 0
    assert r["by_type"]["Meeting"]["tp"] == 1 and r["by_type"]["Meeting"]["fp"] == 1
    assert r["n_pred_unmapped"] == 1
    kinds = [(e["id"], e["kind"]) for e in r["errors"]]
    assert kinds == [("a", "missed"), ("a", "spurious"), ("b", "spurious")]


def test_summit_class_without_type_maps_to_meeting():
    gold = {"a": [meeting("G7", "Mark Carney", "Donald Trump")]}
    pred = {"a": [{"class": "Summit", "participants": ["G7", "Donald Trump"], "date": "2025-03-28",
                   "status": "occurred"}]}
    assert score(gold, pred)["tp"] == 1


def test_participant_rule_min_two():
    gold = {
        "three": [meeting("Jake Sullivan", "Justin Trudeau", "Chrystia Freeland")],
        "three_one_shared": [meeting("Jake Sullivan", "Justin Trudeau", "Chrystia Freeland")],
        "single": [meeting("Quad")],
        "pair": [call("Donald Trump", "Xi Jinping")],
    }
    pred = {
        "three": [meeting("Justin Trudeau", "Jake Sullivan")],
        "three_one_shared": [meeting("Justin Trudeau", "Dominic LeBlanc")],
        "single": [meeting("Quad", "Narendra Modi")],
        "pair": [call("Donald Trump")],
    }
    r = score(gold, pred)
    # Matches: "three" (2 of 3 shared) and "single" (1 of 1 suffices); the others share only one.
    assert counts(r) == (2, 2, 2, 4, 4)
    assert (r["precision"], r["recall"], r["f1"]) == (0.5, 0.5, 0.5)
    missed = sorted(e["id"] for e in r["errors"] if e["kind"] == "missed")
    assert missed == ["pair", "three_one_shared"]


def test_tariff_null_target_accepts_any_target():
    gold = {"a": [tariff("United States", None)], "b": [tariff("United States", None)]}
    pred = {"a": [tariff("United States", "China")], "b": [tariff("United States", None)]}
    r = score(gold, pred)
    assert counts(r) == (2, 0, 0, 2, 2)


def test_tariff_named_target_must_agree_and_imposer_always():
    gold = {"a": [tariff("United States", "Canada")],
            "b": [tariff("United States", "Canada")],
            "c": [tariff("United States", "Canada")]}
    pred = {"a": [tariff("United States", "Mexico")],
            "b": [tariff("United States", None)],
            "c": [tariff("Canada", "Canada")]}
    r = score(gold, pred)
    assert counts(r) == (0, 3, 3, 3, 3)
    assert (r["precision"], r["recall"], r["f1"]) == (0.0, 0.0, 0.0)


def test_greedy_one_to_one_prefers_best_pair():
    gold = {"a": [call("Donald Trump", "Mark Carney", date="2025-03-28")]}
    far = call("Donald Trump", "Mark Carney", date="2025-04-02")
    near = call("Donald Trump", "Mark Carney", date="2025-03-28")
    r = score(gold, {"a": [far, near]})
    # Only one prediction may take the gold event; the same-day one wins, the other is spurious.
    assert counts(r) == (1, 1, 0, 1, 2)
    assert r["strict_f1"] == pytest.approx(2 / 3)
    assert r["errors"] == [{"id": "a", "kind": "spurious", "event": far}]


def test_greedy_uses_actor_count_before_order():
    # Prediction order is adversarial: a first-come matcher would pair G1 with the 2-person prediction.
    gold = {"a": [meeting("Jake Sullivan", "Justin Trudeau", "Chrystia Freeland", status="occurred"),
                  meeting("Jake Sullivan", "Justin Trudeau", status="planned")]}
    pred = {"a": [meeting("Jake Sullivan", "Justin Trudeau", status="planned"),
                  meeting("Jake Sullivan", "Justin Trudeau", "Chrystia Freeland", status="occurred")]}
    r = score(gold, pred)
    assert counts(r) == (2, 0, 0, 2, 2)
    assert r["status_agreement"] == 1.0 and r["status_n"] == 2


def test_two_same_day_calls_each_match_once():
    gold = {"a": [call("Donald Trump", "Justin Trudeau", date="2025-02-03"),
                  call("Donald Trump", "Justin Trudeau", date="2025-02-03")]}
    pred = {"a": [call("Donald Trump", "Justin Trudeau", date="2025-02-03")]}
    r = score(gold, pred)
    assert counts(r) == (1, 0, 1, 2, 1)
    assert r["strict_recall"] == 0.5


# ---------------------------------------------------------------- dates


def test_day_tolerance_one_day_not_two():
    assert date_agrees({"date": "2025-03-28"}, {"date": "2025-03-27"})
    assert date_agrees({"date": "2025-03-28"}, {"date": "2025-03-29"})
    assert date_agrees({"date": "2025-03-31"}, {"date": "2025-04-01"})
    assert not date_agrees({"date": "2025-03-28"}, {"date": "2025-03-30"})
    assert not date_agrees({"date": "2025-03-28"}, {"date": "2025-03-26"})
    assert not date_agrees({"date": "2025-03-28"}, {"date": None})
    # A month-level guess cannot claim the day.
    assert not date_agrees({"date": "2025-03-28"}, {"date": "2025-03"})

    gold = {"a": [call("Donald Trump", "Mark Carney", date="2025-03-28"),
                  tariff("United States", "Canada", date="2025-03-04")]}
    pred = {"a": [call("Donald Trump", "Mark Carney", date="2025-03-29"),
                  tariff("United States", "Canada", date="2025-03-06")]}
    r = score(gold, pred)
    assert r["f1"] == 1.0
    assert r["strict_tp"] == 1
    assert (r["strict_precision"], r["strict_recall"], r["strict_f1"]) == (0.5, 0.5, 0.5)
    assert r["by_type"]["Call"]["strict_f1"] == 1.0 and r["by_type"]["TariffMeasure"]["strict_f1"] == 0.0
    assert r["errors"] == [{"id": "a", "kind": "wrong_date", "gold": gold["a"][1], "predicted": pred["a"][1]}]


def test_month_level_gold_date():
    gold = {"date": "2025-04"}
    assert date_agrees(gold, {"date": "2025-04-01"})
    assert date_agrees(gold, {"date": "2025-04-30"})
    assert date_agrees(gold, {"date": "2025-04"})
    assert not date_agrees(gold, {"date": "2025-05-01"})
    assert not date_agrees(gold, {"date": "2025-03-31"})
    assert not date_agrees(gold, {"date": "2025-05"})
    assert not date_agrees(gold, {"date": None})
    r = score({"a": [meeting("Narendra Modi", "Donald Trump", date="2025-02")]},
              {"a": [meeting("Narendra Modi", "Donald Trump", date="2025-02-13")]})
    assert r["strict_f1"] == 1.0


def test_null_date_with_bounds():
    after = {"date": None, "after": "2025-04-28"}
    assert date_agrees(after, {"date": None, "after": "2025-04-28"})
    assert date_agrees(after, {"date": None, "after": "2025-04-29"})
    assert not date_agrees(after, {"date": None, "after": "2025-04-30"})
    assert not date_agrees(after, {"date": None})
    assert not date_agrees(after, {"date": "2025-05-01"})
    both = {"date": None, "after": "2025-05-12", "before": "2025-05-18"}
    assert date_agrees(both, {"date": None, "after": "2025-05-11", "before": "2025-05-18"})
    assert not date_agrees(both, {"date": None, "after": "2025-05-12"})
    # Without gold bounds only the null date matters.
    assert date_agrees({"date": None}, {"date": None, "before": "2025-01-01"})
    assert not date_agrees({"date": None}, {"date": "2025-01-01"})

    gold = {"a": [meeting("Mark Carney", "Donald Trump", date=None, status="planned", after="2025-04-28")]}
    ok = {"a": [meeting("Donald Trump", "Mark Carney", date=None, status="planned", after="2025-04-29")]}
    bad = {"a": [meeting("Donald Trump", "Mark Carney", date=None, status="planned")]}
    assert score(gold, ok)["strict_f1"] == 1.0
    r = score(gold, bad)
    assert r["f1"] == 1.0 and r["strict_f1"] == 0.0
    assert [e["kind"] for e in r["errors"]] == ["wrong_date"]


# ---------------------------------------------------------------- names


def test_surname_resolution_through_custom_resolve():
    aliases = {"trump": "donald trump", "president trump": "donald trump", "carney": "mark carney",
               "us": "united states", "u.s.": "united states"}

    def resolve(name):
        key = default_resolve(name)
        return aliases.get(key, key)

    gold = {"a": [call("Donald Trump", "Mark Carney"), tariff("United States", "Canada")]}
    pred = {"a": [call("President Trump", "Carney"), tariff("U.S.", "canada")]}
    assert score(gold, pred)["tp"] == 0
    r = score(gold, pred, resolve=resolve)
    assert counts(r) == (2, 0, 0, 2, 2)


def test_default_resolve_normalisation():
    assert default_resolve("  Maroš   ŠEFČOVIČ ") == "maros sefcovic"
    gold = {"a": [meeting("Maroš Šefčovič", "Howard Lutnick")]}
    pred = {"a": [meeting("Maros Sefcovic", "howard  lutnick")]}
    assert score(gold, pred)["tp"] == 1


# ---------------------------------------------------------------- attribute agreement


def test_status_action_rate_agreement():
    gold = {"a": [call("Donald Trump", "Mark Carney", status="occurred"),
                  tariff("United States", "Canada", rate=25, action="imposed"),
                  tariff("United States", "Mexico", rate=25, action="imposed"),
                  tariff("United States", "China", rate=10, action="raised"),
                  tariff("Canada", "United States", rate=None, action="retaliatory", status="planned")]}
    pred = {"a": [call("Donald Trump", "Mark Carney", status="planned"),       # status differs
                  tariff("United States", "Canada", rate=25.0, action="imposed"),
                  tariff("United States", "Mexico", rate=25.004, action="announced"),  # action differs
                  tariff("United States", "China", rate=10.02, action="raised"),       # rate off by 0.02
                  tariff("Canada", "United States", rate=None, action="retaliatory", status="planned")]}
    r = score(gold, pred)
    assert r["tp"] == 5
    assert (r["status_agreement"], r["status_n"]) == (0.8, 5)
    assert (r["action_agreement"], r["action_n"]) == (0.75, 4)
    assert (r["rate_agreement"], r["rate_n"]) == (0.75, 4)
    assert rate_agrees(25, "25%") and rate_agrees(None, None)
    assert not rate_agrees(25, None) and not rate_agrees(None, 0)


# ---------------------------------------------------------------- edge cases


def test_empty_corpus_gives_zeros():
    for gold, pred in (({}, {}), ({"a": [], "b": []}, {})):
        r = score(gold, pred)
        assert counts(r) == (0, 0, 0, 0, 0)
        for k in ("precision", "recall", "f1", "strict_precision", "strict_recall", "strict_f1",
                  "status_agreement", "action_agreement", "rate_agreement"):
            assert r[k] == 0.0
        assert r["errors"] == []
        assert all(row["f1"] == 0.0 and row["n_gold"] == 0 for row in r["by_type"].values())


def test_missing_and_extra_article_ids():
    gold = {"a": [call("Donald Trump", "Mark Carney")]}
    pred = {"zz": [call("Donald Trump", "Mark Carney")]}
    r = score(gold, pred)
    assert counts(r) == (0, 1, 1, 1, 1)
    assert [(e["id"], e["kind"]) for e in r["errors"]] == [("a", "missed"), ("zz", "spurious")]


def test_report_is_json_serialisable_and_formats_errors():
    gold = {"d1": [call("Donald Trump", "Mark Carney", date="2025-03-28"),
                   tariff("United States", "Canada", rate=25)]}
    pred = {"d1": [call("Donald Trump", "Mark Carney", date="2025-03-31",
                        evidence="Trump spoke with Carney on Monday."),
                   meeting("Keir Starmer", "Emmanuel Macron", date=dt.date(2025, 3, 2),
                           evidence="Starmer   met Macron.")]}
    r = score(gold, pred)
    json.dumps(r)
    plain = format_report(r)
    assert "TariffMeasure" in plain and "all" in plain and "missed" not in plain
    text = format_report(r, errors=True)
    assert "d1  missed" in text and "United States -> Canada" in text
    assert "d1  spurious" in text and "evidence: Starmer met Macron." in text
    assert "wrong_date" in text and "gold date: 2025-03-28" in text
    assert "evidence: Trump spoke with Carney on Monday." in text
    assert format_report(json.loads(json.dumps(r))) == plain


# ---------------------------------------------------------------- loading


def _write(path: Path, rows: list) -> None:
    lines = ((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    path.write_text("".join(lines), encoding="utf-8")


def test_load_corpus_reads_in_order(tmp_path):
    _write(tmp_path / "articles.jsonl", [{"id": "b", "text": "x"}, {"id": "a", "text": "y"}])
    _write(tmp_path / "gold.jsonl", [{"id": "a", "events": []},
                                     {"id": "b", "events": [call("Donald Trump", "Mark Carney")]}])
    articles, gold = load_corpus(tmp_path)
    assert [a["id"] for a in articles] == ["b", "a"]
    assert gold == {"a": [], "b": [call("Donald Trump", "Mark Carney")]}


def test_load_corpus_malformed_line_names_file_and_line(tmp_path):
    _write(tmp_path / "articles.jsonl", [{"id": "a"}, {"id": "b"}, {"id": "c"}])
    _write(tmp_path / "gold.jsonl", [{"id": "a", "events": []}, {"id": "b", "events": []}, '{"id": "c", "ev'])
    with pytest.raises(ValueError, match=r"gold\.jsonl:3: invalid JSON"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("articles", "gold", "pattern"),
    [
        ([{"id": "a"}, ["not", "an", "object"]], [{"id": "a", "events": []}],
         r"articles\.jsonl:2: expected a JSON object"),
        ([{"id": "a"}], [{"id": "a", "events": {}}], r"gold\.jsonl:1: 'events' must be a list"),
        ([{"id": "a"}], [{"id": "a", "events": [{"type": "Visit", "participants": []}]}],
         r"gold\.jsonl:1: event 0"),
        ([{"id": "a"}], [{"id": "a", "events": [call("X", "Y", date="28/03/2025")]}],
         r"gold\.jsonl:1: .*date"),
        ([{"id": "a"}, {"id": "a"}], [{"id": "a", "events": []}], r"articles\.jsonl:2: duplicate id"),
        ([{"id": "a"}, {"id": "b"}], [{"id": "a", "events": []}],
         r"no gold line for article id\(s\) \['b'\]"),
        ([{"id": "a"}], [{"id": "a", "events": []}, {"id": "z", "events": []}], r"gold\.jsonl:2: gold id"),
        ([{"id": "a"}], [{"events": []}], r"gold\.jsonl:1: missing or non-string 'id'"),
    ],
)
def test_load_corpus_rejects_bad_input(tmp_path, articles, gold, pattern):
    _write(tmp_path / "articles.jsonl", articles)
    _write(tmp_path / "gold.jsonl", gold)
    with pytest.raises(ValueError, match=pattern):
        load_corpus(tmp_path)


def test_load_corpus_missing_files(tmp_path):
    with pytest.raises(ValueError, match="corpus directory not found"):
        load_corpus(tmp_path / "nope")
    _write(tmp_path / "articles.jsonl", [{"id": "a"}])
    with pytest.raises(ValueError, match=r"gold\.jsonl: file not found"):
        load_corpus(tmp_path)


# ---------------------------------------------------------------- real dev corpus


def _shift(value: str | None, days: int) -> str | None:
    if value is None or len(value) != 10:
        return value
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus not available")
def test_dev_corpus_against_itself_and_shifted():
    articles, gold = load_corpus(DEV)
    assert [a["id"] for a in articles] == list(gold)
    r = score(gold, copy.deepcopy(gold))
    assert (r["precision"], r["recall"], r["f1"], r["strict_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert r["status_agreement"] == r["action_agreement"] == r["rate_agreement"] == 1.0
    assert r["errors"] == []

    shifted = copy.deepcopy(gold)
    for events in shifted.values():
        for ev in events:
            for k in ("date", "after", "before"):
                if k in ev:
                    ev[k] = _shift(ev[k], 3)
    r = score(gold, shifted)
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
    events = [ev for evs in gold.values() for ev in evs]
    undated = [ev for ev in events if ev["date"] is None and not (ev.get("after") or ev.get("before"))]
    month = [ev for ev in events if ev["date"] is not None and len(ev["date"]) == 7]
    dated = len(events) - len(undated) - len(month)
    survivors = len(undated) + len(month)
    # A shifted prediction may still land within a day of a *different* gold event with the same actors
    # (d004, d007: a tariff imposed on the 4th and paused on the 3rd), so allow a handful of such pairs.
    assert survivors <= r["strict_tp"] <= survivors + 10
    wrong = sum(e["kind"] == "wrong_date" for e in r["errors"])
    assert dated - 10 <= wrong <= dated
    assert r["strict_f1"] < 1.0
    assert all(row["strict_f1"] < 1.0 for row in r["by_type"].values())
