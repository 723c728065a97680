"""Known organisations and regions: the editable data files and matching text against them.

`data/organisations.toml` and `data/regions.toml` are read once (tomllib) and cached.
Lookups ignore case and accents; scanning text returns character spans of the original
text, so that callers can reason about what stands around a name.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .analysis import fold

DATA_DIR = Path(__file__).parent / "data"
ORGANISATIONS_FILE = DATA_DIR / "organisations.toml"
REGIONS_FILE = DATA_DIR / "regions.toml"


@dataclass(frozen=True)
class Region:
    key: str
    en: str
    fr: str
    kind: str                  # "province", "state" or "country"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: str                 # canonical organisation name or region key


def lookup_key(name: str) -> str:
    """Comparison key for names: folded, dashes as spaces, one kind of apostrophe, single spaces."""
    name = re.sub(r"[-‐‑‒–—−]", " ", name.replace("’", "'"))
    return " ".join(fold(name).split())


class _StripAccents(dict):
    """str.translate table that strips accents one character at a time, computed on demand."""

    def __missing__(self, code: int) -> str:
        base = unicodedata.normalize("NFD", chr(code))[0]
        self[code] = base
        return base


_STRIP = _StripAccents()


def aligned_fold(text: str, lower: bool = True) -> str:
    """Strip accents (and lowercase) while keeping every character offset of the text."""
    if lower:
        low = text.lower()
        text = low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)
    return text if text.isascii() else text.translate(_STRIP)


_TOKEN = re.compile(r"\w+\+?")
_JOINER = re.compile(r"[\s\-‐‑–—'’.]{0,4}")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@lru_cache(maxsize=1024)
def folded_words(text: str, sensitive: bool) -> tuple[str, list[str]]:
    """The folded text and its words (shared, not to be changed): a paragraph goes through
    several matchers."""
    view = aligned_fold(text, lower=not sensitive)
    return view, _TOKEN.findall(view)


@lru_cache(maxsize=256)
def _tokens(view: str) -> list[re.Match]:
    """The words of a folded text with their places (shared, not to be changed): read only
    where a matcher finds a name, and then often by the next matcher too."""
    return list(_TOKEN.finditer(view))


def _positions(words: list[str], wanted: set[str]) -> list[int]:
    """Where the wanted words stand in words, in order (list.index scans at C speed)."""
    found = []
    for word in wanted:
        i = words.index(word)
        while True:
            found.append(i)
            try:
                i = words.index(word, i + 1)
            except ValueError:
                break
    return sorted(found)


class NameMatcher:
    """Finds any of a set of names in text, leftmost-longest, mapping each to a value.

    Names are compared word by word, so spaces, hyphens, dashes, apostrophes and periods
    between words may differ ("Colombie Britannique", "Colombie-Britannique"). A name that
    ends with "-" is a prefix ("franco-" in "franco-québécois").
    """

    def __init__(self, names: Iterable[tuple[str, str]]):
        # first word -> [(all words, is a prefix, value)], longest first; one table per case mode
        self._tables: tuple[dict, dict] = ({}, {})
        for name, value in names:
            name = name.strip()
            sensitive = _is_acronym(name)
            words = tuple(_TOKEN.findall(aligned_fold(name, lower=not sensitive)))
            if words:
                entry = (words, name.endswith("-"), value)
                self._tables[sensitive].setdefault(words[0], []).append(entry)
        for table in self._tables:
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions, leftmost first, the longest name winning a tie."""
        found: list[Mention] = []
        for sensitive, table in enumerate(self._tables):
            if not table:
                continue
            view, words = folded_words(text, bool(sensitive))
            if table.keys().isdisjoint(words):
                continue              # most text names nothing: no need for the words' positions
            tokens = _tokens(view)
            for i in _positions(words, table.keys() & set(words)):
                for names, prefix, value in table[words[i]]:
                    end = self._match(view, tokens, words, i, names, prefix)
                    if end is not None:
                        found.append(Mention(tokens[i].start(), end, value))
                        break
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept

    @staticmethod
    def _match(view, tokens, words, i, names, prefix) -> int | None:
        last = i + len(names) - 1
        if words[i:last + 1] != list(names):
            return None
        for a, b in zip(tokens[i:last], tokens[i + 1:last + 1]):
            if not _JOINER.fullmatch(view, a.end(), b.start()):
                return None
        end = tokens[last].end()
        if prefix:
            return end + 1 if view[end:end + 1] in ("-", "‐", "‑") and view[end + 1:end + 2].isalpha() else None
        return end


@dataclass(frozen=True)
class Gazetteer:
    """The two data files, loaded: lookups by any alias and text matchers."""

    organisations: dict[str, str]      # lookup key -> canonical name
    regions: dict[str, Region]         # region key -> Region
    region_names: dict[str, str]       # lookup key -> region key
    org_matcher: NameMatcher
    region_matcher: NameMatcher
    code_matcher: NameMatcher          # postal codes, only meaningful in datelines
    known_regions: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, organisations_file=ORGANISATIONS_FILE, regions_file=REGIONS_FILE) -> "Gazetteer":
        """Read both TOML files; raises ValueError naming the file on a malformed entry."""
        org_names: list[tuple[str, str]] = []
        for entry in _read(organisations_file, "organisation"):
            name = _required(entry, "name", organisations_file)
            org_names += [(alias, name) for alias in [name, *_strings(entry, "aliases", organisations_file)]]
        regions, region_names, codes = {}, [], []
        for entry in _read(regions_file, "region"):
            key = _required(entry, "key", regions_file)
            regions[key] = Region(key, entry.get("en", key), entry.get("fr", key), entry.get("kind", ""))
            labels = [key, regions[key].en, regions[key].fr] if entry.get("match_labels", True) else []
            region_names += [(alias, key) for alias in [*labels, *_strings(entry, "aliases", regions_file)]]
            codes += [(code, key) for code in _strings(entry, "codes", regions_file)]
        return cls(
            organisations={lookup_key(a): n for a, n in org_names},
            regions=regions,
            region_names={lookup_key(a): k for a, k in [*region_names, *((k, k) for k in regions)]},
            org_matcher=NameMatcher(org_names),
            region_matcher=NameMatcher(region_names),
            code_matcher=NameMatcher(codes),
        )


def _read(path, table: str) -> list[dict]:
    with open(path, "rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path}: {error}") from None
    return data.get(table, [])


def _required(entry: dict, field: str, path) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{path}: an entry has no {field!r}: {entry}")
    return value.strip()


def _strings(entry: dict, field: str, path) -> list[str]:
    values = entry.get(field, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{path}: {field!r} must be a list of strings in {entry}")
    return values


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the package's data files, loaded once per process."""
    return Gazetteer.load()


def canonical_partner(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """Canonical organisation name for a name or alias in either language, or None.

    "Maryland Tech Council (MTC)" is looked up as a whole, then as name, then as acronym.
    """
    organisations = (gazetteer or default_gazetteer()).organisations
    found = organisations.get(lookup_key(name))
    both = re.fullmatch(r"\s*(.+?)\s*\(\s*([^()]+?)\s*\)\s*", name)
    if found is None and both:
        found = organisations.get(lookup_key(both.group(1))) or organisations.get(lookup_key(both.group(2)))
    return found


def canonical_region(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """Region key for a name, alias or code ("Québec", "quebec", "QC" -> "Quebec"), or None."""
    gazetteer = gazetteer or default_gazetteer()
    known = gazetteer.known_regions
    if name in known:
        return known[name]
    key = gazetteer.region_names.get(lookup_key(name))
    if key is None:
        code = name.strip().rstrip(".")
        mentions = gazetteer.code_matcher.find(code)
        if len(mentions) == 1 and mentions[0].end - mentions[0].start == len(code):
            key = mentions[0].value
    if len(known) >= 65536:       # capitalised phrases are many: keep the most recent
        known.clear()
    known[name] = key
    return key


def region_label(key: str, ui_lang: str) -> str:
    """Label of a region key in the interface language; unknown keys come back unchanged."""
    region = default_gazetteer().regions.get(key)
    if region is None:
        return key
    return region.fr if ui_lang.startswith("fr") else region.en



