"""Repair typography damaged on the way from the wire to the file."""
from __future__ import annotations

import re

# A lost non-breaking space inside French guillemets came out as "?":
# "«?Nous" and "marché.?»". Only the question mark that stands where the
# space was is replaced; a real question mark ("vraiment ??»") keeps one.
_OPENING = re.compile(r"«\?(?=\S)")
_CLOSING = re.compile(r"(?<=\S)\?»")
_SPACES = re.compile(r"[\u00a0\u202f\u2007]")


def repair_typography(text: str) -> str:
    """Restore spaces lost around guillemets and normalise no-break spaces."""
    if "\u00a0" in text or "\u202f" in text or "\u2007" in text:
        text = _SPACES.sub(" ", text)
    if "?" not in text:
        return text                   # most paragraphs: nothing to repair, nothing scanned
    text = _OPENING.sub("« ", text)
    return _CLOSING.sub(" »", text)
