"""Corrections in the dashboard: an event's audit trail with undo, the forms to correct it, the full trail.

Writing goes through graph.write.curation (the same functions as ``dkg curate``), under the writer lock, then
publishes a checkpoint: the pages show the corrected data on the rerun that follows.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable

import streamlit as st

from diplomatic_kg.dashboard import data
from diplomatic_kg.dashboard.common import PAGES, TYPE_OPTIONS, flash_later, md
from graph.query import queries
from graph.storage.store import Store, StoreError, StoreLocked
from graph.write import curation
from graph.write.writer import writer

_STATUS_ICON = {"applied": ":material/check_circle:", "undone": ":material/undo:",
                "orphaned": ":material/link_off:"}


@st.cache_data(show_spinner=False, max_entries=64)
def trail(url: str, state_id: str, event: str | None = None) -> list[dict]:
    """The audit trail (of one event when given), as plain dicts for the cache."""
    return [dict(r.correction.to_json(), status=r.status) for r in curation.audit(data.store(), event)]


def _curator() -> str:
    return st.session_state.get("curator") or os.environ.get("DKG_CURATOR") or getpass.getuser()


def _write(make: Callable[[Store], curation.Correction], done: str, follow: bool = False) -> None:
    """Run one correction as the writer, publish it, and rerun (showing the result event when ``follow``)."""
    try:
        with writer(data.store_url(), wait=data.WRITE_WAIT_S) as w:
            w.begin_write(derived=False)  # graph.write.curation refreshes the storylines and coding itself
            c = make(w.store)
    except StoreLocked:
        st.error("Another process (a scheduled ingest?) is writing to the store right now; nothing was changed. "
                 "Try again in a minute.")
        return
    except (curation.CurationError, queries.UnknownActor, StoreError, ValueError) as e:
        st.error(f"Not corrected: {e}")
        return
    flash_later(f"{done}: {c.summary()}. Recorded in the audit trail.")
    if follow and len(c.result_events) == 1 and "event" in st.query_params:
        st.query_params["event"] = data.event_id(c.result_events[0])
        st.session_state.pop("event_id_input", None)  # the event page's id box would bring the old id back
    st.rerun()


def _entry(row: dict, key: str) -> None:
    """One correction: when, who, what, why, its status, and an undo form when it is in force."""
    when = row["at"][:16].replace("T", " ")
    st.markdown(f"{_STATUS_ICON[row['status']]} **{md(row['kind'])}** · {md(row['summary'])} — "
                f"{md(row['by'])}, {md(when)} UTC")
    st.caption(f"Why: {md(row['why'])} · status **{row['status']}**" +
               (f" (undone by {md(row['undone']['by'])}: {md(row['undone']['why'])})" if row.get("undone") else "") +
               (" · its events no longer come out of any article" if row["status"] == "orphaned" else ""))
    if row["status"] != "undone":
        with st.popover("Undo", icon=":material/undo:"):
            with st.form(f"undo_{key}"):
                why = st.text_input("Why undo it?", key=f"undo_why_{key}")
                if st.form_submit_button("Undo this correction"):
                    _write(lambda s: curation.undo(s, row["correction"], by=_curator(), why=why), "Undone",
                           follow=True)


def event_corrections(iri: str, d: dict) -> None:
    """On an event's detail: its corrections so far and the forms to correct it."""
    rows = trail(data.store_url(), data.state(), iri)
    label = "Corrections" + (f" ({len(rows)})" if rows else "")
    with st.expander(label, icon=":material/edit_note:", expanded=bool(rows)):
        for i, row in enumerate(rows):
            _entry(row, f"{i}_{row['correction'][-8:]}")
        st.text_input("Your name (recorded with each correction)", value=_curator(), key="curator")
        fix_tab, reject_tab, merge_tab, split_tab = st.tabs(["Fix", "Reject", "Merge", "Split"])
        with fix_tab:
            _fix_form(iri, d)
        with reject_tab, st.form(f"reject_{iri}"):
            why = st.text_input("Why is this not an event?", key="reject_why")
            if st.form_submit_button("Reject this event", type="primary"):
                _write(lambda s: curation.reject(s, iri, by=_curator(), why=why), "Rejected")
        with merge_tab, st.form(f"merge_{iri}"):
            others = st.text_input("Event ids to merge into this one (comma-separated)", key="merge_ids")
            why = st.text_input("Why are they the same event?", key="merge_why")
            if st.form_submit_button("Merge"):
                _write(lambda s: curation.merge(s, [iri, *(data.event_iri(x) for x in others.split(",") if x.strip())],
                                                by=_curator(), why=why), "Merged", follow=True)
        with split_tab, st.form(f"split_{iri}"):
            st.caption("Each part is this event on its own day (and type): every source reports each part.")
            parts = []
            for n in (1, 2):
                c1, c2 = st.columns(2)
                day = c1.date_input(f"Part {n}: date", value=_day(d), key=f"split_day_{n}")
                cls = c2.selectbox(f"Part {n}: type", list(TYPE_OPTIONS), index=list(TYPE_OPTIONS).index(d["class"]),
                                   format_func=TYPE_OPTIONS.get, key=f"split_cls_{n}")
                parts.append({"date": day.isoformat() if day else None, "class": cls})
            why = st.text_input("Why are these separate events?", key="split_why")
            if st.form_submit_button("Split"):
                _write(lambda s: curation.split(s, iri, [{k: v for k, v in p.items() if v} for p in parts],
                                                by=_curator(), why=why), "Split")


def past_corrections(iri: str) -> None:
    """For an event no longer in the store: the corrections that removed or replaced it (with undo)."""
    rows = trail(data.store_url(), data.state(), iri)
    if rows:
        st.markdown("**Corrections of this event**")
        for i, row in enumerate(rows):
            _entry(row, f"past_{i}")


def _day(d: dict) -> dt.date | None:
    text = d.get("date") or d.get("not_before") or d.get("not_after")
    return dt.date.fromisoformat(text) if text else None


def _fix_form(iri: str, d: dict) -> None:
    roles = data.group_roles(d)
    options = data.actor_options(data.store_url(), data.state())
    labels = {o["actor"]: o["label"] for o in options} | {a["iri"]: a["label"] for a in d["actors"]}
    with st.form(f"fix_{iri}"):
        c1, c2, c3 = st.columns(3)
        cls = c1.selectbox("Type", list(TYPE_OPTIONS), index=list(TYPE_OPTIONS).index(d["class"]),
                           format_func=TYPE_OPTIONS.get, key="fix_class")
        day = c2.date_input("Date", value=_day(d) if d.get("date") else None, key="fix_date")
        status = c3.selectbox("Status", list(queries.STATUSES), index=list(queries.STATUSES).index(d["status"]),
                              key="fix_status")
        participants = st.multiselect("Participants", list(labels), default=[a["iri"] for a in
                                                                             roles.get("participant", [])],
                                      format_func=labels.get, key="fix_participants")
        changes: dict = {}
        if cls == "TariffMeasure":
            t1, t2, t3, t4, t5 = st.columns(5)
            choices = [None, *labels]
            imposer = t1.selectbox("Imposer", choices, index=choices.index(_first(roles, "imposer")),
                                   format_func=lambda a: labels.get(a, "—"), key="fix_imposer")
            target = t2.selectbox("Target", choices, index=choices.index(_first(roles, "target")),
                                  format_func=lambda a: labels.get(a, "—"), key="fix_target")
            actions = [None, *curation.TARIFF_ACTIONS]
            action = t3.selectbox("Action", actions, index=actions.index(d.get("action")), key="fix_action",
                                  format_func=lambda a: a or "—")
            rate = t4.number_input("Rate (%)", value=d.get("rate"), min_value=0.0, key="fix_rate")
            goods = t5.text_input("Goods", value=d.get("goods") or "", key="fix_goods")
            changes |= {"imposer": imposer, "target": target, "action": action, "rate": rate, "goods": goods or None}
        why = st.text_input("Why this correction?", key="fix_why")
        if st.form_submit_button("Save the correction", type="primary"):
            changes |= {"class": cls, "status": status, "participants": participants}
            if day and day.isoformat() != d.get("date"):
                changes["date"] = day.isoformat()
            _write(lambda s: curation.fix(s, iri, changes, by=_curator(), why=why), "Corrected", follow=True)


def _first(roles: dict, role: str) -> str | None:
    return (roles.get(role) or [{}])[0].get("iri")


def audit_page() -> None:
    """Every correction, newest first, with a link to its event and undo."""
    rows = trail(data.store_url(), data.state())
    if not rows:
        st.info("No corrections yet. Open an event (Timeline, or Event detail) and use its Corrections panel, "
                "or `dkg curate` on the command line.")
        return
    counts = {s: sum(r["status"] == s for r in rows) for s in ("applied", "undone", "orphaned")}
    st.caption(" · ".join(f"{n} {s}" for s, n in counts.items() if n))
    for i, row in enumerate(reversed(rows)):
        with st.container(border=True):
            _entry(row, f"all_{i}")
            for e in (row["results"] and [r["event"] for r in row["results"]]) or row["events"]:
                st.page_link(PAGES["event"], label=f"event {data.event_id(e)}", icon=":material/article:",
                             query_params={"event": data.event_id(e)})
