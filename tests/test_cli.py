"""The command line: output shape, exit statuses, and that every setting and code is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import cli, main
from storyline.errors import CODES
from storyline.settings import Settings
from tests.conftest import SAMPLES, OneHotEmbedder

SRC = Path(__file__).resolve().parent.parent / "src" / "storyline"


def invoke(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_extract_prints_one_json_line_per_document() -> None:
    code, out, _ = invoke("extract", str(SAMPLES / "seed-palmyra.txt"))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["title"] == "‘Russia to Stand by Syria’: Putin to Assad"
    assert len(rec["paragraphs"]) == 11 and len(rec["related"]) == 10


def test_extract_bad_document_exit_1_and_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-good.txt").write_bytes((SAMPLES / "seed-palmyra.txt").read_bytes())
    code, out, err = invoke("extract", str(tmp_path))
    assert code == 1
    recs = [json.loads(x) for x in out.strip().splitlines()]
    assert recs[0]["error"]["code"] == "empty" and recs[0]["document"].endswith("a-empty.txt")
    assert recs[1]["title"]
    assert "a-empty.txt" in err and "[empty]" in err


def test_ingest_search_show(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    code, out, _ = invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-progress")
    assert code == 0 and "1 warned" in out
    code, out, _ = invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-progress")
    assert code == 0 and "1 already stored" in out and "1 article(s)" in out
    code, out, _ = invoke("search", "Palmyra", "--db", db, "--format", "jsonl")
    hits = [json.loads(x) for x in out.strip().splitlines()]
    assert len(hits) == 1 and "«Palmyra»" in hits[0]["snippet"]
    code, out, _ = invoke("show", hits[0]["id"], "--db", db)
    assert code == 0 and json.loads(out)["signoff"] == "S/SH 11"


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(tmp_path / "missing.txt")])
    assert exc.value.code == 2
    assert "missing.txt" in capsys.readouterr().err
    code, _, err = invoke("search", "x", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "none.db" in err
    code, _, _ = invoke("ingest")
    assert code == 2


def test_every_setting_is_a_documented_option() -> None:
    helps = "".join(invoke(cmd, "--help")[1] for cmd in cli.commands)  # type: ignore[attr-defined]
    for name in Settings.__dataclass_fields__:
        if name == "search_limit":
            assert "STORYLINE_SEARCH_LIMIT" in helps
            continue
        assert "--" + name.replace("_", "-") in helps, f"setting {name} has no CLI option"
        assert Settings.help_of(name).split()[0] in helps


def test_every_problem_code_used_in_the_code_is_catalogued() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""(?:DocumentError|Problem|warn)\(\s*["']([a-z_]+)["']""")
    # ("code", "message with spaces") / ("code", f"...") tuples: problems built as data
    tuple_pattern = re.compile(r"""\(\s*["']([a-z][a-z_]+[a-z])["']\s*,\s*f?["'][^"'\n]*\s""")
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(pattern.findall(text))
        used |= {c for c in tuple_pattern.findall(text) if "_" in c or c in CODES}
    missing = sorted(c for c in used if c not in CODES)
    assert not missing, f"codes used but not in errors.CODES: {missing}"
    code, out, _ = invoke("codes")
    assert code == 0 and all(c in out for c in CODES)


def test_every_command_is_in_the_readme_and_has_help() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"storyline {name}" in readme, f"command {name!r} is not documented in README.md"
        assert (command.help or "").strip(), f"command {name!r} has no --help text"


def test_ingest_clusters_stories_unless_no_stories(tmp_path: Path) -> None:
    from storyline.store import open_store

    def members(db: str) -> int:
        with open_store(db) as store:
            return sum(1 for a in store.articles(limit=100).items if store.story_of_article(a.id))

    off, on = str(tmp_path / "off.db"), str(tmp_path / "on.db")
    for db, flag in ((off, "--no-stories"), (on, "--stories")):
        code, _, _ = invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-nlp", flag, "--no-progress")
        assert code == 0
    assert members(off) == 0
    assert members(on) == 1


@pytest.mark.parametrize("speaker", ["_", "%", "Abdulkarim", "abdulkarim", "Putin", "Vladimir Putin", "nobody"])
def test_cli_and_api_list_the_same_quotes(db_target: str, speaker: str) -> None:
    """One query layer: `storyline quotes --speaker X` and /api/quotes?speaker=X agree (issue 9)."""
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app
    from tests.web.fixture_store import build

    build(db_target)
    code, out, err = invoke("quotes", "--speaker", speaker, "--db", db_target, "--format", "jsonl")
    assert code == 0
    cli_rows = [json.loads(line) for line in out.splitlines()]
    with TestClient(create_app(db_target)) as client:
        api = client.get("/api/quotes", params={"speaker": speaker}).json()
    assert [(q["article_id"], q["idx"]) for q in cli_rows] == [(q["article_id"], q["idx"]) for q in api["items"]]
    if speaker in ("_", "%", "nobody"):
        assert cli_rows == []
    else:
        assert cli_rows


def test_listings_say_what_they_cut(tmp_path: Path) -> None:
    from tests.web.fixture_store import build

    db = str(tmp_path / "cut.db")
    build(db)
    code, out, err = invoke("search", "harbour", "--db", db, "--limit", "3")
    assert code == 0 and len(out.strip().splitlines()) == 6 and re.search(r"3 of \d+ result", err)
    code, out, err = invoke("search", '"unclosed', "--db", db)
    assert code == 2 and "unclosed quote" in err


@pytest.mark.parametrize("args", [["missing.txt"], ["nothing-*.txt"], ["-", "-"]])
def test_ingest_with_bad_paths_creates_no_database(tmp_path: Path, args: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "new.db"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["ingest", *args, "--db", str(db), "--no-progress"])
    assert info.value.code == 2 and not db.exists()


def test_ingest_progress_has_a_total(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"d{i}.txt").write_text(f"Headline {i}\n\n" + "A body paragraph that is long enough. " * 5)
    code, _, err = invoke("ingest", str(docs), "--db", str(tmp_path / "p.db"), "--no-nlp", "--progress")
    assert code == 0, err
    assert "3/3" in err and "100%" in err  # counted first: a total, hence a percentage and an ETA


def test_ingest_progress_counts_bytes_where_documents_cannot_be_counted(tmp_path: Path) -> None:
    import gzip

    rows = "\n".join(json.dumps({"title": f"Headline {i}", "text": "A body paragraph that is long enough. " * 5})
                     for i in range(4))
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(rows.encode()))
    code, _, err = invoke("ingest", str(path), "--db", str(tmp_path / "p.db"), "--no-nlp", "--progress")
    assert code == 0, err
    size = path.stat().st_size
    assert f"{size}/{size}" in err.replace(".00", "") and "100%" in err  # bytes of the file, to its end
    assert "4 docs" in err


def test_listings_share_one_output_convention(tmp_path: Path) -> None:
    from tests.web.fixture_store import build

    db = str(tmp_path / "f.db")
    build(db)
    code, out, err = invoke("quotes", "-q", "important", "--db", db, "--format", "csv")
    header, *rows = out.splitlines()
    assert code == 0 and header.startswith("article_id,idx,kind,cue,text,") and len(rows) == 1
    assert err.strip() == "1 of 1 quote(s)"
    code, out, _ = invoke("entities", "--query", "putin", "--db", db, "--format", "json")
    page = json.loads(out)
    assert set(page) == {"items", "next_cursor", "total", "total_exact"} and page["items"][0]["name"] == "Vladimir Putin"
    code, out, err = invoke("search", "Palmyra", "--db", db, "--limit", "1", "--search-count-limit", "2", "--format", "json")
    assert code == 0 and (json.loads(out)["total"], json.loads(out)["total_exact"]) == (2, False)
    assert err.strip() == "1 of more than 2 result(s)"
    code, _, err = invoke("search", "Palmyra", "--db", db, "--search-count-limit", "-1")
    assert code == 2 and "-1" in err
    code, out, _ = invoke("entities", "--type", "PERSON", "--db", db, "--limit", "1")
    assert re.match(r"^\d+  \S", out)  # the text output starts with the entity's id
    code, _, err = invoke("entities", "--type", "FOO", "--db", db)
    assert code == 2 and "FOO" in err
    code, out, err = invoke("search", "tram", "--db", db, "--from", "2016-01-05", "--to", "2016-01-06", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 2 and "2 of 2" in err


def test_not_found_exits_1_with_one_line(tmp_path: Path) -> None:
    from tests.web.fixture_store import build

    db = str(tmp_path / "f.db")
    build(db)
    code, out, err = invoke("show", "nosuchid", "--db", db)
    assert code == 1 and out == "" and err.strip().count("\n") == 0 and "no article with id 'nosuchid'" in err
    assert "Usage:" not in err


def test_stats_by_code(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-progress", "--no-nlp")
    code, out, _ = invoke("stats", "--db", db, "--by-code")
    stats = json.loads(out)
    assert code == 0 and stats["warned"] == 1
    assert stats["warned_by_code"] and all(n == 1 for n in stats["warned_by_code"].values())
    assert "warned_by_code" not in json.loads(invoke("stats", "--db", db)[1])


def _story_sizes(db: str) -> list[int]:
    code, out, err = invoke("stories", "--db", db, "--no-update", "--format", "jsonl", "--limit", "100")
    assert code == 0, err
    return sorted(json.loads(line)["articles"] for line in out.splitlines())


def _saved_config(db: str) -> dict[str, Any]:
    from storyline.store import open_store

    with open_store(db) as store:
        state = store.load_state()
    assert state is not None
    return dict(json.loads(state)["config"])


def test_ingest_with_story_embeddings_clusters_with_them(tmp_path: Path, fake_embedder: OneHotEmbedder) -> None:
    plain, dense = str(tmp_path / "plain.db"), str(tmp_path / "dense.db")
    for db, weight in ((plain, "0"), (dense, "1")):
        code, out, err = invoke("ingest", str(SAMPLES), "--db", db, "--no-nlp", "--workers", "1", "--no-progress",
                                "--story-embeddings", weight)
        assert code == 0, err
    assert max(_story_sizes(plain)) == 5  # the Palmyra reports share their terms
    assert len(fake_embedder.texts) == _stored(dense) == 14  # each article's title and lead, embedded once
    assert _story_sizes(dense) == [1] * 14  # weight 1: the (orthogonal) embeddings alone decide
    assert _saved_config(plain)["embedding_weight"] == 0 and _saved_config(dense)["embedding_weight"] == 1


def _stored(db: str) -> int:
    from storyline.store import open_store

    with open_store(db) as store:
        return store.count()


def test_story_settings_come_from_the_environment_too(tmp_path: Path, fake_embedder: OneHotEmbedder,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "env.db")
    monkeypatch.setenv("STORYLINE_STORY_EMBEDDINGS", "0.5")
    monkeypatch.setenv("STORYLINE_STORY_THRESHOLD", "0.3")
    code, _, err = invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-nlp", "--workers", "1",
                          "--no-progress")
    assert code == 0, err
    assert len(fake_embedder.texts) == 1
    config = _saved_config(db)
    assert (config["embedding_weight"], config["threshold"]) == (0.5, 0.3)


def test_ingest_refuses_a_store_clustered_with_other_story_settings(
        tmp_path: Path, fake_embedder: OneHotEmbedder, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "m.db")
    base = ["--db", db, "--no-nlp", "--workers", "1", "--no-progress"]
    assert invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), *base)[0] == 0  # clustered with the defaults
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(SAMPLES / "dump-storm.txt"), *base, "--story-embeddings", "0.5"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert f"the stories in {db} were clustered with --story-embeddings 0," in err
    assert "asks for --story-embeddings 0.5" in err and "STORYLINE_STORY_EMBEDDINGS=0" in err
    assert "into a new store" in err and "Traceback" not in err
    assert _stored(db) == 1 and fake_embedder.texts == []  # refused before any document was read
    assert _saved_config(db)["embedding_weight"] == 0
    code, out, err = invoke("ingest", str(SAMPLES / "dump-storm.txt"), *base, "--story-embeddings", "0.5",
                            "--no-stories")
    assert code == 0 and _stored(db) == 2  # not clustering: nothing to refuse
    with pytest.raises(SystemExit) as exc:
        main(["stories", "--db", db, "--story-threshold", "0.3"])  # an article waits: it would be clustered
    assert exc.value.code == 2 and "--story-threshold 0.15, and this run asks for --story-threshold 0.3" in (
        capsys.readouterr().err)
    assert invoke("stories", "--db", db)[0] == 0 and _story_sizes(db) == [1, 1]  # the store's settings: it joins
    assert invoke("stories", "--db", db, "--story-embeddings", "0.5")[0] == 0  # nothing waits: a listing


def test_asking_for_story_embeddings_without_the_extra_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("storyline.stories.embed.missing_modules", lambda: ["torch"])
    db = tmp_path / "x.db"
    for args in (["ingest", str(SAMPLES / "seed-palmyra.txt"), "--no-progress"], ["load", str(tmp_path)]):
        with pytest.raises(SystemExit) as exc:
            main([*args, "--db", str(db), "--story-embeddings", "0.5"])
        err = capsys.readouterr().err
        assert exc.value.code == 2 and "pip install storyline[embeddings]" in err and "torch" in err, err
        assert not db.exists()  # before the store is made, not after the documents are read
    code, _, err = invoke("ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", str(db), "--no-nlp", "--workers", "1",
                          "--no-progress", "--story-embeddings", "0.5", "--no-stories")
    assert code == 0, err  # no clustering, no model needed


@pytest.mark.parametrize("value", ["-0.1", "1.5"])
def test_story_embeddings_out_of_range_is_a_usage_error(tmp_path: Path, value: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", str(tmp_path / "r.db"), "--story-embeddings", value])
    assert exc.value.code == 2 and "--story-embeddings must be from 0 (off) to 1" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "load", "stories"])
def test_every_clustering_command_takes_the_story_settings(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0
    for name in ("story_embeddings", "story_threshold"):
        assert "--" + name.replace("_", "-") in out and f"STORYLINE_{name.upper()}" in out
    assert "embeddings extra" in out
