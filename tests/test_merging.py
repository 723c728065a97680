"""Which segments a commit merges: bounded work per update, a bounded number of segments."""
from searchapp.segmentwriter import LARGEST_MERGE, MERGE_FACTOR, merge_budget, segments_to_merge, size_class


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
    assert size_class(0) == size_class(1) == size_class(7) == 0
    assert size_class(8) == size_class(63) == 1
    assert size_class(64) == 2
    assert size_class(100_000) == 5


def test_nothing_is_merged_until_a_class_holds_enough_segments():
    assert segments_to_merge([50_000] + [10] * (MERGE_FACTOR - 1)) == []
    chosen = segments_to_merge([50_000] + [10] * MERGE_FACTOR)
    assert sorted(chosen) == list(range(1, MERGE_FACTOR + 1))


def test_the_smallest_full_class_is_merged_first_and_large_merges_are_left_alone():
    sizes = [100] * MERGE_FACTOR + [5] * MERGE_FACTOR
    assert sorted(sizes[i] for i in segments_to_merge(sizes)) == [5] * MERGE_FACTOR
    assert segments_to_merge([600] * MERGE_FACTOR) == []        # 4,800 releases: over LARGEST_MERGE


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
    """Updates of 300 releases: merges grow with them (to 2,400 releases), so there is
    at most one segment per 2,400 releases besides the few small ones."""
    sizes, merges = _updates([5], batch=300, count=100)
    assert sum(sizes) == 30_005 and max(merges) == merge_budget(300) == 2400
    assert len(sizes) <= 2 * MERGE_FACTOR + 30_005 // 2400 + 1
