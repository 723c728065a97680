"""List the cognates the both-languages mode would use on an index (run by hand, judge by eye).

Every word of the archive's vocabulary that its own language's releases hold is read as a
query word; the cognates CognateSource accepts (held by the other language's releases) are
printed, one per line, with how many releases hold each side. Precision is judged on that list.

    python scripts/measure_cognates.py INDEX_DIR
"""
from __future__ import annotations

import sys
from pathlib import Path

from searchapp.index import storage, vocabulary
from searchapp.index.expansion import CognateSource, folded_spellings
from searchapp.search.service import SearchIndex
from searchapp.text.chains import chain_for


def main() -> None:
    index = SearchIndex(Path(sys.argv[1]))
    saved = vocabulary.load(storage.current_generation(index.index_dir))
    words = saved[0] if saved else []
    snap = index.engine.snapshot()

    def holds(field: str, term: str) -> int:
        return index.engine.doc_frequency(snap, field, term)

    source = CognateSource(holds, folded_spellings(saved[1]) if saved else None)
    found = 0
    for lang in ("fr", "en"):
        terms_of = chain_for(lang).terms
        for word in words:
            stems = terms_of(word)
            if len(stems) != 1 or not holds(f"text_{lang}", stems[0]):
                continue
            for translation in source.translate_query_terms([word], lang):
                cognate = translation.targets[0]
                print(f"{lang} {word} -> {cognate}")
                found += 1
    print(f"{found} cognates from {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
