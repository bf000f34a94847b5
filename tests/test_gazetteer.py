"""Checks on the actor gazetteer data/actors.json (plain json + stdlib; no project imports)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GAZETTEER = REPO / "data" / "actors.json"
DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"

ROLES = {
    "head_of_state",
    "head_of_government",
    "head_of_state_and_government",
    "vice_president",
    "foreign_minister",
    "trade_minister",
    "finance_minister",
    "defence_minister",
    "national_security_adviser",
    "envoy",
    "intelligence_chief",
    "provincial_premier",
    "commission_president",
    "council_president",
    "high_representative",
    "trade_commissioner",
    "secretary_general",
    "crown_prince",
    "other",
}
# Roles that only one person holds at a time for a given country, organisation (or province).
EXCLUSIVE_ROLES = {
    "head_of_state",
    "head_of_government",
    "head_of_state_and_government",
    "vice_president",
    "foreign_minister",
    "provincial_premier",
    "commission_president",
    "council_president",
    "high_representative",
    "secretary_general",
    "crown_prince",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")


@pytest.fixture(scope="module")
def gaz() -> dict:
    with GAZETTEER.open(encoding="utf-8") as fh:
        return json.load(fh)


def entries(gaz: dict):
    for kind in ("countries", "organisations", "people"):
        for entry in gaz[kind]:
            yield kind, entry


def fold(text: str) -> str:
    """Case- and accent-insensitive key for a surface form."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'")
    return " ".join(text.casefold().split())


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def parse_date(value):
    return None if value is None else dt.date.fromisoformat(value)


def surface_forms(entry: dict):
    yield "name", entry["name"]
    for field in ("aliases", "demonyms", "metonyms"):
        for form in entry.get(field, []):
            yield field, form


def holders(gaz: dict, scope: str, role: str, on: str) -> list[str]:
    """People holding `role` for a country/organisation id on a date (both ends inclusive)."""
    day = dt.date.fromisoformat(on)
    found = []
    for person in gaz["people"]:
        for office in person["offices"]:
            if office["role"] != role or scope not in (office.get("country"), office.get("organisation")):
                continue
            start, end = parse_date(office["start"]), parse_date(office["end"])
            if start <= day and (end is None or day <= end):
                found.append(person["id"])
    return found


# ----------------------------------------------------------------------------------------- structure


def test_file_loads_with_expected_sections(gaz):
    assert isinstance(gaz["version"], str) and gaz["version"]
    assert len(gaz["countries"]) >= 190
    assert len(gaz["organisations"]) >= 15
    assert len(gaz["people"]) >= 150


def test_file_is_utf8_and_pretty_printed():
    raw = GAZETTEER.read_bytes()
    text = raw.decode("utf-8")
    assert text.count("\n") > 1000, "expected an indented, multi-line file"
    assert "\\u00" not in text, "non-ASCII characters should be written as UTF-8, not escaped"


def test_every_entry_has_the_common_fields(gaz):
    for kind, entry in entries(gaz):
        assert isinstance(entry["id"], str) and entry["id"], (kind, entry)
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"] != "", entry["id"]
        assert entry["wikidata"] is None or QID.match(entry["wikidata"]), entry["id"]
        for field in ("aliases",) + (("demonyms", "metonyms") if kind != "people" else ()):
            assert isinstance(entry[field], list), (entry["id"], field)
            for form in entry[field]:
                assert isinstance(form, str) and form.strip() == form != "", (entry["id"], field, form)


def test_ids_are_unique(gaz):
    seen = defaultdict(list)
    for kind, entry in entries(gaz):
        seen[entry["id"]].append(kind)
    dupes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dupes, dupes


def test_wikidata_ids_are_not_shared(gaz):
    seen = defaultdict(list)
    for _, entry in entries(gaz):
        if entry["wikidata"]:
            seen[entry["wikidata"]].append(entry["id"])
    dupes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dupes, dupes


def test_country_codes(gaz):
    iso2 = defaultdict(list)
    for country in gaz["countries"]:
        assert re.fullmatch(r"[A-Z]{3}", country["id"]), country["id"]
        assert re.fullmatch(r"[A-Z]{2}", country["iso2"]), country["id"]
        iso2[country["iso2"]].append(country["id"])
    assert not {k: v for k, v in iso2.items() if len(v) > 1}


def test_organisation_ids_and_members(gaz):
    country_ids = {c["id"] for c in gaz["countries"]}
    org_ids = {o["id"] for o in gaz["organisations"]}
    for org in gaz["organisations"]:
        assert re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", org["id"]), org["id"]
        assert isinstance(org["kind"], str) and org["kind"], org["id"]
        members = org.get("members", [])
        assert len(members) == len(set(members)), f"{org['id']}: duplicate members"
        assert set(members) <= country_ids, (org["id"], set(members) - country_ids)
        assert set(org.get("member_organisations", [])) <= org_ids, org["id"]


def test_people_ids_are_slugs_of_their_names(gaz):
    for person in gaz["people"]:
        assert SLUG.match(person["id"]), person["id"]
        assert person["id"] == slugify(person["name"]), (person["id"], person["name"])
        assert person["offices"], f"{person['id']} has no office"


def test_every_person_has_a_gender_for_pronouns(gaz):
    # he/she resolve to the latest person of that gender (ingest.mentions)
    assert {p["id"] for p in gaz["people"] if p.get("gender") not in ("female", "male")} == set()
    assert next(p["gender"] for p in gaz["people"] if p["id"] == "ursula-von-der-leyen") == "female"


def test_offices_are_well_formed(gaz):
    country_ids = {c["id"] for c in gaz["countries"]}
    org_ids = {o["id"] for o in gaz["organisations"]}
    for person in gaz["people"]:
        for office in person["offices"]:
            where = f"{person['id']}: {office.get('title')}"
            assert isinstance(office["title"], str) and office["title"], where
            assert office["role"] in ROLES, where
            assert office["titles"], where
            for title in office["titles"]:
                assert title == title.lower().strip() and title, (where, title)
            scopes = [k for k in ("country", "organisation") if office.get(k)]
            assert len(scopes) == 1, f"{where}: needs exactly one of country/organisation"
            if "country" in scopes:
                assert office["country"] in country_ids, where
            else:
                assert office["organisation"] in org_ids, where
            assert office["start"] is not None, f"{where}: start date missing"
            start, end = parse_date(office["start"]), parse_date(office["end"])
            assert end is None or start <= end, where
            for day in (start, end):
                assert day is None or dt.date(1960, 1, 1) <= day <= dt.date(2026, 1, 1), where
            if office["role"] == "provincial_premier":
                assert office.get("province"), where
                assert office.get("country"), where


def test_exclusive_offices_do_not_overlap(gaz):
    terms = defaultdict(list)
    for person in gaz["people"]:
        for office in person["offices"]:
            if office["role"] not in EXCLUSIVE_ROLES:
                continue
            scope = office.get("country") or office.get("organisation")
            key = (scope, office["role"], office.get("province"))
            start = parse_date(office["start"])
            end = parse_date(office["end"]) or dt.date.max
            terms[key].append((start, end, person["id"]))
    for key, spans in terms.items():
        spans.sort()
        for (s1, e1, p1), (s2, e2, p2) in pairwise(spans):
            assert e1 <= s2, f"{key}: {p1} ({s1}..{e1}) overlaps {p2} ({s2}..{e2})"


# ------------------------------------------------------------------------------------ surface forms


def test_surface_forms_belong_to_one_entry(gaz):
    owners = defaultdict(set)
    for _, entry in entries(gaz):
        for _field, form in surface_forms(entry):
            owners[fold(form)].add(entry["id"])
    clashes = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not clashes, clashes


def test_no_alias_is_a_name_token_of_another_person(gaz):
    """A one-word alias ("Wang", "Kim", "Harris") must not be part of another person's name."""
    tokens = defaultdict(set)
    for person in gaz["people"]:
        for token in fold(person["name"]).split():
            tokens[token].add(person["id"])
    bad = []
    for person in gaz["people"]:
        for alias in person["aliases"]:
            key = fold(alias)
            if " " not in key and tokens.get(key, set()) - {person["id"]}:
                bad.append((person["id"], alias, sorted(tokens[key] - {person["id"]})))
    assert not bad, bad


def test_known_surface_forms_resolve(gaz):
    index = {}
    for _, entry in entries(gaz):
        for _field, form in surface_forms(entry):
            index[fold(form)] = entry["id"]
    expected = {
        "U.S.": "USA",
        "America": "USA",
        "Washington": "USA",
        "the White House": "USA",
        "American": "USA",
        "Britain": "GBR",
        "UK": "GBR",
        "Downing Street": "GBR",
        "Ottawa": "CAN",
        "Canadian": "CAN",
        "Beijing": "CHN",
        "Chinese": "CHN",
        "the Kremlin": "RUS",
        "Kyiv": "UKR",
        "Brussels": "EU",
        "the bloc": "EU",
        "Élysée": "FRA",
        "Tokyo": "JPN",
        "New Delhi": "IND",
        "Mexico City": "MEX",
        "Türkiye": "TUR",
        "UAE": "ARE",
        "Carney": "mark-carney",
        "MBS": "mohammed-bin-salman",
        "Šefčovič": "maros-sefcovic",
        "Sefcovic": "maros-sefcovic",
        "Zelenskyy": "volodymyr-zelensky",
        "Xi": "xi-jinping",
        "Ford": "doug-ford",
        "Gulf Cooperation Council": "GCC",
        "Quad": "QUAD",
    }
    wrong = {
        form: (index.get(fold(form)), want)
        for form, want in expected.items()
        if index.get(fold(form)) != want
    }
    assert not wrong, wrong


def test_shared_surnames_are_not_aliases(gaz):
    for name in ("Wang", "Li", "Kim", "Lee", "Han", "Cho", "Harris", "Clinton", "Assad", "Al Thani", "Wong"):
        owners = [p["id"] for p in gaz["people"] if fold(name) in {fold(a) for a in p["aliases"]}]
        assert not owners, (name, owners)


# ----------------------------------------------------------------------------------- known facts


def test_well_known_country_ids(gaz):
    by_id = {c["id"]: c for c in gaz["countries"]}
    expected = {
        "CAN": "Q16",
        "USA": "Q30",
        "CHN": "Q148",
        "MEX": "Q96",
        "GBR": "Q145",
        "FRA": "Q142",
        "DEU": "Q183",
        "JPN": "Q17",
        "IND": "Q668",
        "RUS": "Q159",
        "UKR": "Q212",
        "ISR": "Q801",
        "IRN": "Q794",
        "SAU": "Q851",
    }
    for iso3, qid in expected.items():
        assert by_id[iso3]["wikidata"] == qid, iso3
    assert by_id["USA"]["name"] == "United States" and by_id["GBR"]["name"] == "United Kingdom"
    assert by_id["USA"]["iso2"] == "US" and by_id["GBR"]["iso2"] == "GB"


@pytest.mark.parametrize(
    "scope,role,day,expected",
    [
        ("USA", "head_of_state_and_government", "2024-06-01", "joe-biden"),
        ("USA", "head_of_state_and_government", "2025-03-01", "donald-trump"),
        ("USA", "foreign_minister", "2025-02-01", "marco-rubio"),
        ("CAN", "head_of_government", "2025-01-15", "justin-trudeau"),
        ("CAN", "head_of_government", "2025-04-01", "mark-carney"),
        ("CAN", "foreign_minister", "2025-04-01", "melanie-joly"),
        ("CAN", "foreign_minister", "2025-06-01", "anita-anand"),
        ("MEX", "head_of_state_and_government", "2025-02-01", "claudia-sheinbaum"),
        ("GBR", "head_of_government", "2024-06-01", "rishi-sunak"),
        ("GBR", "head_of_government", "2025-06-01", "keir-starmer"),
        ("GBR", "foreign_minister", "2025-10-01", "yvette-cooper"),
        ("JPN", "head_of_government", "2024-06-01", "fumio-kishida"),
        ("JPN", "head_of_government", "2025-05-01", "shigeru-ishiba"),
        ("JPN", "head_of_government", "2025-11-01", "sanae-takaichi"),
        ("DEU", "head_of_government", "2025-02-01", "olaf-scholz"),
        ("DEU", "head_of_government", "2025-06-01", "friedrich-merz"),
        ("KOR", "head_of_state", "2024-06-01", "yoon-suk-yeol"),
        ("CHN", "head_of_state", "2025-06-01", "xi-jinping"),
        ("NATO", "secretary_general", "2024-06-01", "jens-stoltenberg"),
        ("NATO", "secretary_general", "2025-06-01", "mark-rutte"),
        ("EU", "trade_commissioner", "2025-06-01", "maros-sefcovic"),
    ],
)
def test_office_holder_on_date(gaz, scope, role, day, expected):
    assert holders(gaz, scope, role, day) == [expected]


def test_doug_ford_is_premier_of_ontario(gaz):
    ford = next(p for p in gaz["people"] if p["id"] == "doug-ford")
    (office,) = ford["offices"]
    assert (office["role"], office["country"], office["province"]) == ("provincial_premier", "CAN", "Ontario")
    assert "premier" in office["titles"]


# ----------------------------------------------------------------------------------- gold corpus


def test_every_gold_actor_is_a_gazetteer_name(gaz):
    gold = DEV_CORPUS / "gold.jsonl"
    if not gold.exists():
        pytest.skip(f"dev corpus not found at {DEV_CORPUS}")
    names = {entry["name"] for _, entry in entries(gaz)}
    missing = set()
    with gold.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            for event in json.loads(line)["events"]:
                actors = list(event.get("participants") or [])
                actors += [event.get(k) for k in ("imposer", "target") if event.get(k)]
                missing.update(a for a in actors if a not in names)
    assert not missing, sorted(missing)
