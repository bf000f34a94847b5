"""Shared fixtures: isolated stores and small articles written for the tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def store_url(tmp_path) -> str:
    """An on-disk Oxigraph store under the test's temporary folder."""
    return f"oxigraph:{tmp_path / 'store'}"
