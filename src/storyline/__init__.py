"""storyline: read raw news and turn it into clean, linked, searchable article records.

The Python API (each import is deferred, so `import storyline` stays light):

    import storyline
    article = storyline.extract("samples/seed-palmyra.txt")      # the full record, NLP included
    for record in storyline.extract_all(["corpus.jsonl"]):        # every document of files or folders
        ...
    with storyline.open("news.db") as store:                      # the Store: typed results
        quotes = storyline.dataframe(store, "quotes", speaker="Peskov")   # a pandas DataFrame
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

# The extract/ stage package is imported before the function below takes its name: Python binds a
# subpackage as an attribute of its parent when it is first imported, which would otherwise replace
# storyline.extract (the function) the moment any extraction code ran. The package stays reachable
# as storyline.extract.html etc. through sys.modules, as every import of it spells it.
import storyline.extract as _extract_stage  # noqa: E402, F401

__version__ = "0.1.0"
__all__ = ["dataframe", "extract", "extract_all", "open"]

if TYPE_CHECKING:
    from storyline.model import Article, Failure
    from storyline.settings import Settings
    from storyline.store.base import Store


def extract(source: str | os.PathLike[str] | bytes, *, nlp: bool = True, name: str = "<bytes>",
            settings: Settings | None = None) -> Article | Failure:
    """One document (a text dump or an HTML page, by path or as bytes) as a record, with quotes,
    entities, places and dates when `nlp`; a Failure (code and message) when it cannot be read.

    A path that holds several documents (a JSONL, CSV or WARC corpus, a folder) raises ValueError:
    use extract_all for those.
    """
    from dataclasses import replace

    from storyline.model import RawDocument
    from storyline.settings import Settings

    settings = replace(settings or Settings(), nlp=nlp)
    if isinstance(source, bytes):
        return _process([RawDocument(path=name, data=source)], settings)[0]
    records = list(extract_all([os.fspath(source)], nlp=nlp, settings=settings))
    if len(records) != 1:
        raise ValueError(f"{os.fspath(source)} holds {len(records)} documents, not one: use storyline.extract_all")
    return records[0]


def extract_all(paths: Sequence[str], *, nlp: bool = True, settings: Settings | None = None,
                mapping: dict[str, str] | None = None) -> Iterator[Article | Failure]:
    """Every document under `paths` (files, folders, globs; corpora read record by record) as a
    record, in order, streamed; the NLP batched over a few documents at a time."""
    from dataclasses import replace
    from itertools import islice

    from storyline.ingest import iter_documents
    from storyline.model import Failure
    from storyline.settings import Settings

    settings = replace(settings or Settings(), nlp=nlp)
    stream = iter_documents(paths, mapping, settings)
    while chunk := list(islice(stream, 16)):
        raws = [r for r in chunk if not isinstance(r, Failure)]
        done = iter(_process(raws, settings))
        for r in chunk:
            yield r if isinstance(r, Failure) else next(done)


def _process(raws: Sequence[Any], settings: Settings) -> list[Article | Failure]:
    from storyline.batch import process

    return process(raws, settings)


def open(db: str | None = None) -> Store:  # noqa: A001 - storyline.open(db) reads as intended
    """The store at `db` (a SQLite path or a postgresql:// URL; default: the db setting, STORYLINE_DB)."""
    from storyline.options import settings_of
    from storyline.store import open_store

    return open_store(settings_of(db=db).db)


def dataframe(store: Store, kind: str, **filters: Any) -> Any:
    """A pandas DataFrame of an export kind (articles, quotes, entities, places, stories, timelines)
    with the export's filters (query, speaker, entity, type, date_from, date_to, story) and columns."""
    from storyline.export.rows import ROW_TYPES, Filters, rows
    from storyline.export.writers import to_pandas

    return to_pandas(rows(store, kind, Filters(**filters)), ROW_TYPES.get(kind, object))
