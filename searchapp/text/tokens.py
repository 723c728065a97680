"""Finding words in text and reading each one: compounds, elision, possessives, acronyms, numbers.

A token is what the regex below finds: a word, with the joiners that keep it
whole inside (an apostrophe for "l'entente", a dot for "3.5" and "U.S.", a
hyphen for "Hydro-Québec", a comma between digits for "3,6" and "1,400"), or
a number grouped by spaces ("1 400"). Each token is then read into parts
(split at hyphens) by the functions here; the chains (chains.py) stem them.
"""
from __future__ import annotations

import re

from searchapp.text.folding import APOSTROPHES

_LETTER = r"[\w\u0300-\u036f]"   # combining accents too, so decomposed text stays whole
_WORD = _LETTER + "+"
HYPHENS = "\\-\u2010\u2011"       # hyphen-minus, hyphen, non-breaking hyphen
# Thousands grouped by spaces (French style, and SI): "1 400", "12 000 000". No need to look
# behind: a digit right after a letter or digit is already inside the previous token.
_SPACED_NUMBER = rf"\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?!{_LETTER})"
# Joined inside: by a dot, an apostrophe or a hyphen, and digits by a comma ("3,6", "1,400").
TOKEN_PATTERN = rf"(?:{_SPACED_NUMBER}|{_WORD})(?:[.{APOSTROPHES}{HYPHENS}]{_WORD}|(?<=\d),\d+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)

_HYPHEN_RE = re.compile(f"[{HYPHENS}]")
ELISION_ARTICLES = frozenset("l d qu j m t n s c jusqu lorsqu puisqu quoiqu".split())
_ACRONYM = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")          # U.S, P.E.I (the last dot is not in a token)
_NUMBER = re.compile(r"\d+(?:[., \u00a0\u202f]\d+)*")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+")


def parts(token: str) -> list[tuple[str, int, int]]:
    """The parts of a token split at its hyphens, each with its span in the token."""
    if not _HYPHEN_RE.search(token):
        return [(token, 0, len(token))]
    found, start = [], 0
    for match in _HYPHEN_RE.finditer(token):
        found.append((token[start:match.start()], start, match.start()))
        start = match.end()
    found.append((token[start:], start, len(token)))
    return found


def elide(word: str) -> tuple[str, int]:
    """A French word without its elided article ("L'Ontario" -> "Ontario") and the characters cut.

    Only the first apostrophe counts, as in Lucene ("jusqu'à" -> "à").
    """
    cut = word.find("'")
    if cut > 0 and word[:cut].lower() in ELISION_ARTICLES:
        return word[cut + 1:], cut + 1
    return word, 0


def strip_possessive(word: str) -> tuple[str, int]:
    """An English word without its possessive 's ("Québec's" -> "Québec") and the characters cut."""
    if len(word) > 2 and word[-1] in "sS" and word[-2] == "'":
        return word[:-2], 2
    return word, 0


def acronym(word: str) -> str:
    """Dotted initials written as one word: "U.S" -> "US", "P.E.I" -> "PEI"; other words unchanged."""
    return word.replace(".", "") if _ACRONYM.fullmatch(word) else word


def is_number(word: str) -> bool:
    """True for digits, possibly grouped or with decimals ("1,400", "3,6", "1 400", "3.5")."""
    return bool(_NUMBER.fullmatch(word))


def number(word: str, lang: str) -> str:
    """One spelling for a number in a language's conventions.

    Spaces group thousands in every language ("1 400" -> "1400"); in English a
    comma before groups of three digits does too ("1,400" -> "1400"); any other
    comma is a decimal comma ("3,6" -> "3.6", as French writes decimals), so a
    decimal is spelled with a dot whichever language wrote it.
    """
    word = re.sub(r"[ \u00a0\u202f]", "", word)
    if "," not in word:
        return word
    if lang == "en" and _COMMA_GROUPS.fullmatch(word):
        return word.replace(",", "")
    return word.replace(",", ".")
