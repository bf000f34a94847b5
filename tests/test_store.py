"""The store: transactions per graph, the writer lock, checkpoints followed by readers."""

from __future__ import annotations

import multiprocessing
import time

import pytest
from rdflib import Literal, URIRef

from graph.storage.store import QueryError, StoreError, StoreLocked, open_store, parse_store_url

G1, G2 = URIRef("urn:test:g1"), URIRef("urn:test:g2")
P = URIRef("urn:test:p")


def triples(n: int, tag: str):
    return [(URIRef(f"urn:test:s{i}"), P, Literal(f"{tag}{i}")) for i in range(n)]


def test_replace_graph_replaces_only_its_graph():
    s = open_store("memory:")
    s.replace_graph(G1, triples(3, "a"))
    s.replace_graph(G2, triples(2, "b"))
    s.replace_graph(G1, triples(1, "c"))
    rows = s.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?o")
    assert [(r["g"], r["o"]) for r in rows] == [(str(G1), "c0"), (str(G2), "b0"), (str(G2), "b1")]
    assert s.count_triples() == 3


def test_default_graph_is_the_union_and_values_are_plain_python():
    s = open_store("memory:")
    s.replace_graph(G1, [(URIRef("urn:x"), P, Literal(25))])
    s.replace_graph(G2, [(URIRef("urn:x"), P, Literal(2.5))])
    values = sorted(r["o"] for r in s.select("SELECT ?o WHERE { <urn:x> <urn:test:p> ?o }"))
    assert values == [2.5, 25]


def test_bindings_fix_a_projected_variable_without_touching_the_query():
    s = open_store("memory:")
    s.replace_graph(G1, triples(3, "a"))
    hostile = 'a0" } ; DROP ALL ; SELECT * { "'
    assert s.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": hostile}) == []
    assert len(s.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": "a1"})) == 1
    assert s.count_triples() == 3


def test_malformed_query_is_a_clear_error():
    s = open_store("memory:")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        s.select("SELECT ?x WHERE {")


def test_unknown_store_url():
    with pytest.raises(StoreError, match="unknown store URL"):
        parse_store_url("ftp://example.org")


def test_reader_sees_published_checkpoints_only(store_url):
    writer = open_store(store_url, write=True)
    reader = open_store(store_url)
    assert reader.count_triples() == 0  # nothing published yet: empty, not an error
    writer.replace_graph(G1, triples(2, "a"))
    assert reader.count_triples() == 0
    first = writer.publish()
    assert reader.count_triples() == 2 and reader.state_id() == first
    writer.replace_graph(G2, triples(3, "b"))
    second = writer.publish()
    assert second != first
    assert reader.count_triples() == 5  # the reader followed CURRENT without being reopened
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G1, [])
    writer.close()


def _hold_lock(url: str, seconds: float, ready) -> None:
    with open_store(url, write=True):
        ready.set()
        time.sleep(seconds)


def test_second_writer_waits_then_gives_up(store_url):
    ctx = multiprocessing.get_context("spawn")  # forking a process that holds RocksDB threads can deadlock
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(store_url, 1.5, ready))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        with pytest.raises(StoreLocked, match="another process is writing"):
            open_store(store_url, write=True, wait=0.3)
        assert 0.25 <= time.monotonic() - started < 1.4
        with open_store(store_url, write=True, wait=10) as s:  # waits for the holder to finish
            assert s.writable
    finally:
        holder.join(10)


def test_dump_formats_parse_back():
    from rdflib import Dataset, Graph

    s = open_store("memory:")
    s.replace_graph(G1, triples(2, "a"))
    ds = Dataset()
    ds.parse(data=s.dump("trig"), format="trig")
    assert {(str(g), str(o)) for _, _, o, g in ds.quads()} == {(str(G1), "a0"), (str(G1), "a1")}
    assert len(Graph().parse(data=s.dump("turtle"), format="turtle")) == 2


def test_select_elsewhere_runs_in_a_helper_process_on_disk_stores(tmp_path):
    query = "SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o"
    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url, write=True) as writer:
        writer.replace_graph(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal(n)) for n in (1, 2)])
        job = writer.select_elsewhere(query)  # on a private copy of the store as it is, removed afterwards
        assert job.result() == writer.query_serialized(query, "csv")[1]
        assert not list((tmp_path / "store" / "cache").glob("select-*"))
        writer.publish()
    reader = open_store(url)  # on its published checkpoint
    assert reader.select_elsewhere(query).result() == reader.query_serialized(query, "csv")[1]
    assert open_store("memory:").select_elsewhere(query).result() is None  # the caller runs it itself
