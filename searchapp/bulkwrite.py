"""Many releases at once: worker processes prepare them and each writes its own segment.

Reading, language detection, extraction and Whoosh's analysis all cost
Python time per release, so they run in the workers, side by side; the
parent only hands out batches of (path, id), collects what happened to each
file, and commits the workers' segments into the index with its own writer
(which also deletes the documents being replaced). This is Whoosh's own
multi-segment scheme (`whoosh.multiproc`), with the preparation moved into
the workers too.
"""
from __future__ import annotations

import multiprocessing
import queue
from dataclasses import dataclass
from typing import Callable, Iterable

from whoosh.writing import MERGE_SMALL

from .segmentwriter import BulkLengthsWriter

BATCH = 16
WORKER_LIMIT_MB = 128
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Outcome:
    """What became of one file: written (with its encoding) or rejected (with a reason)."""

    path: str
    release_id: str
    encoding: str | None = None
    reason: str | None = None


def write_in_workers(ix, tasks: list[tuple[str, str]], workers: int,
                     on_outcome: Callable[[Outcome], None],
                     initializer: Callable[[int], None] | None = None) -> list:
    """Prepare and write every (path, id) in `workers` processes; returns their segments.

    on_outcome is called in this process once per file, as batches finish;
    initializer(parent pid) runs first in each worker.
    """
    import os

    context = multiprocessing.get_context("fork")
    jobs = context.Queue()
    results = context.Queue()
    for start in range(0, len(tasks), BATCH):
        jobs.put(tasks[start:start + BATCH])
    for _ in range(workers):
        jobs.put(None)
    processes = [context.Process(target=_work, args=(ix, jobs, results, initializer, os.getpid()), daemon=True)
                 for _ in range(workers)]
    for process in processes:
        process.start()
    segments, finished = [], 0
    try:
        while finished < workers:
            try:
                kind, payload = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in processes):
                    raise RuntimeError("a reindex worker process died") from None
                continue
            if kind == "outcomes":
                for outcome in payload:
                    on_outcome(outcome)
            elif kind == "segment":
                finished += 1
                if payload is not None:
                    segments.append(payload)
            else:
                error, trace = payload
                if isinstance(error, OSError):   # a full disk, a permission: the caller's to report
                    raise error
                raise RuntimeError(f"a reindex worker failed:\n{trace}")
        for process in processes:
            process.join()
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
        raise
    return segments


def commit_with_segments(writer, segments: Iterable) -> None:
    """Commit `writer` (its deletions, merged small segments) with the workers' segments added."""
    extra = list(segments)

    def merge_then_add(w, existing):
        return MERGE_SMALL(w, existing) + extra

    writer.commit(mergetype=merge_then_add)


def _work(ix, jobs, results, initializer, parent: int) -> None:
    """A worker: batches of (path, id) in, outcomes out, one segment at the end."""
    import traceback

    from .language import init_detector

    try:
        if initializer is not None:
            initializer(parent)
        init_detector()
        writer = BulkLengthsWriter(ix.storage.open_index(ix.indexname), _lk=False, limitmb=WORKER_LIMIT_MB,
                               compound=False)
        while True:
            batch = jobs.get()
            if batch is None:
                break
            results.put(("outcomes", [_write_one(writer, path, release_id) for path, release_id in batch]))
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("segment", segment))
    except BaseException as error:
        shipped = error if isinstance(error, OSError) else None
        results.put(("error", (shipped, traceback.format_exc())))


def _write_one(writer, path: str, release_id: str) -> Outcome:
    from .documents import InvalidRelease
    from .index import make_filekey, stat_part
    from .pipeline import prepare_or_error
    from .schema import document_fields

    prepared = prepare_or_error(path)
    if isinstance(prepared, InvalidRelease):
        return Outcome(path, release_id, reason=prepared.reason)
    record = dict(prepared.record, id=release_id)
    record.setdefault("group", release_id)
    try:
        key = make_filekey(path, stat_part(path), prepared.checksum)
    except OSError:
        key = make_filekey(path, "", prepared.checksum)
    writer.add_document(**document_fields(record, key))
    return Outcome(path, release_id, encoding=record["encoding"])
