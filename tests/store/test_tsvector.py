"""PostgreSQL's binary tsvector built in Python: positions, weights, limits, lexeme order, the head vector."""

from __future__ import annotations

import random
import struct

import pytest

from storyline.store.tsvector import MAX_POS, MAX_POSITIONS, encode, encode_pair, encode_pairs

A = 3 << 14


def decode(data: bytes) -> dict[bytes, tuple[int, ...]]:
    """The wire form back to {lexeme: positions}, in the order sent (checks the framing)."""
    (count,) = struct.unpack("!i", data[:4])
    at, out = 4, {}
    for _ in range(count):
        end = data.index(b"\0", at)
        (n,) = struct.unpack("!H", data[end + 1 : end + 3])
        out[data[at:end]] = struct.unpack(f"!{n}H", data[end + 3 : end + 3 + 2 * n])
        at = end + 3 + 2 * n
    assert at == len(data)
    return out


def reference(title: list[str], body: list[str]) -> dict[bytes, tuple[int, ...]]:
    """What the server keeps for setweight(title, 'A') || gap || body, written the slow, obvious way."""
    numbered = [(min(i, MAX_POS) | A, w) for i, w in enumerate(title, start=1)]
    numbered += [(min(i, MAX_POS), w) for i, w in enumerate(body, start=len(title) + 2)]
    out: dict[bytes, list[int]] = {}
    for p, w in numbered:
        pos = out.setdefault(w.encode(), [])
        if len(pos) < MAX_POSITIONS and (not pos or (p & MAX_POS) > (pos[-1] & MAX_POS)):
            pos.append(p)
    return {k: tuple(v) for k, v in out.items() if len(k) < 2048}


def test_title_positions_carry_weight_a_and_a_gap_separates_the_body() -> None:
    assert decode(encode(["palmyra", "falls"], ["palmyra", "retaken"])) == {
        b"falls": (2 | A,), b"palmyra": (1 | A, 4), b"retaken": (5,)}


def test_lexemes_go_in_server_order() -> None:
    words = ["zeta", "alpha", "été", "b", "ab", "日本", "a"]
    assert list(decode(encode([], words))) == sorted(w.encode() for w in words)


@pytest.mark.parametrize("seed", range(40))
def test_full_and_head_vectors_match_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [rng.choice(["a", "bé", "zz", "日本", "x" * 2100]) + str(rng.randrange(4)) for _ in range(12)]
    title = [rng.choice(vocab) for _ in range(rng.choice([0, 3, 9]))]
    body = [rng.choice(vocab) for _ in range(rng.choice([0, 5, 200, 600, 17_000]))]
    full, head = encode_pair(title, body, 80)
    assert decode(full) == reference(title, body)
    assert decode(head) == reference(title, body[:80])


@pytest.mark.parametrize("head", [0, 5, 80])
def test_a_batch_encodes_each_text_as_encode_pair_does(head: int) -> None:
    """The batch encoder's bytes equal encode_pair's for every text, past the limits too (falling back)."""
    rng = random.Random(head)
    vocab = ["a", "b", "bé", "日本", "ß", "zz", "k" * 100, "x" * 2100, "0", "a0"]
    texts: list[tuple[list[str], list[str]]] = [([], []), (["a"], []), ([], ["a"]), (["a"] * 300, ["a"] * 300),
                                                 (["a", "b"], ["b"] * 400 + ["a"]), ([], ["q"] * 17_000)]
    texts.append(([], [f"w{i}" * 30 for i in range(15_000)]))  # a vector over 1 MB
    for _ in range(200):
        texts.append(([rng.choice(vocab) for _ in range(rng.randint(0, 12))],
                      [rng.choice(vocab) for _ in range(rng.choice([0, 3, 90, 700]))]))
    rng.shuffle(texts)
    utf8 = [([t.encode() for t in title], [t.encode() for t in body]) for title, body in texts]
    assert encode_pairs(utf8, head) == [encode_pair(title, body, head) for title, body in texts]
