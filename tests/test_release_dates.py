"""Dates the way releases write them: numeric forms, and datelines without their year."""
from pathlib import Path

import pytest

from searchapp.extract.dates import find_dates, find_partial_dates, release_date
from searchapp.ingest.documents import load_release


def date_of(tmp_path: Path, text: str) -> str | None:
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return release_date(load_release(path))


@pytest.mark.parametrize("text, iso", [
    ("Strasbourg, 03.06.2024 —", ["2024-06-03"]),
    ("publié le 2024-06-03.", ["2024-06-03"]),
    ("le 31.02.2024 n'existe pas", []),          # no such day, and no year alone inside it
    ("version 2.13.2024", []),
])
def test_numeric_dates(text, iso):
    assert [d.iso for d in find_dates(text) if len(d.iso) > 4] == iso


def test_partial_dates_are_only_those_without_a_year():
    assert [(m, d) for m, d, _, _ in find_partial_dates("MONTRÉAL, le 7 décembre /CNW/ -")] == [(12, 7)]
    assert [(m, d) for m, d, _, _ in find_partial_dates("KINGSEY FALLS, QC, Feb. 26 /CNW Telbec/ -")] == [(2, 26)]
    assert find_partial_dates("MONTRÉAL, le 7 décembre 2022 /CNW/ -") == []


def test_a_yearless_dateline_takes_the_year_nearest_the_text_dates(tmp_path):
    text = ("Acme posts strong annual results\n\nwww.acme.example\n\n"
            "MONTREAL, QC, Feb. 26 /CNW/ - Acme Inc. reports its results for the year ended December 31, 2009.\n\n"
            "Its notes are due 2016, 2017 and 2020.\n")
    assert date_of(tmp_path, text) == "2010-02-26"


def test_a_yearless_dateline_takes_the_header_year(tmp_path):
    text = " date 2014-12\nAcme news\n\nMONTRÉAL, le 7 décembre /CNW/ - Acme Biotech annonce une entente.\n"
    assert date_of(tmp_path, text) == "2014-12-07"


def test_a_closing_timestamp_gives_the_year_of_a_yearless_dateline(tmp_path):
    text = ("Acme news\n\nLAVAL, le 3 juin /CNW/ - Acme Biotech annonce une entente.\n\n"
            "Source : Acme\n\n3 juin 2024 à 18:05\n")
    assert date_of(tmp_path, text) == "2024-06-03"


def test_without_any_year_no_day_is_invented(tmp_path):
    text = "Acme news\n\nLAVAL, le 3 juin /CNW/ - Acme Biotech annonce une entente.\n"
    assert date_of(tmp_path, text) is None


def test_a_day_and_month_in_running_text_is_not_a_dateline(tmp_path):
    text = " date 2024-06\nAcme news\n\nOn June 3 the team met; the agreement was signed later.\n"
    assert date_of(tmp_path, text) == "2024-06"


@pytest.mark.parametrize("text, iso", [
    # A page's date line read as the headline: weekday and "communiqué de presse" besides.
    ("Communiqué de presse - Mardi 28 mars 2017\n\nAcme Biotech signe un accord avec Beta Labs.\n", "2017-03-28"),
    ("News release, Tuesday March 28, 2017\n\nAcme Biotech signs an agreement with Beta Labs.\n", "2017-03-28"),
    # An ISO stamp with its time.
    ("Acme news\n\nAcme Biotech signs an agreement with Beta Labs.\n\nPublished: 2024-03-03T10:00:00Z\n",
     "2024-03-03"),
    # A month and year where a dateline's date stands: the month is kept.
    ("Acme news\n\nJune 2024 - Acme Biotech signs an agreement with Beta Labs.\n", "2024-06"),
    ("Acme news\n\nParis, juin 2024 — Acme Biotech signe un accord avec Beta Labs.\n", "2024-06"),
])
def test_date_lines_stamps_and_month_datelines(tmp_path, text, iso):
    assert date_of(tmp_path, text) == iso


def test_a_headline_about_a_period_is_not_a_date_line(tmp_path):
    # The quarter's end is what the headline is about, not when the release came out.
    text = ("Acme Biotech reports results for the quarter ended March 31, 2024\n\n"
            "Acme Biotech reported revenue up 12 % in its first quarter of 2024.\n")
    assert date_of(tmp_path, text) == "2024"


@pytest.mark.parametrize("text, iso", [
    # A year-less dateline takes the year of a closing line that is a year.
    ("Acme news\n\nBordeaux, le 7 décembre – Acme Biotech signe un accord avec Beta Labs.\n\n"
     "Acme Biotech – Communiqué de presse – 2018\n", "2018-12-07"),
    # The issuer's history is not the release's year; a copyright line is.
    ("Acme opens a store\n\nAcme Outfitters opens its store in Halifax.\n\nFounded in 1988, Acme runs 34 stores.\n\n"
     "© 2010 Acme Outfitters Inc. All rights reserved.\n", "2010"),
    ("Acme ouvre un magasin\n\nAcme ouvre un magasin à Lévis.\n\nFondée en 1975, Acme compte 12 magasins.\n\n"
     "© 2021 La Mutuelle Côte-du-Sud de l'Est du Québec. Tous droits réservés.\n", "2021"),
])
def test_years_from_closing_lines_not_from_history(tmp_path, text, iso):
    assert date_of(tmp_path, text) == iso


@pytest.mark.parametrize("text, iso", [
    # A closing date line after the About section.
    ("Acme appoints a CEO\n\nAcme Biotech appointed Jane Roe as CEO.\n\nAbout Acme\n\nAcme Biotech is a company.\n\n"
     "Toronto, January 2025\n", "2025-01"),
    # A date line after the page's label lines.
    ("Acme reçoit une aide\n\nDe : Agence du Nord\n\nCommuniqué de presse\n\nCommuniqué\n\n"
     "Le 3 mars 2023 — Moncton (Nouveau-Brunswick)\n\nL'Agence du Nord accorde 2 M$ à Acme Biotech.\n", "2023-03-03"),
    # A date the service runs until is not the release's, nor a year it may return in: no date.
    ("Acme Air flies to Lisbon\n\nAcme Air will fly to Lisbon.\n\nThe route runs until October 18, 2025, three "
     "times a week, and may return in 2026.\n", None),
    # A subtitle ending on a month is no dateline; a closing "City, date" line is the date.
    ("Joint program to welcome its first students\n\nA program to welcome its first students in September 2023"
     "\n\nThe two universities signed an agreement.\n\nMoncton (Nouveau-Brunswick), le 7 novembre 2022\n",
     "2022-11-07"),
    # A year in the future tense is not the release's year.
    ("Air Boréalis reliera Québec et Paris dès juin 2025\n\nQUÉBEC – Air Boréalis lance une liaison.\n", None),
    # A year planned is not the release's year.
    ("Solar array for the town\n\nThe town will host a solar array. Construction is planned for the summer of "
     "2024.\n", None),
    # A copyright year comes before the body's years (a target year is not the release's).
    ("Acme wins a contract\n\nAcme Engineering will build a plant to open in 2027.\n\n"
     "© 2022 Acme Engineering Inc. All rights reserved.\n", "2022"),
])
def test_closing_lines_label_lines_and_targets(tmp_path, text, iso):
    assert date_of(tmp_path, text) == iso


def test_a_dated_label_under_the_headline_dates_the_release(tmp_path):
    text = ("Festival des Quais – Arles\n\nCommuniqué de presse – avril 2024\n\nLe festival dévoile sa 14e édition\n\n"
            "Du 10 au 14 juillet 2024, Arles vibrera au rythme du festival.\n")
    assert date_of(tmp_path, text) == "2024-04"


def test_a_date_line_between_headline_and_dateline(tmp_path):
    text = ("La province signe une entente\n\n14 novembre 2022\n\nFREDERICTON (GNB) – La province a signé une "
            "entente le 10 novembre.\n")
    assert date_of(tmp_path, text) == "2022-11-14"
