"""Which segments a commit merges: bounded work per update, a bounded number of segments."""
from searchapp.index.write.segmentwriter import LARGEST_MERGE, MERGE_FACTOR, merge_budget, segments_to_merge, size_class


def _updates(sizes: list[int], batch: int, count: int) -> tuple[list[int], list[int]]:
    """count updates of batch releases each, as commits see them: (final sizes, merge sizes)."""
    merges = []
    for _ in range(count):
        chosen = segments_to_merge(sizes, merge_budget(batch))
        merged = sum(sizes[i] for i in chosen)
        sizes = [size for i, size in enumerate(sizes) if i not in chosen] + ([merged] if chosen else [])
        merges += [merged] if chosen else []
        sizes.append(batch)
    return sizes, merges


def test_size_classes_grow_by_the_merge_factor():
    assert size_class(0) == size_class(1) == size_class(MERGE_FACTOR - 1) == 0
    assert size_class(MERGE_FACTOR) == size_class(MERGE_FACTOR ** 2 - 1) == 1
    assert size_class(MERGE_FACTOR ** 2) == 2
    assert size_class(MERGE_FACTOR ** 5) == 5


def test_nothing_is_merged_until_a_class_holds_enough_segments():
    assert segments_to_merge([50_000] + [10] * (MERGE_FACTOR - 1)) == []
    chosen = segments_to_merge([50_000] + [10] * MERGE_FACTOR)
    assert sorted(chosen) == list(range(1, MERGE_FACTOR + 1))


def test_the_smallest_full_class_is_merged_first_and_large_merges_are_left_alone():
    sizes = [100] * MERGE_FACTOR + [5] * MERGE_FACTOR
    assert sorted(sizes[i] for i in segments_to_merge(sizes)) == [5] * MERGE_FACTOR
    large = LARGEST_MERGE // MERGE_FACTOR + 1
    assert segments_to_merge([large] * MERGE_FACTOR) == []            # over LARGEST_MERGE in all


def test_small_updates_of_a_large_archive_merge_little_at_a_time():
    """A thousand 10-release updates of a 100,000-release archive: every merge stays within
    LARGEST_MERGE and the segments stay few."""
    sizes, merges = _updates([49_000, 51_000], batch=10, count=1000)
    assert merges and max(merges) <= LARGEST_MERGE
    assert sum(sizes) == 110_000
    assert len(sizes) <= 2 + 2 * MERGE_FACTOR + 10_000 // max(merges) + 1


def test_one_release_updates_climb_the_classes_too():
    sizes, merges = _updates([5], batch=1, count=500)
    assert sum(sizes) == 505 and len(sizes) < 3 * MERGE_FACTOR
    assert max(merges) <= LARGEST_MERGE and sum(merges) < 4 * 505    # each release written again a few times


def test_larger_updates_merge_larger_segments():
    """Updates of 300 releases: merges grow with them (to 1,800 releases), so there is
    at most one segment per 1,800 releases besides the few small ones."""
    sizes, merges = _updates([5], batch=300, count=100)
    assert sum(sizes) == 30_005 and max(merges) == merge_budget(300) == MERGE_FACTOR * 300
    assert len(sizes) <= 2 * MERGE_FACTOR + 30_005 // max(merges) + 1


def test_a_segment_whose_releases_are_all_removed_is_dropped(tmp_path, seeds_copy):
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex, SearchRequest

    from conftest import write_release

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    added = write_release(seeds_copy, "zebras.txt", "Zebra count\n\nA survey of zebras in Quebec was published.\n")
    reindex([seeds_copy], index_dir)
    assert sorted(s.doc_count() for s in open_live(index_dir)._segments()) == [1, 5]
    added.unlink()
    assert reindex([seeds_copy], index_dir).removed == 1
    assert [s.doc_count_all() for s in open_live(index_dir)._segments()] == [5]
    assert SearchIndex(index_dir).search(SearchRequest(query="zebras")).total == 0


def _one_release_updates(folder, index_dir, count: int) -> None:
    from searchapp.index.reindex import reindex

    from conftest import write_release

    for n in range(count):
        write_release(folder, f"update-{n:02d}.txt",
                      f"Entente numéro {n}\n\nBIOQuébec signe l'entente numéro {n} sur les zèbres du Québec.\n")
        assert reindex([folder], index_dir).added == 1


def test_the_merge_written_aside_leaves_out_what_the_commit_deletes(tmp_path, seeds_copy):
    """The child writes the six small segments again while this process deletes a release
    in one of them: the commit takes the child's segment without that release."""
    from whoosh import index as whoosh_index

    from searchapp.index.held import existing_files as _existing_files
    from searchapp.index.reindex import reindex
    from searchapp.index.update import fields_again as _fields_again
    from searchapp.index.write.mergeaside import MergeAside
    from searchapp.search.service import SearchIndex, SearchRequest
    from searchapp.index.write.segmentwriter import LARGEST_MERGE, open_writer
    from searchapp.index.storage import current_generation

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    _one_release_updates(seeds_copy, index_dir, MERGE_FACTOR - 1)
    ix = whoosh_index.open_dir(str(current_generation(index_dir)))
    assert len(ix._segments()) == MERGE_FACTOR
    fields_again = _fields_again(_existing_files(ix))
    aside = MergeAside(ix, fields_again)
    try:
        writer = open_writer(ix)
        writer.delete_by_term("path", str(seeds_copy / "update-01.txt"))
        writer.commit(mergetype=aside.policy(fields_again, LARGEST_MERGE))
    finally:
        aside.close()
    assert aside.used
    written = 5 + MERGE_FACTOR - 1                     # the seeds and the updates, one now deleted
    assert [(s.doc_count_all(), s.doc_count()) for s in ix._segments()] == [(written, written - 1)]
    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="zèbres")).total == MERGE_FACTOR - 2
    assert index.search(SearchRequest(query="numéro 1")).total == 0
    assert index.search(SearchRequest(query="numéro 2")).total == 1


def test_an_update_that_merges_also_replaces_and_removes_releases_of_the_merged_segments(tmp_path, seeds_copy):
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex, SearchRequest

    from conftest import write_release

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    _one_release_updates(seeds_copy, index_dir, MERGE_FACTOR - 1)
    write_release(seeds_copy, "update-00.txt", "Entente révisée\n\nBIOQuébec révise l'entente sur les girafes.\n")
    (seeds_copy / "update-01.txt").unlink()
    write_release(seeds_copy, "new.txt", "Nouvelle entente\n\nBIOQuébec signe une entente sur les lions.\n")
    report = reindex([seeds_copy], index_dir)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    segments = open_live(index_dir)._segments()
    merged = 5 + MERGE_FACTOR - 1
    # the merge written aside (its two releases replaced or removed marked deleted) and the new segment
    assert sorted((s.doc_count_all(), s.doc_count()) for s in segments) == [(2, 2), (merged, merged - 2)]
    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="zèbres")).total == MERGE_FACTOR - 3
    assert index.search(SearchRequest(query="girafes")).total == 1
    assert index.search(SearchRequest(query="lions")).total == 1
    assert index.search(SearchRequest(query="numéro 1")).total == 0


def test_large_segments_have_their_facet_postings_saved_beside_them(tmp_path, seeds_copy, monkeypatch):
    """The reindex saves each large segment's facet postings (here every segment counts as
    large); a searcher takes them from the file; a merged-away segment's file goes with it."""
    import numpy as np
    from whoosh.reading import SegmentReader

    from searchapp.index.read import postings
    from searchapp.index.read import segmentparts
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex, SearchRequest
    from searchapp.index.storage import current_generation

    monkeypatch.setattr(segmentparts, "MIN_DOCS", 1)
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    ix = open_live(index_dir)
    [segment] = ix._segments()
    reader = SegmentReader(ix.storage, ix.schema, segment)
    saved = segmentparts.saved_parts(segment, ix.storage)
    assert set(saved) == {"partner", "region", "year", "month", "lang", "speaker", "type", "group"}
    for name, (terms, docs, numbers) in saved.items():
        read = postings.read_segment_entries(reader, name)
        assert terms == read[0] and np.array_equal(docs, read[1]) and np.array_equal(numbers, read[2])
    postings._segment_parts.clear()
    postings.segment_entries(reader, "partner")           # one field asked: the file gives them all
    assert {key[2] for key in postings._segment_parts if key[0] == segment.segment_id()} == set(saved)
    reader.close()

    _one_release_updates(seeds_copy, index_dir, MERGE_FACTOR)   # merges happen on the way
    ix = open_live(index_dir)
    on_disk = {p.name for p in current_generation(index_dir).glob("*.facets")}
    assert on_disk == {f"{s.segment_id()}.facets" for s in ix._segments()}
    postings._segment_parts.clear()
    with_files = SearchIndex(index_dir).search(SearchRequest(query=""))
    for path in current_generation(index_dir).glob("*.facets"):
        path.unlink()
    postings._segment_parts.clear()
    assert SearchIndex(index_dir).search(SearchRequest(query="")).facets == with_files.facets
