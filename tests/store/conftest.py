"""Fixtures for the store contract tests: a fresh store of each back-end and a few hand-built articles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Article, Problem, RelatedItem
from storyline.store.base import Store

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
def store(db_target: str, open_target: Callable[[str], Store]) -> Store:
    """A fresh store of the back-end under test (every test here runs on SQLite and on PostgreSQL)."""
    return open_target(db_target)


@pytest.fixture
def filled(store: Store, articles: list[Article]) -> Store:
    store.write_batch([(a, raw_of(a)) for a in articles])
    return store
