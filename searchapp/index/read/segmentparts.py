"""Each large segment's facet postings, saved beside it by the reindex that wrote it.

A searcher reads every facet field's postings into arrays before its first
answer (facets.py); at 100,000 releases that is most of a cold `searchapp
search`. A segment never changes once written (deletions are kept apart), so
the reindex saves what the searcher would read, one file per segment:
``<segment id>.facets``. Whoosh deletes it with the segment's own files,
since it carries the segment's name. Small segments are not worth a file:
their postings are read in milliseconds. Part of the fast path: with it
off (index/fastpath.py), nothing is saved and the files are not read.
"""
from __future__ import annotations

import os
from typing import Any

from searchapp.index import fastpath
from searchapp.index.schema import FACET_NAMES
from searchapp.index.storage import load_beside, save_beside

MIN_DOCS = 200          # releases: a smaller segment's postings are read, not saved
FORMAT = 1


def _name(segment) -> str:
    return f"{segment.segment_id()}.facets"


def save_missing(ix) -> None:
    """Save the parts of every large segment of the index that has none yet (fast path only)."""
    if not fastpath.enabled():
        return
    folder = ix.storage.folder
    missing = [segment for segment in ix._segments()
               if segment.doc_count_all() >= MIN_DOCS and not os.path.exists(os.path.join(folder, _name(segment)))]
    if not missing:
        return
    from whoosh.reading import SegmentReader

    from searchapp.index.read.terms import read_segment_entries

    for segment in missing:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            fields = {name: read_segment_entries(reader, name)
                      for name in (*FACET_NAMES, "group") if name in ix.schema}
        finally:
            reader.close()
        save_beside(folder, _name(segment), (FORMAT, segment.doc_count_all()), {"fields": fields})


def saved_parts(segment, storage) -> dict[str, Any] | None:
    """field -> (terms, documents, term numbers) saved beside a segment in a storage, or None."""
    folder = getattr(storage, "folder", None)
    if folder is None or segment.doc_count_all() < MIN_DOCS:
        return None
    saved = load_beside(folder, _name(segment), (FORMAT, segment.doc_count_all()))
    return saved["fields"] if saved else None
