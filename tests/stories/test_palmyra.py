"""End to end: ingest the samples (seed included) and find the Palmyra story with its timeline."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from storyline.batch import ingest
from storyline.cli import cli
from storyline.ingest import iter_documents
from storyline.settings import Settings
from storyline.store import open_store
from storyline.stories.update import update_stories
from tests.conftest import SAMPLES

SEED_ITEMS = [
    ("2016-03-25T18:14:43", "ISIS Terrorists under Pressure as Syrian Army Troops Advance on Palmyra"),
    ("2016-03-25T18:30:17", "Syrian Army, Popular Forces Seize Palmyra Castle"),
    ("2016-03-26T13:44:58", "Syrian Army Regains More Strategic Areas near Ancient Palmyra"),
    ("2016-03-26T16:25:18", "Syrian Army Units Cut ISIS Quaryatayn-Palmyra Supply Line"),
    ("2016-03-26T17:33:31", "Hezbollah, Syrian Army Liberate Al-Amariyah in Northern Syria's Palmyra"),
    ("2016-03-26T20:41:34", "Large Number of ISIL Terrorists, Families Fleeing Palmyra"),
    ("2016-03-27T09:39:20", "Syrian Army Pushes Deeper into Palmyra, to Regain Control in Days"),
    ("2016-03-27T11:53:51", "Syrian Army Troops Regain Entire Palmyra City from ISIS Terrorists"),
    ("2016-03-27T17:29:19", "Syrian President Assad Hails Army Success in Liberating Palmyra from ISIS"),
    ("2016-03-28T13:09:03", "UN Chief Praises Syrian Army Victory in Palmyra against ISIS"),
    ("2016-03-28T13:15:35", "‘Russia to Stand by Syria’: Putin to Assad"),
]


@pytest.fixture
def db(db_target: str) -> str:
    settings = Settings(db=db_target, nlp=False)
    with open_store(db_target) as store:
        ingest(iter_documents([str(SAMPLES)], None, settings), store, settings)
    return db_target


def _seed_id(store: object) -> str:
    return next(a.id for a in store.articles(limit=100).items  # type: ignore[attr-defined]
                if store.get(a.id).article.source.path.endswith("seed-palmyra.txt"))  # type: ignore[attr-defined]


def test_palmyra_story_and_timeline(db: str) -> None:
    with open_store(db) as store:
        seed = _seed_id(store)
        sid = store.story_of_article(seed)
        assert sid is not None
        detail = store.story(sid)
    assert detail is not None
    story = detail.to_dict()
    titles = {m["title"] for m in story["members"]}
    assert "‘Russia to Stand by Syria’: Putin to Assad" in titles
    assert all("Palmyra" in t or "Putin" in t for t in titles)
    assert "Palmyra" in story["label"]
    events = [(e["date"], e["summary"]) for e in story["timeline"]]
    seed_events = [e for e in events if e in SEED_ITEMS]
    assert seed_events == SEED_ITEMS  # all ten items and the seed itself, in time order
    seed_event = next(e for e in story["timeline"] if e["date"] == "2016-03-28T13:15:35")
    assert seed_event["kind"] == "article" and seed_event["precision"] == "second"
    assert seed_event["sources"] == [{"article_id": seed, "title": "‘Russia to Stand by Syria’: Putin to Assad"}]
    assert all(e["kind"] == "related" for e in story["timeline"] if (e["date"], e["summary"]) in SEED_ITEMS[:10])
    stamps = [e["date"][:10] for e in story["timeline"]]
    assert stamps == sorted(stamps)


def _placed(store: object) -> int:
    return sum(1 for a in store.articles(limit=100).items if store.story_of_article(a.id))  # type: ignore[attr-defined]


def test_other_samples_stay_apart_and_reingest_is_idempotent(db: str) -> None:
    with open_store(db) as store:
        before = _placed(store)
        rows = store.stories(limit=100).items
        assert before == store.count()
    palmyra = [r for r in rows if "Palmyra" in r.label]
    assert len(palmyra) == 1 and palmyra[0].articles == 5
    assert len(rows) == 10  # 14 articles: the five Palmyra reports and nine unrelated ones
    settings = Settings(db=db, nlp=False)
    with open_store(db) as store:
        ingest(iter_documents([str(SAMPLES)], None, settings), store, settings)
        update_stories(store)
        assert _placed(store) == before
        assert store.stories(limit=100).items == rows


def test_cli_stories_and_timeline(db: str) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["stories", "--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 0
    line = next(ln for ln in res.stdout.splitlines() if "Palmyra" in ln)
    sid = line.split()[0]
    res = runner.invoke(cli, ["timeline", sid, "--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 0
    assert "UN Chief Praises Syrian Army Victory in Palmyra against ISIS" in res.stdout
    # dates as people read them, not raw ISO with "(second)"
    assert "Mon 28 Mar 2016, 13:15" in res.stdout and "(second)" not in res.stdout
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", res.stdout)
    # each report says why it joined: the first started the story, the others by similar text
    joined = [ln.split("joined: ", 1)[1] for ln in res.stdout.splitlines() if "joined: " in ln]
    assert joined[0] == "started the story" and len(joined) == 5
    assert all(j.startswith("similar text (") and "palmyra" in j for j in joined[1:])
    res = runner.invoke(cli, ["timeline", sid, "--db", str(db), "--format", "json"], catch_exceptions=False)
    data = json.loads(res.stdout)
    assert data["id"] == sid and len(data["timeline"]) >= 11
    res = runner.invoke(cli, ["timeline", "nope", "--db", str(db)])
    assert res.exit_code == 1 and "no story 'nope'" in res.stderr  # not found: 1, not a usage error
    res = runner.invoke(cli, ["timeline", sid, "--db", str(db), "--format", "csv"], catch_exceptions=False)
    header, *events = res.stdout.splitlines()
    assert header.startswith("story_id,story_label,date,") and len(events) == len(data["timeline"])
