"""Times of day for storyline.nlp.temporal: a day expression with a part of the day ("Thursday evening":
1998-02-12TEV, "this morning", "last night") or a clock time before it ("10 p.m. Wednesday": 1998-02-11T22:00,
"noon Thursday", "5 p.m. EST Nov. 9"). The day is resolved as the day expression alone would be; the time
is appended in TIMEX3 form, with precision "time" (the value's first ten characters are the day).
"""

from __future__ import annotations

import re
from functools import cache

from storyline import resources


@cache
def times_of_day() -> dict[str, dict[str, str]]:
    """{"part": word -> MO|AF|EV|NI, "clock": word -> HH:MM}, from temporal_times_of_day.txt."""
    out: dict[str, dict[str, str]] = {"part": {}, "clock": {}}
    for line in resources.lines("temporal_times_of_day.txt"):
        head, _, value = line.partition(":")
        kind, _, word = head.strip().partition(" ")
        value = value.strip()
        ok = re.fullmatch(r"[A-Z]{2}", value) if kind == "part" else re.fullmatch(r"\d\d:\d\d", value)
        if kind not in out or not word.strip() or not ok:
            raise ValueError(
                f"temporal_times_of_day.txt: not 'part WORD: XX' or 'clock WORD: HH:MM': {line!r}"
            )
        out[kind][word.strip().lower()] = value
    return out


def _words(kind: str) -> str:
    return "|".join(re.escape(w) for w in sorted(times_of_day()[kind], key=len, reverse=True))


#: A part of the day after a day word: "Thursday (evening)", "yesterday (morning)".
PART = r"(?P<part>" + _words("part") + r")"
#: A clock time: "10 p.m.", "7:15 a.m.", "noon", with an optional time zone ("5 p.m. EST").
CLOCK = (
    r"\b(?:(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b)|(?P<clockword>"
    + _words("clock")
    + r")\b)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC)\b)?"
)


def at_part(day: str | None, m: re.Match[str]) -> tuple[str | None, str]:
    """The day value with the match's part of the day, if it names one ("Thursday evening": ...TEV)."""
    part = (m.groupdict().get("part") or "").lower()
    if not part:
        return day, "day"
    return (f"{day}T{times_of_day()['part'][part]}" if day else None), "time"


def at_clock(day: str | None, m: re.Match[str]) -> tuple[str | None, str]:
    """The day value at the match's clock time ("10 p.m. Wednesday": ...T22:00)."""
    if not day:
        return None, "time"
    if m.group("clockword"):
        return f"{day}T{times_of_day()['clock'][m.group('clockword').lower()]}", "time"
    hour = int(m.group("hour")) % 12 + (12 if m.group("ampm").lower().startswith("p") else 0)
    return f"{day}T{hour:02d}:{m.group('minute') or '00'}", "time"
