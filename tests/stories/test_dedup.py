"""Near-duplicates: syndicated copies grouped, distinct reports kept apart, state round-trips."""

from __future__ import annotations

import zlib

import numpy as np
from datasketch import MinHash

from storyline.stories.dedup import DuplicateIndex, MinHasher, shingles

from .helpers import COUNCIL, PALMYRA


def test_syndicated_copies_are_grouped() -> None:
    index = DuplicateIndex()
    assert index.add("a", PALMYRA, 0.0) is None
    copy = "DAMASCUS (Wire) - " + PALMYRA.replace("state media said", "state television said") + " Reporting by X."
    assert index.add("b", copy, 0.1) == "a"
    assert index.add("c", PALMYRA + " Copyright 2016.", 0.2) == "a"  # transitive group, first is canonical
    assert index.add("d", COUNCIL, 0.3) is None


def test_far_apart_in_time_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.add("a", PALMYRA, 0.0)
    assert index.add("b", PALMYRA, 400.0) is None


def test_state_round_trip() -> None:
    index = DuplicateIndex()
    index.add("a", PALMYRA, 0.0)
    again = DuplicateIndex.from_state(index.state_dict())
    assert again.add("b", PALMYRA, 1.0) == "a"


def test_shingles_short_text() -> None:
    assert shingles("two words", 3) == {"two words"}
    assert shingles("", 3) == set()


def test_purge_forgets_old_signatures_and_keeps_recent_ones() -> None:
    index = DuplicateIndex()
    index.add("old", PALMYRA, 0.0)
    index.add("recent", COUNCIL, 20.0)
    index.purge()
    assert len(index) == 1
    # no bucket still names the forgotten article (a query with no time would reach it and fail)
    assert index.query(index.signature(PALMYRA)) == (None, 0.0)
    assert index.add("copy", COUNCIL + " Copyright 2016.", 20.5) == "recent"


def test_shingles_are_word_trigrams() -> None:
    assert shingles("a b c d") == {"a b c", "b c d"}
    assert shingles("a b") == {"a b"}


def test_signatures_are_datasketchs() -> None:
    """The one-pass numpy signature equals datasketch's MinHash (affine32, CRC-32) for the same seed."""
    items = shingles(PALMYRA + " Ça va, naïve café \ud800 " + COUNCIL)
    for seed in (1, 7):
        mh = MinHash(num_perm=64, seed=seed, hashfunc=zlib.crc32)
        mh.update_batch([s.encode("utf-8", "surrogatepass") for s in items])
        sig = MinHasher(64, seed).signature(items)
        assert sig.dtype == np.uint32
        assert sig.tolist() == np.asarray(mh.hashvalues, dtype=np.uint32).tolist()


def test_purged_documents_leave_no_band_keys() -> None:
    index = DuplicateIndex()
    index.add("old", PALMYRA, 0.0)
    index.add("recent", COUNCIL, 20.0)
    index.purge()
    assert set(index._keys) == set(index._sigs) == {"recent"}


def test_query_picks_the_most_similar_then_the_smaller_id() -> None:
    index = DuplicateIndex()
    sig = index.signature(PALMYRA)
    for doc_id in ("m", "c", "x"):  # identical copies: equal similarity, the smallest id wins
        index.add_signature(doc_id, sig, 0.0)
    assert index.query(sig, 0.5) == ("c", 1.0)
    assert index.query(sig, 50.0) == (None, 0.0)  # all outside the time window
    assert index.query(index.signature(COUNCIL), 0.5) == (None, 0.0)


def test_query_equals_comparing_every_pair() -> None:
    rng = np.random.default_rng(7)
    words = PALMYRA.split()
    index, sigs = DuplicateIndex(), {}
    for i in range(120):  # variants of one text: many share a band, at many similarities
        kept = [w for w in words if rng.random() > rng.choice([0.05, 0.3, 0.6])]
        sigs[f"d{i:03d}"] = index.signature(" ".join(kept))
        index.add_signature(f"d{i:03d}", sigs[f"d{i:03d}"], float(i % 15))
    threshold = index.config.threshold
    for probe_id in ("d005", "d050", "d119"):
        probe = sigs[probe_id]
        got_id, got_sim = index.query(probe, 7.0)
        pairs = [(float(np.mean(s == probe)), d) for d, s in sigs.items() if abs(float(int(d[1:]) % 15) - 7.0) <= 10]
        best = max(sim for sim, _ in pairs)
        assert got_sim == best >= threshold  # the probe itself is indexed: the best pair is exact
        assert got_id == min(d for sim, d in pairs if sim == best)
