"""How `storyline timeline` prints an event's statement: quotation marks only around what was quoted."""

from __future__ import annotations

import pytest

from storyline.store.base import EventQuote
from storyline.stories.commands import quote_text


@pytest.mark.parametrize(("quote", "printed"), [
    (EventQuote("“We expected far worse,”", "the antiquities chief", "direct"), "“We expected far worse,”"),
    (EventQuote("We expected far worse", None, "direct"), "“We expected far worse”"),
    # a paraphrase (a demo timeline printed “that the army was in full control ...” as if quoted)
    (EventQuote("that the army was in full control of Palmyra", "Syrian officials", "indirect"),
     "(paraphrase) that the army was in full control of Palmyra"),
    # a mixed quote reads as written: its own marks show the quoted words
    (EventQuote("the Russian leader emphasized “the importance of preserving this city,”", "Peskov", "mixed"),
     "the Russian leader emphasized “the importance of preserving this city,”"),
    (EventQuote("'Stored before kinds were kept'", "Peskov"), "“Stored before kinds were kept”"),
])
def test_a_statement_is_printed_as_its_kind_reads(quote: EventQuote, printed: str) -> None:
    assert quote_text(quote) == printed
