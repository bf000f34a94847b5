"""The extractor's version, derived from what decides its output: the extraction code, the language data
(ingest/lexicon) and the trained parser. An article stored by another version is extracted again on the next
ingest, even when its text is unchanged (ingest.pipeline)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["RELEASE", "extractor_version"]

RELEASE = "0.2.0"
_HERE = Path(__file__).resolve().parent
# the modules whose code decides what is extracted (readers, writers and the pipeline do not)
_CODE = ("article.py", "page.py", "nlp.py", "syntax.py", "coder.py", "mentions.py", "events.py", "extracted.py",
         "merging.py", "tariffs.py", "dates.py", "actors.py")


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """``RELEASE+digest`` of the extraction code, the lexicon files and the parser model.

    >>> extractor_version().startswith(RELEASE + "+")
    True
    """
    from ingest import syntax

    h = hashlib.sha256()
    for name in _CODE:
        h.update((_HERE / name).read_bytes())
    for path in sorted((_HERE / "lexicon").glob("*.toml")):
        h.update(path.read_bytes())
    h.update(syntax.model_version().encode())
    return f"{RELEASE}+{h.hexdigest()[:10]}"
