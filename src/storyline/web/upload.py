"""`POST /api/documents`: one uploaded document through the pipeline into the store."""

from __future__ import annotations

import re
from typing import Any

from storyline.batch import envelope, process
from storyline.model import Article, Failure, RawDocument
from storyline.settings import Settings
from storyline.web.db import Database

_FORMATS = {".html": "html", ".htm": "html", ".txt": "text"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ingest_upload(db: Database, data: bytes, name: str, settings: Settings) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body): 201 stored, 200 already stored, 422 the document failed."""
    clean = _UNSAFE.sub("_", name).strip("._")[:100] or "upload"
    fmt = next((f for ext, f in _FORMATS.items() if clean.lower().endswith(ext)), "auto")
    raw = RawDocument(path=f"upload:{clean}", data=data, format=fmt)
    store = db.store
    if store.has(raw.sha256):
        return 200, {"id": raw.sha256[:16], "status": "already_stored"}
    [result] = process([raw], settings)
    if isinstance(result, Failure):
        with db.write_lock:
            store.record_failures([result])
        return 422, {"error": result.problem.to_dict()}
    assert isinstance(result, Article)
    with db.write_lock:
        new = store.write_batch([(result, envelope(raw))])
    return (201 if new else 200), {
        "id": result.id, "status": "stored" if new else "already_stored", "title": result.title,
        "warnings": [w.to_dict() for w in result.warnings],
    }
