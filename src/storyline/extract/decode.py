"""Decode stage: bytes to text (BOM, UTF-8, detected charset), binary check, mojibake repair."""

from __future__ import annotations

import codecs
import re

import ftfy
import ftfy.badness

from storyline import resources
from storyline.errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
#: Share of non-ASCII sequences that must be valid UTF-8 for a document to count as "UTF-8 with a
#: few bad bytes" (legacy charsets score near 0 here: Western ones ~0%, CJK ones ~20%).
_MOSTLY_UTF8 = 0.95
# C0 controls other than tab, LF, FF, CR: their share tells binary from text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Characters whose presence suggests mojibake worth handing to ftfy (Latin-1/CP1252 read of UTF-8).
_SUSPECT = re.compile("[\u00c2-\u00c3\u00e2\u00d0\u00d1\u00c5\u00ce\u00cf\u00d8\u00d9\u00e0\u00ef][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122]")


def decode_bytes(data: bytes, name: str) -> tuple[str, list[tuple[str, str]]]:
    """Decode one document; returns the text and (code, message) warnings.

    Raises DocumentError for empty or binary input. Never raises on odd bytes: undecodable
    bytes become U+FFFD with a decode_replaced warning.
    """
    warnings: list[tuple[str, str]] = []
    if not data.strip():
        raise DocumentError("empty", f"{name}: the document is empty")
    encoding = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            data = data[len(bom):]
            break
    if encoding is None and b"\x00" in data[:4096] and _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    if encoding is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _decode_non_utf8(data, name, exc, warnings)
    else:
        text = data.decode(encoding, errors="replace")
    if _is_binary(text):
        raise DocumentError("binary", f"{name}: looks like binary data, not text ({encoding})")
    return text, warnings


def _looks_utf16(data: bytes) -> bool:
    head = data[:2000]
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return max(zeros_even, zeros_odd) / half > 0.4 and min(zeros_even, zeros_odd) / half < 0.05


def _decode_non_utf8(
    data: bytes, name: str, exc: UnicodeDecodeError, warnings: list[tuple[str, str]]
) -> tuple[str, str]:
    """Mostly-UTF-8 text stays UTF-8 (bad bytes replaced), unless it declares a legacy charset and holds
    no valid UTF-8 sequence at all; else the declared charset, then detection."""
    lenient = data.decode("utf-8", errors="replace")
    valid, bad = _utf8_counts(data, lenient)
    declared = _META_CHARSET.search(data[:4096])
    legacy = not valid and declared is not None and _is_legacy(declared.group(1).decode("ascii", "ignore"))
    if not legacy and (bad * 200 < len(data) or valid >= _MOSTLY_UTF8 * (valid + bad)):
        warnings.append(("decode_replaced", f"{name}: {bad} invalid UTF-8 byte sequence(s) replaced"
                         f" ({valid} valid multi-byte; first invalid at byte {exc.start})"))
        return lenient, "utf-8"
    candidates = [declared.group(1).decode("ascii", "ignore")] if declared else []
    candidates.extend(_detected(data))
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if valid and ftfy.badness.badness(text) > ftfy.badness.badness(lenient):
            # The legacy reading garbles the valid UTF-8 sequences into mojibake: UTF-8 it is.
            warnings.append(("decode_replaced", f"{name}: {bad} invalid UTF-8 byte sequence(s) replaced"
                             f" (first at byte {exc.start}); decoding as {enc} would garble {valid} valid ones"))
            return lenient, "utf-8"
        warnings.append(("encoding_guessed", f"{name}: not UTF-8; decoded as {enc}"))
        return text, enc
    warnings.append(("decode_replaced", f"{name}: invalid UTF-8 (first at byte {exc.start}); bad bytes replaced"))
    return lenient, "utf-8"


def _is_legacy(charset: str) -> bool:
    """Whether a declared charset is a known codec other than UTF-8 ("ISO-8859-1", "windows-1252")."""
    try:
        return codecs.lookup(charset).name != "utf-8"
    except LookupError:
        return False


def _utf8_counts(data: bytes, lenient: str) -> tuple[int, int]:
    """(valid multi-byte UTF-8 sequences, invalid sequences) in data; lenient is its 'replace' decoding."""
    replaced = lenient.count("\ufffd")
    literal = data.count(b"\xef\xbf\xbd")  # a real U+FFFD in the input is a valid sequence
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))
    return non_ascii - replaced + literal, replaced - literal


def _detected(data: bytes) -> list[str]:
    """Detected encodings, common web encodings first among those that fit about as well as the best."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return []
    best_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best_chaos + 0.02]
    preference = {enc: i for i, enc in enumerate(resources.lines("encodings.txt"))}

    def rank(m: object) -> int:
        names = [m.encoding, *m.could_be_from_charset]  # type: ignore[attr-defined]
        return min((preference.get(n, len(preference)) for n in names), default=len(preference))

    ordered = sorted(close, key=rank)
    out = []
    for m in ordered:
        names = [m.encoding, *m.could_be_from_charset]
        out.append(min(names, key=lambda n: preference.get(n, len(preference))))
    return out


def _is_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    replaced = sample.count("\ufffd")
    return (controls + replaced) / len(sample) > 0.10 or "\x00" in sample[:1024]


def repair(text: str) -> tuple[str, bool]:
    """Repair mojibake and odd characters; keep typographic quotes. Returns (text, changed)."""
    if text.isascii() or not _SUSPECT.search(text):
        return text, False
    fixed = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    return fixed, fixed != text
