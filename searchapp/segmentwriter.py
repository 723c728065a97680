"""Whoosh's segment writer, with the field lengths read once per field when a segment is flushed.

When it flushes a segment, Whoosh's writer asks the segment's length column for
the length of the document of every posting, one small file read each: a
quarter of the time of writing a release. Here each field's lengths are read
in one piece the first time they are asked for; the values are the same.
"""
from __future__ import annotations

from typing import Callable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter


class BulkLengthsWriter(SegmentWriter):
    """A SegmentWriter whose flush reads each field's length column in one piece."""

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = PreloadedLengths(reader) if reader is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


_UNREAD = object()


class PreloadedLengths:
    """doc_field_length of a per-document reader, from each length column read whole."""

    def __init__(self, reader):
        self._reader = reader
        self._columns: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        column = self._columns.get(fieldname, _UNREAD)
        if column is _UNREAD:
            column = self._columns[fieldname] = self._load(fieldname)
        if column is None:
            return default
        byte = column[docnum] if docnum < len(column) else 0
        # Whoosh's reader gives None, not the default, for a zero length byte: same here.
        return byte_to_length(byte) if byte else None

    def _load(self, fieldname: str) -> bytes | None:
        column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        return bytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))


def open_writer(ix, **options) -> BulkLengthsWriter:
    """ix.writer(**options), with the bulk-length flush (Whoosh's own lock and options)."""
    return BulkLengthsWriter(ix, **options)


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
