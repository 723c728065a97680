"""The part a sentence gives each organisation it names: evidence for the party decision.

Each rule returns (candidate, reason) pairs; `partners` weighs them across the release.
Both languages' constructions are read on the accent-folded, lower-cased sentence:
"X and Y sign", "X et Y renouvellent", "between X and Y", "X partners with Y",
"announced by X and Y", "X accorde ... à Y", "X invests in Y", "X donates ... to Y",
"grâce à la collaboration de X", "selected by X", "led by X, with participation from Y",
"X to acquire Y", "X announces Y and Z as partners".
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from searchapp.extract.gazetteer import aligned_fold
from searchapp.extract.names import DATELINE, Candidate
from searchapp.extract.orgwords import LEGAL_FORM

SUBJECT_REACH = 160          # at most this many characters from "X and Y" to their verb
JOIN_REACH = 200             # "X, a ... cluster, and Y": at most this far apart
OBJECT_REACH = 120           # a funding verb's recipient stands at most this far after it

_ARTICLE = (r"(?:(?:the|le|la|les|l['’]|du|des|de\s+la|de\s+l['’]|au|aux|d['’]|de(?=\s))\s*)?"
            r"(?:[\w'’.-]+-based\s+)?"                                   # "Vancouver-based X"
            r"(?:(?:company|firm|societe|entreprise|enterprise|firme|compagnie|organisme|organization|organisation"
            r"|association|avionneur|constructeur|fabricant|manufacturer|maker|developer|developpeur|promoteur"
            r"|operator|exploitant|transporteur|carrier|airline|insurer|assureur|supplier|fournisseur|startup"
            r"|start-up|biotech|pharmaceutique|group|groupe|cooperative|municipality|municipalite|university"
            r"|universite|hospital|hopital|institute|institut|foundation|fondation|agency|agence"
            r"|(?:existing |current |new )?investors?|investisseurs?(?: existants?| actuels?)?|shareholders?)\s+)?")   # "l'avionneur X"
_AGREE_VERB = re.compile(
    r"\b(?:sign(?:s|ed|ing)?|renew(?:s|ed|ing)?|agree(?:s|d|ing)?|extend(?:s|ed|ing)?|announc(?:e|es|ed|ing)"
    r"|unveil(?:s|ed|ing)?|launch(?:es|ed|ing)?|partner(?:s|ed|ing)?|team(?:s|ed|ing)? up|join(?:s|ed|ing)? forces"
    r"|collaborat(?:e|es|ed|ing)|forg(?:e|es|ed|ing)|enter(?:s|ed|ing)? into|conclud(?:e|es|ed|ing)"
    r"|establish(?:es|ed|ing)?|form(?:s|ed|ing)? (?:an? |the )?(?:joint|new|strategic|partnership|alliance|consortium)|ink(?:s|ed|ing)?|seal(?:s|ed|ing)?"
    r"|creat(?:e|es|ed|ing) (?:an? )?(?:joint|new)"
    r"|sign(?:ent|eront|eraient|era|e|ee?s?)|renouvel\w*|annonc\w*|devoil\w*|lancent|unissent|collaborer\w*"
    r"|s['’](?:associent|allient|unissent|entendent|engagent)|collaborent|concluent|ont conclu|forgent"
    r"|etablissent|scellent|concretisent|officialisent|formalis\w*|formaliz\w*|conviennent|(?:have |has )?jointly \w+"
    r"|(?:ont |publient |lancent )?conjointement|reach\w* an? (?:agreement|deal)|sont (?:fier|fiere|ravi|heureu)\w*)\b")
_AGREEMENT_NOUN = re.compile(
    r"\b(?:agreements?|partnerships?|memorand\w+|mou|collaborations?|cooperation|co-operation|alliances?"
    r"|relationship|contracts?|accords?|ententes?|partenariats?|protocoles?|relations?|contrats?|conventions?"
    r"|jumelage)\b")
_WITH_PHRASE = re.compile(
    r"\b(?:partner(?:s|ed|ing)?|team(?:s|ed|ing)? up|join(?:s|ed|ing)? forces|collaborat(?:e|es|ed|ing)"
    r"|(?<!in )(?:partnerships?|collaborations?|co-?operation|alliances?|agreements?|memorand\w+(?: of understanding)?|mous?"
    r"|joint[- ]ventures?|consortium)"
    r"(?:\s+(?!with\b)[\w'’-]+){0,4}?(?:\s+\([^()]{1,20}\))?|in (?:partnership|joint[- ]venture|consortium)|signs? (?:an? )?(?:agreement|memorandum|mou)) with"
    r"|\b(?<!en )(?:partenariats?|collaborations?|cooperation|alliances?|ententes?|accords?|protocoles? d['’]entente"
    r"|contrats?|conventions?|memorandum|jumelage|coentreprises?|consortium)"
    r"(?:\s+(?!avec\b)[\w'’-]+){0,4}?(?:\s+\([^()]{1,20}\))? avec"
    r"|\ben (?:partenariat|coentreprise|consortium) avec"
    r"|\bs['’]associ\w* (?:avec|aux|au|a)\b|\bs['’]alli\w* (?:avec|aux|au|a)\b|\b(?:nous )?associer (?:avec|aux|au|a)\b"
    r"|\bunit ses forces avec")
_BETWEEN = re.compile(rf"\b(?:between|entre)\s+{_ARTICLE}$")
# "between the hospital, X and Y": the hospital named earlier in the sentence is a party too.
_BETWEEN_THE = re.compile(rf"\b(?:between|entre)\s+(?:the|le|la|l['’])\s*([a-z]{{4,}})\s*,\s*{_ARTICLE}")
_SAME_KIND = {"hopi": "hosp", "vill": "city"}
_BY = re.compile(r"\b(?:announced|unveiled|released|signed|presented|published|launched|annonce|devoile|signe"
                 r"|presente|publie|lance)e?s?\s+(?:today\s+|aujourd['’]hui\s+|conjointement\s+|jointly\s+)?"
                 rf"(?:by|par)\s+{_ARTICLE}$")
_CAPS_DATELINE = re.compile(r"\s*[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{2,30}\s*[—–]\s+")    # "WINDSOR — The ..."
_IT = re.compile(r"\b(?:announce[sd]?|annonce|a annonce|is pleased to announce|est heureuse? d['’]annoncer)\s+"
                 r"(?:today\s+|aujourd['’]hui\s+)?(?:that\s+it|qu['’]elle|qu['’]il)\b")
_TERMINATION = re.compile(r"\b(?:terminat\w+|resiliation|resilie\w*|mett\w* fin|end(?:s|ed)? (?:its|their))\b")
_TO = r"(?:(?:a|to)\s+)?"          # "à l'Université X, à l'Université Y et au Z": the recipient's "à" again
_WHERE = r"(?:\s*\b(?:in|en|au|aux|a)\s+(?:(?!with\b|avec\b|and\b|et\b)[\w'’-]+\s*){1,3}?)?"   # "X in Chile and Y"
_LEGAL = rf"(?:,?\s*{LEGAL_FORM}(?!\w))?"   # ", Inc."
_LOOSE_JOIN = re.compile(rf"{_LEGAL}(?:['’]s)?\s*(?:\([^()]*\)\s*)*{_WHERE}(?:,[^.;:()]{{0,160}}?)?,?\s*(?:and|et|&|,|as well as|ainsi que(?: de| des| du| d['’])?)\s+{_TO}{_ARTICLE}")
_CONJUNCTION = re.compile(r"(?:^|\s)(?:and|et|&|as well as|ainsi que)\s")
_LIST_GAP = re.compile(rf"{_LEGAL}\s*(?:,|,?\s*(?:and|et|&))\s*{_ARTICLE}")
_TIGHT_JOIN = re.compile(rf"{_LEGAL}(?:['’]s)?\s*(?:\([^()]*\)\s*)*(?:and|et|&)\s+{_TO}{_ARTICLE}")

_GIVING = (r"accord(?:e|ent|era|eront|ait|aient)|octro[iy]\w*|verse(?:nt|ra|ront)?|attribu(?:e|ent|era|eront)"
           r"|allou(?:e|ent|era|eront)|investi(?:t|ssent|ra|ront)?|award(?:s|ed|ing)?|grant(?:s|ed|ing)"
           r"|invest(?:s|ed|ing)?")
_FUNDING_VERB = re.compile(
    rf"\b(?:{_GIVING}"
    r"|(?:provid|commit|contribut)(?:es|ed|s|ted|ing)? (?:an? )?(?:[\w-]+ ){0,2}?(?:\$|funding|financ\w*|grant)"
    r"|annonce\w* (?:un|une|des) (?:investissement|financement|appui|soutien|aide|contribution)\w*"
    r"|announce\w* (?:an? )?(?:[\w-]+ ){0,2}?(?:investment|funding|grant|contribution)\w*"
    r"|donat(?:e|es|ed|ing)|fait (?:un|une) don|fund(?:s|ed|ing)? (?=\S*\d)|financ(?:e|ent|era) (?=\S*\d))\b")
# "X to acquire Y", "X acquiert Y", "X completes its acquisition of Y": the buyer and what it buys.
_ACQUIRE_VERB = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|buy(?:s|ing)?|bought|merg(?:e|es|ed|ing) with"
    r"|acquisition (?:of|d['’]|de|du|des)|achat (?:d['’]|de|du|des)|acqui(?:ert|erent|s|se)|acquerir|acquerr(?:a|ont)"
    r"|achet(?:e|ent|er)|rachet(?:e|ent|er)|fusionn\w* avec)\b")
# "X is receiving a contribution of $1.2 million", "X reçoit 1,1 million": X is funded.
_RECEIVES = re.compile(
    r"\b(?:receiv(?:es|ed|ing|e)|recoi(?:t|vent)|recevr(?:a|ont)|obtien(?:t|nent|dra|dront))\s+(?:an?\s+|the\s+|une?\s+"
    r"|des\s+|la\s+|le\s+)?(?:[\w-]+\s+){0,3}?(?:contributions?|funding|grants?|investments?|loans?|awards?|financing"
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
_FUNDS_ANNOUNCED = re.compile(
    rf"\b(?:(?:is|are|will be)\s+providing|{_GIVING})\s+(?:more than\s+|over\s+|a total of\s+|un total de\s+"
    r"|plus de\s+|up to\s+|jusqu['’]a\s+)?(?:[$€£]|(?:chf|eur|usd|gbp)\s*\d|[\d.,]+\s*(?:million|billion|m\$|\$|€"
    r"|euros?|chf))"
    r"|\b(?:announc(?:es|ed|ing)|annonc(?:e|ent|era))\s+(?:today\s+|aujourd['’]hui\s+)?(?:l['’]octroi|\$|[\d.,]+\s*"
    r"(?:million|billion|m\$|g\$)|(?:(?:an?|new|une?|des|le|la)\s+)?(?:\w+\s+){0,2}?(?:investment|funding|grants?|financement"
    r"|aide|subventions?|investissement|contribution))")
# "X closes a $28 million Series A financing", "X conclut un financement de série A": X is funded.
_RAISES = re.compile(
    r"\b(?:clos(?:es|ed|ing)|rais(?:es|ed|ing)|secur(?:es|ed|ing)|complet(?:es|ed|ing)|closing of|completion of"
    r"|conclu(?:t|ent)|complete|realise|amasse|leve|cloture (?:d['’]|de)|conclusion (?:d['’]|de))"
    r"\b[^.;]{0,60}?\b(?:financing|funding round|round|series [a-e]|seed|financement|ronde|serie [a-e]|amorcage"
    r"|placement prive|private placement)\b")
_ROUND_WORDS = ("financ", "round", "ronde", "seed", "placement", "serie", "amorcage")
OPENING_REACH = 320          # "X Inc. ("X"), a clinical-stage company developing ..., today announced the closing of"
_BOUGHT_OBJECT = re.compile(rf"^\s*(?:(?:all|the|tous|toutes|l['’]ensemble)\b[^.;:]{{0,80}}?\b(?:of|de|du|des|d['’])\s*)?{_ARTICLE}$")
_RECIPIENT = re.compile(rf"\b(?:(?:a|au|aux|to|in|dans|for|pour|of|de|d['’])\s+|(?:a|to)\s[^.;:]{{0,40}}:\s*){_ARTICLE}$")
_BACKER = re.compile(
    r"\b(?:(?:grace a|thanks to|avec|with) (?:la|le|l['’]|the)?\s*(?:collaboration|soutien|appui|support|aide|concours"
    r"|participation|contribution|financement|funding)(?: financier| financiere| financial)?\s*(?:(?:de|du|des|of|from)\s+"
    r"|d['’]\s*)|(?:funded|supported|financed|selected|chosen|commissioned|retained|led) by\s+|(?:finance|soutenu|appuye"
    r"|selectionne|choisi|retenu|mandate|mene|dirige)e?s? par\s+"
    r"|(?:gift|donation|don|contribution) (?:from|de|du|des|d['’])\s*"
    r"|(?:\d[\d.,\s]*(?:m\$|g\$|\$|€|£|chf|euros?|(?:millions?|milliards?) de dollars|million|billion)"
    r"|\$\s*[\d.,]+(?:\s*(?:million|billion))?)\s+(?:de la|de l['’]|du|des|de|d['’]|from)\s*"   # "4,2 M$ de DEC"
    r"|(?:awarded|granted|won)\s+(?:an?\s+|the\s+)?[^.;]{0,50}?\b(?:contract|mandate|tender|order)s?\s+(?:by|from)\s+"
    r"|(?:obten\w*|obtien\w*|remport\w*|decroch\w*|vu (?:octroyer|attribuer|accorder))\s+(?:un|le|une)\s+"
    r"(?:contrat|mandat)\b[^.;]{0,50}?\b(?:par|de la|du|de l['’]|des)\s+"
    r"|(?:investissement|financement|contribution|investment|funding) (?:de|of) [\d.,\s]+(?:millions?|milliards?"
    r"|billion)?\s*(?:de dollars|dollars|\$|m\$)?\s*(?:du|de la|de l['’]|des|d['’]|from|by)\s*)" + _ARTICLE + r"$")
_SELECTED = re.compile(r"\b(?:selected|chosen|retained|commissioned|selectionne|choisi|retenu|mandate)e?s? (?:by|par)\b"
                       r"|\b(?:contract|mandate|tender|order|contrat|mandat)s?\b[^.;]{0,50}?\b(?:by|from|par|de la|du|des|de l['’])\s")
_AS_PARTNERS = re.compile(r"[\s,]*(?:as|comme|en tant que)\s")
_PARTNER_NOUN = re.compile(r"\b(?:partners?|partenaires?|members?|membres?|signator\w+|signataires?)\b")


_CUES = (_AGREE_VERB, _WITH_PHRASE, _FUNDING_VERB, _ACQUIRE_VERB, _RECEIVES, _FUNDS_ANNOUNCED, _PARTNER_NOUN, re.compile(
    r"\b(?:between|entre|by|par|collaboration|soutien|appui|support|concours|financ\w*|funded|supported|chosen"
    r"|selected|selectionn\w*|choisi\w*|retenu\w*|led|mene\w*|dirige\w*|participation|gift|donation|don)\b"))


def may_hold_roles(sentence: str) -> bool:
    """Whether any rule below could apply: most sentences of a release have none of their
    cues, and finding their names is most of the cost."""
    view = aligned_fold(sentence)
    return any(cue.search(view) for cue in _CUES)


def roles(sentence: str, candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """(candidate, reason) for each organisation the sentence puts in a party's place."""
    view = aligned_fold(sentence)
    if _TERMINATION.search(view) or not candidates:
        return []
    dateline = DATELINE.match(view) or _CAPS_DATELINE.match(sentence)
    if dateline:                          # "GRAND FALLS (GNB) – ...": a place and a wire, not parties
        candidates = [c for c in candidates if c.start >= dateline.end()]
    groups = _groups(view, candidates)
    candidate_starts = [c.start for c in candidates]
    found: list[tuple[Candidate, str]] = []
    for group in groups:
        before = view[max(0, group[0].start - 120):group[0].start]
        if _BACKER.search(before[-80:]) and not all(c.weak for c in group):
            found += [(c, "backer") for c in group]
            if _SELECTED.search(before[-80:]):     # "X has been selected by Y": X too
                found += [(c, "selected") for c in _opening(view, candidates)[:1] if c not in group]
        if len(group) < 2 or all(c.weak for c in group):
            continue
        if _AS_PARTNERS.match(view, group[-1].end) and _PARTNER_NOUN.search(view, group[-1].end, group[-1].end + 80):
            found += [(c, "listed-partner") for c in group]
            found += [(c, "names-partners") for c in _opening(view, candidates)[:1] if c not in group]
        elif _is_subject(view, group, candidates, candidate_starts):
            found += [(c, "co-subject") for c in group]
        elif _BETWEEN.search(before) and _AGREEMENT_NOUN.search(view):
            found += [(c, "between") for c in group]
        elif _BY.search(before):
            found += [(c, "announced-by") for c in group]
        elif _PARTNER_NOUN.search(view, group[-1].end, group[-1].end + 80):
            found += [(c, "listed-partner") for c in group]
            found += [(c, "names-partners") for c in _opening(view, candidates)[:1] if c not in group]
    starts = [g[0].start for g in groups]
    ends = [g[-1].end for g in groups]           # groups are in order and do not overlap
    it = False                                     # looked for once, at the first "with"
    for match in _WITH_PHRASE.finditer(view):
        at = bisect_left(starts, match.end())
        objects = groups[at:at + 1] if at < len(groups) and starts[at] - match.end() < 60 \
            and re.fullmatch(rf"\s*{_ARTICLE}", view[match.end():starts[at]]) else []
        if objects and not all(c.weak for c in objects[0]):
            found += [(c, "with") for c in objects[0]]
            if it is False:
                opening = _opening(view, candidates)
                it = _IT.search(view, opening[0].end) if opening and not opening[0].weak else None
            if it is not None and it.end() <= match.start():
                found.append((opening[0], "with"))     # "X, a company developing RNA medicines, announced
            else:                                      # that it has signed an agreement with Y"
                found += [(c, "with") for c in _last_subject(view, groups, bisect_right(ends, match.start()))]
    if ("between " in view or "entre " in view) and _BETWEEN_THE.search(view) and _AGREEMENT_NOUN.search(view):
        found += _between_the(view, groups, candidates)
    found += _funding(view, groups)
    found += _acquisition(view, groups)
    found += _subject_of(view, groups, _RECEIVES, "funded") + _subject_of(view, groups, _FUNDS_ANNOUNCED, "funder")
    found += _raiser(view, groups, candidates)
    return found


def _between_the(view: str, groups: list[list[Candidate]], candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """"between the hospital, X and Y": X, Y and the hospital the sentence named before."""
    found: list[tuple[Candidate, str]] = []
    for the in _BETWEEN_THE.finditer(view):
        group = next((g for g in groups if any(c.start == the.end() for c in g)), None)
        if group is None:
            continue
        listed = [c for c in group if c.start >= the.end()]
        kind = _SAME_KIND.get(the.group(1)[:4], the.group(1)[:4])
        named = [c for c in candidates if c.end <= the.start() and not c.weak and any(
            _SAME_KIND.get(w[:4], w[:4]) == kind for w in aligned_fold(c.name).split())][-1:]
        if len(named + listed) >= 2 and not all(c.weak for c in listed):
            found += [(c, "between") for c in named + listed]
    return found


def receives(sentence: str) -> bool:
    """Whether the sentence says someone receives funds ("X is receiving $1.2 million"), or
    lists recipients with their amounts ("- X, Medicine Hat, Alberta: $8,400,000 to ...")."""
    return bool(_RECEIVES.search(aligned_fold(sentence)) or _LISTED_LINE.search(sentence))


def recipients(sentence: str, candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The named subjects of "receives ... funding" in a sentence, and the names that open a
    line of a list followed by an amount (a funder's list of recipients)."""
    view = aligned_fold(sentence)
    found = _subject_of(view, _groups(view, candidates), _RECEIVES, "funded")
    for line in _LISTED_LINE.finditer(sentence):
        first = next((c for c in candidates if line.start("name") <= c.start < line.start("name") + 3), None)
        if first is not None:            # the line's shape says what an organisation word would
            found.append((first, "funded"))
    return found


def _subject_of(view: str, groups: list[list[Candidate]], verbs: re.Pattern, role: str) -> list[tuple[Candidate, str]]:
    """The last named group before each verb (its subject), weak ones ("X Inc., de Dartmouth,
    reçoit") passed over."""
    ends = [g[-1].end for g in groups]
    found: list[tuple[Candidate, str]] = []
    for verb in verbs.finditer(view):
        last = bisect_right(ends, verb.start())
        subject = next((g for g in reversed(groups[max(0, last - 3):last])
                        if verb.start() - g[-1].end <= SUBJECT_REACH and not all(c.weak for c in g)), None)
        if subject is not None:
            found += [(c, role) for c in subject]
    return found


def _raiser(view: str, groups: list[list[Candidate]], candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The company that closes or raises a financing round: the verb's subject, or the one
    that opens the sentence when an appositive stands between them."""
    raised = _RAISES.search(view) if any(word in view for word in _ROUND_WORDS) else None
    if raised is None:
        return []
    found = _subject_of(view, groups, _RAISES, "funded")
    opening = _opening(view, candidates)
    if not found and opening and not opening[0].weak and raised.start() - opening[0].end <= OPENING_REACH \
            and not any(not c.weak for c in candidates if opening[0].end <= c.start < raised.start()):
        found = [(opening[0], "funded")]
    return found


def _last_subject(view: str, groups: list[list[Candidate]], before: int) -> list[Candidate]:
    """The last of groups[:before] that may be a subject: not all weak, or opening the sentence
    (a few groups back at most: the look-back stays bounded)."""
    for group in reversed(groups[max(0, before - 6):before]):
        if not all(c.weak for c in group) or group[0].start <= 4 and not view[:group[0].start].strip(" «“\"'"):
            return group
    return []


def _opening(view: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidate that opens the sentence (its subject), if any."""
    dateline = DATELINE.match(view)
    start = dateline.end() if dateline else 0
    return [c for c in candidates if start <= c.start <= start + 4][:1]


def _transfers(view: str, groups: list[list[Candidate]], verbs: re.Pattern, reach: int,
               marks_object, roles: tuple[str, str]) -> list[tuple[Candidate, str]]:
    """The group before each verb (who gives or buys) and the first of the next `reach` groups
    that `marks_object` accepts (who receives or is bought), both named, not all weak."""
    found: list[tuple[Candidate, str]] = []
    starts = [g[0].start for g in groups]
    ends = [g[-1].end for g in groups]
    for verb in verbs.finditer(view):
        last = bisect_right(ends, verb.start())
        before = [g for g in groups[max(0, last - 1):last] if verb.start() - g[-1].end <= SUBJECT_REACH]
        first = bisect_left(starts, verb.end())
        after = [g for g in groups[first:first + reach]
                 if g[0].start <= verb.end() + OBJECT_REACH and marks_object(verb.end(), g[0].start)]
        if before and after and not all(c.weak for c in before[-1]) and not all(c.weak for c in after[0]):
            found += [(c, roles[0]) for c in before[-1]] + [(c, roles[1]) for c in after[0]]
    return found


def _funding(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """"X accorde 12 M$ à Y", "X invests $2M in Y", "X awards funding to Y, Z and W"."""
    return _transfers(view, groups, _FUNDING_VERB, 4,
                      lambda end, start: _RECIPIENT.search(view[max(end, start - 40):start]), ("funder", "funded"))


def _acquisition(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """"X to acquire Y", "X acquiert les actions de Y": buyer and seller are both parties."""
    return _transfers(view, groups, _ACQUIRE_VERB, 1,
                      lambda end, start: _BOUGHT_OBJECT.search(view[end:start]), ("buyer", "bought"))


def _is_subject(view: str, group: list[Candidate], candidates: list[Candidate], starts: list[int]) -> bool:
    """The group is followed by an agreement verb with no other organisation in between."""
    low = group[-1].end
    verb = _AGREE_VERB.search(view, low, low + SUBJECT_REACH + 40)
    if verb is None or verb.start() - low > SUBJECT_REACH:
        return False
    between = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), view[low:verb.start()])
    inside = candidates[bisect_left(starts, low):bisect_left(starts, verb.start())]
    return not any(not c.weak and between[c.start - low] != " " for c in inside)


def _groups(view: str, candidates: list[Candidate]) -> list[list[Candidate]]:
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


