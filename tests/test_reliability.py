"""The index survives concurrent readers, kills, locks, read-only folders, full disks, old schemas.

Every reindex here is a real `python -m searchapp.cli reindex` process; kills are
real SIGKILLs; readers are real SearchIndex objects searching in threads while
the process runs. Corpora come from the bench generator (deterministic, with
translation pairs, so pairing runs too).
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import qparser

from searchapp import create_app
from searchapp.index import storage
from searchapp.bench.corpus import write_corpus
from searchapp.bench.sources import load_material
from searchapp.index.opening import open_live
from searchapp.search.related import related_releases
from searchapp.index.schema import SCHEMA_VERSION
from searchapp.search.service import SearchIndex, SearchRequest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
BASE_RELEASES = 60        # the index every test starts from (plus the five seeds)
SMALL_BATCH = 60          # what a killed or failing reindex adds (enough for the process pool)
LARGE_BATCH = 140         # with the small batch, what a reindex adds while readers search
READER_QUERIES = ("", "partenariat", "partnership", "lang:en", "sciences de la vie")


# ---------------------------------------------------------------- helpers

def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "searchapp.cli", *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("SEARCHAPP_INDEX", None)
    return env


def run_cli(*args: str, preexec_fn=None, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run the command line in its own process and wait for it."""
    return subprocess.run(cli_command(*args), env=cli_env(), capture_output=True, text=True,
                          preexec_fn=preexec_fn, timeout=timeout, cwd=REPO)


def start_cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(cli_command(*args), env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)


def live_sources(index_dir: Path) -> set[str]:
    """The source paths of every live document of the live generation."""
    ix = open_live(index_dir)
    with ix.searcher() as searcher:
        return {fields["record"]["source"] for fields in searcher.all_stored_fields()}


def expected_sources(*folders: Path) -> set[str]:
    return {os.path.abspath(p) for folder in folders for p in folder.rglob("*.txt")}


def totals(index_dir: Path) -> dict[str, int]:
    index = SearchIndex(index_dir)
    return {q: index.search(SearchRequest(query=q)).total for q in READER_QUERIES}


def wait_until(condition, proc: subprocess.Popen, timeout: float = 300) -> bool:
    """Poll `condition` while `proc` runs; True as soon as it holds, False if proc ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError("the reindex neither reached the point nor ended")


def lock_holder(index_dir: Path) -> str:
    try:
        return (index_dir / storage.LOCK_FILE).read_text().strip()
    except OSError:
        return ""


def index_files(index_dir: Path) -> set[str]:
    """Every file under the index folder; a folder removed while it is walked is skipped."""
    found = set()
    for root, _, files in os.walk(index_dir):  # os.walk ignores folders that vanish mid-walk
        for name in files:
            if name != storage.LOCK_FILE:
                found.add(os.path.relpath(os.path.join(root, name), index_dir))
    return found


def drop_root_file_powers() -> None:
    """In a child about to exec: as root, give up the power to ignore file permissions."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def small_file_limit() -> None:
    """In a child about to exec: no file may grow past 64 KB, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def assert_clean_failure(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode not in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("Error: cannot write the index"), proc.stderr
    assert "previous index is unchanged" in proc.stderr


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """Three disjoint batches of generated releases and an index of seeds + the first."""
    root = tmp_path_factory.mktemp("reliability")
    material = load_material()
    write_corpus(root / "base", BASE_RELEASES, seed=11, material=material)
    write_corpus(root / "small", SMALL_BATCH, seed=11, material=material, start=BASE_RELEASES)
    write_corpus(root / "large", LARGE_BATCH, seed=11, material=material, start=BASE_RELEASES + SMALL_BATCH)
    index_dir = root / "base-index"
    proc = run_cli("reindex", str(SEEDS), str(root / "base"), "--index", str(index_dir))
    assert proc.returncode == 0, proc.stderr
    return {"base": root / "base", "small": root / "small", "large": root / "large", "index": index_dir}


def all_batches(corpus) -> list[str]:
    return [str(SEEDS), str(corpus["base"]), str(corpus["small"]), str(corpus["large"])]


def small_batch(corpus) -> list[str]:
    return [str(SEEDS), str(corpus["base"]), str(corpus["small"])]


@pytest.fixture
def base_index(corpus, tmp_path) -> Path:
    """A private copy of the seeds + base index."""
    target = tmp_path / "index"
    shutil.copytree(corpus["index"], target)
    return target


# ---------------------------------------------------------------- readers during a reindex

class Readers:
    """Threads searching in a loop, recording every total and every error."""

    def __init__(self, index_dir: Path, threads: int = 3):
        self.index_dir = index_dir
        self.shared = SearchIndex(index_dir)   # as in the web app: one handle, many threads
        self.stop = threading.Event()
        self.seen: dict[str, set[int]] = {q: set() for q in READER_QUERIES}
        self.errors: list[str] = []
        self.searches = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(threads)]

    def _loop(self, number: int) -> None:
        while not self.stop.is_set():
            for query in READER_QUERIES:
                # One thread opens a fresh handle each time, as a new process would.
                index = SearchIndex(self.index_dir) if number == 0 else self.shared
                try:
                    results = index.search(SearchRequest(query=query))
                    if results.hits:
                        index.get_release(results.hits[0].id)
                        related_releases(index, results.hits[0].id)     # the release page's lists
                except Exception as error:  # every failure is the finding
                    with self.lock:
                        self.errors.append(f"{query!r}: {error!r}")
                    continue
                with self.lock:
                    self.seen[query].add(results.total)
                    self.searches += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_searches_during_a_reindex_see_the_old_or_the_new_index(corpus, base_index, full):
    before = totals(base_index)
    args = ["reindex", *all_batches(corpus), "--index", str(base_index)]
    with Readers(base_index) as readers:
        proc = run_cli(*args, *(["--full"] if full else []))
        searches_during = readers.searches
    assert proc.returncode == 0, proc.stderr
    after = totals(base_index)
    assert readers.errors == []
    assert searches_during > 0
    for query in READER_QUERIES:
        assert readers.seen[query] <= {before[query], after[query]}, query
    assert after[""] > before[""]
    assert live_sources(base_index) == expected_sources(*map(Path, all_batches(corpus)))


def test_a_request_on_the_replaced_generation_keeps_its_facet_cache(corpus, base_index):
    """A request that began before a reindex switched generations goes on with the facet
    cache it had, even after other requests moved to the new index: not a second build."""
    handle = SearchIndex(base_index)
    old_searcher = handle.engine.searcher()
    old_cache = handle.engine.facet_cache(old_searcher)
    # from the seeds only: the 60 other releases go (a removal that must be allowed)
    proc = run_cli("reindex", "--full", "--allow-removals", str(SEEDS), "--index", str(base_index))
    assert proc.returncode == 0, proc.stderr
    assert handle.search(SearchRequest()).total == 4          # this thread has moved to the new index
    assert handle.engine.facet_cache(old_searcher) is old_cache
    assert handle.engine.facet_cache(handle.engine.searcher()) is not old_cache


def test_a_searcher_on_the_replaced_generation_keeps_working(corpus, base_index):
    """A search that started before a rebuild reads the old files after the switch."""
    old_generation = storage.current_generation(base_index)
    searcher = open_live(base_index).searcher()   # nothing read yet: Whoosh opens files lazily
    handle = SearchIndex(base_index)
    count_before = handle.search(SearchRequest()).total
    proc = run_cli("reindex", "--allow-removals", "--full", str(SEEDS), "--index", str(base_index))
    assert proc.returncode == 0, proc.stderr
    assert storage.current_generation(base_index) != old_generation
    query = qparser.QueryParser("text_fr", searcher.schema).parse("partenariat")
    hits = searcher.search(query, limit=5)
    assert len(hits) > 0 and hits[0]["record"]["title"]
    assert searcher.doc_count() == sum(1 for _ in searcher.all_stored_fields()) > 5
    searcher.close()
    # The shared handle moves to the new generation by itself.
    assert count_before > 4
    assert handle.search(SearchRequest()).total == 4  # the seeds: 001 and 003 are one entry
    # The generation before the previous one does not stay behind: the disk does not fill up.
    proc = run_cli("reindex", "--allow-removals", "--full", str(SEEDS), "--index", str(base_index))
    assert proc.returncode == 0, proc.stderr
    assert not old_generation.exists()
    assert len(list(base_index.glob("gen-*"))) == 2


# ---------------------------------------------------------------- SIGKILL at several points

def _point_lock(index_dir, proc, snapshot):
    return lambda: lock_holder(index_dir) == str(proc.pid)


def _point_writing(index_dir, proc, snapshot):
    return lambda: bool(index_files(index_dir) - snapshot)


def _point_committed(index_dir, proc, snapshot):
    """A Whoosh commit reached the disk: a new table of contents, written (not linked), not the empty one."""
    def committed() -> bool:
        for name in index_files(index_dir) - snapshot:
            path = index_dir / name
            try:
                if name.endswith(".toc") and not name.endswith("_0.toc") and path.stat().st_nlink == 1:
                    return True
            except FileNotFoundError:
                continue
        return False
    return committed


KILL_POINTS = {"lock taken": _point_lock, "index files written": _point_writing,
               "a commit written": _point_committed}


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_leaves_the_previous_index_whole(corpus, base_index, point, full):
    before = totals(base_index)
    sources_before = live_sources(base_index)
    generation_before = storage.current_generation(base_index)
    snapshot = index_files(base_index)
    args = ["reindex", *small_batch(corpus), "--index", str(base_index)]
    proc = start_cli(*args, *(["--full"] if full else []))
    try:
        reached = wait_until(KILL_POINTS[point](base_index, proc, snapshot), proc)
        if reached:
            proc.send_signal(signal.SIGKILL)
    finally:
        proc.communicate(timeout=600)
    assert reached, f"the reindex ended before '{point}'"
    assert proc.returncode == -signal.SIGKILL
    with storage.reindex_lock(base_index):  # free at once: no ReindexRunning
        pass

    # The previous index is whole and searchable, by a library handle and by the CLI; or,
    # when the kill landed in the instant between the last commit and the process's end,
    # the new one is, complete.
    if storage.current_generation(base_index) == generation_before:
        assert totals(base_index) == before
        assert live_sources(base_index) == sources_before
    else:
        assert point == "a commit written"
        assert live_sources(base_index) == expected_sources(*map(Path, small_batch(corpus)))
    found = run_cli("search", "Benoit Larose", "--json", "--index", str(base_index))
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] >= 1

    # The next reindex completes with no manual cleanup, and leaves no debris behind:
    # only the new generation and the one it replaced remain.
    live_after_kill = storage.current_generation(base_index)
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert live_sources(base_index) == expected_sources(*map(Path, small_batch(corpus)))
    generations = {p.name for p in base_index.glob("gen-*")}
    expected = {live_after_kill.name, storage.current_generation(base_index).name}
    if live_after_kill == generation_before:
        assert generations == expected
    else:                   # the killed reindex had switched: the generation it replaced may stay
        assert generations <= expected | {generation_before.name} and len(generations) <= 2
    assert not list(base_index.glob(".CURRENT.*"))


# ---------------------------------------------------------------- two reindexes at once

def has_open(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open (Linux /proc)."""
    folder = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == os.path.realpath(path) for fd in folder.iterdir())
    except OSError:
        return False


def test_a_second_reindex_exits_3_naming_the_first_then_waits_with_wait(corpus, base_index):
    """This test process holds the reindex lock, as a running reindex would."""
    args = ["reindex", *small_batch(corpus), "--index", str(base_index)]
    with storage.reindex_lock(base_index):
        second = run_cli(*args)
        assert second.returncode == 3
        assert second.stderr == f"Error: another reindex is running (pid {os.getpid()})\n"
        assert live_sources(base_index) == expected_sources(SEEDS, corpus["base"])
        waiting = start_cli(*args, "--wait", "600")
        assert wait_until(lambda: has_open(waiting.pid, base_index / storage.LOCK_FILE), waiting)
        time.sleep(0.5)  # let it try the lock at least once while it is held
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert "60 added" in out
    assert live_sources(base_index) == expected_sources(*map(Path, small_batch(corpus)))


def test_a_lock_left_by_a_dead_process_is_not_in_the_way(base_index):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (base_index / storage.LOCK_FILE).write_text(dead)
    proc = run_cli("reindex", "--allow-removals", str(SEEDS), "--index", str(base_index))
    assert proc.returncode == 0, proc.stderr


def test_a_whoosh_writelock_held_elsewhere_is_never_a_traceback(corpus, base_index):
    """Whoosh's own lock (held here by another writer) must not surface as a LockError."""
    holder = whoosh_index.open_dir(str(storage.current_generation(base_index))).writer()
    try:
        proc = run_cli("reindex", str(SEEDS), str(corpus["base"]), "--index", str(base_index))
    finally:
        holder.cancel()
    assert "Traceback" not in proc.stderr and "LockError" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 3), proc.stderr


# ---------------------------------------------------------------- read-only folder, full disk

def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)


def make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_a_read_only_index_folder_is_a_clear_error(corpus, base_index, full):
    before = totals(base_index)
    make_read_only(base_index)
    try:
        args = ["reindex", *small_batch(corpus), "--index", str(base_index)]
        proc = run_cli(*args, *(["--full"] if full else []), preexec_fn=drop_root_file_powers)
    finally:
        make_writable(base_index)
    assert_clean_failure(proc)
    assert proc.returncode == 4
    assert "ermission denied" in proc.stderr
    assert totals(base_index) == before


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_a_full_disk_is_a_clear_error_and_the_next_run_recovers(corpus, base_index, full):
    before = totals(base_index)
    args = ["reindex", *small_batch(corpus), "--index", str(base_index)]
    proc = run_cli(*args, *(["--full"] if full else []), preexec_fn=small_file_limit)
    assert_clean_failure(proc)
    assert proc.returncode == 4
    assert "File too large" in proc.stderr
    assert totals(base_index) == before
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert live_sources(base_index) == expected_sources(*map(Path, small_batch(corpus)))


# ---------------------------------------------------------------- schema versions

def test_an_index_of_another_schema_version_is_refused_then_rebuilt(base_index):
    generation = storage.current_generation(base_index)
    meta = storage.read_meta(generation)
    storage.write_meta(generation, dict(meta, schema_version=SCHEMA_VERSION - 1))

    search = run_cli("search", "Quebec", "--index", str(base_index))
    assert search.returncode == 4
    assert "searchapp reindex --full" in search.stderr and "Traceback" not in search.stderr
    stats = run_cli("stats", "--index", str(base_index))
    assert stats.returncode == 4
    client = create_app({"TESTING": True, "INDEX_DIR": str(base_index)}).test_client()
    page = client.get("/search?q=Quebec")
    assert page.status_code == 503 and "searchapp reindex --full" in page.get_data(as_text=True)
    api = client.get("/api/search?q=Quebec")
    assert api.status_code == 503 and "searchapp reindex --full" in api.get_json()["message"]

    rebuilt = run_cli("reindex", "--allow-removals", str(SEEDS), "--index", str(base_index))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "5 added" in rebuilt.stdout
    assert storage.read_meta(storage.current_generation(base_index))["schema_version"] == SCHEMA_VERSION
    found = run_cli("search", "Quebec", "--json", "--index", str(base_index))
    assert found.returncode == 0 and json.loads(found.stdout)["total"] == 4


def test_an_index_folder_without_an_index_is_exit_4(tmp_path):
    (tmp_path / "index").mkdir()
    proc = run_cli("search", "Quebec", "--index", str(tmp_path / "index"))
    assert proc.returncode == 4
    assert "searchapp reindex" in proc.stderr and "Traceback" not in proc.stderr


def test_a_whoosh_index_is_never_opened_half_written(base_index):
    """CURRENT names a complete generation even when a newer, abandoned one lies beside it."""
    abandoned = storage.new_generation(base_index)
    (abandoned / "_MAIN_1.toc").write_bytes(b"half")
    assert storage.current_generation(base_index) != abandoned
    assert whoosh_index.exists_in(str(storage.current_generation(base_index)))
    assert totals(base_index)[""] > 0
