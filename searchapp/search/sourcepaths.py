"""What the public sees of where a release came from: its path under the source folder it was
indexed from, never the server's absolute path.

A reindex saves its source folders beside the index (storage meta, ``sources``); a release's
stored path is shown relative to the deepest of them that holds it, else by its file name.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath

from searchapp.index import storage


def source_roots(generation: Path | None) -> tuple[str, ...]:
    """The source folders the index generation was built from, deepest first (none if unknown)."""
    if generation is None:
        return ()
    try:
        stamp = (generation / storage.META_FILE).stat().st_mtime_ns
    except OSError:
        return ()
    return _roots(str(generation), stamp)


@lru_cache(maxsize=16)
def _roots(generation: str, stamp: int) -> tuple[str, ...]:
    roots = storage.read_meta(Path(generation)).get("sources") or ()
    return tuple(sorted((str(root) for root in roots), key=len, reverse=True))


def relative_to_roots(path: str, roots: tuple[str, ...]) -> str:
    """The path under the deepest root holding it (with / separators), else its file name."""
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if path.startswith(prefix):
            return path[len(prefix):].replace(os.sep, "/")
    return public_source(path)


def public_source(path: str) -> str:
    """A path's file name: what is shown when its source folder is not known."""
    return PurePosixPath(str(path).replace("\\", "/")).name

