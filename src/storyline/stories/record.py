"""The story record: a stable label from member titles, date span, outlets, key entities and places with counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from storyline.store.base import JoinReason, Story, StoryEntity, StoryPlace, TimelineEvent, TimelineWrite
from storyline.stories.dates import KEY_DAYS
from storyline.stories.summary import MemberSummary
from storyline.stories.timeline import ranks_of
from storyline.stories.totals import StoryTotals, choose_label

__all__ = ["build_story", "choose_label", "reason_text", "story_record", "stored_record"]

KEY_ENTITIES = 10
KEY_PLACES = 8


_REASON_TEXT = {"first": "started the story", "known": "placed before", "duplicate": "near-duplicate of {via}",
                "link": "related-feed link {via}", "similarity": "similar text ({score:.2f}): {terms}",
                "split": "split from {via} (the two groups' similarity {score:.2f}): {terms}"}


def reason_text(reason: JoinReason | None) -> str:
    """Why a member joined its story, as a reader reads it ("similar text (0.31): palmyra, assad")."""
    if reason is None:
        return "joined before reasons were kept"
    template = _REASON_TEXT.get(reason.kind, reason.kind)
    return template.format(via=reason.via or "", score=reason.score or 0.0, terms=", ".join(reason.terms))


def _counted(counts: Counter[Any], limit: int) -> list[tuple[Any, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def build_story(story_id: str, members: Sequence[MemberSummary], previous_label: str | None = None) -> Story:
    """The record of one story from its members' summaries (`previous_label`: the label it was last
    written with, kept while it still fits: see choose_label)."""
    return story_record(story_id, StoryTotals.from_members(members), previous_label)


def story_record(story_id: str, totals: StoryTotals, previous_label: str | None = None) -> Story:
    """The record of one story from its running totals (settles their label candidates)."""
    return _record(story_id, totals, previous_label, totals.timeline.records(ranks_of(totals.votes, KEY_DAYS)))


def stored_record(story_id: str, totals: StoryTotals, previous_label: str | None = None,
                  replace: bool = False) -> tuple[Story, TimelineWrite]:
    """The record of a stored story (its timeline left to the event rows) and what its write changes
    in them: the events new or changed, the shown statements, the key days' ranks."""
    shown = totals.timeline.shown_statements()
    timeline = TimelineWrite(tuple(totals.timeline.changes()), tuple(e.stored(i) for i, e in enumerate(shown)),
                             tuple(ranks_of(totals.votes, KEY_DAYS).items()), replace)
    return _record(story_id, totals, previous_label, ()), timeline


def _record(story_id: str, totals: StoryTotals, previous_label: str | None,
            timeline: tuple[TimelineEvent, ...]) -> Story:
    entities = tuple(StoryEntity(n, t, c) for (n, t), c in _counted(totals.entities, KEY_ENTITIES))
    places = tuple(StoryPlace(n, *totals.place_info[n], count=c) for n, c in _counted(totals.places, KEY_PLACES))
    return Story(
        id=story_id,
        label=totals.settle_label(previous_label),
        first_date=totals.first[1] if totals.first else None,
        last_date=totals.last[1] if totals.last else None,
        last_sort=totals.last[0] if totals.last else "",
        articles=totals.reports,
        quotes=totals.quotes,
        entities=entities,
        places=places,
        timeline=timeline,
        sources=len(totals.outlets),
        undated=totals.undated,
    )
