#!/usr/bin/env python3
"""Measure partner extraction on both development sets, together and by issuer.

Run by hand from the repository root:
    python scripts/measure_facets.py [--devset DIR] [--devset2 DIR] [--seeds DIR]
                                     [--organisations TOML | --seeds-only] [--no-learning] [--misses]

Partners follow the product's definition (every party to what a release announces).
devset2's manifest lists them all (`partner`): precision and recall there. devset's
`partner` lists only the counterpart side, so only its recall is measured.

Before extracting, the script learns organisations from every release it reads (the dev
sets and the seeds), as a reindex does, unless --no-learning. --seeds-only limits the data
file to the organisations the seeds name (written to a temporary TOML), to show what
comes from the rules rather than from the data file.

A predicted name matches an expected one when their language-neutral keys are equal,
when one is the acronym of the other, when one's words hold the other's, or through
the "A = B" equivalences the manifest's notes state. Figures are printed per issuer
(devset2's `issuer`; devset counts as one more issuer) and for all; "by issuer left out"
fits the decision threshold on the other issuers and applies it to the one left out.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchapp.extract import partners as partner_rules  # noqa: E402
from searchapp.extract.gazetteer import Gazetteer, aligned_fold, lookup_key  # noqa: E402
from searchapp.extract.metadata import extract_metadata  # noqa: E402
from searchapp.extract.names import NameFinder  # noqa: E402
from searchapp.extract.orgkeys import org_key  # noqa: E402
from searchapp.ingest.documents import load_release  # noqa: E402

SHARED = REPO.parent / "shared"          # ../shared beside the repository


def equivalences(notes: str) -> list[set[str]]:
    """"A (X) = B = C" statements of a manifest's notes, as sets of folded names."""
    found = []
    for statement in re.split(r"[.;]\s+", notes or ""):
        if "=" in statement:
            names = {lookup_key(re.sub(r"\s*\([^)]*\)", "", n)) for n in statement.split("=")}
            found.append({n for n in names if n})
    return found


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", aligned_fold(name))
                   if w not in {"of", "the", "and", "de", "du", "des", "la", "le", "et", "l", "d"})


def same(predicted: str, expected: str, aliases: list[set[str]], gazetteer: Gazetteer) -> bool:
    """Whether two names are one organisation. An annotator's "Name (ACR)" stands for the name
    and for its acronym."""
    written = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", expected.strip())
    if written:
        return any(same(predicted, form, aliases, gazetteer) for form in written.groups())
    a, b = lookup_key(predicted), lookup_key(expected)
    if a == b or org_key(predicted, gazetteer) == org_key(expected, gazetteer):
        return True
    if any(a in group and b in group for group in aliases):
        return True
    compact_a, compact_b = a.replace(" ", ""), b.replace(" ", "")
    if compact_a == initials(expected) or compact_b == initials(predicted):
        return True
    wa, wb = set(org_key(predicted, gazetteer).split()), set(org_key(expected, gazetteer).split())
    small, large = sorted((wa, wb), key=len)
    return bool(small) and small <= large and len(small) >= max(1, len(large) - 1)


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, predicted, expected, aliases, gazetteer, recall_only=False):
        matched = set()
        for name in expected:
            hit = next((p for p in predicted if p not in matched and same(p, name, aliases, gazetteer)), None)
            if hit is None:
                self.fn += 1
            else:
                matched.add(hit)
                self.tp += 1
        if not recall_only:
            self.fp += len([p for p in predicted if p not in matched
                            and not any(same(p, e, aliases, gazetteer) for e in expected)])

    def figures(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return f"P {p:.2f} R {r:.2f}  (tp {self.tp} fp {self.fp} fn {self.fn})"


def load_cases(devset: Path, devset2: Path) -> list[dict]:
    cases = []
    for folder, all_parties in ((devset, False), (devset2, True)):
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            cases.append({**entry, "path": folder / "releases" / entry["file"], "all_parties": all_parties,
                          "group": entry.get("issuer") or "devset (counterparts only)"})
    return cases


def seeds_only_toml(seeds: Path, folder: Path) -> Path:
    """The data file limited to the organisations the seeds name (by any alias)."""
    data = tomllib.loads((REPO / "searchapp" / "data" / "organisations.toml").read_text(encoding="utf-8"))
    text = lookup_key(" ".join(p.read_text(encoding="utf-8", errors="replace") for p in seeds.glob("*.txt")))
    kept = [o for o in data.get("organisation", [])
            if any(f" {lookup_key(a)} " in f" {text} " for a in [o["name"], *o.get("aliases", [])])]
    path = folder / "organisations.toml"
    lines = []
    for o in kept:
        lines += ["[[organisation]]", f"name = {json.dumps(o['name'], ensure_ascii=False)}",
                  f"aliases = {json.dumps(o.get('aliases', []), ensure_ascii=False)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"data file limited to the seeds' organisations: {len(kept)} of {len(data.get('organisation', []))}")
    return path


def learned_gazetteer(gazetteer: Gazetteer, paths: list[Path]) -> Gazetteer:
    """What a reindex of these files would learn, added to the gazetteer (as a second
    reindex would use it)."""
    from searchapp.index.learned import learn

    defined, partners = {}, {}
    for path in paths:
        metadata = extract_metadata(load_release(str(path)), "en", gazetteer)
        defined[str(path)], partners[str(path)] = metadata.defined, metadata.partners
    found = learn(defined, partners=partners)
    return gazetteer.with_organisations(found.aliases(), found.partner_keys)


def evidence(cases, gazetteer):
    """Per case: [(name, score)] of every weighed name."""
    out = []
    for case in cases:
        release = load_release(str(case["path"]))
        found = partner_rules.partner_evidence(release, NameFinder(release, gazetteer))
        out.append(found)
    return out


def decide(found, threshold: float) -> list[str]:
    kept = [p.name for p in found if p.score >= threshold]
    return kept if len(kept) >= 2 else []


def score(cases, found, threshold, gazetteer, groups=None) -> Score:
    total = Score()
    for case, weighed in zip(cases, found):
        if groups is not None and case["group"] not in groups:
            continue
        aliases = equivalences(case.get("notes", ""))
        total.add(decide(weighed, threshold), case["partner"], aliases, gazetteer, recall_only=not case["all_parties"])
    return total


def f1(s: Score) -> float:
    p = s.tp / (s.tp + s.fp) if s.tp + s.fp else 1.0
    r = s.tp / (s.tp + s.fn) if s.tp + s.fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=SHARED / "devset")
    parser.add_argument("--devset2", type=Path, default=SHARED / "devset2")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument("--organisations", type=Path, help="the organisations data file to use")
    parser.add_argument("--seeds-only", action="store_true", help="data file limited to the seeds' organisations")
    parser.add_argument("--no-learning", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--predicted", type=Path,
                        help="score these predictions instead ({file: [partners]}, e.g. from another version)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        organisations = args.organisations or (seeds_only_toml(args.seeds, Path(temporary)) if args.seeds_only else None)
        gazetteer = Gazetteer.load(organisations) if organisations else Gazetteer.load()
    cases = load_cases(args.devset, args.devset2)
    if not args.no_learning:
        gazetteer = learned_gazetteer(gazetteer, [c["path"] for c in cases] + sorted(args.seeds.glob("*.txt")))
    found = evidence(cases, gazetteer)
    threshold = partner_rules.THRESHOLD
    if args.predicted:
        given = json.loads(args.predicted.read_text(encoding="utf-8"))
        found = [[partner_rules.Partner(n, 99.0, (), True) for n in given[c["file"]]] for c in cases]
    groups = sorted({c["group"] for c in cases})
    print(f"partners, threshold {threshold} (devset: recall only)")
    for group in groups:
        print(f"  {group:40s} {score(cases, found, threshold, gazetteer, {group}).figures()}")
    print(f"  {'ALL':40s} {score(cases, found, threshold, gazetteer).figures()}")
    print(f"  {'devset2 only':40s} "
          f"{score(cases, found, threshold, gazetteer, {c['group'] for c in cases if c['all_parties']}).figures()}")

    left_out = Score()
    grid = [x / 4 for x in range(2, 17)]
    for group in groups:
        others = set(groups) - {group}
        best = max(grid, key=lambda t: (f1(score(cases, found, t, gazetteer, others)), -abs(t - threshold)))
        held = score(cases, found, best, gazetteer, {group})
        left_out.tp += held.tp
        left_out.fp += held.fp
        left_out.fn += held.fn
    print(f"  {'by issuer left out (threshold fitted)':40s} {left_out.figures()}")

    agree = pairs = 0
    by_pair: dict[str, list] = {}
    for case, weighed in zip(cases, found):
        if case.get("pair"):
            by_pair.setdefault(f"{case['all_parties']}:{case['pair']}", []).append(
                set(decide(weighed, threshold)))
    for versions in by_pair.values():
        if len(versions) == 2:
            pairs += 1
            agree += versions[0] == versions[1]
    print(f"pairs whose two versions list the same partners: {agree}/{pairs}")

    if args.misses:
        for case, weighed in zip(cases, found):
            kept = decide(weighed, threshold)
            print(f"- {case['file'][:40]}  expected {case['partner']}\n    kept {kept}")
            for p in weighed:
                print(f"      {p.score:5.2f} {p.name}: {', '.join(p.reasons)}")


if __name__ == "__main__":
    main()
