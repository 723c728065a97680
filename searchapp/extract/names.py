"""Organisation names in a release, found the way releases write them.

Names come from the editable data file (any alias), from the names the archive has
learned (see `learned`), or from the text itself: a name defined with its acronym
("Name (ACR)"), a capitalised phrase with an organisation word ("... Authority",
"Université de ...", "Ville de ..."), or any capitalised phrase (weak: trusted only
where a sentence puts it in a party's place).
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from functools import lru_cache

from searchapp.extract.acronyms import CONNECTORS as _CONNECTORS
from searchapp.extract.acronyms import ELISION as _ELISION
from searchapp.extract.acronyms import LEGAL_SUFFIX as _SUFFIX
from searchapp.extract.acronyms import capitalised as _capitalised
from searchapp.extract.acronyms import fold_word as _fold_word
from searchapp.extract.acronyms import headed_before as _headed_before
from searchapp.extract.acronyms import initials_form as _initials_form
from searchapp.extract.acronyms import similar as _similar
from searchapp.extract.acronyms import trailing_phrase as _trailing_phrase
from searchapp.extract.bodies import GOVERNMENT_NAME, PLACE_GOVERNMENT, HomeProvince, headed_names, office_spans, public_bodies
from searchapp.extract.dates import month_numbers
from searchapp.extract.gazetteer import Gazetteer, aligned_fold, canonical_partner, canonical_region, folded_words
from searchapp.extract.namejoins import LEGAL_AT_END, MINISTRY, Candidate, with_legal_tails, with_portfolio_lists, without_overlaps
from searchapp.extract.orgwords import has_org_word, org_signal
from searchapp.text.patterns import starting_word

MAX_ACRONYMS = 40            # acronyms a release defines that are looked for in its sentences
DEFINITION_REACH = 320       # a "Long Form (ACR)" starts at most this far before its parenthesis

_ARTICLE_ONLY = re.compile(r"[\s«“\"'\-–—]*(?:(?:the|le|la|les|l['’])\s*)?")
_NOT_A_NAME = frozenset((
    "the le la les l' a an un une this these ces ce cet cette today aujourd'hui at in dans on to au aux "
    "with avec for pour by par and et of de du des d' while when as comme our notre nos their leur leurs its "
    "his her son sa ses we nous they ils elles it il elle mr mrs ms m mme dr hon minister ministre premier "
    "prime ceo pdg president presidente chair director directeur directrice chief chef executive vice "
    "founder fondateur fondatrice secretary secretaire delegate deleguee mayor maire mairesse professor "
    "professeur mou pe ai ia r&d sme pme smes tsx nasdaq covid covid-19 phd press communique release "
    "about propos read lire see voir also aussi following honourable honorable one two three four five six "
    "seven eight nine ten deux trois quatre cinq sept huit neuf dix each both chaque chacun chacune "
    "memorandum agreement partnership entente partenariat under sous since depuis during pendant after apres "
    "before avant through via selon according grace thanks ainsi thus mw kw gw mwh gwh kwh").split())
_TITLES = (r"(?:ceo|president\w*|chair\w*|director|directeur|directrice|officer|executive|minist(?:er|re)|premier"
           r"|premiere|governor|gouverneur\w*|honou?rable|l['’]honorable"
           r"|manager|vp|vice-president\w*|founder|fondat\w+|head|chief|pdg|chef|dirigeant\w*|responsable"
           r"|porte-parole|spokes\w+|secretary|secretaire|delegate|deleguee?|mayor|maire\w*|professor"
           r"|professeur\w*|m|mme|mr|mrs|ms|dr|hon)\b")
_PERSON_AFTER = re.compile(rf"\s*,\s*(?:(?:the|la|le|notre|our)\s+)?{_TITLES}")
_PERSON_BEFORE = re.compile(rf"\b{_TITLES}\.?\s*$")
# After a name, only the forms that are no French word ("sa", "se", "co" are).
_LEGAL_AFTER = re.compile(r",?\s+(?:inc|lt[ée]e|ltd|s\.a|s\.e\.n\.c)\.?(?!\w)")     # French "Acme inc."
_POSSESSIVE = ("'s", "’s")
_BASED = ("-based", "-basée", "-basé")
_HEADS = frozenset("gouvernement government ministere ministry ville city municipalite".split())
_WORD = re.compile(r"[\w&]+(?:[-'’.&][\w&]+)*\.?\+?")
_PAREN = re.compile(r"\(\s*([^()]{2,90}?)\s*\)")
_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&+.\-]{1,11}$")
_NOT_A_NAME_OR_CONNECTOR = _NOT_A_NAME | _CONNECTORS
_CONNECTOR_OR_HEAD = _CONNECTORS | _HEADS
_TRAILING_PUNCTUATION = re.compile(r"(?:['’]s|[,'’\-]|(?<!\b\w)(?<!\bInc)(?<!\bLtd)(?<!\bCorp)\.)+$")
_OPENING = " «“\"'-–—"         # what may stand before a sentence's subject
# "Vancouver, BC — ", "GRAND FALLS (GNB) – ", "Vancouver, B.C. – February 29, 2012 – ": where and when
DATELINE = re.compile(r"\s*[A-ZÀ-Ýa-zà-ÿ][^—–\n,(]{0,30}(?:,[^—–\n]{1,40}|\s*\([^()]{1,12}\))\s*[—–-]\s+"
                      r"(?:[^—–\n]{0,25}\d{4}\s*[—–-]\s+)?"
                      r"|\s*[A-ZÀ-Ýa-zà-ÿ][^\n(]{0,40}?--\((?:business wire|globe newswire|prnewswire)[^)]*\)--\s*",
                      re.IGNORECASE)      # "RENO, Nev.--(BUSINESS WIRE)--"


def _without_dateline(text: str) -> str:
    match = DATELINE.match(text)
    return text[match.end():] if match else text


def _is_acronym_token(token: str) -> bool:
    return bool(_ACRONYM.match(token)) and sum(c.isupper() for c in token) >= 2 \
        and _fold_word(token) not in _NOT_A_NAME and not _HYPHENATED_WORDS.fullmatch(token) \
        and not _LOWER_PART.search(token)           # "AI-assisted": a word


_PORTFOLIO = re.compile(r"\b(?:minister|ministre|secretary|secretaire)(?:\s+(?!responsib|responsab)[\w'’-]+){0,2}?"
                        r"\s+(?:of|for|de|du|des|de\s+la|de\s+l['’])\s*"
                        r"(?:(?!minist|responsib|responsab|for\b|pour\b)[\w'’-]+\s+){0,5}?(?:(?:and|et|,)\s+)?$")
_HEAD_AND_COMPLEMENT = re.compile(r"[A-ZÀ-Ý][\w'’-]+\s+(?:[a-zà-ÿ'’-]+\s+){1,3}$")   # "Coopérative de solidarité "
_TITLED_PERSON = re.compile(r"\b(?:Minister|Ministre|Premier|Chief|Chef|Mayor|Maire|Mairesse|Governor|Gouverneure?)"
                            r"\s+[A-ZÀ-Ý][a-zà-ÿ]")
_PORTFOLIO_BEFORE_TITLE = re.compile(r"(?:\s+(?:and|et)\s+(?:(?!the\b|its\b|their\b|le\b|la\b|les\b|l['’]|sa\b|son\b)"
                                     r"[\w'’-]+\s+){1,3})?\s*minist(?:er|re)\b")
_PROJECT_AFTER = re.compile(r"\s+(?:project|program|programme|initiative)s?\b")
_PROJECT_BEFORE = re.compile(r"\b(?:projet|programme|initiative)s?\s+$")
_LOWER_PART = re.compile(r"-[a-zà-ÿ]{3,}")
_HYPHENATED_WORDS = re.compile(r"(?:[A-ZÀ-Ý][a-zà-ÿ]+-?)+")     # "Okafor-Reyes", "Saint-Laurent": words, no acronym


@lru_cache(maxsize=65536)
def _never_first(token: str) -> bool:
    """A word no name starts with: an article, a title, a connector ("of"), a legal form ("Inc")."""
    return (_fold_word(_ELISION.sub("", token).rstrip(".,")) in _NOT_A_NAME_OR_CONNECTOR
            or bool(_SUFFIX.fullmatch(_fold_word(token))))


@lru_cache(maxsize=65536)
def _may_start(token: str) -> bool:
    """Whether a phrase may start with this word: a capitalised one, or "gouvernement"-like."""
    return _capitalised(token) or _fold_word(token) in _HEADS



class NameFinder:
    """Organisation names in one release: data-file names, defined acronyms, capitalised phrases."""

    def __init__(self, release, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.acronyms: dict[str, str] = {}             # acronym -> the name it stands for
        self.definitions: dict[str, str] = {}          # acronym -> its long form as written
        self._seen: dict[str, list[Candidate]] = {}     # partners and regions read the lead twice
        self._orgs: dict[str, list] = {}                 # data-file names per text, for both below
        headline = release.headline or ""      # "MANITOBA AND SASKATCHEWAN SIGN": read as words; the site's
        banner = [label for label in release.trailer[:2] if len(label) < 60]     # name over it ("Manitoba")
        self._home = HomeProvince(" ".join((headline.title() if headline.isupper() else headline, *banner,
                                            *release.body[:6])), gazetteer,
                                  release.dateline.text if release.dateline is not None else "")
        for paragraph in (release.headline or "", *release.body, *release.about):
            for acronym, name, _, _, long in self._definitions(paragraph):
                if len(self.acronyms) >= MAX_ACRONYMS:
                    break                                # each is looked for in every sentence
                self.acronyms.setdefault(acronym, name)
                self.definitions.setdefault(acronym, long)

    org_signal = staticmethod(org_signal)

    def _definitions(self, text: str):
        """(acronym, name, start, end, long form) for each "Long Form (ACR)" or "ACR (Long Form)" in text."""
        for match in _PAREN.finditer(text):
            offset = max(0, match.start() - DEFINITION_REACH)      # bounded: linear in the text
            inner, before = match.group(1), text[offset:match.start()].rstrip()
            if _is_acronym_token(inner):
                acronym = inner
                initials = _initials_form(inner, before)
                long = initials or _trailing_phrase(before)
                if not long or _HEAD_AND_COMPLEMENT.search(before, 0, len(before) - len(long)):
                    headed = _headed_before(inner, before, any_letter=not initials)    # "(YQB)": a code
                    if headed and (not long or len(headed) > len(long) and headed.endswith(long)):
                        long = headed     # "Coopérative de solidarité Énergie Nord (CSEN)": the whole name
                start, primary = (before.rfind(long) if long else -1), long
                place = self._place_before(before[:start]) if long and start > 0 else None
                if place:         # "the Connecticut Department of Energy (DEEP)": the state's department
                    start, long = start - len(place) - 1, f"{place} {long}"
                    primary = long
            else:                      # "CQDM (Consortium québécois ...)": the acronym is the name used
                acronym = (before.split() or [""])[-1]
                if not _is_acronym_token(acronym) or len(inner.split()) < 2:
                    continue
                long, start, primary = inner, len(before) - len(acronym), acronym
            if GOVERNMENT_NAME.match(long or "") and (inner == acronym and not _initials_form(inner, before)):
                continue               # "Gouvernement du Canada (DEC)": the agency it acts through, no alias
            if long and start >= 0 and long[:1].isupper() and (
                    self.org_signal(long) or self.gazetteer.region_matcher.find(long)):
                yield acronym, self._canonical(acronym, long, primary), offset + start, match.end(), long

    def _place_before(self, text: str) -> str | None:
        """The province, state or country named right before a name, after an article."""
        tail = text[-40:]
        for mention in reversed(self.gazetteer.region_matcher.find(tail)):
            if tail[mention.end:] == " " and re.search(r"(?:^|\b(?:the|The))\s*$", tail[:mention.start]) \
                    and self.gazetteer.regions[mention.value].kind in ("province", "state", "country"):
                return tail[mention.start:mention.end]
        return None

    def _canonical(self, acronym: str, long: str, primary: str) -> str:
        by_name = canonical_partner(long, self.gazetteer)
        by_acronym = canonical_partner(acronym, self.gazetteer)
        if by_name or (by_acronym and _similar(long, by_acronym)):
            return by_name or by_acronym
        return re.sub(r"^(?:(?:the|le|la|les)\s+|l['’]\s*)", "", primary, flags=re.IGNORECASE)

    def candidates(self, sentence: str) -> list[Candidate]:
        """Organisation-like names in a sentence, in order (people and parentheses left out)."""
        found = self._seen.get(sentence)
        if found is None:
            found = self._seen[sentence] = self._candidates(sentence)
        return found

    def _candidates(self, sentence: str) -> list[Candidate]:
        found = [Candidate(s, e, name, False) for _, name, s, e, _ in self._definitions(sentence)]
        found += [Candidate(m.start, m.end, m.value, False) for m in self._org_mentions(sentence)
                  if not sentence[m.start:m.end].islower()]     # "cascades", "14 mars": a word
        for acronym, name in self.acronyms.items():      # the acronym, and its long form where it stands alone
            found += [Candidate(m.start(), m.end(), name, False) for m in _whole_word(acronym).finditer(sentence)]
            if self.definitions[acronym] in sentence:
                found += [Candidate(m.start(), m.end(), name, False)
                          for m in _whole_word(self.definitions[acronym]).finditer(sentence)]
        found += [Candidate(start, end, name, False) for start, end, name in public_bodies(sentence, self._home)]
        headed = [Candidate(start, end, LEGAL_AT_END.sub("", name), False) for start, end, name in headed_names(sentence)]
        if headed:       # "Coopérative de solidarité Énergie Nord" holds the known "Énergie Nord": the whole name
            found = [c for c in found if not any(h.start < c.start and c.end <= h.end for h in headed)]
        found += headed
        found = without_overlaps(found)
        found = with_legal_tails(sentence, without_overlaps(found + self._phrases(sentence, found)))
        found = with_portfolio_lists(sentence, found)
        for i, c in enumerate(found):     # "the Quebec Ministère de l'Économie": the province's ministry
            if MINISTRY.match(c.name) and (place := self._place_before(sentence[:c.start])):
                start = c.start - len(place) - 1
                found[i] = Candidate(start, c.end, f"{place} {c.name}", c.weak)
        view = folded_words(sentence, False)[0]
        kept: list[Candidate] = []
        for candidate in found:
            if candidate.weak and (_PERSON_AFTER.match(view, candidate.end)
                                   or _PERSON_BEFORE.search(view, max(0, candidate.start - 30), candidate.start)):
                continue              # "Jane Roe, CEO of ...", "Mme Anglade": a person
            if _PORTFOLIO.search(view, max(0, candidate.start - 80), candidate.start) \
                    and not candidate.name.startswith("Government of"):
                continue              # "Minister of Energy and Natural Resources": a title's portfolio
            if _TITLED_PERSON.search(candidate.name) or _PORTFOLIO_BEFORE_TITLE.match(view, candidate.end):
                continue              # "Energy Minister Jane Roe", "Natural Resources and Energy Minister"
            if _PROJECT_AFTER.match(view, candidate.end) or _PROJECT_BEFORE.search(view, max(0, candidate.start - 12),
                                                                                   candidate.start):
                continue              # "the PRÉCI-ONCO project", "le projet X": a project, not a party
            near = max(0, candidate.start - DEFINITION_REACH)
            if view.count("(", near, candidate.start) > view.count(")", near, candidate.start):
                continue              # in parentheses: an alias, a ticker ("adMare (adMare)", "(TSX: TH)")
            if candidate.weak and _ARTICLE_ONLY.fullmatch(_without_dateline(view[:min(candidate.start, 200)])) \
                    and candidate.start < 200 and not DATELINE.match(view, candidate.start):
                candidate = dataclasses.replace(candidate, weak=False)    # the sentence's subject
            kept.append(candidate)
        return kept

    def outside_names(self, text: str, mentions) -> bool:
        """True when no organisation name that `candidates(text)` would keep holds the start
        of any of the mentions; found without finding every name of the text.

        Regions are weighed by whether they stand in a name, in every paragraph that names
        one, and finding all the names of those paragraphs was most of that work. A name
        holding a mention is a definition (a parenthesis follows), an acronym or a
        data-file name over the mention's phrase, or that capitalised phrase itself, which
        is rebuilt here word by word as `_phrases` builds it. When in doubt, False.
        """
        if text in self._seen:
            return False                      # found already: the exact answer costs nothing
        paren = text.find("(")
        before_paren = len(text[:paren].rstrip()) if paren >= 0 else -1
        orgs = tokens = starts = None
        offices = office_spans(text) if " " in text else []
        for mention in mentions:
            if any(start <= mention.start < end for start, end in offices):
                return False                  # "Délégation du Québec à Boston": a name
            if PLACE_GOVERNMENT.match(text, mention.end):
                return False                  # "the Ontario government": a name (`public_bodies`)
            if 0 <= before_paren <= mention.start + DEFINITION_REACH and text.find(")", mention.start) >= 0:
                return False
            if tokens is None:
                tokens = list(_WORD.finditer(text))
                starts = [token.start() for token in tokens]
            first = bisect_right(starts, mention.start) - 1
            if first < 0 or tokens[first].end() <= mention.start:
                return False
            run = _run_around(text, tokens, first)
            low, high = (run[0].start(), run[-1].end()) if run else tokens[first].span()
            if any(0 <= text.find(acronym, max(0, low - len(acronym) + 1), high + len(acronym)) < high
                   for acronym in self.acronyms):
                return False
            if orgs is None:
                orgs = self._org_mentions(text)
            if any(org.start < high and low < org.end for org in orgs):
                return False
            phrase = self._phrase(text, run) if run else None
            if phrase is not None and phrase.start <= mention.start < phrase.end \
                    and not (phrase.weak and text[:phrase.start].strip(_OPENING)):
                return False                  # a name, or a weak one that may lead the text
        return True

    def _org_mentions(self, text: str) -> list:
        """The data file's organisations named in text: outside_names reads them first, and
        candidates() again when it could not settle the text."""
        found = self._orgs.get(text)
        if found is None:
            found = self._orgs[text] = self.gazetteer.org_matcher.find(text)
        return found

    def _phrases(self, sentence: str, taken: list[Candidate]) -> list[Candidate]:
        """Capitalised phrases ("Biopolis Québec", "Ontario Brain Institute") outside known names."""
        phrases, run = [], []
        used = bytearray(len(sentence))
        for c in taken:
            used[c.start:c.end] = b"\x01" * (c.end - c.start)
        for match in _WORD.finditer(sentence):
            token = match.group()
            if not run and not _may_start(token):
                continue              # the common case: a lower-case word outside any phrase
            folded = _fold_word(token)
            free = not any(used[match.start():match.end()])
            starts = free and _may_start(token)
            if run:
                gap = sentence[run[-1].end():match.start()]
                joins = (gap.isspace() or (gap.strip() == "," and bool(_SUFFIX.fullmatch(folded)))) \
                    and not _SUFFIX.fullmatch(_fold_word(run[-1].group()))     # "X Inc. of Dartmouth": X Inc.
                if free and joins and (_capitalised(token) or folded in _CONNECTORS):
                    run.append(match)
                    continue
                phrases.append(self._phrase(sentence, run))
            run = [match] if starts else []
        if run:
            phrases.append(self._phrase(sentence, run))
        return [p for p in phrases if p is not None]

    def _city_article(self, sentence: str, run: list[re.Match]) -> bool:
        """"La Rochelle", "Le Havre": the article is the city's name's first word."""
        if len(run) < 2 or run[0].group() not in ("La", "Le", "Les"):
            return False
        found = self.gazetteer.city_matcher().find(sentence[run[0].start():run[1].end()])
        return bool(found) and found[0].start == 0 and found[0].end == run[1].end() - run[0].start()

    def _phrase(self, sentence: str, run: list[re.Match]) -> Candidate | None:
        while run and (_never_first(run[0].group()) and not self._city_article(sentence, run)
                       or run[0].group().endswith(_BASED) or len(run) > 1
                       and run[0].group().endswith(_POSSESSIVE) and canonical_region(run[0].group()[:-2], self.gazetteer)):
            run = run[1:]             # "Geneva-based Association X", "Germany's X": the place is not in the name
        possessive = next((i for i, m in enumerate(run[:-1]) if m.group().endswith(_POSSESSIVE)), None)
        if possessive is not None and not has_org_word(" ".join(m.group() for m in run[possessive + 1:])):
            run = run[:possessive + 1]    # "Cardio Médical's Sherbrooke plant", not "St. Mary's Hospital Centre"
        while run and _fold_word(run[-1].group()) in _CONNECTOR_OR_HEAD:
            run = run[:-1]
        if not any(_capitalised(m.group()) for m in run):
            return None
        elision = _ELISION.match(run[0].group())
        start = run[0].start() + (len(elision.group()) if elision else 0)
        name = _TRAILING_PUNCTUATION.sub("", sentence[start:run[-1].end()])
        if len(name) < 2 or canonical_region(name, self.gazetteer) or _is_date_word(name):
            return None
        if name.endswith(_BASED):
            return None               # "Quebec City-based": where a company is, not a name
        strong = (self.org_signal(name) or bool(LEGAL_AT_END.search(name)) or bool(_LEGAL_AFTER.match(sentence, start + len(name)))
                  or any(_is_acronym_token(m.group().rstrip(".,")) for m in run))
        shown = LEGAL_AT_END.sub("", name)
        return Candidate(start, start + len(name), shown[0].upper() + shown[1:], not strong)


def _run_around(text: str, tokens: list[re.Match], at: int) -> list[re.Match] | None:
    """The run of words `_phrases` puts tokens[at] in when no known name is near, or None."""
    start = at
    while start > 0 and _may_join(text, tokens[start - 1], tokens[start]):
        start -= 1
    while start <= at and not _may_start(tokens[start].group()):
        start += 1                            # connectors before any capitalised word start nothing
    if start > at:
        return None
    end = at
    while end + 1 < len(tokens) and _may_join(text, tokens[end], tokens[end + 1]):
        end += 1
    return tokens[start:end + 1]


def _may_join(text: str, before: re.Match, token: re.Match) -> bool:
    """Whether `_phrases` would add token to a run that ends with before (if token is free)."""
    gap = text[before.end():token.start()]
    word = token.group()
    folded = _fold_word(word)
    joins = (gap.isspace() or (gap.strip() == "," and bool(_SUFFIX.fullmatch(folded)))) \
        and not _SUFFIX.fullmatch(_fold_word(before.group()))
    return joins and (_capitalised(word) or folded in _CONNECTORS)


@lru_cache(maxsize=4096)
def _whole_word(literal: str) -> re.Pattern:
    """literal with no letter or digit against either end."""
    return re.compile(starting_word(literal) + r"(?!\w)")


def _is_date_word(name: str) -> bool:
    return aligned_fold(name).rstrip(".") in month_numbers() or not re.search(r"[^\W\d_]{2}", name)
