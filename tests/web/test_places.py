"""The places index and place pages, in HTML and JSON: not the person template, links both ways."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_api_places_and_one_place(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get("/api/places").json()
    assert [(p["name"], p["articles"]) for p in body["items"]] == [("Palmyra", 2), ("Damascus", 1)]
    assert body["total"] == 2
    one = client.get("/api/places/Palmyra").json()
    assert one["place"]["country"] == "SY" and {a["id"] for a in one["articles"]} == {ids["palmyra"], ids["putin"]}
    assert [n["name"] for n in one["nearby"]] == ["Damascus"] and one["stories"][0]["id"] == ids["story"]
    missing = client.get("/api/places/Atlantis")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_place_pages(client: TestClient, ids: dict[str, str | None]) -> None:
    index = client.get("/places").text
    assert 'href="/places/Palmyra"' in index and "<svg" in index and 'href="/places"' in index
    page = client.get("/places/Palmyra").text
    assert "Articles mentioning Palmyra" in page and "said" not in page.split("<main")[1].split("Quotes naming")[0]
    assert 'href="/places/Damascus"' in page and f'href="/stories/{ids["story"]}"' in page
    assert client.get("/places/Atlantis").status_code == 404


def test_a_place_entity_links_to_its_place_page(client: TestClient) -> None:
    palmyra = next(e for e in client.get("/api/entities", params={"q": "Palmyra"}).json()["items"] if e["type"] == "GPE")
    page = client.get(f"/entities/{palmyra['id']}").text
    assert 'href="/places/Palmyra"' in page and "What Palmyra said" not in page
