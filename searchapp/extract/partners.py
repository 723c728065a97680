"""Who is a party to what a release announces: a scored, explainable decision.

The sentences of the headline and the first paragraphs say what part each named
organisation plays (`roles`: co-subject of an agreement verb, "between X and Y",
"with X", funder and funded, "grâce à la collaboration de X", listed partners).
Each part weighs by where it is said (the headline and lead weigh most); a name the
"About" sections describe (an issuer) or that recurs in the release gains a little.
A name whose evidence reaches THRESHOLD is a party and keeps its reasons. A release
with fewer than two parties is one issuer's own news: it has none.

Names are canonical: the data file's or the archive's learned name, "Government of X" or
"City of X" for public bodies, else the name as written; a name and its acronym, or its
other-language form (`org_key`), are one partner.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from searchapp.extract.clauses import opening
from searchapp.extract.gazetteer import Gazetteer, aligned_fold, canonical_partner
from searchapp.extract.names import NameFinder, _whole_word
from searchapp.extract.orgkeys import about_names, known_by_key, org_key, public_body_name
from searchapp.extract.lead import deck_lines, without_labels
from searchapp.extract.roles import SUPPORTS_PROJECT, may_hold_roles, may_open_jointly, roles
from searchapp.extract.transfers import amount_for, receives, recipients

READ_PARAGRAPHS = 2          # body paragraphs read for evidence, after the headline
ZONE_WEIGHTS = (1.5, 1.0, 0.8, 0.5)   # headline, first, second, later paragraphs
REASON_WEIGHTS = {"co-subject": 2.0, "between": 2.0, "with": 2.0, "announced-by": 2.0, "funder": 1.5,
                  "funded": 2.0, "backer": 2.0, "selected": 2.0, "listed-partner": 2.0, "names-partners": 1.5,
                  "buyer": 2.0, "bought": 2.0, "supports": 1.5}
WEAK_FACTOR = 0.75           # a bare capitalised phrase, no organisation word: less trusted
ISSUER_BONUS = 1.0           # named by an "About" section
RECURRENCE_BONUS = 0.5       # named again further in the release
THRESHOLD = 1.5
CONTEXT_PARAGRAPHS = 2       # name-less paragraphs before the lead passed over at most
LISTED_RECIPIENTS = 10       # paragraphs after those read where a funder's recipients may be listed
MAX_PARTNERS = 12
MAX_WEIGHED = 60             # names weighed further (merged, looked for again)
RECURRENCE_REACH = 20000     # characters after the paragraphs read where a name may recur
_PARTNERS_ARE = re.compile(r"\b(?:partners?|partenaires?|members?|membres?|signator(?:y|ies)|signataires?)\b"
                           r"[^.:]{0,80}?\b(?:are|sont|include|incluent|comprennent)\s*:\s*$", re.IGNORECASE)
# "conclu une entente avec deux coopératives, soit :", "agreements with three universities:": a list follows
_LIST_FOLLOWS = re.compile(r"\b(?:avec|with|entre|between)\b[^.:]{0,120}?(?:,\s*(?:soit|namely)\s*)?:\s*$")
_GRANTED = re.compile(r"\b(?:sont|are|is|est|will be|seront)\s+(?:ainsi\s+|being\s+)?(?:accord|octroy|award|grant"
                      r"|attribu|vers|allou|allocat)\w*", re.IGNORECASE)
_CITY_ARTICLE = re.compile(r"^(?:La|Le|Les)\s")     # "La Rochelle": one word of a city's name
_TOPIC = re.compile(r"^\s*[A-ZÀ-Ý][a-zà-ÿ'’-]*(?:\s+[a-zà-ÿ'’-]+){0,4}\s?(?::|\s[-–—])\s+(?=\S)")   # "Mobilité durable :"
_AMOUNT_LINE = re.compile(r"\s*[-•*–▪]\s*(?:[$€]\s*)?\d[\d\s.,]*\s*(?:\$|€|m\$|k\$|millions?|milliards?|billion|dollars)")
_BULLET = re.compile(r"(?m)^[ \t]*[-•*–▪][ \t]*")
_MINISTRY_WORD = re.compile(r"(?:['’]s)?\s*\b(?:Ministry|Minist[èe]re|Department|D[ée]partement)\b", re.IGNORECASE)
_NAMED = re.compile(r"[^.!?:\s]\s+[«“\"(]?[A-ZÀ-Ý]")     # a capital inside a sentence: a name
_EVENT = re.compile(r"\b(?:convention|conference|congres|congress|summit|sommet|salon|expo\w*|week|semaine"
                    r"|gala|awards?|prix|show|mission|webinar\w*|symposium|colloque)\b")
_LONE = frozenset("fonds fund funds science sciences innovation research recherche health sante government "
                  "gouvernement governments gouvernements city ville universite university network reseau program programme federal "
                  "provincial municipal national regional international global local quebecois canadian "
                  "canadien canadienne".split())


@dataclass(frozen=True)
class Partner:
    """A party to the announcement, or a name that was weighed and not kept."""

    name: str
    score: float
    reasons: tuple[str, ...]       # "co-subject@headline", "funded@p1", "about", "recurs"
    kept: bool


def find_partners(release, finder: NameFinder) -> tuple[str, ...]:
    """Canonical names of the parties to what the release announces, in order of appearance."""
    return tuple(p.name for p in partner_evidence(release, finder) if p.kept)


def partner_evidence(release, finder: NameFinder) -> list[Partner]:
    """Every organisation that some sentence puts in a party's place, with its score and
    reasons, in order of first appearance; `kept` says whether it is a party."""
    gazetteer = finder.gazetteer
    zones = [("headline", release.headline or "", ZONE_WEIGHTS[0])]
    body = without_labels(release.body)     # "News release", a date line: never a party's place
    decks = deck_lines(body)
    zones += [("deck", text, ZONE_WEIGHTS[1]) for text in body[:decks]]
    body = body[decks:]
    context = _context_paragraphs(body)
    decks += context                 # "Safe drinking water is the foundation of ...": no name, no count
    zones += [("context", text, ZONE_WEIGHTS[1]) for text in body[:context]]
    body = body[context:]
    zones += [(f"p{i + 1}", text, ZONE_WEIGHTS[min(i + 1, len(ZONE_WEIGHTS) - 1)])
              for i, text in enumerate(body[:READ_PARAGRAPHS + LISTED_RECIPIENTS])]
    scores: Counter[str] = Counter()
    reasons: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    written: dict[str, set[str]] = {}        # the names as written, in any language: what may recur
    first_at: dict[str, tuple[int, int, int]] = {}
    funds = partners_listed = False
    for z, (zone, text, weight) in enumerate(zones):
        listed = z > READ_PARAGRAPHS + decks     # recipients listed after the lead, read only after a funder
        bullets = partners_listed and bool(_BULLET.match(text))
        if listed and not funds and not bullets:
            break
        weight = ZONE_WEIGHTS[2] if listed else weight
        partners_listed = bullets or text.rstrip().endswith(":") and bool(_PARTNERS_ARE.search(text)
                                                                             or _LIST_FOLLOWS.search(text))
        funds = funds or not listed and bool(_GRANTED.search(text))   # "4 M$ sont accordées à trois entreprises :"
        if zone == "headline":
            text = _TOPIC.sub("", text, count=1)      # "Mobilité durable : Laval annonce ...": Laval opens it
        for n, sentence in enumerate(_sentences(text)):
            if bullets:                            # "The partners are: - X, ...; - Y, ...": each a party
                found = [(c, "listed-partner") for c in finder.candidates(sentence)     # "- la Caisse X"
                         if any(line.end() <= c.start <= line.end() + 4 for line in _BULLET.finditer(sentence))]
            elif listed:
                found = recipients(sentence, finder.candidates(sentence)) if receives(sentence) else \
                    amount_for(aligned_fold(sentence), finder.candidates(sentence)) if _AMOUNT_LINE.match(sentence) else []
            elif may_hold_roles(sentence) or funds and receives(sentence) \
                    or n == 0 and zone in ("headline", "deck", "p1") and may_open_jointly(sentence):
                candidates = finder.candidates(sentence)
                if zone == "headline" and _title_case(sentence):
                    end = len(sentence.rstrip(" .!"))      # "... Agreement with Gulfstar LNG": the name ends it
                    candidates = [c for c in _as_in_lead(candidates, body, finder) if not c.weak and (
                        finder.org_signal(c.name) or canonical_partner(c.name, gazetteer) or c.end >= end)]
                found = roles(sentence, candidates)
                if not found and sentence.rstrip().endswith(":") and _LIST_FOLLOWS.search(sentence):    # "X a conclu une entente avec deux
                    found = [(c, "with") for c in opening(aligned_fold(sentence), candidates) if not c.weak]   # caisses, soit :"
                if funds and receives(sentence):     # the funder's recipients, listed in the lead
                    named = {c for c, _ in found}
                    found += [(c, why) for c, why in recipients(sentence, candidates) if c not in named]
            else:
                continue
            for candidate, reason in found:
                funds = funds or reason in ("funder", "supports")
                name = canonical_name(candidate.name, gazetteer)
                if _not_an_organisation(name):
                    continue
                key = org_key(name, gazetteer)
                shown.setdefault(key, name)
                written.setdefault(key, set()).update((name, candidate.name))
                first_at[key] = min(first_at.get(key, (z, n, candidate.start)), (z, n, candidate.start))
                scores[key] += REASON_WEIGHTS[reason] * weight * (WEAK_FACTOR if candidate.weak else 1)
                reasons.setdefault(key, []).append(f"{reason}@{zone}")
    for key in sorted(shown, key=scores.__getitem__)[:-MAX_WEIGHED]:    # a pathological text: the best only
        del shown[key]
    _merge_contained(shown, scores, reasons, first_at)
    issuers = {org_key(canonical_name(n, gazetteer), gazetteer) for n in about_names(release.about)}
    rest = aligned_fold(" ".join(release.body[READ_PARAGRAPHS:])[:RECURRENCE_REACH]) if shown else ""
    for key, name in shown.items():
        if key in issuers:
            scores[key] += ISSUER_BONUS
            reasons[key].append("about")
        if rest and any(_whole_word(aligned_fold(n)).search(rest) for n in written.get(key, (name,))):
            scores[key] += RECURRENCE_BONUS
            reasons[key].append("recurs")
    found = [Partner(shown[k], round(scores[k], 2), tuple(reasons[k]), scores[k] >= THRESHOLD)
             for k in sorted(shown, key=first_at.__getitem__)]
    if any(p.kept and any(r.startswith(("funder@", "backer@")) for r in p.reasons) for p in found):
        found = [dataclasses.replace(p, kept=False, score=0.0) if p.kept and all(r.startswith(("supports@", "about", "recurs"))
                                                                     for r in p.reasons) else p for p in found]
    kept_now = [p for p in found if p.kept]     # "The Government of Canada supports": CED, named, gives
    if len(kept_now) == 1 and any(r.startswith(("funder@", "backer@")) for r in kept_now[0].reasons):
        found += _supported(release, finder, kept_now[0], gazetteer)   # "ONB is supporting the project"
    if sum(p.kept for p in found) < 2:       # one party: one issuer's own news
        found = [Partner(p.name, p.score, p.reasons, False) for p in found]
    kept = [p for p in found if p.kept][MAX_PARTNERS:]
    return [Partner(p.name, p.score, p.reasons, False) if p in kept else p for p in found]


def _supported(release, finder: NameFinder, funder: Partner, gazetteer: Gazetteer) -> list[Partner]:
    """A lone funder of "the project": the project is the headline's subject's, who is funded
    ("Rheinwerk opens its first plant in Moncton" ... "ONB is supporting the project")."""
    headline = release.headline or ""
    subject = next(iter(finder.candidates(headline)[:1]), None) if headline else None
    if subject is None or subject.weak or subject.start > 4 or not SUPPORTS_PROJECT.search(
            aligned_fold(" ".join(release.body[:READ_PARAGRAPHS + 2]))):
        return []
    name = canonical_name(subject.name, gazetteer)
    if org_key(name, gazetteer) == org_key(funder.name, gazetteer) or _not_an_organisation(name):
        return []
    return [Partner(name, THRESHOLD, ("funded@headline",), True)]


def _context_paragraphs(body: list[str]) -> int:
    """How many of the first paragraphs name nothing (no capitalised word inside a sentence):
    a web release's context before its lead. They do not count among those read."""
    count = 0
    while count < min(CONTEXT_PARAGRAPHS, len(body) - 1) and not _NAMED.search(body[count]):
        count += 1
    return count


def _as_in_lead(candidates: list, body: list[str], finder: NameFinder) -> list:
    """A title-case headline's names cut to the names the lead writes: "Acme Medical Enters
    License Agreement with Beta Biotechnik for Stent Coatings" names Acme Medical and Beta
    Biotechnik when the lead does."""
    lead = [c.name for text in body[:1] for sentence in _sentences(text)[:2] for c in finder.candidates(sentence)]
    shaped = []
    for candidate in candidates:
        prefix = max((name for name in lead if candidate.name.startswith(name + " ")), key=len, default=None)
        shaped.append(dataclasses.replace(candidate, end=candidate.start + len(prefix), name=prefix)
                      if prefix else candidate)
    return shaped


def canonical_name(name: str, gazetteer: Gazetteer) -> str:
    """The data file's or the learned name, the public body's name, a city's own ("Moncton and
    Lafayette sign" are the cities: "City of Moncton"), else the name itself."""
    return (canonical_partner(name, gazetteer) or known_by_key(org_key(name, gazetteer), gazetteer)
            or public_body_name(name, gazetteer) or _provincial_ministry(name, gazetteer)
            or _city_body(name, gazetteer) or name)


def _provincial_ministry(name: str, gazetteer: Gazetteer) -> str | None:
    """"Quebec's Ministry of Economy", "Ontario Ministry of Health", "ministère de l'Économie du
    Québec": a province's or state's ministry acts for its government, one party."""
    if not _MINISTRY_WORD.search(name):
        return None
    for mention in gazetteer.region_matcher.find(name):
        region = gazetteer.regions[mention.value]
        at_start = mention.start == 0 and _MINISTRY_WORD.match(name, mention.end)
        at_end = mention.end == len(name.rstrip()) and re.search(r"\b(?:of|du|de la|de l['’]|de)\s*$",
                                                                  name[:mention.start])
        if region.kind in ("province", "state") and (at_start or at_end):
            return f"Government of {region.en}"
    return None


def _city_body(name: str, gazetteer: Gazetteer) -> str | None:
    if " " in _CITY_ARTICLE.sub("", name.strip()) and "-" not in name or not name[:1].isupper() or name.isupper():
        return None
    found = gazetteer.city_matcher().find(name)
    return f"City of {name}" if found and found[0].start == 0 and found[0].end == len(name) else None


def _not_an_organisation(name: str) -> bool:
    """Events, lone generic words ("Fonds", "Science") and currencies ("1,1 million de CHF")."""
    folded = aligned_fold(name)
    return bool(_EVENT.search(folded)) or (len(folded.split()) == 1 and folded.strip(".") in _LONE) \
        or len(name) == 3 and name.isupper() and _is_currency(name)


@lru_cache(maxsize=1024)
def _is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def _merge_contained(shown: dict, scores: Counter, reasons: dict, first_at: dict) -> None:
    """"Pôle Alsace BioValley" and "Alsace BioValley" are one partner: the shorter name
    stands for both (its evidence summed), unless it only starts the longer ("PAL Airlines")."""
    keys = sorted(shown, key=len)
    for i, short in enumerate(keys):
        words = set(short.split())
        for long in keys[i + 1:]:
            if long in shown and short in shown and words < set(long.split()) and len(words) >= 1 \
                    and _whole_word(aligned_fold(shown[short])).search(aligned_fold(shown[long])):
                keep, drop = short, long
                if aligned_fold(shown[long]).startswith(aligned_fold(shown[short])):
                    keep, drop = long, short      # "PAL" is short for "PAL Airlines": the full name
                scores[keep] += scores.pop(drop)
                first_at[keep] = min(first_at[keep], first_at.pop(drop))
                reasons[keep] += reasons.pop(drop)
                del shown[drop]


def _title_case(text: str) -> bool:
    """A headline In Title Case, where a capitalised phrase runs on into its verb."""
    words = [w for w in text.split() if len(w) > 3]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


_SENTENCE_END = re.compile(r"(?:(?<=[a-zà-ÿ0-9)»”\"][.!?])|(?<=[A-Za-zà-ÿ]{2}[A-Z][.!?]))(?<!\bSt\.)(?<!\bSte\.)(?<!\bMt\.)"
                           r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bJr\.)(?<!\bNo\.)\s+(?=[«“\"A-ZÀ-Ý])")


def _sentences(text: str) -> list[str]:
    parts = _SENTENCE_END.split(text)
    return [p for p in parts if p.strip()]
