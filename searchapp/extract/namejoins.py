"""Choosing among the names found in one sentence, and joining those that are one name.

Several finders may claim the same words; the first claim wins (`without_overlaps`).
A known name followed by its legal form is the legal name ("Acme Engineering Inc."), and
a ministry's list of portfolios belongs to it ("Ministry of Economy, Innovation and Energy").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from searchapp.extract.orgwords import LEGAL_FORM

MINISTRY = re.compile(r"(?:\b|^)(?:Ministry|Minist[èe]re|Department|D[ée]partement|Secretariat)\b", re.IGNORECASE)
LEGAL_AT_END = re.compile(rf",?\s+{LEGAL_FORM}$", re.IGNORECASE)     # at the end of a capitalised run
_LEGAL_TAIL = re.compile(rf",?\s+{LEGAL_FORM}(?!\w)", re.IGNORECASE)  # right after a name
_PORTFOLIO_WORD = r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|d['’])?[A-ZÀ-Ý][\w'’-]+"
_PORTFOLIO_LIST = re.compile(
    rf"(?:,\s*{_PORTFOLIO_WORD})+,?\s+(?:and|et)\s+{_PORTFOLIO_WORD}(?!\s+[A-ZÀ-Ý])|\s+(?:and|et)\s+(?:de\s+l['’]|de\s+la\s+"
    r"|du\s+|des\s+)?(?:Enterprise|Innovation|Energy|Trade|Tourism|Culture|Environment|Economy|Research|Science|Technology"
    r"|Industry|Infrastructure|Communities|Transports?|Education|Training|Labour|Immigration|Agriculture|Fisheries|Forestry"
    r"|Mines|Resources|Housing|Finance|Énergie|Économie|Recherche|Communications|Environnement|Emploi|Commerce"
    r"|Pêcheries|Climate|Oceans|Aquaculture|Heritage|Sport|Justice|Health|Wellness|Seniors|Families|Skills|Jobs|Growth"
    r"|Lands|Parks|Forests|Tourisme|Santé|Services sociaux|Famille|Aînés)(?:\s+(?:Change|Development|Affairs|Relations"
    r"|Services|Safety|Security|Growth|Trade))?\b(?!\s+[A-ZÀ-Ý])")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    name: str              # canonical name, or the name as the text writes it
    weak: bool             # a bare capitalised phrase: trusted only right next to a conjunction


def with_portfolio_lists(sentence: str, found: list[Candidate]) -> list[Candidate]:
    """"Ministry of Economy, Innovation and Energy", "ministère de l'Économie, de l'Innovation et
    de l'Énergie": one name, not "Ministry of Economy", "Innovation" and "Energy"."""
    for i, candidate in enumerate(found):
        if MINISTRY.search(candidate.name) and (tail := _PORTFOLIO_LIST.match(sentence, candidate.end)):
            end = tail.end()
            found[i] = Candidate(candidate.start, end, sentence[candidate.start:end], candidate.weak)
            found[i + 1:] = [c for c in found[i + 1:] if c.start >= end]
            return found[:i + 1] + with_portfolio_lists(sentence, found[i + 1:])
    return found


def with_legal_tails(sentence: str, found: list[Candidate]) -> list[Candidate]:
    """"Acme Engineering Inc." where "Acme" is known: one name, the legal name, not "Acme" and
    "Engineering"."""
    for i in range(len(found) - 1, 0, -1):
        a, b = found[i - 1], found[i]
        if sentence[a.end:b.start] == " " and not a.weak and b.name[:1].isupper() \
                and (_LEGAL_TAIL.match(sentence, b.end) or LEGAL_AT_END.search(sentence[b.start:b.end])):
            found[i - 1:i + 1] = [Candidate(a.start, b.end, LEGAL_AT_END.sub("", sentence[a.start:b.end]), False)]
    return found


def without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Earlier entries win (definitions, then data file, then acronyms, then phrases)."""
    kept: list[Candidate] = []
    used = bytearray(max((c.end for c in candidates), default=0))
    for candidate in candidates:
        if not any(used[candidate.start:candidate.end]):
            used[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)
