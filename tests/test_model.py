"""Record model: content keys and the dict round trip."""

from __future__ import annotations

from storyline.model import Article, RawDocument
from storyline.pipeline import extract
from tests.conftest import SAMPLES


def test_content_key_ignores_crawl_date_but_not_row_fields() -> None:
    a = RawDocument(path="a.warc", data=b"<html>x</html>", hints=(("crawled", "2020-01-01"),))
    b = RawDocument(path="b.warc", data=b"<html>x</html>", hints=(("crawled", "2021-06-30"),))
    c = RawDocument(path="c.jsonl", data=b"<html>x</html>", hints=(("title", "Other"),))
    assert a.sha256 == b.sha256
    assert a.sha256 != c.sha256


def test_record_round_trip() -> None:
    res = extract(RawDocument(path="seed.txt", data=(SAMPLES / "seed-palmyra.txt").read_bytes()))
    assert isinstance(res, Article)
    again = Article.from_dict(res.to_dict())
    assert again.to_dict() == res.to_dict()
