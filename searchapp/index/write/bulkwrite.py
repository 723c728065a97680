"""Many releases at once: worker processes prepare them and each writes its own segments.

Reading, language detection, extraction and Whoosh's analysis all cost
Python time per release, so they run in the workers, side by side; the
parent only hands out batches of (path, id), collects what happened to each
file, and commits the workers' segments into the index with its own writer
(which also deletes the documents being replaced). This is Whoosh's own
multi-segment scheme (`whoosh.multiproc`), with the preparation moved into
the workers too.

When every release is new (a first or full build), translation pairs are
found before anything is written: the workers prepare each batch into a
spool file and send back a small signature per release, the parent pairs
them in memory, then the workers write the spooled records with their
links. No release is searched for or written twice.
"""
from __future__ import annotations

import gc
import multiprocessing
import queue
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from searchapp.index.write.segmentwriter import segment_writer_class

BATCH = 16
# Whoosh's posting pool spills sorted runs to disk past this size, and merging the runs
# back at the end is slow pure Python: big enough that a worker's share of 10,000
# releases stays in memory (about 400 MB per worker, measured).
WORKER_LIMIT_MB = 512
# A worker finishes its segment and starts another when its pool reaches this share of the
# limit: a 100,000-release build gets a few more segments instead of spilled runs.
SEGMENT_FULL = 0.9
POLL_SECONDS = 1.0
WORKER_GC_THRESHOLDS = (50_000, 20, 20)    # Python's default: (700, 10, 10)


@dataclass(frozen=True)
class Outcome:
    """What became of one file: written (with its encoding) or rejected (with a reason)."""

    path: str
    release_id: str
    encoding: str | None = None
    reason: str | None = None
    filekey: str | None = None
    incomplete: str | None = None     # the metadata left out, and why (the time budget ran out)


# signatures -> id: (translation, group, the translation's own facets)
Pairer = Callable[[list[dict]], dict[str, tuple[str, str, dict]]]


def write_in_workers(ix, tasks: list[tuple[str, str]], workers: int,
                     on_outcome: Callable[[Outcome], None],
                     initializer: Callable[[int], None] | None = None,
                     pair: Pairer | None = None) -> tuple[list, Counter]:
    """Prepare and write every (path, id) in `workers` processes; returns their segments
    and the vocabulary counts of the releases written.

    on_outcome is called in this process once per file, as batches finish;
    initializer(parent pid) runs first in each worker. With `pair`, records
    are spooled, paired in this process, then written (see the module doc).
    """
    import os
    import shutil
    import tempfile

    context = multiprocessing.get_context("fork")
    jobs = context.Queue()
    results = context.Queue()
    spool = tempfile.mkdtemp(prefix="spool-", dir=ix.storage.folder) if pair else None
    batches = [tasks[start:start + BATCH] for start in range(0, len(tasks), BATCH)]
    for number, batch in enumerate(batches):
        jobs.put(("prepare", number, batch))
    if not pair:
        for _ in range(workers):
            jobs.put(None)
    processes = [context.Process(target=_work, args=(ix, jobs, results, initializer, os.getpid(), spool),
                                 daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    try:
        signatures: list[dict] = []
        spooled: dict[int, list[str]] = {}
        while pair and len(spooled) < len(batches):
            kind, payload = _next_result(results, processes)
            if kind == "spooled":
                number, outcomes, batch_signatures = payload
                spooled[number] = [s["id"] for s in batch_signatures]
                signatures += batch_signatures
                for outcome in outcomes:
                    on_outcome(outcome)
        if pair:
            links = pair(signatures)
            for number, ids in spooled.items():
                jobs.put(("write", number, {i: links[i] for i in ids if i in links}))
            for _ in range(workers):
                jobs.put(None)
        segments, counts, finished = [], Counter(), 0
        while finished < workers:
            kind, payload = _next_result(results, processes)
            if kind == "outcomes":
                for outcome in payload:
                    on_outcome(outcome)
            elif kind == "part":
                segments.append(payload)
            elif kind == "segment":
                finished += 1
                segment, worker_counts = payload
                counts.update(worker_counts)
                if segment is not None:
                    segments.append(segment)
        for process in processes:
            process.join()
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
        raise
    finally:
        if spool:
            shutil.rmtree(spool, ignore_errors=True)
    return segments, counts


def _next_result(results, processes):
    """The next message from a worker; a worker's error or death is raised here."""
    while True:
        try:
            kind, payload = results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in processes):
                raise RuntimeError("a reindex worker process died") from None
            continue
        if kind != "error":
            return kind, payload
        error, trace = payload
        if isinstance(error, OSError):   # a full disk, a permission: the caller's to report
            raise error
        raise RuntimeError(f"a reindex worker failed:\n{trace}")


def commit_with_segments(writer, segments: Iterable, merge) -> None:
    """Commit `writer` (its deletions, the small segments `merge` merges) with the workers'
    segments added."""
    extra = list(segments)

    def merge_then_add(w, existing):
        return merge(w, existing) + extra

    writer.commit(mergetype=merge_then_add)


def _work(ix, jobs, results, initializer, parent: int, spool: str | None) -> None:
    """A worker: batches of (path, id) in, outcomes out, its segments (one unless its pool fills).

    Without a spool each batch is prepared and written at once. With one, a
    "prepare" job spools the batch and returns signatures; a "write" job
    writes a spooled batch with its translation links.
    """
    import traceback

    from searchapp.ingest.language import init_detector

    try:
        if initializer is not None:
            initializer(parent)
        init_detector()
        _collect_less()
        writer = _segment_writer(ix)
        counts = Counter()                 # the vocabulary of what this worker writes
        while True:
            job = jobs.get()
            if job is None:
                break
            kind, number, payload = job
            if spool is None:
                results.put(("outcomes", [_write_one(writer, counts, *_prepare_one(path, release_id))
                                          for path, release_id in payload]))
            elif kind == "prepare":
                results.put(("spooled", _spool(spool, number, payload)))
            else:
                _write_spooled(writer, counts, spool, number, payload)
            if writer._added and writer.pool.currentsize >= SEGMENT_FULL * writer.pool.limit:
                results.put(("part", writer._finalize_segment()))   # before the pool spills runs
                writer = _segment_writer(ix)
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("segment", (segment, counts)))
    except BaseException as error:
        shipped = error if isinstance(error, OSError) else None
        results.put(("error", (shipped, traceback.format_exc())))


def _collect_less() -> None:
    """Keep Python's cyclic collector off what a worker holds for good (language profiles,
    gazetteer, analyzers) and run it less often: its passes over a growing posting pool
    took 2 to 2.4 s of each worker's minute at 10,000 releases, 0.4 s after this."""
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _segment_writer(ix):
    """A worker's writer of one segment (as whoosh.multiproc's): ours on the fast path, else Whoosh's."""
    return segment_writer_class()(ix.storage.open_index(ix.indexname), _lk=False, limitmb=WORKER_LIMIT_MB,
                                  compound=False)


def _prepare_one(path: str, release_id: str):
    """(path, the record with its id and group, its file key), or (path, the reason it was refused)."""
    from searchapp.ingest.documents import InvalidRelease
    from searchapp.index.sourcefiles import current_filekey
    from searchapp.ingest.pipeline import prepare_or_error

    prepared = prepare_or_error(path)
    if isinstance(prepared, InvalidRelease):
        return path, release_id, None, prepared.reason
    record = dict(prepared.record, id=release_id)
    record.setdefault("group", release_id)
    key = current_filekey(path, prepared.checksum)
    return path, release_id, (record, key), None


def _write_one(writer, counts: Counter, path: str, release_id: str, prepared, reason: str | None) -> Outcome:
    from searchapp.index.schema import document_fields
    from searchapp.text.words import words_of

    if prepared is None:
        return Outcome(path, release_id, reason=reason)
    record, key = prepared
    writer.add_document(**document_fields(record, key))
    counts.update(words_of(record))
    return Outcome(path, release_id, encoding=record["encoding"], filekey=key,
                   incomplete=record.get("incomplete"))


def _spool(spool: str, number: int, batch: list[tuple[str, str]]):
    """Prepare a batch into its spool file; (batch number, outcomes, signatures)."""
    import os
    import pickle

    from searchapp.index.bulkpairing import signature

    prepared = [_prepare_one(path, release_id) for path, release_id in batch]
    with open(os.path.join(spool, f"{number}.pickle"), "wb") as handle:
        pickle.dump(prepared, handle, protocol=pickle.HIGHEST_PROTOCOL)
    outcomes = [Outcome(path, rid, reason=reason) if item is None
                else Outcome(path, rid, encoding=item[0]["encoding"], filekey=item[1],
                             incomplete=item[0].get("incomplete"))
                for path, rid, item, reason in prepared]
    return number, outcomes, [signature(item[0]) for _, _, item, _ in prepared if item is not None]


def _write_spooled(writer, counts: Counter, spool: str, number: int,
                   links: dict[str, tuple[str, str, dict]]) -> None:
    """Write a spooled batch, each record with its translation link (if any)."""
    import os
    import pickle

    path = os.path.join(spool, f"{number}.pickle")
    with open(path, "rb") as handle:
        prepared = pickle.load(handle)
    os.unlink(path)
    from searchapp.index.pairfacets import linked

    for path, release_id, item, reason in prepared:
        if item is not None and release_id in links:
            translation, group, theirs = links[release_id]
            item = (linked(dict(item[0], translation=translation, group=group), theirs), item[1])
        _write_one(writer, counts, path, release_id, item, reason)
