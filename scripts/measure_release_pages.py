"""Time the related lists of release pages on an existing index (run by hand).

The lists (translation, same partners, similar releases in both languages) are the
costly part of a release page the first time it is viewed after a reindex. This
times `related_releases` for a fixed random sample of releases, in this fresh
process, after the facet arrays are read (what a warmed web worker has), and can
write the lists so that two versions of the code can be compared.

    python scripts/measure_release_pages.py INDEX_DIR [--releases 60] [--seed 11] [--lists OUT.json]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from searchapp.search.related import related_releases
from searchapp.search.service import SearchIndex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--releases", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--lists", type=Path, help="write each release's lists here (JSON)")
    args = parser.parse_args()

    index = SearchIndex(args.index)
    searcher = index.engine.searcher()
    index.engine.facet_cache(searcher)
    live = list(searcher.reader().all_doc_ids())
    docnums = random.Random(args.seed).sample(live, min(args.releases, len(live)))
    ids = [searcher.stored_fields(docnum)["id"] for docnum in docnums]
    seconds, lists = [], []
    for release_id in ids:
        started = time.perf_counter()
        related = related_releases(index, release_id)
        seconds.append(time.perf_counter() - started)
        lists.append({"id": release_id,
                      "partners": [[p.partner, [hit.id for hit in p.hits], p.total] for p in related.partners],
                      "similar": [hit.id for hit in related.similar]})
    seconds.sort()
    print(f"{len(ids)} releases of {len(live):,}: median {1000 * statistics.median(seconds):.0f} ms, "
          f"p90 {1000 * seconds[int(0.9 * len(seconds))]:.0f} ms, max {1000 * seconds[-1]:.0f} ms")
    if args.lists:
        args.lists.write_text(json.dumps(lists, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
