"""Evaluation gate: fail (exit 1) when a metric in an eval's output is below its pinned floor.

Usage: python eval/gate.py SECTION OUTPUT_FILE [--baseline eval/eval_baseline.json]
The metrics line is the last non-empty line of OUTPUT_FILE: `name: key=value key=value ...`.
SECTION names the block of floors in the baseline file ({"SECTION": {"metric": floor, ...}}).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_metrics(line: str) -> tuple[str, dict[str, float]]:
    """('name', {key: value}) from a `name: key=value ...` line; non-numeric values are skipped."""
    name, sep, rest = line.partition(":")
    if not sep or not name.strip() or " " in name.strip():
        raise ValueError(f"not a metrics line (expected 'name: key=value ...'): {line!r}")
    metrics: dict[str, float] = {}
    for pair in rest.split():
        key, eq, value = pair.partition("=")
        if not eq:
            continue
        try:
            metrics[key] = float(value)
        except ValueError:
            continue
    return name.strip(), metrics


def check(floors: dict[str, float], metrics: dict[str, float]) -> list[str]:
    """Messages for every pinned metric that is missing or below its floor (empty when all pass)."""
    problems = []
    for key, floor in floors.items():
        if key not in metrics:
            problems.append(f"{key}: missing from the metrics line (floor {floor})")
        elif metrics[key] < floor:
            problems.append(f"{key}={metrics[key]:g} is below its floor {floor:g}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("section", help="block of floors in the baseline file, e.g. extraction")
    ap.add_argument("output", type=Path, help="file holding the eval script's output")
    ap.add_argument("--baseline", type=Path, default=HERE / "eval_baseline.json")
    args = ap.parse_args(argv)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    if args.section not in baseline:
        print(f"gate: no section {args.section!r} in {args.baseline}", file=sys.stderr)
        return 2
    lines = [ln for ln in args.output.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        print(f"gate {args.section}: FAIL: {args.output} is empty (did the eval crash?)", file=sys.stderr)
        return 1
    try:
        name, metrics = parse_metrics(lines[-1])
    except ValueError as exc:
        print(f"gate {args.section}: FAIL: {exc}", file=sys.stderr)
        return 1
    problems = check(baseline[args.section], metrics)
    if problems:
        print(f"gate {args.section}: FAIL ({name}): " + "; ".join(problems), file=sys.stderr)
        return 1
    shown = ", ".join(f"{k}={metrics[k]:g} >= {v:g}" for k, v in baseline[args.section].items())
    print(f"gate {args.section}: ok ({name}): {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
