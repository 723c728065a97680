"""Phrases that keep the gaps of stop words, and hyphenated words in a query.

The chains keep a removed stop word's place: "sciences de la vie" indexes
"vie" three positions after "sciences". A phrase typed with its stop words is
searched with the same gaps (GappedPhrase), so "sciences de vie" does not find
"sciences de la vie". A hyphenated word typed outside quotes is searched as its
parts in sequence or as the joined word: `Hydro-Québec` reads as
`("Hydro Québec" OR HydroQuébec)`; inside quotes its parts stand in sequence.
"""
from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.qparser import PhrasePlugin, PlusMinusPlugin, syntax
from whoosh.qparser.syntax import attach
from whoosh.query.spans import SpanNear

_L = r"[\w\u0300-\u036f]"
_PART = rf"{_L}[\w\u0300-\u036f'’.]*"
_COMPOUND = re.compile(rf"(?<![\w\u0300-\u036f*?])({_PART}(?:[-\u2010\u2011]{_PART})+)"
                       rf"(?![\w\u0300-\u036f*?~\u2010\u2011-])")     # not a wildcard or a fuzzy term
_WILD_COMPOUND = re.compile(rf"(?<![\w\u0300-\u036f*?])({_PART}(?:[-\u2010\u2011]{_PART})+)(?=[*?])")
_HYPHEN = re.compile(r"(?<=[\w\u0300-\u036f.])[-\u2010\u2011](?=[\w\u0300-\u036f])")
_QUOTED = re.compile(r'("[^"]*"?)')


def expand_hyphens(text: str) -> str:
    """The query with each hyphenated word outside quotes read as its parts or joined."""
    pieces = _QUOTED.split(text)
    for i, piece in enumerate(pieces):
        if i % 2:
            pieces[i] = _HYPHEN.sub(" ", piece)
        else:
            piece = _WILD_COMPOUND.sub(lambda m: _HYPHEN.sub("", m.group(1)), piece)   # co-op* -> coop*
            pieces[i] = _COMPOUND.sub(_alternatives, piece)
    return "".join(pieces)


def _alternatives(match: re.Match) -> str:
    word = match.group(1)
    return f'("{_HYPHEN.sub(" ", word)}" OR {_HYPHEN.sub("", word)})'


class GappedPhrase(wq.Phrase):
    """A phrase whose words stand at given offsets from the first (gaps where stop words were)."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, offsets=None):
        super().__init__(fieldname, list(words), slop=slop, boost=boost, char_ranges=char_ranges)
        offsets = tuple(offsets) if offsets is not None and len(offsets) == len(self.words) else None
        if offsets and slop != 1:       # a sloppy phrase: the gaps widen the slop instead
            self.slop = slop + max(b - a for a, b in zip(offsets, offsets[1:])) - 1
            offsets = None
        self.offsets = offsets or tuple(range(len(self.words)))

    @property
    def gapped(self) -> bool:
        return self.offsets != tuple(range(len(self.words)))

    def __eq__(self, other):
        return super().__eq__(other) and self.offsets == other.offsets

    def __hash__(self):
        return super().__hash__() ^ hash(self.offsets)

    def __repr__(self):
        return f"{type(self).__name__}({self.fieldname!r}, {self.words!r}, offsets={self.offsets}, slop={self.slop})"

    def normalize(self):
        if not self.words:
            return wq.NullQuery
        if len(self.words) == 1:
            term = wq.Term(self.fieldname, self.words[0], boost=self.boost)
            if self.char_ranges:
                term.startchar, term.endchar = self.char_ranges[0]
            return term
        return self

    def matcher(self, searcher, context=None):
        if not self.gapped:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        field = searcher.schema[self.fieldname]
        words = [field.to_bytes(word) for word in self.words]
        if any((self.fieldname, word) not in reader for word in words):
            from whoosh import matching
            return matching.NullMatcher()
        query = wq.Term(self.fieldname, words[0])
        for before, after, word in zip(self.offsets, self.offsets[1:], words[1:]):
            query = SpanNear(query, wq.Term(self.fieldname, word), slop=after - before, mindist=after - before)
        matcher = query.matcher(searcher, context)
        if self.boost != 1.0:
            from whoosh import matching
            matcher = matching.WrappingMatcher(matcher, boost=self.boost)
        return matcher


class GapPhrasePlugin(PhrasePlugin):
    """Whoosh's phrase syntax, giving GappedPhrase queries with the analyzer's positions."""

    class GapPhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname]
            words, offsets, char_ranges = [], [], []
            sc = self.textstartchar
            for token in field.tokenize(self.text, mode="query", chars=True, positions=True):
                words.append(token.text)
                offsets.append(token.pos)
                char_ranges.append((sc + token.startchar, sc + token.endchar))
            offsets = [pos - offsets[0] for pos in offsets] if offsets else []
            phrase = GappedPhrase(fieldname, words, slop=self.slop, boost=self.boost,
                                  char_ranges=char_ranges, offsets=offsets)
            return attach(phrase, self)

    class GapPhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return GapPhrasePlugin.GapPhraseNode(match.group("text"), match.start("text"),
                                                 int(slop) if slop else 1)

    def taggers(self, parser):
        return [(self.GapPhraseTagger(self.expr), 0)]


_TERM_START = r"(?<![^\s(])"     # at the start of the query, after a space or an opening parenthesis


class TermStartPlusMinus(PlusMinusPlugin):
    """+ and - only at the start of a term ("Hydro-Québec" is one word, "-Hydro" excludes),
    also inside parentheses: "(-a -b)" excludes as "-a -b" does, "(a -b)" is a AND NOT b."""

    def __init__(self):
        super().__init__(plusexpr=_TERM_START + r"\+", minusexpr=_TERM_START + "-")

    def do_plusminus(self, parser, group):
        nodes = []
        for node in group:
            if isinstance(node, syntax.GroupNode):
                inner = list(node)
                signs = inner[::2]
                if inner and len(inner) % 2 == 0 and all(isinstance(n, self.Minus) for n in signs):
                    nodes.extend(inner)       # only exclusions inside: they exclude here
                    continue
                node = self.do_plusminus(parser, node)
            nodes.append(node)
        return super().do_plusminus(parser, type(group)(nodes))
