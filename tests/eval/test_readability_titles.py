"""The Readability eval's title-core measure: a trailing site part is set aside on both sides."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))
from readability import title_core  # noqa: E402


@pytest.mark.parametrize(("title", "core"), [
    ("Mozilla - Wikipedia", "Mozilla"),
    ("How to Build a Terrarium | eHow", "How to Build a Terrarium"),
    ("宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", "宇航员在太空中喝酒会怎么样？后果很严重"),
    ("LWN.net Weekly Edition for March 26, 2015 [LWN.net]", "LWN.net Weekly Edition for March 26, 2015"),
    ("Putin hails Palmyra recapture", "Putin hails Palmyra recapture"),  # nothing to set aside
    ("  Spaced   out  ", "Spaced out"),
])
def test_title_core(title: str, core: str) -> None:
    assert title_core(title) == core
