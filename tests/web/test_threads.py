"""The request thread pool is sized by the `threads` setting (few warm SQLite connections per worker)."""

from __future__ import annotations

from pathlib import Path

import anyio.to_thread
from fastapi.testclient import TestClient

from storyline.settings import Settings
from storyline.web.app import create_app


def _tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_thread_pool_follows_the_setting(fixture_db: tuple[Path, dict[str, str | None]]) -> None:
    path = str(fixture_db[0])
    for threads in (3, 7):
        app = create_app(path, settings=Settings(db=path, threads=threads))
        with TestClient(app) as client:
            assert client.portal is not None
            assert client.portal.call(_tokens) == threads
            assert client.get("/api/articles").status_code == 200
