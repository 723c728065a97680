"""Dates at the precision a release gives them ("2024", "2024-06", "2024-06-03"): their span and
how to write them the local way. One place for both, used by the index, the search and the pages."""
from __future__ import annotations

import calendar
import datetime

import re

from babel.dates import format_date, format_skeleton


def date_bounds(iso: str) -> tuple[datetime.date, datetime.date]:
    """First and last day covered by a partial ISO date ("2024-02" -> Feb 1..29).

    ValueError when it is not a partial ISO date or names a day that does not exist."""
    numbers = [int(p) for p in iso.split("-")]
    year = numbers[0]
    if len(numbers) == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = numbers[1]
    if len(numbers) == 2:
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, 1), datetime.date(year, month, last)
    day = datetime.date(year, month, numbers[2])
    return day, day


def day_number(day: datetime.date) -> int:
    """A day as the yyyymmdd integer the index sorts and filters by."""
    return day.year * 10000 + day.month * 100 + day.day


def format_partial_date(iso: str | None, locale: str) -> str:
    """An ISO date at its precision, written the locale's way.

    "2024-06-03" -> "3 juin 2024" / "June 3, 2024"; "2024-06" -> "juin 2024" / "June 2024";
    "2024" -> "2024". Anything unparseable is returned unchanged ("" for None).
    """
    if not iso:
        return ""
    try:
        numbers = [int(part) for part in iso.split("-")]
        if len(numbers) == 3:
            return format_date(datetime.date(*numbers), "long", locale=locale)
        if len(numbers) == 2:
            return format_skeleton("yMMMM", datetime.date(numbers[0], numbers[1], 1), locale=locale)
    except ValueError:
        return iso
    return iso


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(text: str) -> str | None:
    """Normalise an ISO date of year, month or day precision; None if impossible."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    y = int(year)
    if not 1800 <= y <= 2200:
        return None
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return datetime.date(y, m, int(day)).isoformat()
    except ValueError:
        return None
