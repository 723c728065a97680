"""A translation pair's two versions: found across languages' names, and carrying one set of facets."""
from __future__ import annotations

import pytest

from searchapp.index.pairfacets import linked, merged_partners, partners_agree, restored, same_organisation
from searchapp.index.opening import open_live
from searchapp.index.reindex import reindex

from conftest import write_release


@pytest.mark.parametrize("a, b, same", [
    ("Canadian National Railway", "Canadien National", True),
    ("Montreal Port Authority", "Administration portuaire de Montréal", True),
    ("Montreal Port Authority", "Montréal", True),
    ("Université de Sherbrooke", "University of Sherbrooke", True),
    ("University of Windsor", "University of Regina", False),
    ("Life Sciences Ontario", "Ontario Centres of Excellence", False),
    ("BioFlorida", "MassBio", False),
])
def test_same_organisation_across_languages(a, b, same):
    assert same_organisation(a, b) is same


def test_partner_lists_agree_when_one_is_empty_or_a_name_matches():
    assert partners_agree([], ["Acme Labs"])
    assert partners_agree(["Acme Labs", "Beta Inc."], ["Laboratoires Acme"])
    assert not partners_agree(["BioFlorida"], ["MassBio"])


def test_merged_partners_keep_one_name_per_organisation():
    assert merged_partners(["Montreal Port Authority", "Canadian National Railway"],
                           ["Administration portuaire de Montréal", "Canadien National"]) == \
        ["Montreal Port Authority", "Canadian National Railway"]
    # Two universities of one kind stay two partners.
    assert merged_partners(["University of Windsor"], ["University of Regina"]) == \
        ["University of Windsor", "University of Regina"]


def test_linked_versions_share_facets_and_get_their_own_back():
    english = {"id": "en", "lang": "en", "partners": ["Canadian National Railway"], "regions": ["Quebec"],
               "date": "2022-04-06"}
    french = {"id": "fr", "lang": "fr", "partners": ["Canadien National", "Ville de Laval"],
              "regions": ["Quebec", "Ontario"], "date": "2022-04"}
    en, fr = linked(english, french), linked(french, english)
    assert en["partners"] == fr["partners"] == ["Canadian National Railway", "Ville de Laval"]
    assert en["regions"] == fr["regions"] == ["Quebec"]       # what both versions find
    assert (en["date"], fr["date"]) == ("2022-04-06", "2022-04-06")
    assert restored(fr) == french and restored(en) == english
    # Linking again reads each version's own facets, not the shared ones.
    assert linked(fr, en) == fr


def test_versions_that_share_no_region_keep_every_region():
    english = {"id": "en", "lang": "en", "partners": [], "regions": ["Quebec"], "date": "2022-04-06"}
    french = {"id": "fr", "lang": "fr", "partners": [], "regions": ["Ontario"], "date": "2022-04-06"}
    assert linked(english, french)["regions"] == linked(french, english)["regions"] == ["Quebec", "Ontario"]


FRENCH = """ date 2022-04-06
L'Administration portuaire de Montréal et le Canadien National concluent une entente

MONTRÉAL, le 6 avril 2022 /CNW/ - L'Administration portuaire de Montréal (APM) et le Canadien National (CN) \
concluent une entente pour le terminal de Contrecœur, un projet de 950 millions de dollars, avec 1 150 emplois \
et 2 800 conteneurs par semaine à Contrecœur.

« Cette entente avec Martine Imbleau et son équipe est une étape pour Contrecœur », a dit Jean Tremblay.
"""
ENGLISH = """ date 2022-04-06
The Montreal Port Authority and Canadian National Railway reach an agreement

MONTREAL, April 6, 2022 /CNW/ - The Montreal Port Authority (MPA) and Canadian National Railway (CN) reach an \
agreement for the Contrecœur terminal, a $950 million project with 1,150 jobs and 2,800 containers a week \
at Contrecœur.

"This agreement with Martine Imbleau and her team is a milestone for Contrecœur," said Jean Tremblay.
"""


@pytest.mark.parametrize("processes", [1, 2])
def test_a_pair_named_differently_in_each_language_is_found_and_agrees(tmp_path, processes):
    source = tmp_path / "releases"
    write_release(source, "port-fr.txt", FRENCH)
    write_release(source, "port-en.txt", ENGLISH)
    for number in range(40 if processes > 1 else 0):       # enough files for the workers' first build
        write_release(source, f"other-{number}.txt", f"Note {number}\n\nUne note interne numéro {number}.\n")
    reindex([source], tmp_path / "index", processes=processes)
    with open_live(tmp_path / "index").searcher() as searcher:
        records = {s["record"]["id"]: s["record"] for s in searcher.all_stored_fields()}
    fr, en = records["port-fr"], records["port-en"]
    assert fr["translation"] == "port-en" and en["translation"] == "port-fr"
    assert fr["partners"] == en["partners"] and fr["regions"] == en["regions"]

    (source / "port-en.txt").unlink()
    reindex([source], tmp_path / "index", processes=1)
    with open_live(tmp_path / "index").searcher() as searcher:
        alone = searcher.document(id="port-fr")["record"]
    assert alone.get("translation") is None and "extracted" not in alone
