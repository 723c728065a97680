"""An Atom feed of any search (same parameters as the page), newest first.

Built with feedgen, which writes well-formed Atom with the required elements;
a journalist can subscribe to ``/feed.atom?partner=MassBio`` or ``?region=Ontario``.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext as _

from searchapp.search.service import Hit, SearchResults
from searchapp.web.views import get_index
from searchapp.web.params import date_bounds, parse_search_args, search_url

bp = Blueprint("feeds", __name__)


@bp.get("/feed.atom")
def atom():
    """The Atom feed of the search in the query string (page 1, newest first)."""
    req = parse_search_args(request.args, per_page=current_app.config["FEED_SIZE"], xlang_default=True)
    req = replace(req, sort="date", page=1)
    results = get_index().search(req)
    return Response(build_feed(results), mimetype="application/atom+xml")


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
    query = results.request.query
    feed.title(_("Press releases: %(query)s", query=query) if query else _("Press releases"))
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
