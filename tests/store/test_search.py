"""Full-text search: ranking, snippets, FTS5 syntax, and hostile input that must not crash."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.store.sqlite import SQLiteStore, quote_terms

from .helpers import article


def ids(hits: list) -> list[str]:
    return [h.id for h in hits]


def test_title_match_ranks_above_body_match(filled: SQLiteStore, articles: list[Article]) -> None:
    hits = filled.search("Palmyra")
    assert ids(hits) == [articles[0].id, articles[1].id]  # title+body, then body only
    assert hits[0].score > hits[1].score
    assert hits[0].title == "Palmyra recaptured"
    assert hits[0].published == "2016-03-27"


def test_title_only_beats_body_only(store: SQLiteStore) -> None:
    body_only = article("b", "Something else", "A report about cedar forests and more cedar wood.")
    title_only = article("t", "Cedar", "Nothing related here at all.")
    store.write_batch([(body_only, b"b"), (title_only, b"t")])
    assert ids(store.search("cedar")) == [title_only.id, body_only.id]


def test_snippets_have_markers(filled: SQLiteStore) -> None:
    hits = filled.search("Palmyra")
    for h in hits:
        assert "«Palmyra»" in h.snippet
    [hit] = filled.search("temples")
    assert "«temples»" in hit.snippet


def test_snippet_prefers_body_and_keeps_literal_guillemets(
    filled: SQLiteStore, articles: list[Article]
) -> None:
    [hit] = filled.search("citadel")
    assert "«citadel»" in hit.snippet
    [hit] = filled.search("électeurs")
    assert "«électeurs»" in hit.snippet
    assert "« bonjour »" in hit.snippet  # text guillemets untouched
    [hit] = filled.search("Storm")
    assert hit.snippet == "«Storm» warning for the coast"  # no body match: the title is the snippet


def test_diacritics_folded(filled: SQLiteStore, articles: list[Article]) -> None:
    assert ids(filled.search("election")) == [articles[3].id]


def test_phrase_query(filled: SQLiteStore, articles: list[Article]) -> None:
    assert ids(filled.search('"Syrian army"')) == [articles[0].id]
    assert filled.search('"army Syrian"') == []


def test_prefix_query(filled: SQLiteStore, articles: list[Article]) -> None:
    assert set(ids(filled.search("Palm*"))) == {articles[0].id, articles[1].id, articles[2].id}
    assert filled.search("Palm") == []


def test_boolean_operators(filled: SQLiteStore, articles: list[Article]) -> None:
    assert ids(filled.search("Palmyra NOT temples")) == [articles[0].id]
    assert set(ids(filled.search("storm OR museum"))) == {articles[1].id, articles[2].id}


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND OR",
        "'; DROP TABLE articles; --",
        "NEAR(",
        "NEAR(Palmyra",
        "*",
        "-",
        "NOT",
        "foo:bar",
        "(((",
        ")",
        '"" ""',
        "Palmyra AND",
        "^",
        "title:",
        "Palmyra\x00 AND",
        '"\x00',
        "Robert'); DROP TABLE articles_fts;--",
    ],
)
def test_hostile_queries_do_not_raise(filled: SQLiteStore, query: str) -> None:
    hits = filled.search(query)
    assert isinstance(hits, list)
    assert filled.count() == 4
    tables = {r[0] for r in filled._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "articles_fts", "raw_documents", "failures"} <= tables


def test_hostile_query_degrades_to_quoted_terms(filled: SQLiteStore, articles: list[Article]) -> None:
    assert ids(filled.search('"Palmyra')) == [articles[0].id, articles[1].id]
    # a dangling operator becomes a plain word: only the article containing "and" matches
    assert ids(filled.search("Palmyra AND")) == [articles[1].id]
    assert ids(filled.search("citadel (")) == [articles[0].id]
    assert ids(filled.search("NEAR(citadel secured")) == []  # searched as the phrase "near citadel"
    assert ids(filled.search("Palm* (")) == ids(filled.search("Palm*"))


def test_quote_terms() -> None:
    assert quote_terms('a "b c') == '"a" """b" "c"'
    assert quote_terms("Palm* *") == '"Palm"*'
    assert quote_terms("AND OR") == '"AND" "OR"'
    assert quote_terms("   ") == ""


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "\x00"])
def test_empty_query_is_value_error(filled: SQLiteStore, query: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        filled.search(query)


def test_limit_and_offset(filled: SQLiteStore) -> None:
    all_hits = filled.search("Palm*")
    assert len(all_hits) == 3
    assert ids(filled.search("Palm*", limit=1)) == ids(all_hits[:1])
    assert ids(filled.search("Palm*", limit=2, offset=1)) == ids(all_hits[1:])
    assert filled.search("Palm*", offset=10) == []
    with pytest.raises(ValueError):
        filled.search("Palm*", limit=-1)


def test_no_title_article_is_searchable(store: SQLiteStore) -> None:
    a = article("nt", None, "Untitled dispatch from Aleppo.")
    store.write_batch([(a, b"x")])
    [hit] = store.search("Aleppo")
    assert hit.title is None and "«Aleppo»" in hit.snippet
