"""Which clause of the parse is a cue verb's that-clause: after the cue first, misparsed ones recovered."""

from __future__ import annotations

from typing import Any

Tok = Any  # spacy.tokens.Token
_SUBJ = ("nsubj", "nsubjpass")
_BREAKS = frozenset({";", ":"})
_REPORTING = frozenset({"speech", "belief"})


def complement_clauses(tok: Tok, classes: frozenset[str]) -> list[Tok]:
    """The heads of the cue's complement clauses, best first.

    A ccomp after the cue comes before one in front of it ("Writing for X that all agreed Y won,
    Z noted that ..."); one in front counts only when no semicolon or colon parts it from the cue
    ("It's unlikely; the team says she'll ..."). For a reporting verb with no ccomp, a clause the
    parser took for something else is recovered: an adverbial clause with its own subject and no
    subordinator ("said after the convention he would not accept ..."), a gerund subject the parser
    took for the cue's xcomp ("said legalizing it could ..."), and a 'that' clause hung on the cue's
    object as a relative clause ("told a meeting of leaders that few people ...").
    """
    doc = tok.doc
    right = [c for c in tok.rights if c.dep_ == "ccomp"]
    left = [c for c in tok.lefts if c.dep_ == "ccomp"
            and not any(doc[k].text in _BREAKS for k in range(c.right_edge.i + 1, tok.i))]
    if right or left or not classes & _REPORTING:
        return right + left
    return [c for c in tok.rights if _bare_clause(c) or _gerund_subject(tok, c)] + _object_that_clause(tok)


def _bare_clause(c: Tok) -> bool:
    """An adverbial clause that reads as a complement: its own subject, no subordinator in front."""
    if c.dep_ != "advcl" or c.pos_ not in ("VERB", "AUX"):
        return False
    lefts = list(c.lefts)
    has_subject = any(m.dep_ in _SUBJ for m in lefts)
    return has_subject and not any(m.dep_ in ("mark", "advmod") for m in lefts)


def _gerund_subject(tok: Tok, c: Tok) -> bool:
    """'said legalizing it could put ...': a gerund right after the cue that the parser took for
    its xcomp, with the real clause hung under it, is the subject of what was said."""
    return c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == tok.i + 1 and any(g.dep_ == "ccomp" for g in c.children)


def _object_that_clause(tok: Tok) -> list[Tok]:
    """'told a meeting of leaders that few people understood ...': the relative clause on the cue's
    object whose 'that' is a complementiser (the clause has a subject of its own)."""
    out = []
    for obj in tok.rights:
        if obj.dep_ != "dobj":
            continue
        for rel in obj.subtree:
            if rel.dep_ != "relcl" or rel.i < obj.i:
                continue
            lefts = list(rel.lefts)
            that = [m for m in lefts if m.lower_ == "that" and m.dep_ == "mark"]
            if that and any(m.dep_ in _SUBJ and m.lower_ != "that" for m in lefts):
                out.append(rel)
    return out


def object_as_subject(tok: Tok, clause: Tok) -> int | None:
    """'promised her whole plan would be paid for ...', 'claimed he above all others has ...': the
    parser took the clause's subject for the cue's object and left the clause without one; where the
    clause then starts (the object's first token), else None."""
    if clause.dep_ != "ccomp" or clause.i < tok.i or any(m.dep_ in _SUBJ + ("csubj", "expl") for m in clause.lefts):
        return None
    if any(m.dep_ == "mark" or m.tag_ in ("VBG", "VBN", "TO") or m.lower_ == "to" for m in clause.lefts):
        return None
    if clause.tag_ not in ("VBD", "VBZ", "VBP") and not any(m.tag_ in ("MD", "VBD", "VBZ", "VBP") for m in clause.lefts):
        return None
    obj = next((c for c in tok.rights if c.i < clause.i and not c.is_punct), None)
    return int(obj.left_edge.i) if obj is not None and obj.dep_ == "dobj" else None
