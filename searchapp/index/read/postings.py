"""Posting lists of one reader as numpy arrays, for set algebra and ranking (docsets, ranking).

Reading a posting list a block at a time (blocks.py: the block's gaps and
weights read from its pickle in place, its positions left unread, the gaps
summed by numpy) instead of one posting at a time through Whoosh's
matchers costs a small fraction of the time. For a phrase, the positions of
all the postings read for a term in a segment are unpickled in one call and
summed by numpy (leaf_position_arrays). The fast path: index/fastpath.py
gates it, read/plain.py's PlainPostings answers the same through Whoosh's
public API.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import chain

import numpy as np
from whoosh.reading import TermNotFound

from searchapp.index.read.blocks import (block_matcher, decode_positions, gap_lists, matcher_postings,
                                         plain_positions, wanted_values)
from searchapp.index.read.columns import leaf_lengths, numeric_column
from searchapp.index.read.terms import field_entries, live_mask

POSTINGS_CACHE_BYTES = 48 * 1024 * 1024   # posting lists kept per reader (most recently used)
TERM_STATS_KEPT = 200_000                  # terms whose statistics are kept per reader (then begun again)


def leaf_term_postings(segment_reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (deleted ones included) of a term in one segment, and its weight in each."""
    try:
        matcher = segment_reader._terms.matcher(fieldname, btext, segment_reader.schema[fieldname].format)
    except AttributeError:
        matcher = segment_reader.postings(fieldname, btext)
    return matcher_postings(matcher)


def _has_term(leaf, fieldname: str, btext: bytes) -> bool:
    terms = getattr(leaf, "_terms", None)
    return (fieldname, btext) in terms if terms is not None else (fieldname, btext) in leaf


class Postings:
    """Posting lists of one reader as arrays, with a most-recently-used cache bounded in bytes."""

    fast = True                 # read/plain.PlainPostings is the same through Whoosh's public API

    def __init__(self, reader, live: np.ndarray | None = None):
        self.reader = reader
        self.live = live_mask(reader) if live is None else live
        self.size = len(self.live)
        self.leaves = list(reader.leaf_readers())
        self._cache: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_bytes = 0
        self._lengths: dict[str, np.ndarray] = {}
        self._stats: dict[tuple[str, bytes], tuple[int, float]] = {}
        self.phrases: dict[tuple, np.ndarray] = {}
        self.deadline: float | None = None     # set while a search with a time limit matches
        self.timed_out = False                 # the deadline cut a phrase's check (docsets.phrase_docs)
        self.phrase_progress: dict[tuple, tuple[np.ndarray, int]] = {}   # phrases cut: found, next leaf

    def field_entries(self, fieldname: str, min_docs: int = 1) -> tuple[list[str], np.ndarray, np.ndarray]:
        """terms.field_entries of this reader: (values, documents, value numbers), deleted included."""
        return field_entries(self.reader, fieldname, min_docs)

    def numeric_column(self, fieldname: str) -> np.ndarray:
        """Every document's value of a sortable numeric field (0 where it has none)."""
        return numeric_column(self.reader, fieldname)

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
                found[offset:offset + count] = leaf_lengths(leaf, fieldname, count)
            self._lengths[fieldname] = found
        return found


def leaf_term_positions(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> dict[int, frozenset[int]]:
    """Positions of a term in the given (sorted, leaf-local) documents, decoding only their postings."""
    fmt = leaf.schema[fieldname].format
    matcher = block_matcher(leaf, fieldname, btext, fmt)
    if matcher is None:
        return _matcher_positions(leaf, fieldname, btext, docs)
    found_docs, values = wanted_values(matcher, docs)
    return {doc: decode_positions(fmt, value) for doc, value in zip(found_docs, values)}


def leaf_position_arrays(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (document, position) pairs of a term in the given (sorted, leaf-local) documents,
    as two parallel arrays; for a phrase over many documents, where decoding each
    posting's positions on its own was most of the time."""
    fmt = leaf.schema[fieldname].format
    matcher = block_matcher(leaf, fieldname, btext, fmt) if plain_positions(fmt) else None
    if matcher is None:
        found = leaf_term_positions(leaf, fieldname, btext, docs)
        lists = [sorted(found[doc]) for doc in found]
        found_docs = list(found)
    else:
        found_docs, values = wanted_values(matcher, docs)
        lists = gap_lists(values)
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
    if matcher is not None:           # gaps: summed within each posting
        sums = np.concatenate(([0], np.cumsum(flat)))
        flat = sums[1:] - np.repeat(sums[(np.cumsum(lengths) - lengths)], lengths)
    return np.repeat(np.asarray(found_docs, dtype=np.int64), lengths), flat


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
