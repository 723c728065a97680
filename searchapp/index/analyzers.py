"""The plain-Python chains (searchapp.text.chains) wrapped as Whoosh analyzers.

Whoosh pickles the schema, analyzers included, into the index: the analyzer
here holds only its language's name, compares with ``==`` and finds its chain
(and the chain's table of words read so far) when first used. Renaming the
class or changing a chain means ``reindex --full`` (bump SCHEMA_VERSION).
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Analyzer, Token

from searchapp.text.chains import Chain, chain_for
from searchapp.text.folding import compose, fold
from searchapp.text.tokens import TOKEN_PATTERN


class CachedChain(Analyzer):
    """A language's chain as a Whoosh analyzer, reading each distinct word once.

    Whoosh runs every filter of a chain as a generator over every token, most
    of the cost of indexing; here the chain's table gives what each distinct
    word makes (its terms, stop words, character spans) and the tokens are
    filled from it. In "index" mode a hyphenated compound also gives its
    joined form; a query gives its parts only (querying.py adds the joined
    word as an alternative). Positions keep the gaps of removed stop words.
    """

    expression = TOKEN_PATTERN     # what a token is (the highlighter and tests read it)

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang

    def __hash__(self):
        return hash((type(self).__name__, self.lang))

    def __repr__(self):
        return f"{type(self).__name__}({self.lang!r})"

    def __getstate__(self):
        return {"lang": self.lang}

    def __setstate__(self, state):
        self.lang = state["lang"]

    @property
    def chain(self) -> Chain:
        return chain_for(self.lang)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", no_morph=False, **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize or no_morph:
            yield from self._unstemmed(token, value, tokenize, start_pos, start_char, keeporiginal)
            return
        joined_too = mode != "query"
        for term, stopped, pos, start, end, joined in self.chain.tokens(value, start_pos):
            if (stopped and removestops) or (joined and not joined_too):
                continue
            token.text, token.stopped, token.boost = term, stopped, 1.0
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def _unstemmed(self, token, value, tokenize, start_pos, start_char, keeporiginal):
        """The words folded, not stemmed: a wildcard's text (tokenize=False) or spelling (no_morph)."""
        import re

        spans = [(value, 0, len(value))] if not tokenize else \
            [(m.group(), m.start(), m.end()) for m in re.finditer(TOKEN_PATTERN, value)]
        for place, (raw, start, end) in enumerate(spans):
            token.text, token.stopped, token.boost = fold(compose(raw)), False, 1.0
            if keeporiginal:
                token.original = raw
            token.pos = start_pos + place
            token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Each term of value with its positions, as indexing a field with positions reads them."""
        return self.chain.term_positions(value)


def analyzer_for(lang: str) -> CachedChain:
    """The analyzer of a language code: 'fr', 'en', else the neutral one."""
    return _analyzer(chain_for(lang).lang)


@lru_cache(maxsize=None)
def _analyzer(name: str) -> CachedChain:
    return CachedChain(name)
