"""Finding documents: folders, globs, stdin, .gz, sniffing, missing paths, unreadable files."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.ingest import iter_documents
from storyline.model import RawDocument

from .helpers import docs, split


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("alpha text")
    (root / "b" / "c.html").write_text("<html><body><p>see</p></body></html>")
    (root / "b" / "d.txt").write_text("delta")
    (root / "z.txt").write_text("zulu")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("hidden dir")
    (root / ".dotfile.txt").write_text("hidden file")


def test_folder_is_walked_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    got = docs(iter_documents([str(tmp_path / "in")]))
    rel = [os.path.relpath(d.path, tmp_path / "in") for d in got]
    assert rel == ["a.txt", os.path.join("b", "c.html"), os.path.join("b", "d.txt"), "z.txt"]
    assert [d.data for d in got] == [b"alpha text", b"<html><body><p>see</p></body></html>", b"delta", b"zulu"]
    by_name = {os.path.basename(d.path): d for d in got}
    assert by_name["c.html"].format == "html"
    assert by_name["a.txt"].format == "auto"


def test_glob_is_expanded_and_sorted(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = docs(iter_documents([str(tmp_path / "*.txt")]))
    assert [os.path.basename(d.path) for d in got] == ["a.txt", "z.txt"]


def test_recursive_glob_and_overlap_read_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = docs(iter_documents([str(tmp_path / "**" / "*.txt"), str(tmp_path / "b")]))
    names = [os.path.relpath(d.path, tmp_path) for d in got]
    assert names == ["a.txt", os.path.join("b", "d.txt"), "z.txt", os.path.join("b", "c.html")]


def test_stdin_text_and_jsonl_are_sniffed() -> None:
    got = docs(iter_documents(["-"], stdin=io.BytesIO(b"Just a plain story from stdin.\n")))
    assert [(d.path, d.data, d.format) for d in got] == [("<stdin>", b"Just a plain story from stdin.\n", "auto")]
    lines = b'{"content": "one"}\n{"content": "two"}\n'
    got = docs(iter_documents(["-"], stdin=io.BytesIO(lines)))
    assert [(d.name, d.data) for d in got] == [("<stdin>#line=1", b"one"), ("<stdin>#line=2", b"two")]


def test_stdin_gzip_is_decompressed() -> None:
    got = docs(iter_documents(["-"], stdin=io.BytesIO(gzip.compress(b'{"text": "zipped"}\n'))))
    assert [d.data for d in got] == [b"zipped"]


def test_gz_files_decompressed_by_inner_name(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"a gzipped story"))
    (tmp_path / "rows.jsonl.gz").write_bytes(gzip.compress(b'{"text": "r1"}\n{"text": "r2"}\n'))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>hi</p>"))
    got = docs(iter_documents([str(tmp_path)]))
    assert [(os.path.basename(d.path), d.locator, d.data, d.format) for d in got] == [
        ("page.html.gz", None, b"<p>hi</p>", "html"),
        ("rows.jsonl.gz", "line=1", b"r1", "jsonl"),
        ("rows.jsonl.gz", "line=2", b"r2", "jsonl"),
        ("story.txt.gz", None, b"a gzipped story", "auto"),
    ]


def test_corrupt_and_truncated_gzip_are_bad_archive_and_batch_goes_on(tmp_path: Path) -> None:
    rows = b"".join(b'{"text": "row %d %s"}\n' % (i, os.urandom(40).hex().encode()) for i in range(2000))
    packed = gzip.compress(rows)
    (tmp_path / "a_cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "b_junk.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 100)
    (tmp_path / "c_notgzip.txt.gz").write_bytes(b"plain bytes")
    (tmp_path / "d_ok.txt").write_text("still read")
    got, failed = split(iter_documents([str(tmp_path)]))
    assert [f.problem.code for f in failed] == ["bad_archive"] * 3
    assert failed[0].name.endswith("a_cut.jsonl.gz") and "after line" in failed[0].problem.message
    assert "b_junk.txt.gz" in failed[1].problem.message
    assert "not a gzip file" in failed[2].problem.message
    cut_rows = [d for d in got if d.path.endswith("a_cut.jsonl.gz")]
    assert 0 < len(cut_rows) < 2000  # what was read before the damage is kept
    assert got[-1].data == b"still read"


def test_content_sniffing_for_unknown_extensions(tmp_path: Path) -> None:
    (tmp_path / "dump.data").write_bytes(b'{"body": "sniffed row"}\n')
    (tmp_path / "page").write_bytes(b"<!doctype html><p>x</p>")
    (tmp_path / "array.json").write_bytes(b'[{"text": "not jsonl"}]')
    got = docs(iter_documents([str(tmp_path)]))
    by_name = {os.path.basename(d.path): d for d in got}
    assert by_name["dump.data"].format == "jsonl" and by_name["dump.data"].data == b"sniffed row"
    assert by_name["page"].format == "auto" and by_name["page"].locator is None
    assert by_name["array.json"].format == "auto"


def test_missing_path_raises_usage_error_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("fine")
    with pytest.raises(UsageError, match="nope.txt"):
        iter_documents([str(tmp_path / "ok.txt"), str(tmp_path / "nope.txt")])  # raised at call time
    with pytest.raises(UsageError, match="no files match"):
        iter_documents([str(tmp_path / "*.missing")])
    with pytest.raises(UsageError):
        iter_documents([])


def test_unreadable_file_is_a_failure_and_batch_goes_on(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    locked = tmp_path / "a_locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    (tmp_path / "b_open.txt").write_text("open")
    try:
        items = list(iter_documents([str(tmp_path)]))
    finally:
        locked.chmod(0o644)
    assert items[0].problem.code == "unreadable" and "a_locked.txt" in items[0].problem.message  # type: ignore[union-attr]
    assert isinstance(items[1], RawDocument) and items[1].data == b"open"


def test_file_vanishing_after_resolution_is_unreadable(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    gone.write_text("x")
    it = iter_documents([str(gone)])
    gone.unlink()
    [failure] = list(it)
    assert failure.problem.code == "unreadable" and "gone.txt" in failure.problem.message  # type: ignore[union-attr]


def test_documents_are_streamed_lazily() -> None:
    class Counting(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.inner = io.BytesIO(data)
            self.consumed = 0

        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            chunk = self.inner.read(len(b))
            b[: len(chunk)] = chunk
            self.consumed += len(chunk)
            return len(chunk)

    line = b'{"text": "' + b"x" * 1000 + b'"}\n'
    source = Counting(line * 20_000)  # ~20 MB
    it = iter_documents(["-"], stdin=source)  # type: ignore[arg-type]
    first = next(it)
    assert isinstance(first, RawDocument)
    assert source.consumed < 1_000_000


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    [failure] = list(iter_documents([str(tmp_path / "dangling.txt")]))
    assert failure.problem.code == "unreadable" and "dangling.txt" in failure.name  # type: ignore[union-attr]
