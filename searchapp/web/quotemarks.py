"""Where a release's quotations and their speakers are in its paragraphs, for the release page.

The indexer stores each quotation's text and the paragraph it starts in; this module finds
the quotation's words again in that paragraph (and the next ones, for a quotation continued
over several), and the speaker's name near it, and cuts the paragraphs into segments the
template renders as plain text, marked quotations (with the `quote-N` anchor a quote search
result links to) and marked speaker names. A quotation not found keeps its anchor at the
start of its paragraph, so links still land.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

FIRST_WORDS = 6                       # words that locate the start of a quotation
_SKIP = re.compile(r"[\s«»“”\"„‹›]*")  # between words: spaces and quotation marks


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph: plain, a quotation (kind "quote") or a speaker's name ("speaker")."""
    text: str
    kind: str | None = None
    number: int | None = None          # the quotation's number (1-based, as in quote-N)
    anchor: str | None = None          # set on the first segment of a quotation


@dataclass(frozen=True)
class _Mark:
    paragraph: int
    start: int
    end: int
    kind: str
    number: int
    first: bool = False               # the first range of a quotation carries its anchor


def quote_segments(paragraphs: Sequence[str], quotes: Sequence[Mapping[str, Any]]) -> tuple[tuple[Segment, ...], ...]:
    """Each paragraph as segments, quotations and speakers marked, anchors quote-1, quote-2, ..."""
    marks: list[_Mark] = []
    anchors: dict[int, list[tuple[int, int]]] = {}      # paragraph -> (offset, number) of unfound quotes
    for number, quote in enumerate(quotes, start=1):
        p = quote.get("paragraph", 0)
        if not 0 <= p < len(paragraphs):
            continue
        found = _locate_quote(paragraphs, p, quote["text"], number)
        if found:
            marks.extend(found)
            last = found[-1]
            speaker = _locate_name(paragraphs, quote["speaker"], last.paragraph, last.end, number)
        else:
            anchors.setdefault(p, []).append((0, number))
            speaker = _locate_name(paragraphs, quote["speaker"], p, 0, number)
        if speaker:
            marks.append(speaker)
    return tuple(_cut(text, [m for m in marks if m.paragraph == i], anchors.get(i, []))
                 for i, text in enumerate(paragraphs))


def _word_pattern(word: str) -> str:
    return re.sub(r"['’]", "['’]", re.escape(word))


def _locate_quote(paragraphs: Sequence[str], p: int, text: str, number: int) -> list[_Mark]:
    """The ranges of a quotation's words, from its paragraph on (empty if its start is not found)."""
    words = text.split()
    if not words:
        return []
    opening = re.compile(r"\s+".join(_word_pattern(w) for w in words[:FIRST_WORDS]))
    match = opening.search(paragraphs[p])
    if not match:
        return []
    marks, k, pos, start = [], 0, match.start(), match.start()
    while k < len(words) and p < len(paragraphs):
        para = paragraphs[p]
        step = re.compile(_word_pattern(words[k])).match(para, _SKIP.match(para, pos).end())
        if step:
            pos, k = step.end(), k + 1
            continue
        if pos > start:
            marks.append(_Mark(p, start, pos, "quote", number, not marks))
        if _SKIP.match(para, pos).end() < len(para.rstrip()) or p + 1 >= len(paragraphs):
            return marks                  # the words part ways with the text: stop here
        p, pos = p + 1, 0
        start = _SKIP.match(paragraphs[p], 0).end()
    if pos > start:
        marks.append(_Mark(p, start, pos, "quote", number, not marks))
    return marks


def _locate_name(paragraphs: Sequence[str], name: str, p: int, after: int, number: int) -> _Mark | None:
    """The speaker's name after the quotation (same or next paragraph), else before it."""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(_word_pattern(w) for w in name.split()) + r"(?!\w)")
    places = [(p, after), (p + 1, 0), (p, 0)]
    for i, offset in places:
        if 0 <= i < len(paragraphs):
            match = pattern.search(paragraphs[i], offset)
            if match:
                return _Mark(i, match.start(), match.end(), "speaker", number)
    return None


def _cut(text: str, marks: list[_Mark], anchors: list[tuple[int, int]]) -> tuple[Segment, ...]:
    """A paragraph cut at its marks (overlapping marks: the earlier one wins)."""
    segments: list[Segment] = [Segment("", "quote", number, f"quote-{number}") for _, number in anchors]
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, m.kind != "quote")):
        if mark.start < pos:
            continue
        if mark.start > pos:
            segments.append(Segment(text[pos:mark.start]))
        anchor = f"quote-{mark.number}" if mark.first else None
        segments.append(Segment(text[mark.start:mark.end], mark.kind, mark.number, anchor))
        pos = mark.end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return tuple(segments)
