"""Date references in text (a light resolver) and ranking a story's dates by importance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
       r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:\s*,?\s*(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(?:on|last|this|since|until|by)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|this morning|this afternoon|this evening)\b", re.I)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, pub: date) -> date | None:
    if year:
        return _make(int(year), month, day)
    d = _make(pub.year, month, day)
    if d is not None and d > pub + timedelta(days=60):  # "December 30" read in January: last year
        d = _make(pub.year - 1, month, day)
    return d


def mentioned_dates(text: str, pub: date) -> list[date]:
    """Calendar days a text refers to (explicit dates, weekdays, yesterday/today), resolved at `pub`."""
    found: list[date] = []
    for m in _MDY.finditer(text):
        d = _with_year(_MONTHS[m.group(1).lower()[:3]], int(m.group(2)), m.group(3), pub)
        if d:
            found.append(d)
    for m in _DMY.finditer(text):
        d = _with_year(_MONTHS[m.group(2).lower()[:3]], int(m.group(1)), m.group(3), pub)
        if d:
            found.append(d)
    for m in _ISO.finditer(text):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append(d)
    for m in _WEEKDAY.finditer(text):
        back = (pub.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        found.append(pub - timedelta(days=back))
    for m in _RELATIVE.finditer(text):
        found.append(pub - timedelta(days=1) if m.group(1).lower() == "yesterday" else pub)
    return found


def rank_dates(
    articles: Iterable[tuple[date, Iterable[date]]], k: int, start: date | None = None, end: date | None = None,
    pub_weight: float = 0.5, future_weight: float = 0.3,
) -> list[date]:
    """The k most important days from (publication day, days the article refers to) pairs.

    A day scores `pub_weight` per article published on it, plus one vote per article published
    later that refers to it (`future_weight` for an article previewing it): days people look back
    on are events, which the volume of same-day reports alone misses. Each article votes once per day.
    """

    def inside(d: date) -> bool:
        return (start is None or d >= start) and (end is None or d <= end)

    score: dict[date, float] = {}
    for pub, refs in articles:
        score[pub] = score.get(pub, 0.0) + pub_weight
        for ref in set(refs):
            if ref != pub and inside(ref):
                score[ref] = score.get(ref, 0.0) + (1.0 if ref < pub else future_weight)
    ranked = sorted((d for d in score if inside(d)), key=lambda d: (-score[d], d))
    return ranked[:k]
