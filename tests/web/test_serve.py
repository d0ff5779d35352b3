"""`storyline serve`: options, refusal of a missing store, and a real uvicorn process serving the API."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from storyline.cli import cli

from .fixture_store import build


def test_serve_is_a_cli_command() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token", "--max-document-bytes"):
        assert option in result.output


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.slow
def test_serve_runs_uvicorn(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    build(str(db))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "tok-123"
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port), "--token", token,
         "--no-nlp", "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(base + "/api/articles", params={"q": "Palmyra"}, timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and len(r.json()["items"]) == 3
        assert "default-src 'self'" in r.headers["content-security-policy"]
        up = httpx.post(base + "/api/documents", content=b"x", headers={"Authorization": "Bearer nope"})
        assert up.status_code == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert "uploads with token" in err and token not in err
