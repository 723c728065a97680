"""Whoosh's segment writer, its postings kept by term and written a block at a time.

Whoosh's writer pools a segment's postings as (field, term, document, weight,
value) tuples, sorts them all when it flushes the segment (a sixth of the
flush), then makes four method calls per posting and asks the segment's
length column for each posting's document length, one small read each. Here
the pool keeps each term's postings together as they come, so only the terms
are sorted, and each term's blocks are handed to the postings writer whole,
with each field's lengths read in one piece. The blocks are Whoosh's, the
small ones left uncompressed (see BlockWriter): the same postings, block by
block (tests/test_fastpath.py compares them, and reads what this writer
writes back through Whoosh's public reader). The fast path: with it off
(index/fastpath.py), open_writer gives Whoosh's own writer.
"""
from __future__ import annotations

import zlib
from array import array
from itertools import groupby
from operator import ge, sub
from pickle import dumps
from typing import Callable, Iterable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3PostingsWriter, _lenfield
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from searchapp.index import fastpath


class TermPool(PostingPool):
    """Whoosh's posting pool, each term's postings kept together as they come: its
    documents, weights and values in three arrays side by side (about 20 bytes a posting,
    where a tuple of three took about 100); spilled to disk as Whoosh's sorted runs if it
    outgrows its limit."""

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[tuple[str, bytes], TermPostings] = {}
        self._term_bytes: dict[str, bytes] = {}

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, tbytes))
        if postings is None:
            postings = self.terms[(fieldname, tbytes)] = _new_postings()
        docs, weights, values = postings
        docs.append(docnum)
        weights.append(weight)
        values.append(vbytes)
        # Whoosh's own estimate of the memory a posting takes, so that limits mean the same
        self.currentsize += 150 + len(fieldname) + 2 * len(tbytes) + len(vbytes or b"")
        if self.currentsize > self.limit:
            self.save()

    def add_positions(self, fieldname: str, docnum: int, positions_by_term: dict[str, list[int]],
                      boost: float, encode: Callable[[list[int]], bytes]) -> int:
        """Add one text field's postings, term -> positions (CachedChain.term_positions);
        returns the field's length. The postings `add` gets from SegmentWriter.add_document
        through a Positions format: weight frequency x boost, value the encoded positions."""
        terms, term_bytes = self.terms, self._term_bytes
        length = size = 0
        for term, positions in positions_by_term.items():
            tbytes = term_bytes.get(term)
            if tbytes is None:
                tbytes = term_bytes[term] = term.encode("utf-8")
            frequency = len(positions)
            vbytes = encode(positions)
            postings = terms.get((fieldname, tbytes))
            if postings is None:
                postings = terms[(fieldname, tbytes)] = _new_postings()
            docs, weights, values = postings
            docs.append(docnum)
            weights.append(float(frequency) * boost)
            values.append(vbytes)
            length += frequency
            size += 2 * len(tbytes) + len(vbytes)
        self.currentsize += size + (150 + len(fieldname)) * len(positions_by_term)
        if self.currentsize > self.limit:
            self.save()
        return length

    def save(self):
        self.current = list(self._postings())
        self.terms = {}
        super().save()

    def items(self, maxfiles=128):
        if not self.runs:
            return sorted(self._postings())
        return super().items(maxfiles)

    def sorted_terms(self) -> list[tuple[tuple[str, bytes], "TermPostings"]]:
        """((field, term bytes), its postings in document order), in field and term order:
        the order SortingPool.items gives (nothing spilled)."""
        terms = sorted(self.terms.items(), key=lambda entry: entry[0])
        for index, (key, (docs, weights, values)) in enumerate(terms):
            if any(map(ge, docs, docs[1:])):     # added in document order: one pass to check
                ordered = sorted(zip(docs, weights, values), key=lambda posting: posting[0])
                terms[index] = (key, (array("q", [p[0] for p in ordered]), array("d", [p[1] for p in ordered]),
                                      [p[2] for p in ordered]))
        return terms

    def _postings(self):
        for (fieldname, tbytes), (docs, weights, values) in self.terms.items():
            for docnum, weight, vbytes in zip(docs, weights, values):
                yield fieldname, tbytes, docnum, weight, vbytes


TermPostings = tuple[array, array, list]      # documents ("q"), weights ("d"), values


def _new_postings() -> TermPostings:
    return array("q"), array("d"), []


class BulkLengthsWriter(SegmentWriter):
    """A SegmentWriter whose pool keeps postings by term and whose flush writes whole blocks,
    reading each field's length column in one piece."""

    def __init__(self, ix, limitmb=128, **options):
        super().__init__(ix, limitmb=limitmb, **options)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        # fields Whoosh's add_document treats in ways add_document below does not
        self._whooshs_own = any(field.separate_spelling() or field.vector for _, field in self.schema.items())

    def add_document(self, **fields):
        """SegmentWriter.add_document, where a text field whose format reads positions
        straight from its analyzer (schema.TermPositions.positions_by_term) puts them in the
        pool in one call: no generator, tuple or call per posting. Boosts, custom stored
        values, spelling and vector fields go through Whoosh's own."""
        if self._whooshs_own or any(name.startswith("_") for name in fields):
            return super().add_document(**fields)
        self._check_state()
        schema, perdocwriter, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    length = self._index(pool, fieldname, field, value, docnum)
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    @staticmethod
    def _index(pool: TermPool, fieldname: str, field, value, docnum: int) -> int:
        """Pool a field's postings; its length (0 unless it is scorable)."""
        format_ = field.format
        by_term = getattr(format_, "positions_by_term", None)
        positions = by_term(value, field.analyzer) if by_term is not None else None
        if positions is not None:
            length = pool.add_positions(fieldname, docnum, positions, format_.field_boost, format_.encode)
            return length if field.scorable else 0
        length = 0
        for tbytes, frequency, weight, vbytes in field.index(value):
            length += frequency
            pool.add((fieldname, tbytes, docnum, float(weight), vbytes))   # Whoosh's weight x 1.0
        return length if field.scorable else 0

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = PreloadedLengths(reader) if reader is not None else None
        if self.pool.runs or type(self.fieldwriter) is not W3FieldWriter:
            # postings spilled to disk, or another codec: Whoosh's own way
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        else:
            write_term_blocks(self.fieldwriter, self.schema, lengths, self.pool.sorted_terms())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


def write_term_blocks(fieldwriter: W3FieldWriter, schema, lengths: "PreloadedLengths | None",
                      terms: Iterable[tuple[tuple[str, bytes], "TermPostings"]]) -> None:
    """FieldWriter.add_postings for postings grouped by term (TermPool.sorted_terms), each
    term's postings given to the postings writer a block at a time.

    Its state after each block is what add_posting's calls would have left: the
    ids and weights arrays, the non-empty values, the largest weight (from 0),
    and the shortest and longest non-zero field lengths (None and 0 if none)."""
    for fieldname, in_field in groupby(terms, key=lambda entry: entry[0][0]):
        fieldwriter.start_field(fieldname, schema[fieldname])
        fieldwriter._postwriter = BlockWriter.like(fieldwriter._postwriter)
        column = lengths.column(fieldname) if lengths is not None else None
        for (_, term), (docnums, weights, values) in in_field:
            if docnums[0] == -1:              # Whoosh's marks of a spelling word come first: not postings
                kept = [i for i, docnum in enumerate(docnums) if docnum != -1]
                if not kept:
                    continue
                docnums, weights, values = ([part[i] for i in kept] for part in (docnums, weights, values))
            fieldwriter.start_term(term)
            _write_blocks(fieldwriter._postwriter, docnums, weights, values, column)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _write_blocks(writer: W3PostingsWriter, docnums, weights, values, column: bytes | None) -> None:
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()             # the previous block was full
        end = start + limit
        block_weights = weights[start:end]
        writer._ids = array("I", docnums[start:end])
        writer._weights = array("f", block_weights)
        writer._values = [value for value in values[start:end] if value]
        writer._maxweight = max(0, max(block_weights))
        if column is not None:
            size = len(column)
            stored = [column[docnum] for docnum in docnums[start:end] if docnum < size and column[docnum]]
            if stored:
                writer._minlength = byte_to_length(min(stored))
                writer._maxlength = byte_to_length(max(stored))


# Under this many bytes a block's pickle is written as it is: per 1,000 bench releases, the
# 8,423 blocks (of 12,241) under 64 bytes take 165 KB as they are and took 223 KB compressed,
# and each call set up a deflate stream (about 18 µs; a fifth of the segment's flush).
COMPRESS_FROM = 64
# Whoosh pickles a block with protocol 2, where each of its values (a posting's positions, as
# bytes) is saved as a call to codecs.encode on a latin-1 string, and is unpickled by calling
# it again; protocol 3 saves bytes as they are. The rest of the pickle is the same opcodes.
BLOCK_PROTOCOL = 3


class BlockWriter(W3PostingsWriter):
    """Whoosh 3's postings writer, the same blocks, pickled with protocol 3, and a block
    whose pickle is small is not compressed. A block's header says whether it is, for every
    reader; Whoosh's own writer meant to skip blocks under 20 bytes, then compressed them
    anyway. Any pickle protocol unpickles the same."""

    @classmethod
    def like(cls, writer: W3PostingsWriter) -> "BlockWriter":
        return cls(writer._postfile, writer._blocklimit, byteids=writer._byteids,
                   compression=writer._compression, inlinelimit=writer._inlinelimit)

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), BLOCK_PROTOCOL)
        comp = self._compression if len(databytes) >= COMPRESS_FROM else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp,
                           length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _mini_ids(self):
        """Whoosh's gaps (the first id from 0), subtracted in one pass."""
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return (ids[0], *map(sub, ids[1:], ids)) if ids else ()

    def _mini_weights(self):
        """None when every weight is 1, the weight when all are the same, else all of them."""
        weights, count = self._weights, len(self._weights)
        if weights.count(1.0) == count:
            return None
        if weights.count(weights[0]) == count:
            return weights[0]
        return tuple(weights)


_UNREAD = object()


class PreloadedLengths:
    """doc_field_length of a per-document reader, from each length column read whole."""

    def __init__(self, reader):
        self._reader = reader
        self._columns: dict[str, bytes | None] = {}

    def column(self, fieldname: str) -> bytes | None:
        """The field's length bytes, one per document (None: the field keeps no lengths)."""
        column = self._columns.get(fieldname, _UNREAD)
        if column is _UNREAD:
            column = self._columns[fieldname] = self._load(fieldname)
        return column

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        column = self.column(fieldname)
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


def open_writer(ix, **options):
    """A writer of the index with Whoosh's own lock and options: BulkLengthsWriter when the fast
    path serves (index/fastpath.py), else Whoosh's own writer, ix.writer(**options)."""
    if fastpath.enabled():
        return BulkLengthsWriter(ix, **options)
    return ix.writer(**options)


def segment_writer_class():
    """The writer class of one segment (workers, merges aside): ours on the fast path, else Whoosh's."""
    return BulkLengthsWriter if fastpath.enabled() else SegmentWriter
