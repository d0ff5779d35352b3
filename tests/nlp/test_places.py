"""Offline geocoding: transliteration variants, disambiguation by the article's countries, metonymy."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from storyline.model import Article, Place, RawDocument, Source
from storyline.nlp import geo_index as geo
from storyline.nlp.annotate import annotate
from storyline.nlp.places import resolve
from storyline.pipeline import extract

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed-palmyra.txt"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def seed() -> Article:
    art = extract(RawDocument(str(SEED), SEED.read_bytes()))
    assert isinstance(art, Article)
    return annotate(art)


def _place(places: tuple[Place, ...], name: str, stands_for: str | None = None, usage: str | None = None) -> Place:
    found = [p for p in places if p.name == name and p.stands_for == stands_for and p.usage == usage]
    assert len(found) == 1, [(p.name, p.stands_for) for p in places]
    return found[0]


@pytest.mark.parametrize(
    ("name", "country", "feature", "point", "usage"),
    [
        ("Palmyra", "SY", "city", (34.56, 38.28), None),
        ("Syria", "SY", "country", (35.0, 38.0), None),
        ("Syria", "SY", "country", (35.0, 38.0), "demonym"),  # "Syrian forces"
        ("Iraq", "IQ", "country", (33.0, 44.0), None),
        ("Deir ez-Zor", "SY", "city", (35.34, 40.14), None),
        ("Raqqa", "SY", "city", (35.95, 39.01), None),
        ("London", "GB", "city", (51.51, -0.13), "adjectival"),  # "The London-based monitoring group"
    ],
)
def test_every_seed_place(seed: Article, name: str, country: str, feature: str, point: tuple[float, float],
                          usage: str | None) -> None:
    p = _place(seed.places, name, usage=usage)
    assert p.country == country and p.feature == feature
    assert _km((p.lat, p.lon), point) < 25


def test_seed_homs_province_and_metonymy(seed: Article) -> None:
    homs = _place(seed.places, "Homs")
    assert homs.country == "SY" and homs.feature == "region"
    assert _km((homs.lat, homs.lon), (34.72, 36.73)) < 25
    damascus = _place(seed.places, "Damascus", "government")
    assert damascus.country == "SY" and damascus.mentions[0].text == "Damascus"
    assert _place(seed.places, "Moscow", "government").country == "RU"
    assert all(p.stands_for is None for p in seed.places if p.name in ("Palmyra", "Raqqa", "London"))


@pytest.mark.parametrize(
    ("variant", "point"),
    [
        ("Deir Ezzor", (35.34, 40.14)), ("Deir ez-Zor", (35.34, 40.14)), ("Deir al-Zour", (35.34, 40.14)),
        ("Tadmur", (34.56, 38.28)), ("Palmyra", (34.56, 38.28)),
        ("Quaryatayn", (34.23, 37.24)), ("al-Qaryatayn", (34.23, 37.24)),
        ("Raqqa", (35.95, 39.01)), ("Ar-Raqqah", (35.95, 39.01)),
        ("München", (48.14, 11.58)), ("Kiev", (50.45, 30.52)),
    ],
)
def test_transliteration_variants(variant: str, point: tuple[float, float]) -> None:
    cand = resolve(variant, frozenset({"SY", "IQ"}))
    assert cand is not None and _km((cand.lat, cand.lon), point) < 25


def test_country_context_disambiguates() -> None:
    homs = resolve("Homs", frozenset({"SY"}))
    assert homs is not None and homs.country == "SY"
    hit = resolve("Hit", frozenset({"IQ"}))
    assert hit is not None and hit.country == "IQ"
    paris = resolve("Paris", frozenset())
    assert paris is not None and paris.country == "FR"


def test_syria_never_goes_to_myanmar() -> None:
    for ctx in (frozenset(), frozenset({"MM"}), frozenset({"SY"})):
        cand = resolve("Syria", ctx)
        assert cand is not None and cand.country == "SY" and cand.feature == "country"


def test_fuzzy_fallback_is_guarded() -> None:
    assert geo.fuzzy("Syriaa", frozenset()) is None  # no article countries: no guess
    assert resolve("Xqzvbnt", frozenset({"SY"})) is None


def test_hit_the_town_not_the_verb() -> None:
    art = annotate(Article(
        source=Source("t.txt", "text", "1" * 64), published="2016-04-01",
        paragraphs=("Iraqi forces retook the town of Hit in Anbar province from Islamic State militants.",
                    "Air strikes hit several targets near the town."),
    ))
    hits = [p for p in art.places if p.name == "Hit"]
    assert len(hits) == 1 and hits[0].country == "IQ"
    assert [m.text for m in hits[0].mentions] == ["Hit"]


def test_a_city_abroad_known_only_by_an_alternate_name_is_not_taken() -> None:
    # "Bel" is among Belém's alternate names in GeoNames; in an article about Syria it is a temple.
    art = annotate(Article(
        source=Source("t.txt", "text", "3" * 64), published="2016-03-28",
        paragraphs=("Syrian troops retook Palmyra in Syria on Sunday.",
                    "The militants had blown up the temples of Baalshamin and Bel during their occupation."),
    ))
    assert {p.country for p in art.places} <= {"SY"}, [(p.name, p.country) for p in art.places]


def test_metonymy_marks_government() -> None:
    art = annotate(Article(
        source=Source("t.txt", "text", "2" * 64), published="2016-04-01",
        paragraphs=("Washington said it would send more advisers, while Moscow's contingent stayed.",
                    "Tourists flocked to Washington for the cherry blossom."),
    ))
    wash = [p for p in art.places if p.name == "Washington"]
    assert {p.stands_for for p in wash} == {None, "government"}
    assert all(p.country == "US" for p in wash)


def test_georgia_state_or_country_by_context() -> None:
    state = resolve("Georgia", frozenset({"US"}))
    assert state is not None and state.country == "US" and state.feature == "region"
    country = resolve("Georgia", frozenset({"RU"}))
    assert country is not None and country.country == "GE" and country.feature == "country"


def test_city_anchored_by_its_state() -> None:
    art = annotate(Article(
        source=Source("t.txt", "text", "4" * 64), published="2016-04-01",
        paragraphs=("The plant in Paris, Texas, closed after the storm.",),
    ))
    paris = [p for p in art.places if p.name == "Paris"]
    assert paris and paris[0].country == "US"


def test_tripoli_follows_the_article_country() -> None:
    lebanon = resolve("Tripoli", frozenset({"LB"}))
    libya = resolve("Tripoli", frozenset({"LY"}))
    assert lebanon is not None and lebanon.country == "LB"
    assert libya is not None and libya.country == "LY"


def test_cities_in_an_all_capitals_dateline() -> None:
    art = annotate(Article(
        source=Source("t.txt", "text", "5" * 64), published="2016-04-01",
        paragraphs=("BAGHDAD, April 1 - Iraqi forces advanced on Hit.",),
    ))
    assert {(p.name, p.country) for p in art.places} == {("Baghdad", "IQ"), ("Hit", "IQ")}
    assert art.places[0].mentions[0].text == "BAGHDAD"


def test_index_cache_round_trip(tmp_path: Path) -> None:
    built = {"palmira": (geo.Candidate("Palmyra", 34.56, 38.28, "SY", "city", "163808", 51015, "alias"),),
             "homs": (geo.Candidate("Homs", 34.72, 36.73, "SY", "city", "169577", 775404, "cities"),)}
    path = tmp_path / "geo-index-new.marshal"
    (tmp_path / "geo-index-old.marshal").write_bytes(b"stale")
    geo._write_cache(path, built)
    assert geo._read_cache(path) == built
    assert [p.name for p in tmp_path.iterdir()] == ["geo-index-new.marshal"]
    path.write_bytes(b"garbage")
    assert geo._read_cache(path) is None


@pytest.mark.parametrize(
    ("text", "country", "feature"),
    [
        ("Police in Atlanta and Savannah said Georgia would hire more officers.", "US", "region"),
        ("Russian troops entered Georgia, and Tbilisi protested.", "GE", "country"),
        ("Georgia held elections on Sunday.", "GE", "country"),
    ],
)
def test_a_country_s_name_does_not_decide_between_itself_and_a_same_named_state(
        text: str, country: str, feature: str) -> None:
    art = annotate(Article(source=Source("g.txt", "text", "4" * 64), paragraphs=(text,)))
    georgia = _place(art.places, "Georgia")
    assert (georgia.country, georgia.feature) == (country, feature)
