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


SMALL_SEGMENT = 1000      # documents: merged by writing their stored records again


def merge_small_again(fields_of: Callable[[dict], dict | None]):
    """A merge policy: Whoosh's MERGE_SMALL choice of segments, but each chosen segment below
    SMALL_SEGMENT documents is merged by adding its live documents again (fields_of(stored
    fields) -> the fields to index, or None if unknown: then that segment is merged by Whoosh).

    Whoosh's merge reads a segment's every term with its own posting reader: a small
    update's segment of 10 releases holds thousands of terms, and merging a few of
    them cost about 1 s at 100,000 releases; writing 60 releases again costs 0.3 s.
    """
    from whoosh.reading import SegmentReader
    from whoosh.util import fib

    def policy(writer, segments):
        chosen, kept, total = [], [], 0
        for i, segment in enumerate(sorted(segments, key=lambda s: s.doc_count_all())):
            total += segment.doc_count_all()
            if chosen is None:
                kept.append(segment)
                continue
            chosen.append(segment)
            if i > 3 and total < fib(i + 5):          # MERGE_SMALL's merge point
                merging, chosen = chosen, None
        if chosen is not None:                          # no merge point: nothing merged
            return segments
        for segment in merging:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                documents = ([fields_of(reader.stored_fields(docnum)) for docnum in range(segment.doc_count_all())
                              if not reader.is_deleted(docnum)]
                             if segment.doc_count_all() < SMALL_SEGMENT else [None])
                if None in documents:
                    writer.add_reader(reader)
                    continue
                for fields in documents:
                    writer.add_document(**fields)
            finally:
                reader.close()
        return kept

    return policy
