"""The ``dkg`` command: one front door, split by area (data, query, ...).

Library errors (graph.errors.DkgError and its subclasses) are shown as one line, never a traceback, and exit
with their code: 0 ok, 1 some inputs failed, 2 usage or configuration error, 3 the store no longer holds the
snapshot asked for (``dkg export --snapshot``), 75 the store is locked by another writer (try again later).
Any other exception is a bug: one line says so and where its traceback was written, and the exit code is 70.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

import click

from graph.errors import SNAPSHOT_EXIT_CODE as SNAPSHOT_EXIT_CODE  # re-exported: the CLI's documented codes
from graph.errors import DkgError

BUG_EXIT_CODE = 70
"""EX_SOFTWARE: an exception that is not a DkgError escaped the library (a bug, not the user's mistake)."""


def crash_report_dir() -> Path:
    """Where a bug's traceback is written: ``$DKG_CRASH_DIR``, else the system's temporary folder."""
    return Path(os.environ.get("DKG_CRASH_DIR") or tempfile.gettempdir())


def write_crash_report(error: BaseException, argv: list[str]) -> Path:
    """Write the traceback of ``error`` (with the command line) to a new file and return its path."""
    folder = crash_report_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"dkg-crash-{stamp}-{os.getpid()}.txt"
    text = "".join(traceback.format_exception(error))
    path.write_text(f"command: {' '.join(argv)}\n\n{text}", encoding="utf-8")
    return path


class DkgGroup(click.Group):
    """Turns the library's errors into one clear line and the documented exit codes."""

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: ANN001, ANN201 - click's own
        self._argv = [info_name or "dkg", *args]  # the command line, for a bug's report
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        try:
            return super().invoke(ctx)
        except DkgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - anything else is a bug: say so, keep the traceback
            try:
                where = f"the traceback is in {write_crash_report(e, getattr(self, '_argv', ['dkg']))}"
            except OSError:
                where = "the traceback could not be written: " + "".join(traceback.format_exception(e))
            click.echo(f"Error: this is a bug in dkg, not a mistake of yours: {type(e).__name__}: {e}\n"
                       f"  {where}; please report it with the command you ran.", err=True)
            sys.exit(BUG_EXIT_CODE)


@click.group(cls=DkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-kg")
def main() -> None:
    """diplomatic-kg: a knowledge graph of diplomatic events built from news articles.

    \b
    Example:
      dkg demo                       # ingest the sample articles and show the timeline
      dkg timeline --actor Carney
    """


_COMMAND_MODULES = {
    "ingest": "data", "stats": "data", "demo": "data", "export": "export", "sparql": "query", "timeline": "query",
    "extract": "evaluation", "eval": "evaluation", "serve": "serve", "app": "app", "related": "network",
    "path": "network", "pair": "network", "central": "network", "communities": "network", "ego": "network",
    "curate": "curate", "storyline": "storyline",
}
"""Each subcommand and the module of cli/ that defines it (in its COMMANDS list)."""


class _LazyCommands(dict):
    """The subcommands by name, each module imported when one of its commands is first asked for: `dkg timeline`
    does not import spaCy (cli.data and cli.evaluation do, through ingest), and --help lists them all."""

    def _load(self, name: str) -> click.Command | None:
        command = dict.get(self, name)
        if command is None and name in _COMMAND_MODULES:
            module = importlib.import_module(f"diplomatic_kg.cli.{_COMMAND_MODULES[name]}")
            for c in module.COMMANDS:
                dict.__setitem__(self, c.name, c)
            command = dict.get(self, name)
        return command

    def __getitem__(self, name: str) -> click.Command:
        command = self._load(name)
        if command is None:
            raise KeyError(name)
        return command

    def get(self, name: str, default: click.Command | None = None) -> click.Command | None:
        command = self._load(name)
        return default if command is None else command

    def items(self) -> list[tuple[str, click.Command]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]

    def values(self) -> list[click.Command]:  # type: ignore[override]
        return [self[name] for name in self]


main.commands = _LazyCommands.fromkeys(_COMMAND_MODULES)
