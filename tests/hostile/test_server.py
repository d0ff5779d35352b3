"""Hostile requests: ids and cursors that overflow or nest, huge queries, slow queries, unexpected errors."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.store import open_store
from storyline.store.base import QueryTimeout
from storyline.store.sqlite import SQLiteStore
from storyline.web import views
from storyline.web.app import create_app
from storyline.web.security import SECURITY_HEADERS
from tests.web.fixture_store import build


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = str(tmp_path_factory.mktemp("hostile") / "h.db")
    build(path)
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


def _headers_ok(r: object) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, name  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/api/entities/9223372036854775808", "/api/entities/-1",
                                  "/api/entities/99999999999999999999999999", "/entities/9223372036854775808"])
def test_out_of_range_ids_are_not_found(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404, r.text
    _headers_ok(r)


@pytest.mark.parametrize("cursor", [
    base64.urlsafe_b64encode(b"[" * 20_000).decode(),
    base64.urlsafe_b64encode(b"{\"o\":" * 3000 + b"1" + b"}" * 3000).decode(),
    base64.urlsafe_b64encode(b"[1e999999]").decode(),
])
@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/quotes", "/api/entities"])
def test_nested_and_huge_cursors_are_400(client: TestClient, path: str, cursor: str) -> None:
    r = client.get(path, params={"cursor": cursor})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_cursor"
    _headers_ok(r)


def test_a_2000_term_query_is_refused_fast(client: TestClient) -> None:
    q = " ".join(f"w{i}" for i in range(2000))
    t0 = time.perf_counter()
    r = client.get("/api/articles", params={"q": q})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_query"
    assert "too" in r.json()["error"]["message"]
    assert time.perf_counter() - t0 < 1.0


def test_unexpected_errors_are_500s_with_security_headers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(views, "stories", boom)
    for path in ("/api/stories", "/stories"):
        r = client.get(path)
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
        _headers_ok(r)


def test_openapi_documents_error_responses(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"400", "503"} <= set(paths["/api/articles"]["get"]["responses"])
    assert "404" in paths["/api/articles/{article_id}"]["get"]["responses"]
    assert {"403", "405", "413"} <= set(paths["/api/documents"]["post"]["responses"])


def _many(path: Path, n: int = 3000) -> None:
    from tests.store.helpers import article

    with open_store(str(path)) as store:
        store.write_batch([(article(f"m{i}", f"Harbour report {i}", f"The harbour tram report number {i}."), b"x")
                           for i in range(n)])


def test_slow_sqlite_query_is_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "slow.db"
    _many(path)
    with SQLiteStore(path, query_seconds=0.0) as store:  # every statement is already past its deadline
        with pytest.raises(QueryTimeout):
            store.search("harbour")
        with pytest.raises(QueryTimeout):
            store.articles(limit=10)
    with open_store(str(path), query_seconds=5.0) as store:
        assert store.search("harbour").total == 3000


def test_query_timeout_is_a_503(tmp_path: Path) -> None:
    path = str(tmp_path / "t.db")
    _many(Path(path))
    from storyline.settings import Settings

    with TestClient(create_app(path, settings=Settings(db=path, query_seconds=0.0))) as c:
        r = c.get("/api/articles", params={"q": "harbour"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout"


@pytest.mark.slow
def test_slow_request_heads_are_dropped(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    import httpx

    db = str(tmp_path / "s.db")
    build(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", db, "--port", str(port),
                             "--request-seconds", "1", "--log-level", "warning"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert httpx.get(base + "/api/stories", timeout=2).status_code == 200
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        silent, trickle = socket.create_connection(("127.0.0.1", port)), socket.create_connection(("127.0.0.1", port))
        t0 = time.monotonic()
        closed: dict[str, float | None] = {"silent": None, "trickle": None}
        for sock in (silent, trickle):
            sock.settimeout(0.2)
        head = b"GET /api/stories HTTP/1.1\r\nHost: x\r\nX-Slow: "
        while time.monotonic() - t0 < 5 and None in closed.values():
            for name, sock in (("silent", silent), ("trickle", trickle)):
                if closed[name] is not None:
                    continue
                try:
                    if name == "trickle":
                        sock.send(head[:1])
                        head = head[1:] or b"a"
                    if sock.recv(100) == b"":
                        closed[name] = time.monotonic() - t0
                except (TimeoutError, BlockingIOError):
                    pass
                except OSError:
                    closed[name] = time.monotonic() - t0
        assert all(c is not None and c < 4 for c in closed.values()), closed
        assert httpx.get(base + "/api/stories", timeout=2).status_code == 200  # normal requests still served
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
