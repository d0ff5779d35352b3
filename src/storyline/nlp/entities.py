"""Canonical entities of an article: spaCy + ruler mentions, titles split off, merged by rules."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storyline.model import ENTITY_TYPES, Article, Entity, Mention
from storyline.nlp.coref_entities import (
    find_descriptors,
    harmonise,
    is_honorific,
    qualified_role,
    qualifiers_match,
    role_after,
    role_before,
    role_compatible,
    role_span_before,
    split_leading_title,
)
from storyline.nlp.geo_ner import COMPASS
from storyline.nlp.ruler import KEEP_THE, alias_by_id, alias_index

KEEP = ENTITY_TYPES
_POSSESSIVE = ("'s", "’s", "'", "’")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|ad|ul)[-‐ ]", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,9}$")


@dataclass
class _Mention:
    paragraph: int
    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    label: str
    ent_id: str | None
    role: str | None = None


@dataclass
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    ent_id: str | None = None
    _forms: set[str] = field(default_factory=set)

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        if m.text not in self._forms:
            self._forms.add(m.text)
            self.forms.append(m.text)
        self.labels[m.label] += 3 if m.ent_id else 1
        if m.role and m.role not in self.roles:
            self.roles.append(m.role)
        self.ent_id = self.ent_id or m.ent_id

    @property
    def type(self) -> str:
        """The label with most votes (ruler-labelled mentions count triple); places win ties."""
        return max(self.labels, key=lambda lab: (self.labels[lab], lab in ("GPE", "LOC")))

    @property
    def first(self) -> tuple[int, int]:
        m = min(self.mentions, key=lambda m: (m.paragraph, m.start))
        return m.paragraph, m.start


def name_key(word: str) -> str:
    """Compare name tokens without case, accents of apostrophes or Arabic article prefixes."""
    w = _ARTICLE_PREFIX.sub("", word.replace("’", "'")).lower()
    return w.strip(".'")


def _mentions(paragraph: int, doc: Any) -> list[_Mention]:
    out = []
    in_titles: set[int] = set()  # tokens after "of" inside a title: "Secretary of [State]"
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            found = role_span_before(doc, ent.start)
            if found:
                words = doc[found[0]:ent.start]
                ofs = [t.i for t in words if t.lower_ == "of"]
                if ofs:
                    in_titles.update(range(ofs[0] + 1, ent.start))
    for ent in doc.ents:
        if ent.label_ != "PERSON" and in_titles.issuperset(range(ent.start, ent.end)):
            continue
        if ent.label_ not in KEEP:
            continue
        start, end, role = ent.start, ent.end, None
        while end > start + 1 and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        if start < end and doc[start].lower_ == "the" and end - start > 1 and doc[start + 1].text not in KEEP_THE:
            start += 1
        if ent.label_ in ("GPE", "LOC"):
            while end - start > 1 and doc[start].is_lower and doc[start].lower_ in COMPASS:
                start += 1  # "northeast Nigeria" -> "Nigeria"
        if ent.label_ == "PERSON":
            start, role = split_leading_title(doc[start:end])
            while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].text in _POSSESSIVE):
                end -= 1
            if role and ent.start > 0:
                role = qualified_role(doc, ent.start, role)  # "Russian" + tagged "[President Putin]"
            role = role or role_before(doc, start) or role_after(doc, ent.end)
            if is_honorific(doc[start].text) and end - start > 1:
                start += 1
        if start >= end:
            continue
        span = doc[start:end]
        text = span.text
        if not any(c.isalpha() for c in text):
            continue
        out.append(_Mention(paragraph, start, end, span.start_char, span.end_char, text, ent.label_,
                            ent.ent_id_ or None, role))
    return out


def _acronym_of(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _cluster_people(people: list[_Mention]) -> list[_Cluster]:
    """Full names first; then single names join the full name they end (or start) with.

    Clusters are looked up by the keys of their first form (which never changes), by position.
    """
    clusters: list[_Cluster] = []
    exact: dict[tuple[str, ...], int] = {}  # keys of the first form -> first cluster
    ends: dict[tuple[str, str], int] = {}  # (first, last) key -> first cluster
    by_last: dict[str, list[int]] = {}  # last key -> clusters, in order
    by_word: dict[str, list[int]] = {}  # any key -> clusters, in order
    for m in sorted(people, key=lambda m: -len(m.text.split())):
        keys = [name_key(w) for w in m.text.split()]
        found = [exact.get(tuple(keys))]
        if len(keys) > 1:
            found.append(ends.get((keys[0], keys[-1])))
        hits = [k for k in found if k is not None]
        target = clusters[min(hits)] if hits else None
        if target is None and len(keys) == 1:
            cands = by_last.get(keys[0]) or by_word.get(keys[0]) or []
            if cands:
                target = max((clusters[k] for k in cands), key=lambda c: len(c.mentions))
        if target is None:
            target = _Cluster()
            k = len(clusters)
            clusters.append(target)
            ckeys = [name_key(w) for w in m.text.split()]
            exact.setdefault(tuple(ckeys), k)
            if ckeys:
                ends.setdefault((ckeys[0], ckeys[-1]), k)
                by_last.setdefault(ckeys[-1], []).append(k)
                for w in dict.fromkeys(ckeys):
                    by_word.setdefault(w, []).append(k)
        target.add(m)
    return clusters


def _cluster_others(others: list[_Mention]) -> list[_Cluster]:
    """Group by alias-table id, else by text; acronyms join the name they abbreviate."""
    by_key: dict[str, _Cluster] = {}
    index = alias_index()
    for m in others:
        entry = index.get(m.text.casefold()) if not m.ent_id else None
        key = m.ent_id or (entry.id if entry else None) or " ".join(name_key(w) for w in m.text.split())
        if entry and not m.ent_id:
            m.ent_id = entry.id
        by_key.setdefault(key, _Cluster()).add(m)
    clusters = list(by_key.values())
    by_acronym: dict[str, list[_Cluster]] = {}  # multi-word first forms by their acronym
    for o in clusters:
        words = o.forms[0].split()
        if len(words) > 1:
            by_acronym.setdefault(_acronym_of(words), []).append(o)
    merged: list[_Cluster] = []
    for c in clusters:
        form = c.forms[0]
        if _ACRONYM.match(form) and not c.ent_id:
            acr = form.replace(".", "")
            full = [o for o in by_acronym.get(acr, ()) if o is not c]
            if len(full) == 1:
                for m in c.mentions:
                    full[0].add(m)
                continue
        merged.append(c)
    return merged


def extract_entities(article: Article, docs: list[Any]) -> tuple[Entity, ...]:
    """The article's canonical entities, in order of first mention.

    First makes the docs' labels consistent across the article (coref_entities.harmonise, in place).
    """
    harmonise(docs)
    mentions = [m for i, doc in enumerate(docs) for m in _mentions(i, doc)]
    people = [m for m in mentions if m.label == "PERSON"]
    others = [m for m in mentions if m.label != "PERSON"]
    # a single word tagged PERSON somewhere but ORG/GPE (or in the alias table) elsewhere is not a person
    index = alias_index()
    other_texts = {m.text for m in others} | {m.text for m in people if m.text.casefold() in index}
    other_labels: dict[str, Counter[str]] = {}
    for o in others:
        other_labels.setdefault(o.text, Counter())[o.label] += 1
    kept: list[_Mention] = []
    for m in people:
        if len(m.text.split()) == 1 and m.text in other_texts:
            entry = index.get(m.text.casefold())
            if entry:
                m.label, m.ent_id = entry.type, entry.id
            else:
                m.label = other_labels[m.text].most_common(1)[0][0]
            others.append(m)
            other_labels.setdefault(m.text, Counter())[m.label] += 1  # it votes for the next one too
        else:
            kept.append(m)
    people = kept
    person_clusters = _cluster_people(people)
    _propagate_surnames(docs, person_clusters)
    clusters = person_clusters + _cluster_others(others)
    extra_aliases: dict[int, list[str]] = {}
    extra_mentions: dict[int, list[Mention]] = {}
    desc_roles: dict[int, list[str]] = {}
    fitting: dict[tuple[str, tuple[str, ...]], list[_Cluster]] = {}  # description -> clusters it fits
    places = {id(c): sorted((m.paragraph, m.start) for m in c.mentions) for c in person_clusters}
    for i, doc in enumerate(docs):
        for d in find_descriptors(i, doc):
            key = (d.head, d.qualifiers)
            if key not in fitting:
                fitting[key] = [c for c in person_clusters if any(
                    role_compatible(d.head, r) and qualifiers_match(d.qualifiers, r) for r in c.roles)]
            cands = fitting[key]
            at = (i, doc[d.start].idx)
            before = [c for c in cands if places[id(c)][0] <= at]
            cands = before or cands
            if not cands:
                continue
            target = max(cands, key=lambda c: (_last_at(places[id(c)], at) if before else (0, 0), len(c.mentions)))
            span = doc[d.start:d.end]
            desc_roles.setdefault(id(target), []).append(" ".join((*d.qualifiers, d.head.capitalize())))
            extra_mentions.setdefault(id(target), []).append(Mention(i, span.start_char, span.end_char, span.text))
            form = span.text[0].lower() + span.text[1:]
            if form not in extra_aliases.setdefault(id(target), []):
                extra_aliases[id(target)].append(form)
    out = []
    for c in sorted(clusters, key=lambda c: c.first):
        typ = c.type
        name = _canonical_name(c, typ)
        if c.ent_id:
            canon = _entry_name(c.ent_id)
            if canon:
                name = canon
        aliases = [f for f in c.forms if f != name] + extra_aliases.get(id(c), [])
        ments = sorted(
            [Mention(m.paragraph, m.start, m.end, m.text) for m in c.mentions] + extra_mentions.get(id(c), []),
            key=lambda m: (m.paragraph, m.start),
        )
        role = _best_role(c.roles) if typ == "PERSON" else None
        if role and role.split()[-1].lower() == "counterpart" and desc_roles.get(id(c)):
            role = _best_role(desc_roles[id(c)])  # "his Syrian counterpart" + "the Syrian president"
        out.append(Entity(name=name, type=typ, aliases=tuple(aliases), mentions=tuple(ments), role=role,
                          id=c.ent_id))
    return tuple(out)


def _propagate_surnames(docs: list[Any], clusters: list[_Cluster]) -> None:
    """A full name's surname where the tagger missed it ("Macron disagreed.") is one more mention."""
    surnames: dict[str, list[_Cluster]] = {}
    for c in clusters:
        words = c.forms[0].split()
        if len(words) > 1:
            surnames.setdefault(name_key(words[-1]), []).append(c)
    if not surnames:
        return
    for i, doc in enumerate(docs):
        for tok in doc:
            if tok.ent_iob_ != "O" or not tok.is_title or not tok.is_alpha:
                continue
            cands = surnames.get(name_key(tok.text))
            if cands and len(cands) == 1 and tok.pos_ == "PROPN":
                cands[0].add(_Mention(i, tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", None))


def _last_at(places: list[tuple[int, int]], at: tuple[int, int]) -> tuple[int, int]:
    """The last of sorted (paragraph, start) places at or before `at` (there is one)."""
    return places[bisect_right(places, at) - 1]


def _entry_name(ent_id: str) -> str | None:
    entry = alias_by_id().get(ent_id)
    return entry.name if entry else None


def _canonical_name(c: _Cluster, typ: str) -> str:
    """The longest surface form (most words), earliest on ties."""
    order = {f: k for k, f in enumerate(c.forms)}
    if typ == "PERSON":
        return max(c.forms, key=lambda f: (len(f.split()), -order[f]))
    counts = Counter(m.text for m in c.mentions)
    return max(c.forms, key=lambda f: (not _ACRONYM.match(f), counts[f], -order[f]))


def _best_role(roles: list[str]) -> str | None:
    """The most specific role seen: the one with most words, first on ties ("Russian President")."""
    if not roles:
        return None
    return max(roles, key=lambda r: (len(r.split()), -roles.index(r)))
