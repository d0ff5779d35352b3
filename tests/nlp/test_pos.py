"""The hash-indexed attribute rules give the same POS, TAG and DEP as spaCy's AttributeRuler."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from storyline.nlp.model import MODEL_NAME, get_nlp
from storyline.nlp.pos import COMPONENT, PosFromTags, compile_rules

# Sentences that reach the ruler's exceptions: pronouns tagged NN/PRP, auxiliaries, "that" as WDT,
# subordinators tagged IN, "there is" (expl + be), "but" as advmod, runs of spaces, contractions.
TEXTS = [
    "Something happened that nobody expected, and everyone knew it was not over.",
    "There is a man who has had enough; there's one more who didn't.",
    "He did do it because she had been asking, although they weren't sure.",
    "The ministry said that the troops, whose advance was slow, had taken the city.",
    "Nothing but  the truth   was said.\n\nIt 's what we 've done, isn't it?",
    "Putin told Assad on Sunday that Russia would help; Peskov added nothing.",
]


@pytest.fixture(scope="module")
def model() -> spacy.language.Language:
    return spacy.load(MODEL_NAME, exclude=["lemmatizer"])


def _tagged(nlp: spacy.language.Language) -> list[Doc]:
    with nlp.select_pipes(disable=["attribute_ruler", "ner"]):
        return list(nlp.pipe(TEXTS))


def test_same_attributes_as_the_attribute_ruler(model: spacy.language.Language) -> None:
    ruler = model.get_pipe("attribute_ruler")
    ours = PosFromTags(model.vocab.strings, ruler.patterns)
    theirs_docs = [ruler(d) for d in _tagged(model)]
    our_docs = [ours(d) for d in _tagged(model)]
    seen = set()
    for a, b in zip(theirs_docs, our_docs, strict=True):
        assert [(t.pos_, t.tag_, t.dep_) for t in a] == [(t.pos_, t.tag_, t.dep_) for t in b]
        seen |= {t.pos_ for t in b}
    assert {"PRON", "AUX", "SCONJ", "PART", "SPACE", "PROPN"} <= seen  # the exceptions were exercised


def test_a_later_rule_overrides_an_earlier_one(model: spacy.language.Language) -> None:
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "NN", "LOWER": "man"}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"TAG": "DT"}, {"LOWER": "man"}]], "attrs": {"POS": "X"}, "index": -1},
    ]
    with model.select_pipes(disable=["attribute_ruler", "ner"]):
        doc = model("The man saw a dog.")
    assert [t.tag_ for t in doc][:2] == ["DT", "NN"] and doc[4].tag_ == "NN"
    PosFromTags(model.vocab.strings, patterns[:2])(doc)
    assert (doc[1].pos_, doc[4].pos_) == ("PROPN", "NOUN")
    PosFromTags(model.vocab.strings, patterns)(doc)
    assert (doc[1].pos_, doc[4].pos_) == ("X", "NOUN")  # the later two-token rule sets its last token


def test_unsupported_pattern_names_the_problem(model: spacy.language.Language) -> None:
    with pytest.raises(ValueError, match="ORTH"):
        compile_rules(model.vocab.strings, [{"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}}])
    with pytest.raises(ValueError, match="REGEX"):
        compile_rules(model.vocab.strings, [{"patterns": [[{"LOWER": {"REGEX": "x"}}]], "attrs": {"POS": "X"}}])


def test_the_shared_pipeline_uses_it_in_place_of_the_attribute_ruler() -> None:
    names = get_nlp().pipe_names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    assert names.index("parser") < names.index(COMPONENT) < names.index("ner")
    doc = get_nlp()("They were there.")
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "ADV", "PUNCT"]
