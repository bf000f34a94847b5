"""One error root: every library error is a DkgError shown by the CLI as one line with its exit code; anything
else is reported as a bug with its traceback in a file; a read command on a store that is not there exits 2."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplomatic_kg.cli import BUG_EXIT_CODE, main
from graph import errors
from graph.errors import DkgError, StoreLocked, StoreNotFound, UsageError
from graph.storage.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def _exception_classes() -> list[tuple[str, str]]:
    found = []
    for folder in ("graph", "ingest", "diplomatic_kg"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Exception", "Mismatch",
                                                                          "Locked", "Pending", "Actor")):
                    found.append((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_error_class_of_the_project_is_a_dkg_error():
    import importlib

    classes = _exception_classes()
    assert len(classes) >= 10
    for path, name in classes:
        module = importlib.import_module(path[:-3].replace("/", "."))
        cls = getattr(module, name)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            continue  # a record named ...Error (ingest.sources.SourceError), not an exception
        assert issubclass(cls, DkgError), f"{path}: {name} is not a graph.errors.DkgError"


def test_errors_keep_their_builtin_bases_and_exit_codes():
    assert issubclass(errors.UnknownActor, ValueError) and issubclass(errors.SandboxError, OSError)
    assert errors.StoreLocked("x").exit_code == 75
    assert errors.SnapshotMismatch("x").exit_code == 3
    assert errors.CurationError("x").exit_code == UsageError("x").exit_code == 2


@pytest.mark.parametrize("command", [["timeline"], ["stats"], ["storyline", "Canada"], ["central"],
                                     ["export", "-o", "out.csv"], ["sparql", "SELECT * { ?s ?p ?o }"]])
def test_a_read_command_on_a_store_that_is_not_there_exits_2_with_one_line(tmp_path, command):
    missing = tmp_path / "no" / "such" / "dir"
    result = CliRunner().invoke(main, [*command, "--store", f"oxigraph:{missing}"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines == [f"Error: no store at {missing} (check --store or $DKG_STORE; `dkg ingest` creates one)"]
    assert not missing.exists()  # nothing created by a read


def test_open_store_raises_store_not_found_unless_missing_ok(tmp_path):
    with pytest.raises(StoreNotFound):
        open_store(f"oxigraph:{tmp_path / 'nothing'}")
    assert open_store(f"oxigraph:{tmp_path / 'nothing'}", missing_ok=True).count_triples() == 0
    (tmp_path / "empty").mkdir()  # a store folder with nothing published yet reads as empty
    assert open_store(f"oxigraph:{tmp_path / 'empty'}").count_triples() == 0


def test_a_library_error_is_one_line_with_its_exit_code(monkeypatch):
    from graph.query import queries

    def locked(store):
        raise StoreLocked("another process is writing to data/store")

    monkeypatch.setattr(queries, "stats", locked)
    result = CliRunner().invoke(main, ["stats", "--store", "memory:"])
    assert result.exit_code == 75
    assert result.output == "Error: another process is writing to data/store\n"


def test_a_usage_error_of_the_library_exits_2():
    result = CliRunner().invoke(main, ["timeline", "--store", "memory:", "--actor", "Nobody Atall"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1


def test_an_unexpected_exception_is_a_bug_with_its_traceback_in_a_file(monkeypatch, tmp_path):
    from graph.query import queries

    def broken(store):
        return {}["triples"]

    monkeypatch.setattr(queries, "stats", broken)
    monkeypatch.setenv("DKG_CRASH_DIR", str(tmp_path / "crashes"))
    result = CliRunner().invoke(main, ["stats", "--store", "memory:"])
    assert result.exit_code == BUG_EXIT_CODE == 70
    assert "this is a bug" in result.output and "KeyError" in result.output
    assert "Traceback" not in result.output
    reports = list((tmp_path / "crashes").glob("dkg-crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in result.output
    text = reports[0].read_text()
    assert "Traceback" in text and "in broken" in text and "stats" in text.splitlines()[0]
