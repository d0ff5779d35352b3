"""CLI commands `storyline process PATH... --out DIR` and `storyline load DIR`: corpora through Parquet shards."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from storyline.options import (
    engine_options,
    limit_options,
    open_runner,
    setting_option,
    settings_of,
    story_options,
)


@click.command("process")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", required=True, metavar="DIR",
              help="folder (or fsspec URL) for the Parquet tables, one file per table per shard")
@click.option("--map", "maps", multiple=True, help="which corpus column holds which field (as for ingest)")
@setting_option("shard_docs")
@setting_option("batch_size")
@engine_options
@setting_option("max_document_bytes")
@setting_option("min_body_chars")
@setting_option("nlp")
@click.option("--progress/--no-progress", default=None, help="show a progress bar over shards (default: on a terminal)")
@limit_options
def process(paths: Sequence[str], out: str, maps: Sequence[str], progress: bool | None, **options: Any) -> None:
    """Clean and annotate PATHS into Parquet shards under --out, on the chosen engine; no store is written.

    Each shard's tables (articles with their raw bytes, quotes, entities, places, dates, failures)
    are written by the worker that processed it, then a marker: a rerun skips complete shards, a
    shard whose worker died is done again, one that keeps failing is listed with its reason (exit 1)
    and retried by the next run. Then `storyline load DIR --db ...` puts them in a store.
    Example: storyline process corpus/ --out shards/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from tqdm import tqdm

    from storyline.batch import parse_map_option
    from storyline.shards.job import ShardReport, process_corpus
    from storyline.shards.plan import plan

    settings = settings_of(**options)
    mapping = parse_map_option(maps)
    shards = plan(paths, settings.shard_docs)  # one plan for the total and the run: counting a big JSONL file's lines reads it
    total = len(shards)
    bar = tqdm(total=total, unit="shard", desc="process", disable=None if progress is None else not progress,
               file=sys.stderr)

    def on_report(report: ShardReport) -> None:
        bar.update(1)
        if report.status == "failed":
            bar.write(f"error: shard {report.name} ({report.what}) failed: {report.reason}", file=sys.stderr)

    with open_runner(settings) as runner:
        click.echo(f"{total} shard(s) of up to {settings.shard_docs} document(s), on {runner.describe()}", err=True)
        reports = process_corpus(paths, out, settings, runner, settings.shard_docs, mapping, on_report, shards)
    bar.close()
    by = {s: sum(1 for r in reports if r.status == s) for s in ("done", "complete", "failed")}
    docs = [sum(getattr(r, k) for r in reports) for k in ("ok", "warned", "failed")]
    click.echo(f"{len(reports)} shard(s): {by['done']} processed, {by['complete']} complete before, {by['failed']}"
               f" failed; documents: {docs[0]} ok, {docs[1]} warned, {docs[2]} failed; tables in {out}")
    sys.exit(1 if by["failed"] or docs[2] else 0)


@click.command("load")
@click.argument("folder", metavar="DIR")
@setting_option("db")
@setting_option("batch_size")
@setting_option("stories")
@story_options
def load(folder: str, **options: Any) -> None:
    """Load the complete shards of DIR (written by `storyline process`) into the store, then cluster stories.

    Idempotent: records already stored are skipped, so a load can be rerun, or rerun after more shards
    are complete. On PostgreSQL the rows go in with COPY. Stories are clustered with the --story-*
    settings; a store whose stories were clustered with other ones is refused (exit 2) before loading.
    """
    from storyline.batch import summary_line
    from storyline.shards.load import load_dir
    from storyline.store import open_store
    from storyline.stories.clustering import story_config

    settings = settings_of(**options)
    story_config(settings)  # a bad value or a missing embeddings extra: exit 2 before the store is made
    with open_store(settings.db) as store:
        counts = load_dir(folder, store, settings)
        total = store.count()
    click.echo(summary_line(counts) + f"; {total} article(s) in {settings.db}")
    sys.exit(1 if counts.failed else 0)


COMMANDS = (process, load)
