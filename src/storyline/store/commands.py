"""CLI command `storyline copy --from A --to B`: move an archive between back-ends."""

from __future__ import annotations

import os

import click


@click.command("copy")
@click.option("--from", "source", required=True, metavar="DB",
              help="the store to read: a SQLite file or a postgresql:// URL")
@click.option("--to", "dest", required=True, metavar="DB",
              help="the store to write (created and migrated if new): a SQLite file or a postgresql:// URL")
def copy(source: str, dest: str) -> None:
    """Copy every record, raw document, annotation, story and the clusterer's state from one store to another.

    Lossless and idempotent: rows the destination already has are kept, so an interrupted copy can
    be run again, and `storyline ingest --db DEST` continues where the source stopped. Example:
    storyline copy --from news.db --to postgresql://user@host/news
    """
    from storyline.store import is_url, open_store
    from storyline.store.copy import copy_store

    if not is_url(source) and not os.path.exists(source):
        raise click.UsageError(f"database {source!r} does not exist")
    if source == dest:
        raise click.UsageError("--from and --to name the same store")
    with open_store(source) as src, open_store(dest) as dst:
        results = copy_store(src, dst, lambda r: click.echo(
            f"{r.table:<17} {r.source_rows:>9,} row(s), {r.new_rows:>9,} new", err=True))
        click.echo(f"copied {src.target} to {dst.target}: {sum(r.new_rows for r in results):,} new row(s); "
                   f"{dst.count():,} article(s) there")


COMMANDS = (copy,)
