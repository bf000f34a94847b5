"""The walking skeleton end to end: the samples in, the required events out through SPARQL, SHACL-valid
graphs, idempotent re-ingest, edited articles replacing only their own graph, broken files reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from diplomatic_kg.cli import main
from graph.namespaces import ACTORS_GRAPH
from graph.storage.store import open_store
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
TRUMP, CARNEY = "actor:donald-trump", "actor:mark-carney"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    url = f"oxigraph:{tmp_path_factory.mktemp('samples') / 'store'}"
    report = ingest_paths([SAMPLES], url)
    assert report.ok, report.failed
    return open_store(url)


def test_call_between_trump_and_carney_on_march_28(sample_store):
    assert sample_store.ask(f"""ASK {{ ?e a dkg:Call ; dkg:participant {TRUMP}, {CARNEY} ;
        dkg:date "2025-03-28"^^xsd:date ; dkg:status "occurred" }}""")


def test_the_call_is_one_node_with_several_sources(sample_store):
    rows = sample_store.select(f"""SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        GRAPH ?g {{ ?e a dkg:Call ; dkg:participant {TRUMP}, {CARNEY} ; dkg:date "2025-03-28"^^xsd:date }} }}
        GROUP BY ?e""")
    assert len(rows) == 1 and rows[0]["n"] >= 3


def test_planned_meeting_not_before_the_election(sample_store):
    assert sample_store.ask(f"""ASK {{ ?e a dkg:Meeting ; dkg:participant {TRUMP}, {CARNEY} ;
        dkg:status "planned" .
        OPTIONAL {{ ?e dkg:date ?d }} OPTIONAL {{ ?e dkg:notBefore ?nb }}
        FILTER(COALESCE(?nb, ?d) >= "2025-04-28"^^xsd:date) }}""")


def test_us_tariff_of_25_percent_on_vehicles(sample_store):
    assert sample_store.ask("""ASK { ?e a dkg:TariffMeasure ; dkg:imposer actor:USA ; dkg:rate ?r ; dkg:goods ?g .
        FILTER(?r = 25 && REGEX(?g, "vehicle|car|auto", "i")) }""")


def test_threatened_us_tariff_against_canada(sample_store):
    assert sample_store.ask("""ASK { ?e a dkg:TariffMeasure ; dkg:imposer actor:USA ; dkg:target actor:CAN ;
        dkg:status "threatened" }""")


def test_every_event_has_evidence_and_article(sample_store):
    missing = sample_store.select("""SELECT ?e WHERE { GRAPH ?g { ?e a dkg:Event }
        FILTER NOT EXISTS { GRAPH ?g { ?e prov:wasDerivedFrom ?g ; dkg:evidence ?s } } }""")
    assert missing == []


def test_article_graphs_conform_to_the_shapes(sample_store):
    from pyshacl import validate

    shapes = Graph().parse(ROOT / "ontology.ttl", format="turtle")
    ds = Dataset()
    ds.parse(data=sample_store.dump("nquads"), format="nquads")
    actors = ds.graph(ACTORS_GRAPH)
    graphs = [g for g in ds.graphs() if g.identifier != ACTORS_GRAPH and len(g)]
    assert len(graphs) >= 10
    for g in graphs:
        data = Graph()
        for t in g:
            data.add(t)
        for t in actors:
            data.add(t)
        conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=shapes, inference="none")
        assert conforms, f"{g.identifier}:\n{text}"


def test_shapes_catch_a_broken_event():
    from pyshacl import validate

    shapes = Graph().parse(ROOT / "ontology.ttl", format="turtle")
    bad = Graph().parse(data="""
        @prefix dkg: <https://w3id.org/diplomatic-kg/ontology#> .
        <urn:e> a dkg:TariffMeasure ; dkg:status "maybe" ; dkg:tariffAction "imposed" .""", format="turtle")
    conforms, _, _ = validate(bad, shacl_graph=shapes, inference="none")
    assert not conforms


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


ARTICLE_A = """Leaders speak by phone
published: 2025-03-29T08:00:00-04:00
source: Test Wire

OTTAWA — Prime Minister Mark Carney spoke by phone with President Donald Trump on Friday.
"""
ARTICLE_B = """Mexico call
published: 2025-02-03T18:00:00-06:00

President Claudia Sheinbaum spoke with President Donald Trump on Monday morning by phone.
"""


def test_reingest_is_idempotent_and_an_edit_replaces_only_its_graph(tmp_path, store_url):
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "a.txt", ARTICLE_A)
    _write(src / "b.txt", ARTICLE_B)
    first = ingest_paths([src], store_url)
    assert (first.new, first.unchanged) == (2, 0)
    before = open_store(store_url).dump("nquads")
    second = ingest_paths([src], store_url)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    assert open_store(store_url).dump("nquads") == before

    _write(src / "a.txt", ARTICLE_A.replace("on Friday", "on Thursday"))
    third = ingest_paths([src], store_url)
    assert (third.new, third.updated, third.unchanged) == (0, 1, 1)
    after = open_store(store_url).dump("nquads").decode()
    b_lines = {line for line in before.decode().splitlines() if "Sheinbaum" in line or "2025-02-03" in line}
    assert b_lines and b_lines <= set(after.splitlines())  # article B untouched
    store = open_store(store_url)
    dates = {r["d"] for r in store.select(f"SELECT ?d WHERE {{ ?e dkg:participant {CARNEY} ; dkg:date ?d }}")}
    assert dates == {"2025-03-27"}  # the old Friday call went with the old version of the graph


def test_broken_files_are_reported_and_good_ones_kept(tmp_path, store_url):
    src = tmp_path / "mixed"
    src.mkdir()
    _write(src / "good.txt", ARTICLE_A)
    (src / "good.jsonl").write_text(
        '{"id": "j1", "title": "Call", "published": "2025-02-03", "text": "Claudia Sheinbaum spoke with '
        'Donald Trump by phone on Monday."}\n{not json\n', encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (src / "bad.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (src / "latin1.md").write_bytes("Titre\n\nCaf\xe9".encode("latin-1"))
    (src / "future.json").write_text('{"title": "x", "published": "3000-01-01", "text": "Trump spoke."}')
    result = CliRunner().invoke(main, ["ingest", str(src), "--store", store_url])
    assert result.exit_code == 1, result.output
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("bad.json", "malformed JSON"),
                         ("latin1.md", "UTF-8"), ("good.jsonl:2", "malformed JSON"), ("future.json", "3000")]:
        assert any(name in line and reason in line for line in out.splitlines()), (name, out)
    store = open_store(store_url)
    titles = {r["t"] for r in store.select("SELECT ?t WHERE { ?a a dkg:Article ; schema:headline ?t }")}
    assert titles == {"Leaders speak by phone", "Call"}
    assert "2 new" in result.output and "6 failed" in result.output


def test_cli_demo_and_queries(tmp_path, monkeypatch):
    url = f"oxigraph:{tmp_path / 'demo'}"
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--no-app", "--store", url])
    assert result.exit_code == 0, result.output
    assert "Donald Trump, Mark Carney" in result.output and "2025-03-28" in result.output
    result = runner.invoke(main, ["timeline", "--store", url, "--actor", "mark carney", "--type", "Call",
                                  "--from", "2025-03-28", "--to", "2025-03-28", "--format", "json"])
    assert result.exit_code == 0 and '"2025-03-28"' in result.output
    result = runner.invoke(main, ["timeline", "--store", url, "--actor", "Carnie"])
    assert result.exit_code == 2 and "Mark Carney" in result.output
    result = runner.invoke(main, ["sparql", "--store", url, "--format", "csv",
                                  "SELECT (COUNT(*) AS ?n) WHERE { ?e a dkg:Call }"])
    assert result.exit_code == 0 and result.output.splitlines()[0] == "n"
    result = runner.invoke(main, ["sparql", "--store", url, "SELECT ?x WHERE {"])
    assert result.exit_code == 2 and "malformed SPARQL" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["stats", "--store", url, "--json"])
    assert result.exit_code == 0 and '"articles": 13' in result.output
    for fmt in ("trig", "nquads", "turtle", "jsonld"):
        result = runner.invoke(main, ["export", "--store", url, "--format", fmt, "-o", str(tmp_path / f"x.{fmt}")])
        assert result.exit_code == 0 and (tmp_path / f"x.{fmt}").stat().st_size > 1000


def test_help_of_every_command_ends_with_an_example():
    runner = CliRunner()
    for name, command in main.commands.items():
        text = runner.invoke(main, [name, "--help"]).output
        assert "Example" in text, name
        for sub in getattr(command, "commands", {}):  # groups: dkg curate fix, ...
            text = runner.invoke(main, [name, sub, "--help"]).output
            assert "Example" in text, f"{name} {sub}"


def test_samples_folder_is_copyable(tmp_path):
    # the samples are self-contained: copying them elsewhere and ingesting works the same way
    dest = tmp_path / "copy"
    shutil.copytree(SAMPLES, dest)
    report = ingest_paths([dest], "memory:")
    assert report.ok and report.new == 13
