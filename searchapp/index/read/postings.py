"""Whoosh's posting lists, columns and term infos read as numpy arrays.

Reading a posting list a block at a time (Whoosh's block reader, the block's
gaps and weights read from its pickle in place where it has Whoosh's usual
shape, its positions left unread, the gaps summed by numpy) instead of one
posting at a time, and a field's terms from the term index (a term's first and
last document are in its term info), costs a small fraction of going through
Whoosh's matchers. For a phrase, the positions of all the postings read for a
term in a segment are unpickled in one call and summed by numpy
(leaf_position_arrays).
Everything here relies on the Whoosh 3 codec (whoosh-reloaded 2.7.5, pinned)
and falls back to Whoosh's public API where a reader is something else.
"""
from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from functools import lru_cache
from itertools import accumulate, chain
from pickle import loads

import numpy as np
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

POSTINGS_CACHE_BYTES = 48 * 1024 * 1024   # posting lists kept per reader (most recently used)
TERM_STATS_KEPT = 200_000                  # terms whose statistics are kept per reader (then begun again)


def leaf_term_docs(segment_reader, fieldname: str, btext: bytes) -> np.ndarray:
    """Document numbers (deleted ones included) of a term in one segment."""
    return leaf_term_postings(segment_reader, fieldname, btext)[0]


def leaf_term_postings(segment_reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (deleted ones included) of a term in one segment, and its weight in each."""
    try:
        matcher = segment_reader._terms.matcher(fieldname, btext, segment_reader.schema[fieldname].format)
    except AttributeError:
        matcher = segment_reader.postings(fieldname, btext)
    return _matcher_postings(matcher)


def _matcher_docs(matcher) -> np.ndarray:
    """All the ids of a fresh posting matcher."""
    return _matcher_postings(matcher)[0]


def _matcher_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All the (ids, weights) of a fresh posting matcher, a block at a time for Whoosh's block reader."""
    if not hasattr(matcher, "_next_block") or not hasattr(matcher, "_read_data"):
        docs, weights = [], []
        while matcher.is_active():
            docs.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.asarray(docs, dtype=np.int64), np.asarray(weights, dtype=np.float32)
    firsts, gaps, weights, last = [], [], [], 0
    while matcher.is_active():
        # Each block's ids are gaps from the previous id, the first counted from 0: made
        # relative to the last block's last id (in its header), one cumsum does every block.
        first, block_gaps, block_weights = _block_postings(matcher)
        firsts.append(first - last)
        last = matcher._maxid
        gaps.append(block_gaps)
        weights.append(block_weights)
        matcher._next_block()
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    before = np.cumsum([0, *(len(g) for g in gaps[:-1])])     # gaps ahead of each block's first
    steps = np.insert(np.concatenate(gaps).astype(np.int64), before, firsts)
    return np.cumsum(steps), np.concatenate(weights).astype(np.float32)


def _block_postings(matcher) -> tuple[int, np.ndarray, np.ndarray]:
    """The current block's first id, its other ids' gaps and its weights. Read from the
    block's pickle where it has Whoosh's usual shape (regular_block), without unpickling
    the positions that follow, which unpickle through a function call each; else
    unpickled as Whoosh does."""
    if matcher._data is None:
        data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        if matcher._compression:
            data = zlib.decompress(data)
        found = regular_block(data, matcher._blocklength)
        if found is not None:
            return found
        matcher._data = loads(data)
    ids, weights = matcher._data[0], matcher._data[1]
    if weights is None:
        weights = np.ones(len(ids), dtype=np.float32)
    elif isinstance(weights, float):
        weights = np.full(len(ids), weights, dtype=np.float32)
    else:
        weights = np.asarray(weights, dtype=np.float32)
    return int(ids[0]), np.asarray(ids[1:], dtype=np.int64), weights


_BLOCK_HEADS = (b"\x80\x02(", b"\x80\x03(")     # pickle protocol 2 or 3, then a mark
_FIRST_GAP = {ord("K"): struct.Struct("<B"), ord("M"): struct.Struct("<H"), ord("J"): struct.Struct("<i")}
_FLOAT_RECORD = np.dtype([("op", "u1"), ("value", ">f8")])    # pickle's BINFLOAT: "G", 8 bytes


@lru_cache(maxsize=None)
def _run(op: bytes, count: int) -> bytes:
    return op * count


def regular_block(data: bytes, count: int) -> tuple[int, np.ndarray, np.ndarray] | None:
    """(first id, other ids' gaps, weights) from the start of a Whoosh 3 block's pickle,
    (gaps, weights, values) in protocol 2 (Whoosh's) or 3 (segmentwriter's), which differ in
    how the values are saved, not before them, when it has the usual shape: more than three
    postings, every gap after the first below 256 (one BININT1 each), weights None, one
    float or one float per posting. None otherwise (the caller unpickles)."""
    if count <= 3 or data[:3] not in _BLOCK_HEADS:
        return None
    first_gap = _FIRST_GAP.get(data[3])
    if first_gap is None:
        return None
    start = 4 + first_gap.size                     # the other gaps: BININT1 and a byte each
    end = start + 2 * (count - 1)
    if data[start:end:2] != _run(b"K", count - 1) or data[end:end + 1] != b"t":
        return None
    gaps = np.frombuffer(data[start + 1:end:2], dtype=np.uint8)
    at = end + 1
    if data[at:at + 1] == b"q":                    # the tuple's memo entry (BINPUT or LONG_BINPUT)
        at += 2
    elif data[at:at + 1] == b"r":
        at += 5
    kind = data[at:at + 1]
    first = first_gap.unpack_from(data, 4)[0]
    if kind == b"N":
        return first, gaps, np.ones(count, dtype=np.float32)
    if kind == b"G":
        return first, gaps, np.full(count, struct.unpack_from(">d", data, at + 1)[0], dtype=np.float32)
    end = at + 1 + 9 * count
    if kind != b"(" or data[at + 1:end:9] != _run(b"G", count) or data[end:end + 1] != b"t":
        return None
    return first, gaps, np.frombuffer(data, dtype=_FLOAT_RECORD, count=count, offset=at + 1)["value"]


def _has_term(leaf, fieldname: str, btext: bytes) -> bool:
    terms = getattr(leaf, "_terms", None)
    return (fieldname, btext) in terms if terms is not None else (fieldname, btext) in leaf


class Postings:
    """Posting lists of one reader as arrays, with a most-recently-used cache bounded in bytes."""

    def __init__(self, reader, live: np.ndarray):
        self.reader = reader
        self.live = live
        self.size = len(live)
        self.leaves = list(reader.leaf_readers())
        self._cache: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_bytes = 0
        self._lengths: dict[str, np.ndarray] = {}
        self._stats: dict[tuple[str, bytes], tuple[int, float]] = {}
        self.phrases: dict[tuple, np.ndarray] = {}
        self.deadline: float | None = None     # set while a search with a time limit matches
        self.timed_out = False                 # the deadline cut a phrase's check (docsets.phrase_docs)
        self.phrase_progress: dict[tuple, tuple[np.ndarray, int]] = {}   # phrases cut: found, next leaf

    def term(self, fieldname: str, text) -> np.ndarray:
        """Mask of the live documents holding the term (a fresh array the caller may change)."""
        docs, _ = self.term_weights(fieldname, text)
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        return mask

    def term_weights(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """The live documents holding the term, ascending, and the term's weight in each."""
        btext = text if isinstance(text, bytes) else self.reader.schema[fieldname].to_bytes(text)
        key = (fieldname, btext)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        doc_parts, weight_parts = [], []
        for leaf, offset in self.leaves:
            if _has_term(leaf, fieldname, btext):
                docs, weights = leaf_term_postings(leaf, fieldname, btext)
                doc_parts.append(docs + offset)
                weight_parts.append(weights)
        if doc_parts:
            docs, weights = np.concatenate(doc_parts), np.concatenate(weight_parts)
            keep = self.live[docs]
            found = (docs[keep].astype(np.int32), weights[keep])
        else:
            found = (np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32))
        self._cache[key] = found
        self._cached_bytes += found[0].nbytes + found[1].nbytes
        while self._cached_bytes > POSTINGS_CACHE_BYTES and len(self._cache) > 1:
            _, (old_docs, old_weights) = self._cache.popitem(last=False)
            self._cached_bytes -= old_docs.nbytes + old_weights.nbytes
        return found

    def term_stats(self, fieldname: str, text) -> tuple[int, float]:
        """How many documents hold the term and its total weight, deleted documents included,
        the sums Whoosh's reader gives (doc_frequency, frequency). Kept: a release page asks
        for every word of a release, and one lookup is one read per segment."""
        btext = text if isinstance(text, bytes) else self.reader.schema[fieldname].to_bytes(text)
        key = (fieldname, btext)
        found = self._stats.get(key)
        if found is None:
            docs, weight = 0, 0
            for leaf, _ in self.leaves:
                try:
                    info = leaf.term_info(fieldname, btext)
                except TermNotFound:
                    continue
                docs += info.doc_frequency()
                weight += info.weight()
            if len(self._stats) >= TERM_STATS_KEPT:
                self._stats.clear()
            found = self._stats[key] = (docs, weight)
        return found

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in a field as Whoosh's scorer sees it (one byte, decoded)."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size)
            for leaf, offset in self.leaves:
                count = leaf.doc_count_all()
                found[offset:offset + count] = _leaf_lengths(leaf, fieldname, count)
            self._lengths[fieldname] = found
        return found


def _leaf_lengths(leaf, fieldname: str, count: int) -> np.ndarray:
    from whoosh.util.numeric import byte_to_length

    table = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
    lengths = np.array([leaf.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)],
                       dtype=np.float64) if not hasattr(leaf, "_perdoc") else None
    if lengths is not None:
        return lengths
    column = leaf._perdoc._cached_reader(f"_{fieldname}_len", _lengths_column())
    if column is None:
        return np.zeros(count)
    raw = getattr(column, "_dbfile", None)
    if raw is not None and getattr(column, "_fixedlen", None) == 1:
        stored = min(count, column._count)
        codes = np.zeros(count, dtype=np.uint8)
        codes[:stored] = np.frombuffer(raw.get(column._basepos, stored), dtype=np.uint8)
    else:
        codes = np.array([column[doc] for doc in range(count)], dtype=np.uint8)
    return table[codes]


def _lengths_column():
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def leaf_term_positions(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> dict[int, frozenset[int]]:
    """Positions of a term in the given (sorted, leaf-local) documents, decoding only their postings."""
    fmt = leaf.schema[fieldname].format
    matcher = _block_matcher(leaf, fieldname, btext, fmt)
    if matcher is None:
        return _matcher_positions(leaf, fieldname, btext, docs)
    found_docs, values = _wanted_values(matcher, docs)
    return {doc: _positions(fmt, value) for doc, value in zip(found_docs, values)}


def leaf_position_arrays(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (document, position) pairs of a term in the given (sorted, leaf-local) documents,
    as two parallel arrays; for a phrase over many documents, where decoding each
    posting's positions on its own was most of the time."""
    fmt = leaf.schema[fieldname].format
    matcher = _block_matcher(leaf, fieldname, btext, fmt) if plain_positions(fmt) else None
    if matcher is None:
        found = leaf_term_positions(leaf, fieldname, btext, docs)
        lists = [sorted(found[doc]) for doc in found]
        found_docs = list(found)
    else:
        found_docs, values = _wanted_values(matcher, docs)
        lists = _gap_lists(values)
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
    if matcher is not None:           # gaps: summed within each posting
        sums = np.concatenate(([0], np.cumsum(flat)))
        flat = sums[1:] - np.repeat(sums[(np.cumsum(lengths) - lengths)], lengths)
    return np.repeat(np.asarray(found_docs, dtype=np.int64), lengths), flat


def _block_matcher(leaf, fieldname: str, btext: bytes, fmt):
    """Whoosh 3's block matcher of a term, or None where the reader is something else."""
    matcher = leaf._terms.matcher(fieldname, btext, fmt) if hasattr(leaf, "_terms") else None
    if matcher is None or not hasattr(matcher, "_maxid") or not hasattr(matcher, "_read_data"):
        return None
    return matcher


def _matcher_positions(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> dict[int, frozenset[int]]:
    matcher = leaf.postings(fieldname, btext)
    found: dict[int, frozenset[int]] = {}
    for doc in docs.tolist():
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        if matcher.is_active() and matcher.id() == doc:
            found[doc] = frozenset(matcher.value_as("positions"))
    return found


def _wanted_values(matcher, docs: np.ndarray) -> tuple[list[int], list[bytes]]:
    """The encoded values of the postings of the given (sorted) documents, block by block."""
    found_docs: list[int] = []
    values: list[bytes] = []
    i = 0
    while matcher.is_active() and i < len(docs):
        last = matcher._maxid
        if last < docs[i]:
            matcher._next_block()
            continue
        if matcher._data is None:
            matcher._read_data()
        ids = np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))
        j = int(np.searchsorted(docs, last, side="right"))
        wanted = docs[i:j]
        at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
        held = ids[at] == wanted
        found_docs += wanted[held].tolist()
        block_values = matcher._data[2]
        values += [block_values[k] for k in at[held].tolist()]
        i = j
        matcher._next_block()
    return found_docs, values


def plain_positions(fmt) -> bool:
    """Whether a field's postings hold positions as Whoosh's Positions format writes them
    (that format, or a subclass that only writes them faster, as schema.TermPositions)."""
    return isinstance(fmt, Positions) and type(fmt).decode_positions is Positions.decode_positions


def _positions(fmt, value: bytes) -> frozenset[int]:
    """Whoosh's Positions.decode_positions (frequency, then pickled gaps), summed in C."""
    if not plain_positions(fmt):
        return frozenset(fmt.decode_positions(value))
    return frozenset(accumulate(_gaps(value)))


def _gaps(value: bytes) -> list[int]:
    """One Positions value's gaps: a count, then a pickled list (older codecs drop the stop)."""
    return loads(value[4:] if value.endswith(b".") else value[4:] + b".")


_PICKLE_HEAD = b"\x80\x02"       # pickle protocol 2, as Positions.encode writes its gap lists


def _gap_lists(values: list[bytes]) -> list[list[int]]:
    """The gap lists of many Positions values, unpickled in one call.

    Each value is a count, then a pickled list. Their bodies (without the
    protocol header and the stop) go between a mark and a "list" opcode: one
    pickle of a list of lists. Values of another shape are unpickled one by one.
    """
    if not values:
        return []
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)))
    starts = np.concatenate(([0], ends[:-1]))
    if (ends - starts < 7).any() or (joined[starts + 4] != 0x80).any() or (joined[starts + 5] != 2).any():
        return [_gaps(value) for value in values]
    keep = np.ones(len(joined), dtype=bool)
    for skip in range(6):
        keep[starts + skip] = False
    keep[(ends - 1)[joined[ends - 1] == ord(".")]] = False
    return loads(_PICKLE_HEAD + b"(" + joined[keep].tobytes() + b"l.")


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
            yield key[2:], _matcher_docs(matcher)


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


def numeric_column(reader, fieldname: str) -> np.ndarray:
    """Every document's value of a sortable numeric field (0 where it has none), read in bulk."""
    size = reader.doc_count_all()
    out = np.zeros(size, dtype=np.int64)
    field = reader.schema[fieldname]
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        raw = None
        if perdoc is not None and perdoc.has_column(fieldname):
            column = perdoc.column_reader(fieldname, field.column_type)
            if all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count", "_typecode", "_default")):
                raw = np.full(count, column._default, dtype=np.int64)
                stored = min(count, column._count)
                data = column._dbfile.get(column._basepos, stored * struct.calcsize(column._typecode))
                raw[:stored] = np.frombuffer(data, dtype=np.dtype(">" + column._typecode)).astype(np.int64)
        if raw is None:
            values = leaf.column_reader(fieldname)
            out[offset:offset + count] = [values[doc] or 0 for doc in range(count)]
            continue
        unique, inverse = np.unique(raw, return_inverse=True)
        translated = np.array([field.from_column_value(int(u)) or 0 for u in unique], dtype=np.int64)
        out[offset:offset + count] = translated[inverse]
    return out


def live_terms(reader, fieldname: str) -> list[str]:
    """The terms of a field that at least one live (not deleted) document holds."""
    values, docs, numbers = field_entries(reader, fieldname)
    if not reader.has_deletions():
        return values
    live = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, offset in reader.leaf_readers():
        if leaf.has_deletions():
            live[np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset] = False
    held = np.bincount(numbers[live[docs]], minlength=len(values)) > 0
    return [value for value, alive in zip(values, held.tolist()) if alive]
