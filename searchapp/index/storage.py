"""Where an index lives on disk: generations, the CURRENT pointer, the reindex lock.

An index folder holds one or more generation folders (``gen-000001`` ...),
each a complete Whoosh index, and a ``CURRENT`` file naming the live one.
A full rebuild writes a new generation and switches ``CURRENT`` atomically
(write a temporary file, then rename), so readers see the old index or the
new one, never a half-built one.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import pickle
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

POINTER = "CURRENT"
LOCK_FILE = "reindex.lock"
META_FILE = "searchapp.json"


class IndexMissing(Exception):
    """No index has been built in this folder yet."""


class ReindexRunning(Exception):
    """Another process holds the reindex lock."""

    def __init__(self, pid: int | None):
        super().__init__(f"another reindex is running (pid {pid if pid else 'unknown'})")
        self.pid = pid


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when there is no index."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    path = index_dir / name
    return path if path.is_dir() else None


def new_generation(index_dir: Path) -> Path:
    """Create an empty generation folder numbered after the existing ones."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    path = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def switch_to(index_dir: Path, generation: Path) -> None:
    """Atomically make `generation` the live one; keep the one it replaces, drop older ones.

    Searches that started on the replaced generation may still open some of its
    files (Whoosh opens column files lazily), so it stays until the next switch.
    """
    previous = current_generation(index_dir)
    tmp = index_dir / f".{POINTER}.{os.getpid()}"
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / POINTER)
    remove_stale_generations(index_dir, keep=generation, also=previous)


def remove_stale_generations(index_dir: Path, keep: Path, also: Path | None = None) -> None:
    """Delete every generation but the live one (and `also`, the one it replaced)."""
    kept = {keep.name, also.name if also else None}
    for path in index_dir.glob("gen-*"):
        if path.is_dir() and path.name not in kept:
            shutil.rmtree(path, ignore_errors=True)


def previous_generation(index_dir: Path, live: Path | None) -> Path | None:
    """The newest generation older than the live one (the one the last switch replaced)."""
    if live is None:
        return None
    older = [p for p in index_dir.glob("gen-*") if p.is_dir() and p.name < live.name]
    return max(older, key=lambda p: p.name, default=None)


def remove_debris(index_dir: Path) -> None:
    """Under the reindex lock: drop what a killed reindex left (abandoned generations, pointer temp files)."""
    live = current_generation(index_dir)
    remove_stale_generations(index_dir, keep=live or Path("-"), also=previous_generation(index_dir, live))
    for path in index_dir.glob(f".{POINTER}.*"):
        path.unlink(missing_ok=True)


def clean_at_start(index_dir: Path) -> bool:
    """At a server's start: remove what a killed reindex left, unless a reindex is running
    (it cleans up itself). True if the folder was cleaned."""
    if not index_dir.is_dir():
        return False
    try:
        with reindex_lock(index_dir):
            remove_debris(index_dir)
    except (ReindexRunning, OSError):       # a running reindex, or a folder this user cannot write
        return False
    return True


def writable_by_others(index_dir: Path, most: int = 5) -> list[Path]:
    """The index folder, its live generation and their files when group- or world-writable
    (at most `most` of them): Whoosh and the saved file lists load pickles from there."""
    found = []
    live = current_generation(index_dir)
    for path in [index_dir, *([live] if live else [])]:
        try:
            if path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                found.append(path)
            children = sorted(path.iterdir()) if path == live else []
            found.extend(child for child in children if child.is_file()
                         and child.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH))
        except OSError:
            continue
    return found[:most]


def clone_generation(index_dir: Path, source: Path) -> Path:
    """A new generation holding the same index as `source`, its files shared by hard links.

    Whoosh never rewrites an index file in place (new segments and TOCs get new
    names, a TOC is written to a temporary name then renamed), so a writer can
    update the clone while readers keep using `source`, untouched, until the
    pointer switches. Files that are rewritten in place are copied instead.
    """
    target = new_generation(index_dir)
    for path in source.iterdir():
        if not path.is_file() or path.name.endswith("WRITELOCK"):
            continue
        if path.name == META_FILE:
            shutil.copyfile(path, target / path.name)
            continue
        try:
            os.link(path, target / path.name)
        except OSError:  # a file system without hard links: copy
            shutil.copyfile(path, target / path.name)
    return target


def write_meta(generation: Path, meta: dict) -> None:
    """Record the schema version and build facts beside the Whoosh files."""
    (generation / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def read_meta(generation: Path) -> dict:
    try:
        return json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


@contextmanager
def reindex_lock(index_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the reindex lock; a dead holder's lock is released by the kernel.

    A POSIX record lock (lockf), not flock: forked children (the preparing
    pool) do not inherit it, so a killed reindex frees the lock at once even
    while its orphaned workers are still winding down.
    """
    import time

    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK_FILE, "a+")
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise ReindexRunning(_holder_pid(handle)) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _holder_pid(handle) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None


# ---------------------------------------------------------------- files saved beside an index

def commit_tag(ix) -> tuple[int, int]:
    """What identifies an index's latest commit: Whoosh's TOC generation and its document count."""
    return ix.latest_generation(), ix.doc_count()


def save_beside(folder: str | os.PathLike, name: str, tag: Any, payload: dict) -> None:
    """Pickle payload into a generation folder, tagged with the commit it describes."""
    folder = Path(folder)
    temporary = folder / (name + ".tmp")
    with open(temporary, "wb") as handle:
        pickle.dump({"tag": tag, **payload}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, folder / name)   # a new file: never the clone's hard link


def load_beside(folder: str | os.PathLike, name: str, tag: Any = None) -> dict | None:
    """What save_beside wrote; None if missing, unreadable or (given a tag) saved for another commit."""
    try:
        with open(Path(folder) / name, "rb") as handle:
            saved = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, TypeError, AttributeError, ValueError):
        return None
    if not isinstance(saved, dict) or (tag is not None and saved.get("tag") != tag):
        return None
    return saved
