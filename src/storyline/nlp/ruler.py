"""Entity ruler (gazetteer and alias data with ids) plus rule fixes for known spaCy sm NER errors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from storyline import resources

ALIASES_FILE = "gazetteer_aliases.json"
ROLES_FILE = "entity_roles.txt"
FIX_COMPONENT = "storyline_entity_fixes"

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


def ruler_patterns(nlp: Any) -> list[dict[str, Any]]:
    """EntityRuler token patterns for every surface form in the alias table, with the entry's id.

    Token patterns (not phrase patterns) so that adding them never runs the pipeline.
    """
    pats: list[dict[str, Any]] = []
    for e in alias_entries():
        for form in e.forms:
            toks: list[dict[str, Any]] = [{"ORTH": t.text} for t in nlp.make_doc(form)]
            if e.propn_only and len(toks) == 1:
                toks[0]["POS"] = "PROPN"
            pats.append({"label": e.type, "pattern": toks, "id": e.id})
    return pats


def configure(nlp: Any) -> None:
    """Add the alias-table entity ruler before "ner" and the rule fixes after it (idempotent)."""
    if "entity_ruler" not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler", before=before,
            config={"overwrite_ents": True, "validate": True},
        )
        ruler.add_patterns(ruler_patterns(nlp))
    if FIX_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(FIX_COMPONENT, last=True)


def _is_role_token(tok: Any) -> bool:
    roles, _, _ = role_words()
    return tok.lower_ in roles


def fix_entities(doc: Any) -> Any:
    """Rule fixes on doc.ents: drop a leading "the"; a name right after a role word is a PERSON;
    known places in place context are GPE (storyline.nlp.geo_ner)."""
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
        span = doc[start:end]
        if label in ("ORG", "GPE", "NORP") and not ent.ent_id_ and _looks_like_person_after_role(span, roles, honorifics):
            label = "PERSON"
        if start != ent.start or end != ent.end or label != ent.label_:
            out.append(Span(doc, start, end, label=label, kb_id=ent.kb_id, span_id=ent.id))
        else:
            out.append(ent)
    from storyline.nlp.geo_ner import fix_places_twice

    doc.ents = out
    try:
        doc.ents = fix_places_twice(doc, out)
    except ValueError:  # overlapping spans: keep the fixes above, never fail a whole nlp.pipe batch
        doc.ents = out
    return doc


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


_register()
