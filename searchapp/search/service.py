"""The one search interface: SearchRequest in, SearchResults out.

Used by the command line, the web pages, the JSON API and the Atom feed.
No Flask, no HTTP here. The Whoosh index is opened once per SearchIndex and
a searcher is kept per thread, refreshed when a reindex commits.
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
from markupsafe import Markup, escape
from whoosh import highlight
from whoosh import query as wq
from whoosh.index import EmptyIndexError

from searchapp.index import storage
from searchapp.index import vocabulary
from searchapp.config import MAX_PER_PAGE
from searchapp.index.read.facets import FacetCache, FacetValue, disjunctive_counts
from searchapp.index.read.docsets import DocSet, as_mask, matching_docs, matching_docs_within
from searchapp.index.read.ranking import key_terms, newest, scores_for, top
from searchapp.index.reindex import open_live
from searchapp.index.querying import parse_user_query
from searchapp.search.quotematch import terms_present
from searchapp.search.sourcepaths import public_source, relative_to_roots, source_roots
from searchapp.extract.people import person_key
from searchapp.index.schema import date_bounds, text_lang
from searchapp.index.vocabulary import VocabularyCorrector

SNIPPET_CHARS = 240
SNIPPET_PARAGRAPHS = 1    # paragraphs with a match the highlighter is given
FACETS = ("partner", "region", "year", "lang", "type")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    partners: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    speakers: tuple[str, ...] = ()
    xlang: bool = False
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    title: str
    lang: str
    date: str | None
    partners: tuple[str, ...]
    regions: tuple[str, ...]
    translation: "Hit | None"
    snippet: Markup
    score: float
    dateline_city: str | None = None
    speakers: tuple[str, ...] = ()
    via_translation: tuple[str, ...] = ()  # glossary terms this hit matched through (xlang)
    type: str = "news-release"
    relative_source: str = ""              # the path under its source folder: what the API shows

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.relative_source or public_source(self.source),
            "title": self.title, "lang": self.lang, "type": self.type, "date": self.date, "partners": list(self.partners), "regions": list(self.regions),
            "translation": self.translation.to_json() if self.translation else None,
            "snippet": str(self.snippet), "score": round(self.score, 4),
            "speakers": list(self.speakers), "via_translation": list(self.via_translation),
        }


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetValue, ...]]
    suggestion: str | None = None
    message: str | None = None
    partial: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict[str, Any]:
        """Exactly the object `searchapp search --json` prints."""
        return {
            "query": self.request.query,
            "total": self.total,
            "page": self.request.page,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {name: [{"value": v.value, "count": v.count} for v in values]
                       for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "message": self.message,
        }


@dataclass(frozen=True)
class ReleaseView:
    """One release with everything its page shows."""

    id: str
    record: Mapping[str, Any]
    translation: Hit | None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.record[name]
        except KeyError:
            raise AttributeError(name) from None


class SearchIndex:
    """A process-wide handle on one index folder; safe to share between threads."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix = None
        self._generation: Path | None = None
        self._local = threading.local()
        self._caches: dict[tuple, FacetCache] = {}
        self._build_lock = threading.Lock()
        self._people: dict[str, str] = {}  # person key -> display spelling, from the facet cache
        self._memo: OrderedDict[tuple, Any] = OrderedDict()   # (index version, key) -> value
        self._warmed: tuple | None = None                     # the version warm() last prepared

    # ------------------------------------------------------------ plumbing

    def _index(self):
        generation = storage.current_generation(self.index_dir)
        with self._lock:
            if self._ix is None or generation != self._generation:
                self._ix = open_live(self.index_dir)
                self._generation = generation
                # The last version's facet cache stays until the next one is built, as within a
                # generation: requests still on the old searcher finish without rebuilding it.
                self._caches = dict(list(self._caches.items())[-1:])
            return self._ix

    def searcher(self):
        """This thread's searcher, refreshed if a reindex committed since."""
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

    def facet_cache(self, searcher) -> FacetCache:
        """The facet cache of what this searcher sees, shared by every thread that sees the same.

        Whoosh readers are not safe across threads, and the cache reads postings
        lazily: it gets a reader of its own, that no searcher uses, and its reads
        happen under _POSTINGS_LOCK (see _matching_docs).
        """
        key = _reader_key(searcher.reader())
        with self._lock:
            cache = self._caches.get(key)
        if cache is None:
            with self._build_lock:  # one thread builds it; the others wait for it, not build it again
                with self._lock:
                    cache = self._caches.get(key)
                if cache is None:
                    reader = self._local.ix.reader()
                    if _reader_key(reader) != key:  # the index changed in place meanwhile: not shared
                        reader.close()
                        return FacetCache(searcher.reader())
                    cache = FacetCache(reader)
                    self._people = getattr(cache, "person_display", {})
                    with self._lock:  # keep the previous one too: threads switch index at their own pace
                        self._caches = dict([*list(self._caches.items())[-1:], (key, cache)])
        return cache

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute(), kept for this version of the index: the same key gives the same value until
        a reindex changes the index (the most recently used MEMO_SIZE values are kept)."""
        version = (_reader_key(self.searcher().reader()), key)
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

    def warm(self) -> bool:
        """Do now what the first search of this version of the index would do (open it, read
        the facet arrays, make the browsing page); True if it was a version not warmed yet."""
        key = _reader_key(self.searcher().reader())
        if key == self._warmed:
            return False
        self.search(SearchRequest())
        self._warmed = key
        return True

    # ------------------------------------------------------------ search

    def search(self, request: SearchRequest) -> SearchResults:
        """Run a search: filters, disjunctive facet counts, one page of collapsed hits."""
        request = _clamp(request)
        match = self._match(request)
        searcher, cache, parsed, selected, final = match.searcher, match.cache, match.parsed, match.selected, match.final
        names = FACETS + (("month",) if len(selected.get("year", ())) == 1 or selected.get("month") else ())
        names += ("speaker",) if "speaker" in cache.docs_by_value and cache.docs_by_value["speaker"] else ()
        facets = disjunctive_counts(cache, match.base, match.filters, names, selected)
        total = cache.count_entries(final)
        hits = self._page_hits(searcher, cache, parsed.query, final, request, match.direct) if final else ()
        if parsed.original is not None and hits:
            hits = self._mark_translated(searcher, cache, parsed, hits, match.direct)
        suggestion = self._suggest(searcher, parsed.words) if total == 0 and parsed.words else None
        messages = list(parsed.messages)
        if match.partial:
            messages.append("The search took too long; the results may be incomplete.")
        return SearchResults(request, total, hits, facets, suggestion,
                             " ".join(messages) or None, match.partial)

    def ranked_records(self, request: SearchRequest, limit: int) -> tuple[tuple[Mapping[str, Any], ...], int]:
        """The stored records of a search's best `limit` entries, in order, and the entries in all.

        The same filters and ranking as `search`, without facets or snippets (quote search).
        """
        request = _clamp(request)
        match = self._match(request)
        if not match.final:
            return (), 0
        entries = self._entries(match.searcher, match.cache, match.parsed.query, match.final, request, limit,
                                match.direct)
        return tuple(result["record"] for result in entries[:limit]), match.cache.count_entries(match.final)

    def _match(self, request: SearchRequest) -> "_Match":
        """The documents a request matches: before the facet filters (base) and after them (final)."""
        searcher = self.searcher()
        cache = self.facet_cache(searcher)
        parsed = parse_user_query(request.query, searcher.schema, searcher.reader(), xlang=request.xlang)
        partial = False
        if parsed.query is None:
            base = cache.live
        else:
            base, partial = _matching_docs(searcher, parsed.query, cache)
        selected = self._selected(request, parsed, cache)
        filters = {name: cache.docs_with_any(name, values) for name, values in selected.items() if values}
        for name, values in parsed.exclude.items():
            excluded = cache.docs_with_any(name, _resolve(name, values, cache))
            base = base - excluded
        start = date_bounds(request.date_from)[0] if request.date_from else None
        end = date_bounds(request.date_to)[1] if request.date_to else None
        if start or end:
            base = base & cache.docs_in_range(start, end)
        final = base
        for allowed in filters.values():
            final = final & allowed
        direct = None
        if parsed.original is not None and request.sort == "relevance" and final:
            # Exact-language matches rank above matches through a translation, whatever the scores.
            direct = _matching_docs(searcher, parsed.original, cache)[0] & final
        return _Match(searcher, cache, parsed, selected, filters, base, final, direct, partial)

    def _selected(self, request: SearchRequest, parsed, cache: FacetCache) -> dict[str, tuple[str, ...]]:
        wanted = {
            "partner": list(request.partners) + parsed.include.get("partner", []),
            "region": list(request.regions) + parsed.include.get("region", []),
            "lang": list(request.langs) + parsed.include.get("lang", []),
            "year": [str(y) for y in request.years] + parsed.include.get("year", []),
            "month": list(request.months) + parsed.include.get("month", []),
            "speaker": list(request.speakers) + parsed.include.get("speaker", []),
            "type": list(request.types) + parsed.include.get("type", []),
        }
        return {name: tuple(dict.fromkeys(_resolve(name, values, cache)))
                for name, values in wanted.items() if values}

    def _page_hits(self, searcher, cache: FacetCache, query, final: frozenset[int],
                   request: SearchRequest, direct: frozenset[int] | None = None) -> tuple[Hit, ...]:
        wanted = request.page * request.per_page
        entries = self._entries(searcher, cache, query, final, request, wanted, direct)
        hits = []
        for result in entries[(request.page - 1) * request.per_page:wanted]:
            record = result["record"]
            snippet = _snippet(searcher, query, record) if query is not None else None
            hits.append(self._hit(searcher, record, snippet, result.score or 0.0))
        return tuple(hits)

    def _entries(self, searcher, cache: FacetCache, query, final: frozenset[int], request: SearchRequest,
                 wanted: int, direct: frozenset[int] | None = None) -> list:
        """The first `wanted` entries (Whoosh hits, one per translation group) in result order."""
        by_date = request.sort == "date" or query is None
        # Ranked in tiers: the documents the query matches without translation first (xlang).
        tiers = (final,) if direct is None or by_date else (direct, final - direct)
        scores = None
        if not by_date:
            with _POSTINGS_LOCK:
                scores = scores_for(searcher, cache.postings, query)   # None: Whoosh ranks it
        entries, seen = [], set()
        for tier in tiers:
            if not tier or len(entries) >= wanted:
                continue
            # A translation group has at most two members in the results: twice the
            # page's depth is always enough to fill the page after collapsing.
            if by_date or scores is not None:
                mask = as_mask(tier, cache.size)
                ranked = (newest(mask, cache.date_start, 2 * wanted) if by_date
                          else top(mask, scores, 2 * wanted))
                results = [Ranked(searcher, doc, score) for doc, score in ranked]
            else:
                results = searcher.search(query, filter=set(tier), limit=2 * wanted)
            for result in results:
                group = cache.group_of.get(result.docnum, result.docnum)
                if group not in seen:
                    seen.add(group)
                    entries.append(result)
        return entries

    def _mark_translated(self, searcher, cache: FacetCache, parsed, hits: tuple[Hit, ...],
                         direct: DocSet | None) -> tuple[Hit, ...]:
        """Say, on each hit found only through the glossary, which translated terms matched.

        direct: the documents the untranslated query matches, if the search has them already.
        """
        if direct is None:
            direct = _matching_docs(searcher, parsed.original, cache)[0]
        numbers = {hit.id: searcher.document_number(id=hit.id) for hit in hits}
        found_directly = {i for i, docnum in numbers.items() if docnum is not None and direct.mask[docnum]}
        marked = []
        for hit in hits:
            if hit.id in found_directly:
                marked.append(hit)
                continue
            terms = tuple(t for tr in parsed.translations if tr.target_lang == hit.lang for t in tr.targets)
            terms = terms or tuple(t for tr in parsed.translations for t in tr.targets)
            record = searcher.document(id=hit.id)["record"]
            used = terms_present("\n".join([record["title"], *record["body"], *record["about"]]), hit.lang, terms)
            marked.append(replace(hit, via_translation=used or terms))
        return tuple(marked)

    def _hit(self, searcher, record, snippet: Markup | None, score: float, with_translation=True) -> Hit:
        translation = None
        if with_translation and record.get("translation"):
            stored = searcher.document(id=record["translation"])
            if stored:
                translation = self._hit(searcher, stored["record"], None, 0.0, with_translation=False)
        return Hit(
            id=record["id"], source=record["source"], title=record["title"], lang=record["lang"],
            date=record.get("date"), partners=tuple(record["partners"]), regions=tuple(record["regions"]),
            translation=translation, snippet=snippet if snippet is not None else _lead(record),
            score=float(score), dateline_city=record.get("dateline_city"),
            speakers=tuple(self._people.get(person_key(s), s) for s in record.get("speakers", ())),
            type=record.get("type") or "news-release",
            relative_source=self.relative_source(record["source"]),
        )

    def _vocabulary(self):
        """(corrector, word counts) of the generation being read, or None without a vocabulary."""
        def load():
            saved = vocabulary.load(self._generation) if self._generation is not None else None
            return (VocabularyCorrector(*saved), saved[1]) if saved else None

        return self.remember(("vocabulary",), load)

    def _suggest(self, searcher, words: list[str]) -> str | None:
        """'Did you mean': each unknown word replaced by the closest word of the archive."""
        loaded = self._vocabulary()
        if loaded is None:
            return None
        corrector, counts = loaded
        changed, out = False, []
        for word in words:
            low = word.lower()
            if len(low) < 3 or low in counts:
                out.append(word)
                continue
            # prefix=1: a typo is rarely in the first letter, and the corrector then walks
            # one letter's words, not the whole vocabulary (which grows with the archive)
            options = corrector.suggest(low, limit=1, maxdist=2, prefix=1)
            if options:
                out.append(options[0])
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else None

    def relative_source(self, path: str) -> str:
        """A release file's path under the source folder it was indexed from (never absolute)."""
        return relative_to_roots(path, source_roots(self._generation))

    # ------------------------------------------------------------ one release

    def get_release(self, release_id: str) -> ReleaseView | None:
        """A release by id, with its translation, or None."""
        searcher = self.searcher()
        stored = searcher.document(id=release_id)
        if not stored:
            return None
        record = stored["record"]
        translation = None
        if record.get("translation"):
            linked = searcher.document(id=record["translation"])
            if linked:
                translation = self._hit(searcher, linked["record"], None, 0.0, with_translation=False)
        return ReleaseView(release_id, record, translation)

    def hit_for(self, release_id: str, score: float = 0.0) -> Hit | None:
        """A release as a result entry, with its translation (lists of related releases)."""
        searcher = self.searcher()
        self.facet_cache(searcher)      # the speakers' display spellings
        stored = searcher.document(id=release_id)
        return self._hit(searcher, stored["record"], None, score) if stored else None

    def more_like_this(self, release_id: str, limit: int = 5) -> tuple[Hit, ...]:
        """Similar releases (Whoosh's more-like-this), outside this release's translation group."""
        searcher = self.searcher()
        docnum = searcher.document_number(id=release_id)
        if docnum is None:
            return ()
        record = searcher.stored_fields(docnum)["record"]
        found = self.similar_to(release_id, f"text_{text_lang(record['lang'])}", "\n".join(record["body"]),
                                limit + 2)
        skip = {record["id"], record.get("translation")}
        hits = [self._hit(searcher, searcher.document(id=i)["record"], None, score, with_translation=False)
                for i, score in found if i not in skip]
        return tuple(hits[:limit])

    def similar_to(self, release_id: str, fieldname: str, text: str, limit: int,
                   numterms: int = 5) -> list[tuple[str, float]]:
        """Whoosh's more-like-this: the text's key terms (Whoosh's Bo1 model) searched in the
        field, the release itself left out; (id, score), best first. Ranked on the cached
        posting arrays, like a search (Whoosh ranks it if the fast path cannot)."""
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

    def doc_frequency(self, fieldname: str, term: str, cache: FacetCache | None = None) -> int:
        """How many documents hold the (analysed) term, deleted ones included (Whoosh's count)."""
        cache = cache if cache is not None else self.facet_cache(self.searcher())
        with _POSTINGS_LOCK:
            return cache.postings.term_stats(fieldname, term)[0]

    def docs_holding(self, fieldname: str, terms: tuple[str, ...], cache: FacetCache | None = None) -> np.ndarray:
        """The live documents whose field holds every one of the (analysed) terms, ascending.

        Give the facet cache of the searcher whose document numbers the caller uses: by
        default this thread's searcher is asked again, and a reindex may have switched it."""
        cache = cache if cache is not None else self.facet_cache(self.searcher())
        found = None
        with _POSTINGS_LOCK:
            for term in terms:
                docs = cache.postings.term_weights(fieldname, term)[0]
                found = docs if found is None else np.intersect1d(found, docs, assume_unique=True)
                if not len(found):
                    break
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def stats(self) -> dict[str, Any]:
        """Counts for `searchapp stats`."""
        searcher = self.searcher()
        cache = self.facet_cache(searcher)
        size = sum(p.stat().st_size for p in self._generation.rglob("*") if p.is_file())
        return {
            "releases": len(cache.live),
            "lang": cache.count_values("lang", cache.live),
            "year": cache.count_values("year", cache.live),
            "partner": cache.count_values("partner", cache.live),
            "bytes": size,
        }


def keep_warm(index: SearchIndex, interval: float) -> threading.Thread:
    """A background thread that warms each new version of the index as a reindex commits it,
    so that no visitor pays for the first search after a reindex (0.4 to 0.7 s at 100,000
    releases). It looks every interval seconds, and stops when the index is dropped."""
    ref = weakref.ref(index)

    def run() -> None:
        while (current := ref()) is not None:
            try:
                current.warm()
            except Exception as error:     # no index yet, a reindex between two looks: next time
                log.debug("warming %s: %s", current.index_dir, error)
            del current
            time.sleep(interval)

    thread = threading.Thread(target=run, name="searchapp-warm", daemon=True)
    thread.start()
    return thread


class Ranked:
    """One ranked document, read like a Whoosh hit: docnum, score, stored fields by name."""

    __slots__ = ("searcher", "docnum", "score", "_fields")

    def __init__(self, searcher, docnum: int, score: float):
        self.searcher, self.docnum, self.score, self._fields = searcher, docnum, score, None

    def __getitem__(self, name: str):
        if self._fields is None:
            self._fields = self.searcher.stored_fields(self.docnum)
        return self._fields[name]


@dataclass(frozen=True)
class _Match:
    """What a request matches, shared by the results page and the quote search."""
    searcher: Any
    cache: FacetCache
    parsed: Any
    selected: dict[str, tuple[str, ...]]
    filters: dict[str, frozenset[int]]
    base: frozenset[int]
    final: frozenset[int]
    direct: frozenset[int] | None
    partial: bool


def _reader_key(reader) -> tuple:
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


def _resolve(name: str, values, cache) -> list[str]:
    """resolve.resolve_values, imported on first use: the gazetteers are slow to import."""
    from searchapp.search.resolve import resolve_values

    return resolve_values(name, values, cache)


def _clamp(request: SearchRequest) -> SearchRequest:
    per_page = min(max(1, request.per_page), MAX_PER_PAGE)
    page = min(max(1, request.page), 10_000)
    sort = request.sort if request.sort in ("relevance", "date") else "relevance"
    return replace(request, per_page=per_page, page=page, sort=sort)


def _matching_docs(searcher, query, cache: FacetCache) -> tuple[DocSet, bool]:
    """Every document the query matches, as set algebra over cached posting lists (docsets.py)."""
    with _POSTINGS_LOCK:  # the cache's reader is shared by the threads: one reads at a time
        return matching_docs_within(searcher, cache.postings, query)


_POSTINGS_LOCK = threading.Lock()
MEMO_SIZE = 2048       # remembered values (release pages' related lists) per SearchIndex


def _snippet(searcher, query, record) -> Markup:
    fieldname = f"text_{text_lang(record['lang'])}"
    try:
        html = _highlight_paragraphs(searcher, fieldname, _query_words(query, fieldname), record["body"])
    except Exception:  # a highlighter failure must not cost the whole page
        html = ""
    return Markup(html) if html else _lead(record)


def _query_words(query, fieldname: str) -> frozenset[str]:
    """The (analysed) words a query looks for in one field: what the highlighter marks."""
    return frozenset(text if isinstance(text, str) else text.decode("utf-8")
                     for name, text in query.iter_all_terms(phrases=True) if name == fieldname)


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)


def _highlight_paragraphs(searcher, fieldname: str, words: frozenset[str], paragraphs) -> str:
    """Whoosh's highlighting (retokenizing), paragraph by paragraph, until one matches.

    Analysing a whole 8 KB release for each hit costs more than the rest of
    the page; the best two fragments of the first paragraph holding a query
    term make the same kind of snippet for a fraction of the analysis.
    """
    if not words:
        return ""
    analyzer = searcher.schema[fieldname].analyzer
    fragments, matched = [], 0
    for paragraph in paragraphs:
        tokens = analyzer(paragraph, positions=True, chars=True, mode="index", removestops=False)
        tokens = highlight.Highlighter._merge_matched_tokens(highlight.set_matched_filter(tokens, words))
        found = list(_FRAGMENTER.fragment_tokens(paragraph, tokens))
        if found:
            fragments += found
            matched += 1
            if matched == SNIPPET_PARAGRAPHS:
                break
    best = highlight.top_fragments(fragments, 2, highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1)
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")   # it keeps state: one per call
    return formatter.format(best) if best else ""


def _lead(record) -> Markup:
    text = " ".join(record["body"])[:SNIPPET_CHARS]
    return escape(text.rsplit(" ", 1)[0] + " …" if len(text) == SNIPPET_CHARS else text)
