"""Cue rules on the dependency parse: reporting verbs and 'according to', with speaker and content."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from storyline.nlp.docindex import DocIndex
from storyline.nlp.quotes_clauses import complement_clauses, object_as_subject
from storyline.nlp.quotes_content import (
    SUBJ,
    VERB_TAGS,
    addressee_start,
    after_opener,
    content_after,
    content_around,
    content_rest,
    feeling_complement,
    fronted_object,
    is_dash,
    not_subordinate,
    to_sentence_end,
    trim,
    without_cue_conjunct,
    without_tail_relative,
)
from storyline.nlp.quotes_final import before_speaker, trailing_speaker
from storyline.nlp.quotes_lexicon import Lexicon
from storyline.nlp.speakers import speaker_like

Tok = Any  # spacy.tokens.Token
_INHERIT = ("conj", "advcl", "xcomp", "pcomp", "acomp", "prep")
_CLAUSE = ("ccomp", "xcomp")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_TOPIC_PREPS = frozenset({"about", "of"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


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
        if c.dep_ in SUBJ:
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                head = tok.head
                return head.left_edge.i, head.i + 1
            lo, hi = _span(c)
            for k in range(hi - 1, lo, -1):  # "Washington (AFP) - Hillary Clinton said": after the dash
                if k < c.i and is_dash(tok.doc, k):
                    lo = k + 1
                    break
            for cc in c.rights:
                if cc.dep_ in ("relcl", "acl") and cc.i > c.i:
                    hi = min(hi, cc.left_edge.i)
                    while hi - 1 > lo and tok.doc[hi - 1].is_punct:
                        hi -= 1
            return lo, hi
    return None


def find_subject(tok: Tok, depth: int = 0, index: DocIndex | None = None) -> tuple[tuple[int, int] | None, bool]:
    """(speaker token range, inherited?) for a cue verb; climbs conj/advcl/xcomp to a governing verb."""
    own = _subject_span(tok)
    if own is not None:
        return own, depth > 0
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        head = tok.head
        if head.dep_ == "dobj" and head.head.pos_ == "VERB":  # "it issued a statement saying ..."
            owner = _subject_span(head.head)
            if owner is not None:
                return owner, True
        return (head.left_edge.i, head.i + 1), True
    head = tok.head
    if depth < 4 and tok.dep_ == "conj" and head.dep_ == "ccomp" and head.tag_ != tok.tag_ == head.head.tag_:
        # "said it would leave and suggested ...": a conjunct hung on the clause joins the cue of that clause
        return find_subject(head.head, depth + 1, index)
    if depth < 4 and tok.dep_ in _INHERIT and tok.head is not tok:
        return find_subject(tok.head, depth + 1, index)
    if depth == 0:
        near = _entity_near(tok, index)
        if near is not None:
            return near, False
    return None, False


def _dateline(span: Any) -> bool:
    """'LONDON (Reuters': a dateline the parser took for the subject."""
    return len(span) > 1 and span[0].text.isupper() and len(span[0].text) > 1 and any(t.text == "(" for t in span)


def _entity_near(tok: Tok, index: DocIndex | None = None) -> tuple[int, int] | None:
    """A person or organisation right before the cue (a broken parse: "Sen. X (D-MA) said"):
    the last such entity of the cue's sentence that ends before it."""
    doc = tok.doc
    index = index or DocIndex(doc)
    sent_start = index.sent(tok.i)[0]
    for k in range(index.ents_ending_by(tok.i) - 1, -1, -1):
        ent = index.ents[k]
        if ent.start < sent_start:
            break  # entities are in order: every earlier one starts before the sentence too
        if ent.label_ in _SPEAKER_ENTS:
            gap = doc[ent.end : tok.i]
            if len(gap) <= 5 and not any(t.pos_ in ("VERB", "AUX") for t in gap) and (
                not gap or gap[0].text == "(" or all(t.is_punct or t.pos_ == "ADV" for t in gap)
            ):
                lo = ent.start
                while lo > sent_start and doc[lo - 1].dep_ == "compound":
                    lo -= 1
                return lo, ent.end
            break
    return None


def _channel(tok: Tok, lex: Lexicon) -> list[Tok]:
    """Tokens of a channel phrase right after the cue ("in a statement"), else []."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in {p[0] for p in lex.channels}:
        return []
    for phrase in lex.channels:
        toks = doc[tok.i + 1 : tok.i + 1 + len(phrase)]
        if len(toks) == len(phrase) and tuple(t.lower_ for t in toks) == phrase:
            return list(toks)
    return []


def _is_cue_verb(tok: Tok) -> bool:
    if tok.tag_ not in VERB_TAGS:
        return False
    if tok.dep_ == "amod":
        return False
    return not (tok.dep_ == "acl" and not any(c.dep_ in _CLAUSE for c in tok.children))


def _passive_agent(tok: Tok) -> tuple[int, int] | tuple[()] | None:
    """The 'by X' of a passive cue as a token range; () for a passive without one; None when active."""
    if not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "agent":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return _span(objs[0])
    return ()


def _from_where(first: Tok, cue: Tok, lex: Lexicon) -> bool:
    """Whether an object-style content opens with the cue's own preposition of place or credit
    (`lex.source_preps`: "by", "from", "into"), which says where or by whom, not what."""
    return first.head.i == cue.i and first.dep_ in ("prep", "agent") and first.lower_ in lex.source_preps


def _passive_subject(tok: Tok) -> tuple[int, int] | None:
    """'The plan was praised by X': the passive subject before the cue is what X evaluated."""
    subj = next((c for c in tok.lefts if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in _RELATIVE:
        return None
    lo, hi = _span(subj)
    for cc in subj.rights:  # "The plan, which ..., was praised": without the relative clause
        if cc.dep_ in ("relcl", "acl"):
            hi = min(hi, cc.left_edge.i)
    while hi - 1 > lo and tok.doc[hi - 1].is_punct:
        hi -= 1
    return lo, hi


def verb_candidates(doc: Any, paragraph: int, lex: Lexicon, inside: Any,
                    index: DocIndex | None = None) -> list[Candidate]:
    """Candidates for every cue verb of one paragraph that is not itself inside quotation marks.

    `inside(char_offset)` tells whether a character lies inside a quoted stretch.
    """
    index = index or DocIndex(doc)
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
        clauses = complement_clauses(tok, classes)
        agent = _passive_agent(tok)
        if agent and not speaker_like(doc, *agent, lex):
            continue  # "was supported by waves of air strikes": a thing did it, nobody said it
        if not clauses and classes & {"speech", "object", "intent"} and agent != ():
            # "were advised to check ...", "is expected to cost ...": nobody is said to have said it
            clauses = [c for c in tok.children if c.dep_ == "xcomp" and any(t.lower_ == "to" for t in c.lefts)]
        if clauses:
            c = clauses[0]
            lo, hi = _span(c)
            # include a leading complementiser ('that') and, for 'urged them to', the object
            for m in c.lefts:
                if m.dep_ in ("mark",) and m.lower_ == "that":
                    lo = min(lo, m.i)
            if c.dep_ == "relcl":
                lo = min(m.i for m in c.lefts if m.lower_ == "that")
            if c.dep_ == "advcl":  # "said after the convention he would ...": the clause opens at its subject
                lo = max(lo, min(m.left_edge.i for m in c.lefts if m.dep_ in SUBJ + ("nsubjpass",)))
            if c.dep_ == "xcomp":
                lo = addressee_start(tok, lo)
            own = object_as_subject(tok, c)
            lo = own if own is not None else lo
            if lo > tok.i and not_subordinate(tok):
                hi = to_sentence_end(doc, hi, lex, index)
            content = (lo, without_cue_conjunct(tok, c, lo, without_tail_relative(doc, lo, hi), lex))
        elif "object" in classes and agent and not any(c.dep_ in ("oprd", "attr", "dobj") for c in tok.rights):
            content = _passive_subject(tok)  # "X was endorsed by Y": Y speaks of X
        elif "object" in classes:
            content = content_after(tok, skip, lex.cue_preps, lex.channel_nouns)
            if content is not None and _base in lex.feeling_cues:
                content = (feeling_complement(tok, *content), content[1])
            if content is not None and _from_where(doc[content[0]], tok, lex):
                content = None  # "reported from Midway", "Reporting by X", "called into a show"
        if content is None and classes & {"speech", "object"}:
            content = content_rest(cue[-1], index)
        if content is not None and agent == () and doc[content[0]].lower_ == "to":
            content = None
        if content is None and "speech" in classes:  # "spoke of ...", "complained about ..."
            topic = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS), None)
            objs = [c for c in topic.children if c.dep_ in ("pobj", "pcomp")] if topic is not None else []
            if objs:
                content = _span(objs[0])
        subj, inherited = find_subject(tok, 0, index) if not agent else (agent, False)
        if subj is not None and (inside(doc[subj[0]].idx) or _dateline(doc[subj[0] : subj[1]])):
            subj, inherited = _entity_near(tok, index), False  # '"Or Ferguson," Trump said' / 'LONDON (Reuters) -'
        if subj is None and (tail := trailing_speaker(tok, index)) is not None:
            subj, content = tail, before_speaker(doc, content, tail)  # "..., a statement read on TV said."
        frags = [content] if content else []
        lead = fronted_object(tok) if content and content[0] > tok.i and "object" in classes and not clauses else None
        if content is not None and lead is not None and lead[0] < lead[1] <= tok.i:
            frags = [lead, content]  # "what he called X", "The plan was labeled X"
        if not frags and classes & {"speech", "belief"}:
            frags = content_around(cue, None if inherited else subj, index)
        out.append(Candidate(paragraph, cue, " ".join(t.text for t in cue), subj, frags, classes, inherited))
    return out


def prep_candidates(doc: Any, paragraph: int, lex: Lexicon, inside: Any,
                    index: DocIndex | None = None) -> list[Candidate]:
    """'According to X' (and the other prepositional cues): X speaks, the rest of the sentence is content."""
    index = index or DocIndex(doc)
    out: list[Candidate] = []
    firsts = {phrase[0] for phrase in lex.preps}
    for tok in doc:
        if tok.lower_ not in firsts:
            continue
        for phrase in lex.preps:
            toks = doc[tok.i : tok.i + len(phrase)]
            if len(toks) != len(phrase) or tuple(t.lower_ for t in toks) != phrase or inside(tok.idx):
                continue
            last = toks[-1]
            objs = [c for c in last.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if not objs:
                continue
            speaker = _span(objs[0])
            sent_start, sent_end = index.sent(tok.i)
            lo_phrase, hi_phrase = tok.i, speaker[1]
            frags = []
            before = (sent_start, lo_phrase)
            after = (hi_phrase, sent_end)
            for lo, hi in (before, after):
                while lo < hi and (doc[lo].is_punct and doc[lo].text not in "“\"`"):
                    lo += 1
                if (lo, hi) == before:
                    lo = after_opener(doc, lo, hi)
                while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
                    hi -= 1
                if hi - lo >= 2:
                    frags.append((lo, hi))
            if frags:
                out.append(Candidate(paragraph, list(toks), " ".join(t.text for t in toks).lower(), speaker, frags))
    return out


def colon_candidates(doc: Any, paragraph: int, max_words: int) -> list[Candidate]:
    """'TRUMP: We will win.' / 'Pat Caddell: Voters Are Worried': a name and a colon open the paragraph."""
    colon = next((t for t in doc[: max_words + 1] if t.text == ":"), None)
    if colon is None or colon.i == 0 or colon.i + 2 >= len(doc):
        return []
    head = doc[: colon.i]
    words = [t for t in head if not t.is_punct]
    if not words or not (paragraph == 0 and _headline_source(words)):
        if not words or any(t.pos_ not in ("PROPN",) and not t.text.isupper() for t in words):
            return []
        if not (all(t.text.isupper() for t in words) or any(t.ent_type_ in ("PERSON", "ORG") for t in words)):
            return []
    lo, hi = trim(doc, colon.i + 1, len(doc))
    if hi - lo < 3:
        return []
    first = 0
    while first < colon.i and doc[first].is_punct:
        first += 1
    return [Candidate(paragraph, [colon], ":", (first, colon.i), [(lo, hi)], frozenset({"speech"}))]


def _headline_source(words: list[Tok]) -> bool:
    """'Sanders: Clinton Email Story Has Moved', 'Poll: ...', 'Clinton camp: ...': in a headline the
    words before the colon name the source when they are capitalised (a name may be followed by a
    lowercase noun) and none is a verb."""
    if any(t.pos_ in ("VERB", "AUX", "ADP", "PRON") or t.tag_ in VERB_TAGS for t in words):
        return False
    if not words[0].text[:1].isupper():
        return False
    return words[-1].text[:1].isupper() or all(t.pos_ in ("NOUN", "PROPN") for t in words)


def dash_candidates(doc: Any, paragraph: int, quoted: list[tuple[int, int]], max_words: int) -> list[Candidate]:
    """'“...” ― Jane Doe': a quotation signed with a dash and a name (up to the next quote or the end)."""
    out: list[Candidate] = []
    starts = sorted(s for s, _ in quoted)
    text = doc.text
    for s, e in quoted:
        k = bisect_left(starts, e)
        stop = starts[k] if k < len(starts) else len(text)
        rest = text[e:stop]
        stripped = rest.lstrip()
        if not stripped[:1] or stripped[0] not in "―—–-" or len(stripped.split()) > max_words + 1:
            continue
        dash_at = e + len(rest) - len(stripped)
        name_at = dash_at + 1 + len(stripped[1:]) - len(stripped[1:].lstrip())
        name_end = e + len(rest.rstrip().rstrip("."))  # rest holds the dash: never stripped below e
        if name_end <= name_at:
            continue
        name = doc.char_span(name_at, name_end, alignment_mode="expand")
        content = doc.char_span(s, e, alignment_mode="expand")
        dash = doc.char_span(dash_at, dash_at + 1, alignment_mode="expand")
        if name is None or content is None or dash is None or not len(name):
            continue
        words = [t for t in name if not t.is_punct]
        if not words or not words[0].text[:1].isupper():
            continue
        out.append(Candidate(paragraph, list(dash), dash.text, (name.start, name.end),
                             [(content.start, content.end)], frozenset({"speech"})))
    return out


def noun_candidates(doc: Any, paragraph: int, lex: Lexicon, inside: Any) -> list[Candidate]:
    """"Trump's claim that ...": a reporting noun with a that-clause; its possessor is the speaker."""
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lower_ not in lex.nouns or inside(tok.idx):
            continue
        clause = next((c for c in tok.rights if c.dep_ in ("acl", "ccomp")
                       and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.lefts)), None)
        if clause is None:
            continue
        lo, hi = _span(clause)
        lo = min([lo] + [m.i for m in clause.lefts if m.dep_ == "mark"])
        poss = next((c for c in tok.lefts if c.dep_ == "poss"), None)
        speaker = None
        if poss is not None:
            speaker = (poss.left_edge.i, poss.i + 1)
            if doc[speaker[1] - 1].dep_ == "case":
                speaker = (speaker[0], speaker[1] - 1)
        out.append(Candidate(paragraph, [tok], tok.text, speaker, [(lo, hi)], frozenset({"noun"})))
    return out
