"""Hostile input stays inert: escaped titles, no javascript: links, CSP, parameterised search, guarded uploads."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from storyline.web.security import safe_url

from .conftest import TOKEN
from .fixture_store import FILLERS, HOSTILE_SPEAKER, HOSTILE_TITLE


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _assert_inert(html: str) -> None:
    """No script element, no on* handler attribute, every link/source local or http(s)."""
    for tag, attrs in _tags(html):
        assert tag != "script", "a <script> element was emitted"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler attribute {name}={value!r} on <{tag}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                v = (value or "").strip()
                assert v.startswith("/") or safe_url(v) == v, f"unsafe {name}={v!r} on <{tag}>"
                assert "javascript:" not in v.lower() and not v.lower().startswith("data:")


def _pages(ids: dict[str, str | None]) -> list[str]:
    """Every page kind, including the hostile article's entity and speaker pages."""
    pages = ["/", "/articles", "/search?q=Hostile", "/search?q=markup", f"/articles/{ids['hostile']}",
             f"/articles/{ids['palmyra']}", "/quotes", "/quotes?speaker=img", "/entities", "/entities?q=script",
             "/stories", "/docs"]
    pages += [f"/entities/{i}" for i in range(1, 12)]
    return pages + ([f"/stories/{ids['story']}"] if ids["story"] else [])


def test_script_and_onerror_in_title_are_shown_as_text(client: TestClient, ids: dict[str, str | None]) -> None:
    for path in _pages(ids):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        _assert_inert(html)
    page = client.get(f"/articles/{ids['hostile']}").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b onmouseover=&#34;alert(3)&#34;&gt;markup&lt;/b&gt;" in page  # body markup too
    quotes = client.get("/quotes").text
    assert "&lt;img src=x onerror=alert(7)&gt; Speaker" in quotes and HOSTILE_SPEAKER not in quotes
    assert "&lt;b onmouseover=&#34;alert(3)&#34;&gt;markup&lt;/b&gt;" in quotes
    results = client.get("/search", params={"q": "Hostile"}).text
    assert "&lt;script&gt;" in results and HOSTILE_TITLE not in results


def test_javascript_urls_are_never_emitted(client: TestClient, ids: dict[str, str | None]) -> None:
    for path in _pages(ids):
        assert "javascript:" not in client.get(path).text.lower(), path
    page = client.get(f"/articles/{ids['palmyra']}").text
    assert 'href="https://news.example/history"' in page  # safe links stay links
    assert "Click me" in page and "Click me too" in page  # unsafe ones are plain text
    api = client.get(f"/api/articles/{ids['hostile']}").json()
    assert api["article"]["url"] is None and api["related"][0]["url"] is None


@pytest.mark.parametrize("url,ok", [
    ("https://example.com/a?b=1", True), ("http://example.com", True), ("javascript:alert(1)", False),
    (" JaVaScRiPt:alert(1)", False), ("java\tscript:alert(1)", False), ("java\nscript:x", False),
    ("data:text/html,<script>", False), ("vbscript:x", False), ("//evil.example/x", False), ("/local", False),
    ("https:/no-host", False), (None, False), ("", False), ("\x00javascript:x", False),
])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


@pytest.mark.parametrize("path", ["/", "/api/articles", "/static/style.css", "/nope", "/api/nope", "/docs"])
def test_content_security_policy_everywhere(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_no_external_assets(client: TestClient, ids: dict[str, str | None]) -> None:
    for path in [*_pages(ids), "/docs"]:
        for tag, attrs in _tags(client.get(path).text):
            if tag in ("link", "script", "img", "image", "iframe", "source"):
                ref = attrs.get("href") or attrs.get("src") or ""
                assert ref.startswith("/static/"), f"{path}: <{tag}> loads {ref!r}"


@pytest.mark.parametrize("query", [
    "'; DROP TABLE articles; --", '" OR 1=1 --', "Palmyra) OR (1=1", "title:*", "NEAR(", "\x00", "%", "_",
    "1' UNION SELECT record FROM articles --", '"""', "*", "AND OR NOT",
])
def test_sql_injection_looking_search_is_harmless(client: TestClient, query: str) -> None:
    r = client.get("/api/articles", params={"q": query})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "invalid_query"
    else:
        assert len(r.json()["items"]) <= 1  # nothing matches everything
    assert client.get("/search", params={"q": query}).status_code in (200, 400)
    for params in ({"speaker": query}, {"q": query}):
        qr = client.get("/api/quotes", params=params)
        assert qr.status_code == 200
        assert qr.json()["items"] == [] or not query.strip("\x00 ")  # % and _ are no wildcards; NUL alone is no filter
    assert client.get("/api/entities", params={"q": query, "type": query}).status_code == 200
    total = client.get("/api/articles", params={"limit": 100}).json()["items"]
    assert len(total) == FILLERS + 4  # the table is still there, whole


def test_quote_speaker_filter_does_not_match_everything(client: TestClient) -> None:
    assert client.get("/api/quotes", params={"speaker": "' OR '1'='1"}).json()["items"] == []


def test_uploads_refused_on_a_read_only_server(client: TestClient) -> None:
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        r = client.post("/api/documents", content=b"Title\n\nSome text.", headers=headers)
        assert r.status_code == 405 and r.json()["error"]["code"] == "read_only"


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN}x"])
def test_upload_needs_the_token(upload_client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    r = upload_client.post("/api/documents", content=b"Headline\n\nBody text here.", headers=headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_upload_size_limit(upload_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = upload_client.post("/api/documents", content=b"x" * 4_001, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        for _ in range(10):
            yield b"y" * 1_000

    r = upload_client.post("/api/documents", content=chunks(), headers=auth)
    assert r.status_code == 413
    r = upload_client.post("/api/documents", content=b"", headers=auth)
    assert r.status_code == 400


def test_upload_accepted_with_the_token(upload_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    doc = ("Harbour ferry service resumes after repairs\n\nMarch 30, 2016\n\n"
           + "The harbour ferry returned to service on Wednesday after three weeks of repairs to its engines. "
             "Commuters welcomed the return of the crossing, which carries about two thousand people a day.\n\n"
           + "The operator said timetables would be back to normal by the weekend.\n").encode()
    r = upload_client.post("/api/documents", content=doc, params={"name": "ferry.txt"}, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "stored" and body["title"] == "Harbour ferry service resumes after repairs"
    art = upload_client.get(f"/api/articles/{body['id']}").json()["article"]
    assert art["source"]["path"] == "upload:ferry.txt"
    again = upload_client.post("/api/documents", content=doc, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "already_stored"
    bad = upload_client.post("/api/documents", content=b"\x00\x01\x02binary" * 10, headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["code"]
