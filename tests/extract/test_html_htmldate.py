"""htmldate inside the date cascade: asked only where the markup is silent, weak or contradicted by the URL."""

from __future__ import annotations

from storyline.extract.html_htmldate import worth_asking
from storyline.model import Article, RawDocument, Source
from storyline.pipeline import extract
from storyline.settings import Settings

BODY = "<p>" + "Council members voted on the new cycle lanes after a long debate on Tuesday evening. " * 8 + "</p>"


def page(head: str = "", body_extra: str = "", after: str = "") -> bytes:
    return (f"<html><head><title>Cycle lanes</title>{head}</head><body><article><h1>Cycle lanes</h1>"
            f"{body_extra}{BODY}{after}</article></body></html>").encode()


LD = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-25T02:25:54Z"}</script>'


def run(data: bytes, url: str, **settings: bool) -> Article:
    res = extract(RawDocument(path=url, data=data, format="html", url=url), Settings(nlp=False, **settings))
    assert isinstance(res, Article)
    return res


def test_a_url_day_that_contradicts_the_markup_lets_htmldate_decide() -> None:
    doc = run(page(LD), "https://news.example/2020/02/24/cycle-lanes")
    assert doc.published == "2020-02-24" and doc.published_source == "htmldate"
    [warning] = [w for w in doc.warnings if w.code == "date_from_htmldate"]
    assert "json-ld said 2020-02-25T02:25:54+00:00" in warning.message
    off = run(page(LD), "https://news.example/2020/02/24/cycle-lanes", htmldate=False)
    assert off.published == "2020-02-25T02:25:54+00:00" and off.published_source == "json-ld"


def test_markup_that_agrees_with_the_url_keeps_its_time_and_offset() -> None:
    doc = run(page(LD), "https://news.example/2020/02/25/cycle-lanes")
    assert doc.published == "2020-02-25T02:25:54+00:00" and doc.published_source == "json-ld"
    assert not any(w.code == "date_from_htmldate" for w in doc.warnings)


def test_a_page_without_a_markup_date_gets_htmldate_s_day() -> None:
    data, url = page(after="<p>Posted in news, 5 November 2019</p>"), "https://news.example/cycle-lanes"
    assert run(data, url, htmldate=False).published is None  # the markup cascade alone finds nothing (no dated header line)
    doc = run(data, url)
    assert doc.published == "2019-11-05" and doc.published_source == "htmldate"


def test_when_htmldate_is_asked() -> None:
    src = Source("p.html", "html", "0" * 64)
    assert worth_asking(Article(source=src))
    assert worth_asking(Article(source=src, published="2019-01-01", published_source="visible text"))
    assert not worth_asking(Article(source=src, published="2019-01-01", published_source="json-ld"))
    assert not worth_asking(Article(source=src, published="2019-01-01", published_source="corpus field"))
    assert worth_asking(Article(source=src, published="2019-01-01", published_source="meta:date",
                                url="https://x.example/2019/01/02/a"))
