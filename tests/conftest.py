"""Shared fixtures: paths to the bundled samples, stores of every back-end (PostgreSQL when it answers), a fake embedder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from storyline.store import open_store
from storyline.store.base import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The PostgreSQL database tests use (each test in a schema of its own, dropped afterwards).
PG_URL = os.environ.get("STORYLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgres")
_pg_problem: list[str | None] = []


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used for tests (None when it answers)."""
    if not _pg_problem:
        try:
            import psycopg

            psycopg.connect(PG_URL, connect_timeout=3).close()
            _pg_problem.append(None)
        except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip with the reason
            _pg_problem.append(f"PostgreSQL at {PG_URL} does not answer: {exc}".strip())
    return _pg_problem[0]


def need_postgres() -> None:
    """Skip with the reason when PostgreSQL is absent; under CI=true fail instead (CI provides it)."""
    problem = postgres_problem()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem + " (required under CI=true)")
        pytest.skip(problem)


def pg_url() -> str:
    """A fresh schema's store URL on the test database."""
    need_postgres()
    return f"{PG_URL}?schema=t_{uuid.uuid4().hex[:12]}"


def drop(target: str) -> None:
    """Drop a PostgreSQL test schema (SQLite files go with tmp_path)."""
    if target.startswith("postgresql://"):
        from storyline.store.postgres import PostgresStore

        s = PostgresStore(target)
        s.drop_schema()
        s.close()


@pytest.fixture
def seed_bytes() -> bytes:
    return (SAMPLES / "seed-palmyra.txt").read_bytes()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each back-end's name in turn."""
    return str(request.param)


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store target of the back-end under test (a file path or a URL)."""
    target = str(tmp_path / "test.db") if backend == "sqlite" else pg_url()
    yield target
    drop(target)


@pytest.fixture
def open_target() -> Iterator[Callable[[str], Store]]:
    """open_store, closing everything it opened at the end of the test."""
    opened: list[Store] = []

    def _open(target: str) -> Store:
        opened.append(open_store(target))
        return opened[-1]

    yield _open
    for s in opened:
        s.close()


class OneHotEmbedder:
    """A fake of the embeddings extra's model: each distinct text its own unit vector, orthogonal to
    every other text's; the texts it was asked to embed are recorded in order."""

    DIMS = 512

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        self.texts.extend(texts)
        out = []
        for text in texts:
            i = self._index.setdefault(text, len(self._index))
            out.append(tuple(1.0 if d == i % self.DIMS else 0.0 for d in range(self.DIMS)))
        return out


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> OneHotEmbedder:
    """Story clustering's default embedder replaced by a OneHotEmbedder, as if the embeddings extra were
    installed (no model is loaded, whether it is or not)."""
    fake = OneHotEmbedder()
    monkeypatch.setattr("storyline.stories.embed.missing_modules", lambda: [])
    monkeypatch.setattr("storyline.stories.cluster.MiniLMEmbedder", lambda: fake)
    return fake
