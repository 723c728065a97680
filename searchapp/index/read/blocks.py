"""Whoosh 3's posting blocks decoded in bulk: a block's ids and weights, a posting's positions.

Whoosh's block matcher decodes one posting at a time; here a block's pickle
is read in place where it has Whoosh's usual shape (regular_block: its gaps
and weights, the positions that follow left unread), and the positions of
many postings are unpickled in one call (gap_lists). Everything here relies
on the Whoosh 3 codec (index/fastpath.py gates it), and falls back to the
matcher's public methods where a matcher is something else.
"""
from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh.formats import Positions


def matcher_docs(matcher) -> np.ndarray:
    """All the ids of a fresh posting matcher."""
    return matcher_postings(matcher)[0]


def matcher_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
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


def block_matcher(leaf, fieldname: str, btext: bytes, fmt):
    """Whoosh 3's block matcher of a term, or None where the reader is something else."""
    matcher = leaf._terms.matcher(fieldname, btext, fmt) if hasattr(leaf, "_terms") else None
    if matcher is None or not hasattr(matcher, "_maxid") or not hasattr(matcher, "_read_data"):
        return None
    return matcher


def wanted_values(matcher, docs: np.ndarray) -> tuple[list[int], list[bytes]]:
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


def decode_positions(fmt, value: bytes) -> frozenset[int]:
    """Whoosh's Positions.decode_positions (frequency, then pickled gaps), summed in C."""
    if not plain_positions(fmt):
        return frozenset(fmt.decode_positions(value))
    return frozenset(accumulate(_gaps(value)))


def _gaps(value: bytes) -> list[int]:
    """One Positions value's gaps: a count, then a pickled list (older codecs drop the stop)."""
    return loads(value[4:] if value.endswith(b".") else value[4:] + b".")


_PICKLE_HEAD = b"\x80\x02"       # pickle protocol 2, as Positions.encode writes its gap lists


def gap_lists(values: list[bytes]) -> list[list[int]]:
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
