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


@cache
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """Each line of a data file compiled as a full-match regular expression."""
    return tuple(re.compile(p) for p in lines(name))
