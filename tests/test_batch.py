"""The batch job's progress: per document in-process (inside a batch), per unit from a pool, skips counted."""

from __future__ import annotations

from pathlib import Path

from storyline.batch import ingest
from storyline.ingest import iter_documents
from storyline.runners import make_runner
from storyline.settings import Settings
from storyline.store import open_store


def _corpus(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i}.txt").write_text(f"Headline {i}\n\n" + f"Body paragraph {i} that is long enough. " * 5)
    return [str(folder)]


def test_in_process_progress_moves_per_document_before_the_batch_is_written(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "docs", 6)
    settings = Settings(db=str(tmp_path / "p.db"), nlp=False, stories=False, batch_size=200)
    with open_store(settings.db) as store:
        stored_at_tick: list[int] = []

        def tick(n: int) -> None:
            stored_at_tick.extend([store.count()] * n)

        counts = ingest(iter_documents(paths, settings=settings), store, settings, on_progress=tick)
        assert counts.ok + counts.warned == 6
        assert stored_at_tick == [0] * 6  # six updates while the one batch of 200 was still in work
        stored_at_tick.clear()
        counts = ingest(iter_documents(paths, settings=settings), store, settings, on_progress=tick)
        assert counts.skipped == 6 and len(stored_at_tick) == 6  # a rerun's skips move the bar too


def test_pool_progress_comes_per_unit_and_adds_up(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "docs", 9)
    settings = Settings(db=str(tmp_path / "p.db"), nlp=False, stories=False, batch_size=200)
    steps: list[int] = []
    runner = make_runner(workers=2, nlp=False)
    try:
        with open_store(settings.db) as store:
            ingest(iter_documents(paths, settings=settings), store, settings, runner=runner, on_progress=steps.append)
    finally:
        runner.close()
    assert sum(steps) == 9 and len(steps) > 1  # units of a batch report as each comes back


def test_processed_records_carry_their_story_inputs_and_the_writer_reads_them(tmp_path: Path) -> None:
    from storyline.batch import process
    from storyline.model import Article
    from storyline.stories import inputs
    from storyline.stories.dedup import DedupConfig

    paths = _corpus(tmp_path / "docs", 3)
    settings = Settings(nlp=False, batch_size=200)
    raws = list(iter_documents(paths, settings=settings))
    done = [a for a in process(raws, settings) if isinstance(a, Article)]
    assert len(done) == 3 and all(a.story_inputs == inputs.encode(a) for a in done)  # made in the processing stage
    with open_store(str(tmp_path / "s.db")) as store:
        ingest(iter(raws), store, Settings(nlp=False, batch_size=200))
        assert store.stats().stories >= 1
        with store.clustering():
            assert list(store.unclustered(inputs.prefix(DedupConfig()))) == []
        (tmp_path / "docs" / "new.txt").write_text("Headline new\n\n" + "A new body paragraph here. " * 5)
        ingest(iter_documents(paths, settings=settings), store, Settings(nlp=False, stories=False))
        with store.clustering():
            (row,) = store.unclustered(inputs.prefix(DedupConfig()))
        assert row.inputs is not None and row.article is None  # stored beside the record, read back without it
