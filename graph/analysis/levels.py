"""The network at the level of states: people folded into the country (or organisation) they acted for.

At ``country`` level every person in an event is replaced by what they acted for on the event's date
(graph.query.coding's affiliations: Trump in March 2025 is the United States, Carney is Canada); a person with no
known affiliation that day stays a person. Organisations stay as they are, or, with ``organisations="members"``,
each is replaced by its member states (the EU's 27, the G7's seven). Several people of one country in one
event make one membership, so the fair weight (1/(n-1) for n actors) counts countries: a call between Trump
and Carney weighs 1 between the United States and Canada, as a call between the two governments would.

>>> LEVELS, ORGANISATIONS
(('actor', 'country'), ('keep', 'members'))
"""

from __future__ import annotations

import numpy as np

from graph.errors import UsageError
from graph.namespaces import ACTORS_GRAPH
from graph.query.projection import Projection, acting, cached, regroup
from graph.storage.store import Store

__all__ = ["LEVELS", "ORGANISATIONS", "check_level", "at_level", "members_of"]

LEVELS = ("actor", "country")
ORGANISATIONS = ("keep", "members")


def check_level(level: str, organisations: str = "keep") -> None:
    """ValueError with the choices for an unknown level or organisations option."""
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r} (use {', '.join(LEVELS)})")
    if organisations not in ORGANISATIONS:
        raise UsageError(f"unknown organisations option {organisations!r} (use {', '.join(ORGANISATIONS)})")


def members_of(store: Store) -> dict[str, list[str]]:
    """{organisation IRI: member IRIs} from the gazetteer (``dkg:memberOf``)."""
    out: dict[str, list[str]] = {}
    for r in store.select(f"SELECT ?m ?o WHERE {{ GRAPH {ACTORS_GRAPH.n3()} {{ ?m dkg:memberOf ?o }} }}"):
        out.setdefault(r["o"], []).append(r["m"])
    for members in out.values():
        members.sort()
    return out


def at_level(store: Store, proj: Projection, level: str = "country", organisations: str = "keep") -> Projection:
    """``proj`` at ``level``: itself at ``actor`` level, else its events with people folded into what they
    acted for (and organisations into their members, with ``organisations="members"``), built once per
    projection."""
    check_level(level, organisations)
    if level == "actor":
        return proj
    return cached(proj, ("level", level, organisations), lambda: _fold(store, proj, organisations))


def _fold(store: Store, proj: Projection, organisations: str) -> Projection:
    n = proj.n_actors
    acts = acting(proj, store)
    mem_event, mem_actor, mem_role = proj.mem_event, proj.mem_actor.copy(), proj.mem_role
    # each membership of a person who acted for someone in that event takes that someone
    key = acts.event.astype(np.int64) * n + acts.actor
    order = np.argsort(key)
    key, target = key[order], acts.acts_for[order]
    mkey = mem_event.astype(np.int64) * n + mem_actor
    at = np.searchsorted(key, mkey)
    found = (at < len(key)) & (key[np.minimum(at, max(len(key) - 1, 0))] == mkey) if len(key) else \
        np.zeros(len(mkey), dtype=bool)
    mem_actor[found] = target[at[found]]
    if organisations == "members":
        mem_event, mem_actor, mem_role = _into_members(store, proj, mem_event, mem_actor, mem_role)
    # one membership per (event, actor, role): two ministers of one country are one country
    uniq = np.unique(np.stack([mem_event.astype(np.int64), mem_actor.astype(np.int64),
                               mem_role.astype(np.int64)]), axis=1)
    return regroup(proj, uniq[0].astype(np.int32), uniq[1].astype(np.int32), uniq[2].astype(np.int8),
                   f"country-{organisations}")


def _into_members(store: Store, proj: Projection, mem_event: np.ndarray, mem_actor: np.ndarray,
                  mem_role: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    members = {proj.actor_index[o]: [proj.actor_index[m] for m in ms if m in proj.actor_index]
               for o, ms in members_of(store).items() if o in proj.actor_index}
    members = {o: ms for o, ms in members.items() if ms}
    if not members:
        return mem_event, mem_actor, mem_role
    is_org = np.isin(mem_actor, list(members))
    rows = np.flatnonzero(is_org)
    counts = np.array([len(members[a]) for a in mem_actor[rows].tolist()], dtype=np.int64)
    new_actor = np.array([m for a in mem_actor[rows].tolist() for m in members[a]], dtype=np.int32)
    keep = ~is_org
    return (np.concatenate([mem_event[keep], np.repeat(mem_event[rows], counts)]),
            np.concatenate([mem_actor[keep], new_actor]),
            np.concatenate([mem_role[keep], np.repeat(mem_role[rows], counts)]))
