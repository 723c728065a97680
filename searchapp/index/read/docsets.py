"""Sets of documents as numpy masks, and the set of documents a query matches.

Whoosh enumerates the documents a query matches one at a time in Python
(a few microseconds each: hundreds of milliseconds for a broad query on a
large archive). Counting facets only needs the set, not the scores, so here
a query tree is evaluated as set algebra over posting lists read a block at
a time (postings.py); phrases are checked on the positions of the documents
holding all their words; only other nodes (proximity...) are left to
Whoosh's own matchers. The result is the set of documents Whoosh would match.
With the fast path off (postings from read/plain.py), Whoosh's matchers
find every set (searcher.docs_for_query).
"""
from __future__ import annotations

import time
from typing import Iterable, Iterator

import numpy as np
from whoosh import query as wq

from searchapp.config import SEARCH_TIME_LIMIT
from searchapp.index.read import plain
from searchapp.index.read.blocks import plain_positions
from searchapp.index.read.postings import Postings, leaf_position_arrays, leaf_term_positions

PHRASE_CACHE = 128     # phrase answers kept per reader (a mask each: 12 MB at 100,000 releases)


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


def as_mask(docs, size: int) -> np.ndarray:
    """A boolean mask for a DocSet or any iterable of document numbers."""
    if isinstance(docs, DocSet):
        return docs.mask
    return DocSet.of(docs, size).mask


_mask = as_mask


# ---------------------------------------------------------------- queries

class TimeUp(Exception):
    """The time limit of a search ran out while matching what a query excludes."""


def matching_docs(searcher, postings: Postings, query) -> DocSet:
    """The live documents the query matches, as Whoosh's matcher would find them."""
    if not postings.fast:
        return DocSet(plain.query_mask(searcher, postings, query)[0])
    return DocSet(_eval(searcher, postings, query.normalize()))


def matching_docs_within(searcher, postings: Postings, query,
                         seconds: float | None = None) -> tuple[DocSet, bool]:
    """matching_docs within a time limit (config.SEARCH_TIME_LIMIT by default).

    When the limit runs out, what is known so far is returned, with True (the
    results are incomplete): the alternatives matched so far, and for a phrase
    the documents of the segments whose positions were checked (the next
    search of the phrase carries on there). Alternatives are cut only once
    something was found, and a phrase's check after one more segment at
    least, so a search cut short still shows matches, and repeating it gets
    further.
    """
    limit = SEARCH_TIME_LIMIT if seconds is None else seconds
    postings.deadline = time.monotonic() + limit
    postings.timed_out = False
    try:
        if not postings.fast:
            mask, cut = plain.query_mask(searcher, postings, query)
            return DocSet(mask), cut
        return DocSet(_eval(searcher, postings, query.normalize())), postings.timed_out
    except TimeUp:
        return DocSet(np.zeros(postings.size, dtype=bool)), True
    finally:
        postings.deadline = None


def _time_up(postings: Postings) -> bool:
    """True once the search's deadline has passed; the search then returns part of its answer."""
    deadline = getattr(postings, "deadline", None)
    if deadline is None or time.monotonic() < deadline:
        return False
    postings.timed_out = True
    return True


def _excluded(searcher, postings: Postings, q) -> np.ndarray:
    """The documents a negated node matches; only a complete answer will do (a part of
    them would let excluded documents through)."""
    before, postings.timed_out = postings.timed_out, False
    found = _eval(searcher, postings, q)
    if postings.timed_out:
        raise TimeUp
    postings.timed_out = before
    return found


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
            if out.any() and _time_up(postings):
                break                 # past the deadline with something to show
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
        return _eval(searcher, postings, q.a) & ~_excluded(searcher, postings, q.b)
    if isinstance(q, wq.AndMaybe):
        return _eval(searcher, postings, q.a)
    if isinstance(q, wq.Require):
        return _eval(searcher, postings, q.a) & _eval(searcher, postings, q.b)
    if isinstance(q, wq.Otherwise):
        first = _eval(searcher, postings, q.a)
        return first if first.any() else _eval(searcher, postings, q.b)
    if isinstance(q, wq.Not):
        return postings.live & ~_excluded(searcher, postings, q.query)
    if isinstance(q, wq.ConstantScoreQuery) or type(q).__name__ == "BoostQuery":
        return _eval(searcher, postings, q.child)
    if isinstance(q, wq.Phrase):
        return phrase_docs(searcher, postings, q)
    return _whoosh(searcher, postings, q)


def phrase_docs(searcher, postings: Postings, q, resume: bool = True) -> np.ndarray:
    """Documents holding every word, then the words' positions checked as Whoosh's SpanNear2 does.

    The answers are kept per reader like posting lists (a phrase is a term
    made of terms): matching and ranking ask for the same phrases. Past the
    search's deadline, the check stops between segments (after one segment
    at least) and what it found so far is returned; it is kept, and the next
    call carries on from there, unless resume is False (ranking a search
    that was cut: its documents are among those found so far).
    """
    if not postings.fast:
        return plain.query_mask(searcher, postings, q)[0]
    key = (q.fieldname, tuple(q.words), q.slop, _places(q))
    found = postings.phrases.get(key)
    if found is not None:
        postings.phrases[key] = postings.phrases.pop(key)      # the most recently asked stay
    else:
        progress = postings.phrase_progress.get(key)
        if progress is not None and not resume:
            return progress[0].copy()
        found = _phrase_docs(searcher, postings, q, key)
        if found is None:
            return postings.phrase_progress[key][0].copy()
        postings.phrases[key] = found
        if len(postings.phrases) > PHRASE_CACHE:
            postings.phrases.pop(next(iter(postings.phrases)))
    return found.copy()


def _phrase_docs(searcher, postings: Postings, q, key) -> np.ndarray | None:
    """The phrase's documents, or None when the deadline cut the check (see phrase_docs)."""
    candidates = postings.live.copy()
    for word in q.words:
        candidates &= postings.term(q.fieldname, word)
        if not candidates.any():
            return candidates
    field = searcher.schema[q.fieldname]
    if not isinstance(q.slop, int) or q.slop < 1 or not plain_positions(field.format):
        return _whoosh(searcher, postings, q) & candidates
    out, first = postings.phrase_progress.pop(key, (np.zeros(postings.size, dtype=bool), 0))
    ids = np.flatnonzero(candidates)
    for number in range(first, len(postings.leaves)):
        leaf, offset = postings.leaves[number]
        local = ids[(ids >= offset) & (ids < offset + leaf.doc_count_all())] - offset
        if not len(local):
            continue
        if number > first and _time_up(postings):
            postings.phrase_progress[key] = (out, number)
            while len(postings.phrase_progress) > PHRASE_CACHE:
                postings.phrase_progress.pop(next(iter(postings.phrase_progress)))
            return None
        if q.slop == 1:
            terms = [field.to_bytes(word) for word in q.words]
            out[_adjacent(leaf, q.fieldname, terms, local, _places(q)) + offset] = True
            continue
        lists = [leaf_term_positions(leaf, q.fieldname, field.to_bytes(word), local) for word in q.words]
        for doc in local.tolist():
            if _in_sequence([positions.get(doc, ()) for positions in lists], q.slop):
                out[doc + offset] = True
    return out


def _places(q) -> tuple[int, ...]:
    """Each word's place in a phrase: 0, 1, 2... or, for a GappedPhrase, its offsets
    (gaps where the query's stop words were)."""
    return tuple(getattr(q, "offsets", None) or range(len(q.words)))


def _adjacent(leaf, fieldname: str, terms: list[bytes], docs: np.ndarray, places) -> np.ndarray:
    """The documents among docs where the terms stand at their places one after the other
    (the check of _in_sequence with slop 1, on every document at once): each word's
    (document, position - its place in the phrase) pairs, intersected. The pairs
    come sorted (documents in order, a posting's positions in order)."""
    held = np.zeros(0, dtype=np.int64)
    for place, term in zip(places, terms):
        found_docs, positions = leaf_position_arrays(leaf, fieldname, term, docs)
        starts = positions >= place
        keys = found_docs[starts] * _POSITION_SPAN + positions[starts] - place
        if place:
            at = np.minimum(np.searchsorted(keys, held), len(keys) - 1)
            keys = held[keys[at] == held] if len(keys) else keys
        held = keys
        if not len(held):
            break
    found = held // _POSITION_SPAN
    return found[np.concatenate(([True], found[1:] != found[:-1]))] if len(found) else found


_POSITION_SPAN = 1 << 32       # above any word position: a document's pairs never reach the next's


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


def _whoosh(searcher, postings: Postings, q) -> np.ndarray:
    """Whoosh's own matcher, for what has no set equivalent."""
    out = np.zeros(postings.size, dtype=bool)
    if _time_up(postings):
        return out
    found = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
    out[found] = True
    return out & postings.live
