"""The FastAPI application: JSON API under /api/, HTML pages from the same views, local static assets."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.export.rows import Filters
from storyline.humandate import human_date
from storyline.settings import Settings
from storyline.store.base import JoinReason, Narrow
from storyline.stories.record import reason_text
from storyline.web import exports, markup, views
from storyline.web.db import Database
from storyline.web.security import SECURITY_HEADERS, safe_url, token_matches
from storyline.web.upload import ingest_upload

HERE = Path(__file__).resolve().parent
log = logging.getLogger("storyline.web")
_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

Q_LIMIT = Query(None, ge=1, description=f"page size (default {views.DEFAULT_LIMIT}, capped at {views.MAX_LIMIT})")
Q_CURSOR = Query(None, description="opaque cursor from a previous page's next_cursor")
Q_SORT = Query("relevance", pattern="^(relevance|date)$", description="relevance (best first) or date (newest first)")
Q_LANGUAGE = Query(None, description="only articles in this language (ISO 639-1), with q")
Q_SITE = Query(None, description="only articles from this site (URL host without www.), with q")
Q_ENTITY = Query(None, description="only articles naming this entity (its id), with q")
Q_PLACE = Query(None, description="only articles mentioning this place (its name), with q")
Q_STORY = Query(None, description="only articles of this story (its id), with q")


def _narrow(language: str | None, site: str | None, entity: int | None, place: str | None,
            story: str | None) -> Narrow:
    return Narrow(language=language or None, site=site or None, entity=entity, place=place or None,
                  story=story or None)


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer (body: {"error": {code, message}})."""
    what = {400: "bad parameter, cursor or query", 403: "missing or wrong token", 404: "not found",
            405: "read-only server", 408: "upload too slow", 413: "document too large", 422: "invalid parameter or failed document",
            503: "query cancelled after the time limit"}
    schema = {"type": "object", "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}}}}}
    return {c: {"description": what[c], "content": {"application/json": {"schema": schema}}} for c in codes}


LISTING = _responses(400, 422, 503)
ONE = _responses(404, 422, 503)


class SecurityHeaders:
    """ASGI middleware: adds the Content-Security-Policy and friends, and Server-Timing, to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        start = time.perf_counter()
        started = False

        async def wrapped(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                took = f"app;dur={(time.perf_counter() - start) * 1000:.2f}".encode()
                message["headers"] = [*message.get("headers", []), *_HEADERS, (b"server-timing", took)]
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        except Exception:
            # A bug: logged with its traceback, answered as a 500 that carries the security headers too.
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            body = b'{"error":{"code":"internal","message":"internal server error (a bug; see the server log)"}}'
            await wrapped({"type": "http.response.start", "status": 500,
                           "headers": [(b"content-type", b"application/json"),
                                       (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


def _join_reason(d: dict[str, Any] | None) -> str:
    """A story member's join reason (as the view's JSON carries it) in words."""
    if not d:
        return reason_text(None)
    return reason_text(JoinReason(d["kind"], d.get("via"), d.get("score"), tuple(d.get("terms") or ())))


def templates() -> Environment:
    """The Jinja2 environment: autoescape always on, helpers for links, quotes, maps and snippets."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["day"] = lambda value: (value or "")[:10]
    env.filters["human_date"] = human_date
    env.filters["join_reason"] = _join_reason
    env.globals["qs"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    env.globals.update(mark_paragraphs=markup.mark_paragraphs, project=markup.project,
                       snippet_parts=markup.snippet_parts, version=__version__)
    return env


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(db_path: str, token: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app over the store at `db_path`; uploads are accepted only when `token` is given."""
    settings = settings or Settings.from_env(db=db_path)
    db = Database(db_path, pool_size=settings.threads, query_seconds=settings.query_seconds,
                  count_limit=settings.search_count_limit)
    db.store  # open (and migrate) once at start-up, so a bad path fails before serving  # noqa: B018
    env = templates()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync views run in anyio's thread pool (40 threads by default). Each thread opens its own
        # SQLite connection; a few warm threads serve more searches per core than 40 cold ones.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        db.close()

    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Read-only JSON API over a storyline store; every page also has an HTML form.")
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.db = db

    def render(name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    @app.exception_handler(views.ViewError)
    async def view_error(request: Request, exc: views.ViewError) -> Response:
        if is_api(request):
            return _error(exc.status, exc.code, exc.message)
        return render("error.html", {"status": exc.status, "code": exc.code, "message": exc.message}, exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        if is_api(request):
            return _error(422, "invalid_parameter", problems or "invalid request")
        status = 404 if any(e["loc"][0] == "path" for e in exc.errors()) else 400
        return render("error.html", {"status": status, "code": "invalid_parameter", "message": problems}, status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        if is_api(request):
            return _error(exc.status_code, code, str(exc.detail))
        return render("error.html", {"status": exc.status_code, "code": code, "message": str(exc.detail)},
                      exc.status_code)

    # -- JSON API --------------------------------------------------------------------------------

    @app.get("/api/articles", tags=["api"], responses=LISTING)
    def api_articles(q: str | None = Query(None, description="full-text query (words, \"phrases\", prefix*)"),
                     date_from: str | None = Query(None, alias="from", description="first day, e.g. 2016-03-27"),
                     date_to: str | None = Query(None, alias="to", description="last day (inclusive)"),
                     sort: str = Q_SORT, language: str | None = Q_LANGUAGE, site: str | None = Q_SITE,
                     entity: int | None = Q_ENTITY, place: str | None = Q_PLACE, story: str | None = Q_STORY,
                     limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """Search results with snippets (when q is given; narrowed and sorted as asked) or articles newest first."""
        narrow = _narrow(language, site, entity, place, story)
        return JSONResponse(views.articles(db, q, date_from, date_to, limit, cursor, narrow, sort))

    @app.get("/api/facets", tags=["api"], responses=LISTING)
    def api_facets(q: str | None = Query(None, description="full-text query (all articles without it)"),
                   date_from: str | None = Query(None, alias="from", description="first day, e.g. 2016-03-27"),
                   date_to: str | None = Query(None, alias="to", description="last day (inclusive)"),
                   language: str | None = Q_LANGUAGE, site: str | None = Q_SITE, entity: int | None = Q_ENTITY,
                   place: str | None = Q_PLACE, story: str | None = Q_STORY,
                   interval: str = Query("month", pattern="^(day|week|month|year)$", description="histogram bucket"),
                   ) -> JSONResponse:
        """Counts over every matching article: languages, sites, entities, places, stories; a date histogram."""
        narrow = _narrow(language, site, entity, place, story)
        return JSONResponse(views.facets(db, q, date_from, date_to, narrow, interval))

    @app.get("/api/articles/{article_id}", tags=["api"], responses=ONE)
    async def api_article(article_id: str) -> JSONResponse:
        """One article with quotes, entities, places, related items and its story."""
        # Runs on the event loop: a handful of primary-key lookups (~0.2 ms) cost less than the
        # hand-off to a worker thread, and stay quick while searches keep the thread pool busy.
        return JSONResponse(views.article(db, article_id))

    @app.get("/api/quotes", tags=["api"], responses=LISTING)
    def api_quotes(speaker: str | None = Query(None, description="speaker name, mention or alias (substring)"),
                   q: str | None = Query(None, description="words the quote contains"),
                   limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """Quotes by date with speaker and source article."""
        return JSONResponse(views.quotes(db, speaker, q, limit, cursor))

    @app.get("/api/entities", tags=["api"], responses=LISTING)
    def api_entities(q: str | None = Query(None, description="name or alias (substring)"),
                     type: str | None = Query(None, description="PERSON, ORG, GPE, LOC, NORP..."),
                     limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """Entities across the corpus by number of mentions."""
        return JSONResponse(views.entities(db, q, type, limit, cursor))

    @app.get("/api/entities/{entity_id}", tags=["api"], responses=_responses(400, 404, 422, 503))
    def api_entity(entity_id: int, limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """One entity: aliases, everything they said (by date) and the articles naming them."""
        return JSONResponse(views.entity(db, entity_id, limit, cursor))

    @app.get("/api/places", tags=["api"], responses=LISTING)
    def api_places(q: str | None = Query(None, description="place name (substring)"),
                   country: str | None = Query(None, description="ISO 3166 country code, e.g. SY"),
                   limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """Geocoded places across the corpus by number of articles mentioning them."""
        return JSONResponse(views.places(db, q, country, limit, cursor))

    @app.get("/api/places/{name}", tags=["api"], responses=ONE)
    def api_place(name: str) -> JSONResponse:
        """One place: coordinates, articles and stories mentioning it, quotes naming it, places nearby."""
        return JSONResponse(views.place(db, name))

    @app.get("/api/stories", tags=["api"], responses=LISTING)
    def api_stories(limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> JSONResponse:
        """Stories: clusters of articles about one event."""
        return JSONResponse(views.stories(db, limit, cursor))

    @app.get("/api/stories/{story_id}", tags=["api"], responses=ONE)
    def api_story(story_id: str) -> JSONResponse:
        """One story with members, entities, places and its timeline."""
        return JSONResponse(views.story(db, story_id))

    @app.get("/api/export/{kind}", tags=["api"], response_class=Response,
             responses={200: {"description": "the rows as an attachment (CSV, JSON Lines or Parquet)"},
                        **_responses(400, 404, 422, 503)})
    def api_export(kind: str, format: str = Query("csv", pattern="^(csv|jsonl|parquet)$",
                                                  description="csv, jsonl or parquet"),
                   q: str | None = Query(None, description="search (articles, places), quote words, name, label"),
                   speaker: str | None = Query(None, description="quotes: speaker name, mention or alias"),
                   entity: int | None = Query(None, description="quotes: the speaker's entity id"),
                   type: str | None = Query(None, description="entities: PERSON, ORG, GPE..."),
                   date_from: str | None = Query(None, alias="from", description="first day (inclusive)"),
                   date_to: str | None = Query(None, alias="to", description="last day (inclusive)"),
                   story: str | None = Query(None, description="only this story's rows")) -> Response:
        """Every row of a listing (articles, quotes, entities, places, stories, timelines) as a download,
        with the columns of `storyline export` (README, "Export columns")."""
        filters = Filters(q or None, speaker or None, entity, type or None, date_from or None, date_to or None,
                          story or None)
        path, _ = exports.export_file(db, kind, format, filters)
        return FileResponse(path, media_type=exports.MEDIA[format], filename=f"{kind}.{format}",
                            background=BackgroundTask(os.unlink, path))

    @app.post("/api/documents", tags=["api"], status_code=201, responses=_responses(400, 403, 405, 408, 413, 422))
    async def api_documents(request: Request,
                            name: str = Query("upload", max_length=200, description="file name (format hint)")
                            ) -> JSONResponse:
        """Upload one raw document (body = its bytes). Needs the server's token as `Authorization: Bearer`."""
        if token is None:
            return _error(405, "read_only", "this server is read-only (start it with --token to accept uploads)")
        if not token_matches(request.headers.get("authorization"), token):
            return _error(403, "forbidden", "a valid 'Authorization: Bearer <token>' header is required")
        cap = settings.max_document_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            return _error(413, "too_large", f"document exceeds max-document-bytes {cap:,}")
        chunks, size = [], 0
        try:
            with anyio.fail_after(settings.request_seconds):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > cap:
                        return _error(413, "too_large", f"document exceeds max-document-bytes {cap:,}")
                    chunks.append(chunk)
        except TimeoutError:
            return _error(408, "too_slow", f"the document did not arrive within request-seconds {settings.request_seconds:g}")
        if not size:
            return _error(400, "empty", "the request body is empty: send the document's bytes")
        status, body = await run_in_threadpool(ingest_upload, db, b"".join(chunks), name, settings)
        return JSONResponse(body, status_code=status)

    # -- HTML pages (same views) -----------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_home() -> HTMLResponse:
        return render("home.html", views.home(db))

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_articles(q: str | None = None, date_from: str | None = Query(None, alias="from"),
                      date_to: str | None = Query(None, alias="to"), sort: str = Q_SORT,
                      language: str | None = Q_LANGUAGE, site: str | None = Q_SITE, entity: int | None = Q_ENTITY,
                      place: str | None = Q_PLACE, story: str | None = Q_STORY,
                      interval: str = Query("month", pattern="^(day|week|month|year)$"),
                      limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> HTMLResponse:
        narrow = _narrow(language, site, entity, place, story)
        ctx = views.articles(db, q, date_from or None, date_to or None, limit, cursor, narrow, sort)
        if ctx["query"]:
            ctx.update(views.facets(db, q, date_from or None, date_to or None, narrow, interval), interval=interval)
        return render("articles.html", ctx)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(article_id: str) -> HTMLResponse:
        return render("article.html", views.article(db, article_id))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def page_quotes(speaker: str | None = None, q: str | None = None, limit: int | None = Q_LIMIT,
                    cursor: str | None = Q_CURSOR) -> HTMLResponse:
        return render("quotes.html", views.quotes(db, speaker, q, limit, cursor))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def page_entities(q: str | None = None, type: str | None = None, limit: int | None = Q_LIMIT,
                      cursor: str | None = Q_CURSOR) -> HTMLResponse:
        return render("entities.html", views.entities(db, q, type or None, limit, cursor))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_entity(entity_id: int, cursor: str | None = Q_CURSOR) -> HTMLResponse:
        return render("entity.html", views.entity(db, entity_id, None, cursor))

    @app.get("/places", response_class=HTMLResponse, include_in_schema=False)
    def page_places(q: str | None = None, country: str | None = None, limit: int | None = Q_LIMIT,
                    cursor: str | None = Q_CURSOR) -> HTMLResponse:
        return render("places.html", views.places(db, q, country, limit, cursor))

    @app.get("/places/{name}", response_class=HTMLResponse, include_in_schema=False)
    def page_place(name: str) -> HTMLResponse:
        return render("place.html", views.place(db, name))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(limit: int | None = Q_LIMIT, cursor: str | None = Q_CURSOR) -> HTMLResponse:
        return render("stories.html", views.stories(db, limit, cursor))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(story_id: str) -> HTMLResponse:
        return render("story.html", views.story(db, story_id))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def page_docs() -> HTMLResponse:
        return render("docs.html", {"spec": app.openapi(), "uploads": token is not None})

    return app


def app_from_env() -> FastAPI:
    """The app configured from STORYLINE_* variables (what `storyline serve` and uvicorn workers call)."""
    settings = Settings.from_env()
    return create_app(settings.db, token=os.environ.get("STORYLINE_TOKEN") or None, settings=settings)
