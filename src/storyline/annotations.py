"""Annotation records of an article: offsets into its cleaned paragraphs (quotes, entities, places, dates, related items)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The entity types storyline keeps (spaCy's labels for names; dates and numbers are not entities here).
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


@dataclass(frozen=True)
class RelatedItem:
    """A related story recovered from a leaked feed or a related-links list."""

    id: str | None
    title: str
    url: str | None = None
    kind: str = "article"  # article | video | audio | gallery
    labels: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601; date only when only the day is known
    media: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "kind": self.kind,
            "labels": list(self.labels),
            "published": self.published,
            "media": self.media,
        }


@dataclass(frozen=True)
class Mention:
    """A stretch of one paragraph: paragraph index, character offsets [start, end), the text."""

    paragraph: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end, "text": self.text}


#: How a speaker was found, so an analyst can audit it: a name in the text; a name in apposition to a
#: role noun ("the spokesman, Dmitry Peskov"); a title or role description linked to a named person
#: ("the Russian leader" is Putin); a description naming no one ("the mayor", "forecasters"); a
#: pronoun; or carried from the statement it continues ("..., adding that ...", a quoted sentence
#: with no cue of its own).
SPEAKER_VIA = ("name", "apposition", "title", "role", "pronoun", "nested")


@dataclass(frozen=True)
class Speaker:
    """Who: the canonical name and the mention in the text that names them ("the Russian leader")."""

    name: str
    mention: str
    type: str | None = None  # PERSON | ORG | GROUP | None (unknown)
    via: str | None = None  # how the mention was resolved: one of SPEAKER_VIA

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention, "type": self.type, "via": self.via}


@dataclass(frozen=True)
class Quote:
    """An attributed statement. Offsets are into paragraphs[paragraph]; a quote running over
    several paragraphs ends in paragraphs[end_paragraph] at `end`."""

    text: str
    kind: str  # direct | indirect | mixed
    cue: str | None
    speaker: Speaker | None
    source: Speaker | None
    paragraph: int
    start: int
    end: int
    end_paragraph: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "source": self.source.to_dict() if self.source else None,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "end_paragraph": self.end_paragraph,
        }


@dataclass(frozen=True)
class Entity:
    """A canonical entity of the article: name, type, role, every surface form and mention."""

    name: str
    type: str  # PERSON | ORG | GPE | LOC | NORP | EVENT | ...
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    role: str | None = None  # "Russian President" for Vladimir Putin
    id: str | None = None  # gazetteer / alias-table id when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "role": self.role,
            "id": self.id,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Place:
    """A geocoded place mention group."""

    name: str
    lat: float
    lon: float
    country: str | None
    feature: str  # city | region | country | other
    gazetteer_id: str | None
    mentions: tuple[Mention, ...] = ()
    stands_for: str | None = None  # "government" when used metonymically ("Damascus officials")
    usage: str | None = None  # "adjectival" ("London-based"), "demonym" ("Syrian"), "in_name" ("Ohio State
    # University"); None: the place itself

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "feature": self.feature,
            "gazetteer_id": self.gazetteer_id,
            "stands_for": self.stands_for,
            "usage": self.usage,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression resolved against the article's date."""

    text: str
    value: str | None  # ISO 8601 (2016-03-27, 2016-03, 2014), None when unresolvable
    # time (a day's time: 2016-03-24TEV, 2016-03-24T22:00) | day | week (2016-W12; a weekend 2016-W12-WE)
    # | month | quarter (2016-Q1) | season (2016-SU) | year | decade (201) | century (20)
    # | reference (value PRESENT_REF, PAST_REF, FUTURE_REF)
    precision: str
    paragraph: int
    start: int
    end: int
    background: bool = False  # context ("since May 2015"), not when something reported happened

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "background": self.background,
        }


def mention_from(m: dict[str, Any]) -> Mention:
    return Mention(m["paragraph"], m["start"], m["end"], m["text"])


def speaker_from(s: dict[str, Any] | None) -> Speaker | None:
    return Speaker(s["name"], s["mention"], s.get("type"), s.get("via")) if s else None


def quote_from(q: dict[str, Any]) -> Quote:
    return Quote(q["text"], q["kind"], q.get("cue"), speaker_from(q.get("speaker")), speaker_from(q.get("source")),
                 q["paragraph"], q["start"], q["end"], q.get("end_paragraph"))
