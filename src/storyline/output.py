"""The CLI listings' one output convention: --format text, json, jsonl or csv, and "N of TOTAL" on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from storyline.export.writers import write_csv, write_jsonl
from storyline.store.base import Facets, Page, as_json

FORMATS = ("text", "json", "jsonl", "csv")
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def format_option(func: F) -> F:
    """`--format`: text for reading; json (the page: items, next_cursor, total), jsonl (one row a
    line) or csv (a header, then one row a line; the columns of `storyline export`)."""
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
        help="text for reading; json: the page {items, next_cursor, total}; jsonl: one row a line; "
             "csv: a header, then one row a line",
    )(func)


def query_option(help: str) -> Callable[[F], F]:
    """`--query/-q`, the same spelling on every listing."""
    return click.option("--query", "-q", "query", help=help)


def emit(page: Page[T], row_type: type, fmt: str, text: Callable[[T], Iterable[str]], noun: str) -> None:
    """Print a page of a listing in the chosen format; then, on stderr, how many of how many."""
    if fmt == "json":
        click.echo(json.dumps({"items": as_json(page.items), "next_cursor": page.next_cursor, "total": page.total,
                               "total_exact": page.total_exact}, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        write_jsonl(page.items, row_type, sys.stdout)
    elif fmt == "csv":
        write_csv(page.items, row_type, sys.stdout)
    else:
        for item in page.items:
            for line in text(item):
                click.echo(line)
    click.echo(f"{len(page.items)} of {'' if page.total_exact else 'more than '}{page.total} {noun}", err=True)


def print_facets(facets: Facets, fmt: str) -> None:
    """Facet counts: JSON for json/jsonl/csv, else one line per facet and one per histogram bucket."""
    if fmt != "text":
        click.echo(json.dumps(as_json(facets), ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    click.echo(f"{facets.total} matching article(s)")
    for name in ("languages", "sites", "entities", "places", "stories"):
        values = getattr(facets, name)
        if values:
            click.echo(f"{name}: " + ", ".join(f"{v.label} ({v.key}) {v.count}" if v.key != v.label
                                                else f"{v.label} {v.count}" for v in values))
    for b in facets.histogram:
        click.echo(f"  {b.key:<10} {b.count:>6}")
    if facets.undated:
        click.echo(f"  {'undated':<10} {facets.undated:>6}")


def not_found(message: str) -> None:
    """A one-line error for a record that is not there, exit status 1 (not a usage error)."""
    click.echo(f"storyline: error: {message}", err=True)
    sys.exit(1)
