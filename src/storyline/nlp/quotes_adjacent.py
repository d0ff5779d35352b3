"""Content next to a cue: its parsed clause, or the quoted stretches right before and after it."""

from __future__ import annotations

import bisect
from typing import Any

from storyline.nlp.quotes_content import after_dateline
from storyline.nlp.quotes_rules import Candidate

Piece = tuple[int, int, int]  # paragraph, start, end (characters)
MAX_OBJECT_GAP = 40  # characters of "told reporters:" allowed between a cue and its quote
INTERRUPT_GAP = 80  # characters of ", turning to X," between a cue and the second half of its quote
_QUOTE_CHARS = "“”\"«»„`'"


def doc_text(doc: Any) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token's text on each access)."""
    text = doc.user_data.get("storyline_text")
    if text is None:
        text = doc.user_data["storyline_text"] = doc.text
    return str(text)


def _chars(doc: Any, rng: tuple[int, int]) -> tuple[int, int]:
    span = doc[rng[0] : rng[1]]
    return span.start_char, span.end_char


def _adjacent_quote(doc: Any, cand: Candidate, spans_here: list[tuple[int, int]],
                    starts: list[int] | None = None) -> list[tuple[int, int]]:
    """The quoted stretches right after the cue (“He said: “...”) and right before it (“...,” he said).

    Both when the cue interrupts one quotation (“One reason,” he said, “is ...”): the stretch before
    must then end with a comma inside its marks, so two separate quotations never join.

    `spans_here` are the paragraph's quoted stretches, disjoint and in order (`starts` their starts):
    only those beginning at most MAX_OBJECT_GAP characters after the cue, or ending at most 3 before
    it, can qualify, and they are found by bisection.
    """
    if starts is None:
        starts = [s for s, _ in spans_here]
    cue_lo = min(t.idx for t in cand.cue)
    cue_hi = max(t.idx + len(t.text) for t in cand.cue)
    lo_s, hi_s = cue_lo, cue_hi
    if cand.speaker:
        sp = _chars(doc, cand.speaker)
        lo_s, hi_s = min(lo_s, sp[0]), max(hi_s, sp[1])
    text = doc_text(doc)
    before = _quote_before(text, spans_here, starts, lo_s)
    after = _quote_after(doc, text, spans_here, starts, hi_s, (":", ",", ".") if before else (":", ","))
    if before and not after and _ends_with_comma(text, before):
        after = _second_half(text, spans_here, starts, hi_s)
    if after and before:
        ends_sentence = any(c in ".!?" for c in text[hi_s : after[0]])
        if ends_sentence or _ends_with_comma(text, before):
            return [before, after]
        return [after]
    return [q for q in (after, before) if q]


def _ends_with_comma(text: str, q: tuple[int, int]) -> bool:
    """Whether a quoted stretch ends with a comma inside its marks (“A,” he said): a sentence goes on."""
    return text[q[0] : q[1]].rstrip("”\"'’» ").endswith(",")


def _second_half(text: str, spans_here: list[tuple[int, int]], starts: list[int],
                 hi_s: int) -> tuple[int, int] | None:
    """“A,” he said, turning to X, “b ...”: the next quoted stretch of the sentence, when it opens
    in lower case (the sentence the cue interrupted goes on) at most INTERRUPT_GAP characters on."""
    k = bisect.bisect_left(starts, hi_s)
    if k == len(spans_here) or spans_here[k][0] - hi_s > INTERRUPT_GAP:
        return None
    s, e = spans_here[k]
    gap = text[hi_s:s]
    first = text[s:e].lstrip(_QUOTE_CHARS + " ")[:1]
    if any(c in ".!?;" for c in gap) or not gap.rstrip().endswith(",") or not first.islower():
        return None
    return s, e


def _quote_after(doc: Any, text: str, spans_here: list[tuple[int, int]], starts: list[int],
                 hi_s: int, object_ends: tuple[str, ...] = (":", ",")) -> tuple[int, int] | None:
    """The quoted stretch after the cue and speaker, with at most the cue's object and a colon between."""
    for k in range(bisect.bisect_left(starts, hi_s), len(spans_here)):
        s, e = spans_here[k]
        if s - hi_s > MAX_OBJECT_GAP:
            break
        gap_after = text[hi_s:s]
        if s >= hi_s and len(gap_after) <= 3 and not any(c.isalnum() for c in gap_after):
            return s, e
        # "telling reporters: “...”": only the cue's object and a colon or comma in between
        if s >= hi_s and len(gap_after) <= MAX_OBJECT_GAP and gap_after.rstrip().endswith(object_ends):
            between = doc.char_span(hi_s, len(gap_after.rstrip()) + hi_s - 1, alignment_mode="expand")
            if between is not None and not any(t.pos_ in ("VERB", "AUX") or t.text in ".!?" for t in between):
                return s, e
    return None


def _quote_before(text: str, spans_here: list[tuple[int, int]], starts: list[int], lo_s: int) -> tuple[int, int] | None:
    """The quoted stretch ending at most 3 non-word characters before the speaker and cue."""
    for k in range(bisect.bisect_right(starts, lo_s) - 1, -1, -1):
        s, e = spans_here[k]
        if e < lo_s - 3:
            break  # the stretches are disjoint: earlier ones end earlier still
        gap = text[e:lo_s]
        if e <= lo_s and len(gap) <= 3 and not any(c.isalnum() for c in gap):
            return s, e
    return None


def candidate_pieces(doc: Any, c: Candidate, spans_here: list[tuple[int, int]], starts: list[int]) -> list[Piece]:
    """A candidate's content as pieces: its clause, else the quotation next to the cue.

    A quotation the cue interrupts (“A,” he said, “B”) gives both halves even when the parse
    found a clause for one of them.
    """
    p = c.paragraph
    pieces = [(p, *_chars(doc, (after_dateline(doc, *r), r[1]))) for r in c.content]
    if not c.verb_class & {"speech", "quote"}:
        return pieces
    adj = [(p, *q) for q in _adjacent_quote(doc, c, spans_here, starts)]
    if not pieces:
        return adj
    if len(adj) == 2 and any(s < ae and as_ < e for _p, s, e in pieces for _q, as_, ae in adj):
        return sorted(set(pieces + adj))
    cue_end = max(t.idx + len(t.text) for t in c.cue)
    if adj and all(cue_end <= s and e <= adj[-1][1] for _p, s, e in pieces):
        return adj[-1:]  # "joked of the museum, “...”": what lies between cue and quotation is its topic
    return pieces


def cut_cue(doc: Any, c: Candidate, pieces: list[Piece]) -> list[Piece]:
    """Pieces with the speaker and cue cut out where a content span runs across them."""
    toks = list(c.cue)
    if c.speaker:
        toks += [doc[c.speaker[0]], doc[c.speaker[1] - 1]]
    lo, hi = min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)
    text = doc_text(doc)
    out: list[Piece] = []
    for p, s, e in pieces:
        if p == c.paragraph and s < lo and hi < e:
            left = len(text[:lo].rstrip(" ,—–-"))
            right = hi + len(text[hi:e]) - len(text[hi:e].lstrip(" ,:;.—–-"))
            out += [(p, s, left)] if left > s else []
            out += [(p, right, e)] if right < e else []
        elif p == c.paragraph and s < lo < e <= hi:
            # “...”― Name: the closing mark and the dash are one token; the piece keeps the mark only
            mark = text[lo:hi]
            out.append((p, s, lo + len(mark) - len(mark.lstrip(_QUOTE_CHARS + "’"))))
        else:
            out.append((p, s, e))
    return out
