"""Hand-built articles for the story tests."""

from __future__ import annotations

import hashlib
from typing import Any

from storyline.model import Article, Source


def make(label: str, title: str, body: str, published: str | None = None, **kw: Any) -> Article:
    sha = hashlib.sha256(label.encode()).hexdigest()
    return Article(source=Source(f"t/{label}.txt", "text", sha), title=title, paragraphs=tuple(body.split("\n\n")),
                   published=published, **kw)


PALMYRA = (
    "Syrian government troops backed by Russian air strikes recaptured the ancient city of Palmyra "
    "from Islamic State militants on Sunday after a three-week offensive, state media said. Army "
    "engineers began clearing mines from the historic ruins and the citadel overlooking the oasis."
)
COUNCIL = (
    "The city council voted on Tuesday to approve a new tram line running from the central station "
    "to the harbour, with construction of the tracks due to begin next spring and services by 2019."
)
