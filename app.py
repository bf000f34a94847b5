"""diplomatic-kg dashboard: ``dkg app [--store URL]`` (or ``streamlit run app.py``; the store is ``$DKG_STORE``).

Thin: the pages (dashboard/pages/) read through graph/ and ingest through ingest/; shared pieces are in
dashboard/. Every page's state that is worth sharing lives in the URL.
"""

import streamlit as st

st.set_page_config(page_title="diplomatic-kg", layout="wide")

pages = [
    st.Page("dashboard/pages/timeline.py", title="Timeline", icon=":material/timeline:", default=True),
    st.Page("dashboard/pages/event.py", title="Event detail", icon=":material/article:", url_path="event"),
    st.Page("dashboard/pages/actor.py", title="Actor", icon=":material/person:", url_path="actor"),
    st.Page("dashboard/pages/network.py", title="Network", icon=":material/hub:", url_path="network"),
    st.Page("dashboard/pages/sparql.py", title="SPARQL", icon=":material/code:", url_path="sparql"),
    st.Page("dashboard/pages/ingest.py", title="Ingest", icon=":material/upload_file:", url_path="ingest"),
    st.Page("dashboard/pages/corrections.py", title="Corrections", icon=":material/edit_note:",
            url_path="corrections"),
]
st.navigation(pages).run()
