"""Cues for storyline.nlp.temporal read from the sentence around an expression: whether it is background
("since May 2015"), whether its sentence speaks of the future, and which way the words right before it point."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from storyline import resources


@cache
def _future_cues() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in resources.lines("temporal_future_cues.txt")), re.I)


@cache
def _background_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(before, after): the background rules of temporal_background_cues.txt, one pattern each."""
    sides: dict[str, list[str]] = {"before": [], "after": []}
    for line in resources.lines("temporal_background_cues.txt"):
        side, _, rx = line.partition(":")
        if side.strip() not in sides or not rx.strip():
            raise ValueError(f"temporal_background_cues.txt: not 'before: REGEX' or 'after: REGEX': {line!r}")
        sides[side.strip()].append(rx.strip())
    before, after = ("|".join(f"(?:{p})" for p in sides[k]) or r"(?!)" for k in ("before", "after"))
    return re.compile(before, re.I), re.compile(after, re.I)


def background(text: str, start: int, end: int, sentences: Sentences | None = None) -> bool:
    """Whether the expression text[start:end] is background ("since May 2015", "in 2014, when")."""
    left, right = (sentences or Sentences(text)).bounds(start, end)
    before, after = _background_cues()
    return bool(before.search(text[left:start]) or after.match(text[end:right]))


_SENTENCE_END = re.compile(r"[.!?][\"”’']*(?:\s|$)")  # a closing quote may follow the full stop


class Sentences:
    """The sentence ends of one text, found once; whether a stretch's sentence speaks of the future."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_SENTENCE_END.finditer(text))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self._future: dict[tuple[int, int], bool] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """(left, right): after the last sentence end before `start`, up to the first one from `end`."""
        text = self.text
        if 0 < start <= len(text) and text[start - 1] in ".!?":
            left = start  # a mark right before the stretch ends a sentence there
        else:
            k = bisect_right(self.ends, start) - 1
            left = self.ends[k] if k >= 0 else 0
        k = bisect_left(self.starts, end)
        return left, self.starts[k] if k < len(self.starts) else len(text)

    def future(self, start: int, end: int) -> bool:
        key = self.bounds(start, end)
        if key not in self._future:
            self._future[key] = bool(_future_cues().search(self.text[key[0] : key[1]]))
        return self._future[key]


@cache
def _direction_cues() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(rule, points ahead) of each temporal_direction_cues.txt line."""
    out = []
    for line in resources.lines("temporal_direction_cues.txt"):
        side, _, rx = line.partition(":")
        if side.strip() not in ("past", "future") or not rx.strip():
            raise ValueError(f"temporal_direction_cues.txt: not 'past: REGEX' or 'future: REGEX': {line!r}")
        out.append((re.compile(rx.strip(), re.I), side.strip() == "future"))
    return tuple(out)


def local_direction(before: str) -> bool | None:
    """True (ahead) or False (behind) when the words right before an expression settle its direction."""
    for rx, ahead in _direction_cues():
        if rx.search(before):
            return ahead
    return None


def future_sentence(text: str, start: int, end: int, sentences: Sentences | None = None) -> bool:
    """Whether the sentence around text[start:end] speaks of the future ("will stay closed")."""
    return (sentences or Sentences(text)).future(start, end)
