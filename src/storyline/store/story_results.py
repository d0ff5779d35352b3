"""The typed rows the Store returns for stories: records, summaries, timelines, members and what clustering reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.model import Article
from storyline.store.results import as_json


@dataclass(frozen=True)
class StoryEntity:
    name: str
    type: str
    count: int = 0  # reports in the story naming it


@dataclass(frozen=True)
class StoryPlace:
    name: str
    lat: float
    lon: float
    country: str | None
    count: int = 0  # reports in the story naming it


@dataclass(frozen=True)
class EventSource:
    article_id: str
    title: str | None


@dataclass(frozen=True)
class EventQuote:
    """The statement an event shows: its text as it reads, who said it and its kind (direct, mixed or
    indirect: a paraphrase, shown without quotation marks; None in stories written before kinds were kept)."""

    text: str
    speaker: str | None
    kind: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """One dated entry of a story's timeline, with the articles that report it."""

    date: str
    precision: str
    kind: str
    summary: str
    sources: tuple[EventSource, ...]
    quote: EventQuote | None
    key: int | None = None  # the rank of its day among the story's key days (1 first), None when not one


@dataclass(frozen=True)
class StoredEvent:
    """One folded timeline event as a story keeps it: its place in the story's event order (`seq`),
    the articles whose own event it is, the day whose key rank it carries (None: too coarse for
    one) and its timeline sort key; `event.key` is applied when the timeline is read."""

    seq: int
    event: TimelineEvent
    owners: tuple[str, ...]
    key_day: str | None
    sort_key: tuple[str, int, str]


@dataclass(frozen=True)
class TimelineWrite:
    """What a story write changes in its timeline: the events new or changed since they were read
    (all of them when `replace`: the stored ones are dropped first), the statements shown beside
    them (replacing the stored ones) and the key days' ranks (day ISO -> rank)."""

    events: tuple[StoredEvent, ...]
    statements: tuple[StoredEvent, ...]
    key_days: tuple[tuple[str, int], ...]
    replace: bool = False


@dataclass(frozen=True)
class Story:
    """A story record as clustering builds it and the store keeps it."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    last_sort: str
    articles: int
    quotes: int
    entities: tuple[StoryEntity, ...]
    places: tuple[StoryPlace, ...]
    timeline: tuple[TimelineEvent, ...]
    sources: int = 0  # distinct outlets among its articles, near-duplicate copies included; 0: none known
    undated: int = 0  # reports without a publication date (clustered with no time penalty or bonus)


@dataclass(frozen=True)
class StorySummary:
    """A story in a listing."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    quotes: int
    entities: tuple[str, ...]
    places: tuple[str, ...]
    sources: int = 0  # distinct outlets among its articles, copies included (0: none known)
    undated: int = 0  # reports without a publication date


@dataclass(frozen=True)
class Unclustered:
    """An article in no story yet, as the clusterer reads it: its stored story inputs (JSON) when they are
    of the kind it asked for, else (inputs None) its full record."""

    id: str
    inputs: str | None
    article: Article | None


@dataclass(frozen=True)
class StoredMember:
    """A story member as the clusterer stored it: the article, the member it duplicates, its summary (JSON)."""

    article_id: str
    duplicate_of: str | None
    summary: str | None


@dataclass(frozen=True)
class JoinReason:
    """Why an article is in its story: it started the story ("first"); it near-duplicates a member
    ("duplicate", `via` = that member's id); a related-feed link ties it to a member ("link", `via` =
    the key: id:, url: or title:); its text is close enough ("similarity", with the `score` and the
    `terms` that weighed most); it left a story that split in two ("split", `via` = that story's id,
    `score` = the two groups' centroid cosine, `terms` = the new story's heaviest); or it was placed
    before ("known")."""

    kind: str
    via: str | None = None
    score: float | None = None
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryMember:
    """A distinct report in a story, with how many near-duplicates were folded into it and why it joined."""

    id: str
    title: str | None
    published: str | None
    duplicates: int
    reason: JoinReason | None = None  # None: placed before reasons were kept


@dataclass(frozen=True)
class StoryDetail:
    """One story with its members."""

    story: Story
    members: tuple[StoryMember, ...]

    def to_dict(self) -> dict[str, Any]:
        """The story's fields (without its sort key) plus its members, as JSON-ready data."""
        out: dict[str, Any] = as_json(self.story)
        out.pop("last_sort", None)
        out["members"] = as_json(self.members)
        return out
