"""The long form an acronym stands for: "Long Form (ACR)" as releases write it.

Its initials spell the acronym ("Administration portuaire du détroit de Northumberland
(APDN)"), or it is the capitalised phrase or the French-style name right before the
parenthesis (a translated long form: "Canada Economic Development (DEC)").
"""
from __future__ import annotations

import re
from functools import lru_cache

from searchapp.extract.bodies import headed_names
from searchapp.extract.gazetteer import aligned_fold
from searchapp.extract.orgwords import LEGAL_FORM

CONNECTORS = frozenset("of for the de du des la le l' d' en sur on & del della di da der van von".split())
CLAUSE = re.compile(r"(?:(?<=[,;:!?])|(?<=\.)(?<!\bSt\.)(?<!\bSte\.)(?<!\bMt\.)(?<!\bFt\.))\s")   # not "St. Lawrence"
ELISION = re.compile(r"^[ldjmnstc]['’]", re.IGNORECASE)
LEGAL_SUFFIX = re.compile(LEGAL_FORM)


fold_word = lru_cache(maxsize=65536)(aligned_fold)   # words recur: fold each once
_LOWER_THEN_UPPER = re.compile(r"[a-z]+[A-Z]")
_ELIDED_LETTERS = frozenset("ldjmnstcLDJMNSTC")
_OF_PLACE = frozenset(("of", "du", "de"))       # a place after the letters: "... of Canada (NSERC)"


@lru_cache(maxsize=65536)
def capitalised(token: str) -> bool:
    """Starts with a capital, after any elided article ("l'Ontario"), or is camel-cased ("adMare")."""
    if len(token) >= 2 and token[1] in "'’" and token[0] in _ELIDED_LETTERS:
        token = token[2:]
    return token[:1].isupper() or bool(_LOWER_THEN_UPPER.match(token))


def initials_form(acronym: str, before: str) -> str | None:
    """The words before "(ACR)" whose initials spell the acronym, small words skipped
    ("Administration portuaire du détroit de Northumberland (APDN)": "de" may be skipped or
    spell a letter; both are tried)."""
    letters = [c for c in aligned_fold(acronym) if c.isalnum()]
    words = CLAUSE.split(before[-300:])[-1].split()[-3 * len(letters) - 4:]
    folded = [aligned_fold(ELISION.sub("", w)) for w in words]
    small = [aligned_fold(w) in CONNECTORS | {"and", "et", "in", "on", "a"} or not f[:1].isalnum()
             or bool(LEGAL_SUFFIX.fullmatch(f.rstrip(","))) for w, f in zip(words, folded)]     # "Acme Nordique inc. (AN)"

    def start(i: int, k: int) -> int | None:
        """Where the form starts when words[:i] must spell letters[:k] (from the end)."""
        if k == 0:
            return i
        if i == 0:
            return None
        if folded[i - 1][:1] == letters[k - 1]:
            found = start(i - 1, k - 1)
            if found is not None:
                return found
        parts = [part[:1] for part in folded[i - 1].split("-") if part and part not in CONNECTORS]    # "Centre-du-Québec"
        if len(parts) > 1 and k >= len(parts) and parts == letters[k - len(parts):k]:    # "Trois-Rivières": T, R
            found = start(i - 1, k - len(parts))
            if found is not None:
                return found
        return start(i - 1, k) if small[i - 1] else None

    first = start(len(words), len(letters))
    if first is None and len(words) > 2 and folded[-2] in _OF_PLACE:
        first = start(len(words) - 2, len(letters))     # "... Research Council of Canada (NSERC)"
    if first is None and words and words[-1][:1].isupper():      # the tail ends with a name: "... du Québec"
        first = _spelled_first(letters, folded, small)
    return ELISION.sub("", " ".join(words[first:])) if first is not None and first < len(words) else None


_TAIL_START = frozenset("pour for of de du des en in sur on".split())
TAIL_WORDS = 6               # "Développement économique Canada [pour les régions du Québec] (DEC)"


def _spelled_first(letters: list[str], folded: list[str], small: list[bool]) -> int | None:
    """Where the acronym's letters open the long form and a complement ends it: the words
    from there spell the letters, then a small word starts a tail of a few words."""
    for i in range(max(0, len(folded) - len(letters) * 2 - TAIL_WORDS), len(folded)):
        k, j = 0, i
        while j < len(folded) and k < len(letters):
            if folded[j][:1] == letters[k]:
                k += 1
            elif not small[j] or j == i:
                break
            j += 1
        if k == len(letters) and j < len(folded) and folded[j] in _TAIL_START and len(folded) - j <= TAIL_WORDS:
            return i
    return None


def headed_before(acronym: str, before: str, any_letter: bool = False) -> str | None:
    """A French-style name ending right before "(ACR)" and starting with the acronym's first
    letter ("Association québécoise des bioindustries (AQBI)"), or with any letter when the
    acronym spells no initials ("Aéroport international Jean-Lesage de Québec (YQB)")."""
    tail = before[-160:]
    for start, end, name in headed_names(tail):
        if end == len(tail) and (any_letter or aligned_fold(name)[:1] == aligned_fold(acronym)[:1]):
            return name
    return None


def trailing_phrase(before: str) -> str | None:
    """The capitalised phrase that ends right before a parenthesis (a translated long form)."""
    words = CLAUSE.split(before[-300:])[-1].split()
    taken: list[str] = []
    for word in reversed(words):
        if not (capitalised(word) or aligned_fold(word) in CONNECTORS):
            break
        taken.insert(0, word)
    while taken and aligned_fold(taken[0]) in CONNECTORS:
        taken.pop(0)
    return " ".join(taken) if len(taken) >= 2 else None


def similar(a: str, b: str) -> bool:
    def stems(text: str) -> set[str]:
        return {w[:4] for w in aligned_fold(text).split() if len(w) > 2}
    small, large = sorted((stems(a), stems(b)), key=len)
    return bool(small) and len(small & large) * 2 >= len(small)
