"""Real SPARQL servers for the tests, started on 127.0.0.1 in a temporary folder and stopped afterwards.

Each starter skips the calling test with the reason when the server is not installed:
``oxigraph`` comes with the ``oxigraph`` wheel (the project's test extra), Virtuoso with the Debian
package ``virtuoso-opensource`` (.ci/run installs it).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_sparql(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    """Poll ``url`` with ASK {} until it answers; fail with the server's log if it dies or never answers."""
    deadline = time.monotonic() + seconds
    query = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{url} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            req = urllib.request.Request(query, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    exe = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not exe:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
    return exe


@contextlib.contextmanager
def oxigraph_server(folder: Path, persistent: bool = True, union: bool = True) -> Iterator[str]:
    """``oxigraph serve`` with its data under ``folder`` (or in memory); yields its base URL."""
    exe = oxigraph_binary()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [exe, "serve", "--bind", f"127.0.0.1:{port}"]
    if persistent:
        args += ["--location", str(folder / "db")]
    if union:
        args.append("--union-default-graph")
    log = folder / "oxigraph.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_sparql(base + "/query", proc, 15, log)
        yield base
    finally:
        _stop(proc)


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A private Virtuoso instance in ``folder`` with SPARQL Update granted; yields the /sparql URL."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not exe or not isql or not VIRTUOSO_INI.exists():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does it)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b.*", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b.*", f"ServerPort = 127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^DirsAllowed\s*=.*", f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad", ini)
    ini = re.sub(r"(?m)^ResultSetMaxRows\s*=.*", "ResultSetMaxRows = 1000000", ini)
    (folder / "virtuoso.ini").write_text(ini)
    log = folder / "virtuoso.out"
    with open(log, "wb") as out:
        # Popen, not a shell '&': a killed shell would leave Virtuoso holding its lock file.
        proc = subprocess.Popen([exe, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for_sparql(url, proc, 60, log)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=30)
        yield url
    finally:
        _stop(proc)
