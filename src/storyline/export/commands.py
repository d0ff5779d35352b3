"""CLI command `storyline export KIND`: articles, quotes, entities, places, stories or timelines to a file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

import click

from storyline.errors import UsageError
from storyline.export.rows import ROW_TYPES, Filters, Truncated
from storyline.export.writers import FORMATS
from storyline.model import ENTITY_TYPES
from storyline.options import require_db, setting_option, settings_of


@click.command("export")
@click.argument("kind", type=click.Choice(tuple(ROW_TYPES)))
@setting_option("db")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="csv, jsonl or parquet (default: from --out's extension, else jsonl)")
@click.option("--out", "-o", metavar="FILE", default="-",
              help="where to write (a path or an fsspec URL; - for stdout, not for parquet)  [default: -]")
@click.option("--query", "-q", help="articles, places: full-text search; quotes: words the quote holds; "
              "entities: name or alias; stories: words of the label")
@click.option("--speaker", help="quotes: speaker name, mention or alias (substring, case-insensitive)")
@click.option("--entity", type=int, help="quotes: the corpus entity id of the speaker")
@click.option("--type", "etype", type=click.Choice(sorted(ENTITY_TYPES)), help="entities: only this type")
@click.option("--from", "date_from", metavar="DATE", help="first day kept, YYYY[-MM[-DD]] (inclusive)")
@click.option("--to", "date_to", metavar="DATE", help="last day kept, YYYY[-MM[-DD]] (inclusive)")
@click.option("--story", metavar="ID", help="only this story's articles (or its timeline)")
def export(kind: str, db: str | None, fmt: str | None, out: str, query: str | None, speaker: str | None,
           entity: int | None, etype: str | None, date_from: str | None, date_to: str | None,
           story: str | None) -> None:
    """Write every stored KIND row the filters keep, streaming (memory stays flat on any archive).

    The columns of each kind are listed in the README ("Export columns"); list columns are JSON
    arrays in CSV, arrays in JSON Lines and Parquet. The count goes to stderr.
    Example: storyline export quotes --speaker Peskov --out peskov.parquet
    """
    from storyline.export.rows import rows
    from storyline.export.writers import write_csv, write_jsonl, write_parquet
    from storyline.store import open_store

    fmt = fmt or _format_of(out)
    if fmt == "parquet" and out == "-":
        raise click.UsageError("parquet needs a file: give --out FILE.parquet")
    settings = settings_of(db=db)
    require_db(settings.db)
    filters = Filters(query, speaker, entity, etype, date_from, date_to, story)
    row_type = ROW_TYPES[kind]
    with open_store(settings.db) as store:
        try:
            stream = rows(store, kind, filters)  # checks the kind, the filters and the story first
        except UsageError as exc:
            raise click.UsageError(str(exc)) from exc
        try:
            if fmt == "parquet":
                n = write_parquet(stream, row_type, out)
            else:
                n = _write_text(stream, row_type, out, write_csv if fmt == "csv" else write_jsonl)
        except Truncated as exc:
            click.echo(f"storyline: error: export {kind}: {exc}", err=True)
            sys.exit(1)
    click.echo(f"{n} {kind} row(s) written to {'stdout' if out == '-' else out}", err=True)


def _format_of(out: str) -> str:
    for fmt in FORMATS:
        if out.endswith("." + fmt) or out.endswith(f".{fmt}.gz"):
            return fmt
    return "jsonl"


def _write_text(stream: Iterable[Any], row_type: type, out: str,
                write: Callable[[Iterable[Any], type, IO[str]], int]) -> int:
    if out == "-":
        return write(stream, row_type, sys.stdout)
    import fsspec

    with fsspec.open(out, "wt", encoding="utf-8", newline="", compression="infer") as f:
        return write(stream, row_type, f)


COMMANDS = [export]
