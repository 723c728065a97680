"""Measure the both-languages mode on cross-language queries (run by hand; nothing of it is committed).

Indexes seeds/ and both development sets into a temporary folder, then runs the queries judged
in scripts/crosslang_judgments.json and reports nDCG@10 and recall@10 (a translation pair is one
result, found through either of its releases). With --sources, only those expansion sources
(index/expansion.py SOURCES) are used; --ablate runs all sources, then each left out in turn.

    python scripts/measure_crosslang.py [--ablate] [--sources glossary,names] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import math
import tempfile
from pathlib import Path

from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest

REPO = Path(__file__).resolve().parent.parent
SETS = ("devset", "devset2")


def release_groups(shared: Path) -> dict[str, str]:
    """'set/number' and each file stem -> its group (the pair id, else the stem)."""
    groups = {}
    for name in SETS:
        for entry in json.loads((shared / name / "manifest.json").read_text(encoding="utf-8")):
            stem = Path(entry["file"]).stem
            group = entry.get("pair") or stem
            groups[f"{name}/{stem[:3]}"] = groups[stem] = group
    return groups


def evaluate(index: SearchIndex, queries, groups, xlang: bool, verbose: bool) -> tuple[float, float]:
    ndcgs, recalls = [], []
    for item in queries:
        wanted = {groups[r] for r in item["relevant"]}
        results = index.search(SearchRequest(query=item["q"], per_page=10, xlang=xlang))
        gains, found = [], set()
        for hit in results.hits:
            ids = {hit.id} | ({hit.translation.id} if hit.translation else set())
            hit_groups = {groups.get(i) for i in ids} & wanted - found
            gains.append(1 if hit_groups else 0)
            found |= hit_groups
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), 10)))
        ndcgs.append(dcg / ideal)
        recalls.append(len(found) / len(wanted))
        if verbose:
            print(f"  {item['q']:40} nDCG={ndcgs[-1]:.2f} recall={recalls[-1]:.2f} hits={len(results.hits)}")
    return sum(ndcgs) / len(ndcgs), sum(recalls) / len(recalls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=next(
        (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()), Path("shared")))
    parser.add_argument("--sources", help="comma-separated expansion sources (default: all)")
    parser.add_argument("--ablate", action="store_true", help="also each source left out, and each alone")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    judged = json.loads((REPO / "scripts" / "crosslang_judgments.json").read_text(encoding="utf-8"))["queries"]
    groups = release_groups(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        reindex([REPO / "seeds", *(args.shared / name / "releases" for name in SETS)], Path(tmp))
        index = SearchIndex(tmp)
        all_sources = tuple(getattr(index, "expansion_sources", ()))
        print(f"{len(judged)} queries")
        runs = [("one language", None, False)]
        chosen = tuple(args.sources.split(",")) if args.sources else all_sources
        runs.append((f"both: {'+'.join(chosen) or 'as built'}", chosen, True))
        if args.ablate:
            runs += [(f"both without {s}", tuple(x for x in all_sources if x != s), True) for s in all_sources]
            runs += [(f"both, {s} only", (s,), True) for s in all_sources]
        for label, sources, xlang in runs:
            if sources is not None and all_sources:
                index.expansion_sources = sources
            ndcg, recall = evaluate(index, judged, groups, xlang, args.verbose)
            print(f"{label:40} nDCG@10={ndcg:.3f} recall@10={recall:.3f}")


if __name__ == "__main__":
    main()
