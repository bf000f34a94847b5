"""Analysis of the events: the interaction ``network`` (centrality, paths, communities), the country
``levels`` it can be folded to, dyad ``panel`` rows per period, and ``storylines`` (tariff threads,
retaliation, calls leading to meetings). Imports the query and storage layers.
"""
