"""The switch in front of the fast read and write paths (index/read, index/write).

Those paths read and write Whoosh's files directly (posting blocks, term
infos, length columns, the segment writer's pool), so they are only right
for the Whoosh versions they were checked against. They serve when the
setting allows it (config.fast_path_setting: FAST_PATH, $SEARCHAPP_FAST_PATH)
and Whoosh is one of CHECKED_VERSIONS; otherwise Whoosh's public API serves
(read/plain.py, Whoosh's own writer), with the same results, more slowly.
tests/test_fastpath.py pins the fast paths to Whoosh's own output.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import whoosh

from searchapp.config import fast_path_setting

# whoosh-reloaded versions whose internals the fast paths were checked against
CHECKED_VERSIONS = frozenset({(2, 7, 5)})

log = logging.getLogger(__name__)


def enabled() -> bool:
    """Whether the fast paths serve now: the setting, then the version gate."""
    return fast_path_setting() and known_version(tuple(whoosh.__version__))


@lru_cache(maxsize=None)
def known_version(version: tuple) -> bool:
    """True for a checked Whoosh version; otherwise says once, in the log, that the fast paths are off."""
    if version in CHECKED_VERSIONS:
        return True
    log.warning("Whoosh %s is not a version the fast paths were checked against (%s): using Whoosh's "
                "public API", ".".join(map(str, version)),
                ", ".join(".".join(map(str, v)) for v in sorted(CHECKED_VERSIONS)))
    return False
