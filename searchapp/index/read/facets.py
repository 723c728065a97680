"""Facet values per document, cached per index reader, and disjunctive counts.

Whoosh's ``groupedby`` counts a multi-valued document under one value and is
slow on broad queries; here each facet field's postings are read once per
reader into parallel numpy arrays (document, value number), and counting a
facet over a set of documents is one bincount. Counts are of entries: a
translation pair counts once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np

from searchapp.index import fastpath
from searchapp.index.read.docsets import DocSet
from searchapp.index.read.plain import PlainPostings
from searchapp.index.read.postings import Postings
from searchapp.index.schema import FACET_NAMES


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


class FacetCache:
    """What the facets need of one reader, as arrays: values, groups, dates, live documents.

    Sets of documents are DocSets (numpy masks). Counts are of entries: the
    members of one translation group count once.
    """

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        # the fast path's arrays, or the same through Whoosh's public API (index/fastpath.py)
        self.postings = Postings(reader) if fastpath.enabled() else PlainPostings(reader)
        live = self.postings.live
        self.live = DocSet(live)
        self._fields = {name: _FacetField(self.postings, name, live) for name in FACET_NAMES
                        if name in reader.schema}
        self.docs_by_value: dict[str, dict[str, np.ndarray]] = {
            name: field.docs_by_value() for name, field in self._fields.items()}
        speakers = self._fields.get("speaker")
        self.person_display: dict[str, str] = speakers.display if speakers else {}   # person key -> shown
        self._load_groups(reader, live)
        self.date_start = self._column(reader, "date_start")
        self.date_end = self._column(reader, "date_end")

    def _load_groups(self, reader, live: np.ndarray) -> None:
        """Each document's group representative (the smallest document number of its group)."""
        self.rep = np.arange(self.size, dtype=np.int64)
        if "group" in reader.schema:
            _, docs, groups = self.postings.field_entries("group", min_docs=2)
            keep = live[docs]
            docs, groups = docs[keep], groups[keep]
            if len(docs):
                smallest = np.full(int(groups.max()) + 1, self.size, dtype=np.int64)
                np.minimum.at(smallest, groups, docs)
                self.rep[docs] = smallest[groups]
        grouped = np.flatnonzero(self.rep != np.arange(self.size))
        self.group_of: dict[int, int] = {}
        for doc in grouped.tolist():
            self.group_of[doc] = self.group_of[int(self.rep[doc])] = int(self.rep[doc])
        sizes = np.bincount(self.rep[grouped]) if len(grouped) else np.zeros(0, dtype=np.int64)
        self._pairs_only = not len(sizes) or int(sizes.max()) == 1
        self.pair_a = self.rep[grouped]
        self.pair_b = grouped

    def _column(self, reader, name: str) -> np.ndarray:
        if name not in reader.schema:
            return np.zeros(self.size, dtype=np.int64)
        return self.postings.numeric_column(name)

    # ------------------------------------------------------------ filtering

    def docs_with_any(self, name: str, values: Iterable[str]) -> DocSet:
        """Documents having at least one of the values (an OR within one facet)."""
        mask = np.zeros(self.size, dtype=bool)
        by_value = self.docs_by_value.get(name, {})
        for value in values:
            docs = by_value.get(value)
            if docs is not None:
                mask[docs] = True
        return DocSet(mask)

    def docs_in_range(self, start: int | None, end: int | None) -> DocSet:
        """Documents whose date period overlaps [start, end] (yyyymmdd ints)."""
        lo = start or 0
        hi = end or 99999999
        return DocSet(self.live.mask & (self.date_end != 0) & (self.date_end >= lo) & (self.date_start <= hi))

    def count_entries(self, docs) -> int:
        """Entries as listed: members of one translation group count once."""
        mask = _as_mask(docs, self.size)
        if self._pairs_only:
            return int(np.count_nonzero(mask)) - int(np.count_nonzero(mask[self.pair_a] & mask[self.pair_b]))
        return len(np.unique(self.rep[mask]))

    def count_values(self, name: str, docs) -> dict[str, int]:
        """Per value, the entries among `docs` having it (values with none are left out)."""
        field = self._fields.get(name)
        if field is None:
            return {}
        mask = _as_mask(docs, self.size)
        if self._pairs_only:
            counts = field.counts(mask, self.pair_a, self.pair_b)
        else:
            counts = field.group_counts(mask, self.rep)
        found = np.flatnonzero(counts)
        return dict(zip([field.values[i] for i in found.tolist()], counts[found].tolist()))


class _FacetField:
    """One facet field's postings as parallel arrays (document, value number)."""

    def __init__(self, postings, name: str, live: np.ndarray):
        values, docs, numbers = postings.field_entries(name)
        self.display: dict[str, str] = {}
        if name == "speaker":
            values, docs, numbers, self.display = merge_people(values, docs, numbers)
        keep = live[docs]
        self.docs, self.numbers = docs[keep], numbers[keep]
        used = np.bincount(self.numbers, minlength=len(values)) > 0
        self.values = values
        self.used = used
        order = np.argsort(self.numbers, kind="stable")
        self._sorted_docs = self.docs[order]
        self._bounds = np.searchsorted(self.numbers[order], np.arange(len(values) + 1))
        self._shared: tuple[np.ndarray, np.ndarray] | None = None

    def docs_by_value(self) -> dict[str, np.ndarray]:
        return {value: self._sorted_docs[self._bounds[i]:self._bounds[i + 1]]
                for i, value in enumerate(self.values) if self.used[i]}

    def counts(self, mask: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray) -> np.ndarray:
        """Documents per value, less one for each pair whose two members are in and share it."""
        counts = np.bincount(self.numbers[mask[self.docs]], minlength=len(self.values))
        if len(pair_a):
            pair_of, shared = self._shared_values(pair_a, pair_b)
            both = mask[pair_a] & mask[pair_b]
            if both.any():
                counts -= np.bincount(shared[both[pair_of]], minlength=len(self.values))
        return counts

    def _shared_values(self, pair_a: np.ndarray, pair_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._shared is None:
            pairs = {}
            members = np.zeros(int(max(pair_a.max(), pair_b.max())) + 1, dtype=bool)
            members[pair_a] = members[pair_b] = True
            inside = self.docs < len(members)
            inside[inside] = members[self.docs[inside]]
            held: dict[int, set[int]] = {}
            for doc, number in zip(self.docs[inside].tolist(), self.numbers[inside].tolist()):
                held.setdefault(doc, set()).add(number)
            pair_of, shared = [], []
            for i, (a, b) in enumerate(zip(pair_a.tolist(), pair_b.tolist())):
                for number in held.get(a, set()) & held.get(b, set()):
                    pair_of.append(i)
                    shared.append(number)
            pairs = (np.asarray(pair_of, dtype=np.int64), np.asarray(shared, dtype=np.int64))
            self._shared = pairs
        return self._shared

    def group_counts(self, mask: np.ndarray, rep: np.ndarray) -> np.ndarray:
        """Distinct groups per value (any group sizes)."""
        inside = mask[self.docs]
        keys = np.unique(rep[self.docs[inside]] * len(self.values) + self.numbers[inside])
        return np.bincount(keys % len(self.values), minlength=len(self.values))


def merge_people(values: list[str], docs: np.ndarray, numbers: np.ndarray):
    """One value per person: spellings of a name (Benoît / Benoit Larose) merged under the best one.

    Returns the merged values, the postings renumbered (a document once per person), and
    person key -> display spelling.
    """
    from searchapp.extract.people import PersonRegistry, person_key

    registry = PersonRegistry()
    for value in values:
        registry.add(value)
    merged = list(dict.fromkeys(registry.canonical(v) for v in values))
    position = {name: i for i, name in enumerate(merged)}
    display = {person_key(v): registry.canonical(v) for v in values}
    if not len(numbers):
        return merged, docs, numbers, display
    remap = np.asarray([position[registry.canonical(v)] for v in values], dtype=numbers.dtype)
    pairs = np.unique(docs.astype(np.int64) * len(merged) + remap[numbers])
    return merged, pairs // len(merged), (pairs % len(merged)).astype(numbers.dtype), display


def _as_mask(docs, size: int) -> np.ndarray:
    if isinstance(docs, DocSet):
        return docs.mask
    return DocSet.of(docs, size).mask


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
