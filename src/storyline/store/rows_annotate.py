"""Shared SQL that writes a batch of new articles' annotations: entities resolved in memory, rows in bulk.

Corpus entities are merged through an alias table: an article entity joins the stored entity that
any of its keys (gazetteer id, name, capitalised aliases) already names, or, for a person, the one
stored person with its surname; else it becomes a new entity. The batch reads the rows its keys
need once, resolves every entity in order against that picture (kept up to date as it goes, so
the result is the one article-at-a-time writing gives), then writes each table's rows in one go.
Call inside the store's write transaction, with other writers of these tables locked out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Article, Entity
from storyline.store.sql import Executor, chunks, marks

# PERSON surnames alone ("Peskov") are too ambiguous across a corpus to merge on; other types
# (ISIS, Palmyra) and multi-word names are safe keys.
_SINGLE_TOKEN_OK = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})
# A multi-word name of one of these types that the corpus knows under another of them is that entity
# (the model labels "Temple of Bel" FAC in one article and ORG in the next); person names never cross.
_THING_TYPES = ("GPE", "LOC", "FAC", "ORG", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash)[-‐ ]", re.I)
_ENTITY_INSERT = ("id", "name", "type", "gazetteer_id", "role", "mention_count", "article_count", "first_date",
                  "last_date")
_ENTITY_UPDATE = (
    "UPDATE entities SET name = ?, mention_count = mention_count + ?, article_count = article_count + ?,"
    " role = coalesce(role, ?),"
    " first_date = CASE WHEN first_date IS NULL OR ? < first_date THEN coalesce(?, first_date) ELSE first_date END,"
    " last_date = CASE WHEN last_date IS NULL OR ? > last_date THEN coalesce(?, last_date) ELSE last_date END"
    " WHERE id = ?"
)
_QUOTE_COLUMNS = ("article_id", "idx", "kind", "cue", "text", "speaker_name", "speaker_mention", "speaker_entity",
                  "source_name", "source_mention", "paragraph", "start", "end", "published", "end_paragraph",
                  "speaker_type", "speaker_via")
_PLACE_COLUMNS = ("article_id", "idx", "name", "lat", "lon", "country", "feature", "gazetteer_id", "stands_for", "usage",
                  "mentions")


def surname_key(name: str) -> str | None:
    """Folded last word of a multi-word name ("Bashar al-Assad" -> "assad"); None for one word."""
    words = name.split()
    if len(words) < 2:
        return None
    last = unicodedata.normalize("NFKD", _ARTICLE_PREFIX.sub("", words[-1]))
    return "".join(c for c in last if not unicodedata.combining(c)).casefold().strip(".'’") or None


def alias_keys(entity: Entity) -> list[tuple[str, str]]:
    """(alias_key, surface form) lookup keys of an article entity.

    Descriptions ("the Russian leader", lowercase first letter) are no keys: they name different
    people in different articles.
    """
    keys: list[tuple[str, str]] = []
    if entity.id:
        keys.append(("id:" + entity.id, entity.name))
    for form in (entity.name, *entity.aliases):
        form = " ".join(form.split())
        if not form or form[0].islower():
            continue
        if entity.type == "PERSON" and len(form.split()) < 2 and form != entity.name:
            continue
        if entity.type not in _SINGLE_TOKEN_OK and entity.type != "PERSON" and len(form) < 2:
            continue
        keys.append((form.casefold(), form))
    return keys


@dataclass
class _Tally:
    """What the batch adds to one corpus entity."""

    mentions: int = 0
    articles: int = 0
    role: str | None = None
    first: str | None = None
    last: str | None = None

    def add(self, entity: Entity, day: str | None, new_in_article: bool) -> None:
        self.mentions += len(entity.mentions)
        self.articles += int(new_in_article)
        self.role = self.role or entity.role
        if day:
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last


@dataclass
class _Corpus:
    """The stored entity rows the batch's keys reach, then everything the batch adds to them."""

    aliases: dict[tuple[str, str], int]  # (alias_key, type) -> entity id
    surnames: dict[str, set[int]]  # surname key -> entity ids
    names: dict[int, str]  # entity id -> current canonical name
    next_id: int
    created: dict[int, Entity] = field(default_factory=dict)  # new entity id -> the entity that made it
    tallies: dict[int, _Tally] = field(default_factory=dict)
    new_aliases: list[tuple[str, str, int, str]] = field(default_factory=list)
    new_surnames: list[tuple[str, int]] = field(default_factory=list)

    def resolve(self, entity: Entity) -> int:
        """The corpus entity id for an article entity: found through any key, else created."""
        keys = alias_keys(entity)
        found = next((self.aliases[k, entity.type] for k, _ in keys if (k, entity.type) in self.aliases), None)
        entity_id = found or self._by_surname(entity) or self._by_other_type(keys, entity.type) or self._create(entity)
        for key, form in keys:
            if (key, entity.type) not in self.aliases:
                self.aliases[key, entity.type] = entity_id
                self.new_aliases.append((key, entity.type, entity_id, form))
        surname = surname_key(entity.name) if entity.type == "PERSON" else None
        if surname:
            ids = self.surnames.setdefault(surname, set())
            if entity_id not in ids:
                ids.add(entity_id)
                self.new_surnames.append((surname, entity_id))
            if " " not in self.names[entity_id]:  # a fuller name than the stored one becomes the canonical name
                self.names[entity_id] = entity.name
        return entity_id

    def _by_surname(self, entity: Entity) -> int | None:
        """A one-word PERSON name joins the one corpus person with that surname (none when several);
        a full name joins a corpus person known so far by its surname alone."""
        if entity.type != "PERSON":
            return None
        if len(entity.name.split()) > 1:
            found = self.aliases.get((entity.name.split()[-1].casefold(), "PERSON"))
            return found if found is not None and " " not in self.names[found] else None
        ids = self.surnames.get(surname_key("x " + entity.name) or "", set())
        return next(iter(ids)) if len(ids) == 1 else None

    def _by_other_type(self, keys: list[tuple[str, str]], type_: str) -> int | None:
        """The corpus entity a multi-word thing's name (not a person's) is known by under another thing type."""
        if type_ not in _THING_TYPES:
            return None
        return next((self.aliases[k, t] for k, _ in keys if " " in k for t in _THING_TYPES
                     if t != type_ and (k, t) in self.aliases), None)

    def _create(self, entity: Entity) -> int:
        entity_id, self.next_id = self.next_id, self.next_id + 1
        self.created[entity_id] = entity
        self.names[entity_id] = entity.name
        return entity_id


def _lookups(articles: Sequence[Article]) -> tuple[set[str], set[str]]:
    """(alias keys, surname keys) the batch's entities may be resolved through."""
    keys: set[str] = set()
    surnames: set[str] = set()
    for entity in (e for a in articles for e in a.entities):
        keys.update(k for k, _ in alias_keys(entity))
        if entity.type == "PERSON":
            words = entity.name.split()
            keys.add(words[-1].casefold() if words else "")
            surnames.add(surname_key(entity.name if len(words) > 1 else "x " + entity.name) or "")
    return keys, surnames


def _read(x: Executor, sql: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in chunks(sorted(values)):
        found += x.rows(sql.format(marks=marks(len(chunk))), chunk)
    return found


def _corpus(x: Executor, articles: Sequence[Article]) -> _Corpus:
    keys, surname_keys = _lookups(articles)
    aliases = {(k, t): int(i) for k, t, i in _read(
        x, "SELECT alias_key, type, entity_id FROM entity_aliases WHERE alias_key IN ({marks})", keys)}
    surnames: dict[str, set[int]] = {}
    for surname, entity_id in _read(x, "SELECT surname, entity_id FROM entity_surnames WHERE surname IN ({marks})",
                                    surname_keys):
        surnames.setdefault(surname, set()).add(int(entity_id))
    ids = set(aliases.values()) | {i for s in surnames.values() for i in s}
    names = {int(i): n for i, n in _read(x, "SELECT id, name FROM entities WHERE id IN ({marks})", ids)}
    top = x.row("SELECT max(id) FROM entities")
    return _Corpus(aliases, surnames, names, int(top[0] or 0) + 1 if top else 1)


def write(x: Executor, articles: Sequence[Article]) -> bool:
    """Entities, quotes and places of newly stored articles; True when new corpus entities were made."""
    corpus = _corpus(x, articles)
    mentions: dict[tuple[str, int], list[Any]] = {}  # (article, entity) -> article_entities row
    quotes: list[tuple[Any, ...]] = []
    for article in articles:
        by_name: dict[str, int] = {}
        day = (article.published or "")[:10] or None
        for entity in article.entities:
            entity_id = corpus.resolve(entity)
            for form in (entity.name, *entity.aliases):
                by_name.setdefault(form.casefold(), entity_id)
            row = mentions.get((article.id, entity_id))
            corpus.tallies.setdefault(entity_id, _Tally()).add(entity, day, row is None)
            if row is None:
                mentions[article.id, entity_id] = [article.id, entity_id, len(entity.mentions), entity.role]
            else:
                row[2] += len(entity.mentions)
        quotes += _quote_rows(article, by_name)
    _write_entities(x, corpus)
    x.insert("article_entities", ("article_id", "entity_id", "mentions", "role"), [tuple(r) for r in mentions.values()])
    x.insert("quotes", _QUOTE_COLUMNS, quotes)
    x.run_many("INSERT INTO quote_speakers (key) VALUES (?) ON CONFLICT DO NOTHING",
               [(k,) for k in sorted({q[i] for q in quotes for i in (5, 6) if q[i]})])
    x.insert("article_places", _PLACE_COLUMNS,
             [(a.id, i, p.name, p.lat, p.lon, p.country, p.feature, p.gazetteer_id, p.stands_for, p.usage, len(p.mentions))
              for a in articles for i, p in enumerate(a.places)])
    return bool(corpus.created)


def _quote_rows(article: Article, by_name: dict[str, int]) -> list[tuple[Any, ...]]:
    rows = []
    for i, q in enumerate(article.quotes):
        s = q.speaker
        rows.append((article.id, i, q.kind, q.cue, q.text, s.name if s else None, s.mention if s else None,
                     by_name.get(s.name.casefold()) if s else None, q.source.name if q.source else None,
                     q.source.mention if q.source else None, q.paragraph, q.start, q.end, article.published,
                     q.end_paragraph, s.type if s else None, s.via if s else None))
    return rows


def _write_entities(x: Executor, corpus: _Corpus) -> None:
    """New entities with their totals; stored ones updated by what the batch adds; then aliases and surnames."""
    new = []
    for entity_id, entity in corpus.created.items():
        t = corpus.tallies.get(entity_id, _Tally())
        new.append((entity_id, corpus.names[entity_id], entity.type, entity.id, entity.role or t.role, t.mentions,
                    t.articles, t.first, t.last))
    x.insert("entities", _ENTITY_INSERT, new)
    x.run_many(_ENTITY_UPDATE, [(corpus.names[i], t.mentions, t.articles, t.role, t.first, t.first, t.last, t.last, i)
                                for i, t in corpus.tallies.items() if i not in corpus.created])
    x.run_many("INSERT INTO entity_aliases (alias_key, type, entity_id, alias) VALUES (?, ?, ?, ?)"
               " ON CONFLICT DO NOTHING", corpus.new_aliases)
    x.run_many("INSERT INTO entity_surnames (surname, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
               corpus.new_surnames)
