"""The archive's vocabulary, for "did you mean": every word as written, lower-cased,
with the number of releases that use it.

Kept beside the index in one file per generation rather than as an indexed
field: a field would post every word of every release (half of all postings,
and of the time to write them) only to be asked which words exist and how
common they are. Reindex keeps the counts in step with what it adds and removes.
"""
from __future__ import annotations

import os
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from whoosh.spelling import Corrector

VOCABULARY_FILE = "vocabulary.pickle"
_WORD = re.compile(r"[^\W\d_]{3,}")     # letters only, three or more


def words_of(record: dict[str, Any]) -> set[str]:
    """The distinct words of a release's title and paragraphs, lower-cased."""
    text = "\n".join([record["title"], *record["body"], *record["about"]])
    return {word.lower() for word in _WORD.findall(text)}


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
    folder = Path(folder)
    words = sorted(counts)
    temporary = folder / (VOCABULARY_FILE + ".tmp")
    with open(temporary, "wb") as handle:
        pickle.dump({"tag": tag, "words": words, "counts": [counts[w] for w in words]},
                    handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, folder / VOCABULARY_FILE)   # a new file: never the clone's hard link


def load(folder: str | os.PathLike, tag: Any = None) -> tuple[list[str], dict[str, int]] | None:
    """(sorted words, word -> releases) saved in folder; None if missing, unreadable or,
    when a tag is given, saved for another commit."""
    try:
        with open(Path(folder) / VOCABULARY_FILE, "rb") as handle:
            saved = pickle.load(handle)
        if tag is not None and saved["tag"] != tag:
            return None
        return saved["words"], dict(zip(saved["words"], saved["counts"]))
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, AttributeError, ValueError):
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
            yield 0 - (maxdist + 0.5 / (self._counts.get(word) or 1)), word


def commit_tag(ix) -> tuple[int, int]:
    """What identifies an index's latest commit: Whoosh's TOC generation and its document count."""
    return ix.latest_generation(), ix.doc_count()


class WordCounts:
    """The vocabulary a reindex updates: read (with the tag of the index before any
    commit of this run) when first needed, written once the run's commits are done."""

    def __init__(self, ix):
        self._ix = ix
        self._tag = commit_tag(ix)
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
            save(self._ix.storage.folder, commit_tag(self._ix), self._counts)
