"""Query times of the bench's query mix on an existing index (run by hand, once per code version):

PYTHONPATH=<checkout> python scripts/measure_query_times.py INDEX_DIR [ROUNDS]
prints the median and 95th percentile of SearchIndex.search over the mix, after one warm-up round.
"""
from __future__ import annotations

import statistics
import sys
import time

from searchapp.bench.queries import query_mix
from searchapp.bench.sources import load_material
from searchapp.search.service import SearchIndex


def main(index_dir: str, rounds: int = 5) -> None:
    index = SearchIndex(index_dir)
    requests = query_mix(load_material(()))
    for request in requests:
        index.search(request)
    times = []
    for _ in range(rounds):
        for request in requests:
            start = time.perf_counter()
            index.search(request)
            times.append(1000 * (time.perf_counter() - start))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{len(requests)} queries x {rounds}: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
