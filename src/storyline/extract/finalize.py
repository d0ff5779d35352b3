"""Final stages shared by every format: corpus hints, language, and the record's sanity checks."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from storyline.errors import DocumentError
from storyline.extract.dates import parse_date
from storyline.extract.people import people_and_credits
from storyline.model import Article, Problem, RawDocument
from storyline.settings import Settings

_NAME_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&)\s*|\s*,\s*(?=[^,]+\s)", re.I)


def apply_hints(doc: Article, raw: RawDocument) -> Article:
    """Fields a corpus row states (title, published, authors, language, url) go in first."""
    if not raw.hints:
        return doc
    changes: dict[str, object] = {}
    warnings: list[Problem] = []
    if raw.hint("title"):
        changes["title"] = " ".join((raw.hint("title") or "").split())
    date_hint = raw.hint("published")
    if date_hint:
        parsed = parse_date(date_hint)
        if parsed:
            changes["published"] = parsed.value
            changes["published_source"] = "corpus field"
        else:
            warnings.append(Problem("hint_unparsed", f"{raw.name}: published {date_hint!r} is not a date storyline understands"))
    if raw.hint("authors"):
        names = tuple(n.strip() for n in _NAME_SPLIT.split(raw.hint("authors") or "") if n and n.strip())
        changes["authors"] = names
    if raw.hint("language"):
        changes["language"] = raw.hint("language")
    if raw.hint("url") and not doc.url:
        changes["url"] = raw.hint("url")
    return replace(doc, warnings=doc.warnings + tuple(warnings), **changes)  # type: ignore[arg-type]


@cache
def _langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:1000]
    if len(sample.strip()) < 20:
        return None
    lang, prob = _langid().classify(sample)
    return str(lang) if prob >= 0.5 else None


def finalize(doc: Article) -> Article:
    """Language (if not given); authors that are people, once each (desks, agencies and outlets go to
    credits, titles come off)."""
    changes: dict[str, object] = {}
    if not doc.language:
        sample = " ".join(((doc.title or ""),) + doc.paragraphs[:5])
        lang = detect_language(sample)
        if lang:
            changes["language"] = lang
    people, generic = people_and_credits(doc.authors, doc.sitename)
    if people != doc.authors:
        changes["authors"] = people
        changes["credits"] = tuple(dict.fromkeys(doc.credits + generic))
    return replace(doc, **changes) if changes else doc  # type: ignore[arg-type]


def check(doc: Article, settings: Settings) -> Article:
    """No body is a failure; a missing title or date, or a very short body, is a warning."""
    name = doc.source.name
    if not doc.paragraphs:
        raise DocumentError("no_article", f"{name}: no body paragraphs found")
    if not doc.title:
        doc = doc.warn("no_title", f"{name}: no title found")
    if not doc.published:
        doc = doc.warn("no_date", f"{name}: no publication date found")
    if len(doc.body) < settings.min_body_chars:
        doc = doc.warn("short_body", f"{name}: body has only {len(doc.body)} characters")
    return doc
