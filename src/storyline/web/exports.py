"""Download links of the listings: an export written to a temporary file, then sent as an attachment."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

from storyline.errors import UsageError
from storyline.export.rows import ROW_TYPES, Filters, Truncated, rows
from storyline.export.writers import write_csv, write_jsonl, write_parquet
from storyline.web.db import Database
from storyline.web.views import ViewError, bad_input

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
         "parquet": "application/vnd.apache.parquet"}


def export_file(db: Database, kind: str, fmt: str, filters: Filters) -> tuple[str, int]:
    """Write the export to a temporary file (spilled to disk, so memory stays flat); its path and rows.

    The caller deletes the file once it is sent. Unknown kinds are 404s; bad filters 400s.
    """
    if kind not in ROW_TYPES:
        raise ViewError(404, "not_found", f"no export kind {kind!r}: one of {', '.join(ROW_TYPES)}")
    if filters.story and db.store.story(filters.story) is None:
        raise ViewError(404, "not_found", f"no story with id {filters.story!r}")
    fd, path = tempfile.mkstemp(prefix="storyline-export-", suffix="." + fmt)
    os.close(fd)
    try:
        with bad_input():
            try:
                stream = rows(db.store, kind, filters)
            except UsageError as exc:
                raise ViewError(400, "invalid_parameter", str(exc)) from exc
            try:
                n = _write(stream, ROW_TYPES[kind], fmt, path)
            except Truncated as exc:
                raise ViewError(409, "export_truncated", f"{kind}: {exc}") from exc
    except BaseException:
        os.unlink(path)
        raise
    return path, n


def _write(stream: Iterator[Any], row_type: type, fmt: str, path: str) -> int:
    if fmt == "parquet":
        return write_parquet(stream, row_type, path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        write = write_csv if fmt == "csv" else write_jsonl
        return write(stream, row_type, f)
