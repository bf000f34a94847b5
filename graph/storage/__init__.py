"""Storage: where the quads live and what is kept with them.

``store`` opens a store by URL (``oxigraph:PATH``, ``memory:``; ``remote`` for SPARQL servers), both behind the
Store API of ``backend``; ``loader`` bulk-loads new graphs in the background; ``formats`` holds the
serialisation and result formats; ``sparql_text`` reads a query's text (its form, its SERVICE calls);
``aggregates`` are the per-checkpoint arrays the first page of the dashboard reads; ``snapshot`` names a
state of the store's content for citable exports. Imports only the foundation (errors, namespaces).
"""
