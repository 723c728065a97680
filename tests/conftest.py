"""Shared fixtures: a real index of the seeds built once per session, CLI runner."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner


REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_IDS = {
    "000": "000_dd3ca03c2384138d",
    "001": "001_bc161d955e9b8c22",
    "002": "002_158fcca2e1f278d7",
    "003": "003_0a78dc47438a4cd9",
    "004": "004_37599697ebfbc5fc",
}


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """A real Whoosh index of seeds/, built once; tests must not write to it."""
    from searchapp.index import reindex

    index_dir = tmp_path_factory.mktemp("seed-index")
    report = reindex([SEEDS], index_dir)
    assert not report.failed, report.failed
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir):
    from searchapp.search import SearchIndex

    return SearchIndex(seed_index_dir)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ for tests that add, change or remove files."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def seed_numbers(results_or_hits) -> set[str]:
    """The seed numbers ('000'..'004') of the entries and their translations."""
    hits = getattr(results_or_hits, "hits", results_or_hits)
    found = set()
    for hit in hits:
        found.add(hit.id[:3])
        if hit.translation:
            found.add(hit.translation.id[:3])
    return found


def search_ids(index, query: str, **filters) -> set[str]:
    """Seed numbers found by a query (translations included)."""
    from searchapp.search import SearchRequest

    return seed_numbers(index.search(SearchRequest(query=query, per_page=50, **filters)))


def write_release(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a small release file for a test."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
