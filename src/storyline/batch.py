"""Batch jobs: stream documents through the pipeline into a store, in crash-safe transactions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from multiprocessing import get_context
from typing import TypeVar

from storyline.model import Article, Counts, Failure, RawDocument
from storyline.pipeline import extract
from storyline.settings import Settings
from storyline.store.base import Store
from storyline.stories.update import update_stories

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def envelope(raw: RawDocument) -> bytes:
    """The bytes kept for re-derivation and `storyline raw`: the document, or a corpus row exactly as read."""
    if raw.original is not None:
        return raw.original
    if not raw.hints and raw.url is None:
        return raw.data
    return json.dumps(
        {"data": raw.data.decode("utf-8", "surrogateescape"), "hints": dict(raw.hints), "url": raw.url,
         "format": raw.format},
        ensure_ascii=False,
    ).encode("utf-8", "surrogateescape")


def _extract_job(args: tuple[RawDocument, Settings]) -> Article | Failure:
    res = extract(*args)
    if args[1].nlp and isinstance(res, Article):
        from storyline.nlp.annotate import annotate

        res = annotate(res, settings=args[1])
    return res


def process(raws: Sequence[RawDocument], settings: Settings) -> list[Article | Failure]:
    """Extract (and, if settings.nlp, annotate) documents in this process, batching the NLP."""
    results = [extract(r, settings) for r in raws]
    if settings.nlp and any(isinstance(r, Article) for r in results):
        from storyline.nlp.annotate import annotate_many

        results = list(annotate_many(results, settings=settings))
    return results


def ingest(
    stream: Iterable[RawDocument | Failure],
    store: Store,
    settings: Settings,
    on_result: Callable[[Article | Failure | None], None] | None = None,
) -> Counts:
    """Extract and store every document; already-stored ones are skipped. One transaction per batch.

    Killing the process loses at most the batch in flight, and a rerun redoes exactly that
    batch: documents are keyed by content hash and written with insert-or-ignore.
    `on_result` is called once per document (None for a skipped one), e.g. to drive a progress bar.
    """
    counts = Counts()
    pool = get_context("spawn").Pool(settings.workers) if settings.workers > 1 else None
    try:
        for chunk in chunked(stream, settings.batch_size):
            _ingest_chunk(chunk, store, settings, counts, pool, on_result)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if settings.stories:
        update_stories(store)  # one transaction after the run; a crash before it is caught up by the next run
    return counts


def _ingest_chunk(
    chunk: Sequence[RawDocument | Failure],
    store: Store,
    settings: Settings,
    counts: Counts,
    pool: object | None,
    on_result: Callable[[Article | Failure | None], None] | None,
) -> None:
    raws = [r for r in chunk if isinstance(r, RawDocument)]
    known = store.known(r.sha256 for r in raws)
    todo: list[RawDocument] = []
    seen: set[str] = set()
    for item in chunk:
        if isinstance(item, Failure):
            _count(counts, item, on_result)
            continue
        sha = item.sha256
        if sha in known or sha in seen:
            counts.skipped += 1
            if on_result:
                on_result(None)
            continue
        seen.add(sha)
        todo.append(item)
    if pool is not None:
        results = list(pool.imap(_extract_job, [(r, settings) for r in todo], chunksize=8))  # type: ignore[attr-defined]
    else:
        results = process(todo, settings)
    articles = [(res, envelope(raw)) for raw, res in zip(todo, results, strict=True) if isinstance(res, Article)]
    failures = [f for f in chunk if isinstance(f, Failure)] + [r for r in results if isinstance(r, Failure)]
    with store.transaction():  # the batch's articles and failures land together, or not at all
        new = set(store.store_new(articles))
        store.record_failures(failures)
    for res in results:
        if isinstance(res, Article) and res.id not in new:  # another ingest stored it meanwhile
            counts.skipped += 1
            if on_result:
                on_result(None)
        else:
            _count(counts, res, on_result)


def _count(counts: Counts, res: Article | Failure, on_result: Callable[[Article | Failure | None], None] | None) -> None:
    if isinstance(res, Failure):
        counts.failed += 1
        counts.failures.append(res)
    elif res.warnings:
        counts.warned += 1
    else:
        counts.ok += 1
    if on_result:
        on_result(res)


def summary_line(counts: Counts) -> str:
    return (
        f"{counts.total} document(s): {counts.ok} ok, {counts.warned} warned, "
        f"{counts.failed} failed, {counts.skipped} already stored"
    )


def parse_map_option(values: Sequence[str]) -> Mapping[str, str] | None:
    """Merge repeated --map options ("title=headline,text=content")."""
    if not values:
        return None
    from storyline.ingest import parse_mapping

    merged: dict[str, str] = {}
    for v in values:
        merged.update(parse_mapping(v))
    return merged
