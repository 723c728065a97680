"""The merge policy of a commit: which segments it merges, and merging them by writing again.

Whoosh's own policy (MERGE_SMALL) merges whatever the smallest segments add
up to; this one merges segments of one size class at a time within a
budget (segments_to_merge), so a small update of a large archive stays
within seconds. It only uses Whoosh's public merge hook (a commit's
mergetype) and readers, so it serves with the fast path on or off.
"""
from __future__ import annotations

from typing import Callable

MERGE_FACTOR = 6          # segments of one size class merged together
LARGEST_MERGE = 1000      # releases: a small update never merges more


def size_class(releases: int) -> int:
    """0 below 6 releases, 1 below 36, 2 below 216...: each class MERGE_FACTOR times the last."""
    size_class, bound = 0, MERGE_FACTOR
    while releases >= bound:
        size_class, bound = size_class + 1, bound * MERGE_FACTOR
    return size_class


def merge_budget(written: int) -> int:
    """The most releases a commit that writes `written` releases merges: work in proportion."""
    return max(LARGEST_MERGE, MERGE_FACTOR * written)


def segments_to_merge(sizes: list[int], budget: int = LARGEST_MERGE) -> list[int]:
    """Which segments (indexes into sizes, live releases each) a commit merges.

    The smallest size class holding MERGE_FACTOR segments has its MERGE_FACTOR
    smallest merged, unless they hold more than `budget` releases. A release is
    written again once per class it climbs, and a small update writes at most
    LARGEST_MERGE again (about 6 ms each), so it stays within seconds on a large
    archive; larger segments are merged by larger updates (see merge_budget).
    Whoosh's MERGE_SMALL merged whatever the smallest segments added up to: for
    a thousand 10-release updates of 100,000 releases, merges of 300, 1,400 and
    6,700 releases.
    """
    classes: dict[int, list[int]] = {}
    for index in sorted(range(len(sizes)), key=lambda i: sizes[i]):
        classes.setdefault(size_class(sizes[index]), []).append(index)
    for _, members in sorted(classes.items()):
        group = members[:MERGE_FACTOR]
        if len(group) == MERGE_FACTOR and sum(sizes[i] for i in group) <= budget:
            return group
    return []


def chosen_segments(segments: list, budget: int = LARGEST_MERGE) -> tuple[list, list]:
    """(the segments holding a live document, those of them segments_to_merge chooses)."""
    live = [segment for segment in segments if segment.doc_count() > 0]
    return live, [live[i] for i in sorted(segments_to_merge([segment.doc_count() for segment in live], budget))]


def live_fields(reader, fields_of: Callable[[dict], dict | None]) -> list[dict] | None:
    """The fields to index again of a segment reader's live documents, in order; None if
    fields_of knows one of them not (it returns None for it)."""
    documents = []
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            fields = fields_of(reader.stored_fields(docnum))
            if fields is None:
                return None
            documents.append(fields)
    return documents


def tiered_merge(fields_of: Callable[[dict], dict | None], budget: int = LARGEST_MERGE):
    """A Whoosh merge policy: chosen_segments' choice (within budget), each chosen segment merged
    by adding its live documents again (live_fields; a segment with a document fields_of does
    not know is merged by Whoosh itself). Segments left with no live document are dropped.

    Whoosh's merge reads a segment's every term with its own posting reader: a small
    update's segment of 10 releases holds thousands of terms, and merging a few of
    them cost about 1 s at 100,000 releases; writing 60 releases again costs 0.3 s.
    """
    from whoosh.reading import SegmentReader

    def policy(writer, segments):
        live, chosen = chosen_segments(segments, budget)
        for segment in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                documents = live_fields(reader, fields_of)
                if documents is None:
                    writer.add_reader(reader)
                    continue
                for fields in documents:
                    writer.add_document(**fields)
            finally:
                reader.close()
        return [segment for segment in live if segment not in chosen]

    return policy
