"""Facet values per document, cached per index reader, and disjunctive counts.

Whoosh's ``groupedby`` counts a multi-valued document under one value and is
slow on broad queries; here each facet field's postings are read once per
reader into value -> documents sets and document -> values tuples, and counts
are plain set work. Counts are of entries: a translation pair counts once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

FACET_NAMES = ("partner", "region", "year", "month", "lang", "speaker")


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


class FacetCache:
    """What the facets need of one reader: values, groups, dates, live documents."""

    def __init__(self, reader):
        self.live: frozenset[int] = frozenset(reader.all_doc_ids())
        self.docs_by_value: dict[str, dict[str, frozenset[int]]] = {}
        self.values_of: dict[str, dict[int, tuple[str, ...]]] = {}
        for name in FACET_NAMES:
            self._load_field(reader, name)
        self.group_of: dict[int, str] = {}
        for group, docs in self._postings(reader, "group").items():
            for doc in docs:
                self.group_of[doc] = group
        self.date_start = self._column(reader, "date_start")
        self.date_end = self._column(reader, "date_end")

    def _load_field(self, reader, name: str) -> None:
        by_value = self._postings(reader, name)
        if name == "speaker":
            by_value = self._merge_people(by_value)
        values_of: dict[int, list[str]] = {}
        for value, docs in by_value.items():
            for doc in docs:
                values_of.setdefault(doc, []).append(value)
        self.docs_by_value[name] = by_value
        self.values_of[name] = {doc: tuple(v) for doc, v in values_of.items()}

    def _merge_people(self, by_value: dict[str, frozenset[int]]) -> dict[str, frozenset[int]]:
        """One value per person: spellings of a name (Benoit / Benoît) merged under the best one."""
        from .people import PersonRegistry, person_key

        registry = PersonRegistry()
        for spelling in by_value:
            registry.add(spelling)
        merged: dict[str, frozenset[int]] = {}
        self.person_display: dict[str, str] = {}
        for spelling, docs in by_value.items():
            display = registry.canonical(spelling)
            self.person_display[person_key(spelling)] = display
            merged[display] = merged.get(display, frozenset()) | docs
        return merged

    def _postings(self, reader, name: str) -> dict[str, frozenset[int]]:
        found = {}
        if name not in reader.schema:
            return found
        for term in reader.lexicon(name):
            docs = frozenset(reader.postings(name, term).all_ids()) & self.live
            if docs:
                found[term.decode("utf-8")] = docs
        return found

    def _column(self, reader, name: str) -> dict[int, int]:
        column = reader.column_reader(name)
        return {doc: column[doc] for doc in self.live}

    # ------------------------------------------------------------ filtering

    def docs_with_any(self, name: str, values: Iterable[str]) -> frozenset[int]:
        """Documents having at least one of the values (an OR within one facet)."""
        by_value = self.docs_by_value.get(name, {})
        result: set[int] = set()
        for value in values:
            result |= by_value.get(value, frozenset())
        return frozenset(result)

    def docs_in_range(self, start: int | None, end: int | None) -> frozenset[int]:
        """Documents whose date period overlaps [start, end] (yyyymmdd ints)."""
        lo = start or 0
        hi = end or 99999999
        return frozenset(doc for doc in self.live
                         if self.date_end[doc] and self.date_end[doc] >= lo and self.date_start[doc] <= hi)

    def count_entries(self, docs: Iterable[int]) -> int:
        """Entries as listed: members of one translation group count once."""
        return len({self.group_of.get(doc, doc) for doc in docs})

    def count_values(self, name: str, docs: Iterable[int]) -> dict[str, int]:
        """Per value, the entries among `docs` having it."""
        values_of = self.values_of.get(name, {})
        seen: dict[str, set] = {}
        for doc in docs:
            group = self.group_of.get(doc, doc)
            for value in values_of.get(doc, ()):
                seen.setdefault(value, set()).add(group)
        return {value: len(groups) for value, groups in seen.items()}


def disjunctive_counts(cache: FacetCache, base: frozenset[int],
                       filters: Mapping[str, frozenset[int]], names: Iterable[str],
                       selected: Mapping[str, Iterable[str]], limit: int = 40) -> dict[str, tuple[FacetValue, ...]]:
    """Each facet counted over the base set with every filter applied but its own."""
    result = {}
    for name in names:
        docs = base
        for other, allowed in filters.items():
            if other != name:
                docs = docs & allowed
        counts = cache.count_values(name, docs)
        chosen = set(selected.get(name, ()))
        for value in chosen:
            counts.setdefault(value, 0)
        result[name] = order_values(name, counts, chosen, limit)
    return result


def order_values(name: str, counts: dict[str, int], chosen: set[str], limit: int) -> tuple[FacetValue, ...]:
    """Years and months newest first; other facets by count, then name."""
    if name in ("year", "month"):
        ordered = sorted(counts, reverse=True)
    else:
        ordered = sorted(counts, key=lambda v: (-counts[v], v.casefold()))
    kept = [v for v in ordered if v in chosen or counts[v] > 0][:limit]
    kept += [v for v in ordered if v in chosen and v not in kept]
    return tuple(FacetValue(v, counts[v], v in chosen) for v in kept)
