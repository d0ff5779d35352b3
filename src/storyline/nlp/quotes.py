"""Who said what: direct, indirect and mixed quotes with their cue, speaker and nested source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

from storyline.model import Article, Entity, Quote
from storyline.nlp.docindex import DocIndex
from storyline.nlp.quotes_adjacent import Piece, candidate_pieces, cut_cue
from storyline.nlp.quotes_index import Covered, Kinds, LastSpeaker, SpanIndex, nesting
from storyline.nlp.quotes_lexicon import lexicon
from storyline.nlp.quotes_marks import QSpan, close_brackets, find_quoted
from storyline.nlp.quotes_rules import (
    Candidate,
    colon_candidates,
    dash_candidates,
    noun_candidates,
    prep_candidates,
    verb_candidates,
)
from storyline.nlp.speakers import Resolved, SpeakerResolver

_MIN_CONTINUATION_WORDS = 4
COLON_MAX_WORDS = 4  # "NAME:" opening a paragraph (transcripts, headlines) is at most this long
MERGE_GAP = 1  # a cue-less quote in the next paragraph joins the quote before it
CONTINUATION_GAP = 2  # a cue-less quote continues a speaker quoted at most this many paragraphs before
_QUOTE_CHARS = "“”\"«»„`'"


@dataclass(frozen=True)
class Attribution:
    """A quote with everything the eval needs: content pieces and the speaker's position."""

    pieces: tuple[Piece, ...]
    kind: str
    cue: str | None
    cue_at: Piece | None
    speaker: Resolved | None
    source: Resolved | None
    nested: bool = False

    def to_quote(self, paragraphs: tuple[str, ...]) -> Quote:
        first, last = self.pieces[0], self.pieces[-1]
        text = " ".join(paragraphs[p][s:e] for p, s, e in self.pieces)
        return Quote(
            text=text,
            kind=self.kind,
            cue=self.cue,
            speaker=self.speaker.speaker if self.speaker else None,
            source=self.source.speaker if self.source else None,
            paragraph=first[0],
            start=first[1],
            end=last[2],
            end_paragraph=last[0] if last[0] != first[0] else None,
        )


class _Inside:
    """Whether a character offset of one paragraph lies inside quotation marks."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]

    def __call__(self, char: int) -> bool:
        i = bisect.bisect_right(self.starts, char) - 1
        return i >= 0 and self.ranges[i][0] < char < self.ranges[i][1] - 1


def _kind(pieces: tuple[Piece, ...], kinds: Kinds) -> str:
    """direct when every word of the content is inside quotation marks, mixed when some are."""
    inside, outside = kinds.counts(pieces)
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def _extend(pieces: list[Piece], index: SpanIndex, paragraphs: tuple[str, ...]) -> list[Piece]:
    """Grow content to cover whole quoted stretches it touches (multi-sentence, multi-paragraph).

    The stretches are taken in text order, each against the content as grown so far.
    """
    out = list(pieces)
    last = -1
    while True:
        hits = [k for p, s, e in out if (k := index.first_touching(p, s, e, last)) is not None]
        if not hits:
            break
        last = min(hits)
        out = _merge_close(out + index.pieces[last], paragraphs)
    return _merge_close(out, paragraphs)


def _merge_close(pieces: list[Piece], paragraphs: tuple[str, ...]) -> list[Piece]:
    """Merge pieces of the same paragraph; a multi-paragraph quote keeps one piece per paragraph."""
    by_para: dict[int, list[tuple[int, int]]] = {}
    for p, s, e in sorted(pieces):
        by_para.setdefault(p, []).append((s, e))
    out: list[Piece] = []
    for p, ranges in sorted(by_para.items()):
        cur_s, cur_e = ranges[0]
        for s, e in ranges[1:]:
            if s <= cur_e + 1:
                cur_e = max(cur_e, e)
            else:
                out.append((p, cur_s, cur_e))
                cur_s, cur_e = s, e
        out.append((p, cur_s, cur_e))
    return out


def attributions(article: Article, docs: list[Any], entities: tuple[Entity, ...] = ()) -> list[Attribution]:
    """Every attribution of an article, nested ones included (flagged), in text order."""
    paragraphs = article.paragraphs
    lex = lexicon()
    spans = find_quoted(paragraphs)
    by_para = _quoted_by_paragraph(spans, paragraphs)
    quoted = [sorted(by_para.get(p, [])) for p in range(len(paragraphs))]
    span_index = SpanIndex(spans, paragraphs)
    kinds = Kinds(paragraphs, quoted)
    resolver = SpeakerResolver(docs, entities, lex)
    cands: list[tuple[Candidate, list[Piece]]] = []
    for p, doc in enumerate(docs):
        inside = _Inside(quoted[p])
        index = DocIndex(doc)
        found = colon_candidates(doc, p, COLON_MAX_WORDS) + dash_candidates(doc, p, quoted[p], COLON_MAX_WORDS + 2)
        found += verb_candidates(doc, p, lex, inside, index) + prep_candidates(doc, p, lex, inside, index)
        found += noun_candidates(doc, p, lex, inside)
        for c in found:
            pieces = candidate_pieces(doc, c, quoted[p], inside.starts)
            if not pieces:
                continue
            pieces = close_brackets(cut_cue(doc, c, _extend(pieces, span_index, paragraphs)), paragraphs)
            cands.append((c, pieces))
    cands.sort(key=lambda cp: (cp[1][0], cp[0].cue[0].i))
    # nesting: a cue inside another's content, whose speaker is inside that content, is its source
    nested_in = nesting([(c.paragraph, c.cue[0].idx) for c, _ in cands], [pi for _, pi in cands])
    first_inner: dict[int, int] = {}
    for j, i in nested_in.items():
        first_inner[i] = min(j, first_inner.get(i, j))
    out: list[Attribution] = []
    resolved: dict[int, Resolved | None] = {}
    for i, (c, _pieces) in enumerate(cands):
        r = resolver.resolve(c.paragraph, *c.speaker) if c.speaker else None
        if r is not None and i not in nested_in:
            resolver.remember(r)
        resolved[i] = _carried(r) if c.inherited else r  # "..., adding that ...": the governing verb's speaker
    for i, (c, pieces) in enumerate(cands):
        source = None
        if i in first_inner:
            source = resolved[first_inner[i]]
            if source is not None and source.speaker.type is None:
                source = None  # "the victory shows ...": a finding, not somebody's words
            if source and resolved[i] and source.speaker.name == resolved[i].speaker.name:  # type: ignore[union-attr]
                source = None
        cue_tok = c.cue[0]
        cue_at = (c.paragraph, cue_tok.idx, c.cue[-1].idx + len(c.cue[-1].text))
        tp = tuple(pieces)
        out.append(Attribution(tp, _kind(tp, kinds), c.cue_text, cue_at, resolved[i], source,
                               nested=i in nested_in))
    out = _distinct(out)
    out += _continuations(out, spans, paragraphs, docs)
    out.sort(key=lambda a: a.pieces[0])
    return out


def _distinct(found: list[Attribution]) -> list[Attribution]:
    """One attribution per content: a second cue of the same quotation (“A,” he said, repeating ...;
    "said in a statement" and its noun) does not make it a second quote; the first cue stays."""
    seen: set[tuple[tuple[Piece, ...], bool]] = set()
    out: list[Attribution] = []
    for a in found:
        if (a.pieces, a.nested) not in seen:
            seen.add((a.pieces, a.nested))
            out.append(a)
    return out


def _continuations(found: list[Attribution], spans: list[QSpan], paragraphs: tuple[str, ...],
                   docs: list[Any]) -> list[Attribution]:
    """Quoted sentences with no cue of their own continue the speaker quoted just before them.

    `found` is updated in place where a continuation joins the attribution before it.
    """
    # stretches are disjoint, so one joined to an attribution never overlaps a later one: the
    # pieces attributed before the loop are all that `covered` needs
    covered = Covered([pc for a in found for pc in a.pieces])
    speakers = LastSpeaker(found, lambda a: bool(a.speaker) and not a.nested)
    out: list[Attribution] = []
    for q in spans:
        qp = q.pieces(paragraphs)
        if covered.overlaps(qp):
            continue
        text = " ".join(paragraphs[p][s:e] for p, s, e in qp)
        inner = text.strip(_QUOTE_CHARS + " ")
        if len(inner.split()) < _MIN_CONTINUATION_WORDS or not inner[:1].isupper():
            continue
        if not _after_sentence(paragraphs[q.paragraph], q.start):
            continue  # a quoted fragment inside an unattributed sentence, not a continuation
        speakers.activate_before(q.paragraph, q.start)
        rank = speakers.best(q.paragraph - CONTINUATION_GAP, q.paragraph)
        if rank is None:
            continue
        rank = _quoted_by_same_speaker(speakers.items, rank)
        last = speakers.items[rank]
        if _joins(last, q, paragraphs):
            # "X," she said. "Y." - one attribution with two fragments
            grown = replace(last, pieces=last.pieces + tuple(qp), kind="mixed" if last.kind == "indirect" else last.kind)
            speakers.replace(rank, grown)
            if rank < len(found):
                found[rank] = grown
            else:
                out[rank - len(found)] = grown
            continue
        new = Attribution(tuple(qp), "direct", None, None, _carried(last.speaker), last.source)
        out.append(new)
        speakers.add(new)
    return out


def _joins(last: Attribution, q: QSpan, paragraphs: tuple[str, ...]) -> bool:
    """Whether a quotation with no cue joins the attribution before it: a quotation at most MERGE_GAP
    paragraphs on, or right after a paraphrase and its colon ("said she has what it takes: “...”")."""
    if last.kind != "indirect":
        return q.paragraph - last.pieces[-1][0] <= MERGE_GAP
    p, _s, e = last.pieces[-1]
    return p == q.paragraph and paragraphs[p][e : q.start].strip(_QUOTE_CHARS + " ") == ":"


def _quoted_by_same_speaker(items: list[Attribution], rank: int) -> int:
    """“A,” X said, referring to Y. “B.”: a paraphrase after the quotation, by the same speaker, does
    not take the next quotation; the quotation before it does (the closest such one, else `rank`)."""
    last = items[rank]
    if last.kind != "indirect" or last.speaker is None:
        return rank
    for k in range(rank - 1, max(-1, rank - 4), -1):
        a = items[k]
        if a.pieces[-1][0] < last.pieces[0][0] - MERGE_GAP:
            break
        if a.kind != "indirect" and a.speaker is not None and not a.nested \
                and a.speaker.speaker.name == last.speaker.speaker.name and a.pieces[0] < last.pieces[0]:
            return k
    return rank


def _carried(r: Resolved | None) -> Resolved | None:
    """A speaker carried over to a quotation with no cue of its own (speaker `via` "nested")."""
    return replace(r, speaker=replace(r.speaker, via="nested")) if r else None


def _after_sentence(text: str, start: int) -> bool:
    """Whether text[:start] is blank or ends (before spaces) with a sentence end, colon or closing quote."""
    k = start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k < 0 or text[k] in ".!?:”\""


def _quoted_by_paragraph(spans: list[QSpan], paragraphs: tuple[str, ...]) -> dict[int, list[tuple[int, int]]]:
    """(start, end) stretches inside quotation marks for each paragraph (quotes_marks.quoted_chars for all)."""
    out: dict[int, list[tuple[int, int]]] = {}
    for q in spans:
        for p, s, e in q.pieces(paragraphs):
            out.setdefault(p, []).append((s, e))
    return out


def extract_quotes(article: Article, docs: list[Any], entities: tuple[Entity, ...] = ()) -> tuple[Quote, ...]:
    """The quotes of an article (one parsed Doc per paragraph), nested attributions folded in as sources."""
    return tuple(a.to_quote(article.paragraphs) for a in attributions(article, docs, entities) if not a.nested)

