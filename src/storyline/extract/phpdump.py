"""Parse leaked PHP debug output (var_dump, print_r) leniently: keep what is complete, report the rest."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_STRING_HEAD = re.compile(r'string\((\d+)\)\s?"')
_ARRAY_HEAD = re.compile(r"\s*array\((\d+)\)\s*\{")
_KEY = re.compile(r'\s*\[(?:"((?:[^"\\]|\\.)*)"|(-?\d+))(?::[^\]]*)?\]\s*=>\s*')
_SCALAR = re.compile(r"\s*(?:int\((-?\d+)\)|float\(([^)]*)\)|bool\((true|false)\)|(NULL))")
_CLOSE = re.compile(r"\s*\}")
_WS = re.compile(r"\s*")
# What may follow the closing quote of a string inside an array: the next key, or (after
# whitespace, as var_dump writes it; `"}` is everywhere in JSON) the array's end. A string on
# its own may also end its line.
_NEXT = r'(?:\s*\[(?:"(?:[^"\\]|\\.)*"|-?\d+)(?::[^\]]*)?\]\s*=>|\s+\})'
_NESTED_END = re.compile(r'"(?=' + _NEXT + r")")
_TOP_END = re.compile(r'"(?=[ \t]*(?:\r?\n|$)|' + _NEXT + r")")
_JSON_TRIES = 20  # closing-quote candidates tried as the end of JSON content
_DEBRIS = {"}": re.compile(r"(?:\s*\})+"), ")": re.compile(r"(?:\s*\))+")}


@dataclass
class DumpResult:
    """What a lenient parse recovered: the value, where parsing stopped, and what went wrong."""

    value: Any
    end: int
    problems: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False


def read_string(text: str, head_start: int, nested: bool = False) -> DumpResult | None:
    """Parse `string(N) "..."` at head_start, checking N against the UTF-8 byte length.

    A wrong N never makes the string run past its own closing quote: the quote followed by the
    end of the line or by the enclosing array's next key or `}` (`nested`: only the latter).
    """
    m = _STRING_HEAD.match(text, head_start)
    if not m:
        return None
    n = int(m.group(1))
    cs = m.end()
    end = _declared_end(text, cs, n)
    if end is not None and text[end : end + 1] == '"':
        return DumpResult(text[cs:end], end + 1)
    close = _closing_quote(text, cs, _NESTED_END if nested else _TOP_END, end)
    if close is None:
        stop = block_end(text, cs)
        held = len(text[cs:stop].encode("utf-8", "surrogatepass"))
        return DumpResult(
            text[cs:stop], stop,
            [("leak_truncated", f"var_dump string({n}) has no closing quote ({held} bytes taken as leak)")],
            truncated=True,
        )
    content = text[cs:close]
    actual = len(content.encode("utf-8", "surrogatepass"))
    return DumpResult(
        content, close + 1,
        [("leak_length_mismatch", f"var_dump declares string({n}) but holds {actual} bytes")],
    )


def _declared_end(text: str, cs: int, n: int) -> int | None:
    """Where N UTF-8 bytes from cs end, or None when the text is shorter than that."""
    raw = text[cs : cs + n + 1].encode("utf-8", "surrogatepass")
    if len(raw) < n:
        return None
    return cs + len(raw[:n].decode("utf-8", "ignore"))


def _closing_quote(text: str, cs: int, ends: re.Pattern[str], declared_end: int | None) -> int | None:
    """The string's real closing quote, or None (truncated).

    Candidates lie in the string's paragraph block, or within its declared length when that is
    longer. JSON content ends at the first candidate that closes valid JSON (else the first
    candidate in the block); other content at the first candidate.
    """
    limit = block_end(text, cs)
    reach = max(limit, len(text) if declared_end is None else declared_end)
    json_like = text[cs : cs + 64].lstrip().startswith(("[", "{"))
    first: int | None = None
    for i, cand in enumerate(ends.finditer(text, cs)):
        if cand.start() > reach or (json_like and i >= _JSON_TRIES):
            break
        if not json_like or _is_json(text[cs : cand.start()]):
            return cand.start()
        first = cand.start() if first is None else first
    return first if first is not None and first <= limit else None


def _is_json(s: str) -> bool:
    try:
        json.loads(s)
    except (ValueError, RecursionError):
        return False
    return True


def read_var_dump(text: str, pos: int) -> DumpResult:
    """Parse one var_dump value (array, string, scalar) at pos; partial results on damage.

    Arrays are parsed with an explicit stack, so any nesting depth is fine.
    """
    head = _ARRAY_HEAD.match(text, pos)
    if head is None:
        return _leaf(text, pos, nested=False)
    root: dict[str, Any] = {}
    stack: list[tuple[dict[str, Any], int]] = [(root, int(head.group(1)))]
    pos = head.end()
    problems: list[tuple[str, str]] = []
    miscounts: list[str] = []
    while stack:
        out, declared = stack[-1]
        close = _CLOSE.match(text, pos)
        if close:
            if len(out) != declared:
                miscounts.append(f"array({declared}) holds {len(out)} entries")
            stack.pop()
            pos = close.end()
            continue
        km = _KEY.match(text, pos)
        if not km:
            problems.append(("leak_truncated", f"var_dump array({declared}) cut off after {len(out)} entries"
                             f" at depth {len(stack)}"))
            return DumpResult(root, block_end(text, pos), _with_miscounts(problems, miscounts), truncated=True)
        key = km.group(1) if km.group(1) is not None else km.group(2)
        sub_head = _ARRAY_HEAD.match(text, km.end())
        if sub_head:
            child: dict[str, Any] = {}
            out[key] = child
            stack.append((child, int(sub_head.group(1))))
            pos = sub_head.end()
            continue
        sub = _leaf(text, km.end(), nested=True)
        problems.extend(sub.problems)
        if sub.truncated:
            if sub.value is not None:
                out[key] = sub.value
            return DumpResult(root, sub.end, _with_miscounts(problems, miscounts), truncated=True)
        out[key] = sub.value
        pos = sub.end
    return DumpResult(root, pos, _with_miscounts(problems, miscounts))


def _leaf(text: str, pos: int, nested: bool) -> DumpResult:
    """A string or scalar var_dump value at pos (after optional whitespace)."""
    ws = _WS.match(text, pos)
    res = read_string(text, ws.end() if ws else pos, nested)
    if res is not None:
        return res
    m = _SCALAR.match(text, pos)
    if m is None:
        return DumpResult(None, block_end(text, pos), [("leak_truncated", "unrecognised var_dump value")], truncated=True)
    if m.group(1) is not None:
        return DumpResult(int(m.group(1)), m.end())
    if m.group(2) is not None:
        return DumpResult(m.group(2), m.end())
    if m.group(3) is not None:
        return DumpResult(m.group(3) == "true", m.end())
    return DumpResult(None, m.end())


def _with_miscounts(problems: list[tuple[str, str]], miscounts: list[str]) -> list[tuple[str, str]]:
    """One leak_length_mismatch for all arrays whose entry count disagrees (not one per array)."""
    if miscounts:
        more = f" (and {len(miscounts) - 1} more array(s) disagree)" if len(miscounts) > 1 else ""
        problems.append(("leak_length_mismatch", f"var_dump {miscounts[0]}{more}"))
    return problems


_PR_ARRAY = re.compile(r"\s*Array\s*\(", re.A)
_PR_ENTRY = re.compile(r"\s*\[([^\]\n]*)\][ \t]*=>[ \t]?")
_PR_CLOSE = re.compile(r"\s*\)[ \t]*\n?")
_PR_NESTED = re.compile(r"[ \t]*Array\s*\(")


def read_print_r(text: str, pos: int) -> DumpResult:
    """Parse a print_r `Array ( [k] => v ... )` block at pos (any depth); partial results on damage."""
    m = _PR_ARRAY.match(text, pos)
    if not m:
        return DumpResult(None, pos, [("leak_truncated", "unrecognised print_r value")], truncated=True)
    root: dict[str, Any] = {}
    stack = [root]
    pos = m.end()
    while stack:
        out = stack[-1]
        close = _PR_CLOSE.match(text, pos)
        if close:
            stack.pop()
            pos = close.end()
            continue
        em = _PR_ENTRY.match(text, pos)
        if not em:
            return DumpResult(
                root, block_end(text, pos),
                [("leak_truncated", f"print_r array cut off after {len(out)} entries at depth {len(stack)}")],
                truncated=True,
            )
        key = em.group(1).strip()
        nested = _PR_NESTED.match(text, em.end())
        if nested:
            child: dict[str, Any] = {}
            out[key] = child
            stack.append(child)
            pos = nested.end()
            continue
        nl = text.find("\n", em.end())
        nl = len(text) if nl == -1 else nl
        out[key] = text[em.end() : nl].strip()
        pos = nl
    return DumpResult(root, pos)


def block_end(text: str, pos: int) -> int:
    """Where a damaged leak most likely ends: the next blank line, or the end of the text."""
    blank = text.find("\n\n", pos)
    return len(text) if blank == -1 else blank


def skip_debris(text: str, pos: int, closer: str) -> int:
    """Past stray closers (`}` or `)`, with whitespace) right after a leak: they are part of it."""
    m = _DEBRIS[closer].match(text, pos)
    return m.end() if m else pos
