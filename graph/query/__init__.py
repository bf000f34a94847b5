"""Which events, and what the store says of them.

``filters`` is the one filter type (EventFilter) and day parser of every front end; ``queries`` are the named
SPARQL queries (timeline rows, event detail, actors, counts, stats); ``projection`` holds the events as
arrays that the network, the country level and the dashboard count with; ``coding`` derives who acts for whom
and the events' CAMEO / PLOVER codes into their own graph. Imports storage and the foundation.
"""
