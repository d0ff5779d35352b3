"""Incremental story clustering: online TF-IDF (optionally dense embeddings), entities, places, time decay and related-feed links."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter, mul

from storyline.model import Article
from storyline.store.base import JoinReason
from storyline.stories.dedup import DuplicateIndex
from storyline.stories.embed import Embedder, MiniLMEmbedder, Vector
from storyline.stories.inputs import StoryInput, dedup_tag, story_input
from storyline.stories.merge import MergingClusterer
from storyline.stories.persist import PersistentClusterer
from storyline.stories.scoring import ScoringClusterer
from storyline.stories.split import InputsLookup, Split, SplittingClusterer
from storyline.stories.story_state import ActiveStory, ClusterConfig
from storyline.stories.text import terms, timestamp

REASON_TERMS = 5  # the terms a similarity join names: those adding most to the article's cosine with the story

KeyLookup = Callable[[str], "str | None"]
LinksLookup = Callable[[str], "Iterable[str]"]


@dataclass(frozen=True)
class Placement:
    """Where an article went and why."""

    story_id: str
    reason: JoinReason


class StoryClusterer(ScoringClusterer, MergingClusterer, SplittingClusterer, PersistentClusterer):
    """Single-pass clustering of a time-ordered article stream; never re-clusters what it has seen.

    `add(article)` returns the story id the article joins (a new story's id is "s" + the id of
    its first article); `place(article)` returns it with the reason. An article without a date is
    scored with no time decay (no penalty, no bonus) and leaves the stories' date spans as they are.
    `state_dict()` / `from_state()` persist and resume it exactly.

    Memory and state are bounded by the active window, not by the corpus: `prune()` (every 5000
    articles, and by the store after each run) forgets stories idle for more than `window_days`
    together with their members' assignments, related-link keys and merge records. What is needed
    about older articles comes from the injected lookups (the store backs them with SQL; the
    clusterer does no I/O): `lookup_key(key)` -> the story of the first article with that related
    key (id:/url:/title:, as `features.related_keys` makes them) or None, and `lookup_links(key)` ->
    stories with an article whose related items point to that key. A story found only that way is
    revived (a fresh, text-less story under its old id) when an article joins it. Without lookups,
    forgotten stories are simply gone (an article re-added after its story was forgotten is
    clustered again).

    With `config.embedding_weight` > 0 every article's title and lead is embedded by `embedder`
    (default: the embeddings extra's MiniLM, which raises EmbeddingsUnavailable here when the extra
    is not installed) and each story keeps the sum of its members' embeddings (saved in its state).
    """

    def __init__(self, config: ClusterConfig | None = None, *, lookup_key: KeyLookup | None = None,
                 lookup_links: LinksLookup | None = None, embedder: Embedder | None = None,
                 lookup_inputs: InputsLookup | None = None) -> None:
        self.config = config or ClusterConfig()
        self.lookup_key = lookup_key
        self.lookup_links = lookup_links
        self.lookup_inputs = lookup_inputs
        self.embedder: Embedder | None = None
        if self.config.embedding_weight:
            self.embedder = embedder if embedder is not None else MiniLMEmbedder()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.key_df: Counter[str] = Counter()  # articles naming each entity and place key (their rarity)
        self.stories: dict[str, ActiveStory] = {}
        self.assignment: dict[str, str] = {}  # article id -> story id
        self.duplicates = DuplicateIndex(self.config.dedup_config)
        self._postings: dict[str, dict[str, ActiveStory]] = {}  # term -> the stories whose centroid has it, by id
        self._keys: dict[str, str] = {}  # related key (id:/url:/title:) -> story id of a seen article
        self._links: dict[str, list[str]] = {}  # key a seen article's related item points to -> story ids
        self._key_times: dict[str, float] = {}  # key in _keys or _links -> latest time an article added it
        self._clock = -math.inf
        self._since_prune = 0
        self.merged: dict[str, str] = {}  # story id merged away -> story id it was folded into
        self.splits: list[Split] = []  # splits made since the caller last applied them

    # -- features --------------------------------------------------------------------------------

    def vectorize(self, text: str | list[str], learn: bool = True) -> dict[str, float]:
        """L2-normalised sublinear TF-IDF of a text; `learn` counts it in the online IDF first."""
        return self._vector(tuple(Counter(terms(text)).items()), learn)

    def _vector(self, tf: tuple[tuple[str, int], ...], learn: bool = True) -> dict[str, float]:
        """`vectorize` of a text's term counts (in order of first appearance)."""
        if learn:
            self.n_docs += 1
            self.df.update(t for t, _ in tf)
        log, df, base = math.log, self.df, math.log(1 + self.n_docs) + 1.0  # idf = base - log(1 + df)
        vec = {t: (1.0 + log(c)) * (base - log(1 + df.get(t, 0))) for t, c in tf}
        weights = vec.values()
        norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
        return {t: w / norm for t, w in vec.items()}

    # -- adding ----------------------------------------------------------------------------------

    def add(self, article: Article) -> str:
        """Assign one article (the next in time order) to a story and return the story id."""
        return self.place(article).story_id

    def place(self, article: Article | StoryInput) -> Placement:
        """Assign one article (the next in time order) to a story: the story id and why it joined.

        The article may come as its StoryInput (what the processing stage stored); one made under
        other near-duplicate settings than this clusterer's has its signature ignored (ValueError)."""
        if article.id in self.assignment:
            return Placement(self.assignment[article.id], JoinReason("known"))
        if self.lookup_key is not None:
            known = self.lookup_key(f"id:{article.id}")
            if known is not None:
                return Placement(self.resolve(known), JoinReason("known"))  # seen long ago, its story since forgotten
        inp = article if isinstance(article, StoryInput) else self.input_of(article)
        if self.config.dedup and inp.dedup != dedup_tag(self.duplicates.config):
            raise ValueError(f"story input {inp.id} made for near-duplicate settings {inp.dedup!r}")
        t = timestamp(inp.published)
        if t is not None:
            self._clock = max(self._clock, t)
        when = t if t is not None else (self._clock if self._clock > -math.inf else 0.0)  # undated: the clock
        vec = self._vector(inp.terms)
        dense = self.embedder([inp.embedding_text])[0] if self.embedder is not None else None
        ents, places = inp.entity_set(), inp.place_set()
        self.key_df.update(ents | places)
        rkeys, lkeys = inp.related_set(), inp.link_set()
        sid, reason = self._evidence(inp, when, rkeys, lkeys)
        if sid is None:
            sid, reason = self._most_similar(vec, ents, places, t, when, dense)
        if sid is None:
            sid, reason = "s" + inp.id, JoinReason("first")
        if sid not in self.stories:
            self.stories[sid] = ActiveStory(sid)  # a new story, or a forgotten one revived by a link
        self._join(self.stories[sid], inp.id, vec, ents, places, t, when, rkeys, lkeys, dense)
        if self.config.merge_threshold > 0:
            sid = self._maybe_merge(sid, when)
        if self.config.split_threshold > 0:
            self._maybe_split(sid)
            if self.assignment[inp.id] != sid:  # it went with the group that split off
                sid, reason = self.assignment[inp.id], self.splits[-1].reason
        return Placement(sid, reason)

    def input_of(self, article: Article, summary: bool = False) -> StoryInput:
        """An article's StoryInput as this clusterer needs it (a signature only when it finds near-duplicates)."""
        return story_input(article, self.duplicates.config if self.config.dedup else None, summary)

    def _evidence(self, inp: StoryInput, when: float, rkeys: set[str],
                  lkeys: set[str]) -> tuple[str | None, JoinReason]:
        """The story a near-duplicate or a related-feed link (the article's related and link keys) puts it in, before any score."""
        if self.config.dedup:
            canon = self.duplicates.add_signature(inp.id, inp.sig(), when)
            if canon is not None and (sid := self._story_of_seen(canon)) is not None:
                return sid, JoinReason("duplicate", canon)
        sid, key = self._linked_story(rkeys, lkeys)
        return sid, (JoinReason("link", key) if sid is not None else JoinReason("first"))

    def _most_similar(self, vec: dict[str, float], ents: set[str], places: set[str], t: float | None,
                      when: float, dense: Vector | None = None) -> tuple[str | None, JoinReason]:
        best, best_score = None, 0.0
        ent_w, place_w = self.rarity(ents), self.rarity(places)
        floor = self.config.threshold * (1.0 - 1e-9)  # below it, a story cannot reach the threshold (rounding aside)
        for cand in self.candidates(vec, when):
            story = self.stories[cand]
            decay = self._decay(t, story)
            if decay * self._ceiling(story) < floor:
                continue  # time decay alone keeps it under the threshold: no dot product needed
            s = decay * self._similarity(vec, ent_w, place_w, story, dense)
            if s > best_score:
                best, best_score = cand, s
        if best is None or best_score < self.config.threshold:
            return None, JoinReason("first")
        cent = self.stories[best].centroid
        top = sorted((k for k in vec if k in cent), key=lambda k: (-vec[k] * cent[k], k))[:REASON_TERMS]
        return best, JoinReason("similarity", score=round(best_score, 3), terms=tuple(top))

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        return [self.add(a) for a in articles]

    def _story_of_seen(self, article_id: str) -> str | None:
        """The story of an article seen before (in memory while its story is active, else looked up)."""
        sid = self.assignment.get(article_id)
        if sid is None and self.lookup_key is not None:
            sid = self.lookup_key(f"id:{article_id}")
        return None if sid is None else self.resolve(sid)

    def _key_story(self, key: str) -> str | None:
        sid = self._keys.get(key)
        if sid is None and self.lookup_key is not None:
            sid = self.lookup_key(key)
        return None if sid is None else self.resolve(sid)

    def _linking_stories(self, key: str) -> list[str]:
        sids = list(self._links.get(key, ()))
        if self.lookup_links is not None:
            for sid in self.lookup_links(key):
                sid = self.resolve(sid)
                if sid not in sids:
                    sids.append(sid)
        return sids

    def _linked_story(self, rkeys: set[str], lkeys: set[str]) -> tuple[str | None, str | None]:
        """A story joined by related-feed evidence: this article's items name a seen article,
        or a seen article's items name this one. The story with most links wins, with its first key."""
        votes: Counter[str] = Counter()
        first_key: dict[str, str] = {}
        for key in lkeys:
            sid = self._key_story(key)
            if sid is not None:
                votes[sid] += 1
                first_key.setdefault(sid, key)
        for key in rkeys:
            for sid in self._linking_stories(key):
                votes[sid] += 1
                first_key.setdefault(sid, key)
        if not votes:
            return None, None
        sid = min(votes, key=lambda s: (-votes[s], s))
        return sid, first_key[sid]

    def _join(self, story: ActiveStory, article_id: str, vec: dict[str, float], ents: set[str],
              places: set[str], t: float | None, when: float, rkeys: set[str], lkeys: set[str],
              dense: Vector | None = None) -> None:
        cent = story.centroid
        common = vec.keys() & cent.keys()
        dot = sum(map(mul, map(vec.__getitem__, common), map(cent.__getitem__, common)))
        story.norm2 += 2 * dot + sum(map(mul, vec.values(), vec.values()))
        for term, w in vec.items():
            if term not in cent:
                self._postings.setdefault(term, {})[story.id] = story
                cent[term] = w
            else:
                cent[term] += w
        if len(cent) > 2 * self.config.centroid_terms:
            self._trim(story)
        story.size += 1
        if dense is not None:
            story.add_dense(dense)
        if t is not None:
            story.first = min(story.first, t)
            story.last = max(story.last, t)
        story.seen = max(story.seen, when)
        story.entities.update(ents)
        story.places.update(places)
        story.members.append(article_id)
        story.times.append(when)
        if self.config.member_vectors > 0:
            story.recent.append(vec)
            if len(story.recent) > self.config.member_vectors:
                story.recent.pop(0)
        self.assignment[article_id] = story.id
        for key in rkeys:
            self._keys.setdefault(key, story.id)
            self._key_times[key] = max(when, self._key_times.get(key, when))
        for key in lkeys:
            sids = self._links.setdefault(key, [])
            if story.id not in sids:
                sids.append(story.id)
            self._key_times[key] = max(when, self._key_times.get(key, when))
        self._since_prune += 1
        if self._since_prune >= 5000:
            self.prune()

    def _trim(self, story: ActiveStory) -> None:
        keep = sorted(story.centroid.items(), key=itemgetter(1), reverse=True)[: self.config.centroid_terms]  # stable
        dropped = set(story.centroid) - {k for k, _ in keep}
        story.centroid = dict(keep)
        story.norm2 = sum(w * w for _, w in keep)
        self._unpost(story.id, dropped)

    def _unpost(self, sid: str, dropped: Iterable[str]) -> None:
        """Take a story out of the postings of these terms (a posting left empty goes)."""
        postings = self._postings
        for term in dropped:
            posting = postings.get(term)
            if posting is not None:
                posting.pop(sid, None)
                if not posting:
                    del postings[term]

    def prune(self) -> None:
        """Forget stories idle for longer than the window: they are no candidates any more, and
        what links to them is found through the injected lookups (see the class docstring)."""
        self._since_prune = 0
        horizon = self._clock - self.config.window_days
        idle = {sid for sid, story in self.stories.items() if story.seen < horizon}
        for sid in idle:
            story = self.stories.pop(sid)
            self._unpost(story.id, story.centroid)  # out of its terms' postings, not a sweep of every posting
            for member in story.members:
                if self.assignment.get(member) == sid:
                    del self.assignment[member]
        for story in self.stories.values():  # a long-running story keeps its recent members only
            if story.times and min(story.times) < horizon:
                for member, t in zip(story.members, story.times, strict=True):
                    if t < horizon and self.assignment.get(member) == story.id:
                        del self.assignment[member]
                live = [(m, t) for m, t in zip(story.members, story.times, strict=True) if t >= horizon]
                story.members, story.times = [m for m, _ in live], [t for _, t in live]
        old = {k for k, t in self._key_times.items() if t < horizon}
        if old or idle:
            for k in old:
                del self._key_times[k]
            self._keys = {k: s for k, s in self._keys.items() if s not in idle and k not in old}
            links: dict[str, list[str]] = {}
            for key, sids in self._links.items():
                kept_sids = [s for s in sids if s not in idle]
                if kept_sids and key not in old:
                    links[key] = kept_sids
            self._links = links
        self.duplicates.purge()
        # a merge record matters while the story it leads to is active (callers resolve ids then)
        self.merged = {g: k for g, k in self.merged.items() if self.resolve(k) in self.stories}

    # -- results ---------------------------------------------------------------------------------

    def resolve(self, story_id: str) -> str:
        """The story a (possibly merged-away) story id now lives in."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def story_of(self, article_id: str) -> str | None:
        """The story of an article that joined within the window (older ones: see `lookup_key`)."""
        return self.assignment.get(article_id)

    def members(self, story_id: str) -> list[str]:
        """An active story's members that joined within the window, in arrival order."""
        return list(self.stories[story_id].members)

    def groups(self) -> dict[str, list[str]]:
        """Active story id -> member article ids that joined within the window, in arrival order."""
        return {sid: list(s.members) for sid, s in self.stories.items()}

    def duplicate_of(self, article_id: str) -> str | None:
        """The canonical article of a near-duplicate group this article belongs to (None if none)."""
        return self.duplicates.canonical.get(article_id)
