"""Aligning the paragraphs of a release and its translation, and scoring term associations.

Plain functions, no index: the learned lexicon (index/lexicon.py) feeds them the paragraphs of
linked translation pairs. A translation keeps its paragraphs in order and keeps their numbers,
amounts and names: those are the anchors that say which paragraph renders which, and a
monotone alignment (a paragraph may be left out on either side) follows the order.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

from searchapp.text.folding import fold

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
_NAME = re.compile(r"(?<![\w])[A-ZÀ-Ý][\w'’-]*[A-Z0-9À-Ý][\w'’-]*|(?<=\s)[A-ZÀ-Ý][a-zà-ÿ]{2,}")
SKIP_COST = 0.2          # leaving a paragraph out of the alignment
MIN_LINK = 0.25          # a paragraph pair scoring less is not kept as a translation unit
MAX_LENGTH_RATIO = 2.2   # a translation is rarely more than twice as long as its source


def anchors(paragraph: str) -> frozenset[str]:
    """What a translation keeps as written: numbers (separators dropped) and capitalised names."""
    numbers = {re.sub(r"\D", "", n) for n in _NUMBER.findall(paragraph)}
    names = {fold(n) for n in _NAME.findall(paragraph)}
    return frozenset({n for n in numbers if n} | names)


def link_score(a_anchors: frozenset[str], b_anchors: frozenset[str], a_len: int, b_len: int) -> float:
    """How likely two paragraphs translate each other: shared anchors and similar lengths, 0..1."""
    if not a_len or not b_len:
        return 0.0
    ratio = max(a_len, b_len) / min(a_len, b_len)
    if ratio > MAX_LENGTH_RATIO:
        return 0.0
    length = 1.0 - math.log(ratio) / math.log(MAX_LENGTH_RATIO)
    union = a_anchors | b_anchors
    if not union:
        return 0.5 * length
    shared = len(a_anchors & b_anchors) / len(union)
    return 0.5 * length + 0.5 * shared


def align(first: Sequence[str], second: Sequence[str]) -> list[tuple[int, int]]:
    """Monotone one-to-one alignment of two paragraph lists: (i, j) of the linked paragraphs.

    Dynamic programming over link scores with a cost for each paragraph left out; the pairs
    kept score at least MIN_LINK. Quadratic in paragraphs, which a release has tens of.
    """
    n, m = len(first), len(second)
    if not n or not m:
        return []
    a_anchors, b_anchors = [anchors(p) for p in first], [anchors(p) for p in second]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]     # 1 link, 2 skip first, 3 skip second
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                link = link_score(a_anchors[i - 1], b_anchors[j - 1], len(first[i - 1]), len(second[j - 1]))
                if link >= MIN_LINK:
                    options.append((score[i - 1][j - 1] + link, 1))
            if i:
                options.append((score[i - 1][j] - SKIP_COST, 2))
            if j:
                options.append((score[i][j - 1] - SKIP_COST, 3))
            score[i][j], move[i][j] = max(options)
    pairs, i, j = [], n, m
    while i or j:
        step = move[i][j]
        if step == 1:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 2:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def dice(joint, first, second):
    """Dice's coefficient of two terms: 2 * units holding both / (units of one + units of other).
    Numbers or numpy arrays alike; a term is counted in one unit at least."""
    return 2.0 * joint / (first + second)


def log_likelihood(joint: int, first: int, second: int, total: int) -> float:
    """Dunning's log-likelihood ratio (G2) of two terms' co-occurrence in `total` units."""
    cells = (joint, first - joint, second - joint, total - first - second + joint)
    rows, cols = (first, total - first), (second, total - second)
    expected = (rows[0] * cols[0], rows[0] * cols[1], rows[1] * cols[0], rows[1] * cols[1])
    g2 = 0.0
    for observed, product in zip(cells, expected):
        if observed > 0 and product > 0:
            g2 += observed * math.log(observed * total / product)
    return 2.0 * g2
