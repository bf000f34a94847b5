"""SPARQL: an editor with example queries, results as a table, downloads, clear errors and a time limit.

Queries run in worker processes (graph.endpoint.query_pool), never in the app's own process: a worker is limited in
memory and cannot open a network connection (so SERVICE fetches nothing), and one that overruns the time
limit or crashes is stopped and replaced, so one query cannot take the dashboard down.
"""

import csv
import io
import json
import time

import streamlit as st

from diplomatic_kg.dashboard import components, data
from graph.endpoint.query_pool import QueryPool, Request, answer
from graph.storage.sparql_text import query_form
from graph.storage.store import StoreError, open_store, parse_store_url

WORKERS = 2
MAX_ROWS = 1_000_000  # the downloads hold every row up to this


@st.cache_resource(show_spinner=False)
def _pool(url: str) -> QueryPool | None:
    if parse_store_url(url)[0] == "memory":  # lives in this process only (tests): queries run here
        return None
    pool = QueryPool(url, workers=WORKERS, timeout=300)
    pool.start()
    return pool


def _run(url: str, query: str, limit: float) -> dict:
    """The page's result: ``{"error": ...}`` or ``{"kind", "payload", "seconds"}``."""
    if query_form(query) == "UPDATE":
        return {"error": "The page is read-only: SPARQL Update is not accepted."}
    started = time.perf_counter()
    req = Request(query, ["json", "turtle"], max_rows=MAX_ROWS)
    try:
        pool = _pool(url)
        reply = answer(open_store(url, missing_ok=True), req) if pool is None else pool.run(req, timeout=limit)
    except StoreError as e:
        return {"error": f"The store could not run the query: {e}"}
    message = reply.body.decode("utf-8", "replace").strip()
    if reply.status == 400:
        return {"error": f"The query is not valid: {message}"}
    if reply.status == 503 and "time limit" in message:
        return {"error": f"The query did not finish within {limit:g} s and was stopped. Add a LIMIT, bind more "
                         "of the pattern, or raise the time limit."}
    if reply.status >= 400:
        return {"error": f"The store could not run the query: {message}"}
    return {"kind": reply.kind, "payload": reply.body, "seconds": time.perf_counter() - started,
            "capped": reply.capped_at}


def _examples(actor: str | None) -> dict[str, str]:
    who = f"<{actor}>" if actor else "actor:USA"
    return {
        "Timeline of an actor": f"""# Every event an actor took part in, oldest first
SELECT DISTINCT ?date ?type ?status ?event WHERE {{
  ?event dkg:participant|dkg:imposer|dkg:target {who} ;
         a ?type ; dkg:status ?status .
  FILTER(?type IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))
  OPTIONAL {{ ?event dkg:date ?date }}
}} ORDER BY ?date""",
        "Tariff measures by month": """# Tariff measures per month and action
SELECT ?month ?action (COUNT(DISTINCT ?m) AS ?measures) WHERE {
  ?m a dkg:TariffMeasure ; dkg:date ?d .
  OPTIONAL { ?m dkg:tariffAction ?action }
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ?action ORDER BY ?month ?action""",
        "Co-participation": """# Pairs of actors in the same calls and meetings, most events first
SELECT ?a ?b (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e dkg:participant ?x, ?y .
  FILTER(STR(?x) < STR(?y))
  ?x rdfs:label ?a . ?y rdfs:label ?b .
} GROUP BY ?a ?b ORDER BY DESC(?events) LIMIT 50""",
        "Events reported by several sources": """# Events asserted by more than one article (a named graph each)
SELECT ?event (COUNT(DISTINCT ?g) AS ?sources) WHERE {
  GRAPH ?g { ?event prov:wasDerivedFrom ?g }
} GROUP BY ?event HAVING (COUNT(DISTINCT ?g) > 1) ORDER BY DESC(?sources)""",
        "Articles and their outlets": """SELECT ?article ?title ?outlet ?published WHERE {
  GRAPH ?article { ?article a dkg:Article ; schema:headline ?title .
    OPTIONAL { ?article dkg:outlet ?outlet } OPTIONAL { ?article schema:datePublished ?published } }
} ORDER BY DESC(?published) LIMIT 100""",
    }


def _csv(result: dict) -> bytes:
    names = result["head"]["vars"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(names)
    for b in result["results"]["bindings"]:
        writer.writerow([b.get(n, {}).get("value", "") for n in names])
    return buf.getvalue().encode("utf-8")


st.title("SPARQL")
st.caption("Queries see the union of every article's named graph; an event reported by three articles is asserted "
           "three times, so use DISTINCT (or GRAPH ?g to see who said what). Predeclared prefixes: dkg:, prov:, "
           "schema:, skos:, rdfs:, owl:, xsd:, sem:, actor:, event:, article:. Read-only.")
url, sid = data.store_url(), data.state()
actors = data.actor_options(url, sid)
examples = _examples(next((a["actor"] for a in actors if a["kind"] == "person"), actors[0]["actor"] if actors
                          else None))
linked = data.first_value(st.query_params, "query")
if linked and linked != st.session_state.get("_sparql_linked"):  # a link brought a query: show it
    st.session_state["_sparql_linked"] = linked
    st.session_state["sparql_text"] = linked
elif "sparql_text" not in st.session_state:
    st.session_state["sparql_text"] = examples["Timeline of an actor"]
c1, c2 = st.columns([3, 1])
choice = c1.selectbox("Example queries", ["(keep my query)", *examples], key="sparql_example")
if choice != "(keep my query)" and st.session_state.get("_sparql_example_loaded") != choice:
    st.session_state["_sparql_example_loaded"] = choice
    st.session_state["sparql_text"] = examples[choice]
elif choice == "(keep my query)":
    st.session_state["_sparql_example_loaded"] = None
limit = c2.number_input("Time limit (s)", min_value=1, max_value=300, value=20, step=5, key="sparql_limit")
query = st.text_area("Query", key="sparql_text", height=240)
run = st.button("Run query", type="primary", key="sparql_run", icon=":material/play_arrow:")

if run:
    st.session_state.pop("sparql_result", None)
    if not query.strip():
        st.session_state["sparql_result"] = {"error": "The query is empty."}
    else:
        with st.spinner("Running…"):
            st.session_state["sparql_result"] = _run(url, query, float(limit))

result = st.session_state.get("sparql_result")
if result and "error" in result:
    st.error(result["error"])
elif result:
    took = f"{result['seconds']:.2f} s"
    if result["kind"] == "graph":
        text = result["payload"].decode("utf-8")
        st.caption(f"{text.count(chr(10))} lines of Turtle in {took}")
        st.code(text[:200_000], language="turtle")
        st.download_button("Download Turtle", result["payload"], "result.ttl", "text/turtle", key="dl_ttl")
    else:
        parsed = json.loads(result["payload"])
        if result["kind"] == "boolean":
            st.success(f"ASK: **{'true' if parsed['boolean'] else 'false'}** ({took})")
        else:
            names = parsed["head"]["vars"]
            rows = [{n: b.get(n, {}).get("value") for n in names} for b in parsed["results"]["bindings"]]
            st.caption(f"{len(rows):,} row{'s' if len(rows) != 1 else ''} in {took}"
                       + (" (the table shows the first 10,000; the downloads hold all)" if len(rows) > 10_000
                          else "")
                       + (f"; cut at {result['capped']:,} rows" if result.get("capped") else ""))
            st.dataframe(rows[:10_000], hide_index=True, column_order=names, key="sparql_table")
            d1, d2 = st.columns(2)
            d1.download_button("Download CSV", _csv(parsed), "result.csv", "text/csv", key="dl_csv")
            d2.download_button("Download JSON (SPARQL results)", result["payload"], "result.json",
                               "application/sparql-results+json", key="dl_json")
components.store_status()
