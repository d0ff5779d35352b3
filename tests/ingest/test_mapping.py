"""parse_mapping and mapping validation."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.ingest import iter_documents, parse_mapping


def test_parse_mapping() -> None:
    assert parse_mapping("title=headline,text=content,published=date") == {
        "title": "headline",
        "text": "content",
        "published": "date",
    }
    assert parse_mapping(" text = body text , url=link ") == {"text": "body text", "url": "link"}


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("text", "FIELD=COLUMN"),
        ("text=", "FIELD=COLUMN"),
        ("=content", "FIELD=COLUMN"),
        ("body=content", "unknown field 'body'"),
        ("text=a,text=b", "mapped twice"),
        ("text=a,,title=b", "empty item"),
    ],
)
def test_parse_mapping_errors(spec: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        parse_mapping(spec)


def test_bad_mapping_dict_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n')
    with pytest.raises(UsageError, match="unknown field"):
        iter_documents([str(tmp_path / "a.jsonl")], mapping={"bodytext": "x"})


def test_alias_table_is_data_and_covers_the_brief() -> None:
    raw = json.loads(resources.files("storyline").joinpath("data/field_aliases.json").read_text("utf-8"))
    for alias in ("content", "body", "article", "maintext"):
        assert alias in raw["text"]
    assert "headline" in raw["title"]
    assert {"date", "date_publish", "pubdate"} <= set(raw["published"])
    assert {"author", "byline"} <= set(raw["authors"])
    assert "link" in raw["url"]
