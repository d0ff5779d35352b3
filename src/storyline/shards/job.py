"""`storyline process`: each shard read, cleaned and annotated by a worker into its Parquet files; reruns resume.

A shard is complete when its marker `DIR/_done/<shard>.json` exists (written after its tables);
a rerun skips complete shards. A worker killed mid-shard leaves no marker, so the engine's retry,
or the next run, does the shard again (its files are overwritten). A shard that still fails is
recorded in `DIR/_failed/<shard>.json` with the reason, and tried again by the next run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace

import fsspec

from storyline.batch import chunked, envelope, process
from storyline.model import Article, Failure, RawDocument
from storyline.runners import Runner
from storyline.settings import Settings
from storyline.shards import tables
from storyline.shards.plan import Shard, plan


@dataclass(frozen=True)
class ShardJob:
    """What a worker needs for one shard (picklable)."""

    shard: Shard
    out: str
    settings: Settings
    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ShardReport:
    """How one shard went: done (now), complete (by an earlier run), or failed (with the reason)."""

    name: str
    what: str
    status: str
    ok: int = 0
    warned: int = 0
    failed: int = 0
    reason: str | None = None


def marker(out: str, kind: str, name: str) -> str:
    return f"{out.rstrip('/')}/_{kind}/{name}.json"


def run_shard(job: ShardJob) -> ShardReport:
    """Read, clean and annotate one shard; write its tables, then its marker (the pure worker function)."""
    name, settings = job.shard.name, job.settings
    results: list[tuple[Article, bytes]] = []
    failures: list[Failure] = []
    for chunk in chunked(job.shard.read(dict(job.mapping) or None, settings), settings.batch_size):
        raws = [r for r in chunk if isinstance(r, RawDocument)]
        failures += [f for f in chunk if isinstance(f, Failure)]
        for raw, res in zip(raws, process(raws, settings), strict=True):
            if isinstance(res, Article):
                results.append((res, envelope(raw)))
            else:
                failures.append(res)
    tables.write(job.out, name, tables.rows(results, failures))
    report = ShardReport(name, job.shard.describe(), "done", sum(1 for a, _ in results if not a.warnings),
                         sum(1 for a, _ in results if a.warnings), len(failures))
    fs, _ = fsspec.core.url_to_fs(job.out)
    path = marker(job.out, "done", name)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path, "w") as f:
        f.write(json.dumps(asdict(report)))
    return report


def process_corpus(paths: Sequence[str], out: str, settings: Settings, runner: Runner, docs_per_shard: int,
                   mapping: Mapping[str, str] | None = None,
                   on_report: Callable[[ShardReport], None] | None = None,
                   shards: Sequence[Shard] | None = None) -> list[ShardReport]:
    """Plan `paths` into shards (unless `shards` is that plan already) and run the incomplete ones on
    `runner`; a report per shard, in plan order."""
    fs, _ = fsspec.core.url_to_fs(out)
    fs.makedirs(out, exist_ok=True)
    shards = list(shards) if shards is not None else plan(paths, docs_per_shard)
    reports: list[ShardReport] = []
    todo = []
    for shard in shards:
        done = marker(out, "done", shard.name)
        if fs.exists(done):
            with fs.open(done, "r") as f:
                reports.append(replace(ShardReport(**json.loads(f.read())), status="complete"))
            if on_report:
                on_report(reports[-1])
        else:
            todo.append(ShardJob(shard, out, settings, tuple(sorted((mapping or {}).items()))))
    for report in runner.map(run_shard, todo, on_error=_failed):
        _settle_markers(fs, out, report)
        reports.append(report)
        if on_report:
            on_report(report)
    order = {s.name: i for i, s in enumerate(shards)}
    return sorted(reports, key=lambda r: order[r.name])


def _failed(job: ShardJob, exc: BaseException) -> ShardReport:
    return ShardReport(job.shard.name, job.shard.describe(), "failed", reason=f"{type(exc).__name__}: {exc}")


def _settle_markers(fs: fsspec.AbstractFileSystem, out: str, report: ShardReport) -> None:
    failed = marker(out, "failed", report.name)
    if report.status == "failed":
        fs.makedirs(failed.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(failed, "w") as f:
            f.write(json.dumps(asdict(report)))
    elif fs.exists(failed):
        fs.rm(failed)


def complete_shards(out: str) -> Iterator[str]:
    """Names of the shards whose marker says they are complete, sorted."""
    fs, _ = fsspec.core.url_to_fs(out)
    folder = f"{out.rstrip('/')}/_done"
    if not fs.exists(folder):
        return iter(())
    names = sorted(p.rsplit("/", 1)[-1][: -len(".json")] for p in fs.ls(folder, detail=False) if p.endswith(".json"))
    return iter(names)
