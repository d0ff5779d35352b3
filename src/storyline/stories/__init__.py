"""Stories and timelines: near-duplicates, incremental story clustering, story records, timelines.

Stages (no I/O): text, features, dedup, embed (optional dense vectors: it only loads the embeddings
extra's packaged model, once), inputs (what clustering derives from one article, made where articles
are processed and stored beside them), cluster, dates, timeline, record. update runs the
clusterer over articles not yet in a story, through the store's StoryRepository
(storyline.store.base), in one transaction; clustering does so with the configuration the
settings ask for, refusing a store clustered with another. CLI: commands (`storyline stories`, `storyline timeline`).
"""
