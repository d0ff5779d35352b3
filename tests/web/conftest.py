"""Web test fixtures: a store built in code, and in-process clients over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.settings import Settings
from storyline.web.app import create_app

from ..conftest import BACKENDS, drop, pg_url
from .fixture_store import build

TOKEN = "s3cret-upload-token"


@pytest.fixture(scope="module", params=BACKENDS)
def fixture_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[str, dict[str, str | None]]]:
    """The fixture store on each back-end in turn (the API must answer the same on both)."""
    target = str(tmp_path_factory.mktemp("web") / "fixture.db") if request.param == "sqlite" else pg_url()
    yield target, build(target)
    drop(target)


@pytest.fixture(scope="module")
def ids(fixture_db: tuple[str, dict[str, str | None]]) -> dict[str, str | None]:
    return fixture_db[1]


@pytest.fixture(scope="module")
def client(fixture_db: tuple[str, dict[str, str | None]]) -> Iterator[TestClient]:
    with TestClient(create_app(fixture_db[0])) as c:
        yield c


@pytest.fixture
def upload_client(tmp_path: Path) -> Iterator[TestClient]:
    """A server started with a token, over its own store (uploads write to it)."""
    path = tmp_path / "upload.db"
    build(str(path))
    settings = Settings(db=str(path), max_document_bytes=4_000, nlp=False)
    with TestClient(create_app(str(path), token=TOKEN, settings=settings)) as c:
        yield c
