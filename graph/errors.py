"""The project's errors: one root, :class:`DkgError`, and a typed subclass for each kind of failure.

Every error the library raises for something the user can fix (a bad argument, a store that is not there, a
locked store, a malformed query, a correction that cannot be made) is a DkgError whose message is one line
meant for the user as it is, and whose ``exit_code`` is what the ``dkg`` command exits with: 2 usage or
configuration, 3 the snapshot asked for is gone, 75 the store is being written by another process. Anything
else escaping the library is a bug.

Subclasses keep the built-in base they had before (``UsageError`` is also a ``ValueError``), so code that
catches ``ValueError`` still catches them.

>>> try:
...     raise StoreLocked("another process is writing to data/store")
... except DkgError as e:
...     print(e.exit_code, e)
75 another process is writing to data/store
"""

from __future__ import annotations

__all__ = [
    "LOCKED_EXIT_CODE",
    "SNAPSHOT_EXIT_CODE",
    "USAGE_EXIT_CODE",
    "CentralityPending",
    "CurationError",
    "DkgError",
    "LoadError",
    "QueryError",
    "SandboxError",
    "SnapshotMismatch",
    "StoreError",
    "StoreLocked",
    "StoreNotFound",
    "UnknownActor",
    "UsageError",
]

USAGE_EXIT_CODE = 2
SNAPSHOT_EXIT_CODE = 3
LOCKED_EXIT_CODE = 75  # EX_TEMPFAIL: cron may simply try again later


class DkgError(Exception):
    """The root of the project's errors; ``str(e)`` is one line for the user, ``exit_code`` the CLI's.

    Attributes
    ----------
    exit_code : int
        What ``dkg`` exits with when it reports the error (2 for a usage error; see the module's codes).

    Examples
    --------
    >>> from graph.query.filters import parse_day
    >>> try:
    ...     parse_day("March")
    ... except DkgError as e:
    ...     print(type(e).__name__, e.exit_code, e)
    UsageError 2 'March' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)
    """

    exit_code: int = USAGE_EXIT_CODE


class UsageError(DkgError, ValueError):
    """An argument, option or input file the library cannot use (unknown type, bad date, malformed file)."""


class UnknownActor(UsageError):
    """No actor in the store answers to a name; the message lists close matches."""


class CurationError(UsageError):
    """A correction that cannot be made (unknown event, invalid field value)."""


class SnapshotMismatch(UsageError):
    """The store no longer holds the snapshot an export was asked for."""

    exit_code = SNAPSHOT_EXIT_CODE


class StoreError(DkgError):
    """A store could not be opened or used."""


class StoreNotFound(StoreError):
    """A read was asked of an on-disk store that does not exist (a mistyped ``--store`` path)."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""

    exit_code = LOCKED_EXIT_CODE


class QueryError(StoreError):
    """A SPARQL query or update was malformed or failed."""


class LoadError(DkgError):
    """A batch of new graphs could not be written."""


class SandboxError(DkgError, OSError):
    """The operating system refused a limit (or cannot set it here)."""


class CentralityPending(DkgError, RuntimeError):
    """A centrality is being computed in the background; ask again later (``central(..., wait=False)``)."""
