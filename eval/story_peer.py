"""The story-clustering peer: TF-IDF with agglomerative clustering (scikit-learn), its threshold tuned on a held-aside half.

Plain batch clustering that sees every document at once (storyline sees them one at a time, in time
order): sublinear TF-IDF over English words, cosine distance, average linkage, cut at a distance
threshold chosen on the tuning half by pairwise F1 and applied unchanged to the scored half.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

DISTANCES = (0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99)
Scorer = Callable[[Sequence[str], Sequence[str]], tuple[float, float, float]]


def tfidf_distances(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine distances of the texts' sublinear TF-IDF vectors (English stop words removed)."""
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)  # rows L2-normed
    return np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, 2.0)


def cut(distances: np.ndarray, distance: float) -> list[str]:
    """Cluster labels ("p0", "p1", ...) of average-linkage agglomerative clustering cut at `distance`."""
    if len(distances) < 2:
        return ["p0"] * len(distances)
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="precomputed",
                                    linkage="average")
    return [f"p{label}" for label in model.fit_predict(distances)]


def cluster(texts: Sequence[str], distance: float) -> list[str]:
    """Cluster labels ("p0", "p1", ...) of texts cut at a cosine distance (average linkage)."""
    return cut(tfidf_distances(texts), distance) if len(texts) >= 2 else ["p0"] * len(texts)


def tuned(tune: tuple[Sequence[str], Sequence[str]], scored: tuple[Sequence[str], Sequence[str]],
          score: Scorer, name: str) -> tuple[float, list[str]]:
    """(distance chosen on the tuning half, labels of the scored half at that distance); prints each try."""
    texts, gold = tune
    tries = {}
    for d in DISTANCES:
        tries[d] = score(cluster(texts, d), gold)[2]
        print(f"{name} peer tfidf+agglomerative distance={d:.2f} tuning-half pair_f1={tries[d]:.3f}")
    best = max(DISTANCES, key=lambda d: (tries[d], -d))
    return best, cluster(scored[0], best)
