"""A ready-to-paste citation line for a quotation, in the quotation's language conventions.

French: `« Texte », Benoît Larose, PDG de BIOQuébec (BIOQuébec et MassBio renouvellent…, juin 2023)`
English: `“Text,” Kendalle Burlin O'Connell, CEO and President of MassBio (MassBio and…, June 2023)`
The speaker's title is the first role written in the release (`ministre délégué à l'Économie`
of a list of portfolios), joined to the organisation with the words the release uses
(`PDG du Maryland Tech Council`), else with a comma.
"""
from __future__ import annotations

import re
from typing import Sequence

from searchapp.text.partialdates import format_partial_date

RELEASE_TITLE_CHARS = 60
NBSP = "\u00a0"
_CONNECTOR = r"\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’]|of\s+the|of|at|with|chez|à|au)\s*"
# A new role starts after a comma or "et"/"and" with an office word: "ministre de l'Économie, de
# l'Innovation et de l'Énergie, ministre responsable de ..." holds two roles, "CEO and President" one.
_ROLE_BREAK = re.compile(r"(?:,\s+|\s+(?:et|and)\s+)(?=(?i:ministre|minister|secrétaire|secretary|député|"
                         r"députée|mp|sénateur|sénatrice|senator)\b)")


def citation_line(text: str, lang: str, speaker: str, title: str | None, organisation: str | None,
                  release_title: str, date: str | None, paragraphs: Sequence[str] = ()) -> str:
    """The citation of one quotation: quoted text, who, and (release title, date)."""
    who = ", ".join(filter(None, (speaker, role(title, organisation, paragraphs))))
    source = ", ".join(filter(None, (shorten(release_title), local_date(date, lang))))
    if lang == "fr":
        words = text.rstrip()
        words = words[:-1].rstrip() if words.endswith(".") and not words.endswith("..") else words
        quoted = f"«{NBSP}{words}{NBSP}»,"
    else:
        words = text.rstrip()
        if words.endswith(".") and not words.endswith(".."):
            words = words[:-1] + ","
        elif not words.endswith(("!", "?", "…", ",")):
            words += ","
        quoted = f"“{words}”"
    return f"{quoted} {who} ({source})" if source else f"{quoted} {who}"


def role(title: str | None, organisation: str | None, paragraphs: Sequence[str] = ()) -> str | None:
    """The speaker's first role and organisation, joined as the release writes them."""
    first = _ROLE_BREAK.split(title, maxsplit=1)[0].strip() if title else None
    if first and organisation:
        pattern = re.compile(re.escape(first) + _CONNECTOR + re.escape(organisation))
        for paragraph in paragraphs:
            written = pattern.search(paragraph)
            if written:
                return " ".join(written.group().split())
        return f"{first}, {organisation}"
    return first or organisation


def shorten(title: str, limit: int = RELEASE_TITLE_CHARS) -> str:
    """A release title cut at a word boundary, with an ellipsis when cut."""
    title = " ".join(title.split()).rstrip("…").rstrip()
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def local_date(iso: str | None, lang: str) -> str | None:
    """A partial ISO date written the language's way: `juin 2023`, `June 2023`, `23 mars 2021`."""
    return format_partial_date(iso, lang if lang in ("fr", "en") else "en") if iso else None
