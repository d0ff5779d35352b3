"""Typed, frozen records that flow through the pipeline: raw documents in, article records out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.annotations import (
    ENTITY_TYPES,
    SPEAKER_VIA,
    Entity,
    Mention,
    Place,
    Quote,
    RelatedItem,
    Speaker,
    TimeExpression,
    mention_from,
    quote_from,
)

__all__ = [
    "ENTITY_TYPES", "PUBLISHED_SOURCES", "RECORD_FIELDS", "SPEAKER_VIA", "UNHASHED_HINTS", "Article", "Counts", "Entity",
    "Failure", "Mention", "Place", "Problem", "Quote", "RawDocument", "RelatedItem", "Source", "Speaker",
    "TimeExpression", "sha256_of",
]  # fmt: skip

#: Field names of the public record (`storyline extract` prints them): an interface, keep them.
RECORD_FIELDS = (
    "id",
    "title",
    "published",
    "published_source",
    "authors",
    "signoff",
    "credits",
    "language",
    "paragraphs",
    "related",
    "warnings",
    "source",
    "url",
    "sitename",
    "description",
)


#: Where a record's published time can come from, most trusted first: a corpus row's field, the
#: day htmldate found on a page (when it differs from the markup's), the dated line under a page's
#: headline (when it differs from the markup's), the page's JSON-LD, a meta tag (`meta:NAME`), a
#: <time datetime> or itemprop element, the visible byline or date text of a page, a text dump's dateline.
PUBLISHED_SOURCES = ("corpus field", "htmldate", "header line", "json-ld", "meta:NAME", "time element", "itemprop",
                     "visible text", "dateline")


@dataclass(frozen=True)
class Problem:
    """Something odd or wrong about one document: a stable code and a human message."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Source:
    """Where a document came from: file path (plus member/row/record locator) and format."""

    path: str
    format: str
    sha256: str
    locator: str | None = None  # row number, WARC record id, archive member...

    @property
    def name(self) -> str:
        """A short human name for messages: path, plus the locator when there is one."""
        return f"{self.path}#{self.locator}" if self.locator else self.path

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "format": self.format, "sha256": self.sha256}
        if self.locator is not None:
            out["locator"] = self.locator
        return out


@dataclass(frozen=True)
class RawDocument:
    """One document as ingest found it: bytes, where it came from, and optional field hints.

    `hints` carries fields a corpus row already provides (title, date, url, author...), as
    mapped by `--map`; extraction prefers its own findings only where a hint is missing.
    `format` is a guess made by the reader ("text", "html", "row"); extraction may refine it.
    """

    path: str
    data: bytes
    format: str = "auto"
    locator: str | None = None
    hints: tuple[tuple[str, str], ...] = ()
    url: str | None = None
    #: The bytes exactly as the corpus held them (a JSONL line, a CSV record), when `data` was taken out of them.
    original: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def sha256(self) -> str:
        return sha256_of(self.data, self.hints)

    @property
    def name(self) -> str:
        return f"{self.path}#{self.locator}" if self.locator else self.path

    def hint(self, key: str) -> str | None:
        for k, v in self.hints:
            if k == key:
                return v
        return None


#: Hints that describe the fetch, not the document: left out of the content key, so the same
#: page crawled twice is stored once.
UNHASHED_HINTS = frozenset({"crawled"})


def sha256_of(data: bytes, hints: tuple[tuple[str, str], ...] = ()) -> str:
    """Content key of a document: the bytes plus any corpus hints (so rows differing in title differ)."""
    h = hashlib.sha256(data)
    for k, v in hints:
        if k in UNHASHED_HINTS:
            continue
        h.update(b"\x00" + k.encode() + b"\x01" + v.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass(frozen=True)
class Article:
    """The record that flows through extraction stages; every stage returns a new copy.

    `text` is the decoded, repaired source text (for text dumps) and never changes once set;
    `paragraphs` are the cleaned body paragraphs in order.
    """

    source: Source
    text: str = ""
    title: str | None = None
    published: str | None = None
    published_source: str | None = None  # where `published` came from (PUBLISHED_SOURCES)
    authors: tuple[str, ...] = ()
    signoff: str | None = None
    credits: tuple[str, ...] = ()  # wire, agency, photo and copyright credits; generic bylines ("Staff")
    language: str | None = None
    paragraphs: tuple[str, ...] = ()
    related: tuple[RelatedItem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    url: str | None = None
    sitename: str | None = None
    description: str | None = None
    # Filled by the NLP stages (storyline.nlp); empty when they did not run.
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    nlp: bool = False  # whether the NLP stages ran on this record
    #: What story clustering derives from the record alone (storyline.stories.inputs, as JSON), made
    #: by the processing stage and stored beside the record; not part of the record itself.
    story_inputs: str | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        """Stable id: the first 16 hex digits of the content hash."""
        return self.source.sha256[:16]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def warn(self, code: str, message: str) -> Article:
        return replace(self, warnings=self.warnings + (Problem(code, message),))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "authors": list(self.authors),
            "signoff": self.signoff,
            "credits": list(self.credits),
            "language": self.language,
            "paragraphs": list(self.paragraphs),
            "related": [r.to_dict() for r in self.related],
            "warnings": [w.to_dict() for w in self.warnings],
            "source": self.source.to_dict(),
            "url": self.url,
            "sitename": self.sitename,
            "description": self.description,
            **(
                {
                    "quotes": [q.to_dict() for q in self.quotes],
                    "entities": [e.to_dict() for e in self.entities],
                    "places": [p.to_dict() for p in self.places],
                    "dates": [d.to_dict() for d in self.dates],
                }
                if self.nlp
                else {}
            ),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        s = d["source"]
        return cls(
            source=Source(s["path"], s["format"], s["sha256"], s.get("locator")),
            title=d.get("title"),
            published=d.get("published"),
            published_source=d.get("published_source"),
            authors=tuple(d.get("authors") or ()),
            signoff=d.get("signoff"),
            credits=tuple(d.get("credits") or ()),
            language=d.get("language"),
            paragraphs=tuple(d.get("paragraphs") or ()),
            related=tuple(
                RelatedItem(
                    id=r.get("id"),
                    title=r["title"],
                    url=r.get("url"),
                    kind=r.get("kind", "article"),
                    labels=tuple(r.get("labels") or ()),
                    published=r.get("published"),
                    media=r.get("media"),
                )
                for r in d.get("related") or ()
            ),
            warnings=tuple(Problem(w["code"], w["message"]) for w in d.get("warnings") or ()),
            url=d.get("url"),
            sitename=d.get("sitename"),
            description=d.get("description"),
            quotes=tuple(quote_from(q) for q in d.get("quotes") or ()),
            entities=tuple(
                Entity(e["name"], e["type"], tuple(e.get("aliases") or ()),
                       tuple(mention_from(m) for m in e.get("mentions") or ()), e.get("role"), e.get("id"))
                for e in d.get("entities") or ()
            ),
            places=tuple(
                Place(p["name"], p["lat"], p["lon"], p.get("country"), p["feature"], p.get("gazetteer_id"),
                      tuple(mention_from(m) for m in p.get("mentions") or ()), p.get("stands_for"), p.get("usage"))
                for p in d.get("places") or ()
            ),
            dates=tuple(
                TimeExpression(t["text"], t.get("value"), t["precision"], t["paragraph"], t["start"], t["end"],
                               bool(t.get("background", False)))
                for t in d.get("dates") or ()
            ),
            nlp="quotes" in d,
        )


@dataclass(frozen=True)
class Failure:
    """A document that could not be turned into an article: which one, and why."""

    name: str
    problem: Problem
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.name, "error": self.problem.to_dict()}


@dataclass
class Counts:
    """Batch summary: ok / warned / failed / skipped (already stored)."""

    ok: int = 0
    warned: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.ok + self.warned + self.failed + self.skipped
