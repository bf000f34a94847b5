"""The code's layering, read from the source with ast: no import cycles between the project's modules (also
through imports inside functions), no module using another module's private (underscore) names, data
flowing one way (graph never imports ingest, the CLI or the dashboard), and graph's sub-packages importing
only from the layers below them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "ingest", "diplomatic_kg")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (a name imported from a package may be its submodule)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in ``module``, at any depth."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.append((sub, None, node.lineno) if sub in MODULES else (base, a.name, node.lineno))
    return out


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _, _ in _imports(module):
            resolved = _resolve(target)
            if resolved and resolved != module and not module.startswith(resolved + "."):
                edges[module].add(resolved)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_scan_sees_the_modules_and_their_imports():
    assert {"graph.storage.store", "graph.query.filters", "ingest.pipeline", "diplomatic_kg.cli",
            "diplomatic_kg.dashboard.components"} <= set(MODULES)
    assert "graph.storage.store" in _graph()["ingest.pipeline"]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]  # the finder finds a cycle


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_no_module_imports_a_private_name_of_another():
    offences = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}  # local name -> project module, to catch module._private too
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                for target, name, line in _imports(module):
                    if line != node.lineno:
                        continue
                    if name and name.startswith("_") and _resolve(target) and _resolve(target) != module:
                        offences.append(f"{path.relative_to(ROOT)}:{line}: {name} from {target}")
                for a in node.names:
                    full = f"{node.module}.{a.name}" if isinstance(node, ast.ImportFrom) else a.name
                    if _resolve(full) == full:
                        aliases[a.asname or a.name.split(".")[0] if isinstance(node, ast.Import) else
                                a.asname or a.name] = full
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.value.id in aliases
                    and aliases[node.value.id] != module):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert sorted(set(offences)) == [], "\n".join(sorted(set(offences)))


def test_graph_imports_nothing_above_it():
    edges = _graph()
    upward = [f"{m} -> {t}" for m, ts in edges.items() if m.startswith("graph") for t in ts
              if not t.startswith("graph")]
    assert upward == []


# graph's layers, lowest first: a module imports from its own layer or from one ranked lower, never higher (the
# endpoint and the query layer both stand on storage alone, so neither imports the other). A new sub-package
# or a new top-level module of graph must be placed here.
GRAPH_LAYERS = {"foundation": 0, "graph.storage": 1, "graph.query": 2, "graph.endpoint": 2, "graph.analysis": 3,
                "graph.write": 4, "top": 5}
FOUNDATION = {"graph", "graph.errors", "graph.namespaces", "graph.identity", "graph.lazy"}
TOP = {"graph.exports", "graph.example"}


def _layer(module: str) -> str:
    if module in FOUNDATION:
        return "foundation"
    if module in TOP:
        return "top"
    return ".".join(module.split(".")[:2])


def test_graph_sub_packages_import_only_the_layers_below():
    modules = [m for m in MODULES if m == "graph" or m.startswith("graph.")]
    assert {_layer(m) for m in modules} == set(GRAPH_LAYERS), "a graph module outside the known layers"
    assert {"graph.storage.store", "graph.query.queries", "graph.analysis.network", "graph.write.writer",
            "graph.endpoint.server"} <= set(modules)
    edges = _graph()
    upward = [f"{m} -> {t}" for m in modules for t in edges[m] if t.startswith("graph")
              and _layer(t) != _layer(m) and GRAPH_LAYERS[_layer(t)] >= GRAPH_LAYERS[_layer(m)]]
    assert upward == []


def test_every_subcommand_is_registered_and_timeline_does_not_load_spacy():
    import importlib
    import subprocess
    import sys

    from diplomatic_kg.cli import _COMMAND_MODULES, main

    defined = {c.name: name for name in set(_COMMAND_MODULES.values())
               for c in importlib.import_module(f"diplomatic_kg.cli.{name}").COMMANDS}
    assert defined == _COMMAND_MODULES
    assert sorted(main.commands) == sorted(defined) and all(main.commands[n].name == n for n in defined)
    code = ("import sys\nfrom diplomatic_kg.cli import main\ntry:\n    main(['timeline', '--store', 'memory:'])\n"
            "except SystemExit:\n    pass\nprint('spacy' in sys.modules, 'diplomatic_kg.cli.data' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "False False", done.stderr
