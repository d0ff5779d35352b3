"""JSON API over a fixture store built in code: listing, search, pagination, detail pages, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyline.settings import Settings
from storyline.web.app import create_app
from storyline.web.views import MAX_LIMIT

from .fixture_store import FILLERS, HOSTILE_TITLE


def test_articles_newest_first_and_undated_last(client: TestClient) -> None:
    body = client.get("/api/articles", params={"limit": 5}).json()
    dates = [a["published"] for a in body["items"]]
    assert dates[0].startswith("2016-03-29") and dates == sorted(dates, reverse=True)
    assert body["next_cursor"]


def test_cursor_pagination_visits_every_article_once(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        body = client.get("/api/articles", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == FILLERS + 4
    assert body["items"][-1]["published"] is None  # the undated article comes last


def test_limit_is_capped_and_validated(client: TestClient) -> None:
    assert client.get("/api/articles", params={"limit": 10_000}).json()["limit"] == MAX_LIMIT
    r = client.get("/api/articles", params={"limit": 0})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"


def test_bad_cursor_is_a_json_error(client: TestClient) -> None:
    for bad in ("not-a-cursor", "eyJvIjogLTF9", "W10"):
        r = client.get("/api/articles", params={"cursor": bad, "q": "Palmyra" if bad.startswith("ey") else None})
        assert r.status_code == 400, bad
        assert r.json()["error"]["code"] == "invalid_cursor"


def test_date_filters(client: TestClient) -> None:
    body = client.get("/api/articles", params={"from": "2016-03-27", "to": "2016-03-28"}).json()
    assert [a["title"] for a in body["items"]] == ["Putin congratulates Assad on Palmyra", "Syrian army retakes Palmyra"]
    jan = client.get("/api/articles", params={"to": "2016-01", "limit": 100}).json()["items"]
    assert len(jan) == FILLERS
    r = client.get("/api/articles", params={"from": "last tuesday"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_parameter"


def test_search_with_snippets_and_dates(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get("/api/articles", params={"q": "Palmyra"}).json()
    assert body["query"] == "Palmyra"
    top = body["items"][0]
    assert top["id"] in (ids["palmyra"], ids["putin"]) and "«Palmyra»" in top["snippet"]
    assert len(body["items"]) == 3
    dated = client.get("/api/articles", params={"q": "Palmyra", "from": "2016-03-28"}).json()["items"]
    assert {a["id"] for a in dated} == {ids["putin"], ids["hostile"]}


def test_search_total_past_the_server_count_limit(fixture_db: tuple[str, dict[str, str | None]],
                                                  client: TestClient) -> None:
    """`--search-count-limit` reaches the API (`total_exact`) and the page ("more than")."""
    exact = client.get("/api/articles", params={"q": "Palmyra", "limit": 1}).json()
    assert (exact["total"], exact["total_exact"]) == (3, True)
    with TestClient(create_app(fixture_db[0], settings=Settings(db=fixture_db[0], search_count_limit=2))) as capped:
        body = capped.get("/api/articles", params={"q": "Palmyra", "limit": 1}).json()
        assert (body["total"], body["total_exact"], len(body["items"])) == (2, False, 1)
        assert "1 of more than 2 results shown" in capped.get("/search", params={"q": "Palmyra", "limit": 1}).text
    assert "1 of 3 results shown" in client.get("/search", params={"q": "Palmyra", "limit": 1}).text


def test_search_pages_with_cursor(client: TestClient) -> None:
    first = client.get("/api/articles", params={"q": "harbour", "limit": 10}).json()
    second = client.get("/api/articles", params={"q": "harbour", "limit": 10, "cursor": first["next_cursor"]}).json()
    ids1, ids2 = {a["id"] for a in first["items"]}, {a["id"] for a in second["items"]}
    assert len(ids1) == len(ids2) == 10 and not ids1 & ids2


def test_article_detail(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get(f"/api/articles/{ids['palmyra']}").json()
    assert body["article"]["title"] == "Syrian army retakes Palmyra"
    assert body["article"]["url"] == "https://news.example/palmyra"
    assert len(body["article"]["paragraphs"]) == 3
    q = body["quotes"][0]
    assert q["speaker"]["name"] == "Maamoun Abdulkarim" and isinstance(q["speaker_id"], int)
    assert {e["name"]: e["link_id"] is not None for e in body["entities"]} == {
        "Maamoun Abdulkarim": True, "Palmyra": True, "Damascus": True}
    assert [p["name"] for p in body["places"]] == ["Palmyra", "Damascus"]
    assert [(r["title"], r["url"], r["published"]) for r in body["related"]] == [
        ("Palmyra: a history", "https://news.example/history", "2016-03-25"),
        ("Click me", None, "2016-03-26"), ("Click me too", None, None)]


def test_article_without_annotations(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get(f"/api/articles/{ids['undated']}").json()
    assert body["quotes"] == [] and body["entities"] == [] and body["places"] == []


def test_not_found_is_json_with_code(client: TestClient) -> None:
    for url in ("/api/articles/0000000000000000", "/api/entities/99999", "/api/stories/nope", "/api/nothing"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.json()["error"]["code"] == "not_found"
        assert r.json()["error"]["message"]
    r = client.get("/api/entities/not-a-number")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"


def test_quotes_filters(client: TestClient) -> None:
    all_quotes = client.get("/api/quotes").json()["items"]
    assert len(all_quotes) == 4
    assert [q["published"][:10] for q in all_quotes] == ["2016-03-27", "2016-03-27", "2016-03-28", "2016-03-29"]
    putin = client.get("/api/quotes", params={"speaker": "Putin"}).json()["items"]
    assert [q["text"] for q in putin] == ["“This is an important success,”"]
    assert putin[0]["title"] == "Putin congratulates Assad on Palmyra"
    assert len(client.get("/api/quotes", params={"q": "rebuild"}).json()["items"]) == 1
    page = client.get("/api/quotes", params={"limit": 2}).json()
    rest = client.get("/api/quotes", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert len(page["items"]) == 2 and len(rest["items"]) == 2 and rest["next_cursor"] is None


def test_entities_and_entity_page(client: TestClient) -> None:
    found = client.get("/api/entities", params={"q": "abdul"}).json()["items"]
    assert [e["name"] for e in found] == ["Maamoun Abdulkarim"]
    gpe = client.get("/api/entities", params={"type": "GPE"}).json()["items"]
    assert gpe[0]["name"] == "Palmyra" and gpe[0]["articles"] == 2
    place = client.get(f"/api/entities/{gpe[0]['id']}").json()["place"]
    assert (place["lat"], place["lon"]) == (34.55, 38.27)
    assert client.get(f"/entities/{gpe[0]['id']}").text.count("<circle") == 1
    body = client.get(f"/api/entities/{found[0]['id']}").json()
    assert body["entity"]["role"] == "antiquities chief"
    assert "Maamoun Abdulkarim" in body["entity"]["aliases"]
    assert [q["text"] for q in body["quotes"]] == ["“We will rebuild the ancient city,”",
                                                  "the Temple of Bel had been destroyed"]
    assert [a["title"] for a in body["articles"]] == ["Syrian army retakes Palmyra"]


def test_stories(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 1
    assert [s["label"] for s in body["items"]] == ["Palmyra recaptured"]
    assert body["items"][0]["sources"] == 2 and body["items"][0]["undated"] == 0  # the listing says it too
    story = client.get(f"/api/stories/{ids['story']}").json()["story"]
    assert [e["date"] for e in story["timeline"]] == ["2016-03-27", "2016-03-28"]
    assert [e["key"] for e in story["timeline"]] == [1, 2]  # key-day ranks survive the store
    assert {m["id"] for m in story["members"]} == {ids["palmyra"], ids["putin"]}
    assert {m["reason"]["kind"] for m in story["members"]} == {"first", "similarity"}
    assert story["sources"] == 2 and story["entities"][0] == {"name": "Palmyra", "type": "GPE", "count": 2}
    art = client.get(f"/api/articles/{ids['palmyra']}").json()
    assert art["story"]["id"] == ids["story"]
    assert [m["id"] for m in art["story"]["members"]] == [ids["putin"]]


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/entities",
                 "/api/entities/{entity_id}", "/api/stories", "/api/stories/{story_id}", "/api/documents"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/quotes" in docs.text and "cdn" not in docs.text.lower()


@pytest.mark.parametrize("path", ["/", "/articles", "/search?q=Palmyra", "/quotes", "/quotes?speaker=Putin",
                                  "/entities", "/entities?type=PERSON", "/stories", "/docs"])
def test_pages_render(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<h1" in r.text


def test_article_page_highlights_quotes_and_links_entities(client: TestClient, ids: dict[str, str | None]) -> None:
    api = client.get(f"/api/articles/{ids['palmyra']}").json()
    speaker_id = api["quotes"][0]["speaker_id"]
    html = client.get(f"/articles/{ids['palmyra']}").text
    assert '<span class="quote k-direct" tabindex="0">“We will rebuild the ancient city,”' in html
    assert f'<span class="tip" role="tooltip"><a href="/entities/{speaker_id}">Maamoun Abdulkarim</a>' in html
    palmyra_id = next(e["link_id"] for e in api["entities"] if e["name"] == "Palmyra")
    assert f'<a class="ent t-gpe" href="/entities/{palmyra_id}">Palmyra</a>' in html
    assert "2016-03-25" in html and "Palmyra: a history" in html  # related items with their dates
    assert html.count("<circle") == 2  # places on the map


def test_entity_and_story_pages(client: TestClient, ids: dict[str, str | None]) -> None:
    eid = client.get("/api/entities", params={"q": "Putin"}).json()["items"][0]["id"]
    html = client.get(f"/entities/{eid}").text
    assert "What Vladimir Putin said" in html and "This is an important success" in html
    assert f'href="/articles/{ids["putin"]}"' in html
    page = client.get(f"/stories/{ids['story']}").text
    assert "Palmyra recaptured" in page and "Troops retake Palmyra." in page and page.count("<circle") == 2
    assert '<time datetime="2016-03-27">Sun 27 Mar 2016</time>' in page  # dates as people read them
    assert page.index("<h2>Key dates</h2>") < page.index("show all 2 events")  # key dates first
    # a paraphrase says it is one; a direct quote does not
    assert '<blockquote class="q-indirect"><span class="small muted">paraphrase:</span> that the army held' in page
    assert '<blockquote class="q-unknown">This is an important success' in page
    assert "2 articles from 2 outlets" in page and '>Palmyra</a> <span class="count">2</span>' in page
    assert '<span class="joined muted">started the story</span>' in page
    assert '<span class="joined muted">similar text (0.42): palmyra, assad</span>' in page
    assert client.get("/stories/none").status_code == 404


def test_html_errors_are_pages(client: TestClient) -> None:
    r = client.get("/articles/0000000000000000")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "not found" in r.text
    assert client.get("/entities/abc").status_code == 404


def test_hostile_title_is_listed_verbatim_in_json(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get(f"/api/articles/{ids['hostile']}").json()
    assert body["article"]["title"] == HOSTILE_TITLE and body["article"]["url"] is None


@pytest.mark.parametrize("path", ["/api/stories", "/api/articles", "/api/quotes", "/api/entities",
                                  "/api/articles?q=Palmyra", "/api/entities/1", "/stories", "/articles"])
@pytest.mark.parametrize("cursor", ["garbage", "W10", "e30", "%5B" * 50, "x" * 2000])
def test_every_listing_rejects_a_bad_cursor(client: TestClient, path: str, cursor: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}cursor={cursor}")
    assert r.status_code == 400, (path, r.text[:200])
    if path.startswith("/api/"):
        assert r.json()["error"]["code"] == "invalid_cursor"


def test_listings_say_their_total(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert first["total"] > 2 and len(first["items"]) == 2 and first["next_cursor"]
    assert client.get("/api/articles", params={"q": "Palmyra"}).json()["total"] >= 1
    assert client.get("/api/quotes").json()["total"] >= 2
    assert client.get("/api/entities", params={"type": "PERSON"}).json()["total"] >= 2


@pytest.mark.parametrize(("speaker", "expected"), [("_", 0), ("%", 0), ("Abdulkarim", 2), ("abdulkarim", 2),
                                                   ("antiquities chief", 0)])
def test_quote_speaker_filter_is_the_stores(client: TestClient, speaker: str, expected: int) -> None:
    """The API filters speakers exactly as `storyline quotes --speaker` does (one query layer)."""
    body = client.get("/api/quotes", params={"speaker": speaker}).json()
    assert body["total"] == len(body["items"]) == expected


def test_bad_query_is_a_400(client: TestClient) -> None:
    r = client.get("/api/articles", params={"q": '"unclosed'})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_query"
    assert "unclosed quote" in r.json()["error"]["message"]
    assert client.get("/search", params={"q": "((("}).status_code == 400
