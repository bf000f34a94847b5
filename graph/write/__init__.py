"""The one write path: ``writer``'s session (writer lock, crash marker, the derived graphs' refresh, publishing
a checkpoint), used by ingest, the dashboard and ``curation``, the researchers' corrections. Imports the
layers below it (the derived graphs are refreshed with analysis's storylines and query's coding).
"""
