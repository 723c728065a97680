"""The raw material of the bench corpus: paragraph templates and name lists.

Real releases (seeds/ and any --paragraphs folder) are cut into paragraphs;
in each paragraph the organisations, regions and people are replaced by
numbered slots ("\\x00O0\\x00", "\\x00R1\\x00", "\\x00P0\\x00") so that the
generator can fill them with other names. Organisations and regions come from
the package's data files when present, else from names mined from the releases.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "seeds"
SLOT = "\x00"
MAX_ORG_SLOTS = 3

# Given names seen in releases of this world (bench data only: the corpus
# varies people by combining them with the surnames below).
FIRST_NAMES = (
    "Benoit Benoît Martine Kendalle Marie Jean Pierre Sophie Julie Louis Nathalie Isabelle François "
    "Catherine Michel Sylvie Luc Caroline Éric Geneviève Mathieu Chantal André Valérie Philippe "
    "Sarah Michael David Jennifer Robert Emily James Laura Daniel Karen Thomas Rachel Andrew Linda "
    "Steven Megan Kevin Anne Paul Hélène Frédéric Amélie Yves Diane Stéphane Mélanie").split()
LAST_NAMES = (
    "Larose Hébert Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet "
    "Pelletier Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu "
    "Cloutier Dubé Poirier Fournier Lapointe Leclerc Smith Johnson Williams Brown Jones Miller "
    "Davis Wilson Anderson Taylor Moore Martin Jackson Thompson White Harris Clark Lewis Walker "
    "Young Allen King Wright Scott Green Baker Adams Nelson Carter Mitchell O'Connell Burlin").split()
CITIES = ("MONTRÉAL", "QUÉBEC", "LAVAL", "SHERBROOKE", "BROMONT", "GATINEAU", "TORONTO", "OTTAWA",
          "VANCOUVER", "CALGARY", "HALIFAX", "BOSTON", "CAMBRIDGE", "BALTIMORE", "MADISON", "CHICAGO",
          "NEW YORK", "SAN DIEGO", "PARIS", "LYON", "STRASBOURG", "BRUXELLES", "LONDON", "MUNICH")


@dataclass(frozen=True)
class Template:
    """One paragraph with slots for names; `lead` if it opened its release."""

    lang: str
    text: str
    lead: bool
    about: bool


@dataclass(frozen=True)
class Material:
    """Everything the generator draws from."""

    templates: tuple[Template, ...]
    organisations: tuple[str, ...]           # canonical names
    regions: tuple[tuple[str, str], ...]     # (en label, fr label)
    cities: tuple[str, ...]

    def pick(self, lang: str, lead: bool = False, about: bool = False) -> tuple[Template, ...]:
        """Templates of one language and kind."""
        return tuple(t for t in self.templates if t.lang == lang and t.lead == lead and t.about == about)


def load_material(paragraph_dirs: Iterable[str | Path] = ()) -> Material:
    """Templates from seeds/ and the given folders; names from the data files."""
    organisations = _data_organisations()
    regions = _data_regions()
    files = sorted(SEEDS_DIR.glob("*.txt"))
    for folder in paragraph_dirs:
        files += sorted(Path(folder).rglob("*.txt"))
    releases = [r for r in map(_load, files) if r is not None]
    if not organisations:
        organisations = _mined_organisations(releases)
    if not regions:
        regions = (("Quebec", "Québec"), ("Ontario", "Ontario"), ("Massachusetts", "Massachusetts"),
                   ("Maryland", "Maryland"), ("Wisconsin", "Wisconsin"))
    org_names = _org_names(organisations)
    region_names = sorted({n for pair in regions for n in pair}, key=len, reverse=True)
    cities = tuple(dict.fromkeys([*CITIES, *(r.dateline.city.split(",")[0].upper()
                                             for r, _ in releases if r.dateline)]))
    templates: list[Template] = []
    for release, lang in releases:
        templates += _templates(release, lang, org_names, region_names)
    return Material(tuple(templates), tuple(organisations), tuple(regions), cities)


def _load(path: Path):
    from searchapp.ingest.documents import InvalidRelease, load_release
    from searchapp.ingest.language import detect_release_language

    try:
        release = load_release(path)
    except InvalidRelease:
        return None
    lang = detect_release_language(release.paragraphs, release.header.get("lang")).lang
    return (release, lang) if lang in ("fr", "en") else None


def _data_organisations() -> list[str]:
    try:
        with open(DATA_DIR / "organisations.toml", "rb") as handle:
            entries = tomllib.load(handle).get("organisation", [])
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [e["name"] for e in entries if isinstance(e.get("name"), str)]


def _data_regions() -> list[tuple[str, str]]:
    try:
        with open(DATA_DIR / "regions.toml", "rb") as handle:
            entries = tomllib.load(handle).get("region", [])
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [(e.get("en", e["key"]), e.get("fr", e["key"])) for e in entries
            if isinstance(e.get("key"), str) and e.get("match_labels", True)]


def _mined_organisations(releases) -> list[str]:
    """Fallback: the names that "About X" / "À propos de X" headings introduce."""
    found = Counter()
    for release, _ in releases:
        for para in release.about:
            match = re.match(r"(?:about|à propos d(?:e|’|')\s*)\s*(.{2,60})$", para, re.IGNORECASE)
            if match:
                found[match.group(1).strip()] += 1
    return [name for name, _ in found.most_common()] or ["BIOQuébec"]


def _org_names(organisations: list[str]) -> list[str]:
    names = set(organisations)
    try:
        with open(DATA_DIR / "organisations.toml", "rb") as handle:
            for entry in tomllib.load(handle).get("organisation", []):
                names.update(a for a in entry.get("aliases", []) if len(a) > 2)
    except (OSError, tomllib.TOMLDecodeError):
        pass
    return sorted(names, key=len, reverse=True)


def _templates(release, lang: str, org_names: list[str], region_names: list[str]) -> list[Template]:
    """Slot the names of one release's paragraphs, slot numbers shared across the release."""
    paragraphs = list(release.body) + list(release.about)
    org_re = _alternation(org_names)
    region_re = _alternation(region_names)
    person_re = re.compile(r"\b(?:%s)(?:\s+[A-ZÀ-Ý][\w’'-]+){1,2}" % "|".join(map(re.escape, FIRST_NAMES)))
    text = "\n".join(paragraphs)
    orgs = [name for name, _ in Counter(org_re.findall(text)).most_common()] if org_re else []
    regions = [name for name, _ in Counter(region_re.findall(_without(text, org_re))).most_common()] \
        if region_re else []
    people = list(dict.fromkeys(person_re.findall(text)))
    out = []
    for i, para in enumerate(paragraphs):
        if org_re:
            para = org_re.sub(lambda m: _slot("O", min(orgs.index(m.group(0)), MAX_ORG_SLOTS - 1)), para)
        para = person_re.sub(lambda m: _slot("P", people.index(m.group(0)) % 3), para)
        if region_re:
            para = region_re.sub(lambda m: _slot("R", 0 if regions[:1] == [m.group(0)] else 1), para)
        if len(para) >= 60:
            out.append(Template(lang, para, lead=i == 0, about=i >= len(release.body)))
    return out


def _alternation(names: list[str]) -> re.Pattern | None:
    if not names:
        return None
    return re.compile(r"(?<![\w\x00])(?:%s)(?![\w])" % "|".join(map(re.escape, names)))


def _without(text: str, pattern: re.Pattern | None) -> str:
    return pattern.sub(" ", text) if pattern else text


def _slot(kind: str, number: int) -> str:
    return f"{SLOT}{kind}{number}{SLOT}"
