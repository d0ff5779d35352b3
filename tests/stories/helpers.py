"""Hand-built articles for the story tests."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from storyline.annotations import Entity, Mention, Place, Quote, RelatedItem, Speaker, TimeExpression
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


BODY = (PALMYRA + "\n\n" + "“We will rebuild the temples,” the minister said on Monday. The siege began in May 2015."
        + "\n\nEngineers cleared mines around the citadel and the museum on 2016-03-25.")


def annotated(label: str, title: str | None, body: str = BODY, published: str | None = "2016-03-27T10:00:00",
              **kw: Any) -> Article:
    """A hand-built record with every annotation the clusterer and the summary read."""
    m = Mention(0, 0, 6, "Syrian")
    return make(
        label, title, body, published, url=f"https://www.example.org/news/{label}-palmyra-retaken?x=1",
        sitename="Example News", description="Troops retook the ancient city.",
        related=(RelatedItem("r1", "Earlier: Palmyra under siege for weeks", "https://example.org/siege",
                             published="2016-03-20"),
                 RelatedItem(None, "Short", "https://example.org/short"), RelatedItem(None, "Museum of Palmyra damaged")),
        entities=(Entity("Palmyra", "GPE", mentions=(m,), id="G163345"), Entity("Islamic State", "ORG", mentions=(m, m)),
                  Entity("Vladimir Putin", "PERSON", role="Russian President"), Entity("Islamic State", "ORG")),
        places=(Place("Palmyra", 34.55, 38.27, "SY", "city", "163345", (m,)),
                Place("Syria", 35.0, 38.0, "SY", "country", "163843", (m,), usage="demonym"),
                Place("Damascus", 33.51, 36.29, "SY", "city", None, (m,), stands_for="government")),
        quotes=(Quote("We will rebuild the temples,", "direct", "said", Speaker("the minister", "the minister"),
                      None, 1, 1, 30),),
        dates=(TimeExpression("on Monday", "2016-03-28", "day", 1, 52, 61),
               TimeExpression("May 2015", "2015-05", "month", 1, 83, 91, background=True),
               TimeExpression("2016-03-25", "2016-03-25", "day", 2, 60, 70)),
        nlp=True, **kw)


def stream() -> list[Article]:
    """Reports of one event (a near-duplicate among them), a related-feed link, and unrelated ones."""
    council = "The city council voted on Tuesday to approve a new tram line from the station to the harbour."
    return [
        annotated("p1", "Syrian army retakes Palmyra from Islamic State"),
        annotated("p2", "Palmyra retaken by Syrian troops", published="2016-03-27T12:00:00"),
        annotated("p3", "Syrian army retakes Palmyra from Islamic State", published="2016-03-27T13:00:00"),
        replace(annotated("c1", "Council approves tram line", council, "2016-03-28"), entities=(), places=(), quotes=(),
                dates=(), related=()),
        replace(annotated("p4", "Museum of Palmyra damaged", "The museum lost statues.", "2016-03-28"),
                related=(RelatedItem(None, "Syrian army retakes Palmyra from Islamic State"),)),
        annotated("u1", None, published=None),
    ]
