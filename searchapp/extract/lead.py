"""Where a release's lead starts: past the page's label lines.

Web pages and some wires put labels before the first paragraph: "From: Natural Resources
Canada", "News release", "June 3, 2025 — Ottawa, Ontario", "EMBARGO ...", "Share". They
are not the lead: what the lead says weighs more than the rest, and these say little.
"""
from __future__ import annotations

import re

CLUTTER_LINES = 6            # label lines passed over at most
CLUTTER_CHARS = 80           # a label line is shorter than this
_CLUTTER = re.compile(r"(?i)(?:from|de|source|par)\s*:|news release|press release|communiqu[ée]|for immediate release"
                      r"|pour diffusion|embargo|print|share|partager|imprimer|retour|back to|news provided by|nouvelles fournies par"
                      r"|\w+\.?\s+\d{1,2},\s+\d{4}|(?:le\s+)?\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}")

_PROVIDED = re.compile(r"(?i)news provided by|nouvelles fournies par")
_MENU = re.compile(r"\s(?:\||›|»|>|/|•)\s")      # a breadcrumb's or a menu's separators
_CRUMB = re.compile(r"\s[›»]\s")


def lead_start(body) -> int:
    """The index of the body's first paragraph that is not a label line (the last one if all are)."""
    skipped = 0
    while skipped < min(CLUTTER_LINES, len(body) - 1) and is_label(body[skipped]):
        skipped += 1
    return skipped


def is_label(paragraph: str) -> bool:
    """A short line in capitals, without words, or that reads as a page label or a date line."""
    text = paragraph.strip()
    if len(text) < 2 * CLUTTER_CHARS and _PROVIDED.match(text):
        return True                # "NEWS PROVIDED BY\nAcme Inc.\nFeb 27, 2020, 10:00 ET": the wire's box
    return len(text) < CLUTTER_CHARS and (text.isupper() or bool(_CLUTTER.match(text))
                                          or not re.search(r"[a-zà-ÿ]{4}", text)) \
        or len(text) < 2 * CLUTTER_CHARS and (len(_MENU.findall(text)) >= 2 or bool(_CRUMB.search(text))) \
        and not re.search(r"[.!?]$", text)                 # "Home | News | Members", "News › Releases"


def without_labels(body) -> list[str]:
    """The body without its label lines, nor the issuer's name a wire's "NEWS PROVIDED BY" box
    puts on the line after its label."""
    kept, provided = [], False
    for paragraph in body:
        if not is_label(paragraph) and not (provided and len(paragraph) < CLUTTER_CHARS):
            kept.append(paragraph)
        provided = bool(_PROVIDED.match(paragraph.strip()))
    return kept


DECK_CHARS = 220             # a subtitle is shorter than this
DECK_LINES = 2               # subtitles read at most
HIGHLIGHTS = 6               # ... and bulleted highlights
HIGHLIGHT_CHARS = 300
_HIGHLIGHT = re.compile(r"\s*[-•*–▪]\s+\S")


def deck_lines(body) -> int:
    """How many of the body's first paragraphs are subtitles under the headline ("Four
    organizations receive $4.85 million to create jobs"): short, with no sentence's end.
    They say what the headline says; the lead is the paragraph after them."""
    count = decks = 0
    while count < len(body) - 1 and count < DECK_LINES + HIGHLIGHTS:
        if _HIGHLIGHT.match(body[count]) and len(body[count]) < HIGHLIGHT_CHARS:
            count += 1            # "- Definitive agreement to acquire ...": a highlight under the headline
        elif decks < DECK_LINES and _is_deck(body[count]):
            count, decks = count + 1, decks + 1
        else:
            break
    return count


def _is_deck(paragraph: str) -> bool:
    text = paragraph.strip()
    return 0 < len(text) < DECK_CHARS and not re.search(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?…:]\s|[.!?…:;,]$|^[-•*–«“\"]", text) \
        and not text[:1].islower()
