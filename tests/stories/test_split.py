"""The split pass: a story whose window members bisect into two distant groups becomes two stories."""

from __future__ import annotations

import json
from collections.abc import Sequence

from storyline.model import Article
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.inputs import StoryInput
from storyline.stories.split import bisect, checkpoints

from .helpers import make

ODD = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
RUINS = "Report: troops recaptured the ancient city of Palmyra and engineers cleared mines from the citadel ruins"
TRAM = "Report: the city council voted to approve a tram line from the central station to the harbour"
# every article shares "report" and "city", so a very low threshold puts both topics in one story
# (each topic's reports are near-copies, so the story is tighter than the default cohesion gate lets through)
LOOSE = ClusterConfig(threshold=1e-6, dedup=False, entity_weight=0.0, place_weight=0.0, split_cohesion=0.9)


def two_topics(n: int = 5) -> list[Article]:
    out = []
    for i in range(n):
        out.append(make(f"r{i}", f"Palmyra {ODD[i]}", f"{RUINS} {ODD[i]}.", f"2016-03-{10 + 2 * i:02d}"))
        out.append(make(f"t{i}", f"Tram {ODD[i]}", f"{TRAM} {ODD[i]}.", f"2016-03-{11 + 2 * i:02d}"))
    return out


def stream(cl: StoryClusterer, articles: list[Article], asked: list[int] | None = None) -> dict[str, str]:
    """article id -> its story at the end, the splits applied as a caller applies them (`asked`: the
    number of inputs of each lookup)."""
    inputs: dict[str, StoryInput] = {}

    def lookup(ids: Sequence[str]) -> list[StoryInput]:
        got = [inputs[i] for i in ids]
        if asked is not None:
            asked.append(len(got))
        return got

    cl.lookup_inputs = lookup
    story = {}
    for a in articles:
        inputs[a.id] = cl.input_of(a)
        story[a.id] = cl.place(inputs[a.id]).story_id
        for split in cl.splits:
            story.update(dict.fromkeys(split.moved, split.new))
        cl.splits.clear()
    return {a: cl.resolve(s) for a, s in story.items()}


def test_bisect_finds_two_groups() -> None:
    a, b = {"x": 1.0}, {"y": 1.0}
    mixed = {"x": 0.8, "z": 0.6}
    one, two, cos = bisect([a, b, a, mixed, b])
    assert {frozenset(one), frozenset(two)} == {frozenset({0, 2, 3}), frozenset({1, 4})}
    assert 0.0 <= cos < 0.1
    assert bisect([a, a, a])[2] == 1.0  # one group only: nothing to split


def test_checkpoints_grow_geometrically() -> None:
    sizes = sorted(checkpoints(10, limit=100))
    assert sizes == [10, 15, 22, 34, 51, 76]


def test_a_story_of_two_events_splits_in_two() -> None:
    arts = two_topics()
    cl = StoryClusterer(LOOSE)
    final = stream(cl, arts)
    ruins, trams = {final[a.id] for a in arts[0::2]}, {final[a.id] for a in arts[1::2]}
    assert len(ruins) == 1 and len(trams) == 1 and ruins != trams
    (rid,), (tid,) = ruins, trams
    assert rid == "s" + arts[0].id and tid == "s" + arts[1].id  # the first member keeps the story
    kept, new = cl.stories[rid], cl.stories[tid]
    assert (kept.size, new.size) == (5, 5) and sorted(new.members) == sorted(a.id for a in arts[1::2])
    assert "palmyra" in kept.centroid and "palmyra" not in new.centroid and new.centroid.get("tram", 0) > 0
    assert all(cl.story_of(a.id) == tid for a in arts[1::2])
    assert cl.stories[tid] in cl._postings["tram"].values()


def test_without_the_pass_the_story_stays_whole() -> None:
    arts = two_topics()
    final = stream(StoryClusterer(ClusterConfig(**{**LOOSE.__dict__, "split_threshold": 0.0})), arts)
    assert len(set(final.values())) == 1


def test_a_tight_story_is_not_checked() -> None:
    arts = two_topics()
    asked: list[int] = []
    final = stream(StoryClusterer(ClusterConfig(**{**LOOSE.__dict__, "split_cohesion": 0.5})), arts, asked)
    assert len(set(final.values())) == 1 and not asked
    stream(StoryClusterer(LOOSE), arts, asked)
    assert asked == [10]  # the checkpoint at 10 members reads their inputs once


def test_one_event_does_not_split() -> None:
    arts = [make(f"p{i}", f"Palmyra {w}", f"{RUINS} {w}.", f"2016-03-{10 + i:02d}") for i, w in enumerate(ODD)]
    arts += [make(f"q{i}", f"Palmyra {w} again", f"{RUINS} {w} {w}.", f"2016-03-{20 + i:02d}") for i, w in enumerate(ODD)]
    cl = StoryClusterer(LOOSE)
    assert len(set(stream(cl, arts).values())) == 1


def test_split_state_resumes_and_a_later_article_follows_its_event() -> None:
    arts = two_topics()
    cl = StoryClusterer(LOOSE)
    final = stream(cl, arts)
    again = StoryClusterer.from_state(json.loads(json.dumps(cl.state_dict())))
    late = make("t9", "Tram line approved", f"{TRAM} again tram harbour station.", "2016-03-25")
    assert again.add(late) == final[arts[1].id]


def test_a_state_saved_before_splits_resumes_without_them() -> None:
    state = StoryClusterer(LOOSE).state_dict()
    del state["config"]["split_threshold"]
    assert StoryClusterer.from_state(state).config.split_threshold == 0.0
