"""Cue rules on the dependency parse: reporting verbs and 'according to', with speaker and content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.nlp.quotes_lexicon import Lexicon

Tok = Any  # spacy.tokens.Token
_SUBJ = ("nsubj", "csubj")
_INHERIT = ("conj", "advcl", "xcomp", "pcomp")
_CLAUSE = ("ccomp", "xcomp")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG", "VBN", "VB"})
_SKIP_AFTER_CUE = frozenset({",", ":", "that", "-", "—", "–"})


@dataclass
class Candidate:
    """One cue found in a paragraph, before quotes, nesting and speakers are settled."""

    paragraph: int
    cue: list[Tok]  # the cue's tokens (verb, particle, channel phrase; or 'according to')
    cue_text: str
    speaker: tuple[int, int] | None  # token range of the speaker mention
    content: list[tuple[int, int]]  # token ranges of the content (one or two fragments)
    verb_class: frozenset[str] = field(default_factory=frozenset)
    inherited: bool = False  # speaker taken from a governing verb ("..., adding that ...")


def _span(tok: Tok) -> tuple[int, int]:
    """Token range of a subtree, without trailing or leading punctuation."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while lo < hi - 1 and doc[lo].is_punct:
        lo += 1
    while hi - 1 > lo and doc[hi - 1].is_punct:
        hi -= 1
    return lo, hi


def _subject_span(tok: Tok) -> tuple[int, int] | None:
    """The subject of tok, trimmed of relative clauses after a comma."""
    for c in tok.children:
        if c.dep_ in _SUBJ:
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                head = tok.head
                return head.left_edge.i, head.i + 1
            lo, hi = _span(c)
            for cc in c.rights:
                if cc.dep_ in ("relcl", "acl", "appos") and cc.i > c.i:
                    hi = min(hi, cc.left_edge.i)
                    while hi - 1 > lo and tok.doc[hi - 1].is_punct:
                        hi -= 1
            return lo, hi
    return None


def find_subject(tok: Tok, depth: int = 0) -> tuple[tuple[int, int] | None, bool]:
    """(speaker token range, inherited?) for a cue verb; climbs conj/advcl/xcomp to a governing verb."""
    own = _subject_span(tok)
    if own is not None:
        return own, depth > 0
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        return (head.left_edge.i, head.i + 1), True
    if depth < 3 and tok.dep_ in _INHERIT and tok.head is not tok:
        return find_subject(tok.head, depth + 1)
    return None, False


def _channel(tok: Tok, lex: Lexicon) -> list[Tok]:
    """Tokens of a channel phrase right after the cue ("in a statement"), else []."""
    doc = tok.doc
    for phrase in lex.channels:
        toks = doc[tok.i + 1 : tok.i + 1 + len(phrase)]
        if len(toks) == len(phrase) and tuple(t.lower_ for t in toks) == phrase:
            return list(toks)
    return []


def _is_cue_verb(tok: Tok) -> bool:
    if tok.tag_ not in _VERB_TAGS:
        return False
    if tok.dep_ == "amod":
        return False
    return not (tok.dep_ == "acl" and not any(c.dep_ in _CLAUSE for c in tok.children))


def _content_after(tok: Tok, skip: set[int]) -> tuple[int, int] | None:
    """Object-style content: from the first right dependent after the cue to the end of its clause."""
    rights = [c for c in tok.rights if c.i not in skip and c.dep_ not in ("punct", "cc", "conj", "advcl", "prt")
              and not (c.dep_ == "prep" and c.i in skip)]
    rights = [c for c in rights if c.dep_ not in _SUBJ]
    if not rights:
        return None
    lo = min(c.left_edge.i for c in rights)
    hi = max(c.right_edge.i for c in rights) + 1
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct and doc[lo].text not in "“\"`" or doc[lo].lower_ in _SKIP_AFTER_CUE):
        lo += 1
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    return (lo, hi) if hi > lo else None


def _content_rest(last: Tok) -> tuple[int, int] | None:
    """'vowed in a statement to ...', 'said that ...': the rest of the sentence after the cue."""
    doc = last.doc
    nxt = last.i + 1
    if nxt >= last.sent.end or doc[nxt].lower_ not in ("to", "that", ":"):
        return None
    lo, hi = nxt + (doc[nxt].lower_ == ":"), last.sent.end
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    return (lo, hi) if hi - lo >= 2 else None


def _trim(doc: Any, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and doc[lo].is_punct and doc[lo].text not in "“\"`":
        lo += 1
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    return lo, hi


def _content_around(cue: list[Tok], subj: tuple[int, int] | None) -> list[tuple[int, int]]:
    """'Y, he said, Z.' / 'Y, Mr. X said.': a parenthetical cue; the rest of the sentence is content."""
    doc = cue[0].doc
    sent = cue[0].sent
    lo, hi = cue[0].i, cue[-1].i + 1
    if subj is not None:
        if subj[1] < lo - 1 or subj[0] > hi + 1:
            return []
        lo, hi = min(lo, subj[0]), max(hi, subj[1])
    if lo <= sent.start or doc[lo - 1].text not in (",", "—", "–") or hi >= sent.end:
        return []
    if doc[hi].text not in (",", ".", ";", "—", "–", "!", "?"):
        return []
    frags = [_trim(doc, sent.start, lo - 1), _trim(doc, hi + 1, sent.end)]
    return [f for f in frags if f[1] - f[0] >= 2]


def verb_candidates(doc: Any, paragraph: int, lex: Lexicon, inside: Any) -> list[Candidate]:
    """Candidates for every cue verb of one paragraph that is not itself inside quotation marks.

    `inside(char_offset)` tells whether a character lies inside a quoted stretch.
    """
    out: list[Candidate] = []
    for tok in doc:
        entry = lex.verb(tok.text)
        if entry is None or not _is_cue_verb(tok) or inside(tok.idx):
            continue
        _base, classes = entry
        cue = [tok]
        prt = [c for c in tok.children if c.dep_ == "prt" and c.i == tok.i + 1]
        cue += prt
        chan = _channel(cue[-1], lex)
        cue += chan
        skip = {t.i for t in cue}
        for c in tok.children:  # the channel phrase's own subtree
            if chan and c.i == chan[0].i:
                skip |= {t.i for t in c.subtree}
        content: tuple[int, int] | None = None
        clauses = [c for c in tok.children if c.dep_ == "ccomp"]
        if not clauses and ("speech" in classes or "object" in classes):
            clauses = [c for c in tok.children if c.dep_ == "xcomp" and any(t.lower_ == "to" for t in c.lefts)]
        if clauses:
            c = clauses[0]
            lo, hi = _span(c)
            # include a leading complementiser ('that') and, for 'urged them to', the object
            for m in c.lefts:
                if m.dep_ in ("mark",) and m.lower_ == "that":
                    lo = min(lo, m.i)
            content = (lo, hi)
        elif "object" in classes:
            content = _content_after(tok, skip)
        if content is None and classes & {"speech", "object"}:
            content = _content_rest(cue[-1])
        subj, inherited = find_subject(tok)
        frags = [content] if content else []
        if not frags and classes & {"speech", "belief"}:
            frags = _content_around(cue, None if inherited else subj)
        out.append(Candidate(paragraph, cue, " ".join(t.text for t in cue), subj, frags, classes, inherited))
    return out


def prep_candidates(doc: Any, paragraph: int, lex: Lexicon, inside: Any) -> list[Candidate]:
    """'According to X' (and the other prepositional cues): X speaks, the rest of the sentence is content."""
    out: list[Candidate] = []
    for tok in doc:
        for phrase in lex.preps:
            toks = doc[tok.i : tok.i + len(phrase)]
            if len(toks) != len(phrase) or tuple(t.lower_ for t in toks) != phrase or inside(tok.idx):
                continue
            last = toks[-1]
            objs = [c for c in last.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if not objs:
                continue
            speaker = _span(objs[0])
            sent = tok.sent
            lo_phrase, hi_phrase = tok.i, speaker[1]
            frags = []
            before = (sent.start, lo_phrase)
            after = (hi_phrase, sent.end)
            for lo, hi in (before, after):
                while lo < hi and (doc[lo].is_punct and doc[lo].text not in "“\"`"):
                    lo += 1
                while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
                    hi -= 1
                if hi - lo >= 2:
                    frags.append((lo, hi))
            if frags:
                out.append(Candidate(paragraph, list(toks), " ".join(t.text for t in toks).lower(), speaker, frags))
    return out
