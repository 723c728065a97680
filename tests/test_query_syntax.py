"""Query syntax and analysis on a real index: hyphens, exclusion, accents, numbers, acronyms,
stop words that carry meaning, phrase gaps, the version of a pair shown first, "did you mean"."""
from __future__ import annotations

import pytest

from conftest import write_release
from searchapp.search.service import SearchIndex, SearchRequest

RELEASES = {
    "a_fr.txt": (
        "Hydro-Québec et ses partenaires lancent un projet inter-provincial\n\n"
        "MONTRÉAL – Hydro-Québec annonce aujourd'hui un investissement de 3,6 M$ qui créera 1 400 emplois "
        "dans l'Est du Québec et à Saint-Jean-sur-Richelieu. Le projet réunit des chercheurs en sciences "
        "de la vie et une entreprise qui exploite une mine d'or. L'équipe a reçu une médaille d'or pour "
        "ses travaux sur les réseaux électriques du Québec et de l'Ontario.\n"),
    "b_en.txt": (
        "Frédéric Leduc leads a cross-border co-operation on CAR-T therapy\n\n"
        "TORONTO – Frédéric Leduc announced today a cross-border co-operation with U.S. hospitals. "
        "The Phase I trial of the CAR-T cell therapy will enrol patients in 2025 and create 1,400 jobs "
        "in the IT sector and in research laboratories across the country.\n"),
    "c_en.txt": (
        "A new operation opens for the Phase II trial in the US market\n\n"
        "OTTAWA – The company announced today that a new operation will support the Phase II trial "
        "of its therapy, which is expected to reach the US market next year. It will hire nurses and "
        "technicians for the laboratories of the network.\n"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from searchapp.index.reindex import reindex

    folder = tmp_path_factory.mktemp("syntax")
    for name, text in RELEASES.items():
        write_release(folder / "releases", name, text)
    report = reindex([folder / "releases"], folder / "index")
    assert not report.failed
    return SearchIndex(folder / "index")


def found(index, query, **request):
    results = index.search(SearchRequest(query=query, per_page=50, **request))
    return {hit.source.rsplit("/", 1)[-1][0] for hit in results.hits}


@pytest.mark.parametrize("query, expected", [
    ("Hydro-Québec", {"a"}), ("Hydro-Quebec", {"a"}), ("HydroQuébec", {"a"}), ('"Hydro-Québec annonce"', {"a"}),
    ("hydro‑québec", {"a"}),
    ("interprovincial", {"a"}), ("inter-provincial", {"a"}), ('"projet inter-provincial"', {"a"}),
    ("cooperation", {"b"}), ("co-operation", {"b"}), ("crossborder", {"b"}), ("cross-border", {"b"}),
    ("Saint-Jean-sur-Richelieu", {"a"}), ("CAR-T", {"b"}), ('"CAR-T cell"', {"b"}), ("co-oper*", {"b"}),
])
def test_hyphenated_words_are_found_as_parts_or_joined(index, query, expected):
    assert found(index, query) == expected


@pytest.mark.parametrize("query, expected", [
    ("trial -cross-border", {"c"}), ("trial -operation", set()), ("trial (-operation)", set()),
    ("therapy -Leduc", {"c"}), ("therapy +Leduc", {"b"}), ("trial co-operation", {"b"}),
])
def test_a_minus_excludes_only_at_the_start_of_a_term(index, query, expected):
    assert found(index, query) == expected


@pytest.mark.parametrize("query", ["Frédéric Leduc", "Frederic Leduc", "FREDERIC LEDUC", "frederic"])
def test_names_with_or_without_accents(index, query):
    assert found(index, query) == {"b"}


@pytest.mark.parametrize("query, expected", [
    ("1400", {"a", "b"}), ("1,400", {"b"}), ('"1 400"', {"a", "b"}), ("3,6", {"a"}), ("3.6", {"a"}),
    ("U.S.", {"b", "c"}), ("US", {"b", "c"}), ('"Phase I"', {"b"}), ('"Phase II"', {"c"}),
    ("IT", {"b"}), ("or", {"a"}), ('"médaille d\'or"', {"a"}), ('"l\'Est du Québec"', {"a"}),
])
def test_numbers_acronyms_and_meaningful_short_words(index, query, expected):
    assert found(index, query) == expected


@pytest.mark.parametrize("query, expected", [
    ('"sciences de la vie"', {"a"}), ('"sciences de vie"', set()), ('"sciences vie"', set()),
    ("sciences de vie", {"a"}), ('"mine d\'or"', {"a"}), ('"mine or"', {"a"}),
])
def test_phrases_keep_the_gaps_of_stop_words(index, query, expected):
    assert found(index, query) == expected


def test_fast_path_and_whoosh_agree_on_gapped_phrases(index):
    engine = index.engine
    snap = engine.snapshot()
    for text in ('"sciences de la vie"', '"sciences de vie"', '"Hydro-Québec annonce"', '"médaille d\'or"',
                 '"mine or"', "Saint-Jean-sur-Richelieu"):
        query = engine.parse(snap, text).query
        whoosh = set(snap.searcher.docs_for_query(query))
        fast = set(engine.matching(snap, query)[0])
        assert fast == whoosh, text


# ---------------------------------------------------------------- the version of a pair shown first

@pytest.mark.parametrize("prefer", ["en", "fr"])
def test_result_list_leads_with_the_preferred_version_when_both_match(seed_index, prefer):
    hits = seed_index.search(SearchRequest(query="MassBio", prefer_lang=prefer)).hits
    assert [(hit.lang, hit.translation.lang) for hit in hits] == [(prefer, {"en": "fr", "fr": "en"}[prefer])]


def test_result_list_leads_with_the_version_that_matches(seed_index):
    [hit] = seed_index.search(SearchRequest(query='"memorandum of cooperation"', prefer_lang="fr")).hits
    assert hit.lang == "en" and hit.translation.lang == "fr"


@pytest.mark.parametrize("prefer", ["en", "fr"])
def test_quote_search_leads_with_the_preferred_version(seed_index, prefer):
    from searchapp.search.quotes import search_quotes

    results = search_quotes(seed_index, SearchRequest(query="MassBio", prefer_lang=prefer))
    paired = [hit for hit in results.quotes if hit.translation]
    assert paired and all(hit.lang == prefer for hit in paired)


def test_quote_search_requested_language_first(seed_index):
    from searchapp.search.quotes import search_quotes

    results = search_quotes(seed_index, SearchRequest(query="MassBio", langs=("en",), prefer_lang="fr"))
    assert results.quotes and all(hit.lang == "en" for hit in results.quotes if hit.translation)


# ---------------------------------------------------------------- did you mean

def test_suggestion_is_never_a_stop_word(seed_index):
    results = seed_index.search(SearchRequest(query="dez"))
    assert results.total == 0 and results.suggestion not in {"des", "de", "les"}


def test_suggestion_finds_something_with_the_current_filters(seed_index):
    assert seed_index.search(SearchRequest(query="parteneriat")).suggestion == "partenariat"
    filtered = seed_index.search(SearchRequest(query="parteneriat", langs=("en",)))
    assert filtered.total == 0
    if filtered.suggestion:
        assert seed_index.search(SearchRequest(query=filtered.suggestion, langs=("en",))).total > 0


@pytest.mark.parametrize("text, matches", [
    ("Our co-operation with the province grows.", True), ("Our cooperation grows.", True),
    ("Co operation matters.", True), ("The operation of the co-chairs.", False),
])
def test_quote_matching_reads_a_hyphenated_word_as_parts_in_sequence_or_joined(text, matches):
    from searchapp.search.quotematch import parse_quote_query

    assert (parse_quote_query("co-operation").match(text, "", "en") is not None) is matches
