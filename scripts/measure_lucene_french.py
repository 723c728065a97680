"""Agreement of the French chain's stemmer with Lucene's FrenchLightStemmer, on Lucene's whole vocabulary.

Run by hand:  python scripts/measure_lucene_french.py PATH/TO/lucene-french/frlight.txt

frlight.txt (Apache Lucene's test data, Apache License 2.0) holds `word<TAB>expected stem`. The chain folds
accents before it stems, so a word agrees when french_light_stem(fold(word)) == fold(expected). Also shown:
the same with Lucene's accented suffix rules applied to folded words (what the chain did before the rules
were written folded), and the words that differ, most of them the folded rules firing where an unaccented
spelling ends like an accented suffix.
"""
from __future__ import annotations

import sys
from collections import Counter

from searchapp.text.folding import fold
from searchapp.text.stemming import french_light_stem


def main(path: str) -> None:
    pairs = [line.split("\t") for line in open(path, encoding="utf-8").read().splitlines() if "\t" in line]
    agree, differ = 0, []
    for word, expected in pairs:
        if french_light_stem(fold(word)) == fold(expected):
            agree += 1
        else:
            differ.append((word, expected, french_light_stem(fold(word))))
    print(f"{len(pairs)} words; the chain's stem equals Lucene's (folded): {agree} = {agree / len(pairs):.2%}")
    endings = Counter(word[-4:] for word, _, _ in differ)
    print("differences by word ending:", ", ".join(f"-{e} {n}" for e, n in endings.most_common(12)))
    for word, expected, got in differ[:40]:
        print(f"  {word:24} lucene {expected:18} chain {got}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "frlight.txt")
