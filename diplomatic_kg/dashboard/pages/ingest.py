"""Ingest: upload files or paste an article, see the extracted events and triples, then add them to the store.

Nothing is written until "Add to the store"; writing takes the store's writer lock (a cron ingest running at the
same time makes the page say so instead of waiting forever) in a writer session (graph.write.writer, as `dkg ingest`),
which refreshes the storylines and coding and publishes a checkpoint for readers.
"""

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st
from rdflib import Graph

from diplomatic_kg.dashboard import components, data
from graph.namespaces import PREFIXES
from graph.storage.store import StoreError, StoreLocked
from graph.write.writer import writer
from ingest.article import Article, ArticleError
from ingest.events import Extractor
from ingest.pipeline import ingest_items
from ingest.rdf import article_iri, article_triples
from ingest.sources import SUPPORTED, SourceError, read_paths


@st.cache_resource(show_spinner="Loading the extractor…")
def _extractor() -> Extractor:
    return Extractor()


def _turtle(triples: list) -> str:
    g = Graph()
    for prefix in ("dkg", "prov", "schema", "skos", "rdfs", "xsd", "owl", "actor", "event", "article"):
        g.bind(prefix, PREFIXES[prefix])
    for t in triples:
        g.add(t)
    return g.serialize(format="turtle")


def _preview(items: list) -> None:
    """Extract events from the articles (nothing is written yet) and keep them for review."""
    extractor = _extractor()
    known = data.store().graph_hashes()
    out = []
    for item in items:
        if isinstance(item, SourceError):
            out.append({"error": item.reason, "source": item.source})
            continue
        try:
            events = extractor(item)
            triples = list(article_triples(item, events))
        except Exception as e:  # noqa: BLE001 - one bad article is reported, the others go on
            out.append({"error": f"{type(e).__name__}: {e}", "source": item.origin or item.title})
            continue
        previous = known.get(str(article_iri(item)))
        state = ("new" if previous is None else "unchanged: already in the store" if previous == item.content_hash
                 else "changed: replaces the version in the store")
        out.append({"article": item, "events": [e.to_gold() for e in events], "turtle": _turtle(triples),
                    "triples": len(triples), "state": state})
    st.session_state["ingest_preview"] = out


def _preview_row(e: dict) -> dict:
    """One extracted event (gold format) as a table row."""
    if e["type"] == "TariffMeasure":
        actors = f"{e.get('imposer') or '?'} → {e.get('target') or 'all'}"
        rate = f"{e['rate']:g}% " if e.get("rate") is not None else ""
        details = f"{e.get('action') or ''} {rate}{e.get('goods') or ''}".strip()
    else:
        actors, details = ", ".join(e.get("participants") or []), ""
    when = e.get("date") or " .. ".join(x for x in (e.get("after"), e.get("before")) if x) or "undated"
    return {"type": e["class"], "actors": actors, "date": when, "status": e["status"], "details": details,
            "evidence": e.get("evidence", "")}


def _pasted() -> None:
    ss = st.session_state
    published = (ss.get("paste_published") or "").strip() or None
    try:
        article = Article(title=ss.get("paste_title") or "", text=ss.get("paste_text") or "",
                          url=ss.get("paste_url") or None, source=ss.get("paste_source") or None,
                          published=published, origin="")
    except ArticleError as e:
        st.session_state["ingest_preview"] = [{"error": str(e), "source": "pasted article"}]
        return
    _preview([article])


def _uploaded(files: list) -> None:
    """Read uploads with the same readers as ``dkg ingest``; an upload is known by its file name."""
    with tempfile.TemporaryDirectory(prefix="dkg-upload-") as tmp:
        paths = []
        for f in files:
            path = Path(tmp) / Path(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        items = list(read_paths(paths))
        prefixes = (str(Path(tmp).resolve()) + "/", tmp + "/")
    for item in items:
        for prefix in prefixes:
            if isinstance(item, Article) and item.origin.startswith(prefix):
                item.origin = "upload:" + item.origin[len(prefix):]
            elif isinstance(item, SourceError) and item.source.startswith(prefix):
                item.source = item.source[len(prefix):]
    _preview(items)


def _add(articles: list[Article]) -> None:
    try:
        with writer(data.store_url(), wait=data.WRITE_WAIT_S) as w:
            report = ingest_items(w, articles, extractor=_extractor())
        report.checkpoint = w.checkpoint
    except StoreLocked:
        st.error("Another process (a scheduled ingest?) is writing to the store right now. Nothing was added; "
                 "try again in a minute: your articles are still here.")
        return
    except StoreError as e:
        st.error(f"Could not write to the store: {e}")
        return
    st.session_state.pop("ingest_preview", None)
    failed = "; ".join(f"{f['source']}: {f['reason']}" for f in report.failed)
    components.flash_later(f"Added to the store: {report.summary()}." + (f" Failed: {failed}" if failed else ""))
    st.rerun()


st.title("Ingest articles")
components.flash()
st.caption("Extraction runs here and shows what it found; nothing is written until you add it to the store "
           f"{components.code(data.store_url())}.")
paste, upload = st.tabs(["Paste an article", "Upload files"])
with paste, st.form("paste_form"):
    st.text_input("Title", key="paste_title")
    c1, c2, c3 = st.columns(3)
    c1.text_input("Published", key="paste_published", placeholder="2025-03-28 or 2025-03-28T14:05:00-04:00",
                  help="The anchor for relative dates (\"on Friday\"). Leave empty if unknown.",
                  value=dt.date.today().isoformat())
    c2.text_input("Outlet", key="paste_source", placeholder="e.g. Northern Wire")
    c3.text_input("URL", key="paste_url", placeholder="https://… (identifies the article)")
    st.text_area("Text", key="paste_text", height=220)
    if st.form_submit_button("Extract events", type="primary"):
        _pasted()
with upload:
    files = st.file_uploader("Article files", accept_multiple_files=True, key="upload_files",
                             type=sorted(s.lstrip(".") for s in SUPPORTED),
                             help="The formats of `dkg ingest`: .txt/.md (title line, optional header lines), "
                                  ".json, .jsonl, .html")
    if files and st.button(f"Extract events from {len(files)} file{'s' if len(files) != 1 else ''}",
                           key="upload_extract", type="primary"):
        _uploaded(files)

preview = st.session_state.get("ingest_preview")
if preview:
    st.subheader("What extraction found")
    good = [p for p in preview if "article" in p]
    for p in preview:
        if "error" in p:
            st.error(f"{components.md(p['source'])}: {components.md(p['error'])}")
            continue
        a = p["article"]
        with st.expander(f"{components.md(a.title)} · {len(p['events'])} event(s) · {p['state']}", expanded=True):
            if p["events"]:
                st.dataframe([_preview_row(e) for e in p["events"]], hide_index=True)
            else:
                st.info("No calls, meetings or tariff measures found in this article.")
            st.caption(f"{p['triples']} triples for the article's graph {components.code(article_iri(a))}")
            st.code(p["turtle"], language="turtle")
    if good:
        c1, c2 = st.columns(2)
        if c1.button(f"Add {len(good)} article{'s' if len(good) != 1 else ''} to the store", type="primary",
                     key="ingest_add", icon=":material/add:"):
            _add([p["article"] for p in good])
        if c2.button("Discard", key="ingest_discard"):
            st.session_state.pop("ingest_preview", None)
            st.rerun()
components.store_status()
