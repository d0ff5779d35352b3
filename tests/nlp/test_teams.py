"""Team names in results and tables are ORG, not their towns or people; tables of goods stay unnamed."""

from __future__ import annotations

import pytest

from storyline.nlp.model import get_nlp


def _ents(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in get_nlp()(text).ents]


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("NEW YORK 74 59 .556 -", "NEW YORK"),
        ("Kansas City 62 71 .466 12", "Kansas City"),
    ],
)
def test_a_table_row_opening_with_a_name_and_scores_names_a_team(text: str, team: str) -> None:
    assert (team, "ORG") in _ents(text)


def test_a_table_of_goods_names_no_team() -> None:
    assert not [e for e in _ents("Wheat 4320.2 3909.3 288.5 6278.9 5580.0") if e[1] == "ORG"]


def test_a_place_in_running_text_stays_a_place() -> None:
    assert ("Palmyra", "GPE") in _ents("Troops entered Palmyra on Sunday , killing 40 people in 2 days .")


def test_both_names_of_a_scoreline_are_team_candidates() -> None:
    from storyline.nlp.teams import team_spans

    doc = get_nlp()("Arsenal 2 Chelsea 1")
    assert [(doc[s:e].text, sure) for s, e, sure in team_spans(doc)] == [("Arsenal", True), ("Chelsea", True)]
