"""Ranking of judged single-language queries on the two development sets (run by hand).

Indexes each development set alone in a temporary folder and runs the queries of
scripts/ranking_judgments.json in one-language mode: nDCG@10 (graded judgments),
recall@10 of the judged releases, and the share of filter cases that list exactly the
expected entries. A translation pair is one entry (the manifest's `pair`), as in the
results page. Run it on two checkouts to compare (PYTHONPATH picks the code):

    python scripts/measure_ranking_devsets.py [SHARED_DIR] [-v]
"""
from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest

DEPTH = 10


def groups_of(manifest: list[dict]) -> dict[str, str]:
    """File number -> its entry (the smallest number of its translation pair)."""
    by_pair: dict[str, list[str]] = {}
    numbers = {}
    for entry in manifest:
        number = entry["file"][:3]
        numbers[number] = number
        if entry.get("pair"):
            by_pair.setdefault(entry["pair"], []).append(number)
    for members in by_pair.values():
        for number in members:
            numbers[number] = min(members)
    return numbers


def entries(index: SearchIndex, query: str, groups: dict[str, str], depth: int, **filters) -> list[str]:
    results = index.search(SearchRequest(query=query, per_page=depth, **filters))
    found = []
    for hit in results.hits:       # a pair the index did not join still counts once
        entry = groups.get(hit.id[:3], hit.id[:3])
        if entry not in found:
            found.append(entry)
    return found


def ndcg(found: list[str], gains: dict[str, int]) -> float:
    dcg = sum(gains.get(entry, 0) / math.log2(rank + 2) for rank, entry in enumerate(found[:DEPTH]))
    ideal = sorted(gains.values(), reverse=True)[:DEPTH]
    best = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(ideal))
    return dcg / best if best else 1.0


def measure(index: SearchIndex, groups: dict[str, str], judged: dict, verbose: bool) -> tuple[float, float, float]:
    scores, recalls = [], []
    for item in judged["queries"]:
        gains: dict[str, int] = {}
        for number, grade in item["judged"].items():
            entry = groups[number]
            gains[entry] = max(gains.get(entry, 0), grade)
        found = entries(index, item["q"], groups, DEPTH)
        scores.append(ndcg(found, gains))
        recalls.append(len(set(found[:DEPTH]) & set(gains)) / len(gains))
        if verbose and (scores[-1] < 1 or recalls[-1] < 1):
            print(f"   {item['q']!r}: nDCG {scores[-1]:.2f} recall {recalls[-1]:.2f} found {found}")
    passed = 0
    for case in judged["filters"]:
        filters = {name: tuple(values) for name, values in case["filters"].items()}
        found = set(entries(index, case["q"], groups, 100, **filters))
        expected = {groups[number] for number in case["expected"]}
        passed += found == expected
        if verbose and found != expected:
            print(f"   filter {case['q']!r} {case['filters']}: found {sorted(found)} expected {sorted(expected)}")
    count = len(judged["queries"])
    return sum(scores) / count, sum(recalls) / count, passed / len(judged["filters"])


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    repo = Path(__file__).resolve().parent.parent
    shared = Path(args[0]) if args else repo.parent / "shared"
    judgments = json.loads((Path(__file__).resolve().parent / "ranking_judgments.json").read_text(encoding="utf-8"))
    for name in ("devset", "devset2"):
        folder = shared / name
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            reindex([folder / "releases"], Path(tmp))
            index = SearchIndex(tmp)
            print(name)
            value, recall, filters = measure(index, groups_of(manifest), judgments[name], "-v" in sys.argv)
            print(f"{name:8} queries={len(judgments[name]['queries'])} nDCG@10={value:.3f} recall@10={recall:.3f} "
                  f"filter cases={filters:.2f} ({len(judgments[name]['filters'])})")


if __name__ == "__main__":
    main()
