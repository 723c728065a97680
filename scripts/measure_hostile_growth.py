"""Time the preparation of hostile texts at 1x and 4x their size (run by hand).

    python scripts/measure_hostile_growth.py [--stages] [ATTACK...]

Prints processor seconds and the 4x/1x ratio: linear code stays near 4, quadratic near 16.
By default the whole preparation as the reindex runs it (build_record: long paragraphs cut
for the extractors; no time budget). With --stages, each extractor on the whole text,
uncut: what each one costs on its own (slow: a quadratic extractor takes minutes).
"""
from __future__ import annotations

import random
import sys
import time

from searchapp.extract.dates import find_dates
from searchapp.extract.metadata import extract_metadata
from searchapp.extract.quotes import extract_quotes
from searchapp.ingest.documents import parse_release
from searchapp.ingest.language import detect_release_language, init_detector
from searchapp.ingest.pipeline import anchors, build_record, warm_up

_WORDS = ("the agreement between the partners will support research and training in the region "
          "le partenariat entre les organismes soutiendra la recherche et la formation au Québec "
          "Research Council and Health Network sign an agreement with Société Générale").split()


def ordinary(size: int) -> str:
    rng = random.Random(1)
    out, n = [], 0
    while n < size:
        word = rng.choice(_WORDS)
        out.append(word)
        n += len(word) + 1
    return " ".join(out)


def mixed_scripts(size: int) -> str:
    rng = random.Random(2)
    pieces = ["Доклад по исследованию", "研究合作协议", "اتفاقية الشراكة", "Le partenariat",
              "the agreement", "Ελληνικά κείμενο", "日本語のテキスト", "עברית טקסט"]
    out, n = [], 0
    while n < size:
        piece = rng.choice(pieces)
        out.append(piece)
        n += len(piece) + 1
    return " ".join(out)


ATTACKS = {
    "guillemets": lambda k: "Il dit « " * (4000 * k),
    "straight": lambda k: 'He said "a ' * (25000 * k),
    "paragraph": lambda k: ordinary(250_000 * k),
    "mixed": lambda k: mixed_scripts(500_000 * k),
    "initials": lambda k: "« Le projet », dit A. " + "B. " * (20000 * k),
    "surnames": lambda k: "".join(f'"we are glad to join" Smith{i} said. ' for i in range(2000 * k)),
    # the same, over many paragraphs (the cut of long paragraphs does not help there)
    "guillemets-paragraphs": lambda k: ("Il dit « " * 500 + "\n\n") * (8 * k),
    "straight-paragraphs": lambda k: ('He said "a ' * 500 + "\n\n") * (50 * k),
    "ordinary-paragraphs": lambda k: "\n\n".join(ordinary(2000) for _ in range(125 * k)),
    "mixed-paragraphs": lambda k: "\n\n".join(mixed_scripts(2000) for _ in range(250 * k)),
    "surnames-paragraphs": lambda k: "\n\n".join(
        f'"we are glad to join" Smith{i} said.' for i in range(1000 * k)),
}


def pipeline(text: str) -> dict[str, float]:
    raw = ("Headline\n\n" + text + "\n").encode("utf-8")
    start = time.process_time()
    build_record(parse_release(raw, "attack.txt"), seconds=10_000)
    return {"prepare": time.process_time() - start}


def stages(text: str) -> dict[str, float]:
    times = {}
    start = time.process_time()
    release = parse_release(("Headline\n\n" + text + "\n").encode("utf-8"), "attack.txt")
    times["parse"] = time.process_time() - start
    start = time.process_time()
    detected = detect_release_language(release.paragraphs)
    times["language"] = time.process_time() - start
    start = time.process_time()
    extract_metadata(release, detected.lang)
    times["metadata"] = time.process_time() - start
    start = time.process_time()
    extract_quotes(release.body, detected.lang)
    times["quotes"] = time.process_time() - start
    start = time.process_time()
    find_dates(" ".join(release.body))
    anchors(release)
    times["dates+anchors"] = time.process_time() - start
    return times


def main() -> None:
    warm_up()
    init_detector()
    args = sys.argv[1:]
    measure = stages if "--stages" in args else pipeline
    names = [a for a in args if a != "--stages"] or list(ATTACKS)
    for name in names:
        one, four = measure(ATTACKS[name](1)), measure(ATTACKS[name](4))
        for stage in one:
            ratio = four[stage] / one[stage] if one[stage] > 1e-4 else float("nan")
            print(f"{name:11s} {stage:14s} 1x {one[stage]:7.3f}s  4x {four[stage]:7.3f}s  ratio {ratio:5.1f}")


if __name__ == "__main__":
    main()
