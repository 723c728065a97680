"""Patterns written to be searched for quickly match as their plain forms do."""
import re

import pytest

from searchapp.patterns import grouped_alternatives, starting_word

WORDS = ["mai", "mars", "march", "may", "Mayo", "juin", "juillet", "jun", "x"]


@pytest.mark.parametrize("text", ["en mai, mars ou march", "amai", "2mars", "_juin", "Mayo et mayonnaise",
                                  "juillet-juin", "x, ax, x2", ""])
def test_grouped_alternatives_that_start_words_match_as_the_plain_alternation(text):
    plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(WORDS, key=len, reverse=True))) + ")")
    grouped = re.compile(grouped_alternatives(WORDS, starting_words=True))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_starting_word_has_no_letter_or_digit_before_it():
    pattern = re.compile(starting_word("QC"))
    assert [m.start() for m in pattern.finditer("QC, (QC) XQC 2QC _QC é-QC")] == [0, 5, 23]
