"""Text-dump cleaning: the seed golden record, headers, sign-offs, leaks inside and after the body."""

from __future__ import annotations

import json

from storyline.model import Article, RawDocument
from storyline.pipeline import extract
from tests.conftest import FIXTURES


def run(text: str, name: str = "t.txt") -> Article:
    res = extract(RawDocument(path=name, data=text.encode("utf-8")))
    assert isinstance(res, Article), res
    return res


def test_seed_matches_golden_record(seed_bytes: bytes) -> None:
    res = extract(RawDocument(path="samples/seed-palmyra.txt", data=seed_bytes))
    assert isinstance(res, Article)
    golden = json.loads((FIXTURES / "golden" / "seed-palmyra.json").read_text(encoding="utf-8"))
    assert res.to_dict() == golden


def test_seed_fields(seed_bytes: bytes) -> None:
    res = extract(RawDocument(path="seed.txt", data=seed_bytes))
    assert isinstance(res, Article)
    assert res.title == "‘Russia to Stand by Syria’: Putin to Assad"
    assert res.published == "2016-03-28T13:15:35"  # no offset: the source states none
    assert res.signoff == "S/SH 11"
    assert res.language == "en"
    assert len(res.paragraphs) == 11
    assert res.paragraphs[0].startswith("Russian President Vladimir Putin offered felicitations")
    assert res.paragraphs[-1].endswith("some two years ago.")
    assert not any("string(" in p or "alalam_" in p or "S/SH" in p for p in res.paragraphs)
    assert len(res.related) == 10
    first = res.related[0]
    assert (first.id, first.published, first.kind) == ("1802161", "2016-03-25T18:14:43", "article")
    urgent = res.related[1]
    assert urgent.title == "Syrian Army, Popular Forces Seize Palmyra Castle" and urgent.labels == ("URGENT",)
    video = res.related[2]
    assert video.kind == "video" and video.labels == ("VIDEO",) and not video.title.startswith("VIDEO")
    assert [r.published[:10] for r in res.related if r.published] == [
        "2016-03-25", "2016-03-25", "2016-03-26", "2016-03-26", "2016-03-26",
        "2016-03-26", "2016-03-27", "2016-03-27", "2016-03-27", "2016-03-28",
    ]
    assert [w.code for w in res.warnings] == ["leak_removed"]


def test_typographic_quotes_are_kept(seed_bytes: bytes) -> None:
    res = extract(RawDocument(path="seed.txt", data=seed_bytes))
    assert isinstance(res, Article)
    assert "“rid their land from extremist groups”" in res.paragraphs[2]


def test_byline_and_iso_dateline_with_offset() -> None:
    res = run("Floods hit the valley\n\nBy Jane Roe and John Doe, Reuters\n2021-07-14T09:30:00+02:00\n\n"
              "Heavy rain flooded the valley on Wednesday, officials said.\n\nMore rain is expected.")
    assert res.title == "Floods hit the valley"
    assert res.authors == ("Jane Roe", "John Doe")
    assert res.published == "2021-07-14T09:30:00+02:00"
    assert res.paragraphs == ("Heavy rain flooded the valley on Wednesday, officials said.", "More rain is expected.")


def test_rfc2822_dateline_and_no_blank_lines() -> None:
    res = run("Council approves budget\nWed, 02 Mar 2022 18:05:00 GMT\nThe council approved the budget.\n"
              "The vote was 7 to 2.\n(Reporting by Ann Lee; Editing by Bo Chan)")
    assert res.published == "2022-03-02T18:05:00+00:00" and res.published_source == "dateline"
    assert res.paragraphs == ("The council approved the budget.", "The vote was 7 to 2.")
    assert res.signoff is None and res.credits == ("(Reporting by Ann Lee; Editing by Bo Chan)",)


def test_print_r_leak_inside_body_becomes_related_and_body_survives() -> None:
    text = (
        "Market rallies\n\nMarch 3, 2020\n\nStocks rose sharply on Tuesday.\n\n"
        "Array\n(\n    [0] => Array\n        (\n            [id] => 77\n            [title] => BREAKING: Oil slips\n"
        "            [link] => /2020/03/02/oil-slips\n        )\n\n)\n\n"
        "Analysts expect more gains this week."
    )
    res = run(text)
    assert res.paragraphs == ("Stocks rose sharply on Tuesday.", "Analysts expect more gains this week.")
    assert len(res.related) == 1
    item = res.related[0]
    assert (item.id, item.title, item.labels, item.url, item.published) == (
        "77", "Oil slips", ("BREAKING",), "/2020/03/02/oil-slips", "2020-03-02")


def test_truncated_var_dump_keeps_complete_items_and_warns() -> None:
    feed = '[{"id":"1","title":"First item","pic":"/2016/03/25/a.jpg"},{"id":"2","title":"Sec'
    text = f"Title here\n\nBody paragraph one is here.\n\nstring(500) \"{feed}"
    res = run(text)
    assert res.paragraphs == ("Body paragraph one is here.",)
    assert [r.title for r in res.related] == ["First item"]
    assert "leak_truncated" in {w.code for w in res.warnings}


def test_var_dump_length_mismatch_is_reported() -> None:
    feed = '[{"id":"9","title":"Only item"}]'
    text = f"Title here\n\nA body paragraph.\n\nstring({len(feed) + 7}) \"{feed}\"\nTail paragraph after the leak."
    res = run(text)
    assert [r.title for r in res.related] == ["Only item"]
    assert "leak_length_mismatch" in {w.code for w in res.warnings}
    assert res.paragraphs == ("A body paragraph.", "Tail paragraph after the leak.")


def test_var_dump_array_leak() -> None:
    dump = (
        'array(1) {\n  [0]=>\n  array(2) {\n    ["id"]=>\n    string(2) "42"\n'
        '    ["title"]=>\n    string(16) "VIDEO: Rescue at"\n  }\n}\n'
    )
    res = run(f"Headline\n\nFirst paragraph of the story.\n\n{dump}\nLast paragraph of the story.")
    assert res.paragraphs == ("First paragraph of the story.", "Last paragraph of the story.")
    assert [(r.id, r.title, r.labels) for r in res.related] == [("42", "Rescue at", ("VIDEO",))]


def test_raw_json_blob_and_related_list() -> None:
    text = (
        "Headline\n\nThe body of the story.\n\n"
        '[{"nid": 5, "headline": "Next story", "url": "https://ex.com/2019/05/01/next"}]\n\n'
        "Related articles:\nA first related story\nA second one - https://ex.com/2019/04/30/second\n"
    )
    res = run(text)
    assert res.paragraphs == ("The body of the story.",)
    assert [(r.id, r.title, r.published) for r in res.related] == [
        ("5", "Next story", "2019-05-01"),
        (None, "A first related story", None),
        (None, "A second one", "2019-04-30"),
    ]


def test_dateline_not_understood_is_a_warning() -> None:
    res = run("Headline\nPublished: sometime in spring\n\nThe body of the story is here.")
    assert res.published is None
    assert {"no_date", "date_unparsed"} <= {w.code for w in res.warnings}
    assert res.paragraphs == ("The body of the story is here.",)


def test_html_entities_in_dump_are_unescaped() -> None:
    res = run("Headline\n\nHe said &quot;no&quot; &amp; left.")
    assert res.paragraphs == ('He said "no" & left.',)


def _sample(name: str) -> Article:
    from tests.conftest import SAMPLES

    res = extract(RawDocument(path=f"samples/{name}", data=(SAMPLES / name).read_bytes()))
    assert isinstance(res, Article), res
    return res


def test_sample_council_print_r_leak_and_credit_signoff() -> None:
    res = _sample("dump-council.txt")
    assert res.authors == ("Maria Lopes", "Tom Becker")  # "Reuters" is an agency, not an author
    assert res.published == "2023-11-14T19:42:00+01:00"
    assert res.signoff is None and res.credits == ("(Reporting by Maria Lopes and Tom Becker; Editing by Ruth Adler)", "Reuters")
    assert len(res.paragraphs) == 4 and not any("Array" in p or "[id]" in p for p in res.paragraphs)
    assert [(r.id, r.kind, r.labels, r.published) for r in res.related] == [
        ("44120", "article", ("BREAKING",), "2023-11-02T07:15:00"),
        ("44188", "video", ("VIDEO",), "2023-11-04"),
    ]


def test_sample_storm_repeated_title_mojibake_related_list_signoff() -> None:
    res = _sample("dump-storm.txt")
    assert res.title == "Storm leaves thousands without power"
    assert res.published == "2023-02-05T08:30:00+00:00"
    assert res.signoff == "AB/cd"
    assert "“We expect most customers to be reconnected by this evening,”" in res.paragraphs[1]
    assert [r.title for r in res.related] == ["Coastal towns brace for second storm", "How to prepare your home for a power cut"]
    assert {"mojibake_repaired", "leak_removed"} <= {w.code for w in res.warnings}
    assert all("Related" not in p for p in res.paragraphs)
