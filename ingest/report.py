"""What an ingest run did: its report (printed by ``dkg ingest``, written by ``--report``) and its log lines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

__all__ = ["Log", "RunEvent", "RunReport", "now", "warn"]


@dataclass
class RunReport:
    """What an ingest run did (printed by ``dkg ingest``, written by ``--report``).

    Attributes
    ----------
    store : str
        The store's URL.
    new, updated, unchanged : int
        Articles written for the first time, written again (changed, or read by a newer extractor:
        ``reextracted``), skipped as unchanged.
    failed : list of dict
        Inputs that could not be read, each with its reason.
    events, triples_written : int
        What was written.

    Examples
    --------
    >>> r = RunReport(store="memory:", new=2)
    >>> r.ok, r.new
    (True, 2)
    """

    store: str
    started: str = field(default_factory=lambda: now())
    finished: str | None = None
    new: int = 0
    updated: int = 0
    reextracted: int = 0  # of the updated: unchanged articles read again by a newer extractor
    unchanged: int = 0
    failed: list[dict] = field(default_factory=list)
    events: int = 0
    triples_written: int = 0
    triples_added: int | None = None  # net change of the store's triple count over the run
    checkpoint: str | None = None
    workers: int = 1
    seconds: float | None = None
    articles_per_second: float | None = None  # articles read (new + updated + unchanged + failed) per second
    feeds: dict[str, int] = field(default_factory=lambda: {"fetched": 0, "not_modified": 0, "failed": 0})
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged + len(self.failed)

    def summary(self) -> str:
        added = "" if self.triples_added is None else f" ({self.triples_added:+,} net)"
        again = f" ({self.reextracted} re-extracted by a newer extractor)" if self.reextracted else ""
        return (f"{self.new} new, {self.updated} updated{again}, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; {self.events} events, {self.triples_written} triples written{added}")

    def to_json(self) -> str:
        data = asdict(self)
        data["failed_count"] = len(self.failed)
        return json.dumps(data, indent=2)


@dataclass
class RunEvent:
    """One line of a run's log: an article's outcome, a feed fetched, a warning, or more work planned."""

    status: str  # new | updated | unchanged | failed | feed | warning | planned
    source: str = ""
    title: str = ""
    events: int | None = None
    reason: str = ""
    count: int = 1  # for "planned": how many inputs were added to the run


Log = Callable[[RunEvent], None]


def warn(report: RunReport, log: Log | None, message: str) -> None:
    report.warnings.append(message)
    if log:
        log(RunEvent("warning", reason=message))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
