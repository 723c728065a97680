"""Patterns written to be searched for quickly match as their plain forms do."""
import re

import pytest

from searchapp.text.patterns import grouped_alternatives, letters, starting_word

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


def test_letters_are_the_letter_category_of_every_character_below_u10000():
    category, written = re.compile(r"[^\W\d_]"), re.compile(letters())
    differ = [code for code in range(0x10000)
              if bool(category.fullmatch(chr(code))) != bool(written.fullmatch(chr(code)))]
    assert differ == []
    assert written.findall("l'Été 2024, Québec_x ½ ǅ") == list("lÉtéQuébecx½ǅ")
    assert written.fullmatch("\U0001d400") is None and category.fullmatch("\U0001d400")   # 𝐀: left out


def test_release_words_and_detection_words_are_letters():
    from searchapp.ingest.language import _clean
    from searchapp.index.vocabulary import words_of

    text = "L’Agence QUÉBEC-2024 investit 3,5 M$ à Montréal; voir www.x.ca et l'été d'Ottawa."
    assert _clean(text) == "L’Agence investit M à Montréal voir et l'été d'Ottawa"
    assert words_of({"title": "Été", "body": [text], "about": ["À propos: ÉTS_inc"]}) == {
        "été", "agence", "québec", "investit", "montréal", "voir", "www", "ottawa", "propos", "éts", "inc"}
