"""The JSON API and the Atom feed, on a real index of seeds/."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import SEED_IDS

from searchapp import create_app
from searchapp.cli.commands import main as cli

ATOM = "{http://www.w3.org/2005/Atom}"


# ---------------------------------------------------------------- /api/search

@pytest.mark.parametrize("url, args", [
    ("/api/search?q=MassBio", ["MassBio"]),
    ("/api/search?q=sciences+de+la+vie&partner=MassBio&partner=Life+Sciences+Ontario",
     ["sciences de la vie", "--partner", "MassBio", "--partner", "Life Sciences Ontario"]),
    ("/api/search?region=Quebec&lang=en&sort=date", ["", "--region", "Quebec", "--lang", "en", "--sort", "date"]),
    ("/api/search?from=2023&to=2024-06&year=2023", ["", "--from", "2023", "--to", "2024-06", "--year", "2023"]),
    ("/api/search?q=bioquebc", ["bioquebc"]),
])
def test_api_search_is_the_cli_json(client, runner, seed_index_dir, url, args):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    printed = runner.invoke(cli, ["search", *args, "--json", "--index", str(seed_index_dir)])
    assert printed.exit_code == 0, printed.output
    assert response.get_json() == json.loads(printed.output)


def test_api_search_pages_and_facets(client):
    data = client.get("/api/search?page=2", headers={"Accept-Language": "fr"}).get_json()
    assert data["page"] == 2 and data["total"] == 4 and data["hits"] == []
    assert {"partner", "region", "year", "lang"} <= set(data["facets"])


@pytest.mark.parametrize("url, status, parameter", [
    ("/api/search?page=-1", 400, "page"),
    ("/api/search?year=abc", 400, "year"),
    ("/api/search?from=2024-02-31", 400, "from"),
    ("/api/search?q=" + "x" * 10_000, 400, "q"),
    ("/api/release/nope", 404, None),
    ("/api/release/a.b", 404, None),
    ("/api/nothing-here", 404, None),
])
def test_api_errors_are_json(client, url, status, parameter):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == status and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"status", "message"} and body["status"] == status and body["message"]
    if parameter:
        assert f"“{parameter}”" in body["message"]


def test_api_refuses_writes(client):
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["status"] == 405


def test_api_missing_index_is_503_json(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503 and response.get_json()["status"] == 503


# ---------------------------------------------------------------- /api/release

def test_api_release(client):
    data = client.get(f"/api/release/{SEED_IDS['001']}").get_json()
    assert data["id"] == SEED_IDS["001"] and data["lang"] == "fr" and data["date"] == "2023-06"
    assert "MassBio" in data["partners"] and "Quebec" in data["regions"]
    assert data["dateline_city"] == "BOSTON"
    assert len(data["body"]) >= 4 and all(isinstance(p, str) for p in data["body"])
    assert data["translation"]["id"] == SEED_IDS["003"] and data["translation"]["lang"] == "en"
    assert "anchors" not in data and "checksum" not in data


# ---------------------------------------------------------------- /feed.atom

def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_feed_is_valid_atom_newest_first(client):
    feed = parse_feed(client, "/feed.atom")
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/release/")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)


@pytest.mark.parametrize("url, expected", [
    ("/feed.atom?partner=MassBio", {SEED_IDS["001"], SEED_IDS["003"]}),
    ("/feed.atom?region=Ontario", {SEED_IDS["002"]}),
])
def test_feed_of_a_filtered_search(client, url, expected):
    entries = parse_feed(client, url).findall(f"{ATOM}entry")
    ids = {e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in entries}
    assert ids and ids <= expected


def test_feed_bad_parameter_is_400(client):
    assert client.get("/feed.atom?year=abc").status_code == 400
