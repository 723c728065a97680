"""Pair releases that are all new to the index, in memory, before any is written.

A first or full build has every release's signature at hand: candidates
come from a table of rare anchors instead of index searches (the rules are
pairing.py's: compatible, similarity, the same rare-anchor proposal).
Kept apart from pairing.py so that a small reindex does not import numpy.
"""
from __future__ import annotations

import zlib
from typing import Any, Iterable

import numpy as np

from searchapp.index.pairfacets import own_facets
from searchapp.index.pairing import (MAX_CANDIDATES, OTHER, RARE_ANCHOR, compatible_facts, facts, findable_facts,
                                     overlap, required_overlap)


def signature(record: dict[str, Any]) -> dict[str, Any]:
    """What pairing reads of a record (and the facets a translation shares), small enough to
    hold for a whole archive in memory."""
    return {"id": record["id"], "lang": record["lang"], "date": record.get("date"),
            "partners": tuple(record["partners"]), "regions": tuple(record.get("regions", ())),
            "anchors": anchor_codes(record.get("anchors", ()))}


def anchor_codes(anchors: Iterable[str]) -> np.ndarray:
    """Anchors as sorted, distinct 32-bit codes (CRC-32: stable across processes)."""
    return np.unique(np.fromiter((zlib.crc32(a.encode("utf-8")) for a in anchors), dtype=np.uint32))


def pair_new(signatures: list[dict[str, Any]]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Pairs among releases that are all new to the index: id -> (translation id, group id,
    the translation's own facets, for pairfacets.linked).

    The same tests as pair_releases (compatible, similarity); candidates come from
    an in-memory table of rare anchors instead of index searches, and the best
    scoring pairs are taken first, each release in at most one pair.
    """
    if not signatures:
        return {}
    codes = [s["anchors"] for s in signatures]
    keys = np.concatenate(codes)
    owners = np.repeat(np.arange(len(signatures)), [len(c) for c in codes])
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    scored: list[tuple[float, str, str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    known = [facts(s) for s in signatures]
    langs = np.array([s["lang"] for s in signatures])
    for i, mine in enumerate(signatures):
        near = _rare_neighbours(i, codes[i], keys, owners)
        for j in near[langs[near] == OTHER.get(mine["lang"])].tolist():   # compatible's first test
            theirs, pair = signatures[j], (min(i, j), max(i, j))
            if pair not in seen and compatible_facts(known[i], known[j]) and (
                    findable_facts(known[i], known[j]) or findable_facts(known[j], known[i])):
                seen.add(pair)
                score = _coded_similarity(codes[i], codes[j])
                if score >= required_overlap(known[i], known[j]):
                    scored.append((-score, min(mine["id"], theirs["id"]), max(mine["id"], theirs["id"]), i, j))
    links: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for _, low, high, i, j in sorted(scored):
        a, b = signatures[i]["id"], signatures[j]["id"]
        if a not in links and b not in links:
            links[a], links[b] = (b, low, own_facets(signatures[j])), (a, low, own_facets(signatures[i]))
    return links


def _rare_neighbours(i: int, mine: np.ndarray, keys: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Other releases sharing rare anchors with release i, most shared first."""
    low, high = np.searchsorted(keys, mine, "left"), np.searchsorted(keys, mine, "right")
    rare = (high - low) <= RARE_ANCHOR
    spans = [owners[a:b] for a, b in zip(low[rare], high[rare]) if b - a > 1]
    if not spans:
        return np.zeros(0, dtype=owners.dtype)
    found, counts = np.unique(np.concatenate(spans), return_counts=True)
    keep = found != i
    found, counts = found[keep], counts[keep]
    best = np.argsort(-counts, kind="stable")[:MAX_CANDIDATES]
    return found[best]


def _coded_similarity(left: np.ndarray, right: np.ndarray) -> float:
    return overlap(len(np.intersect1d(left, right, assume_unique=True)), len(left), len(right))
