"""Widgets and views shared by the pages: sidebar filters (kept in the URL), the timeline view, event detail,
evidence highlighting, the empty-store prompt.

Text that comes from articles (titles, evidence, actor names) is escaped before it is shown: as Markdown
(backslash escapes) or as HTML (``html.escape``) inside a block that Markdown leaves alone.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from dataclasses import replace

import streamlit as st

from diplomatic_kg.dashboard import charts, curation, data, storyline
from diplomatic_kg.dashboard.common import PAGES, TYPE_OPTIONS, code, flash, flash_later, md, safe_link  # noqa: F401 - pages use them from here
from diplomatic_kg.dashboard.data import Filters
from diplomatic_kg.dashboard.downloads import download_buttons
from graph.query import queries
from graph.query.filters import PARAMS
from graph.storage.store import StoreError, StoreLocked

FILTER_PARAMS = (*PARAMS, "q")  # q: what text= was called in older links (read, then rewritten)
_WIDGETS = ("f_actors", "f_types", "f_from", "f_to", "f_status", "f_min_sources", "f_text", "f_node_only")



def highlight(sentence: str, triggers: list[str], names: list[str]) -> str:
    """The sentence as HTML with trigger words and actor names marked; everything else escaped.

    >>> highlight("Trump spoke <b>", ["spoke"], ["Trump"])
    '<mark class="dkg-actor">Trump</mark> <mark class="dkg-trigger">spoke</mark> &lt;b&gt;'
    """
    marks: list[tuple[int, int, str]] = []
    for kind, words in (("trigger", triggers), ("actor", names)):
        for word in sorted({w.strip() for w in words if w and len(w.strip()) > 1}, key=len, reverse=True):
            for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", sentence, flags=re.IGNORECASE):
                if all(m.end() <= s or m.start() >= e for s, e, _ in marks):
                    marks.append((m.start(), m.end(), kind))
    out, pos = [], 0
    for start, end, kind in sorted(marks):
        out.append(html.escape(sentence[pos:start]))
        out.append(f'<mark class="dkg-{kind}">{html.escape(sentence[start:end])}</mark>')
        pos = end
    out.append(html.escape(sentence[pos:]))
    return "".join(out)


_MARK_CSS = ("<style>mark.dkg-trigger{background:#ffd8a8;font-weight:600;padding:0 2px;border-radius:3px}"
             "mark.dkg-actor{background:#cfe2ff;padding:0 2px;border-radius:3px}"
             "div.dkg-evidence{border-left:3px solid #bbb;padding:2px 0 2px 10px;margin:4px 0 8px 0}</style>")


def evidence_block(sentences: list[str], triggers: list[str], names: list[str]) -> None:
    """Evidence sentences, highlighted, as one raw HTML block (Markdown does not touch its contents)."""
    body = "".join(f'<div class="dkg-evidence">{highlight(s, triggers, names)}</div>' for s in sentences)
    st.markdown(_MARK_CSS + f"<div>{body}</div>", unsafe_allow_html=True)


# -- filters in the sidebar, kept in the URL ---------------------------------------------------------------------
def _url_filter_params() -> dict[str, list[str]]:
    return {k: data.all_values(st.query_params, k) for k in FILTER_PARAMS}


def set_filters(flt: Filters) -> None:
    """Replace the current filters (widgets and URL follow on the next run)."""
    st.session_state["_flt"] = flt
    for key in _WIDGETS:
        st.session_state.pop(key, None)
    _write_url(flt)


def _write_url(flt: Filters) -> None:
    params = {k: v if isinstance(v, list) else "1" if v is True else str(v)
              for k, v in flt.to_params(short_actors=True).items()}
    for key in FILTER_PARAMS:
        if key in params:
            st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state["_flt_url"] = _url_filter_params()


def current_filters() -> Filters:
    """The filters of this session: from the URL when it was opened or changed from outside, else as last set."""
    ss = st.session_state
    url_params = _url_filter_params()
    if ss.get("_flt_url") != url_params:
        flt, problems = Filters.from_params(st.query_params)
        ss["_flt"], ss["_flt_problems"], ss["_flt_url"] = flt, problems, url_params
        for key in _WIDGETS:
            ss.pop(key, None)
    return ss.get("_flt", Filters())


def sidebar_filters(actor_rows: list[dict]) -> Filters:
    """The filter widgets in the sidebar; returns the filters they set (also written to the URL)."""
    ss = st.session_state
    flt = current_filters()
    labels = {a["actor"]: a for a in actor_rows}
    problems = list(ss.get("_flt_problems", []))
    missing = [a for a in flt.actors if a not in labels]
    if missing:
        problems += [f"ignored actor {data.short_id(a)!r}: not in the store" for a in missing]
        flt = replace(flt, actors=tuple(a for a in flt.actors if a in labels))
    ss.setdefault("f_actors", list(flt.actors))
    ss.setdefault("f_types", list(flt.types))
    ss.setdefault("f_from", flt.start)
    ss.setdefault("f_to", flt.end)
    ss.setdefault("f_status", list(flt.statuses))
    ss.setdefault("f_min_sources", flt.min_sources)
    ss.setdefault("f_text", flt.text or "")
    ss.setdefault("f_node_only", flt.node_only)
    sb = st.sidebar
    sb.header("Filters")
    for p in problems:
        sb.warning(f"Link: {p}", icon=":material/warning:")
    sb.multiselect("Actors", list(labels), key="f_actors", placeholder="Type a name…",
                   format_func=lambda a: f"{labels[a]['label']} ({labels[a]['kind']}, {labels[a]['events']})",
                   help="Events involving any of these actors; a country or organisation also takes in the "
                        "events of the people acting for it on the day (its leaders, ministers, officials).")
    if ss.get("f_actors"):
        sb.checkbox("Only events naming these actors", key="f_node_only",
                    help="Leave out the events where a country or organisation acts only through its people.")
    sb.multiselect("Event types", list(TYPE_OPTIONS), key="f_types", format_func=TYPE_OPTIONS.get,
                   placeholder="All types")
    c1, c2 = sb.columns(2)
    c1.date_input("From", key="f_from", min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31),
                  format="YYYY-MM-DD")
    c2.date_input("To", key="f_to", min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31),
                  format="YYYY-MM-DD")
    sb.multiselect("Status", list(queries.STATUSES), key="f_status", placeholder="Any status")
    sb.number_input("Minimum number of sources", min_value=1, max_value=1000, step=1, key="f_min_sources")
    sb.text_input("Text", key="f_text", placeholder="in the evidence or actor names",
                  help="Case-insensitive; matches the evidence sentences and the actors' names.")
    start, end = ss.get("f_from"), ss.get("f_to")
    if start and end and start > end:
        sb.error("'From' is after 'To': the dates are swapped.")
        start, end = end, start
    new = Filters(actors=tuple(ss.get("f_actors") or ()), types=tuple(ss.get("f_types") or ()),
                  start=start, end=end, statuses=tuple(ss.get("f_status") or ()),
                  min_sources=int(ss.get("f_min_sources") or 1), text=(ss.get("f_text") or "").strip()[:200],
                  node_only=bool(ss.get("f_node_only")) and bool(ss.get("f_actors")))
    if not new.empty and sb.button("Clear filters", key="clear_filters"):
        set_filters(Filters())
        st.rerun()
    if new != ss.get("_flt") or ss.get("_flt_url") != _url_filter_params() or problems:
        ss["_flt"] = new
        ss["_flt_problems"] = []
        _write_url(new)
    return new


def store_status() -> None:
    """Which store the app reads, and a button to look for newly published data."""
    s = data.store()
    published = s.published()
    where = data.store_url()
    st.sidebar.caption(f"Store {code(where)}" + (f" · checkpoint {code(published)}" if published and published
                                                  != "memory" else "") + " · new ingests show on the next rerun")


# -- the timeline view -----------------------------------------------------------------------------------------
def selected_points(state: object) -> list[list]:
    """customdata of the selected points, from a plotly selection state (an object or a plain dict)."""
    if state is None:
        return []
    sel = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    points = sel.get("points", []) if isinstance(sel, dict) else getattr(sel, "points", [])
    return [p.get("customdata") for p in points if isinstance(p, dict) and p.get("customdata")]


def selection_changed(source: str, value: object) -> bool:
    """True when a selection differs from what this source showed on the previous run (a new click)."""
    key = f"_seen_{source}"
    if st.session_state.get(key) == value:
        return False
    st.session_state[key] = value
    return True


def timeline_view(flt: Filters, lanes: str, key: str) -> tuple[str | None, object]:
    """The timeline for ``flt`` (points, or counts per period when there are many), its table and the downloads of
    the view in every export format (dashboard.downloads).

    Returns (the IRI of the event the user just selected by clicking a point or a table row, or None;
    a container between the chart and the table, where the page shows the selected event).
    """
    url, sid = data.store_url(), data.state()
    total = data.count(url, sid, flt)
    if total == 0:
        st.info("No events match these filters." if not flt.empty else "The store holds no events yet.")
        return None, st.container()
    if total > data.MAX_POINTS:
        _aggregated(flt, lanes, key, total)
        download_buttons(flt, key)
        return None, st.container()
    rows = data.rows(url, sid, flt)
    undated = sum(1 for r in rows if not (r.get("date") or r.get("not_before") or r.get("not_after")))
    links = storyline.timeline_links(url, sid, flt)
    fig = charts.timeline_figure(rows, by=lanes, links=links)
    focus = charts.focus_range(rows)
    st.caption(f"**{len(rows):,} event{'s' if len(rows) != 1 else ''}**"
               + (f" ({undated} undated: in the table only)" if undated else "")
               + (f" · the view starts at {focus[0]}: {focus[2]} earlier event{'s' if focus[2] != 1 else ''} "
                  "out of sight (press “all”)" if focus and focus[2] else "")
               + " · drag to zoom, double-click to zoom out, click an event for its sources · "
                 "filled = occurred, open circle = planned, open diamond = threatened, bar = date range"
               + (" · lines join the events of a storyline" if links else ""))
    state = st.plotly_chart(fig, key=f"{key}_chart", on_select="rerun", selection_mode=("points", "box", "lasso"),
                            config={"scrollZoom": True, "displaylogo": False})
    picked = [c[1] for c in selected_points(state) if c and c[0] == "event"]
    chosen = None
    if selection_changed(f"{key}_chart", picked) and picked:
        chosen = picked[0]
    slot = st.container()
    shown = [r for r in rows if r["event"] in set(picked)] if len(picked) > 1 else rows
    if len(picked) > 1:
        st.caption(f"{len(picked)} events selected on the chart: the table shows them (clear the selection by "
                   "double-clicking the chart).")
    table = _table(shown)
    sel = st.dataframe(table, key=f"{key}_table", on_select="rerun", selection_mode="single-row", hide_index=True,
                       height=min(640, 38 + 35 * len(shown)),
                       column_config={"sources": st.column_config.NumberColumn("sources", width="small"),
                                      "evidence": st.column_config.TextColumn("evidence", width="large")})
    rows_picked = list(getattr(getattr(sel, "selection", None), "rows", None) or
                       (sel.get("selection", {}).get("rows", []) if isinstance(sel, dict) else []))
    if selection_changed(f"{key}_table", [shown[i]["event"] for i in rows_picked if i < len(shown)]) and rows_picked:
        chosen = shown[rows_picked[0]]["event"]
    download_buttons(flt, key)
    return chosen, slot


def _table(rows: list[dict]) -> list[dict]:
    out = [{"date": charts.date_label(r), "type": charts.TYPE_LABELS.get(r.get("class"), r.get("class")),
            "status": r.get("status"),
            "event": charts.describe(r).split(": ", 1)[-1], "sources": r.get("sources") or 0,
            "evidence": r.get("evidence") or "", "id": data.event_id(r["event"])} for r in rows]
    if any("through" in r for r in rows):  # an actor filter that takes in the people acting for it
        for line, r in zip(out, rows, strict=True):
            line["through"] = ", ".join(r.get("through", ()))
    return out


def _aggregated(flt: Filters, lanes: str, key: str, total: int) -> None:
    url, sid = data.store_url(), data.state()
    if lanes == "actor":
        top, day_rows = data.actor_day_counts(url, sid, flt)
        names = data.labels(url, sid, tuple(t["actor"] for t in top))
        for r in day_rows:
            r["lane"] = names.get(r["actor"]) or data.short_id(r["actor"])
            r["day"] = r["period"]
        lane_names = [names.get(t["actor"]) or data.short_id(t["actor"]) for t in top]
        bucket, buckets = data.bucketize(day_rows, "lane")
    else:
        day_rows = data.day_counts(url, sid, flt)
        bucket, buckets = data.bucketize(day_rows, "type")
        lane_names = [t for t in charts.TYPE_COLOURS if any(r["type"] == t for r in day_rows)]
    fig = charts.aggregate_figure(buckets, bucket, lane_names, by=lanes)
    st.caption(f"**{total:,} events** match: too many to draw one by one, so they are counted per {bucket} "
               f"(bubble area ~ events{', busiest 20 actors' if lanes == 'actor' else ''}). Click a bubble or drag "
               f"a box to zoom into that period; below {data.MAX_POINTS:,} events each one is drawn.")
    drill = st.session_state.get("_drill", 0)
    state = st.plotly_chart(fig, key=f"{key}_agg_{drill}", on_select="rerun",
                            selection_mode=("points", "box"), config={"displaylogo": False})
    periods = [c for c in selected_points(state) if c and c[0] == "period"]
    if periods:
        start = min(dt.date.fromisoformat(c[1]) for c in periods)
        end = max(dt.date.fromisoformat(c[2]) for c in periods)
        new = replace(flt, start=start, end=end)
        lanes_hit = {c[3] for c in periods}
        if lanes == "type" and len(lanes_hit) == 1 and not flt.types:
            new = replace(new, types=tuple(lanes_hit))
        st.session_state["_drill"] = drill + 1
        set_filters(new)
        st.rerun()


# -- event detail ------------------------------------------------------------------------------------------------
def actor_link(iri: str, label: str, suffix: str = "") -> None:
    st.page_link(PAGES["actor"], label=md(label) + suffix, icon=":material/person:",
                 query_params={"actor": data.short_id(iri)})


def event_detail(iri: str, own_page: bool = False) -> None:
    """Everything about one event: type, date and precision, status, tariff terms, actors, and each source."""
    url, sid = data.store_url(), data.state()
    d = data.detail(url, sid, iri)

    if d is None:
        st.warning(f"No event {md(data.event_id(iri))} in the store (it may have been removed by a re-ingest "
                   "or a correction).")
        curation.past_corrections(iri)
        return
    st.subheader(md(charts.describe(d)))
    facts = [f"**Date** {md(charts.date_label(d))}" + (f" ({md(d['precision'])} precision)" if d.get("precision")
                                                       and d["precision"] != "day" else ""),
             f"**Status** {md(d.get('status') or '?')}", f"**Sources** {d.get('sources') or 0}"]
    if d.get("class") and d["class"] != d["type"]:
        facts.insert(0, f"**Type** {md(d['type'])} / {md(d['class'])}")
    if d.get("confidence") is not None:
        facts.append(f"**Confidence** {d['confidence']:.2f}")
    if d.get("codes"):
        c = d["codes"]
        plover = c["plover"] + (f" / {c['plover_mode']}" if c.get("plover_mode") else "")
        facts.append(f"**CAMEO** {md(c['cameo'])} · **PLOVER** {md(plover)}")
    st.markdown(" · ".join(facts))
    if d["type"] == "TariffMeasure":
        rate = f"{d['rate']:g}%" if d.get("rate") is not None else "not stated"
        st.markdown(f"**Action** {md(d.get('action') or 'not stated')} · **Rate** {md(rate)} · "
                    f"**Goods** {md(d.get('goods') or 'not stated')}")
    roles = data.group_roles(d)
    for role, title in (("participant", "Participants"), ("imposer", "Imposed by"), ("target", "Aimed at")):
        if roles.get(role):
            st.markdown(f"**{title}**")
            cols = st.columns(min(4, len(roles[role])))
            for i, a in enumerate(roles[role]):
                with cols[i % len(cols)]:
                    actor_link(a["iri"], a["label"])
                    if a.get("acts_for"):  # graph.query.coding: whom the person acted for on the event's date
                        st.caption(f"for {md(a['acts_for_label'])} · {md(a['acting_role'].replace('_', ' '))}")
    storyline.storyline_block(iri)
    forms = data.name_forms(url, sid, tuple(a["iri"] for a in d["actors"]))
    names = [n for ns in forms.values() for n in ns] + [a["label"] for a in d["actors"]]
    names += [n.split()[-1] for n in list(names) if len(n.split()) > 1 and len(n.split()[-1]) > 3]
    st.markdown(f"**Sources ({len(d['sources_list'])})**")
    for src in d["sources_list"]:
        with st.container(border=True):
            title = src.get("title") or data.short_id(src["article"], "")
            link = safe_link(src.get("url"))
            st.markdown(f"[{md(title)}]({link})" if link else f"**{md(title)}**")
            meta = [md(x) for x in (src.get("outlet"), (src.get("published") or "")[:10]) if x]
            if src.get("published") and src.get("published_from") not in (None, "metadata"):
                meta[-1] += f" (date from the page's {md(src['published_from'])})"
            if link:
                meta.append(md(urllib.parse.urlsplit(src["url"]).netloc))
            st.caption(" · ".join(meta) or "no outlet or date recorded")
            evidence_block(src["evidence"], [src["trigger"]] if src.get("trigger") else [], names)
            extra = [f"from the {' and '.join(md(z) for z in src['zones'])}" if src.get("zones") else None,
                     f"trigger “{md(src['trigger'])}”" if src.get("trigger") else None,
                     f"confidence {src['confidence']:.2f}" if src.get("confidence") is not None else None,
                     f"extractor {md(src['extractor'])}" if src.get("extractor") else None]
            st.caption(" · ".join(x for x in extra if x) + f" · article {code(src['article'])}")
    curation.event_corrections(iri, d)
    c1, c2 = st.columns(2)
    if not own_page:
        c1.page_link(PAGES["event"], label="Open on its own page", icon=":material/open_in_new:",
                     query_params={"event": data.event_id(iri)})
    c2.page_link(PAGES["sparql"], label="Describe in SPARQL", icon=":material/code:",
                 query_params={"query": f"DESCRIBE <{iri}>"})


# -- empty store -------------------------------------------------------------------------------------------------
def sample_files() -> list:
    if not data.SAMPLES.is_dir():
        return []
    return sorted(p for p in data.SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


def empty_store_prompt() -> None:
    """Shown instead of an empty page: one click loads the bundled sample articles."""
    st.info(f"The store {code(data.store_url())} holds no events yet.")
    files = sample_files()
    if files:
        if st.button(f"Load the {len(files)} sample articles", type="primary", key="load_samples",
                     help=f"Ingest {data.SAMPLES} into the store (the same as `dkg ingest data/samples`)."):
            load_samples()
    else:
        st.warning(f"No sample articles found in {md(str(data.SAMPLES))}.")
    st.page_link(PAGES["ingest"], label="…or add your own articles", icon=":material/upload_file:")


def load_samples() -> None:
    from ingest.pipeline import ingest_paths  # the app writes only on request; importing spaCy costs ~1 s

    try:
        with st.spinner("Reading and extracting the sample articles…"):
            report = ingest_paths([data.SAMPLES], data.store_url(), wait=data.WRITE_WAIT_S)
    except StoreLocked as e:
        st.error(f"Another process is writing to the store; try again when it has finished. ({e})")
        return
    except (StoreError, OSError) as e:
        st.error(f"Could not load the samples: {e}")
        return
    flash_later(f"Loaded the samples: {report.summary()}.")
    st.rerun()
