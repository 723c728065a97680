"""The kind of release (news release, media advisory, statement, speech, backgrounder,
invitation), read from its own wording.

Newsrooms label a release at its top: a label line ("MEDIA ADVISORY", "Avis aux médias"),
a label before the headline ("Media Advisory - Minister to announce ..."), or a headline
that names the kind ("Statement by the Minister ...", "Déclaration de la ministre ...",
"Notes d'allocution ..."); speeches also carry "Check against delivery". Only the head of
the release is read (the headline and the first two paragraphs' first characters): a
news release that quotes a statement further down stays a news release, the default.
"""
from __future__ import annotations

import re
import unicodedata

NEWS_RELEASE = "news-release"
MEDIA_ADVISORY = "media-advisory"
STATEMENT = "statement"
SPEECH = "speech"
BACKGROUNDER = "backgrounder"
INVITATION = "invitation"
# The canonical values, in display order.
RELEASE_TYPES = (NEWS_RELEASE, MEDIA_ADVISORY, STATEMENT, SPEECH, BACKGROUNDER, INVITATION)

HEAD_CHARS = 240        # of each of the first paragraphs: where a label or a "check against delivery" sits

_APOS = "['’]"
_DE = rf"(?:de\s+la|de\s+l{_APOS}|du|des|de|d{_APOS})\s*"
# A label as the whole line, or before the headline with a separator: "AVIS AUX MÉDIAS - ...".
_LABELS = (
    (INVITATION, r"invitation\s+(?:aux|à\s+l(?:a|es)|pour\s+les)\s+(?:médias|journalistes|représentants\s+des\s+médias)"
                 r"|media\s+invitation|invitation\s+to\s+(?:the\s+)?media|invitation"),
    (MEDIA_ADVISORY, r"(?:media|news)\s+advisory|advisory|avis\s+aux\s+(?:médias|rédactions|journalistes)"
                     r"|note\s+aux\s+(?:médias|rédactions)|note\s+to\s+(?:editors|media)"),
    (BACKGROUNDER, r"backgrounder|document\s+d{_APOS}information|fiche\s+d{_APOS}information|fact\s*sheet|"
                   r"fiche\s+technique|document\s+de\s+référence".replace("{_APOS}", _APOS)),
    (STATEMENT, r"(?:joint\s+)?statement|déclaration(?:\s+(?:commune|conjointe))?"),
    (SPEECH, r"speech|speaking\s+notes|discours|notes\s+d{_APOS}allocution|allocution".replace("{_APOS}", _APOS)),
    (NEWS_RELEASE, r"(?:news|press|media)\s+release|communiqué(?:\s+de\s+presse)?|communiqué\s+conjoint"),
)
_LABEL = re.compile(
    r"\s*(?:" + "|".join(f"(?P<{kind.replace('-', '_')}>{words})" for kind, words in _LABELS) + r")"
    r"(?=\W|$)", re.IGNORECASE)
_SEPARATORS = "-–—:|/•"
# Headlines that name their kind ("Statement by ...", "Déclaration du premier ministre ...").
_OFFICE = (r"(?:premi[eè]re?\s+)?ministre|président|présidente|maire|mairesse|porte-parole|gouvern|"
           r"secrétaire|chef|commissaire|ambassad|direct|lieutenant|sénat|député|conseil")
_HEADLINES = (
    (STATEMENT, re.compile(r"\s*(?:joint\s+)?statement\s+(?:by|from|of|on|regarding|in\s+response)\b"
                           r"|.{0,120}\b(?:issues?|issued|releases?|makes?)\s+(?:a\s+|the\s+following\s+)?statement\b",
                           re.IGNORECASE)),
    (STATEMENT, re.compile(r"\s*(?i:déclaration)\s+(?:(?i:commune|conjointe)\b|" + _DE +
                           r"(?:[A-ZÀ-Ý]|(?i:" + _OFFICE + r")))")),
    (SPEECH, re.compile(r"\s*(?:speech|remarks|address|keynote\s+address|speaking\s+notes)\s+(?:by|from|of)\b"
                        r"|\s*(?:discours|allocution|notes\s+d['’]allocution)\s+(?:" + _DE.replace(r"\s*", "") +
                        r"|prononcé)", re.IGNORECASE)),
)
_DELIVERY = re.compile(r"check\s+against\s+delivery|(?:seul\s+le\s+texte|la\s+version|le\s+texte)\s+prononcée?\s+fait\s+foi",
                       re.IGNORECASE)


def release_type(headline: str | None, body: tuple[str, ...] | list[str]) -> str:
    """The release's kind, one of RELEASE_TYPES (news-release when nothing says otherwise)."""
    heads = [text[:HEAD_CHARS] for text in ((headline,) if headline else ()) + tuple(body[:2]) if text]
    for head in heads:
        found = _label(head)
        if found and found != NEWS_RELEASE:
            return found
    if any(_DELIVERY.search(head) for head in heads):
        return SPEECH
    for head in heads[:1]:
        for kind, pattern in _HEADLINES:
            if pattern.match(head):
                return kind
    return NEWS_RELEASE


def _label(head: str) -> str | None:
    """The kind a label at the start of a line names, if it starts with one."""
    match = _LABEL.match(head)
    if match is None:
        return None
    rest = head[match.end():].lstrip()
    # "Advisory Board names ..." is a headline; "MEDIA ADVISORY Minister to ..." a label.
    if rest and rest[0] not in _SEPARATORS and not (match.group().isupper() and rest[0].isupper()):
        return None
    kind = next(name for name, value in match.groupdict().items() if value)
    return kind.replace("_", "-")


# What a user may type for each kind, in either language (folded: no accents, lower case).
_NAMES = {
    NEWS_RELEASE: ("news release", "press release", "release", "news", "communique", "communique de presse",
                   "news-release", "press-release"),
    MEDIA_ADVISORY: ("media advisory", "advisory", "avis aux medias", "avis", "media-advisory"),
    STATEMENT: ("statement", "declaration", "joint statement", "declaration commune"),
    SPEECH: ("speech", "discours", "allocution", "remarks", "notes d'allocution"),
    BACKGROUNDER: ("backgrounder", "document d'information", "fiche d'information", "fact sheet"),
    INVITATION: ("invitation", "media invitation", "invitation aux medias"),
}
_BY_NAME = {name: kind for kind, names in _NAMES.items() for name in names}


def canonical_type(text: str) -> str | None:
    """The canonical value of a typed release type ("Avis aux médias" -> media-advisory), or None."""
    folded = _fold(text).replace("’", "'")
    folded = " ".join(folded.replace("_", " ").split())
    return _BY_NAME.get(folded) or _BY_NAME.get(folded.rstrip("s"))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
