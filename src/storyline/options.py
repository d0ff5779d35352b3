"""Click options made from the Settings declarations, shared by every command module, and the runner they name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from storyline.runners import ENGINES, Runner, make_runner
from storyline.settings import Settings

#: Per-document choices and per-document and per-archive limits, options of every command that processes documents.
LIMITS = ("htmldate", "nlp_paragraph_chars", "nlp_document_chars", "nlp_seconds", "max_archive_bytes", "max_compression_ratio")
#: Where documents are processed, options of the commands that process many.
ENGINE_OPTIONS = ("workers", "engine", "scheduler", "local_workers")
#: How stories are clustered, options of the commands that cluster (storyline.stories.clustering).
STORY_OPTIONS = ("story_embeddings", "story_threshold")


def setting_option(name: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option whose help and default come from the Settings declaration."""
    default = getattr(Settings(), name)
    flag = "--" + name.replace("_", "-")
    if isinstance(default, bool):
        return click.option(
            f"{flag}/--no-{flag[2:]}", name, default=None, show_default=str(default).lower(),
            help=Settings.help_of(name) + f" [env STORYLINE_{name.upper()}]", **kw,
        )
    kw.setdefault("type", click.Choice(ENGINES) if name == "engine" else type(default))
    return click.option(
        flag, name, default=None, show_default=str(default),
        help=Settings.help_of(name) + f" [env STORYLINE_{name.upper()}]", **kw,
    )


def _options(names: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def add(func: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(names):
            func = setting_option(name)(func)
        return func

    return add


#: Add the LIMITS options (they reach the command as keyword arguments).
limit_options = _options(LIMITS)
#: Add the ENGINE_OPTIONS (keyword arguments too).
engine_options = _options(ENGINE_OPTIONS)
#: Add the STORY_OPTIONS (keyword arguments too).
story_options = _options(STORY_OPTIONS)


def require_db(path: str) -> None:
    """A UsageError unless the database exists (a URL is taken as existing: its server will say)."""
    import os

    if "://" not in path and not os.path.exists(path):
        raise click.UsageError(f"database {path!r} does not exist (create it with `storyline ingest`)")


def settings_of(**overrides: Any) -> Settings:
    """Defaults, then STORYLINE_* variables, then the options given."""
    return Settings.from_env(**overrides)


@contextmanager
def open_runner(settings: Settings) -> Iterator[Runner]:
    """The runner the settings name (0 workers: one per core), closed at the end."""
    runner = make_runner(settings.engine, settings.workers, settings.scheduler or None,
                         settings.local_workers or None, settings.nlp)
    try:
        yield runner
    finally:
        runner.close()
