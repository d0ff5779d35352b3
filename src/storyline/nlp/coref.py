"""People of one article: full names, the roles that introduce them, surnames and descriptions."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Entity
from storyline.nlp.quotes_lexicon import Lexicon

_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "le", "la"})


@dataclass
class Person:
    """A person named in the article: canonical name, role words, where first and next mentioned."""

    name: str
    role: set[str] = field(default_factory=set)
    head: str | None = None  # the role's head noun ("spokesman")
    mentions: list[tuple[int, int, bool]] = field(default_factory=list)  # (paragraph, char, is_subject)

    def first(self) -> tuple[int, int]:
        return (self.mentions[0][0], self.mentions[0][1]) if self.mentions else (0, 0)


def _surname(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p.lower() not in _NAME_PARTICLES]
    return parts[-1].lower() if parts else name.lower()


def _role_before(ent: Any) -> list[Any]:
    """Title and modifier tokens in front of a PERSON entity inside its noun phrase."""
    doc = ent.doc
    toks: list[Any] = []
    i = ent.start - 1
    inside = set(range(ent.start, ent.end))
    while i >= 0:
        t = doc[i]
        if t.is_punct or t.dep_ not in _ROLE_DEPS or t.ent_type_ == "PERSON":
            break
        if t.head.i not in inside and t.head.i not in {x.i for x in toks}:
            break
        toks.append(t)
        i -= 1
    return list(reversed(toks))


def _role_appos(ent: Any) -> list[Any]:
    """Role tokens of an apposition: 'Dmitry Peskov, the Kremlin spokesman' or the reverse."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end]
    if root.dep_ == "appos" and root.head.i < ent.start:
        nouns.append(root.head)
    for n in nouns:
        if n.pos_ == "NOUN":
            return [t for t in n.subtree if not t.is_punct and t.dep_ != "det" and t.ent_type_ != "PERSON"]
    return []


class PersonIndex:
    """Lookup of the article's people by surname, by role description and by position."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.people: list[Person] = []
        self._by_surname: dict[str, list[Person]] = {}  # a person's surname never changes (see add)
        self._subjects: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] | None = None

    def _find(self, name: str) -> Person | None:
        sur = _surname(name)
        best = None
        for p in self._by_surname.get(sur, ()):  # the same name has the same surname
            if p.name == name or len(p.name) >= len(name):
                if best is None or len(p.name) > len(best.name):
                    best = p
        return best

    def add(self, name: str, role_words: list[str], head: str | None, mention: tuple[int, int, bool]) -> Person:
        p = self._find(name)
        self._subjects = None
        if p is None:
            p = Person(name)
            self.people.append(p)
            self._by_surname.setdefault(_surname(name), []).append(p)
        elif len(name) > len(p.name) and " " in name:
            p.name = name  # found by surname: the longer name has the same one
        p.role |= {w for w in role_words if w not in self.lex.generic_titles}
        if head and p.head is None:
            p.head = head
        p.mentions.append(mention)
        return p

    def full_name(self, text: str, paragraph: int, char: int) -> Person | None:
        p = self._find(text)
        return p

    def by_role(self, head: str, modifiers: list[str], paragraph: int, char: int) -> Person | None:
        """The person, introduced before (paragraph, char), whose role fits a description."""
        generic = head in self.lex.generic_titles
        best: tuple[int, int, Person] | None = None
        for order, p in enumerate(self.people):
            if p.first() > (paragraph, char):
                continue
            head_match = p.head == head or head in p.role
            mods = [m for m in modifiers if m not in self.lex.titles]
            mod_hits = sum(1 for m in mods if m in p.role)
            if mods and mod_hits < len(mods):
                continue
            if generic and not mod_hits and not p.role:
                continue
            if not generic and not head_match and not mod_hits:
                continue
            if not head_match and not mod_hits:
                continue
            score = 2 * head_match + mod_hits
            if best is None or (score, order) > (best[0], best[1]):
                best = (score, order, p)
        return best[2] if best else None

    def nearest_subject(self, paragraph: int, char: int) -> Person | None:
        """The last person mentioned as a subject before a position (else the last one mentioned),
        in that paragraph or the two before it."""
        if self._subjects is None:
            rows: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] = ([], [])
            for k, p in enumerate(self.people):
                for para, c, subj in p.mentions:
                    rows[int(subj)].append((para, c, -k))
            self._subjects = (sorted(rows[0]), sorted(rows[1]))
        for places in reversed(self._subjects):  # subjects first
            i = bisect_left(places, (paragraph, char, -len(self.people))) - 1
            if i >= 0 and places[i][0] >= paragraph - 2:
                return self.people[-places[i][2]]  # on a tie of places, the person listed first
        return None


def build_index(docs: list[Any], entities: tuple[Entity, ...], lex: Lexicon) -> PersonIndex:
    """Index the PERSON entities of the parsed paragraphs, with the roles that introduce them."""
    index = PersonIndex(lex)
    roles = {e.name: e.role for e in entities if e.type == "PERSON" and e.role}
    for p, doc in enumerate(docs):
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            role_toks = _role_before(ent) or _role_appos(ent)
            words = [t.lower_ for t in role_toks]
            head = next((t.lower_ for t in reversed(role_toks) if t.lower_ in lex.titles), None)
            subj = ent.root.dep_ in ("nsubj", "nsubjpass")
            person = index.add(ent.text, words, head, (p, ent.start_char, subj))
            role = roles.get(person.name)
            if role:
                words = role.lower().split()
                person.role |= {w for w in words if w not in lex.generic_titles}
                person.head = person.head or next((w for w in reversed(words) if w in lex.titles), None)
    return index
