"""The portable tables every back-end keeps (same names and columns), in the order a copy loads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A table's name, its columns (in dump order) and the columns that order and key it."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]

    def column_list(self) -> str:
        return ", ".join(f'"{c}"' for c in self.columns)


TABLES: tuple[Table, ...] = (
    Table("articles", ("id", "sha256", "title", "published", "language", "source_path", "source_format",
                       "locator", "url", "record", "warned", "stored_at", "story_inputs"), ("id",)),
    Table("raw_documents", ("sha256", "data", "size"), ("sha256",)),
    Table("failures", ("name", "sha256", "code", "message", "failed_at"), ("name", "sha256")),
    Table("entities", ("id", "name", "type", "gazetteer_id", "role", "mention_count", "article_count",
                       "first_date", "last_date"), ("id",)),
    Table("entity_aliases", ("alias_key", "type", "entity_id", "alias"), ("alias_key", "type")),
    Table("entity_surnames", ("surname", "entity_id"), ("surname", "entity_id")),
    Table("article_entities", ("article_id", "entity_id", "mentions", "role"), ("article_id", "entity_id")),
    Table("quotes", ("article_id", "idx", "kind", "cue", "text", "speaker_name", "speaker_mention",
                     "speaker_entity", "source_name", "source_mention", "paragraph", "start", "end",
                     "published", "end_paragraph", "speaker_type", "speaker_via"), ("article_id", "idx")),
    Table("quote_speakers", ("key",), ("key",)),
    Table("article_places", ("article_id", "idx", "name", "lat", "lon", "country", "feature", "gazetteer_id",
                             "stands_for", "mentions", "usage"), ("article_id", "idx")),
    Table("stories", ("id", "label", "first_date", "last_date", "last_sort", "articles", "quotes", "entities",
                      "places", "timeline", "updated_at", "sources", "undated", "totals"), ("id",)),
    Table("story_events", ("story_id", "seq", "day", "key_day", "sort_key", "event", "owners"), ("story_id", "seq")),
    Table("story_event_owners", ("story_id", "article_id", "seq"), ("story_id", "article_id")),
    Table("story_members", ("article_id", "story_id", "duplicate_of", "added_at", "summary", "reason"),
          ("article_id",)),
    Table("story_keys", ("key", "story_id"), ("key",)),
    Table("story_links", ("key", "story_id"), ("key", "story_id")),
    Table("story_state", ("key", "value"), ("key",)),
)

BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The portable table called `name`; ValueError for any other name."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"no portable table {name!r} (known: {', '.join(BY_NAME)})") from None
