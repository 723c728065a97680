"""Slow and idle clients against a real `searchapp serve` on 127.0.0.1, and the reverse
proxy of docs/operations.md in front of it (a real nginx run on its example configuration).

With waitress's defaults (100 connections per process, idle ones dropped after 120 s),
300 idle connections stopped the site answering anyone.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from conftest import REPO, accepts, fetch, free_port
from searchapp.web.workers import WAITRESS_SETTINGS

IDLE_CONNECTIONS = 300
SLOW_CONNECTIONS = 50          # send half a request, then nothing
ANSWER_SECONDS = 5.0
OPERATIONS = REPO / "docs" / "operations.md"

pytestmark = pytest.mark.slow


def wait_for(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


@pytest.fixture(scope="module")
def server(seed_index_dir):
    """`searchapp serve --workers 1`: one process, the hardest case for idle connections."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp.cli", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--index", str(seed_index_dir), "--workers", "1"],
                            env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: accepts(port) or proc.poll() is not None) and proc.poll() is None
    yield port
    proc.terminate()
    proc.communicate(timeout=30)


def hold_connections(port: int, stack: ExitStack, idle: int, slow: int) -> list[socket.socket]:
    """Open `idle` connections that send nothing and `slow` ones that send half a request."""
    held = []
    for i in range(idle + slow):
        sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10))
        if i >= idle:
            sock.sendall(b"GET /?q=partenariat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        held.append(sock)
    return held


def timed_fetch(port: int, path: str) -> tuple[int, float]:
    start = time.monotonic()
    status, _, _ = fetch(port, path)
    return status, time.monotonic() - start


def test_the_site_answers_while_hundreds_of_clients_sit_idle(server):
    with ExitStack() as stack:
        hold_connections(server, stack, IDLE_CONNECTIONS, SLOW_CONNECTIONS)
        for path in ("/", "/search?q=partenariat", "/api/search?q=partnership"):
            status, seconds = timed_fetch(server, path)
            assert status == 200 and seconds < ANSWER_SECONDS, (path, status, seconds)


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send request bytes and read the answer until the server closes (the request is left
    unfinished: the server has read all of it when it answers, and closes without a reset)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_oversized_headers_and_bodies_are_refused_at_once(server):
    start = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
    headers = start + b"a" * (WAITRESS_SETTINGS["max_request_header_size"] - len(start))   # at the limit
    assert status_of(raw_exchange(server, headers)) == 431
    body = b"POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
    assert status_of(raw_exchange(server, body)) == 413


# ---------------------------------------------------------------- the reverse proxy of the operations notes

def documented_nginx_site() -> str:
    """The nginx example of docs/operations.md (the one ```nginx block)."""
    blocks = re.findall(r"```nginx\n(.*?)```", OPERATIONS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return blocks[0]


def nginx_config(folder: Path, listen: int, upstream: int) -> Path:
    """A whole nginx.conf around the documented site, its ports and files moved into `folder`."""
    site = documented_nginx_site()
    assert "server 127.0.0.1:5000;" in site and re.search(r"listen 80;", site)
    site = site.replace("server 127.0.0.1:5000;", f"server 127.0.0.1:{upstream};")
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
                    "events { worker_connections 1024; }\n"
                    f"http {{\n access_log {folder}/access.log;\n client_body_temp_path {folder}/body;\n"
                    f" proxy_temp_path {folder}/proxy;\n{site}\n}}\n", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def nginx() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(path), "nginx is needed (Debian: apt-get install nginx)"
    return path


def test_the_documented_nginx_configuration_is_valid(nginx, tmp_path):
    conf = nginx_config(tmp_path, free_port(), 5000)
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_site_behind_the_documented_nginx_answers_despite_idle_clients(nginx, server, tmp_path):
    port = free_port()
    conf = nginx_config(tmp_path, port, server)
    proxy = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: accepts(port) or proxy.poll() is not None, 30) and proxy.poll() is None
        status, headers, body = fetch(port, "/search?q=partenariat")
        assert status == 200 and "partenariat" in body.lower()
        assert "content-security-policy" in headers
        with ExitStack() as stack:
            hold_connections(port, stack, IDLE_CONNECTIONS, SLOW_CONNECTIONS)
            status, seconds = timed_fetch(port, "/search?q=partnership")
            assert status == 200 and seconds < ANSWER_SECONDS, seconds
        big = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 9_000 + b"\r\n\r\n"
        assert status_of(raw_exchange(port, big)) == 400     # past large_client_header_buffers
    finally:
        proxy.terminate()
        proxy.communicate(timeout=30)
