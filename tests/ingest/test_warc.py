"""WARC archives via fastwarc: HTML responses only, payload decoded, truncation reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from storyline.ingest import iter_documents
from storyline.settings import Settings

from .helpers import split
from .warcs import ARTICLE_HTML, build_warc


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_yields_only_html_responses(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(build_warc(gzipped))
    got, failed = split(iter_documents([str(path)]))
    assert failed == []
    [doc] = got  # the request and the image/png response are skipped
    assert doc.data == ARTICLE_HTML
    assert doc.format == "warc"
    assert doc.url == "http://news.example/palmyra"
    assert doc.locator is not None and doc.locator.startswith("<urn:uuid:")
    assert doc.name == f"{path}#{doc.locator}"
    assert doc.hint("crawled") == "2016-03-28T10:00:00Z"
    assert doc.hint("published") is None


def test_warc_is_sniffed_without_extension_and_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "crawl.bin"
    path.write_bytes(build_warc(True))
    got, _ = split(iter_documents([str(path)]))
    assert [d.data for d in got] == [ARTICLE_HTML]
    got, _ = split(iter_documents(["-"], stdin=io.BytesIO(build_warc(False))))
    assert [(d.path, d.data) for d in got] == [("<stdin>", ARTICLE_HTML)]


def test_chunked_gzip_payload_is_decoded_and_redirects_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc(True, extra=True))
    got, failed = split(iter_documents([str(path)]))
    assert failed == []
    assert [d.data for d in got] == [ARTICLE_HTML, b"<html><body><p>Chunked and gzipped page.</p></body></html>"]


@pytest.mark.parametrize("gzipped", [False, True])
def test_truncated_warc_keeps_complete_records_then_bad_archive(tmp_path: Path, gzipped: bool) -> None:
    data = build_warc(gzipped, extra=True)
    path = tmp_path / ("a.warc.gz" if gzipped else "a.warc")
    path.write_bytes(data[:-60])  # cut inside the last record
    (tmp_path / "b.txt").write_text("next file")
    got, failed = split(iter_documents([str(tmp_path)]))
    assert got[0].data == ARTICLE_HTML
    assert got[-1].data == b"next file"
    assert not any(d.url == "http://news.example/old" for d in got)
    [failure] = failed
    assert failure.problem.code == "bad_archive" and str(path) in failure.problem.message


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, I am not an archive")
    [failure] = list(iter_documents([str(path)]))
    assert failure.problem.code == "bad_archive"  # type: ignore[union-attr]


def test_warc_record_over_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(build_warc(False))
    settings = Settings(max_document_bytes=50)
    got, failed = split(iter_documents([str(path)], settings=settings))
    assert got == []
    [failure] = failed
    assert failure.problem.code == "too_large" and "<urn:uuid:" in failure.name
