"""Release types: read from the release's wording, a facet, a filter in the web, the API and the CLI."""
from __future__ import annotations

import json

import pytest
from archive import KIND_OF, build_archive, release_id

from searchapp import create_app
from searchapp.cli.commands import main
from searchapp.extract.types import RELEASE_TYPES, canonical_type, release_type


@pytest.mark.parametrize("headline, body, expected", [
    ("MEDIA ADVISORY", ["Minister to make an announcement in Laval"], "media-advisory"),
    ("Media Advisory - Minister to announce funding", [], "media-advisory"),
    ("AVIS AUX MÉDIAS - La ministre annoncera un investissement", [], "media-advisory"),
    ("Advisory Board names a new chair", [], "news-release"),
    ("Statement by the Minister of Health on World Health Day", [], "statement"),
    ("Minister issues statement on the floods", [], "statement"),
    ("Déclaration de la ministre Untel sur la recherche", [], "statement"),
    ("Déclaration du premier ministre", [], "statement"),
    ("Déclaration de revenus : les nouvelles règles", [], "news-release"),
    ("Partnership renewed", ["Déclaration conjointe", "Les deux associations ..."], "statement"),
    ("Notes d'allocution de la ministre", [], "speech"),
    ("Discours du Trône", [], "speech"),
    ("Ten years of research", ["Check against delivery", "Thank you."], "speech"),
    ("Ten years of research", ["Seul le texte prononcé fait foi", "Merci."], "speech"),
    ("Backgrounder", ["Funding details"], "backgrounder"),
    ("Document d'information - Le financement", [], "backgrounder"),
    ("Invitation aux médias - Annonce importante", [], "invitation"),
    ("Media invitation: the launch of a centre", [], "invitation"),
    ("Communiqué de presse - Mardi 28 mars 2017", ["Deux villes annoncent un accord."], "news-release"),
    (None, ["MONTRÉAL, le 3 juin 2024 /CNW/ - L'association annonce un partenariat."], "news-release"),
    ("Company posts strong results", ["The statement of income shows growth."], "news-release"),
])
def test_release_type_from_the_wording(headline, body, expected):
    assert release_type(headline, body) == expected


@pytest.mark.parametrize("typed, expected", [
    ("media-advisory", "media-advisory"), ("Avis aux médias", "media-advisory"), ("déclaration", "statement"),
    ("Statement", "statement"), ("discours", "speech"), ("document d'information", "backgrounder"),
    ("communiqué", "news-release"), ("News releases", "news-release"), ("invitation", "invitation"),
    ("recipe", None),
])
def test_typed_type_names(typed, expected):
    assert canonical_type(typed) == expected
    assert expected is None or expected in RELEASE_TYPES


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("types"))


@pytest.fixture(scope="module")
def client(archive):
    return create_app({"TESTING": True, "INDEX_DIR": str(archive[1])}).test_client()


def test_each_written_release_has_its_type_in_the_json(client, archive):
    hits = client.get("/api/search?per_page=50").get_json()["hits"]
    found = {h["source"].rsplit("/", 1)[-1][:-4]: h["type"] for h in hits}
    assert {stem: found[stem] for stem in KIND_OF} == KIND_OF
    facet = {v["value"]: v["count"] for v in client.get("/api/search").get_json()["facets"]["type"]}
    assert facet == {"news-release": 5, "media-advisory": 1, "statement": 1, "speech": 1, "backgrounder": 1,
                     "invitation": 1}     # the seeds' two translation pairs count once each


@pytest.mark.parametrize("url, stems", [
    ("/api/search?type=media-advisory", {"advisory-en"}),
    ("/api/search?type=Avis+aux+m%C3%A9dias", {"advisory-en"}),
    ("/api/search?type=statement&type=speech", {"statement-fr", "speech-en"}),
    ("/api/search?q=type:discours", {"speech-en"}),
    ("/api/search?type=backgrounder&lang=fr", set()),
])
def test_type_filter(client, url, stems):
    hits = client.get(url).get_json()["hits"]
    assert {h["source"].rsplit("/", 1)[-1][:-4] for h in hits} == stems


def test_type_facet_labels_in_both_interface_languages(client):
    french = client.get("/search", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get("/search", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Type de communiqué" in french and "Avis aux médias" in french and "Déclaration" in french
    assert "Type of release" in english and "Media advisory" in english and "Backgrounder" in english
    assert 'name="type" value="media-advisory"' in english      # the facet filters by the canonical value


def test_type_chip_and_release_page_label(client, archive):
    html = client.get("/search?type=statement", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Déclaration" in html
    page = client.get(f"/release/{release_id(archive[1], 'statement-fr')}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<p class="release__kind">Statement</p>' in page


def test_cli_type_option(runner, archive):
    result = runner.invoke(main, ["search", "", "--type", "avis aux médias", "--json", "--index", str(archive[1])])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    assert [h["type"] for h in hits] == ["media-advisory"]
    refused = runner.invoke(main, ["search", "", "--type", "recipe", "--index", str(archive[1])])
    assert refused.exit_code == 2 and "not a release type" in refused.output


def test_the_type_facet_has_its_own_page(client):
    html = client.get("/facets/type?contains=avis", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'value="media-advisory"' in html and "Avis aux médias" in html
    assert 'value="speech"' not in html                         # filtered by the typed text, in French
