"""The one write path: ``with writer(store_url) as w: ...`` for every process that changes the store.

A writer session holds the store's writer lock (:func:`graph.storage.store.open_store` with ``write=True``), marks the
store as holding unpublished writes before the first write (the mark, ``PATH/unpublished``, survives a crash, so
the next session knows a previous one died before publishing and publishes), and on a clean exit refreshes what
is derived from the events (storylines, affiliations and codes: :func:`refresh_derived`) and publishes a
checkpoint, which removes the mark. ``dkg ingest``, the dashboard's Ingest page, ``dkg curate`` and the
dashboard's corrections all write through it, so each leaves the store published and unmarked.

>>> from graph.storage.store import open_store
>>> with writer(open_store("memory:")) as w:
...     w.begin_write()
...     w.store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> a dkg:Call } }")
>>> w.dirty, w.checkpoint is None  # published (a memory: store has no checkpoints to name)
(False, True)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.analysis.storylines import refresh_storylines
from graph.query.coding import refresh_coding
from graph.storage.store import Store, StoreError, open_store, parse_store_url

__all__ = ["CHECKPOINT_EVERY_S", "UNPUBLISHED_MARK", "WriterSession", "refresh_derived", "writer"]

CHECKPOINT_EVERY_S = 300.0
"""A long session publishes what it has this often, so readers see progress ($DKG_CHECKPOINT_EVERY overrides)."""
UNPUBLISHED_MARK = "unpublished"
"""The file beside an on-disk store that exists while it holds writes no checkpoint has published yet."""


def refresh_derived(store: Store) -> None:
    """Recompute what is derived from the events: storylines, then affiliations and CAMEO / PLOVER codes.

    Cheap when nothing changed (each compares hashes and writes only what differs). A writer session calls it
    when it ends; call it yourself only on a store written without one.

    Parameters
    ----------
    store : Store
        A writable store.

    Examples
    --------
    >>> from graph.example import example_store
    >>> from graph.namespaces import STORYLINES_GRAPH
    >>> store = example_store()
    >>> refresh_derived(store)
    >>> store.ask(f"ASK {{ GRAPH {STORYLINES_GRAPH.n3()} {{ ?event dkg:inStoryline ?s }} }}")
    True
    """
    refresh_storylines(store)
    refresh_coding(store)


def unpublished_mark(store: Store) -> Path | None:
    """The crash mark's path for an on-disk store, else None (memory: and remote stores have none)."""
    scheme, location = parse_store_url(store.url)
    return Path(location) / UNPUBLISHED_MARK if scheme == "oxigraph" else None


def _checkpoint_every() -> float:
    try:
        return float(os.environ.get("DKG_CHECKPOINT_EVERY", CHECKPOINT_EVERY_S))
    except ValueError:
        return CHECKPOINT_EVERY_S


class WriterSession:
    """The writer's state over an open writable store: unpublished writes, stale derived graphs, checkpoints.

    Most code gets one from :func:`writer`; ingest and curation take one to write through.

    Parameters
    ----------
    store : Store
        A store opened for writing.

    Attributes
    ----------
    dirty : bool
        The store holds writes no checkpoint has published (also when a previous session died before
        publishing, as its mark says).
    stale : bool
        Events changed since the derived graphs were last refreshed.
    checkpoint : str or None
        The name of the last checkpoint this session published.

    Examples
    --------
    >>> from graph.storage.store import open_store
    >>> session = WriterSession(open_store("memory:"))
    >>> session.begin_write()
    >>> session.dirty, session.stale
    (True, True)
    >>> session.finish()  # refreshes the storylines and coding, then publishes
    >>> session.dirty, session.stale
    (False, False)
    """

    def __init__(self, store: Store) -> None:
        if not store.writable:
            raise StoreError(f"{store.url} is open read-only; a writer session needs open_store(url, write=True)")
        self.store = store
        self._mark = unpublished_mark(store)
        self.dirty = bool(self._mark and self._mark.exists())  # a previous session died before publishing
        self.recovered = self.dirty
        self.stale = self.dirty  # its derived graphs may lag behind its events too
        self.checkpoint: str | None = None
        self.published_once = False
        self._last_publish = time.monotonic()

    def begin_write(self, *, derived: bool = True) -> None:
        """Call before writing: marks the store as holding unpublished writes (the mark survives a crash).

        ``derived=False``: this write keeps the derived graphs current itself (graph.write.curation refreshes them
        after each correction), so the session need not refresh them again.
        """
        if not self.dirty:
            if self._mark is not None:
                self._mark.touch()
            self.dirty = True
        self.stale = self.stale or derived

    def refresh(self) -> None:
        """Refresh the derived graphs now (storylines, coding), as an unpublished write."""
        self.begin_write(derived=False)
        refresh_derived(self.store)
        self.stale = False

    def publish(self) -> str | None:
        """Publish a checkpoint of what is written now and clear the crash mark; returns its name."""
        self.checkpoint = self.store.publish()
        self.published_once = True
        if self._mark is not None:
            self._mark.unlink(missing_ok=True)
        self.dirty = False
        self._last_publish = time.monotonic()
        return self.checkpoint

    def publish_if_due(self) -> bool:
        """Publish when there are unpublished writes and the last checkpoint is older than CHECKPOINT_EVERY_S."""
        if self.dirty and time.monotonic() - self._last_publish > _checkpoint_every():
            self.publish()
            return True
        return False

    def finish(self, warn: Callable[[str], None] | None = None) -> None:
        """End of the session's work: refresh the derived graphs if events changed, then publish if anything
        is unpublished (or the store was never published). A failed refresh is a warning (``warn``), not a
        lost run: the events are published and the next session refreshes."""
        self.store.wait_for_writes()
        if self.stale:
            try:
                self.refresh()
            except StoreError as e:
                if warn is None:
                    raise
                warn(f"storylines and coding not refreshed: {e}")
        if self.dirty or self.store.published() is None:
            self.publish()


@contextmanager
def writer(store: str | Store | None = None, *, wait: float = 0.0) -> Iterator[WriterSession]:
    """A writer session on ``store``: the one way a process changes the store.

    On a clean exit the session finishes (refreshes the storylines and coding when events changed, publishes a
    checkpoint, removes the crash mark); after an exception nothing is published and the crash mark stays, so the
    next session publishes what was written.

    Parameters
    ----------
    store : str or Store, optional
        A store URL (opened for writing and closed at the end; default ``$DKG_STORE`` or ``oxigraph:data/store``)
        or an open writable Store (left open).
    wait : float
        Seconds to wait for another writer to finish.

    Yields
    ------
    WriterSession
        Call ``begin_write()`` before writing through ``session.store``.

    Raises
    ------
    StoreLocked
        When another writer holds the store longer than ``wait`` seconds.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from graph.namespaces import DKG, EVENT, RDF
    >>> with writer("memory:") as w:
    ...     w.begin_write()
    ...     _ = w.store.replace_graph(URIRef("urn:example:article"), [(EVENT.e1, RDF.type, DKG.Call)])
    >>> w.dirty, w.stale  # published, and the storylines and coding refreshed
    (False, False)
    """
    opened = store is None or isinstance(store, str)
    handle = open_store(store, write=True, wait=wait) if opened else store
    try:
        session = WriterSession(handle)
        yield session
        session.finish()
    finally:
        if opened:
            handle.close()
