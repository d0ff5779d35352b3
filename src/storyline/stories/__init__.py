"""Stories and timelines: near-duplicates, incremental story clustering, story records, timelines.

Stages (no I/O): text, features, dedup, cluster, dates, timeline, record. update runs the
clusterer over articles not yet in a story, through the store's StoryRepository
(storyline.store.base), in one transaction. CLI: commands (`storyline stories`, `storyline timeline`).
"""
