"""The NLP stage: parse paragraphs once with spaCy, then entities, quotes, places and dates."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from storyline.model import Article, Entity, Failure, Place, Problem, Quote, TimeExpression
from storyline.nlp.budget import Plan, plan
from storyline.nlp.entities import extract_entities
from storyline.nlp.model import get_nlp, one_blas_thread
from storyline.nlp.places import geocode_places
from storyline.nlp.quotes import extract_quotes
from storyline.nlp.temporal import resolve_dates
from storyline.settings import Settings

BATCH = 64  # paragraphs (pieces) per nlp.pipe minibatch
GROUP_DOCS = 16  # documents whose paragraphs share one nlp.pipe call
GROUP_CHARS = 100_000  # characters per nlp.pipe call; a document's clock is checked between calls
DEFAULT_SETTINGS = Settings()

Annotations = tuple[tuple[Entity, ...], tuple[Quote, ...], tuple[Place, ...], tuple[TimeExpression, ...]]


class NlpTimeout(Exception):
    """A document's NLP went over settings.nlp_seconds (raised between components or parse calls)."""

    def __init__(self, elapsed: float, after: str) -> None:
        super().__init__(f"{elapsed:.1f}s after {after}")
        self.elapsed = elapsed
        self.after = after


class Clock:
    """Seconds spent on one document (its share of shared parse calls included) against a budget."""

    def __init__(self, seconds: float | None, spent: float = 0.0) -> None:
        self.seconds = seconds
        self.spent = spent
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return self.spent + time.perf_counter() - self.started

    def check(self, after: str) -> None:
        if self.seconds is not None and self.elapsed() > self.seconds:
            raise NlpTimeout(self.elapsed(), after)


def annotate_docs(article: Article, docs: list[Any]) -> Article:
    """Run the components on an article whose paragraphs are already parsed (one Doc per paragraph).

    A component that raises does not stop the batch: the article keeps its cleaned fields and
    gets an nlp_failed warning naming the error.
    """
    try:
        found = _annotate(article, docs, Clock(None))
    except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
        return _failed(article, exc)
    return _with(article, found)


def _failed(article: Article, exc: BaseException) -> Article:
    return article.warn("nlp_failed", f"{article.source.name}: {type(exc).__name__}: {exc}")


def _with(article: Article, found: Annotations) -> Article:
    entities, quotes, places, dates = found
    return replace(article, entities=entities, quotes=quotes, places=places, dates=dates, nlp=True)


def _annotate(article: Article, docs: list[Any], clock: Clock) -> Annotations:
    entities = extract_entities(article, docs)
    clock.check("entities")
    quotes = extract_quotes(article, docs, entities)
    clock.check("quotes")
    places = geocode_places(article, docs, entities)
    clock.check("places")
    dates = resolve_dates(article, docs)
    clock.check("dates")
    return entities, quotes, places, dates


def annotate(article: Article, *, settings: Settings = DEFAULT_SETTINGS) -> Article | Failure:
    """The NLP stage for one article (doc -> doc), under the settings' NLP limits.

    Over settings.nlp_seconds the document becomes a Failure (nlp_timeout); an error inside
    spaCy or a component is an nlp_failed warning on the cleaned record.
    """
    return next(annotate_many([article], settings=settings))


def annotate_many(
    results: Iterable[Article | Failure], *, settings: Settings = DEFAULT_SETTINGS
) -> Iterator[Article | Failure]:
    """Annotate a stream, in order, batching paragraphs of several articles through nlp.pipe; failures pass.

    An error in a shared nlp.pipe call is retried one document at a time, so that it stays with the
    document that causes it.
    """
    nlp = get_nlp()
    group: list[tuple[Article | Failure, Plan | None]] = []
    chars = docs = 0
    for r in results:
        p = None
        if isinstance(r, Article):
            try:
                p = plan(r, settings)
            except Exception as exc:  # noqa: BLE001 - the document passes on with nlp_failed
                r = _failed(r, exc)
        if p is not None and docs and (docs >= GROUP_DOCS or chars + p.chars > GROUP_CHARS):
            yield from _run_group(nlp, group, settings)
            group, chars, docs = [], 0, 0
        group.append((r, p))
        if p is not None:
            chars, docs = chars + p.chars, docs + 1
    if group:
        yield from _run_group(nlp, group, settings)


@dataclass
class _Parsed:
    """One article's parse: its piece Docs (or the error that stopped it) and the time it took."""

    docs: list[Any] | None = None
    error: BaseException | None = None
    seconds: float = 0.0


def _run_group(nlp: Any, group: list[tuple[Article | Failure, Plan | None]],
               settings: Settings) -> Iterator[Article | Failure]:
    todo = [(r, p) for r, p in group if isinstance(r, Article) and p is not None]
    parsed = iter(_parse_group(nlp, [p for _, p in todo], settings))
    for r, p in group:
        if isinstance(r, Article) and p is not None:
            yield _finish(r, p, next(parsed), settings)
        else:
            yield r


def _texts(article_plan: Plan) -> list[str]:
    paras = article_plan.paragraphs
    return [paras[i][s:e] for i, s, e in article_plan.pieces]


def _parse_group(nlp: Any, plans: list[Plan], settings: Settings) -> list[_Parsed]:
    """Parse the pieces of several articles in one nlp.pipe call (time shared by characters); if that
    raises, parse each article on its own so that the error stays with its document."""
    if len(plans) == 1:
        return [_parse_one(nlp, plans[0], settings)]
    texts = [t for p in plans for t in _texts(p)]
    start = time.perf_counter()
    try:
        with one_blas_thread():
            docs = list(nlp.pipe(texts, batch_size=BATCH))
    except Exception:  # noqa: BLE001 - isolated below: each document is parsed again on its own
        return [_parse_one(nlp, p, settings) for p in plans]
    spent = time.perf_counter() - start
    total = sum(p.chars for p in plans) or 1
    out, k = [], 0
    for p in plans:
        n = len(p.pieces)
        out.append(_Parsed(docs[k : k + n], seconds=spent * p.chars / total))
        k += n
    return out


def _parse_one(nlp: Any, article_plan: Plan, settings: Settings) -> _Parsed:
    """One article's pieces, in calls of at most GROUP_CHARS characters, checking its clock between."""
    clock = Clock(settings.nlp_seconds)
    texts = _texts(article_plan)
    docs: list[Any] = []
    try:
        with one_blas_thread():
            for batch in _packed(texts, GROUP_CHARS):
                docs += nlp.pipe(batch, batch_size=BATCH)
                clock.check(f"parsing {len(docs)} of {len(texts)} paragraph piece(s)")
    except Exception as exc:  # noqa: BLE001 - becomes nlp_failed / nlp_timeout on this document
        return _Parsed(error=exc, seconds=clock.elapsed())
    return _Parsed(docs, seconds=clock.elapsed())


def _packed(texts: list[str], limit: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for t in texts:
        if batch and size + len(t) > limit:
            yield batch
            batch, size = [], 0
        batch.append(t)
        size += len(t)
    if batch:
        yield batch


def _finish(article: Article, article_plan: Plan, parsed: _Parsed, settings: Settings) -> Article | Failure:
    """Merge the pieces into one Doc per paragraph and run the components on the parsed text."""
    clock = Clock(settings.nlp_seconds, parsed.seconds)
    kept = replace(article, warnings=article.warnings + article_plan.warnings)
    try:
        if parsed.error is not None:
            raise parsed.error
        clock.check("parsing")
        docs = _paragraph_docs(article_plan, parsed.docs or [])
        view = replace(article, paragraphs=article_plan.paragraphs)
        return _with(kept, _annotate(view, docs, clock))
    except NlpTimeout as exc:
        return _timeout(article, settings, exc)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
        return _failed(kept, exc)


def _timeout(article: Article, settings: Settings, exc: NlpTimeout) -> Failure:
    name = article.source.name
    return Failure(name, Problem("nlp_timeout", (
        f"{name}: NLP took longer than nlp-seconds ({settings.nlp_seconds:g}s): {exc.elapsed:.1f}s, "
        f"stopped after {exc.after}")), article.source.sha256)


def _paragraph_docs(article_plan: Plan, pieces: list[Any]) -> list[Any]:
    """One Doc per paragraph of the budget plan: the Docs of its pieces joined, so offsets are the paragraph's."""
    from spacy.tokens import Doc

    by_para: list[list[Any]] = [[] for _ in article_plan.paragraphs]
    for (i, _s, _e), doc in zip(article_plan.pieces, pieces, strict=True):
        by_para[i].append(doc)
    out = []
    for i, docs in enumerate(by_para):
        doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        if doc.text != article_plan.paragraphs[i]:
            raise ValueError(f"paragraph {i}: the joined pieces do not give back its text")
        out.append(doc)
    return out

