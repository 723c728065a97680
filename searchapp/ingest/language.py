"""The language of a release (never of a query), with langdetect.

Deterministic: one detector factory, loaded once under a lock, seeded with 0.
Fast: langdetect runs on a bounded sample of prose (about 400 characters),
not on the whole release, with 3 random walks instead of 7. Robust on short text: French and English get a
prior only when the text is short or the unrestricted answer is unsure and
names French or English among its candidates, so a German or Spanish release
keeps its own code. Mixed releases: a cheap function-word count flags the
paragraphs that look like the other language; only those are detected one by
one, and the release takes the language of most of its characters.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from searchapp.text.patterns import letters

UNDETERMINED = "und"
FIRST_CLASS = ("fr", "en")
SAMPLE_CHARS = 400          # characters of prose given to langdetect per release
PARAGRAPH_CHARS = 200       # at most this much of any one paragraph in the sample
SHORT_TEXT = 120            # fewer letters than this: French or English only
CONFIDENT = 0.9             # an unrestricted answer at least this sure stands
MIN_PROSE_CHARS = 40        # a shorter paragraph is a heading, a signature, a contact
# langdetect averages 7 random walks over the sample's n-grams by default; on a
# 400-character sample 3 give the same answers (dev set, seeds, bench corpus)
# in half the time.
TRIALS = 3

_PRIOR = {"fr": 0.5, "en": 0.5}
# Frequent function words that the other language hardly uses: a paragraph
# rich in the other language's words is detected on its own.
_HINTS = {
    "fr": frozenset("le la les des du et est une pour dans avec qui que sur au aux "
                    "par ses cette sont".split()),
    "en": frozenset("the and of to with for that is are this from will by its has "
                    "have which".split()),
}
_LINK_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")

_factory: DetectorFactory | None = None
_lock = threading.Lock()


@dataclass(frozen=True)
class LanguageResult:
    """A release's language label and one label per paragraph."""

    lang: str
    paragraph_langs: tuple[str, ...]


def init_detector() -> None:
    """Load langdetect's profiles once, seeded for repeatable answers (thread-safe)."""
    global _factory
    if _factory is not None:
        return
    with _lock:
        if _factory is not None:
            return
        DetectorFactory.seed = 0
        factory = DetectorFactory()
        profiles = _read_profiles(PROFILES_DIRECTORY)
        factory.langlist = [profile["name"] for profile in profiles]
        factory.word_lang_prob_map = LazyProbabilities(profiles)
        factory.set_seed(0)
        _words()                 # compiled once here too: forked workers inherit it
        _factory = factory


def _read_profiles(directory: str) -> list[dict]:
    """langdetect's profile files, in the order its load_profile reads them."""
    profiles = []
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if not name.startswith(".") and os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                profiles.append(json.load(handle))
    return profiles


class LazyProbabilities(dict):
    """langdetect's n-gram -> per-language probability table, each row made on first use.

    DetectorFactory.load_profile builds a row for every n-gram of every
    language (about 0.5 s at each process start); a detection reads a few
    hundred. A row is computed exactly as langdetect's add_profile does.
    """

    def __init__(self, profiles: list[dict]):
        super().__init__()
        self._profiles = [(profile["freq"], profile["n_words"]) for profile in profiles]
        self._words = set().union(*(freq for freq, _ in self._profiles))

    def __contains__(self, word) -> bool:
        return word in self._words

    def __missing__(self, word: str) -> list[float]:
        if word not in self._words:
            raise KeyError(word)
        row = [0.0] * len(self._profiles)
        if 1 <= len(word) <= 3:
            for index, (freq, n_words) in enumerate(self._profiles):
                count = freq.get(word)
                if count is not None:
                    row[index] = 1.0 * count / n_words[len(word) - 1]
        self[word] = row
        return row


class _NormalizedChars(dict):
    """str.translate table: each character as langdetect's NGram.normalize sees it."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALIZED = _NormalizedChars()


class FastDetector(Detector):
    """langdetect's Detector with its three inner loops written for speed; the same
    n-grams in the same order and the same floating-point steps, so the same answers.

    Detection was half of the time of preparing a release: per character, the
    n-gram extraction called two methods and a Unicode block search; per random
    step, the update and the normalisation indexed a 55-language list one by one.
    """

    def append(self, text: str) -> None:
        """Detector.append: links and mail addresses blanked, runs of spaces made one, cut
        at the maximum length (a regular expression instead of a loop over characters)."""
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += _SPACES.sub(" ", text[:self.max_text_length])

    def cleaning_text(self) -> None:
        """Detector.cleaning_text: a text mostly in another script loses its Latin letters."""
        if len(_LATIN.findall(self.text)) * 2 < len(_NON_LATIN.findall(self.text)):
            self.text = _LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams, word by word: between two spaces the n-grams depend on
        the word alone, and a word's are worked out once per process."""
        table = self.word_lang_prob_map
        lazy = isinstance(table, LazyProbabilities)
        known = table._words if lazy else table
        remembered = _WORD_NGRAMS if lazy else {}
        if len(remembered) > WORDS_REMEMBERED:
            remembered.clear()
        words = self.text.translate(_NORMALIZED).split(" ")
        result: list[str] = []
        last = len(words) - 1
        for place, word in enumerate(words):
            if not word:
                continue                       # a run of spaces: NGram starts afresh once
            grams = remembered.get(word)
            if grams is None:
                grams = remembered[word] = _word_ngrams(word, known)
            result += grams[0] if place < last else grams[0][:grams[1]]
        return result

    def _detect_block(self):
        """langdetect's random walks, each step one array operation instead of a loop over
        the 55 languages (the same products in the same order; the sum of a normalisation
        is Python's, left to right, as langdetect's)."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        rows = _ROWS if isinstance(self.word_lang_prob_map, LazyProbabilities) else {}
        table, choice = self.word_lang_prob_map, self.random.choice
        # random.choice's own draw, inlined (two Python calls less per step): the same n-grams
        getrandbits, size = self.random.getrandbits, len(ngrams)
        bits, inline = size.bit_length(), _CHOICE_IS_GETRANDBITS and type(self.random) is random.Random
        langprob = np.zeros(len(self.langlist))
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = np.array(self._init_probability(), dtype=float)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                if inline:
                    drawn = getrandbits(bits)
                    while drawn >= size:
                        drawn = getrandbits(bits)
                    word = ngrams[drawn]
                else:
                    word = choice(ngrams)
                row = rows.get(word)
                if row is None:
                    row = rows[word] = np.array(table[word], dtype=float)
                prob *= weight + row
                if i % 5 == 0:
                    values = prob.tolist()
                    total = sum(values)
                    prob /= total
                    # the largest quotient is the largest value's: division rounds monotonically
                    if max(values) / total > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()


_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")                                    # langdetect's test: 'A' <= ch <= 'z'
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")    # from U+0300, but Latin Extended Additional
WORDS_REMEMBERED = 50_000       # words whose n-grams are kept (about 15 MB at most)
_WORD_NGRAMS: dict[str, tuple[tuple[str, ...], int]] = {}


def _word_ngrams(word: str, known) -> tuple[tuple[str, ...], int]:
    """The n-grams NGram.add_char gives for a word after a space and followed by one, and
    how many of them come before that space (all a word at the end of the text gives)."""
    result: list[str] = []
    grams, capital, at_end = " ", False, 0
    for ch in word + " ":
        if ch == " ":
            at_end = len(result)
        last = grams[-1]
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in known:                     # then _extract_ngrams' n = 1, 2, 3
            result.append(ch)
        if grams[-2:] in known:
            result.append(grams[-2:])
        if len(grams) >= 3 and grams in known:
            result.append(grams)
    return tuple(result), at_end


_ROWS: dict[str, np.ndarray] = {}     # n-gram -> its row of langdetect's table, as an array
# random.Random.choice(seq) is seq[_randbelow(len(seq))], which draws getrandbits(bit length)
# until the draw is below the length (CPython's own implementation, checked here).
_CHOICE_IS_GETRANDBITS = random.Random._randbelow is random.Random._randbelow_with_getrandbits


def _probabilities(text: str, prior: dict | None = None) -> list:
    """langdetect's candidates for text, best first; [] when it has no features."""
    init_detector()
    detector = FastDetector(_factory)
    detector.set_max_text_length(SAMPLE_CHARS * 2)
    detector.n_trial = TRIALS
    if prior:
        detector.set_prior_map(prior)
    detector.append(text)
    try:
        return detector.get_probabilities()
    except LangDetectException:
        return []


def detect_text(text: str) -> str:
    """Language code of a piece of prose, or 'und'; see the module docstring."""
    candidates = _probabilities(text)
    if not candidates:
        return UNDETERMINED
    top = candidates[0]
    if top.lang in FIRST_CLASS:
        return top.lang
    short = sum(ch.isalpha() for ch in text) < SHORT_TEXT
    unsure = top.prob < CONFIDENT and any(c.lang in FIRST_CLASS for c in candidates)
    if short or unsure:
        restricted = _probabilities(text, _PRIOR)
        return restricted[0].lang if restricted else top.lang
    return top.lang


def _clean(paragraph: str) -> str:
    """The paragraph's words, without links, numbers and all-capitals words (datelines)."""
    if "http" in paragraph or "www." in paragraph or "@" in paragraph:
        paragraph = _LINK_RE.sub(" ", paragraph)
    return " ".join(w for w in _words().findall(paragraph) if not (len(w) > 1 and w.isupper()))


@lru_cache(maxsize=1)
def _words() -> re.Pattern:
    """Letters only, no numbers, apostrophes within (patterns.letters: the set, not the category)."""
    return re.compile(f"{letters()}+(?:['’]{letters()}+)*")


def _is_prose(text: str) -> bool:
    """Enough letters, not a heading, dateline, contact or table line."""
    return len(text) >= MIN_PROSE_CHARS and len(text.split()) >= 6


def _prefix(text: str, limit: int) -> str:
    """At most limit characters of text, cut at a space."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit]


def _sample(cleaned: Sequence[str]) -> str:
    """Bounded prefixes of the first prose paragraphs, SAMPLE_CHARS in all."""
    parts, size = [], 0
    for text in cleaned:
        if size >= SAMPLE_CHARS:
            break
        part = _prefix(text, min(PARAGRAPH_CHARS, SAMPLE_CHARS - size))
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)


def _looks_other(text: str, lang: str) -> bool:
    """True when text holds clearly more function words of another first-class language
    (text is _clean's output: its words, separated by spaces)."""
    words = text.lower().split()
    hits = {code: sum(map(hint.__contains__, words)) for code, hint in _HINTS.items()}
    own = hits.get(lang, 0)
    return any(n >= 3 and n > 2 * own for code, n in hits.items() if code != lang)


def _fill_gaps(labels: list[str | None], default: str) -> tuple[str, ...]:
    """Give unlabelled paragraphs (headings, short lines) the next label, else the previous."""
    filled: list[str | None] = list(labels)
    following = None
    for i in range(len(filled) - 1, -1, -1):
        following = filled[i] = filled[i] or following
    previous = default
    for i, label in enumerate(filled):
        previous = filled[i] = label or previous
    return tuple(filled)


def _majority(paragraphs: Sequence[str], labels: Sequence[str]) -> str:
    """The label carried by most characters."""
    weight = Counter()
    for text, label in zip(paragraphs, labels):
        weight[label] += len(text)
    return max(weight, key=lambda lang: (weight[lang], lang != UNDETERMINED))


def detect_release_language(paragraphs: Sequence[str],
                            override: str | None = None) -> LanguageResult:
    """Label a release and each of its paragraphs; override (header ` lang xx`) wins."""
    if override and override.strip():
        code = override.strip().lower()
        return LanguageResult(code, (code,) * len(paragraphs))
    cleaned = [_clean(p[:SAMPLE_CHARS * 2]) for p in paragraphs]   # bounded work per paragraph
    prose = [i for i, text in enumerate(cleaned) if _is_prose(text)]
    sample = _sample([cleaned[i] for i in prose]) or _prefix(" ".join(cleaned), SAMPLE_CHARS)
    lang = detect_text(sample) if sample.strip() else UNDETERMINED
    if not paragraphs:
        return LanguageResult(lang, ())
    labels: list[str | None] = [None] * len(paragraphs)
    for i in prose:
        other = _looks_other(cleaned[i], lang)
        labels[i] = detect_text(_prefix(cleaned[i], SAMPLE_CHARS)) if other else lang
    final = _fill_gaps(labels, lang)
    return LanguageResult(_majority(paragraphs, final), final)
