"""Entity ruler (gazetteer and alias data with ids) plus rule fixes for known spaCy sm NER errors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from storyline import resources

ALIASES_FILE = "gazetteer_aliases.json"
ROLES_FILE = "entity_roles.txt"
FIX_COMPONENT = "storyline_entity_fixes"
RULER_COMPONENT = "storyline_aliases"

# Words that make a span an organisation, not a person, even after a role word ("party chief ...").
_ORG_WORDS = frozenset(
    "ministry party group council committee agency organisation organization union bank corp inc ltd "
    "company association front army forces office commission court university institute".split()
)
_DROP_LEADING = frozenset({"the", "The"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
KEEP_THE = frozenset({"Hague", "Netherlands", "Gambia", "Bahamas"})  # "The Hague" keeps its article


@dataclass(frozen=True)
class AliasEntry:
    """One canonical entity of the alias table: id, name, spaCy type, surface forms, GeoNames id."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    geonameid: int | None = None
    propn_only: bool = False
    point: tuple[float, float, str] | None = None  # (lat, lon, country) for places without a geonameid

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@cache
def alias_entries() -> tuple[AliasEntry, ...]:
    """The alias table (data/gazetteer_aliases.json)."""
    data = resources.json_data(ALIASES_FILE)
    return tuple(
        AliasEntry(e["id"], e["name"], e["type"], tuple(e.get("aliases") or ()), e.get("geonameid"),
                   bool(e.get("propn_only")),
                   (float(e["lat"]), float(e["lon"]), str(e["country"])) if "lat" in e else None)
        for e in data["entities"]
    )


@cache
def alias_index() -> dict[str, AliasEntry]:
    """Surface form (casefolded) -> entry; the canonical name and every alias."""
    out: dict[str, AliasEntry] = {}
    for e in alias_entries():
        for form in e.forms:
            out.setdefault(form.casefold(), e)
    return out


@cache
def alias_by_id() -> dict[str, AliasEntry]:
    """Alias-table id -> entry."""
    return {e.id: e for e in alias_entries()}


@cache
def role_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(roles, honorifics, modifiers) from data/entity_roles.txt, lowercase."""
    roles, honorifics, modifiers = set(), set(), set()
    for line in resources.lines(ROLES_FILE):
        kind, sep, word = line.partition(": ")
        if not sep:
            roles.add(line.lower())
        elif kind == "honorific":
            honorifics.add(word.lower())
        elif kind == "modifier":
            modifiers.add(word.lower())
    return frozenset(roles), frozenset(honorifics), frozenset(modifiers)


@dataclass(frozen=True)
class AliasPattern:
    """The tokens of one surface form of an alias entry, and whether a one-word form must be PROPN."""

    words: tuple[str, ...]
    entry: AliasEntry
    propn: bool


class AliasRuler:
    """Marks every alias-table surface form in a Doc as an entity with the entry's type and id.

    The semantics of spaCy's EntityRuler (token ORTH patterns, overwrite_ents): longer matches
    first, then earlier ones, none overlapping, replacing overlapping entities; but the forms are
    looked up by their first word instead of every pattern being tried at every token.
    """

    def __init__(self, nlp: Any) -> None:
        self.by_first: dict[str, list[AliasPattern]] = {}
        for e in alias_entries():
            for form in e.forms:
                words = tuple(t.text for t in nlp.make_doc(form))
                pattern = AliasPattern(words, e, e.propn_only and len(words) == 1)
                self.by_first.setdefault(words[0], []).append(pattern)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        words = [t.text for t in doc]
        found: set[tuple[int, int, str]] = set()
        for i, w in enumerate(words):
            for p in self.by_first.get(w, ()):
                end = i + len(p.words)
                if tuple(words[i:end]) == p.words and (not p.propn or doc[i].pos_ == "PROPN"):
                    found.add((end - i, -i, p.entry.id))
        if not found:
            return doc
        entities, new = list(doc.ents), []
        seen: set[int] = set()
        for length, neg_start, entry_id in sorted(found, reverse=True):
            start, end = -neg_start, -neg_start + length
            if start in seen or end - 1 in seen:
                continue
            entry = alias_by_id()[entry_id]
            new.append(Span(doc, start, end, label=entry.type, span_id=entry.id))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new
        return doc


def configure(nlp: Any) -> None:
    """Add the alias-table ruler before "ner" and the rule fixes after it (idempotent)."""
    if RULER_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(RULER_COMPONENT, before="ner" if "ner" in nlp.pipe_names else None)
    if FIX_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(FIX_COMPONENT, last=True)


def _is_role_token(tok: Any) -> bool:
    roles, _, _ = role_words()
    return tok.lower_ in roles


def fix_entities(doc: Any) -> Any:
    """Rule fixes on doc.ents: drop a leading "the"; drop a one-word name that is a sentence's capitalised
    first word tagged as no proper noun; a name right after a role word is a PERSON;
    known places in place context are GPE (storyline.nlp.geo_ner); names with scores are teams
    (storyline.nlp.teams)."""
    from spacy.tokens import Span

    roles, honorifics, _ = role_words()
    out = []
    for ent in doc.ents:
        start, end, label = ent.start, ent.end, ent.label_
        if (end - start > 1 and doc[start].text in _DROP_LEADING
                and doc[start + 1].text not in KEEP_THE):
            start += 1
        if label in _NAME_LABELS:
            # names end neither in a possessive nor in numbers ("New York 's", "MOSCOW 1996-08-30")
            while end - start > 1 and (doc[end - 1].text in _POSSESSIVE or _numeric(doc[end - 1].text)):
                end -= 1
        if end - start == 1 and label in _COMMON_AT_START and not ent.ent_id_ and _common_word_opening(doc[start]):
            continue  # "Extra staff will be hired", "Army units entered": a capitalised common word, not a name
        span = doc[start:end]
        if label in ("ORG", "GPE", "NORP") and not ent.ent_id_ and _looks_like_person_after_role(span, roles, honorifics):
            label = "PERSON"
        if start != ent.start or end != ent.end or label != ent.label_:
            out.append(Span(doc, start, end, label=label, kb_id=ent.kb_id, span_id=ent.id))
        else:
            out.append(ent)
    from storyline.nlp.geo_ner import fix_places_twice
    from storyline.nlp.teams import fix_teams

    doc.ents = out
    try:
        doc.ents = fix_places_twice(doc, out)
        doc.ents = fix_teams(doc, list(doc.ents))
    except ValueError:  # overlapping spans: keep the fixes above, never fail a whole nlp.pipe batch
        doc.ents = out
    return doc


#: Labels of names that a sentence's capitalised first word is often mistaken for.
_COMMON_AT_START = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"})


def _common_word_opening(tok: Any) -> bool:
    """A sentence's first word, capitalised only because it opens it: the tagger reads it as no proper
    noun and it modifies the common noun after it ("Extra staff", "Army units")."""
    if not (tok.i == 0 or tok.is_sent_start) or not tok.is_title or tok.tag_ in ("NNP", "NNPS"):
        return False
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return after is not None and after.is_lower and after.tag_ in ("NN", "NNS")


def _numeric(text: str) -> bool:
    return any(c.isdigit() for c in text) and not any(c.isalpha() for c in text)


def _looks_like_person_after_role(span: Any, roles: frozenset[str], honorifics: frozenset[str]) -> bool:
    """ "UNESCO chief Irina Bokova": 2-3 capitalised words after a role word or honorific."""
    if not 2 <= len(span) <= 3 or span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    if prev.lower_ not in roles and prev.lower_ not in honorifics:
        return False
    if prev.ent_type_ and prev.ent_iob_ != "O":
        return False
    return all(t.is_title and t.is_alpha and t.lower_ not in _ORG_WORDS for t in span)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FIX_COMPONENT):
        Language.component(FIX_COMPONENT, func=fix_entities)
    if not Language.has_factory(RULER_COMPONENT):
        Language.factory(RULER_COMPONENT, func=lambda nlp, name: AliasRuler(nlp))


_register()
