"""CLI commands `storyline stories` (list) and `storyline timeline STORY_ID` (text or --json)."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from storyline.settings import Settings

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
@click.option("--json", "as_json", is_flag=True, help="print stories as JSON Lines")
def stories(db: str | None, limit: int, update: bool, as_json: bool) -> None:
    """List stories, newest first: id, date span, number of reports and quotes, label."""
    from storyline.store import open_store
    from storyline.store.stories_rows import list_stories

    path = _db(db)
    with open_store(path) as store:
        if update and hasattr(store, "update_stories"):
            store.update_stories()
        rows, _ = list_stories(store.connection, limit=limit)  # type: ignore[attr-defined]
    for r in rows:
        if as_json:
            click.echo(json.dumps(r, ensure_ascii=False))
            continue
        span = f"{(r['first_date'] or '-')[:10]}..{(r['last_date'] or '-')[:10]}"
        click.echo(f"{r['id']}  {span}  articles={r['articles']} quotes={r['quotes']}  {r['label']}")
        if r["entities"] or r["places"]:
            click.echo(f"    {', '.join((r['places'] + r['entities'])[:8])}")
    if not as_json:
        click.echo(f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}", err=True)


def format_timeline(story: dict[str, Any]) -> str:
    """A story and its timeline as plain text, one event a line (plus sources and quote)."""
    lines = [f"{story['label']}  [{story['id']}]",
             f"{story['first_date'] or '-'} .. {story['last_date'] or '-'}; {len(story['members'])} report(s),"
             f" {story['quotes']} quote(s)"]
    if story["entities"]:
        lines.append("entities: " + ", ".join(e["name"] for e in story["entities"]))
    if story["places"]:
        lines.append("places: " + ", ".join(p["name"] for p in story["places"]))
    lines.append("")
    for ev in story["timeline"]:
        date = ev["date"].replace("T", " ")
        lines.append(f"{date:<25} ({ev['precision']:<6}) {ev['kind']:<9} {ev['summary']}")
        srcs = ", ".join(s["article_id"] for s in ev["sources"])
        lines.append(f"{'':<35}sources: {srcs}")
        if ev.get("quote"):
            q = ev["quote"]
            text = q["text"].strip().strip("\"“”‘’'").strip()
            lines.append(f"{'':<35}“{text}” — {q.get('speaker') or 'unattributed'}")
    return "\n".join(lines)


@click.command()
@click.argument("story_id")
@click.option("--db", "db", default=None, show_default=Settings().db, help=_DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="print the story and its timeline as JSON")
def timeline(story_id: str, db: str | None, as_json: bool) -> None:
    """Print a story's timeline: dated events in order, with date precision, sources and key quote.

    STORY_ID is a story id (from `storyline stories`) or the id of any article in the story.
    """
    from storyline.store import open_store
    from storyline.store.stories_rows import get_story, story_of_article

    path = _db(db)
    with open_store(path) as store:
        conn = store.connection  # type: ignore[attr-defined]
        story = get_story(conn, story_id)
        if story is None:
            sid = story_of_article(conn, story_id)
            story = get_story(conn, sid) if sid else None
    if story is None:
        raise click.UsageError(f"no story {story_id!r} in {path} (list them with `storyline stories`)")
    click.echo(json.dumps(story, ensure_ascii=False, indent=2) if as_json else format_timeline(story))


COMMANDS = (stories, timeline)
