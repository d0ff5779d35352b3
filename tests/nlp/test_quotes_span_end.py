"""Where a paraphrase after its cue ends: the end of its sentence, not where the parse closed the clause."""

from __future__ import annotations

import pytest

from storyline.model import Article, Quote, Source
from storyline.nlp.annotate import annotate


def _quotes(*paragraphs: str) -> tuple[Quote, ...]:
    art = annotate(Article(source=Source("t.txt", "text", "4" * 64), paragraphs=paragraphs))
    assert not [w for w in art.warnings if w.code == "nlp_failed"], art.warnings
    return art.quotes


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The council said the bridge would reopen in May, but would close again for the winter.",
         "the bridge would reopen in May, but would close again for the winter"),
        ("Mayor Anna Holt noted that the budget had grown by a third, so the town could not afford a new tram line.",
         "that the budget had grown by a third, so the town could not afford a new tram line"),
    ],
)
def test_a_paraphrase_runs_to_the_end_of_its_sentence(sentence: str, content: str) -> None:
    (q,) = _quotes(sentence)
    assert q.text == content


def test_a_paraphrase_stops_before_another_cue_s_clause() -> None:
    said, added = _quotes("The mayor said the road was closed, but she added that it would reopen soon.")
    assert said.text == "the road was closed"
    assert added.text == "that it would reopen soon"
