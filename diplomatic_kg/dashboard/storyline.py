"""Storylines in the dashboard: the links drawn on the timeline, and the "Storyline" block of an event's detail.

Both read graph.analysis.storylines (cached per store state, like every query of the app); the timeline's links
are those among the events of the view, asked with the view's EventFilter.
"""

from __future__ import annotations

import streamlit as st

from diplomatic_kg.dashboard import charts, data
from diplomatic_kg.dashboard.common import PAGES, md
from graph.analysis import storylines as sl

MAX_SHOWN = 30  # events listed per storyline in the detail (the rest is counted)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline_links(url: str, state_id: str, flt: data.Filters) -> list[tuple[str, str, str]]:
    """Storyline links between the events of the view (the events the filter keeps): (from, to, kind)."""
    return sl.links(data.store(), flt)


@st.cache_data(show_spinner=False, max_entries=128)
def of_event(url: str, state_id: str, event: str) -> list[dict]:
    """The storylines of an event, each with its events in order."""
    store = data.store()
    stories = [sl.storyline(store, s["storyline"]) for s in sl.storylines_of_event(store, event)]
    return [s for s in stories if s is not None]


def _line(row: dict, number: dict[str, int]) -> str:
    what = row.get("step") or (row.get("action") if row["type"] == "TariffMeasure" else row["class"].lower())
    notes = [f"answers #{number[x]}" for x in row["answers"] if x in number]
    notes += [f"leads to #{number[x]}" for x in row["leads_to"] if x in number]
    text = f"{charts.date_label(row)} · {what} · {charts.describe(row).split(': ', 1)[-1]}"
    return text + (f" ({', '.join(notes)})" if notes else "")


def storyline_block(event: str) -> None:
    """The "Storyline" block of an event's detail: each storyline it belongs to, its events in order (the one
    shown in bold, each a link to open it), the step into each and the retaliation or call -> meeting links."""
    url, sid = data.store_url(), data.state()
    stories = of_event(url, sid, event)
    if not stories:
        return

    st.markdown(f"**Storyline{'s' if len(stories) > 1 else ''} ({len(stories)})**")
    for s in stories:
        with st.container(border=True):
            span = s["first"] if s["first"] == s["last"] else f"{s['first']} – {s['last']}"
            st.markdown(f"{md(s['label'])}  \n"
                        f"{md(s['kind'])} · {len(s['events'])} events · {md(span)}")
            number = {r["event"]: i for i, r in enumerate(s["events"], 1)}
            for i, row in enumerate(s["events"][:MAX_SHOWN], 1):
                label = f"{i}. {_line(row, number)}"
                if row["event"] == event:
                    st.markdown(f"**{md(label)}** ← this event")
                else:
                    st.page_link(PAGES["event"], label=md(label),
                                 query_params={"event": data.event_id(row["event"])})
            if len(s["events"]) > MAX_SHOWN:
                st.caption(f"… and {len(s['events']) - MAX_SHOWN} more (`dkg storyline "
                           f"{data.event_id(event)}` lists them all)")
