"""Build small WARC files for the ingest tests with warcio (a dev-only dependency)."""

from __future__ import annotations

import gzip
import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE_HTML = (
    b"<html><head><title>Palmyra retaken</title></head><body><article>"
    b"<p>Syrian troops retook Palmyra on Sunday.</p></article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK"):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2016-03-28T10:00:00Z"},
    )


def build_warc(gzipped: bool, *, extra: bool = False) -> bytes:
    """An HTML response, a request and an image/png response (plus, with extra, a chunked+gzip page and a 301)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzipped)
    w.write_record(
        _response(w, "http://news.example/palmyra", ARTICLE_HTML, [("Content-Type", "text/html; charset=utf-8")])
    )
    req = StatusAndHeaders("GET /palmyra HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    w.write_record(w.create_warc_record("http://news.example/palmyra", "request", payload=io.BytesIO(b""), http_headers=req))
    w.write_record(_response(w, "http://news.example/logo.png", PNG, [("Content-Type", "image/png")]))
    if extra:
        packed = gzip.compress(b"<html><body><p>Chunked and gzipped page.</p></body></html>", mtime=0)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
        w.write_record(
            _response(
                w,
                "http://news.example/chunked",
                chunked,
                [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            )
        )
        w.write_record(
            _response(w, "http://news.example/old", b"", [("Location", "/palmyra")], status="301 Moved Permanently")
        )
    return buf.getvalue()
