"""`searchapp bench`: build, update and query a generated archive beside the FTS5 peer.

Every figure comes from one run: the full build and the 10-release update are
`searchapp reindex` child processes (start-up included); query latency is
measured in this process, each of our queries followed by the peer's same
query so that a busy machine slows both alike; the cold search and the web
worker's memory are child processes too. The package's bytecode is compiled
first, as an install does, so that start-up times are the installed program's.
"""
from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from searchapp.bench import procs

INCREMENT = 10
ROUNDS = 3
COLD_RUNS = 3
PEER_BATCH = 1000


@dataclass(frozen=True)
class BenchConfig:
    releases: int = 10_000
    seed: int = 1
    paragraphs: tuple[str, ...] = ()
    workdir: str | None = None       # default: a temporary folder, removed afterwards
    rounds: int = ROUNDS
    reuse: bool = False              # keep the corpus and index found in workdir: no full build


@dataclass
class Figures:
    releases: int
    seed: int
    machine: dict = field(default_factory=dict)
    corpus: dict = field(default_factory=dict)
    build: dict = field(default_factory=dict)
    incremental: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    peer: dict = field(default_factory=dict)
    ratios: dict = field(default_factory=dict)
    cold_search_seconds: float = 0.0
    worker: dict = field(default_factory=dict)
    answered: dict = field(default_factory=dict)


def run_bench(config: BenchConfig, echo: Callable[[str], None] = print) -> Figures:
    """Run every measurement; returns the figures (see Figures)."""
    if config.workdir:
        Path(config.workdir).mkdir(parents=True, exist_ok=True)
        return _run(config, Path(config.workdir), echo)
    with tempfile.TemporaryDirectory(prefix="searchapp-bench-") as tmp:
        return _run(config, Path(tmp), echo)


def _run(config: BenchConfig, work: Path, echo) -> Figures:
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.queries import query_mix
    from searchapp.bench.sources import load_material

    figures = Figures(config.releases, config.seed, machine=_machine())
    procs.compile_package()
    corpus, index = work / "corpus", work / "index"
    material = load_material(config.paragraphs)
    if config.reuse and index.is_dir() and corpus.is_dir():
        count = sum(1 for _ in corpus.rglob("*.txt"))
        echo(f"reusing the {count} releases and the index in {work} (no full build) ...")
        figures.corpus = {"reused": True, "releases": count}
    else:
        count = _build(config, corpus, index, material, figures, echo)

    echo(f"incremental reindex of {INCREMENT} new releases ...")
    write_corpus(corpus, INCREMENT, config.seed, material, start=count)
    update = procs.run(procs.searchapp_command() + ["reindex", "--index", str(index), str(corpus)])
    _check(update, "reindex")
    figures.incremental = {"seconds": update.seconds, "summary": update.stdout.strip().splitlines()[-1:]}

    mix = query_mix(material)
    echo("FTS5 peer build ...")
    peer, figures.peer["build_seconds"] = _build_peer(index, work / "peer.sqlite")
    figures.peer["releases_per_second"] = (count + INCREMENT) / figures.peer["build_seconds"]
    echo(f"{len(mix)} queries x {config.rounds} rounds, ours then the peer's ...")
    ours, theirs, answered = _latencies(index, peer, mix, config.rounds)
    figures.query = _summary(ours)
    figures.peer.update(_summary(theirs))
    figures.answered = answered
    peer.close()

    echo("cold `searchapp search` ...")
    cold = [procs.run(procs.searchapp_command() + ["search", "partenariat", "--index", str(index)])
            for _ in range(COLD_RUNS)]
    for one in cold:
        _check(one, "search")
    figures.cold_search_seconds = statistics.median(r.seconds for r in cold)

    echo("web worker memory after the query mix ...")
    figures.worker = _worker_memory(index, mix, work / "mix.json")
    figures.ratios = {
        "build": (figures.peer["releases_per_second"] / figures.build["releases_per_second"]
                  if figures.build else None),
        "query_p50": figures.query["p50_ms"] / figures.peer["p50_ms"],
        "query_p95": figures.query["p95_ms"] / figures.peer["p95_ms"],
    }
    return figures


def _build(config: BenchConfig, corpus: Path, index: Path, material, figures: Figures, echo) -> int:
    """Write the corpus and time the full build; returns the number of releases."""
    from searchapp.bench.corpus import write_corpus

    echo(f"writing {config.releases} releases to {corpus} ...")
    started = time.perf_counter()
    paths = write_corpus(corpus, config.releases, config.seed, material)
    size = sum(p.stat().st_size for p in paths)
    figures.corpus = {"seconds": time.perf_counter() - started, "bytes": size,
                      "templates": len(material.templates)}
    echo("full build (searchapp reindex --full) ...")
    build = procs.run(procs.searchapp_command() + ["reindex", "--full", "--index", str(index), str(corpus)])
    _check(build, "reindex --full")
    figures.build = {"seconds": build.seconds, "releases_per_second": config.releases / build.seconds,
                     "peak_tree_mb": build.peak_tree_mb, "peak_process_mb": build.peak_process_mb,
                     "summary": build.stdout.strip().splitlines()[-1:]}
    return config.releases


def _check(result: procs.Run, what: str) -> None:
    if result.returncode not in (0, 1):
        raise RuntimeError(f"`searchapp {what}` failed ({result.returncode}): {result.stderr[-2000:]}")


def _machine() -> dict:
    import os
    import platform

    return {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


def _build_peer(index: Path, path: Path):
    """The FTS5 peer over our stored records, read in batches; the time counts the peer's work only."""
    from searchapp.index.opening import open_live
    from searchapp.bench.peer import Fts5Peer

    ix = open_live(index)
    path.unlink(missing_ok=True)
    peer = Fts5Peer(path)
    started = time.perf_counter()
    peer.create()
    spent = time.perf_counter() - started
    batch: list[dict] = []
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            batch.append(stored["record"])
            if len(batch) == PEER_BATCH:
                started = time.perf_counter()
                peer.insert(batch)
                spent += time.perf_counter() - started
                batch = []
    started = time.perf_counter()
    peer.insert(batch)
    peer.finish()
    return peer, spent + time.perf_counter() - started


def _latencies(index: Path, peer, mix, rounds: int):
    from searchapp.search.service import SearchIndex
    from searchapp.bench.queries import describe

    engine = SearchIndex(index)
    answered = {"queries": len(mix), "ours": 0, "peer": 0, "both": 0, "per_query": []}
    first, first_peer = [], []
    for request in mix:  # the first pass fills the caches, as a long-running worker's are
        started = time.perf_counter()
        total = engine.search(request).total
        first.append(time.perf_counter() - started)
        started = time.perf_counter()
        peer_total = peer.search(request).total
        first_peer.append(time.perf_counter() - started)
        answered["ours"] += total > 0
        answered["peer"] += peer_total > 0
        answered["both"] += total > 0 and peer_total > 0
        answered["per_query"].append({"request": describe(request), "ours": total, "peer": peer_total,
                                      "first_ms": round(1000 * first[-1], 1)})
    answered["first_pass"] = {"ours": _summary(first), "peer": _summary(first_peer)}
    ours, theirs = [], []
    for _ in range(rounds):
        for request in mix:
            started = time.perf_counter()
            engine.search(request)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            peer.search(request)
            theirs.append(time.perf_counter() - started)
    return ours, theirs, answered


def _summary(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {"p50_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
            "max_ms": 1000 * ordered[-1], "samples": len(ordered)}


def _worker_memory(index: Path, mix, mix_file: Path) -> dict:
    import sys

    mix_file.write_text(json.dumps([asdict(r) for r in mix]), encoding="utf-8")
    code = ("from searchapp.bench.runner import worker_probe; "
            f"worker_probe({str(index)!r}, {str(mix_file)!r})")
    result = procs.run([sys.executable, "-c", code])
    if result.returncode != 0:
        raise RuntimeError(f"worker probe failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def worker_probe(index: str, mix_file: str) -> None:
    """In a fresh process: a web app over the index, one page rendered, the mix run; prints RSS."""
    from searchapp import create_app
    from searchapp.search.service import SearchRequest

    app = create_app({"INDEX_DIR": index, "TESTING": True})
    engine = app.extensions["searchapp.index"]
    with app.test_client() as client:
        status = client.get("/search?q=partenariat").status_code
    for item in json.loads(Path(mix_file).read_text(encoding="utf-8")):
        item = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}
        engine.search(SearchRequest(**item))
    peak = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
    print(json.dumps({"rss_mb": procs.rss_kb() / 1024, "peak_mb": peak / 1024, "page_status": status}))


# ---------------------------------------------------------------- report

def format_table(f: Figures) -> str:
    """The figures as a plain-text table."""
    if f.build:
        build_rows = [
            ("releases", f"{f.releases:,}", f"corpus {f.corpus.get('bytes', 0) / 1e6:.0f} MB, seed {f.seed}"),
            ("full build", f"{f.build['releases_per_second']:.0f} rel/s",
             f"{f.build['seconds']:.1f} s; peak memory {f.build['peak_tree_mb']:.0f} MB all processes, "
             f"{f.build['peak_process_mb']:.0f} MB largest"),
        ]
    else:
        build_rows = [("releases", f"{f.corpus.get('releases', 0):,}", "corpus and index reused: no full build")]
    rows = build_rows + [
        ("incremental +10", f"{f.incremental['seconds']:.2f} s", "`searchapp reindex`, start-up included"),
        ("query p50 / p95", f"{f.query['p50_ms']:.1f} / {f.query['p95_ms']:.1f} ms",
         f"{f.answered['queries']} queries x {f.query['samples'] // max(1, f.answered['queries'])} rounds"),
        ("first pass p50 / p95", f"{f.answered['first_pass']['ours']['p50_ms']:.1f} / "
                                 f"{f.answered['first_pass']['ours']['p95_ms']:.1f} ms",
         f"each query's first run (FTS5: {f.answered['first_pass']['peer']['p50_ms']:.1f} / "
         f"{f.answered['first_pass']['peer']['p95_ms']:.1f} ms)"),
        ("cold search", f"{f.cold_search_seconds:.2f} s", "`searchapp search`, process start to answer"),
        ("web worker RSS", f"{f.worker['rss_mb']:.0f} MB", f"peak {f.worker['peak_mb']:.0f} MB"),
        ("FTS5 build", f"{f.peer['releases_per_second']:.0f} rel/s", "insert + optimize (metadata given)"),
        ("FTS5 query p50 / p95", f"{f.peer['p50_ms']:.1f} / {f.peer['p95_ms']:.1f} ms", ""),
        ("ratio build", f"{f.ratios['build']:.2f}x" if f.ratios["build"] else "-", "our time / FTS5 time"),
        ("ratio query p50", f"{f.ratios['query_p50']:.2f}x", "our time / FTS5 time"),
        ("ratio query p95", f"{f.ratios['query_p95']:.2f}x", "our time / FTS5 time"),
        ("queries with hits", f"{f.answered['ours']} / {f.answered['peer']}",
         f"ours / FTS5, of {f.answered['queries']} ({f.answered['both']} both)"),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:>{value_width}}  {note}" for name, value, note in rows)


def write_json(f: Figures, path: str | Path) -> None:
    """The figures as JSON."""
    Path(path).write_text(json.dumps(asdict(f), indent=2, ensure_ascii=False), encoding="utf-8")
