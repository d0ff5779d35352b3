"""Date cascade: parse the many dateline formats news uses into ISO 8601, never inventing a zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_tz

from storyline import resources

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
_TIME = (
    r"(?:(?:\s*,?\s*|\s+(?:at\s+)?|T)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|Z\b|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?))?)?"
)
_PREFIX = re.compile(
    r"^\s*(?:(?:published|posted|updated|last updated|created|date|dated|first published)(?:\s+on)?\s*:?\s*)?",
    re.I,
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?$",
)
# "Mon Mar 28, 2016 13:15:35", "March 28, 2016", "Mar. 28 2016 1:15 pm EDT"
_MDY = re.compile(r"^" + _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + r"$", re.I)
# "28 March 2016", "Monday, 28 March 2016 13:15"
_DMY = re.compile(r"^" + _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + r"$", re.I)
# "2016/03/28", "2016.03.28 13:15"
_YMD_SLASH = re.compile(r"^(?P<year>\d{4})[/.](?P<mon>\d{1,2})[/.](?P<day>\d{1,2})" + _TIME + r"$", re.I)
_TICKS = re.compile(r"(?<!\d)(6[0-9]{17})(?!\d)")
_PATH_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>\d{2})/(?P<day>\d{2})/")

_TICKS_PER_SECOND = 10_000_000
_DOTNET_EPOCH = datetime(1, 1, 1)


@dataclass(frozen=True)
class ParsedDate:
    """An ISO 8601 value and how precise it is ('day', 'minute', 'second')."""

    value: str
    precision: str


def _zones() -> dict[str, int]:
    zones: dict[str, int] = resources.json_data("timezones.json")
    return zones


def _offset(zone: str | None) -> timezone | None | bool:
    """A tzinfo for a stated zone; None when no zone; False when the zone is unknown."""
    if not zone:
        return None
    zone = zone.strip()
    if zone in ("-0000", "-00:00"):  # RFC 2822/3339: "-0000" means the offset is unknown
        return None
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", zone)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3))
        if minutes > 14 * 60:
            return False
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    m = re.fullmatch(r"([A-Z]{2,5})([+-]\d{1,2})(?::?(\d{2}))?", zone)
    if m and m.group(1) in ("GMT", "UTC"):
        hours = int(m.group(2))
        minutes = abs(hours) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=minutes if hours >= 0 else -minutes))
    zones = _zones()
    if zone.upper() in zones:
        return timezone(timedelta(minutes=zones[zone.upper()]))
    return False


def _build(
    year: int, month: int, day: int, hour: str | None, minute: str | None, second: str | None,
    ampm: str | None = None, zone: str | None = None,
) -> ParsedDate | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if not 1800 <= year <= 2200:
        return None
    if hour is None:
        return ParsedDate(d.isoformat(), "day")
    h, mi, s = int(hour), int(minute or 0), int(second or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if pm else 0)
    try:
        dt = datetime(year, month, day, h, mi, s)
    except ValueError:
        return None
    tz = _offset(zone)
    if isinstance(tz, timezone):  # an unknown zone name (False): keep local time, state no offset
        dt = dt.replace(tzinfo=tz)
    precision = "second" if second is not None else "minute"
    return ParsedDate(dt.isoformat(), precision)


def parse_date(text: str) -> ParsedDate | None:
    """Parse a whole dateline string; None if it is not (only) a date."""
    s = _PREFIX.sub("", text.strip(), count=1).strip().rstrip(".")
    if not s or len(s) > 80:
        return None
    m = _ISO.match(s)
    if m:
        return _build(int(m["year"]), int(m["mon"]), int(m["day"]), m["hour"], m["minute"], m["second"], None, m["zone"])
    for rx in (_MDY, _DMY):
        m = rx.match(s)
        if m:
            return _build(
                int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"]),
                m["hour"], m["minute"], m["second"], m["ampm"], m["zone"],
            )
    m = _YMD_SLASH.match(s)
    if m:
        return _build(int(m["year"]), int(m["mon"]), int(m["day"]), m["hour"], m["minute"], m["second"], m["ampm"], m["zone"])
    return _parse_rfc2822(s)


def _parse_rfc2822(s: str) -> ParsedDate | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", s):
        return None
    t = parsedate_tz(s)
    if t is None:
        return None
    year, month, day, hour, minute, second = t[:6]
    zone_match = re.search(r"([+-]\d{4}|[A-Z]{2,5})\s*$", s)
    zone = zone_match.group(1) if zone_match else None
    has_seconds = re.search(r"\d{1,2}:\d{2}:\d{2}", s) is not None
    return _build(year, month, day, str(hour), str(minute), str(second) if has_seconds else None, None, zone)


def looks_like_date(text: str) -> bool:
    """True when the line is a date and nothing else (used to find datelines)."""
    return parse_date(text) is not None


def from_ticks(ticks: int) -> datetime | None:
    """A .NET DateTime tick count (100 ns since 0001-01-01) as a naive datetime, if plausible."""
    try:
        dt = _DOTNET_EPOCH + timedelta(seconds=ticks // _TICKS_PER_SECOND)
    except OverflowError:
        return None
    return dt if 1990 <= dt.year <= 2100 else None


def ticks_in(text: str) -> datetime | None:
    """The first plausible .NET tick timestamp embedded in a file name or path."""
    for m in _TICKS.finditer(text):
        dt = from_ticks(int(m.group(1)))
        if dt is not None:
            return dt
    return None


def path_date(text: str) -> date | None:
    """A /YYYY/MM/DD/ date in a URL or media path."""
    m = _PATH_DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
