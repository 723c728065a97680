"""The media contacts at the end of a release ("Media contact:", "Renseignements :", "SOURCE ...").

The release file's trailer (what follows the body and the "About" sections) holds them,
mixed with wire notices ("-30-", "###", "Communiqué envoyé et diffusé par"): the contacts
are the trailer's paragraphs from the first contact heading on, the notices left out.
"""
from __future__ import annotations

import re

MAX_CONTACT_PARAGRAPHS = 12
MAX_CONTACT_CHARS = 400

# How a media-contact block starts, in both languages (the file's trailer starts there too;
# a wire's "SOURCE Company" line starts a contact block, but only "Source :" starts a trailer).
CONTACT_HEADINGS = (
    r"renseignements\b|pour (?:plus d[’']|de plus amples )?informations?\b|pour information\b"
    r"|informations?\s*:|contacts?\b|personnes?[- ]ressources?\b|relations?\s+(?:avec\s+les\s+)?(?:médias|presse)\b"
    r"|media\s+(?:contacts?|relations|inquiries)\b|press\s+contacts?\b|for (?:more|further) information\b")
_CONTACT_START = re.compile(rf"(?:source\b|{CONTACT_HEADINGS})", re.IGNORECASE)
_NOTICE = re.compile(r"(?:-\s*30\s*-|#{3}|view source version|communiqué envoyé|logo\b|photo\b)", re.IGNORECASE)


def contact_paragraphs(trailer: tuple[str, ...] | list[str]) -> list[str]:
    """The trailer's media-contact paragraphs, in order (none when it names no contact)."""
    found: list[str] = []
    for para in trailer:
        if not found and not _CONTACT_START.match(para):
            continue
        if _NOTICE.match(para) or len(para) > MAX_CONTACT_CHARS:
            continue
        found.append(para)
        if len(found) == MAX_CONTACT_PARAGRAPHS:
            break
    return found
