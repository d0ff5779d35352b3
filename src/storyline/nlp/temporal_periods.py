"""Periods longer or vaguer than a day for storyline.nlp.temporal: reporting quarters, "the year",
seasons, decades, centuries, years spelled out in words and named days (holidays).

Each entry of PATTERNS is (kind, regular expression); RESOLVERS maps a kind to a function of the match
and the published date giving (TIMEX3 value or None, precision). Values: quarter YYYY-Qn, season
YYYY-SP|SU|FA|WI, decade YYY (the 1990s: 199), century YY (the 20th century: 19).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from storyline import resources

_YEAR = r"(?:19|20)\d\d"
_ORD = r"first|second|third|fourth|1st|2nd|3rd|4th"
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_DECADE_WORDS = {
    w: i + 2
    for i, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())
}
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth"
        " fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()


@cache
def holidays() -> dict[str, str]:
    """Lowercase phrase -> rule (MM-DD, MM-DD WEEKDAY, easter+N), from temporal_holidays.txt."""
    out = {}
    for line in resources.lines("temporal_holidays.txt"):
        phrase, _, rule = line.rpartition(":")
        if not phrase.strip() or not re.fullmatch(r"\d\d-\d\d(?: [a-z]+day)?|easter[+-]\d+", rule.strip()):
            raise ValueError(
                f"temporal_holidays.txt: not 'PHRASE: MM-DD [WEEKDAY]' or 'PHRASE: easter+N': {line!r}"
            )
        out[" ".join(phrase.lower().split())] = rule.strip()
    return out


_HOLIDAY = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(holidays(), key=len, reverse=True))
_SPELLED_YEAR = (
    r"\bnineteen[\s-]+(?P<sy>(?:"
    + "|".join(_TENS)
    + r")(?:[\s-]+(?:"
    + "|".join(_ONES)
    + r"))?|"
    + "|".join(_TEENS)
    + r")\b|\bthe\s+year\s+two\s+thousand(?:\s+and\s+(?P<sy2>"
    + "|".join(_ONES + _TEENS)
    + r"))?\b"
)

PATTERNS: tuple[tuple[str, str], ...] = (
    # a company's reporting quarter named without its number: the latest one ended, or the year-ago one;
    # "the 1988 quarter" (that year's quarter of the same number)
    (
        "period",
        r"\bthe\s+(?:(?P<which>latest|most recent|year-ago|year-earlier|current|just-ended)\s+)?quarter\b"
        r"|\bthe\s+(?P<which2>latest|year-ago|year-earlier)\s+period\b|\bthe\s+(?P<pyear>"
        + _YEAR
        + r")\s+(?:quarter|period)\b",
    ),
    (
        "quarter",
        r"\b(?:the\s+)?(?:(?P<ago>year-ago|year-earlier|prior-year)\s+|(?P<y1>" + _YEAR + r")\s+"
        r"|(?P<rel>this|last|next)\s+year's\s+)?(?:fiscal[\s-]+)?(?P<q>" + _ORD + r")[\s-]+quarter"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<year>" + _YEAR + r"))?\b",
    ),
    # "year-earlier profit", "the year-ago results": the same period a year before
    ("year_ago", r"\byear-(?:ago|earlier)\b"),
    # "the year", "the fiscal year", "the current year", "the past year": not "the year before" or "the year 2000"
    (
        "the_year",
        r"\bthe\s+(?:(?P<which>current|full|fiscal|current fiscal|full fiscal|latest fiscal|past|previous|prior)\s+)?"
        r"year\b(?![-']|\s+(?:before|after|earlier|later|ago|two\b|" + _YEAR + r"))",
    ),
    # "last fall", "this past spring", "in the summer", "over the winter", "the early summer": a determiner or a
    # preposition before it ("prices fall", "a hot spring" are none); not "the fall of the Wall"
    (
        "season",
        r"\b(?:(?P<which>last|this|next|this past|past|coming)\s+|(?:in|during|over|through|until|since|by|into|of)\s+"
        r"(?:the\s+)?|the\s+(?=(?:(?:early|late|mid)[\s-]+)?(?:summer|winter|autumn)\b))(?:(?:early|late|mid)[\s-]+)?"
        r"(?P<season>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<year>"
        + _YEAR
        + r"))?\b(?!\s+of\s+(?!"
        + _YEAR
        + r"))",
    ),
    (
        "decade",
        r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<dec>1[5-9]\d|20\d)0'?s|'(?P<dec2>[2-9])0'?s)\b(?!-)"
        r"|\bthe\s+(?:(?:early|late|mid)[\s-]+)?(?P<word>" + "|".join(_DECADE_WORDS) + r")\b"
        r"|\bthe\s+(?P<which>last|past|previous|this|next)\s+decade\b",
    ),
    (
        "century",
        r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<n>1?\d|2[01])(?:st|nd|rd|th)|(?P<nw>"
        + "|".join(_ORDINAL_WORDS)
        + r"|twenty-first))[\s-]+century\b",
    ),
    ("spelled_year", _SPELLED_YEAR),
    (
        "holiday",
        r"\b(?:(?P<which>last|this|next|this past|past|coming)\s+)?(?P<holiday>"
        + _HOLIDAY
        + r")(?P<hweek>\s+week)?\b(?!\s+Islands?\b)",  # not Easter Island, Christmas Island
    ),
    # "over the weekend" (the latest one), "ahead of the weekend" (the next): TIMEX3 2016-W12-WE
    (
        "weekend",
        r"\b(?:(?P<ahead>ahead of|before|until|by)\s+|(?:over|during|at|on|through|for|since|after)\s+)?the\s+weekend\b",
    ),
)
#: Kinds whose leading preposition ("in the summer", "over the summer") is not part of the expression.
LEAD_KINDS = ("season", "weekend")


def quarter_before(ref: date | None, back: int) -> str | None:
    """The quarter `back` quarters before the one holding `ref` (TIMEX3 YYYY-Qn)."""
    if ref is None:
        return None
    n = ref.year * 4 + (ref.month - 1) // 3 - back
    return f"{n // 4}-Q{n % 4 + 1}"


def _resolve_quarter(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "the third quarter" (TIMEX3 YYYY-Qn): of the year given, else the latest such quarter begun by `ref`;
    "the year-ago third quarter", "last year's third quarter" a year before that."""
    q = _QUARTERS[m.group("q").lower()]
    year = m.group("year") or m.group("y1")
    if year:
        return f"{year}-Q{q}", "quarter"
    if ref is None:
        return None, "quarter"
    latest = ref.year if (q - 1) * 3 < ref.month else ref.year - 1
    rel = (m.group("rel") or "").lower()
    if rel:
        latest = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    elif m.group("ago"):
        latest -= 1
    return f"{latest}-Q{q}", "quarter"


def _resolve_period(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "the quarter", "the latest period" (the latest quarter ended by `ref`), "the current quarter", and
    "the year-ago quarter" (that one a year before); "the 1988 quarter": that year's quarter of the same number."""
    if m.group("pyear"):
        latest = quarter_before(ref, 1)
        return (f"{m.group('pyear')}-{latest[5:]}" if latest else None), "quarter"
    which = (m.group("which") or m.group("which2") or "latest").lower()
    back = 0 if which == "current" else 1
    return quarter_before(ref, back + (4 if which.startswith("year") else 0)), "quarter"


def year_ago(ref: date | None, quarter_talk: bool) -> tuple[str | None, str]:
    """ "year-earlier", "a year ago": the year before, or the year-ago quarter when the text talks of quarters."""
    if quarter_talk:
        return quarter_before(ref, 5), "quarter"
    return (str(ref.year - 1) if ref else None), "year"


def _resolve_the_year(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "the (current, full, fiscal) year": the published date's; "the past (previous, latest fiscal) year": the one before."""
    which = (m.group("which") or "").lower()
    back = 1 if which in ("past", "previous", "prior", "latest fiscal") else 0
    return (str(ref.year - back) if ref else None), "year"


def _resolve_season(m: re.Match[str], ref: date | None, future: bool = False) -> tuple[str | None, str]:
    """ "last fall" (the year before's), "this summer" (this year's), "this past spring" (the latest over),
    "next winter" (the first to come), "the summer of 1994"; "in the spring" the latest begun, or the
    next one to begin when the sentence points ahead ("work is expected to start in the spring")."""
    code, start = _SEASONS[m.group("season").lower()]
    if m.group("year"):
        return f"{m.group('year')}-{code}", "season"
    if ref is None:
        return None, "season"
    which = " ".join((m.group("which") or "").lower().split())
    if which == "last":
        year = ref.year - 1
    elif which in ("this past", "past"):  # the latest one over (a season lasts three months)
        year = ref.year if start + 3 <= ref.month else ref.year - 1
    elif which in ("next", "coming") or (future and which != "this"):
        year = ref.year if start > ref.month else ref.year + 1
    elif which == "this":
        year = ref.year
    else:  # the latest begun (this year's once it has begun)
        year = ref.year if start <= ref.month else ref.year - 1
    return f"{year}-{code}", "season"


def _resolve_decade(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "the 1990s", "the early '80s", "the nineties" (TIMEX3 199, 198); "the last decade" (the one before)."""
    if m.group("dec"):
        return m.group("dec"), "decade"
    if m.group("dec2"):
        return f"19{m.group('dec2')}", "decade"
    if m.group("word"):
        return f"19{_DECADE_WORDS[m.group('word').lower()]}", "decade"
    if ref is None:
        return None, "decade"
    step = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(m.group("which").lower(), 0)
    return str(ref.year // 10 + step), "decade"


def _resolve_century(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "the 20th century" (TIMEX3 19), "the eleventh century" (10)."""
    word = (m.group("nw") or "").lower()
    n = int(m.group("n")) if m.group("n") else 21 if word == "twenty-first" else _ORDINAL_WORDS[word]
    return f"{n - 1:02d}", "century"


def _resolve_spelled_year(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "nineteen ninety-six" (1996), "nineteen ten", "the year two thousand (and one)"."""
    if m.group("sy"):
        words = re.split(r"[\s-]+", m.group("sy").lower())
        if words[0] in _TEENS:
            return str(1900 + 10 + _TEENS.index(words[0])), "year"
        ones = _ONES.index(words[1]) + 1 if len(words) > 1 else 0
        return str(1900 + 10 * (_TENS.index(words[0]) + 2) + ones), "year"
    extra = (m.group("sy2") or "").lower()
    n = 0 if not extra else _ONES.index(extra) + 1 if extra in _ONES else 10 + _TEENS.index(extra)
    return str(2000 + n), "year"


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * mm + 90) // 25
    return date(year, month, (h + ell - 7 * mm + 33 * month + 19) % 32)


def holiday_date(rule: str, year: int) -> date:
    """The day a temporal_holidays.txt rule gives in `year`."""
    if rule.startswith("easter"):
        return _easter(year) + timedelta(days=int(rule[6:]))
    day = date(year, int(rule[:2]), int(rule[3:5]))
    if len(rule) > 5:
        day += timedelta(days=(_WEEKDAYS.index(rule[6:]) - day.weekday()) % 7)
    return day


def _resolve_holiday(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "Thanksgiving Day", "last Christmas", "next Election Day", "Easter week" (the ISO week holding it)."""
    week = bool(m.group("hweek"))
    if ref is None:
        return None, "week" if week else "day"
    rule = holidays()[" ".join(m.group("holiday").lower().split())]
    days = [holiday_date(rule, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    which = " ".join((m.group("which") or "").lower().split())
    if which in ("last", "past", "this past"):
        day = max(d for d in days if d < ref)
    elif which in ("next", "coming"):
        day = min(d for d in days if d > ref)
    else:  # the nearest, the past favoured 2:1
        day = min(days, key=lambda d: (ref - d).days if d <= ref else 2 * (d - ref).days)
    if week:
        y, w, _ = day.isocalendar()
        return f"{y}-W{w:02d}", "week"
    return day.isoformat(), "day"


def resolve_weekend(m: re.Match[str], ref: date | None, future: bool = False) -> tuple[str | None, str]:
    """ "the weekend": the latest one begun (this one on a Saturday or Sunday), or the next one when the
    words before it or the sentence point ahead ("ahead of the weekend", "will rest over the weekend")."""
    if ref is None:
        return None, "week"
    saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
    if (future or m.group("ahead")) and ref.weekday() < 5:
        saturday += timedelta(weeks=1)
    y, w, _ = saturday.isocalendar()
    return f"{y}-W{w:02d}-WE", "week"


RESOLVERS: dict[str, Callable[..., tuple[str | None, str]]] = {
    "period": _resolve_period,
    "quarter": _resolve_quarter,
    "the_year": _resolve_the_year,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "spelled_year": _resolve_spelled_year,
    "holiday": _resolve_holiday,
    "year_ago": lambda m, ref: year_ago(ref, False),
    "weekend": resolve_weekend,
}
