"""What share of sentences (and words) the parser reads: only those that can hold an event (a trigger word and an
actor mention) are parsed (ingest.syntax).

    python benchmarks/parse_share.py [CORPUS_DIR ...]      # default ../shared/corpus/dev

Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest import page, syntax
from ingest.nlp import load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def share(corpus: Path) -> tuple[int, int, int, int]:
    nlp = load_pipeline()
    sents = parsed = words = parsed_words = 0
    for line in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = json.loads(line)["text"]
        kept, _ = page.kept(text, page.zones(text), page.EXTRACTED)
        doc = nlp(kept)
        for s in doc.sents:
            n = sum(1 for t in s if not t.is_space)
            if n == 0:
                continue
            sents += 1
            words += n
            if syntax.parse_of(s) is not None:
                parsed += 1
                parsed_words += n
    return sents, parsed, words, parsed_words


def main() -> None:
    corpora = [Path(p) for p in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus" / "dev"]
    for corpus in corpora:
        sents, parsed, words, parsed_words = share(corpus)
        print(f"{corpus}: {parsed}/{sents} sentences parsed ({parsed / sents:.0%}), "
              f"{parsed_words}/{words} words ({parsed_words / words:.0%})")


if __name__ == "__main__":
    main()
