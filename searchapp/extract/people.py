"""Person names in press releases: recognising them, splitting off titles, one spelling per person.

A speaker is written in many ways: "Benoît Larose, PDG de BIOQuébec", "BIOQuébec Executive
Director Anie Perrault", "Le PDG de BIOQuébec, Benoit Larose", "M. Paul Lévesque, président et
chef de la direction de ...". `parse_speaker` turns such a phrase into (name, title, organisation);
`PersonRegistry` picks one display spelling per folded key across releases and languages.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from searchapp.text.folding import fold

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_APOS = "'’"
# One name word: "Benoît", "Lord-Fontaine", "O’Connell", "McCauley", or an initial "C.".
_WORD = (rf"(?:[{_UP}]\.(?:-[{_UP}]\.)?|(?:Mc|Mac|O[{_APOS}]|D[{_APOS}]|Fitz)?[{_UP}][{_LOW}]+"
         rf"(?:[-{_APOS}][{_UP}][{_LOW}]+)*)")
_PARTICLE = r"(?:van|von|der|den|ter|da|di|del|della|dos|das|bin|ben|al)"
NAME_PATTERN = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,4}}"
_NAME_AT_START = re.compile(rf"^(?:{NAME_PATTERN})(?=$|[\s,;:.)»”\"])")
_INITIAL = re.compile(rf"^[{_UP}]\.(?:-[{_UP}]\.)?$")

_HONORIFICS = re.compile(
    r"^(?:(?:l['’]|the\s+)?hon(?:ou?rable|\.)?\s+|(?:M|MM|Mme|Mmes|Mlle|Mr|Mrs|Ms|Dr|Dre|Pr|"
    r"Prof|Me|Sir)\.?\s+)+", re.IGNORECASE)
_NAME_SUFFIX = re.compile(r",?\s+(?:Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|MBA|FCPA|CPA)$")
_DETERMINERS = {"le", "la", "les", "l", "the", "its", "his", "her", "their", "our", "son", "sa",
                "ses", "leur", "notre", "nos", "un", "une", "a", "an"}

# Words that head or make up a job title (compared lower-cased, accents kept).
TITLE_WORDS = frozenset("""
ceo pdg cfo coo cto cso cmo cio vp svp evp md gm president président présidente vice-president
vice-président vice-présidente director directeur directrice chair chairman chairwoman chairperson
chief officer executive exécutif exécutive founder cofounder co-founder fondateur fondatrice
cofondateur cofondatrice minister ministre secretary secrétaire mayor maire mairesse premier head
manager gestionnaire chef délégué déléguée delegate commissioner commissaire deputy adjoint adjointe
dean doyen doyenne professor professeur professeure researcher chercheur chercheuse spokesperson
porte-parole partner associé associée leader general général générale senior principal
administrator administrateur administratrice governor gouverneur senator sénateur sénatrice député
députée ambassador ambassadeur ambassadrice consul counsel conseiller conseillère advisor adviser
coordinator coordonnateur coordonnatrice owner propriétaire treasurer trésorier trésorière
scientist scientifique responsable vice chair-elect chairman-elect
""".split())
# Titles of office holders: what follows "of"/"de" is a portfolio, not an organisation.
_OFFICE_WORDS = frozenset("""minister ministre secretary secrétaire premier prime député députée mp
senator sénateur sénatrice governor gouverneur délégué déléguée delegate ambassador ambassadeur
ambassadrice consul""".split())
# Words found in organisation and place names, never in a person's name.
ORG_WORDS = frozenset("""
inc ltd llc corp group groupe council conseil association society société institute institut
university université college collège centre center hospital hôpital foundation fondation network
réseau canada québec quebec ontario america france government gouvernement ministry ministère department
agency agence bank banque fund fonds capital partners tech health santé pharma bio labs laboratories
laboratoires therapeutics sciences technologies consortium alliance cluster grappe city ville
office bureau international national chamber chambre board""".split())

_ORG_MARKER = re.compile(r"\s(?:of|at|with|for|chez|auprès\s+de|de\s+la|de\s+l['’]|des|du|de|d['’])\s*"
                         rf"(?=[{_UP}0-9]|[{_LOW}]+[{_UP}])")
_DEGREE = re.compile(r"^(?:Ph\.?\s?D\.?|M\.?D\.?|MBA|M\.?Sc\.?)\s*(?:,\s*|$)")


@dataclass(frozen=True)
class Speaker:
    """A person named in a speaker phrase, with the title and organisation written beside it."""
    name: str
    title: str | None
    organisation: str | None


def person_key(name: str) -> str:
    """The folded key of a person's name: case, accents, apostrophes, honorifics and spacing ignored."""
    cleaned = canonical_person(name)
    return " ".join(fold(cleaned).replace("’", "'").replace("-", " ").split())


def canonical_person(name: str) -> str:
    """A clean display form of one spelling: no honorific, single spaces, straight apostrophes."""
    name = " ".join(name.replace("’", "'").split()).strip(" ,.;:")
    name = _NAME_SUFFIX.sub("", _HONORIFICS.sub("", name))
    return name


def _accents(name: str) -> int:
    return sum(1 for ch in name if unicodedata.normalize("NFD", ch) != ch)


class PersonRegistry:
    """One display spelling per person, chosen among the spellings seen (accented ones preferred)."""

    def __init__(self) -> None:
        self._best: dict[str, str] = {}
        self._lock = threading.Lock()

    def add(self, name: str) -> str:
        """Record a spelling; return the canonical spelling of that person so far."""
        spelling = canonical_person(name)
        key = person_key(spelling)
        with self._lock:
            best = self._best.get(key)
            if best is None or _accents(spelling) > _accents(best):
                self._best[key] = best = spelling
        return best

    def canonical(self, name: str) -> str:
        """The chosen spelling for this name's key, else the name's own clean form."""
        spelling = canonical_person(name)
        return self._best.get(person_key(spelling), spelling)

    def __len__(self) -> int:
        return len(self._best)


def is_person_name(text: str) -> bool:
    """True for two to five name words that are neither title words nor organisation words."""
    words = text.split()
    full = [w for w in words if not _INITIAL.match(w)]
    if len(full) < 2 or not _NAME_AT_START.match(text) or _NAME_AT_START.match(text).end() != len(text):
        return False
    return not any(w.lower().strip(".") in TITLE_WORDS or w.lower() in ORG_WORDS for w in full)


def parse_speaker(phrase: str) -> Speaker | None:
    """Read "Name, title of Org", "Org Title Name", "the title of Org, Name" or "the minister Name"."""
    phrase = _strip_clause(phrase)
    if not phrase:
        return None
    segments = [s.strip() for s in phrase.split(",")]
    head = segments[0]
    name = leading_name(head)
    if name is not None:
        person, before = name
        tail = _DEGREE.sub("", ", ".join(segments[1:]).strip())
        title, org = split_title(tail) if tail else (before, None)
        return Speaker(person, title, org)
    name = _trailing_name(head)
    if name is not None:
        person, before = name
        return Speaker(person, *_title_before_name(before))
    if len(segments) > 1:
        follow = leading_name(segments[1])
        if follow is not None and not follow[1]:
            title, org = split_title(head)
            return Speaker(follow[0], title, org)
    return None


def split_title(text: str) -> tuple[str | None, str | None]:
    """Split "CEO and President of MassBio" into ("CEO and President", "MassBio")."""
    words = _strip_determiners(text.strip(" ,.;:")).split()
    text = " ".join(words)
    if not text:
        return None, None
    if words[0].lower() in _OFFICE_WORDS or fold(words[0]) == "prime":
        return text, None
    text = re.split(r",\s+(?i:au nom de|on behalf of|pour le compte de)\b", text)[0]
    start = 0
    for segment in text.split(","):
        markers = list(_ORG_MARKER.finditer(" " + segment))
        if markers:
            last = markers[-1]
            title = text[:start + last.start()].strip(" ,")
            org = segment[last.end() - 1:].strip(" ,")
            return (title or None), (org or None)
        start += len(segment) + 1
    return text, None


def _strip_clause(phrase: str) -> str:
    """Cut a speaker phrase at its sentence end or at a relative clause."""
    phrase = " ".join(phrase.split())
    phrase = re.split(r",\s+(?:who|which|qui|dont|lors|during|when|alors|at the|in a)\b", phrase)[0]
    return phrase[:sentence_end(phrase)]


_ABBREVIATIONS = frozenset("m mm mr mrs ms mme dr dre pr prof me sr jr st ph no".split())
_STOP = re.compile(r"\.(?=\s|$)|[;!?]|\s[–—]\s")


def sentence_end(text: str, start: int = 0) -> int:
    """Offset of the first sentence end in text after start (initials and abbreviations skipped)."""
    for match in _STOP.finditer(text, start):
        if match.group() == ".":
            before = text[:match.start()]
            token = before.rsplit(None, 1)[-1].lower() if before and not before[-1].isspace() else ""
            if len(token) == 1 or token.rsplit(".", 1)[-1] in _ABBREVIATIONS:
                continue
        return match.start()
    return len(text)


def _strip_determiners(text: str) -> str:
    words = text.split()
    while words and words[0].lower().rstrip("'’") in _DETERMINERS:
        words.pop(0)
    if words and re.match(r"^[lL]['’]\S", words[0]):
        words[0] = words[0][2:]
    return " ".join(words)


def leading_name(text: str) -> tuple[str, str | None] | None:
    """(name, title words) when text is a name behind optional honorifics and title words.

    "la ministre Dominique Anglade" -> ("Dominique Anglade", "ministre"); "M. Paul Lévesque" ->
    ("Paul Lévesque", None); anything that is not wholly a name -> None.
    """
    rest = _HONORIFICS.sub("", _strip_determiners(text))
    title_words = []
    words = rest.split()
    while words and words[0].lower() in TITLE_WORDS:
        title_words.append(words.pop(0))
    rest = _HONORIFICS.sub("", " ".join(words))
    rest = _NAME_SUFFIX.sub("", rest)
    if is_person_name(rest):
        return rest, (" ".join(title_words) or None)
    return None


def _trailing_name(text: str) -> tuple[str, str] | None:
    """A name after a title word at the end of text ("Maryland Tech Council CEO Kelly Schulz")."""
    words = _NAME_SUFFIX.sub("", text).split()
    for i in range(len(words) - 2, 0, -1):
        if words[i - 1].lower().strip(".,") in TITLE_WORDS or _HONORIFICS.match(words[i - 1] + " "):
            candidate = _HONORIFICS.sub("", " ".join(words[i:]))
            if is_person_name(candidate):
                return candidate, " ".join(words[:i])
    return None


def _title_before_name(text: str) -> tuple[str | None, str | None]:
    """Split "BIOQuébec's CEO" / "BIOQuébec Executive Director" / "le PDG de X" into title and org."""
    text = re.sub(r"\s+(?:M|Mr|Mrs|Ms|Mme|Dr|Dre)\.?$", "", text.strip(" ,"))
    title, org = split_title(text)
    if org is not None or title is None:
        return title, org
    words = title.split()
    i = len(words)
    while i > 0 and words[i - 1].lower() in TITLE_WORDS | {"and", "&", "et"}:
        i -= 1
    if 0 < i < len(words):
        org = re.sub(r"['’]s$", "", " ".join(words[:i]))
        return " ".join(words[i:]), org
    return title, None


def last_sentence(text: str) -> str:
    """The last sentence of text (whitespace normalised)."""
    text = " ".join(text.split())
    start = 0
    while (end := sentence_end(text, start)) < len(text) - 1:
        start = end + 1
    return text[start:].strip()


def full_name(surname: str, paras: Sequence[str]) -> Speaker | None:
    """Resolve a surname (`Smith said`) to a full name written elsewhere in the release."""
    pattern = re.compile(rf"(?:[A-ZÀ-Þ][\w'’.-]+\s+){{1,3}}{re.escape(surname)}\b")
    for para in paras:
        for match in pattern.finditer(para):
            speaker = parse_speaker(match.group())
            if speaker and speaker.name.endswith(surname):
                return speaker
    return None
