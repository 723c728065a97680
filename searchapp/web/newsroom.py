"""View records of the newsroom tools: the Releases/Quotes tabs, the both-languages switch,
the quotes page, and the release page's quotations and related releases.

Plain frozen records with every label and URL computed here; templates only render them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import url_for
from flask_babel import gettext as _

from searchapp.search.citation import role
from searchapp.web.quotemarks import Segment, quote_segments
from searchapp.search.quotes import QuoteHit, QuoteResults
from searchapp.search.related import Related
from searchapp.search.service import Hit, SearchRequest
from searchapp.web.params import PageLink, build_pages, endpoint_xlang, first_page, on_page, search_url, to_args, toggle

SEARCH, QUOTES = "web.search", "web.quotes"


@dataclass(frozen=True)
class Tab:
    """A link to the same search in another view (releases or quotes)."""
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Switch:
    """The both-languages switch: a form that submits the search in the other mode."""
    on: bool
    action: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SpeakerLink:
    """A speaker of the quotes page: quotations count and the URL that toggles the filter."""
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class QuoteView:
    """One quotation as listed: the hit, and the links to it in its release and translation."""
    hit: QuoteHit
    url: str
    translation_url: str | None
    speaker_url: str


@dataclass(frozen=True)
class QuotesPage:
    """Everything the quotes page shows beside the results."""
    quotes: tuple[QuoteView, ...]
    speakers: tuple[SpeakerLink, ...]
    tabs: tuple[Tab, ...]
    switch: Switch
    form_fields: tuple[tuple[str, str], ...]
    pages: tuple[PageLink, ...]
    prev_url: str | None
    next_url: str | None
    api_url: str
    filter_fields: tuple[tuple[str, str], ...] = ()    # the speakers' form keeps the rest of the search


@dataclass(frozen=True)
class QuoteCredit:
    """Under a paragraph of the release page: who is quoted in it, and their other quotations."""
    number: int
    anchor: str
    speaker: str
    role: str | None
    url: str


@dataclass(frozen=True)
class PartnerList:
    """Other releases with one partner, and the search listing all of them."""
    partner: str
    hits: tuple[Hit, ...]
    total: int
    url: str


@dataclass(frozen=True)
class RelatedView:
    """The release page's related lists."""
    translation: Hit | None
    partners: tuple[PartnerList, ...]
    similar: tuple[Hit, ...]


def page_request(**fields) -> SearchRequest:
    """A fresh request for a link between pages: in the pages' default both-languages mode."""
    return SearchRequest(xlang=endpoint_xlang(SEARCH), **fields)


def build_tabs(req: SearchRequest, current: str) -> tuple[Tab, ...]:
    """Releases and Quotes: the same query and filters in each view."""
    req = first_page(req)
    return (Tab(_("Releases"), search_url(req, SEARCH), current == SEARCH),
            Tab(_("Quotes"), search_url(req, QUOTES), current == QUOTES))


def build_switch(req: SearchRequest, endpoint: str) -> Switch:
    """The switch's form: the current search, on page 1, in the other language mode."""
    other = first_page(req, xlang=not req.xlang)
    return Switch(req.xlang, url_for(endpoint), tuple(to_args(other, endpoint_xlang(endpoint))))


def form_fields(req: SearchRequest, endpoint: str) -> tuple[tuple[str, str], ...]:
    """Hidden fields of the search box: every state but the query and the page."""
    return tuple((k, v) for k, v in to_args(req, endpoint_xlang(endpoint)) if k not in ("q", "page"))


def build_quotes_page(results: QuoteResults) -> QuotesPage:
    """The quotes page: each quotation with its links, the speakers, tabs, switch and pages."""
    req = results.request
    quotes = tuple(QuoteView(
        hit=hit,
        url=url_for("web.release", release_id=hit.release, _anchor=hit.anchor),
        translation_url=(url_for("web.release", release_id=hit.translation.release, _anchor=hit.translation.anchor)
                         if hit.translation else None),
        speaker_url=search_url(SearchRequest(speakers=(hit.speaker,), xlang=req.xlang), QUOTES))
        for hit in results.quotes)
    speakers = tuple(SpeakerLink(v.value, v.count, v.selected, search_url(_toggle_speaker(req, v.value), QUOTES))
                     for v in results.speakers)
    last = results.pages
    return QuotesPage(
        quotes=quotes, speakers=speakers, tabs=build_tabs(req, QUOTES), switch=build_switch(req, QUOTES),
        form_fields=form_fields(req, QUOTES), pages=_quote_pages(req, last),
        prev_url=search_url(on_page(req, req.page - 1), QUOTES) if 1 < req.page <= last else None,
        next_url=search_url(on_page(req, req.page + 1), QUOTES) if req.page < last else None,
        api_url=search_url(req, "api.quotes"),
        filter_fields=tuple((k, v) for k, v in to_args(req, endpoint_xlang(QUOTES)) if k not in ("speaker", "page")))


def _toggle_speaker(req: SearchRequest, name: str) -> SearchRequest:
    from searchapp.search.resolve import person_key

    chosen = [s for s in req.speakers if person_key(s) != person_key(name)]
    if len(chosen) == len(req.speakers):
        return toggle(req, "speaker", name)
    return replace(req, speakers=tuple(chosen), page=1)


def _quote_pages(req: SearchRequest, last: int) -> tuple[PageLink, ...]:
    return tuple(replace(link, url=search_url(on_page(req, link.number), QUOTES)) if link.number else link
                 for link in build_pages(req, last))


def release_quotes(record) -> tuple[tuple[tuple[Segment, ...], ...], tuple[tuple[QuoteCredit, ...], ...]]:
    """Per body paragraph: its segments (quotations and speakers marked) and its quote credits."""
    body = list(record.get("body") or ())
    quotes = list(record.get("quotes") or ())
    segments = quote_segments(body, quotes)
    credits: list[list[QuoteCredit]] = [[] for _ in body]
    for number, quote in enumerate(quotes, start=1):
        p = quote.get("paragraph", 0)
        if 0 <= p < len(body):
            credits[p].append(QuoteCredit(
                number, f"quote-{number}", quote["speaker"],
                role(quote.get("title"), quote.get("organisation"), body),
                search_url(page_request(speakers=(quote["speaker"],)), QUOTES)))
    return segments, tuple(tuple(c) for c in credits)


def related_view(related: Related) -> RelatedView:
    """The related lists with the URL of each partner's full list."""
    return RelatedView(
        translation=related.translation,
        partners=tuple(PartnerList(p.partner, p.hits, p.total, search_url(page_request(partners=(p.partner,))))
                       for p in related.partners),
        similar=related.similar)
