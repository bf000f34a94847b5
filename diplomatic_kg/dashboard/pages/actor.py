"""Actor view: who the actor is (offices, aliases, Wikidata), their counterparts, their own timeline, and
their ego network as an interactive graph."""

import streamlit as st

from diplomatic_kg.dashboard import charts, components, data
from diplomatic_kg.dashboard.data import Filters
from graph.analysis import network

url, sid = data.store_url(), data.state()
actors = data.actor_options(url, sid)
by_iri = {a["actor"]: a for a in actors}
raw = data.first_value(st.query_params, "actor")
iri = None
if raw:
    try:
        iri = data.actor_iri(raw)
    except ValueError:
        st.error(f"{components.md(raw)} is not an actor id or IRI.")

options = list(by_iri)
if iri and iri not in by_iri:
    options.insert(0, iri)
picked = st.selectbox("Actor", options, index=options.index(iri) if iri in options else None, key=f"actor_pick_{iri}",
                      placeholder="Type a name…",
                      format_func=lambda a: f"{by_iri[a]['label']} ({by_iri[a]['kind']}, {by_iri[a]['events']} events)"
                      if a in by_iri else data.short_id(a))
if picked and picked != iri:
    st.query_params["actor"] = data.short_id(picked)
    st.rerun()
if not iri:
    st.info("Pick an actor to see their offices, counterparts, timeline and network.")
    st.stop()

prof = data.profile(url, sid, iri)
if prof is None:
    st.warning(f"No actor {components.md(data.short_id(iri))} in the store.")
    st.stop()

st.title(components.md(prof["label"]))
facts = [prof["kind"], f"{prof['events']} event{'s' if prof['events'] != 1 else ''}"]
if prof.get("iso_code"):
    facts.append(f"ISO {components.md(prof['iso_code'])}")
if prof.get("wikidata") and components.safe_link(prof["wikidata"]):
    facts.append(f"[Wikidata {components.md(prof['wikidata'].rsplit('/', 1)[-1])}]"
                 f"({components.safe_link(prof['wikidata'])})")
st.markdown(" · ".join(facts) + f" · {components.code(iri)}")
if prof["aliases"]:
    st.caption("Also known as: " + ", ".join(components.md(a) for a in prof["aliases"]))

left, right = st.columns([1, 1])
with left:
    st.subheader("Offices held")
    if prof["offices"]:
        st.dataframe([{"office": o.get("title"), "of": o.get("of_label") or data.short_id(o.get("of") or ""),
                       "from": o.get("start"), "to": o.get("end") or ("" if not o.get("start") else "present")}
                      for o in prof["offices"]], hide_index=True, key="offices")
    else:
        st.caption("No offices recorded in the gazetteer.")
    if prof["member_of"]:
        st.markdown("**Member of**")
        for org in prof["member_of"]:
            components.actor_link(org, (by_iri.get(org) or {}).get("label") or data.short_id(org))
    st.page_link(components.PAGES["timeline"], label="Open the timeline filtered to this actor",
                 icon=":material/timeline:", query_params={"actor": data.short_id(iri)})
    st.subheader("Counterparts")
    counterparts = network.related(data.store(), iri)
    if counterparts:
        st.caption("Actors this one called, met, or exchanged tariffs with; strongest ties first (fair shares: an "
                   "event with n actors counts 1/(n-1) for each pair).")
        st.dataframe([{"counterpart": r["label"], "kind": r["kind"], "events": r["count"],
                       "weight": round(r["weight"], 2), "types": ", ".join(f"{k} {n}" for k, n in r["types"].items()),
                       "first": r["first"], "last": r["last"], "tariffs imposed": r["tariffs_imposed"],
                       "tariffs received": r["tariffs_received"]} for r in counterparts],
                     hide_index=True, key="counterparts")
    else:
        st.caption("No interactions with other actors in the store.")
with right:
    st.subheader("Ego network")
    radius = st.radio("Reach", [1, 2], horizontal=True, key="ego_radius",
                      format_func={1: "direct counterparts", 2: "and theirs"}.get)
    ego = network.ego(data.store(), iri, radius=radius)
    if ego.number_of_edges():
        state = st.plotly_chart(charts.network_figure(ego, focus=iri, max_nodes=120), key=f"ego_chart_{iri}",
                                on_select="rerun", selection_mode="points", config={"displaylogo": False})
        picked = [c for c in components.selected_points(state) if c and c[0] == "actor" and c[1] != iri]
        if picked and components.selection_changed(f"ego_chart_{iri}", picked):
            st.query_params["actor"] = data.short_id(picked[0][1])
            st.rerun()
        st.caption(f"{ego.number_of_nodes()} actors, {ego.number_of_edges()} ties · click an actor to open it")
    else:
        st.caption("No one to draw: this actor has no interactions in the store.")

st.subheader("Timeline")
lanes = st.radio("Lanes", ["type", "actor"], horizontal=True, key="actor_lanes",
                 format_func={"type": "by event type", "actor": "by actor"}.get)
chosen, slot = components.timeline_view(Filters(actors=(iri,)), lanes, key="actor_timeline")
if chosen:
    st.session_state[f"actor_event_{iri}"] = chosen
if st.session_state.get(f"actor_event_{iri}"):
    with slot:
        components.event_detail(st.session_state[f"actor_event_{iri}"])
