"""Story inputs: made by the processing stage, stored, read back, they cluster exactly as the record does."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from storyline.model import Article
from storyline.stories import inputs
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.dedup import DedupConfig
from storyline.stories.features import entity_keys, link_keys, place_keys, related_keys
from storyline.stories.inputs import StoryInput, story_input
from storyline.stories.summary import summarize

from .helpers import annotated, make, stream


def stored(article: Article) -> Article:
    """The article as the store gives it back: its record through JSON."""
    return Article.from_dict(json.loads(json.dumps(article.to_dict(), ensure_ascii=False)))


def test_inputs_made_by_the_processing_stage_equal_those_made_from_the_stored_record() -> None:
    a = annotated("a1", "Syrian army retakes Palmyra from Islamic State")
    made = story_input(a, DedupConfig(), summary=True)
    assert made == story_input(stored(a), DedupConfig(), summary=True)
    assert inputs.encode(a) == inputs.encode(stored(a)) == made.to_json()
    assert StoryInput.from_json(made.to_json()) == made
    assert made.to_json().startswith(inputs.prefix(DedupConfig())) and made.to_json().startswith(inputs.prefix(None))
    assert not made.to_json().startswith(inputs.prefix(DedupConfig(num_perm=128)))


def test_inputs_hold_what_the_clusterer_derives_from_the_article() -> None:
    a = annotated("a2", "Syrian army retakes Palmyra from Islamic State")
    made = story_input(a, DedupConfig(), summary=True)
    assert made.entity_set() == entity_keys(a) and made.place_set() == place_keys(a)
    assert made.related_set() == related_keys(a) and made.link_set() == link_keys(a)
    assert json.loads(made.summary) == json.loads(summarize(a).to_json())
    sets = (made.entity_set(), made.place_set(), made.related_set(), made.link_set())
    assert [list(s) for s in sets] == [list(entity_keys(a)), list(place_keys(a)), list(related_keys(a)),
                                       list(link_keys(a))]  # the same sets, iterated the same way
    empty = story_input(make("e", None, "", None))
    assert StoryInput.from_json(empty.to_json()) == empty and empty.terms == () and empty.signature == b""


def test_inputs_of_another_format_are_refused() -> None:
    text = inputs.encode(annotated("a3", "Palmyra"))
    with pytest.raises(ValueError, match="format"):
        StoryInput.from_json(text.replace(f'"format":{json.dumps(inputs.FORMAT)}', '"format":0', 1))


@pytest.mark.parametrize("config", [ClusterConfig(), ClusterConfig(dedup=False, merge_threshold=0.3),
                                    ClusterConfig(dedup_config=DedupConfig(num_perm=32, bands=8))])
def test_placing_inputs_places_as_placing_the_articles(config: ClusterConfig) -> None:
    by_article, by_input = StoryClusterer(config), StoryClusterer(config)
    dedup = config.dedup_config if config.dedup else None
    for a in stream():
        inp = StoryInput.from_json(story_input(a, dedup).to_json())
        assert by_input.place(inp) == by_article.place(a)
        assert by_input.duplicate_of(a.id) == by_article.duplicate_of(a.id)
    assert json.dumps(by_input.state_dict()) == json.dumps(by_article.state_dict())
    assert any(by_article.duplicate_of(a.id) for a in stream()) == config.dedup


def test_inputs_made_for_other_near_duplicate_settings_are_refused() -> None:
    inp = story_input(annotated("a4", "Palmyra"), DedupConfig())
    with pytest.raises(ValueError, match="near-duplicate settings"):
        StoryClusterer(ClusterConfig(dedup_config=DedupConfig(num_perm=32, bands=8))).place(inp)
    StoryClusterer(ClusterConfig(dedup=False)).place(inp)  # without near-duplicates any signature will do


def test_the_format_follows_the_code_and_data_the_inputs_are_derived_with() -> None:
    sources = inputs.current_sources()
    assert inputs.FORMAT == inputs.format_tag(sources)
    assert len(sources) == len(inputs.DERIVED_WITH) + len(inputs.DATA) + 1
    for i in range(len(sources)):  # one byte more in any module, data file or library version: another format
        changed = (*sources[:i], sources[i] + b" ", *sources[i + 1:])
        assert inputs.format_tag(changed) != inputs.FORMAT
    assert inputs.format_tag(sources, layout=inputs.LAYOUT + 1) != inputs.FORMAT
    assert inputs.encode(annotated("a4", "Palmyra")).startswith(inputs.prefix(DedupConfig()))


def test_every_stories_module_the_inputs_are_derived_with_is_in_the_digest() -> None:
    here = Path(inputs.__file__).parent
    for name in inputs.DERIVED_WITH:  # and so, transitively, every one they import
        tree = ast.parse((here / name).read_text(encoding="utf-8"))
        used = {n.module.rsplit(".", 1)[1] + ".py" for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("storyline.stories.")}
        assert used <= set(inputs.DERIVED_WITH), name
