"""Does a quotation match what the user typed? The query side of the quote search.

The query is read into units: a word, a "quoted phrase", a `word*` prefix, or a glossary
term spanning several words (`sciences de la vie`). Each unit is compiled once per language
into alternatives analysed with that language's analyzer, the same chain as the index: the
words as typed and, in the both-languages mode, the unit's glossary translations into that
language. A quotation matches when every unit (any unit, for a query with OR) has an
alternative in its text or in its attribution (speaker, title, organisation), and no
excluded (`-word`) unit is in its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from searchapp.text.chains import terms as chain_terms
from searchapp.text.folding import fold
from searchapp.index.querying import split_scopes
from searchapp.index.schema import text_lang

TRANSLATION_WEIGHT = 0.3     # as in the release search: a translated match counts less
ATTRIBUTION_WEIGHT = 0.5     # a unit found in the speaker's name or title, not in the words
REPEAT_BONUS = 0.1           # per extra occurrence in the text, up to MAX_REPEATS
MAX_REPEATS = 3

_ITEM = re.compile(r'(?P<sign>[-+]?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"()]+))')
_WORD = re.compile(r"[^\W_][\w'’-]*\*?")
_HYPHEN = re.compile("[-\u2010\u2011]")
_OPERATORS = {"AND", "OR", "NOT", "ET", "OU"}


@dataclass(frozen=True)
class Unit:
    """One thing the user asked for: words as typed, and their glossary translations."""
    words: tuple[str, ...]
    phrase: bool = False
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (target language, terms)

    @property
    def prefix(self) -> bool:
        return len(self.words) == 1 and self.words[0].endswith("*")


@dataclass(frozen=True)
class Alternative:
    """A unit in one language: stems to find, together or in sequence."""
    stems: tuple[str, ...]
    sequence: bool           # the stems must follow each other (phrases, translated terms)
    prefix: bool             # one stem that words must start with (`partena*`)
    via: str | None          # the glossary term, when this alternative is a translation


@dataclass(frozen=True)
class QuoteMatch:
    """How a quotation matched: its score, the stems to highlight, the translations used."""
    score: float
    terms: frozenset[str]
    via_translation: tuple[str, ...]


@dataclass(frozen=True)
class QuotePlan:
    """A parsed quote query, compiled per language on demand."""
    units: tuple[Unit, ...]
    excluded: tuple[Unit, ...]
    any_unit: bool

    @property
    def empty(self) -> bool:
        return not self.units

    def match(self, text: str, attribution: str, lang: str) -> QuoteMatch | None:
        """The match of a quotation (and its attribution) in language `lang`, or None."""
        family = text_lang(lang)
        words = analysed(text, family)
        if any(_found(alt, words) for unit in self.excluded for alt in compiled(unit, family)):
            return None
        if self.empty:
            return QuoteMatch(0.0, frozenset(), ())
        credits = analysed(attribution, family)
        score, terms, via, matched, required = 0.0, set(), [], 0, 0
        for unit in self.units:
            alternatives = compiled(unit, family)
            if not alternatives:
                continue            # only stop words in this language: nothing to require
            required += 1
            best = _best(alternatives, words, credits)
            if best is None:
                continue
            matched += 1
            alt, hits, place = best
            weight = TRANSLATION_WEIGHT if alt.via else 1.0
            repeats = len(hits) // len(alt.stems) - 1 if hits else 0
            score += weight * place + REPEAT_BONUS * min(max(repeats, 0), MAX_REPEATS)
            terms.update(hits)
            if alt.via:
                via.append(alt.via)
        if matched == 0 or (not self.any_unit and matched < required):
            return None
        return QuoteMatch(score, frozenset(terms), tuple(dict.fromkeys(via)))


def parse_quote_query(text: str, xlang: bool = False, translator=None) -> QuotePlan:
    """Read a query (scopes like `partner:X` are left to the release search) into units.

    With xlang, units are translated by the translator (the index's expander, see
    index/expansion.py; the glossary alone if none is given)."""
    from searchapp.text.glossary import load_glossary

    text, _include, _exclude = split_scopes(text)
    glossary = (translator if translator is not None else load_glossary()) if xlang else None
    units: list[Unit] = []
    excluded: list[Unit] = []
    run: list[str] = []             # consecutive plain words: glossary terms may span them
    any_unit = False
    negate_next = False

    def flush() -> None:
        units.extend(_units_of_run(run, glossary))
        run.clear()

    for item in _ITEM.finditer(text):
        sign, phrase, word = item.group("sign"), item.group("phrase"), item.group("word")
        if word in _OPERATORS:
            any_unit |= word in ("OR", "OU")
            negate_next = word == "NOT"
            flush()
            continue
        words = _WORD.findall(phrase if phrase is not None else word)
        if not words:
            continue
        if sign == "-" or negate_next:
            flush()
            excluded.append(Unit(tuple(words), phrase=phrase is not None))
        elif phrase is not None:
            flush()
            units.append(Unit(tuple(words), True, _phrase_translations(glossary, words)))
        else:
            for one in words:
                if one.endswith("*"):       # a prefix is no glossary term: a unit of its own
                    flush()
                    units.append(Unit((one,)))
                else:
                    run.append(one)
        negate_next = False
    flush()
    return QuotePlan(tuple(units), tuple(excluded), any_unit)


def _units_of_run(words: list[str], glossary) -> list[Unit]:
    """Plain words as units, glossary terms (longest first, either language) as one unit each."""
    if glossary is None or not words:
        return [Unit((w,)) for w in words]
    spans: dict[tuple[int, int], list[tuple[str, tuple[str, ...]]]] = {}
    plain = list(words)
    for translation in glossary.translate_query_terms(plain):
        span = _locate(plain, translation.source_text.split())
        if span is not None:
            spans.setdefault(span, []).append((translation.target_lang, translation.targets))
    units, taken, i = [], set(), 0
    ordered = sorted(spans, key=lambda s: (s[0] - s[1], s[0]))     # longest span first
    chosen = {}
    for first, last in ordered:
        if not taken.intersection(range(first, last + 1)):
            taken.update(range(first, last + 1))
            chosen[first] = (last, tuple(spans[(first, last)]))
    while i < len(words):
        if i in chosen:
            last, translations = chosen[i]
            units.append(Unit(tuple(words[i:last + 1]), False, translations))
            i = last + 1
        else:
            units.append(Unit((words[i],)))
            i += 1
    return units


def _phrase_translations(glossary, words: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Translations of a quoted phrase, when one glossary term covers all of it."""
    if glossary is None:
        return ()
    return tuple((t.target_lang, t.targets) for t in glossary.translate_query_terms(list(words))
                 if len(t.source_text.split()) == len(words))


def _locate(words: Sequence[str], sought: Sequence[str]) -> tuple[int, int] | None:
    size = len(sought)
    for start in range(len(words) - size + 1):
        if list(words[start:start + size]) == list(sought):
            return start, start + size - 1
    return None


def terms_present(text: str, lang: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The terms whose analysed words occur in the text, in sequence (`via translation` labels)."""
    family = text_lang(lang)
    words = " " + " ".join(chain_terms(text, family)) + " "
    return tuple(term for term in terms if (stems := analysed(term, family)) and f" {' '.join(stems)} " in words)


@lru_cache(maxsize=4096)
def analysed(text: str, family: str) -> tuple[str, ...]:
    """The stems of a text in one language family, in order."""
    return tuple(chain_terms(text, family))


@lru_cache(maxsize=1024)
def compiled(unit: Unit, family: str) -> tuple[Alternative, ...]:
    """A unit's alternatives in one language family: as typed, then translated."""
    alternatives = []
    if unit.prefix:
        stem = fold(re.split(r"['’]", unit.words[0].rstrip("*"))[-1])
        if stem:
            alternatives.append(Alternative((stem,), False, True, None))
    else:
        stems = analysed(" ".join(unit.words), family)
        compound = len(unit.words) == 1 and len(stems) > 1 and _HYPHEN.search(unit.words[0])
        if stems:
            alternatives.append(Alternative(stems, unit.phrase or bool(compound), False, None))
        if compound:        # "co-operation": its parts in sequence, or the joined word
            joined = analysed(_HYPHEN.sub("", unit.words[0]), family)
            if joined:
                alternatives.append(Alternative(joined, False, False, None))
    for target_lang, terms in unit.translations:
        if text_lang(target_lang) != family:
            continue
        for term in terms:
            stems = analysed(term, family)
            if stems:
                alternatives.append(Alternative(stems, True, False, term))
    return tuple(alternatives)


def _best(alternatives, words, credits) -> tuple[Alternative, list[str], float] | None:
    """The best alternative found: in the text before the attribution, as typed before translated."""
    for place, tokens in ((1.0, words), (ATTRIBUTION_WEIGHT, credits)):
        for alt in alternatives:
            hits = _found(alt, tokens)
            if hits:
                return alt, (hits if place == 1.0 else []), place
    return None


def _found(alt: Alternative, tokens: tuple[str, ...]) -> list[str]:
    """The tokens that satisfy an alternative (one entry per occurrence), or []."""
    if alt.prefix:
        return [t for t in tokens if t.startswith(alt.stems[0])]
    if alt.sequence and len(alt.stems) > 1:
        size = len(alt.stems)
        starts = [i for i in range(len(tokens) - size + 1) if tokens[i:i + size] == alt.stems]
        return [stem for _ in starts for stem in alt.stems]
    if all(stem in tokens for stem in alt.stems):
        return [t for t in tokens if t in alt.stems]
    return []
