#!/usr/bin/env python3
"""Measure language, date, partner and region extraction on the development set.

Run by hand:  python scripts/measure_devset.py [DEVSET_DIR] [--misses]
DEVSET_DIR holds manifest.json and releases/ (default: ../shared/devset from the repo root).
The texts stay where they are: nothing is copied into the repository.

Partners are scored twice: "strict" against the manifest's `partner` (the counterpart
side only), and "parties" where a predicted organisation that the manifest lists in
`orgs` (the announcing side, e.g. the Quebec association) is not counted as an error,
because extract.py lists both sides of an agreement.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchapp.ingest.documents import load_release  # noqa: E402
from searchapp.extract.gazetteer import canonical_partner, canonical_region
from searchapp.extract.metadata import extract_metadata  # noqa: E402
from searchapp.extract.gazetteer import Gazetteer, lookup_key  # noqa: E402


def detect_language(release, fallback: str) -> str:
    """helper A's detector when it is importable, else the manifest's label."""
    try:
        from searchapp.ingest.language import detect_release_language
    except ImportError:
        return fallback
    return detect_release_language(release.paragraphs, override=release.header.get("lang")).lang


def org_key(name: str) -> str:
    return lookup_key(canonical_partner(name) or name)


def region_key(name: str) -> str:
    return canonical_region(name) or name


class Score:
    """Micro-averaged precision / recall over sets."""

    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: set, expected: set, tolerated: set = frozenset()) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected - tolerated)
        self.fn += len(expected - predicted)

    def __str__(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P={p:.2f} R={r:.2f} F1={f:.2f}  (tp={self.tp} fp={self.fp} fn={self.fn})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", default=str(REPO.parent / "shared" / "devset"))
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--organisations", metavar="TOML",
                        help="extract with this organisations file instead of the package's "
                             "(e.g. one holding only the seeds' organisations, to see how the "
                             "text patterns do on organisations the data file does not know)")
    args = parser.parse_args()
    devset = Path(args.devset)
    manifest = json.loads((devset / "manifest.json").read_text(encoding="utf-8"))
    gazetteer = Gazetteer.load(organisations_file=args.organisations) if args.organisations else None

    counts = dict(n=0, lang=0, date=0, year=0, body_date=0, body_year=0, body_n=0)
    strict, parties, regions = Score(), Score(), Score()
    misses: list[str] = []
    for entry in manifest:
        release = load_release(devset / "releases" / entry["file"])
        lang = detect_language(release, entry["lang"])
        meta = extract_metadata(release, lang, gazetteer)
        # The same release with its header date removed: how well do the body rules do?
        bare = dataclasses.replace(release, header={k: v for k, v in release.header.items() if k != "date"})
        body_date = extract_metadata(bare, lang, gazetteer).date
        name, expected_date = entry["file"], entry["date"]
        counts["n"] += 1
        counts["lang"] += lang == entry["lang"]
        counts["date"] += meta.date == expected_date
        counts["year"] += (meta.date or "")[:4] == (expected_date or "")[:4]
        if expected_date:
            counts["body_n"] += 1
            counts["body_date"] += body_date == expected_date
            counts["body_year"] += (body_date or "")[:4] == expected_date[:4]
        predicted = {org_key(p) for p in meta.partners}
        expected = {org_key(p) for p in entry["partner"]}
        orgs = {org_key(o) for o in entry.get("orgs", [])}
        strict.add(predicted, expected)
        parties.add(predicted, expected, tolerated=orgs)
        got_regions, want_regions = {region_key(r) for r in meta.regions}, {region_key(r) for r in entry["regions"]}
        regions.add(got_regions, want_regions)
        if lang != entry["lang"]:
            misses.append(f"{name}: lang {lang} (expected {entry['lang']})")
        if meta.date != expected_date:
            misses.append(f"{name}: date {meta.date} (expected {expected_date}; header {release.header.get('date')})")
        if body_date != expected_date and expected_date:
            misses.append(f"{name}: body-only date {body_date} (expected {expected_date})")
        if predicted != expected:
            misses.append(f"{name}: partners {sorted(meta.partners)} "
                          f"(expected {entry['partner']}; orgs {entry['orgs']})")
        if got_regions != want_regions:
            misses.append(f"{name}: regions {sorted(got_regions)} (expected {sorted(want_regions)})")

    n = counts["n"]
    print(f"releases            {n}")
    print(f"lang                {counts['lang']}/{n}")
    print(f"date exact          {counts['date']}/{n}   (year right {counts['year']}/{n})")
    print(f"date, header hidden {counts['body_date']}/{counts['body_n']}   (year right "
          f"{counts['body_year']}/{counts['body_n']}; releases whose manifest has a date)")
    print(f"partners strict     {strict}")
    print(f"partners parties    {parties}")
    print(f"regions             {regions}")
    if args.misses:
        print("\nmisses:")
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
