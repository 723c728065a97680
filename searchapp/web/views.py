"""The HTML blueprint: parse the query string, search, render; errors and security headers.

Everything a template needs is computed in Python as plain frozen records (the
results page's in web.searchview); templates only render them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException

from searchapp.search.quotes import search_quotes
from searchapp.search.models import IndexMissing, IndexOutdated
from searchapp.search.service import SearchIndex
from searchapp.search.warming import keep_warm
from searchapp.web.newsroom import QUOTES, build_quotes_page
from searchapp.web.params import BadParameter, parse_search_form, search_url, without_filters
from searchapp.web.i18n import ui_lang
from searchapp.web.searchview import build_chips, build_view, facet_label

bp = Blueprint("web", __name__)
RELEASE_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")


def get_index() -> SearchIndex:
    """The app's one SearchIndex, shared by all threads (it opens the index on first use)."""
    return current_app.extensions["searchapp.index"]


@bp.get("/")
@bp.get("/search")
def search():
    """The search page: every state in the URL."""
    req, notes = parse_search_form(request.args, per_page=current_app.config["PER_PAGE"])
    req = replace(req, prefer_lang=ui_lang())      # both versions match: the interface's first
    results = get_index().search(req)
    typed = {name: request.args.get(name, "") for name in ("from", "to")}
    return render_template("search.html", results=results, view=build_view(results, notes, typed))


@bp.get("/quotes")
def quotes():
    """The Quotes tab: who said what, for the same query and filters as the search page."""
    req, notes = parse_search_form(request.args, per_page=current_app.config["PER_PAGE"])
    req = replace(req, prefer_lang=ui_lang())      # both versions match: the interface's first
    results = search_quotes(get_index(), req)
    return render_template("quotes.html", results=results, view=build_quotes_page(results), notes=notes,
                           filters={"chips": build_chips(req, QUOTES),
                                    "clear_url": search_url(without_filters(req), QUOTES)})


@bp.get("/release/<release_id>")
def release(release_id: str):
    """A release page with its full text, metadata links and similar releases (releasepage.py)."""
    from searchapp.web.releasepage import render_release    # it builds on this module's helpers

    return render_release(release_id)


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
    from searchapp.web.facetpages import bp as facet_pages   # it imports this module

    app.register_blueprint(facet_pages)
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
