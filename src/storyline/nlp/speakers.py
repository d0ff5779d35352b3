"""Speaker resolution inside one article: names, surnames, role descriptions, groups and pronouns."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from storyline.model import Entity, Speaker
from storyline.nlp.coref import Person, PersonIndex, build_index
from storyline.nlp.docindex import DocIndex
from storyline.nlp.quotes_lexicon import Lexicon

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_TYPE_OF = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "ORG", "NORP": "GROUP", "FAC": "ORG"}
_POSSESSIVE = ("'s", "’s")
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


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


def without_clause(doc: Any, lo: int, hi: int) -> int:
    """The end of a speaker span [lo, hi) without a clause that describes it ("its makers, who plan to
    begin deliveries", "a survey published on Saturday"), unless that clause names someone ("a group
    calling itself Islamic State" keeps the name)."""
    cut = hi
    for tok in doc[lo:hi]:
        if tok.dep_ in ("relcl", "acl") and lo <= tok.head.i < tok.i and tok.left_edge.i > lo:
            clause = doc[tok.left_edge.i : min(tok.right_edge.i + 1, hi)]
            if not any(t.ent_type_ in _NAME_TYPES for t in clause):
                cut = min(cut, tok.left_edge.i)
    while cut - 1 > lo and doc[cut - 1].is_punct:
        cut -= 1
    return cut


def speaker_like(doc: Any, lo: int, hi: int, lex: Lexicon) -> bool:
    """Whether tokens [lo, hi) can name who spoke: they hold a proper noun, a pronoun, or a noun that is a
    name, a title or a group ("praised by the minister", "by a number of tax experts"), not only things
    ("by waves of Russian air strikes, which pounded ...": "Russian" is no noun, the clause describes them)."""
    return any(t.pos_ in ("PRON", "PROPN") or (t.pos_ == "NOUN" and (
        t.ent_type_ in _NAME_TYPES or t.lower_ in lex.titles or t.lower_ in lex.group_nouns))
        for t in doc[lo:without_clause(doc, lo, hi)])


class _Mentions:
    """The entities' mentions of each paragraph, sorted by start, for overlap queries."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        rows: dict[int, list[tuple[int, int, int, int]]] = {}  # start, end, entity order, mention order
        for k, e in enumerate(entities):
            for n, m in enumerate(e.mentions):
                rows.setdefault(m.paragraph, []).append((m.start, m.end, k, n))
        self.rows = {p: sorted(r) for p, r in rows.items()}
        self.starts = {p: [r[0] for r in rs] for p, rs in self.rows.items()}
        self.longest = {p: max(r[1] - r[0] for r in rs) for p, rs in self.rows.items()}

    def overlapping(self, paragraph: int, start: int, end: int) -> list[tuple[int, int, int, int]]:
        rows = self.rows.get(paragraph)
        if not rows:
            return []
        starts = self.starts[paragraph]
        lo = bisect_left(starts, start - self.longest[paragraph])
        hi = bisect_left(starts, end)
        return [r for r in rows[lo:hi] if r[1] > start]


class _History:
    """Speakers resolved so far, in the order they were remembered, for the pronoun rule."""

    def __init__(self) -> None:
        self.items: list[Resolved] = []
        self.by_type: dict[str | None, list[int]] = {}
        # suffix minima of the paragraphs: (paragraph, position) with every later entry's paragraph larger
        self._minima: list[tuple[int, int]] = []

    def add(self, r: Resolved) -> None:
        k = len(self.items)
        self.items.append(r)
        self.by_type.setdefault(r.speaker.type, []).append(k)
        while self._minima and self._minima[-1][0] >= r.paragraph:
            self._minima.pop()
        self._minima.append((r.paragraph, k))

    def last_before_paragraph(self, paragraph: int) -> int:
        """Position of the last entry whose paragraph is below `paragraph` (-1 when none)."""
        k = bisect_left(self._minima, (paragraph, -1)) - 1
        return self._minima[k][1] if k >= 0 else -1


class SpeakerResolver:
    """Resolves speaker mentions of one article, remembering who spoke before (for pronouns)."""

    def __init__(self, docs: list[Any], entities: tuple[Entity, ...], lex: Lexicon) -> None:
        self.docs = docs
        self.lex = lex
        self.index: PersonIndex = build_index(docs, entities, lex)
        self.entities = entities
        self._history = _History()  # earlier speakers, in text order
        self._mentions = _Mentions(entities)
        self._aliases: dict[str, int] = {}  # lowercase form (and its determiner-less form) -> first entity
        for k, e in enumerate(entities):
            for form in (e.name, *e.aliases):
                self._aliases.setdefault(form.lower(), k)
                self._aliases.setdefault(_strip(form).lower(), k)
        self._doc_index: dict[int, DocIndex] = {}

    @property
    def history(self) -> list[Resolved]:
        return self._history.items

    def remember(self, r: Resolved) -> None:
        self._history.add(r)

    def _entity_at(self, paragraph: int, start: int, end: int, head_start: int) -> Entity | None:
        """The entity with a mention over [start, end): one over the head word first, people first."""
        best: tuple[int, tuple[int, int], Entity] | None = None
        for m_start, m_end, k, n in self._mentions.overlapping(paragraph, start, end):
            e = self.entities[k]
            score = 2 if m_start <= head_start < m_end else 1
            score += 1 if e.type == "PERSON" else 0
            if best is None or score > best[0] or (score == best[0] and (k, n) < best[1]):
                best = (score, (k, n), e)
        return best[2] if best else None

    def _alias(self, text: str) -> Entity | None:
        hits = [self._aliases[key] for key in (text.lower(), _strip(text).lower()) if key in self._aliases]
        return self.entities[min(hits)] if hits else None

    def _ent_at(self, paragraph: int, i: int) -> Any | None:
        if paragraph not in self._doc_index:
            self._doc_index[paragraph] = DocIndex(self.docs[paragraph])
        return self._doc_index[paragraph].ent_at(i)

    def resolve(self, paragraph: int, lo: int, hi: int) -> Resolved:
        """The speaker for tokens [lo, hi) of paragraph `paragraph`."""
        doc = self.docs[paragraph]
        span = doc[lo:without_clause(doc, lo, hi)]
        start, end = span.start_char, span.end_char
        mention = span.text
        root = span.root
        low = mention.lower()
        if low in self.lex.person_pronouns or low in self.lex.group_pronouns or low in self.lex.self_pronouns:
            return self._pronoun(paragraph, start, end, mention, low)
        if self.entities:
            ent = self._entity_at(paragraph, start, end, root.idx) if root.ent_type_ else None
            ent = ent or self._alias(mention)
            if ent is not None and ent.type in _TYPE_OF:  # a description coreference linked: "the Russian leader"
                via = "name" if root.pos_ == "PROPN" or root.ent_type_ else "title"
                return Resolved(Speaker(ent.name, mention, _TYPE_OF[ent.type], via), paragraph, start, end)
        ent = self._ent_at(paragraph, root.i)  # the entity holding the head word, if any
        via = "name"
        if ent is None:  # "the spokesman, Dmitry Peskov,": the name in apposition
            appos = next((c for c in root.children if c.dep_ == "appos" and lo <= c.i < hi), None)
            ent = self._ent_at(paragraph, appos.i) if appos is not None else None
            via = "apposition"
        if ent is not None and ent.label_ in _TYPE_OF:
            if ent.label_ == "PERSON":
                person = self.index.full_name(ent.text, paragraph, ent.start_char)
                return Resolved(Speaker(person.name if person else ent.text, mention, "PERSON", via),
                                paragraph, start, end)
            return Resolved(Speaker(_strip(ent.text), mention, _TYPE_OF[ent.label_], via), paragraph, start, end)
        words = [t.lower_ for t in span if not t.is_punct]
        head = root.lower_
        if head in self.lex.titles or " ".join(words[-2:]) in self.lex.titles:
            modifiers = [t.lower_ for t in span if t.i != root.i and t.lower_ not in _DETERMINERS and not t.is_punct]
            found = self.index.by_role(head, modifiers, paragraph, start)
            if found is not None:
                return Resolved(Speaker(found.name, mention, "PERSON", "title"), paragraph, start, end)
            return Resolved(Speaker(_strip(mention), mention, "PERSON", "role"), paragraph, start, end)
        kind = "GROUP" if head in self.lex.group_nouns or root.tag_ in ("NNS", "NNPS") else None
        if kind is None and root.ent_type_ in ("ORG", "NORP", "GPE"):
            kind = "ORG"
        via = "name" if root.ent_type_ else "role"
        return Resolved(Speaker(_strip(mention), mention, kind, via), paragraph, start, end)

    def _pronoun(self, paragraph: int, start: int, end: int, mention: str, low: str) -> Resolved:
        want = "PERSON" if low in self.lex.person_pronouns else None
        if low in self.lex.self_pronouns:
            want = "PERSON"
        r = self._last_speaker(("PERSON",) if want == "PERSON" else ("ORG", "GROUP"), paragraph, start)
        if r is not None:
            return Resolved(Speaker(r.speaker.name, mention, r.speaker.type, "pronoun"), paragraph, start, end)
        if want == "PERSON":
            p: Person | None = self.index.nearest_subject(paragraph, start)
            if p is not None:
                return Resolved(Speaker(p.name, mention, "PERSON", "pronoun"), paragraph, start, end)
        return Resolved(Speaker(mention, mention, want, "pronoun"), paragraph, start, end)

    def _last_speaker(self, types: tuple[str, ...], paragraph: int, start: int) -> Resolved | None:
        """The last remembered speaker of one of `types` mentioned before (paragraph, start), looking
        back no further than the last one remembered from over three paragraphs before."""
        h = self._history
        floor = h.last_before_paragraph(paragraph - 3)
        best = -1
        for t in types:
            ks = h.by_type.get(t, [])
            for j in range(len(ks) - 1, -1, -1):
                k = ks[j]
                if k <= floor or k <= best:
                    break
                r = h.items[k]
                if (r.paragraph, r.start) < (paragraph, start):
                    best = k
                    break
        return h.items[best] if best >= 0 else None
