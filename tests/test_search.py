"""Bilingual search on the seeds: the rules of the indexer issue, on a real index."""
from __future__ import annotations

import json

import pytest

from searchapp.search.service import SearchRequest

from conftest import SEED_IDS, search_ids

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


def test_facets_after_a_reindex_equal_a_fresh_read(tmp_path, seeds_copy):
    """Facet postings are remembered per segment across reindexes: a searcher that has seen the
    index before an update counts exactly what one that reads everything afresh counts."""
    from searchapp.index.read import postings
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex

    from conftest import write_release

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    index = SearchIndex(index_dir)
    before = index.search(SearchRequest(query=""))
    write_release(seeds_copy, "new.txt", "Entente en Ontario\n\nBIOQuébec et Kara Bio signent une entente en "
                                         "Ontario et en Alberta avec l'Institut Lorilox.\n")
    (seeds_copy / "004_37599697ebfbc5fc.txt").unlink()
    assert reindex([seeds_copy], index_dir).removed == 1
    after = index.search(SearchRequest(query=""))
    postings._segment_parts.clear()
    fresh = SearchIndex(index_dir).search(SearchRequest(query=""))
    assert after.facets == fresh.facets and after.total == fresh.total == before.total
    assert after.facets != before.facets


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
    from searchapp.search.service import SearchIndex, keep_warm

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


def test_kept_term_statistics_and_key_terms_equal_whooshs(tmp_path):
    """Term statistics summed over the segments (deleted documents included) equal Whoosh's
    reader's, and the key terms of a release's text equal key_terms_from_text's, after every
    kind of reindex (several segments, deletions, rewritten releases)."""
    from conftest import every_kind_of_reindex
    from searchapp.index.read.ranking import key_terms
    from searchapp.index.engine import _POSTINGS_LOCK
    from searchapp.search.service import SearchIndex

    def check(index_dir):
        index = SearchIndex(index_dir)
        searcher = index.engine.searcher()
        reader = searcher.reader()
        postings = index.engine.facet_cache(searcher).postings
        segments, compared = len(list(reader.leaf_readers())), 0
        for stored in list(searcher.all_stored_fields())[::4]:
            record = stored["record"]
            field = f"text_{record['lang'] if record['lang'] in ('fr', 'en') else 'other'}"
            text = "\n".join(record["body"])
            with _POSTINGS_LOCK:
                kept = key_terms(searcher, postings, field, text, 12)
                words = [word for word, _ in searcher.key_terms_from_text(field, text, numterms=400)]
                stats = [postings.term_stats(field, word) for word in [*words, "zzqxjw"]]
            assert kept == searcher.key_terms_from_text(field, text, numterms=12, normalize=False)
            assert stats == [(reader.doc_frequency(field, w), reader.frequency(field, w))
                             for w in [*words, "zzqxjw"]]
            assert stats[-1] == (0, 0)
            compared += len(words)
        return segments, compared

    checks = every_kind_of_reindex(tmp_path, check)
    assert max(segments for segments, _ in checks) > 1
    assert all(compared > 200 for _, compared in checks)


def test_posting_arrays_equal_whooshs_postings(tmp_path):
    """Every term's documents and weights read a block at a time (the block's pickle read
    in place where it has Whoosh's usual shape, else unpickled) equal Whoosh's matcher's,
    on an index with terms of one posting and of several blocks, updated twice."""
    import pickle
    import zlib

    import numpy as np

    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.index.read.postings import leaf_term_postings, regular_block

    material = load_material(())
    write_corpus(tmp_path / "releases" / "a", 300, 4, material)
    reindex([tmp_path / "releases"], tmp_path / "index", processes=1)
    write_corpus(tmp_path / "releases" / "b", 12, 4, material, start=300)
    reindex([tmp_path / "releases"], tmp_path / "index")
    reader = open_live(tmp_path / "index").reader()
    shapes, longest = {True: 0, False: 0}, 0
    for leaf, _ in reader.leaf_readers():
        for (fieldname, term), _ in leaf._terms.items():
            docs, weights = leaf_term_postings(leaf, fieldname, term)
            matcher = leaf.postings(fieldname, term)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            assert list(zip(docs.tolist(), weights.tolist())) == expected, (fieldname, term)
            longest = max(longest, len(expected))
            matcher = leaf._terms.matcher(fieldname, term, leaf.schema[fieldname].format)
            while hasattr(matcher, "_next_block") and matcher.is_active():
                data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
                data = zlib.decompress(data) if matcher._compression else data
                found, (ids, block_weights, _) = regular_block(data, matcher._blocklength), pickle.loads(data)
                shapes[found is not None] += 1
                if found is not None:
                    assert [found[0], *found[1].tolist()] == list(ids)
                    assert found[2].astype(np.float32).tolist() == (
                        [1.0] * len(ids) if block_weights is None else
                        [block_weights] * len(ids) if isinstance(block_weights, float) else list(block_weights))
                matcher._next_block()
    assert longest > 2 * 128 and shapes[True] > 100 and shapes[False] > 100


def test_phrase_documents_equal_whooshs_phrase_query(tmp_path):
    """The phrase check on every candidate at once (each word's positions unpickled a block
    at a time) finds exactly the documents Whoosh's own phrase query finds, on an index of
    several segments holding deleted documents, for phrases in and out of order, of two
    and three words, with repeated words and with a word held a thousand times in one release."""
    import random

    import numpy as np

    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.phrases import GappedPhrase
    from searchapp.index.read.docsets import phrase_docs
    from searchapp.index.reindex import reindex
    from searchapp.index.read.postings import leaf_position_arrays
    from searchapp.index.engine import _POSTINGS_LOCK
    from searchapp.search.service import SearchIndex

    material, source = load_material(()), tmp_path / "releases"
    write_corpus(source / "a", 200, 4, material)
    long_text = " ".join(["innovation"] * 1200 + ["sciences", "de", "la", "vie"] * 300)
    (source / "long.txt").write_text(f"Innovation innovation\n\n{long_text}\n\nInnovation sciences vie.\n",
                                     encoding="utf-8")
    reindex([source], tmp_path / "index", processes=2)
    write_corpus(source / "b", 20, 4, material, start=200)
    next((source / "a").rglob("*.txt")).write_text("Innovation\n\nsciences innovation vie de la\n", encoding="utf-8")
    reindex([source], tmp_path / "index")

    index = SearchIndex(tmp_path / "index")
    searcher = index.engine.searcher()
    reader, postings = searcher.reader(), index.engine.facet_cache(searcher).postings
    assert len(list(reader.leaf_readers())) > 1 and reader.has_deletions()
    live = np.zeros(reader.doc_count_all(), dtype=bool)
    live[list(reader.all_doc_ids())] = True
    rng, phrases = random.Random(5), []
    releases = sorted((stored["record"] for stored in searcher.all_stored_fields()), key=lambda r: r["id"])
    for fieldname, lang in (("text_fr", "fr"), ("text_en", "en"), ("title_fr", "fr")):
        for record in rng.sample([r for r in releases if r["lang"] == lang], 25):
            text = record["title"] if fieldname.startswith("title") else " ".join(record["body"])
            tokens = [(t.text, t.pos) for t in searcher.schema[fieldname].analyzer(
                text, positions=True, mode="query")]
            for size in (2, 3):
                if len(tokens) > size:
                    start = rng.randrange(len(tokens) - size)
                    window = tokens[start:start + size]
                    offsets = [pos - window[0][1] for _, pos in window]   # stop-word gaps kept
                    phrases.append((fieldname, [word for word, _ in window], offsets))
                    phrases.append((fieldname, [word for word, _ in window][::-1], None))
        phrases += [(fieldname, ["innovation", "innovation"], None),
                    (fieldname, ["scienc", "vie", "scienc"], [0, 3, 4]),
                    (fieldname, ["scienc", "vie"], None), (fieldname, ["innovation", "scienc"], None),
                    (fieldname, ["vie", "innovation"], None)]
    found_some = 0
    for fieldname, words, offsets in phrases:
        query = GappedPhrase(fieldname, words, offsets=offsets)
        with _POSTINGS_LOCK:
            fast = np.flatnonzero(phrase_docs(searcher, postings, query)).tolist()
        assert fast == sorted(d for d in searcher.docs_for_query(query) if live[d]), (fieldname, words)
        found_some += bool(fast)
    assert found_some > 120

    held = 0
    for leaf, _ in reader.leaf_readers():
        for (fieldname, term), _ in leaf._terms.items():
            if not fieldname.startswith(("text_", "title_")):
                continue
            matcher, expected = leaf.postings(fieldname, term), []
            while matcher.is_active():
                expected += [(matcher.id(), p) for p in matcher.value_as("positions")]
                matcher.next()
            every = np.array(list(leaf.all_doc_ids()), dtype=np.int64)     # Whoosh's matcher skips deleted ones
            asked = every[::2] if held % 2 else every
            docs, positions = leaf_position_arrays(leaf, fieldname, term, asked)
            wanted = [(d, p) for d, p in expected if d in set(asked.tolist())]
            assert list(zip(docs.tolist(), positions.tolist())) == wanted, (fieldname, term)
            held += 1
    assert held > 1000


def test_gap_lists_unpickle_many_positions_values_at_once():
    """Whoosh's Positions values, whole or without their stop (as older codecs keep them),
    give their gap lists in one unpickling; a value pickled otherwise is read on its own."""
    import pickle
    import struct

    from whoosh.formats import Positions

    from searchapp.index.read.postings import _gap_lists

    position_lists = [[0], [3, 4, 204, 70204], list(range(1, 2500)), [46], [65535, 65536]]
    values = [Positions().encode(positions) for positions in position_lists]
    gaps = [[b - a for a, b in zip([0, *positions], positions)] for positions in position_lists]
    assert _gap_lists(values) == gaps
    assert _gap_lists([v[:-1] if i % 2 else v for i, v in enumerate(values)]) == gaps
    other = struct.pack("!I", 2) + pickle.dumps([7, 1], 4)
    assert _gap_lists([*values, other]) == [*gaps, [7, 1]]
    assert _gap_lists([]) == []
