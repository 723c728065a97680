"""`searchapp serve --workers N`: several real waitress processes on one socket, watched by a parent."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import REPO, accepts, fetch, free_port



def children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(line) for line in out.split()}


def running(pid: int) -> bool:
    """The process exists and has not ended (an ended one may wait for its reaper as a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def two_workers(pid: int) -> set[int]:
    now = children(pid)
    return now if len(now) == 2 else set()


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    return condition()


@pytest.fixture
def served(seed_index_dir):
    """`searchapp serve --workers 2` in its own process: (its process, its port)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp.cli", "serve", "--port", str(port),
                             "--index", str(seed_index_dir), "--workers", "2"],
                            env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: accepts(port) or proc.poll() is not None, 120) and proc.poll() is None
    yield proc, port
    if proc.poll() is None:
        proc.terminate()
        proc.communicate(timeout=30)


def test_two_worker_processes_answer_from_one_port(served):
    proc, port = served
    assert len(wait_for(lambda: two_workers(proc.pid))) == 2
    with ThreadPoolExecutor(8) as pool:
        answers = [(status, body) for status, _, body in
                   pool.map(lambda _: fetch(port, "/api/search?q=partenariat"), range(40))]
    assert {status for status, _ in answers} == {200}
    assert {json.loads(body)["total"] for _, body in answers} == {json.loads(answers[0][1])["total"]} != {0}


def test_workers_end_when_their_parent_is_killed_outright(served):
    proc, port = served
    workers = wait_for(lambda: two_workers(proc.pid))
    assert len(workers) == 2
    proc.kill()
    proc.communicate(timeout=30)        # the workers held its stderr open: they ended too
    assert wait_for(lambda: not any(running(pid) for pid in workers), 10)
    assert not accepts(port)


def test_a_worker_that_dies_is_replaced_and_a_signal_stops_them_all(served):
    proc, port = served
    first = wait_for(lambda: two_workers(proc.pid))
    assert len(first) == 2
    killed = min(first)
    os.kill(killed, signal.SIGKILL)
    def replacement():
        now = children(proc.pid)
        return len(now) == 2 and killed not in now and now

    replaced = wait_for(replacement)
    assert len(replaced) == 2 and killed not in replaced
    assert all(fetch(port, "/search?q=Quebec")[0] == 200 for _ in range(10))
    proc.send_signal(signal.SIGTERM)
    _, log = proc.communicate(timeout=30)
    assert proc.returncode == 0, log
    assert f"worker {killed} ended (signal 9); starting another" in log
    assert wait_for(lambda: not any(running(pid) for pid in replaced), 10)
    assert not accepts(port)


def test_a_port_already_taken_is_named_and_nothing_is_served(seed_index_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "searchapp.cli", "serve", "--port", str(port),
                               "--index", str(seed_index_dir)], env=dict(os.environ, PYTHONPATH=str(REPO)),
                              cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_workers_that_keep_ending_at_start_stop_the_server_with_a_message(served):
    """Five workers in a row that end within five seconds of starting: the parent stops
    replacing them, and says so (here they are killed as soon as they appear)."""
    proc, port = served
    deadline = time.monotonic() + 90
    while proc.poll() is None and time.monotonic() < deadline:
        for pid in children(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass                      # reaped since ps listed it
        time.sleep(0.2)
    _, log = proc.communicate(timeout=30)
    assert proc.returncode == 1, log
    assert "the 5th in a row within 5 s of starting; stopping" in log
    assert "5 workers in a row ended within 5 s of starting" in log and "Traceback" not in log
    assert not accepts(port)
