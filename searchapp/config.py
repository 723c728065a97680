"""Default paths and settings in one place (no logic beyond path defaults)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX_ENV = "SEARCHAPP_INDEX"
CACHE_ENV = "SEARCHAPP_CACHE"
DEFAULT_INDEX = "index"
DEFAULT_SOURCE = "seeds"

RESULTS_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_QUERY_CHARS = 1000
SEARCH_TIME_LIMIT = 2.0  # seconds a query may take before partial results are returned
WARM_INDEX_SECONDS = 2.0  # `searchapp serve` looks this often for a new version of the index to warm
LOCK_WAIT_SECONDS = 0.0  # a second reindex does not wait by default: it exits with code 3
FAST_PATH = True  # read and write Whoosh's files directly where it is faster (index/fastpath.py)
FAST_PATH_ENV = "SEARCHAPP_FAST_PATH"  # 0 or 1: overrides FAST_PATH, read at each use


def places_cache_dir() -> Path:
    """Where the tables built from the place libraries are kept: $SEARCHAPP_CACHE, else the
    user's cache folder."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searchapp"


def index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--index, else $SEARCHAPP_INDEX, else index/ in the current folder."""
    return Path(explicit or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def default_sources() -> list[Path]:
    """seeds/ of the current folder, else the seeds/ shipped beside the package."""
    here = Path(DEFAULT_SOURCE)
    if here.is_dir():
        return [here]
    return [PROJECT_ROOT / DEFAULT_SOURCE]


def fast_path_setting() -> bool:
    """$SEARCHAPP_FAST_PATH (0/1, off/on, false/true, no/yes), else FAST_PATH; read at each call,
    so a test or a running process can turn it off without reloading anything."""
    value = os.environ.get(FAST_PATH_ENV, "").strip().lower()
    if value in ("0", "off", "false", "no"):
        return False
    if value in ("1", "on", "true", "yes"):
        return True
    return FAST_PATH
