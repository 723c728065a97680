"""Measure quotation speakers against a hand annotation (run by hand, never in CI).

    python scripts/measure_quotes.py DEVSET_DIR [--annotations scripts/devset_quotes.json]
                                     [--split release|blank|lines] [--verbose]

DEVSET_DIR holds manifest.json and releases/. The annotation file maps each release file
name to the people quoted in it. Precision and recall are computed over (file, speaker)
pairs, speakers compared by their folded key (case, accents and honorifics ignored).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from searchapp.extract.people import person_key  # noqa: E402
from searchapp.extract.quotes import extract_quotes  # noqa: E402


def paragraphs(path: Path, split: str) -> tuple[list[str], str | None]:
    """The paragraphs of a release and its header language, read the way `split` says."""
    if split == "release":
        from searchapp.ingest.documents import load_release
        release = load_release(path)
        return list(release.body), release.header.get("lang")
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"^\s*date\s+\S+", "", text, count=1)
    pattern = r"\n\s*\n" if split == "blank" else r"\n"
    return [p.strip() for p in re.split(pattern, text) if p.strip()], None


def main(argv: list[str] | None = None) -> int:
    """Print per-file differences and the overall precision/recall."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", type=Path)
    parser.add_argument("--annotations", type=Path,
                        default=Path(__file__).resolve().parent / "devset_quotes.json")
    parser.add_argument("--split", choices=("release", "blank", "lines"), default="release")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)

    gold = {k: v for k, v in json.loads(args.annotations.read_text()).items() if not k.startswith("_")}
    manifest = {e["file"]: e for e in json.loads((args.devset / "manifest.json").read_text())}
    true_pos = found_total = gold_total = 0
    for name in sorted(gold):
        paras, _ = paragraphs(args.devset / "releases" / name, args.split)
        lang = manifest.get(name, {}).get("lang", "und")
        quotes = extract_quotes(paras, lang)
        found = {person_key(q.speaker): q.speaker for q in quotes}
        expected = {person_key(s): s for s in gold[name]}
        hits = found.keys() & expected.keys()
        true_pos, found_total, gold_total = (true_pos + len(hits), found_total + len(found),
                                             gold_total + len(expected))
        missed = [expected[k] for k in expected.keys() - hits]
        extra = [found[k] for k in found.keys() - hits]
        status = "ok " if not missed and not extra else "ERR"
        print(f"{status} {name}: found {sorted(found.values())}"
              + (f"  missed {missed}" if missed else "") + (f"  extra {extra}" if extra else ""))
        if args.verbose:
            for q in quotes:
                print(f"      [{q.paragraph}] {q.speaker} | {q.title} | {q.organisation} | {q.text[:60]}…")
    precision = true_pos / found_total if found_total else 1.0
    recall = true_pos / gold_total if gold_total else 1.0
    print(f"\nsplit={args.split}: {true_pos} correct of {found_total} found, {gold_total} expected"
          f"  precision {precision:.3f}  recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
