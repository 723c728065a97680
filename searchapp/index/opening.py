"""Opening the live index for reading, or saying plainly why it cannot be opened."""
from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from searchapp.index import storage
from searchapp.index.schema import SCHEMA_VERSION


class IndexOutdated(Exception):
    """The index was built by another version of the program."""


def open_live(index_dir: Path):
    """Open the live Whoosh index read-only; IndexMissing / IndexOutdated otherwise."""
    generation = storage.current_generation(index_dir)
    if generation is None or not whoosh_index.exists_in(str(generation)):
        raise storage.IndexMissing(f"no index in {index_dir}: run `searchapp reindex` first")
    version = storage.read_meta(generation).get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexOutdated(
            f"the index in {index_dir} was built by another version of searchapp "
            f"(schema {version}, this version needs {SCHEMA_VERSION}): run `searchapp reindex --full`")
    # Without mmap: Whoosh copies each part of a memory-mapped compound segment into
    # memory when a reader opens it; plain files are read on demand.
    return FileStorage(str(generation), supports_mmap=False, readonly=True).open_index()


def index_exists(index_dir: Path) -> bool:
    generation = storage.current_generation(index_dir)
    return generation is not None and whoosh_index.exists_in(str(generation))
