"""Helpers for the store tests: hand-built articles with distinct sha256 values."""

from __future__ import annotations

import hashlib

from storyline.model import Article, Source


def sha(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def article(label: str, title: str | None, *paragraphs: str, fmt: str = "text", **kw: object) -> Article:
    return Article(
        source=Source(f"corpus/{label}.txt", fmt, sha(label)),
        title=title,
        paragraphs=tuple(paragraphs),
        **kw,  # type: ignore[arg-type]
    )


def raw_of(a: Article) -> bytes:
    return ("RAW " + (a.title or "") + "\n" + a.body).encode()
