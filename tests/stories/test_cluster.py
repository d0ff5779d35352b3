"""Incremental clustering: later articles join existing stories without re-clustering; related links."""

from __future__ import annotations

import json

from storyline.model import RelatedItem
from storyline.stories.cluster import StoryClusterer

from .helpers import COUNCIL, PALMYRA, make

SPORT = "Riverside scored a late goal to beat the visitors two to one and reach the cup semi-final on Saturday."


def first_batch() -> list:
    return [
        make("p1", "Syrian army retakes Palmyra", PALMYRA, "2016-03-27T10:00:00"),
        make("c1", "Council approves tram line", COUNCIL, "2016-03-22"),
        make("s1", "Late goal sends Riverside into semi-final", SPORT, "2016-03-19"),
    ]


def test_similar_articles_share_a_story_and_others_do_not() -> None:
    cl = StoryClusterer()
    ids = cl.add_many(first_batch())
    assert len(set(ids)) == 3
    more = make("p2", "Palmyra recaptured from Islamic State",
                "Troops recaptured the ancient city of Palmyra from Islamic State militants; engineers clear "
                "mines from the ruins and the citadel after the offensive backed by Russian air strikes.",
                "2016-03-28")
    assert cl.add(more) == ids[0]


def test_incremental_resume_keeps_old_assignments() -> None:
    cl = StoryClusterer()
    ids = cl.add_many(first_batch())
    state = json.loads(json.dumps(cl.state_dict()))  # what the store keeps
    resumed = StoryClusterer.from_state(state)
    assert resumed.assignment == cl.assignment
    later = make("p3", "Palmyra: mines cleared from ruins",
                 "Army engineers cleared mines from the ruins of Palmyra, recaptured from Islamic State "
                 "militants after the three-week offensive.", "2016-03-29")
    assert resumed.add(later) == ids[0]
    assert resumed.story_of(first_batch()[1].id) == ids[1]
    assert resumed.add(first_batch()[1]) == ids[1]  # adding a seen article again changes nothing
    assert resumed.stories[ids[1]].size == 1


def test_related_feed_link_is_strong_evidence() -> None:
    cl = StoryClusterer()
    base = make("r1", "UN chief praises army victory", "A short note with few shared words at all.",
                "2016-03-28T13:09:03", url="https://news.example/un-chief-praises")
    sid = cl.add(base)
    linking = make("r2", "Putin calls Assad", "Completely different wording about a phone call between leaders.",
                   "2016-03-28T13:15:35",
                   related=(RelatedItem(id=None, title="UN chief praises army victory", url=None),))
    assert cl.add(linking) == sid
    by_url = make("r3", "Another text", "Nothing in common with the others here whatsoever.", "2016-03-29",
                  related=(RelatedItem(id=None, title="x", url="http://www.news.example/un-chief-praises/"),))
    assert cl.add(by_url) == sid


def test_duplicates_join_the_canonical_story() -> None:
    cl = StoryClusterer()
    a = make("d1", "Palmyra retaken", PALMYRA, "2016-03-27")
    b = make("d2", "Army recaptures Palmyra (wire copy)", PALMYRA, "2016-03-27T12:00:00")
    assert cl.add(a) == cl.add(b)
    assert cl.duplicate_of(b.id) == a.id


def test_cohesion_power_lifts_broad_stories_only() -> None:
    from storyline.stories.cluster import ClusterConfig

    plain, scaled = StoryClusterer(), StoryClusterer(ClusterConfig(cohesion_power=0.5))
    for cl in (plain, scaled):
        cl.add(make("b1", "Fed official warns on tapering pace", "", "2014-03-10"))
        cl.add(make("b2", "Plosser sees high bar for change in Fed taper", "", "2014-03-10"))
    story = next(iter(plain.stories.values()))
    assert story.size == 2  # one broad story
    probe = make("b3", "Stocks fall after Fed hints at faster taper", "", "2014-03-10")
    args = (plain.vectorize(probe.title or "", learn=False), set(), set(), 16139.0)
    s_plain = plain.score(*args, story)
    s_scaled = scaled.score(*args, next(iter(scaled.stories.values())))
    assert s_scaled > s_plain > 0


def test_merge_threshold_folds_stories_together() -> None:
    from storyline.stories.cluster import ClusterConfig

    cl = StoryClusterer(ClusterConfig(threshold=0.99, merge_threshold=0.3, dedup=False))
    a = cl.add(make("m1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", "2016-03-27"))
    b = cl.add(make("m2", "Palmyra ruins intact", "the ancient ruins of palmyra city largely intact", "2016-03-28"))
    c = cl.add(make("m3", "Palmyra retaken, ruins intact",
                    "troops recaptured the ancient city of palmyra; its ruins largely intact", "2016-03-28"))
    assert len({cl.resolve(s) for s in (a, b, c)}) == 1
    assert cl.merged and cl.resolve(c) == a  # the oldest story keeps its id
    assert sorted(cl.stories[a].members) == sorted(x.id for x in (make("m1", "", ""), make("m2", "", ""),
                                                                   make("m3", "", "")))


def test_each_placement_says_why() -> None:
    cl = StoryClusterer()
    first = cl.place(make("w1", "Syrian army retakes Palmyra", PALMYRA, "2016-03-27T10:00:00",
                          url="https://news.example/palmyra-retaken"))
    assert first.reason.kind == "first" and first.story_id == "s" + make("w1", "", "").id
    similar = cl.place(make("w2", "Palmyra recaptured from Islamic State",
                            "Troops recaptured the ancient city of Palmyra from Islamic State militants after the "
                            "offensive; engineers clear mines from the ruins.", "2016-03-28"))
    assert similar.story_id == first.story_id and similar.reason.kind == "similarity"
    assert similar.reason.score is not None and similar.reason.score >= cl.config.threshold
    assert "palmyra" in similar.reason.terms and len(similar.reason.terms) <= 5
    copy = cl.place(make("w3", "Syrian army retakes Palmyra", PALMYRA + " ", "2016-03-27T11:00:00"))
    assert copy.story_id == first.story_id and copy.reason.kind == "duplicate"
    assert copy.reason.via == make("w1", "", "").id
    linked = cl.place(make("w4", "Putin calls Assad", "A phone call between two leaders, nothing else.",
                           "2016-03-28T13:15:35",
                           related=(RelatedItem(id=None, title="x", url="https://news.example/palmyra-retaken"),)))
    assert linked.story_id == first.story_id and linked.reason.kind == "link"
    assert linked.reason.via is not None and linked.reason.via.startswith("url:")
    assert cl.place(make("w1", "Syrian army retakes Palmyra", PALMYRA, "2016-03-27T10:00:00")).reason.kind == "known"


def test_an_undated_article_gets_no_time_penalty_and_leaves_the_dates_alone() -> None:
    cl = StoryClusterer()
    old = cl.add(make("u1", "Syrian army retakes Palmyra", PALMYRA, "2016-03-01"))
    cl.add(make("u2", "Council approves tram line", COUNCIL, "2016-03-25"))  # the clock moves on 24 days
    undated = make("u3", "Palmyra recaptured from Islamic State",
                   "Troops recaptured the ancient city of Palmyra from Islamic State militants after the "
                   "offensive; engineers clear mines from the ruins.", None)
    assert cl.add(undated) == old  # scored as of no date: no decay from the 24 days since the story
    story = cl.stories[old]
    assert story.size == 2 and story.first == story.last  # its span is still the one dated report's
    resumed = StoryClusterer.from_state(json.loads(json.dumps(cl.state_dict())))
    assert resumed.stories[old].last == story.last and resumed.stories[old].seen == story.seen
    only_undated = StoryClusterer()
    sid = only_undated.add(make("u4", "Syrian army retakes Palmyra", PALMYRA, None))
    assert only_undated.add(make("u5", "Palmyra retaken by the army", PALMYRA + " Later.", "2016-03-28")) == sid


def test_a_shared_rare_name_weighs_more_than_a_shared_common_one() -> None:
    from collections import Counter

    from storyline.stories.story_state import ActiveStory

    cl = StoryClusterer()
    cl.n_docs, cl.key_df = 1000, Counter({"gpe:united states": 900, "person:maamoun abdulkarim": 2})
    vec = {"ruin": 0.6, "mine": 0.8}
    common = ActiveStory("sc", {"ruin": 0.2}, 0.04, 1, 0.0, 0.0, 0.0, Counter({"gpe:united states": 1}))
    rare = ActiveStory("sr", {"ruin": 0.2}, 0.04, 1, 0.0, 0.0, 0.0, Counter({"person:maamoun abdulkarim": 1}))
    ents = {"gpe:united states", "person:maamoun abdulkarim"}
    assert cl.score(vec, ents, set(), 0.0, rare) > cl.score(vec, ents, set(), 0.0, common)
