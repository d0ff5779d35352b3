"""Corpus field mapping: which row column holds which record field (`--map`), and row -> RawDocument."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from functools import cache
from importlib import resources
from typing import Any

from storyline.errors import UsageError
from storyline.model import RawDocument

#: Record fields a corpus row can provide; `text` is required.
ROW_FIELDS = ("text", "title", "published", "authors", "url", "id", "language")

# How list values are joined into one string, per field (other fields: "; ").
_JOINERS = {"text": "\n\n", "authors": "; "}


@cache
def default_aliases() -> dict[str, tuple[str, ...]]:
    """Field -> column names tried in order, from data/field_aliases.json."""
    raw = json.loads(resources.files("storyline").joinpath("data/field_aliases.json").read_text("utf-8"))
    return {f: tuple(raw.get(f, [f])) for f in ROW_FIELDS}


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse "title=headline,text=content" into {"title": "headline", "text": "content"}.

    Keys must be record fields (see ROW_FIELDS); values are column names (JSONL keys or CSV headers).
    Raises UsageError for anything else.
    """
    if not spec or not spec.strip():
        raise UsageError("empty --map: expected FIELD=COLUMN[,FIELD=COLUMN...], e.g. text=content,title=headline")
    out: dict[str, str] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            raise UsageError(f"bad --map {spec!r}: empty item (stray comma?)")
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise UsageError(f"bad --map item {item!r}: expected FIELD=COLUMN, e.g. text=content")
        if field not in ROW_FIELDS:
            raise UsageError(f"bad --map item {item!r}: unknown field {field!r}; fields are {', '.join(ROW_FIELDS)}")
        if field in out:
            raise UsageError(f"bad --map {spec!r}: field {field!r} is mapped twice")
        out[field] = column
    return out


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Validate a mapping given as a dict (not parsed from a spec); raises UsageError."""
    out = {}
    for field, column in mapping.items():
        if field not in ROW_FIELDS:
            raise UsageError(f"bad mapping: unknown field {field!r}; fields are {', '.join(ROW_FIELDS)}")
        if not isinstance(column, str) or not column.strip():
            raise UsageError(f"bad mapping: field {field!r} needs a column name")
        out[field] = column.strip()
    return out


def resolve_columns(columns: Collection[str], mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Field -> column actually present in `columns`: explicit mapping first, then the default aliases.

    A field the explicit mapping names is resolved only to that column (exact, then case-insensitive),
    never to an alias. Fields with no matching column are left out.
    """
    present = set(columns)
    lower: dict[str, str] = {}
    for c in columns:
        lower.setdefault(c.lower(), c)
    out: dict[str, str] = {}
    for field in ROW_FIELDS:
        if mapping and field in mapping:
            candidates: tuple[str, ...] = (mapping[field],)
        else:
            candidates = default_aliases()[field]
        for cand in candidates:
            if cand in present:
                out[field] = cand
                break
        else:
            for cand in candidates:
                if cand.lower() in lower:
                    out[field] = lower[cand.lower()]
                    break
    return out


def describe_text_column(mapping: Mapping[str, str] | None) -> str:
    """How the text column is looked for, for error messages."""
    if mapping and "text" in mapping:
        return f"column {mapping['text']!r} (mapped to text)"
    return "text column (tried " + ", ".join(default_aliases()["text"]) + ")"


def as_text(value: Any, field: str) -> str | None:
    """A row value as one string: strings as is, numbers via str(), lists joined; None when empty."""
    if value is None or isinstance(value, dict):
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            value = value["name"]
        else:
            return None
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, int | float):
        value = str(value)
    elif isinstance(value, list):
        parts = [as_text(v, field) for v in value]
        value = _JOINERS.get(field, "; ").join(p for p in parts if p)
    if not isinstance(value, str):
        return None
    if field != "text":
        value = value.strip()
    return value if value.strip() else None


def row_document(
    path: str, fmt: str, locator: str, values: Mapping[str, str | None], text: str, original: bytes | None = None
) -> RawDocument:
    """Build the RawDocument of one corpus row from its resolved field values."""
    hints = tuple(sorted((f, v) for f, v in values.items() if f != "text" and v))
    return RawDocument(
        path=path,
        data=text.encode("utf-8", "surrogatepass"),
        format=fmt,
        locator=locator,
        hints=hints,
        url=values.get("url") or None,
        original=original,
    )
