"""Shared fixtures: a real index of the seeds built once per session, CLI runner."""
from __future__ import annotations

import http.client
import shutil
import socket
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
    from searchapp.index.reindex import reindex

    index_dir = tmp_path_factory.mktemp("seed-index")
    report = reindex([SEEDS], index_dir)
    assert not report.failed, report.failed
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir):
    from searchapp.search.service import SearchIndex

    return SearchIndex(seed_index_dir)


@pytest.fixture(scope="module")
def app(seed_index_dir):
    """The web app over the seeds' index."""
    from searchapp import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


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
    from searchapp.search.service import SearchRequest

    return seed_numbers(index.search(SearchRequest(query=query, per_page=50, **filters)))


def write_release(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a small release file for a test."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def every_kind_of_reindex(root: Path, check) -> list:
    """Build and update an index in every way a reindex can, calling check(index_dir) after
    each run; returns what check returned. The runs: a first build in workers; three added, a
    release removed (a translation pair loses a side) and one rewritten, in this process; 45
    added and one rewritten, in workers, the index not empty."""
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.reindex import reindex

    source, index_dir, material = root / "releases", root / "index", load_material(())
    write_corpus(source / "generated", 60, 5, material)
    shutil.copytree(SEEDS, source / "seeds")
    checks = []
    assert reindex([source], index_dir, processes=2).added == 65
    checks.append(check(index_dir))
    write_corpus(source / "more", 3, 5, material, start=60)
    (source / "seeds" / "002_158fcca2e1f278d7.txt").unlink()
    generated = sorted((source / "generated").rglob("*.txt"))
    generated[0].write_text("Les hippocampes\n\nUne étude sur les hippocampes du fleuve.\n", encoding="utf-8")
    report = reindex([source], index_dir)
    assert (report.added, report.updated, report.removed) == (3, 1, 1)
    checks.append(check(index_dir))
    write_corpus(source / "many", 45, 5, material, start=63)
    generated[1].write_text("Seahorses\n\nA study of the river's seahorses.\n", encoding="utf-8")
    report = reindex([source], index_dir, processes=2)
    assert (report.added, report.updated, report.removed) == (45, 1, 0)
    checks.append(check(index_dir))
    return checks


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def accepts(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def fetch(port: int, path: str) -> tuple[int, dict[str, str], str]:
    """GET path from a server on 127.0.0.1:port: status, headers (lower-cased names), body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


# Modules whose tests start processes (the command line, servers, a browser, worker pools):
# `python -m pytest -m "not slow"` is the quick loop; CI runs everything.
SLOW_MODULES = {"test_browser", "test_cli", "test_hostile_files", "test_load", "test_reliability", "test_workers"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
