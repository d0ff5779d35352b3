"""The shared pipeline multiplies with numpy's BLAS, gives blis's parses, and runs on one BLAS thread."""

from __future__ import annotations

import spacy
from threadpoolctl import threadpool_info

from storyline.nlp.model import MODEL_NAME, get_nlp, one_blas_thread

TEXTS = [
    "Putin told Assad on Sunday that Russia would help, Kremlin spokesman Dmitry Peskov said.",
    "The Russian Defense Ministry said its jets had flown 40 sorties near Palmyra since Thursday.",
    '"We will not stop," the Syrian leader told reporters in Damascus, according to state media.',
    "Apple and the city council of New York signed a deal worth $3 billion on 28 March 2016.",
]


def _layers(nlp: spacy.language.Language) -> list[object]:
    return [node for _, pipe in nlp.pipeline if hasattr(getattr(pipe, "model", None), "walk")
            for node in pipe.model.walk()]


def _analyses(nlp: spacy.language.Language) -> list[tuple[object, ...]]:
    return [tuple((t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc)
            for doc in nlp.pipe(TEXTS)]


def test_every_layer_multiplies_with_numpy() -> None:
    layers = _layers(get_nlp())
    assert layers and all(getattr(node.ops, "use_blis", True) is False for node in layers)


def test_same_tags_parses_and_entities_as_the_model_with_blis() -> None:
    plain = spacy.load(MODEL_NAME, exclude=["lemmatizer", "attribute_ruler"])
    assert any(getattr(node.ops, "use_blis", False) for node in _layers(plain))  # the default it replaces
    ours = get_nlp()
    with ours.select_pipes(enable=["tok2vec", "tagger", "parser", "ner"]), one_blas_thread():
        assert _analyses(ours) == _analyses(plain)


def _blas_threads() -> list[int]:
    return [int(lib["num_threads"]) for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_one_blas_thread_inside_the_block_and_the_setting_restored_after() -> None:
    before = _blas_threads()
    assert before
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before
