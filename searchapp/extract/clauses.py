"""Which names a sentence groups, and which one is a verb's subject.

"X, Y and Z" is one group; "X, the French maker, and Y" too; "in San Diego, X" is not.
A verb's subject is the last named group before it, or the name that opens the sentence
when an appositive stands between them ("X Inc., a company developing ..., announced").
Both languages are read on the accent-folded, lower-cased sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from searchapp.extract.names import DATELINE, Candidate
from searchapp.extract.orgwords import LEGAL_FORM

SUBJECT_REACH = 160          # at most this many characters from "X and Y" to their verb
JOIN_REACH = 200             # "X, a ... cluster, and Y": at most this far apart
ARTICLE = (r"(?:(?:the|le|la|les|l['’]|du|des|de\s+la|de\s+l['’]|au|aux|d['’]|de(?=\s))\s*)?"
           r"(?:[\w'’.-]+-based\s+)?"                                   # "Vancouver-based X"
           r"(?:(?:[a-z][\w'’.-]*\s+)?"                                  # "the Swiss company X"
           r"(?:company|firm|societe|entreprise|enterprise|firme|compagnie|organisme|organization|organisation"
           r"|association|avionneur|constructeur|fabricant|manufacturer|maker|developer|developpeur|promoteur"
           r"|operator|exploitant|transporteur|carrier|airline|insurer|assureur|supplier|fournisseur|startup"
           r"|start-up|biotech|pharmaceutique|group|groupe|cooperative|municipality|municipalite|university"
           r"|universite|hospital|hopital|institute|institut|foundation|fondation|agency|agence"
           r"|(?:existing |current |new )?investors?|investisseurs?(?: existants?| actuels?)?|shareholders?)"
           r"(?:\s+[a-z-]+(?:aise|oise|ienne|ien|aine|ain|ande|and|ais|ois|ique|ale|al|e))?\s+)?")   # "l'entreprise québécoise X"
_THROUGH = re.compile(rf"\b(?:through|via|par l['’](?:entremise|intermediaire) d[eu]s?)\s+{ARTICLE}$")
ANNOUNCES = re.compile(r"\b(?:announc\w*|annonc\w*)\b")
_TO = r"(?:(?:a|to|of|par|by|from)\s+)?"          # "à l'Université X, à l'Université Y et au Z": the recipient's "à" again
_WHERE = r"(?:\s*\b(?:in|en|au|aux|a)\s+(?:(?!with\b|avec\b|and\b|et\b)[\w'’-]+\s*){1,3}?)?"   # "X in Chile and Y"
_ONE_WORD = (r"(?:(?:(?<=the )|(?<= le )|(?<= la )|(?<=les )|(?<=l')|(?<=l’))"   # "and the Quebec Ministère": a word
             r"(?!and\b|et\b)[a-z][\w'’-]*\s+)?")                           # after an article, before the name
_LEGAL = rf"(?:,?\s*{LEGAL_FORM}(?!\w)|\.(?=\s))?"   # ", Inc.", or the dot a name's "Co." leaves
POSSESSOR = r"(?:[a-z]+['’]s\s+)?"           # "France's X, Germany's Y and the Swiss Z"
_LOOSE_JOIN = re.compile(rf"{_LEGAL}(?:['’]s)?\s*(?:\([^()]*\)\s*)*{_WHERE}(?:,[^.;:()]{{0,160}}?)?,?\s*(?:and|et|&|,|as well as|ainsi que(?: de| des| du| d['’])?)\s+{_TO}{ARTICLE}{_ONE_WORD}{POSSESSOR}")
_CONJUNCTION = re.compile(r"(?:^|\s)(?:and|et|&|as well as|ainsi que)\s")
_LIST_GAP = re.compile(rf"{_LEGAL}\s*(?:,|,?\s*(?:and|et|&))\s*{ARTICLE}{POSSESSOR}")
_TIGHT_JOIN = re.compile(rf"{_LEGAL}(?:['’]s)?\s*(?:\([^()]*\)\s*)*(?:and|et|&)\s+{_TO}{ARTICLE}{_ONE_WORD}{POSSESSOR}")
OPENING_REACH = 320          # "X Inc. ("X"), a clinical-stage company developing ..., today announced the closing of"


def past_through(view: str, groups: list[list[Candidate]], last: int) -> int:
    """"The Government of Quebec, through the Ministry of X, is granting": the subject is the
    government, not the ministry it acts through."""
    if last >= 2 and _THROUGH.search(view, max(0, groups[last - 1][0].start - 40), groups[last - 1][0].start):
        return last - 1
    return last



def subject_of(view: str, groups: list[list[Candidate]], verbs: re.Pattern, role: str) -> list[tuple[Candidate, str]]:
    """The last named group before each verb (its subject), weak ones ("X Inc., de Dartmouth,
    reçoit") passed over."""
    ends = [g[-1].end for g in groups]
    found: list[tuple[Candidate, str]] = []
    for verb in verbs.finditer(view):
        last = past_through(view, groups, bisect_right(ends, verb.start()))
        subject = next((g for g in reversed(groups[max(0, last - 3):last])
                        if verb.start() - g[-1].end <= SUBJECT_REACH + 120 and not all(c.weak for c in g)), None)
        if subject is not None:
            found += [(c, role) for c in subject]
    return found



def last_subject(view: str, groups: list[list[Candidate]], before: int) -> list[Candidate]:
    """The last of groups[:before] that may be a subject: not all weak, or opening the sentence
    (a few groups back at most: the look-back stays bounded)."""
    for group in reversed(groups[max(0, before - 6):before]):
        if not all(c.weak for c in group) or group[0].start <= 4 and not view[:group[0].start].strip(" «“\"'"):
            return group
    return []



def first_named(view: str, candidate: Candidate) -> Candidate | None:
    """The candidate when it opens the sentence (after any dateline), else None."""
    dateline = DATELINE.match(view)
    start = dateline.end() if dateline else 0
    return candidate if start <= candidate.start <= start + 4 else None



def opening(view: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidate that opens the sentence (its subject), if any."""
    dateline = DATELINE.match(view)
    start = dateline.end() if dateline else 0
    return [c for c in candidates if start <= c.start <= start + 4][:1]



def name_groups(view: str, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Coordinated names ("X, Y and Z"); weak names only join through a bare conjunction,
    and a weak name inside an appositive ("X, a French cluster, and Y") does not break one."""
    groups: list[list[Candidate]] = []
    strong: list[int] = []                          # the groups that end with a strong name, in order
    for candidate in candidates:
        last = groups[-1] if groups else None
        # A named organisation after "X (ACR) in Sherbrooke and": it joins X, not the place.
        loose = not candidate.weak and strong and candidate.start - groups[strong[-1]][-1].end < JOIN_REACH \
            and _LOOSE_JOIN.fullmatch(view[groups[strong[-1]][-1].end:candidate.start])
        if last and (candidate.weak or last[-1].weak) and candidate.start - last[-1].end < JOIN_REACH \
                and not (loose and all(c.weak for c in last)) \
                and _TIGHT_JOIN.fullmatch(view[last[-1].end:candidate.start]):
            last.append(candidate)
            if candidate.weak and strong and strong[-1] == len(groups) - 1:
                strong.pop()
            elif not candidate.weak and (not strong or strong[-1] != len(groups) - 1):
                strong.append(len(groups) - 1)
            continue
        if loose:
            between = [c for g in groups[strong[-1] + 1:] for c in g]
            run = [groups[strong[-1]][-1], *between, candidate]
            if between and all(" " not in c.name for c in between) \
                    and all(_LIST_GAP.fullmatch(view[a.end:b.start]) for a, b in zip(run, run[1:])):
                groups[strong[-1]].extend(between)  # "X, Fondaction and Y": a one-word name listed, not a person
            groups[strong[-1]].append(candidate)
            del groups[strong[-1] + 1:]             # weak names of the appositive
            continue
        groups.append([candidate])
        if not candidate.weak:
            strong.append(len(groups) - 1)
    return [part for g in groups for part in _coordinated(view, g)]



def _coordinated(view: str, group: list[Candidate]) -> list[list[Candidate]]:
    """"X, Y and Z" is a coordination; "in San Diego, X" is not: a group ends at its last
    conjunction ("X, the maker, and Y, the group, today announced ..., a venture, Z"), and
    what follows stands alone."""
    last = max((i for i, (a, b) in enumerate(zip(group, group[1:]))
                if _CONJUNCTION.search(view[a.end:b.start])), default=None)
    if last is None:
        return [[c] for c in group]
    return [group[:last + 2]] + [[c] for c in group[last + 2:]]
