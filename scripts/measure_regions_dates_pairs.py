#!/usr/bin/env python3
"""Measure regions, dates, translation pairs and a pair's facet agreement on the development sets.

Run by hand:
    python scripts/measure_regions_dates_pairs.py [--devset DIR]... [--seeds DIR]
        [--seed-pair DEVSET_PREFIX=SEED_PREFIX]... [--misses]

Each DIR holds manifest.json and releases/ (default: ../shared/devset and ../shared/devset2
from the repo root). The texts stay where they are: nothing is copied into the repository.

- regions: precision and recall of the extracted region keys, and of the stored ones once the
  index is built (pairing may reconcile a pair's regions);
- dates: exact matches with the manifest's `date` (at its precision), and with the header line
  hidden (what the body, dateline and timestamps give alone);
- pairs: every release (and the seeds, when given) indexed in a temporary folder with
  searchapp.index.reindex.reindex; the translation links found are compared with the manifest's
  `pair` ids (plus any --seed-pair: a development release that is the translation of a seed);
- agreement: of the true pairs found, those whose two stored records carry the same partners and
  the same regions.

Figures are given for everything together and by issuer (the manifest's `issuer`; releases
without one are grouped by their set): each group is judged on rules not written for it.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchapp.extract.dates import release_date  # noqa: E402
from searchapp.extract.gazetteer import canonical_region  # noqa: E402
from searchapp.ingest.documents import load_release  # noqa: E402


class Score:
    """Micro-averaged precision / recall over sets."""

    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: set, expected: set) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    def __str__(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return f"P={p:.2f} R={r:.2f} (tp={self.tp} fp={self.fp} fn={self.fn})"


@dataclasses.dataclass
class Entry:
    path: Path
    group: str
    manifest: dict


def region_set(names) -> set[str]:
    return {canonical_region(n) or n for n in names}


def load_entries(devsets: list[Path]) -> list[Entry]:
    entries = []
    for devset in devsets:
        for item in json.loads((devset / "manifest.json").read_text(encoding="utf-8")):
            group = item.get("issuer") or devset.name
            entries.append(Entry(devset / "releases" / item["file"], group, item))
    return entries


def measure_extraction(entries: list[Entry], misses: list[str]) -> dict[str, dict]:
    """group -> {"regions": Score, "date": [right, n], "bare": [right, n]} from extraction alone."""
    from searchapp.ingest.pipeline import build_record

    by_group: dict[str, dict] = defaultdict(lambda: {"regions": Score(), "date": [0, 0], "bare": [0, 0]})
    for entry in entries:
        release = load_release(entry.path)
        record = build_record(release)
        want = entry.manifest
        figures = by_group[entry.group]
        got_regions, want_regions = region_set(record["regions"]), region_set(want["regions"])
        figures["regions"].add(got_regions, want_regions)
        figures["date"][0] += record["date"] == want["date"]
        figures["date"][1] += 1
        bare = dataclasses.replace(release, header={k: v for k, v in release.header.items() if k != "date"})
        bare_date = release_date(bare)
        if not want.get("date_in_header", True):
            figures["bare"][0] += bare_date == want["date"]
            figures["bare"][1] += 1
        name = entry.path.name[:40]
        if got_regions != want_regions:
            misses.append(f"{name}: regions {sorted(got_regions)} (expected {sorted(want_regions)})")
        if record["date"] != want["date"]:
            misses.append(f"{name}: date {record['date']} (expected {want['date']})")
        if not want.get("date_in_header", True) and bare_date != want["date"]:
            misses.append(f"{name}: header hidden, date {bare_date} (expected {want['date']})")
    return by_group


def build_index(entries: list[Entry], seeds: Path | None, folder: Path, processes: int | None):
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex

    sources = [str(e.path) for e in entries] + ([str(p) for p in sorted(seeds.glob("*.txt"))] if seeds else [])
    report = reindex(sources, folder / "index", full=True, processes=processes)
    ix = open_live(folder / "index")
    records = {}
    with ix.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            record = stored["record"]
            records[record["source"]] = record
    return report, records


def measure_pairs(entries: list[Entry], records: dict[str, dict], seed_pairs: dict[str, str],
                  seeds: Path | None, misses: list[str]) -> dict[str, dict]:
    """group -> {"pairs": Score, "agree": [both, partners, regions, n], "regions": Score} from the index."""
    by_id = {r["id"]: r for r in records.values()}
    pair_ids: dict[str, list[str]] = defaultdict(list)
    expected: dict[str, str] = {}
    for entry in entries:
        if entry.manifest.get("pair"):
            pair_ids[entry.manifest["pair"]].append(str(entry.path))
        prefix = entry.path.name.split("_")[0]
        if seeds and prefix in seed_pairs:
            seed = next(iter(sorted(seeds.glob(seed_pairs[prefix] + "_*.txt"))), None)
            if seed is not None:
                expected[str(entry.path)] = str(seed)
    for members in pair_ids.values():
        if len(members) == 2:
            expected[members[0]], expected[members[1]] = members[1], members[0]
    by_group: dict[str, dict] = defaultdict(lambda: {"pairs": Score(), "agree": [0, 0, 0, 0], "regions": Score(),
                                                     "date": [0, 0]})
    for entry in entries:
        path = str(entry.path)
        record = records.get(path)
        figures = by_group[entry.group]
        if record is None:
            misses.append(f"{entry.path.name[:40]}: not indexed")
            continue
        figures["regions"].add(region_set(record["regions"]), region_set(entry.manifest["regions"]))
        figures["date"][0] += record["date"] == entry.manifest["date"]
        figures["date"][1] += 1
        linked = by_id.get(record.get("translation") or "")
        got = {linked["source"]} if linked else set()
        want = {expected[path]} if path in expected else set()
        figures["pairs"].add(got, want)
        if got != want:
            misses.append(f"{entry.path.name[:40]}: paired with {[Path(g).name[:40] for g in got]} "
                          f"(expected {[Path(w).name[:40] for w in want]})")
        if got and got == want:
            partners = set(record["partners"]) == set(linked["partners"])
            regions = set(record["regions"]) == set(linked["regions"])
            agree = figures["agree"]
            agree[0] += partners and regions
            agree[1] += partners
            agree[2] += regions
            agree[3] += 1
            if not (partners and regions):
                misses.append(f"{entry.path.name[:40]}: facets {record['partners']} {record['regions']} vs its "
                              f"translation's {linked['partners']} {linked['regions']}")
    return by_group


def _total(by_group: dict[str, dict]) -> dict:
    total: dict = {}
    for figures in by_group.values():
        for key, value in figures.items():
            if isinstance(value, Score):
                score = total.setdefault(key, Score())
                score.tp, score.fp, score.fn = score.tp + value.tp, score.fp + value.fp, score.fn + value.fn
            else:
                total[key] = [a + b for a, b in zip(total.get(key, [0] * len(value)), value)]
    return total


def _ratio(pair) -> str:
    return f"{pair[0]}/{pair[1]} = {pair[0] / pair[1]:.2f}" if pair[1] else "-"


def _agreement(agree) -> str:
    return (f"{_ratio((agree[0], agree[3]))} (partners {agree[1]}/{agree[3]}, regions {agree[2]}/{agree[3]})"
            if agree[3] else "-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = next((up / "shared" for up in REPO.parents if (up / "shared").is_dir()), REPO.parent / "shared")
    parser.add_argument("--devset", action="append", type=Path,
                        help="a development set (repeatable; default: devset and devset2)")
    parser.add_argument("--seeds", type=Path, default=shared / "seeds", help="indexed beside, for pairs")
    parser.add_argument("--seed-pair", action="append", default=[], metavar="DEV=SEED",
                        help="file-name prefixes of a development release and the seed it translates")
    parser.add_argument("--processes", type=int, default=None,
                        help="reindex processes (1: pairing as an update does it; default: as a first build)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    devsets = args.devset or [shared / "devset", shared / "devset2"]
    seed_pairs = dict(item.split("=", 1) for item in args.seed_pair)
    entries = load_entries(devsets)
    misses: list[str] = []
    extraction = measure_extraction(entries, misses)
    with tempfile.TemporaryDirectory() as folder:
        report, records = build_index(entries, args.seeds if args.seeds and args.seeds.is_dir() else None,
                                      Path(folder), args.processes)
    indexed = measure_pairs(entries, records, seed_pairs, args.seeds, misses)
    print(f"releases {len(entries)}; index: {report.summary()}")
    rows = [(group, extraction[group], indexed[group]) for group in sorted(extraction)]
    rows.append(("ALL", _total(extraction), _total(indexed)))
    for group, ext, idx in rows:
        print(f"\n== {group} ({ext['date'][1]} releases)")
        print(f"  regions (extracted)    {ext['regions']}")
        print(f"  regions (stored)       {idx['regions']}")
        print(f"  date exact (extracted) {_ratio(ext['date'])}")
        print(f"  date exact (stored)    {_ratio(idx['date'])}")
        print(f"  date, not in header    {_ratio(ext['bare'])}   (header line hidden)")
        print(f"  pairs (per release)    {idx['pairs']}")
        print(f"  pair facets agree      {_agreement(idx['agree'])}")
    if args.misses:
        print("\nmisses:")
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
