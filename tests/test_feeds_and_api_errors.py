"""Feeds and the API: relative source paths, messages in the asker's language, feed titles naming
their filters, plain-text 400s for feed readers."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from archive import build_archive, release_id

from searchapp import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("feeds"))


@pytest.fixture(scope="module")
def app(archive):
    return create_app({"TESTING": True, "INDEX_DIR": str(archive[1])})


@pytest.fixture
def client(app):
    return app.test_client()


def test_source_is_the_path_under_its_source_folder(client, archive):
    source = archive[0]
    hits = client.get("/api/search?q=Laval").get_json()["hits"]
    assert hits and all(not h["source"].startswith("/") and str(source) not in h["source"] for h in hits)
    assert "kinds/2024/advisory-en.txt" in {h["source"] for h in hits}
    data = client.get(f"/api/release/{release_id(archive[1], 'advisory-en')}").get_json()
    assert data["source"] == "kinds/2024/advisory-en.txt" and data["type"] == "media-advisory"
    pair = client.get("/api/search?partner=MassBio").get_json()["hits"][0]
    assert pair["source"].startswith("seeds/") and pair["translation"]["source"].startswith("seeds/")
    page = client.get(f"/release/{release_id(archive[1], 'advisory-en')}").get_data(as_text=True)
    assert "<code>kinds/2024/advisory-en.txt</code>" in page and str(source) not in page


def test_an_index_without_its_folders_shows_file_names(tmp_path):
    from conftest import SEEDS, SEED_IDS
    from searchapp.index import storage
    from searchapp.index.reindex import reindex

    reindex([SEEDS], tmp_path)
    generation = storage.current_generation(tmp_path)
    meta = storage.read_meta(generation)
    del meta["sources"]                    # an index built before the folders were saved
    storage.write_meta(generation, meta)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    data = client.get(f"/api/release/{SEED_IDS['001']}").get_json()
    assert data["source"] == f"{SEED_IDS['001']}.txt"


@pytest.mark.parametrize("accept, expected", [
    (None, "Parameter “year”: A year is written with four digits, like 2024."),
    ("en-GB", "Parameter “year”: A year is written with four digits, like 2024."),
    ("fr-CA,fr;q=0.9", "Paramètre «\u202fyear\u202f»\u202f: Une année s’écrit avec quatre chiffres, comme 2024."),
    ("de", "Parameter “year”: A year is written with four digits, like 2024."),
])
def test_api_errors_follow_accept_language_default_english(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/api/search?year=20x4", headers=headers)
    assert response.status_code == 400 and response.get_json() == {"status": 400, "message": expected}
    assert client.get("/api/release/nope", headers=headers).get_json()["message"] in (
        "This page does not exist.", "Cette page n’existe pas.")


def test_api_404_is_english_by_default_even_where_the_site_is_french(client):
    assert client.get("/api/release/nope").get_json()["message"] == "This page does not exist."


def feed_title(client, url, lang="en"):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return ET.fromstring(response.data).find(f"{ATOM}title").text


@pytest.mark.parametrize("url, lang, expected", [
    ("/feed.atom", "en", "Press releases"),
    ("/feed.atom?partner=massbio", "en", "Press releases — partner: MassBio"),
    ("/feed.atom?q=laboratories&region=Ontario&year=2024", "en",
     "Press releases — “laboratories”, region: Ontario, year: 2024"),
    ("/feed.atom?type=avis+aux+m%C3%A9dias&from=2024-01", "en",
     "Press releases — type of release: Media advisory, from January 2024"),
    ("/feed.atom?partner=MassBio&speaker=Pierre+Fitzgibbon", "fr",
     "Communiqués de presse — partenaire\u202f: MassBio, intervenant\u202f: Pierre Fitzgibbon"),
])
def test_feed_titles_name_the_query_and_filters(client, url, lang, expected):
    assert feed_title(client, url, lang) == expected


@pytest.mark.parametrize("url", ["/feed.atom?year=20x4", "/feed.atom?from=2024-02-31", "/feed.atom?page=0",
                                 "/feed.atom?q=" + "x" * 2000])
def test_a_bad_feed_parameter_is_a_plain_text_400(client, url):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 400 and response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert body.startswith("Parameter “") and "<" not in body
