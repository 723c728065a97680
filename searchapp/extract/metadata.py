"""A release's facet metadata: its date, its partners, its regions, and the names it defines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from searchapp.extract.dates import release_date
from searchapp.extract.gazetteer import Gazetteer, active_gazetteer
from searchapp.extract.names import NameFinder
from searchapp.extract.orgkeys import about_names
from searchapp.extract.partners import find_partners
from searchapp.extract.regions import find_regions


_POSSESSIVE = re.compile(r"['’]s?$")
_ARTICLE = re.compile(r"^(?:(?:the|le|la|les)\s+|l['’]\s*)", re.IGNORECASE)    # "L'Agence ...": the name is "Agence ..."


@dataclass(frozen=True)
class Metadata:
    date: str | None                   # ISO at the precision found: "2023", "2024-06", "2021-03-23"
    partners: tuple[str, ...]          # canonical organisation names
    regions: tuple[str, ...]           # canonical region keys
    defined: tuple[tuple[str, ...], ...] = ()   # (name, acronym or "") the release defines: learned at reindex


def extract_metadata(release, lang: str, gazetteer: Gazetteer | None = None) -> Metadata:
    """Date, partners and regions of a release (French and English rules both apply)."""
    gazetteer = gazetteer or active_gazetteer()
    finder = NameFinder(release, gazetteer)
    return Metadata(
        date=release_date(release),
        partners=find_partners(release, finder),
        regions=find_regions(release, finder),
        defined=defined_names(release, finder),
    )


def defined_names(release, finder: NameFinder) -> tuple[tuple[str, ...], ...]:
    """What the release teaches the archive: "Long Name (ACR)" definitions and the
    organisations its "About" sections describe."""
    found = [(_ARTICLE.sub("", _POSSESSIVE.sub("", name)), acronym) for acronym, name in finder.definitions.items()]
    found += [(name, "") for name in about_names(release.about)]
    return tuple(dict.fromkeys(found))
