"""The story record: a label that stays put, outlets, undated reports, key people and places with counts."""

from __future__ import annotations

from storyline.model import Entity, Place
from storyline.store.base import JoinReason
from storyline.stories.record import build_story, choose_label, reason_text
from storyline.stories.summary import summarize

from .helpers import COUNCIL, PALMYRA, make

TITLES = ["Syrian army retakes Palmyra from Islamic State", "Palmyra retaken by Syrian army",
          "Army retakes Palmyra"]


def test_a_label_stays_while_it_still_fits() -> None:
    best = choose_label(TITLES)
    other = next(t for t in TITLES if t != best)
    assert choose_label(TITLES, previous=other) == other  # close enough to the best: no relabel
    assert choose_label(TITLES, previous="A title no member has") == best  # not a member title any more


def test_a_label_moves_when_another_title_is_clearly_better() -> None:
    titles = ["Council approves tram line", *(f"Palmyra retaken by Syrian army, day {i}" for i in range(6))]
    assert choose_label(titles, previous="Council approves tram line") != "Council approves tram line"


def test_outlets_undated_reports_and_counts() -> None:
    ent = (Entity("Palmyra", "GPE"),)
    place = (Place("Palmyra", 34.55, 38.27, "SY", "city", None),)
    members = [
        summarize(make("a", "Army retakes Palmyra", PALMYRA, "2016-03-27", url="https://www.sana.sy/a",
                       entities=ent, places=place)),
        summarize(make("b", "Palmyra retaken", PALMYRA, "2016-03-28", sitename="SANA", entities=ent)),
        summarize(make("c", "Palmyra: the ruins", PALMYRA, None, url="https://news.example/c",
                       entities=ent, places=place)),
        summarize(make("d", "Tram line", COUNCIL, "2016-03-28", sitename="sana.sy")),
    ]
    story = build_story("sx", members)
    assert story.undated == 1 and story.first_date == "2016-03-27" and story.last_date == "2016-03-28"
    assert story.sources == 3  # sana.sy (host and site name alike, any case), SANA, news.example
    copy = summarize(make("e", "Army retakes Palmyra", PALMYRA, "2016-03-27", url="https://wire.example/e"),
                     members[0].article_id)
    with_copy = build_story("sx", [*members, copy])
    assert with_copy.sources == 4 and with_copy.articles == story.articles  # a copy elsewhere: one more outlet
    assert [(e.name, e.count) for e in story.entities] == [("Palmyra", 3)]
    assert [(p.name, p.count) for p in story.places] == [("Palmyra", 2)]


def test_reasons_read_as_words() -> None:
    assert reason_text(JoinReason("similarity", score=0.312, terms=("palmyra", "assad"))) == \
        "similar text (0.31): palmyra, assad"
    assert reason_text(JoinReason("duplicate", "abc")) == "near-duplicate of abc"
    assert reason_text(JoinReason("link", "url:news.example/x")) == "related-feed link url:news.example/x"
    assert reason_text(JoinReason("first")) == "started the story"
    assert reason_text(None) == "joined before reasons were kept"
