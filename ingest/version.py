"""The extractor's version, derived from what decides its output: the extraction code, the language data
(ingest/lexicon) and the trained parser. An article stored by another version is extracted again on the next
ingest, even when its text is unchanged (ingest.pipeline)."""

from __future__ import annotations

import ast
import functools
import hashlib
from pathlib import Path

__all__ = ["RELEASE", "extraction_modules", "extractor_version"]

RELEASE = "0.2.0"
_HERE = Path(__file__).resolve().parent


def extraction_modules() -> list[str]:
    """The files of ``ingest`` whose code decides what is extracted: ``events.py`` and every module of the package
    it imports, directly or not (readers, writers and the pipeline are not among them).

    >>> {"events.py", "coder.py", "dates.py"} <= set(extraction_modules())
    True
    >>> "pipeline.py" in extraction_modules()
    False
    """
    seen: set[str] = set()
    todo = ["events"]
    while todo:
        name = todo.pop()
        if name in seen or not (_HERE / f"{name}.py").exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((_HERE / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "ingest":
                todo += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ingest."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                todo += [a.name.split(".")[1] for a in node.names if a.name.startswith("ingest.")]
    return sorted(f"{name}.py" for name in seen)


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """``RELEASE+digest`` of the extraction code, the lexicon files and the parser model.

    >>> extractor_version().startswith(RELEASE + "+")
    True
    """
    from ingest import syntax

    h = hashlib.sha256()
    for name in extraction_modules():
        h.update((_HERE / name).read_bytes())
    for path in sorted((_HERE / "lexicon").glob("*.toml")):
        h.update(path.read_bytes())
    h.update(syntax.model_version().encode())
    return f"{RELEASE}+{h.hexdigest()[:10]}"
