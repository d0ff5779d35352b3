"""Markup nested deeper than the HTML parser allows: detect it, and flatten it so no text is lost."""

from __future__ import annotations

import re

from lxml import etree

#: libxml2's HTML parser stops building the tree at this element depth: deeper text is dropped.
PARSER_DEPTH_LIMIT = 256
#: Elements deeper than this in the markup are flattened (their text is kept, their tags dropped).
FLAT_DEPTH = 200

# A tree that reaches (nearly) the parser's limit was probably cut there.
_AT_LIMIT = etree.XPath("boolean(" + "/*" * (PARSER_DEPTH_LIMIT - 6) + ")")
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<[!?][^>]*>"
    r"|<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>",
    re.S | re.I,
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
# An open tag that implicitly closes the same kind of element on top of the stack.
_SELF_CLOSING = frozenset("p li dt dd tr td th option".split())


def at_parser_limit(tree: etree._Element) -> bool:
    """True when the parsed tree reaches the parser's depth limit (so text may have been dropped)."""
    return bool(_AT_LIMIT(tree))


def flatten(markup: str, limit: int = FLAT_DEPTH) -> tuple[str, int]:
    """The markup with every tag deeper than `limit` dropped (block tags become <br>), and its depth.

    Text is never dropped; only the nesting beyond `limit` is. The depth is approximate: it follows
    explicit open and close tags, void elements and the commonest implied closes.
    """
    out: list[str] = []
    stack: list[str] = []
    dropped: dict[str, int] = {}
    deepest = 0
    pos = 0
    for m in _TOKEN.finditer(markup):
        closing, tag, self_close = m.group(2), (m.group(3) or "").lower(), m.group(4)
        if not tag or tag in _VOID or self_close:
            continue
        keep = _close(stack, dropped, tag) if closing else _open(stack, dropped, tag, limit)
        deepest = max(deepest, len(stack) + sum(dropped.values()))
        if not keep:
            out.append(markup[pos : m.start()])
            out.append("<br>" if tag in _BLOCK else "")
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out), deepest


def _open(stack: list[str], dropped: dict[str, int], tag: str, limit: int) -> bool:
    """Record an open tag; False when it is beyond the limit (and so dropped)."""
    if not dropped and tag in _SELF_CLOSING and stack and stack[-1] == tag:
        stack.pop()
    if len(stack) >= limit:
        dropped[tag] = dropped.get(tag, 0) + 1
        return False
    stack.append(tag)
    return True


def _close(stack: list[str], dropped: dict[str, int], tag: str) -> bool:
    """Record a close tag; False when it closes a dropped element (and so is dropped too)."""
    if dropped.get(tag):
        dropped[tag] -= 1
        if not dropped[tag]:
            del dropped[tag]
        return False
    if tag in stack:
        while stack.pop() != tag:
            pass
        dropped.clear()  # whatever was dropped inside the closed element is closed with it
    return True
