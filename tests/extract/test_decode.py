"""Decoding: UTF-8, BOMs, legacy charsets, invalid bytes, binary input, mojibake repair."""

from __future__ import annotations

import pytest

from storyline.errors import DocumentError
from storyline.extract.decode import decode_bytes, repair
from storyline.model import Article, Failure, RawDocument
from storyline.pipeline import extract

BODY = "The mayor opened the new bridge on Friday, and residents crossed it within minutes. " * 4


def test_utf8_bom_is_dropped() -> None:
    text, warnings = decode_bytes(b"\xef\xbb\xbfHello world", "x")
    assert text == "Hello world" and warnings == []


def test_utf16_with_bom() -> None:
    text, _ = decode_bytes("Grüße aus Köln".encode("utf-16"), "x")
    assert text == "Grüße aus Köln"


def test_legacy_charset_is_detected_and_reported() -> None:
    data = ("Le café était fermé. Les élèves ont protesté devant l'école. " * 10).encode("cp1252")
    text, warnings = decode_bytes(data, "x")
    assert "café était fermé" in text
    assert [c for c, _ in warnings] == ["encoding_guessed"]


def test_few_invalid_bytes_are_replaced_with_a_warning() -> None:
    data = (BODY * 3).encode() + b"\xff" + b" end"
    text, warnings = decode_bytes(data, "doc.txt")
    assert "\ufffd" in text
    assert warnings[0][0] == "decode_replaced" and "doc.txt" in warnings[0][1]


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_is_an_error(data: bytes) -> None:
    with pytest.raises(DocumentError) as exc:
        decode_bytes(data, "empty.txt")
    assert exc.value.code == "empty" and "empty.txt" in exc.value.message


def test_binary_is_an_error() -> None:
    data = bytes(range(256)) * 40
    res = extract(RawDocument(path="blob.bin", data=data))
    assert isinstance(res, Failure)
    assert res.problem.code == "binary" and "blob.bin" in res.problem.message


def test_mojibake_is_repaired_and_curly_quotes_kept() -> None:
    fixed, changed = repair("He said â€œhelloâ€\x9d to the cafÃ© owner")
    assert changed
    assert fixed == "He said “hello” to the café owner"
    assert repair("“Curly” stays curly")[0] == "“Curly” stays curly"


def test_pipeline_warns_when_mojibake_repaired() -> None:
    text = "Headline\n\nThe minister said â€œwe will winâ€\x9d on Sunday. " + BODY
    res = extract(RawDocument(path="m.txt", data=text.encode("utf-8")))
    assert isinstance(res, Article)
    assert "“we will win”" in res.paragraphs[0]
    assert "mojibake_repaired" in {w.code for w in res.warnings}


def test_too_large_document_fails_cleanly() -> None:
    from storyline.settings import Settings

    res = extract(RawDocument(path="big.txt", data=b"a" * 1000), Settings(max_document_bytes=100))
    assert isinstance(res, Failure) and res.problem.code == "too_large"


def test_a_declared_legacy_charset_wins_over_few_bad_bytes_when_nothing_is_valid_utf8() -> None:
    page = ('<html><head><meta charset="iso-8859-1"><title>Anno</title></head><body><p>'
            + BODY * 3 + " Wir können es kaum erwarten.</p></body></html>")
    text, warnings = decode_bytes(page.encode("iso-8859-1"), "p.html")
    assert "Wir können es kaum erwarten." in text
    assert [c for c, _ in warnings] == ["encoding_guessed"]
