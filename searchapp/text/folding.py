"""Case and accent folding: a word typed with or without its accents is the same word."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

APOSTROPHES = "'\u2019\u02bc"   # ASCII, right single quotation mark, modifier letter
APOSTROPHE_MAP = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_LIGATURES = str.maketrans({
    "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "\u2019": "'", "\u02bc": "'",
})


def strip_accents(word: str) -> str:
    """The word without its combining accents, case kept: 'Été' -> 'Ete'."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and strip accents: 'Québec' -> 'quebec', 'Œuvre' -> 'oeuvre'."""
    text = text.casefold()   # casefold also turns ß into ss
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def compose(text: str) -> str:
    """Composed accents (NFC) and one apostrophe, as the chains expect their words."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(APOSTROPHE_MAP)
