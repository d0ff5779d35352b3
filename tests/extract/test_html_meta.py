"""Tests for the HTML metadata cascade (extract/html_meta.py)."""

from __future__ import annotations

import lxml.html
import pytest

from storyline.extract.html_meta import read_meta

_LD = '{"@type": "NewsArticle", "headline": "Ferry timetable doubles in July", "datePublished": "2023-05-02"}'


@pytest.mark.parametrize("script", [f"<![CDATA[ {_LD} ]]>", f"\n  <!--\n{_LD}\n-->\n"])
def test_jsonld_wrapped_in_cdata_or_a_comment_is_read(script: str) -> None:
    page = (f'<html><head><title>Island Times</title>'
            f'<script type="application/ld+json">{script}</script></head>'
            f"<body><h1>Ferry timetable doubles in July</h1></body></html>")
    meta = read_meta(lxml.html.fromstring(page), None)
    assert meta.title == "Ferry timetable doubles in July"
    assert meta.published == "2023-05-02" and meta.published_source == "json-ld"


def test_a_meta_attribute_may_list_several_names() -> None:
    page = ('<html><head><title>Title Element</title><meta property="x:title dc:title" content="Preferred title">'
            '<meta name="parsely-author" content="Jane Doe"></head><body><h1>Test document title</h1></body></html>')
    meta = read_meta(lxml.html.fromstring(page), None)
    assert meta.title == "Preferred title" and meta.authors == ("Jane Doe",)


def test_a_parsely_title_is_a_meta_title() -> None:
    page = ('<html><head><meta name="parsely-title" content="Some Other Title"></head>'
            '<body><h1>Test document title</h1></body></html>')
    assert read_meta(lxml.html.fromstring(page), None).title == "Some Other Title"
