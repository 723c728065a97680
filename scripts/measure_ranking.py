"""Measure ranking on the development set (run by hand; nothing of it is committed).

Indexes seeds/ and the development set's releases into a temporary folder, then
for every release of the manifest asks two queries a journalist might type:
its short description (`title`, in English) and the names of its organisations,
and reports where the release (or its translation) ranks, in one-language and
both-languages mode: mean reciprocal rank and hits in the top 1 / top 5.

    python scripts/measure_ranking.py [DEVSET_DIR]
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest

STOP = {"and", "the", "of", "a", "to", "for", "in", "with", "version", "french", "english", "sign", "signs"}


def rank_of(index: SearchIndex, query: str, wanted: str, xlang: bool) -> int | None:
    results = index.search(SearchRequest(query=query, per_page=20, xlang=xlang))
    for position, hit in enumerate(results.hits, 1):
        ids = {hit.id} | ({hit.translation.id} if hit.translation else set())
        if wanted in ids:
            return position
    return None


def keywords(title: str) -> str:
    words = [w for w in re.findall(r"[\w'’+-]+", re.sub(r"\(.*?\)", " ", title)) if w.lower() not in STOP]
    return " OR ".join(words[:8])


def main() -> None:
    repo = Path(__file__).resolve().parent.parent
    devset = Path(sys.argv[1]) if len(sys.argv) > 1 else repo.parent / "shared" / "devset"
    manifest = json.loads((devset / "manifest.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        reindex([repo / "seeds", devset / "releases"], Path(tmp))
        index = SearchIndex(tmp)
        for xlang in (False, True):
            for kind in ("title", "orgs"):
                ranks = []
                for entry in manifest:
                    wanted = Path(entry["file"]).stem
                    query = keywords(entry["title"]) if kind == "title" else " ".join(
                        f'"{org}"' for org in entry["orgs"])
                    ranks.append(rank_of(index, query, wanted, xlang))
                mrr = sum(1 / r for r in ranks if r) / len(ranks)
                top1 = sum(1 for r in ranks if r == 1)
                top5 = sum(1 for r in ranks if r and r <= 5)
                mode = "both languages" if xlang else "one language"
                print(f"{mode:15} {kind:6} MRR={mrr:.2f} top1={top1}/{len(ranks)} top5={top5}/{len(ranks)}")


if __name__ == "__main__":
    main()
