"""Releases related to one release: its other-language version, releases with the same
partners, and similar releases in both languages.

Similar releases come from Whoosh's more-like-this over the release's own language field
and, through the glossary, from the other language's field: the glossary terms the release
uses are translated and searched there, weighted by how often the release uses them. Every
list is short and holds one entry per translation group, never the release's own group.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from searchapp.search.quotematch import analysed
from searchapp.index.schema import text_lang
from searchapp.search.service import Hit, SearchIndex, SearchRequest

RELATED_LIMIT = 4            # entries per list
KEY_TERMS = 12               # terms of a release more-like-this searches for (Whoosh's default: 5)
COMMON_SHARE = 0.25          # a translated term in more of the other language's releases tells nothing
MAX_TERM_WEIGHT = 5
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass(frozen=True)
class PartnerReleases:
    """Other releases with one of this release's partners (newest first) and how many there are."""
    partner: str
    hits: tuple[Hit, ...]
    total: int


@dataclass(frozen=True)
class Related:
    """Everything the release page lists beside the release."""
    translation: Hit | None
    partners: tuple[PartnerReleases, ...]
    similar: tuple[Hit, ...]


def related_releases(index: SearchIndex, release_id: str, limit: int = RELATED_LIMIT) -> Related | None:
    """The related lists of a release, or None for an unknown id (remembered until the index
    changes: a release page is often viewed many times, and these lists are its costly part)."""
    return index.remember(("related", release_id, limit), lambda: _related(index, release_id, limit))


def _related(index: SearchIndex, release_id: str, limit: int) -> Related | None:
    view = index.get_release(release_id)
    if view is None:
        return None
    record = view.record
    own = {record["id"], record.get("translation"), record.get("group")} - {None}
    return Related(view.translation, same_partner(index, record, own, limit), similar(index, record, own, limit))


def same_partner(index: SearchIndex, record: Mapping[str, Any], own: set[str], limit: int) -> tuple[PartnerReleases, ...]:
    """Per partner, the newest other releases with it; the most specific partners first."""
    lists, shown = [], set(own)
    for partner in record.get("partners", ()):
        records, total = index.ranked_records(SearchRequest(partners=(partner,), sort="date"), limit + len(shown) + 1)
        others = [r for r in records if not _record_ids(r) & own]
        fresh = [r for r in others if not _record_ids(r) & shown][:limit]
        shown.update(i for r in fresh for i in _record_ids(r))
        hits = tuple(hit for hit in (index.hit_for(r["id"]) for r in fresh) if hit is not None)
        if hits:
            lists.append(PartnerReleases(partner, hits, max(total - 1, len(others))))
    return tuple(sorted(lists, key=lambda entry: entry.total))


def similar(index: SearchIndex, record: Mapping[str, Any], own: set[str], limit: int) -> tuple[Hit, ...]:
    """Similar releases in the release's language and, through the glossary, in the other one."""
    same = _more_like_this(index, record, limit + 2)
    other = _through_glossary(index, record, limit + 2)
    merged, seen = [], set(own)
    for pair in _interleave(same, other):
        release_id = pair[0]
        group = _group(index, release_id)
        if release_id in seen or group in seen:
            continue
        hit = index.hit_for(release_id, pair[1])
        if hit is None:
            continue
        seen.update({release_id, group} | _ids(hit))
        merged.append(hit)
        if len(merged) == limit:
            break
    return tuple(merged)


def _more_like_this(index: SearchIndex, record: Mapping[str, Any], limit: int) -> list[tuple[str, float]]:
    """Whoosh's more-like-this over the release's own language field, on its body's key terms."""
    field = f"text_{text_lang(record['lang'])}"
    return index.similar_to(record["id"], field, "\n".join(record.get("body", ())), limit, numterms=KEY_TERMS)


def _through_glossary(index: SearchIndex, record: Mapping[str, Any], limit: int) -> list[tuple[str, float]]:
    """Releases of the other language sharing the release's field vocabulary, best first.

    The release's glossary terms are translated; each other-language release scores, for every
    translated term it holds, the term's weight here (uses, up to MAX_TERM_WEIGHT) times its
    rarity there (idf). Terms held by more than COMMON_SHARE of those releases (at least one)
    tell nothing.
    Array work on the cached posting lists: a scored Whoosh query over many common terms is slow.
    """
    from searchapp.text.glossary import other_lang

    lang = record["lang"]
    if lang not in ("fr", "en"):
        return []
    target = other_lang(lang)
    family = text_lang(target)
    field = f"text_{family}"
    engine = index.engine
    snap = engine.snapshot()                  # one version of the index throughout
    cache = snap.facets
    candidates = engine.docs_holding(snap, "lang", (target,))
    if not len(candidates):
        return []
    is_candidate = np.zeros(cache.size, dtype=bool)
    is_candidate[candidates] = True
    words = _WORD.findall(" ".join(record.get("body", ())))
    counts = Counter(t.targets for t in index.expander(snap).translate_query_terms(words, source_lang=lang))
    common = max(COMMON_SHARE * len(candidates), 1)
    scores = np.zeros(cache.size, dtype=np.float64)
    for targets, count in counts.items():
        stems = [s for s in (analysed(term, family) for term in targets) if s]
        if not any(min(engine.doc_frequency(snap, field, stem) for stem in s) <= common for s in stems):
            continue    # every translation is common (its rarest word is): skipped without reading postings
        held = _union([engine.docs_holding(snap, field, s) for s in stems], cache.size)
        holders = held[is_candidate[held]]
        if len(holders) and len(holders) <= common:
            weight = min(count, MAX_TERM_WEIGHT) * (math.log((len(candidates) + 1) / (len(holders) + 1)) + 1)
            scores[holders] += weight
    best = np.flatnonzero(scores)
    best = best[np.lexsort((best, -scores[best]))][:limit]       # ties: document order
    return [(engine.record(snap, int(doc))["id"], float(scores[doc])) for doc in best]


def _union(arrays: list[np.ndarray], size: int) -> np.ndarray:
    """The documents of any of the ascending arrays, ascending."""
    if len(arrays) == 1:
        return arrays[0]
    mask = np.zeros(size, dtype=bool)
    for docs in arrays:
        mask[docs] = True
    return np.flatnonzero(mask)


def _interleave(first: list, second: list) -> list:
    """a1, b1, a2, b2, ...: each language's best before the other's second best."""
    merged = []
    for k in range(max(len(first), len(second))):
        merged += first[k:k + 1] + second[k:k + 1]
    return merged


def _group(index: SearchIndex, release_id: str) -> str:
    record = index.record(release_id)
    return record.get("group", release_id) if record else release_id


def _record_ids(record: Mapping[str, Any]) -> set[str]:
    return {record["id"], record["translation"]} if record.get("translation") else {record["id"]}


def _ids(hit: Hit) -> set[str]:
    return {hit.id, hit.translation.id} if hit.translation else {hit.id}
