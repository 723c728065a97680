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

from searchapp.index import learned, storage
from searchapp.index.held import every_record, existing_files, stored_records
from searchapp.index.lexicon import learn_beside
from searchapp.index.read import segmentparts
from searchapp.index.removals import RemovalPolicy, hold_back
from searchapp.index.schema import SCHEMA_VERSION, build_schema
from searchapp.index.sourcefiles import WalkAside, read_file_list, source_folders, write_file_list
from searchapp.index.update import Update, apply, fields_again
from searchapp.index.vocabulary import WordCounts
from searchapp.index.write.mergeaside import MergeAside


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
                aside = MergeAside(ix, fields_again(existing))
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
                    records = _update(ix, paths, existing, report, _Counter(len(paths), progress), processes,
                                      aside, kept)
                    learned.refresh(generation, read_file_list(ix) or {},
                                    lambda found: _records_of(ix, found, records))
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
            progress: _Counter, processes: int | None, aside: MergeAside,
            kept: set[str] = frozenset()) -> dict[str, dict] | None:
    """Write what changed; returns what the learned names need of every record, by path, when
    it read them all (a build that rewrote much of the index reads them once for both learned
    stores), else None."""
    files = dict(existing)      # what the index will hold: kept in step, then saved beside it
    for path in kept:           # not listed, but not to be removed: left as they are
        existing.pop(path, None)
    words = WordCounts(ix)
    apply(Update(ix, existing, files, words, report, progress, processes, aside), paths)
    changed = report.added + report.updated + report.removed
    records, linked = None, None
    if changed * 5 > ix.doc_count():
        # One pass over the records for both learned stores: what the names need of each, and
        # the linked releases the lexicon learns from (not every record kept in memory).
        records, linked = {}, []
        for record in every_record(ix):
            records[record["source"]] = {key: record.get(key) for key in learned.RECORD_KEYS}
            if record.get("translation"):
                linked.append(record)
    if changed:
        segmentparts.save_missing(ix)
        learn_beside(ix, changed, linked)   # the pairs may have changed
    write_file_list(ix, files)
    words.save()
    return records


def _records_of(ix, paths: list[str], records: dict[str, dict] | None) -> dict[str, dict]:
    if records is None:
        return stored_records(ix, paths)
    return {path: records[path] for path in paths if path in records}
