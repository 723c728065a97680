"""The results page's records: facets as checkboxes, the date histogram, chips, sorts, pages.

Everything a template needs is computed here in Python as plain frozen records;
templates only render them (STYLE point 4).
"""
from __future__ import annotations

import datetime
from urllib.parse import urlencode
from dataclasses import dataclass, replace

from babel.dates import format_skeleton
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from searchapp.search.resolve import region_label
from searchapp.search.models import FACET_NAMES
from searchapp.search.service import Hit, SearchRequest, SearchResults
from searchapp.web.i18n import format_number, format_partial_date, language_name, ui_lang
from searchapp.web.releasetypes import type_label
from searchapp.web.newsroom import SEARCH, Switch, Tab, build_switch, build_tabs, form_fields
from searchapp.web.params import (FACET_FIELDS, FormNote, PageLink, build_pages, first_page, on_page,
                                  search_url, to_args, toggle, without_filters)

FACET_ORDER = FACET_NAMES
DATE_FACETS = ("year", "month")
FACET_SHOWN = 8          # values in the sidebar; the facet's own page lists them all
BAR_STEPS = 20           # bar widths are classes bar--0 .. bar--20 (no inline style under the CSP)


@dataclass(frozen=True)
class Link:
    """A labelled URL; ``current`` marks the active one in a group."""
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class FacetOption:
    """One facet value as a checkbox: its label, count (written the local way) and state."""
    value: str
    label: str
    count: str
    selected: bool
    id: str


@dataclass(frozen=True)
class FacetView:
    """A facet's fieldset: the most frequent values (and every selected one), a link to all."""
    name: str
    title: str
    options: tuple[FacetOption, ...]
    all_url: str | None
    all_label: str = ""


@dataclass(frozen=True)
class Bar:
    """A bar of the date histogram: a link to one year (or month) with its count and width step."""
    label: str
    count: str
    url: str
    current: bool
    width: int


@dataclass(frozen=True)
class DateView:
    """The date facet: years as bars, months of the selected year, the from/to fields."""
    years: tuple[Bar, ...]
    months: tuple[Bar, ...]
    month_year: str | None
    date_from: str
    date_to: str
    from_note: FormNote | None
    to_note: FormNote | None


@dataclass(frozen=True)
class SearchView:
    """All the URLs and labels of a results page."""
    hits: tuple[Entry, ...]
    facets: tuple[FacetView, ...]
    dates: DateView
    filter_fields: tuple[tuple[str, str], ...]
    active_filters: int
    chips: tuple[Link, ...]
    clear_url: str | None
    sorts: tuple[Link, ...]
    total: str
    shown_range: str | None
    notes: tuple[FormNote, ...]
    pages: tuple[PageLink, ...]
    prev_url: str | None
    next_url: str | None
    suggestion_url: str | None
    form_fields: tuple[tuple[str, str], ...]
    feed_url: str
    api_url: str
    past_last_page_url: str | None
    tabs: tuple[Tab, ...] = ()
    switch: Switch | None = None


def facet_label(facet: str, value: str) -> str:
    """A facet value as shown in the interface language."""
    if facet == "region":
        return region_label(value, ui_lang())
    if facet == "lang":
        return language_name(value) if value != "und" else _("Unknown language")
    if facet == "month":
        return format_partial_date(value)
    if facet == "type":
        return type_label(value)
    return value


def facet_titles() -> dict[str, str]:
    """Translated facet headings."""
    return {"partner": _("Partner"), "region": _("Region"), "year": _("Year"),
            "month": _("Month"), "lang": _("Language"), "speaker": _("Speaker"), "type": _("Type of release")}


def all_values_label(name: str) -> str:
    """The link from the sidebar to a facet's own page."""
    labels = {"partner": _("All partners"), "region": _("All regions"), "lang": _("All languages"),
              "speaker": _("All speakers"), "type": _("All types of release")}
    return labels.get(name) or _("All values: %(facet)s", facet=facet_titles().get(name, name))


def checkbox_facets() -> tuple[str, ...]:
    """The facets shown as checkboxes: every facet but the dates."""
    return tuple(name for name in FACET_ORDER if name not in DATE_FACETS)


def build_facets(results: SearchResults) -> tuple[FacetView, ...]:
    """The sidebar's checkbox facets: the most frequent values, the selected ones, a link to all."""
    titles, views = facet_titles(), []
    for name in checkbox_facets():
        values = results.facets.get(name) or ()
        shown = [v for i, v in enumerate(values) if i < FACET_SHOWN or v.selected]
        options = tuple(FacetOption(v.value, facet_label(name, v.value), format_number(v.count), v.selected,
                                    f"f-{name}-{i}") for i, v in enumerate(shown))
        all_url = facet_page_url(results.request, name) if len(values) > FACET_SHOWN else None
        if options:
            views.append(FacetView(name, titles.get(name, name), options, all_url, all_values_label(name)))
    return tuple(views)


def facet_page_url(req: SearchRequest, name: str) -> str:
    """The facet's own page for this search: every value, a filter box."""
    pairs = to_args(first_page(req), True)
    return url_for("facets.values", name=name) + ("?" + urlencode(pairs) if pairs else "")


def build_dates(results: SearchResults, notes: tuple[FormNote, ...], typed: dict[str, str]) -> DateView:
    """The per-year histogram (each bar a link to that year), month bars within a selected year,
    and the from/to fields with what the parse said about them."""
    req = results.request
    years = results.facets.get("year") or ()
    months = sorted(results.facets.get("month") or (), key=lambda v: v.value)
    year_bars = _bars(years, lambda v: v.value, lambda v: _only(req, years=(int(v.value),), months=()),
                      lambda v: req.years == (int(v.value),))
    month_bars = _bars(months, lambda v: _month_name(v.value), lambda v: _only(req, months=(v.value,)),
                       lambda v: req.months == (v.value,))
    month_year = months[0].value[:4] if months else None
    by_field = {note.name: note for note in notes if note.name in ("from", "to")}

    def shown(name: str, value: str | None) -> str:
        note = by_field.get(name)
        return typed.get(name, "") if note and not note.kept else value or ""

    return DateView(year_bars, month_bars, month_year, shown("from", req.date_from), shown("to", req.date_to),
                    by_field.get("from"), by_field.get("to"))


def _only(req: SearchRequest, **fields) -> SearchRequest:
    """The request narrowed to one year or month; the same link again widens it back."""
    name = "years" if "years" in fields else "months"
    if getattr(req, name) == fields[name]:
        fields = {name: ()} | ({"months": ()} if name == "years" else {})
    return first_page(req, **fields)


def _bars(values, label, target, current) -> tuple[Bar, ...]:
    top = max((v.count for v in values), default=0)
    return tuple(Bar(label(v), format_number(v.count), search_url(target(v)), current(v),
                     max(1, round(v.count * BAR_STEPS / top)) if v.count else 0) for v in values)


def _month_name(iso_month: str) -> str:
    year, month = (int(p) for p in iso_month.split("-"))
    return format_skeleton("MMM", datetime.date(year, month, 1), locale=ui_lang())


def build_chips(req: SearchRequest, endpoint: str = SEARCH) -> tuple[Link, ...]:
    """One removable chip per active filter (links to the same page, at `endpoint`)."""
    titles, chips = facet_titles(), []
    for name in FACET_ORDER:
        field, _convert = FACET_FIELDS[name]
        for value in getattr(req, field):
            label = _("%(facet)s: %(value)s", facet=titles[name], value=facet_label(name, str(value)))
            chips.append(Link(label, search_url(toggle(req, name, str(value)), endpoint)))
    if req.date_from:
        chips.append(Link(_("From %(date)s", date=format_partial_date(req.date_from)),
                          search_url(first_page(req, date_from=None), endpoint)))
    if req.date_to:
        chips.append(Link(_("Until %(date)s", date=format_partial_date(req.date_to)),
                          search_url(first_page(req, date_to=None), endpoint)))
    return tuple(chips)


def build_sorts(req: SearchRequest) -> tuple[Link, ...]:
    """Relevance (with a query), newest first, oldest first."""
    newest = req.sort == "date" or (req.sort == "relevance" and not req.query)
    links = [Link(_("Newest first"), search_url(first_page(req, sort="date")), newest),
             Link(_("Oldest first"), search_url(first_page(req, sort="oldest")), req.sort == "oldest")]
    if req.query:
        links.insert(0, Link(_("Relevance"), search_url(first_page(req, sort="relevance")), req.sort == "relevance"))
    return tuple(links)


@dataclass(frozen=True)
class Entry:
    """A result as listed: the version that leads, and the snippet shown (with its language:
    the matched words of the other version when the query found them there)."""
    hit: Hit
    snippet: Markup
    snippet_lang: str


def lead_in(hits: tuple[Hit, ...], lang: str) -> tuple[Entry, ...]:
    """Each pair led by its version in the interface language (the other one listed under it)."""
    entries = []
    for hit in hits:
        other = hit.translation
        if other is not None and hit.lang != lang and other.lang == lang:
            matched = "<mark" in str(hit.snippet)
            led = replace(other, translation=replace(hit, translation=None), score=hit.score,
                          via_translation=hit.via_translation)
            entries.append(Entry(led, hit.snippet if matched else other.snippet, hit.lang if matched else other.lang))
        else:
            entries.append(Entry(hit, hit.snippet, hit.lang))
    return tuple(entries)


def shown_range(results: SearchResults) -> str | None:
    """"11–20 of 86" when the results take more than one page."""
    req, total = results.request, results.total
    first = (req.page - 1) * req.per_page + 1
    if total <= req.per_page or first > total:
        return None
    last = min(total, req.page * req.per_page)
    return _("%(first)s–%(last)s of %(total)s", first=format_number(first), last=format_number(last),
             total=format_number(total))


def build_view(results: SearchResults, notes: tuple[FormNote, ...] = (),
               typed: dict[str, str] | None = None) -> SearchView:
    """Compute every URL and label of the results page."""
    req = results.request
    last = results.pages
    chips = build_chips(req)
    hidden = set(checkbox_facets()) | {"from", "to", "page"}
    return SearchView(
        hits=lead_in(results.hits, ui_lang()),
        facets=build_facets(results),
        dates=build_dates(results, notes, typed or {}),
        filter_fields=tuple((k, v) for k, v in to_args(req, True) if k not in hidden),
        active_filters=len(chips),
        chips=chips,
        clear_url=search_url(without_filters(req)) if chips else None,
        sorts=build_sorts(req),
        total=format_number(results.total),
        shown_range=shown_range(results),
        notes=tuple(n for n in notes if n.name not in ("from", "to")),
        pages=build_pages(req, last),
        prev_url=search_url(on_page(req, req.page - 1)) if 1 < req.page <= last else None,
        next_url=search_url(on_page(req, req.page + 1)) if req.page < last else None,
        suggestion_url=search_url(first_page(req, query=results.suggestion)) if results.suggestion else None,
        form_fields=form_fields(req, SEARCH),
        feed_url=search_url(first_page(req, sort="date"), "feeds.atom"),
        api_url=search_url(req, "api.search"),
        past_last_page_url=search_url(on_page(req, last)) if results.total and req.page > last else None,
        tabs=build_tabs(req, SEARCH),
        switch=build_switch(req, SEARCH),
    )
