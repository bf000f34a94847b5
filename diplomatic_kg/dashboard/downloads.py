"""Downloads of the current view in every citable export format (graph.exports), as ``dkg export`` makes them.

Each file is built only when its button is pressed (Streamlit runs the callable given as the button's data
then, in a thread of its own) and is cached per (store state, filters, format), so the page itself costs no
more than the buttons. Every file records the store's snapshot identifier and the filters it was made with.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from diplomatic_kg.dashboard import data
from diplomatic_kg.dashboard.data import Filters
from graph import exports

LABELS = {"csv": "CSV", "gexf": "GEXF (Gephi)", "graphml": "GraphML", "timelinejs": "TimelineJS",
          "jsonld": "JSON-LD", "panel": "Dyad panel"}
HELP = {"csv": "One row per event with its citations (outlet, title, date, URL).",
        "gexf": "The actor network of these events, for Gephi.",
        "graphml": "The actor network of these events (Gephi, yEd, igraph, networkx).",
        "timelinejs": "A TimelineJS3 timeline of these events.",
        "jsonld": "The events with their actors and source articles, as linked data.",
        "panel": "Directed country dyads per month (class, status, PLOVER category; events, sources), for "
                 "time-series models: see the README's Dyad panels."}


@st.cache_data(show_spinner=False, max_entries=5)  # one view in every format (a 100k-event CSV is ~70 MB)
def export_bytes(url: str, state_id: str, flt: Filters, fmt: str) -> bytes:
    """The export of the view ``flt`` in ``fmt`` (cached per store state, filters and format)."""
    return exports.export(data.store(), flt, fmt).data


def snapshot(url: str, state_id: str) -> str | None:
    """The snapshot identifier of the store's state. On disk, only once known (the app's watcher computes it
    for each new checkpoint, seconds on a big store): the page never waits for it."""
    if url.startswith("oxigraph:"):
        return data.snapshot(wait=False)
    return _computed_snapshot(url, state_id)


@st.cache_data(show_spinner=False, max_entries=4)
def _computed_snapshot(url: str, state_id: str) -> str | None:
    return data.snapshot()


def _builder(url: str, state_id: str, flt: Filters, fmt: str) -> Callable[[], bytes]:
    return lambda: export_bytes(url, state_id, flt, fmt)


def download_buttons(flt: Filters, key: str) -> None:
    """A row of buttons downloading the view ``flt`` as CSV, GEXF, GraphML, TimelineJS and JSON-LD, with the
    snapshot identifier to cite. (Its caption does not repeat the page's "N events", which tests look for.)"""
    url, state_id = data.store_url(), data.state()
    sid = snapshot(url, state_id)
    cite = f"snapshot `{sid}`" if sid else "the store's snapshot identifier"
    st.caption(f"**Download this view** (each file records {cite} and these filters; `dkg export` "
               "makes the same files):")
    columns = st.columns(len(exports.FORMATS))
    for column, fmt in zip(columns, exports.FORMATS, strict=True):
        mime, ext, what = exports.FORMATS[fmt]
        name = f"dkg-{what}-{sid}.{ext}" if sid else f"dkg-{what}.{ext}"
        column.download_button(LABELS[fmt], _builder(url, state_id, flt, fmt), file_name=name,
                               mime=mime, key=f"{key}_dl_{fmt}", help=HELP[fmt], on_click="ignore",
                               icon=":material/download:")
