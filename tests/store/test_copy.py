"""`storyline copy`: an archive moves between back-ends losslessly, and ingest continues on the copy."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from storyline.cli import cli
from storyline.store import open_store, schema
from storyline.store.base import Store
from storyline.stories.update import update_stories

from ..conftest import drop, pg_url
from ..web.fixture_store import build
from .helpers import article, raw_of


def tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t.name: list(store.dump(t.name)) for t in schema.TABLES}


def test_copy_sqlite_to_postgres_and_back(tmp_path: Path) -> None:
    lite, back, url = str(tmp_path / "a.db"), str(tmp_path / "b.db"), pg_url()
    try:
        build(lite)
        with open_store(lite) as s:
            update_stories(s)  # the fixture story plus stories for the other articles, and the clusterer state
        runner = CliRunner()
        res = runner.invoke(cli, ["copy", "--from", lite, "--to", url], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        res = runner.invoke(cli, ["copy", "--from", url, "--to", back], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        with open_store(lite) as a, open_store(url) as p, open_store(back) as b:
            original = tables(a)
            assert all(original[t] for t in ("articles", "raw_documents", "quotes", "entities", "entity_aliases",
                                             "article_places", "stories", "story_events", "story_event_owners", "story_members",
                                             "story_state"))
            assert tables(p) == original
            assert tables(b) == original
            for s in (p, b):
                assert s.search("Palmyra").total == a.search("Palmyra").total > 0
                # the stored order moves too: the newest-stored match is the same one (rank windows follow it)
                assert [h.id for h in s.search("Palmyra", limit=1, rank_window=1).items] == \
                    [h.id for h in a.search("Palmyra", limit=1, rank_window=1).items]
                assert s.quotes(speaker="Putin").total == a.quotes(speaker="Putin").total > 0
                assert s.raw(original["articles"][0][0]) == a.raw(original["articles"][0][0])  # type: ignore[arg-type]
            # ingest goes on where it stopped: the same new article lands in the same story on both sides
            extra = article("extra", "Palmyra recaptured: the army enters the city",
                            "Syrian troops entered Palmyra on Sunday.", published="2016-03-29")
            for s in (a, p):
                assert s.write_batch([(extra, raw_of(extra))]) == 1
                update_stories(s)
            assert a.story_of_article(extra.id) == p.story_of_article(extra.id) is not None
            placed = {s.target: [r[:3] for r in s.dump("story_members")] for s in (a, p)}  # added_at: the clock's
            assert placed[p.target] == placed[a.target]
        res = runner.invoke(cli, ["copy", "--from", lite, "--to", url], catch_exceptions=False)  # idempotent rerun
        assert res.exit_code == 0 and "0 new row(s)" in res.output
    finally:
        drop(url)


def test_copy_refuses_a_missing_source(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["copy", "--from", str(tmp_path / "none.db"), "--to", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "does not exist" in res.output
    assert not (tmp_path / "x.db").exists()
