"""Relevance ranking on arrays: Whoosh's BM25F term scores, combined as the query says.

Whoosh scores every matching document one at a time in Python, which costs
more than the rest of a results page on a broad query. Here each term's
BM25F scores are computed once per reader for all its documents with numpy
(the same formula, statistics and stored field lengths as Whoosh's scorer),
and combined per query node: sums for Or/And/phrases, the first operand for
AndNot/Require, and for DisjunctionMax the best branch plus `tiebreak` times
the others (Lucene's definition; Whoosh 2.7's matcher takes the maximum of
whatever its branches are positioned on, a neighbouring document's score
included, which made the ranking of bilingual queries depend on neighbours).
Ties are broken by document number, as Whoosh does. Queries with other
nodes return None and are ranked by Whoosh.
"""
from __future__ import annotations

import numpy as np
from whoosh import classify
from whoosh import query as wq
from whoosh import scoring

from searchapp.index.read.docsets import phrase_docs
from searchapp.index.read.postings import Postings


class Unsupported(Exception):
    """A query node this module does not rank; Whoosh ranks the query instead."""


def scores_for(searcher, postings: Postings, query) -> np.ndarray | None:
    """Each document's score for the query (0 where it does not match), or None."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F or weighting._field_B:
        return None
    try:
        return _score(searcher, postings, query.normalize(), weighting)[1]
    except Unsupported:
        return None


def key_terms(searcher, postings: Postings, fieldname: str, text: str, numterms: int) -> list[tuple[str, float]]:
    """Whoosh's key_terms_from_text (Bo1 model, weights not normalised, as more_like calls it),
    with each word's collection statistics from the postings' kept ones."""
    expander = classify.Expander(_KeptStatistics(searcher.reader(), postings), fieldname)
    expander.add_text(text)
    return expander.expanded_terms(numterms, normalize=False)


class _KeptStatistics:
    """What Whoosh's Expander asks of a reader, term statistics answered by Postings.term_stats."""

    def __init__(self, reader, postings: Postings):
        self._reader, self._postings = reader, postings
        self.schema = reader.schema

    def doc_count_all(self) -> int:
        return self._reader.doc_count_all()

    def field_length(self, fieldname: str) -> int:
        return self._reader.field_length(fieldname)

    def __contains__(self, term) -> bool:
        return self._postings.term_stats(*term)[0] > 0

    def frequency(self, fieldname: str, text) -> float:
        return self._postings.term_stats(fieldname, text)[1]


def top(mask: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The best `limit` documents of the mask by score, ties by document number."""
    docs = np.flatnonzero(mask)
    if len(docs) > limit:
        threshold = np.partition(scores[docs], len(docs) - limit)[len(docs) - limit]
        docs = docs[scores[docs] >= threshold]
    order = np.lexsort((docs, -scores[docs]))[:limit]
    return [(int(d), float(scores[d])) for d in docs[order]]


def newest(mask: np.ndarray, date_start: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The first `limit` documents of the mask by date, newest first, ties by document number."""
    docs = np.flatnonzero(mask)
    order = np.lexsort((docs, -date_start[docs]))[:limit]
    return [(int(d), 0.0) for d in docs[order]]


def oldest_first(mask: np.ndarray, date_start: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The first `limit` documents of the mask by date, oldest first (undated ones last), ties by
    document number."""
    docs = np.flatnonzero(mask)
    dates = date_start[docs]
    order = np.lexsort((docs, dates, dates == 0))[:limit]
    return [(int(d), 0.0) for d in docs[order]]


def _score(searcher, postings: Postings, q, weighting) -> tuple[np.ndarray, np.ndarray]:
    """(mask, scores) of a query node."""
    size = postings.size
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return np.zeros(size, dtype=bool), np.zeros(size)
    if isinstance(q, wq.Term):
        mask, scores = _term(searcher, postings, q.fieldname, q.text, weighting)
        return mask, scores * q.boost if q.boost != 1 else scores
    if isinstance(q, wq.Phrase):
        mask = phrase_docs(searcher, postings, q, resume=False)
        scores = np.zeros(size)
        for word in q.words:
            scores += _term(searcher, postings, q.fieldname, word, weighting)[1]
        scores = np.where(mask, scores, 0.0)
        return mask, scores * q.boost if q.boost != 1 else scores
    if isinstance(q, wq.DisjunctionMax):
        parts = [_score(searcher, postings, sub, weighting) for sub in q.subqueries]
        mask = np.logical_or.reduce([m for m, _ in parts])
        best = np.maximum.reduce([s for _, s in parts])
        scores = best + q.tiebreak * (np.add.reduce([s for _, s in parts]) - best) if q.tiebreak else best
        return mask, _boost(scores, q)
    if type(q) in (wq.Or, wq.And) and not getattr(q, "scale", None) and not getattr(q, "minmatch", 0):
        parts = [_score(searcher, postings, sub, weighting) for sub in q.subqueries]
        combine = np.logical_or if isinstance(q, wq.Or) else np.logical_and
        mask = combine.reduce([m for m, _ in parts])
        scores = np.where(mask, np.add.reduce([s for _, s in parts]), 0.0)
        return mask, _boost(scores, q)
    if type(q) in (wq.AndNot, wq.Require, wq.AndMaybe):
        a_mask, a_scores = _score(searcher, postings, q.a, weighting)
        b_mask, b_scores = _score(searcher, postings, q.b, weighting)
        if isinstance(q, wq.AndNot):
            mask = a_mask & ~b_mask
            scores = a_scores
        elif isinstance(q, wq.Require):
            mask = a_mask & b_mask
            scores = a_scores
        else:
            mask = a_mask
            scores = a_scores + b_scores
        return mask, _boost(np.where(mask, scores, 0.0), q)
    raise Unsupported(type(q).__name__)


def _boost(scores: np.ndarray, q) -> np.ndarray:
    return scores * q.boost if getattr(q, "boost", 1.0) != 1.0 else scores


def _term(searcher, postings: Postings, fieldname: str, text, weighting) -> tuple[np.ndarray, np.ndarray]:
    """(mask, BM25F scores) of one term; the scores are computed once per reader."""
    field = searcher.schema[fieldname]
    btext = text if isinstance(text, bytes) else field.to_bytes(text)
    mask = postings.term(fieldname, btext)
    scores = np.zeros(postings.size)
    if not mask.any():
        return mask, scores
    docs, weights = postings.term_weights(fieldname, btext)
    if not field.scorable:
        raise Unsupported("unscorable field")
    idf = searcher.idf(fieldname, btext)
    avgfl = searcher.avg_field_length(fieldname) or 1
    lengths = postings.field_lengths(fieldname)[docs]
    K1, B = weighting.K1, weighting.B
    scores[docs] = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl)))
    return mask, np.where(mask, scores, 0.0)
