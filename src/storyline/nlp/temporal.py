"""Temporal expressions resolved against the article's published date (day/week/month/year)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

from storyline import resources
from storyline.model import Article, TimeExpression
from storyline.nlp import temporal_periods as periods
from storyline.nlp import temporal_times as times
from storyline.nlp.temporal_cues import Sentences, background, future_sentence, local_direction

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS_IN_FULL = frozenset(MONTHS)
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBERS.update({"a": 1, "an": 1, "a few": 3, "several": 3, "couple of": 2, "a couple of": 2})

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<num>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|a few|several|(?:a )?couple of)"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
#: the year of a month or a day, stated ("May 2017", "June 5, 2015") or relative ("January this year")
_ITS_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b|\s+(?P<rely>this|last|next)\s+year\b)?"
_MDY = _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b" + _ITS_YEAR

PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("mdy", _MDY),
    # "Saturday, April 25", "Friday Oct. 13": the date settles the day
    ("wdate", r"\b(?:on\s+)?" + _WEEKDAY + r",?\s+(?:the\s+)?" + _MDY),
    ("dmy", r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
    ("my", r"\b(?:(?:in|since|until|till|through|by|from|of|during)\s+)?(?:(?:early|late|mid|end of)[\s-]+)?" + _MONTH
     + _ITS_YEAR + r"\b"),
    ("ago", r"\b(?:some |about |nearly |almost |more than |over )?" + _NUM + r"\s+" + _UNIT + r"\s+(?:ago|earlier)\b"),
    ("rel_unit", r"\b(?P<which>last|this|next|past|coming|earlier this|later this)\s+(?P<unit>week|month|year|weekend)\b"),
    ("weekday", r"\b(?:(?P<which>last|this|next|on|this past|past|coming)\s+)?" + _WEEKDAY
     + r"(?:\s+" + times.PART + r")?\b"),
    ("deictic", r"\b(?P<word>the day before yesterday|the day after tomorrow|(?:yesterday|today|tomorrow)(?:\s+"
     + times.PART + r")?|(?:earlier|later) in the day|(?:earlier|later) today|this (?P<this>morning|afternoon|evening)"
     r"|(?P<night>last night|tonight))\b"),
    # "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 6": the day, then the time
    ("clock_day", times.CLOCK + r",?\s+(?:on\s+)?(?:" + _WEEKDAY + r"|" + _MDY + r"|(?P<dword>yesterday|today|tomorrow))\b"),
    ("year", r"\b(?:in|since|until|by|from|of|during|before|after|early|late|mid|for|into|through|throughout"
     r"|between|both)[\s-]+(?P<year>(?:19|20)\d\d)\b"),
    # a year standing alone ("in the 1990 invasion", "fiscal 1989"): not an amount, a code, a range or a count
    ("bare_year", r"(?<![\d$#£€.,/:-])(?<!No\. )\b(?P<year>(?:19|20)\d\d)\b(?![.,:/]\d|-\d|\s*(?:%|percent\b|per cent\b))"),
    ("rel_month", r"\b(?P<which>last|next|this|coming)\s+" + _MONTH + r"\b"),
    *periods.PATTERNS,
)


@cache
def reference_words() -> dict[str, str]:
    """Lowercase phrase -> PRESENT_REF | PAST_REF | FUTURE_REF | NONE (no time: "as soon as"), from
    temporal_reference_words.txt."""
    out = {}
    for line in resources.lines("temporal_reference_words.txt"):
        value, _, phrase = line.partition(":")
        out[" ".join(phrase.lower().split())] = value.strip()
    return out


_REFERENCE = r"\b(?P<ref>" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                     for w in sorted(reference_words(), key=len, reverse=True)) + r")\b"
_COMPILED = tuple((kind, re.compile(p, re.I)) for kind, p in (*PATTERNS, ("ref", _REFERENCE)))


def published_date(article: Article) -> date | None:
    try:
        return date.fromisoformat((article.published or "")[:10])
    except ValueError:
        return None


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _nearest_year(ref: date | None, month: int, day: int | None = None) -> int | None:
    """The year that puts month(/day) closest to the reference date (news talks of the recent past)."""
    if ref is None:
        return None
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day or 15)
        except ValueError:
            continue
        dist = (ref - d).days
        # the past is more likely than the future: favour it 2:1
        cost = dist if dist >= 0 else -2 * dist
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1] if best else None


def _month_value(m: re.Match[str]) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")[:4] if m.group("month").lower().startswith("sept")
                  else m.group("month").lower().rstrip(".")[:3]]


def _resolve_iso(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    return f"{m.group('y')}-{m.group('m')}-{m.group('d')}", "day"


def _its_year(m: re.Match[str], ref: date | None) -> int | None:
    """The year a month or day states: "May 2017", "January this year", "June last year"."""
    if m.group("year"):
        return int(m.group("year"))
    rely = (m.groupdict().get("rely") or "").lower()
    if rely and ref is not None:
        return ref.year + {"last": -1, "next": 1}.get(rely, 0)
    return None


def _resolve_dated(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    month, day = _month_value(m), int(m.group("day"))
    year = _its_year(m, ref) or _nearest_year(ref, month, day)
    if not 1 <= day <= 31:
        return None, "day"
    if year is None:
        return None, "day"
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None, "day"


def _resolve_month(m: re.Match[str], ref: date | None, future: bool = False) -> tuple[str | None, str]:
    month = _month_value(m)
    year = _its_year(m, ref)
    if year is None and ref is not None:
        if future:  # "will review it in July": this July or the next one
            year = ref.year if month >= ref.month else ref.year + 1
        else:  # "seized the town in July": the last July
            year = ref.year if month <= ref.month else ref.year - 1
    return (f"{year}-{month:02d}" if year else None), "month"


def _resolve_rel_month(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "last May" (the latest May before this month), "next March" (the first after it), "this June"."""
    month, which = _month_value(m), m.group("which").lower()
    if ref is None:
        return None, "month"
    if which == "last":
        year = ref.year if month < ref.month else ref.year - 1
    elif which in ("next", "coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return f"{year}-{month:02d}", "month"


def _shift_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _resolve_ago(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    raw = m.group("num").lower()
    n = int(raw) if raw.isdigit() else NUMBERS.get(raw, 1)
    unit = m.group("unit").lower()
    if unit == "day":
        return ((ref - timedelta(days=n)).isoformat() if ref else None), "day"
    if unit == "week":
        return (_iso_week(ref - timedelta(weeks=n)) if ref else None), "week"
    if unit == "month":
        if not ref:
            return None, "month"
        y, mo = _shift_months(ref, -n)
        return f"{y}-{mo:02d}", "month"
    years = n * (10 if unit == "decade" else 1)
    return (str(ref.year - years) if ref else None), "year"


def _resolve_rel_unit(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    which, unit = m.group("which").lower(), m.group("unit").lower()
    step = -1 if which in ("last", "past") else 1 if which in ("next", "coming") else 0
    if unit in ("week", "weekend"):
        if not ref:
            return None, "week"
        if unit == "weekend":
            sat = ref - timedelta(days=(ref.weekday() - 5) % 7) + timedelta(weeks=step if step > 0 else 0)
            if step > 0 and sat <= ref:
                sat += timedelta(weeks=1)
            return sat.isoformat(), "day"
        return _iso_week(ref + timedelta(weeks=step)), "week"
    if unit == "month":
        if not ref:
            return None, "month"
        y, mo = _shift_months(ref, step)
        return f"{y}-{mo:02d}", "month"
    return (str(ref.year + step) if ref else None), "year"


def _year_before_a_quarter(m: re.Match[str], text: str, bounds: tuple[int, int], quarter_talk: bool) -> bool:
    """Whether "a year ago/earlier" follows talk of a quarter (in its sentence, the paragraph before it or,
    `quarter_talk`, an earlier paragraph), so means the year-ago quarter."""
    one_year = m.group("unit").lower() == "year" and m.group("num").lower() in ("a", "one", "1")
    return one_year and (quarter_talk or re.search(r"quarter", text[: bounds[1]], re.I) is not None)


def _resolve_reference(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    return reference_words()[" ".join(m.group("ref").lower().split())], "reference"


def _resolve_weekday(m: re.Match[str], ref: date | None, future: bool = False) -> tuple[str | None, str]:
    if ref is None:
        return None, "day"
    target = WEEKDAYS[m.group("weekday").lower()]
    which = (m.groupdict().get("which") or "").lower()
    back = (ref.weekday() - target) % 7
    if which in ("next", "coming"):
        fwd = (target - ref.weekday()) % 7 or 7
        return times.at_part((ref + timedelta(days=fwd)).isoformat(), m)
    if which in ("last", "past", "this past"):
        return times.at_part((ref - timedelta(days=back or 7)).isoformat(), m)
    if future:  # "Schools will stay closed on Monday": the next such day (today when it is that day)
        return times.at_part((ref + timedelta(days=(target - ref.weekday()) % 7)).isoformat(), m)
    # bare / "on" / "this": the most recent such day (today when it is that day)
    return times.at_part((ref - timedelta(days=back)).isoformat(), m)


def _clock_day(m: re.Match[str], ref: date | None, future: bool) -> tuple[str | None, str]:
    """ "10 p.m. Wednesday", "5 p.m. EST Nov. 9", "noon yesterday": the day as alone, at the clock time."""
    if m.group("weekday"):
        day = _resolve_weekday(m, ref, future)[0]
    elif m.group("month"):
        day = _resolve_dated(m, ref)[0]
    else:
        day = (ref + timedelta(days=_SHIFTS.get(m.group("dword").lower(), 0))).isoformat() if ref else None
    return times.at_clock(day, m)


_SHIFTS = {"the day before yesterday": -2, "yesterday": -1, "last": -1, "tomorrow": 1, "the day after tomorrow": 2}


def _resolve_deictic(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    """ "yesterday", "today", "this evening" (today's, TEV), "last night" (yesterday's, TNI), "tonight"."""
    word = " ".join(m.group("word").lower().split())
    day = (ref + timedelta(days=_SHIFTS.get(word.split()[0] if m.group("part") or m.group("night") else word, 0))
           ).isoformat() if ref else None
    if m.group("this") or m.group("night"):
        part = "night" if m.group("night") else m.group("this").lower()
        return (f"{day}T{times.times_of_day()['part'][part]}" if day else None), "time"
    return times.at_part(day, m)


def _resolve_year(m: re.Match[str], ref: date | None) -> tuple[str | None, str]:
    return m.group("year"), "year"


RESOLVERS: dict[str, Callable[..., tuple[str | None, str]]] = {
    "iso": _resolve_iso, "mdy": _resolve_dated, "wdate": _resolve_dated, "dmy": _resolve_dated, "my": _resolve_month,
    "ago": _resolve_ago, "rel_unit": _resolve_rel_unit, "weekday": _resolve_weekday,
    "deictic": _resolve_deictic, "year": _resolve_year, "bare_year": _resolve_year,
    "ref": _resolve_reference, "rel_month": _resolve_rel_month, **periods.RESOLVERS,
}
#: A lead word that settles which way a bare month points: "by May", "until mid-November" (a deadline
#: ahead), "since March" (behind), whatever the sentence's tense.
_DEADLINE_LEADS = {"by": True, "until": True, "till": True, "through": True, "since": False}
_LEADING = re.compile(r"^(?:in|since|until|till|by|from|of|during|before|after|on|for|into|through|throughout|between"
                      r"|both|over|at|ahead of)\s+", re.I)


def find_expressions(text: str, ref: date | None, quarter_talk: bool = False
                     ) -> list[tuple[int, int, str, str | None, str, bool]]:
    """(start, end, text, value, precision, background) of every temporal expression, longest first,
    no overlaps. `quarter_talk`: an earlier paragraph spoke of a reporting quarter ("a year earlier" then
    means the year-ago quarter)."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            if kind == "my" and m.group("month").lower() == "may" and not (m.group("year") or m.group(0)[0].islower()):
                continue  # "May" alone is too often the verb or a name
            if kind in ("my", "mdy", "wdate", "dmy", "rel_month", "clock_day") and not (m.group("month") or "M")[0].isupper():
                continue
            if (kind == "my" and not (m.group("year") or m.group("rely")) and m.group("month").lower() not in MONTHS_IN_FULL
                    and text[m.end("month") : m.end("month") + 1] != "."):
                continue  # "Jan" alone is a name ("Jan Kavan"); an abbreviation needs its full stop or a year
            lead = _LEADING.match(m.group(0)) if kind in ("my", "year", *periods.LEAD_KINDS) else None
            # the lead word ("by", "since") is not the expression: "by Dec. 10" is a day, not December
            found.append((m.start() + (lead.end() if lead else 0), m.end(), kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str, str | None, str, bool]] = []
    last_end = -1
    sentences = Sentences(text)
    for start, end, kind, m in found:
        if start < last_end:
            continue
        if kind in ("weekday", "my", "clock_day", "weekend", "season") and (m.groupdict().get("which") or "on").lower() == "on":
            ahead = _DEADLINE_LEADS.get(text[m.start() : start].strip().lower())
            if ahead is None:
                ahead = local_direction(text[sentences.bounds(start, end)[0] : m.start()])
            future = future_sentence(text, start, end, sentences) if ahead is None else ahead
            value, precision = RESOLVERS[kind](m, ref, future) if kind != "clock_day" else _clock_day(m, ref, future)
        elif kind == "ago" and _year_before_a_quarter(m, text, sentences.bounds(start, end), quarter_talk):
            value, precision = periods.quarter_before(ref, 5), "quarter"  # "profit fell from a year ago": that quarter
        elif kind == "year_ago":  # "year-earlier profit"
            value, precision = periods.year_ago(ref, quarter_talk or "quarter" in text[: sentences.bounds(start, end)[1]])
        else:
            value, precision = RESOLVERS[kind](m, ref)
        last_end = end
        if value == "NONE":  # a phrase holding a reference word that refers to no time
            continue
        out.append((start, end, text[start:end], value, precision, background(text, start, end, sentences)))
    return out


_QUARTER_WORD = re.compile(r"\bquarter", re.I)


def resolve_dates(article: Article, docs: list[Any] | None = None) -> tuple[TimeExpression, ...]:
    """Every temporal expression of the article's paragraphs, resolved against its published date."""
    ref = published_date(article)
    out = []
    quarter_talk = False  # an earlier paragraph spoke of a reporting quarter
    for i, para in enumerate(article.paragraphs):
        for start, end, text, value, precision, context in find_expressions(para, ref, quarter_talk):
            out.append(TimeExpression(text=text, value=value, precision=precision, paragraph=i, start=start, end=end,
                                      background=context))
        quarter_talk = quarter_talk or _QUARTER_WORD.search(para) is not None
    return tuple(out)
