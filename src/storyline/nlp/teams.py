"""Teams in results and tables: a name followed by scores is a team (ORG), not its town or a person."""

from __future__ import annotations

from typing import Any

_NAME_LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC"})
MAX_NAME_TOKENS = 4


def _score(tok: Any) -> bool:
    """ "2", "320-5", ".556": a number a result or a table row carries."""
    t = tok.text
    return any(c.isdigit() for c in t) and all(c.isdigit() or c in ".-/" for c in t)


def _name_end(doc: Any, i: int, stop: int) -> int:
    """End of the capitalised run of words starting at i (i itself when there is none)."""
    k = i
    while k < stop and k - i < MAX_NAME_TOKENS and doc[k].is_alpha and (doc[k].is_title or doc[k].is_upper):
        k += 1
    return k


def team_spans(doc: Any) -> list[tuple[int, int, bool]]:
    """(start, end, sure) token ranges of team names: a sentence opening with a name and two scores
    ("NEW YORK 74 59 .556", "Surrey 320-5 ..."; sure only when the tagger took every word for a proper
    noun, as tables of wheat or sales look the same), and both names of a scoreline ("Leeds 2
    Chelsea 1": sure). A name that is not sure is only relabelled where the model saw a name."""
    out: list[tuple[int, int, bool]] = []
    for sent in doc.sents:
        lo, hi = sent.start, sent.end
        end = _name_end(doc, lo, hi)
        if end > lo and end + 1 < hi and _score(doc[end]) and _score(doc[end + 1]):
            out.append((lo, end, all(doc[k].tag_ == "NNP" for k in range(lo, end))))
        i = lo
        while i < hi:
            end = _name_end(doc, i, hi)
            if end == i:
                i += 1
                continue
            nxt = _name_end(doc, end + 1, hi) if end + 1 < hi and _score(doc[end]) else end + 1
            if nxt > end + 1 and nxt < hi and _score(doc[nxt]):
                out += [(i, end, True), (end + 1, nxt, True)]
            i = end
    return sorted(set(out))


def fix_teams(doc: Any, ents: list[Any]) -> list[Any]:
    """doc.ents with team names labelled ORG (an entity over a team name is relabelled, a team name no
    entity covers is added)."""
    from spacy.tokens import Span

    teams = team_spans(doc)
    if not teams:
        return ents
    spans = {(s, t) for s, t, _sure in teams}
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for e in ents:
        if (e.start, e.end) in spans and e.label_ in _NAME_LABELS and e.label_ != "ORG" and not e.ent_id_:
            out.append(Span(doc, e.start, e.end, label="ORG"))
        else:
            out.append(e)
    for s, t, sure in teams:
        if sure and not any(i in taken for i in range(s, t)):
            out.append(Span(doc, s, t, label="ORG"))
    return sorted(out, key=lambda e: e.start)
