"""What the extractor finds: one ``Event`` per call, meeting (visit, summit) or tariff measure an article tells,
in the project's terms, with the sentences it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.actors import Actor
from ingest.dates import When

GOLD_TYPE = {"Call": "Call", "Meeting": "Meeting", "Visit": "Meeting", "Summit": "Meeting",
             "TariffMeasure": "TariffMeasure"}


@dataclass
class Event:
    """One extracted event, in the project's terms (finer classes kept in ``cls``)."""

    cls: str  # Call | Meeting | Visit | Summit | TariffMeasure
    participants: list[Actor] = field(default_factory=list)
    imposer: Actor | None = None
    target: Actor | None = None
    when: When = field(default_factory=lambda: When(None, "day"))
    status: str = "occurred"
    action: str | None = None
    rate: float | None = None
    goods: str | None = None
    evidence: list[str] = field(default_factory=list)
    trigger: str = ""
    confidence: float = 0.6
    zones: set[str] = field(default_factory=set)  # the page zones its evidence came from (ingest.page)
    added: bool = False  # a tariff told as on top of another ("an additional 25 per cent duty")
    # told only by "spoke with" far from any word of a telephone: kept only as a mention of a call the page tells
    talk_only: bool = False

    @property
    def type(self) -> str:
        return GOLD_TYPE[self.cls]

    @property
    def actors(self) -> list[Actor]:
        if self.type == "TariffMeasure":
            return [a for a in (self.imposer, self.target) if a is not None]
        return self.participants

    def to_gold(self) -> dict:
        """The event in the gold annotation format (GOLD_FORMAT.md), plus ``class`` and ``evidence``."""
        out: dict = {"type": self.type, "class": self.cls}
        if self.type == "TariffMeasure":
            out.update(imposer=self.imposer.name if self.imposer else None,
                       target=self.target.name if self.target else None,
                       rate=self.rate, goods=self.goods, action=self.action)
        else:
            out["participants"] = [a.name for a in self.participants]
        out["date"] = self.when.gold()
        if self.when.date is None and (self.when.after or self.when.before):
            if self.when.after:
                out["after"] = self.when.after.isoformat()
            if self.when.before:
                out["before"] = self.when.before.isoformat()
        out["status"] = self.status
        out["evidence"] = self.evidence[0] if self.evidence else ""
        return out
