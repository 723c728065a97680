"""The HTML blueprint: parse the query string, search, render.

Everything a template needs (facet labels, toggle URLs, chips, pages) is
computed here in Python as plain frozen records; templates only render them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException

from searchapp.web.i18n import format_partial_date, language_name, ui_lang
from searchapp.web.quotemarks import Segment
from searchapp.search.quotes import search_quotes
from searchapp.search.related import related_releases
from searchapp.search.service import Hit, ReleaseView, SearchIndex, SearchRequest, SearchResults, keep_warm
from searchapp.search.models import IndexMissing, IndexOutdated
from searchapp.search.resolve import region_label
from searchapp.web.newsroom import (QUOTES, SEARCH, QuoteCredit, RelatedView, Switch, Tab, build_quotes_page, build_switch,
                      build_tabs, form_fields, page_request, related_view, release_quotes)
from searchapp.web.params import (FACET_FIELDS, BadParameter, PageLink, build_pages, first_page, on_page, parse_search_args,
                        search_url, to_args, toggle, without_filters)

bp = Blueprint("web", __name__)
RELEASE_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")
FACET_ORDER = ("partner", "region", "year", "month", "lang", "speaker")
FACET_SHOWN = 8          # values shown before a "more" disclosure


@dataclass(frozen=True)
class Link:
    """A labelled URL; ``current`` marks the active one in a group."""
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class FacetLink:
    """One facet value as shown: label, count, selected, and the URL that toggles it."""
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetView:
    """A facet block of the sidebar."""
    name: str
    title: str
    values: tuple[FacetLink, ...]
    more: tuple[FacetLink, ...]


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
class ReleasePage:
    """Everything the release page shows."""
    id: str
    title: str
    lang: str
    date: str | None
    dateline_city: str | None
    source_name: str
    body: tuple[Paragraph, ...]
    about: tuple[Paragraph, ...]
    partners: tuple[Link, ...]
    regions: tuple[Link, ...]
    translation: Hit | None
    related: RelatedView


@dataclass(frozen=True)
class SearchView:
    """All the URLs and labels of a results page."""
    facets: tuple[FacetView, ...]
    chips: tuple[Link, ...]
    clear_url: str | None
    sorts: tuple[Link, ...]
    pages: tuple[PageLink, ...]
    prev_url: str | None
    next_url: str | None
    suggestion_url: str | None
    form_fields: tuple[tuple[str, str], ...]
    date_fields: tuple[tuple[str, str], ...]
    feed_url: str
    api_url: str
    past_last_page_url: str | None
    tabs: tuple[Tab, ...] = ()
    switch: Switch | None = None


def get_index() -> SearchIndex:
    """The app's one SearchIndex, shared by all threads (it opens the index on first use)."""
    return current_app.extensions["searchapp.index"]


def facet_label(facet: str, value: str) -> str:
    """A facet value as shown in the interface language."""
    if facet == "region":
        return region_label(value, ui_lang())
    if facet == "lang":
        return language_name(value) if value != "und" else _("Unknown language")
    if facet == "month":
        return format_partial_date(value)
    return value


def facet_titles() -> dict[str, str]:
    """Translated facet headings."""
    return {"partner": _("Partner"), "region": _("Region"), "year": _("Year"),
            "month": _("Month"), "lang": _("Language"), "speaker": _("Speaker")}


def build_facets(results: SearchResults) -> tuple[FacetView, ...]:
    """The sidebar: each facet's values with labels and toggle URLs."""
    titles, views = facet_titles(), []
    for name in FACET_ORDER:
        values = results.facets.get(name) or ()
        links = tuple(
            FacetLink(v.value, facet_label(name, v.value), v.count, v.selected,
                      search_url(toggle(results.request, name, v.value)))
            for v in values)
        if links:
            views.append(FacetView(name, titles[name], links[:FACET_SHOWN], links[FACET_SHOWN:]))
    return tuple(views)


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


def build_view(results: SearchResults) -> SearchView:
    """Compute every URL and label of the results page."""
    req = results.request
    last = results.pages
    filtered = without_filters(req)
    chips = build_chips(req)
    form_pairs = form_fields(req, SEARCH)
    date_pairs = tuple((k, v) for k, v in to_args(req, True) if k not in ("from", "to", "page"))
    return SearchView(
        facets=build_facets(results),
        chips=chips,
        clear_url=search_url(filtered) if chips else None,
        sorts=(Link(_("Relevance"), search_url(first_page(req, sort="relevance")), req.sort == "relevance"),
               Link(_("Newest first"), search_url(first_page(req, sort="date")), req.sort == "date")),
        pages=build_pages(req, last),
        prev_url=search_url(on_page(req, req.page - 1)) if 1 < req.page <= last else None,
        next_url=search_url(on_page(req, req.page + 1)) if req.page < last else None,
        suggestion_url=search_url(first_page(req, query=results.suggestion)) if results.suggestion else None,
        form_fields=form_pairs,
        date_fields=date_pairs,
        feed_url=search_url(first_page(req, sort="date"), "feeds.atom"),
        api_url=search_url(req, "api.search"),
        past_last_page_url=search_url(on_page(req, last)) if results.total and req.page > last else None,
        tabs=build_tabs(req, SEARCH),
        switch=build_switch(req, SEARCH),
    )


@bp.get("/")
@bp.get("/search")
def search():
    """The search page: every state in the URL."""
    req = parse_search_args(request.args, per_page=current_app.config["PER_PAGE"], xlang_default=True)
    results = get_index().search(req)
    return render_template("search.html", results=results, view=build_view(results))


@bp.get("/quotes")
def quotes():
    """The Quotes tab: who said what, for the same query and filters as the search page."""
    req = parse_search_args(request.args, per_page=current_app.config["PER_PAGE"], xlang_default=True)
    results = search_quotes(get_index(), req)
    return render_template("quotes.html", results=results, view=build_quotes_page(results),
                           filters={"chips": build_chips(req, QUOTES),
                                    "clear_url": search_url(without_filters(req), QUOTES)})


@bp.get("/release/<release_id>")
def release(release_id: str):
    """A release page with its full text, metadata links and similar releases."""
    if not RELEASE_ID.fullmatch(release_id):
        abort(404)
    index = get_index()
    view = index.get_release(release_id)
    if view is None:
        abort(404)
    return render_template("release.html", page=build_release_page(view, related_releases(index, release_id)))


def build_release_page(view: ReleaseView, related) -> ReleasePage:
    """The release page's record: paragraphs with their language and quotations, links, related lists."""
    record = view.record
    paragraphs = [*record.get("body", ()), *record.get("about", ())]
    langs = list(record.get("paragraph_langs") or ())
    own = [lang if lang not in ("und", record["lang"]) else None for lang in langs]
    own += [None] * (len(paragraphs) - len(own))
    body_count = len(record.get("body", ()))
    segments, credits = release_quotes(record)
    marked = tuple(Paragraph(text, lang, *((segments[i], credits[i]) if i < body_count else ()))
                   for i, (text, lang) in enumerate(zip(paragraphs, own)))
    return ReleasePage(
        id=view.id, title=record["title"], lang=record["lang"], date=record.get("date"),
        dateline_city=record.get("dateline_city"),
        source_name=PurePosixPath(str(record.get("source", "")).replace("\\", "/")).name,
        body=marked[:body_count], about=marked[body_count:],
        partners=tuple(Link(p, search_url(page_request(partners=(p,)))) for p in record.get("partners", ())),
        regions=tuple(Link(facet_label("region", r), search_url(page_request(regions=(r,))))
                      for r in record.get("regions", ())),
        translation=view.translation, related=related_view(related))


SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def security_headers(response):
    """Safe by default: no inline script or style, no sniffing, no cross-site referrer."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def wants_json() -> bool:
    """API routes answer errors in JSON; every other route with an HTML page."""
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    """Any HTTP error (404, 405, ...): JSON for the API, a page for people."""
    if wants_json():
        return json_error(error.code or 500, error_message(error.code or 500))
    return render_error(error.code or 500, error_message(error.code or 500))


def handle_bad_parameter(error: BadParameter):
    """A malformed parameter: a 400 that names it, with a link that drops it."""
    message = _("Parameter “%(name)s”: %(message)s", name=error.name, message=error.message)
    if wants_json():
        return json_error(400, message)
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in (error.name, "page")]
    retry = request.path + ("?" + urlencode(args) if args else "")
    return render_error(400, message, retry_url=retry)


def handle_index_missing(error: IndexMissing | IndexOutdated):
    """The index is missing or was built by another version: say how to (re)build it."""
    if isinstance(error, IndexOutdated):
        message = _("The search index was built by another version. Rebuild it with: searchapp reindex --full")
    else:
        message = _("The search index is not available. Build it with: searchapp reindex")
    if wants_json():
        return json_error(503, message)
    return render_error(503, message)


def _seconds(value, name: str) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number of seconds, not {value!r}") from None


def error_message(code: int) -> str:
    """A short, translated explanation of an HTTP status."""
    messages = {404: _("This page does not exist."),
                405: _("This address only answers to reading (GET)."),
                500: _("Something went wrong on our side.")}
    return messages.get(code, _("The request could not be served."))


def json_error(code: int, message: str):
    """An API error: ``{"status": code, "message": ...}`` with that HTTP status."""
    return jsonify({"status": code, "message": message}), code


def render_error(code: int, message: str, retry_url: str | None = None):
    """The HTML error page with the given status."""
    return render_template("error.html", code=code, message=message, retry_url=retry_url), code


def init_app(app: Flask) -> None:
    """Register the blueprint, error pages, security headers and template settings."""
    app.extensions["searchapp.index"] = index = SearchIndex(app.config["INDEX_DIR"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters["region_label"] = lambda key: facet_label("region", key)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(BadParameter, handle_bad_parameter)
    app.register_error_handler(IndexMissing, handle_index_missing)
    app.register_error_handler(IndexOutdated, handle_index_missing)
    app.after_request(security_headers)
    interval = _seconds(app.config.get("WARM_INDEX_SECONDS"), "WARM_INDEX_SECONDS")
    if interval > 0:                # a server: compile the templates now, not on a visitor's time
        for name in app.jinja_env.list_templates():
            app.jinja_env.get_template(name)
        keep_warm(index, interval)
