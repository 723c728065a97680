"""Dates as people type them in a search form, read into partial ISO dates.

Accepted in either interface language: ``2024``, ``2024-06``, ``2024-06-03``
(one-digit months and days too), ``03/06/2024`` (day first, as in French; month
first when only that reading exists, as in ``12/31/2023``), ``06/2024``,
``3 juin 2024``, ``1er juin 2024``, ``June 3, 2024``, ``3rd June 2024``,
``juin 2024``, ``June 2024``.  Month names come from Babel (CLDR), folded, so
``fevrier``, ``Février`` and ``févr.`` are all February.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from babel.dates import get_month_names

from searchapp.text.folding import fold

MONTH_LOCALES = ("fr", "en")
MIN_YEAR, MAX_YEAR = 1000, 9999

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4})")
_WORD = re.compile(r"[^\W\d_]+\.?|\d+(?:er|re|st|nd|rd|th)?")
_FILLERS = {"le", "the", "of", "de", "du", "on"}


class NotADate(ValueError):
    """The text is not written like a date at all."""


class NoSuchDate(ValueError):
    """Written like a date, but the calendar has no such day (or month)."""

    def __init__(self, year: int, month: int, day: int | None):
        super().__init__(f"{year}-{month}-{day}")
        self.year, self.month, self.day = year, month, day


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Folded month names, wide and abbreviated, of every locale accepted -> month number."""
    names: dict[str, int] = {}
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(fold(name).rstrip("."), number)
    return names


def read_date(text: str) -> str:
    """The partial ISO date ("2024", "2024-06", "2024-06-03") a typed date means.

    Raises NotADate for text that is no date, NoSuchDate for 31 February and the like.
    """
    text = " ".join(text.split())
    for pattern, order in ((_ISO, "ymd"), (_YEAR_FIRST, "ymd"), (_DAY_FIRST, "dmy"), (_MONTH_YEAR, "my")):
        found = pattern.fullmatch(text)
        if found:
            numbers = dict(zip(order, (int(g) if g else None for g in found.groups())))
            year, month, day = numbers["y"], numbers.get("m"), numbers.get("d")
            if order == "dmy" and month and month > 12 and day and day <= 12:
                month, day = day, month        # 12/31/2023: only the month-first reading exists
            return iso_date(year, month, day)
    return _read_words(text)


def _read_words(text: str) -> str:
    """"3 juin 2024", "June 3, 2024", "juin 2024": a month name, a year, perhaps a day."""
    year = month = day = None
    for token in _WORD.findall(fold(text)):
        if token[0].isdigit():
            number = int(re.match(r"\d+", token).group())
            if len(token.rstrip("erstndh")) == 4 and year is None:
                year = number
            elif day is None and 1 <= len(str(number)) <= 2:
                day = number
            else:
                raise NotADate(text)
        elif token.rstrip(".") in month_numbers() and month is None:
            month = month_numbers()[token.rstrip(".")]
        elif token not in _FILLERS:
            raise NotADate(text)
    if year is None or month is None:
        raise NotADate(text)
    return iso_date(year, month, day)


def iso_date(year: int, month: int | None, day: int | None) -> str:
    """Check the calendar and write the date at its precision."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotADate(str(year))
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise NoSuchDate(year, month, day)
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise NoSuchDate(year, month, day)
    return f"{year:04d}-{month:02d}-{day:02d}"
