"""Filter semantics shared by every back-end: cursors, date bounds, literal-substring patterns, limits."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

#: Furthest an offset-paged listing (relevance-ranked search, places) may go; the others are keyset-paged.
MAX_OFFSET = 10_000
#: Largest page any listing returns, whatever the caller asks.
MAX_LIMIT = 1_000
#: Relevance ranks a search's matches in windows of this many, the most recently stored first: the
#: first window's matches, best first, then the next window's. A query matching fewer is ranked whole;
#: one matching more costs a window's ranking, not every match's. 0 ranks every match together.
RANK_WINDOW = 10_000
#: A search counts its matches exactly up to this many; past it, its total is this figure marked as a
#: lower bound (`Page.total_exact` false), so a query matching most of the archive does not pay to
#: count every match. 0 counts every match.
COUNT_LIMIT = 10_000
#: Cursors longer than this were not handed out by storyline.
MAX_CURSOR_CHARS = 512
#: Largest integer id a back-end can hold (64-bit signed).
MAX_ID = 2**63 - 1


class CursorError(ValueError):
    """A cursor that storyline did not hand out (or that does not fit this listing)."""


def encode_cursor(value: list[Any]) -> str:
    """An opaque, URL-safe cursor for a flat list of strings, ints or nulls."""
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, shape: tuple[type | None, ...]) -> list[Any]:
    """The list inside a cursor, checked against `shape` (a type per item, None allowing null too)."""
    bad = CursorError(f"invalid cursor {cursor[:40]!r}: pass back a next_cursor from a previous page")
    if len(cursor) > MAX_CURSOR_CHARS:
        raise bad
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise bad from exc
    if not isinstance(value, list) or len(value) != len(shape):
        raise bad
    for item, kind in zip(value, shape, strict=True):
        if kind is None:
            if item is not None and not isinstance(item, str):
                raise bad
        elif not isinstance(item, kind) or isinstance(item, bool):
            raise bad
    return value


def offset_of(cursor: str | None) -> int:
    """The offset in an offset cursor (0 without one)."""
    if not cursor:
        return 0
    (offset,) = decode_cursor(cursor, (int,))
    if not 0 < offset <= MAX_OFFSET:
        raise CursorError(f"invalid cursor {cursor[:40]!r}: offset out of range")
    return int(offset)


def next_offset(offset: int, limit: int, fetched: int) -> str | None:
    """The next page's cursor when `fetched` (limit + 1 asked for) shows there is one."""
    nxt = offset + limit
    return encode_cursor([nxt]) if fetched > limit and nxt <= MAX_OFFSET else None


def rank_pieces(offset: int, count: int, window: int) -> list[tuple[int, int, int]]:
    """(window start, offset within that window, rows) for rows offset..offset+count-1 of a ranking
    done window by window; one piece (0, offset, count) when `window` is 0 (no windows)."""
    if window <= 0:
        return [(0, offset, count)]
    pieces, pos, end = [], offset, offset + count
    while pos < end:
        start = pos // window * window
        take = min(end, start + window) - pos
        pieces.append((start, pos - start, take))
        pos += take
    return pieces


def after(columns: Sequence[tuple[str, bool, bool]], last: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQL (and params) true for the rows after `last` in `ORDER BY` `columns`, NULLS LAST.

    Each column is (expression, descending, nullable); `last` holds the previous page's final row's
    values of those columns. A keyset cursor reaches every row however deep, unlike an offset.
    """
    ors: list[str] = []
    params: list[Any] = []
    for k, ((expr, desc, nullable), value) in enumerate(zip(columns, last, strict=True)):
        if value is None:  # nothing sorts after a null (nulls last) in this column
            continue
        ands: list[str] = []
        for (prev, _, _), v in zip(columns[:k], last[:k], strict=True):
            ands.append(f"{prev} IS NULL" if v is None else f"{prev} = ?")
            params += [] if v is None else [v]
        beyond = f"{expr} {'<' if desc else '>'} ?"
        ands.append(f"({beyond} OR {expr} IS NULL)" if nullable else beyond)
        params.append(value)
        ors.append("(" + " AND ".join(ands) + ")")
    return ("(" + " OR ".join(ors) + ")" if ors else "1 = 0"), params


def keyset_next(last: Sequence[Any] | None, limit: int, fetched: int) -> str | None:
    """The next page's keyset cursor (the page's last row's sort values) when there is a next page."""
    return encode_cursor(list(last)) if last is not None and fetched > limit else None


def known_total(offset: int, limit: int, fetched: int) -> int | None:
    """The number of matches when a page (limit + 1 asked for) already shows it: the last page; else None."""
    if fetched > limit or (fetched == 0 and offset > 0):
        return None
    return offset + fetched


def check_count_limit(count_limit: int) -> int:
    """A search's count limit, 0 (count every match) or more; ValueError for a negative one."""
    if count_limit < 0:
        raise ValueError(f"count limit must be 0 (count every match) or more, got {count_limit}")
    return count_limit


def capped_count(from_where: str, params: Sequence[Any], count_limit: int) -> tuple[str, list[Any]]:
    """SQL and params counting `FROM ... WHERE ...`'s rows up to count_limit + 1 (every row when 0):
    one more than the limit shows that the limit was passed."""
    if count_limit == 0:
        return f"SELECT count(*){from_where}", list(params)
    return f"SELECT count(*) FROM (SELECT 1{from_where} LIMIT ?) AS capped", [*params, count_limit + 1]


def search_total(counted: int, count_limit: int, known: int | None, shown: int) -> tuple[int, bool]:
    """(total, exact) of a search: the page's own count when it shows the last match (`known_total`),
    else the capped count; past the limit, the limit marked inexact, and never fewer than the `shown`
    matches up to this page's end."""
    if known is not None:
        return known, True
    if count_limit and counted > count_limit:
        return max(count_limit, shown), False
    return counted, True


def check_limit(limit: int) -> int:
    """A page size within 0..MAX_LIMIT; ValueError for a negative one."""
    if limit < 0:
        raise ValueError(f"limit must not be negative (got {limit})")
    return min(int(limit), MAX_LIMIT)


def clean(text: str | None) -> str:
    """Filter text without NULs and surrounding space ('' when absent)."""
    return (text or "").replace("\x00", "").strip()


def like_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `text` as a literal substring: % and _ match only themselves."""
    return "%" + clean(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def name_key(name: str) -> str:
    """The case-folded, whitespace-normalised form entity aliases are looked up by."""
    return " ".join(name.split()).casefold()


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """(inclusive lower, exclusive upper) string bounds for ISO dates YYYY[-MM[-DD]]; ValueError if malformed."""
    low = _parse_day(date_from, "from").isoformat() if date_from else None
    high = None
    if date_to:
        parts = date_to.strip().split("-")
        day = _parse_day(date_to, "to")
        if len(parts) == 1:
            high = f"{day.year + 1:04d}"
        elif len(parts) == 2:
            high = f"{day.year + (day.month == 12):04d}-{day.month % 12 + 1:02d}"
        else:
            high = (day + timedelta(days=1)).isoformat()
    return low, high


def _parse_day(text: str, name: str) -> date:
    parts = text.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError(text)
        nums = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(nums[0], nums[1], nums[2])
    except ValueError as exc:
        raise ValueError(f"{name}={text[:40]!r} is not a date like 2016-03-28, 2016-03 or 2016") from exc


def window_total(window: int, start: int, in_window: int | None) -> int | None:
    """The number of matches when a ranking window (`window` matches from match `start`, 0: every match)
    held fewer than its size, so it reached the last match; else None (also when it was not read)."""
    if in_window is None or (window > 0 and in_window >= window):
        return None
    return start + in_window
