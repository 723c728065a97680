"""Dates in release text, and the date of a release at the precision its text gives.

Month names come from Babel's CLDR data (French and English, wide and abbreviated,
accent-folded), never from a hand-typed list. A date keeps the precision found:
"2023", "2024-06" or "2021-03-23"; a day is never invented.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from searchapp.extract.gazetteer import aligned_fold
from searchapp.extract.lead import lead_start
from searchapp.text.patterns import grouped_alternatives

LANGUAGES = ("fr", "en")
LEAD_PARAGRAPHS = 3        # body paragraphs that may still carry a dateline-style date
LEAD_OFFSET = 80           # ... starting within this many characters of the paragraph
DATELINE_WORDS = 7         # ... after at most this many words
BODY_YEAR_PARAGRAPHS = 2   # a year alone is read from the headline and these first paragraphs
STAMP_MAX_CHARS = 60       # a date stamp is a paragraph this short...
STAMP_MAX_WORDS = 3        # ... with at most this many words besides the date ("Publié le", "à 18:05")
EARLIEST_YEAR = 1980


@dataclass(frozen=True)
class FoundDate:
    iso: str                   # "2024", "2024-06" or "2024-06-03"
    start: int
    end: int


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Folded month name or abbreviation -> month number, for every language in LANGUAGES."""
    table: dict[str, int] = {}
    clashes: set[str] = set()
    for lang in LANGUAGES:
        wide = get_month_names("wide", locale=lang)
        names: dict[str, set[int]] = {}
        for number, name in wide.items():
            name = aligned_fold(name)
            # Unambiguous prefixes ("sept", "janv") cover the abbreviations that wires use.
            for size in range(3, min(len(name), 5) + 1):
                names.setdefault(name[:size], set()).add(number)
            names.setdefault(name, set()).add(number)
        for number, name in get_month_names("abbreviated", locale=lang).items():
            names.setdefault(aligned_fold(name).rstrip("."), set()).add(number)
        for name, numbers in names.items():
            if len(numbers) > 1:
                continue
            number = numbers.pop()
            if table.get(name, number) != number:
                clashes.add(name)
            table[name] = number
    for name in clashes:
        del table[name]
    return table


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    month = rf"(?P<m>{grouped_alternatives(month_numbers(), starting_words=True)})\.?"
    day = r"(?P<d>[0-3]?\d)(?:er|re|st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)(?![\w%]|[.,]\d)"
    # The year alone starts with its first two digits and looks behind them: a pattern that
    # starts with a look-behind is tried at every character, one that starts with "19|20"
    # is searched for. The month patterns start with a month's first letter (patterns.py).
    alone = r"(?P<y>(?:19|20)(?<![\w$€£.,]\d\d)\d\d)(?![\w%]|[.,]\d)"
    numeric_year = r"(?P<y>(?:19|20)\d\d)"
    return (
        (re.compile(rf"(?<![\w.,]){day}\s+{month},?\s+{year}"), "day"),          # 3 juin 2024
        (re.compile(rf"{month}\s+{day},?\s+{year}"), "day"),                     # June 3, 2024
        # The numeric forms start with a digit, not with a look-behind (tried at every character):
        # what may stand before them is checked in find_dates.
        (re.compile(rf"(?P<d>[0-3]?\d)\.(?P<mn>[01]?\d)\.{numeric_year}(?![\w%]|[.,]\d)"), "day"),  # 03.06.2024
        (re.compile(rf"{numeric_year}-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?:(?![\w-])|(?=t\d\d:))"), "day"),  # 2024-06-03
        (re.compile(rf"{month},?\s+(?:de\s+|d')?{year}"), "month"),               # juin 2024
        (re.compile(alone), "year"),                                             # 2024
    )


@lru_cache(maxsize=1)
def _partial_patterns() -> tuple[re.Pattern, ...]:
    """A day and a month with no year after them: "le 7 décembre", "Feb. 26"."""
    month = rf"(?P<m>{grouped_alternatives(month_numbers(), starting_words=True)})\.?"
    day = r"(?P<d>[0-3]?\d)(?:er|re|st|nd|rd|th)?"
    no_year = r"(?!,?\s*(?:19|20)\d\d)(?![\w-])"
    return (re.compile(rf"(?<![\w.,]){day}\s+{month}{no_year}"),
            re.compile(rf"{month}\s+{day}{no_year}"))


_NOT_BEFORE_NUMERIC = re.compile(r"[\w.,-]")


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in the text, most precise reading first, in reading order."""
    view = aligned_fold(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, precision in _patterns():
        for match in pattern.finditer(view):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if match.start() and match.groupdict().get("mn") and _NOT_BEFORE_NUMERIC.match(view, match.start() - 1):
                continue      # "v1.03.06.2024", "12024-06-03": part of something else
            iso = _iso(match, precision)
            if iso:
                found.append(FoundDate(iso, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def find_partial_dates(text: str) -> list[tuple[int, int, int, int]]:
    """(month, day, start, end) of each day and month written without a year, in reading order."""
    view = aligned_fold(text)
    found = []
    for pattern in _partial_patterns():
        for match in pattern.finditer(view):
            month, day = month_numbers()[match.group("m")], int(match.group("d"))
            if 1 <= day <= 31:
                found.append((month, day, match.start(), match.end()))
    return sorted(found, key=lambda f: f[2])


def _iso(match: re.Match, precision: str) -> str | None:
    year = int(match.group("y"))
    if precision == "year":
        return f"{year:04d}"
    numeric = match.groupdict().get("mn")
    month = int(numeric) if numeric else month_numbers()[match.group("m")]
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, int(match.group("d"))).isoformat()
    except ValueError:
        return None           # 31.02.2024, 2024-13-01: not a date


# ---------------------------------------------------------------- a release's date

# "Founded in 1988", "fondée en 1988", "depuis 1975": the issuer's history, not the release's year.
_PAST = re.compile(r"(?:\bfounded|\bestablished|\bcreated|\bincorporated|\bsince|\bfond[ée]e?s?|\bcr[ée]{2}e?s?"
                   r"|\bdepuis|\bin operation since|\ben activit[ée] depuis)(?:\s+(?:in|en))?\s*$")
_FUTURE = re.compile(r"(?:\bby|\buntil|\bthrough|\bbefore|d['’]ici|jusqu['’]en|jusqu['’]a|\bhorizon|\bavant"
                     r"|\bdue(?:\s+in)?|\bmaturing(?:\s+in)?|\bexpiring(?:\s+in)?|\bechea\w*(?:\s+en)?)"
                     r"(?:\s+(?:the\s+)?(?:end\s+of|la\s+fin\s+de|fin))?\s*$")


_WORDS = re.compile(r"[^\W\d_]+")
_PLANNED = re.compile(r"\b(?:will|would|shall|may|might|plan(?:s|ned)?|expected|scheduled|upcoming|next|starting"
                      r"|beginning|sera|seront|serait|pourra|pourront|devrait|devraient|prevue?s?|a compter|des l"
                      r"|ouvrira|debutera|commencera|aura lieu|prochaine?s?|\w{3,}(?:era|eront|ira|iront))\b")
_DATELINE_END = re.compile(r"\s*(?:[/(:]|--?|–|—|$)")     # what follows a dateline's date


def release_date(release) -> str | None:
    """The release's date: header (refined by a matching dateline), dateline, date stamp, year."""
    header = release.header.get("date")
    lead = _lead_date(release, header)
    if header:
        if lead and len(lead) > len(header) and lead.startswith(header + "-"):
            return lead
        return header
    stamped = None if lead else _stamp_year(release)      # a closing or copyright year: before the body's years
    return lead or _stamp_date(release) or (f"{stamped:04d}" if stamped else None) or _body_year(release)


def _lead_date(release, header: str | None) -> str | None:
    """A date where datelines put it: in the dateline, or at the start of a lead paragraph;
    a dateline's day and month without a year ("Feb. 26", "le 7 décembre") take the
    header's year, else the year that puts them nearest a full date of the text (a closing
    timestamp, "the year ended December 31, 2009"): no year, no date from them."""
    places = [(release.dateline.text, len(release.dateline.text))] if release.dateline is not None else []
    places += [(paragraph[:LEAD_OFFSET + 30], LEAD_OFFSET)
               for paragraph in release.body[:lead_start(release.body) + LEAD_PARAGRAPHS]]
    for text, reach in places:
        full = [(f.start, f.iso) for f in find_dates(text) if f.start < reach and len(f.iso) > 4
                and _datelike_start(text, f.start)
                and not _FUTURE.search(aligned_fold(text[max(0, f.start - 30):f.start]))   # "until October 18"
                and (len(f.iso) == 10 or reach == len(text) or _DATELINE_END.match(text, f.end))]
        before = text[:full[0][0]] if full else text
        partial = [(p[2], p) for p in find_partial_dates(before) if p[2] < reach and _DATELINE_END.match(text, p[3])
                   and _datelike_start(text, p[2])]
        first = min(full + partial, default=None, key=lambda item: item[0])
        if first is None:
            continue
        if isinstance(first[1], str):
            return first[1]
        month, day, _, _ = first[1]
        year = int(header[:4]) if header else _nearest_year(release, month, day) or _stamp_year(release)
        try:
            return datetime.date(year, month, day).isoformat() if year else None
        except ValueError:
            return None
    return None


def _datelike_start(text: str, start: int) -> bool:
    """Few words stand before a dateline's date ("MONTREAL, QC, Sept. 10", "Communiqué de presse -
    Mardi 28 mars"); a subtitle's "to welcome its first students in September 2023" is no dateline."""
    return len(_WORDS.findall(text, 0, start)) <= DATELINE_WORDS


def _nearest_year(release, month: int, day: int) -> int | None:
    """The year in which month/day falls nearest a date of the text given to the day or month."""
    known = []
    for text in (release.headline or "", *release.body, *release.trailer):
        for found in find_dates(text):
            if len(found.iso) > 4:
                year, found_month = int(found.iso[:4]), int(found.iso[5:7])
                known.append(datetime.date(year, found_month, int(found.iso[8:10]) if len(found.iso) == 10 else 15))
    best = None
    for date in known:
        for year in (date.year - 1, date.year, date.year + 1):
            try:
                gap = abs((datetime.date(year, month, day) - date).days)
            except ValueError:
                continue
            if best is None or (gap, -year) < best[:2]:
                best = (gap, -year, year)
    return best[2] if best else None


def _stamp_date(release) -> str | None:
    """A paragraph that is a date: a closing timestamp ("3 juin 2024 à 18:05"), a page's date
    line ("Communiqué de presse - Mardi 28 mars 2017", taken for a headline when it comes first)."""
    for paragraph in (*release.trailer, *release.about, *release.body, release.headline or ""):
        if len(paragraph) > STAMP_MAX_CHARS:
            continue
        for found in find_dates(paragraph):
            rest = aligned_fold(paragraph[:found.start] + " " + paragraph[found.end:])
            words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w not in _stamp_words() and w != "le"]
            if len(found.iso) > 4 and len(words) <= STAMP_MAX_WORDS:    # "Moncton (N.-B.), le 7 novembre 2022"
                return found.iso
    return None


_LINKING = frozenset("de du des la le of the et and".split())   # "Communiqué de presse": one phrase


def _stamp_year(release) -> int | None:
    """The year of a closing line that is a year with few words ("Communiqué de presse – 2018",
    "© 2010 Acme Inc."), or None."""
    for paragraph in (*release.trailer, *release.about, *release.body):
        if len(paragraph) > STAMP_MAX_CHARS * 2:
            continue
        copyright = "©" in paragraph or paragraph.lower().startswith(("copyright", "(c)"))
        for found in find_dates(paragraph):
            rest = aligned_fold(paragraph[:found.start] + " " + paragraph[found.end:])
            words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w not in _stamp_words() and w not in _LINKING]
            if copyright or (len(words) <= STAMP_MAX_WORDS and len(paragraph) <= STAMP_MAX_CHARS):
                return int(found.iso[:4])
    return None


@lru_cache(maxsize=1)
def _stamp_words() -> frozenset[str]:
    """Words a date line carries besides the date: weekdays (Babel's, both languages) and the
    words for a press release."""
    days = {aligned_fold(name) for lang in LANGUAGES for width in ("wide", "abbreviated")
            for name in get_day_names(width, locale=lang).values()}
    return frozenset({d.rstrip(".") for d in days} | {"communique", "presse", "press", "news", "release", "copyright",
                                                       "all", "rights", "reserved", "tous", "droits", "reserves"})


def _body_year(release) -> str | None:
    """The latest plausible year that the headline and lead mention, in sentences about what
    happened (targets and plans excluded: "the museum will present from June 2025")."""
    latest_allowed = datetime.date.today().year + 1
    years: list[int] = []
    start = lead_start(release.body)
    for text in (release.headline or "", *release.body[start:start + BODY_YEAR_PARAGRAPHS]):
        view = aligned_fold(text)
        for found in find_dates(text):
            before = view[max(0, found.start - 30):found.start]
            if _FUTURE.search(before) or _PAST.search(before) or re.search(r"\d\s*[-–/]\s*$", before):
                continue                          # "by 2030", "founded in 1988", the end of "2023-2026"
            sentence = view[max(view.rfind(". ", 0, found.start), found.start - 160, 0):found.start]
            if _PLANNED.search(sentence):
                continue                          # "will open in 2026", "prévu pour l'été 2024"
            year = int(found.iso[:4])
            if EARLIEST_YEAR <= year <= latest_allowed:
                years.append(year)
    return f"{max(years):04d}" if years else None
