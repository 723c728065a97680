"""The results page at archive scale, through Flask's test client on real indexes: every facet
value reachable (the facet pages), forgiving date fields, oldest-first, local numbers, the
interface language's version of a pair first."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_IDS, write_release
from test_web import Page, get

from searchapp import create_app
from searchapp.index.reindex import reindex
from searchapp.text.folding import fold
from searchapp.web.formdates import NoSuchDate, NotADate, read_date
from searchapp.web.i18n import format_number
from searchapp.web.searchview import FACET_SHOWN

REPO = Path(__file__).resolve().parent.parent
RELEASES = 12


@pytest.fixture(scope="module")
def seeds(seed_index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir)}).test_client()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Twelve releases, one a year, each an agreement between two organisations of the data
    file: thirteen partners, more than the sidebar shows."""
    folder = tmp_path_factory.mktemp("archive")
    names = [o["name"] for o in tomllib.loads((REPO / "searchapp/data/organisations.toml").read_text())["organisation"]]
    for i in range(RELEASES):
        a, b = names[i], names[i + 1]
        write_release(folder / "src", f"r{i:02d}.txt",
                      f"{a} et {b} signent une entente de partenariat\n\n"
                      f"MONTRÉAL, le {i + 1} mars {2014 + i} – {a} et {b} signent aujourd'hui une entente de "
                      "partenariat pour la recherche en sciences de la vie au Québec. L'entente durera trois ans "
                      "et réunira plusieurs équipes.\n")
    assert reindex([folder / "src"], folder / "index").added == RELEASES
    return create_app({"TESTING": True, "INDEX_DIR": str(folder / "index"), "PER_PAGE": 5}).test_client()


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<h3 class="hit__title"><a href="/release/([\w-]+)[?"]', html)


def hit_dates(html: str) -> list[str]:
    return re.findall(r'<h3 class="hit__title">.*?<time datetime="([\d-]+)"', html, flags=re.S)


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    """The hidden fields of the form posting to `action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, flags=re.S).group(1)
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)


# ---------------------------------------------------------------- every value reachable

def test_the_sidebar_keeps_the_most_frequent_partners_and_links_to_all(archive):
    page = Page(get(archive, "/search?q=partenariat&sort=date").get_data(as_text=True))
    boxes = page.facet_boxes("partner")
    assert len(boxes) == FACET_SHOWN
    counts = [box["count"] for box in boxes.values()]
    assert counts == sorted(counts, reverse=True)
    link = page.link("All partners")["attrs"]["href"]
    assert link.startswith("/facets/partner?") and query(link) == {"q": ["partenariat"], "sort": ["date"]}


def test_the_facet_page_lists_every_partner_each_leading_to_its_releases(archive):
    html = get(archive, "/facets/partner?q=partenariat").get_data(as_text=True)
    boxes = Page(html).facet_boxes(None)
    assert len(boxes) == RELEASES + 1
    assert form_fields(html, "/search") == [("q", "partenariat")]        # the Apply form keeps the search
    for label, box in boxes.items():
        found = get(archive, f"/search?q=partenariat&partner={box['value']}").get_data(as_text=True)
        assert Page(found).facet_boxes("partner")[label]["selected"]
        assert f"{box['count']} result" in found


def test_the_filter_box_ignores_accents_and_case(archive):
    every = Page(get(archive, "/facets/partner").get_data(as_text=True)).facet_boxes(None)
    accented = next(label for label in every if fold(label) != label.lower())     # a name with an accent
    word = next(w for w in accented.split() if fold(w) != w.lower())
    expected = {label for label in every if fold(word) in fold(label)}
    html = get(archive, f"/facets/partner?contains={fold(word).upper()}").get_data(as_text=True)
    assert set(Page(html).facet_boxes(None)) == expected and 0 < len(expected) < len(every)
    assert f"value{'s' if len(expected) > 1 else ''} contain" in html


def test_the_facet_page_sorts_by_count_or_a_to_z(archive):
    by_count = Page(get(archive, "/facets/partner").get_data(as_text=True)).facet_boxes(None)
    assert [b["count"] for b in by_count.values()] == sorted((b["count"] for b in by_count.values()), reverse=True)
    by_name = list(Page(get(archive, "/facets/partner?order=name").get_data(as_text=True)).facet_boxes(None))
    assert by_name == sorted(by_count, key=fold)


def test_the_facet_page_counts_disjunctively_and_keeps_selected_values_it_hides(archive):
    everything = Page(get(archive, "/facets/partner").get_data(as_text=True)).facet_boxes(None)
    chosen = next(iter(everything))
    html = get(archive, f"/facets/partner?partner={chosen}").get_data(as_text=True)
    assert Page(html).facet_boxes(None) == {label: box | {"selected": label == chosen}
                                            for label, box in everything.items()}
    in_2024 = Page(get(archive, "/facets/partner?year=2024").get_data(as_text=True)).facet_boxes(None)
    assert len(in_2024) == 2 and all(box["count"] == 1 for box in in_2024.values())
    hidden = form_fields(get(archive, f"/facets/partner?partner={chosen}&contains=zzzz").get_data(as_text=True),
                         "/search")
    assert ("partner", chosen) in hidden


@pytest.mark.parametrize("name", ["year", "month", "nope"])
def test_only_real_facets_have_a_page(archive, name):
    get(archive, f"/facets/{name}", status=404)


def test_region_and_speaker_pages(seeds):
    regions = Page(get(seeds, "/facets/region", lang="fr").get_data(as_text=True)).facet_boxes(None)
    assert regions["Québec"]["value"] == "Quebec"
    speakers = Page(get(seeds, "/facets/speaker?contains=benoit").get_data(as_text=True)).facet_boxes(None)
    assert [box["value"] for box in speakers.values()] == ["Benoît Larose"]


# ---------------------------------------------------------------- forgiving date fields

@pytest.mark.parametrize("typed, iso", [
    ("2024", "2024"), ("2024-6", "2024-06"), ("2024-06-03", "2024-06-03"),
    ("31/12/2023", "2023-12-31"), ("12/31/2023", "2023-12-31"), ("06/2024", "2024-06"),
    ("3 juin 2024", "2024-06-03"), ("1er juin 2024", "2024-06-01"), ("June 3, 2024", "2024-06-03"),
    ("3rd June 2024", "2024-06-03"), ("juin 2024", "2024-06"), ("Février 2024", "2024-02"), ("févr. 2024", "2024-02"),
])
def test_dates_as_people_write_them(seeds, typed, iso):
    assert read_date(typed) == iso
    for lang in ("fr", "en"):
        html = get(seeds, f"/search?from={typed}", lang=lang).get_data(as_text=True)
        assert hit_ids(html) == hit_ids(get(seeds, f"/search?from={iso}", lang=lang).get_data(as_text=True))
        assert f'value="{iso}"' in html


@pytest.mark.parametrize("typed, error", [("2024-02-30", NoSuchDate), ("31/04/2024", NoSuchDate),
                                          ("2024-13", NoSuchDate), ("3 brumaire 2024", NotADate), ("soon", NotADate)])
def test_what_is_not_a_date(typed, error):
    with pytest.raises(error):
        read_date(typed)


def test_a_day_that_does_not_exist_is_said_beside_the_field_in_the_interface_language(seeds):
    html = get(seeds, "/search?q=partenariat&from=2024-02-30", lang="fr").get_data(as_text=True)
    assert "Il n’y a pas de jour 30\u202f: février 2024 compte 29 jours." in html
    assert 'value="2024-02-30"' in html and 'aria-invalid="true"' in html      # the text kept to correct it
    assert hit_ids(html) == hit_ids(get(seeds, "/search?q=partenariat", lang="fr").get_data(as_text=True))


def test_a_reversed_range_is_swapped_and_said(seeds):
    html = get(seeds, "/search?from=2025&to=2023").get_data(as_text=True)
    assert "The end date came before the start date: the two were swapped." in html
    assert 'value="2023"' in html and 'value="2025"' in html
    assert set(hit_ids(html)) == set(hit_ids(get(seeds, "/search?from=2023&to=2025").get_data(as_text=True)))
    assert len(hit_ids(html)) == 3


# ---------------------------------------------------------------- results

def test_oldest_first_in_the_page_the_api_and_the_cli(archive, runner, tmp_path):
    html = get(archive, "/search?q=partenariat&sort=oldest").get_data(as_text=True)
    assert hit_dates(html) == [f"{2014 + i}-03-{i + 1:02d}" for i in range(5)]
    assert Page(html).link("Oldest first")["attrs"].get("aria-current") == "true"
    api = archive.get("/api/search?sort=oldest").get_json()
    assert [h["date"] for h in api["hits"]] == sorted(h["date"] for h in api["hits"])
    assert api["hits"][0]["date"] == "2014-03-01"


def test_oldest_first_from_the_command_line(seed_index_dir, runner):
    import json

    from searchapp.cli.commands import main

    result = runner.invoke(main, ["search", "", "--sort", "oldest", "--json", "--index", str(seed_index_dir)])
    dates = [hit["date"] for hit in json.loads(result.output)["hits"]]
    assert result.exit_code == 0 and dates == sorted(dates) and len(dates) == 4


@pytest.mark.parametrize("lang, expected", [("en", "6–10 of 12"), ("fr", "6 à 10 sur 12")])
def test_which_results_a_page_shows(archive, lang, expected):
    html = get(archive, "/search?page=2", lang=lang).get_data(as_text=True)
    assert f'<p class="results-range">{expected}</p>' in html
    assert '<p class="results-range">' not in get(archive, "/search?year=2024", lang=lang).get_data(as_text=True)


@pytest.mark.parametrize("number, lang, written", [(1801, "fr", "1\u202f801"), (1801, "en", "1,801"),
                                                   (12, "fr", "12")])
def test_numbers_are_written_the_local_way(number, lang, written):
    assert format_number(number, lang) == written


def test_french_punctuation_has_its_narrow_space():
    from babel.messages.pofile import read_po

    with (REPO / "searchapp/translations/fr/LC_MESSAGES/messages.po").open("rb") as po:
        french = read_po(po, locale="fr")
    texts = [t for m in french if m.id for t in ([m.string] if isinstance(m.string, str) else m.string)]
    assert not [t for t in texts if re.search(r"(\S|^)[:;?!](\s|$)", t) and not re.search(r"https?:", t)
                or re.search(r"«(?!\u202f)|(?<!\u202f)»", t)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_interface_language_leads_a_pair(seeds, lang):
    html = get(seeds, "/search?q=MassBio", lang=lang).get_data(as_text=True)
    hits = re.findall(r'<h3 class="hit__title"><a href="/release/([\w-]+)(?:\?[^"]*)?" lang="(\w+)">.*?'
                      r'<p class="hit__snippet" lang="(\w+)">(.*?)</p>.*?class="hit__translation".*?lang="(\w+)"',
                      html, flags=re.S)
    paired = [h for h in hits if {h[0], SEED_IDS["001"], SEED_IDS["003"]} == {SEED_IDS["001"], SEED_IDS["003"]}]
    assert len(paired) == 1
    release, release_lang, snippet_lang, snippet, other_lang = paired[0]
    assert release_lang == lang and other_lang != lang
    assert "<mark" in snippet                           # the words found stay highlighted, in their language
