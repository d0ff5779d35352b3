"""Build RelatedItem records from leaked feed entries: labels, kind, and dates from paths and ticks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from storyline import resources
from storyline.extract.dates import parse_date, path_date, ticks_in
from storyline.model import RelatedItem


@cache
def _label_re() -> re.Pattern[str]:
    labels = "|".join(re.escape(x) for x in resources.lines("related_labels.txt"))
    return re.compile(r"^\s*(" + labels + r")\s*[:|\-–—]\s*", re.I)


@cache
def _kind_by_ext() -> dict[str, str]:
    kinds: dict[str, list[str]] = resources.json_data("media_kinds.json")
    return {ext: kind for kind, exts in kinds.items() for ext in exts}


def split_labels(title: str) -> tuple[str, tuple[str, ...]]:
    """'URGENT: VIDEO: X' -> ('X', ('URGENT', 'VIDEO'))."""
    labels: list[str] = []
    rx = _label_re()
    while True:
        m = rx.match(title)
        if not m or not title[m.end():].strip():
            break
        labels.append(m.group(1).upper())
        title = title[m.end():]
    return title.strip(), tuple(labels)


def kind_of(media: str | None) -> str:
    """Item kind implied by a media file's extension (video for .mp4); article otherwise."""
    if not media:
        return "article"
    path = media.split("?", 1)[0].split("#", 1)[0]
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return _kind_by_ext().get(ext, "article")


def _first(lowered: Mapping[str, Any], field: str) -> str | None:
    keys: list[str] = resources.json_data("related_keys.json")[field]
    for key in keys:
        v = lowered.get(key)
        if v is None or isinstance(v, dict | list):
            continue
        s = str(v).strip()
        if s:
            return s
    return None


def dates_for(explicit: str | None, *paths: str | None) -> tuple[str | None, str | None]:
    """(published, conflict message): explicit date, else .NET ticks (to the second), else /Y/M/D/ path."""
    if explicit:
        if explicit.isdigit() and 9 <= len(explicit) <= 11:  # Unix epoch seconds: UTC by definition
            try:
                dt = datetime.fromtimestamp(int(explicit), tz=UTC)
                return dt.isoformat(), None
            except (OverflowError, OSError, ValueError):
                pass
        parsed = parse_date(explicit)
        if parsed:
            return parsed.value, None
    folder = None
    ticked = None
    for p in paths:
        if not p:
            continue
        folder = folder or path_date(p)
        ticked = ticked or ticks_in(p)
    if ticked is not None:
        conflict = None
        if folder is not None and folder != ticked.date():
            conflict = f"folder date {folder.isoformat()} vs file-name time {ticked.isoformat()}"
        return ticked.isoformat(), conflict
    if folder is not None:
        return folder.isoformat(), None
    return None, None


def item_from_mapping(d: Mapping[str, Any]) -> tuple[RelatedItem | None, str | None]:
    """A related item from one feed entry, plus a date-conflict message if its dates disagree."""
    d = {str(k).lower(): v for k, v in d.items()}
    raw_title = _first(d, "title")
    if not raw_title:
        return None, None
    title, labels = split_labels(raw_title)
    url = _first(d, "url")
    media = _first(d, "media")
    published, conflict = dates_for(_first(d, "published"), media, url)
    item = RelatedItem(
        id=_first(d, "id"),
        title=title,
        url=url,
        kind=kind_of(media),
        labels=labels,
        published=published,
        media=media,
    )
    return item, conflict


def item_from_title(line: str, url: str | None = None) -> RelatedItem:
    """A related item from a bare title line (a leaked 'Related articles' list)."""
    title, labels = split_labels(line)
    published, _ = dates_for(None, url)
    return RelatedItem(id=None, title=title, url=url, kind="article", labels=labels, published=published)
