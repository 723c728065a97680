"""One organisation, one value, in either language.

`org_key` turns a name into a key that does not depend on the language it is written
in: organisation words are mapped to one concept ("Université"/"University",
"gouvernement"/"Government", "Ville"/"City", "Administration"/"Authority"), place
names to their region key, small words and legal forms dropped, the rest folded and
sorted. "gouvernement du Québec", "Government of Quebec" and "Québec government" share
a key; so do "Université de Windsor" and "University of Windsor".

`public_body_name` gives governments and cities one display name whatever the
language ("Government of Quebec", "City of Montreal"). `about_names` reads the
organisations a release's "About X / À propos de X" sections describe.
"""
from __future__ import annotations

import re
from functools import lru_cache

from searchapp.extract.gazetteer import Gazetteer, aligned_fold, default_gazetteer

# Organisation vocabulary of both languages -> one concept. General words only, no names.
_CONCEPTS = {
    "government": "gov", "gouvernement": "gov", "govt": "gov", "state": "gov", "etat": "gov",
    "city": "city", "ville": "city", "municipality": "city", "municipalite": "city",
    "university": "univ", "universite": "univ", "universities": "univ", "universites": "univ",
    "ministry": "ministry", "ministere": "ministry", "department": "dept", "departement": "dept",
    "authority": "authority", "autorite": "authority", "administration": "authority",
    "port": "port", "portuaire": "port", "ports": "port",
    "council": "council", "conseil": "council", "agency": "agency", "agence": "agency",
    "fund": "fund", "funds": "fund", "fonds": "fund", "foundation": "foundation", "fondation": "foundation",
    "institute": "institute", "institut": "institute", "centre": "centre", "center": "centre",
    "centres": "centre", "centers": "centre", "society": "society", "societe": "society",
    "group": "group", "groupe": "group", "network": "network", "reseau": "network",
    "consulate": "consulate", "consulat": "consulate", "general": "general", "generale": "general",
    "national": "national", "nationale": "national", "canadian": "canadian", "canadien": "canadian",
    "canadienne": "canadian", "quebecois": "quebec", "quebecoise": "quebec", "research": "research",
    "recherche": "research", "health": "health", "sante": "health", "economic": "economic",
    "economique": "economic", "development": "development", "developpement": "development",
    "chamber": "chamber", "chambre": "chamber", "commission": "commission", "board": "board",
    "railway": "rail", "railways": "rail", "rail": "rail", "ferroviaire": "rail", "airlines": "air",
    "office": "office", "bureau": "office", "hospital": "hospital", "hopital": "hospital",
    "school": "school", "ecole": "school", "college": "college", "colleges": "college",
    "technologies": "technology", "technology": "technology", "technologie": "technology",
    "movement": "group", "mouvement": "group", "solidarity": "solidarity", "solidarite": "solidarity",
    "european": "europe", "europeen": "europe", "europeenne": "europe",
}
_SMALL = frozenset("of the and for de du des la le les l d et & in en pour a au aux on of".split())
_LEGAL = frozenset("inc ltd ltee llc corp co plc sa ag gmbh nv ab se limited limitee incorporated".split())
_TOKEN = re.compile(r"\w+")
_GOV, _CITY = "gov", "city"


@lru_cache(maxsize=65536)
def org_key(name: str, gazetteer: Gazetteer | None = None) -> str:
    """A key shared by the names of one organisation in French and English."""
    gazetteer = gazetteer or default_gazetteer()
    text = aligned_fold(name)
    parts: list[str] = []
    last = 0
    for mention in gazetteer.region_matcher.find(name):
        parts.append(text[last:mention.start])
        parts.append(f" §{mention.value.replace(' ', '_').lower()} ")
        last = mention.end
    parts.append(text[last:])
    words = []
    for word in _TOKEN.findall("".join(parts).replace("§", "region_")):
        if word in _SMALL or word in _LEGAL:
            continue
        words.append(_CONCEPTS.get(word, word))
    return " ".join(sorted(set(words)))


def region_in_key(key: str) -> str | None:
    """The region key a key holds (as org_key wrote it), or None."""
    found = [w for w in key.split() if w.startswith("region_")]
    return found[0][len("region_"):] if len(found) == 1 else None


def public_body_name(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """"Government of X" / "City of X" for a government or a city named in either language
    ("gouvernement du Québec", "Québec government", "Ville de Montréal"), else None."""
    gazetteer = gazetteer or default_gazetteer()
    words = org_key(name, gazetteer).split()
    if len(words) != 2 or not ({_GOV, _CITY} & set(words)):
        return None
    head = _GOV if _GOV in words else _CITY
    place = next(w for w in words if w != head)
    if place.startswith("region_"):
        region = gazetteer.regions.get(_region_key(place[len("region_"):], gazetteer))
        if region is None:
            return None
        place_name = region.en
    else:
        written = _written_place(name, place)
        if written is None:
            return None
        place_name = written
    return f"{'Government' if head == _GOV else 'City'} of {place_name}"


def _region_key(lowered: str, gazetteer: Gazetteer) -> str | None:
    for key in gazetteer.regions:
        if key.replace(" ", "_").lower() == lowered:
            return key
    return None


def _written_place(name: str, folded_place: str) -> str | None:
    """The place as the name writes it, accents removed for the English form ("Montreal")."""
    for word in re.findall(r"[^\W_]+(?:[-’'][^\W_]+)*", name):
        if aligned_fold(word) == folded_place and word[:1].isupper():
            return aligned_fold(word, lower=False)
    return None


_ABOUT = re.compile(r"^\s*(?:about|[àa]\s+propos\s+(?:de\s+(?:la\s+|l['’]\s*|le\s+)?|du\s+|des\s+|d['’]\s*))\s*(.+?)\s*:?\s*$",
                    re.IGNORECASE)


def about_names(about: tuple[str, ...] | list[str]) -> list[str]:
    """Organisations the "About" sections describe: "About X", "À propos de X", or a bare
    heading line that the next paragraph opens with."""
    names: list[str] = []
    for i, paragraph in enumerate(about):
        line = paragraph.strip()
        if len(line) > 90 or line.endswith("."):
            continue
        match = _ABOUT.match(line)
        name = match.group(1) if match else None
        if name is None and i + 1 < len(about) and about[i + 1].lstrip().startswith(line) and line[:1].isupper():
            name = line
        if name and name[:1].isupper() and name not in names:
            names.append(re.sub(r"\s*\([^()]*\)\s*$", "", name) or name)
    return names


def known_by_key(key: str, gazetteer: Gazetteer) -> str | None:
    """The canonical name of a known organisation (data file or learned) whose alias has this
    key: "Université de Windsor" finds "University of Windsor". Keys of one word are too
    loose to trust."""
    if len(key.split()) < 2:
        return None
    if not gazetteer.by_key and gazetteer.org_aliases:
        table = {}
        for alias, name in gazetteer.org_aliases:
            table.setdefault(org_key(alias, gazetteer), name)
        gazetteer.by_key.update(table)
    return gazetteer.by_key.get(key) or gazetteer.partner_keys.get(key)
