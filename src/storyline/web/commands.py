"""`storyline serve`: the web pages and JSON API over a store, with uvicorn."""

from __future__ import annotations

import os

import click

from storyline.options import setting_option
from storyline.settings import Settings


@click.command()
@click.option("--db", "db", default=None, show_default=Settings().db,
              help=Settings.help_of("db") + " [env STORYLINE_DB]")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port to listen on")
@click.option("--token", default=None, envvar="STORYLINE_TOKEN", show_envvar=True,
              help="accept POST /api/documents uploads carrying 'Authorization: Bearer TOKEN'; "
                   "without it the server is read-only")
@click.option("--max-document-bytes", type=int, default=None, show_default=str(Settings().max_document_bytes),
              help="uploads larger than this many bytes are refused (413) [env STORYLINE_MAX_DOCUMENT_BYTES]")
@click.option("--nlp/--no-nlp", default=None, show_default=str(Settings().nlp).lower(),
              help="run the NLP stages on uploaded documents [env STORYLINE_NLP]")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="uvicorn worker processes")
@click.option("--threads", type=click.IntRange(1, 256), default=None, show_default=str(Settings().threads),
              help=Settings.help_of("threads") + " [env STORYLINE_THREADS]")
@click.option("--query-seconds", type=float, default=None, show_default=str(Settings().query_seconds),
              help=Settings.help_of("query_seconds") + " [env STORYLINE_QUERY_SECONDS]")
@click.option("--request-seconds", type=float, default=None, show_default=str(Settings().request_seconds),
              help=Settings.help_of("request_seconds") + " [env STORYLINE_REQUEST_SECONDS]")
@setting_option("search_count_limit", type=click.IntRange(min=0))
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="uvicorn log level")
def serve(db: str | None, host: str, port: int, token: str | None, max_document_bytes: int | None,
          nlp: bool | None, workers: int, threads: int | None, query_seconds: float | None,
          request_seconds: float | None, search_count_limit: int | None, log_level: str) -> None:
    """Serve the web pages and the JSON API (/api/..., docs at /docs) over the store.

    Read-only unless --token is given; then POST /api/documents accepts raw documents that
    carry the token as a Bearer credential. Open http://HOST:PORT/ in a browser.
    """
    import uvicorn

    settings = Settings.from_env(db=db, max_document_bytes=max_document_bytes, nlp=nlp, threads=threads,
                                 query_seconds=query_seconds, request_seconds=request_seconds,
                                 search_count_limit=search_count_limit)
    if "://" not in settings.db and not os.path.exists(settings.db):
        raise click.UsageError(f"database {settings.db!r} does not exist (create it with `storyline ingest`)")
    if token is not None and not token.strip():
        raise click.UsageError("--token must not be empty")
    os.environ["STORYLINE_DB"] = settings.db
    os.environ["STORYLINE_MAX_DOCUMENT_BYTES"] = str(settings.max_document_bytes)
    os.environ["STORYLINE_NLP"] = "1" if settings.nlp else "0"
    os.environ["STORYLINE_THREADS"] = str(settings.threads)
    os.environ["STORYLINE_QUERY_SECONDS"] = str(settings.query_seconds)
    os.environ["STORYLINE_REQUEST_SECONDS"] = str(settings.request_seconds)
    os.environ["STORYLINE_SEARCH_COUNT_LIMIT"] = str(settings.search_count_limit)
    if token:
        os.environ["STORYLINE_TOKEN"] = token
    else:
        os.environ.pop("STORYLINE_TOKEN", None)
    click.echo(f"storyline: serving {settings.db} on http://{host}:{port}/ "
               f"({'uploads with token' if token else 'read-only'})", err=True)
    uvicorn.run("storyline.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, proxy_headers=False, server_header=False,
                http="storyline.web.server:DeadlineProtocol", timeout_keep_alive=5)


COMMANDS = (serve,)
