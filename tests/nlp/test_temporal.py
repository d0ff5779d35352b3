"""Temporal expressions resolved against the published date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.model import Article, RawDocument, Source
from storyline.nlp.temporal import find_expressions, resolve_dates
from storyline.pipeline import extract

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed-palmyra.txt"
MONDAY = date(2016, 3, 28)


def test_every_relative_date_in_the_seed() -> None:
    art = extract(RawDocument(str(SEED), SEED.read_bytes()))
    assert isinstance(art, Article) and (art.published or "").startswith("2016-03-28")
    got = {(t.text, t.value, t.precision) for t in resolve_dates(art, [])}
    assert ("on Sunday", "2016-03-27", "day") in got
    assert ("Earlier in the day", "2016-03-28", "day") in got
    assert ("some two years ago", "2014", "year") in got
    for t in resolve_dates(art, []):
        assert art.paragraphs[t.paragraph][t.start:t.end] == t.text


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        ("Troops entered the city on Sunday.", "on Sunday", "2016-03-27", "day"),
        ("He left yesterday.", "yesterday", "2016-03-27", "day"),
        ("Talks collapsed last week.", "last week", "2016-W12", "week"),
        ("It fell on March 27.", "March 27", "2016-03-27", "day"),
        ("It fell on 27 March 2015.", "27 March 2015", "2015-03-27", "day"),
        ("The group seized it two years ago.", "two years ago", "2014", "year"),
        ("Prices rose last month.", "last month", "2016-02", "month"),
        ("The vote is next Friday.", "next Friday", "2016-04-01", "day"),
        ("It happened last Monday.", "last Monday", "2016-03-21", "day"),
        ("The summit was in December.", "December", "2015-12", "month"),
        ("Elections are due in May 2017.", "May 2017", "2017-05", "month"),
        ("The war began in 2011.", "2011", "2011", "year"),
        ("They met three days ago.", "three days ago", "2016-03-25", "day"),
        ("Growth was weak this year.", "this year", "2016", "year"),
        ("They met on 2016-01-05.", "2016-01-05", "2016-01-05", "day"),
        ("They met the day before yesterday.", "the day before yesterday", "2016-03-26", "day"),
    ],
)
def test_resolution(text: str, expr: str, value: str, precision: str) -> None:
    found = {(t[2], t[3], t[4]) for t in find_expressions(text, MONDAY)}
    assert (expr, value, precision) in found, found


def test_may_the_verb_is_not_a_month() -> None:
    assert find_expressions("Officials May consider it. They may leave.", MONDAY) == []


def test_no_published_date_leaves_relative_values_empty() -> None:
    art = Article(source=Source("t", "text", "3" * 64), paragraphs=("He left yesterday, in June 2015.",))
    got = {(t.text, t.value) for t in resolve_dates(art, [])}
    assert got == {("yesterday", None), ("June 2015", "2015-06")}


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Schools will stay closed on Monday.", "on Monday", "2016-03-28"),
        ("The court is expected to rule on Friday.", "on Friday", "2016-04-01"),
        ("Police said on Friday that he had fled.", "on Friday", "2016-03-25"),
        ("The library will review the trial in July.", "July", "2016-07"),
        ("The ministry will publish its report in February.", "February", "2017-02"),
        ("The group seized the town in July.", "July", "2015-07"),
    ],
)
def test_future_sentences_point_forward(text: str, expr: str, value: str) -> None:
    found = {(t[2], t[3]) for t in find_expressions(text, MONDAY)}
    assert (expr, value) in found, found


@pytest.mark.parametrize(
    ("text", "expression", "background"),
    [
        ("The militants had held the city since May 2015.", "May 2015", True),
        ("It was the first visit since the militants seized it in May 2015.", "May 2015", True),
        ("It is their biggest defeat since they took the land some two years ago.", "some two years ago", True),
        ("In 2014, when the group swept across Iraq, the city fell.", "2014", True),
        ("The site was seized in May 2015.", "May 2015", False),
        ("Troops entered the city on Sunday.", "on Sunday", False),
    ],
)
def test_background_dates_are_marked(text: str, expression: str, background: bool) -> None:
    found = {t[2]: t[5] for t in find_expressions(text, MONDAY)}
    assert found[expression] is background


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The vote last May was close.", "last May", "2015-05"),
        ("It will be held again next March.", "next March", "2017-03"),
        ("The plan this June is cheaper.", "this June", "2016-06"),
        ("Sales for 1988 rose.", "1988", "1988"),
        ("The deal must close by Dec. 10.", "Dec. 10", "2015-12-10"),  # the lead word does not hide the day
        ("Profit fell in the third quarter.", "the third quarter", "2015-Q3"),  # the latest one begun
        ("Prices have risen recently.", "recently", "PAST_REF"),
    ],
)
def test_more_expressions_resolve(text: str, expression: str, value: str) -> None:
    found = {t[2]: t[3] for t in find_expressions(text, MONDAY)}
    assert found[expression] == value


def test_a_quotation_s_future_does_not_leak_into_the_next_sentence() -> None:
    text = 'He said: "We will go." On Monday they went.'
    assert {t[2]: t[3] for t in find_expressions(text, MONDAY)}["On Monday"] == "2016-03-28"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Iraq invaded in the 1990 invasion of Kuwait.", "1990", "1990"),  # a year with no lead word
        ("Profit in fiscal 1989 rose.", "1989", "1989"),
        ("The talks are supposed to conclude by May.", "May", "2016-05"),  # a deadline points ahead
        ("Lenders extended loans through January.", "January", "2017-01"),
        ("It has been on patrol since March.", "March", "2016-03"),
        ("Cuba predicted Wednesday that exiles will appeal.", "Wednesday", "2016-03-23"),  # the day it spoke
        ("The father could come as early as Tuesday.", "Tuesday", "2016-03-29"),
        ("The team planned to leave Nairobi on Thursday.", "on Thursday", "2016-03-31"),  # a plan: ahead
        # the future in the past of reported speech points ahead of the report (a demo timeline had July 2015)
        ("The library said it would review the trial in July.", "July", "2016-07"),
        ("Officials said they would meet again on Friday.", "on Friday", "2016-04-01"),
        ("She said she would have voted in July.", "July", "2015-07"),  # a past counterfactual stays behind
        ("The minister said on Monday that talks would resume.", "on Monday", "2016-03-28"),
    ],
)
def test_bare_years_and_the_words_that_settle_a_direction(text: str, expression: str, value: str) -> None:
    found = {t[2]: t[3] for t in find_expressions(text, MONDAY)}
    assert found[expression] == value


@pytest.mark.parametrize("text", ["It cost $1990 in all.", "Call 1990-2000 now.", "Rates rose 1990%.", "It is 20.1990 m.",
                                  "Ticket No. 1988 won."])
def test_amounts_codes_and_ranges_are_not_bare_years(text: str) -> None:
    assert not [t for t in find_expressions(text, MONDAY) if t[4] == "year"]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Net income rose 5% in the quarter.", "the quarter", "2015-Q4"),  # the latest quarter ended
        ("Sales in the latest period fell.", "the latest period", "2015-Q4"),
        ("Orders in the current quarter are up.", "the current quarter", "2016-Q1"),
        ("It earned less than in the year-ago quarter.", "the year-ago quarter", "2014-Q4"),
        ("Profit for the quarter fell from $5 million a year earlier.", "a year earlier", "2014-Q4"),
        ("The town fell a year ago.", "a year ago", "2015"),  # no quarter talked of: the year
    ],
)
def test_reporting_quarters(text: str, expression: str, value: str) -> None:
    found = {t[2]: t[3] for t in find_expressions(text, MONDAY)}
    assert found[expression] == value


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The Times said in an editorial on Saturday, April 25: the court erred.", "on Saturday, April 25", "2016-04-25"),
        ("Of that, $14 million seeped out Friday Oct. 13 alone.", "Friday Oct. 13", "2015-10-13"),  # not the last Friday
        ("In January this year, police concluded he was dead.", "January this year", "2016-01"),
        ("But in June last year, the leadership fell out.", "June last year", "2015-06"),
        ("They will join in April next year.", "April next year", "2017-04"),
        ("It ended on March 3 last year.", "March 3 last year", "2015-03-03"),
    ],
)
def test_a_date_takes_its_weekday_and_its_year_with_it(text: str, expression: str, value: str) -> None:
    found = {t[2]: t[3] for t in find_expressions(text, MONDAY)}
    assert found[expression] == value, found
    assert len(found) == 1, found  # no second expression for "Saturday" or "this year"


def test_an_abbreviated_month_without_its_full_stop_is_a_name() -> None:
    assert find_expressions("Czech Foreign Minister Jan Kavan signed.", MONDAY) == []
    assert {t[2] for t in find_expressions("Prices fell in Jan. and Feb.", MONDAY)} == {"Jan", "Feb"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("They will return the boy as soon as possible.", {}),  # "as soon as" refers to no time
        ("The group may come as soon as Tuesday.", {"Tuesday": "2016-03-29"}),
        ("The plan will be built soon.", {"soon": "FUTURE_REF"}),
        ("The market has moved in recent years.", {"recent years": "PAST_REF"}),
        ("The economy will slow in coming months.", {"coming months": "FUTURE_REF"}),
        ("It was delayed by current market conditions.", {"current": "PRESENT_REF"}),
    ],
)
def test_reference_words(text: str, found: dict[str, str]) -> None:
    assert {t[2]: t[3] for t in find_expressions(text, MONDAY)} == found
