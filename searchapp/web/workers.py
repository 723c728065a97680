"""`searchapp serve --workers N`: N processes serving the site from the same listening sockets.

A Python process runs one thread at a time, so one waitress process keeps one core
busy however many requests wait. Here the parent binds the sockets and forks the
workers; each builds its own app (its caches, its warm-up thread) and runs waitress on
the shared sockets, and the kernel hands each new connection to one of them. The parent
only watches: a worker that dies is replaced (after a pause if it died young, and after
five young deaths in a row it gives up: workers that cannot start do not spin), and
SIGINT or SIGTERM stops them all.
Where fork does not exist, one process serves.
"""
from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from typing import Callable

from flask import Flask

YOUNG_SECONDS = 5.0      # a worker that dies younger than this is replaced after a pause
PAUSE_SECONDS = 1.0
YOUNG_IN_A_ROW = 5       # so many young deaths in a row: the workers cannot run, all stop
STOP_SECONDS = 10.0      # then the workers still running are killed
PARENT_CHECK_SECONDS = 1.0
MAX_DEFAULT_WORKERS = 4

# waitress's defaults suit a server on a private network behind a proxy; these are set for a
# site that may face slow and idle clients itself (a public site still puts a proxy in front:
# docs/operations.md). Idle connections take no thread, only a slot and a descriptor each.
WAITRESS_SETTINGS = {
    # Open connections per process (default 100: 300 idle clients stopped the site). Each costs a
    # descriptor and a few KB; past the limit waitress stops accepting until one closes.
    "connection_limit": 1000,
    # poll(), not select(): select() cannot watch descriptors numbered past 1024.
    "asyncore_use_poll": True,
    # An idle keep-alive connection is closed after 30 s (default 120 s): a browser reconnects
    # in one round trip, an idle attacker holds each slot four times less long.
    "channel_timeout": 30,
    "cleanup_interval": 10,          # how often the idle ones are looked for (default 30 s)
    # The site answers GET requests only: a request line and headers over 16 KB, or a body over
    # 64 KB, is refused at once rather than buffered (defaults 256 KB and 1 GB).
    "max_request_header_size": 16 * 1024,
    "max_request_body_size": 64 * 1024,
}


def default_workers() -> int:
    """One worker per core, at most MAX_DEFAULT_WORKERS (each holds its own caches)."""
    if not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def listen(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address host names (as waitress would open them);
    raises OSError (the port taken, the address unknown) before anything is served."""
    listeners: list[socket.socket] = []
    error: OSError | None = None
    addresses = {(family, address) for family, _, _, _, address
                 in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)}
    for family, address in sorted(addresses, key=lambda fa: fa[0] != socket.AF_INET):
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            listener.listen(1024)
            listeners.append(listener)
        except OSError as failed:
            listener.close()
            error = error or failed
    if not listeners:
        raise error or OSError(f"no address for {host}")
    return listeners


def serve_in_workers(make_app: Callable[[], Flask], listeners: list[socket.socket], workers: int,
                     threads: int = 8) -> None:
    """Serve make_app()'s app on the listening sockets from `workers` processes (one: this process)."""
    import waitress

    _allow_descriptors(WAITRESS_SETTINGS["connection_limit"] + 100)
    try:
        if workers <= 1 or not hasattr(os, "fork"):
            waitress.serve(make_app(), sockets=listeners, threads=threads, **WAITRESS_SETTINGS)
        else:
            supervisor = _Supervisor(lambda: waitress.serve(make_app(), sockets=listeners, threads=threads,
                                                            **WAITRESS_SETTINGS))
            supervisor.run(workers)
            if supervisor.failed:
                raise WorkersFailing(f"{YOUNG_IN_A_ROW} workers in a row ended within {YOUNG_SECONDS:.0f} s "
                                     "of starting (their errors are above)")
    finally:
        for listener in listeners:
            listener.close()


def _allow_descriptors(needed: int) -> None:
    """Raise this process's soft limit on open files towards `needed` (the hard limit permitting)."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass


class WorkersFailing(RuntimeError):
    """The workers keep ending as soon as they start: serving stopped."""


class _Supervisor:
    """Forks the workers, replaces those that die, stops them all on a signal."""

    def __init__(self, work: Callable[[], None]):
        self.work = work
        self.started: dict[int, float] = {}    # worker pid -> when it started
        self.stopping = False
        self.young_in_a_row = 0                 # workers that ended soon after starting, in a row
        self.failed = False                     # too many of them: the site is not served

    def run(self, workers: int) -> None:
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for _ in range(workers):
                self._start()
            while self.started:
                try:
                    pid, status = os.wait()
                except ChildProcessError:
                    break
                born = self.started.pop(pid, None)
                if born is None or self.stopping:
                    continue
                young = time.monotonic() - born < YOUNG_SECONDS
                self.young_in_a_row = self.young_in_a_row + 1 if young else 0
                if self.young_in_a_row >= YOUNG_IN_A_ROW:
                    print(f"searchapp: worker {pid} ended ({_how(status)}), the {YOUNG_IN_A_ROW}th in a row "
                          f"within {YOUNG_SECONDS:.0f} s of starting; stopping", file=sys.stderr, flush=True)
                    self.failed = True
                    break
                print(f"searchapp: worker {pid} ended ({_how(status)}); starting another",
                      file=sys.stderr, flush=True)
                if young:
                    time.sleep(PAUSE_SECONDS)
                if not self.stopping:
                    self._start()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._reap()

    def _start(self) -> None:
        # Signals wait until the worker has its own handlers: the parent's would make it
        # stop the other workers and then serve on.
        stopping = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
        pid = os.fork()
        if pid == 0:                      # the worker
            code = 0
            try:
                for sig in stopping:
                    signal.signal(sig, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
                _end_with(os.getppid())
                self.work()
            except KeyboardInterrupt:
                pass
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        self.started[pid] = time.monotonic()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        for pid in self.started:
            _signal(pid, signal.SIGTERM)

    def _reap(self) -> None:
        """Wait for the workers to end, killing those still there after STOP_SECONDS."""
        self.stopping = True
        deadline = time.monotonic() + STOP_SECONDS
        for pid in list(self.started):
            _signal(pid, signal.SIGTERM)
        while self.started and time.monotonic() < deadline:
            for pid in list(self.started):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    self.started.pop(pid)
            time.sleep(0.05)
        for pid in self.started:
            _signal(pid, signal.SIGKILL)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.started.clear()


def _end_with(parent: int) -> None:
    """End this worker when its parent is gone (even killed outright): no orphan keeps serving."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="searchapp-parent-watch", daemon=True).start()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
