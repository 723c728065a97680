"""The release files a reindex reads: found under the sources, compared with those indexed.

A file is known by its key: checksum, stat part (size and modification time)
and path. When the stat part matches the one saved, the file is not read.
The indexed files' keys are saved beside the index after each reindex, so an
update of a big archive neither reads its files nor walks the index's lexicon.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from stat import S_ISDIR
from typing import Iterable

from searchapp.index import storage
from searchapp.ingest.documents import InvalidRelease, read_bytes


def list_sources(sources: Iterable[str | os.PathLike], failed: list[tuple[str, str]]) -> dict[str, str | None]:
    """Every *.txt file under the given files and folders (symlinked folders not followed),
    in walk order, with its stat part read during the walk (None if it could not be read)."""
    found: dict[str, str | None] = {}
    for source in sources:
        path = Path(source)
        if path.is_file():
            found[os.path.abspath(path)] = stat_part(os.path.abspath(path))
        elif path.is_dir():
            _walk(os.path.abspath(path), found)
        else:
            failed.append((str(source), "no such file or folder"))
    return found


def source_folders(sources: Iterable[str | os.PathLike]) -> list[str]:
    """The folders the sources stand for (each folder; each file's folder), absolute: what the
    paths shown to the public are relative to."""
    folders = []
    for source in sources:
        path = os.path.abspath(os.fspath(source))
        folders.append(path if os.path.isdir(path) else os.path.dirname(path))
    return list(dict.fromkeys(folders))


def _walk(folder: str, found: dict[str, str | None]) -> None:
    """Depth first. The folder is listed through a descriptor, so each file's stat is one
    fstatat by name (no path walked from the root per file: the walk's main cost)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return                     # vanished or unreadable mid-walk, as os.walk skips it
    subfolders = []
    prefix = folder + os.sep
    try:
        with os.scandir(descriptor) as entries:
            for entry in entries:
                name = entry.name
                if not (name.endswith(".txt") or name[-4:].lower() == ".txt"):
                    if _is_folder(entry):
                        subfolders.append(prefix + name)
                    continue
                try:
                    stat = entry.stat()            # through a symlink, as os.stat
                except OSError:
                    found[prefix + name] = None    # a broken link: reported as unreadable
                    continue
                if not S_ISDIR(stat.st_mode):
                    found[prefix + name] = f"{stat.st_size}:{stat.st_mtime_ns}"
                elif not entry.is_symlink():       # a folder named *.txt; a link to a folder is not followed
                    subfolders.append(prefix + name)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    for subfolder in subfolders:
        _walk(subfolder, found)


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


def file_status(path: str, known: tuple[str, str] | None, current: str | None) -> str:
    """'unchanged', 'changed' or 'gone', hashing only when the stat part differs."""
    if current is None:
        return "gone"
    if known is None:
        return "changed"
    if known[0] == current:
        return "unchanged"
    try:
        checksum = hashlib.sha256(read_bytes(path)).hexdigest()
    except (OSError, InvalidRelease):
        return "gone"
    return "unchanged" if checksum == known[1] else "changed"


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
    """

    def __init__(self, sources: Iterable[str | os.PathLike], failed: list[tuple[str, str]]):
        self._sources, self._failed = list(sources), failed
        self._child = None
        if hasattr(os, "fork"):
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:                                   # the child: walk, send, leave
                try:
                    os.close(reading)
                    found = list_sources(self._sources, self._failed)
                    with os.fdopen(writing, "wb") as pipe:
                        pickle.dump((found, self._failed), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                finally:
                    os._exit(0)
            os.close(writing)
            self._child = (pid, reading)

    def result(self) -> dict[str, str | None]:
        if self._child is None:
            return list_sources(self._sources, self._failed)
        pid, reading = self._child
        self._child = None
        try:
            with os.fdopen(reading, "rb") as pipe:
                found, failed = pickle.load(pipe)
        except (OSError, EOFError, pickle.UnpicklingError):
            found, failed = None, []                 # the child died: walk here instead
        finally:
            os.waitpid(pid, 0)
        if found is None:
            return list_sources(self._sources, self._failed)
        self._failed.extend(failed)
        return found

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
