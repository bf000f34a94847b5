"""``dkg app``: the Streamlit dashboard on a store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path

import click

from diplomatic_kg.cli.options import store_option
from graph.storage.store import StoreError, open_store, parse_store_url

APP = Path(__file__).resolve().parents[2] / "app.py"


def absolute_store_url(url: str) -> str:
    """``oxigraph:data/store`` -> ``oxigraph:/abs/path/data/store`` (the app may run from another folder)."""
    scheme, location = parse_store_url(url)
    if scheme == "oxigraph":
        return f"oxigraph:{Path(location).expanduser().resolve()}"
    return url if scheme != "memory" else "memory:"


def streamlit_command(port: int, host: str) -> list[str]:
    """The command line that serves app.py (headless: the browser is opened by us, when there is one)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.address", host,
            "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--client.toolbarMode", "minimal"]


def port_free(host: str, port: int) -> bool:
    """Nothing listens on ``host:port``, so the dashboard can serve there."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        # As tornado's own listener does: connections of a dashboard just stopped linger in TIME-WAIT for a
        # minute, and without SO_REUSEADDR they made the port look taken. A live listener still refuses the bind.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _has_display() -> bool:
    """A graphical browser can open here (on a server, webbrowser would start a text browser in the terminal)."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _launch(cmd: list[str], env: dict[str, str], url: str, open_browser: bool) -> int:
    """Run the server until it exits, Ctrl-C or SIGTERM (which stop it too); open the browser once it answers.
    Returns the server's exit code."""
    proc = subprocess.Popen(cmd, env=env)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if urllib.request.urlopen(url + "_stcore/health", timeout=1).read() == b"ok":
                    click.echo(f"Dashboard ready at {url}")
                    if open_browser:
                        webbrowser.open(url)
                    break
            except OSError:
                time.sleep(0.2)
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_app(store_url: str, port: int = 8501, host: str = "127.0.0.1", open_browser: bool | None = None) -> int:
    """Start the dashboard on ``store_url`` and block until it stops (Ctrl-C)."""
    url_of_store = absolute_store_url(store_url)
    if parse_store_url(url_of_store)[0] == "memory":
        raise StoreError("the dashboard runs in its own process, so it cannot see a memory: store; "
                         "use oxigraph:PATH or an http(s) endpoint")
    open_store(url_of_store, missing_ok=True).close()  # a bad URL fails here; a new store offers the samples
    if not port_free(host, port):
        raise click.UsageError(f"port {port} on {host} is in use (another dashboard?); pass --port")
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    click.echo(f"Starting the dashboard on {url_of_store} at {url} (Ctrl-C to stop)")
    env = dict(os.environ, DKG_STORE=url_of_store)
    browser = _has_display() if open_browser is None else open_browser
    return _launch(streamlit_command(port, host), env, url, browser)


@click.command("app")
@store_option
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface, no login!).")
@click.option("--open/--no-open", "open_browser", default=None,
              help="Open a web browser on the dashboard. [default: when there is a display]")
def app(store_url: str, port: int, host: str, open_browser: bool | None) -> None:
    """Start the dashboard: timeline, event detail with sources, actors, network, SPARQL, ingest.

    The dashboard reads the newest published checkpoint, so `dkg ingest` (by hand or from cron) may write to
    the same store while it runs: new events show on the next interaction, without a restart.

    \b
    Example:
      dkg app --store oxigraph:data/store --port 8502
    """
    sys.exit(run_app(store_url, port, host, open_browser))


COMMANDS = [app]
