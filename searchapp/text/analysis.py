"""Analyzer chains for French, English and language-neutral text.

Each chain is tokenize -> (elision | possessive) -> lowercase -> stop -> stem
-> fold accents, built from Whoosh's filters and the small filter classes
below. Whoosh pickles the schema, analyzers included, into the index: every
class here is importable, compares with ``==`` (Whoosh's ``Filter.__eq__``
compares class and ``__dict__``) and holds no unpicklable state. Renaming a
class or changing a chain means ``reindex --full``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import Analyzer, CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token

APOSTROPHES = "'\u2019\u02bc"   # ASCII, right single quotation mark, modifier letter
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_WORD = r"[\w\u0300-\u036f]+"   # combining accents too, so decomposed text stays whole
# Words, joined inside by '.' (P.E, 3.5, www.x.com) or an apostrophe (l'entente),
# so that elision can strip the article while the word keeps one position.
TOKEN_PATTERN = rf"{_WORD}(?:[.{APOSTROPHES}]{_WORD})*"

# French stop words: articles, pronouns, prepositions, conjunctions and the
# forms of "être" and "avoir" (Snowball's list) plus what it lacks ("les",
# "cette", "sans", "dont", ...). Lone elided letters (l d j m n s c) are not
# listed: elision strips them from "l'entente", and alone they are real
# terms ("vitamine D", "série C"); "t" (as in "a-t-il") and "qu" are. "été" and "étés" are left out: they are also
# nouns ("summer"). The accent-less spelling of each accented word is added
# because stop words are removed before folding ("meme" typed for "même"),
# except two-letter ones ("ca" is also an abbreviation).
_FRENCH = """
le la les un une des du de au aux ce cet cette ces
mon ton son ma ta sa mes tes ses notre votre nos vos leur leurs
quel quelle quels quelles tout toute tous toutes
je me moi tu te t toi il elle ils elles on nous vous lui eux se soi y en
qui que qu quoi dont où lequel laquelle lesquels lesquelles auquel auxquels
auxquelles duquel desquels desquelles celui celle ceux celles ceci cela ça
à avec chez dans par pour sans sous sur vers entre
et ou mais donc or ni car si comme lorsque lorsqu puisque puisqu quoique quoiqu
jusque jusqu quand ne pas même
suis es est sommes êtes sont serai seras sera serons serez seront serais serait
serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes
furent sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent
étant étante étants étantes étée étées
a ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait
aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent
aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
ayant ayante ayantes ayants eu eue eues eus
""".split()


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


FRENCH_STOP_WORDS = frozenset(_FRENCH) | {_strip_accents(w) for w in _FRENCH if len(w) > 2}

# English: Lucene's list plus pronouns and auxiliaries. Left out on purpose:
# "us" (U.S.), "who" (WHO), "may" (the month), "will" stays (Lucene has it).
ENGLISH_STOP_WORDS = frozenset("""
a an and are as at be but by for if in into is it no not of on or such that the
their then there these they this to was will with
i me my we our ours you your yours he him his she her hers its them theirs
what which whom those am were been being have has had having do does did
from than so too very can would should could also
""".split())

ELISION_ARTICLES = frozenset(
    "l d qu j m t n s c jusqu lorsqu puisqu quoiqu".split())

_APOSTROPHE_MAP = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_LIGATURES = str.maketrans({
    "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "\u2019": "'", "\u02bc": "'",
})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and strip accents: 'Québec' -> 'quebec', 'Œuvre' -> 'oeuvre'."""
    text = text.casefold()   # casefold also turns ß into ss
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


# Savoy's light French stemmer, ported from Lucene's FrenchLightStemmer.
# Each rule: (suffix, applies when the word is longer than, characters cut,
# replacement for the last characters after the cut, final, follow-up rule).
# A final rule ends stemming (then normalisation); others go on to later rules.
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
    ("ième", 5, 4, "", True, None),
    ("teuse", 7, 2, "r", True, None),
    ("teur", 6, 1, "r", True, None),
    ("euse", 5, 2, "", True, None),
    ("ère", 8, 1, "er", True, None),        # première -> premier
    ("ive", 7, 1, "f", True, None),
    ("folle", 4, 2, "u", True, None),
    ("molle", 4, 2, "u", True, None),
    ("nnelle", 9, 5, "", True, None),
    ("nnel", 9, 3, "", True, None),
    ("ète", 4, 1, "et", False, None),       # complète -> complet, goes on
    ("ique", 8, 4, "", False, None),
    ("esse", 8, 3, "", True, None),
    ("inage", 7, 3, "", True, None),
    ("isation", 9, 7, "", True, ("ual", 5, 0, "el")),   # ritualisation -> rituel
    ("isateur", 9, 7, "", True, None),
    ("ation", 8, 5, "", True, None),
    ("ition", 8, 5, "", True, None),
)
_NORM_ACCENTS = str.maketrans("àáâôèéêùûîç", "aaaoeeeuuic")


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
    if len(word) > 4:
        word = _squeeze(word.translate(_NORM_ACCENTS))
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


def french_light_stem(word: str) -> str:
    """Savoy's light French stem of a lowercase word, as Lucene computes it."""
    word = _strip_plural(word)
    for suffix, longer, cut, replacement, final, follow in _FRENCH_RULES:
        if len(word) > longer and word.endswith(suffix):
            word = _cut_and_replace(word, cut, replacement)
            if follow and len(word) > follow[1] and word.endswith(follow[0]):
                word = _cut_and_replace(word, follow[2], follow[3])
            if final:
                break
    return _french_norm(word)


class WordTokenizer(RegexTokenizer):
    """Regex tokenizer keeping word-internal apostrophes, normalised to "'"."""

    def __init__(self, expression=TOKEN_PATTERN, gaps=False):
        super().__init__(expression, gaps)

    def __call__(self, value, **kwargs):
        for t in super().__call__(value, **kwargs):
            if not t.text.isascii():   # composed accents for the stemmer, one apostrophe
                t.text = unicodedata.normalize("NFC", t.text).translate(_APOSTROPHE_MAP)
            yield t


class ElisionFilter(Filter):
    """Strips an elided French article: "L'Ontario" -> "Ontario" (any case).

    Only the first apostrophe counts, as in Lucene ("jusqu'à" -> "à"); the
    token keeps its position, and its start character moves past the article
    so highlights cover the word alone.
    """

    def __init__(self, articles=ELISION_ARTICLES):
        self.articles = frozenset(articles)

    def __call__(self, tokens):
        for t in tokens:
            found = _APOSTROPHE_RE.search(t.text)
            if found and t.text[:found.start()].lower() in self.articles:
                if t.chars:
                    t.startchar += found.end()
                t.text = t.text[found.end():]
            yield t


class EnglishPossessiveFilter(Filter):
    """Removes a trailing possessive 's or ’s: "Québec's" -> "Québec"."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) > 2 and text[-1] in "sS" and text[-2] in APOSTROPHES:
                t.text = text[:-2]
                if t.chars:
                    t.endchar -= 2
            yield t


_french_stem = lru_cache(maxsize=65536)(french_light_stem)


class FrenchLightStemFilter(Filter):
    """Savoy's light French stemmer (a port of Lucene's FrenchLightStemmer)."""

    is_morph = True

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = _french_stem(t.text)
            yield t


_local = threading.local()


def english_stem(word: str) -> str:
    """Porter2 (Snowball 'english') stem of word, via PyStemmer.

    Stemmer objects are not picklable and not meant to be shared between
    threads: each thread builds its own on first use and keeps it.
    """
    stemmer = getattr(_local, "english", None)
    if stemmer is None:
        stemmer = _local.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


class EnglishStemFilter(Filter):
    """English (Porter2) stemming; the stemmer is built lazily per thread."""

    is_morph = True

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = english_stem(t.text)
            yield t


class FoldFilter(Filter):
    """Lowercases and strips accents with fold(): 'Benoît' -> 'benoit'."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class CachedChain(CompositeAnalyzer):
    """A tokenizer and filters that each look at one token alone, run once per distinct word.

    Whoosh runs every filter of a chain as a generator over every token, which
    is most of the cost of indexing. Here the tokenizer's regex finds the
    words and a per-process table gives what the chain makes of each (its
    term, whether it is a stop word, how its character span shifts); the chain
    itself runs only on words not seen yet, and on calls this shortcut does
    not cover (keeporiginal, tokenize=False, no_morph). Stop filters renumber
    positions as Whoosh's StopFilter does. The tokens are the chain's own:
    tests compare both ways on real text.
    """

    TABLE_LIMIT = 200_000    # distinct words kept per process before the table starts again

    def __init__(self, *composables):
        super().__init__(*composables)
        tokenizer = self.items[0]
        if not isinstance(tokenizer, RegexTokenizer) or tokenizer.gaps:
            raise ValueError("CachedChain needs a RegexTokenizer that matches tokens")
        self.renumber = any(isinstance(item, StopFilter) and item.renumber for item in self.items)
        self._table: dict[str, tuple[str, bool, int, int]] = {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_table", None)           # a cache: not part of the pickled schema
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._table = {}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", no_morph=False, **kwargs):
        if keeporiginal or not tokenize or no_morph or not isinstance(value, str):
            return super().__call__(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                    removestops=removestops, start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, no_morph=no_morph, **kwargs)
        return self._tokens(value, positions, chars, removestops, start_pos, start_char, mode, kwargs)

    def _tokens(self, value, positions, chars, removestops, start_pos, start_char, mode, kwargs):
        table, word = self._table, self._word
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        renumber, pos = self.renumber and positions, None
        for index, match in enumerate(self.items[0].expression.finditer(value)):
            raw = match.group()
            entry = table.get(raw) or word(raw)
            text, stopped, shift_start, shift_end = entry
            if stopped and removestops:
                continue
            token.text, token.stopped, token.boost = text, stopped, 1.0
            if positions:
                if renumber and not stopped:
                    pos = start_pos + index if pos is None else pos + 1
                    token.pos = pos
                else:
                    token.pos = start_pos + index
            if chars:
                token.startchar = start_char + match.start() + shift_start
                token.endchar = start_char + match.end() + shift_end
            yield token

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Each term of value with its positions: what indexing a field with positions reads
        from the tokens (stop words removed, start_pos 0), without making the tokens."""
        table, word, expression = self._table, self._word, self.items[0].expression
        words = expression.findall(value) if not expression.groups else \
            [match.group() for match in expression.finditer(value)]
        found: dict[str, list[int]] = {}
        renumber, pos = self.renumber, None
        for index, raw in enumerate(words):
            text, stopped, _, _ = table.get(raw) or word(raw)
            if stopped:
                continue
            pos = pos + 1 if renumber and pos is not None else index
            positions = found.get(text)
            if positions is None:
                found[text] = [pos]
            else:
                positions.append(pos)
        return found

    def _word(self, raw: str) -> tuple[str, bool, int, int]:
        """What the chain makes of one word alone, remembered."""
        found = [(t.text, t.stopped, t.startchar, t.endchar - len(raw))
                 for t in super().__call__(raw, chars=True, removestops=False)]
        entry = found[0] if len(found) == 1 else ("", True, 0, 0)   # filters here never split a word
        if len(self._table) >= self.TABLE_LIMIT:
            self._table.clear()
        self._table[raw] = entry
        return entry


def cached(chain: CompositeAnalyzer) -> CachedChain:
    """The same chain, run once per distinct word."""
    return CachedChain(*chain.items)


def _stop_filter(words: frozenset[str]) -> StopFilter:
    # minsize=1: keep one-letter tokens such as "3" or "D" that are not listed.
    return StopFilter(stoplist=words, minsize=1, renumber=True)


def french_analyzer() -> Analyzer:
    """Tokenize, elision, lowercase, French stop words, fold, light stemmer.

    Folding comes before stemming so that a word typed without its accents
    (`premiere`) stems exactly like the accented one (`première`); the stop
    filter still sees the accents, so `été` (a noun too) is kept.
    """
    return (WordTokenizer() | ElisionFilter() | LowercaseFilter()
            | _stop_filter(FRENCH_STOP_WORDS) | FoldFilter() | FrenchLightStemFilter())


def english_analyzer() -> Analyzer:
    """Tokenize, possessive 's, lowercase, English stop words, Porter2, fold."""
    return (WordTokenizer() | EnglishPossessiveFilter() | LowercaseFilter()
            | _stop_filter(ENGLISH_STOP_WORDS) | EnglishStemFilter() | FoldFilter())


def neutral_analyzer() -> Analyzer:
    """Any other language: tokenize, lowercase, fold; no stop words, no stemming."""
    return WordTokenizer() | LowercaseFilter() | FoldFilter()


def name_analyzer() -> Analyzer:
    """Names and acronyms, matched whole: tokenize, lowercase, fold."""
    return WordTokenizer() | LowercaseFilter() | FoldFilter()


_ANALYZERS = {"fr": french_analyzer, "en": english_analyzer}


def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for a language code: 'fr', 'en', else the neutral one (one shared instance
    per chain, so its table of words is filled once per process)."""
    return _shared_analyzer(_ANALYZERS.get((lang or "").lower(), neutral_analyzer))


@lru_cache(maxsize=None)
def _shared_analyzer(factory) -> CachedChain:
    return cached(factory())
