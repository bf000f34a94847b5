"""Shared fixtures: isolated stores and small articles written for the tests."""

from __future__ import annotations

import pytest

from graph.store import forget_memory_stores


@pytest.fixture(autouse=True)
def _isolated_memory_stores():
    forget_memory_stores()
    yield
    forget_memory_stores()


@pytest.fixture
def store_url(tmp_path) -> str:
    """An on-disk Oxigraph store under the test's temporary folder."""
    return f"oxigraph:{tmp_path / 'store'}"
