"""/search.csv and /search.jsonl: every result of a search (not one page), streamed, one row each."""
from __future__ import annotations

import csv
import io
import json

import pytest
from archive import build_archive

from searchapp import create_app
from searchapp.web.export import COLUMNS


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index_dir = build_archive(tmp_path_factory.mktemp("export"))[1]
    # Two results a page: an export that stopped at one page would show it.
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "PER_PAGE": 2}).test_client()


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def jsonl_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "application/jsonl"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def api_ids(client, query: str) -> list[str]:
    """Every entry of the search through the API's pages, in order."""
    ids, page = [], 1
    while True:
        data = client.get(f"/api/search?{query}&xlang=1&page={page}").get_json()
        ids += [hit["id"] for hit in data["hits"]]
        if len(ids) >= data["total"]:
            return ids
        page += 1


@pytest.mark.parametrize("query", ["", "q=Laval", "partner=MassBio", "sort=date&lang=en", "type=speech",
                                   "q=zzzyyyxxx"])
def test_every_result_in_result_order(client, query):
    expected = api_ids(client, query)
    rows = csv_rows(client, f"/search.csv?{query}")
    assert [row["id"] for row in rows] == expected
    assert [row["id"] for row in jsonl_rows(client, f"/search.jsonl?{query}")] == expected


def test_a_row_holds_the_release_metadata(client):
    rows = {row["id"]: row for row in jsonl_rows(client, "/search.jsonl?partner=MassBio")}
    assert len(rows) == 1
    row = next(iter(rows.values()))
    assert list(row) == list(COLUMNS)
    assert "MassBio" in row["partners"] and "Massachusetts" in row["regions"] and row["type"] == "news-release"
    assert row["translation"] and row["translation"] != row["id"]     # the pair: one row, the other's id
    assert row["url"].endswith(f"/release/{row['id']}") and row["date"] == "2023-06"
    csv_row = csv_rows(client, "/search.csv?partner=MassBio")[0]
    assert list(csv_row) == list(COLUMNS)
    assert csv_row["partners"] == "; ".join(row["partners"]) and csv_row["translation"] == row["translation"]


def test_the_results_page_links_both_exports_beside_the_feed(client):
    html = client.get("/search?q=Laval&partner=Northwind+Biotech").get_data(as_text=True)
    assert 'href="/search.csv?q=Laval&amp;partner=Northwind+Biotech"' in html
    assert 'href="/search.jsonl?q=Laval&amp;partner=Northwind+Biotech"' in html


def test_a_bad_parameter_is_a_plain_400(client):
    response = client.get("/search.csv?year=20x4")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "year" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["q=%3Cscript%3E", "q=%22unclosed", "partner=%00", "q=*", "q=type:", "sort=date&q=a+OR"])
def test_odd_queries_export_a_header_at_least(client, query):
    rows = csv_rows(client, f"/search.csv?{query}")
    assert all(row["id"] for row in rows)


def test_titles_are_whole(client):
    from archive import LONG_HEADLINE

    rows = jsonl_rows(client, "/search.jsonl?q=laboratories+Halifax")
    assert LONG_HEADLINE in [row["title"] for row in rows]
    assert not any(row["title"].endswith("…") for row in jsonl_rows(client, "/search.jsonl"))
