"""Fixtures for the store tests: a fresh SQLite store and a few hand-built articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.model import Article, Problem, RelatedItem
from storyline.store.sqlite import SQLiteStore

from .helpers import article, raw_of


@pytest.fixture
def articles() -> list[Article]:
    return [
        article(
            "palmyra",
            "Palmyra recaptured",
            "Government forces entered the ancient city on Sunday.",
            "The Syrian army said the citadel was secured.",
            published="2016-03-27",
            language="en",
            authors=("A. Writer",),
            url="https://example.org/palmyra",
            related=(RelatedItem(id="r1", title="Earlier: the siege", labels=("syria",)),),
        ),
        article(
            "museum",
            "Museum director speaks",
            "The director described damage to Palmyra and its temples.",
            "Restoration could take years.",
            published="2016-03-28",
            warnings=(Problem("no_date", "no publication date could be found"),),
        ),
        article(
            "weather",
            "Storm warning for the coast",
            "Heavy rain is expected. Palmtrees may fall.",
            fmt="html",
        ),
        article("french", "Élection à Paris", "Il a dit « bonjour » aux électeurs de Paris."),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def filled(store: SQLiteStore, articles: list[Article]) -> SQLiteStore:
    store.write_batch([(a, raw_of(a)) for a in articles])
    return store
