"""Tests for the standfirst under the headline (storyline.extract.html_header), through the HTML stage."""

from __future__ import annotations

import pytest

from storyline.extract.html import extract_html
from storyline.model import Article, Source

STANDFIRST = "There are more devices, platforms and services to choose from than ever before."
BODY = "".join(f"<p>Paragraph {i}: the council approved the new budget after a long debate on Tuesday.</p>"
               for i in range(4))


def _page(header: str, meta: str = "") -> Article:
    page = (f"<html><head><title>Budget</title>{meta}</head><body><article>{header}"
            f"<div class='body'>{BODY}</div></article></body></html>")
    return extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))


@pytest.mark.parametrize("header", [
    f"<header><h1>Budget passes</h1><h3>{STANDFIRST}</h3></header>",
    f"<div class='article-headline-wrap'><h1>Budget passes</h1><h2 class='sub'>{STANDFIRST}</h2></div>",
    f"<div class='article-title'><h1>Budget passes</h1><h5>{STANDFIRST}</h5></div>",
])
def test_the_standfirst_under_the_headline_leaves_the_body_and_becomes_the_description(header: str) -> None:
    doc = _page(header)
    assert all("more devices" not in p for p in doc.paragraphs)
    assert doc.paragraphs[0].startswith("Paragraph 0") and len(doc.paragraphs) == 4
    assert doc.description == STANDFIRST


def test_a_meta_description_wins_over_the_standfirst() -> None:
    doc = _page(f"<header><h1>Budget passes</h1><h2>{STANDFIRST}</h2></header>",
                "<meta name='description' content='The council agreed its budget.'>")
    assert doc.description == "The council agreed its budget."
    assert all("more devices" not in p for p in doc.paragraphs)


@pytest.mark.parametrize("header", [
    "<header><h1>Budget passes</h1><h2>What the council decided</h2></header>",  # a short section title
    f"<div class='content'><h1>Budget passes</h1><h2>{STANDFIRST}</h2></div>",  # the body's own container
    f"<header><h1>Budget passes</h1><p class='byline'>By Ann Lee</p><h2>{STANDFIRST}</h2></header>",  # not next
])
def test_a_subheading_that_is_no_standfirst_is_left_alone(header: str) -> None:
    doc = _page(header)
    assert doc.description != STANDFIRST
    assert any(p in ("What the council decided", STANDFIRST) for p in doc.paragraphs)
