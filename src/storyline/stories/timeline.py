"""Story timelines: dated events from publications, related items and dated statements, merged."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.model import Article, Quote, TimeExpression
from storyline.store.base import EventQuote, EventSource, TimelineEvent
from storyline.stories.text import normalize_title, parse_time, precision_of, terms

#: Kind order within one instant: a report before the items it lists, statements last.
KIND_ORDER = {"article": 0, "related": 1, "statement": 2}
#: Dated statements kept per story (the most supported first), so long stories stay readable.
MAX_STATEMENTS = 40
_PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "week": 2, "day": 3, "minute": 4, "second": 5}
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)")


@dataclass
class Event:
    """One dated timeline entry, with the articles that report it."""

    date: str
    precision: str
    kind: str
    summary: str
    sources: list[EventSource] = field(default_factory=list)
    quote: EventQuote | None = None

    def sort_key(self) -> tuple[str, int, str]:
        dt = parse_time(self.date)
        return (dt.isoformat() if dt else self.date, KIND_ORDER.get(self.kind, 9), self.summary.lower())

    def record(self) -> TimelineEvent:
        return TimelineEvent(self.date, self.precision, self.kind, self.summary, tuple(self.sources), self.quote)


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
    return EventQuote(best.text, best.speaker.name if best.speaker else None)


def sentence_at(article: Article, expr: TimeExpression) -> str:
    """The sentence of the article holding a time expression, trimmed to one line."""
    if not 0 <= expr.paragraph < len(article.paragraphs):
        return ""
    para = article.paragraphs[expr.paragraph]
    for m in _SENTENCE.finditer(para):
        if m.start() <= expr.start < max(m.end(), m.start() + 1):
            return " ".join(m.group(0).split())[:300]
    return " ".join(para.split())[:300]


def _source(article: Article) -> EventSource:
    return EventSource(article.id, article.title)


def _same_event(a: Event, b: Event) -> bool:
    if (a.date[:10], a.kind == "statement") != (b.date[:10], b.kind == "statement"):
        return False
    ka, kb = normalize_title(a.summary), normalize_title(b.summary)
    if ka == kb:
        return True
    ta, tb = set(terms(a.summary)), set(terms(b.summary))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.7


def _fold(into: Event, other: Event) -> None:
    if _PRECISION_RANK.get(other.precision, 0) > _PRECISION_RANK.get(into.precision, 0):
        into.date, into.precision = other.date, other.precision
    known = {s.article_id for s in into.sources}
    into.sources.extend(s for s in other.sources if s.article_id not in known)
    if into.quote is None:
        into.quote = other.quote
    if into.kind != "article" and other.kind == "article":
        into.kind, into.summary = other.kind, other.summary


def build_timeline(members: Sequence[tuple[Article, str | None]]) -> tuple[TimelineEvent, ...]:
    """Ordered, de-duplicated events of a story from (article, duplicate_of) members."""
    by_id = {a.id: a for a, _ in members}
    dup_sources: dict[str, list[Article]] = {}
    for a, dup in members:
        if dup and dup in by_id:
            dup_sources.setdefault(dup, []).append(a)
    events: list[Event] = []
    statements: list[tuple[int, Event]] = []
    for article, dup in members:
        if dup and dup in by_id:
            continue
        sources = [_source(article)] + [_source(d) for d in dup_sources.get(article.id, [])]
        if article.published:
            events.append(Event(article.published, precision_of(article.published), "article",
                                article.title or _first_sentence(article), list(sources), key_quote(article)))
        for item in article.related:
            if item.published and item.title:
                events.append(Event(item.published, precision_of(item.published), "related", item.title,
                                    [_source(article)]))
        own_day = (article.published or "")[:10]
        for expr in article.dates:
            if not expr.value or expr.precision not in ("day", "month", "year") or expr.value[:10] == own_day:
                continue
            text = sentence_at(article, expr)
            if text:
                statements.append((len(sources), Event(expr.value, expr.precision, "statement", text,
                                                       list(sources))))
    statements.sort(key=lambda se: (-se[0], se[1].sort_key()))
    events.extend(e for _, e in statements[:MAX_STATEMENTS])
    merged: list[Event] = []
    by_day: dict[tuple[str, bool], list[Event]] = {}
    for ev in sorted(events, key=Event.sort_key):
        bucket = by_day.setdefault((ev.date[:10], ev.kind == "statement"), [])
        for seen in bucket:
            if _same_event(seen, ev):
                _fold(seen, ev)
                break
        else:
            bucket.append(ev)
            merged.append(ev)
    merged.sort(key=Event.sort_key)
    return tuple(e.record() for e in merged)


def _first_sentence(article: Article) -> str:
    for p in article.paragraphs:
        m = _SENTENCE.match(p.strip())
        if m and m.group(0).strip():
            return m.group(0).strip()[:200]
    return "(untitled)"
