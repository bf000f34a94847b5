"""The SPARQL 1.1 Protocol endpoint (``server``, its HTML page ``query_page``) and the limited worker
processes (``query_pool``, ``sandbox``) that run user-written SPARQL for it, ``dkg sparql`` and the
dashboard's SPARQL page. Imports storage only.
"""
