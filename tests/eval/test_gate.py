"""The evaluation gate: passes at or above the pinned floors, fails (exit 1) below them or on junk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GATE = Path(__file__).resolve().parents[2] / "eval" / "gate.py"


def run_gate(tmp_path: Path, last_line: str) -> subprocess.CompletedProcess[str]:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"extraction": {"f1": 0.96, "speed_ratio": 1.0}}))
    out = tmp_path / "out.txt"
    out.write_text("some table\n" + last_line + "\n")
    return subprocess.run(
        [sys.executable, str(GATE), "extraction", str(out), "--baseline", str(baseline)],
        capture_output=True, text=True, check=False,
    )


def test_passes_at_floor(tmp_path: Path) -> None:
    res = run_gate(tmp_path, "scrapinghub: f1=0.960 precision=0.9 recall=0.9 docs_per_s=100 speed_ratio=1.2")
    assert res.returncode == 0, res.stderr


def test_fails_below_floor(tmp_path: Path) -> None:
    res = run_gate(tmp_path, "scrapinghub: f1=0.951 speed_ratio=1.2")
    assert res.returncode == 1 and "f1=0.951 is below its floor 0.96" in res.stderr


def test_fails_when_metric_missing_or_output_is_junk(tmp_path: Path) -> None:
    assert run_gate(tmp_path, "scrapinghub: f1=0.97").returncode == 1
    assert run_gate(tmp_path, "Traceback (most recent call last) ...").returncode == 1


def test_pinned_baseline_has_the_issue_floors() -> None:
    floors = json.loads((GATE.parent / "eval_baseline.json").read_text())["extraction"]
    assert floors["f1"] >= 0.96 and floors["speed_ratio"] >= 1.0
