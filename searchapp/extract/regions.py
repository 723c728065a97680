"""Regions of a release: the provinces, states and countries it is about.

Weighted mentions in the headline, dateline and body (never the "About" sections, nor a
contact block): region names, and cities, each for its province, state or country
("Saguenay" for Quebec, "Toulouse" for France). A region named inside an organisation's
name ("Air Canada", "University of Windsor") counts once per name, however often the name
recurs; a country named so counts at a fraction of a body mention wherever the name stands
(a national organisation says little about where the news is), and so does a part of a
country named by its compass point ("Eastern Canada", "l'est du Canada"), once per wording.
A government's or a city's own name ("Government of Quebec", "Ville de Paris", "Québec
City") counts as the place itself. The place where a convention is held, a target market
("key markets such as Ontario"), a speaker's title after a quotation, a currency ("M$ US") and the issuer's contact block count
less or not at all; when nothing stands out, the dateline's regions are the answer.
"""
from __future__ import annotations

import re
from collections import Counter

from searchapp.extract.gazetteer import aligned_fold, canonical_region, lookup_key
from searchapp.extract.lead import lead_start
from searchapp.extract.quotes import SPEAKER_AFTER_QUOTE
from searchapp.text.stopwords import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

REGION_WEIGHTS = (3, 2, 1)   # headline, first body paragraph, every later body paragraph
REGION_THRESHOLD = 2         # a region must weigh this much to be listed
COUNTRY_SHARE = 0.4          # a country weighing less than this share of its heaviest part is background
_PARENT = {"province": "Canada", "state": "United States"}
IN_NAME_FACTOR = 0.5         # weight of a region named inside an organisation's name
CONTACT_MAX_CHARS = 400      # a paragraph this short with a phone number or an e-mail address is a contact
_CONTACT = re.compile(r"\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}|[\w.+-]+@[\w-]+\.[\w.]+")
_CURRENCY = frozenset("$€£")
SPEAKER_REACH = 160          # a place this close after `," said` stands in the speaker's title
ASIDE_REACH = 80             # a place this close after an event's name or a market is beside the point
_ASIDE_WORD = re.compile(r"(?<!\w)(?:convention|congr[eè]s|conf[eé]rence|salon|forum|summit|sommet|symposium"
                         r"|expo|exposition|trade show|foire|festival|colloque|bio \d{4}"
                         r"|markets?|march[eé]s|export(?:s|ing|ations?)? to|exportations? vers"
                         r"|se tiendr\w+|se tient|aura lieu|a eu lieu|se d[eé]roul\w+|takes? place|took place"
                         r"|(?:will be|being|was) held)(?!\w)")
_COMPASS = ("north|south|east|west|northern|southern|eastern|western|central|atlantic|northeastern|northwestern"
            "|southeastern|southwestern|nord|sud|est|ouest|centre|nord-est|nord-ouest|sud-est|sud-ouest")
_COMPASS_BEFORE = re.compile(rf"(?<![\w-])(?:{_COMPASS})(?:\s+(?:and|et)\s+(?:{_COMPASS}))?"
                             r"(?:\s+(?:du|de\s+la|de\s+l['’]|des))?\s*$", re.IGNORECASE)
_COMPASS_AFTER = re.compile(rf"^\s+(?:{_COMPASS}|atlantique|occidental|oriental)e?s?(?![\w-])", re.IGNORECASE)
_SENTENCE_END = re.compile(r".*[.;:!?]\s", re.DOTALL)
_WORD_AFTER = re.compile(r"(?:['’]s)?[ \t]+([^\W\d_][\w'’-]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w-]*)[ \t]+$")    # "d’Air Canada": the word is "Air"
_LOOSE_DATELINE = re.compile(r"^([A-ZÀ-Ý][\w'’. -]{1,40}(?:,\s*[A-ZÀ-Ý][\w.]{1,20}\.?)?)\s*(?:—|–|--)\s+(?=\S)")
_ISSUED_BY = re.compile(r"(?i)\s*(?:from|de|source|par)\s*:")    # "From: Natural Resources Canada": who, not where
_CONNECTORS = frozenset("of for the de du des la le l' d'".split())   # not "en": "Air Canada en France"
_STOP_OR_CONNECTOR = ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS | _CONNECTORS
_fold = aligned_fold
_PLACE_WORDS = frozenset("""city ville region area county metropolitan metropolitaine grand greater downtown
    metro province state etat of de du the la le l' d'""".split())
_OWN_NAME = re.compile(r"^(?:(?:the|le|la|l')\s*)?(?:government|gouvernement|province|state|etat|city|ville"
                       r"|municipalite|municipality|ministere|ministry|premier|mairie|maire|mayor)\b")


def find_regions(release, finder) -> tuple[str, ...]:
    """Region keys the release is about: weighted mentions in headline, dateline and body,
    else the dateline's regions (`finder` is the release's partners.NameFinder)."""
    scores, first_seen, dateline = region_scores(release, finder)
    # Nothing stands out: where the release was issued is the best remaining clue.
    kept = [key for key, score in scores.items() if score >= REGION_THRESHOLD] or sorted(dateline)
    kept = _without_background_countries(kept, scores, finder.gazetteer)
    return tuple(sorted(kept, key=lambda k: (first_seen[k], -scores[k], k)))


def _without_background_countries(kept: list[str], scores: Counter, gazetteer) -> list[str]:
    """A country that weighs much less than one of its own provinces or states is background
    ("the Government of Canada is investing in Nova Scotia"): the release is about the province."""
    parts: dict[str, float] = {}
    for key in kept:
        parent = _PARENT.get(gazetteer.regions[key].kind) if key in gazetteer.regions else None
        if parent:
            parts[parent] = max(parts.get(parent, 0.0), scores[key])
    return [key for key in kept if not (key in parts and scores[key] < COUNTRY_SHARE * parts[key])]


def region_scores(release, finder) -> tuple[Counter, dict[str, int], set[str]]:
    """(weight of each region, the zone it was first seen in, the dateline's regions): the
    evidence find_regions decides on, apart so that a decision can be explained."""
    gazetteer = finder.gazetteer
    cities = gazetteer.city_matcher()
    headline_w, lead_w, body_w = REGION_WEIGHTS
    dateline_text = release.dateline.text if release.dateline is not None else None
    body = list(release.body)
    lead = lead_start(body)              # label lines before the lead: "June 3, 2025 — Ottawa, Ontario"
    if dateline_text is None and body:
        dateline_text = " ".join(p for p in body[:lead] if not _ISSUED_BY.match(p)) or None   # not "From: ..."
        if dateline_text is None:
            dateline_text, body[lead] = _body_dateline(body[lead])
    zones = [(release.headline or "", headline_w)]
    zones += [(p, lead_w if i == 0 else body_w) for i, p in enumerate(body[lead:])]
    found, people = [], set()
    for text, weight in zones:
        if len(text) < CONTACT_MAX_CHARS and _CONTACT.search(text):
            continue                     # a contact block: where the press officer sits
        places, named = cities.find_with_people(text)
        people |= named
        found.append((text, weight, _merged(gazetteer.region_matcher.find(text), places)))
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    names_counted: set[tuple[str, str]] = set()
    for order, (text, weight, mentions) in enumerate(found):
        if people:
            mentions = [m for m in mentions if lookup_key(text[m.start:m.end]) not in people]
        mentions = [m for m in mentions if not _is_currency(text, m)]
        for mention, holder in zip(mentions, _holders(text, mentions, finder)):
            place = text[mention.start:mention.end]
            country = gazetteer.regions[mention.value].kind == "country"
            part = _compass_part(text, mention) if country else None
            # "Government of Canada" is a national body, whose news is where it spends: a name.
            national = country and canonical_region(place, gazetteer) == mention.value
            if part is not None or (holder is not None and (national or not _names_the_place(holder[2], place))):
                name = part or _name_key(text, mention, holder)
                if (name, mention.value) in names_counted:
                    continue             # "Air Canada" says Canada once, however often it is named
                names_counted.add((name, mention.value))
                if country:              # and says it no louder in the headline than further down
                    scores[mention.value] += body_w * IN_NAME_FACTOR
                    first_seen.setdefault(mention.value, order)
                    continue
            # Where a convention is held, goods are sold or a speaker works is not the news.
            share = IN_NAME_FACTOR if _aside(text, mention.start) else 1.0
            scores[mention.value] += weight * share
            first_seen.setdefault(mention.value, order)
    dateline: set[str] = set()
    if dateline_text:
        dateline = {m.value for m in _merged(gazetteer.region_matcher.find(dateline_text)
                                             + gazetteer.code_matcher.find(dateline_text), cities.find(dateline_text))}
        for key in dateline:
            scores[key] += body_w
            first_seen[key] = -1
    return scores, first_seen, dateline


def _holders(text: str, mentions: list, finder) -> list[tuple[int, int, str] | None]:
    """(start, end, name) of the name holding each mention, or None: the run of capitalised
    words around it ("Air Canada Express", "Port of Montreal"), else, for a country (which
    a name mentions at a fraction of its weight), an organisation name the finder keeps
    ("Développement économique Canada"), looked for only where its quick test cannot rule
    one out."""
    holders = [_capital_run(text, mention) for mention in mentions]
    loose = [m for m, h in zip(mentions, holders) if h is None and finder.gazetteer.regions[m.value].kind == "country"]
    if loose and not finder.outside_names(text, loose):
        strong = [c for c in finder.candidates(text) if not c.weak]
        for i, (mention, holder) in enumerate(zip(mentions, holders)):
            if holder is None:
                holders[i] = next(((c.start, c.end, c.name) for c in strong if c.start <= mention.start < c.end), None)
    return holders


def _capital_run(text: str, mention) -> tuple[int, int, str] | None:
    """The capitalised words (and "of", "de"... between them) that the mention stands in,
    when there are more than the mention itself."""
    start, end = mention.start, mention.end
    while True:
        before = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if not before or not _joins(before.group(1)):
            break
        start = before.start(1)
    while True:
        after = _WORD_AFTER.match(text, end)
        if not after or not _joins(after.group(1)):
            break
        end = after.end(1)
    if start == mention.start and end == mention.end:
        return None
    words = text[start:end].split()
    while words and _fold(words[0]) in _STOP_OR_CONNECTOR:
        words.pop(0)
    while words and _fold(words[-1]) in _STOP_OR_CONNECTOR:
        words.pop()
    name = " ".join(words)
    return (start, end, name) if len(name) > mention.end - mention.start else None


def _name_key(text: str, mention, holder: tuple[int, int, str]) -> str:
    """What identifies the name holding a mention: the place and the word before it in the
    name ("Air Canada" in "Air Canada Express"), else the word after it ("Canadian National"
    in a title-case headline's "Canadian National Reach an Agreement"), folded."""
    start, end = max(holder[0], 0), holder[1]
    before = _WORD_BEFORE.search(text, max(start, mention.start - 30), mention.start)
    while before and _fold(before.group(1)) in _CONNECTORS and before.start(1) > start:
        before = _WORD_BEFORE.search(text, max(start, before.start(1) - 30), before.start(1))
    if before and before.start(1) >= start:
        return _fold(text[before.start(1):mention.end])
    after = _WORD_AFTER.match(text, mention.end)
    return _fold(text[mention.start:after.end(1) if after and after.end(1) <= end else mention.end])


def _joins(word: str) -> bool:
    return word[:1].isupper() or _fold(word) in _CONNECTORS


def _is_currency(text: str, mention) -> bool:
    """"237 M$ US", "US$", "$US": a currency, not a place."""
    before = text[max(0, mention.start - 3):mention.start].rstrip()
    after = text[mention.end:mention.end + 9].lstrip()
    return (bool(before) and before[-1] in _CURRENCY) or after[:1] in _CURRENCY or after.startswith("dollar")


def _aside(text: str, start: int) -> bool:
    """Whether an event's name ("convention", "congrès") or a market ("key markets such as",
    "exports to") comes shortly before, in the same sentence."""
    window = text[max(0, start - ASIDE_REACH):start].lower()
    sentence = _SENTENCE_END.match(window)
    return bool(_ASIDE_WORD.search(window, sentence.end() if sentence else 0)) or _in_speaker_title(text, start)


def _in_speaker_title(text: str, start: int) -> bool:
    """Whether the place stands in a speaker's name and title after a quotation (`," said X,
    Vice-President at the University of Y`): the speaker's employer, not the news."""
    begin = max(0, start - SPEAKER_REACH)
    if not any(mark in text[begin:start] for mark in "”»\""):
        return False
    last = None
    for last in SPEAKER_AFTER_QUOTE.finditer(text, begin, start):
        pass
    return last is not None and not any(mark in text[last.end():start] for mark in "«“\"")


def _compass_part(text: str, mention) -> str | None:
    """"Eastern Canada", "l'est du Canada", "le Canada atlantique": a part of the country,
    named by its compass point (the wording, folded), or None."""
    before = _COMPASS_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if before is not None:
        return _fold(text[before.start():mention.end])
    after = _COMPASS_AFTER.match(text[mention.end:mention.end + 20])
    return _fold(text[mention.start:mention.end + after.end()]) if after else None


def _body_dateline(paragraph: str) -> tuple[str | None, str]:
    """A dateline the release's parser left in the first paragraph ("Vancouver, BC — ..."):
    (its text, the paragraph without it), or (None, the paragraph)."""
    match = _LOOSE_DATELINE.match(paragraph)
    if match is None:
        return None, paragraph
    return match.group(1), paragraph[match.end():]


def _names_the_place(name: str, place: str) -> bool:
    """"Government of Quebec", "Ville de Paris", "Québec City", "Greater Montréal": a name
    that stands for the place itself rather than for an organisation located there."""
    folded = aligned_fold(name)
    if _OWN_NAME.match(folded):
        return True
    rest = aligned_fold(name.replace(place, " ")).replace("-", " ").split()
    return bool(rest) and all(word in _PLACE_WORDS for word in rest)


def _merged(regions: list, places: list) -> list:
    """Region mentions, and the city mentions that no region mention overlaps, in order."""
    taken = [(m.start, m.end) for m in regions]
    free = [p for p in places if not any(p.start < end and start < p.end for start, end in taken)]
    return sorted(regions + free, key=lambda m: m.start)
