"""Dates as people read them: ISO values shown to their precision, with an offset only when one was stated."""

from __future__ import annotations

from datetime import datetime

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def human_date(value: str | None, precision: str | None = None) -> str:
    """An ISO date as people read it, to its precision: "Sun 27 Mar 2016, 14:30 +03:00" (the offset only
    when stated), "Sun 27 Mar 2016", "March 2016", "2016"; text that is not ISO comes back as it is."""
    if not value:
        return ""
    try:
        if len(value) == 4 and value.isdigit():
            return value
        dt = datetime.fromisoformat(value + "-01" if len(value) == 7 else value)
    except ValueError:
        return value
    month = _MONTHS[dt.month - 1]
    if precision == "year":
        return str(dt.year)
    if precision == "month" or len(value) == 7:
        return f"{month} {dt.year}"
    day = f"{_DAYS[dt.weekday()]} {dt.day} {month[:3]} {dt.year}"
    if precision == "day" or len(value) <= 10:
        return day
    offset = dt.utcoffset()
    zone = ""
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        zone = " UTC" if minutes == 0 else f" {'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{day}, {dt:%H:%M}{zone}"
