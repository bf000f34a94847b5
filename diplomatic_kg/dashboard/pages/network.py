"""Network: who dealt with whom under the current filters, the most central actors, the strongest ties, and a
path finder between two actors (graph.analysis.network)."""

import networkx as nx
import streamlit as st

from diplomatic_kg.dashboard import charts, components, data
from graph.analysis import levels, network
from graph.storage.store import StoreError

url, sid = data.store_url(), data.state()
actor_rows = data.actor_options(url, sid)
flt = components.sidebar_filters(actor_rows)
components.store_status()
st.title("Interaction network")
if not actor_rows:
    components.empty_store_prompt()
    st.stop()

kwargs = data.network_filters(flt)
l1, l2 = st.columns([2, 5])
level = l1.radio("Level", list(levels.LEVELS), horizontal=True, key="net_level",
                 format_func={"actor": "actors", "country": "countries"}.get,
                 help="Countries: each person is folded into the country or organisation they acted for at the "
                      "time of each event (a leader's call is a call between their countries).")
organisations = "keep"
if level == "country":
    organisations = "members" if l2.toggle("Organisations as their member states", key="net_orgs",
                                           help="Fold the EU, the G7... into their members (with fair "
                                                "weights), instead of keeping them as nodes.") else "keep"


def _page() -> None:
    c1, c2, c3 = st.columns([2, 2, 3])
    weighting = c1.radio("Edge weight", ["fair", "count"], horizontal=True, key="net_weighting",
                         format_func={"fair": "fair shares", "count": "shared events"}.get,
                         help="Fair shares: an event with n actors adds 1/(n-1) to each pair, so a summit does not "
                              "count as many bilateral meetings. Shared events: 1 per event.")
    max_nodes = c2.slider("Actors drawn", 10, 300, 80, step=10, key="net_max_nodes",
                          help="The busiest actors (by weighted degree) are drawn; the tables cover everyone.")
    try:
        G = network.interaction_graph(data.store(), weighting=weighting, **kwargs)
    except (ValueError, StoreError) as e:
        st.error(str(e))
        st.stop()
    focus = None
    if flt.actors:
        focus = flt.actors[0]
        keep = set()
        chosen = set(flt.actors)
        if level == "actor" and not flt.node_only:  # a country's leaders and ministers stand for it too
            chosen |= data.acting_people(flt.actors)
        for a in chosen:
            if a in G:
                keep |= set(nx.single_source_shortest_path_length(G, a, cutoff=1))
        G = G.subgraph(keep)
        c3.caption("Showing the selected actors and everyone they dealt with.")
    notes = []
    if flt.text:
        notes.append("the text filter does not apply to the network")
    c3.caption(f"**{G.number_of_nodes():,} actors, {G.number_of_edges():,} ties**"
               + (f" (drawing the {max_nodes} busiest)" if G.number_of_nodes() > max_nodes else "")
               + (" · " + "; ".join(notes) if notes else "") + " · click an actor to open it")
    if G.number_of_edges() == 0:
        st.info("No interactions match these filters.")
    else:
        state = st.plotly_chart(charts.network_figure(G, focus=focus, max_nodes=max_nodes), key="network_chart",
                                on_select="rerun", selection_mode="points", config={"displaylogo": False})
        picked = [c for c in components.selected_points(state) if c and c[0] == "actor"]
        if picked and components.selection_changed("network_chart", picked):
            st.switch_page(components.PAGES["actor"], query_params={"actor": data.short_id(picked[0][1])})

    left, right = st.columns(2)
    with left:
        st.subheader("Most central actors")
        measure = st.selectbox("Measure", list(network.MEASURES), key="net_measure",
                               help="strength: weighted degree (each event counts 1 for each actor in it, a summit "
                                    "too); pagerank: weighted; degree: share of the others dealt with, unweighted "
                                    "(every summit participant meets all the others); betweenness: how often an "
                                    "actor lies between others (estimated).")
        try:
            top = network.central(data.store(), measure=measure, top=25, wait=False, weighting=weighting, **kwargs)
        except network.CentralityPending:
            st.info("Betweenness for this window is being computed in the background; rerun in a moment.")
            top = []
        if flt.actors:
            top = [r for r in top if r["iri"] in G]
        if top:
            st.dataframe([{"actor": r["label"], "kind": r["kind"], measure: round(r["score"], 4),
                           "counterparts": r["degree"], "events": r["events"]} for r in top], hide_index=True,
                         key="net_central")
    with right:
        st.subheader("Strongest ties")
        ties = sorted(G.edges(data=True), key=lambda e: -e[2]["weight"])[:25]
        if ties:
            st.dataframe([{"between": f"{G.nodes[u]['label']} – {G.nodes[v]['label']}", "events": d["count"],
                           "weight": round(d["weight"], 2),
                           "types": ", ".join(f"{k} {n}" for k, n in d["types"].items()),
                           "first": d.get("first"), "last": d.get("last")} for u, v, d in ties],
                         hide_index=True, key="net_ties")

    st.subheader("Path finder")
    st.caption("The shortest chain of interactions linking two actors (under the filters above), with the "
               "best-attested event and its source for each step.")
    labels = {a["actor"]: a for a in actor_rows}
    p1, p2, p3 = st.columns([3, 3, 1])
    a = p1.selectbox("From", list(labels), index=None, key="path_from", placeholder="Type a name…",
                     format_func=lambda x: labels[x]["label"])
    b = p2.selectbox("To", list(labels), index=None, key="path_to", placeholder="Type a name…",
                     format_func=lambda x: labels[x]["label"])
    p3.write("")
    go = p3.button("Find", key="path_find", type="primary", disabled=not (a and b))
    if go and a and b:
        try:
            hops = network.shortest_path(data.store(), a, b, weighting=weighting, **kwargs)
        except ValueError as e:
            st.warning(str(e))
        else:
            if not hops:
                st.info(f"No chain of interactions links {components.md(labels[a]['label'])} and "
                        f"{components.md(labels[b]['label'])} under these filters.")
            for i, h in enumerate(hops, 1):
                ev = h["event"]
                when = ev.get("date") or ev.get("not_before") or ev.get("not_after") or "undated"
                with st.container(border=True):
                    st.markdown(f"**{i}. {components.md(h['from']['label'])} → {components.md(h['to']['label'])}** · "
                                f"{h['count']} event{'s' if h['count'] != 1 else ''} between them; best attested: "
                                f"{components.md(ev['class'])} on {components.md(when)} ({ev['sources']} source"
                                f"{'s' if ev['sources'] != 1 else ''})")
                    art = ev.get("article")
                    if art:
                        link = components.safe_link(art.get("url"))
                        title = components.md(art.get("title") or "source")
                        st.markdown((f"[{title}]({link})" if link else title)
                                    + (f" · {components.md(art['outlet'])}" if art.get("outlet") else ""))
                        if art.get("evidence"):
                            components.evidence_block([art["evidence"]], [], [h["from"]["label"], h["to"]["label"]])
                    st.page_link(components.PAGES["event"], label="Event detail", icon=":material/article:",
                                 query_params={"event": data.event_id(ev["iri"])})


with network.level(level, organisations):  # every network query of this page runs at the chosen level
    _page()
