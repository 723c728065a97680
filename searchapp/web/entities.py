"""A page per partner and per speaker: ``/partner/<name>``, ``/speaker/<name>``.

Any spelling or alias of the name resolves (search/resolve.py) and redirects to the page
under the name the index holds. The page shows the releases over time (a per-year bar chart
drawn on the server), the regions, the other partners or speakers, the latest releases, the
quotations (for a speaker) and links to the filtered search, its feed and its export.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, abort, redirect, render_template, url_for

from searchapp.search.quotes import search_quotes
from searchapp.search.resolve import indexed_value
from searchapp.search.service import Hit, SearchRequest
from searchapp.web.newsroom import QUOTES, QuoteView, build_quotes_page, page_request
from searchapp.web.params import first_page, search_url
from searchapp.web.searchview import facet_label
from searchapp.web.views import get_index

bp = Blueprint("entities", __name__)
KINDS = {"partner": "partners", "speaker": "speakers"}     # page kind -> SearchRequest field
RECENT = 10              # latest releases listed
QUOTES_SHOWN = 10
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class YearBar:
    """One year of the chart: its releases, the bar's length (percent of the busiest year), its search."""
    year: int
    count: int
    percent: int
    url: str


@dataclass(frozen=True)
class CountLink:
    """A value with a count and where it leads."""
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class EntityPage:
    """Everything a partner or speaker page shows."""
    kind: str
    name: str
    total: int
    years: tuple[YearBar, ...]
    regions: tuple[CountLink, ...]
    related: tuple[CountLink, ...]     # the speakers of a partner's releases, the partners of a speaker's
    types: tuple[CountLink, ...]
    recent: tuple[Hit, ...]
    quotes: tuple[QuoteView, ...]
    quotes_total: int
    search_url: str
    feed_url: str
    quotes_url: str
    csv_url: str


@bp.get("/partner/<path:name>")
def partner(name: str):
    """A partner's page, under any of its names."""
    return _entity_page("partner", name)


@bp.get("/speaker/<path:name>")
def speaker(name: str):
    """A speaker's page, under any spelling of the name."""
    return _entity_page("speaker", name)


def entity_url(kind: str, name: str) -> str:
    """The page of a partner or speaker."""
    return url_for(f"entities.{kind}", name=name)


def _entity_page(kind: str, name: str):
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_CHARS:
        abort(404)
    value = resolve_name(kind, name)
    if value is None:
        abort(404)
    if value != name:
        return redirect(url_for(f"entities.{kind}", name=value), code=302)
    return render_template("entity.html", page=build_entity_page(kind, value))


def resolve_name(kind: str, name: str) -> str | None:
    """The value the index holds for a typed partner or speaker name, or None if it holds none."""
    return indexed_value(get_index(), kind, name)


def build_entity_page(kind: str, value: str) -> EntityPage:
    """The page's record: counts per year, region, type and related names; latest releases; quotations."""
    index = get_index()
    req = page_request(sort="date", per_page=RECENT, **{KINDS[kind]: (value,)})
    results = index.search(req)
    facets = results.facets
    other = "speaker" if kind == "partner" else "partner"
    quotes: tuple[QuoteView, ...] = ()
    quotes_total = 0
    if kind == "speaker":
        found = search_quotes(index, replace(req, per_page=QUOTES_SHOWN))
        quotes, quotes_total = build_quotes_page(found).quotes, found.total
    return EntityPage(
        kind=kind, name=value, total=results.total,
        years=year_bars(req, {int(v.value): v.count for v in facets.get("year", ()) if v.value.isdigit()}),
        regions=_links(req, "region", facets.get("region", ()), "regions"),
        related=tuple(CountLink(v.value, v.count, entity_url(other, v.value))
                      for v in facets.get(other, ()) if v.value != value),
        types=_links(req, "type", facets.get("type", ()), "types"),
        recent=results.hits, quotes=quotes, quotes_total=quotes_total,
        search_url=search_url(req), feed_url=search_url(req, "feeds.atom"),
        quotes_url=search_url(first_page(req, sort="relevance"), QUOTES),
        csv_url=search_url(req, "export.csv_export"))


def year_bars(req: SearchRequest, counts: dict[int, int]) -> tuple[YearBar, ...]:
    """Every year from the first to the last with releases (empty years too), oldest first."""
    if not counts:
        return ()
    busiest = max(counts.values())
    return tuple(YearBar(year, counts.get(year, 0), round(100 * counts.get(year, 0) / busiest),
                         search_url(first_page(req, years=(year,))))
                 for year in range(min(counts), max(counts) + 1))


def _links(req: SearchRequest, facet: str, values, field: str) -> tuple[CountLink, ...]:
    return tuple(CountLink(facet_label(facet, v.value), v.count, search_url(first_page(req, **{field: (v.value,)})))
                 for v in values)

