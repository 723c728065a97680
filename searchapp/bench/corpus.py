"""A deterministic archive of press releases for the bench.

Release k is a function of (seed, k) only: its own random generator picks
the language (about 60 % French), a date in 2000-2026 (more releases in
recent years, as archives grow), a dateline style, an organisation for the
Quebec side and partners (from the data files and, more and more rarely, from
an open-ended list of invented organisations), regions, people, numbers, a
target size of 1-8 KB and the paragraph templates that fill it. Every twelfth
release is a translation of the one before it (same names, dates and
numbers, the other language), so pairing and collapsing have work to do.
Invented product names drawn from a long-tailed distribution make the
vocabulary grow with the archive, as real archives do.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from searchapp.bench.sources import SLOT, Material, FIRST_NAMES, LAST_NAMES

FRENCH_SHARE = 0.6
TWIN_EVERY = 12
FIRST_YEAR, LAST_YEAR = 2000, 2026
MIN_BYTES, MAX_BYTES, MODE_BYTES = 1024, 8 * 1024 - 256, 3500
SYLLABLES = ("ka ra no vi te lo mi sa de ri ta ne po lu xe zo fa bi cu ge ha ji mo pe qui "
             "sta tri vel cor dan ex gen lix mar ton vas bel cin dor").split()
ORG_SUFFIXES = ("Bio", "Health", "Santé", "Pharma", "Therapeutics", "Biotech", "Medical", "Innovation",
                "Alliance", "Labs", "Diagnostics", "Genomics")
MONTHS = {"fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
          "en": "January February March April May June July August September October November December".split()}
HEADLINES = {
    "fr": ("{O0} et {O1} signent une entente de collaboration",
           "{O0} et {O1} unissent leurs forces en sciences de la vie",
           "Nouveau partenariat entre {O0} et {O1} pour {X}",
           "{O0} annonce un investissement de {N} millions de dollars dans {X}",
           "{O1} et {O0} renouvellent leur protocole d'entente"),
    "en": ("{O0} and {O1} sign a collaboration agreement",
           "{O0} and {O1} join forces in the life sciences",
           "New partnership between {O0} and {O1} to advance {X}",
           "{O0} announces a {N} million dollar investment in {X}",
           "{O1} and {O0} renew their memorandum of understanding"),
}
TERM_SENTENCES = {
    "fr": ("Le programme {X} sera déployé dès {Y}.", "La plateforme {X} a été présentée aux membres.",
           "Le projet {X} réunit {N} entreprises.", "Les essais cliniques de {X} débuteront en {Y}."),
    "en": ("The {X} program will roll out in {Y}.", "The {X} platform was presented to members.",
           "The {X} project brings together {N} companies.", "Clinical trials of {X} will begin in {Y}."),
}
_NUMBER = re.compile(r"(?<!\x00[ORP])\d+")


def invented_word(rank: int) -> str:
    """A pronounceable, capitalised word unique to its rank (names of products, firms)."""
    parts, n = [], rank + len(SYLLABLES)
    while n:
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def invented_term(rank: int) -> str:
    """The rank-th invented product name; rank 0 is the most frequent."""
    return invented_word(rank + 7919) + "x"


def invented_organisation(rank: int) -> str:
    return f"{invented_word(rank)} {ORG_SUFFIXES[rank % len(ORG_SUFFIXES)]}"


def person(rank: int) -> str:
    first = FIRST_NAMES[rank % len(FIRST_NAMES)]
    return f"{first} {LAST_NAMES[(rank // len(FIRST_NAMES) + rank) % len(LAST_NAMES)]}"


def long_tail(rng: random.Random, space: int, alpha: float = 1.2) -> int:
    """A rank in [0, space): rank 0 most frequent, then a power-law tail."""
    return min(space - 1, int(rng.paretovariate(alpha)) - 1)


def release_name(k: int, lang: str) -> str:
    return f"{k // 1000:04d}/{k:07d}-{lang}.txt"


def story(seed: int, k: int, material: Material) -> dict:
    """The facts of release k (shared with its translation)."""
    rng = random.Random(f"story:{seed}:{k}")
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year = rng.choices(years, weights=[1 + i for i in range(len(years))])[0]
    orgs = material.organisations
    host = orgs[long_tail(rng, min(20, len(orgs)), 1.0)]
    partners = [orgs[rng.randrange(len(orgs))] if rng.random() < 0.35
                else invented_organisation(long_tail(rng, 5000, 0.6)) for _ in range(2)]
    regions = material.regions
    home = regions[0] if rng.random() < 0.8 else regions[rng.randrange(min(13, len(regions)))]
    away = regions[long_tail(rng, len(regions), 0.5)]
    return {
        "lang": "fr" if rng.random() < FRENCH_SHARE else "en",
        "year": year, "month": rng.randint(1, 12), "day": rng.randint(1, 28),
        "orgs": [host, *partners], "regions": [home, away],
        "people": [person(long_tail(rng, 40000, 0.5)) for _ in range(3)],
        "terms": [invented_term(long_tail(rng, 200000, 0.45)) for _ in range(rng.randint(1, 3))],
        "numbers": [rng.choice((2, 3, 5, 12, 25, 40, 150, 1200)) * rng.randint(1, 9) for _ in range(8)],
        "city": material.cities[long_tail(rng, len(material.cities), 0.8)],
        "style": rng.choice(("wire", "wire", "cnw", "plain")),
        "header": rng.random(), "size": int(rng.triangular(MIN_BYTES, MAX_BYTES, MODE_BYTES)),
    }


def generate_release(seed: int, k: int, material: Material) -> tuple[str, str]:
    """(relative file name, text) of release k."""
    twin = k % TWIN_EVERY == 1
    facts = story(seed, k - 1 if twin else k, material)
    lang = facts["lang"]
    if twin:
        lang = "en" if lang == "fr" else "fr"
    rng = random.Random(f"text:{seed}:{k}")
    fill = _filler(facts, lang)
    lead = fill(rng.choice(material.pick(lang, lead=True)).text)
    paragraphs = [_dateline(facts, lang) + lead]
    abouts = [f"{'À propos de' if lang == 'fr' else 'About'} {facts['orgs'][0]}",
              fill(rng.choice(material.pick(lang, about=True)).text.replace(f"{SLOT}O1{SLOT}", facts['orgs'][0]))]
    budget = facts["size"] - sum(len(p.encode()) + 2 for p in paragraphs + abouts)
    body = list(material.pick(lang))
    rng.shuffle(body)
    for template in body * 3:
        text = fill(template.text)
        if len(text.encode()) + 2 > budget:
            break
        paragraphs.append(text)
        budget -= len(text.encode()) + 2
    sentences = TERM_SENTENCES[lang]
    for term in facts["terms"]:
        i = rng.randrange(len(paragraphs))
        paragraphs[i] += " " + fill(rng.choice(sentences).replace("{X}", term))
    header = ""
    if facts["header"] < 0.75:
        header = f" date {facts['year']}-{facts['month']:02d} "
    elif facts["header"] < 0.9:
        header = f" date {facts['year']}-{facts['month']:02d}-{facts['day']:02d} "
    if rng.random() < 0.4:
        headline = fill(rng.choice(HEADLINES[lang]).replace("{X}", facts["terms"][0]))
        paragraphs.insert(0, headline)
    trailer = [_timestamp(facts, lang)] if rng.random() < 0.5 else []
    text = header + "\n\n".join(paragraphs + abouts + trailer) + "\n"
    return release_name(k, lang), text


def _filler(facts: dict, lang: str):
    """A function that fills the slots and numbers of a template for this release."""
    names = {f"O{i}": name for i, name in enumerate(facts["orgs"])}
    names.update({f"R{i}": pair[1 if lang == "fr" else 0] for i, pair in enumerate(facts["regions"])})
    names.update({f"P{i}": name for i, name in enumerate(facts["people"])})
    slot = re.compile(f"{SLOT}([ORP]\\d){SLOT}|\\{{([NY])\\}}")
    numbers: dict[str, str] = {}

    def number(match: re.Match) -> str:
        original = match.group(0)
        if original not in numbers:
            value = int(original)
            if 1950 <= value <= 2030 and len(original) == 4:
                numbers[original] = str(min(facts["year"] + 1, max(1990, value - 2024 + facts["year"])))
            else:
                numbers[original] = str(facts["numbers"][len(numbers) % len(facts["numbers"])])
        return numbers[original]

    def one(match: re.Match) -> str:
        key = match.group(1) or match.group(2)
        if key == "N":
            return str(facts["numbers"][0])
        if key == "Y":
            return str(facts["year"] + 1)
        return names.get(key, facts["orgs"][0])

    def fill(text: str) -> str:
        text = re.sub(r"\{([ORP]\d)\}", f"{SLOT}\\1{SLOT}", text)
        return slot.sub(one, _NUMBER.sub(number, text))
    return fill


def _dateline(facts: dict, lang: str) -> str:
    city, style = facts["city"], facts["style"]
    month = MONTHS[lang][facts["month"] - 1]
    if style == "wire":
        return f"{city}--(BUSINESS WIRE)--"
    if style == "cnw":
        when = (f"le {facts['day']} {month} {facts['year']}" if lang == "fr"
                else f"{month} {facts['day']}, {facts['year']}")
        return f"{city.title()}, {when} /CNW/ - "
    return ""


def _timestamp(facts: dict, lang: str) -> str:
    month = MONTHS[lang][facts["month"] - 1]
    if lang == "fr":
        return f"{facts['day']} {month} {facts['year']} à 18:05"
    return f"{facts['day']} {month} {facts['year']} at 6:05 PM"


def write_corpus(folder: str | Path, count: int, seed: int, material: Material,
                 start: int = 0) -> list[Path]:
    """Write releases start..start+count-1 under folder; returns their paths."""
    folder = Path(folder)
    paths = []
    for k in range(start, start + count):
        name, text = generate_release(seed, k, material)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
