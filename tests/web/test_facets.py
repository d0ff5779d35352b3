"""The faceted search page and API: counts, narrowing links that narrow, a date histogram, sorting."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient


def test_api_facets_and_narrowed_search(client: TestClient, ids: dict[str, str | None]) -> None:
    body = client.get("/api/facets", params={"q": "Palmyra", "interval": "week"}).json()["facets"]
    assert body["total"] == 3 and [b["key"] for b in body["histogram"]] == ["2016-W12", "2016-W13"]
    assert {"key": "Damascus", "label": "Damascus", "count": 1} in body["places"]
    res = client.get("/api/articles", params={"q": "Palmyra", "place": "Damascus"}).json()
    assert [a["id"] for a in res["items"]] == [ids["palmyra"]] and res["total"] == 1
    res = client.get("/api/articles", params={"q": "Palmyra", "sort": "date"}).json()
    assert [a["id"] for a in res["items"]] == [ids["hostile"], ids["putin"], ids["palmyra"]]
    assert client.get("/api/articles", params={"place": "Damascus"}).status_code == 400
    assert client.get("/api/facets", params={"interval": "decade"}).status_code == 422


def test_search_page_facet_links_narrow(client: TestClient, ids: dict[str, str | None]) -> None:
    page = client.get("/search", params={"q": "Palmyra"}).text
    assert '<aside class="facets">' in page and '<svg class="histogram"' in page
    assert ">3 results<" in page
    links = [html.unescape(h) for h in re.findall(r'href="(/search\?[^"]+)"', page)]
    damascus = next(link for link in links if "place=Damascus" in link)
    narrowed = client.get(damascus).text
    assert ">1 result<" in narrowed and "place: Damascus" in narrowed
    story = next(link for link in links if f"story={ids['story']}" in link)
    assert ">2 results<" in client.get(story).text
    bar = next(link for link in links if "from=2016-03" in link and "to=2016-03" in link)
    assert ">3 results<" in client.get(bar).text
    by_date = client.get("/search", params={"q": "Palmyra", "sort": "date"}).text
    assert by_date.index(ids["hostile"]) < by_date.index(ids["palmyra"])  # type: ignore[arg-type]
