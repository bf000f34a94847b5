"""The on-disk writer's background loader (graph/storage/loader.py): same quads as the transactional path, nothing
visible to readers before publish, nothing lost or reported early when a batch fails."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from graph.storage.loader import GraphLoader, LoadError, nquads
from graph.storage.store import StoreError, open_store, to_ox

G = "https://example.org/graph/1"


def _parsed(data: bytes) -> set:
    return set(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _direct(graph: str, triples) -> set:
    g = ox.NamedNode(graph)
    return {ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples}


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from([None, "en", "en-GB", *(URIRef(f"http://www.w3.org/2001/XMLSchema#{t}")
                                                        for t in ("string", "decimal", "date"))]))
def test_nquads_give_the_quads_the_transactional_path_writes(text, kind):
    literal = Literal(text, lang=kind) if isinstance(kind, str) and ":" not in kind else Literal(text, datatype=kind)
    triples = [(URIRef("https://example.org/s"), URIRef("https://example.org/p"), literal),
               (URIRef("https://example.org/s"), URIRef("https://example.org/é?q=1#x"), URIRef("urn:x:1"))]
    out = nquads(G, triples)
    if out is None:  # only text that is not valid Unicode (lone surrogates) takes the other path
        with pytest.raises(UnicodeEncodeError):
            text.encode("utf-8")
        return
    data, n = out
    assert n == 2 and _parsed(data) == _direct(G, triples)


@pytest.mark.parametrize("triple", [
    (BNode(), URIRef("https://example.org/p"), Literal("x")),
    (URIRef("https://example.org/a b"), URIRef("https://example.org/p"), Literal("x")),
    (URIRef("https://exa%mple.org/"), URIRef("https://example.org/p"), Literal("x")),
    (URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("bad \udc80 text")),
])
def test_what_needs_the_full_checks_is_left_to_the_transactional_path(triple):
    assert nquads(G, [triple]) is None


def _triples(tag: str, n: int = 3) -> list[tuple]:
    return [(URIRef(f"https://example.org/{tag}/{i}"), URIRef("https://example.org/p"), Literal(f"{tag} {i}"))
            for i in range(n)]


def test_new_graphs_are_loaded_in_the_background_and_seen_by_the_writer_and_after_publish(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    writer = open_store(url, write=True)
    writer.publish()
    for i in range(5):
        assert writer.replace_graph(URIRef(f"{G}/{i}"), _triples(f"a{i}")) == 3
    assert writer.in_flight(f"{G}/0")
    assert writer.count_triples() == 15  # the writer's own reads wait for the loader
    assert not writer.in_flight(f"{G}/0")
    assert writer.landed() == [f"{G}/{i}" for i in range(5)] and writer.landed() == []

    reader = open_store(url)
    assert reader.count_triples() == 0  # readers see the published checkpoint only
    writer.replace_graph(URIRef(f"{G}/5"), _triples("b"))
    writer.replace_graph(URIRef(f"{G}/5"), _triples("c", 2))  # replacing a graph still in flight
    writer.publish()
    assert reader.count_triples() == 17
    assert {r["o"] for r in reader.select(f"SELECT ?o WHERE {{ GRAPH <{G}/5> {{ ?s ?p ?o }} }}")} == {"c 0", "c 1"}
    writer.close()


class _Failing:
    """An engine whose bulk loader fails, and whose transactional load fails too when ``load_fails``."""

    def __init__(self, load_fails: bool) -> None:
        self.load_fails = load_fails
        self.loaded: list[bytes] = []

    def bulk_load(self, data: bytes, **kw: object) -> None:
        raise OSError("No space left on device")

    def load(self, data: bytes, **kw: object) -> None:
        if self.load_fails:
            raise OSError("No space left on device")
        self.loaded.append(data)


def test_a_failed_batch_is_tried_again_in_one_transaction():
    engine = _Failing(load_fails=False)
    loader = GraphLoader(engine)
    data, n = nquads(G, _triples("a"))
    loader.add(G, data, n)
    loader.settle()
    assert engine.loaded == [data] and loader.landed() == [G]
    loader.close()


def test_a_batch_that_cannot_be_written_stops_every_later_write_and_is_never_reported_landed():
    loader = GraphLoader(_Failing(load_fails=True))
    data, n = nquads(G, _triples("a"))
    loader.add(G, data, n)
    with pytest.raises(LoadError, match="No space left"):
        loader.settle()
    assert loader.in_flight(G) and loader.landed() == []
    with pytest.raises(LoadError):
        loader.add(f"{G}/2", data, n)
    with pytest.raises(LoadError):
        loader.close()


def test_the_store_reports_a_lost_batch_as_one_clear_error_and_does_not_publish(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    writer = open_store(url, write=True)
    writer._loader._engine = _Failing(load_fails=True)  # the disk fills up under the loader
    writer.replace_graph(URIRef(G), _triples("a"))
    with pytest.raises(StoreError, match="could not write a batch of new graphs: No space left"):
        writer.publish()
    with pytest.raises(StoreError):
        writer.close()
    assert open_store(url).published() is None
