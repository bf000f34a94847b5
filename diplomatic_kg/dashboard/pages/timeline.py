"""Timeline (home page): events on a zoomable time axis in lanes by type or actor; filters in the sidebar and
the URL; selecting an event shows its detail and sources."""

import streamlit as st

from diplomatic_kg.dashboard import components, data

url, sid = data.store_url(), data.state()
components.flash()
actor_rows = data.actor_options(url, sid)
flt = components.sidebar_filters(actor_rows)
st.session_state.setdefault("f_lanes", "actor" if data.first_value(st.query_params, "lanes") == "actor" else "type")
lanes = st.sidebar.radio("Lanes", ["type", "actor"], key="f_lanes", horizontal=True,
                         format_func={"type": "by event type", "actor": "by actor"}.get)
if lanes == "actor":
    st.query_params["lanes"] = "actor"
elif "lanes" in st.query_params:
    del st.query_params["lanes"]
components.store_status()

if flt.empty and data.count(url, sid, flt) == 0:
    st.title("diplomatic-kg")
    components.empty_store_prompt()
    st.stop()

st.markdown("#### Timeline of calls, meetings and tariff measures")
chosen, slot = components.timeline_view(flt, lanes, key="timeline")
if chosen:
    st.query_params["event"] = data.event_id(chosen)
event = data.first_value(st.query_params, "event")
if event:
    with slot, st.container(border=True):
        try:
            iri = data.event_iri(event)
        except ValueError:
            st.warning(f"The link names no valid event ({components.md(event)}).")
        else:
            if st.button("Close", key="close_event", icon=":material/close:"):
                del st.query_params["event"]
                st.rerun()
            components.event_detail(iri)
