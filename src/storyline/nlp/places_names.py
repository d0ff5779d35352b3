"""Places named inside organisation names ("Ohio State University", "University of Cincinnati")."""

from __future__ import annotations

from collections.abc import Callable

from storyline.model import Entity, Mention, Place
from storyline.nlp import geo_index as geo

MAX_WORDS = 3  # the longest place name looked for at the start of a name or after its "of"
MIN_POPULATION = 100_000  # a city abroad counts only this big; in the article's countries any size


def _spans(text: str) -> list[tuple[int, int]]:
    """Character spans of capitalised word runs that may name a place: the name's first words, and
    the words after its last "of" ("University of Cincinnati"); longest first, never the whole name."""
    words: list[tuple[int, int]] = []
    k = 0
    for w in text.split(" "):
        if w:
            words.append((k, k + len(w)))
        k += len(w) + 1
    out: list[tuple[int, int]] = []
    starts = [0] + [i + 1 for i, (s, e) in enumerate(words) if text[s:e] == "of" and i + 1 < len(words)]
    for first in dict.fromkeys((starts[-1], 0)):  # after the last "of" first, then the opening words
        for n in range(min(MAX_WORDS, len(words) - first), 0, -1):
            run = words[first:first + n]
            if (run[0][0], run[-1][1]) == (words[0][0], words[-1][1]):
                continue
            if all(text[s].isupper() for s, _e in run):
                out.append((run[0][0], run[-1][1]))
    return out


def name_places(entities: tuple[Entity, ...], countries: frozenset[str],
                resolve: Callable[[str, frozenset[str]], geo.Candidate | None]) -> tuple[Place, ...]:
    """One Place (usage "in_name") per place an organisation's name holds; `resolve` is the geocoder's."""
    out: list[Place] = []
    for e in entities:
        if e.type != "ORG" or e.id or " " not in e.name:
            continue
        for s, t in _spans(e.name):
            cand = _plausible(e.name[s:t], countries, resolve)
            if cand is None:
                continue
            mentions = tuple(Mention(m.paragraph, m.start + k, m.start + k + t - s, m.text[k:k + t - s])
                             for m in e.mentions if (k := m.text.find(e.name[s:t])) >= 0)
            if mentions:
                out.append(Place(name=e.name[s:t], lat=round(cand.lat, 5), lon=round(cand.lon, 5),
                                 country=cand.country, feature=cand.feature, gazetteer_id=cand.gazetteer_id,
                                 mentions=mentions, usage="in_name"))
            break
    return tuple(out)


def _plausible(name: str, countries: frozenset[str],
               resolve: Callable[[str, frozenset[str]], geo.Candidate | None]) -> geo.Candidate | None:
    """The place a part of a name stands for, when it surely is one (a country, a region, a big city)."""
    if geo.country_of_adjective(name) and not geo.country_of_name(name):
        return None  # "American Airlines": a demonym, not a place name
    if not geo.lookup(name) and not geo.country_of_name(name):
        return None
    cand = resolve(name, countries)
    if cand is None:
        return None
    if geo.ascii_fold(cand.name) != geo.ascii_fold(name) and cand.source != "alias" and cand.feature != "country":
        return None  # reached through an alternate spelling only
    if cand.feature in ("country", "region") or cand.population >= MIN_POPULATION or cand.country in countries:
        return cand
    return None
