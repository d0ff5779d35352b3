"""Load the rule and word-list data files shipped in storyline/data (cached, read once)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


def _read(name: str) -> str:
    return resources.files("storyline").joinpath("data", name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file, stripped."""
    out = []
    for line in _read(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def json_data(name: str) -> Any:
    """A JSON data file; keys starting with '_' are documentation and dropped from dicts."""
    data = json.loads(_read(name))
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not k.startswith("_")}
    return data


_DEFINITION = re.compile(r"^\{(\w+)\}\s*=\s*(.+)$")


@cache
def rules(name: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    """The patterns of a data file whose lines may define named parts and use them.

    A line `{NAMES} = [A-Z]\\w+(?:\\s+[A-Z]\\w+)*` defines a part; `{AGENCY} = @agencies.txt` defines
    one as any line of that file (literally, longest first). Every other line is a pattern in which
    `{NAMES}` (defined above it) is replaced by `(?:...)` of its definition.
    """
    parts: dict[str, str] = {}
    out: list[re.Pattern[str]] = []
    for line in lines(name):
        m = _DEFINITION.match(line)
        if m:
            parts[m.group(1)] = "(?:" + _part(m.group(2), parts) + ")"
            continue
        out.append(re.compile(_fill(line, parts), flags))
    return tuple(out)


@cache
def alternation(name: str) -> str:
    """A regular expression matching any line of a data file literally (longest first, so that
    "Associated Press" wins over "AP")."""
    return "|".join(re.escape(w) for w in sorted(lines(name), key=len, reverse=True))


def _part(value: str, parts: dict[str, str]) -> str:
    return alternation(value[1:]) if value.startswith("@") else _fill(value, parts)


def _fill(pattern: str, parts: dict[str, str]) -> str:
    for key, value in parts.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern
