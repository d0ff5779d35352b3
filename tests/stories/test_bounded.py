"""The clusterer's state is bounded by its active window; forgotten stories are reached by lookups."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from storyline.model import Article, RelatedItem
from storyline.stories.cluster import StoryClusterer
from storyline.stories.features import link_keys, related_keys
from storyline.stories.story_state import ClusterConfig

from .helpers import make

VOCAB = [f"w{i:04d}" for i in range(3000)]  # bounded, so the online IDF is too
START = datetime(2020, 1, 1)


def stream(days: int, per_day: int = 6, seed: int = 0) -> list[tuple[Article, int]]:
    """One new latent story a day, living three days; articles draw from a fixed vocabulary."""
    rng = random.Random(seed)
    topics = [rng.sample(VOCAB, 12) for _ in range(days)]
    out = []
    for day in range(days):
        for j in range(per_day):
            story = max(0, day - j % 3)
            when = (START + timedelta(days=day, minutes=10 * j)).isoformat(timespec="seconds")
            text = " ".join(rng.choice(topics[story]) if rng.random() < 0.6 else rng.choice(VOCAB[:300]) for _ in range(40))
            out.append((make(f"a{day}-{j}", " ".join(rng.sample(topics[story], 5)), text, when,
                             url=f"https://news.example/{day}/{j}"), story))
    return out


class FakeStore:
    """What storyline.stories.update keeps in SQL: every article's story and its related keys."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}

    def record(self, article: Article, sid: str) -> None:
        for key in related_keys(article):
            self.keys.setdefault(key, sid)
        for key in link_keys(article):
            self.links.setdefault(key, []).append(sid)

    def attach(self, cl: StoryClusterer) -> StoryClusterer:
        cl.lookup_key = self.keys.get
        cl.lookup_links = lambda key: self.links.get(key, [])
        return cl


def state_size(cl: StoryClusterer) -> int:
    return len(json.dumps(cl.state_dict()))


def test_state_does_not_grow_with_the_corpus() -> None:
    articles = stream(240)
    store = FakeStore()
    cl = store.attach(StoryClusterer())
    sizes: dict[int, tuple[int, int, int]] = {}
    for i, (a, _) in enumerate(articles, 1):
        store.record(a, cl.add(a))
        if i % (60 * 6) == 0:  # a store run every 60 days, which prunes and saves
            cl.prune()
            state = json.loads(json.dumps(cl.state_dict()))
            cl = store.attach(StoryClusterer.from_state(state))
            sizes[i] = (state_size(cl), len(cl.assignment), len(cl.stories))
    first, last = sizes[min(sizes)], sizes[max(sizes)]
    assert len(articles) == 4 * min(sizes)
    assert last[0] < 1.25 * first[0]  # 4x the articles, about the same state
    assert last[1] <= 31 * 6 and last[2] <= 40  # only the last ~30 days of articles and stories
    assert not any(a.id in cl.assignment for a, _ in articles[: 6 * 100])


def test_link_to_a_forgotten_article_joins_its_story() -> None:
    store = FakeStore()
    cl = store.attach(StoryClusterer())
    old = make("old", "Dam collapse floods valley villages", "Water from the broken dam reached three villages.",
               "2020-01-01T08:00:00", url="https://news.example/dam-collapse")
    old_sid = cl.add(old)
    store.record(old, old_sid)
    for a, _ in stream(60, seed=1)[6 * 30 :]:  # 30 days later and on: other news
        store.record(a, cl.add(a))
    cl.prune()
    resumed = store.attach(StoryClusterer.from_state(json.loads(json.dumps(cl.state_dict()))))
    assert old_sid not in resumed.stories and old.id not in resumed.assignment
    assert not any(s == old_sid for s in resumed.state_dict()["keys"].values())
    follow = make("follow", "Inquiry opens", "Nothing here shares words with the first report.", "2020-03-05",
                  related=(RelatedItem(id=None, title="x", url="http://www.news.example/dam-collapse/"),))
    assert resumed.add(follow) == old_sid  # the related link finds the story through the lookup
    assert resumed.stories[old_sid].members == [follow.id]
    assert resumed.add(old) == old_sid  # a forgotten article is not clustered again
    # the other direction: an old article's related item names a new one
    echo = make("echo", "Rescue teams reach cut-off hamlets", "Helicopters dropped food.", "2020-01-02",
                related=(RelatedItem(id=None, title="Dam owner charged over valley flood", url=None),))
    cl2 = store.attach(StoryClusterer())
    store.record(echo, cl2.add(echo))
    for a, _ in stream(60, seed=2)[6 * 30 :]:
        store.record(a, cl2.add(a))
    cl2.prune()
    late = make("late", "Dam owner charged over valley flood", "Prosecutors filed charges.", "2020-03-06")
    assert cl2.add(late) == store.keys["id:" + echo.id]


def posting_pairs(cl: StoryClusterer) -> set[tuple[str, str]]:
    return {(term, sid) for term, posting in cl._postings.items() for sid in posting}


def test_postings_name_the_active_centroids_terms_only() -> None:
    """After joins, trims, merges and prunes the inverted index holds each active story under its
    centroid's terms and nothing else (no forgotten story, no empty posting)."""
    cl = StoryClusterer(ClusterConfig(centroid_terms=20, merge_threshold=0.1))
    for article, _ in stream(80):
        cl.add(article)
    assert cl.merged  # merges happened
    cl.prune()
    expected = {(term, sid) for sid, story in cl.stories.items() for term in story.centroid}
    assert posting_pairs(cl) == expected
    assert all(cl._postings.values())
    assert all(posting[sid] is cl.stories[sid] for posting in cl._postings.values() for sid in posting)
