"""The endpoint's query page: a text area, example queries over the project's vocabulary, a results table.

One self-contained HTML page (no external scripts, fonts or styles: the endpoint may run offline).
Results are written into the page as text nodes, never as HTML, and the Content-Security-Policy allows
only this page's own script and style (by hash) and requests to the endpoint itself.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

EXAMPLES: list[tuple[str, str]] = [
    ("Calls, oldest first", """\
SELECT ?date ?event (GROUP_CONCAT(DISTINCT ?name; separator=", ") AS ?participants) WHERE {
  ?event a dkg:Call ; dkg:date ?date ; dkg:participant ?actor .
  ?actor rdfs:label ?name .
}
GROUP BY ?date ?event
ORDER BY ?date"""),
    ("Events reported by several articles", """\
SELECT ?event ?type (COUNT(DISTINCT ?article) AS ?sources) WHERE {
  GRAPH ?article { ?event a ?type ; prov:wasDerivedFrom ?article }
  FILTER(?type IN (dkg:Call, dkg:Meeting, dkg:TariffMeasure))
}
GROUP BY ?event ?type
HAVING (COUNT(DISTINCT ?article) > 1)
ORDER BY DESC(?sources)"""),
    ("Tariff measures", """\
SELECT ?date ?imposer ?target ?action ?rate ?goods ?status WHERE {
  ?m a dkg:TariffMeasure ; dkg:status ?status .
  OPTIONAL { ?m dkg:date ?date }
  OPTIONAL { ?m dkg:imposer/rdfs:label ?imposer }
  OPTIONAL { ?m dkg:target/rdfs:label ?target }
  OPTIONAL { ?m dkg:tariffAction ?action }
  OPTIONAL { ?m dkg:rate ?rate }
  OPTIONAL { ?m dkg:goods ?goods }
}
ORDER BY ?date"""),
    ("Who meets or calls whom (pairs)", """\
SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event dkg:participant ?x , ?y .
  FILTER(STR(?x) < STR(?y))
  ?x rdfs:label ?a . ?y rdfs:label ?b .
}
GROUP BY ?a ?b
ORDER BY DESC(?events)
LIMIT 50"""),
    ("Evidence behind each event", """\
SELECT ?event ?headline ?evidence WHERE {
  GRAPH ?article { ?event dkg:evidence ?evidence ; prov:wasDerivedFrom ?article .
                   OPTIONAL { ?article schema:headline ?headline } }
}
LIMIT 100"""),
    ("Everything about the calls (CONSTRUCT)", """\
CONSTRUCT { ?event ?p ?o } WHERE {
  ?event a dkg:Call ; ?p ?o .
}
LIMIT 200"""),
    ("Any tariff of 100% or more? (ASK)", """\
ASK { ?m a dkg:TariffMeasure ; dkg:rate ?rate . FILTER(?rate >= 100) }"""),
]

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;color:#222}
h1{font-size:1.3em;margin:0 0 .3em}
p.note{color:#555;margin:.2em 0 1em}
textarea{width:100%;height:16em;font:13px/1.4 ui-monospace,monospace;box-sizing:border-box;padding:.5em}
.bar{display:flex;gap:.6em;align-items:center;flex-wrap:wrap;margin:.5em 0}
button{padding:.35em 1.2em;font-size:1em}
#status{color:#555}
#status.error{color:#b00020}
pre{background:#f6f6f6;padding:.6em;overflow:auto;max-height:40em;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}
td.iri{font-family:ui-monospace,monospace;font-size:12px}
"""

_SCRIPT = """
const PREFIXES = {
  "dkg:": "https://w3id.org/diplomatic-kg/ontology#",
  "actor:": "https://w3id.org/diplomatic-kg/id/actor/",
  "event:": "https://w3id.org/diplomatic-kg/id/event/",
  "article:": "https://w3id.org/diplomatic-kg/id/article/",
  "prov:": "http://www.w3.org/ns/prov#",
  "schema:": "https://schema.org/",
  "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
  "xsd:": "http://www.w3.org/2001/XMLSchema#",
};
const cfg = JSON.parse(document.getElementById("config").textContent);
const $ = (id) => document.getElementById(id);
const examples = $("examples");
cfg.examples.forEach(([title, text], i) => {
  const o = document.createElement("option"); o.value = i; o.textContent = title; examples.appendChild(o);
});
examples.addEventListener("change", () => {
  if (examples.value !== "") $("query").value = cfg.examples[examples.value][1];
});
if (cfg.tokenRequired) {
  $("tokenbox").hidden = false;
  $("token").value = sessionStorage.getItem("dkg-token") || "";
}
function compact(iri) {
  for (const [p, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return p + iri.slice(ns.length);
  return iri;
}
function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") { td.className = "iri"; td.textContent = compact(term.value); td.title = term.value; }
  else if (term.type === "bnode") { td.className = "iri"; td.textContent = "_:" + term.value; }
  else { td.textContent = term.value; if (term.datatype) td.title = compact(term.datatype);
         if (term["xml:lang"]) td.title = "@" + term["xml:lang"]; }
  return td;
}
function status(text, isError) { $("status").textContent = text; $("status").className = isError ? "error" : ""; }
async function run() {
  const out = $("results"); out.replaceChildren();
  const headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": $("format").value};
  if (cfg.tokenRequired) {
    sessionStorage.setItem("dkg-token", $("token").value);
    headers["Authorization"] = "Bearer " + $("token").value;
  }
  status("running…");
  const started = performance.now();
  let resp, body;
  try {
    resp = await fetch("sparql", {method: "POST", headers, body: new URLSearchParams({query: $("query").value})});
    body = await resp.text();
  } catch (e) { status("the endpoint did not answer: " + e, true); return; }
  const ms = (performance.now() - started).toFixed(0);
  if (!resp.ok) { status(`HTTP ${resp.status}: ${body}`, true); return; }
  const type = resp.headers.get("Content-Type") || "";
  const cap = resp.headers.get("X-SPARQL-MaxRows");
  if (type.startsWith("application/sparql-results+json")) {
    const data = JSON.parse(body);
    if ("boolean" in data) { status(`${ms} ms`); const p = document.createElement("pre");
      p.textContent = String(data.boolean); out.appendChild(p); return; }
    const vars = data.head.vars, rows = data.results.bindings;
    const table = document.createElement("table"), head = table.insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    rows.forEach((b) => { const tr = table.insertRow(); vars.forEach((v) => tr.appendChild(cell(b[v]))); });
    out.appendChild(table);
    status(`${rows.length} row${rows.length === 1 ? "" : "s"} in ${ms} ms` +
           (cap ? ` — capped at ${cap} rows by the server` : ""));
  } else {
    const p = document.createElement("pre"); p.textContent = body; out.appendChild(p);
    status(`${type.split(";")[0]}, ${body.length} characters in ${ms} ms` + (cap ? ` — capped at ${cap}` : ""));
  }
}
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>diplomatic-kg SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{style}</style></head>
<body>
<h1>diplomatic-kg SPARQL endpoint</h1>
<p class="note">SPARQL 1.1 at <code>/sparql</code> (GET or POST), read-only. Prefixes dkg:, prov:, schema:, skos:,
rdfs:, xsd:, actor:, event:, article: are predeclared. The default graph is the union of all article graphs;
each article is its own named graph. Limits: {timeout} per query, {max_rows} result rows.</p>
<div class="bar">
  <label>Example <select id="examples"><option value="">choose…</option></select></label>
  <label>Format <select id="format">
    <option value="application/sparql-results+json, text/turtle;q=0.9">table (JSON) / Turtle</option>
    <option value="text/csv, text/turtle;q=0.9">CSV / Turtle</option>
    <option value="text/tab-separated-values, application/n-triples;q=0.9">TSV / N-Triples</option>
    <option value="application/sparql-results+xml, application/rdf+xml;q=0.9">XML / RDF/XML</option>
    <option value="application/sparql-results+json, application/ld+json;q=0.9">JSON / JSON-LD</option>
  </select></label>
  <span id="tokenbox" hidden><label>Token <input id="token" type="password" autocomplete="off"></label></span>
</div>
<textarea id="query" spellcheck="false">{first}</textarea>
<div class="bar"><button id="run" type="button">Run</button> <span>(Ctrl+Enter)</span>
  <span id="status"></span></div>
<div id="results"></div>
<script type="application/json" id="config">{config}</script>
<script>{script}</script>
</body></html>
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_csp() -> str:
    """Content-Security-Policy for the page: only its own script and style, requests to this origin only."""
    return (f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def render_page(token_required: bool = False, max_rows: int = 10_000, timeout: float = 30.0) -> bytes:
    """The page's HTML, telling the script whether to ask for a token."""
    config = json.dumps({"tokenRequired": token_required, "examples": EXAMPLES}).replace("</", "<\\/")
    return _PAGE.format(style=_STYLE, script=_SCRIPT, config=config, first=html.escape(EXAMPLES[0][1]),
                        timeout=f"{timeout:g} s", max_rows=f"{max_rows:,}").encode()
