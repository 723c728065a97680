"""Map what a user typed as a filter value to the values the index holds.

Partner and region filters accept the canonical name or any alias, in either
language, case- and accent-insensitively.
"""
from __future__ import annotations

from typing import Iterable

from searchapp.text.folding import fold
from searchapp.extract.gazetteer import canonical_partner, canonical_region, region_label  # noqa: F401  (labels for the pages)
from searchapp.extract.people import person_key
from searchapp.extract.types import RELEASE_TYPES, canonical_type  # noqa: F401  (names for the pages)

_LANG_NAMES = {"french": "fr", "francais": "fr", "anglais": "en", "english": "en"}


def resolve_values(name: str, values: Iterable[str], cache) -> list[str]:
    """Indexed values for the typed ones (unknown ones are kept as typed, matching nothing)."""
    key = person_key if name == "speaker" else fold
    indexed = {key(v): v for v in cache.docs_by_value.get(name, {})}
    resolved = []
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        resolved.append(indexed.get(key(_canonical(name, value)), _canonical(name, value)))
    return resolved


def _canonical(name: str, value: str) -> str:
    if name == "partner":
        return canonical_partner(value) or value
    if name == "region":
        return canonical_region(value) or value
    if name == "type":
        return canonical_type(value) or value
    if name == "lang":
        return _LANG_NAMES.get(fold(value), fold(value))
    return value


def indexed_value(index, name: str, typed: str) -> str | None:
    """The value a facet of the index holds for what was typed (any alias or spelling), or None
    when the index holds no such value (a partner or speaker page that does not exist)."""
    cache = index.engine.snapshot().facets
    resolved = resolve_values(name, [typed], cache)
    return resolved[0] if resolved and resolved[0] in cache.docs_by_value.get(name, {}) else None
