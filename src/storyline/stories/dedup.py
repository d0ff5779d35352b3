"""Near-duplicate detection: datasketch MinHash signatures and banded LSH over a sliding time window."""

from __future__ import annotations

import base64
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from operator import methodcaller
from typing import Any

import numpy as np
from datasketch import MinHash

from storyline.stories.text import words

_ENCODE = methodcaller("encode", "utf-8", "surrogatepass")

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)


@dataclass(frozen=True)
class DedupConfig:
    """MinHash/LSH settings: 64 permutations in 16 bands of 4 rows; pairs at or above
    `threshold` estimated Jaccard similarity of word `shingle`-grams are near-duplicates."""

    num_perm: int = 64
    bands: int = 16
    shingle: int = 3
    threshold: float = 0.6
    window_days: float = 10.0  # only articles this close in time are compared
    seed: int = 1


def shingles(text: str | list[str], k: int = 3) -> set[str]:
    """Word k-grams of a text or token list (all of it as one shingle when shorter than k words)."""
    toks = words(text) if isinstance(text, str) else text
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return set(map(" ".join, zip(*(toks[i:] for i in range(k)), strict=False)))  # k-grams: the shorter slices end first


class MinHasher:
    """MinHash signatures in datasketch's affine 32-bit scheme (its permutations for the seed) over
    CRC-32 hashes of shingles, computed in one numpy pass instead of a datasketch object per text."""

    def __init__(self, num_perm: int = 64, seed: int = 1) -> None:
        template = MinHash(num_perm=num_perm, seed=seed, hashfunc=zlib.crc32, scheme="affine32")
        self._a, self._b = (np.asarray(p, dtype=np.uint32) for p in template.permutations)
        self.num_perm = num_perm

    def signature(self, items: set[str]) -> np.ndarray:
        """The MinHash signature (uint32[num_perm]); all ones for an empty set."""
        if not items:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        hv = np.fromiter(map(zlib.crc32, map(_ENCODE, items)), dtype=np.uint32, count=len(items))
        return np.add(np.multiply.outer(_fmix32(hv), self._a), self._b).min(axis=0)  # wraps mod 2^32


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to hash values before its permutations."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


class DuplicateIndex:
    """Finds, for each new text, an earlier near-duplicate (within the time window) and groups them.

    `add(doc_id, text, t)` returns the canonical id of the group the document joins (the first
    document of the group), or None when it has no near-duplicate. Groups are transitive.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        c = self.config
        if c.num_perm % c.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self._hasher = MinHasher(c.num_perm, c.seed)
        self._rows = c.num_perm // c.bands
        self._mix = np.resize(_MIX, self._rows)
        self._sigs: dict[str, np.ndarray] = {}
        self._keys: dict[str, list[int]] = {}  # doc id -> its band keys (the buckets it is in)
        self._times: dict[str, float] = {}
        self._buckets: list[defaultdict[int, list[str]]] = [defaultdict(list) for _ in range(c.bands)]
        self.canonical: dict[str, str] = {}  # duplicate id -> canonical id (only duplicates in the window)
        self._latest = float("-inf")
        self._added_since_purge = 0

    def __len__(self) -> int:
        return len(self._sigs)

    def _band_keys(self, sig: np.ndarray) -> list[int]:
        with np.errstate(over="ignore"):
            mixed = sig.reshape(self.config.bands, self._rows).astype(np.uint64) * self._mix
        keys: list[int] = np.bitwise_xor.reduce(mixed, axis=1).tolist()
        return keys

    def signature(self, text: str | list[str]) -> np.ndarray:
        return self._hasher.signature(shingles(text, self.config.shingle))

    def query(self, sig: np.ndarray, t: float | None = None) -> tuple[str | None, float]:
        """The most similar indexed document at or above the threshold, and its similarity."""
        return self._query(sig, self._band_keys(sig), t)

    def _query(self, sig: np.ndarray, keys: list[int], t: float | None) -> tuple[str | None, float]:
        cands = self._candidates(keys, t)
        if not cands:
            return None, 0.0
        equal = np.count_nonzero(np.stack([self._sigs[c] for c in cands]) == sig, axis=1)  # all pairs at once
        top = int(equal.max())
        sim = top / len(sig)
        if top == 0 or sim < self.config.threshold:
            return None, 0.0
        return min(c for c, n in zip(cands, equal.tolist(), strict=True) if n == top), sim  # ties: the smaller id

    def _candidates(self, keys: list[int], t: float | None) -> list[str]:
        """Indexed documents sharing a band with the keys (each once), within the time window of t."""
        seen: dict[str, None] = {}
        for band, key in enumerate(keys):
            seen.update(dict.fromkeys(self._buckets[band].get(key, ())))
        if t is None:
            return list(seen)
        window, times = self.config.window_days, self._times
        return [c for c in seen if abs(times[c] - t) <= window]

    def add(self, doc_id: str, text: str | list[str], t: float | None = None) -> str | None:
        """Index a document; the canonical id of its near-duplicate group, or None."""
        return self.add_signature(doc_id, self.signature(text), t)

    def add_signature(self, doc_id: str, sig: np.ndarray, t: float | None = None) -> str | None:
        if doc_id in self._sigs:
            return self.canonical.get(doc_id)
        keys = self._band_keys(sig)
        match, _ = self._query(sig, keys, t)
        canon = None
        if match is not None:
            canon = self.canonical.get(match, match)
            self.canonical[doc_id] = canon
        tt = t if t is not None else self._latest if self._latest > float("-inf") else 0.0
        self._index(doc_id, sig, keys, tt)
        self._latest = max(self._latest, tt)
        self._added_since_purge += 1
        if self._added_since_purge >= 2000:
            self.purge()
        return canon

    def _index(self, doc_id: str, sig: np.ndarray, keys: list[int], t: float) -> None:
        self._sigs[doc_id] = sig
        self._keys[doc_id] = keys
        self._times[doc_id] = t
        for band, key in enumerate(keys):
            self._buckets[band][key].append(doc_id)

    def purge(self) -> None:
        """Forget signatures older than the window (relative to the latest time seen)."""
        self._added_since_purge = 0
        cutoff = self._latest - self.config.window_days
        old = [d for d, tt in self._times.items() if tt < cutoff]
        if not old:
            return
        for d in old:  # out of the buckets its signature put it in (not a sweep of every bucket)
            del self._sigs[d]
            for buckets, key in zip(self._buckets, self._keys.pop(d), strict=True):
                bucket = buckets.get(key)
                if bucket is not None:
                    bucket.remove(d)
                    if not bucket:
                        del buckets[key]
            del self._times[d]
            self.canonical.pop(d, None)  # its group link was reported when it was added

    # -- persistence -----------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """JSON-serialisable state: config, window signatures (base64) and duplicate links."""
        ids = list(self._sigs)
        sigs = np.stack([self._sigs[d] for d in ids]) if ids else np.zeros((0, self.config.num_perm), np.uint32)
        return {
            "config": asdict(self.config),
            "ids": ids,
            "times": [self._times[d] for d in ids],
            "signatures": base64.b64encode(sigs.astype("<u4").tobytes()).decode("ascii"),
            "canonical": dict(self.canonical),
            "latest": self._latest if self._latest > float("-inf") else None,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DuplicateIndex:
        index = cls(DedupConfig(**state["config"]))
        raw = np.frombuffer(base64.b64decode(state["signatures"]), dtype="<u4")
        sigs = raw.reshape(-1, index.config.num_perm).astype(np.uint32)
        for doc_id, tt, sig in zip(state["ids"], state["times"], sigs, strict=True):
            index._index(doc_id, sig, index._band_keys(sig), tt)
        index.canonical = dict(state["canonical"])
        if state.get("latest") is not None:
            index._latest = state["latest"]
        return index
