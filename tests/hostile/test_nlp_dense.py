"""Quote-dense paragraphs: one quote every ~100 characters must stay linear (doc.text built once per Doc)."""

from __future__ import annotations

import time

from storyline.model import Article, RawDocument
from storyline.nlp.annotate import annotate
from storyline.pipeline import extract
from storyline.settings import Settings

UNIT = "“We will rebuild the ancient city,” the director said on Sunday. Peskov added that talks went on. "


def test_quote_dense_paragraph_is_linear() -> None:
    settings = Settings()
    small, big = (extract(RawDocument(path=f"{n}.txt", data=("Dense\n\n" + UNIT * n + "\n").encode()), settings)
                  for n in (200, 1600))
    assert isinstance(small, Article) and isinstance(big, Article)
    annotate(small, settings=settings)  # model loaded, caches warm
    timings = []
    for doc in (small, big):
        t0 = time.perf_counter()
        out = annotate(doc, settings=settings)
        timings.append(time.perf_counter() - t0)
        assert isinstance(out, Article) and len(out.quotes) >= 2 * len(doc.body) // len(UNIT) - 2
    # 8x the text: about 8x the time when linear (it was ~60x, quadratic in the quotes)
    assert timings[1] < 20 * timings[0] + 2.0, timings
