"""Canonical entities: ruler corrections, titles split off, in-article coreference, the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.model import Article, Entity, RawDocument, Source
from storyline.nlp.annotate import annotate
from storyline.pipeline import extract

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed-palmyra.txt"


@pytest.fixture(scope="module")
def seed() -> Article:
    art = extract(RawDocument(str(SEED), SEED.read_bytes()))
    assert isinstance(art, Article)
    return annotate(art)


def _art(*paragraphs: str, published: str = "2016-03-28") -> Article:
    return annotate(Article(source=Source("t.txt", "text", "0" * 64), paragraphs=paragraphs, published=published))


def _by_name(entities: tuple[Entity, ...], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in entities]
    return found[0]


def test_seed_islamic_state_is_one_org(seed: Article) -> None:
    isis = [e for e in seed.entities if "ISIS" in (e.name, *e.aliases)]
    assert len(isis) == 1
    assert isis[0].type == "ORG" and isis[0].id == "org:islamic-state"
    assert len(isis[0].mentions) == 5


def test_seed_putin_is_one_person_with_role(seed: Article) -> None:
    putin = _by_name(seed.entities, "Vladimir Putin")
    assert putin.type == "PERSON"
    assert putin.role == "Russian President"
    assert {"Putin", "the Russian leader"} <= set(putin.aliases)
    assert not [e for e in seed.entities if e is not putin and "Putin" in e.name]
    texts = [m.text for m in putin.mentions]
    assert texts.count("Putin") == 2 and "the Russian leader" in texts


def test_seed_people_roles_and_descriptors(seed: Article) -> None:
    peskov = _by_name(seed.entities, "Dmitry Peskov")
    assert peskov.role == "Kremlin spokesman"
    assert "Peskov" in peskov.aliases and "the Kremlin official" in peskov.aliases
    assert _by_name(seed.entities, "Irina Bokova").role == "UNESCO chief"
    assad = _by_name(seed.entities, "Bashar al-Assad")
    assert "Assad" in assad.aliases and "the Syrian president" in assad.aliases


def test_seed_palmyra_and_homs_are_places_not_people(seed: Article) -> None:
    for name in ("Palmyra", "Homs"):
        e = _by_name(seed.entities, name)
        assert e.type == "GPE"
    assert all(e.type != "PERSON" for e in seed.entities if e.name in ("Palmyra", "Homs", "Tadmur"))


def test_mentions_point_into_paragraphs(seed: Article) -> None:
    for e in seed.entities:
        for m in e.mentions:
            assert seed.paragraphs[m.paragraph][m.start:m.end] == m.text


def test_isis_isil_daesh_merge_into_one_org() -> None:
    art = _art(
        "ISIL fighters attacked the town, while Daesh propaganda claimed victory.",
        "The Islamic State group, also known as ISIS, lost ground.",
    )
    orgs = [e for e in art.entities if e.id == "org:islamic-state"]
    assert len(orgs) == 1
    assert orgs[0].name == "Islamic State" and orgs[0].type == "ORG"
    assert {"ISIL", "Daesh", "ISIS"} <= set(orgs[0].aliases)


def test_tadmur_is_a_place() -> None:
    art = _art("Residents fled Tadmur as fighting spread towards the desert.")
    e = _by_name(art.entities, "Palmyra")
    assert e.type == "GPE" and "Tadmur" in e.aliases


def test_title_split_and_surname_merge() -> None:
    art = _art(
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin.",
        "Merkel said the talks were useful. Macron disagreed.",
    )
    merkel = _by_name(art.entities, "Angela Merkel")
    assert merkel.role == "German Chancellor" and "Merkel" in merkel.aliases
    macron = _by_name(art.entities, "Emmanuel Macron")
    assert macron.role == "French President" and len(macron.mentions) == 2


def test_appositive_role() -> None:
    art = _art("John Kirby, the State Department spokesman, said the talks would resume.")
    assert _by_name(art.entities, "John Kirby").role == "State Department spokesman"


def test_acronym_joins_its_long_form() -> None:
    art = _art(
        "The Syrian Observatory for Human Rights said 30 people died.",
        "SOHR relies on a network of activists.",
    )
    sohr = _by_name(art.entities, "Syrian Observatory for Human Rights")
    assert "SOHR" in sohr.aliases


def test_honorific_is_stripped() -> None:
    art = _art("Mr. Lavrov spoke to reporters. Sergei Lavrov later left.")
    lavrov = _by_name(art.entities, "Sergei Lavrov")
    assert len(lavrov.mentions) == 2


def test_harmonise_gives_one_label_per_name() -> None:
    import spacy
    from spacy.tokens import Span

    from storyline.nlp.coref_entities import harmonise

    nlp = spacy.blank("en")
    d1, d2, d3 = (nlp(t) for t in ("Wang Chen won.", "Wang lost to Lee.", "Later Wang and Lee met."))
    d1.ents = [Span(d1, 0, 2, label="PERSON")]
    d2.ents = [Span(d2, 0, 1, label="ORG"), Span(d2, 3, 4, label="PERSON")]
    d3.ents = [Span(d3, 1, 2, label="PERSON")]
    harmonise([d1, d2, d3])
    assert [(e.text, e.label_) for e in d2.ents] == [("Wang", "PERSON"), ("Lee", "PERSON")]
    assert [(e.text, e.label_) for e in d3.ents] == [("Wang", "PERSON"), ("Lee", "PERSON")]


def test_secretary_of_state_role() -> None:
    art = _art(
        "U.S. Secretary of State John Kerry arrived in Geneva.",
        "The U.S. diplomat met reporters. Kerry said the talks would go on.",
    )
    kerry = _by_name(art.entities, "John Kerry")
    assert kerry.role == "U.S. Secretary of State"
    assert {"Kerry", "the U.S. diplomat"} <= set(kerry.aliases)
    assert not [e for e in art.entities if e.name == "State"]
    geneva = [p for p in art.places if p.name == "Geneva"]
    assert geneva and geneva[0].country == "CH"
