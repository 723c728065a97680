"""The merge a small update's commit will make, written by a forked child while the update runs.

A 10-release update of a large archive spends about two seconds on one core
(walking the sources, loading the pipeline, preparing and pairing the new
releases) and its commit then merges small segments, writing their releases
again at about 6 ms each. The segments a commit merges are known as soon as
the index is open, so a child writes the merged segment on the other core
meanwhile. At the commit, the releases this update deleted or replaced in
those segments are marked deleted in the merged one too, and the merged
segment takes their place. If the child failed, the commit merges as it
would have without it. Part of the fast path (it takes over Whoosh's
segment list and writer internals): with it off (index/fastpath.py), no
child is started and the commit merges by itself.
"""
from __future__ import annotations

import multiprocessing
from typing import Callable

from searchapp.index import fastpath
from searchapp.index.write.merging import chosen_segments, live_fields, tiered_merge
from searchapp.index.write.segmentwriter import BulkLengthsWriter

FieldsOf = Callable[[dict], "dict | None"]


class MergeAside:
    """Start with the open index; `policy` gives the commit's merge policy; `close` always."""

    def __init__(self, ix, fields_of: FieldsOf):
        self._process = None
        self.used = False          # whether a commit took the child's segment
        # segment id -> (its first document in the merged segment, its live documents, in order)
        self._live: dict[str, tuple[int, list[int]]] = {}
        if not fastpath.enabled():
            return                 # the commit merges by itself
        _, chosen = chosen_segments(ix._segments())
        base = 0
        for segment in chosen:
            live = [n for n in range(segment.doc_count_all()) if not segment.is_deleted(n)]
            self._live[segment.segment_id()] = (base, live)
            base += len(live)
        if not self._live or "fork" not in multiprocessing.get_all_start_methods():
            return                 # nothing to merge, or no fork: the commit merges by itself
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_merge, args=(ix, list(self._live), fields_of, send), daemon=True)
        self._process.start()
        send.close()

    def policy(self, fields_of: FieldsOf, budget: int):
        """The commit's merge policy: the child's segment in place of the segments it merged
        (chosen before this update deleted anything), else tiered_merge(fields_of, budget)."""
        fallback = tiered_merge(fields_of, budget)

        def policy(writer, segments):
            by_id = {segment.segment_id(): segment for segment in segments}
            merged = self._result() if self._live.keys() <= by_id.keys() else None
            if merged is None:
                return fallback(writer, segments)
            for segment_id, (base, docs) in self._live.items():   # this update's deletions there
                segment = by_id[segment_id]
                for offset, docnum in enumerate(docs):
                    if segment.is_deleted(docnum):
                        merged.delete_document(base + offset)
            self.used = True
            kept = [segment for segment in segments if segment.segment_id() not in self._live and segment.doc_count()]
            return kept + [merged] if merged.doc_count() else kept

        return policy

    def _result(self):
        """The child's merged segment, or None if it failed or could not merge alone."""
        if self._process is None:
            return None
        try:
            result = self._receive.recv()
        except EOFError:                           # the child died
            return None
        finally:
            self._process.join()
            self._process = None
            self._receive.close()
        return result

    def close(self) -> None:
        """Stop the child if its segment was not taken (its files are never committed)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
            self._receive.close()


def _merge(ix, segment_ids: list[str], fields_of: FieldsOf, send) -> None:
    """In the child: the live documents of the given segments, written again into one segment."""
    from whoosh.reading import SegmentReader

    try:
        by_id = {segment.segment_id(): segment for segment in ix._segments()}
        writer = BulkLengthsWriter(ix, _lk=False, compound=False)
        for segment_id in segment_ids:
            reader = SegmentReader(ix.storage, ix.schema, by_id[segment_id])
            try:
                documents = live_fields(reader, fields_of)
            finally:
                reader.close()
            if documents is None:                 # a release the file list does not know
                send.send(None)
                return
            for fields in documents:
                writer.add_document(**fields)
        send.send(writer._finalize_segment())
    except BaseException:
        send.send(None)
