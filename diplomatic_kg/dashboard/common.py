"""What every part of the dashboard shares: the pages' paths, the event types' names, escaping for Markdown,
and one-off messages across a rerun. Plain helpers with no widgets of their own, so the dashboard's modules
(components, curation, storyline) all build on this one and never on each other in a circle."""

from __future__ import annotations

import re
import urllib.parse

import streamlit as st

PAGES = {"timeline": "diplomatic_kg/dashboard/pages/timeline.py", "event": "diplomatic_kg/dashboard/pages/event.py",
         "actor": "diplomatic_kg/dashboard/pages/actor.py", "network": "diplomatic_kg/dashboard/pages/network.py",
         "sparql": "diplomatic_kg/dashboard/pages/sparql.py", "ingest": "diplomatic_kg/dashboard/pages/ingest.py",
         "corrections": "diplomatic_kg/dashboard/pages/corrections.py"}
TYPE_OPTIONS = {"Call": "Call", "Meeting": "Meeting (any)", "Visit": "Visit", "Summit": "Summit",
                "TariffMeasure": "Tariff measure"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


# -- escaping -------------------------------------------------------------------------------------------------
def md(text: object) -> str:
    """Text safe to put into Markdown: every Markdown (and Streamlit directive) character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def code(text: object) -> str:
    """Text as a Markdown code span (backslash escapes do not work inside one, so backticks are replaced)."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def safe_link(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None (``javascript:`` and the like are never linked)."""
    if not url or urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%~").replace("(", "%28").replace(")", "%29")


# -- messages across a rerun ---------------------------------------------------------------------------------
def flash_later(message: str) -> None:
    """Show ``message`` at the top of the next run (used before ``st.rerun()``)."""
    st.session_state["_flash"] = message


def flash() -> None:
    """A one-off message left by the previous run (after an ingest)."""
    msg = st.session_state.pop("_flash", None)
    if msg:
        st.success(msg)
