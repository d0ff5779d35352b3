"""Hostile inputs through `storyline extract` / `ingest` / the HTTP API: wall time, peak RSS and outcome of each.

    python benchmarks/bench_hostile.py [--big-field-mb 1024] [--skip-slow]

Every input is generated in a temporary folder (nothing large is kept in the repository):

* long-paragraph: a text dump whose body is one 15 MB line of words, then a good document (the seed),
  through `storyline extract` with NLP: the good document must still come out;
* paragraph-50k / -200k / -1m: one paragraph of that many characters of quoted, attributed sentences
  (NLP on): time per document must grow linearly;
* csv-big-field: a CSV row whose text field is --big-field-mb MB on one line, then a good row;
* csv-gz-bomb / jsonl-gz-bomb: 2 GB of zeros gzip-compressed (about 2 MB) named .csv.gz / .jsonl.gz, then a
  good file in the same call: the bomb must fail as bad_archive in seconds and the good file be read;
* query-2000-terms: GET /api/articles?q=<2,000 words> against the bundled samples' store: 400 in < 1 s;
* concurrent-ingests: two `storyline ingest` of overlapping folders into one store at once: the two
  summaries must add up (each document stored once, the other run says "already stored").

Each command runs in its own process; peak RSS is that process's own (os.wait4). Targets (issue 12):
no input over 30 s or 1 GB RSS in extract; the batch always finishes with a correct summary; the
2,000-term query answers in under 1 s; time per document grows linearly with its length.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed-palmyra.txt"
STORYLINE = [sys.executable, "-m", "storyline.cli"]


@dataclass
class Run:
    name: str
    seconds: float
    rss_mb: float
    outcome: str
    ok: bool


def run(name: str, cmd: list[str], check: Callable[[int, str, str], tuple[bool, str]]) -> Run:
    """Run `cmd` with its output in temporary files; its own peak RSS comes from os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        ok, outcome = check(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    return Run(name, seconds, usage.ru_maxrss / 1024, outcome, ok)


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def words_line(chars: int) -> str:
    unit = "the minister said the troops would advance on the city before dawn "
    return (unit * (chars // len(unit) + 1))[:chars]


def quoted_paragraph(chars: int) -> str:
    unit = "“We will rebuild the ancient city,” the director said on Sunday. Peskov added that talks went on. "
    return (unit * (chars // len(unit) + 1))[:chars]


def long_paragraph(tmp: Path) -> Run:
    big = tmp / "big.txt"
    big.write_text("Fifteen\n\n" + words_line(15_000_000) + "\n", encoding="utf-8")

    def check(code: int, out: str, err: str) -> tuple[bool, str]:
        recs = _records(out)
        good = any(r.get("title") and "Putin" in str(r.get("title")) for r in recs)
        return good and "Traceback" not in err, f"exit {code}, {len(recs)} record(s), good document {'out' if good else 'LOST'}"

    return run("long-paragraph", [*STORYLINE, "extract", str(big), str(SEED)], check)


def paragraph(tmp: Path, chars: int, name: str) -> Run:
    path = tmp / f"{name}.txt"
    path.write_text(f"Report {name}\n\n" + quoted_paragraph(chars) + "\n", encoding="utf-8")

    def check(code: int, out: str, err: str) -> tuple[bool, str]:
        recs = _records(out)
        quotes = len(recs[0].get("quotes") or []) if recs else 0
        warned = [w["code"] for w in recs[0].get("warnings", [])] if recs else []
        return code in (0, 1) and bool(recs), f"exit {code}, {quotes} quote(s), warnings {sorted(set(warned))}"

    return run(name, [*STORYLINE, "extract", str(path)], check)


def csv_big_field(tmp: Path, mb: int) -> Run:
    path = tmp / "big.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("title,text\n\"Huge\",\"")
        chunk = words_line(1 << 20)
        for _ in range(mb):
            f.write(chunk)
        f.write("\"\n\"Good row\",\"" + SEED.read_text(encoding="utf-8").replace('"', '""') + "\"\n")

    def check(code: int, out: str, err: str) -> tuple[bool, str]:
        recs = _records(out)
        good = any(r.get("title") == "Good row" for r in recs)
        return good, f"exit {code}, {len(recs)} line(s), good row {'out' if good else 'LOST'}; {_codes(out)}"

    return run("csv-big-field", [*STORYLINE, "extract", str(path), "--no-nlp"], check)


def _codes(out: str) -> str:
    return ", ".join(sorted({m for m in re.findall(r'"code": "([a-z_]+)"', out)})) or "no codes"


def bomb(tmp: Path, suffix: str) -> Run:
    path = tmp / f"bomb{suffix}"
    zeros = b"\0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as f:
        for _ in range(2048):
            f.write(zeros)

    def check(code: int, out: str, err: str) -> tuple[bool, str]:
        recs = _records(out)
        good = any("Putin" in str(r.get("title")) for r in recs)
        return good and "bad_archive" in out, f"exit {code}; {_codes(out)}; good file {'out' if good else 'LOST'}"

    return run(f"{suffix[1:].replace('.', '-')}-bomb", [*STORYLINE, "extract", str(path), str(SEED), "--no-nlp"], check)


def query_2000_terms(tmp: Path) -> Run:
    db = tmp / "samples.db"
    subprocess.run([*STORYLINE, "ingest", "samples", "--db", str(db), "--no-nlp", "--no-progress"], cwd=ROOT,
                   capture_output=True, check=True)
    code = (
        "import time, sys; from fastapi.testclient import TestClient; from storyline.web.app import create_app\n"
        f"c = TestClient(create_app({str(db)!r})); q = ' '.join(f'w{{i}}' for i in range(2000)); t = time.perf_counter()\n"
        "r = c.get('/api/articles', params={'q': q}); print(r.status_code, round(time.perf_counter() - t, 3))"
    )

    def check(rc: int, out: str, err: str) -> tuple[bool, str]:
        parts = out.split()
        ok = len(parts) == 2 and parts[0] in ("200", "400") and float(parts[1]) < 1.0
        return ok, f"HTTP {parts[0] if parts else '?'} in {parts[1] if len(parts) > 1 else '?'} s"

    return run("query-2000-terms", [sys.executable, "-c", code], check)


def concurrent_ingests(tmp: Path) -> Run:
    seed = SEED.read_text(encoding="utf-8")
    folders = [tmp / "ca", tmp / "cb"]
    for folder, numbers in zip(folders, (range(0, 120), range(60, 180)), strict=True):
        folder.mkdir()
        for i in numbers:
            (folder / f"d{i:04d}.txt").write_text(seed.replace("nearly 160 ISIS", f"nearly {1160 + i} ISIS"), "utf-8")
    db = tmp / "concurrent.db"
    subprocess.run([*STORYLINE, "ingest", str(SEED), "--db", str(db), "--no-nlp", "--no-progress"], cwd=ROOT,
                   capture_output=True, check=True)
    script = (
        "import subprocess, sys\n"
        f"cmds = [[*{STORYLINE!r}, 'ingest', f, '--db', {str(db)!r}, '--no-nlp', '--no-progress', '--batch-size', '10']"
        f" for f in {[str(f) for f in folders]!r}]\n"
        "ps = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in cmds]\n"
        "print('\\n'.join(p.communicate()[0].strip() for p in ps))"
    )

    def check(rc: int, out: str, err: str) -> tuple[bool, str]:
        stored = [int(m) for m in re.findall(r"(\d+) ok", out)]
        warned = [int(m) for m in re.findall(r"(\d+) warned", out)]
        new = sum(stored) + sum(warned)
        return new == 180, f"new documents reported by the two runs: {new} (180 distinct)"

    return run("concurrent-ingests", [sys.executable, "-c", script], check)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big-field-mb", type=int, default=1024, help="size of the one-line CSV field")
    ap.add_argument("--skip-slow", action="store_true", help="skip the 15 MB paragraph and the 1 MB NLP paragraph")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cpus, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        jobs: list[Callable[[Path], Run]] = [] if args.skip_slow else [long_paragraph]
        jobs += [lambda t: paragraph(t, 50_000, "paragraph-50k"), lambda t: paragraph(t, 200_000, "paragraph-200k")]
        jobs += [] if args.skip_slow else [lambda t: paragraph(t, 1_000_000, "paragraph-1m")]
        jobs += [lambda t: csv_big_field(t, args.big_field_mb), lambda t: bomb(t, ".csv.gz"),
                 lambda t: bomb(t, ".jsonl.gz"), query_2000_terms, concurrent_ingests]
        print(f"{'input':<18} {'seconds':>8} {'peak MB':>8}  target  outcome")
        for job in jobs:
            r = job(tmp)
            target = r.seconds <= 30 and r.rss_mb <= 1024 and r.ok
            print(f"{r.name:<18} {r.seconds:>8.1f} {r.rss_mb:>8.0f}  {'ok' if target else 'MISSED'}  {r.outcome}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
