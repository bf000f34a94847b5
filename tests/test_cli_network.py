"""The network commands (dkg related / path / pair / central / communities / ego) as a user runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_network import CARNEY, EU, SHEINBAUM, TRUMP, USA, XI, iri, write_world

from diplomatic_kg.cli import main
from graph.analysis import network
from graph.storage.store import open_store


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    url = f"oxigraph:{tmp_path_factory.mktemp('network') / 'store'}"
    with open_store(url, write=True) as writer:
        write_world(writer)
        writer.publish()
    return url


@pytest.fixture(autouse=True)
def _fresh_projections():
    network.forget_projections()
    yield
    network.forget_projections()


def run(url: str, *args: str) -> tuple[int, str]:
    """(exit code, stdout), or (exit code, stderr) when the command failed."""
    result = CliRunner().invoke(main, [*args, "--store", url])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_related_table_and_json(url):
    code, out = run(url, "related", "Carney")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Mark Carney: 2 counterparts"
    assert lines[3].split()[:4] == ["Donald", "Trump", "person", "2"] and "2025-03-06  2025-03-28" in lines[3]
    assert "Claudia Sheinbaum" in lines[4]
    code, out = run(url, "related", "mark carney", "--json", "--min-sources", "2")
    rows = json.loads(out)
    assert [(r["iri"], r["count"], r["events"]) for r in rows] == [(TRUMP, 1, [iri("call1")])]


def test_related_window_and_type_options(url):
    code, out = run(url, "related", "CAN", "--type", "meeting", "--json")
    assert code == 0 and {r["iri"] for r in json.loads(out)} == {USA, "https://w3id.org/diplomatic-kg/id/actor/FRA", EU}
    code, out = run(url, "related", "Carney", "--from", "2025-04", "--to", "2025-04", "--json")
    assert [r["iri"] for r in json.loads(out)] == [SHEINBAUM]  # --to 2025-04 reaches the end of April
    code, out = run(url, "related", "Canada", "--type", "TariffMeasure")
    assert "imposed 1, received 1" in out


def test_unknown_actor_is_one_line_with_suggestions(url):
    code, out = run(url, "related", "Carny")
    assert code == 2
    assert len(out.strip().splitlines()) == 1
    assert out.startswith("Error: unknown actor 'Carny'; did you mean ") and "Mark Carney" in out


def test_empty_store_says_so(tmp_path):
    (tmp_path / "nothing").mkdir()  # a store with nothing published yet (a missing folder is an error: test_errors)
    code, out = run(f"oxigraph:{tmp_path / 'nothing'}", "related", "Carney")
    assert code == 2 and "the store holds no actors yet" in out
    code, out = run(f"oxigraph:{tmp_path / 'nothing'}", "central")
    assert (code, out.strip()) == (0, "No interactions.")


def test_actor_with_no_events(url):
    code, out = run(url, "related", "Japan")
    assert (code, out.strip()) == (0, "Japan has no interactions.")
    code, out = run(url, "pair", "Japan", "Canada")
    assert (code, out.strip()) == (0, "No interactions between Japan and Canada.")


def test_path_shows_each_hop_with_event_and_source(url):
    code, out = run(url, "path", "Carney", "Xi Jinping")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Mark Carney -> Xi Jinping: 2 hops"
    assert lines[3].split()[:8] == ["1", "Mark", "Carney", "Donald", "Trump", "Call", "2025-03-06", "2"]
    assert "Tariffs and a first call — Test Wire" in lines[3]
    code, out = run(url, "path", "Carney", "China")
    assert (code, out.strip()) == (0, "No chain of interactions links Carney and China.")
    code, out = run(url, "path", "Carney", "Xi Jinping", "--json")
    assert [h["to"]["iri"] for h in json.loads(out)] == [TRUMP, XI]
    code, out = run(url, "path", "Carney", "mark carney")
    assert code == 2 and "given twice" in out


def test_pair_timeline(url):
    code, out = run(url, "pair", "United States", "Canada")
    assert code == 0, out
    assert out.splitlines()[0] == "United States and Canada: 3 interactions (TariffMeasure 2, Summit 1)"
    assert "first contact 2025-03-04" in out
    assert "tariffs: United States on Canada 1, Canada on United States 1" in out
    assert [ln.split()[:2] for ln in out.splitlines() if ln.startswith("2025-0") and len(ln.split()) >= 2][:4] == [
        ["2025-03", "2"], ["2025-04", "0"], ["2025-05", "0"], ["2025-06", "1"]]
    code, out = run(url, "pair", "Carney", "Trump", "--json")
    p = json.loads(out)
    assert (p["a"]["iri"], p["b"]["iri"], p["count"], p["first"]) == (CARNEY, TRUMP, 2, "2025-03-06")


def test_central_communities_ego(url):
    code, out = run(url, "central", "--measure", "degree", "--top", "1")
    assert code == 0, out
    assert out.splitlines()[3].split()[:3] == ["1", "European", "Union"]
    code, out = run(url, "central", "--measure", "betweenness", "--json", "--top", "2")
    assert {r["iri"] for r in json.loads(out)} == {EU, TRUMP}
    code, out = run(url, "communities", "--json")
    assert code == 0 and sum(len(g) for g in json.loads(out)) == 9
    code, out = run(url, "ego", "Carney", "--radius", "1")
    assert code == 0 and out.splitlines()[0] == "Mark Carney: 2 actors within 1 interaction, 3 ties among them"
    code, out = run(url, "ego", "Carney", "--radius", "2", "--json")
    assert {n["id"] for n in json.loads(out)["nodes"]} == {CARNEY, TRUMP, SHEINBAUM, XI}


def test_every_network_command_has_an_example(url):
    for command in ("related", "path", "pair", "central", "communities", "ego"):
        code, out = run(url, command, "--help")
        assert code == 0 and "Example:" in out, command


def test_bad_dates_are_usage_errors(url):
    code, out = run(url, "related", "Carney", "--from", "March")
    assert code == 2 and "is not a date" in out
    code, out = run(url, "related", "Carney", "--from", "2025-05", "--to", "2025-04")
    assert code == 2 and "after it ends" in out
