"""Timelines: ordered by instant, de-duplicated, with precision, sources and quotes; labels."""

from __future__ import annotations

import json

from storyline.model import Quote, RelatedItem, Speaker, TimeExpression
from storyline.store.base import EventQuote, as_json
from storyline.stories.record import build_story, choose_label
from storyline.stories.summary import MemberSummary, summarize
from storyline.stories.timeline import build_timeline

from .helpers import PALMYRA, make


def test_order_dedup_and_precision() -> None:
    a = make("a", "Army retakes Palmyra", PALMYRA, "2016-03-27T14:30:00+00:00",
             related=(RelatedItem(id="1", title="Troops advance on Palmyra", published="2016-03-25T18:14:43"),
                      RelatedItem(id="2", title="Palmyra castle seized", published="2016-03-25")))
    b = make("b", "Palmyra retaken by the army", PALMYRA, "2016-03-28",
             related=(RelatedItem(id="1", title="Troops Advance on Palmyra!", published="2016-03-25T18:14:43"),))
    events = as_json(build_timeline([summarize(a), summarize(b)]))
    assert [e["summary"] for e in events] == [
        "Palmyra castle seized", "Troops advance on Palmyra", "Army retakes Palmyra", "Palmyra retaken by the army"]
    assert [e["precision"] for e in events] == ["day", "second", "second", "day"]
    assert {s["article_id"] for s in events[1]["sources"]} == {a.id, b.id}  # the same item, listed twice
    assert [e["kind"] for e in events] == ["related", "related", "article", "article"]


def test_duplicates_fold_into_sources_and_quote_is_kept() -> None:
    q = Quote("We will rebuild the city", "direct", "said", Speaker("Maamoun Abdulkarim", "the director"), None,
              0, 0, 10)
    a = make("a", "Army retakes Palmyra", PALMYRA, "2016-03-27", quotes=(q,))
    copy = make("c", "Army retakes Palmyra", PALMYRA, "2016-03-27")
    events = as_json(build_timeline([summarize(a), summarize(copy, a.id)]))
    assert len(events) == 1
    assert [s["article_id"] for s in events[0]["sources"]] == [a.id, copy.id]
    assert events[0]["quote"] == {"text": "We will rebuild the city", "speaker": "Maamoun Abdulkarim", "kind": "direct"}


def test_dated_statements_become_events() -> None:
    body = "The offensive began on March 7. It will run from the start of May until the end of June."
    a = make("a", "Army retakes Palmyra", body, "2016-03-28",
             dates=(TimeExpression("March 7", "2016-03-07", "day", 0, 23, 30),
                    TimeExpression("May", "2016-05", "month", 0, 63, 66),
                    TimeExpression("June", "2016-06", "month", 0, 85, 89)))
    events = as_json(build_timeline([summarize(a)]))
    assert events[0] == {"date": "2016-03-07", "precision": "day", "kind": "statement",
                         "summary": "The offensive began on March 7.", "sources": [{"article_id": a.id,
                         "title": "Army retakes Palmyra"}], "quote": None, "key": 1}
    # one sentence is one event, dated by its first date (a demo timeline listed a May and a June event
    # with the same sentence)
    ranged = [e for e in events if e["summary"].startswith("It will run")]
    assert [(e["date"], e["precision"]) for e in ranged] == [("2016-05", "month")]
    # key days: the day it refers to (1 vote, from a later article) first, then the publication day (0.5)
    assert events[0]["key"] == 1 and next(e for e in events if e["kind"] == "article")["key"] == 2


def test_story_record_and_label() -> None:
    a = make("a", "Syrian army retakes Palmyra from Islamic State", PALMYRA, "2016-03-27")
    b = make("b", "Palmyra retaken", PALMYRA, "2016-03-28")
    c = make("c", "Russia to stand by Syria: Putin", PALMYRA, "2016-03-28T13:15:35")
    story = as_json(build_story("sx", [summarize(a), summarize(b), summarize(c)]))
    assert story["first_date"] == "2016-03-27" and story["last_date"] == "2016-03-28T13:15:35"
    assert story["articles"] == 3 and story["quotes"] == 0
    assert "Palmyra" in story["label"]
    assert choose_label([]) == "(untitled story)"


def test_a_summary_round_trips_through_json() -> None:
    q = Quote("We will rebuild the city", "direct", "said", Speaker("Maamoun Abdulkarim", "the director"), None,
              0, 0, 10)
    a = make("a", "", "The offensive began on March 7. More followed.", "2016-03-28", quotes=(q,),
             dates=(TimeExpression("March 7", "2016-03-07", "day", 0, 27, 34),),
             related=(RelatedItem(id="1", title="Troops advance", published="2016-03-25"),))
    s = summarize(a, "b" * 16)
    assert MemberSummary.from_json(s.to_json()) == s
    assert s.first_sentence == "The offensive began on March 7." and s.statements[0][0] == "2016-03-07"
    assert s.key_quote is not None and s.key_quote.speaker == "Maamoun Abdulkarim"
    assert s.key_quote.kind == "direct"


def test_a_key_quote_keeps_its_kind_and_older_summaries_read_without_one() -> None:
    """A paraphrase chosen as an event's statement says it is one, so no page prints it as a quotation."""
    said = Quote("that the army was in full control of the city", "indirect", "said", Speaker("Syrian officials", None),
                 None, 0, 0, 10)
    s = summarize(make("a", "", "Officials said that the army was in full control of the city.", "2016-03-28",
                       quotes=(said,)), "b" * 16)
    assert s.key_quote is not None and s.key_quote.kind == "indirect"
    assert MemberSummary.from_json(s.to_json()).key_quote == s.key_quote
    legacy = json.loads(s.to_json())
    legacy["key_quote"] = legacy["key_quote"][:2]  # stored before kinds were kept
    old = MemberSummary.from_json(json.dumps(legacy)).key_quote
    assert old is not None and old.kind is None and old.text == s.key_quote.text


def test_a_background_date_never_dates_an_event() -> None:
    from storyline.nlp.annotate import annotate

    body = ("Syrian troops pushed into the centre of Palmyra on Sunday, driving Islamic State fighters out of the "
            "city they had held since May 2015.\n\nTeams reached the ancient site for the first time since the "
            "militants seized it in May 2015.")
    a = annotate(make("bg", "Troops retake Palmyra", body, "2016-03-28"))
    assert {d.text for d in a.dates if d.background} == {"May 2015"}
    events = as_json(build_timeline([summarize(a)]))
    assert [e["date"] for e in events] == ["2016-03-27", "2016-03-28"]


def test_an_adjectival_place_is_not_a_story_place() -> None:
    from storyline.nlp.annotate import annotate

    a = annotate(make("adj", "Monitor counts losses", "The London-based monitoring group said 40 fighters "
                      "died near Palmyra on Sunday.", "2016-03-28"))
    assert {p.name for p in a.places if p.usage == "adjectival"} == {"London"}
    assert [p[0] for p in summarize(a).places] == ["Palmyra"]


def test_key_days_rank_the_days_later_reports_look_back_on() -> None:
    body = "Troops entered the city on March 20."
    members = [summarize(make(f"k{i}", f"Report {i}", body, f"2016-03-{21 + i:02d}",
                              dates=(TimeExpression("March 20", "2016-03-20", "day", 0, 26, 34),)))
               for i in range(3)]
    events = as_json(build_timeline(members))
    keyed = {e["date"][:10]: e["key"] for e in events if e["key"] is not None}
    assert keyed["2016-03-20"] == 1  # three votes for the day looked back on, beside 0.5 per publication
    assert sorted(keyed.values()) == list(range(1, len(keyed) + 1))


def test_an_interrupted_quote_reads_as_in_the_article_never_two_glued() -> None:
    para = "The antiquities chief was relieved. “We expected far worse,” he said. “The landscape is intact.”"
    start = para.index("“We")
    glued = "“We expected far worse,” “The landscape is intact.”"
    q = Quote(glued, "direct", "said", Speaker("Maamoun Abdulkarim", "he"), None, 0, start, len(para))
    a = make("a", "Army retakes Palmyra", para, "2016-03-27", quotes=(q,))
    events = as_json(build_timeline([summarize(a)]))
    assert events[0]["quote"]["text"] == "“We expected far worse,” he said. “The landscape is intact.”"
    across = make("b", "Army retakes Palmyra", para + "\n\nMore.", "2016-03-27",
                  quotes=(Quote(glued, "direct", "said", None, None, 0, start, 5, end_paragraph=1),))
    assert summarize(across).key_quote == EventQuote("“We expected far worse,”", None, "direct")
