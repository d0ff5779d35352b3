"""What story clustering derives from an article alone, made where the article is processed and stored beside it.

The single writer clusters articles one after another; everything it needs of an article that does
not depend on the clusterer's running state (the text's term counts, its near-duplicate signature,
entity, place and related-feed keys, the text to embed, the member summary) is computed here, by
the workers that process articles in parallel, and stored with the record as compact JSON. The
writer then reads these back instead of decoding each full record and deriving them again. Inputs
of another FORMAT (an older store, older code) or made for other near-duplicate settings are
ignored and the inputs are derived from the record, so the stories come out the same either way.

Sets are kept as their elements in the order the clusterer's own set expressions insert them, so
the sets rebuilt from stored inputs iterate exactly as freshly made ones do.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from storyline.model import Article
from storyline.stories.dedup import DedupConfig, MinHasher, shingles
from storyline.stories.embed import embedding_text
from storyline.stories.features import entity_key_order, item_keys, place_key_order
from storyline.stories.summary import summarize
from storyline.stories.text import article_text, terms, words

#: The stored inputs' layout: raise it whenever the fields they hold change.
LAYOUT = 1

#: The code and data the inputs are derived with: a change to any of them (tokenising, stopwords,
#: keys, signatures, summaries) changes FORMAT, so inputs stored before it are derived again.
DERIVED_WITH = ("inputs.py", "text.py", "features.py", "dedup.py", "summary.py", "embed.py")
DATA = ("stories_stopwords.txt", "stories_vague_days.txt")


def format_tag(sources: tuple[bytes, ...], layout: int = LAYOUT) -> str:
    """The format of inputs made by code whose sources (and data, library versions) are `sources`."""
    digest = hashlib.sha256(b"\0".join(sources)).hexdigest()[:12]
    return f"{layout}.{digest}"


def current_sources() -> tuple[bytes, ...]:
    """What this installation derives inputs with: the modules' source, the data files, datasketch's version."""
    here = Path(__file__).parent
    code = tuple((here / name).read_bytes() for name in DERIVED_WITH)
    data = tuple(resources.files("storyline").joinpath("data", name).read_bytes() for name in DATA)
    return (*code, *data, metadata.version("datasketch").encode())


#: The stored inputs' format: their layout and a digest of what they are derived with.
FORMAT = format_tag(current_sources())


@lru_cache(maxsize=4)
def _hasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm, seed)


def dedup_tag(config: DedupConfig | None) -> str:
    """The near-duplicate settings a signature is made under ("" without one)."""
    return "" if config is None else f"{config.num_perm}/{config.seed}/{config.shingle}"


def prefix(config: DedupConfig | None) -> str:
    """How stored inputs a clusterer with these near-duplicate settings can use begin (what the store
    matches on); None (a clusterer that finds no near-duplicates): inputs of any settings."""
    head = f'{{"format":{json.dumps(FORMAT)},"dedup":'
    return head if config is None else f"{head}{json.dumps(dedup_tag(config))},"


@dataclass(frozen=True)
class StoryInput:
    """One article as the story clusterer sees it: everything it derives from the article alone."""

    id: str
    published: str | None
    terms: tuple[tuple[str, int], ...]  # content terms with their counts, in order of first appearance
    dedup: str  # dedup_tag of the settings `signature` was made under ("" and no signature: not made)
    signature: bytes  # MinHash signature of the text's shingles, little-endian uint32
    entities: tuple[str, ...]  # entity keys (features.entity_keys), in first-occurrence order
    places: tuple[str, ...]  # place keys (features.place_keys), likewise
    related: tuple[str, ...]  # keys naming this article (features.related_keys), in insertion order
    links: tuple[tuple[str, ...], ...]  # each related item's keys (features.link_keys is their union)
    embedding_text: str
    summary: str = ""  # its MemberSummary as JSON when it near-duplicates no one ("": not made)

    def entity_set(self) -> set[str]:
        return set(self.entities)

    def place_set(self) -> set[str]:
        return set(self.places)

    def related_set(self) -> set[str]:
        return set(self.related)

    def link_set(self) -> set[str]:
        return set().union(*map(set, self.links))

    def sig(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype="<u4").astype(np.uint32)

    def to_json(self) -> str:
        """The stored form; it begins with `prefix` of its near-duplicate settings."""
        d: dict[str, Any] = {
            "format": FORMAT, "dedup": self.dedup, "id": self.id, "published": self.published,
            "terms": " ".join(t for t, _ in self.terms), "counts": [c for _, c in self.terms],
            "signature": base64.b64encode(self.signature).decode("ascii"), "entities": self.entities,
            "places": self.places, "related": self.related, "links": self.links,
            "embedding_text": self.embedding_text, "summary": self.summary,
        }
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StoryInput:
        d = json.loads(text)
        if d.get("format") != FORMAT:
            raise ValueError(f"story inputs of format {d.get('format')!r}, not {FORMAT}")
        names = d["terms"].split(" ") if d["terms"] else []
        return cls(d["id"], d["published"], tuple(zip(names, d["counts"], strict=True)), d["dedup"],
                   base64.b64decode(d["signature"]), tuple(d["entities"]), tuple(d["places"]), tuple(d["related"]),
                   tuple(map(tuple, d["links"])), d["embedding_text"], d["summary"])


def story_input(article: Article, dedup: DedupConfig | None = None, summary: bool = False) -> StoryInput:
    """An article's story input: its signature under `dedup` (None: none made), its summary if asked."""
    text = words(article_text(article))
    counts = Counter(terms(text))  # in order of first appearance
    sig = b""
    if dedup is not None:
        sig = _hasher(dedup.num_perm, dedup.seed).signature(shingles(text, dedup.shingle)).astype("<u4").tobytes()
    return StoryInput(
        id=article.id, published=article.published, terms=tuple(counts.items()), dedup=dedup_tag(dedup),
        signature=sig,
        entities=entity_key_order(article), places=place_key_order(article),
        related=item_keys(article.id, article.url, article.title),
        links=tuple(item_keys(i.id, i.url, i.title) for i in article.related),
        embedding_text=embedding_text(article), summary=summarize(article).to_json() if summary else "")


def encode(article: Article) -> str:
    """The stored inputs of a processed article (default near-duplicate settings, summary included)."""
    return story_input(article, DedupConfig(), summary=True).to_json()
