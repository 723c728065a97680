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

from searchapp.extract.bodies import GOVERNMENT_NAME, MONEY
from searchapp.extract.clauses import ARTICLE, POSSESSOR, SUBJECT_REACH, last_subject, name_groups, opening, subject_of
from searchapp.extract.gazetteer import aligned_fold
from searchapp.extract.names import DATELINE, Candidate
from searchapp.extract.transfers import (ACQUIRE_VERB, FUNDING_VERB, FUNDS_ANNOUNCED, RECEIVES, SELECTS, acquisition,
                                         amount_for, funding, raiser, selection)

_AGREE_VERB = re.compile(
    r"\b(?:sign(?:s|ed|ing)?|renew(?:s|ed|ing)?|agree(?:s|d|ing)?|extend(?:s|ed|ing)?|announc(?:e|es|ed|ing)"
    r"|unveil(?:s|ed|ing)?|launch(?:es|ed|ing)?|partner(?:s|ed|ing)?|team(?:s|ed|ing)? up|join(?:s|ed|ing)? forces"
    r"|collaborat(?:e|es|ed|ing)|forg(?:e|es|ed|ing)|enter(?:s|ed|ing)? into|conclud(?:e|es|ed|ing)|conclut"
    r"|establish(?:es|ed|ing)?|form(?:s|ed|ing)? (?:an? |the )?(?:[\w-]+ )?(?:joint|new|strategic|partnership|alliance|consortium)|ink(?:s|ed|ing)?|seal(?:s|ed|ing)?"
    r"|creat(?:e|es|ed|ing) (?:an? )?(?:joint|new)"
    r"|sign(?:ent|eront|eraient|era|e|ee?s?)|renouvel\w*|annonc\w*|devoil\w*|lancent|unissent|collaborer\w*"
    r"|s['’](?:associent|allient|unissent|entendent|engagent)|collaborent|concluent|ont conclu|a conclu|forgent"
    r"|etablissent|scellent|concretisent|officialisent|formalis\w*|formaliz\w*|conviennent|(?:have |has )?jointly \w+"
    r"|open(?:s|ed)? (?:an? |the |their )|inaugur\w*|ouvrent|create (?:an? |the )|creent"
    r"|(?:ont |publient |lancent )?conjointement|reach\w* an? (?:agreement|deal)|sont (?:fier|fiere|ravi|heureu)\w*)\b")
_AGREEMENT_NOUN = re.compile(
    r"\b(?:agreements?|partnerships?|memorand\w+|mou|collaborations?|cooperation|co-operation|alliances?"
    r"|relationship|contracts?|accords?|ententes?|partenariats?|protocoles?|relations?|contrats?|conventions?"
    r"|jumelage|collaborati\w+|conjoint\w*|joint)\b")
_WITH_PHRASE = re.compile(
    r"\b(?:partner(?:s|ed|ing)?|team(?:s|ed|ing)? up|join(?:s|ed|ing)? forces|collaborat(?:e|es|ed|ing)"
    r"|(?<!in )(?:partnerships?|collaborations?|co-?operation|alliances?|agreements?|memorand\w+(?: of understanding)?|mous?"
    r"|joint[- ]ventures?|consortium)"
    r"(?:\s+(?!with\b)[\w'’-]+){0,6}?(?:\s+\([^()]{1,20}\))?|in (?:partnership|collaboration|joint[- ]venture|consortium)|signs? (?:an? )?(?:agreement|memorandum|mou)) with"
    r"|\b(?<!en )(?:partenariats?|collaborations?|cooperation|alliances?|ententes?|accords?|protocoles? d['’]entente"
    r"|contrats?|conventions?|memorandum|jumelage|coentreprises?|consortium)"
    r"(?:\s+(?!avec\b)[\w'’-]+){0,6}?(?:\s+\([^()]{1,20}\))? avec"
    r"|\ben (?:partenariat|collaboration|coentreprise|consortium) avec"
    r"|\bs['’](?:est|sont) entendu\w* avec|\bs['’]entend\w* avec"
    r"|\b(?:consortium|coentreprise|joint venture),? (?:forme|compose|constitue|made up|formed|composed|consisting)"
    r"e?s? (?:de|d['’]|of|by)"
    r"|\b(?:avoir |a |ont )(?:conclu|signe|paraphe) avec"
    r"|\bs['’]associ\w* (?:avec|aux|au|a)\b|\bs['’]alli\w* (?:avec|aux|au|a)\b|\b(?:nous )?associer (?:avec|aux|au|a)\b"
    r"|\bunit ses forces avec")
_BETWEEN = re.compile(rf"\b(?:between|entre)\s+{ARTICLE}$")
# "between the hospital, X and Y": the hospital named earlier in the sentence is a party too.
_BETWEEN_THE = re.compile(rf"\b(?:between|entre)\s+(?:the|le|la|l['’])\s*([a-z]{{4,}})\s*,\s*{ARTICLE}")
_SAME_KIND = {"hopi": "hosp", "vill": "city"}
# "the Government of Canada ... from the Strategic Innovation Fund": the government's program, not a party
_PROGRAM = re.compile(r"\b(?:fund|fonds|program|programme|initiative)\b")
_MONEY_WORD = re.compile(rf"\b{MONEY}\b|\$|€")
_RESPONSIBLE = re.compile(rf"\b(?:responsable d[eu]s?|responsible for)\s+{ARTICLE}$")
_GIVES = re.compile(r"\s+(?:supports?|appuie|soutient|invests?|investit|investira|funds|finance|accorde|octroie)\b")
_ANNOUNCEMENT = re.compile(r"\b(?:announcement|annonce)\b")
_CURRENCY_AMOUNT = re.compile(r"(?:chf|eur|usd|gbp|cad)\s*\d")
_PAIR_NEAR_START = re.compile(r"\s(?:and|et|&)\s")
_PUBLIC_ADJECTIVE = re.compile(r"(?:federal|provincial)")
# What follows co-subjects that open a sentence: a verb (a lower-case word that is no preposition).
_THEN_VERB = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:today |aujourd['’]hui |will |to |have |has |ont |vont )?"
                        r"(?!(?:of|in|on|at|for|from|with|and|or|de|du|des|en|au|aux|a|et|ou|pour|avec|sur|dans|par"
                        r"|the|le|la|les)\b)[a-z]{3,}\b")
# "with X", "with three of its European counterparts: X, Y and Z"
_WITH_GAP = re.compile(rf"\s*(?:[^.;:()]{{0,60}}:\s*)?{ARTICLE}{POSSESSOR}")
# "The Government of Quebec is supporting the project": a backer of the headline's project.
SUPPORTS_PROJECT = re.compile(r"\b(?:support\w*|fund\w*|financ\w*|appui\w*|soutien\w*|soutient|invest\w*|contribu\w*"
                              r"|back(?:s|ed))\s+(?:the|this|its|le|ce|son|au|du|la|cette)\s+(?:project|projet|initiative"
                              r"|expansion|agrandissement|construction|usine|plant|facility)\b")
# "the Minister ... announced, on behalf of the Government of Quebec, $3 million for ...": its funder.
_ON_BEHALF = re.compile(rf"\b(?:on behalf of|au nom d[eu]s?)\s+{ARTICLE}$")
# What may stand between "X and Y" and their verb: "(RPDC)", ", the economic development arm of Z,".
_APPOSITIVE = re.compile(r"\([^()]*\)|,\s*(?:the|an?|its|their|le|la|les|l['’]|une?|son|sa|ses|leurs?|societe|entreprise"
                         r"|chef de file|leader|fabricant|producteur|developpeur|organisme)\b[^;()]{1,160}?,(?=\s*(?:have|has|a|ont|today|aujourd|and|et|\w+(?:ed|ent)\b))")
_BY = re.compile(r"\b(?:announced|unveiled|released|signed|presented|published|launched|annonce|devoile|signe"
                 r"|presente|publie|lance)e?s?\s+(?:today\s+|aujourd['’]hui\s+|conjointement\s+|jointly\s+)?"
                 rf"(?:by|par)\s+{ARTICLE}$")
_CAPS_DATELINE = re.compile(r"\s*[A-ZÀ-Ý][A-ZÀ-Ý'’. -]{2,30}\s*[—–]\s+")    # "WINDSOR — The ..."
_IT = re.compile(r"\b(?:announce[sd]?|annonce|a annonce|is pleased to announce|est heureuse? d['’]annoncer)\s+"
                 r"(?:today\s+|aujourd['’]hui\s+)?(?:that\s+it|it\s+has|qu['’]elle|qu['’]il|avoir)\b")
# "the project, which brings together X, Y and Z": each is a party
_TOGETHER = re.compile(r"\b(?:brings? together|bringing together|reuni(?:t|ssent|ssant|ra)|regroup(?:e|ent|ant|era)"
                       r"|rassembl(?:e|ent|ant|era))\s")
TOGETHER_REACH = 220         # the names a "brings together" gathers stand this close after it
_EVENT = re.compile(r"\b(?:missions?|events?|evenements?|forums?|conferences?|colloques?|webinai?re?s?|symposium|gala"
                    r"|salons?)\b")
BACKER_REACH = 120           # "awarded a contract worth about €38 million (C$56 million) by the": this far
_TERMINATION = re.compile(r"\b(?:terminat\w+|resiliation|resilie\w*|mett\w* fin|end(?:s|ed)? (?:its|their))\b")
_BACKER = re.compile(
    r"(?:\b|(?=\$))(?:(?:grace a|thanks to|avec|with|benefici\w* (?:de|of|from)) (?:la|le|l['’]|the|an?|une?)?\s*(?:financial |generous |continued |precieux "
    r"|repayable |non-repayable |remboursable |non remboursable )?"
    r"(?:collaboration|soutien|appui|support|aide|concours"
    r"|participation|contribution|financement|funding)(?: financier| financiere| financial)?\s*(?:(?:de|du|des|of|from)\s+"
    r"|d['’]\s*)|(?:funded|supported|financed|selected|chosen|commissioned|retained|led) by\s+|(?:finance|soutenu|appuye"
    r"|selectionne|choisi|retenu|mandate|mene|dirige)e?s? par\s+"
    r"|(?:gift|donation|don|contribution|commitments?|engagements?|investments?) (?:from|de|du|des|d['’])\s*"
    r"|(?:\d[\d.,\s]*(?:m\$|g\$|\$|€|£|chf|euros?|(?:millions?|milliards?) de dollars|million|billion)"
    r"|\$\s*[\d.,]+(?:\s*(?:million|billion))?)\s+(?:de la|de l['’]|du|des|de|d['’]|from)\s*"   # "4,2 M$ de DEC"
    r"|(?:awarded|granted|won)\s+(?:an?\s+|the\s+)?[^.;]{0,50}?\b(?:contract|mandate|tender|order)s?\b[^.;]{0,60}?"
    r"\s(?:by|from)\s+"
    r"|(?:obten\w*|obtien\w*|remport\w*|decroch\w*|vu (?:octroyer|attribuer|accorder))\s+(?:un|le|une)\s+"
    r"(?:contrat|mandat)\b[^.;]{0,50}?\b(?:par|de la|du|de l['’]|des)\s+"
    r"|(?:investissement|financement|contribution|investment|funding) (?:de|of) [\d.,\s]+(?:millions?|milliards?"
    r"|billion)?\s*(?:de dollars|dollars|\$|m\$)?\s*(?:du|de la|de l['’]|des|d['’]|from|by)\s*)" + ARTICLE + r"$")
_FUNDED_THANKS = re.compile(r"\b(?:thanks to|grace a|with|avec)\b[^.;]{0,40}?\b(?:contribution|funding|financement"
                            r"|investment|investissement|loan|pret|grant|subvention|aide financiere|financial support"
                            r"|soutien financier|appui financier)\b")
_SELECTED = re.compile(r"\b(?:selected|chosen|retained|commissioned|selectionne|choisi|retenu|mandate)e?s? (?:by|par)\b"
                       r"|\b(?:contract|mandate|tender|order|contrat|mandat)s?\b[^.;]{0,70}?\s(?:by|from|par|de la|du|des|de l['’])\s")
_AS_PARTNERS = re.compile(r"[\s,]*(?:as|comme|en tant que)\s")
_PARTNER_NOUN = re.compile(r"\b(?:partners?|partenaires?|members?|membres?|signator\w+|signataires?)\b")
_CUES = (_AGREE_VERB, _WITH_PHRASE, SUPPORTS_PROJECT, _GIVES, FUNDING_VERB, ACQUIRE_VERB, RECEIVES, FUNDS_ANNOUNCED, SELECTS, _PARTNER_NOUN, re.compile(
    r"\b(?:between|entre|by|par|collaboration|soutien|appui|support|concours|financ\w*|funded|supported|chosen"
    r"|selected|selectionn\w*|choisi\w*|retenu\w*|led|mene\w*|dirige\w*|participation|gift|donation|don"
    r"|thanks to|grace a|contribution|funding|benefici\w*)\b"
    r"|(?:million|billion|\$|€|dollars)\s+(?:for|to|pour|a|au|aux|from|de|du|des|d['’])\s?"))


def may_open_jointly(sentence: str) -> bool:
    """Whether "X and Y" may open the sentence (read in the headline and the lead's start)."""
    return bool(_PAIR_NEAR_START.search(sentence, 0, 200))



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
    if "chf" in view or "eur" in view or "usd" in view or "gbp" in view:
        candidates = [c for c in candidates if not _CURRENCY_AMOUNT.match(view, c.start)]    # "CHF 1.8 million"
    groups = name_groups(view, candidates)
    candidate_starts = [c.start for c in candidates]
    found: list[tuple[Candidate, str]] = []
    for group in groups:
        before = view[max(0, group[0].start - 120):group[0].start]
        if _BACKER.search(before[-BACKER_REACH:]) and not all(c.weak for c in group):
            found += [(c, "backer") for c in group]
            if _FUNDED_THANKS.search(before[-BACKER_REACH:]):     # "X will expand thanks to a contribution
                found += [(c, "funded") for c in opening(view, candidates)[:1] if c not in group]   # from Y"
            if _SELECTED.search(before[-BACKER_REACH:]):     # "X has been selected by Y": X too
                subject = last_subject(view, groups, groups.index(group))
                near = subject and group[0].start - subject[-1].end <= SUBJECT_REACH
                chosen = subject if near else opening(view, candidates)[:1] or subject
                found += [(c, "selected") for c in chosen if c not in group]
        if len(group) < 2 or all(c.weak for c in group):
            continue
        if _AS_PARTNERS.match(view, group[-1].end) and _PARTNER_NOUN.search(view, group[-1].end, group[-1].end + 80):
            found += [(c, "listed-partner") for c in group]
            found += [(c, "names-partners") for c in opening(view, candidates)[:1] if c not in group]
        elif _is_subject(view, group, candidates, candidate_starts) or _joint_opening(view, group):
            found += [(c, "co-subject") for c in group]
        elif _BETWEEN.search(before) and _AGREEMENT_NOUN.search(view):
            found += [(c, "between") for c in group]
        elif _BY.search(before):
            found += [(c, "announced-by") for c in group]
        elif _PARTNER_NOUN.search(view, group[-1].end, group[-1].end + 80):
            found += [(c, "listed-partner") for c in group]
            found += [(c, "names-partners") for c in opening(view, candidates)[:1] if c not in group]
    starts = [g[0].start for g in groups]
    ends = [g[-1].end for g in groups]           # groups are in order and do not overlap
    it = False                                     # looked for once, at the first "with"
    for match in _WITH_PHRASE.finditer(view):
        if match.group().startswith(("in collaboration", "en collaboration")) and _EVENT.search(view):
            continue                   # "a mission organised by X in collaboration with Y": an event's organisers
        at = bisect_left(starts, match.end())
        if at + 1 < len(groups) and all(c.weak for c in groups[at]) and ":" in view[match.end():starts[at + 1]]:
            at += 1                          # "with three of its European counterparts: X, Y and Z"
        objects = groups[at:at + 1] if at < len(groups) and starts[at] - match.end() < 100 \
            and _WITH_GAP.fullmatch(view[match.end():starts[at]]) else []
        if objects and not all(c.weak and " " not in c.name for c in objects[0]):     # "with Farmabio Lombardia"
            found += [(c, "with") for c in objects[0]]
            if it is False:
                subject = opening(view, candidates)
                it = _IT.search(view, subject[0].end) if subject and not subject[0].weak else None
            if it is not None and it.end() <= match.start():
                found.append((subject[0], "with"))     # "X, a company developing RNA medicines, announced
            else:                                      # that it has signed an agreement with Y"
                found += [(c, "with") for c in last_subject(view, groups, bisect_right(ends, match.start()))]
    if ("between " in view or "entre " in view) and _BETWEEN_THE.search(view) and _AGREEMENT_NOUN.search(view):
        found += _between_the(view, groups, candidates)
    found += funding(view, groups)
    found += acquisition(view, groups)
    found += subject_of(view, groups, RECEIVES, "funded") + subject_of(view, groups, FUNDS_ANNOUNCED, "funder")
    found += raiser(view, groups, candidates) + subject_of(view, groups, SUPPORTS_PROJECT, "backer")
    subject = opening(view, candidates)
    if subject and (GOVERNMENT_NAME.match(subject[0].name) or sentence[subject[0].start:subject[0].end].isupper()) \
            and _GIVES.match(view, subject[0].end):
        found.append((subject[0], "supports"))   # "Government of Canada supports ... processors' expansion"
    if ("behalf" in view or "au nom d" in view or "responsib" in view or "responsable" in view) \
            and not any(why in ("funder", "backer") for _, why in found):
        found += _acting_for(view, groups)     # unless an agency gives in its own name
    if SELECTS.search(view):
        found += selection(view, groups)
    if "$" in view or "€" in view or "dollars" in view:
        found += amount_for(view, candidates)
    if "together" in view or "reuni" in view or "regroup" in view or "rassembl" in view:
        found += _together(view, candidates)
    if any(why == "funder" and GOVERNMENT_NAME.match(c.name) for c, why in found):
        found = [(c, why) for c, why in found if why != "backer" or not _PROGRAM.search(aligned_fold(c.name))]
    if any(why == "funded" for _, why in found) and not any(why in ("funder", "backer") for _, why in found):
        found += [(c, "funder") for c in candidates      # "the Minister announced a federal investment ... to X"
                  if c.name.startswith("Government of") and _PUBLIC_ADJECTIVE.match(view, c.start)]
    return found



def _acting_for(view: str, groups: list[list[Candidate]]) -> list[tuple[Candidate, str]]:
    """What a minister acts for: the agency they are "responsible for" (CED), else the government
    "on behalf of" which they speak; its funder when the sentence gives or announces funds, its
    announcer when it says an announcement was made."""
    if FUNDS_ANNOUNCED.search(view) or FUNDING_VERB.search(view) or _MONEY_WORD.search(view):
        why = "funder"
    elif _ANNOUNCEMENT.search(view):
        why = "announced-by"
    else:
        return []
    for cue in (_RESPONSIBLE, _ON_BEHALF):
        acting = [(c, why) for g in groups if cue.search(view, max(0, g[0].start - 40), g[0].start)
                  for c in g if not c.weak]
        if acting:
            return acting
    return []



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



def _together(view: str, candidates: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The named organisations a "brings together" gathers, up to the clause's end."""
    found: list[tuple[Candidate, str]] = []
    for match in _TOGETHER.finditer(view):
        end = min((i for i in (view.find(". ", match.end()), view.find(";", match.end())) if i >= 0),
                  default=len(view))
        named = [c for c in candidates if match.end() <= c.start < min(end, match.end() + TOGETHER_REACH)
                 and not c.weak]
        if len(named) >= 2:
            found += [(c, "with") for c in named]
    return found



def _joint_opening(view: str, group: list[Candidate]) -> bool:
    """"Cascadia Polytechnic and Orca Marine Systems open a lab": named together at the
    sentence's start, before any verb, two organisations act together."""
    return not any(c.weak for c in group) and bool(opening(view, group)) \
        and bool(_THEN_VERB.match(view, group[-1].end))



def _is_subject(view: str, group: list[Candidate], candidates: list[Candidate], starts: list[int]) -> bool:
    """The group is followed by an agreement verb with no other organisation in between."""
    low = group[-1].end
    verb = _AGREE_VERB.search(view, low, low + SUBJECT_REACH + 40)
    if verb is None or verb.start() - low > SUBJECT_REACH:
        return False
    between = _APPOSITIVE.sub(lambda m: " " * len(m.group()), view[low:verb.start()])
    inside = candidates[bisect_left(starts, low):bisect_left(starts, verb.start())]
    return not any(not c.weak and between[c.start - low] != " " for c in inside)
