"""The vocabulary saved beside the index ("did you mean"), kept in step by every kind of reindex."""
from __future__ import annotations

from collections import Counter

from conftest import every_kind_of_reindex, write_release
from searchapp.index import vocabulary
from searchapp.index.opening import open_live
from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest
from searchapp.index.storage import commit_tag, current_generation


def _saved_and_recounted(index_dir):
    ix = open_live(index_dir)
    words, counts = vocabulary.load(current_generation(index_dir), commit_tag(ix))
    with ix.searcher() as searcher:
        recount = vocabulary.count_words(stored["record"] for stored in searcher.all_stored_fields())
    assert words == sorted(counts)
    return Counter(counts), recount


def test_saved_vocabulary_equals_a_recount_after_every_kind_of_run(tmp_path):
    checks = every_kind_of_reindex(tmp_path, _saved_and_recounted)
    for saved, recount in checks:
        assert saved == recount and len(saved) > 500
    assert checks[1][0]["hippocampes"] == 1 and "seahorses" not in checks[1][0]
    assert checks[2][0]["seahorses"] == 1


def test_suggestions_follow_the_archive(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="hippocampse")).suggestion is None
    write_release(seeds_copy, "new.txt", "Les hippocampes\n\nUne étude sur les hippocampes du Saint-Laurent.\n")
    reindex([seeds_copy], index_dir)
    assert index.search(SearchRequest(query="hippocampse")).suggestion == "hippocampes"
    (seeds_copy / "new.txt").unlink()
    reindex([seeds_copy], index_dir)
    assert index.search(SearchRequest(query="hippocampse")).suggestion is None


def test_a_missing_vocabulary_is_recounted_from_the_stored_releases(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    before, _ = _saved_and_recounted(index_dir)
    (current_generation(index_dir) / vocabulary.VOCABULARY_FILE).unlink()
    assert SearchIndex(index_dir).search(SearchRequest(query="parteneriat")).suggestion is None
    write_release(seeds_copy, "new.txt", "Les hippocampes\n\nUne étude sur les hippocampes du Saint-Laurent.\n")
    reindex([seeds_copy], index_dir)
    saved, recount = _saved_and_recounted(index_dir)
    assert saved == recount
    with open_live(index_dir).searcher() as searcher:
        added = searcher.document(path=str(seeds_copy / "new.txt"))["record"]
    assert saved == before + Counter(vocabulary.words_of(added))
    assert saved["hippocampes"] == 1 and "hippocampes" not in before
