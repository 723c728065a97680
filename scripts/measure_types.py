"""Release types over folders of releases: how many of each kind, and the headlines not
read as news releases (run by hand: python scripts/measure_types.py FOLDER...)."""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from searchapp.extract.types import release_type
from searchapp.ingest.documents import InvalidRelease, load_release


def main(folders: list[str]) -> None:
    counts: Counter[str] = Counter()
    spent = 0.0
    for path in sorted(p for folder in folders for p in Path(folder).rglob("*.txt")):
        try:
            release = load_release(path)
        except InvalidRelease:
            continue
        start = time.perf_counter()
        kind = release_type(release.headline, release.body)
        spent += time.perf_counter() - start
        counts[kind] += 1
        if kind != "news-release":
            print(f"{kind:15} {(release.headline or release.body[0])[:90]}")
    total = sum(counts.values())
    print(dict(counts), f"{total} releases, {1000 * spent / max(total, 1):.3f} ms each")


if __name__ == "__main__":
    main(sys.argv[1:])
