"""Fixtures for every test pytest collects: the suite in tests/ and the docstring examples in graph/ and
ingest/ (``--doctest-modules``, see pyproject.toml)."""

from __future__ import annotations

import pytest

from graph.storage.store import forget_memory_stores


@pytest.fixture(autouse=True)
def _isolated_memory_stores():
    """Each test and each docstring example starts with no ``memory:`` store."""
    forget_memory_stores()
    yield
    forget_memory_stores()
