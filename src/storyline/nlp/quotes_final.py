"""A sentence-final cue the parse left without a subject: the noun phrase after the last comma speaks."""

from __future__ import annotations

from typing import Any

from storyline.nlp.docindex import DocIndex
from storyline.nlp.quotes_content import trim

Tok = Any  # spacy.tokens.Token
MAX_SPEAKER_TOKENS = 10  # "a military statement read on state television" is 7
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_HEADS = frozenset({"NOUN", "PROPN", "PRON"})


def trailing_speaker(cue: Tok, index: DocIndex) -> tuple[int, int] | None:
    """'X pushed on towards Deir ez-Zor, a military statement read on state television said.': the
    parser hung "statement" on the place as an apposition and left the final "said" with no subject.
    The words between the sentence's last comma and a cue that ends it (only punctuation after it) are
    the speaker when they hold a noun or pronoun and no finite verb; else None."""
    doc = cue.doc
    sent_start, sent_end = index.sent(cue.i)
    if cue.dep_ != "ROOT" or not all(t.is_punct for t in doc[cue.i + 1 : sent_end]):
        return None
    comma = next((k for k in range(cue.i - 1, sent_start, -1) if doc[k].text == ","), None)
    if comma is None or not 0 < cue.i - comma - 1 <= MAX_SPEAKER_TOKENS:
        return None
    words = doc[comma + 1 : cue.i]
    if any(t.tag_ in _FINITE or t.pos_ == "AUX" or t.is_punct for t in words) or not any(t.pos_ in _HEADS for t in words):
        return None
    return comma + 1, cue.i


def before_speaker(doc: Any, content: tuple[int, int] | None, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """The content ending before the comma that opens a trailing speaker (None when nothing is left)."""
    if content is None:
        return None
    lo, hi = trim(doc, content[0], min(content[1], speaker[0] - 1))
    return (lo, hi) if hi > lo else None
