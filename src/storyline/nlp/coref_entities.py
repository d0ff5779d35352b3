"""Rule-based in-article coreference: roles around names and descriptors ("the Russian leader")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.nlp.ruler import role_words

# Entity labels whose tokens may qualify a role ("Russian President", "Kremlin spokesman").
_QUALIFIER_LABELS = frozenset({"NORP", "GPE", "ORG", "LOC", "FAC"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"})
_POSSESSIVE = frozenset({"'s", "’s", "'"})


def is_role(text: str) -> bool:
    roles, _, _ = role_words()
    return text.lower() in roles


def is_honorific(text: str) -> bool:
    _, honorifics, _ = role_words()
    return text.lower() in honorifics


def is_modifier(text: str) -> bool:
    _, _, modifiers = role_words()
    return text.lower() in modifiers


def _role_like(tok: Any) -> bool:
    return is_role(tok.text) or is_modifier(tok.text) or is_honorific(tok.text)


def split_leading_title(span: Any) -> tuple[int, str | None]:
    """(first name token index, title text) for a PERSON span that starts with role/honorific words."""
    i = span.start
    while i < span.end - 1 and (_role_like(span.doc[i]) or span.doc[i].lower_ in _DETERMINERS):
        i += 1
    if i == span.start:
        return i, None
    words = [t for t in span.doc[span.start:i] if t.lower_ not in _DETERMINERS]
    role = " ".join(t.text for t in words if not is_honorific(t.text)) or None
    return i, role


def role_before(doc: Any, start: int) -> str | None:
    """The role written right before a name: "Kremlin spokesman [Dmitry Peskov]" -> "Kremlin spokesman"."""
    found = role_span_before(doc, start)
    return found[1] if found else None


def role_span_before(doc: Any, start: int) -> tuple[int, str] | None:
    """(first token, text) of the role right before a name; "U.S. Secretary of State [John Kerry]"."""
    j = start - 1
    has_role = False
    while j >= 0:
        tok = doc[j]
        if is_role(tok.text):
            has_role = True
        elif is_modifier(tok.text) or tok.text in _POSSESSIVE:
            pass
        elif tok.ent_type_ in _QUALIFIER_LABELS and tok.ent_iob_ != "O" and tok.is_title | tok.is_upper:
            pass
        elif tok.lower_ == "of" and j > 0 and is_role(doc[j - 1].text) and doc[j + 1].is_title:
            pass  # "Minister of Defence", "Secretary of State"
        elif tok.is_title and j > 0 and doc[j - 1].lower_ == "of" and j > 1 and is_role(doc[j - 2].text):
            pass  # the capitalised word after "of" in such a title
        else:
            break
        j -= 1
    first = j + 1
    if not has_role:  # "Russian" alone is no role
        return None
    while first < start and (doc[first].text in _POSSESSIVE or is_honorific(doc[first].text)
                             or doc[first].lower_ == "of"):
        first += 1
    words = [t.text for t in doc[first:start] if not is_honorific(t.text)]
    if not words or not any(is_role(w) for w in words):
        return None
    return first, " ".join(words)


def qualified_role(doc: Any, start: int, role: str) -> str:
    """A role found inside a name span, with the qualifiers written before the span prepended."""
    j = start - 1
    quals: list[str] = []
    while j >= 0 and not is_role(doc[j].text) and (
        (doc[j].ent_type_ in _QUALIFIER_LABELS and doc[j].ent_iob_ != "O") or is_modifier(doc[j].text)
    ):
        quals.insert(0, doc[j].text)
        j -= 1
    return " ".join((*quals, role))


def role_after(doc: Any, end: int) -> str | None:
    """An appositive role: "Dmitry Peskov, the Kremlin spokesman, said" -> "Kremlin spokesman"."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    k = end + 1
    if k < len(doc) and doc[k].lower_ in _DETERMINERS:
        k += 1
    words: list[Any] = []
    while k < len(doc) and len(words) < 6:
        tok = doc[k]
        if tok.is_punct or tok.lower_ in ("who", "which", "said", "says", "told", "and"):
            break
        words.append(tok)
        k += 1
    if not words or (k < len(doc) and not (doc[k].is_punct or doc[k].lower_ in ("who", "said", "says", "told"))):
        return None
    ok = all(
        _role_like(t) or t.lower_ == "of" or t.text in _POSSESSIVE
        or (t.ent_type_ in _QUALIFIER_LABELS and t.ent_iob_ != "O")
        for t in words
    )
    if not ok or not any(is_role(t.text) for t in words) or words[-1].lower_ == "of":
        return None
    return " ".join(t.text for t in words)


def nationality_key(word: str) -> str:
    """A crude stem that makes "Russian" and "Russia", "Syrian" and "Syria" compare equal."""
    return word.lower().rstrip(".")[:4]


# Role heads that may name the same person ("the Russian leader" for "Russian President ...").
_ROLE_GROUPS = (
    frozenset({"leader", "president", "premier", "prime", "chancellor", "king", "queen", "emir", "head",
               "chief", "counterpart", "ruler", "monarch", "prince", "sheikh"}),
    frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor",
               "envoy", "diplomat", "minister", "secretary", "representative"}),
    frozenset({"commander", "general", "chief", "officer", "colonel", "admiral", "marshal"}),
)


@dataclass(frozen=True)
class Descriptor:
    """A definite description of a person: "the Russian leader" (token span, qualifiers, head word)."""

    paragraph: int
    start: int  # token index of "the"
    end: int
    qualifiers: tuple[str, ...]
    head: str


def find_descriptors(paragraph: int, doc: Any) -> list[Descriptor]:
    """ "the [NORP|ORG|GPE|modifier]* <role>" not followed by a name or "of"."""
    out: list[Descriptor] = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.lower_ != "the":
            continue
        j, quals = i + 1, []
        while j < n and not is_role(doc[j].text) and (
            (doc[j].ent_type_ in _QUALIFIER_LABELS and doc[j].ent_iob_ != "O") or is_modifier(doc[j].text)
        ):
            quals.append(doc[j].text)
            j += 1
        if j >= n or not is_role(doc[j].text) or doc[j].ent_type_ == "PERSON" or not doc[j].is_lower:
            continue
        nxt = doc[j + 1] if j + 1 < n else None
        if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.lower_ in ("of", "'s", "’s") or nxt.is_title):
            continue
        if not quals and doc[j].lower_ not in ("leader", "president", "spokesman", "spokeswoman", "premier"):
            continue
        out.append(Descriptor(paragraph, i, j + 1, tuple(quals), doc[j].lower_))
    return out


def role_compatible(head: str, role: str) -> bool:
    words = {w.lower() for w in role.split()}
    if head in words:
        return True
    return any(head in group and words & group for group in _ROLE_GROUPS)


def qualifiers_match(qualifiers: tuple[str, ...], role: str) -> bool:
    """Every qualifier that is not a generic modifier agrees with a word of the role."""
    keys = {nationality_key(w) for w in role.split()}
    return all(is_modifier(q) or nationality_key(q) in keys for q in qualifiers)


_HARMONISE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


def harmonise(docs: list[Any]) -> None:
    """One label per name across an article's docs (in place): minority labels follow the majority,
    and untagged repeats of a tagged name, or of a person's surname, get its label."""
    from collections import Counter

    from spacy.tokens import Span

    votes: dict[str, Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in _HARMONISE_LABELS and any(c.isalpha() for c in ent.text):
                votes.setdefault(ent.text, Counter())[ent.label_] += 3 if ent.ent_id_ else 1
    if not votes:
        return
    label_of = {text: c.most_common(1)[0][0] for text, c in votes.items()}
    name_words: set[str] = set()
    for text, lab in list(label_of.items()):
        words = text.split()
        if lab == "PERSON" and len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) > 2:
            label_of.setdefault(words[-1], "PERSON")
            name_words.update(w for w in words if len(w) > 2 and w[:1].isupper())
    for text, c in votes.items():
        # "Wang" tagged ORG alone in an article about "Wang Chen": a word of a person's name
        if text in name_words and label_of[text] in ("ORG", "NORP"):
            label_of[text] = "PERSON"
            c["PERSON"] = max(c.values()) + 1
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for text, lab in label_of.items():
        toks = tuple(text.split())
        if len(text) >= 3 and toks[0][:1].isupper():
            by_first.setdefault(toks[0], []).append((toks, lab))
    for first, cands_of in by_first.items():
        by_first[first] = sorted(cands_of, key=lambda t: -len(t[0]))  # longest first, once
    for doc in docs:
        ents = []
        for ent in doc.ents:
            lab = label_of.get(ent.text, "")
            tally = votes.get(ent.text)
            if lab and lab != ent.label_ and not ent.ent_id_ and tally and tally[lab] > tally[ent.label_]:
                ents.append(Span(doc, ent.start, ent.end, label=lab))
            else:
                ents.append(ent)
        taken = {i for e in ents for i in range(e.start, e.end)}
        i = 0
        while i < len(doc):
            cands = by_first.get(doc[i].text) if i not in taken else None
            hit = None
            for toks, lab in cands or ():
                j = i + len(toks)
                if j <= len(doc) and tuple(t.text for t in doc[i:j]) == toks and not taken & set(range(i, j)):
                    hit = (j, lab)
                    break
            if hit:
                ents.append(Span(doc, i, hit[0], label=hit[1]))
                i = hit[0]
            else:
                i += 1
        doc.ents = sorted(ents, key=lambda e: e.start)
