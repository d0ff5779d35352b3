"""Shared fixtures: paths to the bundled samples and fixtures (never ../shared: tests stay self-contained)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def seed_bytes() -> bytes:
    return (SAMPLES / "seed-palmyra.txt").read_bytes()
