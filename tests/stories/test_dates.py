"""Date references in text and the date ranking used for timeline date selection."""

from __future__ import annotations

from datetime import date

from storyline.stories.dates import mentioned_dates, rank_dates


def test_mentioned_dates_resolve_against_publication_day() -> None:
    pub = date(2011, 2, 14)  # a Monday
    text = "On Jan. 25, protests began. Mubarak resigned on Friday, February 11; 3rd of March 2011 and yesterday."
    found = mentioned_dates(text, pub)
    assert date(2011, 1, 25) in found and date(2011, 2, 11) in found
    assert date(2011, 3, 3) in found and date(2011, 2, 13) in found
    assert mentioned_dates("talks resume December 30", date(2012, 1, 5)) == [date(2011, 12, 30)]
    assert mentioned_dates("no dates here, may we go", pub) == []


def test_rank_dates_prefers_days_referred_back_to() -> None:
    d1, d2, d3 = date(2011, 1, 25), date(2011, 1, 26), date(2011, 1, 27)
    articles = [(d2, []), (d2, []), (d3, [d1]), (d3, [d1, d1]), (d3, [d1])]
    # d1: no report that day, but three later articles look back on it (one vote each, repeats
    # within an article count once) -> 3.0; d3: three reports -> 1.5; d2: two reports -> 1.0.
    assert rank_dates(articles, 2) == [d1, d3]
    assert rank_dates(articles, 5, start=d2) == [d3, d2]
