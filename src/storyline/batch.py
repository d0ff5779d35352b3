"""Batch jobs: stream documents through the pipeline into a store, in crash-safe transactions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import islice
from typing import TypeVar

from storyline.model import Article, Counts, Failure, RawDocument
from storyline.pipeline import extract
from storyline.runners import Runner, make_runner
from storyline.settings import Settings
from storyline.store.base import Store
from storyline.stories import inputs as story_inputs
from storyline.stories.clustering import check_store, story_config
from storyline.stories.update import update_stories

T = TypeVar("T")
#: Units a batch is cut into per worker of a pool or cluster: small units keep the last ones from
#: leaving a worker idle while another finishes, and each still batches its documents through nlp.pipe.
UNITS_PER_WORKER = 4


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


@dataclass(frozen=True)
class Work:
    """A picklable unit for a runner: documents to extract (and annotate), and reader failures to pass on."""

    raws: tuple[RawDocument, ...]
    settings: Settings
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class Done:
    """A unit's results, in its documents' order: each record or failure with the bytes to keep for it."""

    results: tuple[tuple[Article | Failure, bytes], ...]
    failures: tuple[Failure, ...] = ()


def process(raws: Sequence[RawDocument], settings: Settings,
            tick: Callable[[], None] | None = None) -> list[Article | Failure]:
    """Extract (and, if settings.nlp, annotate) documents in this process, batching the NLP; `tick()`
    after each document is done (annotation yields as each group of documents is parsed). Each
    record carries its story inputs (stories.inputs), so that the single writer that clusters them, now
    or in a later run, reads those back instead of deriving them from the record."""
    results: Iterable[Article | Failure] = [extract(r, settings) for r in raws]
    if settings.nlp and any(isinstance(r, Article) for r in results):
        from storyline.nlp.annotate import annotate_many

        results = annotate_many(results, settings=settings)
    out = []
    for res in results:
        if isinstance(res, Article):
            res = replace(res, story_inputs=story_inputs.encode(res))  # here, not in the single writer
        out.append(res)
        if tick:
            tick()
    return out


def run_work(work: Work, tick: Callable[[], None] | None = None) -> Done:
    """The pure function every runner runs: a unit in, its results out (the model loaded once per process).

    `tick` (in-process runs only: it does not cross to another process) is called per document."""
    results = process(work.raws, work.settings, tick)
    return Done(tuple((res, envelope(raw)) for raw, res in zip(work.raws, results, strict=True)), work.failures)


def ingest(
    stream: Iterable[RawDocument | Failure],
    store: Store,
    settings: Settings,
    on_result: Callable[[Article | Failure | None], None] | None = None,
    runner: Runner | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Counts:
    """Extract and store every document; already-stored ones are skipped. One transaction per batch.

    Documents are read here, in batches of settings.batch_size; those not yet stored go to the
    runner (default: in-process, or a pool when settings.workers > 1; the CLI passes its own) and
    their results are written here, one transaction per batch, in the batches' order. Killing the
    process loses at most the batches in flight, and a rerun redoes exactly those: documents are
    keyed by content hash and written with insert-or-ignore. `on_result` is called once per
    document once it is written (None for a skipped one). With settings.stories the new articles
    join stories at the end, clustered as the story settings say (see stories.clustering: a store
    clustered with other ones is refused before anything is read). `on_progress(n)` says n more documents
    are done, as soon as they are: per document when the runner works in this process, per unit
    as a pool's or cluster's units come back; it drives a progress bar.
    """
    config = story_config(settings)
    if config is not None:
        check_store(store, config)  # a missing extra or another clustering fails before any document is read
    counts = Counts()
    own = runner is None
    active = runner or make_runner(workers=settings.workers or 1, nlp=settings.nlp)
    in_flight: set[str] = set()
    progress = on_progress or (lambda n: None)
    try:
        parts = 1 if active.workers == 1 else UNITS_PER_WORKER * active.workers
        units = _units(stream, store, settings, counts, on_result, in_flight, parts, progress)
        work = partial(run_work, tick=lambda: progress(1)) if active.in_process else run_work
        for done in active.map(work, units):
            progress(len(done.failures) + (0 if active.in_process else len(done.results)))
            _write(done, store, counts, on_result)
            in_flight.difference_update(r.source.sha256 for r, _ in done.results if isinstance(r, Article))
    finally:
        if own:
            active.close()
    if config is not None:
        update_stories(store, config)  # one transaction after the run; a crash before it is caught up by the next run
    return counts


def _units(
    stream: Iterable[RawDocument | Failure],
    store: Store,
    settings: Settings,
    counts: Counts,
    on_result: Callable[[Article | Failure | None], None] | None,
    in_flight: set[str],
    parts: int = 1,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[Work]:
    """Batches of the stream, without the documents already stored or already on their way, each
    cut into `parts` units (several per worker, so that every worker stays busy to the end)."""
    for chunk in chunked(stream, settings.batch_size):
        raws = [r for r in chunk if isinstance(r, RawDocument)]
        known = store.known(r.sha256 for r in raws)
        todo: list[RawDocument] = []
        for raw in raws:
            if raw.sha256 in known or raw.sha256 in in_flight:
                counts.skipped += 1
                progress(1)
                if on_result:
                    on_result(None)
                continue
            in_flight.add(raw.sha256)
            todo.append(raw)
        size = max(1, -(-len(todo) // parts))
        pieces = [tuple(todo[i : i + size]) for i in range(0, len(todo), size)] or [()]
        failures = tuple(f for f in chunk if isinstance(f, Failure))
        for i, piece in enumerate(pieces):
            yield Work(piece, settings, failures if i == 0 else ())


def _write(done: Done, store: Store, counts: Counts,
           on_result: Callable[[Article | Failure | None], None] | None) -> None:
    articles = [(res, data) for res, data in done.results if isinstance(res, Article)]
    failures = [*done.failures, *(res for res, _ in done.results if isinstance(res, Failure))]
    with store.transaction():  # the batch's articles and failures land together, or not at all
        new = set(store.store_new(articles))
        store.record_failures(failures)
    for failure in done.failures:
        _count(counts, failure, on_result)
    for res, _ in done.results:
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
