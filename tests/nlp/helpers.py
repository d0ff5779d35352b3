"""What the NLP tests share: a text's quotes after the whole NLP pass."""

from __future__ import annotations

from storyline.model import Article, Quote, Source
from storyline.nlp.annotate import annotate


def quotes_of(*paragraphs: str) -> tuple[Quote, ...]:
    """The quotes `annotate` finds in an article of these paragraphs (failing if the NLP pass failed)."""
    art = annotate(Article(source=Source("t.txt", "text", "1" * 64), paragraphs=paragraphs))
    assert not [w for w in art.warnings if w.code == "nlp_failed"], art.warnings
    return art.quotes
