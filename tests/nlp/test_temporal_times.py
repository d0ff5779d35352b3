"""Times of day: a day with a part of the day or a clock time (TIMEX3 2016-03-24TEV, 2016-03-23T22:00)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.nlp.temporal import find_expressions

MONDAY = date(2016, 3, 28)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("A woman was killed Thursday evening.", "Thursday evening", "2016-03-24TEV"),
        ("Castro spoke on Sunday night.", "on Sunday night", "2016-03-27TNI"),
        ("They will meet next Tuesday morning.", "next Tuesday morning", "2016-03-29TMO"),
        ("Officials said this morning that it was over.", "this morning", "2016-03-28TMO"),
        ("CBS News first reported last night that the tomb was found.", "last night", "2016-03-27TNI"),
        ("The vote is tonight.", "tonight", "2016-03-28TNI"),
        ("Shares fell yesterday afternoon.", "yesterday afternoon", "2016-03-27TAF"),
        ("He was seized at 10 p.m. Wednesday, police said.", "10 p.m. Wednesday", "2016-03-23T22:00"),
        ("Negotiations broke off at noon Thursday.", "noon Thursday", "2016-03-24T12:00"),
        ("The offer expires at 5 p.m. EST, April 6.", "5 p.m. EST, April 6", "2016-04-06T17:00"),
        ("The offer lapsed at midnight Friday.", "midnight Friday", "2016-03-25T24:00"),
        (
            "They have until 9:30 a.m. Tuesday to sign.",
            "9:30 a.m. Tuesday",
            "2016-03-29T09:30",
        ),  # a deadline ahead
    ],
)
def test_times_of_day(text: str, expression: str, value: str) -> None:
    found = {t[2]: (t[3], t[4]) for t in find_expressions(text, MONDAY)}
    assert found[expression] == (value, "time"), found


def test_a_day_without_a_time_stays_a_day() -> None:
    found = {t[2]: (t[3], t[4]) for t in find_expressions("It met on Thursday and yesterday.", MONDAY)}
    assert found == {"on Thursday": ("2016-03-24", "day"), "yesterday": ("2016-03-27", "day")}
