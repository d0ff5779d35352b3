"""A small store built in code (no extraction, no NLP): articles with quotes, entities, places, a story."""

from __future__ import annotations

import hashlib

from storyline.model import Article, Entity, Mention, Place, Quote, RelatedItem, Source, Speaker
from storyline.store import open_store
from storyline.store.base import (
    EventQuote,
    EventSource,
    JoinReason,
    Store,
    Story,
    StoryEntity,
    StoryPlace,
    TimelineEvent,
)

HOSTILE_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)> Hostile headline'
HOSTILE_SPEAKER = "<img src=x onerror=alert(7)> Speaker"
FILLERS = 25


def _sha(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def _mention(paragraphs: list[str], p: int, text: str) -> Mention:
    start = paragraphs[p].index(text)
    return Mention(p, start, start + len(text), text)


def _quote(paragraphs: list[str], p: int, text: str, speaker: Speaker | None, kind: str = "direct") -> Quote:
    start = paragraphs[p].index(text)
    return Quote(text, kind, "said", speaker, None, p, start, start + len(text))


def make_article(label: str, title: str, published: str | None, paragraphs: list[str], **kw: object) -> Article:
    return Article(source=Source(f"fixture/{label}.txt", "text", _sha(label)), title=title, published=published,
                   language="en", paragraphs=tuple(paragraphs), **kw)  # type: ignore[arg-type]


def palmyra() -> Article:
    paras = [
        "Syrian troops retook Palmyra on Sunday, the army said, after a three-week offensive.",
        "“We will rebuild the ancient city,” said Maamoun Abdulkarim, the antiquities chief, in Damascus.",
        "Abdulkarim said the Temple of Bel had been destroyed.",
    ]
    abdulkarim = Entity("Maamoun Abdulkarim", "PERSON", ("Abdulkarim",),
                        (_mention(paras, 1, "Maamoun Abdulkarim"), _mention(paras, 2, "Abdulkarim")),
                        "antiquities chief")
    palm = Entity("Palmyra", "GPE", (), (_mention(paras, 0, "Palmyra"),))
    damascus = Entity("Damascus", "GPE", (), (_mention(paras, 1, "Damascus"),))
    speaker = Speaker("Maamoun Abdulkarim", "Maamoun Abdulkarim", "PERSON")
    return make_article(
        "palmyra", "Syrian army retakes Palmyra", "2016-03-27T14:30:00+00:00", paras,
        url="https://news.example/palmyra",
        entities=(abdulkarim, palm, damascus),
        quotes=(_quote(paras, 1, "“We will rebuild the ancient city,”", speaker),
                _quote(paras, 2, "the Temple of Bel had been destroyed", Speaker("Maamoun Abdulkarim", "Abdulkarim"),
                       "indirect")),
        places=(Place("Palmyra", 34.55, 38.27, "SY", "city", "pal", (_mention(paras, 0, "Palmyra"),)),
                Place("Damascus", 33.51, 36.29, "SY", "city", "dam", (_mention(paras, 1, "Damascus"),))),
        related=(RelatedItem("r1", "Palmyra: a history", "https://news.example/history", published="2016-03-25"),
                 RelatedItem("r2", "Click me", "javascript:alert('related')", published="2016-03-26"),
                 RelatedItem("r3", "Click me too", " JaVa\tScRiPt:alert(2)", published=None)),
        nlp=True,
    )


def putin() -> Article:
    paras = ["Vladimir Putin congratulated Bashar al-Assad on the recapture of Palmyra.",
             "“This is an important success,” Putin said on Monday."]
    ent = Entity("Vladimir Putin", "PERSON", ("Putin",), (_mention(paras, 0, "Vladimir Putin"),
                                                          _mention(paras, 1, "Putin")), "Russian President")
    return make_article(
        "putin", "Putin congratulates Assad on Palmyra", "2016-03-28T13:15:35", paras,
        entities=(ent, Entity("Palmyra", "GPE", (), (_mention(paras, 0, "Palmyra"),))),
        quotes=(_quote(paras, 1, "“This is an important success,”", Speaker("Vladimir Putin", "Putin", "PERSON")),),
        places=(Place("Palmyra", 34.55, 38.27, "SY", "city", "pal", (_mention(paras, 0, "Palmyra"),)),),
        nlp=True,
    )


def hostile() -> Article:
    paras = ['Body with <b onmouseover="alert(3)">markup</b> and <script>alert(4)</script> in it.',
             "A second paragraph mentioning Palmyra once more."]
    evil = "<script>alert(4)</script>"
    speaker = Speaker(HOSTILE_SPEAKER, HOSTILE_SPEAKER, "PERSON")
    return make_article("hostile", HOSTILE_TITLE, "2016-03-29", paras, url="javascript:alert('url')",
                    related=(RelatedItem("h1", '<img src=x onerror="alert(5)">', "data:text/html,<script>x</script>"),),
                    entities=(Entity(evil, "ORG", (), (_mention(paras, 0, evil),)),
                              Entity(HOSTILE_SPEAKER, "PERSON", (), ())),
                    quotes=(_quote(paras, 0, '<b onmouseover="alert(3)">markup</b>', speaker),),
                    nlp=True)


def undated() -> Article:
    return make_article("undated", "An undated note about a storm", None, ["The storm passed without damage."])


def fillers() -> list[Article]:
    return [make_article(f"filler{i}", f"Filler report {i:02d} on the harbour tram", f"2016-01-{i + 1:02d}",
                     [f"Report number {i} about the harbour tram line and the council vote."])
            for i in range(FILLERS)]


def all_articles() -> list[Article]:
    return [palmyra(), putin(), hostile(), undated(), *fillers()]


def _write_story(store: Store, members: list[Article]) -> str:
    """A hand-made story over the Palmyra articles, written through the store's story repository."""
    sid = "s" + members[0].id
    with store.clustering():
        reasons = [JoinReason("first"), JoinReason("similarity", score=0.42, terms=("palmyra", "assad"))]
        for a, reason in zip(members, reasons, strict=False):
            store.add_member(a.id, sid, None, None, reason)
        store.write_story(Story(
            id=sid, label="Palmyra recaptured", first_date="2016-03-27", last_date="2016-03-28",
            last_sort="2016-03-28T13:15:35", articles=len(members), quotes=3,
            entities=(StoryEntity("Palmyra", "GPE", 2), StoryEntity("Vladimir Putin", "PERSON", 1)), sources=2,
            places=(StoryPlace("Palmyra", 34.55, 38.27, "SY"), StoryPlace("Damascus", 33.51, 36.29, "SY")),
            timeline=(
                TimelineEvent("2016-03-27", "day", "event", "Troops retake Palmyra.",
                              (EventSource(members[0].id, members[0].title),),
                              EventQuote("that the army held the city", "Syrian officials", "indirect"), key=1),
                TimelineEvent("2016-03-28", "day", "quote", "Putin congratulates Assad.",
                              (EventSource(members[1].id, members[1].title),),
                              EventQuote("This is an important success", "Vladimir Putin"), key=2),
            ),
        ))
    return sid


def build(target: str) -> dict[str, str | None]:
    """Write the fixture articles and a story to a new store; return useful ids."""
    arts = all_articles()
    with open_store(target) as store:
        store.write_batch([(a, f"raw {a.id}".encode()) for a in arts])
        story = _write_story(store, arts[:2])
    return {"palmyra": arts[0].id, "putin": arts[1].id, "hostile": arts[2].id, "undated": arts[3].id,
            "story": story}
