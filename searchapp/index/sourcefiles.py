"""The release files a reindex reads: found under the sources, compared with those indexed.

A file is known by its key: checksum, stat part (size and modification time)
and path. When the stat part matches the one saved, the file is not read.
The indexed files' keys are saved beside the index after each reindex, so an
update of a big archive neither reads its files nor walks the index's lexicon.
"""
from __future__ import annotations

import errno
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from stat import S_ISDIR
from typing import Iterable

from searchapp.index import storage
from searchapp.ingest.documents import InvalidRelease, read_bytes
from searchapp.ingest.files import file_kind, unreadable_reason


@dataclass
class Listing:
    """What a walk of the sources found: release files with their stat part, the files and
    folders it could not take (with reasons), and the folders that listed no release file."""

    found: dict[str, str | None] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)    # sources and folders that could not be listed
    excluded: list[str] = field(default_factory=list)    # not release files (pipes, links out): never kept
    empty: list[str] = field(default_factory=list)       # sources without release files, folders without entries


def list_sources(sources: Iterable[str | os.PathLike], failed: list[tuple[str, str]],
                 listing: Listing | None = None) -> dict[str, str | None]:
    """Every *.txt regular file under the given files and folders, in walk order, with its stat part.

    Symlinked folders are not followed; a symlinked file only when its target lies inside
    the sources. Pipes, sockets, devices, unreadable files and folders go to `failed` with
    their reason (never opened: a pipe would block the run).
    """
    sources = list(sources)
    listing = listing if listing is not None else Listing()
    listing.failed = failed
    roots = [os.path.realpath(source) for source in sources]
    for source in sources:
        path = os.path.abspath(source)
        try:
            info = os.stat(path)
        except OSError as error:
            failed.append((str(source), "no such file or folder" if error.errno == errno.ENOENT
                           else unreadable_reason(error, path)))
            listing.unlisted.append(path)
            continue
        if S_ISDIR(info.st_mode):
            before = len(listing.found)
            _walk(path, listing, roots)
            if len(listing.found) == before and path not in listing.unlisted:
                listing.empty.append(path)
        elif file_kind(info.st_mode) is None:
            listing.found[path] = f"{info.st_size}:{info.st_mtime_ns}"
        else:
            _exclude(path, file_kind(info.st_mode), listing)
    return listing.found


def source_folders(sources: Iterable[str | os.PathLike]) -> list[str]:
    """The folders the sources stand for (each folder; each file's folder), absolute: what the
    paths shown to the public are relative to."""
    folders = []
    for source in sources:
        path = os.path.abspath(os.fspath(source))
        folders.append(path if os.path.isdir(path) else os.path.dirname(path))
    return list(dict.fromkeys(folders))


def _walk(folder: str, listing: Listing, roots: list[str]) -> None:
    """Depth first. The folder is listed through a descriptor, so each file's stat is one
    fstatat by name (no path walked from the root per file: the walk's main cost)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        _unlisted(folder, error, listing)
        return
    subfolders = []
    prefix = folder + os.sep
    entries_seen = 0
    try:
        with os.scandir(descriptor) as entries:
            for entry in entries:
                entries_seen += 1
                name = entry.name
                if not (name.endswith(".txt") or name[-4:].lower() == ".txt"):
                    if _is_folder(entry):
                        subfolders.append(prefix + name)
                    continue
                _take(entry, prefix + name, listing, roots, subfolders)
    except OSError as error:
        _unlisted(folder, error, listing)
    finally:
        os.close(descriptor)
    if entries_seen == 0 and folder not in listing.unlisted:
        listing.empty.append(folder)
    for subfolder in subfolders:
        _walk(subfolder, listing, roots)


def _take(entry: os.DirEntry, path: str, listing: Listing, roots: list[str], subfolders: list[str]) -> None:
    """One *.txt entry: a release file, a folder to walk, or a failure with its reason."""
    try:
        link = entry.is_symlink()
        if link and not _inside(os.path.realpath(path), roots):
            _exclude(path, "symbolic link to a file outside the source folders: not followed", listing)
            return
        info = entry.stat()            # through a symlink, as os.stat
    except OSError as error:
        listing.failed.append((path, unreadable_reason(error, path)))
        return
    kind = file_kind(info.st_mode)
    if kind is None:
        listing.found[path] = f"{info.st_size}:{info.st_mtime_ns}"
    elif S_ISDIR(info.st_mode):
        if not link:                   # a folder named *.txt; a link to a folder is not followed
            subfolders.append(path)
    else:
        _exclude(path, kind, listing)


def _exclude(path: str, reason: str, listing: Listing) -> None:
    """Named, and not a release: a version indexed before (by an older version) is removed."""
    listing.failed.append((path, reason))
    listing.excluded.append(path)


def _inside(target: str, roots: list[str]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _unlisted(folder: str, error: OSError, listing: Listing) -> None:
    if error.errno == errno.ENOENT:
        return                         # removed while the walk ran: its files are gone
    reason = unreadable_reason(error, folder).replace("the file", "the folder")
    listing.failed.append((folder, f"cannot be listed ({reason}): its indexed releases are kept"))
    listing.unlisted.append(folder)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def stat_part(path: str) -> str | None:
    """Size and modification time (when they match, the file is not even read); None if unreadable."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def file_status(path: str, known: tuple[str, str] | None, current: str | None) -> tuple[str, str | None]:
    """('unchanged' | 'changed' | 'gone', why it is gone), hashing only when the stat part differs."""
    if current is None:
        return "gone", "file disappeared before it could be read"
    if known is None:
        return "changed", None
    if known[0] == current:
        return "unchanged", None
    try:
        checksum = hashlib.sha256(read_bytes(path)).hexdigest()
    except InvalidRelease as error:
        return "gone", error.reason
    return ("unchanged" if checksum == known[1] else "changed"), None


def make_filekey(path: str, stat_part: str, checksum: str) -> str:
    return f"{checksum}|{stat_part}|{path}"


def current_filekey(path: str, checksum: str) -> str:
    """The file key of a file as it is on disk now (an empty stat part if it cannot be read)."""
    return make_filekey(path, stat_part(path) or "", checksum)


def parse_filekey(key: str) -> tuple[str, str, str]:
    checksum, stat_part, path = key.split("|", 2)
    return path, stat_part, checksum


class WalkAside:
    """list_sources run in a forked child, its result read back through a pipe.

    The walk is one stat call per file; meanwhile this process opens the index,
    reads the saved file list and loads the pipeline, on the other core. (A
    thread does not overlap them: each stat waits for the interpreter lock.)
    Where there is no fork, the walk runs here, when its result is asked for.
    `listing` receives the folders that could not be listed or listed nothing.
    """

    def __init__(self, sources: Iterable[str | os.PathLike], failed: list[tuple[str, str]]):
        self._sources, self._failed = list(sources), failed
        self.listing = Listing(failed=failed)
        self._child = None
        if hasattr(os, "fork"):
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:                                   # the child: walk, send, leave
                try:
                    os.close(reading)
                    listing = Listing()
                    list_sources(self._sources, [], listing)
                    with os.fdopen(writing, "wb") as pipe:
                        pickle.dump(listing, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                finally:
                    os._exit(0)
            os.close(writing)
            self._child = (pid, reading)

    def result(self) -> dict[str, str | None]:
        if self._child is None:
            return list_sources(self._sources, self._failed, self.listing)
        pid, reading = self._child
        self._child = None
        try:
            with os.fdopen(reading, "rb") as pipe:
                listing = pickle.load(pipe)
        except (OSError, EOFError, pickle.UnpicklingError):
            listing = None                          # the child died: walk here instead
        finally:
            os.waitpid(pid, 0)
        if listing is None:
            return list_sources(self._sources, self._failed, self.listing)
        self._failed.extend(listing.failed)
        self.listing.found = listing.found
        self.listing.unlisted, self.listing.empty = listing.unlisted, listing.empty
        self.listing.excluded = listing.excluded
        return listing.found

    def __enter__(self) -> "WalkAside":
        return self

    def __exit__(self, *exc) -> None:
        """Not read (the reindex failed first): closing the pipe ends the child."""
        if self._child is not None:
            pid, reading = self._child
            self._child = None
            os.close(reading)
            os.waitpid(pid, 0)


FILE_LIST = "files.pickle"


def write_file_list(ix, files: dict[str, tuple[str, str]]) -> None:
    """Save path -> (stat part, checksum) beside the index, tagged with the commit it matches.

    Three flat lists rather than the dict: a fifth of the time to write and to read.
    """
    columns = (list(files), [known[0] for known in files.values()], [known[1] for known in files.values()])
    storage.save_beside(ix.storage.folder, FILE_LIST, storage.commit_tag(ix), {"columns": columns})


def read_file_list(ix) -> dict[str, tuple[str, str]] | None:
    """The saved file list, if it belongs to the index's latest commit; else None."""
    saved = storage.load_beside(ix.storage.folder, FILE_LIST, storage.commit_tag(ix))
    try:
        paths, stat_parts, checksums = saved["columns"]
    except (KeyError, TypeError, ValueError):
        return None
    return dict(zip(paths, zip(stat_parts, checksums)))
