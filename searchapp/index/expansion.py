"""Everything the project knows in both languages, as one source of query translations.

The both-languages mode asks a Translator for the terms of a query in the other language.
Sources, each behind the same small interface (`translate_query_terms(words, source_lang)`
returning glossary.Translation records):
  glossary  the staff's hand-written entries (text/glossary.py): corrections win nothing
            automatically, they are simply always there;
  names     regions and organisations under every name the data files give them, in either
            language (Floride/Florida, Colombie-Britannique/British Columbia);
  learned   the lexicon learned from the archive's translation pairs (index/lexicon.py);
  cognates  near-identical words (biotechnologie/biotechnology), only when the archive's
            other-language text holds the cognate (text/cognates.py).
People's names need none: a name is written the same in both languages, and the query is
already parsed in both languages' fields.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from searchapp.config import DATA_DIR
from searchapp.index.schema import text_lang
from searchapp.text.chains import chain_for
from searchapp.text.folding import fold
from searchapp.text.cognates import candidates
from searchapp.text.glossary import LANGS, Entry, Glossary, TermMatcher, Translation, load_glossary, other_lang

SOURCES = ("glossary", "names", "learned", "cognates")
MIN_COGNATE_DOCS = 1         # releases of the other language that must hold a cognate


class Translator(Protocol):
    def translate_query_terms(self, words: Sequence[str],
                              source_lang: str | None = None) -> tuple[Translation, ...]: ...


class Expander:
    """Several sources asked in turn; one Translation per term and target language, targets merged.

    Terms an `exclusive` source found (names) are not translated by the others: the glossary
    would otherwise turn the `Nouveau` of `Nouveau-Brunswick` into `new`.
    """

    def __init__(self, sources: Sequence[Translator], exclusive: Sequence[Translator] = (),
                 holds: Callable[[str, str], int] | None = None):
        self.sources = tuple(sources)
        self.exclusive = tuple(exclusive)
        self.holds = holds      # (field, analysed term) -> releases holding it, if the index is known

    def translate_query_terms(self, words: Sequence[str],
                              source_lang: str | None = None) -> tuple[Translation, ...]:
        merged: dict[tuple[str, str], list] = {}
        named: set[str] = set()
        for source in self.sources:
            for found in source.translate_query_terms(words, source_lang):
                key = (fold(found.source_text), found.target_lang)
                if source in self.exclusive:
                    named.update(fold(w) for w in found.source_text.split())
                elif key[0] in named or named.intersection(map(fold, found.source_text.split())):
                    continue
                entry = merged.setdefault(key, [found, []])
                entry[1].extend(t for t in found.targets if fold(t) not in map(fold, entry[1]))
        return tuple(Translation(first.source_text, first.source_lang, first.target_lang, tuple(targets))
                     for first, targets in merged.values())


# ---------------------------------------------------------------- names

def _usable_name(name: str) -> bool:
    """A name worth searching in the other language: no prefix form, no acronym (same in both),
    no one-word name written in mixed case (`MaRS` would turn the month `mars` into it)."""
    letters = [c for c in name if c.isalpha()]
    pieces = re.findall(r"\w+", name)
    mixed = len(pieces) == 1 and pieces[0][1:] != pieces[0][1:].lower()
    return len(letters) >= 3 and not name.endswith("-") and not all(c.isupper() for c in letters) and not mixed


def name_groups(regions_file: Path = DATA_DIR / "regions.toml",
                organisations_file: Path = DATA_DIR / "organisations.toml") -> list[NameGroup]:
    """Every region's and organisation's names, and what each translates to.

    A region is searched under its labels (`Floride` -> `Florida`, `néo-brunswickois` ->
    `New Brunswick`), never under its adjectives: `Canada` would otherwise find every
    `canadien`. An organisation's names are all names: each translates to the others.
    """
    groups = []
    with open(regions_file, "rb") as handle:
        for entry in tomllib.load(handle).get("region", []):
            labels = _names(entry.get("key"), entry.get("en"), entry.get("fr"))
            groups.append(NameGroup(_names(*labels, *entry.get("aliases", [])), labels))
    with open(organisations_file, "rb") as handle:
        for entry in tomllib.load(handle).get("organisation", []):
            names = _names(entry.get("name"), *entry.get("aliases", []))
            groups.append(NameGroup(names, names))
    return [g for g in groups if len({fold(n) for n in g.names + g.targets}) > 1]


def _names(*names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if isinstance(n, str) and _usable_name(n)))


@dataclass(frozen=True)
class NameGroup:
    """The names something is written under, and the ones it is searched under in the other language."""
    names: tuple[str, ...]
    targets: tuple[str, ...]


class NameSource(Glossary):
    """Names in either language: every name of a group translates to the group's targets."""

    def __init__(self, groups: Iterable[NameGroup]):
        self.groups = tuple(groups)
        # Names are matched word for word (folded, not stemmed): `Marie` is not `MaRS`.
        super().__init__([Entry(g.names, g.targets, 0) for g in self.groups], lambda lang: chain_for("other").terms)

    def matcher(self, source_lang: str) -> TermMatcher:
        with self._lock:
            if source_lang not in self._matchers:
                terms: dict[str, list[str]] = {}
                for group in self.groups:
                    for name in group.names:
                        terms.setdefault(name, []).extend(group.targets)
                self._matchers[source_lang] = TermMatcher(terms, self._analyzer_factory(source_lang))
            return self._matchers[source_lang]


@lru_cache(maxsize=1)
def default_names() -> NameSource:
    """The names of the package's data files (read once per process)."""
    return NameSource(name_groups())


# ---------------------------------------------------------------- cognates

class CognateSource:
    """Query words' cognates that the archive's other-language text holds.

    holds(field, term) -> how many releases hold an analysed term in a field; spellings, the
    archive's words by their folded form, if known: a cognate must then be a word the archive
    writes (`universitie` shares a stem with `université` but is no word), and is shown as written.
    """

    def __init__(self, holds: Callable[[str, str], int], spellings: Mapping[str, str] | None = None):
        self._holds = holds
        self._spellings = spellings

    def translate_query_terms(self, words: Sequence[str],
                              source_lang: str | None = None) -> tuple[Translation, ...]:
        langs = (source_lang,) if source_lang in LANGS else LANGS
        found = []
        for lang in langs:
            target = other_lang(lang)
            for word in dict.fromkeys(words):
                cognates = tuple(c for c in candidates(word, lang) if self._known(c, word, target))
                if cognates:
                    shown = self._spellings.get(cognates[0], cognates[0]) if self._spellings else cognates[0]
                    found.append(Translation(word, lang, target, (shown,)))
        return tuple(found)

    def _known(self, cognate: str, word: str, target: str) -> bool:
        if self._spellings is not None and cognate not in self._spellings:
            return False
        family = text_lang(target)
        terms_of = chain_for(family).terms
        stems = terms_of(cognate)
        if len(stems) != 1 or stems == terms_of(word):
            return False        # a stop word, or the word itself already finds it
        return self._holds(f"text_{family}", stems[0]) >= MIN_COGNATE_DOCS


# ---------------------------------------------------------------- all of them

def folded_spellings(counts: Mapping[str, int]) -> dict[str, str]:
    """The archive's words by folded form, each as most often written (cognates are shown so)."""
    best: dict[str, str] = {}
    for word, count in counts.items():
        key = fold(word)
        if key not in best or count > counts[best[key]]:
            best[key] = word
    return best


def build_expander(learned: Glossary | None, holds: Callable[[str, str], int] | None,
                   sources: Iterable[str] = SOURCES, spellings: Mapping[str, str] | None = None) -> Expander:
    """The expander of the sources named (see SOURCES), from what this index version knows."""
    wanted = set(sources)
    parts: list[Translator] = []
    names = default_names() if "names" in wanted else None
    if names is not None:
        parts.append(names)
    if "glossary" in wanted:
        parts.append(load_glossary())
    if "learned" in wanted and learned is not None and len(learned):
        parts.append(learned)
    if "cognates" in wanted and holds is not None:
        parts.append(CognateSource(holds, spellings))
    return Expander(parts, exclusive=(names,) if names is not None else (), holds=holds)
