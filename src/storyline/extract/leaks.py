"""Find leaked CMS output in a text dump (var_dump, print_r, JSON blobs, related lists) and recover its items."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from storyline import resources
from storyline.extract.phpdump import DumpResult, read_print_r, read_string, read_var_dump, skip_debris
from storyline.extract.related import item_from_mapping, item_from_title
from storyline.extract.trailer import is_trailer
from storyline.model import RelatedItem


@dataclass(frozen=True)
class Leak:
    """A span [start, end) of the text that is leaked output, and what it yielded."""

    start: int
    end: int
    kind: str  # var_dump | print_r | json | related_list
    items: tuple[RelatedItem, ...]
    problems: tuple[tuple[str, str], ...]


_DECODER = json.JSONDecoder()
_MAX_SALVAGE = 2_000_000  # characters of a damaged blob searched for complete objects
_URL = re.compile(r"https?://\S+")
_LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)


@cache
def _starts() -> re.Pattern[str]:
    headings = "|".join(re.escape(h) for h in resources.lines("related_headings.txt"))
    # One anchored alternative for all line-start leaks keeps the scan to one pass per line.
    return re.compile(
        r"(?P<vd>string\(\d+\)\s?\")"
        r"|^(?:(?P<va>[ \t]*array\(\d+\)\s*\{)"
        r"|(?P<pr>[ \t]*Array\s*\n\s*\()"
        r"|(?P<js>[ \t]*(?:\[\s*\{|\{\s*\"))"
        r"|(?P<rl>[ \t]*(?:" + headings + r")[ \t]*:?[ \t]*\n))",
        re.I | re.M,
    )


def find_leaks(text: str) -> list[Leak]:
    """All leaks in the text, in order, non-overlapping."""
    leaks: list[Leak] = []
    pos = 0
    rx = _starts()
    while True:
        m = rx.search(text, pos)
        if m is None:
            return leaks
        leak = _parse_at(text, m)
        if leak is None:
            pos = m.end()
            continue
        leaks.append(leak)
        pos = max(leak.end, m.end())


def _parse_at(text: str, m: re.Match[str]) -> Leak | None:
    start = m.start()
    if m.group("vd"):
        res = read_string(text, start)
        if res is None:
            return None
        return _leak_from(start, res, "var_dump", _items_from_string(str(res.value)))
    if m.group("va"):
        res = read_var_dump(text, start)
        res.end = skip_debris(text, res.end, "}")
        return _leak_from(start, res, "var_dump", _items_from_value(res.value))
    if m.group("pr"):
        res = read_print_r(text, start)
        res.end = skip_debris(text, res.end, ")")
        return _leak_from(start, res, "print_r", _items_from_value(res.value))
    if m.group("js"):
        return _json_leak(text, start)
    return _related_list(text, start, m.end())


def _leak_from(start: int, res: DumpResult, kind: str, parsed: tuple[list[RelatedItem], list[tuple[str, str]]]) -> Leak:
    items, problems = parsed
    return Leak(start, res.end, kind, tuple(items), tuple(res.problems) + tuple(problems))


def _json_leak(text: str, start: int) -> Leak | None:
    pos = start + len(text[start:]) - len(text[start:].lstrip())
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except RecursionError:
        end = _block_end(text, pos)
        return Leak(start, end, "json", (), (("leak_truncated", "JSON blob nested too deeply to read; removed"),))
    except ValueError:
        # Truncated or damaged JSON: salvage complete objects up to the end of this block.
        end = _block_end(text, pos)
        objects = list(_salvage_objects(text[pos : min(end, pos + _MAX_SALVAGE)]))
        if not objects:
            return None
        items, problems = _items_from_value(objects)
        problems.append(("leak_truncated", f"JSON blob is damaged; kept {len(items)} complete item(s)"))
        return Leak(start, end, "json", tuple(items), tuple(problems))
    if not isinstance(value, list | dict):
        return None
    items, problems = _items_from_value(value)
    return Leak(start, end, "json", tuple(items), tuple(problems))


def _block_end(text: str, pos: int) -> int:
    blank = re.compile(r"\n[ \t]*\n").search(text, pos)
    return len(text) if blank is None else blank.start()


def _salvage_objects(s: str) -> Iterator[dict[str, Any]]:
    """Every complete JSON object in a damaged blob (outermost objects first, then nested)."""
    i = 0
    while True:
        i = s.find("{", i)
        if i == -1:
            return
        try:
            obj, j = _DECODER.raw_decode(s, i)
        except ValueError:
            i += 1
            continue
        except RecursionError:
            return  # nested too deeply: nothing more worth salvaging
        if isinstance(obj, dict):
            yield obj
        i = j


def _items_from_string(content: str) -> tuple[list[RelatedItem], list[tuple[str, str]]]:
    stripped = content.strip()
    if stripped.startswith(("[", "{")):
        try:
            return _items_from_value(json.loads(stripped))
        except (ValueError, RecursionError):
            objects = list(_salvage_objects(stripped))
            items, problems = _items_from_value(objects)
            problems.append(("leak_truncated", f"JSON inside var_dump is damaged; kept {len(items)} complete item(s)"))
            return items, problems
    links = _LINK.findall(content)
    if links:
        return [item_from_title(re.sub(r"<[^>]+>", "", t).strip(), u) for u, t in links if t.strip()], []
    return [], []


def _items_from_value(value: Any) -> tuple[list[RelatedItem], list[tuple[str, str]]]:
    """Related items from a parsed feed: a list of dicts, a dict of dicts, or a wrapper dict."""
    items: list[RelatedItem] = []
    problems: list[tuple[str, str]] = []
    for entry in _entries(value, 0):
        item, conflict = item_from_mapping(entry)
        if item is None:
            continue
        items.append(item)
        if conflict:
            problems.append(("related_date_conflict", f"related item {item.id or item.title!r}: {conflict}"))
    return items, problems


def _entries(value: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(value, dict):
        children = [v for v in value.values() if isinstance(v, dict | list)]
        if any(not isinstance(v, dict | list) for v in value.values()) and _has_title(value):
            yield value
            return
        for child in children:
            yield from _entries(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, dict | list):
                yield from _entries(child, depth + 1)


def _has_title(d: dict[str, Any]) -> bool:
    keys = {str(k).lower() for k in d}
    return any(k in keys for k in resources.json_data("related_keys.json")["title"])


def _is_title_line(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 180 or len(s.split()) > 30:
        return False
    return not s.endswith((".", ",", ";")) or bool(_URL.search(s))


def _related_list(text: str, start: int, body_start: int) -> Leak | None:
    """A heading like 'Related articles' followed by title-like lines (with optional URLs)."""
    items: list[RelatedItem] = []
    pos = body_start
    end = body_start
    blank_run = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl == -1 else nl
        line = text[pos:nl].strip().lstrip("-*•·>– ").strip()
        if not line:
            blank_run += 1
            if blank_run > 1 and items:
                break
            pos = nl + 1
            continue
        if not _is_title_line(line) or is_trailer(line):
            break
        blank_run = 0
        url_m = _URL.search(line)
        url = url_m.group(0).rstrip(").,") if url_m else None
        title = _URL.sub("", line).strip(" -–—|()[]") if url_m else line
        if title:
            items.append(item_from_title(title, url))
        end = nl
        pos = nl + 1
    if not items:
        return None
    return Leak(start, end, "related_list", tuple(items), ())
