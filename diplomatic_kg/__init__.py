"""The front ends of diplomatic-kg: the ``dkg`` command (:mod:`diplomatic_kg.cli`) and the Streamlit dashboard's
pages and widgets (:mod:`diplomatic_kg.dashboard`, run by ``app.py``). Both are thin over the Python API of the
top-level packages ``graph`` and ``ingest``. (Not ``dkg``: that import name is taken on PyPI.)"""
