"""What the index already holds, as a reindex needs to know it: files, ids, stored records."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from searchapp.index.sourcefiles import parse_filekey, read_file_list


def existing_files(ix, use_manifest: bool = True) -> dict[str, tuple[str, str]]:
    """path -> (stat part, checksum) of every indexed file: the manifest saved by the last
    reindex when it matches the index, else read from the lexicon."""
    from searchapp.index.read.terms import live_terms   # the terms' documents as arrays: no postings walk per file

    if use_manifest:
        saved = read_file_list(ix)
        if saved is not None:
            return saved
    files = {}
    with ix.reader() as reader:
        # The lexicon keeps the terms of deleted documents until a merge: live ones only.
        for term in sorted(live_terms(reader, "filekey")):
            path, stat_part, checksum = parse_filekey(term)
            files[path] = (stat_part, checksum)
    return files


def existing_ids(ix) -> "TakenIds":
    return TakenIds(ix)


class TakenIds:
    """Ids in use: the index's (looked up one by one: a big archive has many) and those given out now."""

    def __init__(self, ix):
        self._reader = ix.reader()
        self._given: set[str] = set()

    def __contains__(self, release_id: str) -> bool:
        return release_id in self._given or ("id", release_id) in self._reader

    def add(self, release_id: str) -> None:
        self._given.add(release_id)


def linked_ids(record: dict) -> list[str]:
    """The id of the release's translation, as a list (empty if it has none)."""
    return [record["translation"]] if record.get("translation") else []


def every_record(ix):
    """The stored record of every live release, read in one pass (a generator: an archive's
    records do not all fit in memory)."""
    with ix.searcher() as searcher:
        for stored in searcher.reader().all_stored_fields():
            yield stored["record"]


def stored_records(ix, paths: list[str]) -> dict[str, dict]:
    """path -> stored record of the releases indexed from these paths (one searcher for all).

    A lookup by path costs about five times reading one stored record in order: for many
    paths (a full build's learned names) every record is read once instead."""
    if not paths:
        return {}
    found = {}
    with ix.searcher() as searcher:
        if len(paths) * 5 > searcher.doc_count():
            wanted = set(paths)
            for stored in searcher.reader().all_stored_fields():
                record = stored["record"]
                if record["source"] in wanted:
                    found[record["source"]] = record
            return found
        for path in paths:
            stored = searcher.document(path=path)
            if stored:
                found[path] = stored["record"]
    return found


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def new_id(path: str, taken) -> str:
    """A readable, URL-safe id from the file name, made unique with a hash if needed."""
    stem = _UNSAFE.sub("-", Path(path).stem).strip("-")[:60] or "release"
    candidate = stem
    if candidate in taken:
        candidate = f"{stem}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:8]}"
    taken.add(candidate)
    return candidate
