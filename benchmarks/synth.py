"""Deterministic synthetic text dumps shaped like samples/seed-palmyra.txt, for the benchmarks.

Every document keeps the seed's layout -- headline, repeated headline, date line, body
paragraphs, a trailing sign-off code and a leaked PHP `var_dump` feed of related items -- but
its content is varied from the seed with a per-document `random.Random(f"{seed}:{index}")`, so
document *i* is the same whatever N is and no two documents are byte-identical:

* names and places are swapped consistently within a document (Palmyra -> Aleppo, Putin ->
  Lavrov, ...), and every number in the headline and body is replaced by one of the same width;
* the lead paragraph stays first, the other paragraphs are shuffled, 0-3 are dropped and 0-6 are
  repeated (with fresh substitutions), so documents range from about half to about twice the
  seed's size;
* the date line is unique per document (2014-01-01 plus *i* hours plus a random minute/second),
  in the seed's `Mon Mar 28, 2016 13:15:35` style; the sign-off code varies (`S/SH 11`, `A/H 4`...);
* the leaked feed has 3-12 items with fresh ids, sort keys, titles (seed titles with the same
  substitutions, label prefixes `URGENT:`/`VIDEO:` or none), media paths whose file names carry
  .NET tick timestamps a few days before the article date, `.jpg` or `.mp4`; `string(N)` states
  the correct UTF-8 byte length;
* a few documents take the awkward paths the seed's cousins take: 6% have the feed cut off
  mid-item (a truncated leak), 4% have no feed, 4% are mojibake (UTF-8 read as cp1252 and
  saved as UTF-8 again, which extraction repairs).

`documents()` is a generator: it never holds more than one document in memory.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers the "sloppy-windows-1252" codec

from storyline.model import RawDocument

SEED_PATH = Path(__file__).resolve().parent.parent / "samples" / "seed-palmyra.txt"

_SWAPS: dict[str, tuple[str, ...]] = {
    "Palmyra": ("Palmyra", "Aleppo", "Homs", "Hama", "Idlib", "Qaryatayn", "Tadmur", "Manbij"),
    "Putin": ("Putin", "Lavrov", "Shoigu", "Medvedev"),
    "Assad": ("Assad", "Muallem", "Jaafari", "Khamis"),
    "Vladimir": ("Vladimir", "Sergei", "Dmitry"),
    "Bashar": ("Bashar", "Walid", "Imad"),
    "Peskov": ("Peskov", "Zakharova", "Ushakov"),
    "Homs": ("Homs", "Hama", "Latakia", "Tartus"),
    "Raqqa": ("Raqqa", "Hasakah", "Kobani"),
    "ISIS": ("ISIS", "ISIL", "Daesh"),
    "Sunday": ("Sunday", "Saturday", "Friday", "Monday"),
    "weeks": ("weeks", "days", "months"),
    "ancient": ("ancient", "historic", "strategic", "besieged"),
    "army": ("army", "military", "government"),
    "terrorists": ("terrorists", "militants", "extremists"),
    "UNESCO": ("UNESCO", "UN", "ICRC"),
}
_WORD = re.compile(r"\b(" + "|".join(sorted(_SWAPS, key=len, reverse=True)) + r")\b")
_NUMBER = re.compile(r"\d+")
_SIGNOFFS = ("S/SH", "A/H", "ZH/MR", "TT/KA", "H/S", "MA/RS")
_LABELS = ("", "", "", "URGENT: ", "VIDEO: ", "BREAKING: ")
_TICKS_AT_EPOCH = 621_355_968_000_000_000  # .NET ticks (100 ns since 0001-01-01) at 1970-01-01
_START = datetime(2014, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Seed:
    title: str
    paragraphs: tuple[str, ...]
    feed_titles: tuple[str, ...]


def load_seed(path: Path = SEED_PATH) -> Seed:
    """Split the seed into headline, body paragraphs and the titles of its leaked feed."""
    text = path.read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title = blocks[0].splitlines()[0]
    feed_block = next(b for b in blocks if b.startswith("string("))
    feed = json.loads(feed_block[feed_block.index('"') + 1 : feed_block.rindex('"')])
    body = [
        b for b in blocks[2:]  # blocks[0] headline, blocks[1] repeated headline + date line
        if not b.startswith("string(") and not re.fullmatch(r"[A-Z/]+ \d+", b)
    ]
    titles = tuple(re.sub(r"^(?:URGENT|VIDEO): ", "", item["title"]) for item in feed)
    return Seed(title, tuple(body), titles)


def _vary(text: str, rng: random.Random, names: dict[str, str]) -> str:
    text = _WORD.sub(lambda m: names[m.group(1)], text)

    def number(m: re.Match[str]) -> str:
        width = len(m.group(0))
        low = 10 ** (width - 1) if width > 1 else 0
        return str(rng.randrange(low, 10**width))

    return _NUMBER.sub(number, text)


def _feed(rng: random.Random, names: dict[str, str], seed: Seed, index: int, when: datetime) -> str:
    items = []
    base_id = 1_800_000 + index * 16
    sort = 3_500_000 + index * 16
    for j in range(rng.randint(3, 12)):
        at = when - timedelta(seconds=rng.randrange(1, 5 * 86400))
        ticks = _TICKS_AT_EPOCH + int(at.timestamp()) * 10_000_000 + rng.randrange(10_000_000)
        ext = "mp4" if rng.random() < 0.3 else "jpg"
        label = "VIDEO: " if ext == "mp4" else rng.choice(_LABELS)
        items.append(json.dumps({
            "id": str(base_id + j),
            "sort": str(sort - j),
            "contenttypeid": "21",
            "pic": f"/{at:%Y/%m/%d}/alalam_{ticks}_25f_4x3.{ext}",
            "title": label + _vary(rng.choice(seed.feed_titles), rng, names),
        }, ensure_ascii=False, separators=(",", ":")))
    payload = "[" + " ,".join(items) + " ]"
    size = len(payload.encode("utf-8"))
    if rng.random() < 0.06:  # truncated leak: the dump was cut off mid-item
        return f'string({size}) "' + payload[: rng.randrange(len(payload) // 3, len(payload) - 20)]
    return f'string({size}) "{payload}"'


def make_text(seed: Seed, index: int, seed_value: int = 0) -> str:
    """The text of synthetic document `index` (deterministic in `seed_value` and `index`)."""
    rng = random.Random(f"{seed_value}:{index}")
    names = {word: rng.choice(options) for word, options in _SWAPS.items()}
    when = _START + timedelta(hours=index, seconds=rng.randrange(3600))
    title = _vary(seed.title, rng, names)
    lead, rest = seed.paragraphs[0], list(seed.paragraphs[1:])
    rng.shuffle(rest)
    del rest[: rng.randint(0, 3)]
    rest += rng.choices(seed.paragraphs[1:], k=rng.randint(0, 6))
    rng.shuffle(rest)
    body = [_vary(p, rng, names) for p in [lead, *rest]]
    parts = [title, "", title, f"{when:%a %b %d, %Y %H:%M:%S}", ""]
    for p in body:
        parts += [p, ""]
    parts += [f"{rng.choice(_SIGNOFFS)} {rng.randint(1, 40)}", ""]
    if rng.random() >= 0.04:
        parts.append(_feed(rng, names, seed, index, when))
    text = "\n".join(parts)
    if rng.random() < 0.04:  # mojibake: UTF-8 bytes decoded as cp1252
        text = text.encode("utf-8").decode("sloppy-windows-1252")
    return text


def documents(count: int, seed_value: int = 0, start: int = 0) -> Iterator[RawDocument]:
    """Stream `count` synthetic documents (indexes start..start+count-1), one at a time."""
    seed = load_seed()
    for index in range(start, start + count):
        data = make_text(seed, index, seed_value).encode("utf-8")
        yield RawDocument(path=f"synthetic/{seed_value}/{index:07d}.txt", data=data, format="auto")


def write_documents(out: Path, count: int, seed_value: int = 0, start: int = 0) -> int:
    """Write the documents as files under `out` (created), named by index; return how many."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for doc in documents(count, seed_value, start):
        (out / Path(doc.path).name).write_bytes(doc.data)
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Write synthetic seed-shaped text dumps to a folder.")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the .txt files into (created)")
    ap.add_argument("--count", type=int, default=100, help="how many documents (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="variation seed (default 0: the benchmarks' documents)")
    ap.add_argument("--start", type=int, default=0, help="index of the first document (default 0)")
    args = ap.parse_args(argv)
    n = write_documents(args.out, args.count, args.seed, args.start)
    print(f"{n} document(s) written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
