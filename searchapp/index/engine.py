"""The engine interface: what the search stage asks of an index, answered with plain data.

The search stage (search/) never sees Whoosh: it asks this interface for a
`Snapshot` (one consistent version of the index, shared by every call of one
request), the documents a query matches (numpy document sets), ranked document
numbers, stored records as dicts, snippets as HTML strings and term statistics.
A second engine (OpenSearch, for an archive past one machine) would implement
the public methods of `Engine` below; docs/architecture.md lists them.

Whoosh's searchers are per thread and refreshed when a reindex commits; the facet
arrays (read/facets.py) are built once per version of the index and shared.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
from whoosh import query as wq
from whoosh.index import EmptyIndexError

from searchapp.index import lexicon, storage, vocabulary
from searchapp.index.expansion import SOURCES, build_expander, folded_spellings
from searchapp.index.highlight import query_words, snippet_html
from searchapp.index.querying import ParsedQuery, parse_user_query
from searchapp.index.read.docsets import DocSet, as_mask, matching_docs, matching_docs_within
from searchapp.index.read.facets import FacetCache
from searchapp.index.read.ranking import key_terms, newest, oldest_first, scores_for, top
from searchapp.index.opening import open_live

MEMO_SIZE = 2048       # remembered values (release pages' related lists) per engine

_POSTINGS_LOCK = threading.Lock()   # the cache's reader is shared by the threads: one reads at a time


@dataclass(frozen=True)
class Snapshot:
    """One version of the index as one request sees it: a searcher and its facet arrays.

    The search stage passes it back to the engine's calls and reads only `facets`
    (document sets, values, dates, translation groups: numpy arrays and dicts).
    """
    searcher: Any
    facets: FacetCache

    @property
    def size(self) -> int:
        return self.facets.size


class Engine:
    """A process-wide handle on one index folder; safe to share between threads."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix = None
        self.generation: Path | None = None
        self._local = threading.local()
        self._caches: dict[tuple, FacetCache] = {}
        self._build_lock = threading.Lock()
        self._memo: OrderedDict[tuple, Any] = OrderedDict()   # (index version, key) -> value

    # ------------------------------------------------------------ versions

    def _index(self):
        generation = storage.current_generation(self.index_dir)
        with self._lock:
            if self._ix is None or generation != self.generation:
                self._ix = open_live(self.index_dir)
                self.generation = generation
                # The last version's facet cache stays until the next one is built, as within a
                # generation: requests still on the old searcher finish without rebuilding it.
                self._caches = dict(list(self._caches.items())[-1:])
            return self._ix

    def searcher(self):
        """This thread's Whoosh searcher, refreshed if a reindex committed since (index/ only)."""
        try:
            return self._fresh_searcher()
        except (OSError, storage.IndexMissing, EmptyIndexError):
            # Reindexes switched CURRENT and removed the generation we were about
            # to open, between our look at CURRENT and the open: look again, once.
            with self._lock:
                self._ix = None
            self._local.searcher = None
            return self._fresh_searcher()

    def _fresh_searcher(self):
        ix = self._index()
        current = getattr(self._local, "searcher", None)
        if current is None or getattr(self._local, "ix", None) is not ix:
            current = ix.searcher()
        elif not current.up_to_date():
            current = current.refresh()
        self._local.searcher, self._local.ix = current, ix
        return current

    def snapshot(self) -> Snapshot:
        """The current version of the index, for one request."""
        searcher = self.searcher()
        return Snapshot(searcher, self.facet_cache(searcher))

    def version(self) -> tuple:
        """What the current version holds: equal keys mean equal answers."""
        return reader_key(self.searcher().reader())

    def facet_cache(self, searcher) -> FacetCache:
        """The facet cache of what this searcher sees, shared by every thread that sees the same.

        Whoosh readers are not safe across threads, and the cache reads postings
        lazily: it gets a reader of its own, that no searcher uses, and its reads
        happen under _POSTINGS_LOCK.
        """
        key = reader_key(searcher.reader())
        with self._lock:
            cache = self._caches.get(key)
        if cache is None:
            with self._build_lock:  # one thread builds it; the others wait for it, not build it again
                with self._lock:
                    cache = self._caches.get(key)
                if cache is None:
                    reader = self._local.ix.reader()
                    if reader_key(reader) != key:  # the index changed in place meanwhile: not shared
                        reader.close()
                        return FacetCache(searcher.reader())
                    cache = FacetCache(reader)
                    with self._lock:  # keep the previous one too: threads switch index at their own pace
                        self._caches = dict([*list(self._caches.items())[-1:], (key, cache)])
        return cache

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute(), kept for this version of the index: the same key gives the same value until
        a reindex changes the index (the most recently used MEMO_SIZE values are kept)."""
        version = (self.version(), key)
        with self._lock:
            if version in self._memo:
                self._memo.move_to_end(version)
                return self._memo[version]
        value = compute()
        with self._lock:
            self._memo[version] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    # ------------------------------------------------------------ queries

    def parse(self, snapshot: Snapshot, text: str, xlang: bool = False, translator=None) -> ParsedQuery:
        """What the user typed, as this engine's query (opaque to the caller) and its parts;
        with xlang, also through the translator's translations (see expander). Remembered for
        this version of the index: a results page is asked again for its next page, another
        filter or sort, and parsing both language families is a third of a page's work."""
        searcher = snapshot.searcher
        return self.remember(("parse", text, xlang, translator), lambda: parse_user_query(
            text, searcher.schema, searcher.reader(), xlang=xlang, translator=translator))

    def expander(self, snapshot: Snapshot, sources: tuple[str, ...] = SOURCES):
        """What the both-languages mode translates with in this version of the index: the
        glossary, names, the lexicon learned at reindex, the cognates its releases hold."""
        def build():
            learned = lexicon.as_glossary(lexicon.load(self.generation))
            words = self.vocabulary()
            spellings = folded_spellings(words[1]) if words and "cognates" in sources else None
            held = Snapshot(None, snapshot.facets)     # this version's postings only, no searcher kept
            return build_expander(learned, lambda field, term: self.doc_frequency(held, field, term),
                                  sources, spellings)

        return self.remember(("expander", tuple(sources)), build)

    def matching(self, snapshot: Snapshot, query) -> tuple[DocSet, bool]:
        """Every document the query matches, and whether the time limit cut the answer short."""
        with _POSTINGS_LOCK:
            return matching_docs_within(snapshot.searcher, snapshot.facets.postings, query)

    def ranker(self, snapshot: Snapshot, query, by_date: bool, oldest: bool = False) -> Callable[[frozenset, int], list]:
        """rank(documents, n): the best n of those documents as (document number, score).

        By date (newest first, or oldest first) when by_date or without a query, else by BM25F
        relevance: computed once on the posting arrays, or by Whoosh where the fast path cannot.
        """
        cache, searcher = snapshot.facets, snapshot.searcher
        by_date = by_date or query is None
        scores = None
        if not by_date:
            with _POSTINGS_LOCK:
                scores = scores_for(searcher, cache.postings, query)

        def rank(docs: frozenset, n: int) -> list[tuple[int, float]]:
            if by_date or scores is not None:
                mask = as_mask(docs, cache.size)
                if by_date:
                    return (oldest_first if oldest else newest)(mask, cache.date_start, n)
                return top(mask, scores, n)
            return [(hit.docnum, hit.score or 0.0) for hit in searcher.search(query, filter=set(docs), limit=n)]

        return rank

    def record(self, snapshot: Snapshot, docnum: int) -> dict[str, Any]:
        """The stored record of a document number."""
        return snapshot.searcher.stored_fields(docnum)["record"]

    def record_by_id(self, snapshot: Snapshot, release_id: str) -> dict[str, Any] | None:
        stored = snapshot.searcher.document(id=release_id)
        return stored["record"] if stored else None

    def doc_number(self, snapshot: Snapshot, release_id: str) -> int | None:
        return snapshot.searcher.document_number(id=release_id)

    def snippet(self, snapshot: Snapshot, query, record: dict[str, Any]) -> str:
        """HTML of the best fragments of the record's first matching paragraph ('' if none)."""
        return snippet_html(snapshot.searcher.schema, query, record)

    def query_terms(self, query, fieldname: str) -> frozenset[str]:
        """The analysed words a query looks for in one field."""
        return query_words(query, fieldname)

    # ------------------------------------------------------------ statistics and similarity

    def similar_to(self, release_id: str, fieldname: str, text: str, limit: int,
                   numterms: int = 5) -> list[tuple[str, float]]:
        """More-like-this: the text's key terms (Whoosh's Bo1 model) searched in the field, the
        release itself left out; (id, score), best first, ranked on the posting arrays."""
        searcher = self.searcher()
        docnum = searcher.document_number(id=release_id)
        if docnum is None:
            return []
        cache = self.facet_cache(searcher)
        with _POSTINGS_LOCK:
            terms = key_terms(searcher, cache.postings, fieldname, text, numterms)
            query = wq.Or([wq.Term(fieldname, word, boost=weight) for word, weight in terms])
            scores = scores_for(searcher, cache.postings, query) if terms else None
            matched = matching_docs(searcher, cache.postings, query) if scores is not None else None
        if not terms:
            return []
        if scores is None:
            return [(r["id"], r.score or 0.0) for r in searcher.search(query, limit=limit, mask={docnum})]
        mask = matched.mask.copy()
        mask[docnum] = False
        return [(searcher.stored_fields(doc)["id"], score) for doc, score in top(mask, scores, limit)]

    def doc_frequency(self, snapshot: Snapshot, fieldname: str, term: str) -> int:
        """How many documents hold the (analysed) term, deleted ones included."""
        with _POSTINGS_LOCK:
            return snapshot.facets.postings.term_stats(fieldname, term)[0]

    def docs_holding(self, snapshot: Snapshot, fieldname: str, terms: tuple[str, ...]) -> np.ndarray:
        """The live documents whose field holds every one of the (analysed) terms, ascending."""
        found = None
        with _POSTINGS_LOCK:
            for term in terms:
                docs = snapshot.facets.postings.term_weights(fieldname, term)[0]
                found = docs if found is None else np.intersect1d(found, docs, assume_unique=True)
                if not len(found):
                    break
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def vocabulary(self):
        """(corrector, word counts) of the generation being read, or None without a vocabulary."""
        def load():
            saved = vocabulary.load(self.generation) if self.generation is not None else None
            return (vocabulary.VocabularyCorrector(*saved), saved[1]) if saved else None

        return self.remember(("vocabulary",), load)

    def size_on_disk(self) -> int:
        self.searcher()
        return sum(p.stat().st_size for p in self.generation.rglob("*") if p.is_file())


def reader_key(reader) -> tuple:
    """What a reader holds, whatever thread opened it: its segments, their deletions, their offsets.

    Readers of the same segments number their documents alike, so they can share one cache
    (a segment's deletions only grow, so the count identifies them).
    """
    key = []
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment()
        key.append((segment.segment_id(), segment.deleted_count(), offset) if segment is not None
                   else (id(leaf), offset))
    return tuple(key)
