"""The thin adapter between HTTP and search: query-string arguments <-> SearchRequest.

Every parser is strict and small; anything malformed raises one exception,
:class:`BadParameter`, which the API and the feed answer with a 400 naming the
parameter.  The pages people use read the same parameters forgivingly
(:func:`parse_search_form`): what cannot be read is left out with a note shown
beside its field, and the results stay.  :func:`to_args` is the exact inverse of
:func:`parse_search_args`, so every URL the interface builds (facet toggles,
chips, pages, sort) round-trips through the same code.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urlencode

from flask import g, url_for
from flask_babel import gettext as _

from searchapp.text.partialdates import date_bounds  # noqa: F401  (the form's dates)
from searchapp.config import MAX_QUERY_CHARS as MAX_QUERY_LENGTH
from searchapp.search.models import FACET_NAMES
from searchapp.search.service import SearchRequest
from searchapp.web.formdates import NoSuchDate, NotADate, read_date
from searchapp.web.i18n import format_partial_date

MAX_VALUE_LENGTH = 200
MAX_VALUES = 20          # per repeatable parameter
MAX_PAGE = 10_000
SORTS = ("relevance", "date", "oldest")

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_LANG = re.compile(r"[a-z]{2,3}")
_PAGE = re.compile(r"\d{1,6}")
_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


class BadParameter(ValueError):
    """A query-string parameter that cannot be understood; answered with HTTP 400."""

    def __init__(self, name: str, value: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.value = value
        self.message = message


class Args(Protocol):
    """What we need from ``request.args`` (a werkzeug MultiDict)."""

    def get(self, key: str, default=None): ...
    def getlist(self, key: str) -> list[str]: ...


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def without_controls(text: str) -> str:
    """Control characters (which XML, and so the Atom feed, cannot carry) become spaces."""
    return _CONTROLS.sub(" ", text)


def parse_query(text: str) -> str:
    """The free-text query, stripped; too long is an error, not a silent cut."""
    text = without_controls(text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        message = _("The query is longer than %(n)d characters.", n=MAX_QUERY_LENGTH)
        raise BadParameter("q", text[:40] + "…", message)
    return text


def parse_page(text: str) -> int:
    """A page number: a whole number from 1 to MAX_PAGE."""
    if not _PAGE.fullmatch(text) or not 1 <= int(text) <= MAX_PAGE:
        raise BadParameter("page", text, _("A page is a whole number from 1 to %(n)d.", n=MAX_PAGE))
    return int(text)


def parse_year(text: str) -> int:
    """A four-digit year."""
    if not _YEAR.fullmatch(text):
        raise BadParameter("year", text, _("A year is written with four digits, like 2024."))
    return int(text)


def parse_month(text: str) -> str:
    """A month as YYYY-MM."""
    if not _MONTH.fullmatch(text):
        raise BadParameter("month", text, _("A month is written YYYY-MM, like 2024-06."))
    return text


def parse_date(name: str, text: str) -> str:
    """A real calendar date at year, month or day precision, as people type it (web.formdates):
    the partial ISO date it means."""
    try:
        return read_date(text)
    except NoSuchDate as error:
        if error.day is None or not 1 <= error.month <= 12:
            message = _("A year has 12 months.")
        else:
            last = calendar.monthrange(error.year, error.month)[1]
            message = _("There is no day %(day)d: %(month)s has %(n)d days.", day=error.day, n=last,
                        month=format_partial_date(f"{error.year:04d}-{error.month:02d}"))
        raise BadParameter(name, text, message) from None
    except NotADate:
        raise BadParameter(name, text, _("Not a date: write it like 2024, 2024-06, 31/12/2024 or 3 June 2024.")) \
            from None


def parse_lang(text: str) -> str:
    """A release-language filter: an ISO 639 code such as fr, en, und."""
    code = text.lower()
    if not _LANG.fullmatch(code):
        raise BadParameter("lang", text, _("A language is a two- or three-letter code, like fr or en."))
    return code


def parse_sort(text: str) -> str:
    """The order of results: relevance, date (newest first) or oldest (oldest first)."""
    if text not in SORTS:
        raise BadParameter("sort", text, _("Sort by relevance, date or oldest."))
    return text


def parse_flag(name: str, text: str) -> bool:
    """A yes/no switch: 1/true/on/yes or 0/false/off/no."""
    if text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    raise BadParameter(name, text, _("Use 1 or 0."))


def _values(args: Args, name: str) -> list[str]:
    """The non-empty values of a repeatable parameter, deduplicated in order."""
    cleaned = (without_controls(v).strip() for v in args.getlist(name))
    values = list(dict.fromkeys(v for v in cleaned if v))
    if len(values) > MAX_VALUES:
        raise BadParameter(name, values[-1], _("Too many values (at most %(n)d).", n=MAX_VALUES))
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise BadParameter(name, value[:40] + "…", _("This value is too long."))
    return values


def _single(args: Args, name: str) -> str | None:
    """A one-value parameter; an empty value (an empty form field) counts as absent."""
    text = without_controls(args.get(name) or "").strip()
    return text or None


@dataclass(frozen=True)
class FormNote:
    """What a forgiving parse did with one parameter: dropped it (``kept`` False) or adjusted it."""
    name: str
    value: str
    message: str
    kept: bool = False


def parse_search_args(args: Args, per_page: int = 10, xlang_default: bool = False) -> SearchRequest:
    """Turn ``request.args`` into a SearchRequest, or raise BadParameter (the API, the feed).

    ``xlang`` absent means ``xlang_default``: on for the pages people use, off for the API
    (as in the CLI, where a search matches the words as typed unless asked otherwise).
    """
    return _parse(args, per_page, xlang_default, None)


def parse_search_form(args: Args, per_page: int = 10,
                      xlang_default: bool = True) -> tuple[SearchRequest, tuple[FormNote, ...]]:
    """The pages' forgiving parse: a parameter that cannot be read is left out with a note, a
    reversed date range is swapped with a note; the search still runs."""
    notes: list[FormNote] = []
    return _parse(args, per_page, xlang_default, notes), tuple(notes)


def _parse(args: Args, per_page: int, xlang_default: bool, notes: list[FormNote] | None) -> SearchRequest:
    def read(name: str, parse, default):
        try:
            return parse()
        except BadParameter as error:
            if notes is None:
                raise
            notes.append(FormNote(error.name, error.value, error.message))
            return default

    date_from = _single(args, "from")
    date_to = _single(args, "to")
    date_from = read("from", lambda: parse_date("from", date_from), None) if date_from else None
    date_to = read("to", lambda: parse_date("to", date_to), None) if date_to else None
    if date_from and date_to and date_bounds(date_from)[0] > date_bounds(date_to)[1]:
        if notes is None:
            raise BadParameter("to", date_to, _("The end date comes before the start date."))
        date_from, date_to = date_to, date_from
        notes.append(FormNote("to", date_from, _("The end date came before the start date: the two were swapped."),
                              kept=True))
    page = _single(args, "page")
    sort = _single(args, "sort")
    xlang = _single(args, "xlang")
    return SearchRequest(
        query=read("q", lambda: parse_query(args.get("q") or ""), ""),
        partners=tuple(read("partner", lambda: _values(args, "partner"), ())),
        regions=tuple(read("region", lambda: _values(args, "region"), ())),
        langs=read("lang", lambda: tuple(dict.fromkeys(parse_lang(v) for v in _values(args, "lang"))), ()),
        years=read("year", lambda: tuple(dict.fromkeys(parse_year(v) for v in _values(args, "year"))), ()),
        months=read("month", lambda: tuple(parse_month(v) for v in _values(args, "month")), ()),
        date_from=date_from,
        date_to=date_to,
        sort=read("sort", lambda: parse_sort(sort), "relevance") if sort else "relevance",
        page=read("page", lambda: parse_page(page), 1) if page else 1,
        per_page=per_page,
        speakers=tuple(read("speaker", lambda: _values(args, "speaker"), ())),
        xlang=read("xlang", lambda: parse_flag("xlang", xlang), xlang_default) if xlang else xlang_default,
        types=tuple(read("type", lambda: _values(args, "type"), ())),
    )


def endpoint_xlang(endpoint: str) -> bool:
    """Whether an endpoint searches both languages when the URL does not say: the API does not."""
    return not endpoint.startswith("api.")


def to_args(req: SearchRequest, xlang_default: bool = False) -> list[tuple[str, str]]:
    """The query-string pairs of a request (defaults left out): the inverse of parsing."""
    pairs: list[tuple[str, str]] = []
    if req.query:
        pairs.append(("q", req.query))
    pairs += _pairs("partner", req.partners) + _pairs("region", req.regions)
    pairs += _pairs("year", (str(y) for y in req.years)) + _pairs("month", req.months)
    pairs += _pairs("lang", req.langs)
    if req.date_from:
        pairs.append(("from", req.date_from))
    if req.date_to:
        pairs.append(("to", req.date_to))
    pairs += _pairs("speaker", req.speakers) + _pairs("type", req.types)
    if req.xlang != xlang_default:
        pairs.append(("xlang", "1" if req.xlang else "0"))
    if req.sort != "relevance":
        pairs.append(("sort", req.sort))
    if req.page != 1:
        pairs.append(("page", str(req.page)))
    return pairs


def _pairs(name: str, values: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, v) for v in values]


# Facet key (as in SearchResults.facets) -> SearchRequest field, and how to read a value;
# the facets themselves are declared once (FACET_NAMES).
FACET_FIELDS = {name: (name + "s", int if name == "year" else str) for name in FACET_NAMES}


def toggle(req: SearchRequest, facet: str, value: str) -> SearchRequest:
    """The request with one facet value added, or removed if present; back to page 1.

    Removing a year also removes the months selected within it.
    """
    field, convert = FACET_FIELDS[facet]
    typed = convert(value)
    current = getattr(req, field)
    selected = typed not in current
    changes = {field: current + (typed,) if selected else tuple(v for v in current if v != typed), "page": 1}
    if facet == "year" and not selected:
        changes["months"] = tuple(m for m in req.months if not m.startswith(f"{typed}-"))
    return replace(req, **changes)


def without_filters(req: SearchRequest) -> SearchRequest:
    """The same query, sort and language mode with every filter dropped."""
    return SearchRequest(query=req.query, sort=req.sort, per_page=req.per_page, xlang=req.xlang)


# ---------------------------------------------------------------- URLs of search states

@dataclass(frozen=True)
class PageLink:
    """A pagination entry; ``number`` is None for an ellipsis."""
    number: int | None
    url: str
    current: bool


def search_url(req: SearchRequest, endpoint: str = "web.search") -> str:
    """The URL of a request's page (or of the same search at another endpoint)."""
    pairs = to_args(req, endpoint_xlang(endpoint))
    return _endpoint_url(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def _endpoint_url(endpoint: str) -> str:
    """url_for(endpoint), once per request: a results page links a hundred facet values."""
    known = g.setdefault("endpoint_urls", {})
    if endpoint not in known:
        known[endpoint] = url_for(endpoint)
    return known[endpoint]


def first_page(req: SearchRequest, **changes) -> SearchRequest:
    """The request with some fields changed, back on page 1."""
    return replace(req, page=1, **changes)


def build_pages(req: SearchRequest, last: int) -> tuple[PageLink, ...]:
    """Page links: first, last, and two on each side of the current page."""
    if last == 1:
        return ()
    wanted = sorted({1, last, *range(max(1, req.page - 2), min(last, req.page + 2) + 1)})
    links, previous = [], 0
    for number in wanted:
        if number > previous + 1:
            links.append(PageLink(None, "", False))
        links.append(PageLink(number, search_url(on_page(req, number)), number == req.page))
        previous = number
    return tuple(links)


def on_page(req: SearchRequest, number: int) -> SearchRequest:
    """The same request on another page."""
    return replace(req, page=number)
