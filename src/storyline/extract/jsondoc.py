"""Whole-document JSON check: a text that is (or was meant to be) one JSON value is not an article."""

from __future__ import annotations

import json
import re
from typing import Any

from storyline.errors import DocumentError
from storyline.model import Article

# An object key right after the opening brackets: `{"title":`, `[{"id":`, `[ [ {"k" :`.
_LOOKS_JSON = re.compile(r'\s*(?:\[\s*)*\{\s*"(?:[^"\\\n]|\\.){0,200}"\s*:')
_BLANK = re.compile(r"\n[ \t]*\n")
_DECODER = json.JSONDecoder()
_MAX_KEYS = 8


def check_json_document(doc: Article) -> None:
    """Raise DocumentError('bad_row') when the whole text is JSON, valid or broken.

    JSON followed by more text (a leaked feed before the story), or broken JSON followed by a
    blank line and more text, is left to the text stage's leak finder.
    """
    text = doc.text
    m = _LOOKS_JSON.match(text)
    if m is None:
        return
    name = doc.source.name
    start = len(text) - len(text.lstrip())
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        if _BLANK.search(text, exc.pos):
            return
        ends_inside = exc.msg.startswith("Unterminated") or not text[exc.pos :].strip()
        cut = " (the text ends inside it: truncated?)" if ends_inside else ""
        raise DocumentError(
            "bad_row", f"{name}: truncated or malformed JSON, not an article: {exc.msg} (line {exc.lineno}, "
            f"column {exc.colno}){cut}",
        ) from None
    except RecursionError:
        if _BLANK.search(text, start):
            return
        raise DocumentError("bad_row", f"{name}: malformed JSON, not an article: nested too deeply to read") from None
    if text[end:].strip():
        return
    raise DocumentError(
        "bad_row", f"{name}: the document is {_describe(value)}, not article text; give it as JSON Lines "
        "(one object per line, e.g. a .jsonl file) to have its fields mapped like a corpus row",
    )


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        keys = [str(k) for k in value][:_MAX_KEYS]
        more = ", ..." if len(value) > _MAX_KEYS else ""
        return f"one JSON object (keys: {', '.join(keys)}{more})"
    if isinstance(value, list):
        return f"a JSON array of {len(value)} item(s)"
    return "a JSON value"
