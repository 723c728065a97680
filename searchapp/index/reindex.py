"""Build and update the index: list sources, prepare what changed, write, pair.

Incremental by path and content checksum; ``full=True`` rebuilds into a new
generation that replaces the old one atomically.
"""
from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index

from searchapp.index.read import segmentparts
from searchapp.index import learned, storage
from searchapp.ingest.documents import InvalidRelease
from searchapp.index.write.mergeaside import MergeAside
from searchapp.index.pairing import pair_before_commit, pair_releases
from searchapp.index.held import existing_files, existing_ids, linked_ids, new_id, stored_records
from searchapp.index.schema import SCHEMA_VERSION, build_schema, document_fields
from searchapp.index.write.segmentwriter import merge_budget, open_writer
from searchapp.index.sourcefiles import (WalkAside, current_filekey, file_status, make_filekey, parse_filekey, read_file_list,
                          source_folders,
                          write_file_list)
from searchapp.index.lexicon import learn_beside
from searchapp.index.removals import RemovalPolicy, hold_back
from searchapp.index.vocabulary import WordCounts

POOL_THRESHOLD = 40  # below this many files, a process pool costs more than it saves
# Segments as separate files, not one compound file: Whoosh copies each part of
# a compound segment into memory when a reader opens it (the postings of a
# 100,000-release archive are hundreds of MB), while separate files are read
# on demand.
WRITER_OPTIONS = {"limitmb": 256, "compound": False}


@dataclass
class ReindexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)   # folders whose releases were kept, and why
    excluded: set[str] = field(default_factory=set)   # named in failed, but not release files: removed

    @property
    def indexed(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        return (f"indexed {self.indexed} releases: {self.added} added, {self.updated} updated, "
                f"{self.removed} removed, {self.unchanged} unchanged, {len(self.failed)} failed")


# ---------------------------------------------------------------- reindex

Progress = Callable[[int, int], None]  # (files done, files in all)


class _Counter:
    """Turns per-file ticks into (done, total) progress calls."""

    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self, path: str, count: int = 1) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)


def reindex(sources: Iterable[str | os.PathLike], index_dir: Path, full: bool = False,
            progress: Progress | None = None, wait_seconds: float = 0.0,
            processes: int | None = None, allow_removals: bool = False) -> ReindexReport:
    """Bring the index in line with the sources; returns what was done. Releases whose folder
    could not be listed are kept, and so are mass removals unless `allow_removals` (see removals)."""
    index_dir = Path(index_dir)
    sources = list(sources)
    report = ReindexReport()
    abandoned = False
    with storage.reindex_lock(index_dir, wait_seconds):
        storage.remove_debris(index_dir)
        with WalkAside(sources, report.failed) as walk:
            ix, generation, rebuild = _open_target(index_dir, full)
            aside = None
            try:
                existing = existing_files(ix)
                aside = MergeAside(ix, _fields_again(existing))
                _warm_up()
                learned.install(storage.current_generation(index_dir))   # names releases defined before
                paths = walk.result()
                indexed = _live_files(index_dir) if rebuild else existing
                kept, report.held = hold_back(indexed, paths, walk.listing, RemovalPolicy(allow_removals))
                report.excluded = set(walk.listing.excluded)
                # A fresh generation cannot keep releases it could not read: the live one stays.
                abandoned = rebuild and bool(report.held or kept)
                if abandoned:
                    report.held.append((str(index_dir), "the full rebuild was not made: it would lose the "
                                                        "releases named above; the live index is unchanged"))
                else:
                    _update(ix, paths, existing, report, _Counter(len(paths), progress), processes, aside, kept)
                    learned.refresh(generation, read_file_list(ix) or {}, lambda found: stored_records(ix, found))
                    storage.write_meta(generation, {**storage.read_meta(generation), "sources": source_folders(sources)})
            except BaseException:
                shutil.rmtree(generation, ignore_errors=True)
                raise
            finally:
                if aside is not None:
                    aside.close()
        if not abandoned and (rebuild or report.added or report.updated or report.removed):
            storage.switch_to(index_dir, generation)
        else:
            shutil.rmtree(generation, ignore_errors=True)
    return report


def _open_target(index_dir: Path, full: bool):
    """The Whoosh index this reindex writes, its generation folder, and whether it starts empty."""
    live = storage.current_generation(index_dir)
    rebuild = full or live is None or not _usable(live)
    if rebuild:
        generation = storage.new_generation(index_dir)
        ix = whoosh_index.create_in(str(generation), build_schema())
        storage.write_meta(generation, {"schema_version": SCHEMA_VERSION})
    else:
        # Update a hard-linked copy: readers see the live generation until the
        # switch, never a commit without its pairing, and a crash leaves it whole.
        generation = storage.clone_generation(index_dir, live)
        ix = whoosh_index.open_dir(str(generation))
    return ix, generation, rebuild


def _live_files(index_dir: Path) -> dict[str, tuple[str, str]]:
    """The files of the live generation (what a full rebuild replaces); none if it cannot be read."""
    live = storage.current_generation(index_dir)
    if live is None or not whoosh_index.exists_in(str(live)):
        return {}
    try:
        return existing_files(whoosh_index.open_dir(str(live), readonly=True))
    except (whoosh_index.IndexError, OSError, EOFError, pickle.UnpicklingError, ValueError, KeyError,
            AttributeError, ImportError):     # an index this version cannot read: nothing to keep
        return {}


def _usable(generation: Path) -> bool:
    return (whoosh_index.exists_in(str(generation))
            and storage.read_meta(generation).get("schema_version") == SCHEMA_VERSION)


def _warm_up() -> None:
    """Import the release pipeline (heavy: detection and extraction) and load its tables."""
    from searchapp.ingest.pipeline import warm_up

    warm_up()


def _update(ix, paths: dict[str, str | None], existing: dict[str, tuple[str, str]], report: ReindexReport,
            progress: _Counter, processes: int | None, aside: MergeAside, kept: set[str] = frozenset()) -> None:
    files = dict(existing)      # what the index will hold: kept in step, then saved beside it
    for path in kept:           # not listed, but not to be removed: left as they are
        existing.pop(path, None)
    words = WordCounts(ix)
    _apply(ix, paths, existing, files, words, report, progress, processes, aside)
    if report.added or report.updated or report.removed:
        segmentparts.save_missing(ix)
        learn_beside(ix, report.added + report.updated + report.removed)   # the pairs may have changed
    write_file_list(ix, files)
    words.save()


def _apply(ix, paths: dict[str, str | None], existing: dict, files: dict, words: WordCounts,
           report: ReindexReport, progress: _Counter, processes: int | None, aside: MergeAside) -> None:
    # Most files of a nightly run are unchanged, their size and time as saved: one pass finds them.
    same = {path for path, current in paths.items()
            if current is not None and (known := existing.get(path)) is not None and known[0] == current}
    for path in same:
        del existing[path]
    report.unchanged += len(same)
    if same:
        progress("", len(same))
    to_prepare: list[str] = []
    for path in sorted(paths.keys() - same):     # the few left, in a repeatable order
        current = paths[path]
        status, reason = file_status(path, existing.get(path), current)
        if status == "gone":
            report.failed.append((path, reason))
            existing.pop(path, None)  # keep what the index has for it
            continue
        if status == "unchanged":
            report.unchanged += 1
            existing.pop(path)
            progress(path)
            continue
        to_prepare.append(path)
    if to_prepare or existing:
        words.load()            # before anything is committed: the saved counts match the index as it was
    workers = processes if processes is not None else (os.cpu_count() or 1)
    if len(to_prepare) >= POOL_THRESHOLD and workers > 1:
        _update_in_workers(ix, to_prepare, existing, files, words, report, progress, workers, aside)
    else:
        _update_in_process(ix, to_prepare, existing, files, words, report, progress, processes, aside)


def _update_in_process(ix, paths: list[str], existing: dict, files: dict, words: WordCounts,
                       report: ReindexReport, progress: _Counter, processes: int | None,
                       aside: MergeAside) -> None:
    """Few files, or one process: prepared, then written here with their translation links
    (found before writing) in one commit."""
    prepared = _prepare_all(paths, report, progress, processes)
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
            if known:
                report.updated += 1
            else:
                report.added += 1
        changed = list(pending) + [i for i in partners_before if i not in pending]
        removed = _remove_gone(ix, writer, existing, set(), files, words, report, changed)
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
    writer.commit(mergetype=aside.policy(_fields_again(files), merge_budget(len(pending))))


def _fields_again(files: dict):
    """stored fields -> the fields to index them again, with the file key from the file list
    (None for a release the list does not know)."""
    def fields_again(stored: dict) -> dict | None:
        record = stored["record"]
        known = files.get(record["source"])
        return document_fields(record, make_filekey(record["source"], *known)) if known else None

    return fields_again


def _update_in_workers(ix, paths: list[str], existing: dict, files: dict, words: WordCounts,
                       report: ReindexReport, progress: _Counter, workers: int, aside: MergeAside) -> None:
    """Many files: worker processes prepare and write segments; this process deletes, commits, pairs."""
    from searchapp.index.bulkpairing import pair_new
    from searchapp.index.write.bulkwrite import commit_with_segments, write_in_workers

    ids = existing_ids(ix)
    olds = stored_records(ix, [path for path in paths if path in existing])
    tasks = [(path, olds[path]["id"] if path in olds else new_id(path, ids)) for path in paths]
    changed: list[str] = []
    failed: list[tuple[str, str]] = []

    def record(outcome) -> None:
        if outcome.reason is not None:
            failed.append((outcome.path, outcome.reason))
        else:
            if outcome.encoding not in ("utf-8", "utf-8-sig"):
                report.notices.append((outcome.path, f"not UTF-8: decoded as {outcome.encoding}"))
            if outcome.incomplete:
                report.notices.append((outcome.path, outcome.incomplete))
            changed.append(outcome.release_id)
            files[outcome.path] = parse_filekey(outcome.filekey)[1:]
            if outcome.path in existing:
                report.updated += 1
            else:
                report.added += 1
        progress(outcome.path)

    # An empty index: pair the new releases in memory before they are written.
    pair = pair_new if not existing else None
    segments, counts = write_in_workers(ix, tasks, workers, record, initializer=_start_worker, pair=pair)
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
        _remove_gone(ix, writer, existing, set(paths), files, words, report, changed)
    except BaseException:
        writer.cancel()
        raise
    commit_with_segments(writer, segments, aside.policy(_fields_again(files), merge_budget(len(tasks))))
    if pair is None:
        _note_rewritten(files, pair_releases(ix, changed))


def _remove_gone(ix, writer, existing: dict, preparing: set[str], files: dict, words: WordCounts,
                 report: ReindexReport, changed: list[str]) -> set[str]:
    """Delete the releases whose files are gone (neither failed to read nor being prepared);
    their translations are re-paired. Returns the ids deleted."""
    failed_paths = {path for path, _ in report.failed} - report.excluded
    gone = [path for path in existing if path not in failed_paths and path not in preparing]
    removed = set()
    for path, old in stored_records(ix, gone).items():
        removed.add(old["id"])
        words.drop(old)
        changed.extend(linked_ids(old))
    for path in gone:
        writer.delete_by_term("path", path)
        files.pop(path, None)
        report.removed += 1
    return removed


def _prepare_all(paths: list[str], report: ReindexReport, progress: _Counter,
                 processes: int | None) -> list:
    results = []
    for outcome in _map_prepare(paths, processes):
        if isinstance(outcome, InvalidRelease):
            report.failed.append((outcome.path, outcome.reason))
        else:
            if outcome.record["encoding"] not in ("utf-8", "utf-8-sig"):
                report.notices.append((outcome.path, f"not UTF-8: decoded as {outcome.record['encoding']}"))
            if outcome.record.get("incomplete"):
                report.notices.append((outcome.path, outcome.record["incomplete"]))
            results.append(outcome)
        progress(outcome.path)
    return results


def _map_prepare(paths: list[str], processes: int | None):
    from searchapp.ingest.pipeline import prepare_or_error   # here: detection and extraction are heavy to import

    workers = processes if processes is not None else (os.cpu_count() or 1)
    if len(paths) < POOL_THRESHOLD or workers <= 1:
        yield from map(prepare_or_error, paths)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(prepare_or_error, paths, chunksize=16)


def _start_worker(parent: int) -> None:
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
