"""Property-based tests: random bytes and random mutations of the seed never crash the pipeline."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Failure, RawDocument
from storyline.pipeline import extract

SEED = (Path(__file__).resolve().parent.parent / "samples" / "seed-palmyra.txt").read_bytes()


def _check(res: Article | Failure) -> None:
    assert isinstance(res, Article | Failure)
    if isinstance(res, Failure):
        # a failure is a documented problem, never an internal crash
        assert res.problem.code != "internal", res.problem.message
    else:
        assert all(isinstance(p, str) and p for p in res.paragraphs)
        res.to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    _check(extract(RawDocument(path="random.bin", data=data)))


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "truncate", "dup"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            j = draw(st.integers(i, min(len(data), i + 400)))
            del data[i:j]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([b'string(99) "', b"Array\n(\n", b'[{"id":', b"\n\n", b"\x00",
                                              b"\xff\xfe", b'"', b"}", b"Related articles:\n", b"By "]))
        elif op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[i:]
        elif op == "dup":
            data[i:i] = data[i : i + 300]
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed(data: bytes) -> None:
    _check(extract(RawDocument(path="seed-mutant.txt", data=data)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    _check(extract(RawDocument(path="random.txt", data=text.encode("utf-8", "surrogatepass"))))
