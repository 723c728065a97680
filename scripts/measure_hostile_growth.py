"""Time each preparation stage on hostile texts at 1x and 4x their size (run by hand).

    python scripts/measure_hostile_growth.py [scale]

Prints seconds per stage and the 4x/1x ratio: linear code stays near 4, quadratic near 16.
"""
from __future__ import annotations

import random
import sys
import time

from searchapp.extract.dates import find_dates
from searchapp.extract.partners import extract_metadata
from searchapp.extract.quotes import extract_quotes
from searchapp.ingest.documents import parse_release
from searchapp.ingest.language import detect_release_language, init_detector
from searchapp.ingest.pipeline import anchors, warm_up

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
}


def stages(text: str) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    release = parse_release(("Headline\n\n" + text + "\n").encode("utf-8"), "attack.txt")
    times["parse"] = time.perf_counter() - start
    start = time.perf_counter()
    detected = detect_release_language(release.paragraphs)
    times["language"] = time.perf_counter() - start
    start = time.perf_counter()
    extract_metadata(release, detected.lang)
    times["metadata"] = time.perf_counter() - start
    start = time.perf_counter()
    extract_quotes(release.body, detected.lang)
    times["quotes"] = time.perf_counter() - start
    start = time.perf_counter()
    find_dates(" ".join(release.body))
    anchors(release)
    times["dates+anchors"] = time.perf_counter() - start
    return times


def main() -> None:
    warm_up()
    init_detector()
    names = sys.argv[1:] or list(ATTACKS)
    for name in names:
        one, four = stages(ATTACKS[name](1)), stages(ATTACKS[name](4))
        for stage in one:
            ratio = four[stage] / one[stage] if one[stage] > 1e-4 else float("nan")
            print(f"{name:11s} {stage:14s} 1x {one[stage]:7.3f}s  4x {four[stage]:7.3f}s  ratio {ratio:5.1f}")


if __name__ == "__main__":
    main()
