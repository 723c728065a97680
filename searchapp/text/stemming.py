"""Stemmers on folded words: Savoy's light French stemmer and Porter2 for English.

Every chain folds accents before it stems, so a word typed without its
accents stems like the accented one. The French rules are therefore written
with their suffixes folded (``-ere``, ``-ieme``, ``-ete``): written accented,
as in Lucene, they would never fire on folded words ("financière" would no
longer meet "financier").
"""
from __future__ import annotations

import threading
from functools import lru_cache

import Stemmer

# Savoy's light French stemmer, ported from Lucene's FrenchLightStemmer.
# Each rule: (suffix, applies when the word is longer than, characters cut,
# replacement for the last characters after the cut, final, follow-up rule).
# A final rule ends stemming (then normalisation); others go on to later rules.
#
# Departures from Lucene, on purpose: the accented suffixes are written folded
# (Lucene: -ième, -ère, -ète), so they also fire on words whose unaccented
# spelling ends so ("considere" from "considéré" -> "consider"), which Lucene
# would leave alone; scripts/measure_lucene_french.py measures the agreement on
# Lucene's whole vocabulary (99.75 % of folded stems equal, 99.8 % with the
# words below). Most differences are words in "-ément" and "-iqué", where
# Lucene's accented "é" stops the "-ement" and "-ique" rules and the folded word
# cannot tell. For the ones press releases use, where the cut would merge two
# words ("communiqué" with "commun", "élément" with "élu"), the rules are
# skipped, as Lucene's keyword marker would: plural and normalisation still apply.
_NO_SUFFIX_RULES = frozenset(
    "communique element complement supplement agrement desagrement clement".split())
_FRENCH_RULES = (
    ("issement", 9, 6, "r", True, None),    # établissement -> établir
    ("issant", 8, 4, "r", True, None),      # finissant -> finir
    ("ement", 6, 4, "", True, ("ive", 3, 1, "f")),   # activement -> actif
    ("ficatrice", 11, 5, "er", True, None),
    ("ficateur", 10, 4, "er", True, None),
    ("catrice", 9, 3, "quer", True, None),  # éducatrice -> éduquer
    ("cateur", 8, 2, "quer", True, None),
    ("atrice", 8, 4, "er", True, None),
    ("ateur", 7, 3, "er", True, None),      # animateur -> animer
    ("trice", 6, 1, "eur", False, None),    # directrice -> directeur, goes on
    ("ieme", 5, 4, "", True, None),         # -ième: deuxième -> deux
    ("teuse", 7, 2, "r", True, None),
    ("teur", 6, 1, "r", True, None),
    ("euse", 5, 2, "", True, None),
    ("ere", 8, 1, "er", True, None),        # -ère: première -> premier
    ("ive", 7, 1, "f", True, None),
    ("folle", 4, 2, "u", True, None),
    ("molle", 4, 2, "u", True, None),
    ("nnelle", 9, 5, "", True, None),
    ("nnel", 9, 3, "", True, None),
    ("ete", 4, 1, "et", False, None),       # -ète: complète -> complet, goes on
    ("ique", 8, 4, "", False, None),
    ("esse", 8, 3, "", True, None),
    ("inage", 7, 3, "", True, None),
    ("isation", 9, 7, "", True, ("ual", 5, 0, "el")),   # ritualisation -> rituel
    ("isateur", 9, 7, "", True, None),
    ("ation", 8, 5, "", True, None),
    ("ition", 8, 5, "", True, None),
)


def _cut_and_replace(word: str, cut: int, replacement: str) -> str:
    word = word[:len(word) - cut]
    return word[:len(word) - len(replacement)] + replacement


def _strip_plural(word: str) -> str:
    if len(word) > 5 and word[-1] == "x":
        if word[-3:-1] == "au" and word[-4] != "e":
            return word[:-2] + "l"           # chevaux -> cheval
        word = word[:-1]
    if len(word) > 3 and word[-1] == "x":
        word = word[:-1]
    if len(word) > 3 and word[-1] == "s":
        word = word[:-1]
    return word


def _squeeze(word: str) -> str:
    out = [word[0]]
    for ch in word[1:]:
        if ch != out[-1] or not ch.isalpha():
            out.append(ch)
    return "".join(out)


def _french_norm(word: str) -> str:
    # Lucene folds a few accents here; the word is folded already.
    if len(word) > 4:
        word = _squeeze(word)
    if len(word) > 4 and word.endswith("ie"):
        word = word[:-2]
    if len(word) > 4:
        if word[-1] == "r":
            word = word[:-1]
        for _ in range(2):
            if word[-1] == "e":
                word = word[:-1]
        if word[-1] == word[-2] and word[-1].isalpha():
            word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def french_light_stem(word: str) -> str:
    """Savoy's light French stem of a folded, lower-case word ('premiere' -> 'premi')."""
    word = _strip_plural(word)
    if word in _NO_SUFFIX_RULES:
        return _french_norm(word)
    for suffix, longer, cut, replacement, final, follow in _FRENCH_RULES:
        if len(word) > longer and word.endswith(suffix):
            word = _cut_and_replace(word, cut, replacement)
            if follow and len(word) > follow[1] and word.endswith(follow[0]):
                word = _cut_and_replace(word, follow[2], follow[3])
            if final:
                break
    return _french_norm(word)


_local = threading.local()


def english_stem(word: str) -> str:
    """Porter2 (Snowball 'english') stem of a lower-case word, via PyStemmer.

    Stemmer objects are not picklable and not meant to be shared between
    threads: each thread builds its own on first use and keeps it.
    """
    stemmer = getattr(_local, "english", None)
    if stemmer is None:
        stemmer = _local.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


STEMMERS = {"fr": french_light_stem, "en": english_stem}
