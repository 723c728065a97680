"""The archive's vocabulary, for "did you mean": every word as written, lower-cased,
with the number of releases that use it.

Kept beside the index in one file per generation rather than as an indexed
field: a field would post every word of every release (half of all postings,
and of the time to write them) only to be asked which words exist and how
common they are. Reindex keeps the counts in step with what it adds and removes.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import Any, Iterable

from whoosh.spelling import Corrector

from searchapp.index import storage
from searchapp.text.stopwords import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS
from searchapp.text.words import words_of

VOCABULARY_FILE = "vocabulary.pickle"
_STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS


def count_words(records: Iterable[dict[str, Any]]) -> Counter:
    counts: Counter = Counter()
    for record in records:
        counts.update(words_of(record))
    return counts


def subtract(counts: Counter, record: dict[str, Any]) -> None:
    """Take a release's words out of the counts (it was removed or replaced)."""
    for word in words_of(record):
        left = counts[word] - 1
        if left > 0:
            counts[word] = left
        else:
            del counts[word]


def save(folder: str | os.PathLike, tag: Any, counts: Counter) -> None:
    """Write the counts beside the index, tagged with the commit they describe."""
    words = sorted(counts)
    storage.save_beside(folder, VOCABULARY_FILE, tag, {"words": words, "counts": [counts[w] for w in words]})


def load(folder: str | os.PathLike, tag: Any = None) -> tuple[list[str], dict[str, int]] | None:
    """(sorted words, word -> releases) saved in folder; None if missing, unreadable or,
    when a tag is given, saved for another commit."""
    saved = storage.load_beside(folder, VOCABULARY_FILE, tag)
    try:
        return saved["words"], dict(zip(saved["words"], saved["counts"]))
    except (KeyError, TypeError):
        return None


class VocabularyCorrector(Corrector):
    """Whoosh's corrector over the saved vocabulary: words within the edit distance,
    the most common first (as Whoosh's ReaderCorrector ranks a field's terms)."""

    def __init__(self, words: list[str], counts: dict[str, int]):
        from whoosh.spelling import ListCorrector

        self._within = ListCorrector(words)
        self._counts = counts

    def _suggestions(self, text, maxdist, prefix):
        for _, word in self._within._suggestions(text, maxdist, prefix):
            if word not in _STOP_WORDS:     # "des" is no answer to "dez"
                yield 0 - (maxdist + 0.5 / (self._counts.get(word) or 1)), word


class WordCounts:
    """The vocabulary a reindex updates: read (with the tag of the index before any
    commit of this run) when first needed, written once the run's commits are done."""

    def __init__(self, ix):
        self._ix = ix
        self._tag = storage.commit_tag(ix)
        self._counts: Counter | None = None

    def load(self) -> Counter:
        """The saved counts; recounted from the stored releases if the file is missing or stale.
        Call before this run's first commit."""
        if self._counts is None:
            saved = load(self._ix.storage.folder, self._tag)
            if saved is not None:
                self._counts = Counter(saved[1])
            else:
                with self._ix.searcher() as searcher:
                    self._counts = count_words(stored["record"] for stored in searcher.all_stored_fields())
        return self._counts

    def add(self, record: dict[str, Any]) -> None:
        self.load().update(words_of(record))

    def add_counts(self, counts: Counter) -> None:
        self.load().update(counts)

    def drop(self, record: dict[str, Any]) -> None:
        subtract(self.load(), record)

    def save(self) -> None:
        """Write the counts if this run touched them (else the saved file still holds)."""
        if self._counts is not None:
            save(self._ix.storage.folder, storage.commit_tag(self._ix), self._counts)
