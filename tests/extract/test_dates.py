"""The dateline cascade: formats news sites use, offsets only when stated, ticks and path dates."""

from __future__ import annotations

import pytest

from storyline.extract.dates import from_ticks, parse_date, path_date, ticks_in


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Mon Mar 28, 2016 13:15:35", "2016-03-28T13:15:35", "second"),
        ("2016-03-28T13:15:35+03:00", "2016-03-28T13:15:35+03:00", "second"),
        ("2016-03-28T10:15Z", "2016-03-28T10:15:00+00:00", "minute"),
        ("March 28, 2016", "2016-03-28", "day"),
        ("28 March 2016", "2016-03-28", "day"),
        ("Monday, March 28, 2016", "2016-03-28", "day"),
        ("Mon, 28 Mar 2016 13:15:35 +0300", "2016-03-28T13:15:35+03:00", "second"),
        ("Mon, 28 Mar 2016 13:15:35 -0000", "2016-03-28T13:15:35", "second"),
        ("Published: March 28, 2016 at 1:15 pm EDT", "2016-03-28T13:15:00-04:00", "minute"),
        ("Mar. 28, 2016, 9:05 a.m.", "2016-03-28T09:05:00", "minute"),
        ("Updated 28 Mar 2016 13:15 GMT", "2016-03-28T13:15:00+00:00", "minute"),
        ("March 28, 2016 13:15 GMT+3", "2016-03-28T13:15:00+03:00", "minute"),
        ("2016/03/28 13:15", "2016-03-28T13:15:00", "minute"),
        ("March 28, 2016 13:15 XYZT", "2016-03-28T13:15:00", "minute"),  # unknown zone: no offset invented
    ],
)
def test_formats(text: str, value: str, precision: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.value, parsed.precision) == (value, precision)


@pytest.mark.parametrize("text", ["The army said", "2016-02-30", "March 40, 2016", "", "13:15", "0000-00-00"])
def test_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_dotnet_ticks_give_the_second() -> None:
    dt = from_ticks(635945264831677930)
    assert dt is not None and dt.isoformat() == "2016-03-25T18:14:43"
    assert ticks_in("/2016/03/25/alalam_635945264831677930_25f_4x3.jpg") == dt
    assert ticks_in("/img/123456789012345678.jpg") is None  # not a plausible tick count


def test_path_date() -> None:
    assert str(path_date("https://x.org/2016/03/26/story")) == "2016-03-26"
    assert path_date("/2016/13/40/x") is None
