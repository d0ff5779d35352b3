"""Speaker resolution inside one article: names, surnames, role descriptions, groups and pronouns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.model import Entity, Speaker
from storyline.nlp.coref import Person, PersonIndex, build_index
from storyline.nlp.quotes_lexicon import Lexicon

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_TYPE_OF = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "ORG", "NORP": "GROUP", "FAC": "ORG"}
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Resolved:
    """A speaker with where its mention is: paragraph and character offsets."""

    speaker: Speaker
    paragraph: int
    start: int
    end: int


def _strip(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    name = " ".join(words)
    for p in _POSSESSIVE:
        name = name.removesuffix(p)
    return name


class SpeakerResolver:
    """Resolves speaker mentions of one article, remembering who spoke before (for pronouns)."""

    def __init__(self, docs: list[Any], entities: tuple[Entity, ...], lex: Lexicon) -> None:
        self.docs = docs
        self.lex = lex
        self.index: PersonIndex = build_index(docs, entities, lex)
        self.entities = entities
        self.history: list[Resolved] = []  # earlier speakers, in text order

    def remember(self, r: Resolved) -> None:
        self.history.append(r)

    def _entity_at(self, paragraph: int, start: int, end: int, head_start: int) -> Entity | None:
        best: tuple[int, Entity] | None = None
        for e in self.entities:
            for m in e.mentions:
                if m.paragraph != paragraph or m.end <= start or m.start >= end:
                    continue
                score = 2 if m.start <= head_start < m.end else 1
                score += 1 if e.type == "PERSON" else 0
                if best is None or score > best[0]:
                    best = (score, e)
        return best[1] if best else None

    def _alias(self, text: str) -> Entity | None:
        low = text.lower()
        stripped = _strip(text).lower()
        for e in self.entities:
            for form in (e.name, *e.aliases):
                f = form.lower()
                if f in (low, stripped) or _strip(form).lower() in (low, stripped):
                    return e
        return None

    def resolve(self, paragraph: int, lo: int, hi: int) -> Resolved:
        """The speaker for tokens [lo, hi) of paragraph `paragraph`."""
        doc = self.docs[paragraph]
        span = doc[lo:hi]
        start, end = span.start_char, span.end_char
        mention = span.text
        root = span.root
        low = mention.lower()
        if low in self.lex.person_pronouns or low in self.lex.group_pronouns or low in self.lex.self_pronouns:
            return self._pronoun(paragraph, start, end, mention, low)
        if self.entities:
            ent = self._entity_at(paragraph, start, end, root.idx) if root.ent_type_ else None
            ent = ent or self._alias(mention)
            if ent is not None and ent.type in _TYPE_OF:
                return Resolved(Speaker(ent.name, mention, _TYPE_OF[ent.type]), paragraph, start, end)
        for ent in doc.ents:
            if ent.start <= root.i < ent.end and ent.label_ in _TYPE_OF:
                if ent.label_ == "PERSON":
                    person = self.index.full_name(ent.text, paragraph, ent.start_char)
                    return Resolved(Speaker(person.name if person else ent.text, mention, "PERSON"),
                                    paragraph, start, end)
                return Resolved(Speaker(_strip(ent.text), mention, _TYPE_OF[ent.label_]), paragraph, start, end)
        words = [t.lower_ for t in span if not t.is_punct]
        head = root.lower_
        if head in self.lex.titles or " ".join(words[-2:]) in self.lex.titles:
            modifiers = [t.lower_ for t in span if t.i != root.i and t.lower_ not in _DETERMINERS and not t.is_punct]
            found = self.index.by_role(head, modifiers, paragraph, start)
            if found is not None:
                return Resolved(Speaker(found.name, mention, "PERSON"), paragraph, start, end)
            return Resolved(Speaker(_strip(mention), mention, "PERSON"), paragraph, start, end)
        kind = "GROUP" if head in self.lex.group_nouns or root.tag_ in ("NNS", "NNPS") else None
        if kind is None and root.ent_type_ in ("ORG", "NORP", "GPE"):
            kind = "ORG"
        return Resolved(Speaker(_strip(mention), mention, kind), paragraph, start, end)

    def _pronoun(self, paragraph: int, start: int, end: int, mention: str, low: str) -> Resolved:
        want = "PERSON" if low in self.lex.person_pronouns else None
        if low in self.lex.self_pronouns:
            want = "PERSON"
        for r in reversed(self.history):
            if r.paragraph < paragraph - 3:
                break
            if (r.paragraph, r.start) >= (paragraph, start):
                continue
            t = r.speaker.type
            if (want == "PERSON" and t == "PERSON") or (want is None and t in ("ORG", "GROUP")):
                return Resolved(Speaker(r.speaker.name, mention, t), paragraph, start, end)
        if want == "PERSON":
            p: Person | None = self.index.nearest_subject(paragraph, start)
            if p is not None:
                return Resolved(Speaker(p.name, mention, "PERSON"), paragraph, start, end)
        return Resolved(Speaker(mention, mention, want), paragraph, start, end)
