"""A facet's own page, ``/facets/<name>?<the search's parameters>``: every value within reach.

The results page shows a facet's most frequent values; this page lists all of
them with their disjunctive counts (the search with every filter but this
facet's), by count or A–Z, narrowed by a typed ``contains=`` (accent- and
case-insensitive, on the value and its label), as checkboxes of a form that
goes back to the search with the values chosen.  It works without JavaScript.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from searchapp.search.models import FacetValue
from searchapp.search.service import SearchRequest
from searchapp.text.folding import fold
from searchapp.web.i18n import format_number
from searchapp.web.params import FACET_FIELDS, first_page, parse_search_form, search_url, to_args, without_controls
from searchapp.web.searchview import DATE_FACETS, FacetOption, Link, facet_label, facet_titles
from searchapp.web.views import get_index

bp = Blueprint("facets", __name__)
VALUES_PER_PAGE = 200
MAX_CONTAINS = 100
ORDERS = ("count", "name")


@dataclass(frozen=True)
class FacetPage:
    """Everything the facet page shows."""
    name: str
    title: str
    options: tuple[FacetOption, ...]
    matching_count: int                            # values listed after the filter box
    matching: str                                  # the same, written the local way
    contains: str
    orders: tuple[Link, ...]
    apply_fields: tuple[tuple[str, str], ...]      # the search's other parameters, selected values not listed
    filter_fields: tuple[tuple[str, str], ...]     # what the filter box's form keeps
    back_url: str
    clear_url: str | None
    prev_url: str | None
    next_url: str | None


def listed_facets() -> tuple[str, ...]:
    """The facets that have a page: every one but the dates (which have their histogram)."""
    return tuple(name for name in FACET_FIELDS if name not in DATE_FACETS)


@bp.get("/facets/<name>")
def values(name: str):
    """Every value of one facet for the search in the query string."""
    if name not in listed_facets():
        abort(404)
    req, _notes = parse_search_form(request.args, per_page=current_app.config["PER_PAGE"])
    contains = without_controls(request.args.get("contains") or "").strip()[:MAX_CONTAINS]
    order = request.args.get("order") if request.args.get("order") in ORDERS else "count"
    page = request.args.get("vpage", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    found = get_index().facet_values(req, name)
    return render_template("facet_values.html", page=build_page(name, req, found, contains, order, page))


def build_page(name: str, req: SearchRequest, found: tuple[FacetValue, ...], contains: str, order: str,
               page: int) -> FacetPage:
    """The facet page's record: the values filtered, ordered and cut to one page, with its URLs."""
    labelled = [(v, facet_label(name, v.value)) for v in found]
    wanted = fold(contains)
    if wanted:
        labelled = [(v, label) for v, label in labelled if wanted in fold(label) or wanted in fold(v.value)]
    if order == "name":
        labelled.sort(key=lambda pair: (fold(pair[1]), pair[1]))
    else:
        labelled.sort(key=lambda pair: (-pair[0].count, fold(pair[1])))
    last = max(1, -(-len(labelled) // VALUES_PER_PAGE))
    page = min(page, last)
    shown = labelled[(page - 1) * VALUES_PER_PAGE:page * VALUES_PER_PAGE]
    options = tuple(FacetOption(v.value, label, format_number(v.count), v.selected, f"v-{i}")
                    for i, (v, label) in enumerate(shown))
    listed = {o.value for o in options}
    others = [(k, v) for k, v in to_args(first_page(req), True) if k != name]
    hidden_selected = [(name, str(v)) for v in getattr(req, FACET_FIELDS[name][0]) if str(v) not in listed]

    def url(**changes) -> str:
        state = {"contains": contains, "order": order, "vpage": 1} | changes
        extra = [(k, str(v)) for k, v in state.items() if v and not (k == "order" and v == "count")
                 and not (k == "vpage" and v == 1)]
        return url_for("facets.values", name=name) + "?" + urlencode(to_args(first_page(req), True) + extra)

    return FacetPage(
        name=name, title=facet_titles().get(name, name), options=options, matching_count=len(labelled),
        matching=format_number(len(labelled)),
        contains=contains,
        orders=(Link(_("Most frequent first"), url(order="count"), order == "count"),
                Link(_("A–Z"), url(order="name"), order == "name")),
        apply_fields=tuple(others + hidden_selected),
        filter_fields=tuple(to_args(first_page(req), True) + ([("order", order)] if order != "count" else [])),
        back_url=search_url(first_page(req)),
        clear_url=url(contains="") if contains else None,
        prev_url=url(vpage=page - 1) if page > 1 else None,
        next_url=url(vpage=page + 1) if page < last else None,
    )
