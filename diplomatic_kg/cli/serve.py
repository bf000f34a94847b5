"""``dkg serve``: the read-only SPARQL endpoint over the store."""

from __future__ import annotations

import sys

import click

from diplomatic_kg.cli.options import store_option
from graph.endpoint.query_pool import DEFAULT_MEMORY_LIMIT
from graph.endpoint.server import LOOPBACK, EndpointConfig
from graph.endpoint.server import serve as run_server
from graph.storage.store import StoreError, parse_store_url


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: then set a token).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--memory-limit", default=DEFAULT_MEMORY_LIMIT >> 20, show_default=True, type=click.IntRange(min=64),
              metavar="MB", help="Memory one query may use (MiB); past it the query is stopped (HTTP 500).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Result rows (or triples) per answer; larger answers are cut and say so in X-SPARQL-MaxRows.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Query worker processes (queries run in parallel). [default: CPU count, at least 2]")
@click.option("--token", envvar="DKG_SERVE_TOKEN", metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' (prefer $DKG_SERVE_TOKEN: a command line is visible to "
                   "other users).")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let web pages from ORIGIN (e.g. https://yasgui.org, or *) query the endpoint (repeatable).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated queries): the query workers may then open network connections and fetch "
                   "URLs that clients name.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log one line per request.")
def serve(store_url: str, host: str, port: int, timeout: float, memory_limit: int, max_rows: int, workers: int | None,
          token: str | None, cors_origins: tuple[str, ...], allow_service: bool, quiet: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Answers SPARQL JSON, XML, CSV, TSV (SELECT/ASK) and Turtle, N-Triples, JSON-LD (CONSTRUCT/DESCRIBE) by
    the Accept header. Updates and SERVICE are refused; each query is limited in time and rows. The
    server reads the newest checkpoint, so `dkg ingest` may write to the same store while it serves.

    \b
    Example:
      dkg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?e a dkg:Call }' http://127.0.0.1:7878/sparql
    """
    scheme, _ = parse_store_url(store_url)
    if scheme == "memory":
        raise StoreError("dkg serve needs a store that outlives one process: oxigraph:PATH or http(s)://HOST/sparql")
    if host not in LOOPBACK and not token:
        click.echo(f"Warning: serving on {host} without a token: anyone who can reach this port can query the "
                   "store (set $DKG_SERVE_TOKEN)", err=True)
    config = EndpointConfig(store_url=store_url, host=host, port=port, timeout=timeout, max_rows=max_rows,
                            token=token or None, cors_origins=cors_origins, allow_service=allow_service,
                            memory_limit=memory_limit << 20,
                            log=None if quiet else sys.stderr)
    if workers:
        config.workers = workers

    def ready(server: object) -> None:
        url = server.url  # type: ignore[attr-defined]
        click.echo(f"SPARQL endpoint {url} (query page {url.removesuffix('sparql')}), store {store_url}; "
                   f"{config.workers} workers, {timeout:g} s and {max_rows:,} rows per query. Ctrl-C stops.",
                   err=True)

    try:
        run_server(config, ready=ready)
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


COMMANDS = [serve]
