"""Money and ownership between parties: who funds, who is funded, who buys, who is bought.

"X accorde 12 M$ à Y", "X invests $2M in Y", "X awards funding to Y, Z and W", "X is
receiving $1.2 million", a funder's list of recipients with their amounts, "X to acquire
Y", "X closes a Series A financing".
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from searchapp.extract.clauses import (ANNOUNCES, ARTICLE, OPENING_REACH, SUBJECT_REACH, first_named, name_groups,
                                       opening, past_through, subject_of)
from searchapp.extract.gazetteer import aligned_fold
from searchapp.extract.names import Candidate
from searchapp.extract.orgwords import LEGAL_FORM, org_signal

OBJECT_REACH = 120           # a funding verb's recipient stands at most this far after it
_GIVING = (r"accord(?:e|ent|era|eront|ait|aient)|octro[iy]\w*|verse(?:nt|ra|ront)?|attribu(?:e|ent|era|eront)"
           r"|allou(?:e|ent|era|eront)|investi(?:t|ssent|ra|ront)?|award(?:s|ed|ing)?|grant(?:s|ed|ing)"
           r"|invest(?:s|ed|ing)?|(?<!se )confi(?:e|ent|era|eront)\b|entrust(?:s|ed)?")
FUNDING_VERB = re.compile(
    rf"\b(?:{_GIVING}"
    r"|(?:provid|commit|contribut)(?:es|ed|s|ted|ing)? (?:an? )?(?:[\w-]+ ){0,2}?(?:\$|funding|financ\w*|grant)"
    r"|annonce\w* (?:au nom d[eu]s?\s[^,;]{0,60}?\s)?(?:un|une|des) (?:investissement|financement|appui|soutien|aide"
    r"|contribution)\w*"
    r"|announce\w* (?:an? )?(?:[\w$€.,-]+ ){0,3}?(?:investment|funding|grant|contribution)\w*"
    r"|donat(?:e|es|ed|ing)|fait (?:un|une) don|fund(?:s|ed|ing)? (?=\S*\d)|financ(?:e|ent|era) (?=\S*\d))\b")
# "X to acquire Y", "X acquiert Y", "X completes its acquisition of Y": the buyer and what it buys.
ACQUIRE_VERB = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|buy(?:s|ing)?|bought|merg(?:e|es|ed|ing) with"
    r"|acquisition (?:of|d['’]|de|du|des)|achat (?:d['’]|de|du|des)|acqui(?:ert|erent|s|se)|acquerir|acquerr(?:a|ont)"
    r"|achet(?:e|ent|er)|rachet(?:e|ent|er)|fusionn\w* avec)\b")
# "X is receiving a contribution of $1.2 million", "X reçoit 1,1 million": X is funded.
RECEIVES = re.compile(
    r"\b(?:receiv(?:es|ed|ing|e)|recoi(?:t|vent)|recevr(?:a|ont)|recue?s?|obtien(?:t|nent|dra|dront))\s+(?:an?\s+|the\s+|une?\s+"
    r"|des\s+|la\s+|le\s+)?(?:[\w-]+\s+){0,3}?(?:contributions?|funding|grants?|investments?|loans?|awards?|financing"
    r"|gifts?|donations?|dons?"
    r"|aides?|subventions?|financements?|prets?|sommes?|[$€£]|(?:chf|eur|usd|cad|gbp)\s*\d"
    r"|\d[\d\s.,]*(?:\$|m\$|k\$|€|£|millions?|billion|milliards?|chf|eur|euros?|usd|francs?|dollars?)(?!\w))")
# "- Prairie Sun Renewables Ltd., Medicine Hat, Alberta: $8,400,000 to build ...", "- Institut X (Kingsport,
# Ontario) : 2 000 000 $ pour ...", "- X (Shediac) : contribution remboursable de 1 900 000 $": a list's
# line that opens with a name and gives an amount.
_LISTED_LINE = re.compile(r"(?m)^[ \t]*[-•*–][ \t]*(?P<name>[A-ZÀ-Ý])[^\n:—–]{0,150}?(?:—|–|:)[ \t]*"
                          r"(?:[^\n\d$€]{0,50}?\b(?:of|de|d['’])[ \t])?[$€]?[ \t]*\d[\d \t.,\u00a0\u202f]*"
                          r"(?:\$|€|m\$|k\$|(?:millions?|billion|milliards?)\b|(?<=\d)(?![\d.,]))")
# "X today announced $2.7 million in funding for three organizations", "X annonce l'octroi de
# subventions à deux organisations": X funds, whoever it names.
FUNDS_ANNOUNCED = re.compile(
    r"\b(?:is|are|will be)\s+providing\s+(?:financial\s+)?(?:support|assistance)\b"
    rf"|\b(?:(?:is|are|will be)\s+(?:providing|contributing)|contributing|{_GIVING})\s+(?:more than\s+|over\s+|a total of\s+|un total de\s+"
    r"|plus de\s+|up to\s+|jusqu['’]a\s+)?(?:[$€£]|(?:chf|eur|usd|gbp)\s*\d|[\d.,]+\s*(?:million|billion|m\$|\$|€"
    r"|euros?|chf))"
    r"|\b(?:announc(?:es|ed|ing)|annonc(?:e|ent|era))\s+(?:today\s+|aujourd['’]hui\s+)?"
    r"(?:(?:on behalf of|au nom d[eu]s?)\s[^,;]{0,60}?\s)?(?:l['’]octroi|\$|[\d.,]+\s*"
    r"(?:million|billion|m\$|g\$)|(?:(?:an?|new|une?|des|le|la)\s+)?(?:\w+\s+){0,2}?(?:investment|funding|grants?|financement"
    r"|aide|subventions?|investissement|contribution))")
# "X closes a $28 million Series A financing", "X conclut un financement de série A": X is funded.
_RAISES = re.compile(
    r"\b(?:clos(?:es|ed|ing)|rais(?:es|ed|ing)|secur(?:es|ed|ing)|complet(?:es|ed|ing)|closing of|completion of"
    r"|conclu(?:t|ent)|complete|realise|amasse|leve|cloture (?:d['’]|de)|conclusion (?:d['’]|de))"
    r"\b[^.;]{0,60}?\b(?:financing|funding round|round|series [a-e]|seed|financement|ronde|serie [a-e]|amorcage"
    r"|placement prive|private placement)\b")
_AMOUNT_FOR = re.compile(rf"(?:\$\s*[\d.,]+(?:\s*(?:million|billion))?|\d[\d.,\s]*(?:m\$|\$|millions? de dollars"
                         rf"|million|billion|€))\s+(?:for|to|pour|a|au|aux)\s+{ARTICLE}$")
_LIST_SEPARATOR = re.compile(rf"(?:,?\s*{LEGAL_FORM}(?!\w))?\s*(?:,|,?\s*(?:and|et))\s*(?:(?:a|to)\s+)?"
                             rf"(?!de\s|d['’]){ARTICLE}")     # ", à la Y", not "X inc., de Saint-Jérôme"
_LINE_JOIN = re.compile(rf"(?:,?\s*{LEGAL_FORM})?\s*(?:et|and|&)\s+{ARTICLE}")
_DIRECT_OBJECT = re.compile(rf"\s*{ARTICLE}")
SELECTS = re.compile(r"\b(?:select(?:s|ed)|chose|chooses|retain(?:s|ed)|hire[sd]?|a (?:retenu|choisi|selectionne)"
                     r"|retient|choisit|selectionne(?:nt)?)\b")
_PLACE_NEXT = re.compile(rf"(?i)(?:,?\s*{LEGAL_FORM})?[\s.]*[(,]")    # "- X inc., de Québec :", "- X (Laval) –"
_ROUND_WORDS = ("financ", "round", "ronde", "seed", "placement", "serie", "amorcage")
_BOUGHT_OBJECT = re.compile(rf"^\s*(?:(?:all|the|its|tous|toutes|l['’]ensemble|l['’]|la|le|les)\b[^.;:]{{0,80}}?"
                            rf"\b(?:of|from|de|du|des|d['’]|aupres d['’]|aupres de)\s*)?{ARTICLE}$")     # "l'usine de Saint John d'X"
_RECIPIENT = re.compile(rf"\b(?:(?:a|au|aux|to|in|dans|for|pour|of|de|d['’]|to help|pour aider"
                        rf"|to support|pour (?:appuyer|soutenir))\s+|(?:a|to)\s[^.;:]{{0,40}}:\s*){ARTICLE}$")


def amount_for(view: str, candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """"Over $3.1 million for X, Y and Z", "2 M$ pour X": the names an amount goes to are funded,
    the list that follows it read name by name (a name with no organisation word included)."""
    found: list[tuple[Candidate, str]] = []
    for i, candidate in enumerate(candidates):
        if not _AMOUNT_FOR.search(view, max(0, candidate.start - 60), candidate.start):
            continue
        listed = [candidate]
        for following in candidates[i + 1:]:
            if not _LIST_SEPARATOR.fullmatch(view[listed[-1].end:following.start]):
                break
            listed.append(following)
        if len(listed) > 1 or not candidate.weak:
            found += [(c, "funded") for c in listed]
    return found


def receives(sentence: str) -> bool:
    """Whether the sentence says someone receives funds ("X is receiving $1.2 million"), or
    lists recipients with their amounts ("- X, Medicine Hat, Alberta: $8,400,000 to ...")."""
    return bool(RECEIVES.search(aligned_fold(sentence)) or _LISTED_LINE.search(sentence))



def recipients(sentence: str, candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The named subjects of "receives ... funding" in a sentence, and the names that open a
    line of a list followed by an amount (a funder's list of recipients)."""
    view = aligned_fold(sentence)
    found = subject_of(view, name_groups(view, candidates), RECEIVES, "funded")
    for line in _LISTED_LINE.finditer(sentence):
        first = next((c for c in candidates if line.start("name") <= c.start < line.start("name") + 5), None)
        bare = first is not None and (first.weak or " " not in first.name and not org_signal(first.name))
        if first is not None and (not bare or _PLACE_NEXT.match(sentence, first.end)):
            found.append((first, "funded"))  # "- Dermalytix (Montréal) – $520,000": the line's shape names it
            at = candidates.index(first)
            for joined in candidates[at + 1:]:       # "- X inc. et le Centre Y (CY) : 720 000 $": both
                if joined.start > line.end() or not _LINE_JOIN.fullmatch(view[found[-1][0].end:joined.start]):
                    break
                found.append((joined, "funded"))
    return found


def raiser(view: str, groups: list[list[Candidate]], candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The company that closes or raises a financing round: the verb's subject, or the one
    that opens the sentence when an appositive stands between them."""
    raised = _RAISES.search(view) if any(word in view for word in _ROUND_WORDS) else None
    if raised is None:
        return []
    found = subject_of(view, groups, _RAISES, "funded")
    subject = opening(view, candidates)
    if not found and subject and not subject[0].weak and raised.start() - subject[0].end <= OPENING_REACH \
            and not any(not c.weak for c in candidates if subject[0].end <= c.start < raised.start()):
        found = [(subject[0], "funded")]
    return found



def _transfers(view: str, groups: list[list[Candidate]], verbs: re.Pattern, reach: int,
               marks_object, roles: tuple[str, str], named_object: bool = False) -> list[tuple[Candidate, str]]:
    """The group before each verb (who gives or buys) and the first of the next `reach` groups
    that `marks_object` accepts (who receives or is bought), both named, not all weak."""
    found: list[tuple[Candidate, str]] = []
    starts = [g[0].start for g in groups]
    ends = [g[-1].end for g in groups]
    leading = [g[0] for g in groups[:1] if not g[0].weak and g[0] == first_named(view, g[0])]
    for verb in verbs.finditer(view):
        last = bisect_right(ends, verb.start())
        last = past_through(view, groups, last)
        before = [g for g in groups[max(0, last - 1):last] if verb.start() - g[-1].end <= SUBJECT_REACH + 120]
        if not before and leading and verb.start() - leading[0].end <= OPENING_REACH \
                and ANNOUNCES.search(view, leading[0].end, verb.start()):
            before = [leading]         # "X SA, a Swiss company that ..., announces the acquisition of Y"
        first = bisect_left(starts, verb.end())
        after = [g for g in groups[first:first + reach]
                 if g[0].start <= verb.end() + OBJECT_REACH and marks_object(verb.end(), g[0].start)
                 and not (named_object and all(c.weak for c in g))]
        if before and after and not all(c.weak for c in before[-1]) and not all(c.weak for c in after[0]):
            found += [(c, roles[0]) for c in before[-1]] + [(c, roles[1]) for c in after[0]]
        elif before and len(before[-1]) >= 2 and not any(c.weak for c in before[-1]) \
                and verb.start() - before[-1][-1].end <= SUBJECT_REACH:
            found += [(c, roles[0]) for c in before[-1]]   # "X, Y and Z invest in a new plant": co-funders
        elif not before and after and roles[1] == "funded" and not all(c.weak for c in after[0]):
            found += [(c, roles[1]) for c in after[0]]     # "the Minister announces $2M for X and Y"
    return found

def funding(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """"X accorde 12 M$ à Y", "X invests $2M in Y", "X awards funding to Y, Z and W"."""
    return _transfers(view, groups, FUNDING_VERB, 4,
                      lambda end, start: _RECIPIENT.search(view[max(end, start - 40):start])
                      or _DIRECT_OBJECT.fullmatch(view, end, start), ("funder", "funded"))    # "has awarded X a contract"



def selection(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """"X selects Y", "X has selected Y", "X a retenu Y": the client and its chosen supplier."""
    return _transfers(view, groups, SELECTS, 1, lambda end, start: _DIRECT_OBJECT.fullmatch(view, end, start),
                      ("backer", "selected"))


def acquisition(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """"X to acquire Y", "X acquiert les actions de Y": buyer and seller are both parties."""
    return _transfers(view, groups, ACQUIRE_VERB, 2,      # "to acquire the X line from Y": Y sells
                      lambda end, start: _BOUGHT_OBJECT.search(view[end:start]), ("buyer", "bought"), True)
