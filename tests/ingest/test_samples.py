"""The demo samples: readable by ingest, and the WARC generator is deterministic."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from storyline.ingest import iter_documents, parse_mapping

from .helpers import split

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DEMO_MAP = "title=headline,text=content,published=date,authors=author,url=link"


def test_sample_jsonl_with_map() -> None:
    got, failed = split(iter_documents([str(SAMPLES / "corpus.jsonl")], mapping=parse_mapping(DEMO_MAP)))
    assert failed == [] and len(got) == 4
    assert all(d.hint("title") and d.hint("published") and d.hint("authors") and d.url for d in got)
    assert any(b"Palmyra" in d.data for d in got)


def test_sample_csv() -> None:
    got, failed = split(iter_documents([str(SAMPLES / "corpus.csv")]))
    assert failed == [] and len(got) == 3
    assert all(d.hint("title") and d.hint("published") and d.url for d in got)
    assert b"Palmyra" in got[0].data


def test_sample_warc_and_generator_is_deterministic() -> None:
    got, failed = split(iter_documents([str(SAMPLES / "archive.warc.gz")]))
    assert failed == [] and len(got) == 2
    assert got[0].url and "palmyra" in got[0].url
    spec = importlib.util.spec_from_file_location("make_warc", SAMPLES.parent / "scripts" / "make_sample_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (SAMPLES / "archive.warc.gz").read_bytes()
