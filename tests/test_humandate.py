"""Dates as people read them."""

from storyline.humandate import human_date


def test_human_dates_follow_the_precision_and_state_an_offset_only_when_given() -> None:
    assert human_date("2016-03-27T14:30:00+03:00", "second") == "Sun 27 Mar 2016, 14:30 +03:00"
    assert human_date("2016-03-27T14:30:00+00:00") == "Sun 27 Mar 2016, 14:30 UTC"
    assert human_date("2016-03-27T14:30:00", "minute") == "Sun 27 Mar 2016, 14:30"  # no offset stated: none shown
    assert human_date("2016-03-27T14:30:00-04:30") == "Sun 27 Mar 2016, 14:30 -04:30"
    assert human_date("2016-03-27", "day") == "Sun 27 Mar 2016"
    assert human_date("2016-03", "month") == "March 2016"
    assert human_date("2016-03-01", "month") == "March 2016"
    assert human_date("2016", "year") == "2016"
    assert human_date("last spring") == "last spring" and human_date(None) == ""
