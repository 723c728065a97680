"""Cognates: the spellings a French word of the field takes in English, and back.

Much of the field's vocabulary differs between the languages only by a regular ending once
accents are folded (biotechnologie/biotechnology, économique/economic, université/university,
directeur/director, organisation/organization). These rules propose candidates; a candidate is
only used when the archive's other-language text holds it (index/expansion.py checks), which
is what keeps precision: `santé` gives `santy`, which no English release contains.
"""
from __future__ import annotations

from searchapp.text.folding import fold

MIN_CHARS = 6            # short words are too often false friends (`car`, `or`, `pain`)

# (French ending, English ending), folded; the longest French ending that applies wins.
ENDINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"), ("iser", "ize"),
    ("ologie", "ology"), ("ographie", "ography"), ("onomie", "onomy"), ("ie", "y"), ("emie", "emic"),
    ("iques", "ics"), ("ique", "ic"), ("ique", "ical"),
    ("ite", "ity"), ("te", "ty"),
    ("eur", "or"),
    ("if", "ive"),
    ("iste", "ist"), ("isme", "ism"),
    ("oire", "ory"), ("aire", "ary"), ("aire", "ar"),
    ("iel", "ial"), ("uel", "ual"), ("el", "al"), ("elle", "al"),
    ("eux", "ous"), ("euse", "ous"),
    ("ee", "y"),
)

# Near-identical pairs that mean something else: never proposed (either direction).
FALSE_FRIENDS = frozenset({
    ("actuel", "actual"), ("actuelle", "actual"), ("eventuel", "eventual"), ("eventuelle", "eventual"),
    ("librairie", "library"), ("sensible", "sensible"), ("formidable", "formidable"),
    ("organisme", "organism"), ("location", "location"), ("assistance", "assistance"),
    ("journee", "journey"), ("monnaie", "money"), ("patron", "patron"), ("entree", "entry"),
    ("conducteur", "conductor"), ("lecteur", "lector"), ("compagnie", "company"),
    ("societe", "society"), ("facilite", "facility"), ("honoraire", "honorary"), ("supplie", "supply"), ("collectivite", "collectivity"),
})


def _singular(word: str, lang: str) -> str:
    if lang == "en" and len(word) > MIN_CHARS and word.endswith("ies"):
        return word[:-3] + "y"        # English: technologies, laboratories
    if len(word) > MIN_CHARS and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def candidates(word: str, source_lang: str) -> tuple[str, ...]:
    """The other language's spellings of a word by the ending rules, folded, best first.

    Words shorter than MIN_CHARS, with digits or capitals (names, acronyms) get none.
    """
    if len(word) < MIN_CHARS or not word.isalpha() or not word.islower():
        return ()
    base = _singular(fold(word), source_lang)
    found: list[str] = []
    for fr_end, en_end in ENDINGS:
        source, target = (fr_end, en_end) if source_lang == "fr" else (en_end, fr_end)
        if base.endswith(source) and len(base) - len(source) >= 3:
            candidate = base[: len(base) - len(source)] + target
            pair = (base, candidate) if source_lang == "fr" else (candidate, base)
            if candidate != base and candidate not in found and pair not in FALSE_FRIENDS:
                found.append(candidate)
    return tuple(found)
