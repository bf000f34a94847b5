"""What makes two event descriptions the same event: the deterministic event IRI.

An event's IRI is a hash of what identifies it in the world, not of the article reporting it: its type
(Call, Meeting, TariffMeasure), its actors (sorted), and its date or date bounds. Tariff measures also
hash their role order (imposer, target), action and rate: one government often announces several
measures on one day (100% on EVs and 25% on steel). Extraction (ingest/rdf.py) and corrections
(graph/write/curation.py) both name events through :func:`event_iri`, so a corrected event and a correct
extraction of the same event are one node.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.namespaces import ACTOR, EVENT, digest


def actor_id(actor: str) -> str:
    """The key an actor takes part in identity with: ``actor_id(str(ACTOR.CAN)) == "CAN"`` (ids pass through)."""
    return actor[len(ACTOR):] if actor.startswith(str(ACTOR)) else actor


def event_iri(type_: str, *, participants: list[str] = (), imposer: str | None = None, target: str | None = None,
              action: str | None = None, rate: float | None = None, date: str | None = None,
              precision: str = "day", not_before: str | None = None, not_after: str | None = None) -> URIRef:
    """The IRI of the event these fields describe (actors as IRIs or ids, days as ISO strings).

    >>> a = event_iri("Call", participants=["USA", "CAN"], date="2025-03-28")
    >>> a == event_iri("Call", participants=[str(ACTOR.CAN), str(ACTOR.USA)], date="2025-03-28")
    True
    """
    date_key = f"{date}/{precision}" if date else f"{not_before or ''}..{not_after or ''}"
    if type_ == "TariffMeasure":
        key = ("TariffMeasure", actor_id(imposer) if imposer else "", actor_id(target) if target else "",
               action or "", "" if rate is None else f"{float(rate):g}", date_key)
    else:
        key = (type_, *sorted(actor_id(a) for a in participants), date_key)
    return EVENT[digest(*key)]
