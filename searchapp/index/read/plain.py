"""The read path through Whoosh's public API only: what serves when the fast path is off.

The same small functions as postings.py, terms.py, columns.py, docsets.py
and ranking.py (index/fastpath.py chooses), read the way Whoosh's
documentation shows: matchers' id/weight/score, the lexicon, column
readers, searcher.docs_for_query, key_terms_from_text. Slower (a Python
call per posting) and unaware of how Whoosh lays out its files, so it
stays right on any Whoosh version; tests/test_fastpath.py checks that
both give the same results.
"""
from __future__ import annotations

import time

import numpy as np


class PlainPostings:
    """postings.Postings' interface over Whoosh's public reader API: one reader's posting
    lists, term statistics and columns as arrays (live documents only)."""

    fast = False

    def __init__(self, reader):
        self.reader = reader
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.deadline: float | None = None       # set while a search with a time limit matches
        self.timed_out = False

    def field_entries(self, fieldname: str, min_docs: int = 1) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every (live document, value) posting of an indexed field: the distinct values, and the
        document and value number of each posting, values numbered in the order the segments
        hold them; with min_docs=2, values held by a single document are left out."""
        numbers: dict[bytes, int] = {}
        docs: list[int] = []
        found: list[int] = []
        if fieldname in self.reader.schema:
            for leaf, offset in self.reader.leaf_readers():
                for btext in leaf.lexicon(fieldname):
                    ids = [doc + offset for doc in leaf.postings(fieldname, btext).all_ids()]
                    if ids:
                        number = numbers.setdefault(btext, len(numbers))
                        docs += ids
                        found += [number] * len(ids)
        values = [b.decode("utf-8") for b in numbers]
        docs_array, found_array = np.asarray(docs, dtype=np.int64), np.asarray(found, dtype=np.int32)
        if min_docs > 1 and len(found_array):
            keep = np.bincount(found_array, minlength=len(values))[found_array] >= min_docs
            docs_array, found_array = docs_array[keep], found_array[keep]
        return values, docs_array, found_array

    def numeric_column(self, fieldname: str) -> np.ndarray:
        """Every document's value of a sortable numeric field (0 where it has none)."""
        out = np.zeros(self.size, dtype=np.int64)
        for leaf, offset in self.reader.leaf_readers():
            if leaf.has_column(fieldname):
                values = leaf.column_reader(fieldname)
                count = leaf.doc_count_all()
                out[offset:offset + count] = [values[doc] or 0 for doc in range(count)]
        return out

    def term(self, fieldname: str, text) -> np.ndarray:
        """Mask of the live documents holding the term."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.term_weights(fieldname, text)[0]] = True
        return mask

    def term_weights(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """The live documents holding the term, ascending, and the term's weight in each."""
        btext = text if isinstance(text, bytes) else self.reader.schema[fieldname].to_bytes(text)
        docs: list[int] = []
        weights: list[float] = []
        if (fieldname, btext) in self.reader:
            matcher = self.reader.postings(fieldname, btext)
            while matcher.is_active():
                docs.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
        return np.asarray(docs, dtype=np.int32), np.asarray(weights, dtype=np.float32)

    def term_stats(self, fieldname: str, text) -> tuple[int, float]:
        """(doc_frequency, frequency) of the term, deleted documents included, as Whoosh's reader counts."""
        btext = text if isinstance(text, bytes) else self.reader.schema[fieldname].to_bytes(text)
        return self.reader.doc_frequency(fieldname, btext), self.reader.frequency(fieldname, btext)

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in a field, as the reader gives it."""
        return np.array([self.reader.doc_field_length(doc, fieldname, 0) or 0 for doc in range(self.size)],
                        dtype=np.float64)


def live_terms(reader, fieldname: str) -> list[str]:
    """The terms of a field that at least one live (not deleted) document holds."""
    if fieldname not in reader.schema:
        return []
    return [btext.decode("utf-8") for btext in reader.lexicon(fieldname)
            if reader.postings(fieldname, btext).is_active()]


def query_mask(searcher, postings: PlainPostings, query) -> tuple[np.ndarray, bool]:
    """The live documents Whoosh's matchers find for the query (searcher.docs_for_query), and
    whether postings.deadline cut the enumeration (the documents found so far are returned; a
    look at the clock per document is little beside a matcher's Python work per document)."""
    out = np.zeros(postings.size, dtype=bool)
    deadline, found, cut = postings.deadline, [], False
    for doc in searcher.docs_for_query(query):
        found.append(doc)
        if deadline is not None and time.monotonic() >= deadline:
            cut = True
            break
    out[np.asarray(found, dtype=np.int64)] = True
    return out & postings.live, cut


def term_scores(searcher, postings: PlainPostings, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(mask, scores) of one term: each live document holding it, scored by the searcher's
    weighting through the term's matcher (Whoosh's own scorer, document by document)."""
    mask = np.zeros(postings.size, dtype=bool)
    scores = np.zeros(postings.size)
    if (fieldname, btext) not in searcher.reader():
        return mask, scores
    matcher = searcher.postings(fieldname, btext)
    while matcher.is_active():
        doc = matcher.id()
        mask[doc] = True
        scores[doc] = matcher.score()
        matcher.next()
    return mask, scores


def key_terms(searcher, fieldname: str, text: str, numterms: int) -> list[tuple[str, float]]:
    """Whoosh's key_terms_from_text (Bo1 model, weights not normalised, as more_like calls it)."""
    return searcher.key_terms_from_text(fieldname, text, numterms=numterms, normalize=False)
