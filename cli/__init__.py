"""The ``dkg`` command: one front door, split by area (data, query, ...).

Library errors are shown as one line, never a traceback. Exit codes: 0 ok, 1 some inputs failed,
2 usage or configuration error, 3 the store no longer holds the snapshot asked for (``dkg export --snapshot``),
75 the store is locked by another writer (try again later).
"""

from __future__ import annotations

import sys

import click

from graph.queries import UnknownActor
from graph.snapshot import SnapshotMismatch
from graph.store import LOCKED_EXIT_CODE, QueryError, StoreError, StoreLocked

SNAPSHOT_EXIT_CODE = 3
"""`dkg export --snapshot ID` when the store no longer holds that snapshot."""


class DkgGroup(click.Group):
    """Turns the library's errors into one clear line and the documented exit codes."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        try:
            return super().invoke(ctx)
        except StoreLocked as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(LOCKED_EXIT_CODE)
        except SnapshotMismatch as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(SNAPSHOT_EXIT_CODE)
        except (StoreError, QueryError, UnknownActor, ValueError, FileNotFoundError) as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)


@click.group(cls=DkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-kg")
def main() -> None:
    """diplomatic-kg: a knowledge graph of diplomatic events built from news articles.

    \b
    Example:
      dkg demo                       # ingest the sample articles and show the timeline
      dkg timeline --actor Carney
    """


def _register() -> None:
    from cli import app, curate, data, evaluation, export, network, query, serve, storyline

    for module in (data, export, query, evaluation, serve, app, network, curate, storyline):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
