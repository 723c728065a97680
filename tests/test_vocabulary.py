"""The vocabulary saved beside the index ("did you mean"), kept in step by every kind of reindex."""
from __future__ import annotations

import shutil
from collections import Counter

from conftest import SEEDS, write_release
from searchapp import vocabulary
from searchapp.bench.corpus import write_corpus
from searchapp.bench.sources import load_material
from searchapp.index import open_live, reindex
from searchapp.search import SearchIndex, SearchRequest
from searchapp.storage import current_generation


def _saved_and_recounted(index_dir):
    ix = open_live(index_dir)
    words, counts = vocabulary.load(current_generation(index_dir), vocabulary.commit_tag(ix))
    with ix.searcher() as searcher:
        recount = vocabulary.count_words(stored["record"] for stored in searcher.all_stored_fields())
    assert words == sorted(counts)
    return Counter(counts), recount


def test_saved_vocabulary_equals_a_recount_after_every_kind_of_run(tmp_path):
    source, index_dir, material = tmp_path / "releases", tmp_path / "index", load_material(())
    write_corpus(source / "generated", 60, 5, material)
    shutil.copytree(SEEDS, source / "seeds")
    checks = []
    reindex([source], index_dir, processes=2)                        # first build, in workers
    checks.append(_saved_and_recounted(index_dir))
    write_corpus(source / "more", 3, 5, material, start=60)         # a few: in this process
    (source / "seeds" / "002_158fcca2e1f278d7.txt").unlink()
    generated = sorted((source / "generated").rglob("*.txt"))
    generated[0].write_text("Les hippocampes\n\nUne étude sur les hippocampes du fleuve.\n", encoding="utf-8")
    report = reindex([source], index_dir)
    assert (report.added, report.updated, report.removed) == (3, 1, 1)
    checks.append(_saved_and_recounted(index_dir))
    write_corpus(source / "many", 45, 5, material, start=63)        # many, some replacing: in workers
    generated[1].write_text("Seahorses\n\nA study of the river's seahorses.\n", encoding="utf-8")
    report = reindex([source], index_dir, processes=2)
    assert (report.added, report.updated) == (45, 1)
    checks.append(_saved_and_recounted(index_dir))
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
