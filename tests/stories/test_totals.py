"""Running story totals: kept up batch by batch (through their JSON) they give the record a full rebuild gives."""

from __future__ import annotations

import random

from storyline.store.base import EventQuote
from storyline.stories.record import build_story, story_record
from storyline.stories.summary import MemberSummary
from storyline.stories.timeline import MAX_STATEMENTS, Event, _Day, _same_event
from storyline.stories.totals import LABEL_POOL, StoryTotals

TITLES = ["Army retakes Palmyra from militants", "Palmyra retaken by Syrian army", "Putin congratulates Assad on Palmyra",
          "Engineers clear mines in Palmyra ruins", "UNESCO to assess damage in Palmyra", "Palmyra museum reopens"]


def member(i: int, dup: str | None = None) -> MemberSummary:
    day = f"2016-03-{20 + i // 3:02d}"
    return MemberSummary(
        article_id=f"a{i:02d}", duplicate_of=dup, title=TITLES[i % len(TITLES)], published=f"{day}T{8 + i % 9:02d}:00:00",
        first_sentence="", quotes=i % 3, key_quote=EventQuote(f"We said {i}", "Peskov") if i % 4 == 0 else None,
        entities=(("Vladimir Putin", "PERSON"), (f"Person {i % 5}", "PERSON")),
        places=(("Palmyra", 34.55, 38.27, "SY"),) + ((("Moscow", 55.75, 37.61, "RU"),) if i % 2 else ()),
        related=((f"2016-03-{18 + i % 4:02d}", f"Troops advance on Palmyra, day {i % 3}"),),
        statements=((f"2016-03-{10 + i % 6:02d}", "day", f"The offensive began on day {i % 6}."),),
        days=(f"2016-03-{10 + i % 6:02d}", "2016-03-27"), outlet=f"Outlet {i % 4}",
    )


MEMBERS = [member(i) for i in range(14)] + [member(14, dup="a03"), member(15, dup="a12")]


def test_totals_kept_up_in_batches_give_the_full_rebuild() -> None:
    ordered = sorted(MEMBERS, key=lambda m: (m.published or "", m.article_id))
    full = build_story("s1", ordered)
    totals, label, seen = StoryTotals(), None, set()
    for start in range(0, len(ordered), 5):  # each batch through the stored JSON, as the store keeps it
        batch = ordered[start : start + 5]
        seen |= {m.article_id for m in batch}
        restored = StoryTotals.from_json(totals.to_json())
        assert restored is not None
        restored.add(batch, seen.__contains__)
        totals = restored
        label = story_record("s1", totals, label).label
    story = story_record("s1", totals, label)
    assert story.articles == full.articles == 14 and story.sources == full.sources == 4
    assert (story.label, story.first_date, story.last_date, story.quotes) == (
        full.label, full.first_date, full.last_date, full.quotes)
    assert story.entities == full.entities and story.places == full.places
    # The same events, keys and sources; a folded event reads as the first of its reports to arrive
    # (a full rebuild takes the first in timeline order), so summaries are not compared.
    assert [(e.date, e.kind, e.key, sorted(s.article_id for s in e.sources)) for e in story.timeline] == [
        (e.date, e.kind, e.key, sorted(s.article_id for s in e.sources)) for e in full.timeline]


def test_a_copy_joining_later_is_listed_beside_its_original() -> None:
    original = member(3)
    totals = StoryTotals.from_members([original])
    copy = member(20, dup=original.article_id)
    totals.add([copy], {original.article_id, copy.article_id}.__contains__)
    story = story_record("s1", totals)
    assert story.articles == 1  # a copy is not a report of its own
    own = [e for e in story.timeline if e.kind in ("article", "statement")]
    assert own and all({s.article_id for s in e.sources} == {original.article_id, copy.article_id} for e in own)
    related = [e for e in story.timeline if e.kind == "related"]
    assert related and all(copy.article_id not in {s.article_id for s in e.sources} for e in related)


def test_absorbing_a_merged_story_adds_its_totals() -> None:
    early, late = MEMBERS[:7], MEMBERS[7:14]
    keep, gone = StoryTotals.from_members(early), StoryTotals.from_members(late)
    keep.absorb(gone)
    merged, full = story_record("s1", keep), build_story("s1", early + late)
    assert (merged.articles, merged.quotes, merged.sources, merged.first_date, merged.last_date) == (
        full.articles, full.quotes, full.sources, full.first_date, full.last_date)
    assert merged.entities == full.entities and merged.places == full.places
    assert {(e.date[:10], e.kind) for e in merged.timeline} == {(e.date[:10], e.kind) for e in full.timeline}


def test_label_candidates_stay_bounded_and_keep_the_label() -> None:
    totals = StoryTotals()
    titles = [f"Council debates budget item {i}" for i in range(LABEL_POOL * 2)]
    ms = [MemberSummary(f"c{i:03d}", None, t, "2020-01-01", "", 0, None, (), (), (), ()) for i, t in enumerate(titles)]
    totals.add(ms, lambda _: True)
    label = totals.settle_label(None)
    assert len(totals.titles) <= LABEL_POOL + 1 and label in totals.titles
    assert totals.settle_label(label) == label


def test_a_story_lists_at_most_max_statements() -> None:
    def word(i: int) -> str:
        return "".join(chr(97 + int(d)) for d in f"{i:04d}")

    ms = [MemberSummary(f"m{i:03d}", None, None, "2020-02-01", "x", 0, None, (), (), (),
                        ((f"2019-{1 + i % 12:02d}-01", "day", f"{word(i)} {word(i + 500)} {word(i + 900)}."),))
          for i in range(MAX_STATEMENTS * 5)]
    story = build_story("s1", ms)
    assert sum(e.kind == "statement" for e in story.timeline) == MAX_STATEMENTS


def test_totals_of_another_version_are_rebuilt() -> None:
    assert StoryTotals.from_json('{"version": 0}') is None


def test_indexed_day_folds_like_comparing_every_event() -> None:
    """The day's prefix index finds the first event a new one repeats, as a scan of all would."""
    rng = random.Random(3)
    vocab = ["palmyra", "army", "troops", "city", "ruins", "mines", "assad", "putin", "museum", "citadel"]
    titles = [" ".join(rng.sample(vocab, rng.randint(2, 6))) for _ in range(300)]
    day, scanned = _Day(), []
    for i, title in enumerate(titles):
        ev = Event("2016-03-27", "day", "article", title, owners=[str(i)])
        twin = Event("2016-03-27", "day", "article", title, owners=[str(i)])
        hit = day.fold(ev)
        first = next((s for s in scanned if _same_event(s, twin)), None)
        if first is None:
            scanned.append(twin)
        else:
            first.owners.append(str(i))
        assert (hit is None) == (first is None)
        assert hit is None or hit.owners[0] == first.owners[0]  # type: ignore[union-attr]
    assert len(day.events) == len(scanned) < len(titles)
