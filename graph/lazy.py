"""Public names of a package imported from their modules on first use (PEP 562), so that importing the package
costs nothing: ``graph`` and ``ingest`` declare theirs with it.

>>> get, names = lazy_exports("graph", {"open_store": "storage.store"})
>>> get("open_store").__name__, "open_store" in names()
('open_store', True)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package`` whose public ``name`` lives in
    ``package.exports[name]``; a name once looked up is kept on the package."""

    def get(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def names() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports))

    return get, names
