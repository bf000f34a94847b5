"""The parser's matrix products on numpy's OpenBLAS (ingest.syntax.load_model): the same tags and trees as with
thinc's own blis, on one OpenBLAS thread while parsing and the caller's setting restored after. Sentences written
for the test."""

from __future__ import annotations

import pytest
import spacy

from ingest import syntax

SENTENCES = [
    "Prime Minister Mark Carney spoke with President Donald Trump by phone on Tuesday about the steel tariffs.",
    "The two leaders are expected to meet in Ottawa next week, officials said, although no date has been set.",
    "Beijing said it would impose a 15% levy on American coal and liquefied natural gas from Monday.",
    "Will the president raise the duties again if the talks in Geneva fail?",
]


def test_openblas_ops_parse_as_blis_does():
    if syntax._openblas() is None:
        pytest.skip("numpy's BLAS here is not an OpenBLAS that limits its threads: blis is used as before")
    fast = syntax.load_model(syntax.MODEL)
    plain = spacy.load(syntax.MODEL)
    assert isinstance(fast.get_pipe("parser").model.ops, syntax._BlasOps)
    assert not isinstance(plain.get_pipe("parser").model.ops, syntax._BlasOps)
    with syntax.one_blas_thread():
        ours = list(fast.pipe(SENTENCES))
    theirs = list(plain.pipe(SENTENCES))
    for a, b in zip(ours, theirs, strict=True):
        assert [(t.tag_, t.pos_, t.dep_, t.head.i) for t in a] == [(t.tag_, t.pos_, t.dep_, t.head.i) for t in b]


def test_one_blas_thread_while_parsing_and_the_setting_restored():
    lib = syntax._openblas()
    if lib is None:
        pytest.skip("no OpenBLAS with a per-thread setting")
    before = lib.openblas_set_num_threads_local(3)
    try:
        with syntax.one_blas_thread():
            assert lib.openblas_set_num_threads_local(1) == 1
        assert lib.openblas_set_num_threads_local(3) == 3
    finally:
        lib.openblas_set_num_threads_local(before)
