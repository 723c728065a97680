"""The one search interface: SearchRequest in, SearchResults out.

Used by the command line, the web pages, the JSON API and the Atom feed.
No Flask, no HTTP, no Whoosh here: the index answers through the engine
interface (index/engine.py) with document sets, document numbers and
stored records; this module decides what a page of results is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from markupsafe import Markup, escape

from searchapp.index.expansion import SOURCES
from searchapp.config import MAX_PER_PAGE
from searchapp.extract.people import person_key
from searchapp.index.engine import Engine, Snapshot
from searchapp.index.read.docsets import DocSet
from searchapp.index.read.facets import disjunctive_counts
from searchapp.index.schema import CONDITIONAL_FACETS, FACET_NAMES, date_bounds, text_lang
from searchapp.search.models import FacetValue, Hit, ReleaseView, SearchRequest, SearchResults
from searchapp.search.quotematch import terms_present
from searchapp.search.sourcepaths import relative_to_roots, source_roots
from searchapp.text.folding import fold

SNIPPET_CHARS = 240
FACETS = tuple(name for name in FACET_NAMES if name not in CONDITIONAL_FACETS)   # on every page
SUGGESTIONS_TRIED = 3     # "did you mean" queries tried, closest words first, until one finds something
DATE_SORTS = ("date", "oldest")     # newest first, oldest first

__all__ = ["Hit", "ReleaseView", "SearchIndex", "SearchRequest", "SearchResults"]


class SearchIndex:
    """A process-wide handle on one index folder; safe to share between threads."""

    expansion_sources: tuple[str, ...] = SOURCES

    def __init__(self, index_dir: str | Path):
        self.engine = Engine(index_dir)
        self.index_dir = self.engine.index_dir
        self._warmed: tuple | None = None                     # the version warm() last prepared

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """compute(), kept until a reindex changes the index."""
        return self.engine.remember(key, compute)

    def warm(self) -> bool:
        """Do now what the first search of this version of the index would do (open it, read
        the facet arrays, make the browsing page); True if it was a version not warmed yet."""
        key = self.engine.version()
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
        snap, cache, parsed, selected, final = match.snapshot, match.snapshot.facets, match.parsed, match.selected, match.final
        shown = {"month": len(selected.get("year", ())) == 1 or bool(selected.get("month")),
                 "speaker": bool(cache.docs_by_value.get("speaker"))}
        names = tuple(name for name in FACET_NAMES if shown.get(name, True))
        facets = disjunctive_counts(cache, match.base, match.filters, names, selected)
        total = cache.count_entries(final)
        hits = self._page_hits(snap, parsed.query, final, request, match.direct) if final else ()
        if parsed.original is not None and hits:
            hits = self._mark_translated(snap, parsed, hits, match.direct)
        suggestion = self._suggest(request, parsed.words) if total == 0 and parsed.words else None
        messages = list(parsed.messages)
        if match.partial:
            messages.append("The search took too long; the results may be incomplete.")
        return SearchResults(request, total, hits, facets, suggestion,
                             " ".join(messages) or None, match.partial)

    def facet_values(self, request: SearchRequest, name: str) -> tuple[FacetValue, ...]:
        """Every value of one facet with its disjunctive count, selected ones included (the facet's
        own page: the results page keeps the most frequent)."""
        match = self._match(_clamp(request))
        return disjunctive_counts(match.snapshot.facets, match.base, match.filters, (name,), match.selected,
                                  limit=None)[name]

    def every_record(self, request: SearchRequest) -> Iterator[Mapping[str, Any]]:
        """The stored record of every entry a request matches (all pages), in result order, each
        read as it is consumed: memory stays flat however many match (exports)."""
        request = replace(request, page=1)
        match = self._match(request)
        wanted = match.snapshot.facets.count_entries(match.final) if match.final else 0
        for docnum, _ in self._entries(match.snapshot, match.parsed.query, match.final, request, wanted,
                                       match.direct) if wanted else ():
            yield self.engine.record(match.snapshot, docnum)

    def ranked_records(self, request: SearchRequest, limit: int) -> tuple[tuple[Mapping[str, Any], ...], int]:
        """The stored records of a search's best `limit` entries, in order, and the entries in all.

        The same filters and ranking as `search`, without facets or snippets (quote search).
        """
        request = _clamp(request)
        match = self._match(request)
        if not match.final:
            return (), 0
        entries = self._entries(match.snapshot, match.parsed.query, match.final, request, limit, match.direct)
        records = tuple(self.engine.record(match.snapshot, docnum) for docnum, _ in entries[:limit])
        return records, match.snapshot.facets.count_entries(match.final)

    def _match(self, request: SearchRequest) -> "_Match":
        """The documents a request matches: before the facet filters (base) and after them (final)."""
        engine = self.engine
        snap = engine.snapshot()
        cache = snap.facets
        parsed = engine.parse(snap, request.query, xlang=request.xlang,
                              translator=self.expander(snap) if request.xlang else None)
        partial = False
        if parsed.query is None:
            base = cache.live
        else:
            base, partial = engine.matching(snap, parsed.query)
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
            direct = engine.matching(snap, parsed.original)[0] & final
        return _Match(snap, parsed, selected, filters, base, final, direct, partial)

    def _selected(self, request: SearchRequest, parsed, cache) -> dict[str, tuple[str, ...]]:
        wanted = {name: [str(v) for v in request.filter_values(name)] + parsed.include.get(name, [])
                  for name in FACET_NAMES}
        return {name: tuple(dict.fromkeys(_resolve(name, values, cache)))
                for name, values in wanted.items() if values}

    def _page_hits(self, snap: Snapshot, query, final: DocSet, request: SearchRequest,
                   direct: DocSet | None = None) -> tuple[Hit, ...]:
        wanted = request.page * request.per_page
        entries = self._entries(snap, query, final, request, wanted, direct)
        hits = []
        for docnum, score in entries[(request.page - 1) * request.per_page:wanted]:
            record = self.engine.record(snap, docnum)
            snippet = _snippet(self.engine, snap, query, record) if query is not None else None
            hits.append(self._hit(snap, record, snippet, score or 0.0))
        return tuple(hits)

    def _entries(self, snap: Snapshot, query, final: DocSet, request: SearchRequest,
                 wanted: int, direct: DocSet | None = None) -> list[tuple[int, float]]:
        """The first `wanted` entries (document, score; one per translation group) in result order."""
        by_date = request.sort in DATE_SORTS or query is None
        # Ranked in tiers: the documents the query matches without translation first (xlang).
        tiers = (final,) if direct is None or by_date else (direct, final - direct)
        rank = self.engine.ranker(snap, query, by_date, oldest=request.sort == "oldest")
        group_of = snap.facets.group_of
        entries, seen = [], set()
        for tier in tiers:
            if not tier or len(entries) >= wanted:
                continue
            # A translation group has at most two members in the results: twice the
            # page's depth is always enough to fill the page after collapsing.
            for docnum, score in rank(tier, 2 * wanted):
                group = group_of.get(docnum, docnum)
                if group not in seen:
                    seen.add(group)
                    entries.append((self._leading(snap, docnum, tier, _preferred_lang(request)), score))
        return entries

    def _leading(self, snap: Snapshot, docnum: int, tier: DocSet, lang: str) -> int:
        """The version of a translated release to list: the one found, or when both versions match
        the query and filters, the one in `lang` (the other stays attached as its translation)."""
        facets = snap.facets
        if not lang or docnum not in facets.group_of:
            return docnum
        rep = facets.group_of[docnum]
        others = facets.pair_b[facets.pair_a == docnum].tolist() if docnum == rep else [rep]
        for other in others:
            if other != docnum and other in tier and self.engine.record(snap, docnum)["lang"] != lang \
                    and self.engine.record(snap, other)["lang"] == lang:
                return other
        return docnum

    def _mark_translated(self, snap: Snapshot, parsed, hits: tuple[Hit, ...],
                         direct: DocSet | None) -> tuple[Hit, ...]:
        """Say, on each hit found only through the glossary, which translated terms matched.

        direct: the documents the untranslated query matches, if the search has them already.
        """
        engine = self.engine
        if direct is None:
            direct = engine.matching(snap, parsed.original)[0]
        numbers = {hit.id: engine.doc_number(snap, hit.id) for hit in hits}
        found_directly = {i for i, docnum in numbers.items() if docnum is not None and direct.mask[docnum]}
        marked = []
        for hit in hits:
            if hit.id in found_directly:
                marked.append(hit)
                continue
            terms = tuple(t for tr in parsed.translations if tr.target_lang == hit.lang for t in tr.targets)
            terms = terms or tuple(t for tr in parsed.translations for t in tr.targets)
            record = engine.record_by_id(snap, hit.id)
            used = terms_present("\n".join([record["title"], *record["body"], *record["about"]]), hit.lang, terms)
            marked.append(replace(hit, via_translation=used or terms))
        return tuple(marked)

    def _hit(self, snap: Snapshot, record, snippet: Markup | None, score: float, with_translation=True) -> Hit:
        translation = None
        if with_translation and record.get("translation"):
            linked = self.engine.record_by_id(snap, record["translation"])
            if linked:
                translation = self._hit(snap, linked, None, 0.0, with_translation=False)
        people = getattr(snap.facets, "person_display", {})
        return Hit(
            id=record["id"], source=record["source"], title=record["title"], lang=record["lang"],
            date=record.get("date"), partners=tuple(record["partners"]), regions=tuple(record["regions"]),
            translation=translation, snippet=snippet if snippet is not None else _lead(record),
            score=float(score), dateline_city=record.get("dateline_city"),
            speakers=tuple(people.get(person_key(s), s) for s in record.get("speakers", ())),
            type=record.get("type") or "news-release",
            relative_source=self.relative_source(record["source"]),
        )

    def expander(self, snap: Snapshot | None = None):
        """What the both-languages mode translates with, for this version of the index
        (expansion_sources narrows it: the measurement leaves sources out one at a time)."""
        return self.engine.expander(snap or self.engine.snapshot(), tuple(self.expansion_sources))

    def _suggest(self, request: SearchRequest, words: list[str]) -> str | None:
        """'Did you mean': each unknown word replaced by a close word of the archive (never a stop
        word), the first such query that finds something with the request's filters."""
        loaded = self.engine.vocabulary()
        if loaded is None:
            return None
        corrector, counts = loaded
        choices = []
        for word in words:
            low = word.lower()
            if all(len(part) < 3 or part in counts for part in re.split(r"[-\u2010\u2011]", low)):
                choices.append([word])
                continue
            # prefix=1: a typo is rarely in the first letter, and the corrector then walks
            # one letter's words, not the whole vocabulary (which grows with the archive)
            choices.append(_one_spelling(corrector.suggest(low, limit=2 * SUGGESTIONS_TRIED, maxdist=2, prefix=1))
                           or [word])
        if all(len(options) == 1 and options[0] == word for options, word in zip(choices, words)):
            return None
        for rank in range(SUGGESTIONS_TRIED):
            if rank and all(len(options) <= rank for options in choices):
                break
            suggestion = " ".join(options[min(rank, len(options) - 1)] for options in choices)
            if self._match(replace(request, query=suggestion, page=1)).final:
                return suggestion
        return None

    def relative_source(self, path: str) -> str:
        """A release file's path under the source folder it was indexed from (never absolute)."""
        return relative_to_roots(path, source_roots(self.engine.generation))

    # ------------------------------------------------------------ one release

    def get_release(self, release_id: str) -> ReleaseView | None:
        """A release by id, with its translation, or None."""
        snap = self.engine.snapshot()
        record = self.engine.record_by_id(snap, release_id)
        if record is None:
            return None
        translation = None
        if record.get("translation"):
            linked = self.engine.record_by_id(snap, record["translation"])
            if linked:
                translation = self._hit(snap, linked, None, 0.0, with_translation=False)
        return ReleaseView(release_id, record, translation)

    def record(self, release_id: str) -> Mapping[str, Any] | None:
        """The stored record of a release, or None."""
        return self.engine.record_by_id(self.engine.snapshot(), release_id)

    def hit_for(self, release_id: str, score: float = 0.0) -> Hit | None:
        """A release as a result entry, with its translation (lists of related releases)."""
        snap = self.engine.snapshot()
        record = self.engine.record_by_id(snap, release_id)
        return self._hit(snap, record, None, score) if record else None

    def more_like_this(self, release_id: str, limit: int = 5) -> tuple[Hit, ...]:
        """Similar releases (more-like-this), outside this release's translation group."""
        snap = self.engine.snapshot()
        record = self.engine.record_by_id(snap, release_id)
        if record is None:
            return ()
        found = self.similar_to(release_id, f"text_{text_lang(record['lang'])}", "\n".join(record["body"]),
                                limit + 2)
        skip = {record["id"], record.get("translation")}
        hits = [self._hit(snap, self.engine.record_by_id(snap, i), None, score, with_translation=False)
                for i, score in found if i not in skip]
        return tuple(hits[:limit])

    def similar_to(self, release_id: str, fieldname: str, text: str, limit: int,
                   numterms: int = 5) -> list[tuple[str, float]]:
        """The releases whose field best holds the text's key terms: (id, score), best first."""
        return self.engine.similar_to(release_id, fieldname, text, limit, numterms)

    def stats(self) -> dict[str, Any]:
        """Counts for `searchapp stats`."""
        cache = self.engine.snapshot().facets
        return {
            "releases": len(cache.live),
            "lang": cache.count_values("lang", cache.live),
            "year": cache.count_values("year", cache.live),
            "partner": cache.count_values("partner", cache.live),
            "bytes": self.engine.size_on_disk(),
        }


def _one_spelling(options: list[str]) -> list[str]:
    """Suggestions that differ only by accents count once, spelled with the accents ("bioquébec")."""
    kept: dict[str, str] = {}
    for option in options:
        key = fold(option)
        if key not in kept or (kept[key].isascii() and not option.isascii()):
            kept[key] = option
    return list(kept.values())[:SUGGESTIONS_TRIED]


def _preferred_lang(request: SearchRequest) -> str:
    """The version to show first when both match: the one language asked for, else the interface's."""
    return request.langs[0] if len(request.langs) == 1 else request.prefer_lang


@dataclass(frozen=True)
class _Match:
    """What a request matches, shared by the results page and the quote search."""
    snapshot: Snapshot
    parsed: Any
    selected: dict[str, tuple[str, ...]]
    filters: dict[str, DocSet]
    base: DocSet
    final: DocSet
    direct: DocSet | None
    partial: bool


def _resolve(name: str, values, cache) -> list[str]:
    """resolve.resolve_values, imported on first use: the gazetteers are slow to import."""
    from searchapp.search.resolve import resolve_values

    return resolve_values(name, values, cache)


def _clamp(request: SearchRequest) -> SearchRequest:
    per_page = min(max(1, request.per_page), MAX_PER_PAGE)
    page = min(max(1, request.page), 10_000)
    sort = request.sort if request.sort in ("relevance", *DATE_SORTS) else "relevance"
    return replace(request, per_page=per_page, page=page, sort=sort)


def _snippet(engine: Engine, snap: Snapshot, query, record) -> Markup:
    html = engine.snippet(snap, query, record)
    return Markup(html) if html else _lead(record)


def _lead(record) -> Markup:
    text = " ".join(record["body"])[:SNIPPET_CHARS]
    return escape(text.rsplit(" ", 1)[0] + " …" if len(text) == SNIPPET_CHARS else text)
