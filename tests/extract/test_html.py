"""Tests for the HTML extraction stage (storyline.extract.html) on hand-written fixture pages."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from storyline.errors import CODES
from storyline.extract.decode import decode_bytes
from storyline.extract.html import extract_html
from storyline.extract.html_dates import normalize_date
from storyline.model import Article, Failure, RawDocument, Source
from storyline.pipeline import extract

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "html"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
SAMPLES = sorted((ROOT / "samples").glob("page-*.html"))


def _doc(path: Path, **fields: object) -> Article:
    text, _ = decode_bytes(path.read_bytes(), path.name)
    return Article(source=Source(str(path), "html", "0" * 64), text=text, **fields)  # type: ignore[arg-type]


def _html(name: str, **fields: object) -> Article:
    return extract_html(_doc(FIXTURES / name, **fields))


def test_jsonld_date_with_offset_authors_and_canonical() -> None:
    doc = _html("jsonld.html")
    assert doc.published == "2021-06-14T09:30:00+02:00" and doc.published_source == "json-ld"
    assert doc.title == "Island ferry to run twice as often from July"
    assert doc.authors == ("Maren Solberg", "Tomas Eide")
    assert doc.sitename == "Coastline Courier"
    assert doc.url == "https://courier.example/news/ferry-timetable"
    assert doc.description and doc.description.startswith("The harbour authority doubles")
    assert doc.paragraphs[0].startswith("The harbour authority said on Monday")
    assert "“We heard them, and the numbers finally add up,” said" in doc.paragraphs[2]
    assert len(doc.paragraphs) == 4


def test_meta_only_page_gives_bare_date_and_meta_fields() -> None:
    doc = _html("meta_only.html", url="https://valleypost.example/x")
    assert doc.published == "2020-02-03"  # the page states only the day: no time, no zone
    assert doc.published_source is not None and doc.published_source.startswith("meta:")
    assert doc.title == "Library extends opening hours for exam season"
    assert doc.authors == ("Priya Raman",)
    assert doc.url == "https://valleypost.example/x"  # a URL already set is kept
    assert doc.sitename == "Valley Post"


def test_visible_byline_and_date() -> None:
    doc = _html("byline.html")
    assert doc.authors == ("Jane Whitfield", "Omar Haddad")
    assert doc.published == "2019-03-05" and doc.published_source == "header line"  # the byline date under the headline
    assert doc.title == "Orchard growers count frost damage"
    assert all("Whitfield" not in p for p in doc.paragraphs)


def test_related_stories_list() -> None:
    doc = _html("related.html", url="https://news.example/city/cycle-lanes")
    assert doc.published == "2022-09-20T16:45:00+00:00"  # 'Z' is a stated offset
    titles = [r.title for r in doc.related]
    assert titles == [
        "Bridge repairs finished ahead of schedule",
        "Bus fares frozen for another year",
        "Cycling the embankment at dawn",
    ]
    first, second, third = doc.related
    assert first.url == "https://news.example/transport/bridge-repairs-finished"
    assert first.published == "2022-08-30"
    assert second.published == "2022-07-12"
    assert third.kind == "video" and third.published is None
    assert not any("Bridge repairs" in p for p in doc.paragraphs)


def test_boilerplate_stays_out_of_body() -> None:
    doc = _html("boilerplate.html")
    body = "\n".join(doc.paragraphs)
    assert "six carved wooden panels" in body
    assert "commissioned the work" in body
    for junk in ("Share on Facebook", "Advertisement", "winter tyres", "Markets close higher",
                 "Reader Bob", "Comments", "newsletter", "Volunteers unpack"):
        assert junk not in body, junk
    assert doc.published == "2023-04-11T08:00:00-05:00"


def test_hints_are_not_overwritten() -> None:
    doc = _html("jsonld.html", title="Hint title", published="2021-06-01", authors=("Desk",))
    assert doc.title == "Hint title"
    assert doc.published == "2021-06-01" and doc.published_source is None  # the page's source is not the hint's
    assert doc.authors == ("Desk",)
    assert doc.sitename == "Coastline Courier"  # unset fields are still filled


def test_no_article_is_a_failure() -> None:
    raw = RawDocument(path="no_article.html", data=(FIXTURES / "no_article.html").read_bytes(), format="html")
    result = extract(raw)
    assert isinstance(result, Failure)
    assert result.problem.code == "no_article"


def test_pipeline_runs_html_stage() -> None:
    raw = RawDocument(path="jsonld.html", data=(FIXTURES / "jsonld.html").read_bytes(), format="html")
    result = extract(raw)
    assert isinstance(result, Article)
    assert result.published == "2021-06-14T09:30:00+02:00"
    assert result.paragraphs[-1].startswith("Fares will stay at their current level")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-03-28T13:15:35+03:00", "2016-03-28T13:15:35+03:00"),
        ("2016-03-28T13:15:35+0300", "2016-03-28T13:15:35+03:00"),
        ("2016-03-28T10:15:35.000Z", "2016-03-28T10:15:35+00:00"),
        ("2016-03-28T13:15", "2016-03-28T13:15:00"),
        ("2016-03-28", "2016-03-28"),
        ("Mon, 28 Mar 2016 13:15:35 +0300", "2016-03-28T13:15:35+03:00"),
        ("March 28, 2016 1:15 PM EDT", "2016-03-28T13:15:00-04:00"),
        ("Published 28 March 2016", "2016-03-28"),
        ("28.03.2016", "2016-03-28"),
        ("2016-02-30", None),
        ("yesterday", None),
    ],
)
def test_normalize_date(text: str, expected: str | None) -> None:
    assert normalize_date(text) == expected


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 2
    assert any("palmyra" in p.name for p in SAMPLES)


@pytest.mark.parametrize("page", SAMPLES, ids=lambda p: p.stem)
def test_sample_golden_snippets(page: Path) -> None:
    doc = extract_html(_doc(page))
    body = "\n".join(doc.paragraphs)
    must = (GOLDEN / f"{page.stem}.must.txt").read_text(encoding="utf-8").splitlines()
    mustnot = (GOLDEN / f"{page.stem}.mustnot.txt").read_text(encoding="utf-8").splitlines()
    assert must and mustnot
    missing = [s for s in must if s and s not in body]
    leaked = [s for s in mustnot if s and s in body]
    assert not missing, f"missing from body: {missing}"
    assert not leaked, f"boilerplate in body: {leaked}"


def test_palmyra_sample_metadata_and_related() -> None:
    doc = extract_html(_doc(ROOT / "samples" / "page-palmyra.html"))
    assert doc.published == "2016-03-27T18:40:00+03:00"
    assert doc.authors == ("Leila Mansour",)
    assert doc.sitename == "Levant Wire"
    assert [r.published for r in doc.related] == ["2016-03-24", "2015-08-31", None]
    assert doc.related[0].url == "https://levantwire.example/middle-east/2016/03/24/army-nears-palmyra"


def test_conflicting_dates_warn(tmp_path: Path) -> None:
    page = (FIXTURES / "jsonld.html").read_text(encoding="utf-8").replace(
        "<head>", '<head><meta property="article:published_time" content="2021-05-01T10:00:00+02:00">'
    )
    path = tmp_path / "conflict.html"
    path.write_text(page, encoding="utf-8")
    doc = extract_html(_doc(path))
    assert doc.published == "2021-06-14T09:30:00+02:00"  # JSON-LD comes first in the cascade
    assert [w.code for w in doc.warnings] == ["date_conflict"]
    assert all(w.code in CODES for w in doc.warnings)


def test_published_source_names_the_time_element_and_the_richer_value_wins_its_source() -> None:
    body = "<p>" + "Council members voted on the new cycle lanes after a long debate on Tuesday. " * 8 + "</p>"
    page = (f"<html><head><title>Cycle lanes</title><meta property='article:published_time' content='2022-09-20'>"
            f"</head><body><article><h1>Cycle lanes</h1><time datetime='2022-09-20T16:45:00Z'>20 Sep</time>{body}"
            "</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.published == "2022-09-20T16:45:00+00:00"  # the meta tag's day, the element's time
    assert doc.published_source == "time element"


def test_a_visible_byline_loses_its_date_and_handle_and_an_empty_one_is_skipped() -> None:
    body = "<p>" + "The company said the update would reach every phone by the end of the month. " * 8 + "</p>"
    page = ("<html><head><title>Phones</title></head><body><article><h1>Phones</h1>"
            "<a rel='author' href='/p/x'>@stevenmusil</a>"
            "<p class='byline'>by Steven Musil January 18, 2017 11:00 PM PST @stevenmusil</p>"
            f"{body}</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.authors == ("Steven Musil",)


def test_html_bodies_lose_trailing_credits_and_codes_as_text_dumps_do() -> None:
    body = "".join(f"<p>Paragraph {i}: the council approved the new budget after a long debate on Tuesday.</p>"
                   for i in range(4))
    page = ("<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"{body}<p>(Reporting by Ann Lee; Editing by Bo Chan)</p><p>AB/cd</p></article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.paragraphs[-1].startswith("Paragraph 3") and len(doc.paragraphs) == 4
    assert doc.credits == ("(Reporting by Ann Lee; Editing by Bo Chan)",) and doc.signoff == "AB/cd"


@pytest.mark.parametrize(("headline", "title"), [
    ("Wikimedia list article", "List of films featuring time loops"),  # names the page type: set aside
    ("Films featuring time loops: a list", "Films featuring time loops: a list"),  # echoed by the page: kept
])
def test_a_jsonld_headline_the_page_s_other_titles_do_not_echo_is_set_aside(headline: str, title: str) -> None:
    body = "<p>" + "Films in which a day repeats itself, from comedies to thrillers, in order of release. " * 8 + "</p>"
    page = (f'<html><head><title>List of films featuring time loops - Wikipedia</title>'
            f'<meta property="og:site_name" content="Wikipedia">'
            f'<meta property="og:title" content="List of films featuring time loops - Wikipedia">'
            f'<script type="application/ld+json">{{"@type": "Article", "headline": "{headline}"}}</script>'
            f"</head><body><article><h1>List of films featuring time loops</h1>{body}</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.title == title


@pytest.mark.parametrize("line", ["November 19, 2019 / 12:21 AM / Updated 14 hours ago", "October 12, 2017",
                                  "Sunday, March 27, 2016 14:30", "2016-03-28"])
def test_a_first_paragraph_that_is_only_a_date_line_is_removed_with_a_warning(line: str) -> None:
    body = "".join(f"<p>The council voted on Tuesday to extend the harbour tram line, part {i}, "
                   "after a long debate about its cost and the timetable of the works.</p>" for i in range(4))
    page = f"<html><body><article><h1>Tram line extended</h1><p>{line}</p>{body}</article></body></html>"
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert line not in doc.paragraphs and doc.paragraphs[0].startswith("The council voted")
    [warning] = [w for w in doc.warnings if w.code == "date_line_removed"]
    assert line[:20] in warning.message and "date_line_removed" in CODES


def test_a_first_paragraph_that_only_starts_with_a_date_stays() -> None:
    from storyline.extract.html import take_date_line

    assert take_date_line(("March 28, 2016 was the day the army entered.", "More.")) == (
        ("March 28, 2016 was the day the army entered.", "More."), None)
    assert take_date_line(("October 12, 2017",)) == (("October 12, 2017",), None)  # nothing else: kept


def test_a_body_in_chinese_counts_its_words_by_characters() -> None:
    from storyline.extract.html import MIN_BODY_WORDS, body_words

    para = "財政部今天下午將公佈今年1-2月期統一發票中獎清冊，財政部透露，本期千萬中獎張數為18張。"
    assert body_words((para,)) >= MIN_BODY_WORDS > len(para.split())
    page = f"<html><body><article><h1>統一發票</h1><p>2020-04-01 10:29</p><p>{para}</p></article></body></html>"
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.paragraphs == (para,) and any(w.code == "date_line_removed" for w in doc.warnings)


@pytest.mark.parametrize("line", [
    "Read more: Alibaba poised to launch record-breaking listing", "READ MORE: China plague outbreak confirmed",
    "SEE MORE: Protests: 800 students under siege",
    "(Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori)", "Lesen Sie auch: Die Bahn erhöht die Preise",
    "DON'T MISS", "Plane passengers quarantined after outbreak [NEWS]", "Ecoflow River 370 Review: nine devices [Video]",
    "- Order Reprints", "Text size", "By", "Tags", "Like this story? Share it with a friend!",
    "You may also like...",
    "This copy is for your personal, non-commercial use only. To order copies visit http://www.djreprints.com.",
])
def test_furniture_lines_inside_the_body_are_dropped(line: str) -> None:
    paras = [f"<p>Paragraph {i}: the council approved the new budget after a long debate on Tuesday.</p>"
             for i in range(4)]
    page = ("<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"{''.join(paras[:2])}<p>{line}</p>{''.join(paras[2:])}</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert len(doc.paragraphs) == 4 and all(p.startswith("Paragraph") for p in doc.paragraphs)


def test_a_name_s_hover_card_stays_out_of_its_sentence() -> None:
    card = ("<span class='rollover-people-block'><span class='rollover-block'><a href='/people/ann-lee'>Ann Lee</a>"
            "<a href='/a/1'>Council leader wins another term</a><a href='/people/ann-lee'>MORE</a></span></span>")
    body = "".join(f"<p>Paragraph {i}: the council approved the new budget after a long debate on Tuesday.</p>"
                   for i in range(3))
    page = ("<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"<p>Council leader <span class='rollover-people'><a href='/people/ann-lee'>Ann Lee</a>{card}</span>"
            f" said the vote was close.</p>{body}</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.paragraphs[0] == "Council leader Ann Lee said the vote was close."


class _Result:
    def __init__(self, text: str) -> None:
        self.text = text


def _fake_trafilatura(fast_words: int, calls: list[bool]):  # type: ignore[no-untyped-def]
    def fake(tree: object, url: str | None = None, **options: object) -> _Result:
        calls.append(bool(options["fast"]))
        if options["fast"]:
            return _Result("\n".join(["Menu item and a few words here."] * (fast_words // 7)))
        return _Result("\n".join(f"Paragraph {i}: the council approved the new budget after a long debate."
                                 for i in range(40)))
    return fake


def test_a_short_fast_mode_body_is_rescued_by_trafilatura_s_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(importlib.import_module("storyline.extract.html"), "bare_extraction", _fake_trafilatura(60, calls))
    page = "<html><head><title>Budget</title></head><body><p>x</p></body></html>"
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert calls == [True, False]
    assert len(doc.paragraphs) == 40 and doc.paragraphs[0].startswith("Paragraph 0")


def test_a_fast_mode_body_of_article_length_is_not_extracted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(importlib.import_module("storyline.extract.html"), "bare_extraction", _fake_trafilatura(700, calls))
    page = "<html><head><title>Budget</title></head><body><p>x</p></body></html>"
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert calls == [True] and doc.paragraphs[0] == "Menu item and a few words here."


@pytest.mark.parametrize(("page_words", "rescued"), [(700, True), (200, False)])
def test_a_fast_mode_body_with_a_small_share_of_the_page_s_paragraphs_is_extracted_again(
        monkeypatch: pytest.MonkeyPatch, page_words: int, rescued: bool) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(importlib.import_module("storyline.extract.html"), "bare_extraction", _fake_trafilatura(105, calls))
    paragraphs = "".join("<p>" + "word " * 50 + "</p>" for _ in range(page_words // 50))
    page = f"<html><head><title>Budget</title></head><body>{paragraphs}</body></html>"
    extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert calls == ([True, False] if rescued else [True])


def test_body_and_title_are_in_unicode_nfc() -> None:
    decomposed = "Cafe\u0301 owners protest"  # e + combining acute: NFC composes it to é
    body = "<p>" + f"{decomposed} the new parking rules in the old town, again, on Friday. " * 6 + "</p>"
    page = (f"<html><head><title>{decomposed}</title></head><body><article><h1>{decomposed}</h1>{body}"
            "</article></body></html>")
    doc = extract_html(Article(source=Source("p.html", "html", "0" * 64), text=page))
    assert doc.title == "Café owners protest" and doc.paragraphs[0].startswith("Café owners protest the new")
