"""Speaker resolution: role descriptions, surnames, groups, pronouns; and the cue-verb data file."""

from __future__ import annotations

from storyline.nlp.model import get_nlp
from storyline.nlp.quotes_lexicon import inflect, lexicon
from storyline.nlp.speakers import SpeakerResolver


def _resolver(*paragraphs: str) -> tuple[SpeakerResolver, list]:
    docs = list(get_nlp().pipe(paragraphs))
    return SpeakerResolver(docs, (), lexicon()), docs


def _at(docs: list, p: int, text: str) -> tuple[int, int]:
    doc = docs[p]
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None
    return span.start, span.end


def test_role_description_resolves_to_the_introduced_person() -> None:
    r, docs = _resolver(
        "Kremlin spokesman Dmitry Peskov spoke to reporters, and Russian President Vladimir Putin left.",
        "The Kremlin official said the talks went well. The Russian leader said nothing.",
    )
    assert r.resolve(1, *_at(docs, 1, "The Kremlin official")).speaker.name == "Dmitry Peskov"
    assert r.resolve(1, *_at(docs, 1, "The Russian leader")).speaker.name == "Vladimir Putin"


def test_unknown_role_keeps_the_description() -> None:
    r, docs = _resolver("A senior official said the talks went well.")
    sp = r.resolve(0, *_at(docs, 0, "A senior official")).speaker
    assert sp.name == "senior official"


def test_group_speaker() -> None:
    r, docs = _resolver("Local officials said the road was closed.")
    sp = r.resolve(0, *_at(docs, 0, "Local officials")).speaker
    assert sp.type == "GROUP"


def test_inflect_regular_and_irregular_forms() -> None:
    assert inflect("say", "said") == {"say", "says", "said", "saying"}
    assert inflect("admit", "admitted") == {"admit", "admits", "admitted", "admitting"}
    assert inflect("worry") == {"worry", "worries", "worried", "worrying"}
    assert inflect("note") == {"note", "notes", "noted", "noting"}


def test_cue_verbs_come_from_the_data_file() -> None:
    lex = lexicon()
    assert lex.verb("said") == ("say", frozenset({"speech"}))
    assert lex.verb("Praised") is not None
    assert lex.verb("walked") is None
    assert ("according", "to") in lex.preps and ("in", "a", "statement") in lex.channels

