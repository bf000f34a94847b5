"""The Streamlit dashboard's pieces; ``app.py`` wires them into pages.

- ``data``: the store, cached queries (keyed by the store's published state), the filters and their URL form.
- ``charts``: plotly figures (timeline lanes, aggregated timeline, networks), built from plain rows.
- ``components``: widgets and views shared by pages (sidebar filters, event detail, evidence highlighting).
- ``pages/``: one script per page.
"""
