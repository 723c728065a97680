"""Sets of documents as numpy masks, and the set of documents a query matches.

Whoosh enumerates the documents a query matches one at a time in Python
(a few microseconds each: hundreds of milliseconds for a broad query on a
large archive). Counting facets only needs the set, not the scores, so here
a query tree is evaluated as set algebra over posting lists read a block at
a time; only what has no set equivalent (phrases, proximity) is left to
Whoosh's own matchers, and only within the documents holding all its words.
The result is the same set of documents Whoosh would match.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterable, Iterator

import numpy as np
from whoosh import query as wq

POSTINGS_CACHE = 512          # posting lists kept per reader (most recently used)


class DocSet:
    """An immutable set of document numbers over [0, size): a boolean mask with set operators."""

    __slots__ = ("mask",)

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    @classmethod
    def of(cls, docs: Iterable[int] | np.ndarray, size: int) -> "DocSet":
        mask = np.zeros(size, dtype=bool)
        ids = np.fromiter(docs, dtype=np.int64) if not isinstance(docs, np.ndarray) else docs
        mask[ids] = True
        return cls(mask)

    def __and__(self, other) -> "DocSet":
        return DocSet(self.mask & _mask(other, len(self.mask)))

    __rand__ = __and__

    def __or__(self, other) -> "DocSet":
        return DocSet(self.mask | _mask(other, len(self.mask)))

    __ror__ = __or__

    def __sub__(self, other) -> "DocSet":
        return DocSet(self.mask & ~_mask(other, len(self.mask)))

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))

    def __bool__(self) -> bool:
        return bool(self.mask.any())

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids().tolist())

    def __contains__(self, doc: int) -> bool:
        return 0 <= doc < len(self.mask) and bool(self.mask[doc])

    def __eq__(self, other) -> bool:
        if isinstance(other, DocSet):
            return np.array_equal(self.mask, other.mask)
        if isinstance(other, (set, frozenset)):
            return set(self) == other
        return NotImplemented

    __hash__ = None

    def ids(self) -> np.ndarray:
        """The document numbers, ascending."""
        return np.flatnonzero(self.mask)


def _mask(other, size: int) -> np.ndarray:
    if isinstance(other, DocSet):
        return other.mask
    return DocSet.of(other, size).mask


# ---------------------------------------------------------------- postings

def leaf_term_docs(segment_reader, fieldname: str, btext: bytes) -> np.ndarray:
    """Document numbers (deleted ones included) of a term in one segment."""
    try:
        matcher = segment_reader._terms.matcher(fieldname, btext, segment_reader.schema[fieldname].format)
    except (KeyError, AttributeError):
        if (fieldname, btext) not in segment_reader:
            return np.empty(0, dtype=np.int64)
        return np.fromiter(segment_reader.postings(fieldname, btext).all_ids(), dtype=np.int64)
    return _matcher_docs(matcher)


def _matcher_docs(matcher) -> np.ndarray:
    """All the ids of a fresh posting matcher, a block at a time when it is Whoosh's block reader."""
    if not hasattr(matcher, "_next_block") or not hasattr(matcher, "_read_data"):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    parts = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        parts.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
        matcher._next_block()
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _has_term(leaf, fieldname: str, btext: bytes) -> bool:
    terms = getattr(leaf, "_terms", None)
    return (fieldname, btext) in terms if terms is not None else (fieldname, btext) in leaf


class Postings:
    """Posting lists of one reader as document masks, with a small most-recently-used cache."""

    def __init__(self, reader, live: np.ndarray):
        self.reader = reader
        self.live = live
        self.size = len(live)
        self.leaves = list(reader.leaf_readers())
        self._cache: OrderedDict[tuple[str, bytes], np.ndarray] = OrderedDict()

    def term(self, fieldname: str, text) -> np.ndarray:
        """Mask of the live documents holding the term."""
        btext = text if isinstance(text, bytes) else self.reader.schema[fieldname].to_bytes(text)
        key = (fieldname, btext)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        mask = np.zeros(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            if _has_term(leaf, fieldname, btext):
                mask[leaf_term_docs(leaf, fieldname, btext) + offset] = True
        mask &= self.live
        self._cache[key] = mask
        if len(self._cache) > POSTINGS_CACHE:
            self._cache.popitem(last=False)
        return mask


# ---------------------------------------------------------------- queries

def matching_docs(searcher, postings: Postings, query) -> DocSet:
    """The live documents the query matches, as Whoosh's matcher would find them."""
    return DocSet(_eval(searcher, postings, query.normalize()))


def _eval(searcher, postings: Postings, q) -> np.ndarray:
    size = postings.size
    if isinstance(q, wq.NullQuery.__class__) or q is wq.NullQuery:
        return np.zeros(size, dtype=bool)
    if isinstance(q, wq.Every):
        return postings.live.copy() if not q.fieldname or q.fieldname == "*" else _whoosh(searcher, postings, q)
    if isinstance(q, wq.Term):
        return postings.term(q.fieldname, q.text).copy()
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        if getattr(q, "minmatch", 0) and q.minmatch > 1:
            return _whoosh(searcher, postings, q)
        out = np.zeros(size, dtype=bool)
        for sub in q.subqueries:
            out |= _eval(searcher, postings, sub)
        return out
    if isinstance(q, wq.And):
        out = postings.live.copy()
        for sub in q.subqueries:
            if not out.any():
                break
            out &= _eval(searcher, postings, sub)
        return out
    if isinstance(q, wq.AndNot):
        return _eval(searcher, postings, q.a) & ~_eval(searcher, postings, q.b)
    if isinstance(q, wq.AndMaybe):
        return _eval(searcher, postings, q.a)
    if isinstance(q, wq.Require):
        return _eval(searcher, postings, q.a) & _eval(searcher, postings, q.b)
    if isinstance(q, wq.Otherwise):
        first = _eval(searcher, postings, q.a)
        return first if first.any() else _eval(searcher, postings, q.b)
    if isinstance(q, wq.Not):
        return postings.live & ~_eval(searcher, postings, q.query)
    if isinstance(q, wq.ConstantScoreQuery) or type(q).__name__ == "BoostQuery":
        return _eval(searcher, postings, q.child)
    if isinstance(q, wq.Phrase):
        return _phrase(searcher, postings, q)
    return _whoosh(searcher, postings, q)


def _phrase(searcher, postings: Postings, q) -> np.ndarray:
    """Documents holding every word, then the words' positions checked as Whoosh's SpanNear2 does."""
    candidates = postings.live.copy()
    for word in q.words:
        candidates &= postings.term(q.fieldname, word)
        if not candidates.any():
            return candidates
    field = searcher.schema[q.fieldname]
    if (not isinstance(q.slop, int) or q.slop < 1 or q.char_ranges
            or type(field.format).__name__ != "Positions"):
        return _whoosh(searcher, postings, q) & candidates
    out = np.zeros(postings.size, dtype=bool)
    ids = np.flatnonzero(candidates)
    for leaf, offset in postings.leaves:
        local = ids[(ids >= offset) & (ids < offset + leaf.doc_count_all())] - offset
        if not len(local):
            continue
        lists = [leaf_term_positions(leaf, q.fieldname, field.to_bytes(word), local) for word in q.words]
        for doc in local.tolist():
            if _in_sequence([positions.get(doc, ()) for positions in lists], q.slop):
                out[doc + offset] = True
    return out


def _in_sequence(position_lists, slop: int) -> bool:
    """True when each word follows the span so far within `slop` positions (SpanNear2, ordered, mindist 1)."""
    spans = {(p, p) for p in position_lists[0]}
    for positions in position_lists[1:]:
        if not spans:
            return False
        if slop == 1:
            spans = {(start, end + 1) for start, end in spans if end + 1 in positions}
        else:
            spans = {(start, p) for start, end in spans for p in positions if end < p <= end + slop}
    return bool(spans)


def leaf_term_positions(leaf, fieldname: str, btext: bytes, docs: np.ndarray) -> dict[int, frozenset[int]]:
    """Positions of a term in the given (sorted, leaf-local) documents, decoding only their postings."""
    fmt = leaf.schema[fieldname].format
    matcher = leaf._terms.matcher(fieldname, btext, fmt) if hasattr(leaf, "_terms") else None
    found: dict[int, frozenset[int]] = {}
    if matcher is None or not hasattr(matcher, "_maxid") or not hasattr(matcher, "_read_data"):
        matcher = leaf.postings(fieldname, btext)
        for doc in docs.tolist():
            if not matcher.is_active():
                break
            matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                found[doc] = frozenset(matcher.value_as("positions"))
        return found
    i = 0
    while matcher.is_active() and i < len(docs):
        last = matcher._maxid
        if last < docs[i]:
            matcher._next_block()
            continue
        if matcher._data is None:
            matcher._read_data()
        ids = np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))
        values = matcher._data[2]
        j = int(np.searchsorted(docs, last, side="right"))
        wanted = docs[i:j]
        at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
        for doc, k in zip(wanted.tolist(), at.tolist()):
            if ids[k] == doc:
                found[doc] = frozenset(fmt.decode_positions(values[k]))
        i = j
        matcher._next_block()
    return found


def _whoosh(searcher, postings: Postings, q) -> np.ndarray:
    """Whoosh's own matcher, for what has no set equivalent."""
    out = np.zeros(postings.size, dtype=bool)
    found = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
    out[found] = True
    return out & postings.live


# ---------------------------------------------------------------- whole fields

def field_entries(reader, fieldname: str, min_docs: int = 1) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every (document, value) posting of an indexed field, deleted documents included.

    Returns the distinct values and two parallel arrays: the document and the
    value number of each posting. With min_docs=2, values held by a single
    document in the whole reader are left out (they cannot form a group).
    """
    leaves = list(reader.leaf_readers())
    numbers: dict[bytes, int] = {}
    doc_parts: list[np.ndarray] = []
    value_parts: list[np.ndarray] = []
    wanted = _shared_terms(leaves, fieldname) if min_docs > 1 else None
    for leaf, offset in leaves:
        for btext, docs in _leaf_field(leaf, fieldname, wanted):
            number = numbers.setdefault(btext, len(numbers))
            doc_parts.append(docs + offset)
            value_parts.append(np.full(len(docs), number, dtype=np.int32))
    values = [b.decode("utf-8") for b in numbers]
    if not doc_parts:
        return values, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
    return values, np.concatenate(doc_parts), np.concatenate(value_parts)


def _shared_terms(leaves, fieldname: str) -> set[bytes]:
    """Terms with at least two postings in all the leaves together."""
    seen: set[bytes] = set()
    shared: set[bytes] = set()
    for leaf, _ in leaves:
        for btext, info in _leaf_items(leaf, fieldname):
            if info.doc_frequency() > 1 or btext in seen:
                shared.add(btext)
            seen.add(btext)
    return shared


def _leaf_items(leaf, fieldname: str):
    terms = getattr(leaf, "_terms", None)
    if terms is None or not hasattr(terms, "items_from") or fieldname not in leaf.schema:
        return
    if fieldname not in getattr(terms, "_fieldmap", {fieldname: 0}):
        return
    for (name, btext), info in terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield btext, info


def _leaf_field(leaf, fieldname: str, wanted: set[bytes] | None):
    """(term, document numbers in the leaf) for every term of a field in one segment."""
    terms = getattr(leaf, "_terms", None)
    if terms is None or not hasattr(terms, "items_from"):
        if fieldname in leaf.schema:
            for btext in leaf.lexicon(fieldname):
                if wanted is None or btext in wanted:
                    yield btext, np.fromiter(leaf.postings(fieldname, btext).all_ids(), dtype=np.int64)
        return
    fmt = leaf.schema[fieldname].format
    for btext, info in _leaf_items(leaf, fieldname):
        if wanted is None or btext in wanted:
            matcher = terms._codec.postings_reader(terms._postfile, info, fmt, term=(fieldname, btext))
            yield btext, _matcher_docs(matcher)
