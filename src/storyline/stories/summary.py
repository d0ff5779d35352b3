"""A story member's summary: what a story record needs of one article, kept beside its membership.

A story is rebuilt from its members' summaries (a few hundred bytes each), never from their full
records, so keeping a story up to date costs a read of small rows, not a parse of every article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from storyline import resources
from storyline.model import Article, Quote
from storyline.store.base import EventQuote

_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)")
_GLUED = re.compile(r"(?<=[”\"])\s+(?=[“\"])")  # where a quote's parts were joined: a closing mark, an opening one


@dataclass(frozen=True)
class MemberSummary:
    """One member article as its story needs it."""

    article_id: str
    duplicate_of: str | None
    title: str | None
    published: str | None
    first_sentence: str  # an untitled article's timeline entry ("" when it has a title)
    quotes: int
    key_quote: EventQuote | None
    entities: tuple[tuple[str, str], ...]  # distinct (name, type)
    places: tuple[tuple[str, float, float, str | None], ...]  # literal places: (name, lat, lon, country)
    related: tuple[tuple[str, str], ...]  # dated related items: (published, title)
    statements: tuple[tuple[str, str, str], ...]  # dated statements: (value, precision, sentence)
    days: tuple[str, ...] = ()  # the days it refers to (background ones too), for the story's key days
    outlet: str | None = None  # its site name, else its URL's host without "www." (None: unknown)

    def to_json(self) -> str:
        d: dict[str, Any] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        q = self.key_quote
        d["key_quote"] = [q.text, q.speaker, q.kind] if q else None
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> MemberSummary:
        d = json.loads(text)
        quote = EventQuote(*d["key_quote"]) if d["key_quote"] else None
        return cls(d["article_id"], d["duplicate_of"], d["title"], d["published"], d["first_sentence"], d["quotes"],
                   quote, tuple((n, t) for n, t in d["entities"]),
                   tuple((n, la, lo, c) for n, la, lo, c in d["places"]),
                   tuple((p, t) for p, t in d["related"]), tuple((v, p, s) for v, p, s in d["statements"]),
                   tuple(d.get("days") or ()), d.get("outlet"))


#: Precisions whose value starts with a day: a time of day ("Thursday evening", 2016-03-24TEV) dates by its day.
_DAYS = ("day", "time")
#: Day expressions that name no one day ("this weekend", "two days earlier"): data/stories_vague_days.txt.
VAGUE_DAYS = "stories_vague_days.txt"


def summarize(article: Article, duplicate_of: str | None = None) -> MemberSummary:
    """The summary of one member (`duplicate_of`: the member it near-duplicates, if any)."""
    entities = tuple(dict.fromkeys((e.name, e.type) for e in article.entities if e.name))
    places = tuple((p.name, p.lat, p.lon, p.country) for p in article.places
                   if p.name and p.stands_for is None and p.usage is None)
    related = tuple((i.published, i.title) for i in article.related if i.published and i.title)
    untitled = "" if article.title else _first_sentence(article)
    return MemberSummary(article.id, duplicate_of, article.title, article.published, untitled,
                         len(article.quotes), key_quote(article), entities, places, related, _statements(article),
                         _days(article), outlet(article))


def _days(article: Article) -> tuple[str, ...]:
    """The days an article refers to, for its story's key days (background ones too): its day expressions
    but those naming no one day (Timeline17 date F1 0.560 -> 0.563: even topics 0.736 unchanged, odd
    0.428 -> 0.434)."""
    return tuple(sorted({d.value[:10] for d in article.dates
                         if d.value and d.precision in _DAYS and not _vague(d.text)}))


def _vague(text: str) -> bool:
    return any(p.search(text) for p in resources.rules(VAGUE_DAYS, re.IGNORECASE))


def outlet(article: Article) -> str | None:
    """The outlet that published an article: its site name, else its URL's host (no "www.")."""
    if article.sitename and article.sitename.strip():
        return article.sitename.strip()
    host = urlsplit(article.url or "").hostname or ""
    return host.removeprefix("www.") or None


def key_quote(article: Article) -> EventQuote | None:
    """The article's most quotable statement: a direct quote with a named speaker, longest first."""
    best: Quote | None = None
    for q in article.quotes:
        if not q.text.strip():
            continue
        rank = (q.kind == "direct", q.speaker is not None, min(len(q.text), 300))
        if best is None or rank > (best.kind == "direct", best.speaker is not None, min(len(best.text), 300)):
            best = q
    if best is None:
        return None
    return EventQuote(quote_as_read(article, best), best.speaker.name if best.speaker else None, best.kind)


def quote_as_read(article: Article, quote: Quote) -> str:
    """A quote's text as it reads in the article: one interrupted by its attribution ("...," he said.
    "...") keeps the interruption instead of gluing its parts into one; one running over several
    paragraphs keeps its first part."""
    if not _GLUED.search(quote.text):
        return quote.text
    if quote.end_paragraph is None and 0 <= quote.paragraph < len(article.paragraphs):
        span = article.paragraphs[quote.paragraph][quote.start : quote.end]
        if span.strip():
            return span
    return _GLUED.split(quote.text, maxsplit=1)[0]


def _statements(article: Article) -> tuple[tuple[str, str, str], ...]:
    """Sentences holding a resolved day (a time of day as its day), month or year other than the article's
    own day (background dates, "since May 2015", are context and date nothing), each once, dated by its
    first such date ("from the start of May until the end of June" is one event, in May)."""
    own_day = (article.published or "")[:10]
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for expr in article.dates:
        if not expr.value or expr.precision not in (*_DAYS, "month", "year") or expr.value[:10] == own_day:
            continue
        if expr.background:
            continue
        text = _sentence_at(article, expr.paragraph, expr.start)
        if text and text not in seen:
            seen.add(text)
            value, precision = (expr.value[:10], "day") if expr.precision in _DAYS else (expr.value, expr.precision)
            out.append((value, precision, text))
    return tuple(out)


def _sentence_at(article: Article, paragraph: int, start: int) -> str:
    """The sentence of the article holding an offset, trimmed to one line of at most 300 characters."""
    if not 0 <= paragraph < len(article.paragraphs):
        return ""
    para = article.paragraphs[paragraph]
    for m in _SENTENCE.finditer(para):
        if m.start() <= start < max(m.end(), m.start() + 1):
            return " ".join(m.group(0).split())[:300]
    return " ".join(para.split())[:300]


def _first_sentence(article: Article) -> str:
    for p in article.paragraphs:
        m = _SENTENCE.match(p.strip())
        if m and m.group(0).strip():
            return m.group(0).strip()[:200]
    return "(untitled)"
