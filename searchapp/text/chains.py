"""The analysis chains, in plain Python: what a language makes of each word of a text.

Each chain reads a token (tokens.py) into parts at its hyphens, then each part:
elision (French) or possessive (English) -> dotted initials joined (U.S -> us)
-> numbers in one spelling -> lowercase -> stop words (checked before folding,
so "été" is kept) -> fold accents -> stem (the stemmers work on folded words,
so "Frédéric" and a typed "Frederic" are one term). A hyphenated compound also
gives its joined form ("co-operation" -> "cooperation"), at the positions of
its first and its last part, so both the parts in sequence and the joined word
find it (what Lucene's word-delimiter filter does with catenation).

Positions keep the gaps of removed stop words: "sciences de la vie" puts
"vie" three places after "sciences", so the phrase "sciences de vie" does not
match it. A chain reads each distinct token once and keeps the result in a
table; the index's analyzers (searchapp.index.analyzers) wrap these chains.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from searchapp.text.folding import compose, fold
from searchapp.text.stemming import STEMMERS
from searchapp.text.stopwords import KEPT_AS_WRITTEN, stop_words
from searchapp.text.tokens import TOKEN_RE, acronym, elide, is_number, number, parts, strip_possessive

# A piece: (term, stopped, position offset in the token, start, end in the token, joined form)
Piece = tuple[str, bool, int, int, int, bool]
Entry = tuple[int, tuple[Piece, ...]]          # (positions the token takes, its pieces)
CHAIN_NAMES = ("fr", "en", "other")


class Chain:
    """One language's analysis: terms, stop words and positions of a text, per distinct token."""

    TABLE_LIMIT = 200_000    # distinct tokens kept per process before the table starts again

    def __init__(self, lang: str):
        self.lang = lang
        self._stops = stop_words(lang)
        self._kept = KEPT_AS_WRITTEN.get(lang, frozenset())
        self._stem = STEMMERS.get(lang)
        self._table: dict[str, Entry] = {}
        # The same for indexing, as short as it gets: a word's term ("" for a stop word), or
        # for a compound (positions it takes, ((term, offset), ...)).
        self._terms: dict[str, str | tuple[int, tuple[tuple[str, int], ...]]] = {}

    def __repr__(self) -> str:
        return f"Chain({self.lang!r})"

    def read(self, token: str) -> Entry:
        """What the chain makes of one token found by TOKEN_RE, remembered."""
        entry = self._table.get(token)
        if entry is None:
            entry = self._read(token)
            if len(self._table) >= self.TABLE_LIMIT:
                self._table.clear()
                self._terms.clear()
            self._table[token] = entry
        return entry

    def _indexed(self, token: str) -> str | tuple[int, tuple[tuple[str, int], ...]]:
        width, pieces = self.read(token)
        if width == 1 and len(pieces) == 1:
            entry = "" if pieces[0][1] else pieces[0][0]
        else:
            entry = (width, tuple((term, offset) for term, stopped, offset, *_ in pieces if not stopped))
        self._terms[token] = entry
        return entry

    def _read(self, token: str) -> Entry:
        found = parts(token)
        pieces: list[list] = []
        words = []
        for place, (part, start, end) in enumerate(found):
            word = compose(part)
            if place == 0 and self.lang == "fr":
                word, cut = elide(word)
                start += cut
            if place == len(found) - 1 and self.lang == "en":
                word, cut = strip_possessive(word)
                end -= cut
            term, stopped = self.term(word)
            pieces.append([term, stopped or not term, place, start, end, False])
            words.append(word)
        if len(found) > 1 and not all(p[1] for p in pieces) and not all(map(is_number, words)):
            joined, _ = self.term("".join(words), stop=False)
            for place in sorted({0, len(found) - 1}, reverse=True):
                if joined and joined != pieces[place][0]:
                    at = next(i for i, p in enumerate(pieces) if p[2] == place and not p[5]) + 1
                    pieces.insert(at, [joined, False, place, pieces[0][3], pieces[-1][4], True])
        return len(found), tuple(tuple(p) for p in pieces)

    def term(self, word: str, stop: bool = True, stem: bool = True) -> tuple[str, bool]:
        """(term, is a stop word) of one word without hyphens, elision or possessive."""
        if is_number(word):
            return number(word, self.lang), False
        word = acronym(word)
        lower = word.lower()
        stopped = stop and lower in self._stops and word not in self._kept
        folded = fold(lower)
        if stem and self._stem is not None and not stopped:
            return self._stem(folded), stopped
        return folded, stopped

    def tokens(self, text: str, start_pos: int = 0) -> Iterator[tuple[str, bool, int, int, int, bool]]:
        """(term, stopped, position, start char, end char, joined) of every piece of text."""
        pos, read = start_pos, self.read
        for match in TOKEN_RE.finditer(text):
            width, pieces = read(match.group())
            first = match.start()
            for term, stopped, offset, start, end, joined in pieces:
                yield term, stopped, pos + offset, first + start, first + end, joined
            pos += width

    def terms(self, text: str) -> list[str]:
        """The terms of a text in order, stop words and joined forms left out (for matching sequences)."""
        return [term for term, stopped, _, _, _, joined in self.tokens(text) if not stopped and not joined]

    def term_positions(self, text: str) -> dict[str, list[int]]:
        """Each indexed term of text with its positions (stop words out, their gaps kept)."""
        table, read = self._terms, self._indexed
        found: dict[str, list[int]] = {}
        pos = 0
        for token in TOKEN_RE.findall(text):
            entry = table.get(token)
            if entry is None:
                entry = read(token)
            if entry.__class__ is str:      # one word: most tokens
                if entry:
                    positions = found.get(entry)
                    if positions is None:
                        found[entry] = [pos]
                    else:
                        positions.append(pos)
                pos += 1
                continue
            width, terms = entry
            for term, offset in terms:
                positions = found.get(term)
                if positions is None:
                    found[term] = [pos + offset]
                else:
                    positions.append(pos + offset)
            pos += width
        return found


@lru_cache(maxsize=None)
def chain_for(lang: str) -> Chain:
    """The chain of a language code: 'fr', 'en', else the language-neutral one (no stop words,
    no stemming); one shared instance per chain, so its table is filled once per process."""
    lang = (lang or "").lower()
    return _chain(lang if lang in ("fr", "en") else "other")


@lru_cache(maxsize=None)
def _chain(name: str) -> Chain:
    return Chain(name)


def terms(text: str, lang: str) -> list[str]:
    """The terms of a text in a language, in order (stop words and joined forms left out)."""
    return chain_for(lang).terms(text)
