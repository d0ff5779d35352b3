"""Authors are people: desks, agencies and outlets go to credits, titles come off, bylines split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.extract.people import is_credit, people_and_credits, without_titles
from storyline.ingest import iter_documents
from storyline.model import Article, RawDocument
from storyline.pipeline import extract

BODY = "\n\nSyrian government troops took back full control of Palmyra on Sunday, the army said.\n"


def dump(byline: str) -> Article:
    res = extract(RawDocument(path="d.txt", data=f"Palmyra retaken\n\n{byline}\n\nMarch 27, 2016{BODY}".encode()))
    assert isinstance(res, Article)
    return res


@pytest.mark.parametrize(("byline", "authors", "credits"), [
    ("By Jane Roe and John Doe", ("Jane Roe", "John Doe"), ()),
    ("By Jane Roe, John Doe and Ann Lee", ("Jane Roe", "John Doe", "Ann Lee"), ()),
    ("By Jane Roe | Example Times", ("Jane Roe",), ("Example Times",)),
    ("By Jane Roe, Reuters", ("Jane Roe",), ("Reuters",)),
    ("By Dr. Jane Roe", ("Jane Roe",), ()),
    ("By John Doe, Senior Correspondent", ("John Doe",), ()),
    ("By Staff", (), ("Staff",)),
    ("By Staff Writer", (), ("Staff Writer",)),
    ("By Agencies", (), ("Agencies",)),
    ("By Newsroom", (), ("Newsroom",)),
    ("By Example Times staff", (), ("Example Times staff",)),
    ("By Web Desk", (), ("Web Desk",)),
    ("By Reuters Staff", (), ("Reuters Staff",)),
    ("By Mary Major in Cairo and AFP", ("Mary Major",), ("AFP",)),
])
def test_bylines_in_text_dumps(byline: str, authors: tuple[str, ...], credits: tuple[str, ...]) -> None:
    res = dump(byline)
    assert res.authors == authors and res.credits == credits


def test_corpus_rows_and_html_pages_go_through_the_same_rule(tmp_path: Path) -> None:
    row = {"title": "Palmyra retaken", "text": BODY.strip(), "authors": "Example News Staff; Jane Roe", "date": "2016-03-27"}
    (tmp_path / "c.jsonl").write_text(json.dumps(row) + "\n")
    [raw] = list(iter_documents([str(tmp_path / "c.jsonl")]))
    assert isinstance(raw, RawDocument)
    res = extract(raw)
    assert isinstance(res, Article) and res.authors == ("Jane Roe",) and res.credits == ("Example News Staff",)
    assert res.published == "2016-03-27" and res.published_source == "corpus field"
    html = ("<html><head><title>Palmyra retaken</title><meta name='author' content='Web Desk'></head><body><article>"
            "<h1>Palmyra retaken</h1><p>" + BODY.strip() * 3 + "</p></article></body></html>")
    page = extract(RawDocument(path="p.html", data=html.encode(), format="html"))
    assert isinstance(page, Article)
    assert page.authors == () and page.credits == ("Web Desk",)


def test_the_rules() -> None:
    assert without_titles("Prof. Ann Lee, Middle East Correspondent") == "Ann Lee"
    assert without_titles("Correspondent") == "Correspondent"  # nothing left: judged as a credit instead
    assert is_credit("The Guardian") and is_credit("example.com") and is_credit("Example News", "Example News")
    assert not is_credit("Emily Post") and not is_credit("Jane Writer") and not is_credit("Ann Lee")
    assert people_and_credits(["Ann Lee", "Ann Lee", "Staff"]) == (("Ann Lee",), ("Staff",))
