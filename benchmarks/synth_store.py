"""Build a large synthetic store fast, for the benchmarks: `python benchmarks/synth_store.py DB [-n 100000]`.

DB is a SQLite file path or a PostgreSQL URL (`postgresql://user@host:port/dbname[?schema=NAME]`),
opened with `storyline.store.open_store`.

How the articles are generated (deterministic: article *i* depends only on the seed and *i*):

* vocabulary: 6,000 pronounceable made-up words drawn with a Zipf-like weight (rank^-1.1), so a
  few words are in most articles and most words are rare, as in real text; plus a pool of
  2,000 people (first x last names), 400 places (made-up names at random lat/lon), 300
  organisations;
* each article: a title of 6-10 words, a date (2014-01-01 plus *i* x 7 minutes), 4-7 body
  paragraphs of 25-60 words, 1-3 people, 1-2 places and 0-1 organisation named in the text, and
  1-3 direct quotes ("...", NAME said.) attributed to those people -- quotes, entities and places
  carry exact character offsets into the paragraphs, like the NLP stages produce;
* the records go in through the store API (`Store.write_batch`, 2,000 per transaction) with
  the NLP pipeline off: no extraction, no spaCy -- the annotations above are attached directly, so
  the quotes/entities/places tables fill as they would after ingest with NLP on.
About 100k articles take a couple of minutes and ~0.6 GB on disk (SQLite).

`samples(count)` gives article ids, people and places of such a store without opening it: an
article's id depends only on the seed and its number, and the people and places come from `Pools`.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

from storyline.model import Article, Entity, Mention, Place, Quote, Source, Speaker
from storyline.store import open_store

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "re", "po", "li", "an", "or", "el", "us",
             "ba", "ne", "zi", "qu", "to", "ma", "se", "ri", "fa", "go", "hu", "je", "ko", "wi"]
BATCH = 2_000


class Pools:
    """The shared vocabulary, people, places and organisations (fixed by the seed)."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)

        def word(lo: int, hi: int) -> str:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))

        self.words = list(dict.fromkeys(word(2, 4) for _ in range(7_000)))[:6_000]
        self.cum_weights = list(accumulate(1 / (r + 1) ** 1.1 for r in range(len(self.words))))
        firsts = [word(2, 3).title() for _ in range(120)]
        lasts = [word(2, 4).title() for _ in range(400)]
        self.people = list(dict.fromkeys(f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(2_400)))[:2_000]
        self.places = [(word(2, 3).title() + rng.choice(["", "burg", "abad", " City", "ia"]),
                        round(rng.uniform(-55, 70), 3), round(rng.uniform(-170, 175), 3)) for _ in range(400)]
        self.orgs = [f"{word(2, 3).title()} {rng.choice(['Ministry', 'Council', 'Bank', 'Front', 'Agency'])}"
                     for _ in range(300)]


def _sentence(rng: random.Random, pools: Pools, k: int) -> str:
    return " ".join(rng.choices(pools.words, cum_weights=pools.cum_weights, k=k))


def make_article(pools: Pools, i: int, seed: int = 7) -> Article:
    """Synthetic article number `i`, with quotes, entities and places at exact offsets."""
    rng = random.Random(f"{seed}:{i}")
    people = rng.sample(pools.people, rng.randint(1, 3))
    places = rng.sample(pools.places, rng.randint(1, 2))
    org = rng.choice(pools.orgs) if rng.random() < 0.6 else None
    paras: list[str] = []
    mentions: dict[str, list[Mention]] = {}
    quotes: list[Quote] = []

    def add(text: str, names: list[str]) -> int:
        p = len(paras)
        paras.append(text)
        for name in names:
            at = text.find(name)
            if at >= 0:
                mentions.setdefault(name, []).append(Mention(p, at, at + len(name), name))
        return p

    lead = f"{places[0][0].upper()} - {_sentence(rng, pools, 12)} {people[0]} {_sentence(rng, pools, 14)}."
    add(lead[0].upper() + lead[1:], [places[0][0].upper(), people[0]])
    for n in range(rng.randint(3, 6)):
        extra = [rng.choice(places)[0]] + ([org] if org and n == 0 else [])
        text = f"{_sentence(rng, pools, rng.randint(10, 30))} {' '.join(extra)} {_sentence(rng, pools, rng.randint(12, 28))}."
        add(text.capitalize(), extra)
    for person in people[: rng.randint(1, len(people))]:
        said = "“" + _sentence(rng, pools, rng.randint(8, 20)).capitalize() + ",”"
        p = add(f"{said} {person} said.", [person])
        quotes.append(Quote(said, "direct", "said", Speaker(person, person, "PERSON"), None, p, 0, len(said)))
    entities = tuple(
        Entity(name, "PERSON", (), tuple(mentions.get(name, ())), None) for name in people
    ) + tuple(Entity(pl[0], "GPE", (), tuple(mentions.get(pl[0], ())), None) for pl in places) + (
        (Entity(org, "ORG", (), tuple(mentions.get(org, ())), None),) if org else ())
    place_rows = tuple(Place(pl[0], pl[1], pl[2], "XX", "city", f"synth:{pl[0]}", tuple(mentions.get(pl[0], ())))
                       for pl in places)
    when = datetime(2014, 1, 1) + timedelta(minutes=7 * i)
    sha = hashlib.sha256(f"synth-store:{seed}:{i}".encode()).hexdigest()
    title = _sentence(rng, pools, rng.randint(6, 10)).capitalize()
    return Article(source=Source(f"synth/{i:07d}.txt", "text", sha), title=title, published=when.isoformat(),
                   language="en", paragraphs=tuple(paras), entities=entities, quotes=tuple(quotes),
                   places=place_rows, nlp=True)


def article_id(i: int, seed: int = 7) -> str:
    """The id of synthetic article number `i` (what `make_article(pools, i, seed).id` is), computed directly."""
    return hashlib.sha256(f"synth-store:{seed}:{i}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Samples:
    """What a synthetic store of `count` articles holds, known without opening it."""

    ids: list[str]  # of articles 0 .. count-1, in order
    people: list[str]  # full names of the people pool (each is quoted by name in the articles naming them)
    places: list[str]  # names of the places pool


def samples(count: int, seed: int = 7) -> Samples:
    """Ids of articles 0..count-1 and the people and place names of `Pools(seed)`; touches no database.

    With tens of thousands of articles every person and place of the pools is named somewhere (each
    article draws 1-3 of 2,000 people and 1-2 of 400 places); a small store names only some of them.
    """
    pools = Pools(seed)
    return Samples([article_id(i, seed) for i in range(count)], list(pools.people), [p[0] for p in pools.places])


def articles(count: int, start: int = 0, seed: int = 7) -> Iterator[Article]:
    pools = Pools(seed)
    for i in range(start, start + count):
        yield make_article(pools, i, seed)


def build(target: str | Path, count: int, seed: int = 7, quiet: bool = False) -> int:
    """Add articles until the store at `target` (a SQLite path or a PostgreSQL URL) holds `count`; returns how many it holds."""
    t0 = time.perf_counter()
    with open_store(str(target)) as store:
        have = store.count()
        batch: list[tuple[Article, bytes]] = []
        for art in articles(max(0, count - have), start=have, seed=seed):
            batch.append((art, art.body.encode()))
            if len(batch) >= BATCH:
                store.write_batch(batch)
                batch.clear()
                if not quiet:
                    done = store.count()
                    rate = (done - have) / (time.perf_counter() - t0)
                    print(f"\r{done:,} articles ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
        store.write_batch(batch)
        total = store.count()
    if not quiet:
        print(f"\r{total:,} articles in {store.target} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="SQLite file path or postgresql:// URL (optionally ?schema=NAME)")
    ap.add_argument("-n", "--articles", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    build(args.db, args.articles, args.seed)


if __name__ == "__main__":
    main()
