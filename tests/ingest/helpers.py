"""Small helpers shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Iterable

from storyline.model import Failure, RawDocument


def docs(items: Iterable[RawDocument | Failure]) -> list[RawDocument]:
    return [d for d in items if isinstance(d, RawDocument)]


def fails(items: Iterable[RawDocument | Failure]) -> list[Failure]:
    return [d for d in items if isinstance(d, Failure)]


def split(items: Iterable[RawDocument | Failure]) -> tuple[list[RawDocument], list[Failure]]:
    seq = list(items)
    return docs(seq), fails(seq)
