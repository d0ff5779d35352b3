"""The `storyline` command line: extract, ingest, search, show, stats. Its --help is the documentation."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from storyline import __version__
from storyline.errors import CODES, UsageError
from storyline.model import ENTITY_TYPES, Article, Failure
from storyline.options import (
    engine_options,
    limit_options,
    open_runner,
    require_db,
    setting_option,
    settings_of,
    story_options,
)
from storyline.output import emit, format_option, not_found, print_facets, query_option
from storyline.settings import Settings
from storyline.store.base import as_json as as_json_data
from storyline.store.query import SYNTAX_HELP
from storyline.store.rows_facets import INTERVALS, SORTS

T = TypeVar("T")
# Exit statuses: 0 all succeeded, 1 some documents failed, 2 usage error.
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """storyline: raw news documents in; clean, searchable article records out.

    \b
    Typical use:
      storyline extract article.txt            # records as JSON Lines on stdout
      storyline ingest samples/ --db news.db   # store a folder of documents
      storyline search "Palmyra" --db news.db  # ranked full-text search
      storyline show ID --db news.db           # one stored record as JSON

    Inputs are auto-detected: text dumps, HTML pages, JSONL and CSV corpora (see --map), WARC
    archives, any of them gzip-compressed. Exit status: 0 when every document succeeded, 1 when
    some failed (each failure is reported with a code and the document's name), 2 for usage errors.
    Problem codes are listed by `storyline codes`.
    """


_MAP_HELP = (
    "corpus field mapping, e.g. title=headline,text=content,published=date,authors=byline,url=link "
    "(repeatable; fields: text, title, published, authors, url, id, language)"
)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--map", "maps", multiple=True, help=_MAP_HELP)
@setting_option("max_document_bytes")
@setting_option("min_body_chars")
@setting_option("nlp")
@limit_options
def extract(
    paths: Sequence[str], maps: Sequence[str], max_document_bytes: int | None, min_body_chars: int | None,
    nlp: bool | None, **limits: Any,
) -> None:
    """Print one JSON record per document (JSON Lines) for FILES, folders, globs or - (stdin).

    A document that fails prints {"document": ..., "error": {"code", "message"}} instead, and
    the same message goes to stderr.
    """
    from storyline.batch import parse_map_option
    from storyline.ingest import iter_documents
    from storyline.pipeline import extract_many

    settings = settings_of(max_document_bytes=max_document_bytes, min_body_chars=min_body_chars, nlp=nlp, **limits)
    failed = 0
    out = sys.stdout
    results = extract_many(iter_documents(paths, parse_map_option(maps), settings), settings)
    if settings.nlp:
        from storyline.nlp.annotate import annotate_many

        results = annotate_many(results, settings=settings)
    for res in results:
        if isinstance(res, Failure):
            failed += 1
            click.echo(f"error: {res.problem.message} [{res.problem.code}]", err=True)
            out.write(_dump(res.to_dict()) + "\n")
        else:
            out.write(_dump(res.to_dict()) + "\n")
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@setting_option("db")
@click.option("--map", "maps", multiple=True, help=_MAP_HELP)
@setting_option("max_document_bytes")
@setting_option("min_body_chars")
@setting_option("batch_size")
@engine_options
@setting_option("nlp")
@setting_option("stories")
@story_options
@click.option("--progress/--no-progress", default=None, help="show a progress bar (default: when stderr is a terminal)")
@limit_options
def ingest(
    paths: Sequence[str], db: str | None, maps: Sequence[str], max_document_bytes: int | None,
    min_body_chars: int | None, batch_size: int | None, workers: int | None, engine: str | None,
    scheduler: str | None, local_workers: int | None, nlp: bool | None, stories: bool | None,
    story_embeddings: float | None, story_threshold: float | None, progress: bool | None, **limits: Any,
) -> None:
    """Extract documents from PATHS (files, folders, globs, .gz, - for stdin) into the store.

    Idempotent and crash-safe: a document already stored (same content hash) is skipped, and
    each batch is one transaction, so an interrupted run can simply be run again.
    Prints a summary (ok / warned / failed / already stored) and each failure to stderr.
    New articles then join stories (unless --no-stories), clustered with the --story-* settings;
    a store whose stories were clustered with other ones is refused (exit 2) before anything is read.
    """
    from storyline.batch import ingest as run_ingest
    from storyline.batch import parse_map_option, summary_line
    from storyline.ingest import ByteMeter, iter_documents
    from storyline.progress import IngestBar
    from storyline.store import open_store
    from storyline.stories.clustering import check_store, story_config

    settings = settings_of(
        db=db, max_document_bytes=max_document_bytes, min_body_chars=min_body_chars,
        batch_size=batch_size, workers=workers, engine=engine, scheduler=scheduler, local_workers=local_workers,
        nlp=nlp, stories=stories, story_embeddings=story_embeddings, story_threshold=story_threshold, **limits,
    )
    config = story_config(settings)  # a bad value or a missing embeddings extra: exit 2 before the store is made
    show = sys.stderr.isatty() if progress is None else progress
    meter = ByteMeter()
    bar = IngestBar(paths, meter, show)

    def on_result(res: Article | Failure | None) -> None:
        if isinstance(res, Failure):
            bar.write(f"error: {res.problem.message} [{res.problem.code}]")

    documents = iter_documents(paths, parse_map_option(maps), settings, meter=meter)  # bad paths: exit 2 first
    with open_store(settings.db) as store:
        if config is not None:
            check_store(store, config)  # clustered otherwise: exit 2 before any worker starts
        with open_runner(settings) as runner:
            if runner.workers > 1 or settings.engine != "local":
                bar.write(f"processing on {runner.describe()}")
            counts = run_ingest(documents, store, settings, on_result, runner, on_progress=bar.advance)
        total = store.count()
    bar.close()
    click.echo(summary_line(counts) + f"; {total} article(s) in {settings.db}")
    sys.exit(EXIT_SOME_FAILED if counts.failed else EXIT_OK)


@cli.command(epilog=SYNTAX_HELP)
@click.argument("query")
@setting_option("db")
@click.option("--limit", type=int, default=None, help=Settings.help_of("search_limit") + " [env STORYLINE_SEARCH_LIMIT]")
@setting_option("search_count_limit", type=click.IntRange(min=0))
@click.option("--from", "date_from", metavar="DATE", help="first day kept, YYYY[-MM[-DD]] (inclusive)")
@click.option("--to", "date_to", metavar="DATE", help="last day kept, YYYY[-MM[-DD]] (inclusive)")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="relevance (best first) or date (newest first)")
@click.option("--language", help="only articles in this language (ISO 639-1, e.g. en)")
@click.option("--site", help="only articles from this site (the URL's host without www.)")
@click.option("--entity", type=int, help="only articles naming this entity (its id, from `storyline entities`)")
@click.option("--place", help="only articles mentioning this place (its name)")
@click.option("--story", help="only articles of this story (its id)")
@click.option("--facets", "interval", type=click.Choice(INTERVALS), default=None,
              help="print facet counts over every match instead (languages, sites, entities, places, stories) "
                   "with a histogram by this interval")
@format_option
def search(query: str, db: str | None, limit: int | None, date_from: str | None, date_to: str | None,
           sort: str, language: str | None, site: str | None, entity: int | None, place: str | None,
           story: str | None, interval: str | None, fmt: str, search_count_limit: int | None) -> None:
    """Full-text search over titles and bodies, best first (title matches above body), with snippets."""
    from storyline.store import open_store
    from storyline.store.results import Narrow, SearchHit

    settings = settings_of(db=db, search_limit=limit, search_count_limit=search_count_limit)
    require_db(settings.db)
    narrow = Narrow(date_from, date_to, language, site, entity, place, story)
    with open_store(settings.db) as store:
        try:
            if interval is not None:
                print_facets(store.search_facets(query, narrow, interval), fmt)
                return
            page = store.search(query, limit=settings.search_limit, narrow=narrow, sort=sort,
                                count_limit=settings.search_count_limit)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc

    def text(hit: SearchHit) -> list[str]:
        return [f"{hit.id}  {hit.published or '-':<25}  {hit.title or '(no title)'}", f"    {hit.snippet}"]

    emit(page, SearchHit, fmt, text, "result(s)")


@cli.command()
@click.argument("id")
@setting_option("db")
def show(id: str, db: str | None) -> None:
    """Print one stored record (by id or sha256) as JSON; exit status 1 when there is none."""
    stored, where = _read_one(db, lambda store: store.get(id))
    if stored is None:
        not_found(f"no article with id {id!r} in {where}")
    click.echo(json.dumps(stored.to_dict(), ensure_ascii=False, indent=2))


def _read_one(db: str | None, read: Callable[[Any], T]) -> tuple[T, str]:
    """`read(store)` on the store named by --db (which must exist), and the store's name."""
    from storyline.store import open_store

    settings = settings_of(db=db)
    require_db(settings.db)
    with open_store(settings.db) as store:
        return read(store), settings.db


@cli.command()
@click.argument("id")
@setting_option("db")
def raw(id: str, db: str | None) -> None:
    """Write the exact bytes a stored record came from (a file, or a corpus row or line as read) to stdout."""
    data, where = _read_one(db, lambda store: store.raw(id))
    if data is None:
        not_found(f"no article with id {id!r} in {where}")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@cli.command()
@setting_option("db")
@click.option("--by-code", is_flag=True, help="add warned_by_code: articles per warning code (reads the warned records)")
def stats(db: str | None, by_code: bool) -> None:
    """Counts of stored articles, warnings, failures and formats, as JSON."""
    from storyline.store import open_store

    settings = settings_of(db=db)
    require_db(settings.db)
    with open_store(settings.db) as store:
        out = as_json_data(store.stats())
        if by_code:
            out["warned_by_code"] = store.warning_counts()
    click.echo(json.dumps(out, indent=2, ensure_ascii=False))


@cli.command()
@click.option("--speaker", help="speaker name, mention or any alias (substring, case-insensitive)")
@query_option("words the quote must contain (substring)")
@setting_option("db")
@click.option("--limit", type=int, default=100, show_default=True, help="at most this many quotes")
@format_option
def quotes(speaker: str | None, query: str | None, db: str | None, limit: int, fmt: str) -> None:
    """List stored quotes, oldest first: who said what, when, and in which article."""
    from storyline.store import open_store
    from storyline.store.results import QuoteRow

    settings = settings_of(db=db)
    require_db(settings.db)
    with open_store(settings.db) as store:
        page = store.quotes(speaker=speaker, text=query, limit=limit)

    def text(r: QuoteRow) -> list[str]:
        who = r.speaker_name or "(unknown speaker)"
        via = f" (source: {r.source_name})" if r.source_name else ""
        return [f"{(r.published or '-')[:10]}  {who}{via} [{r.kind}, {r.cue or '-'}]", f"    {r.text}",
                f"    -- {r.title or '(no title)'} ({r.article_id})"]

    emit(page, QuoteRow, fmt, text, "quote(s)")


@cli.command()
@query_option("name or alias (substring, case-insensitive)")
@click.option("--type", "etype", type=click.Choice(sorted(ENTITY_TYPES)), help="entity type")
@setting_option("db")
@click.option("--limit", type=int, default=50, show_default=True, help="at most this many entities")
@format_option
def entities(query: str | None, etype: str | None, db: str | None, limit: int, fmt: str) -> None:
    """List canonical entities across the corpus by mentions: id, name, role, type, counts, dates, aliases."""
    from storyline.store import open_store
    from storyline.store.results import EntityRow

    settings = settings_of(db=db)
    require_db(settings.db)
    with open_store(settings.db) as store:
        page = store.entities(query=query, type=etype, limit=limit)

    def text(r: EntityRow) -> list[str]:
        role = f" ({r.role})" if r.role else ""
        lines = [f"{r.id}  {r.name}{role}  {r.type}  mentions={r.mentions} articles={r.articles}"
                 f"  {r.first_date or '-'}..{r.last_date or '-'}"]
        others = [a for a in r.aliases if a != r.name]
        return lines + ([f"    aka {', '.join(others)}"] if others else [])

    emit(page, EntityRow, fmt, text, "entities")


@cli.command()
def codes() -> None:
    """List every problem code a record's warnings or a failure can carry."""
    width = max(map(len, CODES))
    for code, meaning in CODES.items():
        click.echo(f"{code:<{width}}  {meaning}")


def _plugin_commands() -> None:
    """Add the commands that live beside their stage (stories, web, store, shards, export)."""
    import importlib

    for module in ("storyline.stories.commands", "storyline.web.commands", "storyline.store.commands",
                   "storyline.shards.commands", "storyline.export.commands"):
        for command in importlib.import_module(module).COMMANDS:
            cli.add_command(command)


_plugin_commands()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: maps storyline's UsageError to exit status 2 with a one-line message."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="storyline", standalone_mode=True)
    except UsageError as exc:
        click.echo(f"storyline: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
