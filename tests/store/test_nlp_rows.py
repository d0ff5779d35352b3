"""Corpus-wide entities: alias merging across articles, counts, first/last dates, places rows."""

from __future__ import annotations

from storyline.model import Article, Entity, Mention, Place
from storyline.store.nlp_rows import surname_key
from storyline.store.sqlite import SQLiteStore

from .helpers import article, raw_of


def _m(n: int, text: str) -> tuple[Mention, ...]:
    return tuple(Mention(0, i, i + len(text), text) for i in range(n))


def _art(label: str, published: str, *entities: Entity, places: tuple[Place, ...] = ()) -> Article:
    a = article(label, label, "body of " + label, published=published)
    from dataclasses import replace

    return replace(a, entities=entities, places=places, nlp=True)


def _write(store: SQLiteStore, *arts: Article) -> None:
    store.write_batch([(a, raw_of(a)) for a in arts])


def _one(store: SQLiteStore, name: str, type: str | None = None) -> dict[str, object]:
    rows = [r for r in store.entities(type=type, limit=1000) if r["name"] == name]
    assert len(rows) == 1, store.entities(limit=1000)
    return rows[0]


ISIS = "org:islamic-state"


def test_aliases_and_ids_merge_across_articles(store: SQLiteStore) -> None:
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
    assert isis["type"] == "ORG" and isis["gazetteer_id"] == ISIS
    assert {"Islamic State", "ISIS", "ISIL", "Daesh"} <= set(isis["aliases"])  # type: ignore[arg-type]
    assert isis["mentions"] == 7 and isis["articles"] == 3
    assert (isis["first_date"], isis["last_date"]) == ("2016-03-25", "2016-03-29")
    putin = _one(store, "Vladimir Putin")
    assert putin["role"] == "Russian President"
    assert putin["mentions"] == 4 and putin["articles"] == 2  # "Putin" alone joined by surname
    assert "the Russian leader" not in putin["aliases"]  # type: ignore[operator]
    assert not [r for r in store.entities(limit=1000) if r["name"] == "Putin"]
    assert [r["name"] for r in store.entities(query="Daesh")] == ["Islamic State"]


def test_ambiguous_surname_does_not_merge(store: SQLiteStore) -> None:
    _write(
        store,
        _art("a", "2016-01-01", Entity("Bashar al-Assad", "PERSON", ("Assad",), _m(2, "Assad"))),
        _art("b", "2016-01-02", Entity("Hafez al-Assad", "PERSON", (), _m(1, "Hafez al-Assad"))),
        _art("c", "2016-01-03", Entity("Assad", "PERSON", (), _m(1, "Assad"))),
    )
    names = sorted(r["name"] for r in store.entities(type="PERSON"))  # type: ignore[type-var]
    assert names == ["Assad", "Bashar al-Assad", "Hafez al-Assad"]


def test_full_name_joins_a_surname_known_alone(store: SQLiteStore) -> None:
    _write(store, _art("a", "2016-01-01", Entity("Lavrov", "PERSON", (), _m(2, "Lavrov"))))
    _write(store, _art("b", "2016-01-05", Entity("Sergei Lavrov", "PERSON", ("Lavrov",), _m(1, "Sergei Lavrov"),
                                                 "Foreign Minister")))
    lavrov = _one(store, "Sergei Lavrov", "PERSON")
    assert lavrov["articles"] == 2 and lavrov["mentions"] == 3
    assert lavrov["role"] == "Foreign Minister"


def test_same_name_different_type_stays_apart(store: SQLiteStore) -> None:
    _write(
        store,
        _art("a", "2016-01-01", Entity("Jordan", "GPE", (), _m(1, "Jordan"))),
        _art("b", "2016-01-02", Entity("Jordan", "PERSON", (), _m(1, "Jordan"))),
    )
    assert sorted(r["type"] for r in store.entities(query="Jordan")) == ["GPE", "PERSON"]  # type: ignore[type-var]


def test_two_article_entities_on_one_corpus_entity_count_one_article(store: SQLiteStore) -> None:
    _write(store, _art("a", "2016-01-01",
                       Entity("Islamic State", "ORG", (), _m(1, "Islamic State"), None, ISIS),
                       Entity("ISIL", "ORG", (), _m(2, "ISIL"), None, ISIS)))
    isis = _one(store, "Islamic State")
    assert isis["articles"] == 1 and isis["mentions"] == 3


def test_places_rows(store: SQLiteStore) -> None:
    palmyra = Place("Palmyra", 34.56, 38.28, "SY", "city", "163808", _m(2, "Palmyra"))
    damascus = Place("Damascus", 33.51, 36.29, "SY", "city", "170654", _m(1, "Damascus"), "government")
    _write(store, _art("a", "2016-03-28", places=(palmyra, damascus)))
    rows = store.connection.execute(
        "SELECT name, country, feature, stands_for, mentions FROM article_places ORDER BY idx").fetchall()
    assert rows == [("Palmyra", "SY", "city", None, 2), ("Damascus", "SY", "city", "government", 1)]


def test_surname_key() -> None:
    assert surname_key("Bashar al-Assad") == "assad"
    assert surname_key("Recep Tayyip Erdoğan") == "erdogan"
    assert surname_key("Putin") is None


def test_multi_paragraph_quote_keeps_its_end_paragraph_and_speaker_type(store: SQLiteStore) -> None:
    from dataclasses import replace

    from storyline.model import Quote, Speaker

    a = article("q", "Minister speaks", "first part\n\nsecond part", published="2016-03-28")
    quote = Quote("first part second part", "direct", "said", Speaker("Jane Roe", "Roe", "PERSON"), None, 0, 0, 10, 1)
    _write(store, replace(a, quotes=(quote,), nlp=True))
    (row,) = store.quotes(speaker="Roe")
    assert row["end_paragraph"] == 1
    assert row["speaker_type"] == "PERSON"
