"""Reading release files: header, headline, dateline, sections, title, bad files."""
from __future__ import annotations

import pytest

from searchapp.ingest.documents import InvalidRelease, load_release, parse_partial_date, split_dateline
from searchapp.text.repair import repair_typography

from conftest import SEEDS, write_release


@pytest.mark.parametrize("text, expected", [
    ("2024-06", "2024-06"), ("2021-03-23", "2021-03-23"), ("2023", "2023"), ("2024-6", "2024-06"),
    ("2024-13", None), ("2024-02-30", None), ("2023-02-29", None), ("2024-02-29", "2024-02-29"),
    ("june", None), ("", None),
])
def test_partial_dates(text, expected):
    assert parse_partial_date(text) == expected


def test_seed_000_headline_and_header():
    release = load_release(SEEDS / "000_dd3ca03c2384138d.txt")
    assert release.header == {"date": "2024-06"}
    assert release.headline.startswith("BIOQuébec et Maryland Tech Council forgent")
    assert release.title == release.headline
    assert release.body[0].startswith("BIOQuébec et le Maryland Tech Council (MTC)")
    assert release.about[0] == "À propos de BIOQuébec"
    assert "3 juin 2024 à 18:05" in release.trailer
    assert not any("Communiqué envoyé" in p for p in release.paragraphs)


@pytest.mark.parametrize("name, city, wire", [
    ("001_bc161d955e9b8c22.txt", "BOSTON", "Business Wire"),
    ("002_158fcca2e1f278d7.txt", "LAVAL, Québec & TORONTO", "Business Wire"),
    ("003_0a78dc47438a4cd9.txt", "BOSTON", "Business Wire"),
    ("004_37599697ebfbc5fc.txt", "BROMONT, Québec", "Business Wire"),
])
def test_seed_datelines_are_metadata_not_title(name, city, wire):
    release = load_release(SEEDS / name)
    assert release.dateline.city == city
    assert release.dateline.wire == wire
    assert "BUSINESS WIRE" not in release.title
    assert not release.body[0].startswith(city)


def test_seed_003_has_no_header_and_title_is_first_sentence():
    release = load_release(SEEDS / "003_0a78dc47438a4cd9.txt")
    assert release.header == {}
    assert release.title.startswith("At the 2023 BIO International Convention BIOQuébec and MassBio")
    assert len(release.title) <= 141


@pytest.mark.parametrize("line, city, wire", [
    ("MONTRÉAL, le 3 juin 2024 /CNW/ - BIOQuébec annonce", "MONTRÉAL", "CNW"),
    ("TORONTO, March 3, 2024 /CNW/ - Life Sciences Ontario", "TORONTO", "CNW"),
    ("QUÉBEC, le 13 avril 2022 /CNW Telbec/ - Le gouvernement", "QUÉBEC", "CNW Telbec"),
    ("MONTRÉAL, 26 nov. 2021 (GLOBE NEWSWIRE) -- Une société", "MONTRÉAL", "Globe Newswire"),
    ("Montréal, le 15 juin 2023 — Génome Québec annonce", "Montréal", None),
    ("LAVAL, Québec & WEST PALM BEACH, Fla.–(BUSINESS WIRE)–BIOQuébec and", "LAVAL, Québec & WEST PALM BEACH, Fla.", "Business Wire"),
    ("Bruxelles, 28.11.2023 – La Région annonce", "Bruxelles", None),
    ("Genève, 2024-03-12 — La Fondation annonce", "Genève", None),
    ("TORONTO, ON (March 3, 2024) – Acme Biotech announced", "TORONTO, ON", None),
    ("Edmonton, AB – 3 March, 2024 – Acme Biotech announced", "Edmonton, AB", None),
    ("FREDERICTON (GNB) – Le gouvernement provincial", "FREDERICTON", "GNB"),
])
def test_other_datelines(line, city, wire):
    dateline, rest = split_dateline(line)
    assert dateline.city == city
    assert dateline.wire == wire
    assert rest and not rest.startswith(("/", "-", "—", "("))


@pytest.mark.parametrize("line", [
    "The company announced a new drug today.",
    "Acme Inc. (TSX: ACM) - Acme announced a new drug.",
    "Acme – 3 March 2024 was a good day – for the team.",
])
def test_plain_first_sentence_has_no_dateline(line):
    assert split_dateline(line)[0] is None


def test_guillemet_damage_is_repaired_but_real_question_marks_stay():
    assert repair_typography("a déclaré : «?Nous sommes ravis.?»") == "a déclaré : « Nous sommes ravis. »"
    assert repair_typography("« Pourquoi pas ??»") == "« Pourquoi pas ? »"
    assert repair_typography("Vraiment? Oui.") == "Vraiment? Oui."


def test_lang_header_and_date_header_together(tmp_path):
    path = write_release(tmp_path, "r.txt", " date 2024-05-02 lang fr Titre du communiqué\n\nLe texte du communiqué.\n")
    release = load_release(path)
    assert release.header == {"date": "2024-05-02", "lang": "fr"}
    assert release.headline == "Titre du communiqué"


def test_crlf_and_bom(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("\ufeffTitle line\r\n\r\nFirst paragraph of the body.\r\nSecond line.\r\n".encode("utf-8"))
    release = load_release(path)
    assert release.headline == "Title line"
    assert release.encoding == "utf-8-sig"
    assert all("\r" not in p for p in release.paragraphs)


def test_cp1252_french_is_decoded_and_said(tmp_path):
    path = write_release(tmp_path, "r.txt", "Le Québec signe une entente très importante avec l’Ontario.\n\n"
                         "Les détails suivront à la prochaine étape.\n", encoding="cp1252")
    release = load_release(path)
    assert release.encoding in ("cp1252", "windows-1252", "latin_1", "iso8859_15")
    assert "Québec" in release.body[0]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\n  ", "empty file"),
    (b"abc\x00def\x00", "NUL bytes"),
    (b" date 2024-13 Titre\n\nTexte.", "impossible date in header: 2024-13"),
    (b" date 2024-02-30 Titre\n\nTexte.", "impossible date in header: 2024-02-30"),
    (b" date 2024-06\n", "no text after the header"),
])
def test_bad_files_name_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InvalidRelease) as caught:
        load_release(path)
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_vanished_file(tmp_path):
    with pytest.raises(InvalidRelease, match="disappeared"):
        load_release(tmp_path / "gone.txt")


def test_about_heading_made_of_a_bare_organisation_name():
    release = load_release(SEEDS / "001_bc161d955e9b8c22.txt")
    assert release.about[0] == "MassBio"
    assert all(not p.startswith("MassBio est un organisme") for p in release.body)


@pytest.mark.parametrize("label", ["Communiqué de presse", "News release", "FOR IMMEDIATE RELEASE"])
def test_a_page_label_before_the_headline_is_not_the_headline(tmp_path, label):
    path = write_release(tmp_path, "r.txt", f"{label}\n\nCity and port sign an agreement\n\nHALIFAX – The city and "
                                            "the port signed an agreement today.\n")
    release = load_release(path)
    assert release.headline == "City and port sign an agreement"
    assert label in release.trailer           # kept, not lost


def test_a_menu_is_not_an_about_section_and_a_breadcrumb_is_not_a_headline(tmp_path):
    path = write_release(tmp_path, "r.txt", "Aller au contenu principal\n\nAcme Group\n\nAbout | Programs | Members | "
                                            "News\n\nAccueil › Salle de presse › Communiqués\n\nAcme et Beta signent\n\n"
                                            "QUÉBEC – Acme et Beta signent une entente.\n\nÀ propos d'Acme\n\nAcme est "
                                            "une entreprise.\n")
    release = load_release(path)
    assert release.headline == "Acme et Beta signent"
    assert any("signent une entente" in p for p in release.body)
    assert release.about[0] == "À propos d'Acme"
    assert "Acme Group" in release.trailer          # the site's name between labels: kept, not the headline


def test_a_site_name_over_its_menu_is_not_the_headline(tmp_path):
    path = write_release(tmp_path, "r.txt", "Synaptia Thérapeutiques\n\nAccueil | Science | Pipeline | Nouvelles\n\n"
                                            "Synaptia conclut une collaboration avec Kanewa\n\nMONTRÉAL – Synaptia et "
                                            "Kanewa signent.\n")
    release = load_release(path)
    assert release.headline == "Synaptia conclut une collaboration avec Kanewa"
    assert release.trailer[:2] == ("Synaptia Thérapeutiques", "Accueil | Science | Pipeline | Nouvelles")


def test_a_wire_box_is_neither_headline_nor_lead(tmp_path):
    path = write_release(tmp_path, "r.txt", "Acme Lithium and Beta Materials Form a Joint Venture\n\nNEWS PROVIDED BY\n\n"
                                            "Acme Lithium Inc.\n\nMay 14, 2024, 07:00 ET\n\nShare this article\n\n"
                                            "BÉCANCOUR, QC, May 14, 2024 /CNW/ - Acme Lithium Inc. and Beta Materials "
                                            "signed an agreement.\n")
    release = load_release(path)
    assert release.headline == "Acme Lithium and Beta Materials Form a Joint Venture"
    assert release.dateline is not None and release.dateline.wire == "CNW"
    assert release.body[:2] == ("May 14, 2024, 07:00 ET", release.body[1])     # the date stays where dates are read
    assert release.body[1].startswith("Acme Lithium Inc. and Beta")
    assert release.trailer[:3] == ("NEWS PROVIDED BY", "Acme Lithium Inc.", "Share this article")


def test_a_box_before_the_headline_and_a_breadcrumb_run_into_it(tmp_path):
    boxed = write_release(tmp_path, "a.txt", "NEWS PROVIDED BY\n\nAcme Lithium Inc.\n\nMay 14, 2024, 07:00 ET\n\n"
                                             "Acme Lithium and Beta Sign\n\nMONTREAL – Acme and Beta signed.\n")
    assert load_release(boxed).headline == "Acme Lithium and Beta Sign"
    crumbs = write_release(tmp_path, "b.txt", "Home / Newsroom / Acme welcomes $2 million for its research\n\n"
                                              "WATERLOO – Acme received $2 million.\n")
    release = load_release(crumbs)
    assert release.headline == "Acme welcomes $2 million for its research"
    assert release.trailer[0] == "Home / Newsroom /"


def test_the_issuers_banner_over_its_headline_and_a_date_under_it(tmp_path):
    path = write_release(tmp_path, "r.txt", "Agence de développement du Nord\n\nLe gouvernement appuie trois entreprises "
                                            "de la région\n\n14 novembre 2022\n\nFREDERICTON (GNB) – L'Agence de "
                                            "développement du Nord annonce un appui.\n")
    release = load_release(path)
    assert release.headline == "Le gouvernement appuie trois entreprises de la région"
    assert release.dateline is not None and release.dateline.wire == "GNB"
    assert release.trailer[0] == "Agence de développement du Nord"
    assert release.body[0] == "14 novembre 2022" and release.body[1].startswith("L'Agence de développement")


def test_a_headline_followed_by_from_is_no_site_name(tmp_path):
    path = write_release(tmp_path, "r.txt", "Canada.ca\n\nHome > Northern Agency > News\n\nNews release\n\nFederal "
                                            "investment supports three businesses\n\nFrom: Northern Agency\n\nJune 20, "
                                            "2022 – Charlottetown, Prince Edward Island\n\nThe Government of Canada "
                                            "invests.\n")
    assert load_release(path).headline == "Federal investment supports three businesses"
