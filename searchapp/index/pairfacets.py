"""One announcement, one set of facets: the two versions of a translation pair agree.

Extraction reads each version alone, so a pair's versions may name a partner in two
languages ("Canadian National Railway", "Canadien National"), or one version may find a
region or a date the other misses. When two releases are linked, both get the same
partners (a name of one version that names the same organisation as a name of the other
is one partner) and the regions both find (all either finds when they share none); a
version without a date, or with a coarser one, takes its translation's. What each
version's own text gave is kept beside ("extracted"), so that an unlinked release gets its
own facets back, and pairing rules read only that.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from searchapp.extract.gazetteer import aligned_fold, canonical_partner, default_gazetteer
from searchapp.extract.orgkeys import org_key

FACETS = ("partners", "regions", "date")
_WORD = re.compile(r"[^\W_]+")
STEM = 4                   # words compared by their first letters: "canadian" ~ "canadien"
# Words that name a kind of organisation rather than which one it is.
_GENERIC = frozenset("""
    the of de du des la le les l d and et for pour on sur en a au aux inc ltd ltee llc corp corporation co
    company compagnie societe group groupe university universite college institute institut centre center
    government gouvernement ministry ministere department city ville port authority administration council
    conseil association foundation fondation agency agence bank banque fund fonds network reseau
    portuaire portuaires airport airports aeroport aeroports municipal municipale provincial provinciale
    federal federale
    """.split())


def own_facets(record: dict[str, Any]) -> dict[str, Any]:
    """The facets the record's own text gave (before any reconciliation with a translation)."""
    kept = record.get("extracted")
    return {name: (kept or record).get(name) for name in FACETS}


def restored(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its own facets again (it is no longer paired)."""
    if not record.get("extracted"):
        return record
    restored_record = dict(record, **own_facets(record))
    del restored_record["extracted"]
    return restored_record


def linked(record: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The record with the facets it shares with its translation `other`."""
    mine, theirs = own_facets(record), own_facets(other)
    shared = dict(shared_facets(mine, theirs, record.get("lang")), date=_finer_date(mine["date"], theirs["date"]))
    if shared == mine:
        return restored(record)
    return dict(record, **shared, extracted=mine)


def shared_facets(mine: dict[str, Any], theirs: dict[str, Any], my_lang: str | None) -> dict[str, Any]:
    """The partners and regions of a pair, the same whichever version asks (the English
    version's names first)."""
    first, second = (mine, theirs) if my_lang == "en" else (theirs, mine)
    return {"partners": merged_partners(first.get("partners") or (), second.get("partners") or ()),
            "regions": shared_regions(first.get("regions") or (), second.get("regions") or ())}


def shared_regions(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """The regions both versions find (a place that one version alone weighs enough is more
    often a passing mention than a miss of the other's), else all that either finds."""
    both = [region for region in dict.fromkeys(first) if region in set(second)]
    return both or list(dict.fromkeys([*first, *second]))


def merged_partners(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """Both lists as one: a name of `second` naming the same organisation as one of `first`
    (sharing a distinctive word) is that partner; a name the data file knows is preferred."""
    merged = list(dict.fromkeys(first))
    taken: set[int] = set()
    for name in dict.fromkeys(second):
        if name in merged:
            continue
        match = next((i for i, other in enumerate(merged) if i not in taken and same_organisation(name, other)), None)
        if match is None:
            merged.append(name)
            continue
        taken.add(match)
        if canonical_partner(name) and not canonical_partner(merged[match]):
            merged[match] = name
    return list(dict.fromkeys(merged))


def partners_agree(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two partner lists may be one announcement's: either is empty, or a name of
    one names the same organisation as a name of the other."""
    a, b = list(a), list(b)
    return not a or not b or any(same_organisation(x, y) for x in a for y in b)


def partner_stems(names: Iterable[str]) -> frozenset[str]:
    """The distinctive stems and language-neutral keys of all the names: two lists agree
    when theirs meet."""
    return frozenset().union(*(distinctive_stems(name) | {_neutral_key(name)} for name in names))


def same_organisation(a: str, b: str) -> bool:
    """"Montreal Port Authority" ~ "Administration portuaire de Montréal" ~ "Montréal";
    "University of Windsor" is not "University of Regina"."""
    return (a == b or not distinctive_stems(a).isdisjoint(distinctive_stems(b))
            or _neutral_key(a) == _neutral_key(b))


@lru_cache(maxsize=16384)
def _neutral_key(name: str) -> str:
    """orgkeys.org_key, marked so that it never meets a stem."""
    return "key:" + (org_key(name) or aligned_fold(name))


@lru_cache(maxsize=16384)
def distinctive_stems(name: str) -> frozenset[str]:
    """The stems of the words that tell which organisation a name is: not its kind
    ("University", "Port"), and not a place ("Ontario Centres of Excellence" and "Life
    Sciences Ontario" are two), unless the places are all the name has ("Montréal")."""
    gazetteer = default_gazetteer()
    places = gazetteer.region_matcher.find(name) + gazetteer.city_matcher().find(name)
    at_place = bytearray(len(name))
    for place in places:
        at_place[place.start:place.end] = b"\x01" * (place.end - place.start)
    own, placed = set(), set()
    for match in _WORD.finditer(aligned_fold(name)):
        word = match.group()
        if len(word) > 1 and word not in _GENERIC:
            (placed if at_place[match.start()] else own).add(word[:STEM])
    return frozenset(own or placed) or frozenset({aligned_fold(name)})


def _finer_date(mine: str | None, theirs: str | None) -> str | None:
    """The translation's date where this version has none or a coarser one it extends
    ("2022-04" and "2022-04-06"); otherwise this version's own."""
    if not mine or (theirs and len(theirs) > len(mine) and theirs.startswith(mine)):
        return theirs or mine
    return mine
