"""The one write path (graph.write.writer): the lock, the crash mark, the derived graphs' refresh and publishing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import StoreLocked
from graph.storage.store import open_store
from graph.write import writer as writer_mod
from graph.write.writer import UNPUBLISHED_MARK, WriterSession, writer

INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/e> a dkg:Call } }"


def _root(store_url: str) -> Path:
    return Path(store_url.removeprefix("oxigraph:"))


def test_a_session_publishes_refreshes_and_clears_its_mark(store_url, monkeypatch):
    refreshed = []
    monkeypatch.setattr(writer_mod, "refresh_derived", lambda s: refreshed.append(s.url))
    with writer(store_url) as w:
        w.begin_write()
        assert (_root(store_url) / UNPUBLISHED_MARK).exists()  # while writing, a crash would leave it
        w.store.update(INSERT)
    assert refreshed == [store_url]
    assert not (_root(store_url) / UNPUBLISHED_MARK).exists()
    assert w.checkpoint and (_root(store_url) / "CURRENT").read_text().strip() == w.checkpoint
    assert open_store(store_url).ask("ASK { ?e a dkg:Call }")


def test_a_session_that_dies_leaves_its_mark_and_the_next_one_publishes(store_url, monkeypatch):
    refreshed = []
    monkeypatch.setattr(writer_mod, "refresh_derived", lambda s: refreshed.append(s.url))
    with pytest.raises(RuntimeError), writer(store_url) as w:
        w.begin_write()
        w.store.update(INSERT)
        raise RuntimeError("killed")
    assert (_root(store_url) / UNPUBLISHED_MARK).exists() and refreshed == []
    with writer(store_url) as w:
        assert w.dirty and w.recovered and w.stale
    assert refreshed == [store_url] and not (_root(store_url) / UNPUBLISHED_MARK).exists()
    assert open_store(store_url).ask("ASK { ?e a dkg:Call }")


def test_a_session_with_nothing_to_do_does_not_refresh_or_republish(store_url, monkeypatch):
    with writer(store_url):
        pass  # a new store: published once, so readers find it
    first = (_root(store_url) / "CURRENT").read_text()
    monkeypatch.setattr(writer_mod, "refresh_derived", lambda s: pytest.fail("refreshed for nothing"))
    with writer(store_url) as w:
        pass
    assert w.checkpoint is None and (_root(store_url) / "CURRENT").read_text() == first


def test_a_second_writer_is_refused(store_url):
    with writer(store_url), pytest.raises(StoreLocked), writer(store_url, wait=0.1):
        pass


def test_a_session_needs_a_writable_store(store_url):
    with writer(store_url):
        pass
    with pytest.raises(Exception, match="read-only"):
        WriterSession(open_store(store_url))


def test_a_correction_from_the_cli_is_published_without_a_mark(store_url):
    from click.testing import CliRunner

    from diplomatic_kg.cli import main
    from graph.query import queries

    root = Path(__file__).resolve().parent.parent
    result = CliRunner().invoke(main, ["ingest", str(root / "data" / "samples"), "--store", store_url])
    assert result.exit_code == 0, result.output
    event = queries.matching_events(open_store(store_url), queries.TimelineFilter(types=("Call",)))[0]
    before = (_root(store_url) / "CURRENT").read_text()
    result = CliRunner().invoke(main, ["curate", "reject", event, "--why", "a test", "--by", "tester",
                                       "--store", store_url])
    assert result.exit_code == 0, result.output
    assert not (_root(store_url) / UNPUBLISHED_MARK).exists()
    assert (_root(store_url) / "CURRENT").read_text() != before
    assert event not in queries.matching_events(open_store(store_url), queries.TimelineFilter(types=("Call",)))
