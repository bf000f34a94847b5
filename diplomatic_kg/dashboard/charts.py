"""Plotly figures for the dashboard, built from plain rows (no Streamlit here, so they are easy to test).

Encoding, the same in every timeline: colour = event type; status = marker shape (filled circle = occurred,
open circle = planned, open diamond = threatened); a date known only to a range (a month, "between X and Y")
is a translucent bar over the range with the marker at its date. Every point carries ``customdata`` telling
the page what a click selects: ``["event", IRI]``, ``["period", first day, last day, lane]`` or
``["actor", IRI]``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter

import networkx as nx
import plotly.graph_objects as go

from diplomatic_kg.dashboard.data import Bucket

TYPE_COLOURS = {"Call": "#1f77b4", "Meeting": "#2ca02c", "TariffMeasure": "#d62728"}
TYPE_LABELS = {"Call": "Call", "Meeting": "Meeting", "TariffMeasure": "Tariff measure"}
STATUS_SYMBOLS = {"occurred": "circle", "planned": "circle-open", "threatened": "diamond-open"}
STATUS_OFFSET = {"occurred": 0.0, "planned": 0.22, "threatened": -0.22}
KIND_COLOURS = {"person": "#1f77b4", "country": "#ff7f0e", "organisation": "#9467bd", "actor": "#7f7f7f"}
OTHER_LANE = "(other actors)"


def _jitter(key: str, spread: float = 0.28) -> float:
    """A stable vertical offset in [-spread, spread] so events on the same day stay apart."""
    h = int(hashlib.blake2b(key.encode(), digest_size=4).hexdigest(), 16)
    return (h / 0xFFFFFFFF * 2 - 1) * spread


def date_label(row: dict) -> str:
    if row.get("date") and row.get("precision") in (None, "day"):
        return row["date"]
    if row.get("date") and row.get("precision") == "month":
        return f"{row['date'][:7]} (month)"
    if row.get("date") and row.get("precision") == "year":
        return f"{row['date'][:4]} (year)"
    lo, hi = row.get("not_before"), row.get("not_after")
    if lo and hi:
        return f"between {lo} and {hi}"
    if lo:
        return f"after {lo}"
    if hi:
        return f"before {hi}"
    return "undated"


def describe(row: dict) -> str:
    """One line naming an event: ``Call: Mark Carney, Donald Trump``, ``Tariff measure (imposed): United States →
    Canada, 25% on steel``."""
    if row["type"] == "TariffMeasure":
        imposer = ", ".join(a["label"] for a in row["actors"] if a["role"] == "imposer") or "?"
        target = ", ".join(a["label"] for a in row["actors"] if a["role"] == "target")
        terms = " ".join(x for x in (f"{row['rate']:g}%" if row.get("rate") is not None else "",
                                     f"on {row['goods']}" if row.get("goods") else "") if x)
        action = f" ({row['action']})" if row.get("action") else ""
        return (f"Tariff measure{action}: {imposer}" + (f" → {target}" if target else "")
                + (f", {terms}" if terms else ""))
    names = ", ".join(sorted((a["label"] for a in row["actors"]), key=str.casefold)) or "?"
    return f"{row.get('class') or row['type']}: {names}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _hover(row: dict) -> str:
    lines = [f"<b>{_esc(describe(row))}</b>", f"{date_label(row)} · {row.get('status')}",
             f"{row.get('sources') or 0} source(s)"]
    if row.get("evidence"):
        ev = row["evidence"]
        lines.append(_esc(ev if len(ev) <= 140 else ev[:139] + "…"))
    return "<br>".join(lines)


def lanes_for(rows: list[dict], by: str, max_lanes: int = 25) -> list[str]:
    """Lane names, top to bottom: the types, or the busiest actors (then one lane for the rest)."""
    if by == "type":
        present = {r["type"] for r in rows}
        return [t for t in TYPE_COLOURS if t in present] or list(TYPE_COLOURS)
    counts = Counter(a["label"] for r in rows for a in r["actors"])
    top = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:max_lanes]]
    if len(counts) > max_lanes:
        top.append(OTHER_LANE)
    return top


def _point_date(row: dict) -> str | None:
    if row.get("date"):
        return row["date"]
    lo, hi = row.get("not_before"), row.get("not_after")
    if lo and hi:
        mid = dt.date.fromisoformat(lo) + (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)) / 2
        return mid.isoformat()
    return lo or hi


def focus_range(rows: list[dict]) -> tuple[str, str, int] | None:
    """(start, end, events left of it) when a few early outliers would squeeze the rest into a sliver: the
    initial view then starts at the 5th percentile (double-click or "all" shows everything). None otherwise.

    >>> rows = [{"date": "2018-06-01"}] + [{"date": f"2025-03-{d:02d}"} for d in range(1, 29)]
    >>> focus_range(rows)
    ('2025-02-22', '2025-04-04', 1)
    """
    days = sorted(dt.date.fromisoformat(d) for d in (_point_date(r) for r in rows) if d)
    if len(days) < 10:
        return None
    core_start = days[len(days) // 20]
    core, full = (days[-1] - core_start).days, (days[-1] - days[0]).days
    if core == 0 or full <= 4 * core:
        return None
    pad = dt.timedelta(days=max(7, core // 20))
    hidden = sum(1 for d in days if d < core_start - pad)
    return (core_start - pad).isoformat(), (days[-1] + pad).isoformat(), hidden


LINK_STYLES = {"nextInStoryline": ("Storyline step", {"color": "#555555", "width": 1.5}),
               "retaliatesAgainst": ("Retaliation", {"color": "#ff7f0e", "width": 1.5, "dash": "dash"}),
               "leadsTo": ("Call → meeting", {"color": "#2ca02c", "width": 1.5, "dash": "dot"})}


def _link_traces(fig: go.Figure, links: list[tuple[str, str, str]],
                 where: dict[str, list[tuple[str, str, float]]]) -> None:
    """Storyline links as lines between the points they join (in a lane both events share, when there is one)."""
    segments: dict[str, dict[str, list]] = {}
    for a, b, kind in links:
        if kind not in LINK_STYLES or a not in where or b not in where:
            continue
        shared = [(p, q) for p in where[a] for q in where[b] if p[0] == q[0]]
        p, q = shared[0] if shared else (where[a][0], where[b][0])
        seg = segments.setdefault(kind, {"x": [], "y": []})
        seg["x"] += [p[1], q[1], None]
        seg["y"] += [p[2], q[2], None]
    for kind, seg in segments.items():
        name, line = LINK_STYLES[kind]
        fig.add_trace(go.Scatter(x=seg["x"], y=seg["y"], mode="lines", name=name, line=line, hoverinfo="skip",
                                 opacity=0.8, legendgroup="storylines"))


def timeline_figure(rows: list[dict], by: str = "type", max_lanes: int = 25,
                    links: list[tuple[str, str, str]] | None = None) -> go.Figure:
    """Events as points on a time axis, one lane per type or per actor (an event shows in each actor's lane).

    ``links`` (from event, to event, kind) are storyline links (graph.analysis.storylines.links_among), drawn as lines
    joining the two points: a tariff thread step by step, a retaliation, a call leading to a meeting.
    """
    lanes = lanes_for(rows, by, max_lanes)
    index = {name: i for i, name in enumerate(lanes)}
    points: dict[tuple[str, str], dict[str, list]] = {}
    ranges: dict[str, dict[str, list]] = {}
    where: dict[str, list[tuple[str, str, float]]] = {}
    for r in rows:
        x = _point_date(r)
        if x is None:
            continue
        if by == "type":
            lane_names = [r["type"]]
        else:
            lane_names = list(dict.fromkeys(a["label"] if a["label"] in index else OTHER_LANE for a in r["actors"]))
            lane_names = [n for n in lane_names if n in index]
        for lane in lane_names:
            y = len(lanes) - 1 - index[lane] + _jitter(r["event"] + lane)
            p = points.setdefault((r["type"], r.get("status") or "occurred"),
                                  {"x": [], "y": [], "text": [], "customdata": []})
            p["x"].append(x)
            p["y"].append(y)
            p["text"].append(_hover(r))
            p["customdata"].append(["event", r["event"]])
            where.setdefault(r["event"], []).append((lane, x, y))
            lo, hi = r.get("not_before"), r.get("not_after")
            if lo and hi and lo != hi:
                seg = ranges.setdefault(r["type"], {"x": [], "y": []})
                seg["x"] += [lo, hi, None]
                seg["y"] += [y, y, None]
    fig = go.Figure()
    for typ, seg in ranges.items():
        fig.add_trace(go.Scatter(x=seg["x"], y=seg["y"], mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"color": TYPE_COLOURS.get(typ, "#7f7f7f"), "width": 7}, opacity=0.3,
                                 name=f"{TYPE_LABELS.get(typ, typ)} date range"))
    if links:
        _link_traces(fig, links, where)
    for typ in TYPE_COLOURS:
        for status, symbol in STATUS_SYMBOLS.items():
            p = points.get((typ, status))
            if not p:
                continue
            name = TYPE_LABELS[typ] + ("" if status == "occurred" else f" ({status})")
            fig.add_trace(go.Scatter(
                x=p["x"], y=p["y"], mode="markers", name=name, text=p["text"], customdata=p["customdata"],
                hovertemplate="%{text}<extra></extra>", legendgroup=typ,
                marker={"color": TYPE_COLOURS[typ], "symbol": symbol, "size": 11,
                        "line": {"width": 2, "color": TYPE_COLOURS[typ]}}))
    _time_layout(fig, lanes)
    focus = focus_range(rows) or padded_range(rows)
    if focus:
        fig.update_xaxes(range=[focus[0], focus[1]])
    return fig


def padded_range(rows: list[dict], pad_days: int = 7) -> tuple[str, str] | None:
    """(start, end) a week either side when every dated event falls within two days: plotly would otherwise
    stretch a single day over the whole axis, in milliseconds. None otherwise.

    >>> padded_range([{"date": "2025-02-04"}, {"date": "2025-02-04"}])
    ('2025-01-28', '2025-02-11')
    >>> padded_range([{"date": "2025-02-04"}, {"date": "2025-03-04"}]) is None
    True
    """
    days = sorted(dt.date.fromisoformat(d) for d in (_point_date(r) for r in rows) if d)
    if not days or (days[-1] - days[0]).days >= 2:
        return None
    pad = dt.timedelta(days=pad_days)
    return (days[0] - pad).isoformat(), (days[-1] + pad).isoformat()


def aggregate_figure(buckets: list[Bucket], bucket: str, lanes: list[str], by: str = "type") -> go.Figure:
    """Counts per period as bubbles in lanes (area ~ number of events); a click selects that period."""
    biggest = max((n for b in buckets for n in b.counts.values()), default=1)
    traces: dict[tuple[str, str], dict[str, list]] = {}
    index = {name: i for i, name in enumerate(lanes)}
    for b in buckets:
        mid = b.start + (b.end - b.start) / 2
        for (lane, status), n in b.counts.items():
            if lane not in index:
                continue
            key = (lane if by == "type" else "any", status)
            t = traces.setdefault(key, {"x": [], "y": [], "size": [], "text": [], "customdata": []})
            t["x"].append(mid.isoformat())
            t["y"].append(len(lanes) - 1 - index[lane] + STATUS_OFFSET.get(status, 0))
            t["size"].append(6 + 34 * math.sqrt(n / biggest))
            span = b.start.isoformat() if bucket == "day" else f"{b.start.isoformat()} – {b.end.isoformat()}"
            label = TYPE_LABELS.get(lane, lane)
            t["text"].append(f"<b>{_esc(label)}</b><br>{span}<br>{n:,} event(s), {status}<br><i>click to zoom in</i>")
            t["customdata"].append(["period", b.start.isoformat(), b.end.isoformat(), lane])
    fig = go.Figure()
    for (lane, status), t in sorted(traces.items(), key=lambda kv: (list(TYPE_COLOURS).index(kv[0][0])
                                                                    if kv[0][0] in TYPE_COLOURS else 9,
                                                                    list(STATUS_SYMBOLS).index(kv[0][1]))):
        colour = TYPE_COLOURS.get(lane, "#444444")
        name = (TYPE_LABELS.get(lane, "events") if by == "type" else "events") + (
            "" if status == "occurred" else f" ({status})")
        fig.add_trace(go.Scatter(
            x=t["x"], y=t["y"], mode="markers", name=name, text=t["text"], customdata=t["customdata"],
            hovertemplate="%{text}<extra></extra>",
            marker={"size": t["size"], "color": colour, "symbol": STATUS_SYMBOLS.get(status, "circle"),
                    "opacity": 0.75, "line": {"width": 2, "color": colour}}))
    _time_layout(fig, lanes)
    return fig


def _time_layout(fig: go.Figure, lanes: list[str]) -> None:
    n = len(lanes)
    fig.update_layout(
        height=max(300, 130 + 46 * n), margin={"l": 10, "r": 10, "t": 40, "b": 10}, dragmode="zoom",
        hovermode="closest", legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        clickmode="event+select",
        yaxis={"tickmode": "array", "tickvals": list(range(n)), "ticktext": [TYPE_LABELS.get(x, x) for x in
                                                                              reversed(lanes)],
               "range": [-0.6, n - 0.4], "zeroline": False, "fixedrange": True, "showgrid": True},
        xaxis={"type": "date", "showgrid": True, "rangeselector": {"x": 1, "xanchor": "right", "y": 1.02,
                                                                   "yanchor": "bottom", "buttons": [
            {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
            {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
            {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
            {"step": "all", "label": "all"}]}},
    )


def network_figure(graph: nx.Graph, focus: str | None = None, max_nodes: int = 150, seed: int = 7) -> go.Figure:
    """An interaction network drawn with a force layout: node area ~ events, edge width ~ shared events.

    Only the ``max_nodes`` busiest actors are drawn (the page says so). Clicking a node selects the actor.
    """
    g = graph
    if g.number_of_nodes() > max_nodes:
        strength = dict(g.degree(weight="weight"))
        keep = sorted(strength, key=lambda n: -strength[n])[:max_nodes]
        if focus in g and focus not in keep:
            keep[-1] = focus
        g = g.subgraph(keep)
    fig = go.Figure()
    if g.number_of_nodes() == 0:
        return fig
    pos = nx.spring_layout(g, seed=seed, weight="weight", k=1.5 / math.sqrt(max(g.number_of_nodes(), 1)))
    weights = [d.get("weight", 1) for _, _, d in g.edges(data=True)] or [1]
    top = max(weights)
    for lo, hi, width in ((0, 0.34, 1), (0.34, 0.67, 3), (0.67, 1.01, 6)):
        xs, ys = [], []
        for u, v, d in g.edges(data=True):
            share = d.get("weight", 1) / top
            if lo <= share < hi:
                xs += [pos[u][0], pos[v][0], None]
                ys += [pos[u][1], pos[v][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": width, "color": "rgba(120,120,120,0.45)"}))
    strength = dict(g.degree(weight="weight"))
    biggest = max(strength.values()) or 1
    by_kind: dict[str, dict[str, list]] = {}
    for n, d in g.nodes(data=True):
        kind = d.get("kind") or "actor"
        t = by_kind.setdefault(kind, {"x": [], "y": [], "size": [], "text": [], "label": [], "customdata": []})
        label = d.get("label") or n.rsplit("/", 1)[-1]
        t["x"].append(pos[n][0])
        t["y"].append(pos[n][1])
        t["size"].append(12 + 30 * math.sqrt(strength[n] / biggest) + (8 if n == focus else 0))
        t["text"].append(f"<b>{_esc(label)}</b><br>{kind}<br>{strength[n]:g} shared event(s) with actors drawn"
                         "<br><i>click to open</i>")
        t["label"].append(label if strength[n] >= biggest * 0.15 or n == focus or g.number_of_nodes() <= 30 else "")
        t["customdata"].append(["actor", n])
    for kind, t in by_kind.items():
        fig.add_trace(go.Scatter(
            x=t["x"], y=t["y"], mode="markers+text", name=kind, text=t["label"], textposition="top center",
            hovertext=t["text"], hovertemplate="%{hovertext}<extra></extra>", customdata=t["customdata"],
            marker={"size": t["size"], "color": KIND_COLOURS.get(kind, "#7f7f7f"), "opacity": 0.85,
                    "line": {"width": 1, "color": "white"}}))
    fig.update_layout(height=560, margin={"l": 10, "r": 10, "t": 30, "b": 10}, hovermode="closest",
                      clickmode="event+select", dragmode="pan",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
                      xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"})
    return fig
