"""Load test: `searchapp serve` (waitress) under concurrent clients while a reindex runs beside it.

    python scripts/loadtest.py                      # 10,000 releases, 500 added, 16 clients, 5,000 requests
    python scripts/loadtest.py --releases 2000 --reindex 200 --requests 2000 --json figures.json
    python scripts/loadtest.py --workdir load-work  # keep the corpus and index; a second run reuses them
    python scripts/loadtest.py --workers 1          # one server process (default: one per core)

What it does, all on 127.0.0.1 and bounded in requests and in time:
1. writes the bench's generated corpus (searchapp.bench.corpus): N releases, plus M more
   for the reindex, and builds the index of the N (`searchapp reindex --full`);
2. starts `searchapp serve` (waitress, the production WSGI server) on a free port;
3. runs C client threads (standard library http.client, one keep-alive connection each)
   over the bench's query mix as /search pages, /api/search, /feed.atom and /release/<id>;
4. once the clients are going, runs `searchapp reindex` over the N + M releases beside them,
   and keeps the load on until the requests are done and the reindex has ended (never
   past 20 times the request budget, nor past --max-seconds);
5. reports requests per second, p50/p95/p99 latency, errors (any non-2xx answer or
   failed connection), the totals the empty query answered (each must be the old or
   the new count), and checks that the index then holds exactly the N + M releases.
Exit status 0 when there were no errors and no lost or unexpected releases, else 1.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: this script loads only the local machine
MAX_SECONDS = 3600.0
REQUEST_CAP = 20          # the load never sends more than this many times its budget


@dataclass(frozen=True)
class LoadConfig:
    releases: int = 10_000
    reindex: int = 500
    clients: int = 16
    requests: int = 5_000
    seed: int = 1
    max_seconds: float = 1800.0       # the load stops here whatever happens
    workdir: str | None = None        # default: a temporary folder, removed afterwards
    extra_sources: tuple[str, ...] = ()   # folders indexed with the corpus (e.g. seeds/)
    workers: int | None = None        # `searchapp serve --workers` (None: its default, one per core)


@dataclass
class LoadFigures:
    releases: int
    reindexed: int
    clients: int
    workers: int = 1
    requests: int = 0
    seconds: float = 0.0
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    during_reindex: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    empty_query_totals: list[int] = field(default_factory=list)
    totals_before_after: tuple[int, int] = (0, 0)
    build_seconds: float = 0.0
    reindex_seconds: float = 0.0
    reindex_exit: int | None = None
    reindex_summary: str = ""
    expected_releases: int = 0
    indexed_releases: int = 0
    lost: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    server_log_tail: str = ""

    @property
    def ok(self) -> bool:
        old, new = self.totals_before_after
        return (self.errors == 0 and not self.lost and not self.unexpected and self.reindex_exit == 0
                and set(self.empty_query_totals) <= {old, new})


# ---------------------------------------------------------------- processes

def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "searchapp.cli", *args]


def child_env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{path}" if path else str(REPO))
    env.pop("SEARCHAPP_INDEX", None)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(index_dir: Path, port: int, workers: int = 1, timeout: float = 300) -> subprocess.Popen:
    """`searchapp serve` on HOST:port, returned once it accepts connections."""
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cli("serve", "--host", HOST, "--port", str(port), "--index", str(index_dir),
                                "--workers", str(workers)),
                            env=child_env(), cwd=REPO, stdout=log, stderr=log)
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"searchapp serve exited: {log.read()[-2000:]}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("searchapp serve did not start")


def stop_server(proc: subprocess.Popen) -> str:
    """Stop the server; returns what it wrote (its log)."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.seek(0)  # type: ignore[attr-defined]
    text = proc.log.read()  # type: ignore[attr-defined]
    proc.log.close()  # type: ignore[attr-defined]
    return text


# ---------------------------------------------------------------- corpus and index

def prepare(config: LoadConfig, work: Path) -> tuple[list[Path], Path, float]:
    """Write the corpus (base and reindex batch) and build the base index; reuses what exists."""
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material

    base, batch, index_dir = work / "base", work / "batch", work / "index"
    material = load_material()
    stamp = work / "corpus.json"
    wanted = {"releases": config.releases, "reindex": config.reindex, "seed": config.seed,
              "extra": list(config.extra_sources)}
    fresh = not stamp.exists() or json.loads(stamp.read_text()) != wanted
    if fresh:
        for folder in (base, batch, index_dir):
            shutil.rmtree(folder, ignore_errors=True)
        write_corpus(base, config.releases, config.seed, material)
    shutil.rmtree(batch, ignore_errors=True)   # the batch is always new to the index
    write_corpus(batch, config.reindex, config.seed, material, start=config.releases)
    sources = [*map(Path, config.extra_sources), base]
    started = time.perf_counter()
    # A kept index is brought back to the base set (the last run's batch removed), else built.
    full = ["--full"] if fresh or not (index_dir / "CURRENT").exists() else []
    build = subprocess.run(cli("reindex", *full, "--index", str(index_dir), *map(str, sources)),
                           env=child_env(), cwd=REPO, capture_output=True, text=True)
    if build.returncode not in (0, 1):
        raise RuntimeError(f"building the index failed: {build.stderr[-2000:]}")
    stamp.write_text(json.dumps(wanted))
    return sources + [batch], index_dir, time.perf_counter() - started


def indexed_sources(index_dir: Path) -> set[str]:
    """The source path of every live release of the live generation."""
    from searchapp.index.opening import open_live

    with open_live(index_dir).searcher() as searcher:
        return {fields["record"]["source"] for fields in searcher.all_stored_fields()}


def expected_sources(sources: list[Path]) -> set[str]:
    return {os.path.abspath(p) for folder in sources for p in folder.rglob("*.txt")}


# ---------------------------------------------------------------- the request mix

def request_mix(seed: int, release_ids: list[str]) -> list[tuple[str, str]]:
    """(kind, path) pairs: the bench's queries as pages, API calls, feeds, plus release pages."""
    from searchapp.bench.queries import query_mix
    from searchapp.bench.sources import load_material
    from searchapp.web.params import to_args

    mix: list[tuple[str, str]] = []
    for request in query_mix(load_material()):
        query = urlencode(to_args(request))
        mix.append(("page", f"/search?{query}"))
        mix.append(("api", f"/api/search?{query}"))
        if request.page == 1:
            mix.append(("page", f"/search?{query}&ui=fr"))
    mix += [("feed", "/feed.atom?" + urlencode(to_args(r))) for r in query_mix(load_material())[:8]]
    rng = random.Random(seed)
    mix += [("release", f"/release/{rid}") for rid in rng.sample(release_ids, min(20, len(release_ids)))]
    mix.append(("empty", "/api/search?q="))
    rng.shuffle(mix)
    return mix


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept-Language": "fr,en;q=0.5"})
    response = conn.getresponse()
    return response.status, response.read()


def some_release_ids(port: int) -> list[str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        status, body = fetch(conn, "/api/search?q=&sort=date")
        ids = [hit["id"] for hit in json.loads(body)["hits"]]
        status, body = fetch(conn, "/api/search?q=partenariat")
        ids += [hit["id"] for hit in json.loads(body)["hits"]]
    finally:
        conn.close()
    return sorted(set(ids))


# ---------------------------------------------------------------- the load

class Load:
    """Client threads sharing one request budget; every answer timed and checked."""

    def __init__(self, port: int, mix: list[tuple[str, str]], budget: int, deadline: float):
        self.port, self.mix, self.budget, self.deadline = port, mix, budget, deadline
        self.lock = threading.Lock()
        self.issued = 0
        self.keep_going = threading.Event()   # set: go on after the budget (the reindex still runs)
        self.reindexing = threading.Event()
        self.samples: list[tuple[str, float, bool]] = []   # (kind, seconds, during reindex)
        self.errors: list[str] = []
        self.empty_totals: list[int] = []

    def _next(self) -> tuple[str, str] | None:
        with self.lock:
            if time.monotonic() >= self.deadline:
                return None
            if self.issued >= self.budget and not self.keep_going.is_set():
                return None
            if self.issued >= REQUEST_CAP * self.budget:
                return None
            self.issued += 1
            return self.mix[self.issued % len(self.mix)]

    def client(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            while (item := self._next()) is not None:
                kind, path = item
                during = self.reindexing.is_set()
                started = time.perf_counter()
                try:
                    status, body = fetch(conn, path)
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
                    self._record_error(f"{path}: {error!r}")
                    continue
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.samples.append((kind, elapsed, during))
                if status != 200:
                    self._record_error(f"{path}: HTTP {status}: {body[:200]!r}")
                elif kind == "empty":
                    with self.lock:
                        self.empty_totals.append(json.loads(body)["total"])
        finally:
            conn.close()

    def _record_error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"count": 0}
    if len(seconds) == 1:
        return {"count": 1, "p50_ms": seconds[0] * 1000, "p95_ms": seconds[0] * 1000, "p99_ms": seconds[0] * 1000}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {"count": len(seconds), "p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000,
            "p99_ms": cuts[98] * 1000}


def empty_total(port: int) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        return json.loads(fetch(conn, "/api/search?q=")[1])["total"]
    finally:
        conn.close()


def run_load(config: LoadConfig, echo=print) -> LoadFigures:
    """The whole load test; see the module docstring."""
    if config.workdir:
        work = Path(config.workdir)
        work.mkdir(parents=True, exist_ok=True)
        return _run(config, work, echo)
    with tempfile.TemporaryDirectory(prefix="searchapp-load-") as tmp:
        return _run(config, Path(tmp), echo)


def _run(config: LoadConfig, work: Path, echo) -> LoadFigures:
    from searchapp.web.workers import default_workers

    workers = config.workers or default_workers()
    figures = LoadFigures(config.releases, config.reindex, config.clients, workers)
    echo(f"corpus of {config.releases} releases (+{config.reindex} to add) and its index in {work} ...")
    sources, index_dir, figures.build_seconds = prepare(config, work)
    port = free_port()
    echo(f"searchapp serve --workers {workers} on {HOST}:{port} ...")
    server = start_server(index_dir, port, workers)
    try:
        old_total = empty_total(port)
        mix = request_mix(config.seed, some_release_ids(port))
        load = Load(port, mix, config.requests, time.monotonic() + min(config.max_seconds, MAX_SECONDS))
        load.keep_going.set()  # until the reindex has ended
        threads = [threading.Thread(target=load.client, daemon=True) for _ in range(config.clients)]
        echo(f"{config.clients} clients, {config.requests} requests; reindex of {config.reindex} beside them ...")
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        load.reindexing.set()
        reindex_started = time.perf_counter()
        reindex = subprocess.run(cli("reindex", "--index", str(index_dir), *map(str, sources)),
                                 env=child_env(), cwd=REPO, capture_output=True, text=True)
        figures.reindex_seconds = time.perf_counter() - reindex_started
        load.reindexing.clear()
        load.keep_going.clear()
        for thread in threads:
            thread.join()
        figures.seconds = time.perf_counter() - started
        figures.reindex_exit = reindex.returncode
        figures.reindex_summary = (reindex.stdout.strip().splitlines() or [reindex.stderr.strip()[-500:]])[-1]
        new_total = empty_total(port)
    finally:
        server_log = stop_server(server)
    _summarise(figures, load, (old_total, new_total))
    if figures.errors:
        figures.server_log_tail = server_log[-4000:]
    expected, indexed = expected_sources(sources), indexed_sources(index_dir)
    figures.expected_releases, figures.indexed_releases = len(expected), len(indexed)
    figures.lost = sorted(expected - indexed)[:20]
    figures.unexpected = sorted(indexed - expected)[:20]
    return figures


def _summarise(figures: LoadFigures, load: Load, totals: tuple[int, int]) -> None:
    seconds = [s for _, s, _ in load.samples]
    figures.requests = len(load.samples) + len(load.errors)
    figures.requests_per_second = figures.requests / figures.seconds if figures.seconds else 0.0
    overall = percentiles(seconds)
    figures.p50_ms, figures.p95_ms, figures.p99_ms = (overall.get(k, 0.0) for k in ("p50_ms", "p95_ms", "p99_ms"))
    figures.max_ms = max(seconds, default=0.0) * 1000
    figures.errors = len(load.errors)
    figures.error_samples = load.errors[:10]
    figures.during_reindex = percentiles([s for _, s, during in load.samples if during])
    kinds = sorted({kind for kind, _, _ in load.samples})
    figures.by_kind = {kind: percentiles([s for k, s, _ in load.samples if k == kind]) for kind in kinds}
    figures.empty_query_totals = sorted(set(load.empty_totals))
    figures.totals_before_after = totals


def report(figures: LoadFigures) -> str:
    """The figures as a short table."""
    during = figures.during_reindex
    lines = [
        f"index: {figures.releases} releases (built in {figures.build_seconds:.1f} s); "
        f"reindex beside the load: +{figures.reindexed} in {figures.reindex_seconds:.1f} s, "
        f"exit {figures.reindex_exit}: {figures.reindex_summary}",
        f"requests: {figures.requests} from {figures.clients} clients to {figures.workers} server "
        f"process{'es' if figures.workers > 1 else ''} in {figures.seconds:.1f} s "
        f"= {figures.requests_per_second:.1f} req/s",
        f"latency: p50 {figures.p50_ms:.0f} ms, p95 {figures.p95_ms:.0f} ms, p99 {figures.p99_ms:.0f} ms, "
        f"max {figures.max_ms:.0f} ms",
        f"during the reindex: {during.get('count', 0)} requests, p50 {during.get('p50_ms', 0):.0f} ms, "
        f"p95 {during.get('p95_ms', 0):.0f} ms, p99 {during.get('p99_ms', 0):.0f} ms",
    ]
    for kind, stats in figures.by_kind.items():
        lines.append(f"  {kind:8} {stats['count']:6d} requests, p50 {stats.get('p50_ms', 0):.0f} ms, "
                     f"p95 {stats.get('p95_ms', 0):.0f} ms")
    old, new = figures.totals_before_after
    lines += [
        f"errors: {figures.errors}" + "".join(f"\n  {e}" for e in figures.error_samples),
        f"empty-query totals seen: {figures.empty_query_totals} (old {old}, new {new})",
        f"releases: expected {figures.expected_releases}, indexed {figures.indexed_releases}, "
        f"lost {len(figures.lost)}, unexpected {len(figures.unexpected)}",
        "OK" if figures.ok else "FAILED",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=10_000, help="releases in the index (default 10000)")
    parser.add_argument("--reindex", type=int, default=500, help="releases the reindex adds (default 500)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--requests", type=int, default=5_000, help="request budget (default 5000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="hard stop of the load")
    parser.add_argument("--workdir", help="keep the corpus and index here (reused by a later run)")
    parser.add_argument("--workers", type=int, help="server processes (default: serve's, one per core)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    config = LoadConfig(args.releases, args.reindex, max(1, args.clients), max(1, args.requests), args.seed,
                        args.max_seconds, args.workdir, workers=args.workers and max(1, args.workers))
    figures = run_load(config, echo=lambda text: print(text, file=sys.stderr))
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(asdict(figures), indent=2), encoding="utf-8")
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
