"""Text keys and tokens: the ASCII fast paths of normalize_title and words give what the general paths give."""

from __future__ import annotations

import unicodedata

from storyline.stories.text import _PUNCT, _SPACES, normalize_title


def _nfkd_path(title: str) -> str:
    t = unicodedata.normalize("NFKD", title)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return _SPACES.sub(" ", _PUNCT.sub(" ", t.lower())).strip()


def test_ascii_titles_match_the_nfkd_path() -> None:
    titles = ["Fed Raises Rates, Again!", "  tabs\tand\nnewlines  ", "U.S. GDP: +2.1% (Q3)", "a_b-c's", "~`|^@#", "",
              "".join(map(chr, range(128)))]
    for title in titles:
        assert title.isascii()
        assert normalize_title(title) == _nfkd_path(title)


def test_non_ascii_titles_are_folded() -> None:
    assert normalize_title("Café Müller’s ﬁnal") == "cafe muller s final"
    assert normalize_title("Ｐａｒｉｓ  Ｓｔｒｉｋｅ") == "paris strike"


def test_ascii_words_match_the_general_path() -> None:
    from storyline.stories.text import _WORD, words

    for text in ["The FED's Rate-Hike: 2.5% in Q3, O'Neil SAYS", "ABC_def 12,000.5 x", "".join(map(chr, range(128)))]:
        assert words(text) == list(map(str.lower, _WORD.findall(text)))
    assert words("İstanbul ÉTÉ") == list(map(str.lower, _WORD.findall("İstanbul ÉTÉ")))
