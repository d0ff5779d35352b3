"""Content spans of a cue verb on the parse: where what was said starts and where it ends."""

from __future__ import annotations

from typing import Any

from storyline.nlp.docindex import DocIndex
from storyline.nlp.quotes_lexicon import Lexicon

Tok = Any  # spacy.tokens.Token
SUBJ = ("nsubj", "csubj")
VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG", "VBN", "VB"})
OPENER_TOKENS = 3  # "Even so," "In fact," "At the same time," is longer and stays
MIN_OBJECT_TOKENS = 1  # tried 3 ("urged them"): PolNeAR marks short objects too, recall fell more
_SKIP_AFTER_CUE = frozenset({",", ":", "that", "-", "—", "–"})
_ADDRESSEE_PREPS = frozenset({"on", "upon", "for"})  # "called on X to ...", "called for X to ..."
_TAIL_RELATIVE = frozenset({"which", "who"})  # ", which ..." closing a paraphrase: the writer's aside
_ADVERBIAL_PREPS = frozenset({"during", "since"})
_CHANNEL_PREPS = frozenset({"in", "on", "at", "during"})
_SENTENCE_STOPS = frozenset({";", ":"})
_CLAUSE_BREAKS = frozenset({",", "—", "–", "("})
_CUE_TAIL_DEPS = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod"})  # "told me on Friday"
_DANGLING = frozenset({"and", "but", "or", "though", "although", "while", "so"})
_FRONTED_RELATIVES = frozenset({"what", "which", "who", "whom"})
_DASHES = frozenset({"―", "—", "–", "--"})  # a spaced hyphen counts too; "London-based" does not
DATELINE_WORDS = 4  # "WASHINGTON ―", "NEW YORK (AP) —": a place in capitals, an agency in brackets


def content_after(tok: Tok, skip: set[int], cue_preps: frozenset[str],
                  channel_nouns: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Object-style content: from the first right dependent after the cue to the end of its clause."""
    rights = [c for c in tok.rights if c.i not in skip and (c.dep_ not in ("punct", "cc", "conj", "advcl", "prt")
              or _as_phrase(c)) and not (c.dep_ == "prep" and c.i in skip)]
    rights = _without_adverbials([c for c in rights if c.dep_ not in SUBJ])
    rights = _without_channel(rights, channel_nouns)
    if not rights:
        return None
    lo = min(c.left_edge.i for c in rights)
    hi = max(c.right_edge.i for c in rights) + 1
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct and doc[lo].text not in "“\"`" or _skipped_after_cue(doc[lo])
                       or cue_preposition(doc[lo], tok, cue_preps)):
        lo += 1
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    hi = without_tail_relative(doc, lo, hi)
    return (lo, hi) if hi - lo >= MIN_OBJECT_TOKENS else None


def fronted_object(cue: Tok) -> tuple[int, int] | None:
    """The part of an evaluation's content that comes before its cue: a relative pronoun object
    ("what he called a 'scheme'", "which she describes as her home") or a passive subject ("The plan
    has been called a failure", "He was accused of lying"), without its relative clause."""
    for c in cue.lefts:
        if c.dep_ == "dobj" and c.lower_ in _FRONTED_RELATIVES:
            return int(c.i), int(c.i) + 1
        if c.dep_ == "nsubjpass":
            if c.lower_ in _FRONTED_RELATIVES:
                return int(c.i), int(c.i) + 1
            lo, hi = int(c.left_edge.i), int(c.right_edge.i) + 1
            for cc in c.rights:
                if cc.dep_ in ("relcl", "acl"):
                    hi = min(hi, int(cc.left_edge.i))
            return trim(cue.doc, lo, hi)
    return None


def feeling_complement(cue: Tok, lo: int, hi: int) -> int:
    """Where what was said starts after a feeling cue's object ("expressed concern that X", "voiced
    support for X", "expressed outrage over X"): at the noun's that-clause or its preposition's
    object, when that follows the noun; else `lo`."""
    obj = next((c for c in cue.rights if c.dep_ == "dobj" and lo <= c.i < hi), None)
    if obj is None:
        return lo
    nxt = next((c for c in obj.rights if not c.is_punct), None)
    if nxt is None or nxt.left_edge.i != obj.i + 1:
        return lo
    if nxt.dep_ in ("acl", "ccomp") and cue.doc[nxt.left_edge.i].lower_ == "that":
        return int(nxt.left_edge.i)
    pobj = next((g for g in nxt.children if g.dep_ in ("pobj", "pcomp")), None) if nxt.dep_ == "prep" else None
    return int(pobj.left_edge.i) if pobj is not None and pobj.right_edge.i < hi else lo


def _as_phrase(c: Tok) -> bool:
    """'see X as most unfair', '... as a burden and as people who ...': an 'as' phrase the parser hung on
    the cue as a clause or a conjunct is still the object's description; "as he left" (a subject of its
    own) says when, ", as mentioned above" is the writer's aside."""
    return c.dep_ in ("advcl", "conj") and c.doc[c.left_edge.i].lower_ == "as" and c.left_edge.i > c.head.i + 1 \
        and not any(g.dep_ in SUBJ for g in c.children) and c.doc[c.left_edge.i - 1].text != ","


def _skipped_after_cue(t: Tok) -> bool:
    """A comma, colon, dash or complementiser 'that' between the cue and its object; 'that' as a
    determiner ("echoed that promise") belongs to the object."""
    return t.lower_ in _SKIP_AFTER_CUE and not (t.lower_ == "that" and t.dep_ == "det")


def _without_adverbials(rights: list[Tok]) -> list[Tok]:
    """The cue's right dependents up to the first one after its object that says when it was said
    ("endorsed X on Thursday", "praised X during the debate"): the time is the writer's, not content."""
    if not any(c.dep_ == "dobj" for c in rights):
        return rights
    first_obj = next(k for k, c in enumerate(rights) if c.dep_ == "dobj")
    for k in range(first_obj + 1, len(rights)):
        c = rights[k]
        if _when(c):
            return rights[:k]
    return rights


def _without_channel(rights: list[Tok], channel_nouns: frozenset[str]) -> list[Tok]:
    """The cue's right dependents before the first later one that says where it was said ("called for
    X in a statement", "blasted X on Twitter", "noted X on its website"): a preposition of place
    whose object is one of `channel_nouns`, with nothing but time adverbials after it ("thanked X on
    Twitter for Y" keeps Y)."""
    for k in range(1, len(rights)):
        c = rights[k]
        if c.dep_ == "prep" and c.lower_ in _CHANNEL_PREPS and any(
                g.dep_ == "pobj" and g.lower_ in channel_nouns for g in c.children):
            return rights[:k] if all(_when(r) for r in rights[k + 1 :]) else rights
    return rights


def _when(c: Tok) -> bool:
    """Whether a dependent of the cue is a time adverbial: 'Tuesday', 'on Thursday', 'during ...', 'since ...'."""
    if c.dep_ == "npadvmod":
        return c.ent_type_ in ("DATE", "TIME")
    if c.dep_ != "prep":
        return False
    if c.lower_ in _ADVERBIAL_PREPS:
        return True
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children)


def without_tail_relative(doc: Any, lo: int, hi: int) -> int:
    """The end of a paraphrase without a closing non-restrictive relative clause (", which was
    false", ", who ..."): the writer's aside, not what was said. Only a clause that runs to the end
    with no comma and no quotation mark of its own is cut."""
    for i in range(hi - 2, lo, -1):
        t = doc[i]
        if t.text in (",", "“", "”", '"'):
            if t.text == "," and doc[i + 1].lower_ in _TAIL_RELATIVE:
                return i
            return hi
    return hi


def without_cue_conjunct(cue: Tok, clause: Tok, lo: int, hi: int, lex: Lexicon) -> int:
    """The end of a that-clause before a cue verb the parser hung on the clause's head that, in the
    cue's own tense and with no subject of its own, goes on with what the speaker did ("said he would
    order a review and warned against ...", "says she will stay and urges ..."): the speaker's
    next deed, not what was said. A conjunct in the clause head's own tense ("said he met X and
    discussed Y") stays."""
    doc = cue.doc
    for t in clause.rights:
        if t.dep_ != "conj" or not lo < t.i < hi or t.tag_ != cue.tag_ or t.tag_ == clause.tag_:
            continue
        if lex.verb(t.text) is None or t.pos_ == "AUX" or any(c.dep_ in SUBJ + ("nsubjpass",) for c in t.children):
            continue
        k = t.left_edge.i
        while k > lo and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct or doc[k - 1].dep_ == "advmod"):
            k -= 1
        return k if k > lo else hi
    return hi


def not_subordinate(cue: Tok) -> bool:
    """Whether no word the cue depends on comes after it: in "After she said X, the council Y" the
    sentence goes on with the clause the cue's clause is subordinate to, not with what was said."""
    return all(a.i < cue.i for a in cue.ancestors)


def to_sentence_end(doc: Any, hi: int, lex: Lexicon, index: DocIndex) -> int:
    """Where a paraphrase after its cue ends: the end of the sentence, not where the parse closed
    the clause (", but would close again", "- the high cost of ..."). It stops before a colon, a
    semicolon, 'according to' and another cue verb, and then before that cue's own clause (", but
    she added ...", "..., the campaign has appeared to acknowledge"), without a dangling conjunction."""
    end = index.sent(hi - 1)[1]
    k = hi
    while k < end:
        t = doc[k]
        if t.text in _SENTENCE_STOPS or t.lower_ == "according":
            break
        if lex.verb(t.text) is not None and t.tag_ in VERB_TAGS:
            breaks = [j for j in range(hi, k) if doc[j].text in _CLAUSE_BREAKS or doc[j].dep_ == "cc"]
            subj = [c.left_edge.i for c in t.lefts if c.dep_ in SUBJ and c.i >= hi]
            k = breaks[-1] if breaks else min([k] + subj)
            break
        k += 1
    while k > hi and (doc[k - 1].is_punct and doc[k - 1].text not in "”\"'" or doc[k - 1].lower_ in _DANGLING):
        k -= 1
    return k


def addressee_start(cue: Tok, lo: int) -> int:
    """'urged Republicans to join ...', 'called on Trump to stop ...': the one asked to act, right before
    the 'to' clause, is part of what was said; the clause's start moves back to it."""
    for child in cue.children:
        target = child if child.dep_ == "dobj" else None
        if child.dep_ == "prep" and child.lower_ in _ADDRESSEE_PREPS:
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
        if target is not None and target.right_edge.i + 1 == lo:
            return int(target.left_edge.i)
    return lo


def cue_preposition(t: Tok, cue: Tok, cue_preps: frozenset[str]) -> bool:
    """'called for X', 'railed against X': the cue's own preposition (`cue_preps`) is not part of what was said."""
    return t.head.i == cue.i and t.dep_ == "prep" and t.lower_ in cue_preps


def content_rest(last: Tok, index: DocIndex) -> tuple[int, int] | None:
    """'vowed in a statement to ...', 'said that ...': the rest of the sentence after the cue."""
    doc = last.doc
    nxt = last.i + 1
    sent_end = index.sent(last.i)[1]
    if nxt >= sent_end or doc[nxt].lower_ not in ("to", "that", ":"):
        return None
    if doc[nxt].lower_ == "to" and doc[nxt].pos_ == "ADP":
        return None  # "spoke to reporters": whom it was said to, not what
    lo, hi = nxt + (doc[nxt].lower_ == ":"), sent_end
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    hi = without_tail_relative(doc, lo, hi)
    return (lo, hi) if hi - lo >= 2 else None


def after_opener(doc: Any, lo: int, hi: int) -> int:
    """Where a paraphrase that opens its sentence starts, past the writer's link to the sentence
    before: a conjunction ("But ...", "And ...") and a short adverbial with its comma ("Still, ...",
    "In fact, ...", "Even so, ..."). Only a phrase of at most OPENER_TOKENS words with no verb, no
    subject and no name counts."""
    start = lo
    if lo < hi and doc[lo].dep_ == "cc":
        lo += 1
    comma = next((k for k in range(lo, min(hi, lo + OPENER_TOKENS + 1)) if doc[k].text == ","), None)
    if comma is not None and comma > lo and comma + 1 < hi:
        phrase = doc[lo:comma]
        if not any(t.pos_ in ("VERB", "AUX", "PROPN", "PRON", "NUM") or t.dep_ in SUBJ or t.ent_type_ for t in phrase) \
                and phrase[0].dep_ in ("advmod", "prep", "cc"):
            lo = comma + 1
    return lo if lo < hi else start


def is_dash(doc: Any, k: int) -> bool:
    """Whether token k is a dash that parts a phrase: a dash, or a hyphen with a space before it."""
    t = doc[k].text
    return t in _DASHES or t == "-" and k > 0 and bool(doc[k - 1].whitespace_)


def after_dateline(doc: Any, lo: int, hi: int) -> int:
    """Where a content that opens its paragraph starts past a dateline ("WASHINGTON ― Trump's ...",
    "NEW YORK (AP) — ...", "LONDON (Reuters) - ..."): up to DATELINE_WORDS words in capitals (no verb,
    no pronoun), commas and an agency in brackets before a dash. The dateline says where the story was
    filed, not what was said."""
    first = doc[lo] if lo == 0 and lo < hi else None
    if first is None or not (first.is_alpha and first.is_upper and len(first.text) > 1):
        return lo
    words, bracket = 0, False
    for k in range(lo, min(hi - 2, lo + 3 * DATELINE_WORDS)):
        t = doc[k]
        if is_dash(doc, k) and not bracket:
            return k + 1
        if t.text in "()":
            bracket = t.text == "("
        elif not bracket and t.text != ",":
            words += 1
            if not (t.is_alpha and t.is_upper) or t.pos_ in ("VERB", "AUX", "PRON") or words > DATELINE_WORDS:
                return lo
    return lo


def trim(doc: Any, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and doc[lo].is_punct and doc[lo].text not in "“\"`":
        lo += 1
    while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"'":
        hi -= 1
    return lo, hi


def content_around(cue: list[Tok], subj: tuple[int, int] | None, index: DocIndex) -> list[tuple[int, int]]:
    """'Y, he said, Z.' / 'Y, Mr. X said.': a parenthetical cue; the rest of the sentence is content."""
    doc = cue[0].doc
    sent_start, sent_end = index.sent(cue[0].i)
    lo, hi = cue[0].i, cue[-1].i + 1
    if subj is not None:
        if subj[1] < lo - 1 or subj[0] > hi + 1:
            return []
        lo, hi = min(lo, subj[0]), max(hi, subj[1])
    if subj is not None and cue[-1].tag_ != "VBG":
        hi = _past_cue_object(cue[-1], hi, sent_end)
    if lo <= sent_start or doc[lo - 1].text not in (",", "—", "–") or hi >= sent_end:
        return []
    if doc[hi].text not in (",", ".", ";", "—", "–", "!", "?"):
        return []
    first = trim(doc, sent_start, lo - 1)
    first = (after_opener(doc, *first), first[1])
    rest = trim(doc, hi + 1, sent_end)
    if rest[1] - rest[0] < 2:
        return [first] if first[1] - first[0] >= 2 else []
    return [first, rest] if _leading_part(doc, first) else [rest]


def _past_cue_object(last: Tok, hi: int, sent_end: int) -> int:
    """'The difference, he told me on Friday, is ...': the end of a parenthetical cue past its own
    addressee and time words (right dependents with no verb), when a comma follows them."""
    doc = last.doc
    rights = [c for c in last.rights if c.i >= hi and not c.is_punct]
    if not rights or any(c.dep_ not in _CUE_TAIL_DEPS for c in rights):
        return hi
    end = max(c.right_edge.i for c in rights) + 1
    if end >= sent_end or doc[end].text != "," or any(t.pos_ in ("VERB", "AUX") for t in doc[hi:end]):
        return hi
    return end


def _leading_part(doc: Any, frag: tuple[int, int]) -> bool:
    """Whether the words before a parenthetical cue belong to what was said: two or more, or one
    word that is not a conjunction ("That, the commission said, would help", "Instead, she said, ...")."""
    if frag[1] - frag[0] >= 2:
        return True
    return frag[1] - frag[0] == 1 and doc[frag[0]].dep_ != "cc" and not doc[frag[0]].is_punct
