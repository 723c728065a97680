"""A field's terms and the documents holding each, from Whoosh 3's term index, per segment.

A term's first and last document are in its term info, so the postings of
terms held by one or two documents (most facet values) are not read; a
field's terms are contiguous in the term index, so their range is read at
once. A segment never changes once written, so its part is remembered by
segment id across readers (segment_entries), or read from the file the
reindex saved beside it (segmentparts.py). Relies on the Whoosh 3 codec
(index/fastpath.py gates it); read/plain.py is the public-API equivalent.
"""
from __future__ import annotations

import struct
import threading
from collections import OrderedDict

import numpy as np

from searchapp.index.read.blocks import matcher_docs


def field_entries(reader, fieldname: str, min_docs: int = 1) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every (document, value) posting of an indexed field, deleted documents included.

    Returns the distinct values and two parallel arrays: the document and the
    value number of each posting. With min_docs=2, values held by a single
    document in the whole reader are left out (they cannot form a group).
    Each segment's part is remembered (segment_entries), so after a reindex
    only the segments it wrote are read.
    """
    numbers: dict[bytes, int] = {}
    doc_parts, number_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for leaf, offset in reader.leaf_readers():
        terms, docs, local = segment_entries(leaf, fieldname)
        if not len(terms):
            continue
        renumber = np.fromiter((numbers.setdefault(term, len(numbers)) for term in terms),
                               dtype=np.int32, count=len(terms))
        doc_parts.append(docs + offset)
        number_parts.append(renumber[local])
    values = [b.decode("utf-8") for b in numbers]
    docs = np.concatenate(doc_parts)
    found = np.concatenate(number_parts)
    if min_docs > 1 and len(found):
        keep = np.bincount(found, minlength=len(values))[found] >= min_docs
        docs, found = docs[keep], found[keep]
    return values, docs, found


def live_terms(reader, fieldname: str) -> list[str]:
    """The terms of a field that at least one live (not deleted) document holds."""
    from searchapp.index import fastpath

    if not fastpath.enabled():
        from searchapp.index.read import plain

        return plain.live_terms(reader, fieldname)
    values, docs, numbers = field_entries(reader, fieldname)
    if not reader.has_deletions():
        return values
    held = np.bincount(numbers[live_mask(reader)[docs]], minlength=len(values)) > 0
    return [value for value, alive in zip(values, held.tolist()) if alive]


def live_mask(reader) -> np.ndarray:
    """True for each live document of the reader, from each segment's set of deleted ones."""
    live = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, offset in reader.leaf_readers():
        if leaf.has_deletions():
            live[np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset] = False
    return live


SEGMENT_ENTRIES_KEPT = 512      # (segment, field) parts remembered, most recently used
_segment_parts: OrderedDict = OrderedDict()
_segment_parts_lock = threading.Lock()


def segment_entries(leaf, fieldname: str) -> tuple[list[bytes], np.ndarray, np.ndarray]:
    """(terms, documents, term numbers) of a field's postings in one segment.

    A segment never changes once written (deletions are kept apart, and these
    include deleted documents), so its part is remembered by segment id across
    readers and index generations: a web worker's first search after a
    10-release reindex of 100,000 releases reads ten releases' facet postings,
    not 100,000.
    """
    segment = leaf.segment() if callable(getattr(leaf, "segment", None)) else None
    key = (segment.segment_id(), leaf.doc_count_all(), fieldname) if segment is not None else None
    if key is None:
        return read_segment_entries(leaf, fieldname)
    with _segment_parts_lock:
        part = _segment_parts.get(key)
        if part is not None:
            _segment_parts.move_to_end(key)
            return part
    from searchapp.index.read.segmentparts import saved_parts

    # the reindex that wrote a large segment saved its parts beside it
    saved = saved_parts(segment, getattr(leaf, "_storage", None)) or {}
    parts = {(key[0], key[1], name): value for name, value in saved.items()}
    parts[key] = part = parts.get(key) or read_segment_entries(leaf, fieldname)
    with _segment_parts_lock:
        _segment_parts.update(parts)
        while len(_segment_parts) > SEGMENT_ENTRIES_KEPT:
            _segment_parts.popitem(last=False)
    return part


def forget_segments() -> None:
    """Drop the remembered segment parts (the next reads go to the files)."""
    with _segment_parts_lock:
        _segment_parts.clear()


def read_segment_entries(leaf, fieldname: str) -> tuple[list[bytes], np.ndarray, np.ndarray]:
    """A term's first and last document are in its term info, so the postings of terms held
    by one or two documents (most facet values) are not read."""
    terms: list[bytes] = []
    docs_list: list[int] = []          # postings of terms held by one or two documents
    numbers_list: list[int] = []
    bulk: list[tuple[int, np.ndarray]] = []
    for btext, docs in _leaf_field(leaf, fieldname):
        number = len(terms)
        terms.append(btext)
        if isinstance(docs, tuple):
            docs_list.extend(docs)
            numbers_list.extend((number,) * len(docs))
        else:
            bulk.append((number, docs))
    docs = np.concatenate([np.asarray(docs_list, dtype=np.int64)] + [docs for _, docs in bulk])
    numbers = np.concatenate([np.asarray(numbers_list, dtype=np.int32)] + [
        np.full(len(docs), number, dtype=np.int32) for number, docs in bulk])
    return terms, docs, numbers


_TERMINFO = struct.Struct("!BfIBBfII")   # Whoosh 3 codec: flags, weight, df, min/max length, max weight, min/max id


def _leaf_field(leaf, fieldname: str):
    """(term, document numbers in the leaf) for every term of a field in one segment."""
    terms = getattr(leaf, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    fieldmap = getattr(terms, "_fieldmap", None)
    if tindex is None or fieldmap is None or not hasattr(tindex, "items_from"):
        if fieldname in leaf.schema:
            for btext in leaf.lexicon(fieldname):
                yield btext, np.fromiter(leaf.postings(fieldname, btext).all_ids(), dtype=np.int64)
        return
    if fieldname not in fieldmap:
        return
    from whoosh.codec.whoosh3 import W3TermInfo

    prefix = terms._keycoder(fieldname, b"")
    fmt = leaf.schema[fieldname].format
    unpack, size = _TERMINFO.unpack, _TERMINFO.size
    for key, value in _field_items(tindex, prefix):
        if key[:2] != prefix:
            return
        flags, _, df, _, _, _, first, last = unpack(value[:size])
        if not flags and df == 1 and first != 0xFFFFFFFF:
            yield key[2:], (first,)
        elif not flags and df == 2 and first != 0xFFFFFFFF and last != 0xFFFFFFFF:
            yield key[2:], (first, last)
        else:
            info = W3TermInfo.from_bytes(value)
            matcher = terms._codec.postings_reader(terms._postfile, info, fmt, term=(fieldname, key[2:]))
            yield key[2:], matcher_docs(matcher)


_ITEM_LENGTHS = struct.Struct("!ii")      # Whoosh's hash file: key length, value length, then both


def _field_items(tindex, prefix: bytes):
    """(key, value) of the terms index from `prefix` on, the field's whole range read at once.

    Whoosh's items_from reads each key and value with its own file read; a
    field's terms are contiguous, so one read of their range does it.
    """
    try:
        start = tindex.closest_key_pos(prefix)
        following = tindex.closest_key_pos(struct.pack("!H", struct.unpack("!H", prefix)[0] + 1))
        end = tindex.endofdata if following is None else following
        if start is None:
            return
        data = tindex.dbfile.get(start, end - start)
    except (AttributeError, struct.error):
        yield from tindex.items_from(prefix)
        return
    unpack, size, pos = _ITEM_LENGTHS.unpack_from, _ITEM_LENGTHS.size, 0
    while pos < len(data):
        keylen, valuelen = unpack(data, pos)
        pos += size
        yield data[pos:pos + keylen], data[pos + keylen:pos + keylen + valuelen]
        pos += keylen + valuelen
