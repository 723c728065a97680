"""Building regular expressions that Python's engine can search for quickly.

The engine skips ahead to a pattern's literal start or its first character set;
a pattern that starts with a look-behind (`(?<!\\w)`) or a word boundary is tried
at every character of the text, and an alternation is tried one alternative at a
time. Both helpers here give the same matches as the plain forms. A pattern that
starts with a category (`\\w`, `[^\\W\\d_]`) is tried at every character too:
`letters()` writes the letters as the characters they are.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable


def starting_word(literal: str) -> str:
    """`(?<!\\w)literal` written as `literal(?<!\\wliteral)`: no letter, digit or _ before it,
    checked behind the literal, so that the pattern starts with the literal itself."""
    escaped = re.escape(literal)
    return rf"{escaped}(?<!\w{escaped})"


def grouped_alternatives(forms: Iterable[str], pattern: Callable[[str], str] = re.escape,
                         group_of: Callable[[str], str] = lambda form: form[0].lower(),
                         starting_words: bool = False) -> str:
    """The forms as alternatives, longest first, one group per first letter: `f(?:orm|irst)`.

    The engine compares a place with each group's letter, then only with that group's
    forms. Two forms that can match at one place must fall in one group (group_of says
    which: "é" with "e" when `pattern` lets é match e); within a group they keep their
    order, so the matches are the plain alternation's. A group whose forms do not all
    start with the same character is not factored. `pattern` writes a piece of a form
    (re.escape by default); with starting_words, each form has no letter or digit before it.
    """
    groups: dict[str, list[str]] = {}
    for form in sorted(forms, key=len, reverse=True):
        groups.setdefault(group_of(form), []).append(form)

    def first(form: str) -> str:
        written = pattern(form[0])
        return written + (rf"(?<!\w{written})" if starting_words else "")

    parts = []
    for members in groups.values():
        if len({form[0] for form in members}) > 1:
            parts += [first(form) + pattern(form[1:]) for form in members]
        else:
            parts.append(f"{first(members[0])}(?:{'|'.join(pattern(form[1:]) for form in members)})")
    return "|".join(parts)


@lru_cache(maxsize=1)
def letters() -> str:
    """`[^\\W\\d_]` (a letter: alphanumeric, not a decimal digit or "_") as a set of the
    characters themselves, those of the Basic Multilingual Plane (U+0000 to U+FFFF).

    The engine looks a set of characters up in a table and skips straight to where one
    stands; a category is checked by trying the whole pattern at every character (a
    third more time for a release's words). Letters beyond U+FFFF (historic scripts,
    mathematical letters, rare CJK) are left out: a set holding them is checked range by
    range, five times slower. Worked out once per process (about 25 ms).
    """
    return "[" + code_ranges(code for code in range(0x10000)
                             if chr(code).isalnum() and not chr(code).isdecimal()) + "]"


def code_ranges(codes: Iterable[int]) -> str:
    """Code points (in increasing order) written for a character set: runs as ranges."""
    spans: list[list[int]] = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "")
                   for low, high in spans)
