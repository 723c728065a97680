"""The memory of a process streaming an export of a whole archive (run by hand).

python scripts/measure_export.py WORKDIR [COUNT]
Writes COUNT bench releases under WORKDIR (once), indexes them, then streams /search.csv and
/search.jsonl of every release through the app, sampling the process's resident memory every
500 rows; prints rows, seconds and the resident memory before, at its peak and after, beside
what one results page costs, and what holding every record at once would add.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from searchapp import create_app
from searchapp.bench.corpus import write_corpus
from searchapp.bench.sources import load_material
from searchapp.index.reindex import reindex


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(workdir: str, count: int = 10_000) -> None:
    root = Path(workdir)
    source, index_dir = root / "releases", root / "index"
    if not source.exists():
        write_corpus(source, count, 5, load_material(()))
    start = time.perf_counter()
    report = reindex([source], index_dir)
    print(f"reindex: {report.summary()} in {time.perf_counter() - start:.1f} s")
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    client.get("/search")                       # open the index, read the facet arrays
    print(f"after one results page: {rss_mb():.0f} MB")
    for url in ("/search.csv", "/search.jsonl", "/search.csv?q=partenariat"):
        before, peak, rows, size = rss_mb(), 0.0, 0, 0
        start = time.perf_counter()
        response = client.get(url, buffered=False)
        for chunk in response.response:
            rows += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
            size += len(chunk)
            if rows % 500 == 0:
                peak = max(peak, rss_mb())
        response.close()
        peak = max(peak, rss_mb())
        print(f"{url}: {rows} lines, {size / 1e6:.1f} MB sent, {time.perf_counter() - start:.1f} s; "
              f"resident {before:.0f} MB before, {peak:.0f} MB at most, {rss_mb():.0f} MB after")
    total = client.get("/api/search").get_json()["total"]
    records = [r for r in _all_records(index_dir)]
    print(f"for scale: the {len(records)} stored records held at once: +{rss_mb() - before:.0f} MB "
          f"(entries listed: {total})")


def _all_records(index_dir: Path):
    from searchapp.search.service import SearchIndex

    searcher = SearchIndex(index_dir).engine.snapshot().searcher
    return [fields["record"] for fields in searcher.all_stored_fields()]


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
