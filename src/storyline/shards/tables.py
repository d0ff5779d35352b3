"""The Parquet tables of a processed shard: one file per table per shard, `DIR/<table>/<shard>.parquet`.

`articles` holds each record's flat fields and the whole record as JSON (what `load` reads back, with
the record's story inputs: stories.inputs; shards written before them lack the column);
`raw` the bytes ingest keeps for it, keyed by sha256 (the articles' reference); `quotes`,
`entities`, `places` and `dates` one row per annotation, keyed by article id and position, for
analysis straight from the files (pandas, DuckDB, Spark); `failures` what could not be read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from storyline.model import Article, Failure

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.binary()
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([("id", _S), ("sha256", _S), ("title", _S), ("published", _S), ("language", _S),
                           ("url", _S), ("authors", pa.list_(_S)), ("signoff", _S),
                           ("credits", pa.list_(_S)), ("source_path", _S),
                           ("source_format", _S), ("locator", _S), ("paragraphs", pa.list_(_S)),
                           ("warnings", pa.list_(_S)), ("record", _S), ("story_inputs", _S)]),
    "raw": pa.schema([("sha256", _S), ("data", _B)]),
    "quotes": pa.schema([("article_id", _S), ("idx", _I), ("kind", _S), ("cue", _S), ("text", _S),
                         ("speaker_name", _S), ("speaker_mention", _S), ("speaker_type", _S), ("speaker_via", _S),
                         ("source_name", _S), ("paragraph", _I), ("start", _I), ("end", _I), ("end_paragraph", _I)]),
    "entities": pa.schema([("article_id", _S), ("idx", _I), ("name", _S), ("type", _S), ("gazetteer_id", _S),
                           ("role", _S), ("aliases", pa.list_(_S)), ("mentions", _I)]),
    "places": pa.schema([("article_id", _S), ("idx", _I), ("name", _S), ("lat", _F), ("lon", _F), ("country", _S),
                         ("feature", _S), ("gazetteer_id", _S), ("stands_for", _S), ("usage", _S), ("mentions", _I)]),
    "dates": pa.schema([("article_id", _S), ("idx", _I), ("text", _S), ("value", _S), ("precision", _S),
                        ("paragraph", _I), ("start", _I), ("end", _I), ("background", pa.bool_())]),
    "failures": pa.schema([("name", _S), ("sha256", _S), ("code", _S), ("message", _S)]),
}


def rows(results: Sequence[tuple[Article, bytes]], failures: Sequence[Failure]) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows for a shard's records (with the bytes kept for each) and failures."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for a, data in results:
        out["articles"].append(_article(a))
        out["raw"].append({"sha256": a.source.sha256, "data": data})
        out["quotes"] += [_quote(a.id, i, q) for i, q in enumerate(a.quotes)]
        out["entities"] += [{"article_id": a.id, "idx": i, "name": e.name, "type": e.type, "gazetteer_id": e.id,
                             "role": e.role, "aliases": list(e.aliases), "mentions": len(e.mentions)}
                            for i, e in enumerate(a.entities)]
        out["places"] += [{"article_id": a.id, "idx": i, "name": p.name, "lat": p.lat, "lon": p.lon,
                           "country": p.country, "feature": p.feature, "gazetteer_id": p.gazetteer_id,
                           "stands_for": p.stands_for, "usage": p.usage, "mentions": len(p.mentions)} for i, p in enumerate(a.places)]
        out["dates"] += [{"article_id": a.id, "idx": i, "text": d.text, "value": d.value, "precision": d.precision,
                          "paragraph": d.paragraph, "start": d.start, "end": d.end, "background": d.background}
                         for i, d in enumerate(a.dates)]
    out["failures"] = [{"name": f.name, "sha256": f.sha256, "code": f.problem.code, "message": f.problem.message}
                       for f in failures]
    return out


def _article(a: Article) -> dict[str, Any]:
    src = a.source
    return {"id": a.id, "sha256": src.sha256, "title": a.title, "published": a.published, "language": a.language,
            "url": a.url, "authors": list(a.authors), "signoff": a.signoff, "credits": list(a.credits),
            "source_path": src.path,
            "source_format": src.format, "locator": src.locator, "paragraphs": list(a.paragraphs),
            "warnings": [w.code for w in a.warnings],
            "record": json.dumps(a.to_dict(), ensure_ascii=False, separators=(",", ":")), "story_inputs": a.story_inputs}


def _quote(article_id: str, i: int, q: Any) -> dict[str, Any]:
    s = q.speaker
    return {"article_id": article_id, "idx": i, "kind": q.kind, "cue": q.cue, "text": q.text,
            "speaker_name": s.name if s else None, "speaker_mention": s.mention if s else None,
            "speaker_type": s.type if s else None, "speaker_via": s.via if s else None, "source_name": q.source.name if q.source else None,
            "paragraph": q.paragraph, "start": q.start, "end": q.end, "end_paragraph": q.end_paragraph}


def path_of(out: str, table: str, shard: str) -> str:
    return f"{out.rstrip('/')}/{table}/{shard}.parquet"


def write(out: str, shard: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Each table's file for `shard` (written to a temporary name, then moved into place)."""
    fs, _ = fsspec.core.url_to_fs(out)
    for name, schema in SCHEMAS.items():
        final = path_of(out, name, shard)
        tmp = final + ".partial"
        fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(tmp, "wb") as f:
            pq.write_table(pa.Table.from_pylist(tables[name], schema=schema), f, compression="zstd")
        fs.mv(tmp, final)


def columns(out: str, table: str, shard: str) -> list[str]:
    """The columns a shard's file of `table` holds (files written by an earlier version may lack some)."""
    fs, _ = fsspec.core.url_to_fs(out)
    with fs.open(path_of(out, table, shard), "rb") as f:
        return list(pq.read_schema(f).names)


def read(out: str, table: str, shard: str, columns: Sequence[str] | None = None) -> pa.Table:
    fs, _ = fsspec.core.url_to_fs(out)
    with fs.open(path_of(out, table, shard), "rb") as f:
        return pq.read_table(f, columns=list(columns) if columns else None)
