"""Every entry a search matches, in result order, one stored record at a time (exports).

The order is the results pages' (relevance, or date), and one entry stands for a translation
pair as on those pages. Only document numbers are held; each record is read when it is
consumed and dropped after, so memory stays flat however many releases match.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterator, Mapping

from searchapp.search.service import SearchIndex, SearchRequest


def matching_records(index: SearchIndex, request: SearchRequest) -> Iterator[Mapping[str, Any]]:
    """The stored record of every entry the request matches (all pages), in result order."""
    request = replace(request, page=1)
    match = index._match(request)
    if not match.final:
        return
    snap = match.snapshot
    wanted = snap.facets.count_entries(match.final)
    entries = index._entries(snap, match.parsed.query, match.final, request, wanted, match.direct)
    for docnum, _score in entries:
        yield index.engine.record(snap, docnum)
