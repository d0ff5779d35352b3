"""Date references in text and the date ranking used for timeline date selection."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storyline.model import Article, Source
from storyline.nlp.temporal import resolve_dates
from storyline.stories.dates import rank_dates
from storyline.stories.summary import summarize


def _days(text: str, pub: date) -> tuple[str, ...]:
    art = Article(source=Source("d.txt", "text", "d" * 64), paragraphs=(text,), published=pub.isoformat())
    return summarize(replace(art, dates=resolve_dates(art))).days


def test_a_member_keeps_the_days_it_refers_to_resolved_against_its_publication_day() -> None:
    pub = date(2011, 2, 14)  # a Monday
    text = "On Jan. 25, protests began. Mubarak resigned on Friday, February 11; 3rd of March 2011 and yesterday."
    found = _days(text, pub)
    assert {"2011-01-25", "2011-02-11", "2011-03-03", "2011-02-13"} <= set(found)
    assert _days("talks resume December 30", date(2012, 1, 5)) == ("2011-12-30",)
    assert _days("no dates here, may we go", pub) == ()
    assert _days("They have protested since Jan. 25.", pub) == ("2011-01-25",)  # background days vote too


def test_rank_dates_prefers_days_referred_back_to() -> None:
    d1, d2, d3 = date(2011, 1, 25), date(2011, 1, 26), date(2011, 1, 27)
    articles = [(d2, []), (d2, []), (d3, [d1]), (d3, [d1, d1]), (d3, [d1])]
    # d1: no report that day, but three later articles look back on it (one vote each, repeats
    # within an article count once) -> 3.0; d3: three reports -> 1.5; d2: two reports -> 1.0.
    assert rank_dates(articles, 2) == [d1, d3]
    assert rank_dates(articles, 5, start=d2) == [d3, d2]


def test_a_time_of_day_dates_by_its_day() -> None:
    pub = date(2016, 3, 28)  # a Monday
    text = "The blast hit the embassy on Friday morning. Talks broke off at noon Thursday."
    art = Article(source=Source("d.txt", "text", "d" * 64), paragraphs=(text,), published=pub.isoformat())
    dates = resolve_dates(art)
    assert {(d.text, d.value, d.precision) for d in dates} == {
        ("on Friday morning", "2016-03-25TMO", "time"), ("noon Thursday", "2016-03-24T12:00", "time")}
    member = summarize(replace(art, dates=dates))
    assert member.days == ("2016-03-24", "2016-03-25")
    assert {(value, precision) for value, precision, _ in member.statements} == {
        ("2016-03-25", "day"), ("2016-03-24", "day")}


def test_equal_scores_go_to_the_day_more_articles_were_published_on() -> None:
    d1, d2, d3 = date(2011, 3, 1), date(2011, 3, 2), date(2011, 3, 3)
    # d1: recalled by one later article (1.0); d2: two reports (2 x 0.5 = 1.0); d3: the recalling report (0.5).
    articles = [(d2, []), (d2, []), (d3, [d1])]
    assert rank_dates(articles, 3) == [d2, d1, d3]


def test_a_weekend_or_a_count_of_days_from_a_told_day_dates_no_day() -> None:
    pub = date(2011, 3, 23)  # a Wednesday
    # "this weekend" resolves to its Saturday, but names two days; "a day earlier" counts from the
    # day the sentence tells of (the vote), not from publication: neither votes for a key day.
    text = "Rebels regrouped this weekend. The council voted on Monday; a day earlier, jets struck Tripoli."
    assert _days(text, pub) == ("2011-03-21",)
    assert _days("Talks collapsed two days earlier.", pub) == ()
    assert _days("Talks collapsed two days ago.", pub) == ("2011-03-21",)
