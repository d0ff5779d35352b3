"""Downloads: /api/export/{kind} sends the export's rows; every listing page links to it with its filters."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from .fixture_store import FILLERS


def test_csv_of_a_speakers_quotes(client: TestClient) -> None:
    res = client.get("/api/export/quotes", params={"format": "csv", "speaker": "Putin"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert 'filename="quotes.csv"' in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert [r["speaker_name"] for r in rows] == ["Vladimir Putin"]


def test_parquet_and_jsonl(client: TestClient, ids: dict[str, str | None]) -> None:
    res = client.get("/api/export/articles", params={"format": "parquet"})
    assert res.status_code == 200
    assert pq.read_table(io.BytesIO(res.content)).num_rows == FILLERS + 4
    res = client.get("/api/export/timelines", params={"format": "jsonl", "story": ids["story"]})
    assert [json.loads(x)["kind"] for x in res.text.splitlines()] == ["event", "quote"]


def test_errors(client: TestClient) -> None:
    assert client.get("/api/export/people").status_code == 404
    res = client.get("/api/export/entities", params={"speaker": "x"})
    assert res.status_code == 400 and "--speaker" in res.json()["error"]["message"]
    assert client.get("/api/export/quotes", params={"story": "nosuch"}).status_code == 404
    assert client.get("/api/export/quotes", params={"format": "xlsx"}).status_code == 422


def test_listing_pages_link_their_downloads(client: TestClient, ids: dict[str, str | None]) -> None:
    pages = {"/quotes?speaker=Abdulkarim": "quotes", "/search?q=Palmyra": "articles", "/entities?type=PERSON": "entities",
             "/stories": "stories", f"/stories/{ids['story']}": "timelines"}
    for page, kind in pages.items():
        body = client.get(page).text
        links = [html.unescape(h) for h in re.findall(r'href="(/api/export/[^"]+)"', body)]
        assert any(f"/api/export/{kind}?format=parquet" in link for link in links), page
        csv_link = next(link for link in links if link.startswith(f"/api/export/{kind}?format=csv"))
        res = client.get(csv_link)
        assert res.status_code == 200, csv_link
        if kind == "quotes":  # the page's filter travels with the link
            assert {r["speaker_name"] for r in csv.DictReader(io.StringIO(res.text))} == {"Maamoun Abdulkarim"}


def test_listing_pages_say_how_much_they_show(client: TestClient) -> None:
    assert f"5 of {FILLERS + 4} articles shown" in client.get("/articles", params={"limit": 5}).text
    assert ">1 result<" in client.get("/search", params={"q": "Putin"}).text
    assert "4 quotes" in client.get("/quotes").text
