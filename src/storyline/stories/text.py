"""Text helpers for stories: tokens, light stemming, stable hashes, dates and normalised keys."""

from __future__ import annotations

import re
import unicodedata
import zlib
from datetime import UTC, date, datetime
from functools import lru_cache

from storyline import resources
from storyline.model import Article

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s$")
#: Characters of an article body used for its text vector and shingles (long tails add little).
BODY_CHARS = 3000


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(resources.lines("stories_stopwords.txt"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English suffix stripper (plural, -ing, -ed, -ly): 'tapering' -> 'taper'."""
    w = _POSSESSIVE.sub("", word)
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" else w
    if w.endswith("ed") and len(w) > 4 and not w.endswith("eed"):
        w = w[:-2]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" else w
    if w.endswith("ly") and len(w) > 5:
        return w[:-2]
    if w.endswith("es") and len(w) > 4 and w[-3] in "sxz":
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters or numbers), in order."""
    if text.isascii():  # lower-casing ASCII first moves no token boundary
        return _WORD.findall(text.lower())
    return list(map(str.lower, _WORD.findall(text)))


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """A word's content term, or "" for a stopword or a one-letter token."""
    return "" if len(word) <= 1 or word in stopwords() else stem(word)


def terms(text: str | list[str]) -> list[str]:
    """Content terms of a text or word list: no stopwords or one-letter tokens, stemmed."""
    return list(filter(None, map(_term, words(text) if isinstance(text, str) else text)))


def normalize_title(title: str | None) -> str:
    """A lookup key for titles: accents folded, punctuation dropped, lower case, spaces collapsed."""
    if not title:
        return ""
    if title.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        t = title
    else:
        t = unicodedata.normalize("NFKD", title)
        t = "".join(c for c in t if not unicodedata.combining(c))
    return _SPACES.sub(" ", _PUNCT.sub(" ", t.lower())).strip()


def normalize_url(url: str | None) -> str:
    """A lookup key for URLs: no scheme, no www., no query or fragment, no trailing slash."""
    if not url:
        return ""
    u = url.strip().lower().split("#", 1)[0].split("?", 1)[0]
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\.", "", u)
    return u.rstrip("/")


def stable_hash(text: str) -> int:
    """A 32-bit hash that is the same in every process (Python's hash() is salted)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


_SLUG_NOISE = frozenset({"news", "story", "article", "html", "htm", "php", "aspx", "index", "www", "com", "amp"})


def url_words(url: str | None) -> str:
    """Words of a URL's path (the slug often repeats the headline's topic words), noise dropped."""
    if not url:
        return ""
    path = normalize_url(url).split("/", 1)[1] if "/" in normalize_url(url) else ""
    toks = [w for w in re.split(r"[^a-z]+", path) if len(w) > 2 and w not in _SLUG_NOISE]
    return " ".join(toks)


def article_text(article: Article, body_chars: int = BODY_CHARS) -> str:
    """Title (twice: headlines carry the event), description, URL slug, related titles, the body's start."""
    title = article.title or ""
    body = article.body[:body_chars]
    slug = url_words(article.url)
    related = " ".join(r.title for r in article.related[:12] if r.title)
    return "\n".join(p for p in (title, title, article.description or "", slug, related, body) if p)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as a naive UTC datetime (offsets applied), or None."""
    if not value:
        return None
    v = value.strip()
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    try:
        if len(v) == 4 and v.isdigit():
            return datetime(int(v), 1, 1)
        if len(v) == 7 and v[4] == "-":
            return datetime(int(v[:4]), int(v[5:7]), 1)
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def precision_of(value: str | None) -> str:
    """How precise an ISO 8601 value is: year, month, day, minute or second."""
    if not value:
        return "unknown"
    v = value.strip()
    if len(v) == 4:
        return "year"
    if len(v) == 7:
        return "month"
    if len(v) == 10:
        return "day"
    time_part = v[11:]
    return "second" if len(time_part) >= 8 and time_part[5:6] == ":" else "minute"


def day_of(value: str | None) -> date | None:
    """The calendar day a value names, as written (the source's local day, no time-zone shift)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timestamp(value: str | None) -> float | None:
    """Days since the epoch (UTC) for an ISO value, or None when it cannot be parsed."""
    dt = parse_time(value)
    if dt is None:
        return None
    return (dt - datetime(1970, 1, 1)).total_seconds() / 86400.0
