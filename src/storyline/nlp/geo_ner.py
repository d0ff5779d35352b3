"""Gazetteer-backed NER fixes: known place names in place context become GPE (tagged or missed)."""

from __future__ import annotations

from functools import cache
from typing import Any

# Words after which a capitalised name is a location ("in Aleppo", "near Mosul", "mayor of Lyon").
LOCATIVE = frozenset(
    "in into from to near at toward towards around outside inside across via through between "
    "reached entered left visited besieged captured retook seized recaptured bombed shelled approached "
    "stormed liberated encircled surrounded evacuated fled struck attacked".split()
)
_COORD = frozenset({"and", ",", "or", "&"})
_RELABEL = frozenset({"PERSON", "ORG", "NORP"})
MIN_POPULATION = 15_000  # a name tagged as something else, in place context
MIN_POPULATION_UNTAGGED = 15_000  # an untagged name in place context
MIN_POPULATION_SHOUTED = 500_000  # an untagged word in an all-capitals line (countries always)
MIN_POPULATION_ANYWHERE = 300_000  # a multi-word PERSON/ORG span that is a big city's name, in any context


@cache
def _place_size(text: str) -> int:
    """Population of the largest place exactly named `text` (countries count as huge); 0 when none."""
    from storyline.nlp import geo_index as geo

    if geo.country_of_name(text):
        return 10**9
    folded = geo.ascii_fold(text)
    best = 0
    for cand in geo.lookup(text):
        if cand.source == "region" or cand.source == "alias":
            best = max(best, 10**8)
        elif geo.ascii_fold(cand.name) == folded or cand.population >= 200_000:
            best = max(best, cand.population)
    return best


def _is_place_tok(tok: Any) -> bool:
    return tok.ent_type_ in ("GPE", "LOC") and tok.ent_iob_ != "O"


COMPASS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest northeastern northwestern southeastern southwestern north-east north-west south-east "
    "south-west north-eastern north-western south-eastern south-western downtown greater".split()
)


def place_context(doc: Any, start: int, end: int) -> bool:
    """The span sits where a place does: after a locative word, listed with places, or before ", <place>"."""
    while start > 1 and doc[start - 1].lower_ in COMPASS:
        start -= 1
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in LOCATIVE:
        return True
    if prev is not None and prev.text in _COORD and start > 1 and _is_place_tok(doc[start - 2]):
        return True
    if end + 1 < len(doc) and doc[end].text in _COORD and _is_place_tok(doc[end + 1]):
        return True
    if prev is not None and prev.lower_ in ("and", "or") and start > 2 and doc[start - 2].text == ",":
        return True
    return False


def mostly_upper(doc: Any) -> bool:
    """At least two words of two letters or more, and 80 % of them in capitals (a shouted headline)."""
    from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH

    if not len(doc):
        return False
    alpha, upper, length = doc.to_array([IS_ALPHA, IS_UPPER, LENGTH]).T
    words = (alpha == 1) & (length > 1)
    n = int(words.sum())
    return n >= 2 and int((words & (upper == 1)).sum()) >= 0.8 * n


def fix_places(doc: Any, ents: list[Any], shouting: bool) -> list[Any]:
    """Relabel PERSON/ORG/NORP spans that are known places in place context; add missed ones."""
    from spacy.tokens import Span

    out = []
    for ent in ents:
        if (ent.label_ in _RELABEL and not ent.ent_id_ and all(t.is_title or t.is_upper for t in ent)
                and not ent.text.isupper()
                and ((place_context(doc, ent.start, ent.end) and _place_size(ent.text) >= MIN_POPULATION)
                     or (len(ent) > 1 and ent.label_ != "NORP" and _place_size(ent.text) >= MIN_POPULATION_ANYWHERE))):
            out.append(Span(doc, ent.start, ent.end, label="GPE"))
        else:
            out.append(ent)
    taken = {i for e in out for i in range(e.start, e.end)}
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if shouting and i not in taken and tok.is_upper and tok.is_alpha and len(tok) > 2:
            # an all-capitals headline or dateline: the tagger is blind there, the gazetteer is not
            j = i + 1
            while j < n and j - i < 3 and j not in taken and doc[j].is_upper and doc[j].is_alpha:
                j += 1
            for k in range(j, i, -1):
                if _place_size(doc[i:k].text.title()) >= MIN_POPULATION_SHOUTED:
                    out.append(Span(doc, i, k, label="GPE"))
                    j = k
                    break
            i = j
            continue
        if i in taken or not tok.is_title or tok.pos_ != "PROPN" or i == 0:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 3 and j not in taken and doc[j].is_title and doc[j].pos_ == "PROPN":
            j += 1
        if place_context(doc, i, j) and _place_size(doc[i:j].text) >= MIN_POPULATION_UNTAGGED:
            out.append(Span(doc, i, j, label="GPE"))
        i = j
    return sorted(out, key=lambda e: e.start)


def fix_places_twice(doc: Any, ents: list[Any]) -> list[Any]:
    """Two passes, so that a name fixed in the first ("Lyon") gives context to its neighbour."""
    shouting = mostly_upper(doc)
    first = fix_places(doc, ents, shouting)
    doc.ents = first
    return fix_places(doc, list(doc.ents), shouting)
