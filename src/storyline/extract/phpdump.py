"""Parse leaked PHP debug output (var_dump, print_r) leniently: keep what is complete, report the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_STRING_HEAD = re.compile(r'string\((\d+)\)\s?"')
_ARRAY_HEAD = re.compile(r"array\((\d+)\)\s*\{")
_KEY = re.compile(r'\s*\[(?:"((?:[^"\\]|\\.)*)"|(-?\d+))(?::[^\]]*)?\]\s*=>\s*')
_SCALAR = re.compile(r"\s*(?:int\((-?\d+)\)|float\(([^)]*)\)|bool\((true|false)\)|(NULL))")
_CLOSE = re.compile(r"\s*\}")


@dataclass
class DumpResult:
    """What a lenient parse recovered: the value, where parsing stopped, and what went wrong."""

    value: Any
    end: int
    problems: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False


def read_string(text: str, head_start: int) -> DumpResult | None:
    """Parse `string(N) "..."` at head_start, checking N against the UTF-8 byte length."""
    m = _STRING_HEAD.match(text, head_start)
    if not m:
        return None
    n = int(m.group(1))
    cs = m.end()
    window = text[cs : cs + n + 1]
    raw = window.encode("utf-8", "surrogatepass")
    if len(raw) < n:
        # The text ends before N bytes: truncated leak. Keep everything to the end.
        return DumpResult(
            text[cs:], len(text),
            [("leak_truncated", f"var_dump string({n}) ends after {len(raw)} bytes")], truncated=True,
        )
    content = raw[:n].decode("utf-8", "ignore")
    end = cs + len(content)
    if text[end : end + 1] == '"':
        return DumpResult(content, end + 1)
    # Length disagrees with the content: fall back to the closing quote at a line end.
    close = re.compile(r'"[ \t]*(?:\r?\n|$)')
    cm = close.search(text, cs)
    if cm is None:
        return DumpResult(
            text[cs:], len(text),
            [("leak_truncated", f"var_dump string({n}) has no closing quote")], truncated=True,
        )
    content = text[cs : cm.start()]
    actual = len(content.encode("utf-8", "surrogatepass"))
    return DumpResult(
        content, cm.start() + 1,
        [("leak_length_mismatch", f"var_dump declares string({n}) but holds {actual} bytes")],
    )


def read_var_dump(text: str, pos: int, depth: int = 0) -> DumpResult:
    """Parse one var_dump value (array, string, scalar) at pos; partial results on damage."""
    ws = len(text) - len(text[pos:].lstrip())
    pos = ws
    if _STRING_HEAD.match(text, pos):
        res = read_string(text, pos)
        assert res is not None
        return res
    m = _SCALAR.match(text, pos)
    if m:
        if m.group(1) is not None:
            return DumpResult(int(m.group(1)), m.end())
        if m.group(2) is not None:
            return DumpResult(m.group(2), m.end())
        if m.group(3) is not None:
            return DumpResult(m.group(3) == "true", m.end())
        return DumpResult(None, m.end())
    m = _ARRAY_HEAD.match(text, pos)
    if not m or depth > 20:
        return DumpResult(None, pos, [("leak_truncated", "unrecognised var_dump value")], truncated=True)
    declared = int(m.group(1))
    out: dict[str, Any] = {}
    pos = m.end()
    problems: list[tuple[str, str]] = []
    while True:
        close = _CLOSE.match(text, pos)
        if close:
            if len(out) != declared:
                problems.append(("leak_length_mismatch", f"var_dump array({declared}) holds {len(out)} entries"))
            return DumpResult(out, close.end(), problems)
        km = _KEY.match(text, pos)
        if not km:
            problems.append(("leak_truncated", f"var_dump array({declared}) cut off after {len(out)} entries"))
            return DumpResult(out, _skip_to_block_end(text, pos), problems, truncated=True)
        key = km.group(1) if km.group(1) is not None else km.group(2)
        sub = read_var_dump(text, km.end(), depth + 1)
        problems.extend(sub.problems)
        if sub.truncated:
            if isinstance(sub.value, dict) and sub.value:
                out[key] = sub.value
            return DumpResult(out, sub.end, problems, truncated=True)
        out[key] = sub.value
        pos = sub.end


_PR_ARRAY = re.compile(r"\s*Array\s*\(", re.A)
_PR_ENTRY = re.compile(r"[ \t]*\[([^\]\n]*)\][ \t]*=>[ \t]?")
_PR_CLOSE = re.compile(r"\s*\)[ \t]*\n?")


def read_print_r(text: str, pos: int, depth: int = 0) -> DumpResult:
    """Parse a print_r `Array ( [k] => v ... )` block at pos; partial results on damage."""
    m = _PR_ARRAY.match(text, pos)
    if not m or depth > 20:
        return DumpResult(None, pos, [("leak_truncated", "unrecognised print_r value")], truncated=True)
    pos = m.end()
    out: dict[str, Any] = {}
    while True:
        close = _PR_CLOSE.match(text, pos)
        if close:
            return DumpResult(out, close.end())
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        em = _PR_ENTRY.match(text, pos)
        if not em:
            return DumpResult(
                out, _skip_to_block_end(text, pos),
                [("leak_truncated", f"print_r array cut off after {len(out)} entries")], truncated=True,
            )
        key = em.group(1).strip()
        if _PR_ARRAY.match(text, em.end()) and text[em.end():].lstrip(" \t").startswith("Array"):
            sub = read_print_r(text, em.end(), depth + 1)
            if sub.value:
                out[key] = sub.value
            if sub.truncated:
                return DumpResult(out, sub.end, sub.problems, truncated=True)
            pos = sub.end
        else:
            nl = text.find("\n", em.end())
            nl = len(text) if nl == -1 else nl
            out[key] = text[em.end() : nl].strip()
            pos = nl


def _skip_to_block_end(text: str, pos: int) -> int:
    """Where a damaged leak most likely ends: the next blank line, or the end of the text."""
    blank = text.find("\n\n", pos)
    return len(text) if blank == -1 else blank
