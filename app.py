"""diplomatic-kg dashboard: ``dkg app [--store URL]`` (or ``streamlit run app.py``; the store is ``$DKG_STORE``).

Thin: the pages (diplomatic_kg/dashboard/pages/) read through graph/ and ingest through ingest/; shared pieces
are in diplomatic_kg/dashboard/. Every page's state that is worth sharing lives in the URL.
"""

import streamlit as st

st.set_page_config(page_title="diplomatic-kg", layout="wide")

PAGES = "diplomatic_kg/dashboard/pages"
pages = [
    st.Page(f"{PAGES}/timeline.py", title="Timeline", icon=":material/timeline:", default=True),
    st.Page(f"{PAGES}/event.py", title="Event detail", icon=":material/article:", url_path="event"),
    st.Page(f"{PAGES}/actor.py", title="Actor", icon=":material/person:", url_path="actor"),
    st.Page(f"{PAGES}/network.py", title="Network", icon=":material/hub:", url_path="network"),
    st.Page(f"{PAGES}/sparql.py", title="SPARQL", icon=":material/code:", url_path="sparql"),
    st.Page(f"{PAGES}/ingest.py", title="Ingest", icon=":material/upload_file:", url_path="ingest"),
    st.Page(f"{PAGES}/corrections.py", title="Corrections", icon=":material/edit_note:",
            url_path="corrections"),
]
st.navigation(pages).run()
