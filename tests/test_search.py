"""Bilingual search on the seeds: the rules of the indexer issue, on a real index."""
from __future__ import annotations

import json

import pytest

from searchapp.search.service import SearchRequest

from conftest import SEED_IDS, search_ids

# Every test here runs with the fast path on and off (conftest.fast_path): the same results.
pytestmark = pytest.mark.usefixtures("fast_path")
_SEARCH_INDEXES: dict = {}


@pytest.fixture
def seed_index(seed_index_dir, fast_path):
    """The seed index, one handle per mode: a handle keeps the facet cache made in its mode."""
    from searchapp.search.service import SearchIndex

    return _SEARCH_INDEXES.setdefault(fast_path, SearchIndex(seed_index_dir))

ALL = {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("query, expected", [
    ("Quebec", ALL),
    ("québec", ALL),
    ("QUÉBEC", ALL),
    ("Benoit Larose", {"000", "001", "002", "003"}),
    ("Benoît Larose", {"000", "001", "002", "003"}),
    ("MassBio", {"001", "003"}),
    ('"protocole d\'entente"', {"000", "002"}),
    ("LSO", {"002"}),
    ("MTC", {"000"}),
    ("BIOQuebec", ALL),
])
def test_queries_find_exactly(seed_index, query, expected):
    assert search_ids(seed_index, query) == expected


@pytest.mark.parametrize("query, must_find", [
    ("partenariats", {"000", "001", "002"}),
    ("partnerships", {"003", "004"}),
    ("entente", {"000", "001", "002"}),
    ("Ontario", {"002"}),
    ("sciences de la vie", {"000", "001", "002"}),
])
def test_queries_find_at_least(seed_index, query, must_find):
    assert must_find <= search_ids(seed_index, query)


def test_french_stop_words_do_not_hide_english_releases(seed_index):
    # "life sciences" is English; the French stop words of another query must not be required there
    assert {"003", "004"} <= search_ids(seed_index, "life sciences")
    assert search_ids(seed_index, "sciences de la vie") >= {"000", "001", "002"}


def test_translation_pair_is_one_entry(seed_index):
    results = seed_index.search(SearchRequest(query="MassBio"))
    assert results.total == 1
    [hit] = results.hits
    assert {hit.id, hit.translation.id} == {SEED_IDS["001"], SEED_IDS["003"]}
    assert hit.translation.lang != hit.lang


def test_empty_query_lists_every_entry_newest_first(seed_index):
    results = seed_index.search(SearchRequest(query=""))
    assert results.total == 4  # five releases, one translation pair
    dates = [hit.date for hit in results.hits]
    assert dates[0] == "2025-03"
    assert dates == sorted(dates, key=lambda d: d or "", reverse=True)


@pytest.mark.parametrize("query", ['"unbalanced', "(open", "AND", "OR OR", "NOT", "*", "a*", "?", "x" * 5000,
                                   "partner:", "year:abc", '"', "((((", "-", "~2", "title_fr:x", "\x00"])
def test_malformed_queries_answer_without_error(seed_index, query):
    results = seed_index.search(SearchRequest(query=query))
    assert results.total >= 0
    json.dumps(results.to_json())


def test_wildcard_alone_is_ignored_with_a_message(seed_index):
    results = seed_index.search(SearchRequest(query="a*"))
    assert results.message and "Wildcards" in results.message


def test_prefix_wildcard_finds(seed_index):
    assert {"001", "003"} <= search_ids(seed_index, "massb*")


def test_boolean_syntax(seed_index):
    assert search_ids(seed_index, "MassBio OR Ontario") == {"001", "002", "003"}
    assert search_ids(seed_index, "Quebec -MassBio") == {"000", "002", "004"}
    assert search_ids(seed_index, "Quebec NOT MassBio") == {"000", "002", "004"}
    assert search_ids(seed_index, "MassBio AND Ontario") == set()


@pytest.mark.parametrize("query, expected", [
    ("partner:MassBio", {"001", "003"}),
    ("region:Ontario", {"002"}),
    ("lang:en", {"003", "004", "001"}),
    ("year:2021", {"004"}),
    ('Quebec partner:"Life Sciences Ontario"', {"002"}),
])
def test_field_scopes(seed_index, query, expected):
    assert search_ids(seed_index, query) == expected


@pytest.mark.parametrize("filters, expected", [
    ({"partners": ("massbio",)}, {"001", "003"}),
    ({"partners": ("LSO",)}, {"002"}),
    ({"partners": ("Life Sciences Ontario (LSO)",)}, {"002"}),
    ({"partners": ("MTC", "LSO")}, {"000", "002"}),
    ({"regions": ("Californie", "wisconsin")}, {"004"}),
    ({"regions": ("ontario",), "partners": ("MassBio",)}, set()),
    ({"langs": ("fr",)}, {"000", "001", "002", "003"}),
    ({"years": (2025,)}, {"002"}),
    ({"date_from": "2024-01", "date_to": "2025"}, {"000", "002"}),
])
def test_filters(seed_index, filters, expected):
    assert search_ids(seed_index, "", **filters) == expected


def test_disjunctive_partner_counts(seed_index):
    results = seed_index.search(SearchRequest(partners=("MassBio",)))
    partner = {v.value: (v.count, v.selected) for v in results.facets["partner"]}
    assert partner["MassBio"] == (1, True)
    assert partner["Life Sciences Ontario"] == (1, False)  # counted as if MassBio were not selected
    lang = {v.value: v.count for v in results.facets["lang"]}
    assert lang == {"fr": 1, "en": 1}


def test_multi_valued_regions_count_under_each_value(seed_index):
    results = seed_index.search(SearchRequest())
    region = {v.value: v.count for v in results.facets["region"]}
    for key in ("Maryland", "Massachusetts", "Ontario", "Wisconsin"):
        assert region[key] == 1
    assert region.get("Quebec", 0) in (0, 4)


def test_snippets_highlight_accent_insensitively_and_escape(seed_index):
    results = seed_index.search(SearchRequest(query="Quebec"))
    snippets = " ".join(str(hit.snippet) for hit in results.hits)
    assert "<mark" in snippets
    assert "Québec</mark>" in snippets or "QUÉBEC</mark>" in snippets


def test_suggestion_from_the_index_vocabulary(seed_index):
    results = seed_index.search(SearchRequest(query="parteneriat"))
    assert results.total == 0
    assert results.suggestion == "partenariat"


def test_json_shape(seed_index):
    data = seed_index.search(SearchRequest(query="MassBio")).to_json()
    assert set(data) == {"query", "total", "page", "hits", "facets", "suggestion", "message"}
    hit = data["hits"][0]
    assert set(hit) == {"id", "source", "title", "lang", "date", "partners", "regions", "translation",
                        "snippet", "score", "speakers", "via_translation", "type"}
    assert set(data["facets"]) >= {"partner", "region", "year", "lang", "type"}
    assert hit["source"] == hit["id"] + ".txt"          # under its source folder, not the server's path
    assert hit["type"] == "news-release"


def test_release_and_more_like_this(seed_index):
    view = seed_index.get_release(SEED_IDS["001"])
    assert view.translation.id == SEED_IDS["003"]
    similar = seed_index.more_like_this(SEED_IDS["001"])
    assert SEED_IDS["003"] not in {hit.id for hit in similar}
    assert seed_index.get_release("nope") is None


# ---------------------------------------------------------------- warming

def _reindex_with_extras(sources, index_dir, extra: int = 0):
    """Reindex sources (a copy of seeds/) with `extra` small releases added to it."""
    from conftest import write_release
    from searchapp.index.reindex import reindex

    for number in range(extra):
        write_release(sources, f"extra{number}.txt",
                      f"Extra release {number}\n\nMONTREAL, May 2, 2025 - The company announced a new "
                      f"laboratory for clinical research number {number} in Quebec.\n")
    reindex([sources], index_dir)
    return index_dir


def test_warm_prepares_each_new_version_of_the_index_once(seeds_copy, tmp_path):
    from searchapp.index.engine import reader_key as _reader_key
    from searchapp.search.service import SearchIndex

    index = SearchIndex(_reindex_with_extras(seeds_copy, tmp_path / "index"))
    assert index.warm() is True
    key = _reader_key(index.engine.searcher().reader())
    assert key in index.engine._caches                      # the facet arrays are read
    assert index.warm() is False                     # nothing new: nothing done
    _reindex_with_extras(seeds_copy, tmp_path / "index", extra=1)
    assert index.warm() is True
    assert _reader_key(index.engine.searcher().reader()) != key
    cold = SearchIndex(tmp_path / "index").search(SearchRequest(query="laboratory"))
    warm = index.search(SearchRequest(query="laboratory"))
    assert warm.total == cold.total >= 1 and warm.facets == cold.facets
    assert [hit.id for hit in warm.hits] == [hit.id for hit in cold.hits]


def test_keep_warm_warms_new_versions_in_the_background_and_stops_with_the_index(seeds_copy, tmp_path):
    import gc
    import time

    from searchapp.index.engine import reader_key as _reader_key
    from searchapp.search.service import SearchIndex
    from searchapp.search.warming import keep_warm

    index_dir = tmp_path / "index"
    index = SearchIndex(index_dir)                   # no index yet: the thread waits for one
    thread = keep_warm(index, 0.02)

    def warmed_within(seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if index._warmed == _reader_key(SearchIndex(index_dir).engine.searcher().reader()):
                    return True
            except Exception:                          # no index yet
                pass
            time.sleep(0.02)
        return False

    _reindex_with_extras(seeds_copy, index_dir)
    assert warmed_within(60)
    first = index._warmed
    _reindex_with_extras(seeds_copy, index_dir, extra=2)
    assert warmed_within(60) and index._warmed != first
    del index
    gc.collect()
    thread.join(30)
    assert not thread.is_alive()
