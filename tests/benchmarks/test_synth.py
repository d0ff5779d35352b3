"""benchmarks/synth.py's command line writes distinct seed-shaped documents that extract cleanly."""

from __future__ import annotations

import sys
from pathlib import Path

from storyline.model import Article, RawDocument
from storyline.pipeline import extract

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import synth  # noqa: E402


def test_out_and_count(tmp_path: Path, capsys: object) -> None:
    assert synth.main(["--out", str(tmp_path / "docs"), "--count", "3", "--start", "5"]) == 0
    files = sorted((tmp_path / "docs").iterdir())
    assert [f.name for f in files] == ["0000005.txt", "0000006.txt", "0000007.txt"]
    assert len({f.read_bytes() for f in files}) == 3
    rec = extract(RawDocument(path=str(files[0]), data=files[0].read_bytes()))
    assert isinstance(rec, Article) and rec.title and rec.paragraphs
