"""CLI commands `storyline stories` (list) and `storyline timeline STORY_ID` (text, json, jsonl or csv)."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from storyline.humandate import human_date
from storyline.options import require_db, setting_option, settings_of, story_options
from storyline.output import FORMATS, emit, format_option, not_found
from storyline.store.base import EventQuote, StoryDetail, StorySummary
from storyline.stories.dates import KEY_DAYS
from storyline.stories.record import reason_text

#: Quotation marks a direct quote's own text may start or end with (printed once, curly).
QUOTE_MARKS = "\"“”‘’'"


def quote_text(quote: EventQuote) -> str:
    """An event's statement as printed: a direct quote inside quotation marks, a mixed one as it reads (its
    own marks show what was quoted), a paraphrase marked as one, never inside quotation marks."""
    text = quote.text.strip()
    if quote.kind == "indirect":
        return f"(paraphrase) {text}"
    if quote.kind == "mixed":
        return text
    return f"“{text.strip(QUOTE_MARKS).strip()}”"


@click.command()
@setting_option("db")
@click.option("--limit", type=int, default=50, show_default=True, help="at most this many stories")
@click.option("--update/--no-update", default=True, show_default=True,
              help="first cluster stored articles that are not in a story yet (with the --story-* settings)")
@story_options
@format_option
def stories(db: str | None, limit: int, update: bool, story_embeddings: float | None,
            story_threshold: float | None, fmt: str) -> None:
    """List stories, newest first: id, date span, number of reports, outlets and quotes, label.

    With --update, articles not yet in a story are first clustered with the --story-* settings; when
    there are some and the store's stories were clustered with other settings, exit status 2.
    """
    from storyline.store import open_store
    from storyline.stories.clustering import story_config
    from storyline.stories.update import update_stories

    settings = settings_of(db=db, stories=update, story_embeddings=story_embeddings, story_threshold=story_threshold)
    config = story_config(settings)
    path = settings.db
    require_db(path)
    with open_store(path) as store:
        if config is not None:
            update_stories(store, config)
        page = store.stories(limit=limit)

    def text(r: StorySummary) -> list[str]:
        span = f"{(r.first_date or '-')[:10]}..{(r.last_date or '-')[:10]}"
        outlets = f" outlets={r.sources}" if r.sources else ""
        lines = [f"{r.id}  {span}  articles={r.articles}{outlets} quotes={r.quotes}  {r.label}"]
        return lines + ([f"    {', '.join((r.places + r.entities)[:8])}"] if r.entities or r.places else [])

    emit(page, StorySummary, fmt, text, "stories")


def format_timeline(detail: StoryDetail) -> str:
    """A story and its timeline as plain text, one event a line (plus sources and quote); the events
    of a key day start with its rank ("#1")."""
    story = detail.story
    outlets = f", {story.sources} outlet(s)" if story.sources else ""
    undated = f", {story.undated} undated (clustered with no time penalty or bonus)" if story.undated else ""
    lines = [f"{story.label}  [{story.id}]",
             f"{human_date(story.first_date) or '-'} .. {human_date(story.last_date) or '-'};"
             f" {len(detail.members)} report(s){outlets}, {story.quotes} quote(s){undated}"]
    if story.entities:
        lines.append("entities: " + ", ".join(f"{e.name} ({e.count})" for e in story.entities))
    if story.places:
        lines.append("places: " + ", ".join(f"{p.name} ({p.count})" for p in story.places))
    lines.append("")
    for ev in story.timeline:
        rank = f"#{ev.key}" if ev.key else ""
        lines.append(f"{rank:<3} {human_date(ev.date, ev.precision):<30} {ev.kind:<9} {ev.summary}")
        lines.append(f"{'':<44}sources: {', '.join(s.article_id for s in ev.sources)}")
        if ev.quote:
            lines.append(f"{'':<44}{quote_text(ev.quote)} — {ev.quote.speaker or 'unattributed'}")
    lines.append("")
    lines.append("articles:")
    for m in detail.members:
        dups = f" +{m.duplicates} near-duplicate(s)" if m.duplicates else ""
        lines.append(f"  {m.id}  {human_date(m.published) or '(undated)'}  {m.title or '(no title)'}{dups}")
        lines.append(f"      joined: {reason_text(m.reason)}")
    return "\n".join(lines)


@click.command()
@click.argument("story_id")
@setting_option("db")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for reading; json: the story with its members and timeline; jsonl or csv: one event "
                   "a row (the columns of `storyline export timelines`)")
@click.option("--key", "key", type=click.IntRange(1, KEY_DAYS), default=None,
              help=f"only the events of the story's N most important days (1-{KEY_DAYS}: days reported on and "
                   "looked back on by later reports)")
def timeline(story_id: str, db: str | None, fmt: str, key: int | None) -> None:
    """Print a story's timeline: dated events in order, with date precision, sources and key quote.

    STORY_ID is a story id (from `storyline stories`) or the id of any article in the story; exit
    status 1 when there is no such story. Events on one of the story's key days carry its rank.
    """
    import sys

    from storyline.export.rows import Filters, TimelineExport, rows
    from storyline.export.writers import write_csv, write_jsonl
    from storyline.store import open_store

    path = settings_of(db=db).db
    require_db(path)
    with open_store(path) as store:
        detail = store.story(story_id)
        if detail is None:
            not_found(f"no story {story_id!r} in {path} (list them with `storyline stories`)")
            return
        if key is not None:
            kept = tuple(e for e in detail.story.timeline if e.key is not None and e.key <= key)
            detail = replace(detail, story=replace(detail.story, timeline=kept))
        if fmt in ("jsonl", "csv"):
            write = write_csv if fmt == "csv" else write_jsonl
            found = rows(store, "timelines", Filters(story=detail.story.id))
            write((r for r in found if key is None or (r.key is not None and r.key <= key)), TimelineExport,
                  sys.stdout)
            return
    click.echo(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) if fmt == "json"
               else format_timeline(detail))


COMMANDS = (stories, timeline)
