"""Tests for the headline choice among a page's candidate titles (extract/html_title.py)."""

from __future__ import annotations

import pytest

from storyline.extract.html_title import TitleSources, page_title


@pytest.mark.parametrize(("h1", "tab", "site", "title"), [
    # the <title> does not echo the h1, which is no longer: a section heading, the <title> names the article
    ("Allergies Health Center", "Babies Who Eat Peanuts Early May Avoid Allergy", None,
     "Babies Who Eat Peanuts Early May Avoid Allergy"),
    ("About This Site", "Daring Fireball: Colophon", None, "Daring Fireball: Colophon"),
    # the <title> echoes the h1: the h1 is the headline
    ("Floods close the coast road", "Floods close the coast road - Daily Courier", "Daily Courier",
     "Floods close the coast road"),
    # a <title> shorter than the h1 (the site's name): the h1
    ("The Hidden Heroines of Chaos", "Quanta Magazine", None, "The Hidden Heroines of Chaos"),
    # a <title> that is the site's name says nothing about the h1
    ("Floods", "The Daily Northern Courier", "The Daily Northern Courier", "Floods"),
])
def test_a_lone_h1_the_tab_title_does_not_echo_is_a_section_heading(h1: str, tab: str, site: str | None,
                                                                   title: str) -> None:
    assert page_title(TitleSources(h1s=(h1,), tab=tab, site=site)) == title


def test_meta_titles_come_before_the_h1_and_lose_the_site_s_name() -> None:
    src = TitleSources(metas=("Harbour reopens | Coast News",), h1s=("Harbour",), tab="Coast News", site="Coast News")
    assert page_title(src) == "Harbour reopens"


def test_without_h1_the_longest_part_of_the_tab_title() -> None:
    assert page_title(TitleSources(tab="News - Harbour reopens after the storm - Coast News")) == "Harbour reopens after the storm"


def test_the_title_is_in_unicode_nfc() -> None:
    assert page_title(TitleSources(h1s=("\u09df\u09be",))) == "\u09af\u09bc\u09be"  # Bengali yya: NFC decomposes it
