"""The archive as a dictionary: French/English term pairs learned from linked translations.

Every release linked to its translation is a parallel text. Its paragraphs are aligned
(text/alignment.py: order, numbers, names), each aligned paragraph pair is a unit, and a
French term and an English term that keep turning up in the same units translate each other
(Dice's coefficient, mutual best match, a unique best). Evidence must come from at least
MIN_PAIRS different translation pairs and from distinct units: one release pair, or one
boilerplate paragraph repeated under many releases, never invents a translation. Terms
written the same in both versions (names, numbers, shared words) are not learned: the
both-languages mode finds them already.

Learned at every reindex that changes the index and kept beside its generation.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from searchapp.index import storage
from searchapp.index.schema import text_lang
from searchapp.text.alignment import align, dice
from searchapp.text.analysis import analyzer_for, fold
from searchapp.text.glossary import Entry, Glossary

LEXICON_FILE = "lexicon.pickle"
MIN_PAIRS = 2        # distinct translation pairs a term pair must be seen in
MIN_UNITS = 3        # distinct aligned paragraph pairs holding both (at 2, over half were wrong) terms
MIN_DICE = 0.5       # association below this is chance or a looser relation
MIN_MARGIN = 0.1     # the best partner must beat the second best by this much
MIN_CHARS = 3

Record = Mapping[str, Any]


@dataclass(frozen=True)
class LearnedPair:
    """A French term, its English translation, and the evidence for it."""
    fr: str
    en: str
    pairs: int           # translation pairs whose aligned paragraphs hold both
    units: int           # aligned paragraph pairs holding both
    dice: float


def translation_pairs(records: Iterable[Record]) -> list[tuple[Record, Record]]:
    """(French record, English record) of every French release linked to an English one."""
    by_id = {r["id"]: r for r in records}
    pairs = []
    for record in by_id.values():
        other = by_id.get(record.get("translation") or "")
        if record.get("lang") == "fr" and other is not None and other.get("lang") == "en":
            pairs.append((record, other))
    return sorted(pairs, key=lambda p: p[0]["id"])


def paragraphs(record: Record) -> list[str]:
    """A release's text as the units it is translated in: title, then each paragraph."""
    return [record.get("title") or "", *record.get("body", ()), *record.get("about", ())]


class _Terms:
    """Analysed content terms of paragraphs in one language, and the spelling each is seen in."""

    def __init__(self, lang: str):
        self._analyzer = analyzer_for(text_lang(lang))
        self.spellings: dict[str, Counter] = defaultdict(Counter)

    def of(self, paragraph: str) -> frozenset[str]:
        terms = set()
        for token in self._analyzer(paragraph, chars=True):
            term = token.text
            if len(term) >= MIN_CHARS and term.isalpha():
                terms.add(term)
                self.spellings[term][paragraph[token.startchar:token.endchar].lower()] += 1
        return frozenset(terms)

    def spelling(self, term: str) -> str:
        """The most common spelling of a term (shortest on ties)."""
        counts = self.spellings[term]
        return min(counts, key=lambda s: (-counts[s], len(s), s)) if counts else term


def aligned_units(pairs: Iterable[tuple[Record, Record]], fr_terms: _Terms,
                  en_terms: _Terms) -> Iterator[tuple[int, frozenset[str], frozenset[str]]]:
    """(pair number, French terms, English terms) of each aligned paragraph pair, shared forms left out."""
    for number, (fr, en) in enumerate(pairs):
        fr_paragraphs, en_paragraphs = paragraphs(fr), paragraphs(en)
        for i, j in align(fr_paragraphs, en_paragraphs):
            f, e = fr_terms.of(fr_paragraphs[i]), en_terms.of(en_paragraphs[j])
            shared = f & e
            if f - shared and e - shared:
                yield number, f - shared, e - shared


def learn(pairs: Iterable[tuple[Record, Record]]) -> tuple[LearnedPair, ...]:
    """The term pairs the aligned translations support, strongest first."""
    fr_terms, en_terms = _Terms("fr"), _Terms("en")
    units, seen = [], set()
    for number, f, e in aligned_units(pairs, fr_terms, en_terms):
        if (f, e) not in seen:          # a boilerplate paragraph repeated is one piece of evidence
            seen.add((f, e))
            units.append((number, f, e))
    fr_pairs, en_pairs = _pair_counts(units, 1), _pair_counts(units, 2)
    unit_count: Counter = Counter()
    joint: Counter = Counter()
    joint_pairs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, f, e in units:
        f = [t for t in f if fr_pairs[t] >= MIN_PAIRS]
        e = [t for t in e if en_pairs[t] >= MIN_PAIRS]
        unit_count.update(f)
        unit_count.update(("", t) for t in e)
        for a in f:
            for b in e:
                joint[a, b] += 1
                joint_pairs[a, b].add(number)
    scored = {key: dice(count, unit_count[key[0]], unit_count["", key[1]])
              for key, count in joint.items()
              if count >= MIN_UNITS and len(joint_pairs[key]) >= MIN_PAIRS}
    chosen = _mutual_best(scored)
    learned = [LearnedPair(fr_terms.spelling(a), en_terms.spelling(b), len(joint_pairs[a, b]),
                           joint[a, b], round(scored[a, b], 3)) for a, b in chosen]
    learned = [p for p in learned if fold(p.fr) != fold(p.en)]     # the same word: nothing to translate
    return tuple(sorted(learned, key=lambda p: (-p.dice, -p.pairs, p.fr, p.en)))


def _pair_counts(units, side: int) -> Counter:
    """In how many distinct translation pairs each term of one side occurs."""
    seen = {(number, term) for unit in units for number, term in ((unit[0], t) for t in unit[side])}
    return Counter(term for _, term in seen)


def _mutual_best(scored: dict[tuple[str, str], float]) -> list[tuple[str, str]]:
    """Term pairs each the other's unique best partner, by MIN_MARGIN, scoring at least MIN_DICE."""
    best_fr: dict[str, list[tuple[float, str]]] = defaultdict(list)
    best_en: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), score in scored.items():
        best_fr[a].append((score, b))
        best_en[b].append((score, a))

    def unique_best(options: list[tuple[float, str]]) -> str | None:
        options.sort(reverse=True)
        if options[0][0] < MIN_DICE or (len(options) > 1 and options[0][0] - options[1][0] < MIN_MARGIN):
            return None
        return options[0][1]

    chosen = []
    for a, options in best_fr.items():
        b = unique_best(options)
        if b is not None and unique_best(best_en[b]) == a:
            chosen.append((a, b))
    return chosen


def learn_from_index(ix) -> tuple[LearnedPair, ...]:
    """Learn from the translation pairs an index holds (their stored records)."""
    with ix.searcher() as searcher:
        records = [stored["record"] for stored in searcher.all_stored_fields()
                   if stored["record"].get("translation")]
    return learn(translation_pairs(records))


def save(folder: str | os.PathLike, tag: Any, learned: tuple[LearnedPair, ...]) -> None:
    """Keep the learned pairs beside the index generation they were learned from."""
    storage.save_beside(folder, LEXICON_FILE, tag, {"pairs": [
        (p.fr, p.en, p.pairs, p.units, p.dice) for p in learned]})


def load(folder: str | os.PathLike | None) -> tuple[LearnedPair, ...]:
    """The learned pairs saved beside a generation; none if missing or unreadable."""
    saved = storage.load_beside(folder, LEXICON_FILE) if folder is not None else None
    try:
        return tuple(LearnedPair(*row) for row in saved["pairs"]) if saved else ()
    except (KeyError, TypeError):
        return ()


def learn_beside(ix) -> tuple[LearnedPair, ...]:
    """Learn from an index and save the lexicon in its generation folder (at reindex)."""
    learned = learn_from_index(ix)
    save(ix.storage.folder, storage.commit_tag(ix), learned)
    return learned


def as_glossary(learned: Iterable[LearnedPair]) -> Glossary:
    """The learned pairs as glossary entries (both directions), for query expansion."""
    return Glossary([Entry((p.fr,), (p.en,), 0) for p in learned])
