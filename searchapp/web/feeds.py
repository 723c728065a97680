"""An Atom feed of any search (same parameters as the page), newest first.

Built with feedgen, which writes well-formed Atom with the required elements;
a journalist can subscribe to ``/feed.atom?partner=MassBio`` or ``?region=Ontario``.
The feed's title names its query and filters ("Press releases — partner: MassBio"), so
a feed reader's list tells the feeds apart; a bad parameter answers a plain-text 400
that a feed reader can show, not an HTML page.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext as _

from searchapp.search.service import Hit, SearchResults
from searchapp.web.searchview import FACET_ORDER, facet_label, facet_titles
from searchapp.web.views import get_index
from searchapp.web.params import FACET_FIELDS, BadParameter, date_bounds, parse_search_args, search_url
from searchapp.web.i18n import format_partial_date

bp = Blueprint("feeds", __name__)


@bp.get("/feed.atom")
def atom():
    """The Atom feed of the search in the query string (page 1, newest first)."""
    req = parse_search_args(request.args, per_page=current_app.config["FEED_SIZE"], xlang_default=True)
    req = replace(req, sort="date", page=1)
    results = get_index().search(req)
    return Response(build_feed(results), mimetype="application/atom+xml")


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """A feed reader shows text, not a page: a plain-text 400 that names the parameter."""
    message = _("Parameter “%(name)s”: %(message)s", name=error.name, message=error.message)
    return Response(message + "\n", status=400, mimetype="text/plain")


def feed_title(results: SearchResults) -> str:
    """"Press releases", followed by the query and each filter ("— partner: MassBio"), each filter
    value as the index names it (a partner typed "massbio" is shown "MassBio")."""
    req = results.request
    parts = [_("“%(query)s”", query=req.query)] if req.query else []
    titles = facet_titles()
    for name in FACET_ORDER:
        facet = titles[name][:1].lower() + titles[name][1:]
        typed = getattr(req, FACET_FIELDS[name][0])
        chosen = [v.value for v in results.facets.get(name, ()) if v.selected] if typed else []
        for value in chosen or typed:
            parts.append(_("%(facet)s: %(value)s", facet=facet, value=facet_label(name, str(value))))
    if req.date_from:
        parts.append(_("from %(date)s", date=format_partial_date(req.date_from)))
    if req.date_to:
        parts.append(_("until %(date)s", date=format_partial_date(req.date_to)))
    if not parts:
        return _("Press releases")
    return _("Press releases — %(filters)s", filters=", ".join(parts))


def hit_datetime(hit: Hit) -> datetime.datetime | None:
    """The first instant covered by a release's (partial) date, in UTC."""
    if not hit.date:
        return None
    try:
        day = date_bounds(hit.date)[0]
    except ValueError:
        return None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)


def build_feed(results: SearchResults) -> bytes:
    """Serialise search results as an Atom document."""
    feed = FeedGenerator()
    page_url = search_url(replace(results.request, sort="date"))
    feed.id(request.url)
    feed.title(feed_title(results))
    feed.author({"name": current_app.config["FEED_AUTHOR"]})
    feed.link(href=request.url, rel="self", type="application/atom+xml")
    feed.link(href=request.host_url.rstrip("/") + page_url, rel="alternate", type="text/html")
    feed.language(str(request.accept_languages.best_match(("fr", "en")) or "fr"))
    dates = [d for d in (hit_datetime(h) for h in results.hits) if d]
    feed.updated(max(dates) if dates else datetime.datetime.now(datetime.timezone.utc))
    for hit in results.hits:
        entry = feed.add_entry(order="append")
        link = url_for("web.release", release_id=hit.id, _external=True)
        entry.id(link)
        entry.title(hit.title)
        entry.link(href=link, rel="alternate", type="text/html", hreflang=hit.lang)
        entry.updated(hit_datetime(hit) or feed.updated())
        entry.summary(hit.snippet.striptags() or hit.title)
        for term in (*hit.partners, *hit.regions):
            entry.category(term=term)
    return feed.atom_str(pretty=True)
