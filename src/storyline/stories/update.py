"""Place new articles into stories and rebuild the stories they touched from their members' summaries."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from storyline.store.base import StoryRepository
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.features import link_keys, related_keys
from storyline.stories.record import build_story
from storyline.stories.summary import MemberSummary, summarize


@dataclass(frozen=True)
class UpdateResult:
    """What one clustering run did: articles placed, stories created, stories rewritten."""

    articles: int
    new_stories: int
    touched: int


def update_stories(repo: StoryRepository, config: ClusterConfig | None = None) -> UpdateResult:
    """Cluster every stored article not yet in a story, in one transaction (crash-safe, idempotent).

    The clusterer resumes from its saved state, so earlier articles are never re-clustered; an
    interrupted run leaves nothing behind and the next run redoes it. The repository's
    `clustering()` makes this process the only clusterer while it runs.
    """
    with repo.clustering():
        return _update(repo, config)


def _update(repo: StoryRepository, config: ClusterConfig | None) -> UpdateResult:
    articles = repo.unclustered()
    first = next(articles, None)
    if first is None:
        return UpdateResult(0, 0, 0)
    saved = repo.load_state()
    state = json.loads(saved) if saved else None
    if state and state.get("version") == 1:  # an unbounded state: its link keys move to the tables
        for key, sid in state["keys"].items():
            repo.add_keys(sid, [key], [])
        for key, sids in state["links"].items():
            for sid in sids:
                repo.add_keys(sid, [], [key])
    clusterer = StoryClusterer.from_state(state) if state else StoryClusterer(config)
    clusterer.lookup_key = repo.lookup_key
    clusterer.lookup_links = repo.lookup_links
    # Each article's membership and keys are written as it is placed (same transaction), so the
    # lookups see every article the clusterer has forgotten, even within one long run.
    created: set[str] = set()
    touched: set[str] = set()
    n = 0
    for article in itertools.chain([first], articles):
        placed = clusterer.place(article)
        sid = placed.story_id
        n += 1
        for gone, keep in clusterer.merged.items():
            repo.merge_story(gone, keep)
            touched.discard(gone)
            created.discard(gone)
            touched.add(clusterer.resolve(keep))
        clusterer.merged.clear()
        if "s" + article.id == sid or "s" + article.id in clusterer.stories:
            created.add("s" + article.id)
        touched.add(sid)
        duplicate_of = clusterer.duplicate_of(article.id)
        repo.add_member(article.id, sid, duplicate_of, summarize(article, duplicate_of).to_json(), placed.reason)
        repo.add_keys(sid, related_keys(article), link_keys(article))
    for sid in sorted(touched):
        members = _summaries(repo, sid)
        if members:
            repo.write_story(build_story(sid, members, repo.story_label(sid)))
    clusterer.prune()
    repo.save_state(json.dumps(clusterer.state_dict(), separators=(",", ":")))
    return UpdateResult(n, len(created), len(touched))


def _summaries(repo: StoryRepository, story_id: str) -> list[MemberSummary]:
    """The members' stored summaries; members placed before summaries were kept get theirs now."""
    stored = repo.member_summaries(story_id)
    if all(m.summary is not None for m in stored):
        return [MemberSummary.from_json(m.summary) for m in stored if m.summary is not None]
    members = [summarize(a, dup) for a, dup in repo.member_articles(story_id)]
    missing = {m.article_id for m in stored if m.summary is None}
    repo.set_summaries([(m.article_id, m.to_json()) for m in members if m.article_id in missing])
    return members
