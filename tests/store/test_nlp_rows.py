"""Contract: corpus-wide entities (alias merging, counts, dates), quotes and their filters, places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from storyline.model import Article, Entity, Mention, Place
from storyline.store.base import EntityRow, Store
from storyline.store.filters import CursorError
from storyline.store.rows_annotate import surname_key

from ..conftest import drop, pg_url
from .helpers import article, raw_of


def _m(n: int, text: str) -> tuple[Mention, ...]:
    return tuple(Mention(0, i, i + len(text), text) for i in range(n))


def _art(label: str, published: str, *entities: Entity, places: tuple[Place, ...] = ()) -> Article:
    a = article(label, label, "body of " + label, published=published)
    from dataclasses import replace

    return replace(a, entities=entities, places=places, nlp=True)


def _write(store: Store, *arts: Article) -> None:
    store.write_batch([(a, raw_of(a)) for a in arts])


def _one(store: Store, name: str, type: str | None = None) -> EntityRow:
    rows = [r for r in store.entities(type=type, limit=1000).items if r.name == name]
    assert len(rows) == 1, store.entities(limit=1000)
    return rows[0]


ISIS = "org:islamic-state"


def test_aliases_and_ids_merge_across_articles(store: Store) -> None:
    _write(
        store,
        _art("a", "2016-03-27T10:00:00",
             Entity("Vladimir Putin", "PERSON", ("Putin", "the Russian leader"), _m(3, "Putin"), "Russian President"),
             Entity("Islamic State", "ORG", ("ISIS",), _m(2, "ISIS"), None, ISIS)),
        _art("b", "2016-03-29",
             Entity("Islamic State", "ORG", ("ISIL", "Daesh"), _m(4, "ISIL"), None, ISIS),
             Entity("Putin", "PERSON", (), _m(1, "Putin"))),
        _art("c", "2016-03-25",
             Entity("Daesh", "ORG", (), _m(1, "Daesh"))),  # no id: joins through the alias "Daesh"
    )
    isis = _one(store, "Islamic State")
    assert isis.type == "ORG" and isis.gazetteer_id == ISIS
    assert {"Islamic State", "ISIS", "ISIL", "Daesh"} <= set(isis.aliases)
    assert isis.mentions == 7 and isis.articles == 3
    assert (isis.first_date, isis.last_date) == ("2016-03-25", "2016-03-29")
    putin = _one(store, "Vladimir Putin")
    assert putin.role == "Russian President"
    assert putin.mentions == 4 and putin.articles == 2  # "Putin" alone joined by surname
    assert "the Russian leader" not in putin.aliases
    assert not [r for r in store.entities(limit=1000).items if r.name == "Putin"]
    assert [r.name for r in store.entities(query="Daesh").items] == ["Islamic State"]
    assert store.entity(isis.id) == isis and store.entity(2**63) is None and store.entity(-1) is None


def test_ambiguous_surname_does_not_merge(store: Store) -> None:
    _write(
        store,
        _art("a", "2016-01-01", Entity("Bashar al-Assad", "PERSON", ("Assad",), _m(2, "Assad"))),
        _art("b", "2016-01-02", Entity("Hafez al-Assad", "PERSON", (), _m(1, "Hafez al-Assad"))),
        _art("c", "2016-01-03", Entity("Assad", "PERSON", (), _m(1, "Assad"))),
    )
    names = sorted(r.name for r in store.entities(type="PERSON").items)
    assert names == ["Assad", "Bashar al-Assad", "Hafez al-Assad"]


def test_full_name_joins_a_surname_known_alone(store: Store) -> None:
    _write(store, _art("a", "2016-01-01", Entity("Lavrov", "PERSON", (), _m(2, "Lavrov"))))
    _write(store, _art("b", "2016-01-05", Entity("Sergei Lavrov", "PERSON", ("Lavrov",), _m(1, "Sergei Lavrov"),
                                                 "Foreign Minister")))
    lavrov = _one(store, "Sergei Lavrov", "PERSON")
    assert lavrov.articles == 2 and lavrov.mentions == 3
    assert lavrov.role == "Foreign Minister"


def test_same_name_different_type_stays_apart(store: Store) -> None:
    _write(
        store,
        _art("a", "2016-01-01", Entity("Jordan", "GPE", (), _m(1, "Jordan"))),
        _art("b", "2016-01-02", Entity("Jordan", "PERSON", (), _m(1, "Jordan"))),
    )
    assert sorted(r.type for r in store.entities(query="Jordan").items) == ["GPE", "PERSON"]
    assert store.entities(type="FOO").total == 0


def test_a_multi_word_thing_labelled_two_ways_is_one_entity(store: Store) -> None:
    """The demo's entity list had "Temple of Bel" twice, as FAC and as ORG."""
    _write(
        store,
        _art("a", "2016-01-01", Entity("Temple of Bel", "FAC", (), _m(1, "Temple of Bel")),
             Entity("Bel", "GPE", (), _m(1, "Bel"))),
        _art("b", "2016-01-02", Entity("Temple of Bel", "ORG", (), _m(2, "Temple of Bel")),
             Entity("Bel", "ORG", (), _m(1, "Bel")), Entity("New York", "PERSON", (), _m(1, "New York"))),
        _art("c", "2016-01-03", Entity("New York", "GPE", (), _m(1, "New York"))),
    )
    temple = store.entities(query="Temple of Bel").items
    assert [(r.type, r.mentions, r.articles) for r in temple] == [("FAC", 3, 2)]
    # one word is too ambiguous to cross types, and a person's name never joins a thing
    assert sorted(r.type for r in store.entities(query="Bel").items if r.name == "Bel") == ["GPE", "ORG"]
    assert sorted(r.type for r in store.entities(query="New York").items) == ["GPE", "PERSON"]


def test_two_article_entities_on_one_corpus_entity_count_one_article(store: Store) -> None:
    _write(store, _art("a", "2016-01-01",
                       Entity("Islamic State", "ORG", (), _m(1, "Islamic State"), None, ISIS),
                       Entity("ISIL", "ORG", (), _m(2, "ISIL"), None, ISIS)))
    isis = _one(store, "Islamic State")
    assert isis.articles == 1 and isis.mentions == 3


def test_places_rows(store: Store) -> None:
    palmyra = Place("Palmyra", 34.56, 38.28, "SY", "city", "163808", _m(2, "Palmyra"))
    damascus = Place("Damascus", 33.51, 36.29, "SY", "city", "170654", _m(1, "Damascus"), "government")
    _write(store, _art("a", "2016-03-28", places=(palmyra, damascus)))
    a = _art("a", "2016-03-28")
    rows = [(p.name, p.country, p.feature, p.mentions) for p in store.article_places(a.id)]
    assert rows == [("Palmyra", "SY", "city", 2), ("Damascus", "SY", "city", 1)]
    place = store.place_named("Palmyra")
    assert place is not None and (place.lat, place.lon) == (34.56, 38.28)
    assert store.place_named("Atlantis") is None


def test_surname_key() -> None:
    assert surname_key("Bashar al-Assad") == "assad"
    assert surname_key("Recep Tayyip Erdoğan") == "erdogan"
    assert surname_key("Putin") is None


def test_multi_paragraph_quote_keeps_its_end_paragraph_and_speaker_type(store: Store) -> None:
    from dataclasses import replace

    from storyline.model import Quote, Speaker

    a = article("q", "Minister speaks", "first part\n\nsecond part", published="2016-03-28")
    quote = Quote("first part second part", "direct", "said", Speaker("Jane Roe", "Roe", "PERSON"), None, 0, 0, 10, 1)
    _write(store, replace(a, quotes=(quote,), nlp=True))
    (row,) = store.quotes(speaker="Roe").items
    assert row.end_paragraph == 1
    assert row.speaker_type == "PERSON"


def _quoted(store: Store) -> Article:
    from dataclasses import replace

    from storyline.model import Quote, Speaker

    a = article("k", "Kremlin comment", "x " * 40, published="2016-03-28")
    quotes = (
        Quote("one", "direct", "said", Speaker("Dmitry Peskov", "the Kremlin official", "PERSON"), None, 0, 0, 3),
        Quote("100% sure", "indirect", "added", Speaker("Dmitry Peskov", "Peskov", "PERSON"), None, 0, 4, 8),
        Quote("три", "direct", "said", Speaker("Мария Захарова", "Захарова", "PERSON"), None, 0, 9, 12),
        Quote("unattributed", "direct", None, None, None, 0, 13, 20),
    )
    peskov = Entity("Dmitry Peskov", "PERSON", ("Peskov",), _m(2, "Peskov"), "Kremlin spokesman")
    b = replace(a, quotes=quotes, entities=(peskov,), nlp=True)
    _write(store, b)
    return b


def test_quote_speaker_filter_matches_name_mention_and_alias(store: Store) -> None:
    _quoted(store)
    assert [q.text for q in store.quotes(speaker="Kremlin").items] == ["one"]  # the mention
    assert store.quotes(speaker="kremlin").total == 1
    assert store.quotes(speaker="Peskov").total == 2  # the name (and alias)
    assert [q.text for q in store.quotes(speaker="Захарова").items] == ["три"]
    assert store.quotes().total == 4
    (one,) = store.quotes(speaker="the Kremlin official").items
    assert one.speaker_id is not None and store.entity(one.speaker_id).name == "Dmitry Peskov"  # type: ignore[union-attr]
    assert store.quotes(entity_id=one.speaker_id).total == 2


@pytest.mark.parametrize("fallback", [False, True])
def test_speaker_filter_scan_fallback_gives_the_same_quotes(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                            fallback: bool) -> None:
    from storyline.store import rows_nlp

    _quoted(store)
    if fallback:
        monkeypatch.setattr(rows_nlp, "_MAX_KEYS", 0)  # every speaker filter scans all quotes
    for speaker, expected in (("Kremlin", 1), ("kremlin", 1), ("Peskov", 2), ("Захарова", 1), ("_", 0), ("x", 0)):
        assert store.quotes(speaker=speaker).total == expected, (speaker, fallback)


@pytest.mark.parametrize("pattern", ["_", "%", "%%", "\\", "Pes_ov", "'", "\"", "' OR 1=1 --"])
def test_like_wildcards_are_literal(store: Store, pattern: str) -> None:
    _quoted(store)
    assert store.quotes(speaker=pattern).total == 0
    assert store.entities(query=pattern).total == 0


def test_quote_text_filter_and_paging(store: Store) -> None:
    _quoted(store)
    assert [q.text for q in store.quotes(text="100%").items] == ["100% sure"]
    first = store.quotes(limit=3)
    assert len(first.items) == 3 and first.total == 4 and first.next_cursor
    rest = store.quotes(limit=3, cursor=first.next_cursor)
    assert [q.idx for q in first.items + rest.items] == [0, 1, 2, 3] and rest.next_cursor is None
    with pytest.raises(CursorError):
        store.quotes(cursor="garbage")
    with pytest.raises(CursorError):
        store.entities(cursor=first.next_cursor + "x")


def _walk(fetch: Callable[[str | None], Any]) -> list[Any]:
    out, cursor = [], None
    while True:
        page = fetch(cursor)
        out += page.items
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def test_quote_and_entity_listings_are_keyset_paged_past_the_offset_cap(store: Store,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of one row walk every quote (dated, undated, same date) and every entity (tied counts)
    though the offset cap is 2: an offset cursor would stop there."""
    from dataclasses import replace

    from storyline.model import Quote, Speaker
    from storyline.store import filters

    arts = []
    for label, published in (("a", "2016-03-28"), ("b", None), ("c", "2016-03-28"), ("d", "2016-03-01"), ("e", None)):
        a = article(label, label, "y " * 30, published=published)
        quotes = tuple(Quote(f"{label}{i}", "direct", "said", Speaker("Jo Doe", "Doe", "PERSON"), None, 0, i, i + 1)
                       for i in range(2))
        ents = tuple(Entity(f"Name {label}{i}", "PERSON", (), _m(1 + i % 2, f"N{label}")) for i in range(2))
        arts.append(replace(a, quotes=quotes, entities=ents, nlp=True))
    _write(store, *arts)
    monkeypatch.setattr(filters, "MAX_OFFSET", 2)
    everything = store.quotes(limit=1000).items
    walked = _walk(lambda c: store.quotes(limit=1, cursor=c))
    assert walked == list(everything) and len(walked) == 10
    assert [q.text[0] for q in walked][:6] == ["d", "d", "a", "a", "c", "c"] or \
        [q.text[0] for q in walked][:6] == ["d", "d", "c", "c", "a", "a"]
    assert {q.published for q in walked[6:]} == {None}
    assert _walk(lambda c: store.quotes(speaker="Doe", limit=3, cursor=c)) == walked
    # a speaker (picked first through its index), a text filter and a cursor together
    assert _walk(lambda c: store.quotes(speaker="Doe", text="c", limit=1, cursor=c)) == [q for q in walked if "c" in q.text]
    entities = _walk(lambda c: store.entities(limit=1, cursor=c))
    assert entities == list(store.entities(limit=1000).items) and len(entities) == 10
    assert [e.mentions for e in entities] == sorted((e.mentions for e in entities), reverse=True)


def test_empty_annotation_listings(store: Store) -> None:
    assert store.quotes(speaker="anyone").items == () and store.quotes().total == 0
    assert store.entities().total == 0 and store.entity(1) is None
    assert store.entity_articles(1) == () and store.article_entities("0" * 16) == ()
    assert store.entity_ids([("Putin", "PERSON")]) == {}


def test_entity_links(store: Store) -> None:
    a = _quoted(store)
    peskov = _one(store, "Dmitry Peskov")
    assert [m.id for m in store.entity_articles(peskov.id)] == [a.id]
    assert [(e.name, e.mentions) for e in store.article_entities(a.id)] == [("Dmitry Peskov", 2)]
    assert store.entity_ids([("dmitry  PESKOV", "PERSON"), ("Peskov", "ORG")]) == {"dmitry peskov": peskov.id}
    many = [(f"Nobody {i}", "PERSON") for i in range(600)] + [("Dmitry Peskov", "PERSON"), ("Dmitry Peskov", "ORG")]
    assert store.entity_ids(many) == {"dmitry peskov": peskov.id}  # past one statement's 500 keys
    assert store.entity_ids([]) == {}


def _entity_table(store: Store) -> list[tuple[object, ...]]:
    rows = store.entities(limit=1000).items
    return sorted((r.name, r.type, r.role, r.gazetteer_id, r.mentions, r.articles, r.first_date, r.last_date,
                   tuple(sorted(r.aliases))) for r in rows)


def test_one_batch_resolves_entities_as_article_by_article_writing_does(
        store: Store, backend: str, tmp_path: object, open_target: Callable[[str], Store]) -> None:
    """The batch writer resolves in memory: its result must be what one write per article gives."""
    arts = [
        _art("a", "2016-03-27", Entity("Lavrov", "PERSON", (), _m(2, "Lavrov")),
             Entity("Islamic State", "ORG", ("ISIS",), _m(2, "ISIS"), None, ISIS)),
        _art("b", "2016-03-29", Entity("Sergei Lavrov", "PERSON", ("Lavrov",), _m(1, "Sergei Lavrov"), "Minister"),
             Entity("Daesh", "ORG", (), _m(1, "Daesh")), Entity("ISIL", "ORG", ("Daesh",), _m(3, "ISIL"), None, ISIS)),
        _art("c", "2016-03-25", Entity("Lavrov", "PERSON", (), _m(1, "Lavrov")),
             Entity("Bashar al-Assad", "PERSON", ("Assad",), _m(2, "Assad"))),
        _art("d", "2016-03-26", Entity("Hafez al-Assad", "PERSON", (), _m(1, "Hafez al-Assad")),
             Entity("Assad", "PERSON", (), _m(1, "Assad")), Entity("Jordan", "GPE", (), _m(1, "Jordan"))),
        _art("e", "2016-03-30", Entity("Jordan", "PERSON", (), _m(1, "Jordan"), "Player")),
    ]
    _write(store, *arts)
    second = open_target(str(tmp_path) + "/second.db" if backend == "sqlite" else pg_url())
    try:
        for a in arts:
            _write(second, a)
        assert _entity_table(store) == _entity_table(second)
        assert len(_entity_table(store)) == 8  # Lavrov, Islamic State, Daesh (before ISIL named it), 3 Assads, 2 Jordans
    finally:
        drop(second.target)
