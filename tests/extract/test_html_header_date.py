"""Tests for the day printed under an HTML page's headline (extract/html_header_date.py) and its place in the cascade."""

from __future__ import annotations

import lxml.html
import pytest

from storyline.extract.html_header_date import dates_in, header_date
from storyline.extract.html_meta import PageMeta, read_meta

BODY = "<p>" + "Council members voted on the new cycle lanes after a long debate on Tuesday evening. " * 4 + "</p>"


def page(head: str = "", header: str = "", headline: str = "Cycle lanes approved") -> str:
    return (f"<html><head><title>Cycle lanes</title>{head}</head><body><article><h1>{headline}</h1>"
            f"{header}{BODY}</article></body></html>")


def meta_of(html: str, url: str | None = None) -> PageMeta:
    return read_meta(lxml.html.fromstring(html), url)


@pytest.mark.parametrize(("text", "day"), [
    ("Stand: 28.04.2020 18:00 Uhr", "2020-04-28"),
    ("Von Katharina Schmidt 6. November 2023, 15:25 Uhr", "2023-11-06"),
    ("Aktualisiert am 4. März 2019", "2019-03-04"),
    ("Updated Mar 12, 2020 @ 10:42 am", "2020-03-12"),
    ("Monday, 6 January 2020", "2020-01-06"),
    ("Nuño Domínguez 19 FEB 2020 - 18:37 CET", "2020-02-19"),
    ("06 Dicembre 2020", "2020-12-06"),
    ("Le 27 juin 2019", "2019-06-27"),
    ("4 de marzo de 2019", "2019-03-04"),
    ("2020-04-13", "2020-04-13"),
])
def test_dates_are_read_in_the_languages_of_the_data_file(text: str, day: str) -> None:
    assert [d for *_, d in dates_in(text)][:1] == [day]


def test_the_line_under_the_headline_stands_over_a_utc_stamp_a_day_off() -> None:
    html = page('<meta name="date" content="2020-04-29T11:52:23">', "<p>Stand: 28.04.2020 18:00 Uhr</p>")
    meta = meta_of(html)
    assert meta.published == "2020-04-28" and meta.published_source == "header line"
    [(code, message)] = meta.problems
    assert code == "date_from_header" and "meta:date said 2020-04-29T11:52:23" in message


def test_the_shown_update_day_stands_over_the_first_draft_s_day() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-10-15T16:59:59Z"}</script>'
    meta = meta_of(page(ld, '<div class="byline">By Ann Lee</div><div>Updated Mar 12, 2020 @ 10:42 am</div>'))
    assert meta.published == "2020-03-12"


def test_a_url_that_dates_the_markup_s_day_keeps_the_markup() -> None:
    html = page('<meta property="article:published_time" content="2023-11-01T08:16:57+01:00">',
                "<p>Hildesheim 31.10.2023</p>")
    meta = meta_of(html, "https://news.example/2023/11/01/dog-chases-burglar/")
    assert meta.published == "2023-11-01T08:16:57+01:00" and meta.published_source == "meta:article:published_time"
    assert not meta.problems


def test_a_page_without_a_markup_date_takes_the_header_line_without_a_warning() -> None:
    meta = meta_of(page(header="<span>Von Moritz Wichmann</span> <span>29.04.2020, 12:01 Uhr</span>"))
    assert meta.published == "2020-04-29" and meta.published_source == "header line" and not meta.problems


@pytest.mark.parametrize("header", [
    "<p>Abnahme Protokoll der letzten Vorstandssitzung und der Mitgliederversammlung vom 5.8.2019</p>",  # a sentence
    "<figure><img src='a.jpg'><figcaption>March 3, 2021</figcaption></figure>",  # a caption
    "<aside><ul><li>Bus fares frozen</li><li>July 12, 2022</li></ul></aside>",  # a sidebar
    "<h1>Another story</h1><p>May 2, 2021</p>",  # the next headline's line
    BODY * 2 + "<p>May 2, 2021</p>",  # past the header
])
def test_what_is_not_a_dated_header_line(header: str) -> None:
    assert header_date(lxml.html.fromstring(page(header=header))) is None


def test_a_date_in_the_headline_itself_is_not_its_dated_line() -> None:
    tree = lxml.html.fromstring(page(headline="Results of 19.05.2007", header="<p>20. Mai 2007</p>"))
    assert header_date(tree) == ("2007-05-20", "20. Mai 2007")


def test_the_headline_is_the_h1_holding_the_title_not_a_site_or_section_h1() -> None:
    html = ('<html><head><title>Colder temperatures forecast</title></head><body><h1>KBS WORLD</h1>'
            '<nav><a href="/">Home</a></nav><p>' + "Menu item and more menu items here. " * 10 + '</p>'
            '<h1>Colder temperatures forecast</h1><p>Written: 2023-11-07 15:03:30</p>' + BODY + '</body></html>')
    assert header_date(lxml.html.fromstring(html), "Colder temperatures forecast") == (
        "2023-11-07", "Written: 2023-11-07 15:03:30")
    assert header_date(lxml.html.fromstring(html)) is None  # without the title, the first h1's header holds no date


def test_a_byline_date_of_the_header_line_s_day_is_the_header_line_s() -> None:
    html = page(header='<p><span class="author">Interview: Julia Lauter</span> <span class="date">31.03.2020</span></p>')
    meta = meta_of(html)
    assert meta.published == "2020-03-31" and meta.published_source == "header line"
