"""Hostile extraction input (issue 12, item 6): lying var_dump lengths, deep nesting, damaged UTF-8, broken JSON."""

from __future__ import annotations

import json

from storyline.model import Article, Failure, RawDocument
from storyline.pipeline import extract
from storyline.settings import Settings

FEED = (
    '[{"id":"1802161","sort":"3520153","contenttypeid":"21","pic":"/2016/03/25/alalam_6359_25f_4x3.jpg",'
    '"title":"ISIS Terrorists under Pressure as Syrian Army Troops Advance on Palmyra"} ,'
    '{"id":"1802165","sort":"3520152","contenttypeid":"21","pic":"/2016/03/25/alalam_6360_25f_4x3.jpg",'
    '"title":"URGENT: Syrian Army, Popular Forces Seize Palmyra Castle"} ]'
)
HEAD = (
    "‘Russia to Stand by Syria’: Putin to Assad\n\nMon Mar 28, 2016 13:15:35\n\n"
    "Russian President Vladimir Putin offered felicitations to his Syrian counterpart Bashar al-Assad "
    "on the liberation of the ancient city of Palmyra after weeks of army operations.\n\n"
)
TAIL = "The London-based monitoring group described Palmyra’s liberation as one of the biggest defeats."


def run(data: bytes | str, name: str = "t.txt") -> Article | Failure:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return extract(RawDocument(path=name, data=raw), Settings())


def article(data: bytes | str, name: str = "t.txt") -> Article:
    res = run(data, name)
    assert isinstance(res, Article), res
    return res


def codes(res: Article) -> list[str]:
    return [w.code for w in res.warnings]


# 1. var_dump string(N) with an overstated N


def test_overstated_string_length_past_the_end_keeps_the_paragraph_after_it() -> None:
    res = article(f'{HEAD}string(99999) "{FEED}"\n\n{TAIL}')
    assert res.paragraphs[-1] == TAIL
    assert len(res.paragraphs) == 2
    assert [r.id for r in res.related] == ["1802161", "1802165"]
    assert "leak_length_mismatch" in codes(res) and "leak_truncated" not in codes(res)


def test_overstated_string_length_without_blank_line_keeps_the_next_line() -> None:
    res = article(f'{HEAD}string({len(FEED) + 5000}) "{FEED}"\n{TAIL}')
    assert res.paragraphs[-1] == TAIL
    assert "leak_length_mismatch" in codes(res) and "leak_truncated" not in codes(res)


def test_overstated_string_inside_array_stops_at_the_array_end() -> None:
    dump = (
        'array(2) {\n  ["id"]=>\n  string(2) "42"\n  ["title"]=>\n'
        '  string(900) "VIDEO: Rescue at sea"\n}\n'
    )
    res = article(f"{HEAD}{dump}\n{TAIL}")
    assert res.paragraphs[-1] == TAIL
    assert [(r.id, r.title) for r in res.related] == [("42", "Rescue at sea")]
    assert "leak_length_mismatch" in codes(res) and "leak_truncated" not in codes(res)


def test_overstated_string_does_not_take_a_quoted_body_line() -> None:
    tail = 'The minister said "we will not give up"\nand left the room.'
    res = article(f'{HEAD}string(99999) "{FEED}"\n\n{tail}')
    assert res.paragraphs[-1] == 'The minister said "we will not give up" and left the room.'


def test_truly_truncated_string_is_still_reported_as_truncated() -> None:
    res = article(f'{HEAD}string(99999) "{FEED[:200]}')
    assert "leak_truncated" in codes(res)
    assert len(res.paragraphs) == 1


# 2. var_dump arrays nested 5,000 deep


def _nested_lines(depth: int, inner: str = 'string(1) "x"') -> str:
    return "array(1) {\n  [0]=>\n" * depth + f"  {inner}\n" + "}\n" * depth


def _nested_one_line(depth: int) -> str:
    return "array(1) { [0]=> " * depth + 'string(1) "x" ' + "} " * depth


def test_deeply_nested_var_dump_on_one_line_leaves_no_brace_debris() -> None:
    res = article(f"{HEAD}{_nested_one_line(5000)}\n\n{TAIL}")
    assert res.paragraphs[-1] == TAIL and len(res.paragraphs) == 2
    assert not any("}" in p or "array(" in p for p in res.paragraphs)
    assert codes(res).count("leak_removed") == 1


def test_deeply_nested_var_dump_on_many_lines_is_one_leak() -> None:
    res = article(f"{HEAD}{_nested_lines(5000)}\n{TAIL}")
    assert res.paragraphs[-1] == TAIL and len(res.paragraphs) == 2
    assert codes(res).count("leak_removed") == 1
    assert "leak_truncated" not in codes(res) and "separator_removed" not in codes(res)


def test_damaged_deep_var_dump_is_removed_with_a_warning() -> None:
    dump = "array(1) { [0]=> " * 3000 + "garbage here " + "} " * 3000
    res = article(f"{HEAD}{dump}\n\n{TAIL}")
    assert res.paragraphs[-1] == TAIL and len(res.paragraphs) == 2
    assert not any("}" in p for p in res.paragraphs)
    assert "leak_truncated" in codes(res)


def test_deeply_nested_print_r_leaves_no_debris() -> None:
    depth = 3000
    dump = "Array\n(\n    [0] => " * depth + "x\n" + ")\n" * depth
    res = article(f"{HEAD}{dump}\n{TAIL}")
    assert res.paragraphs[-1] == TAIL and len(res.paragraphs) == 2
    assert not any(")" in p for p in res.paragraphs)


def test_deeply_nested_json_leak_is_removed_not_a_failure() -> None:
    blob = '[{"a": ' * 5000 + "1" + "}]" * 5000
    res = article(f"{HEAD}{blob}\n\n{TAIL}")
    assert res.paragraphs[-1] == TAIL and len(res.paragraphs) == 2


# 3. HTML nested deeper than the parser's limit


def _deep_html(depth: int, body: str) -> str:
    return (
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    )


PARAS = "".join(
    f"<p>Paragraph {i}: the council met on Tuesday and approved the new budget for the harbour district.</p>"
    for i in range(3)
)


def test_html_nested_1000_deep_keeps_its_text() -> None:
    res = article(_deep_html(1000, PARAS), "deep.html")
    assert len(res.paragraphs) == 3
    assert res.paragraphs[0].startswith("Paragraph 0: the council met")


def test_html_nested_5000_deep_keeps_its_text() -> None:
    res = article(_deep_html(5000, PARAS), "deep.html")
    assert len(res.paragraphs) == 3


def test_html_deep_without_text_says_it_is_nested_too_deeply() -> None:
    res = run(_deep_html(1000, "<p>Too few words.</p>"), "deep.html")
    assert isinstance(res, Failure) and res.problem.code == "no_article"
    assert "nested" in res.problem.message and "1,00" in res.problem.message


# 4. UTF-8 with about 1% invalid bytes


def _damage(data: bytes, every: int) -> bytes:
    """Replace every `every`-th ASCII byte by 0xFF (an invalid UTF-8 byte)."""
    out = bytearray(data)
    for i in range(every // 2, len(out), every):
        if out[i] < 0x80:
            out[i] = 0xFF
    return bytes(out)


def test_mostly_utf8_seed_like_text_is_not_read_as_mac_roman() -> None:
    text = f'{HEAD}“In a conversation,” Kremlin spokesman Dmitry Peskov said.\n\n{TAIL}\n\nS/SH 11\n\nstring(10) "[]"'
    data = _damage((text * 3).encode("utf-8"), 100)
    res = article(data)
    assert res.title is not None and res.title.startswith("‘Russia to Stand by Syria’")
    assert "decode_replaced" in codes(res) and "encoding_guessed" not in codes(res)
    assert "\ufffd" in " ".join(res.paragraphs)


def test_dense_utf8_with_one_percent_bad_bytes_stays_utf8() -> None:
    text = "Заголовок новости\n\n" + "Президент России Владимир Путин поздравил сирийского коллегу. " * 40
    data = bytearray(text.encode("utf-8"))
    for i in range(50, len(data), 100):
        data[i] = 0xFF
    res = article(bytes(data))
    assert res.title == "Заголовок новости"
    assert "decode_replaced" in codes(res) and "encoding_guessed" not in codes(res)


def test_real_legacy_encodings_are_still_detected() -> None:
    fr = "Le café était fermé. Les élèves ont protesté devant l'école. " * 10
    ru = "Президент России Владимир Путин поздравил сирийского коллегу с победой. " * 10
    for text, enc in ((fr, "cp1252"), (fr, "latin-1"), (ru, "cp1251")):
        res = article(f"Titre\n\n{text}".encode(enc))
        assert "encoding_guessed" in codes(res), enc
        assert text.split(".")[0] in res.paragraphs[0], enc


# 5. JSON documents


def test_truncated_json_document_is_a_bad_row_failure() -> None:
    res = run('{"title": "A", "text": "Some body text of the article that was cut in the mid', "a.json")
    assert isinstance(res, Failure), res
    assert res.problem.code == "bad_row" and "truncated or malformed JSON" in res.problem.message
    assert "a.json" in res.problem.message


def test_truncated_pretty_json_array_is_a_bad_row_failure() -> None:
    text = json.dumps([{"title": "A", "text": "Body text. " * 30}] * 3, indent=2)[:-40]
    res = run(text, "b.json")
    assert isinstance(res, Failure) and res.problem.code == "bad_row"


def test_valid_json_object_document_fails_clearly() -> None:
    text = json.dumps({"title": "A headline", "text": "Some body text of the article. " * 10}, indent=2)
    res = run(text, "c.json")
    assert isinstance(res, Failure) and res.problem.code == "bad_row"
    assert "JSON object" in res.problem.message and "title" in res.problem.message


def test_json_leak_before_a_body_is_still_a_leak() -> None:
    text = f'{FEED}\n\nHeadline of the story\n\n{TAIL}'
    res = article(text)
    assert res.paragraphs == (TAIL,)
    assert len(res.related) == 2


def test_text_starting_with_a_bracket_is_not_json() -> None:
    res = article(f"[Reuters] Headline of the story\n\n{TAIL}")
    assert res.paragraphs == (TAIL,)
