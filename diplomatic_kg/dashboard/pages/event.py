"""Event detail: participants, date and precision, status, tariff terms, and every source with its evidence."""

import streamlit as st

from diplomatic_kg.dashboard import components, data

st.title("Event detail")
raw = data.first_value(st.query_params, "event")
typed = st.text_input("Event", value=raw or "", placeholder="an event id (from the timeline) or its full IRI",
                      key="event_id_input")
if typed and typed != raw:
    st.query_params["event"] = typed.strip()
    raw = typed.strip()
if not raw:
    st.info("Pick an event on the Timeline page, or paste an event id here.")
    st.page_link(components.PAGES["timeline"], label="Go to the timeline", icon=":material/timeline:")
    st.stop()
try:
    iri = data.event_iri(raw)
except ValueError:
    st.error(f"{components.md(raw)} is not an event id or IRI.")
    st.stop()
components.event_detail(iri, own_page=True)
