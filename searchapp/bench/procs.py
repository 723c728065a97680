"""Running `searchapp` commands as child processes and measuring their time and memory.

The memory of a process tree is sampled from /proc (Linux); elsewhere only
the largest process's peak, from the child's resource usage, is known.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)


@dataclass(frozen=True)
class Run:
    """What one child process did."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_tree_mb: float      # peak of the summed RSS of the process and its descendants (sampled)
    peak_process_mb: float   # peak RSS of the largest single process (kernel's figure)


def searchapp_command() -> list[str]:
    """The `searchapp` console script if installed, else the same entry point through python."""
    script = shutil.which("searchapp")
    if script:
        return [script]
    return [sys.executable, "-c", "from searchapp.cli.commands import main; main()"]


def compile_package() -> None:
    """Compile searchapp's bytecode, as installing a package does: timed start-ups are then
    not spent compiling every module (which they would be each time with
    PYTHONDONTWRITEBYTECODE set, or from a read-only source tree). Best effort."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent), quiet=2)


def child_env() -> dict[str, str]:
    """The environment for children: this package importable, no bytecode writing surprises."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    return env


def run(args: list[str], sample_seconds: float = 0.25) -> Run:
    """Run a command to its end, timing it and sampling its memory."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(),
                               text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            stop.wait(sample_seconds)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((process.stdout, out_chunks), (process.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, process.returncode, "".join(out_chunks), "".join(err_chunks),
               peak[0] / 1024, usage.ru_maxrss / 1024)


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of a process and its descendants, in KB (0 if unknown)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss_kb(pid)
        todo += _children(pid)
    return total


def _children(pid: int) -> list[int]:
    """Child processes, from /proc/PID/task/*/children (Linux)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def rss_kb(pid: int | str = "self") -> int:
    """Current resident memory of one process in KB (0 if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
