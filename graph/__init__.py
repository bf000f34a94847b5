"""The store side of diplomatic-kg: namespaces, the RDF store, named queries and network views."""
