"""The `Store` interface every storage back-end implements, and the `SearchHit` it returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from storyline.model import Article, Failure


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result: which article, a marked-up snippet, and a score (higher is better).

    Matched terms in `snippet` are wrapped in « and » (plain text: escape it before putting it in HTML).
    """

    id: str
    title: str | None
    published: str | None
    snippet: str
    score: float


@runtime_checkable
class Store(Protocol):
    """Where article records, their raw bytes and failed documents are kept.

    One process writes; readers may be concurrent. `write_batch` is all-or-nothing and idempotent:
    a sha256 already stored is skipped, never duplicated.
    """

    def has(self, sha256: str) -> bool:
        """Whether an article with this content hash is stored."""
        ...

    def known(self, sha256s: Iterable[str]) -> set[str]:
        """The subset of `sha256s` already stored (one batch lookup)."""
        ...

    def write_batch(self, items: Sequence[tuple[Article, bytes]]) -> int:
        """Store articles with their raw bytes in one transaction; return how many were new."""
        ...

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Remember failed documents (keyed by name and sha256, so reruns do not duplicate)."""
        ...

    def get(self, id_or_sha: str) -> dict[str, Any] | None:
        """The record (as `Article.to_dict()`) plus `stored_at`, by 16-hex id or full sha256."""
        ...

    def raw(self, id: str) -> bytes | None:
        """The raw bytes an article was extracted from, by id or sha256."""
        ...

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over titles and bodies, best first; ValueError for an empty query."""
        ...

    def quotes(
        self, speaker: str | None = None, text: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Stored quotes by article date, filtered by speaker (name, mention or alias) and text."""
        ...

    def entities(
        self, query: str | None = None, type: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Corpus-wide canonical entities by mention count, with aliases and first/last dates."""
        ...

    def count(self) -> int:
        """Number of stored articles."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts: articles, failures, warned, by_format ({source format: articles})."""
        ...

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
