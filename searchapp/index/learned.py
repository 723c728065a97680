"""Organisations the archive learns from its own releases, kept with the index.

A release that defines a name ("Canada Economic Development for Quebec Regions (CED)")
or describes an organisation in an "About" section teaches it to the whole archive:
at the next reindex, a release that only says "CED", or names the organisation in the
other language, gets the same canonical name. Names are grouped by their
language-neutral key (`org_key`) and by a shared acronym; the form most releases use is
the canonical name, every other form and acronym an alias. The data file stays where
staff correct names: an alias it knows keeps its name.

Kept per source file, so that an update reads only the releases that changed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.extract.gazetteer import Gazetteer, default_gazetteer, lookup_key
from searchapp.extract.orgkeys import org_key

LEARNED_FILE = "learned_organisations"


@dataclass
class LearnedOrganisation:
    name: str
    aliases: list[str]
    releases: int


@dataclass
class Learned:
    organisations: list[LearnedOrganisation] = field(default_factory=list)

    def aliases(self) -> list[tuple[str, str]]:
        """(alias, canonical name) pairs, the canonical name itself included."""
        return [(alias, o.name) for o in self.organisations for alias in [o.name, *o.aliases]]


def learn(defined: dict[str, tuple[tuple[str, ...], ...]], gazetteer: Gazetteer | None = None) -> Learned:
    """Group what each source defines into organisations: {source: ((name, acronym), ...)}."""
    gazetteer = gazetteer or default_gazetteer()
    forms: dict[str, Counter] = {}           # key -> written forms, counted once per release
    acronyms: dict[str, Counter] = {}        # key -> acronyms
    for entries in defined.values():
        for key, name, acronym in {(org_key(n, gazetteer), n.strip(), a.strip()) for n, a, *_ in entries}:
            if not key or not name:
                continue
            forms.setdefault(key, Counter())[name] += 1
            if acronym:
                acronyms.setdefault(key, Counter())[acronym] += 1
    groups = _join_by_acronym(forms, acronyms)
    learned = []
    for keys in groups:
        written = sum((forms[k] for k in keys), Counter())
        letters = sum((acronyms.get(k, Counter()) for k in keys), Counter())
        name = sorted(written, key=lambda n: (-written[n], -len(n), n))[0]
        aliases = sorted({*written, *letters} - {name})
        learned.append(LearnedOrganisation(name, aliases, max(written.values())))
    learned.sort(key=lambda o: (-o.releases, lookup_key(o.name)))
    return Learned(learned)


def _join_by_acronym(forms: dict[str, Counter], acronyms: dict[str, Counter]) -> list[list[str]]:
    """Keys that share an acronym and a word are one organisation ("Canadien National (CN)",
    "Canadian National Railway (CN)"); an acronym shared by unrelated names joins nothing."""
    parent = {key: key for key in forms}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    by_acronym: dict[str, list[str]] = {}
    for key, counted in acronyms.items():
        for acronym in counted:
            by_acronym.setdefault(acronym, []).append(key)
    for keys in by_acronym.values():
        for other in keys[1:]:
            if set(keys[0].split()) & set(other.split()):
                parent[root(other)] = root(keys[0])
    groups: dict[str, list[str]] = {}
    for key in forms:
        groups.setdefault(root(key), []).append(key)
    return list(groups.values())


def load(generation: Path | None) -> dict[str, tuple]:
    """{source: what it defines} saved with a generation ({} if none)."""
    from searchapp.index import storage

    saved = storage.load_beside(generation, LEARNED_FILE) if generation is not None else None
    sources = saved.get("sources") if saved else None
    return dict(sources) if isinstance(sources, dict) else {}


def save(generation: Path, sources: dict[str, tuple]) -> None:
    from searchapp.index import storage

    storage.save_beside(generation, LEARNED_FILE, None, {"sources": sources})
