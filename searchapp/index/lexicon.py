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
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from searchapp.index import storage
from searchapp.index.schema import text_lang
from searchapp.text.alignment import align, dice
from searchapp.text.chains import chain_for
from searchapp.text.folding import fold
from searchapp.text.glossary import Entry, Glossary

LEXICON_FILE = "lexicon.pickle"
MIN_PAIRS = 2        # distinct translation pairs a term pair must be seen in
MIN_UNITS = 3        # distinct aligned paragraph pairs holding both (at 2, over half were wrong) terms
MIN_DICE = 0.5       # association below this is chance or a looser relation
MIN_MARGIN = 0.1     # the best partner must beat the second best by this much
MIN_CHARS = 3
MAX_PAIRS = 2000     # the newest pairs learned from: bounds the time and memory of a large archive

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
    """(French record, English record) of every French release linked to an English one,
    the newest MAX_PAIRS of them (a pair's co-occurrences number in the thousands)."""
    by_id = {r["id"]: r for r in records}
    pairs = []
    for record in by_id.values():
        other = by_id.get(record.get("translation") or "")
        if record.get("lang") == "fr" and other is not None and other.get("lang") == "en":
            pairs.append((record, other))
    pairs.sort(key=lambda p: (p[0].get("date") or "", p[0]["id"]), reverse=True)
    return sorted(pairs[:MAX_PAIRS], key=lambda p: p[0]["id"])


def paragraphs(record: Record) -> list[str]:
    """A release's text as the units it is translated in: title, then each paragraph."""
    return [record.get("title") or "", *record.get("body", ()), *record.get("about", ())]


class _Terms:
    """Analysed content terms of paragraphs in one language, and the spelling each is seen in.

    Each distinct word is analysed once (a table per run); the words of a paragraph are
    counted at C speed, so learning costs a fraction of indexing."""

    def __init__(self, lang: str):
        self._terms = chain_for(text_lang(lang)).terms
        self._words = _WORDS
        self._stem: dict[str, tuple[str, ...]] = {}
        self._seen: Counter = Counter()

    def of(self, paragraph: str) -> frozenset[str]:
        words = Counter(self._words.findall(_ADDRESSES.sub(" ", paragraph.lower())))
        self._seen.update(words)
        stem, terms = self._stem, set()
        for word in words:
            found = stem.get(word)
            if found is None:
                found = stem[word] = tuple(t for t in self._terms(word) if len(t) >= MIN_CHARS and t.isalpha())
            terms.update(found)
        return frozenset(terms)

    def spellings(self, terms: set[str]) -> dict[str, str]:
        """The most common spelling of each term without an elided article (`innovation`,
        not `l'innovation`), shortest on ties."""
        best: dict[str, tuple] = {}
        for word, found in self._stem.items():
            if len(found) == 1 and found[0] in terms:
                term, rank = found[0], ("'" in word or "’" in word, -self._seen[word], len(word), word)
                if term not in best or rank < best[term]:
                    best[term] = rank
        return {term: rank[-1] for term, rank in best.items()}


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_ADDRESSES = re.compile(r"\S*\w[.@/]\w\S*")     # web and e-mail addresses, abbreviations: not words


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
    counts = _cooccurrences(units)
    if counts is None:
        return ()
    fr_names, en_names, codes, joint, pairs_seen, fr_units, en_units, span = counts
    keep = (joint >= MIN_UNITS) & (pairs_seen >= MIN_PAIRS)
    codes, joint, pairs_seen = codes[keep], joint[keep], pairs_seen[keep]
    a, b = codes // span, codes % span
    scores = dice(joint, fr_units[a], en_units[b])
    scored = {(fr_names[i], en_names[j]): (float(score), int(n), int(p))
              for i, j, score, n, p in zip(a.tolist(), b.tolist(), scores.tolist(), joint.tolist(),
                                           pairs_seen.tolist())}
    chosen = _mutual_best({key: value[0] for key, value in scored.items()})
    fr_spelling = fr_terms.spellings({x for x, _ in chosen})
    en_spelling = en_terms.spellings({y for _, y in chosen})
    learned = [LearnedPair(fr_spelling.get(x, x), en_spelling.get(y, y), scored[x, y][2], scored[x, y][1],
                           round(scored[x, y][0], 3)) for x, y in chosen]
    learned = [p for p in learned if _plain(p.fr) != _plain(p.en)]     # the same word: nothing to translate
    return tuple(sorted(learned, key=lambda p: (-p.dice, -p.pairs, p.fr, p.en)))


def _cooccurrences(units):
    """Term names, and per co-occurring (French, English) code: units holding both, translation
    pairs holding both; units per term. Arrays (numpy): a release pair gives thousands of codes."""
    fr_pairs, en_pairs = _pair_counts(units, 1), _pair_counts(units, 2)
    fr_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    sides = []
    for number, f, e in units:
        fi = np.array([fr_ids.setdefault(t, len(fr_ids)) for t in f if fr_pairs[t] >= MIN_PAIRS], dtype=np.int64)
        ei = np.array([en_ids.setdefault(t, len(en_ids)) for t in e if en_pairs[t] >= MIN_PAIRS], dtype=np.int64)
        sides.append((number, fi, ei))
    if not fr_ids or not en_ids:
        return None
    span = len(en_ids)
    codes, joint, pairs_seen = _empty(), _empty(), _empty()
    unit_chunk, pair_chunk, this_pair, size = [], [], [], 0
    for index, (number, fi, ei) in enumerate(sides):
        this_pair.append((fi[:, None] * span + ei[None, :]).ravel())
        if index + 1 < len(sides) and sides[index + 1][0] == number:
            continue
        unit_chunk += this_pair
        pair_chunk.append(_counted(np.concatenate(this_pair))[0])    # each code once per pair
        size += sum(a.size for a in this_pair)
        this_pair = []
        if size >= CHUNK_CODES or index + 1 == len(sides):
            codes, joint, pairs_seen = _merge(codes, joint, pairs_seen, np.concatenate(unit_chunk),
                                              np.concatenate(pair_chunk))
            unit_chunk, pair_chunk, size = [], [], 0
    fr_units = np.bincount(np.concatenate([fi for _, fi, _ in sides]), minlength=len(fr_ids))
    en_units = np.bincount(np.concatenate([ei for _, _, ei in sides]), minlength=len(en_ids))
    return list(fr_ids), list(en_ids), codes, joint, pairs_seen, fr_units, en_units, span


CHUNK_CODES = 500_000     # co-occurrences counted at a time: bounds the memory of learning


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _merge(codes, joint, pairs_seen, unit_codes, pair_codes):
    """Add a chunk of pairs (their units' codes, and each pair's codes once) to the running counts."""
    new_codes, new_joint = _counted(unit_codes)
    new_pairs = _counted(pair_codes)[1]           # the same codes as new_codes, in the same order
    merged = np.concatenate([codes, new_codes])
    if not merged.size:
        return codes, joint, pairs_seen
    order = np.argsort(merged, kind="stable")
    merged = merged[order]
    starts = np.flatnonzero(np.r_[True, merged[1:] != merged[:-1]])
    return (merged[starts], np.add.reduceat(np.concatenate([joint, new_joint])[order], starts),
            np.add.reduceat(np.concatenate([pairs_seen, new_pairs])[order], starts))


def _plain(word: str) -> str:
    """A spelling folded, without a plural ending: `innovations` and `innovation` are one word."""
    word = fold(word)
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and how often each occurs (a sort: numpy's hashed
    unique, its default without counts, was ten times slower on millions of codes)."""
    values = np.sort(values, kind="stable" if values.size < 1024 else "quicksort")
    if not values.size:
        return values, values
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    return values[starts], np.diff(np.r_[starts, values.size])


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


def learn_from_index(ix, records: Iterable[Record] | None = None) -> tuple[LearnedPair, ...]:
    """Learn from the translation pairs an index holds (their stored records; `records`: the
    linked ones, when the caller has read them already)."""
    if records is not None:
        return learn(translation_pairs(r for r in records if r.get("translation")))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        # Linked releases share a group id: read only those records, not the whole archive.
        docs = {doc for term, info in reader.iter_field("group") if info.doc_frequency() >= 2
                for doc in reader.postings("group", term).all_ids()}
        records = [record for doc in sorted(docs) if not reader.is_deleted(doc)
                   and (record := searcher.stored_fields(doc)["record"]).get("translation")]
    return learn(translation_pairs(records))


def save(folder: str | os.PathLike, tag: Any, learned: tuple[LearnedPair, ...], changed_since: int = 0) -> None:
    """Keep the learned pairs beside the index generation they were learned from
    (changed_since: releases added, changed or removed since they were learned)."""
    storage.save_beside(folder, LEXICON_FILE, tag, {"pairs": [
        (p.fr, p.en, p.pairs, p.units, p.dice) for p in learned], "changed_since": changed_since})


def load(folder: str | os.PathLike | None) -> tuple[LearnedPair, ...]:
    """The learned pairs saved beside a generation; none if missing or unreadable."""
    saved = storage.load_beside(folder, LEXICON_FILE) if folder is not None else None
    try:
        return tuple(LearnedPair(*row) for row in saved["pairs"]) if saved else ()
    except (KeyError, TypeError):
        return ()


RELEARN_SHARE = 0.02    # learn again once this share of the archive changed since the last time


def learn_beside(ix, changed: int, records: Iterable[Record] | None = None) -> tuple[LearnedPair, ...]:
    """Keep the lexicon in the generation folder up to date after a reindex that changed
    `changed` releases: learned again (a few seconds at 10,000 releases) on a first build or
    once RELEARN_SHARE of the archive has changed since; else carried over, the count kept."""
    folder = ix.storage.folder
    saved = storage.load_beside(folder, LEXICON_FILE)
    since = (saved.get("changed_since", 0) if saved else 0) + changed
    if saved is not None and since < max(RELEARN_SHARE * ix.doc_count(), 1):
        learned = load(folder)
        save(folder, storage.commit_tag(ix), learned, since)
        return learned
    learned = learn_from_index(ix, records)
    save(folder, storage.commit_tag(ix), learned)
    return learned


def as_glossary(learned: Iterable[LearnedPair]) -> Glossary:
    """The learned pairs as glossary entries (both directions), for query expansion."""
    return Glossary([Entry((p.fr,), (p.en,), 0) for p in learned])
