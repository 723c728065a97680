"""Hostile source folders: pipes, devices, links out of the sources, folders that cannot be
listed or come back empty. The reindex never blocks, never publishes what lies outside the
sources, and never removes releases because their folder could not be read.

Every file and folder here is real; the runs that must not block or that need the
permissions of an ordinary user are real `searchapp reindex` processes (`setpriv` drops
the capabilities that let root read anything).
"""
from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from searchapp.index import storage
from searchapp.index.reindex import reindex
from searchapp.ingest.documents import InvalidRelease, load_release
from searchapp.search.service import SearchIndex, SearchRequest

REPO = Path(__file__).resolve().parent.parent
WITHOUT_ROOT_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                         "--bounding-set=-dac_override,-dac_read_search"]
RELEASE = ("Acme Labs and Boston Bio sign an agreement on the {word}\n\n"
           "BOSTON--(BUSINESS WIRE)--Acme Labs and Boston Bio today announced a partnership "
           "to develop the {word} for hospitals in Massachusetts.\n")
WORDS = ["quintabrel", "frumelage", "zorblaxer", "plimbottage", "grastuvage", "drimbalage",
         "vintabrage", "sproutelage", "quorvillage", "tambrusque"]


def write_release(path: Path, word: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RELEASE.format(word=word), encoding="utf-8")
    return path


def run_cli(*args: str, drop_root: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("SEARCHAPP_INDEX", None)
    prefix = WITHOUT_ROOT_OVERRIDE if drop_root and os.geteuid() == 0 else []
    return subprocess.run([*prefix, sys.executable, "-m", "searchapp.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def found(index_dir: Path, word: str) -> list[str]:
    return [hit.source for hit in SearchIndex(index_dir).search(SearchRequest(query=word)).hits]


def lines_about(stderr: str, path: Path | str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{path}: ")]


# ---------------------------------------------------------------- files that are not regular files

@pytest.fixture
def odd_files(tmp_path):
    """A source folder with a release beside a FIFO, a socket and a device, all named *.txt."""
    folder = tmp_path / "src"
    write_release(folder / "good.txt", "quintabrel")
    os.mkfifo(folder / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "socket.txt"))
    kinds = {"pipe.txt": "a named pipe (FIFO), not a regular file: not read",
             "socket.txt": "a socket, not a regular file: not read"}
    if os.geteuid() == 0:          # making a device node needs root
        os.mknod(folder / "device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        kinds["device.txt"] = "a device, not a regular file: not read"
    yield folder, kinds
    listener.close()


@pytest.mark.slow
def test_a_fifo_socket_or_device_is_named_and_the_run_goes_on(tmp_path, odd_files):
    """A named pipe used to block the reindex in open() for ever, holding the lock."""
    folder, kinds = odd_files
    proc = run_cli("reindex", str(folder), "--index", str(tmp_path / "index"), timeout=120)
    assert proc.returncode == 1, proc.stderr
    for name, reason in kinds.items():
        assert lines_about(proc.stderr, folder / name) == [f"{folder / name}: rejected: {reason}"]
    assert found(tmp_path / "index", "quintabrel") == [str(folder / "good.txt")]
    # the lock was let go: the next run takes it
    again = run_cli("reindex", str(folder), "--index", str(tmp_path / "index"), timeout=120)
    assert again.returncode == 1 and "another reindex" not in again.stderr


def test_reading_a_fifo_directly_is_refused_without_opening_it(tmp_path):
    """Replaced by a FIFO between the listing and the reading: refused by name, at once."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InvalidRelease) as refused:
        load_release(fifo)
    assert refused.value.reason == "a named pipe (FIFO), not a regular file: not read"


# ---------------------------------------------------------------- symbolic links

def test_file_links_are_followed_only_inside_the_sources(tmp_path):
    sources, elsewhere = tmp_path / "src", tmp_path / "elsewhere"
    write_release(sources / "2024" / "real.txt", "quintabrel")
    write_release(sources / "other" / "target.txt", "frumelage")
    write_release(elsewhere / "secret.txt", "zorblaxer")
    (sources / "inside.txt").symlink_to(sources / "2024" / "real.txt")
    (sources / "relative.txt").symlink_to(Path("other") / "target.txt")
    (sources / "outside.txt").symlink_to(elsewhere / "secret.txt")
    (sources / "passwd.txt").symlink_to("/etc/passwd")
    (sources / "escape.txt").symlink_to(Path("..") / "elsewhere" / "secret.txt")
    (sources / "loop.txt").symlink_to("loop.txt")
    index_dir = tmp_path / "index"

    report = reindex([sources], index_dir, processes=1)

    outside = "symbolic link to a file outside the source folders: not followed"
    assert sorted(report.failed) == sorted([
        (str(sources / "outside.txt"), outside),
        (str(sources / "passwd.txt"), outside),
        (str(sources / "escape.txt"), outside),
        (str(sources / "loop.txt"), "symbolic link loop (the link never reaches a file)"),
    ])
    assert sorted(found(index_dir, "quintabrel")) == sorted([str(sources / "2024" / "real.txt"),
                                                              str(sources / "inside.txt")])
    assert sorted(found(index_dir, "frumelage")) == sorted([str(sources / "other" / "target.txt"),
                                                             str(sources / "relative.txt")])
    assert found(index_dir, "zorblaxer") == []
    assert SearchIndex(index_dir).search(SearchRequest(query="root")).total == 0


def test_a_release_replaced_by_a_link_out_or_a_pipe_leaves_the_index(tmp_path):
    """Not release files: named, and what was indexed under their names goes (an older
    version followed links anywhere)."""
    sources, elsewhere = tmp_path / "src", tmp_path / "elsewhere"
    linked = write_release(sources / "linked.txt", "quintabrel")
    piped = write_release(sources / "piped.txt", "frumelage")
    write_release(sources / "kept.txt", "zorblaxer")
    write_release(elsewhere / "secret.txt", "tambrusque")
    reindex([sources], tmp_path / "index", processes=1)
    linked.unlink()
    linked.symlink_to(elsewhere / "secret.txt")
    piped.unlink()
    os.mkfifo(piped)

    report = reindex([sources], tmp_path / "index", processes=1)

    assert sorted(report.failed) == [
        (str(linked), "symbolic link to a file outside the source folders: not followed"),
        (str(piped), "a named pipe (FIFO), not a regular file: not read")]
    assert report.removed == 2
    assert [found(tmp_path / "index", word) for word in ("quintabrel", "frumelage", "tambrusque")] == [[], [], []]
    assert found(tmp_path / "index", "zorblaxer") == [str(sources / "kept.txt")]


def test_a_link_into_another_source_folder_is_followed(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_release(second / "shared.txt", "tambrusque")
    first.mkdir()
    (first / "link.txt").symlink_to(second / "shared.txt")
    report = reindex([first, second], tmp_path / "index", processes=1)
    assert report.failed == []
    assert sorted(found(tmp_path / "index", "tambrusque")) == sorted(
        [str(first / "link.txt"), str(second / "shared.txt")])


# ---------------------------------------------------------------- unreadable files and folders

@pytest.mark.slow
def test_an_unreadable_file_is_named_as_such_and_keeps_its_indexed_version(tmp_path):
    folder = tmp_path / "src"
    write_release(folder / "a.txt", "quintabrel")
    locked = write_release(folder / "b.txt", "frumelage")
    index_dir = tmp_path / "index"
    assert run_cli("reindex", str(folder), "--index", str(index_dir)).returncode == 0
    locked.write_text(RELEASE.format(word="drimbalage"), encoding="utf-8")
    locked.chmod(0)

    proc = run_cli("reindex", str(folder), "--index", str(index_dir), drop_root=True)

    assert proc.returncode == 1, proc.stderr
    assert lines_about(proc.stderr, locked) == [
        f"{locked}: rejected: permission denied (the file cannot be read by this user)"]
    assert found(index_dir, "frumelage") == [str(locked)]     # the indexed version stays
    assert found(index_dir, "quintabrel") == [str(folder / "a.txt")]


@pytest.mark.slow
def test_an_unreadable_subfolder_keeps_its_releases(tmp_path):
    """It used to lose its releases silently, with exit status 0."""
    folder = tmp_path / "src"
    write_release(folder / "a.txt", "quintabrel")
    for i, word in enumerate(WORDS[1:6]):
        write_release(folder / "2019" / f"{i}.txt", word)
    index_dir = tmp_path / "index"
    assert run_cli("reindex", str(folder), "--index", str(index_dir)).returncode == 0
    (folder / "2019").chmod(0)

    proc = run_cli("reindex", str(folder), "--index", str(index_dir), drop_root=True)
    (folder / "2019").chmod(0o755)

    assert proc.returncode == 1, proc.stderr
    assert lines_about(proc.stderr, folder / "2019") == [
        f"{folder / '2019'}: rejected: cannot be listed (permission denied (the folder cannot be read "
        "by this user)): its indexed releases are kept"]
    assert proc.stdout.strip().endswith("0 removed, 1 unchanged, 1 failed")
    for word in WORDS[1:6]:
        assert len(found(index_dir, word)) == 1, word


# ---------------------------------------------------------------- sources that fail to list

@pytest.fixture
def indexed_sources(tmp_path):
    """Two source folders of five releases each, indexed."""
    first, second = tmp_path / "first", tmp_path / "second"
    for i, word in enumerate(WORDS):
        write_release((first if i < 5 else second) / f"{i}.txt", word)
    index_dir = tmp_path / "index"
    report = reindex([first, second], index_dir, processes=1)
    assert report.indexed == 10 and not report.failed
    return first, second, index_dir


def total(index_dir: Path) -> int:
    return SearchIndex(index_dir).search(SearchRequest()).total


def test_a_missing_source_folder_removes_nothing(indexed_sources):
    """An unmounted share used to remove every release it held."""
    first, second, index_dir = indexed_sources
    shutil.rmtree(second)
    report = reindex([first, second], index_dir, processes=1)
    assert report.failed == [(str(second), "no such file or folder")]
    assert report.removed == 0 and total(index_dir) == 10


def test_a_source_folder_that_comes_back_empty_removes_nothing(indexed_sources):
    """An empty mount point: the folder is there and lists nothing."""
    first, second, index_dir = indexed_sources
    for path in second.iterdir():
        path.unlink()
    report = reindex([first, second], index_dir, processes=1)
    assert report.removed == 0 and total(index_dir) == 10
    assert [path for path, _ in report.held] == [str(second)]
    assert "lists no release files while 5 indexed releases come from it" in report.held[0][1]
    allowed = reindex([first, second], index_dir, processes=1, allow_removals=True)
    assert allowed.removed == 5 and allowed.held == [] and total(index_dir) == 5


def test_an_empty_subfolder_that_held_releases_removes_nothing(tmp_path):
    folder = tmp_path / "src"
    for i, word in enumerate(WORDS):
        write_release(folder / ("mount" if i < 3 else "kept") / f"{i}.txt", word)
    reindex([folder], tmp_path / "index", processes=1)
    shutil.rmtree(folder / "mount")
    (folder / "mount").mkdir()
    report = reindex([folder], tmp_path / "index", processes=1)
    assert report.removed == 0 and [path for path, _ in report.held] == [str(folder / "mount")]
    assert total(tmp_path / "index") == 10


def test_removing_more_than_a_share_of_the_index_needs_allow_removals(tmp_path):
    folder = tmp_path / "src"
    for i in range(40):
        write_release(folder / f"{i:02d}.txt", f"word{i:02d}x")
    index_dir = tmp_path / "index"
    reindex([folder], index_dir, processes=1)
    for i in range(15):                 # 15 of 40 (more than a quarter, more than 10)
        (folder / f"{i:02d}.txt").unlink()
    write_release(folder / "new.txt", "tambrusque")

    proc = run_cli("reindex", str(folder), "--index", str(index_dir))
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1] == (
        "indexed 26 releases: 1 added, 0 updated, 0 removed, 25 unchanged, 0 failed")
    assert [line.split(": kept: ")[0] for line in proc.stderr.splitlines() if ": kept: " in line] == [
        str(folder)]
    assert "15 of the 40 indexed releases are no longer in the sources" in proc.stderr
    assert total(index_dir) == 41

    allowed = run_cli("reindex", str(folder), "--index", str(index_dir), "--allow-removals")
    assert allowed.returncode == 0, allowed.stderr
    assert "15 removed" in allowed.stdout and total(index_dir) == 26


def test_a_few_removals_need_no_permission(indexed_sources):
    first, second, index_dir = indexed_sources
    (first / "0.txt").unlink()
    report = reindex([first, second], index_dir, processes=1)
    assert report.removed == 1 and report.held == [] and total(index_dir) == 9


def test_a_full_rebuild_with_a_missing_source_leaves_the_live_index(indexed_sources):
    first, second, index_dir = indexed_sources
    live = storage.current_generation(index_dir)
    shutil.rmtree(second)
    report = reindex([first, second], index_dir, full=True, processes=1)
    assert report.failed == [(str(second), "no such file or folder")]
    assert report.held[-1][1].startswith("the full rebuild was not made")
    assert storage.current_generation(index_dir) == live and total(index_dir) == 10


# ---------------------------------------------------------------- the index folder itself

def test_abandoned_generations_are_removed_at_the_next_start(indexed_sources):
    _, _, index_dir = indexed_sources
    live = storage.current_generation(index_dir)
    abandoned = index_dir / "gen-999999"
    abandoned.mkdir()
    (abandoned / "_MAIN_1.toc").write_bytes(b"half written")
    assert storage.clean_at_start(index_dir)
    assert not abandoned.exists() and storage.current_generation(index_dir) == live
    holder = subprocess.Popen(          # a reindex running (another process): it cleans up itself
        [sys.executable, "-c", "import sys; from pathlib import Path; from searchapp.index import storage\n"
         f"with storage.reindex_lock(Path({str(index_dir)!r})):\n print('held', flush=True); sys.stdin.read()"],
        env=dict(os.environ, PYTHONPATH=str(REPO)), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        abandoned.mkdir()
        assert not storage.clean_at_start(index_dir)
        assert abandoned.exists()
    finally:
        holder.communicate("", timeout=30)


def test_an_index_folder_writable_by_others_is_warned_about(tmp_path):
    folder = write_release(tmp_path / "src" / "a.txt", "quintabrel").parent
    index_dir = tmp_path / "index"
    index_dir.mkdir(mode=0o700)
    first = run_cli("reindex", str(folder), "--index", str(index_dir))
    assert first.returncode == 0 and "warning" not in first.stderr
    index_dir.chmod(0o777)
    second = run_cli("reindex", str(folder), "--index", str(index_dir))
    assert second.returncode == 0
    assert f"warning: {index_dir} is writable by other users than its owner" in second.stderr
