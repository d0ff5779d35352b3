"""Stories and timelines: near-duplicates, incremental story clustering, story records, timelines.

Stages (no I/O): text, features, dedup, cluster, dates, timeline, record. Store side: update
(runs the clusterer over articles not yet in a story, in one transaction) and
storyline.store.stories_rows (SQL). CLI: commands (`storyline stories`, `storyline timeline`).
"""
