"""Every setting declared once, with its default, its environment variable and its help."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from storyline.store.filters import COUNT_LIMIT


def _setting(default: Any, help: str) -> Any:
    from dataclasses import field

    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Run-time settings. Each can be set by CLI option or by STORYLINE_<NAME> in the environment."""

    db: str = _setting("storyline.db", "the store: a SQLite file path, or a postgresql://user@host/dbname URL")
    max_document_bytes: int = _setting(
        20_000_000, "documents larger than this many bytes fail with code too_large"
    )
    min_body_chars: int = _setting(
        200, "bodies shorter than this many characters get a short_body warning"
    )
    batch_size: int = _setting(200, "documents written per store transaction during ingest")
    workers: int = _setting(
        0, "processes that clean and annotate documents (the store has one writer, this process); 0: one per"
        " core in `storyline` commands, this process only when called from Python"
    )
    engine: str = _setting(
        "local", "where documents are processed: local (this process, or a pool of --workers processes) or"
        " dask (a Dask cluster: --scheduler, else a local cluster of --local-workers processes)"
    )
    scheduler: str = _setting("", "--engine dask: the Dask scheduler to use, e.g. tcp://10.0.0.5:8786")
    local_workers: int = _setting(
        0, "--engine dask without --scheduler: worker processes of the local cluster (0: as many as --workers)"
    )
    shard_docs: int = _setting(
        500, "`process`: documents per shard (files grouped, or lines of a big JSONL file); a shard is the"
        " unit a worker reads, processes, writes and, after a crash, redoes"
    )
    search_limit: int = _setting(20, "default number of search results")
    search_count_limit: int = _setting(
        COUNT_LIMIT, "a search's total is exact up to this many matches; past it, it says 'more than' this many"
        " (so a query matching most of the archive does not count every match); 0: count every match"
    )
    nlp: bool = _setting(
        True, "run the NLP stages (entities, quotes, places, dates) after cleaning; off: cleaning only"
    )
    threads: int = _setting(
        4, "request threads per `serve` worker (each with its own SQLite connection, or a PostgreSQL pool of that size)"
    )
    query_seconds: float = _setting(
        10.0, "`serve`: a database query running longer than this many seconds is cancelled (503 query_timeout)"
    )
    request_seconds: float = _setting(
        15.0, "`serve`: a request whose head (or upload body) has not arrived within this many seconds is dropped"
    )
    stories: bool = _setting(
        True, "after ingest, add the new articles to stories (incremental clustering, one transaction)"
    )
    story_embeddings: float = _setting(
        0.0, "story clustering: weight of dense embeddings in the text similarity, 0 to 1 (0: off, sparse terms"
        " only; >0 needs the embeddings extra); a store keeps the value its stories were first clustered with"
    )
    story_threshold: float = _setting(
        0.15, "story clustering: the similarity an article needs to join a story (lower: bigger stories; a store"
        " keeps the value its stories were first clustered with)"
    )
    htmldate: bool = _setting(
        True, "HTML pages: ask htmldate's extensive search for the publication day where the markup has no date,"
        " only a visible one, or one its URL's /YYYY/MM/DD/ contradicts; off: the markup's cascade alone"
    )
    nlp_paragraph_chars: int = _setting(
        20_000, "the NLP stage parses at most this many characters of one paragraph (longer ones are cut"
        " into pieces at sentence or word breaks, with an nlp_truncated warning)"
    )
    nlp_document_chars: int = _setting(
        300_000, "the NLP stage reads at most this many characters of one document (the rest is not"
        " annotated; an nlp_truncated warning says where it stopped)"
    )
    nlp_seconds: float = _setting(
        60.0, "a document whose NLP takes longer than this many seconds fails with code nlp_timeout"
        " (the batch goes on)"
    )
    max_archive_bytes: int = _setting(
        50_000_000_000, "a compressed file that decompresses to more than this many bytes stops with code"
        " bad_archive (what was read before stays)"
    )
    max_compression_ratio: int = _setting(
        200, "a compressed file whose decompressed size exceeds this many times its compressed size is"
        " a decompression bomb: it stops with code bad_archive"
    )

    @classmethod
    def help_of(cls, name: str) -> str:
        for f in fields(cls):
            if f.name == name:
                return str(f.metadata["help"])
        raise KeyError(name)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then STORYLINE_* environment variables, then explicit (non-None) overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = "STORYLINE_" + f.name.upper()
            if key in env:
                kind = type(getattr(cls(), f.name))
                if kind is bool:
                    values[f.name] = env[key].strip().lower() not in ("0", "false", "no", "off", "")
                else:
                    values[f.name] = kind(env[key])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
