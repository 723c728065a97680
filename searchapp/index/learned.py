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

from searchapp.extract.gazetteer import Gazetteer, default_gazetteer, lookup_key, use_learned
from searchapp.extract.orgkeys import org_key
from searchapp.index import storage

LEARNED_FILE = "learned_organisations"


@dataclass
class LearnedOrganisation:
    name: str
    aliases: list[str]
    releases: int


@dataclass
class Learned:
    organisations: list[LearnedOrganisation] = field(default_factory=list)
    partner_keys: dict[str, str] = field(default_factory=dict)   # org_key -> the name partners go by

    def aliases(self) -> list[tuple[str, str]]:
        """(alias, canonical name) pairs, the canonical name itself included; an alias that
        two organisations share (an acronym defined twice) stands for neither."""
        pairs = [(alias, o.name) for o in self.organisations for alias in dict.fromkeys([o.name, *o.aliases])]
        owners = Counter(lookup_key(alias) for alias, _ in pairs)
        return [(alias, name) for alias, name in pairs if owners[lookup_key(alias)] == 1]


def learn(defined: dict[str, tuple[tuple[str, ...], ...]], gazetteer: Gazetteer | None = None,
          partners: dict[str, tuple[str, ...]] | None = None) -> Learned:
    """Group what each source defines into organisations: {source: ((name, acronym), ...)};
    and give the partners of every source ({source: names}) one name per organisation, so
    that "Université de Windsor" and "University of Windsor" become one value."""
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
        learned.append(LearnedOrganisation(name, aliases, sum(written.values())))
    learned.sort(key=lambda o: (-o.releases, lookup_key(o.name)))
    return Learned(learned, _partner_keys(partners or {}, gazetteer))


def _partner_keys(partners: dict[str, tuple[str, ...]], gazetteer: Gazetteer) -> dict[str, str]:
    """key -> the name most releases give it (ties: the first in alphabetical order), for
    keys written more than one way."""
    counts: dict[str, Counter] = {}
    for names in partners.values():
        for name in set(names):
            counts.setdefault(org_key(name, gazetteer), Counter())[name] += 1
    return {key: sorted(names, key=lambda n: (-names[n], n))[0]
            for key, names in counts.items() if len(names) > 1 and len(key.split()) > 1}


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
    """{source: (checksum, what it defines, its partners)} saved with a generation ({} if none)."""
    saved = storage.load_beside(generation, LEARNED_FILE) if generation is not None else None
    sources = saved.get("sources") if saved else None
    return dict(sources) if isinstance(sources, dict) else {}


def install(generation: Path | None) -> Learned:
    """Make extraction in this process (and the workers it forks) know what a generation learned."""
    sources = load(generation)
    found = learn({source: entry[1] for source, entry in sources.items()},
                  partners={source: entry[2] for source, entry in sources.items()})
    use_learned(found.aliases(), found.partner_keys)
    return found


RECORD_KEYS = ("checksum", "defined_orgs", "partners")     # what refresh reads of a stored record


def refresh(generation: Path, files: dict[str, tuple[str, str]], stored_records) -> None:
    """Bring the learned table of a generation in line with its releases: only the releases
    whose checksum changed are read (stored_records(paths) -> {path: record})."""
    saved = load(generation)
    sources = {path: saved[path] for path, (_, checksum) in files.items()
               if path in saved and saved[path][0] == checksum}
    stale = [path for path in files if path not in sources]
    for path, record in stored_records(stale).items():
        defined = tuple(tuple(entry) for entry in record.get("defined_orgs", ()))
        sources[path] = (record.get("checksum"), defined, tuple(record.get("partners", ())))
    storage.save_beside(generation, LEARNED_FILE, None, {"sources": sources})


def organisation_counts(generation: Path | None, gazetteer: Gazetteer | None = None) -> list[tuple[str, str, int, int]]:
    """(name, "learned" or "data file", releases defining it, releases listing it as a partner),
    for `searchapp orgs`: learned names first, most defined first, then the data file's."""
    gazetteer = gazetteer or default_gazetteer()
    sources = load(generation)
    partnered = Counter(p for entry in sources.values() for p in set(entry[2]))
    rows = [(o.name, "learned", o.releases, partnered.get(o.name, 0))
            for o in learn({s: e[1] for s, e in sources.items()}, gazetteer).organisations
            if lookup_key(o.name) not in gazetteer.organisations]
    names = dict.fromkeys(name for _, name in gazetteer.org_aliases)
    rows += sorted(((name, "data file", 0, partnered.get(name, 0)) for name in names), key=lambda r: (-r[3], r[0]))
    return rows
