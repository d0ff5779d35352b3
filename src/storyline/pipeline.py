"""The extraction pipeline: one raw document in, one Article (or a Failure) out; no I/O here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from storyline.errors import DocumentError
from storyline.extract import finalize
from storyline.extract.decode import decode_bytes, repair
from storyline.model import Article, Failure, Problem, RawDocument, Source
from storyline.settings import Settings

Stage = Callable[[Article], Article]

_HTML_SNIFF = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title)",
    re.I | re.S,
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|span|a|article|section|h[1-6])\b[^>]*>", re.I)


def sniff_format(raw: RawDocument, text: str) -> str:
    """'html' or 'text': the reader's guess unless it said 'auto' or 'row' (rows may hold HTML)."""
    if raw.format in ("html", "text"):
        return raw.format
    head = text[:2048]
    if _HTML_SNIFF.match(head):
        return "html"
    if len(_HTML_TAGS.findall(text[:20000])) >= 3:
        return "html"
    return "text"


def decode_stage(raw: RawDocument, settings: Settings) -> Article:
    """Bytes to an Article holding the repaired text; raises DocumentError for unusable input."""
    if len(raw.data) > settings.max_document_bytes:
        raise DocumentError(
            "too_large",
            f"{raw.name}: {len(raw.data):,} bytes exceeds max-document-bytes {settings.max_document_bytes:,}",
        )
    text, problems = decode_bytes(raw.data, raw.name)
    fmt = sniff_format(raw, text)
    fixed, changed = repair(text)
    if changed:
        problems.append(("mojibake_repaired", f"{raw.name}: mis-decoded characters were repaired"))
    source = Source(path=raw.path, format=_source_format(raw, fmt), sha256=raw.sha256, locator=raw.locator)
    return Article(
        source=source,
        text=fixed,
        url=raw.url or raw.hint("url"),
        warnings=tuple(Problem(c, m) for c, m in problems),
    )


def _source_format(raw: RawDocument, fmt: str) -> str:
    if raw.format in ("jsonl", "csv", "warc"):
        return f"{raw.format}:{fmt}"
    return fmt


def stages_for(fmt: str, settings: Settings | None = None) -> list[Stage]:
    """The ordered stages for a decoded document of this format."""
    if fmt.endswith("html"):
        from storyline.extract.html import extract_html
        from storyline.extract.html_htmldate import with_htmldate

        dates = [with_htmldate] if (settings or Settings()).htmldate else []
        return [extract_html, *dates, finalize.finalize]
    from storyline.extract.textdump import clean_dump

    return [clean_dump, finalize.finalize]


def extract(raw: RawDocument, settings: Settings | None = None) -> Article | Failure:
    """Run the whole pipeline on one document. Never raises for bad input: returns a Failure."""
    settings = settings or Settings()
    try:
        doc = decode_stage(raw, settings)
        doc = finalize.apply_hints(doc, raw)
        for stage in stages_for(doc.source.format, settings):
            doc = stage(doc)
        doc = finalize.check(doc, settings)
        return doc
    except DocumentError as exc:
        return Failure(raw.name, Problem(exc.code, exc.message), _safe_sha(raw))
    except RecursionError as exc:  # deeply nested HTML: a document problem, not a crash
        return Failure(raw.name, Problem("no_article", f"{raw.name}: document too deeply nested ({exc})"), _safe_sha(raw))
    except Exception as exc:  # noqa: BLE001 - a batch never dies on one document
        return Failure(
            raw.name,
            Problem("internal", f"{raw.name}: {type(exc).__name__}: {exc}"),
            _safe_sha(raw),
        )


def _safe_sha(raw: RawDocument) -> str | None:
    try:
        return raw.sha256
    except Exception:  # noqa: BLE001
        return None


def extract_many(
    raws: Iterable[RawDocument | Failure], settings: Settings | None = None
) -> Iterator[Article | Failure]:
    """Lazily extract a stream; reader failures pass through unchanged."""
    for raw in raws:
        yield raw if isinstance(raw, Failure) else extract(raw, settings)

