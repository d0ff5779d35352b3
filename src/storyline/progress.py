"""The ingest progress bar: documents against a total counted first, else bytes read against the inputs' size."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tqdm import tqdm

from storyline.ingest.meter import ByteMeter, input_bytes
from storyline.shards.plan import expected_documents


class IngestBar:
    """Documents done out of a counted total (files, JSONL lines, CSV rows), with rate and ETA; where
    the inputs cannot be counted without reading them through (WARC, anything compressed), bytes
    read out of their size on disk, with the documents done beside it. Stdin: documents, no total."""

    def __init__(self, paths: Sequence[str], meter: ByteMeter, show: bool) -> None:
        docs = expected_documents(paths) if show else None
        size = input_bytes(paths) if show and docs is None else None
        self._meter = meter if size is not None else None
        self.done = 0
        common = {"desc": "ingest", "disable": not show, "file": sys.stderr, "mininterval": 0.5}
        if self._meter is not None:
            self._bar = tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, **common)
        else:
            self._bar = tqdm(total=docs, unit="doc", **common)

    def advance(self, n: int) -> None:
        """`n` more documents are done."""
        self.done += n
        if self._meter is None:
            self._bar.update(n)
            return
        self._bar.set_postfix_str(f"{self.done:,} docs", refresh=False)
        self._bar.update(self._meter.read - self._bar.n)

    def write(self, line: str) -> None:
        self._bar.write(line, file=sys.stderr)

    def close(self) -> None:
        self._bar.close()

