"""Recognise editors' sign-offs and end-of-story codes (patterns in data/signoff_patterns.txt)."""

from __future__ import annotations

import re
from functools import cache

from storyline import resources

_WS = re.compile(r"\s+")


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return resources.patterns("signoff_patterns.txt")


def is_signoff(block: str) -> bool:
    """True when the whole block is a sign-off line such as `S/SH 11` or `(Editing by ...)`."""
    s = _WS.sub(" ", block).strip()
    return 0 < len(s) <= 320 and any(p.fullmatch(s) for p in _patterns())
