"""The README's command blocks marked "runs as written" do run as written: each line, in a folder laid out like a
clone (the bundled samples and the gold sets), against a fresh store, exits 0."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARK = "<!-- runs as written: tests/test_readme.py -->"


def blocks() -> list[list[str]]:
    """Each marked block: its shell commands, one a line, or (a ```python block) its whole text as one item
    run with ``python -c``."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() == MARK:
            assert lines[i + 1].startswith("```"), f"README line {i + 2}: a marked block starts with a fence"
            python = lines[i + 1].strip() == "```python"
            body = []
            for cmd in lines[i + 2:]:
                if cmd.startswith("```"):
                    break
                body.append(cmd if python else re.sub(r"\s+#.*$", "", cmd).strip())  # a comment after the command
            out.append([PYTHON + "\n".join(body)] if python else [c for c in body if c])
    return out


PYTHON = "#python\n"  # marks a block's text to run as Python


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("clone")
    (where / "data").mkdir()
    for rel in ("data/samples", "data/samples_gold", "tests"):
        (where / rel).symlink_to(ROOT / rel)
    return where


def test_there_are_marked_blocks():
    assert len(blocks()) >= 4


@pytest.mark.parametrize("block", range(len(blocks())))
def test_readme_block_runs_as_written(clone, block):
    env = dict(os.environ, DKG_STORE=f"oxigraph:{clone / 'data' / 'store'}",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    subprocess.run(["dkg", "ingest", "data/samples/", "-q"], cwd=clone, env=env, capture_output=True, timeout=300)
    for command in blocks()[block]:
        argv = [sys.executable, "-c", command] if command.startswith(PYTHON) else shlex.split(command)
        done = subprocess.run(argv, cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
