"""Date strings from HTML pages to ISO 8601, keeping a UTC offset only when the page states one."""

from __future__ import annotations

import re
from datetime import date

from storyline.extract.dates import parse_date
from storyline.extract.html_data import meta_config

_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T ](?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d))?(?:[.,]\d+)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-][01]\d(?::?[0-5]\d)?)?)?"
    r"(?![\d])"
)
_SLASHED = re.compile(r"\b(?P<y>(?:19|20)\d\d)[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)\b")
_DOTTED = re.compile(r"\b(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)\b")
_WORD_DMY = re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>(?:19|20)\d\d)\b")
_WORD_MDY = re.compile(r"\b(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _offset(z: str) -> str:
    if z in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = z[1:].replace(":", "")
    hh, mm = digits[:2], (digits[2:4] or "00")
    return f"{z[0]}{hh}:{mm}"


def normalize_date(value: str | None) -> str | None:
    """An ISO 8601 string for a date/time text, or None when none can be read.

    Machine dates (ISO, RFC 2822) keep their time, and their offset when one is stated
    ('Z' counts as +00:00); a time without an offset stays naive. Human dates ('March 28,
    2016', '28.03.2016') give the day only.
    """
    if not value:
        return None
    text = value.strip()
    if not text:
        return None
    whole = parse_date(text)  # the shared dateline cascade first (RFC 2822, zones, weekday forms)
    if whole is not None:
        return whole.value
    m = _ISO.search(text)
    if m:
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is None:
            return None
        if m["H"] is None:
            return day
        stamp = f"{day}T{m['H']}:{m['M']}:{m['S'] or '00'}"
        return stamp + _offset(m["z"]) if m["z"] else stamp
    return human_date(text)


def human_date(text: str) -> str | None:
    """The day of a human-written date ('28 March 2016', 'Mar. 28, 2016', '2016/03/28')."""
    months: dict[str, int] = meta_config()["months"]
    for rx in (_WORD_MDY, _WORD_DMY):
        for m in rx.finditer(text):
            mon = months.get(m["mon"].lower())
            if mon:
                day = _valid(int(m["y"]), mon, int(m["d"]))
                if day:
                    return day
    for rx in (_SLASHED, _DOTTED):
        found = rx.search(text)
        if found:
            day = _valid(int(found["y"]), int(found["m"]), int(found["d"]))
            if day:
                return day
    return None


def richness(iso: str) -> int:
    """2 for a time with offset, 1 for a naive time, 0 for a bare day."""
    if "T" not in iso:
        return 0
    return 2 if re.search(r"[+-]\d\d:\d\d$", iso) else 1
