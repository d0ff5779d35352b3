"""CLI commands `storyline stories` (list) and `storyline timeline STORY_ID` (text or --json)."""

from __future__ import annotations

import json
import os

import click

from storyline.settings import Settings
from storyline.store.base import StoryDetail, as_json

_DB_HELP = Settings.help_of("db") + " [env STORYLINE_DB]"


def _db(db: str | None) -> str:
    path = Settings.from_env(db=db).db
    if "://" not in path and not os.path.exists(path):
        raise click.UsageError(f"database {path!r} does not exist (create it with `storyline ingest`)")
    return path


@click.command()
@click.option("--db", "db", default=None, show_default=Settings().db, help=_DB_HELP)
@click.option("--limit", type=int, default=50, show_default=True, help="at most this many stories")
@click.option("--update/--no-update", default=True, show_default=True,
              help="first cluster stored articles that are not in a story yet")
@click.option("--json", "as_json_lines", is_flag=True, help="print stories as JSON Lines")
def stories(db: str | None, limit: int, update: bool, as_json_lines: bool) -> None:
    """List stories, newest first: id, date span, number of reports and quotes, label."""
    from storyline.store import open_store
    from storyline.stories.update import update_stories

    path = _db(db)
    with open_store(path) as store:
        if update:
            update_stories(store)
        page = store.stories(limit=limit)
    for r in page.items:
        if as_json_lines:
            click.echo(json.dumps(as_json(r), ensure_ascii=False))
            continue
        span = f"{(r.first_date or '-')[:10]}..{(r.last_date or '-')[:10]}"
        click.echo(f"{r.id}  {span}  articles={r.articles} quotes={r.quotes}  {r.label}")
        if r.entities or r.places:
            click.echo(f"    {', '.join((r.places + r.entities)[:8])}")
    if not as_json_lines:
        click.echo(f"{len(page.items)} of {page.total} stor{'y' if page.total == 1 else 'ies'}", err=True)


def format_timeline(detail: StoryDetail) -> str:
    """A story and its timeline as plain text, one event a line (plus sources and quote)."""
    story = detail.story
    lines = [f"{story.label}  [{story.id}]",
             f"{story.first_date or '-'} .. {story.last_date or '-'}; {len(detail.members)} report(s),"
             f" {story.quotes} quote(s)"]
    if story.entities:
        lines.append("entities: " + ", ".join(e.name for e in story.entities))
    if story.places:
        lines.append("places: " + ", ".join(p.name for p in story.places))
    lines.append("")
    for ev in story.timeline:
        date = ev.date.replace("T", " ")
        lines.append(f"{date:<25} ({ev.precision:<6}) {ev.kind:<9} {ev.summary}")
        lines.append(f"{'':<35}sources: {', '.join(s.article_id for s in ev.sources)}")
        if ev.quote:
            text = ev.quote.text.strip().strip("\"“”‘’'").strip()
            lines.append(f"{'':<35}“{text}” — {ev.quote.speaker or 'unattributed'}")
    return "\n".join(lines)


@click.command()
@click.argument("story_id")
@click.option("--db", "db", default=None, show_default=Settings().db, help=_DB_HELP)
@click.option("--json", "as_json_out", is_flag=True, help="print the story and its timeline as JSON")
def timeline(story_id: str, db: str | None, as_json_out: bool) -> None:
    """Print a story's timeline: dated events in order, with date precision, sources and key quote.

    STORY_ID is a story id (from `storyline stories`) or the id of any article in the story.
    """
    from storyline.store import open_store

    path = _db(db)
    with open_store(path) as store:
        detail = store.story(story_id)
    if detail is None:
        raise click.UsageError(f"no story {story_id!r} in {path} (list them with `storyline stories`)")
    click.echo(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2) if as_json_out
               else format_timeline(detail))


COMMANDS = (stories, timeline)
