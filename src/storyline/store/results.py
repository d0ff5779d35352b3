"""The typed rows the Store returns for articles, search, quotes, entities, places, failures and stats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.model import Article


@dataclass(frozen=True)
class StoredArticle:
    """An article record as stored, with the time it was stored."""

    article: Article
    stored_at: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.article.to_dict(), "stored_at": self.stored_at}


@dataclass(frozen=True)
class ArticleRow:
    """An article in a listing."""

    id: str
    title: str | None
    published: str | None
    language: str | None
    format: str
    url: str | None


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result: which article, a marked-up snippet, and a score (higher is better).

    Matched terms in `snippet` are wrapped in « and » (plain text: escape it before putting it in HTML).
    """

    id: str
    title: str | None
    published: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class QuoteRow:
    """A stored quote with its speaker (and the speaker's corpus entity id) and its article."""

    article_id: str
    idx: int
    kind: str
    cue: str | None
    text: str
    speaker_name: str | None
    speaker_mention: str | None
    speaker_type: str | None
    speaker_id: int | None
    source_name: str | None
    source_mention: str | None
    paragraph: int
    end_paragraph: int | None
    start: int
    end: int
    published: str | None
    title: str | None


@dataclass(frozen=True)
class EntityRow:
    """A canonical entity across the corpus, with its surface forms and first/last dates."""

    id: int
    name: str
    type: str
    role: str | None
    gazetteer_id: str | None
    mentions: int
    articles: int
    first_date: str | None
    last_date: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention:
    """A corpus entity as one article mentions it."""

    id: int
    name: str
    type: str
    role: str | None
    mentions: int


@dataclass(frozen=True)
class MentioningArticle:
    """An article that mentions an entity, with how often."""

    id: str
    title: str | None
    published: str | None
    mentions: int


@dataclass(frozen=True)
class PlaceRow:
    """A geocoded place (of one article, or where the corpus puts a name)."""

    name: str
    lat: float
    lon: float
    country: str | None
    feature: str | None
    mentions: int


@dataclass(frozen=True)
class FailureRow:
    """A document that failed, as recorded."""

    name: str
    sha256: str | None
    code: str
    message: str
    failed_at: str


@dataclass(frozen=True)
class Stats:
    """Counts over the whole store."""

    articles: int
    failures: int
    warned: int
    by_format: dict[str, int]
    quotes: int
    entities: int
    places: int
    stories: int


# -- stories -------------------------------------------------------------------------------------
