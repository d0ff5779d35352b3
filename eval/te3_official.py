"""TE3's official scorer for eval/temporal.py: a Python 2 to run it, TimeML gold/system files, TE3-evaluation.py's figures."""

from __future__ import annotations

import glob
import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from te3_data import ATTR, Doc, Result, Timex


def find_python2(explicit: str | None) -> str | None:
    """A Python 2 interpreter that runs: --python2, then python2/python2.7 on PATH, then pyenv's 2.x builds."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    names = [explicit] if explicit else ["python2", "python2.7",
                                         *sorted(glob.glob(os.path.join(root, "versions", "2.*", "bin", "python2")))]
    for name in names:
        exe = shutil.which(name) if name else None
        if exe and _runs(exe, "import sys; assert sys.version_info[0] == 2"):
            return exe
    return None


def _runs(exe: str, code: str) -> bool:
    try:
        return subprocess.run([exe, "-c", code], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def tagged(doc: Doc, timexes: Iterable[tuple[Timex, str]]) -> str:
    """A .tml file: the original head, the bare TEXT with the given TIMEX3 tags, no events or links."""
    parts, pos = [], 0
    for t, attrs in sorted(timexes, key=lambda ta: ta[0].start):
        s, e = doc.to_bare[t.start], doc.to_bare[t.end]
        parts += [doc.bare[pos:s], f"<TIMEX3{attrs}>", doc.bare[s:e], "</TIMEX3>"]
        pos = e
    return doc.head + "".join(parts) + doc.bare[pos:] + "</TEXT>\n\n</TimeML>\n"


def _system_attrs(system: list[Timex]) -> list[tuple[Timex, str]]:
    return [(t, f' tid="t{i}" type="{t.type}" value="{html.escape(t.value)}"') for i, t in enumerate(system, 1)]


def _gold_attrs(gold: list[Timex]) -> list[tuple[Timex, str]]:
    """Gold's own attributes, less anchors to expressions left out of the file (the normalizer's XSD checks them)."""
    kept = {"t0"} | {dict(ATTR.findall(g.attrs)).get("tid", "") for g in gold}
    anchor = re.compile(r'\s(?:anchorTimeID|beginPoint|endPoint)="([^"]*)"')
    return [(g, anchor.sub(lambda m: m.group(0) if m.group(1) in kept else "", g.attrs)) for g in gold]


def write_views(res: Result, docs: list[Doc], root: Path) -> dict[str, Path]:
    """Gold and system folders for the official scorer, one pair per view."""
    for view in ("all", "dt"):
        (root / view / "gold").mkdir(parents=True)
        (root / view / "system").mkdir(parents=True)
    for doc, gold, system, _ in res.views["dt"]:
        name = doc.path.name
        (root / "dt" / "gold" / name).write_text(tagged(doc, _gold_attrs(gold)), encoding="utf-8")
        (root / "dt" / "system" / name).write_text(tagged(doc, _system_attrs(system)), encoding="utf-8")
    for doc in docs:
        shutil.copyfile(doc.path, root / "all" / "gold" / doc.path.name)
        (root / "all" / "system" / doc.path.name).write_text(tagged(doc, _system_attrs(doc.system)),
                                                             encoding="utf-8")
    return {"all": root / "all", "dt": root / "dt"}


OFFICIAL = re.compile(
    r"=== Timex Performance ===\s+Strict Match\s+F1\s+P\s+R\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+"
    r"Relaxed Match\s+F1\s+P\s+R\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+Attribute F1\s+Value\s+Type\s+([\d.]+)\s+([\d.]+)")
OFFICIAL_KEYS = ("strict_f1", "strict_p", "strict_r", "relaxed_f1", "relaxed_p", "relaxed_r", "value_f1", "type_f1")


def parse_official(out: str) -> dict[str, float]:
    """The timex figures (fractions) of TE3-evaluation.py's output at debug level 0.5."""
    if "TEXTS NOT SAME" in out or "doesn't match" in out or "Invalid TimeML" in out:
        raise RuntimeError("the scorer rejected a system file: " + out[-500:].strip())
    m = OFFICIAL.search(out)
    if not m:
        raise RuntimeError("no timex figures in the scorer's output: " + out[-500:].strip())
    got = {k: float(v) / 100 for k, v in zip(OFFICIAL_KEYS, m.groups(), strict=True)}
    timex = out[out.find("TIMEX FEATURE EXTRACTION PERFORMANCE"):]
    for key, rx in (("n_gold", r"in gold data: (\d+)"), ("n_sys", r"in system data: (\d+)"),
                    ("matched", r"matching timex: (\d+)"), ("value_acc", r"matching value: \d+ , accuracy: ([\d.]+)")):
        found = re.search(rx, timex)
        if found:
            got[key] = float(found.group(1))
    return got


def run_official(scorer: Path, res: Result, docs: list[Doc], python2: str) -> dict[str, dict[str, float]]:
    """TE3-evaluation.py on both views, from a copy of the scorer with Python 2 as `python` on PATH."""
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="te3-") as tmp:
        work = Path(tmp)
        shutil.copytree(scorer, work / "scorer")
        (work / "bin").mkdir()
        (work / "bin" / "python").symlink_to(python2)
        env = {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
        for view, folder in write_views(res, docs, work / "data").items():
            proc = subprocess.run([python2, "TE3-evaluation.py", str(folder / "gold"), str(folder / "system"), "0.5"],
                                  cwd=work / "scorer", env=env, capture_output=True, text=True, timeout=3600)
            out[view] = parse_official(proc.stdout + proc.stderr)
    return out


def official_figures(folder: Path, res: Result, docs: list[Doc], python2: str | None) -> dict[str, dict[str, float]]:
    """The official scorer's figures, or {} with the reason printed when it cannot run."""
    scorer = folder / "scorer"
    exe = find_python2(python2)
    missing = [name for name, ok in (("scorer/TE3-evaluation.py", (scorer / "TE3-evaluation.py").is_file()),
                                     ("python2", exe is not None), ("java", shutil.which("java") is not None),
                                     ("perl", shutil.which("perl") is not None)) if not ok]
    if missing or exe is None:
        print(f"official scorer: not run (missing: {', '.join(missing)}); the figures above are ours only")
        return {}
    start = time.perf_counter()
    try:
        got = run_official(scorer, res, docs, exe)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"official scorer: failed ({type(exc).__name__}: {exc}); the figures above are ours only")
        return {}
    print(f"\nofficial TE3-evaluation.py ({exe}, {time.perf_counter() - start:.0f}s), timex figures:")
    print(f"{'view':<12}{'n_gold':>7}{'n_sys':>7}{'rel_P':>7}{'rel_R':>7}{'rel_F1':>7}{'str_F1':>7}"
          f"{'val_acc':>8}{'val_F1':>7}{'typ_F1':>7}")
    for view, label in (("dt", "DATE+TIME"), ("all", "all types")):
        f = got[view]
        print(f"{label:<12}{f.get('n_gold', 0):>7.0f}{f.get('n_sys', 0):>7.0f}{f['relaxed_p']:>7.3f}"
              f"{f['relaxed_r']:>7.3f}{f['relaxed_f1']:>7.3f}{f['strict_f1']:>7.3f}{f.get('value_acc', 0):>8.3f}"
              f"{f['value_f1']:>7.3f}{f['type_f1']:>7.3f}")
    return got

