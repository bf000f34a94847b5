"""Snapshot identifiers: a short name for exactly what the store holds, so that an export can be cited.

The identifier is a digest of the store's content as readers see it: every named graph's recorded
``dkg:contentHash`` (articles, the gazetteer, corrections, storylines: every graph the project writes
records one) and the total number of quads. It depends on the data only, not on where the store lives or
on the checkpoint's name, so two researchers holding the same data get the same identifier, in any process;
any write that readers can see (an article added, replaced or removed, a correction, a new gazetteer)
changes it.

Computing it reads two aggregates (about 3 s at 2.4M quads); for an on-disk store read through its
published checkpoints the answer is kept per checkpoint (in memory and in ``PATH/cache/``), since a
checkpoint never changes.

>>> from graph.storage.store import open_store
>>> SNAPSHOT_PATTERN.match(snapshot_id(open_store("memory:"))) is not None
True
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from graph.errors import SnapshotMismatch, UsageError
from graph.storage.store import Store, parse_store_url

__all__ = ["snapshot_id", "SnapshotMismatch", "check_snapshot", "SNAPSHOT_PATTERN"]

_VERSION = "dkg-snapshot-1"  # part of the digest: a change of recipe gives new identifiers, never a clash
SNAPSHOT_PATTERN = re.compile(r"^kg-[0-9a-f]{20}$")
_MEMO: dict[tuple[str, str], str] = {}




def snapshot_id(store: Store, *, compute: bool = True) -> str | None:
    """The identifier of the data the store holds now: ``kg-`` and 20 hex digits.

    Computing it reads every graph's hash and counts the quads (seconds on a big store); with
    ``compute=False`` only a known identifier is returned (of a checkpoint, from memory or ``PATH/cache/``),
    else None: what a page that must not wait asks.

    Parameters
    ----------
    store : Store
        The store to read.
    compute : bool
        False: only an identifier already known, never computed now.

    Returns
    -------
    str or None
        ``kg-`` and 20 hex digits (None when ``compute`` is False and none is known).

    Examples
    --------
    >>> from graph.storage.store import open_store
    >>> s = open_store("memory:")
    >>> before = snapshot_id(s)
    >>> from rdflib import URIRef, Literal
    >>> _ = s.replace_graph(URIRef("urn:g"), [(URIRef("urn:a"), URIRef("urn:p"), Literal(1))])
    >>> snapshot_id(s) != before
    True
    """
    path = _cache_file(store)
    key = (store.url, path.name if path else "")
    if path is not None:
        if key in _MEMO:
            return _MEMO[key]
        try:
            found = path.read_text(encoding="ascii").strip()
            if SNAPSHOT_PATTERN.match(found):
                _MEMO[key] = found
                return found
        except OSError:
            pass
    if not compute:
        return None
    value = _compute(store)
    if path is not None:
        _MEMO[key] = value
        _write(path, value)
    return value


def _compute(store: Store) -> str:
    h = hashlib.sha256(_VERSION.encode())
    for graph, digest in sorted(store.graph_hashes().items()):
        h.update(f"\n{graph}\t{digest}".encode())
    h.update(f"\nquads\t{store.count_triples()}".encode())
    return "kg-" + h.hexdigest()[:20]


def _cache_file(store: Store) -> Path | None:
    """Where a read-only on-disk store keeps the identifier of its current checkpoint (None elsewhere:
    a writable or in-memory store can change under the same name)."""
    scheme, location = parse_store_url(store.url)
    if scheme != "oxigraph" or store.writable:
        return None
    state = store.state_id()
    if not state or state == "empty":
        return None
    return Path(location) / "cache" / f"snapshot-{state}.txt"


def _write(path: Path, value: str) -> None:
    """Keep the identifier next to the store (atomically); a read-only location is silently skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(value + "\n", encoding="ascii")
        os.replace(tmp, path)
        for old in path.parent.glob("snapshot-*.txt"):  # superseded checkpoints
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def check_snapshot(store: Store, expected: str) -> str:
    """The store's snapshot identifier, or SnapshotMismatch when it is not ``expected``.

    >>> from graph.storage.store import open_store
    >>> try:
    ...     check_snapshot(open_store("memory:"), "kg-00000000000000000000")
    ... except SnapshotMismatch as e:
    ...     print(str(e).split(" (")[0])
    the store has changed since snapshot kg-00000000000000000000
    """
    expected = expected.strip()
    if not SNAPSHOT_PATTERN.match(expected):
        raise UsageError(f"{expected!r} is not a snapshot identifier (they look like kg-1a2b3c4d5e6f7a8b9c0d)")
    current = snapshot_id(store)
    if current != expected:
        raise SnapshotMismatch(f"the store has changed since snapshot {expected} (it now holds {current}): "
                               "an export now would not be what was cited")
    return current
