"""Quarters, "the year", seasons, decades, centuries, spelled-out years and named days."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import Article, Source
from storyline.nlp.temporal import find_expressions, resolve_dates
from storyline.nlp.temporal_periods import holiday_date

MONDAY = date(2016, 3, 28)
AUTUMN = date(1989, 10, 30)


def _found(text: str, ref: date = MONDAY) -> dict[str, tuple[str | None, str]]:
    return {t[2]: (t[3], t[4]) for t in find_expressions(text, ref)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The killing happened last fall.", "last fall", "2015-FA"),  # the year before's
        ("Protests are planned this summer.", "this summer", "2016-SU"),
        ("The unit was scrapped this past spring.", "this past spring", "2015-SP"),  # spring 2016 not begun
        ("Demand should recover by next winter.", "next winter", "2016-WI"),
        ("Competitors cut prices over the summer.", "the summer", "2015-SU"),  # "over" is not the expression
        ("Orders rose from the low levels of the early summer.", "the early summer", "2015-SU"),
        ("Prices soared in the summer of 1994.", "the summer of 1994", "1994-SU"),
    ],
)
def test_seasons(text: str, expression: str, value: str) -> None:
    assert _found(text)[expression] == (value, "season")


@pytest.mark.parametrize(
    "text",
    [
        "Prices fall when rates rise.",
        "The hot spring is closed.",
        "Europe changed after the fall of the Berlin Wall.",
    ],
)
def test_a_season_word_that_is_no_season(text: str) -> None:
    assert not [t for t in find_expressions(text, MONDAY) if t[4] == "season"]


@pytest.mark.parametrize(
    ("text", "expression", "value", "precision"),
    [
        ("The group held power in the late 1970s.", "the late 1970s", "197", "decade"),
        ("It peaked in the early '80s.", "the early '80s", "198", "decade"),
        ("Numbers fell through the nineties.", "the nineties", "199", "decade"),
        ("Wages lost ground in the last decade.", "the last decade", "200", "decade"),
        ("She is a 20th century democrat.", "20th century", "19", "century"),
        ("It is an 11th-century temple.", "11th-century", "10", "century"),
        ("In nineteen ninety-one he was convicted.", "nineteen ninety-one", "1991", "year"),
        ("It was thrown out in nineteen seventy-nine.", "nineteen seventy-nine", "1979", "year"),
        ("He promised it by the year two thousand.", "the year two thousand", "2000", "year"),
    ],
)
def test_decades_centuries_and_spelled_years(text: str, expression: str, value: str, precision: str) -> None:
    assert _found(text)[expression] == (value, precision)


def test_the_eight_and_the_fort_are_no_decades() -> None:
    assert _found("Of the eight victims, three lived near the Fort.") == {}


@pytest.mark.parametrize(
    ("text", "expression", "value", "precision"),
    [
        (
            "Elian was found on Thanksgiving Day.",
            "Thanksgiving Day",
            "1989-11-23",
            "day",
        ),  # the nearest: behind
        ("He was rescued last Thanksgiving.", "last Thanksgiving", "1988-11-24", "day"),
        ("It is the theme from now to Election Day.", "Election Day", "1989-11-07", "day"),  # a week ahead
        ("Protesters prayed as Easter week began.", "Easter week", "1989-W12", "week"),
        ("Shops close on Christmas Day.", "Christmas Day", "1989-12-25", "day"),
    ],
)
def test_named_days(text: str, expression: str, value: str, precision: str) -> None:
    assert _found(text, AUTUMN)[expression] == (value, precision)


def test_holiday_rules() -> None:
    assert holiday_date("11-22 thursday", 1999) == date(1999, 11, 25)  # the fourth Thursday of November
    assert holiday_date("easter+0", 2000) == date(2000, 4, 23)
    assert holiday_date("easter-2", 2016) == date(2016, 3, 25)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Sales for the full year were $6.6 billion.", "the full year", "1989"),
        ("It expects higher sales in the current fiscal year.", "the current fiscal year", "1989"),
        ("Its stock rose to a high for the year.", "the year", "1989"),
        ("The probe widened in the past year.", "the past year", "1988"),
    ],
)
def test_the_year(text: str, expression: str, value: str) -> None:
    assert _found(text, AUTUMN)[expression] == (value, "year")


@pytest.mark.parametrize(
    "text",
    [
        "Sales were $5 million, down from $6 million the year before.",
        "The approach of the year 2000 worries them.",
    ],
)
def test_the_year_anchored_elsewhere_is_not_this_year(text: str) -> None:
    assert not [t for t in find_expressions(text, AUTUMN) if t[2].lower() == "the year"]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        (
            "In the year-earlier third quarter, it earned $2.8 million.",
            "the year-earlier third quarter",
            "1988-Q3",
        ),
        ("Net sales for this year's third quarter were $14 million.", "this year's third quarter", "1989-Q3"),
        (
            "It could be effective as early as next year's first quarter.",
            "next year's first quarter",
            "1990-Q1",
        ),
        ("In the 1988 third quarter, it lost money.", "the 1988 third quarter", "1988-Q3"),
        (
            "It earned $376,000 in the 1988 quarter.",
            "the 1988 quarter",
            "1988-Q3",
        ),  # the number of the latest one
        (
            "Profit in the quarter rose, compared with year-earlier profit of $3.8 million.",
            "year-earlier",
            "1988-Q3",
        ),
        ("The year-ago results were restated.", "year-ago", "1988"),  # no quarter talked of: the year
    ],
)
def test_quarters_named_with_their_year(text: str, expression: str, value: str) -> None:
    assert _found(text, AUTUMN)[expression][0] == value


def test_a_year_earlier_after_a_paragraph_about_the_quarter_is_the_year_ago_quarter() -> None:
    art = Article(
        source=Source("t", "text", "4" * 64),
        published="1989-10-30",
        paragraphs=("Net income rose 5% in the third quarter.", "Sales rose from $3 billion a year earlier."),
    )
    got = {t.text: t.value for t in resolve_dates(art)}
    assert got["a year earlier"] == "1988-Q3"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        (
            "Pentagon officials confirmed the reports over the weekend.",
            "the weekend",
            "1989-W43-WE",
        ),  # just past
        ("Traders squared positions ahead of the weekend.", "the weekend", "1989-W44-WE"),
        ("The team will rest during the weekend.", "the weekend", "1989-W44-WE"),  # the sentence points ahead
    ],
)
def test_the_weekend(text: str, expression: str, value: str) -> None:
    assert _found(text, AUTUMN)[expression] == (value, "week")  # AUTUMN is a Monday


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        ("Construction is expected to start in the spring.", AUTUMN, "1990-SP"),  # the sentence points ahead
        ("Birds nested there in the spring.", AUTUMN, "1989-SP"),
        ("Crowds came in the summer.", MONDAY, "2015-SU"),  # the latest summer begun
    ],
)
def test_a_season_without_its_year_points_the_way_its_sentence_does(text: str, ref: date, value: str) -> None:
    assert [t[3] for t in find_expressions(text, ref)] == [value]


def test_an_island_named_for_a_holiday_is_no_day() -> None:
    assert find_expressions("Tourists flew to Easter Island and Christmas Island.", AUTUMN) == []
