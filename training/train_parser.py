#!/usr/bin/env python3
"""Train the tagger and dependency parser that ingest loads, on UD English EWT, and measure it.

One command, from the project folder (about 25 minutes on 2 cores):

    python training/train_parser.py                       # ../shared/treebanks -> ingest/models/en_ud_parser
    python training/train_parser.py --steps 1200          # a quick run, to try a config change
    python training/train_parser.py --evaluate-only       # re-measure the committed model
    python training/train_parser.py --out /tmp/m --set components.tok2vec.model.encode.width=64   # a variant

It converts the CoNLL-U files to spaCy's format, trains with ``training/parser.cfg``, copies the best model
(by the dev score) into the package, and writes ``accuracy.json`` beside it: UPOS, PTB tag, UAS and LAS on
the EWT test set and on PUD (news and Wikipedia sentences), and parsing speed in words per second of CPU time. The
treebanks are CC BY-SA 4.0 (Universal Dependencies); so is the trained model (see the README).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "training" / "parser.cfg"
MODEL = ROOT / "ingest" / "models" / "en_ud_parser"
TREEBANKS = ROOT.parent / "shared" / "treebanks"
KEEP = ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "tagger", "morphologizer", "parser")


def convert(conllu: Path, out: Path, sentences_per_doc: int = 10) -> Path:
    """A CoNLL-U file as a spaCy DocBin (documents of ``sentences_per_doc`` sentences)."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    text = conllu.read_text(encoding="utf-8")
    docs = conllu_to_docs(text, n_sents=sentences_per_doc, merge_subtokens=False, no_print=True)
    target = out / (conllu.stem + ".spacy")
    DocBin(docs=list(docs), store_user_data=False).to_disk(target)
    return target


def evaluate(model: Path, data: Path) -> dict[str, float]:
    """UPOS / tag / UAS / LAS on a DocBin (gold tokenisation and sentences), and words per second of CPU time."""
    from spacy.tokens import DocBin
    from spacy.training import Example

    from ingest.syntax import load_model, one_blas_thread

    nlp = load_model(model)  # as ingest loads it (its matrix products by OpenBLAS where numpy has it)
    gold = list(DocBin().from_disk(data).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(g.text), g) for g in gold]
    words = sum(len(g) for g in gold)
    docs = [nlp.make_doc(g.text) for g in gold]
    with one_blas_thread():
        scores = nlp.evaluate(examples)
        started = time.process_time()  # the parse alone, in CPU time (a shared machine disturbs it less)
        for _ in nlp.pipe(docs):
            pass
        seconds = time.process_time() - started
    return {"upos": round(scores["pos_acc"] * 100, 1), "tag": round(scores["tag_acc"] * 100, 1),
            "uas": round(scores["dep_uas"] * 100, 1), "las": round(scores["dep_las"] * 100, 1),
            "words": words, "words_per_cpu_second": round(words / seconds)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--treebanks", type=Path, default=TREEBANKS, help="folder holding UD_English-EWT and -PUD")
    ap.add_argument("--out", type=Path, default=MODEL, help="where the trained pipeline goes")
    ap.add_argument("--steps", type=int, help="training steps (default: the config's)")
    ap.add_argument("--evaluate-only", action="store_true", help="measure the model at --out, train nothing")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a config setting (a JSON value), e.g. components.parser.model.hidden_width=64")
    args = ap.parse_args()
    ewt, pud = args.treebanks / "UD_English-EWT", args.treebanks / "UD_English-PUD"
    for needed in (ewt / "en_ewt-ud-train.conllu", pud / "en_pud-ud-test.conllu"):
        if not needed.exists():
            print(f"missing {needed}: pass --treebanks", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="dkg-parser-") as tmp:
        work = Path(tmp)
        data = {name: convert(path, work) for name, path in
                {"train": ewt / "en_ewt-ud-train.conllu", "dev": ewt / "en_ewt-ud-dev.conllu",
                 "test": ewt / "en_ewt-ud-test.conllu", "pud": pud / "en_pud-ud-test.conllu"}.items()}
        if not args.evaluate_only:
            from spacy.cli.train import train

            overrides = {"paths.train": str(data["train"]), "paths.dev": str(data["dev"])}
            if args.steps:
                overrides["training.max_steps"] = args.steps
            for item in args.set:
                key, _, value = item.partition("=")
                overrides[key] = json.loads(value)
            started = time.perf_counter()
            train(CONFIG, work / "output", overrides=overrides)
            minutes = (time.perf_counter() - started) / 60
            best = work / "output" / "model-best"
            if args.out.exists():
                shutil.rmtree(args.out)
            args.out.mkdir(parents=True)
            for name in KEEP:
                src = best / name
                if src.is_dir():
                    shutil.copytree(src, args.out / name)
                elif src.exists():
                    shutil.copy2(src, args.out / name)
            print(f"trained in {minutes:.1f} min -> {args.out}")
        report = {"ewt_test": evaluate(args.out, data["test"]), "pud": evaluate(args.out, data["pud"])}
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    report["size_mb"] = round(size / 1e6, 1)
    (args.out / "accuracy.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
