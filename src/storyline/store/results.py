"""The typed rows the Store returns for articles, search, facets, quotes, entities, places, failures, stats."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from storyline.model import Article

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def as_json(obj: Any) -> Any:
    """A result (or a tuple, list or dict of them) as plain JSON data: dicts, lists and scalars."""
    if obj is None or isinstance(obj, str | int | float):
        return obj
    names = _FIELD_NAMES.get(type(obj))
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES.setdefault(type(obj), tuple(f.name for f in fields(obj)))
    if names is not None:
        return {n: as_json(getattr(obj, n)) for n in names}
    if isinstance(obj, list | tuple):
        return [as_json(x) for x in obj]
    if isinstance(obj, dict):
        return {k: as_json(v) for k, v in obj.items()}
    return obj


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
    speaker_via: str | None  # how the speaker was found: one of model.SPEAKER_VIA
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
    usage: str | None = None  # None: the place itself; adjectival, demonym or in_name (model.Place.usage)


@dataclass(frozen=True)
class PlaceSummary:
    """A geocoded place across the corpus (one name at one point), with how many articles mention it."""

    name: str
    lat: float
    lon: float
    country: str | None
    feature: str | None
    articles: int
    mentions: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class PlaceStory:
    """A story with articles mentioning a place."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: int


@dataclass(frozen=True)
class NearbyPlace:
    """Another geocoded place near one, with its distance."""

    name: str
    lat: float
    lon: float
    country: str | None
    km: float
    articles: int


@dataclass(frozen=True)
class PlaceDetail:
    """One place: where it is, the articles and stories mentioning it, quotes naming it, places nearby."""

    place: PlaceSummary
    articles: tuple[MentioningArticle, ...]
    stories: tuple[PlaceStory, ...]
    quotes: tuple[QuoteRow, ...]
    nearby: tuple[NearbyPlace, ...]


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


# -- search narrowing and facets ---------------------------------------------------------------


@dataclass(frozen=True)
class Narrow:
    """What a search keeps besides its words: each given field must hold (all of them)."""

    date_from: str | None = None
    date_to: str | None = None
    language: str | None = None
    site: str | None = None  # the host of the article's URL, without "www."
    entity: int | None = None  # corpus entity id
    place: str | None = None  # place name, as geocoded
    story: str | None = None  # story id

    @property
    def joins_articles(self) -> bool:
        """Whether the clause reads the articles table (dates, language, site)."""
        return any(v is not None for v in (self.date_from, self.date_to, self.language, self.site))


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and how many matching articles have it (`key`: what narrows to it)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts over every article a search matches: by language, site, entity, place, story; by date."""

    total: int
    languages: tuple[FacetValue, ...]
    sites: tuple[FacetValue, ...]
    entities: tuple[FacetValue, ...]
    places: tuple[FacetValue, ...]
    stories: tuple[FacetValue, ...]
    histogram: tuple[FacetValue, ...]  # buckets in date order; key and label the bucket ("2016-03", "2016-W12")
    interval: str
    undated: int



# -- stories -------------------------------------------------------------------------------------
