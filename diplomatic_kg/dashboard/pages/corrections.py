"""The audit trail: every correction made to the extracted events, who made it, when and why; undo."""

import streamlit as st

from diplomatic_kg.dashboard import components
from diplomatic_kg.dashboard.curation import audit_page

st.title("Corrections")
components.flash()
st.caption("Corrections win over extraction in every view, query and export, and survive re-ingest. "
           "An orphaned correction is one whose events no longer come out of any article: it is kept, and "
           "applies again if they come back.")
audit_page()
