"""Newsroom tools on the seeds: speakers, quote search, both-languages search, related releases."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_IDS, search_ids

from searchapp.search.citation import citation_line, role, shorten
from searchapp.cli.commands import main as cli
from searchapp.web.quotemarks import quote_segments
from searchapp.search.quotematch import parse_quote_query
from searchapp.search.quotes import highlight_quote, search_quotes
from searchapp.search.related import related_releases
from searchapp.search.service import SearchRequest

ID = {number: release_id for number, release_id in SEED_IDS.items()}
NUMBER = {release_id: number for number, release_id in SEED_IDS.items()}
CROSSING = [                      # query, release language it must reach only through the glossary, seeds
    ("memorandum of understanding", "fr", {"000", "002"}),
    ("sciences de la vie", "en", {"003", "004"}),
    ("partenariat", "en", {"003", "004"}),
]


def html_of(client, url: str, lang: str = "en") -> str:
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return response.get_data(as_text=True)


def quotes_of(index, query: str = "", **fields):
    return search_quotes(index, SearchRequest(query=query, per_page=100, **fields))


# ---------------------------------------------------------------- speakers

@pytest.mark.parametrize("number, speakers", [
    ("000", ["Benoît Larose", "Kelly Schulz", "Christopher Skeete", "Pierre Fitzgibbon", "Kevin Anderson"]),
    ("001", ["Benoît Larose", "Kendalle Burlin O'Connell", "Pierre Fitzgibbon"]),
    ("002", ["Jason Field", "Benoît Larose"]),
    ("003", ["Benoît Larose", "Kendalle Burlin O'Connell", "Pierre Fitzgibbon"]),
    ("004", ["Martine Hébert", "Anie Perrault", "Lisa Johnson"]),
])
def test_speakers_of_each_seed(seed_index, number, speakers):
    assert list(seed_index.hit_for(ID[number]).speakers) == speakers


def test_one_canonical_person_in_the_speaker_facet(seed_index):
    facet = seed_index.search(SearchRequest()).facets["speaker"]
    laroses = [v for v in facet if "larose" in v.value.lower()]
    assert [(v.value, v.count) for v in laroses] == [("Benoît Larose", 3)]   # 000, 001/003 as one entry, 002


@pytest.mark.parametrize("spelling, expected", [      # seeds found, translations included
    ("Benoît Larose", {"000", "001", "002", "003"}),
    ("benoit larose", {"000", "001", "002", "003"}),
    ("Kelly Schulz", {"000"}),
    ("Lisa Johnson", {"004"}),
    ("Lisa Johnson, CEO", set()),
])
def test_speaker_filter_any_spelling(seed_index, spelling, expected):
    assert search_ids(seed_index, "", speakers=(spelling,)) == expected


def test_cli_speaker_filter_and_speakers_in_the_json(runner, seed_index_dir):
    printed = runner.invoke(cli, ["search", "", "--speaker", "Benoit Larose", "--speaker", "Martine Hébert",
                                  "--json", "--index", str(seed_index_dir)])
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.output)
    assert data["total"] == 4
    assert all("speakers" in hit for hit in data["hits"])
    assert all({"Benoît Larose", "Martine Hébert"} & set(hit["speakers"]) for hit in data["hits"])


# ---------------------------------------------------------------- quote search

def test_quote_search_finds_the_quotes_with_the_query_word(seed_index):
    results = quotes_of(seed_index, "partenariat")
    assert {(NUMBER[q.release], q.speaker) for q in results.quotes} == {
        ("000", "Pierre Fitzgibbon"), ("000", "Kevin Anderson"),
        ("001", "Kendalle Burlin O'Connell"), ("001", "Pierre Fitzgibbon")}
    for quote in results.quotes:
        assert re.search(r"<mark[^>]*>partenariat</mark>", str(quote.html), re.IGNORECASE)
        assert quote.text in quote.citation


def test_quote_search_by_speaker_any_spelling(seed_index):
    results = quotes_of(seed_index, speakers=("benoit larose",))
    assert {q.speaker for q in results.quotes} == {"Benoît Larose"}
    assert {NUMBER[q.release] for q in results.quotes} in ({"000", "001", "002"}, {"000", "003", "002"})
    assert results.total == 3
    # the speaker list is counted without its own filter: other speakers stay offered
    assert {"Benoît Larose", "Kelly Schulz", "Lisa Johnson"} <= {v.value for v in results.speakers}
    assert [v.value for v in results.speakers if v.selected] == ["Benoît Larose"]


def test_quote_search_by_partner(seed_index):
    results = quotes_of(seed_index, partners=("MassBio",))
    assert {NUMBER[q.release] for q in results.quotes} <= {"001", "003"} and results.total == 4


def test_empty_query_lists_every_quote_newest_release_first(seed_index):
    results = quotes_of(seed_index)
    dates = [q.date[:7] for q in results.quotes]
    assert dates == sorted(dates, reverse=True)
    # 20 quotations in the seeds; the four of 001 and 003 are translations of each other: one entry each
    assert results.total == 16


def test_a_quote_and_its_translation_are_one_entry_linked_to_each_other(seed_index):
    massbio = [q for q in quotes_of(seed_index, partners=("MassBio",)).quotes]
    for quote in massbio:
        assert quote.translation is not None and quote.translation.number == quote.number
        assert {NUMBER[quote.release], NUMBER[quote.translation.release]} == {"001", "003"}


def test_quote_words_in_the_attribution_count_less_than_in_the_text(seed_index):
    results = quotes_of(seed_index, "BIOQuébec")
    said = [q for q in results.quotes if "BIOQuébec" in q.text]
    credited = [q for q in results.quotes if "BIOQuébec" not in q.text]
    assert said and credited and min(q.score for q in said) > max(q.score for q in credited)
    assert results.quotes.index(said[-1]) < results.quotes.index(credited[0])


def test_quote_search_both_languages_ranks_exact_matches_first(seed_index):
    one = quotes_of(seed_index, "partnership")
    both = quotes_of(seed_index, "partnership", xlang=True)
    assert all(q.lang == "en" for q in one.quotes)
    translated = [q for q in both.quotes if q.via_translation]
    assert {q.lang for q in translated} == {"fr"} and all(q.via_translation == ("partenariat",) for q in translated)
    flags = [bool(q.via_translation) for q in both.quotes]
    assert flags == sorted(flags)                    # every exact-language match first
    assert both.total > one.total


def test_citation_line_follows_the_quote_language(seed_index):
    results = quotes_of(seed_index, "maladie frontières")
    [quote] = results.quotes
    assert quote.citation.startswith("«\u00a0La maladie ignore les frontières.")
    assert "\u00a0», Kendalle Burlin O'Connell, PDG et Chef de la direction de MassBio (" in quote.citation
    assert quote.citation.endswith("…, juin 2023)")
    [english] = quotes_of(seed_index, "disease borders").quotes
    assert english.citation.startswith("“Disease knows no borders.")
    assert ",” Kendalle Burlin O'Connell, CEO and President of MassBio (" in english.citation


@pytest.mark.parametrize("title, organisation, written, expected", [
    ("PDG", "BIOQuébec", "Benoît Larose, PDG de BIOQuébec, a dit", "PDG de BIOQuébec"),
    ("PDG", "Maryland Tech Council", "Kelly Schulz, PDG du Maryland Tech Council", "PDG du Maryland Tech Council"),
    ("CEO", "BioForward", "nothing written", "CEO, BioForward"),
    ("ministre délégué à l'Économie, ministre responsable de la région de Laval", None, "", "ministre délégué à l'Économie"),
    ("ministre de l'Économie, de l'Innovation et de l'Énergie, ministre responsable de la Métropole", None, "",
     "ministre de l'Économie, de l'Innovation et de l'Énergie"),
    (None, None, "", None),
])
def test_role_as_the_release_writes_it(title, organisation, written, expected):
    assert role(title, organisation, [written]) == expected


def test_citation_line_conventions():
    french = citation_line("Une belle entente.", "fr", "Marie Roy", "PDG", "Exemple", "Titre court", "2024-06-03")
    assert french == "«\u00a0Une belle entente\u00a0», Marie Roy, PDG, Exemple (Titre court, 3 juin 2024)"
    english = citation_line("A fine agreement.", "en", "Mary King", None, None, "Short title", "2024-06")
    assert english == "“A fine agreement,” Mary King (Short title, June 2024)"
    assert citation_line("Really?", "en", "Mary King", None, None, "T", None) == "“Really?” Mary King (T)"
    assert shorten("word " * 30).endswith("…") and len(shorten("word " * 30)) <= 61


def test_quote_highlight_escapes_markup():
    html = str(highlight_quote("Le <b>partenariat</b> & <script>x</script>", frozenset({"partenariat"}), "fr"))
    assert "<b>" not in html and "<script>" not in html and "&lt;script&gt;" in html
    assert re.search(r"<mark[^>]*>partenariat</mark>", html)


def test_quote_query_units():
    plan = parse_quote_query('sciences de la vie -maladie "entente de partenariat" avan*', xlang=True)
    assert [u.words for u in plan.units] == [("sciences", "de", "la", "vie"), ("entente", "de", "partenariat"),
                                             ("avan*",)]
    assert ("en", ("life sciences",)) in plan.units[0].translations
    assert plan.units[1].phrase and plan.units[2].prefix and [u.words for u in plan.excluded] == [("maladie",)]
    assert not plan.any_unit and parse_quote_query("a OR b").any_unit
    text = "Cette entente de partenariat fait avancer les sciences de la vie et l'innovation."
    assert plan.match(text, "", "fr") is not None
    assert plan.match(text + " La maladie ignore les frontières.", "", "fr") is None
    assert parse_quote_query('"partenariat entente"').match(text, "", "fr") is None    # a phrase keeps its order


def test_cli_quotes_json_and_text(runner, seed_index_dir):
    printed = runner.invoke(cli, ["quotes", "partenariat", "--speaker", "Kevin Anderson", "--json",
                                  "--index", str(seed_index_dir)])
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.output)
    assert data["total"] == 1
    [quote] = data["quotes"]
    assert {"text", "speaker", "title", "organisation", "release", "release_title", "date", "lang",
            "citation", "paragraph"} <= set(quote)
    assert (quote["speaker"], quote["release"], quote["lang"], quote["date"]) == (
        "Kevin Anderson", ID["000"], "fr", "2024-06")
    assert quote["title"] == "secrétaire au Commerce du Maryland" and quote["organisation"] is None
    text = runner.invoke(cli, ["quotes", "partnership", "--both-languages", "--index", str(seed_index_dir)])
    assert text.exit_code == 0 and "via translation: partenariat" in text.output and "[partnership]" in text.output


def test_api_quotes_is_the_cli_json(client, runner, seed_index_dir):
    api = client.get("/api/quotes?q=collaboration&speaker=Beno%C3%AEt+Larose").get_json()
    printed = runner.invoke(cli, ["quotes", "collaboration", "--speaker", "Benoît Larose", "--json",
                                  "--index", str(seed_index_dir)])
    assert api == json.loads(printed.output) and api["total"] == 3


# ---------------------------------------------------------------- both languages

@pytest.mark.parametrize("query, lang, expected", CROSSING)
def test_both_languages_crosses_over_and_one_language_does_not(seed_index, query, lang, expected):
    found = seed_index.search(SearchRequest(query=query, langs=(lang,), xlang=True, per_page=50)).hits
    assert {NUMBER[h.id] for h in found} == expected
    assert seed_index.search(SearchRequest(query=query, langs=(lang,), per_page=50)).total == 0
    every = seed_index.search(SearchRequest(query=query, xlang=True, per_page=50))
    assert expected <= {NUMBER[h.id] for h in every.hits} | {NUMBER[h.translation.id] for h in every.hits
                                                             if h.translation}


@pytest.mark.parametrize("query", [q for q, _, _ in CROSSING] + ["partnership", "life sciences"])
def test_exact_language_matches_rank_above_translated_ones(seed_index, query):
    hits = seed_index.search(SearchRequest(query=query, xlang=True, per_page=50)).hits
    flags = [bool(hit.via_translation) for hit in hits]
    assert True in flags and False in flags and flags == sorted(flags)


@pytest.mark.parametrize("query, terms", [
    ("partenariat", ("partnership",)),
    ("partnership", ("partenariat",)),
    ("sciences de la vie", ("life sciences",)),
])
def test_a_hit_found_through_translation_says_which_terms(seed_index, query, terms):
    hits = seed_index.search(SearchRequest(query=query, xlang=True, per_page=50)).hits
    assert {hit.via_translation for hit in hits if hit.via_translation} == {terms}
    by_date = {h.id: h.via_translation for h in
               seed_index.search(SearchRequest(query=query, xlang=True, per_page=50, sort="date")).hits}
    shown_both = [h for h in hits if h.id in by_date]        # a pair may show its other member by date
    assert len(shown_both) >= 3 and all(by_date[h.id] == h.via_translation for h in shown_both)
    assert all(not hit.via_translation for hit in seed_index.search(SearchRequest(query=query, per_page=50)).hits)


@pytest.mark.parametrize("xlang", [False, True])
@pytest.mark.parametrize("query", ["", "MassBio", "partenariat", "partnership", "sciences de la vie",
                                   "memorandum of understanding", "collaboration"])
def test_translation_groups_stay_one_entry(seed_index, query, xlang):
    hits = seed_index.search(SearchRequest(query=query, xlang=xlang, per_page=50)).hits
    ids = [h.id for h in hits] + [h.translation.id for h in hits if h.translation]
    assert len(ids) == len(set(ids))
    assert not ({ID["001"], ID["003"]} <= {h.id for h in hits})


def test_web_defaults_to_both_languages_and_the_api_to_one(client):
    crossing = html_of(client, "/search?q=partenariat&lang=en")
    assert f'href="/release/{ID["004"]}?' in crossing and "Via translation:" in crossing
    assert re.search(r'aria-pressed="true"[^>]*>', crossing)
    assert f'href="/release/{ID["004"]}?' not in html_of(client, "/search?q=partenariat&lang=en&xlang=0")
    assert client.get("/api/search?q=partenariat&lang=en").get_json()["total"] == 0
    assert client.get("/api/search?q=partenariat&lang=en&xlang=1").get_json()["total"] == 2


def _switch_fields(html: str) -> dict[str, list[str]]:
    form = re.search(r'<form class="xlang" action="([^"]+)".*?</form>', html, re.S)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group())
    found: dict[str, list[str]] = {}
    for name, value in fields:
        found.setdefault(name, []).append(value)
    return found


def test_the_switch_submits_the_same_search_in_the_other_mode(client):
    on = html_of(client, "/search?q=vie&partner=MassBio&page=1")
    assert _switch_fields(on) == {"q": ["vie"], "partner": ["MassBio"], "xlang": ["0"]}
    off = html_of(client, "/search?q=vie&xlang=0")
    assert 'aria-pressed="false"' in off and _switch_fields(off) == {"q": ["vie"]}
    # the search box keeps the mode: off stays off when a new query is typed
    assert '<input type="hidden" name="xlang" value="0">' in off.split('<form class="xlang"')[0]
    assert "Les deux langues" in html_of(client, "/search", lang="fr")


def test_speaker_facet_in_the_sidebar(client):
    html = html_of(client, "/search?speaker=Benoit+Larose")
    facet = html.split('id="facet-speaker"')[1].split("</fieldset>")[0]
    labels = re.findall(r'<span class="facet__label">([^<]*)</span>', facet)
    assert [label for label in labels if "Larose" in label] == ["Benoît Larose"]
    assert 'name="speaker" value="Benoît Larose" checked' in facet
    assert "Speaker: Benoit Larose" in html or "Speaker: Benoît Larose" in html


# ---------------------------------------------------------------- quotes tab and release page

def test_quotes_tab_lists_quotes_linked_to_the_release_at_the_quote(client):
    search = html_of(client, "/search?q=partenariat&partner=MassBio")
    assert 'href="/quotes?q=partenariat&amp;partner=MassBio"' in search
    page = html_of(client, "/quotes?q=partenariat&partner=MassBio", lang="fr")
    assert "2 citations pour «\u202fpartenariat\u202f»" in page
    links = re.findall(r'<blockquote class="quote-hit__text" cite="(/release/[\w-]+#quote-\d+)"', page)
    assert len(links) == 2
    for link in links:
        path, anchor = link.split("#")
        assert f'<span class="quote" id="{anchor}">' in html_of(client, path)
    assert "Citation à copier" in page and "«\u00a0" in page
    assert re.search(r"<mark[^>]*>partenariat</mark>", page)


def test_quotes_page_speakers_and_escaping(client):
    page = html_of(client, "/quotes?speaker=Kelly+Schulz")
    assert page.count('class="quote-hit"') == 1
    speakers = page.split('id="facet-speaker"')[1].split("</fieldset>")[0]
    assert "Benoît Larose" in speakers and 'value="Kelly Schulz" checked' in speakers
    assert 'value="Benoît Larose">' in speakers                       # a checkbox that adds him
    assert '<form class="filters__form" id="filter-form" action="/quotes" method="get">' in page
    both = html_of(client, "/quotes?speaker=Kelly+Schulz&speaker=Beno%C3%AEt+Larose")     # what the form sends
    assert 'value="Kelly Schulz" checked' in both and 'value="Benoît Larose" checked' in both
    assert "<script>" not in html_of(client, "/quotes?q=%3Cscript%3E")


def test_release_page_marks_each_quote_and_its_speaker(client):
    html = html_of(client, f"/release/{ID['002']}")
    assert html.count('<span class="quote" id="quote-') == 2
    assert '<span class="speaker">Jason Field</span>' in html and '<span class="speaker">Benoît Larose</span>' in html
    assert 'href="#quote-1">Quote 1</a>' in html


def test_quote_segments_rebuild_the_paragraphs(seed_index):
    for release_id in ID.values():
        record = seed_index.get_release(release_id).record
        segments = quote_segments(record["body"], record["quotes"])
        assert ["".join(s.text for s in para) for para in segments] == record["body"]
        anchors = [s.anchor for para in segments for s in para if s.anchor]
        assert anchors == [f"quote-{n}" for n in range(1, len(record["quotes"]) + 1)]


# ---------------------------------------------------------------- related releases

def _numbers(hits) -> list[str]:
    return [NUMBER[h.id] for h in hits]


@pytest.mark.parametrize("number", list(SEED_IDS))
def test_related_lists_are_short_and_skip_the_translation_group(seed_index, number):
    related = related_releases(seed_index, ID[number])
    own = {number} | ({"001", "003"} if number in ("001", "003") else set())
    assert (related.translation is not None) == (number in ("001", "003"))
    for hits in [related.similar, *(p.hits for p in related.partners)]:
        listed = _numbers(hits) + [NUMBER[h.translation.id] for h in hits if h.translation]
        assert len(hits) <= 4 and not own & set(listed) and len(listed) == len(set(listed))


def test_related_same_partner_and_similar_in_both_languages(seed_index):
    related = related_releases(seed_index, ID["001"])
    assert NUMBER[related.translation.id] == "003"
    [bioquebec] = related.partners                 # MassBio has no other release: no list for it
    assert bioquebec.partner == "BIOQuébec" and set(_numbers(bioquebec.hits)) == {"000", "002", "004"}
    # the only other English release is 003's group: 004 comes from the French-English glossary
    assert "004" in _numbers(related_releases(seed_index, ID["000"]).similar)
    assert {"000", "002"} & set(_numbers(related_releases(seed_index, ID["004"]).similar))


def test_release_page_shows_the_related_lists(client):
    html = html_of(client, f"/release/{ID['001']}", lang="fr")
    assert "Version anglaise" in html and "Aussi avec BIOQuébec" in html and "Communiqués semblables" in html
    related = html.split('<div class="related">')[1]
    assert f'/release/{ID["001"]}"' not in related.split("</section>", 1)[1]     # not itself among the others


@pytest.mark.parametrize("url, status", [
    ("/quotes?page=-1", 200), ("/quotes?xlang=maybe", 200), ("/quotes?q=" + "x" * 10_000, 200),
    ("/api/quotes?year=abc", 400), ("/api/quotes?page=999", 200),
])
def test_quote_pages_forgive_malformed_parameters_the_api_refuses_them(client, url, status):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == status
    if url.startswith("/api/"):
        assert response.mimetype == "application/json"
    else:
        assert "” left out:" in response.get_data(as_text=True)


def test_related_lists_are_remembered_until_the_index_changes(tmp_path, seeds_copy):
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    index = SearchIndex(index_dir)
    first = related_releases(index, ID["001"])
    assert first.translation.id == ID["003"]
    assert related_releases(index, ID["001"]) is first
    (seeds_copy / "003_0a78dc47438a4cd9.txt").unlink()
    reindex([seeds_copy], index_dir)
    again = related_releases(index, ID["001"])
    assert again is not first and again.translation is None
    assert related_releases(index, ID["003"]) is None
