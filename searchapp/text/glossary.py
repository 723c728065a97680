"""A bilingual glossary of the field, and the recognition of its terms in a query.

The glossary is a staff-editable file (data/glossary.tsv): French <TAB> English per line,
synonyms separated by " | ", "#" comments. Terms are compared on analysed tokens (the same
analyzers as the index: case, accents, elision, plurals and stop words handled), longest term
first, so "sciences de la vie", "Life Sciences" and "partenariats" are all recognised.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from searchapp.config import DATA_DIR
from searchapp.text.chains import chain_for
from searchapp.text.folding import fold

DEFAULT_PATH = DATA_DIR / "glossary.tsv"
LANGS = ("fr", "en")
Analyzer = Callable[[str], Iterable[str]]    # text -> its terms in order (text.chains.Chain.terms)


@dataclass(frozen=True)
class Translation:
    """A term recognised in the query words, with its translations in the other language."""
    source_text: str
    source_lang: str
    target_lang: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One glossary line: synonyms on each side."""
    fr: tuple[str, ...]
    en: tuple[str, ...]
    line: int

    def side(self, lang: str) -> tuple[str, ...]:
        """The terms of one language."""
        return self.fr if lang == "fr" else self.en


class GlossaryError(ValueError):
    """A malformed glossary line; names the file and line so staff can fix it."""

    def __init__(self, source: str, line: int, reason: str):
        super().__init__(f"{source}, line {line}: {reason}")
        self.source, self.line, self.reason = source, line, reason


def parse_glossary(text: str, source: str = "<glossary>") -> tuple[Entry, ...]:
    """Parse glossary text (French <TAB> English, " | " between synonyms, "#" comments)."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        columns = raw.rstrip("\n").split("\t")
        if len(columns) != 2:
            raise GlossaryError(source, number,
                                f"expected 'French<TAB>English', found {len(columns)} column(s)")
        fr, en = (tuple(t for t in (s.strip() for s in col.split("|")) if t) for col in columns)
        if not fr or not en:
            raise GlossaryError(source, number, "a side is empty")
        entries.append(Entry(fr, en, number))
    return tuple(entries)


def stems(text: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The analysed terms of a text, in order."""
    return tuple(analyzer(text))


class TermMatcher:
    """Finds known terms in a word sequence, longest first, with one language's analyzer."""

    def __init__(self, terms: Mapping[str, Sequence[str]], analyzer: Analyzer):
        self._analyzer = analyzer
        # Several terms may share stems ("fonds", "fondation"): keep each with its targets.
        self._terms: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        for term, targets in terms.items():
            key = stems(term, analyzer)
            if key:
                self._terms.setdefault(key, []).append((fold(term), tuple(targets)))
        self._longest = max((len(k) for k in self._terms), default=0)

    def __len__(self) -> int:
        return len(self._terms)

    def find(self, words: Sequence[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first word, last word, targets) of each term found; non-overlapping, longest first."""
        tokens = [(i, s) for i, word in enumerate(words) for s in stems(word, self._analyzer)]
        found, used = [], set()
        for size in range(min(self._longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                if used.intersection(range(start, start + size)):
                    continue
                window = tokens[start:start + size]
                candidates = self._terms.get(tuple(s for _, s in window))
                if candidates:
                    used.update(range(start, start + size))
                    first, last = window[0][0], window[-1][0]
                    found.append((first, last, _targets(candidates, " ".join(words[first:last + 1]))))
        return sorted(found)


def _targets(candidates: list[tuple[str, tuple[str, ...]]], written: str) -> tuple[str, ...]:
    """Targets of the term spelled as written if there is one, else of every term with these stems."""
    exact = [targets for term, targets in candidates if term == fold(written)]
    chosen: list[str] = []
    for targets in exact or [targets for _, targets in candidates]:
        chosen.extend(t for t in targets if t not in chosen)
    return tuple(chosen)


class Glossary:
    """The glossary entries and, per language, a matcher built on first use."""

    def __init__(self, entries: Sequence[Entry],
                 analyzer_factory: Callable[[str], Analyzer] = lambda lang: chain_for(lang).terms):
        self.entries = tuple(entries)
        self._analyzer_factory = analyzer_factory
        self._matchers: dict[str, TermMatcher] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def matcher(self, source_lang: str) -> TermMatcher:
        """The matcher of one language's terms (translations into the other language)."""
        with self._lock:
            if source_lang not in self._matchers:
                target = other_lang(source_lang)
                terms: dict[str, list[str]] = {}
                for entry in self.entries:
                    for term in entry.side(source_lang):
                        terms.setdefault(term, []).extend(entry.side(target))
                self._matchers[source_lang] = TermMatcher(terms, self._analyzer_factory(source_lang))
            return self._matchers[source_lang]

    def translate_query_terms(self, words: Sequence[str],
                              source_lang: str | None = None) -> tuple[Translation, ...]:
        """Glossary terms among the query words and their translations.

        source_lang "fr" or "en" reads the words as that language; None (or any other value,
        since a query's language is unknown) tries both directions and returns both results.
        """
        langs = (source_lang,) if source_lang in LANGS else LANGS
        translations = []
        for lang in langs:
            for first, last, targets in self.matcher(lang).find(words):
                source = " ".join(words[first:last + 1])
                useful = tuple(t for t in targets if fold(t) != fold(source))
                if useful:
                    translations.append(Translation(source, lang, other_lang(lang), useful))
        return tuple(translations)


def other_lang(lang: str) -> str:
    """'fr' -> 'en', 'en' -> 'fr'."""
    if lang not in LANGS:
        raise ValueError(f"the glossary has French and English only, not {lang!r}")
    return "en" if lang == "fr" else "fr"


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary file; the default file is read once per process and cached."""
    if path is None:
        return _default_glossary()
    path = Path(path)
    return Glossary(parse_glossary(path.read_text(encoding="utf-8"), str(path)))


@lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    return Glossary(parse_glossary(DEFAULT_PATH.read_text(encoding="utf-8"), DEFAULT_PATH.name))
