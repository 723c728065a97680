"""Whoosh's segment writer, with the field lengths read once per field when a segment is flushed.

When it flushes a segment, Whoosh's writer asks the segment's length column for
the length of the document of every posting, one small file read each: a
quarter of the time of writing a release. Here each field's lengths are read
in one piece the first time they are asked for; the values are the same.
"""
from __future__ import annotations

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
