"""WARC reader (fastwarc): one document per HTTP response record holding HTML or plain text."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from fastwarc.stream_io import BrotliReader, GzipReader, ZstdReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from storyline.ingest.readers import Progress, too_large
from storyline.ingest.streams import ArchiveLimitError, FastwarcInput
from storyline.model import Failure, Problem, RawDocument

#: HTTP content types (before any ;charset=...) taken as documents; other responses are skipped.
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

# HTTP headers of a response are small; allow this much on top of max-document-bytes per block.
_HEADER_SLACK = 256 * 1024

#: Content-Encoding decoders, each read only as far as needed: fastwarc's own content decoding
#: (parse_http auto_decode="content") inflates the whole payload in memory, a bomb in one record.
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "gzip": GzipReader,
    "x-gzip": GzipReader,
    "deflate": lambda inner: GzipReader(inner, zlib=True),
    "br": BrotliReader,
    "zstd": ZstdReader,
}


def bad_archive(path: str, message: str) -> Failure:
    return Failure(path, Problem("bad_archive", f"{path}: {message}"))


def read_warc(path: str, stream: io.BufferedReader, limit: int, progress: Progress) -> Iterator[RawDocument | Failure]:
    """Yield each HTML/text `response` record's HTTP payload (chunking and content-encoding undone).

    Records are read one at a time. A record cut short (truncated file, corrupt gzip) ends the
    file with a bad_archive failure after everything complete before it was yielded.
    """
    source = FastwarcInput(stream)
    records = ArchiveIterator(
        source,
        record_types=WarcRecordType.any_type,
        parse_http=False,
        stream_detect=False,
    )
    count = 0
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        except (OSError, ValueError) as exc:  # fastwarc: "unexpected end of file" and the like
            yield bad_archive(path, f"archive unreadable after {progress.where or 'the start'} ({exc})")
            return
        count += 1
        record_id = record.record_id
        where = f"record {count}" + (f" ({record_id})" if record_id else "")
        if not record_id or not _length_ok(record):
            message = f"malformed WARC record header at {where}{_cause(source)}; stopped reading"
            yield _stop(path, source, progress, message)
            return
        length = record.content_length
        name = f"{path}#{record_id}"
        wanted = record.record_type == WarcRecordType.response
        if not wanted or length > limit + _HEADER_SLACK:
            got = record.reader.consume()
            if got < length:
                yield _stop(path, source, progress, f"{where} is cut short ({got:,} of {length:,} bytes){_cause(source)}")
                return
            if wanted:
                yield too_large(name, length, limit, what="WARC record")
            progress.where = where
            continue
        block = record.reader.read()
        if len(block) < length:
            yield _stop(path, source, progress, f"{where} is cut short ({len(block):,} of {length:,} bytes){_cause(source)}")
            return
        progress.where = where
        doc = _document(path, record, block, limit)
        if doc is not None:
            yield doc
    if source.error is not None:
        yield _stop(path, source, progress, f"archive unreadable after {progress.where or 'the start'}{_cause(source)}")


def _document(path: str, record: WarcRecord, block: bytes, limit: int) -> RawDocument | Failure | None:
    """The response's payload as a RawDocument; None for non-document responses (images, redirects...)."""
    name = f"{path}#{record.record_id}"
    http = WarcRecord()
    http.init_headers(WarcRecordType.response, content_length=len(block))
    http.set_bytes_content(block)
    http.is_http = True
    try:
        http.parse_http(auto_decode="transfer", strict_mode=False)  # chunking only; content: _payload
    except Exception as exc:  # noqa: BLE001 - fastwarc raises various errors on junk headers
        return Failure(name, Problem("bad_archive", f"{name}: HTTP response cannot be parsed ({exc})"))
    headers = http.http_headers
    if headers is None:
        return Failure(name, Problem("bad_archive", f"{name}: record holds no HTTP response"))
    status = headers.status_code
    if status is not None and not 200 <= status < 300:
        return None
    ctype = (http.http_content_type or "").split(";")[0].strip().lower()
    if ctype and ctype not in DOCUMENT_TYPES:
        return None
    try:
        body = _payload(http, limit + 1)
    except Exception as exc:  # noqa: BLE001 - a broken gzip/brotli/chunked payload
        return Failure(name, Problem("bad_archive", f"{name}: HTTP payload cannot be decoded ({exc})"))
    if len(body) > limit:
        return too_large(name, None, limit, what="decoded HTTP payload")
    hints: tuple[tuple[str, str], ...] = ()
    date = record.headers.get("WARC-Date")
    if date:
        hints = (("crawled", date.strip()),)
    url = record.headers.get("WARC-Target-URI")
    url = url.strip().strip("<>") if url else None
    return RawDocument(path=path, data=body, format="warc", locator=record.record_id, hints=hints, url=url or None)


def _payload(http: WarcRecord, most: int) -> bytes:
    """At most `most` bytes of the payload, Content-Encoding undone (stacked encodings too), decoded as far as needed."""
    values = http.http_headers.get_multiple("Content-Encoding") if http.http_headers is not None else ()
    encodings = [e.strip().lower() for value in values for e in value.split(",")]
    encodings = [e for e in encodings if e and e != "identity"]
    if not encodings:
        return http.reader.read(most)
    stream: Any = io.BytesIO(http.reader.read())  # de-chunked; no longer than the record block
    for encoding in reversed(encodings):
        decoder = _DECODERS.get(encoding)
        if decoder is None:
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
        stream = decoder(stream)
    return bytes(stream.read(most))


def _length_ok(record: WarcRecord) -> bool:
    """A record header cut short parses with a missing or partial Content-Length: catch that."""
    declared = (record.headers.get("Content-Length") or "").strip()
    return declared.isdigit() and int(declared) == record.content_length


def _stop(path: str, source: FastwarcInput, progress: Progress, message: str) -> Failure:
    """bad_archive with `message`, or saying which cap stopped a gzip'd WARC (max-archive-bytes...)."""
    if isinstance(source.error, ArchiveLimitError):
        message = f"stopped reading after {progress.where or 'the start'}: the file {source.error}"
    return bad_archive(path, message)


def _cause(source: FastwarcInput) -> str:
    return f" ({type(source.error).__name__}: {source.error})" if source.error is not None else " (file truncated?)"
