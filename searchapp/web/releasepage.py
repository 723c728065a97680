"""The release page: the full headline, the text with its quotations, the "About" sections and
the media contacts shown as such, a citation to copy, link-preview metadata, and "Back to
results" that returns to the search the reader came from.

Links from a results page carry the search's parameters (``/release/<id>?q=...&partner=...``);
the release page turns them back into the results page's address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for

from searchapp.search.related import related_releases
from searchapp.search.service import Hit, ReleaseView
from searchapp.web.i18n import format_partial_date
from searchapp.web.newsroom import QuoteCredit, RelatedView, page_request, related_view, release_quotes
from searchapp.web.params import search_url
from searchapp.web.quotemarks import Segment
from searchapp.web.releasetypes import type_label
from searchapp.web.searchview import Link, facet_label
from searchapp.web.views import RELEASE_ID, get_index

DESCRIPTION_CHARS = 200      # of the first paragraph, for link previews and search engines
NOT_SEARCH_ARGS = ("ui",)    # arguments of a release link that are not the search's
_HEADING_END = (".", "!", "?", ";", ",")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a release; ``lang`` only when it differs from the release's.

    ``segments`` cut a body paragraph at its quotations and speakers; ``credits`` say who is quoted.
    """
    text: str
    lang: str | None
    segments: tuple[Segment, ...] = ()
    credits: tuple[QuoteCredit, ...] = ()


@dataclass(frozen=True)
class AboutSection:
    """An "About" section: its heading ("About MassBio", or the organisation's bare name) and text."""
    heading: Paragraph | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class ReleasePage:
    """Everything the release page shows."""
    id: str
    title: str
    lang: str
    date: str | None
    dateline_city: str | None
    source_name: str
    type: str
    type_label: str
    description: str
    body: tuple[Paragraph, ...]
    about: tuple[AboutSection, ...]
    contacts: tuple[str, ...]
    partners: tuple[Link, ...]
    regions: tuple[Link, ...]
    translation: Hit | None
    related: RelatedView
    back_url: str | None       # the results page the reader came from (None: came from elsewhere)
    citation: str


def render_release(release_id: str):
    """The release page, or 404."""
    if not RELEASE_ID.fullmatch(release_id):
        abort(404)
    index = get_index()
    view = index.get_release(release_id)
    if view is None:
        abort(404)
    page = build_release_page(view, related_releases(index, release_id), index.relative_source(view.record["source"]))
    return render_template("release.html", page=page)


def release_url(release_id: str) -> str:
    """A release's address from the current page, carrying the current search along."""
    args = _search_args()
    return url_for("web.release", release_id=release_id) + ("?" + urlencode(args) if args else "")


def back_url() -> str | None:
    """The results page the current release was opened from, if its link carried the search."""
    args = _search_args()
    return url_for("web.search") + "?" + urlencode(args) if args else None


def _search_args() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k not in NOT_SEARCH_ARGS and v]


def build_release_page(view: ReleaseView, related, source: str) -> ReleasePage:
    """The release page's record: paragraphs with their language and quotations, sections, links."""
    record = view.record
    paragraphs = [*record.get("body", ()), *record.get("about", ())]
    langs = list(record.get("paragraph_langs") or ())
    own = [lang if lang not in ("und", record["lang"]) else None for lang in langs]
    own += [None] * (len(paragraphs) - len(own))
    body_count = len(record.get("body", ()))
    segments, credits = release_quotes(record)
    marked = tuple(Paragraph(text, lang, *((segments[i], credits[i]) if i < body_count else ()))
                   for i, (text, lang) in enumerate(zip(paragraphs, own)))
    title = full_title(record)
    kind = record.get("type") or "news-release"
    return ReleasePage(
        id=view.id, title=title, lang=record["lang"], date=record.get("date"),
        dateline_city=record.get("dateline_city"), source_name=source,
        type=kind, type_label=type_label(kind),
        description=description(record),
        body=marked[:body_count], about=about_sections(marked[body_count:]),
        contacts=tuple(record.get("contacts") or ()),
        partners=tuple(Link(p, search_url(page_request(partners=(p,)))) for p in record.get("partners", ())),
        regions=tuple(Link(facet_label("region", r), search_url(page_request(regions=(r,))))
                      for r in record.get("regions", ())),
        translation=view.translation, related=related_view(related), back_url=back_url(),
        citation=release_citation(title, record.get("date"), view.id))


def full_title(record) -> str:
    """The headline as written (the stored title is cut for lists), else the first sentence whole."""
    if record.get("headline"):
        return " ".join(record["headline"].split())
    title = record["title"]
    if title.endswith("…") and record.get("body"):
        first = " ".join(record["body"][0].split())
        stem = title[:-1].rstrip()
        if first.startswith(stem):
            end = re.search(r"[.!?](?=\s|$)", first[len(stem):])
            return first[:len(stem) + end.start()] if end else first
    return title


def description(record) -> str:
    """The first paragraph, cut at a word near DESCRIPTION_CHARS: link previews and search engines."""
    text = " ".join(" ".join(record.get("body", ())[:1]).split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


def about_sections(paragraphs: tuple[Paragraph, ...]) -> tuple[AboutSection, ...]:
    """The "About" paragraphs grouped under their headings (a short line without end punctuation)."""
    sections: list[AboutSection] = []
    heading, current = None, []
    for para in paragraphs:
        if len(para.text) <= 90 and not para.text.endswith(_HEADING_END) and len(paragraphs) > 1:
            if heading is not None or current:
                sections.append(AboutSection(heading, tuple(current)))
            heading, current = para, []
        else:
            current.append(para)
    if heading is not None or current:
        sections.append(AboutSection(heading, tuple(current)))
    return tuple(sections)


def release_citation(title: str, date: str | None, release_id: str) -> str:
    """A line to paste: the headline, its date and the page's address."""
    parts = [title] + ([format_partial_date(date)] if date else [])
    return ", ".join(parts) + ". " + url_for("web.release", release_id=release_id, _external=True)
