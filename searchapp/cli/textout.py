"""Plain-text rendering of search results and statistics for the terminal."""
from __future__ import annotations

import re
from html import unescape

_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def plain_snippet(html: str) -> str:
    """A highlighted HTML snippet as text, matches in [brackets]."""
    return unescape(_TAG.sub("", _MARK.sub(r"[\1]", html)))


def format_results(results) -> str:
    """A readable list of hits, facets summarised underneath."""
    request = results.request
    lines = []
    if results.message:
        lines.append(f"note: {results.message}")
    label = f'"{request.query}"' if request.query else "every release"
    lines.append(f"{results.total} result{'s' if results.total != 1 else ''} for {label}"
                 f" (page {request.page} of {results.pages})")
    if results.total == 0 and results.suggestion:
        lines.append(f"did you mean: {results.suggestion}")
    start = (request.page - 1) * request.per_page
    for number, hit in enumerate(results.hits, start + 1):
        lines.append("")
        lines.append(f"{number:>3}. {hit.title}")
        lines.append(f"     [{hit.lang}] {hit.date or 'undated'} · id {hit.id}")
        if hit.partners or hit.regions:
            lines.append(f"     partners: {', '.join(hit.partners) or '-'} · regions: {', '.join(hit.regions) or '-'}")
        lines.append(f"     {plain_snippet(str(hit.snippet))}")
        if hit.via_translation:
            lines.append(f"     via translation: {', '.join(hit.via_translation)}")
        if hit.translation:
            lines.append(f"     other language [{hit.translation.lang}]: {hit.translation.title} "
                         f"(id {hit.translation.id})")
        lines.append(f"     {hit.source}")
    for name, values in results.facets.items():
        if values:
            shown = ", ".join(f"{v.value} ({v.count})" for v in values[:8])
            lines.append(f"\n{name}: {shown}" if name == "partner" else f"{name}: {shown}")
    return "\n".join(lines)


def format_quotes(results) -> str:
    """Quotations found: the text with matches in [brackets], who, where, and the citation line."""
    request = results.request
    label = f'"{request.query}"' if request.query else "every quotation"
    lines = [f"{results.total} quote{'s' if results.total != 1 else ''} for {label}"
             f" (page {request.page} of {results.pages})"]
    if results.truncated:
        lines.append(f"note: quotations of the {results.releases_searched} best matching releases only")
    start = (request.page - 1) * request.per_page
    for number, quote in enumerate(results.quotes, start + 1):
        who = ", ".join(filter(None, (quote.speaker, quote.role)))
        lines.append("")
        lines.append(f"{number:>3}. {plain_snippet(str(quote.html))}")
        lines.append(f"     — {who}")
        lines.append(f"     [{quote.lang}] {quote.date or 'undated'} · {quote.release}#{quote.anchor}")
        if quote.via_translation:
            lines.append(f"     via translation: {', '.join(quote.via_translation)}")
        lines.append(f"     cite: {quote.citation}")
    if results.speakers:
        lines.append("\nspeaker: " + ", ".join(f"{v.value} ({v.count})" for v in results.speakers[:8]))
    return "\n".join(lines)


def format_stats(figures: dict) -> str:
    """Releases per language, year and partner, and the size on disk."""
    lines = [f"releases: {figures['releases']}",
             f"index size: {figures['bytes'] / 1024 / 1024:.1f} MB"]
    for name in ("lang", "year", "partner"):
        counts = figures[name]
        order = sorted(counts, reverse=True) if name == "year" else sorted(counts, key=lambda v: -counts[v])
        lines.append(f"per {name}: " + (", ".join(f"{v} {counts[v]}" for v in order) or "-"))
    return "\n".join(lines)
