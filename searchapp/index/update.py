"""Writing what changed into the generation a reindex prepares: prepare, delete, write, pair.

One `Update` holds a run's bookkeeping (the index, the files it held and will hold, the word
counts, the report, progress, the merge written aside), so that the two writers share it:
few files are prepared and written here in one commit with their translation links; many
are prepared and written by worker processes (write/bulkwrite.py), then committed here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from searchapp.index.held import existing_ids, linked_ids, new_id, stored_records
from searchapp.index.pairing import pair_before_commit, pair_releases
from searchapp.index.schema import document_fields
from searchapp.index.sourcefiles import current_filekey, file_status, make_filekey, parse_filekey
from searchapp.index.vocabulary import WordCounts
from searchapp.index.write.mergeaside import MergeAside
from searchapp.index.write.segmentwriter import merge_budget, open_writer
from searchapp.ingest.documents import InvalidRelease

POOL_THRESHOLD = 40  # below this many files, a process pool costs more than it saves
# Segments as separate files, not one compound file: Whoosh copies each part of
# a compound segment into memory when a reader opens it (the postings of a
# 100,000-release archive are hundreds of MB), while separate files are read
# on demand.
WRITER_OPTIONS = {"limitmb": 256, "compound": False}


@dataclass
class Update:
    """One reindex's bookkeeping, shared by the in-process and the worker-pool writers."""
    ix: Any
    existing: dict          # path -> (stat part, checksum): indexed files not accounted for yet
    files: dict             # path -> (stat part, checksum): what the index will hold, saved beside it
    words: WordCounts
    report: Any             # reindex.ReindexReport
    progress: Callable      # progress(path, count=1)
    processes: int | None
    aside: MergeAside

    @property
    def workers(self) -> int:
        return self.processes if self.processes is not None else (os.cpu_count() or 1)

    def counted(self, path: str, encoding: str, incomplete: str | None, was_indexed: bool) -> None:
        """A release prepared: added or updated, and what the run should say about it."""
        if encoding not in ("utf-8", "utf-8-sig"):
            self.report.notices.append((path, f"not UTF-8: decoded as {encoding}"))
        if incomplete:
            self.report.notices.append((path, incomplete))
        if was_indexed:
            self.report.updated += 1
        else:
            self.report.added += 1

    def commit_policy(self, written: int):
        """How the commit merges segments: the merge written aside, within a budget."""
        return self.aside.policy(fields_again(self.files), merge_budget(written))


def apply(update: Update, paths: dict[str, str | None]) -> None:
    """Bring the generation in line with the listed paths (path -> stat part)."""
    existing, report = update.existing, update.report
    # Most files of a nightly run are unchanged, their size and time as saved: one pass finds them.
    same = {path for path, current in paths.items()
            if current is not None and (known := existing.get(path)) is not None and known[0] == current}
    for path in same:
        del existing[path]
    report.unchanged += len(same)
    if same:
        update.progress("", len(same))
    to_prepare: list[str] = []
    for path in sorted(paths.keys() - same):     # the few left, in a repeatable order
        status, reason = file_status(path, existing.get(path), paths[path])
        if status == "gone":
            report.failed.append((path, reason))
            existing.pop(path, None)  # keep what the index has for it
            continue
        if status == "unchanged":
            report.unchanged += 1
            existing.pop(path)
            update.progress(path)
            continue
        to_prepare.append(path)
    if to_prepare or existing:
        update.words.load()     # before anything is committed: the saved counts match the index as it was
    if len(to_prepare) >= POOL_THRESHOLD and update.workers > 1:
        _in_workers(update, to_prepare)
    else:
        _in_process(update, to_prepare)


def _in_process(update: Update, paths: list[str]) -> None:
    """Few files, or one process: prepared, then written here with their translation links
    (found before writing) in one commit."""
    ix, existing, files, words = update.ix, update.existing, update.files, update.words
    prepared = _prepare_all(update, paths)
    pending: dict[str, dict] = {}          # id -> record about to be written
    keys: dict[str, str] = {}              # id -> its file key
    partners_before: list[str] = []        # translations of the releases rewritten: re-paired too
    olds = stored_records(ix, [item.path for item in prepared if item.path in existing])
    writer = open_writer(ix, **WRITER_OPTIONS)
    try:
        ids = existing_ids(ix)
        for item in prepared:
            known = existing.pop(item.path, None)
            old = olds.get(item.path)
            if old:
                words.drop(old)
                partners_before.extend(linked_ids(old))
            record = dict(item.record, id=(old and old["id"]) or new_id(item.path, ids))
            record.setdefault("group", record["id"])
            pending[record["id"]] = record
            keys[record["id"]] = current_filekey(item.path, item.checksum)
            words.add(record)
            update.counted(item.path, record["encoding"], record.get("incomplete"), bool(known))
        changed = list(pending) + [i for i in partners_before if i not in pending]
        removed = _remove_gone(update, writer, set(), changed)
        # Translation links are found before writing, so that one commit holds the
        # releases and their links (and leaves one new segment).
        linked = pair_before_commit(ix, pending, removed, changed) if changed else {}
        for release_id, record in pending.items():
            writer.update_document(**document_fields(linked.pop(release_id, record), keys[release_id]))
            files[record["source"]] = parse_filekey(keys[release_id])[1:]
        for record in linked.values():     # indexed releases whose link changed
            key = current_filekey(record["source"], record["checksum"])
            writer.update_document(**document_fields(record, key))
            files[record["source"]] = parse_filekey(key)[1:]
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=update.commit_policy(len(pending)))


def _in_workers(update: Update, paths: list[str]) -> None:
    """Many files: worker processes prepare and write segments; this process deletes, commits, pairs."""
    from searchapp.index.bulkpairing import pair_new
    from searchapp.index.write.bulkwrite import commit_with_segments, write_in_workers

    ix, existing, files, words, report = update.ix, update.existing, update.files, update.words, update.report
    ids = existing_ids(ix)
    olds = stored_records(ix, [path for path in paths if path in existing])
    tasks = [(path, olds[path]["id"] if path in olds else new_id(path, ids)) for path in paths]
    changed: list[str] = []
    failed: list[tuple[str, str]] = []

    def record(outcome) -> None:
        if outcome.reason is not None:
            failed.append((outcome.path, outcome.reason))
        else:
            update.counted(outcome.path, outcome.encoding, outcome.incomplete, outcome.path in existing)
            changed.append(outcome.release_id)
            files[outcome.path] = parse_filekey(outcome.filekey)[1:]
        update.progress(outcome.path)

    # An empty index: pair the new releases in memory before they are written.
    pair = pair_new if not existing else None
    segments, counts = write_in_workers(ix, tasks, update.workers, record, initializer=start_worker, pair=pair)
    words.add_counts(counts)
    report.failed.extend(sorted(failed))
    failed_paths = {path for path, _ in report.failed}
    writer = open_writer(ix, **WRITER_OPTIONS)
    try:
        for path in paths:
            if path in existing and path not in failed_paths:
                old = olds.get(path)
                if old:
                    words.drop(old)
                    changed.extend(linked_ids(old))
                writer.delete_by_term("path", path)      # replaced by the workers' new version
        _remove_gone(update, writer, set(paths), changed)
    except BaseException:
        writer.cancel()
        raise
    commit_with_segments(writer, segments, update.commit_policy(len(tasks)))
    if pair is None:
        _note_rewritten(files, pair_releases(ix, changed))


def _remove_gone(update: Update, writer, preparing: set[str], changed: list[str]) -> set[str]:
    """Delete the releases whose files are gone (neither failed to read nor being prepared);
    their translations are re-paired. Returns the ids deleted."""
    report = update.report
    failed_paths = {path for path, _ in report.failed} - report.excluded
    gone = [path for path in update.existing if path not in failed_paths and path not in preparing]
    removed = set()
    for path, old in stored_records(update.ix, gone).items():
        removed.add(old["id"])
        update.words.drop(old)
        changed.extend(linked_ids(old))
    for path in gone:
        writer.delete_by_term("path", path)
        update.files.pop(path, None)
        report.removed += 1
    return removed


def fields_again(files: dict):
    """stored fields -> the fields to index them again, with the file key from the file list
    (None for a release the list does not know)."""
    def again(stored: dict) -> dict | None:
        record = stored["record"]
        known = files.get(record["source"])
        return document_fields(record, make_filekey(record["source"], *known)) if known else None

    return again


def _prepare_all(update: Update, paths: list[str]) -> list:
    results = []
    for outcome in _map_prepare(paths, update.workers):
        if isinstance(outcome, InvalidRelease):
            update.report.failed.append((outcome.path, outcome.reason))
        else:
            results.append(outcome)
        update.progress(outcome.path)
    return results


def _map_prepare(paths: list[str], workers: int):
    from searchapp.ingest.pipeline import prepare_or_error   # here: detection and extraction are heavy to import

    if len(paths) < POOL_THRESHOLD or workers <= 1:
        yield from map(prepare_or_error, paths)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=start_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(prepare_or_error, paths, chunksize=16)


def start_worker(parent: int) -> None:
    """A preparing worker dies with its parent (a killed reindex leaves no orphans behind)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    from searchapp.ingest.language import init_detector

    init_detector()


def _note_rewritten(files: dict, filekeys: dict[str, str]) -> None:
    """Pairing rewrote these releases, with file keys read again from the disk."""
    for path, key in filekeys.items():
        if path in files:
            files[path] = parse_filekey(key)[1:]
