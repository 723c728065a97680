"""The whole result set of a search as CSV or JSON Lines: ``/search.csv``, ``/search.jsonl``.

Same parameters as ``/search``; every matching entry (not one page), one row per entry as the
results list it (a translation pair is one row, the other version's id in ``translation``),
streamed: rows are written as the records are read, so memory does not grow with the export.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any, Iterator, Mapping

from flask import Blueprint, Response, current_app, request, stream_with_context, url_for

from searchapp.web.feeds import bad_parameter
from searchapp.search.service import SearchRequest
from searchapp.web.params import BadParameter, parse_search_args, search_url
from searchapp.web.releasepage import full_title
from searchapp.web.views import get_index

bp = Blueprint("export", __name__)
bp.register_error_handler(BadParameter, bad_parameter)     # a plain-text 400, as the feed answers
COLUMNS = ("id", "date", "lang", "title", "partners", "regions", "speakers", "type", "translation", "url")
LIST_SEPARATOR = "; "       # between the values of a list column in CSV
ENDPOINTS = {"csv": "export.csv_export", "jsonl": "export.jsonl_export"}


@bp.get("/search.csv")
def csv_export():
    """Every release the search matches, as CSV (UTF-8, a header row)."""
    rows = export_rows()
    return _streamed(_csv_lines(rows), "text/csv", "search.csv")


@bp.get("/search.jsonl")
def jsonl_export():
    """Every release the search matches, one JSON object a line."""
    rows = export_rows()
    lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return _streamed(lines, "application/jsonl", "search.jsonl")


def export_url(req: SearchRequest, fmt: str) -> str:
    """The export of a search's every result, in the results' order ("csv" or "jsonl")."""
    return search_url(replace(req, page=1), ENDPOINTS[fmt])


def export_rows() -> Iterator[dict[str, Any]]:
    """The request's search, parsed now (a bad parameter answers 400 before anything is sent)."""
    req = parse_search_args(request.args, per_page=current_app.config["PER_PAGE"], xlang_default=True)
    records = get_index().every_record(req)
    return (export_row(record) for record in records)


def export_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One release's row: its metadata and the address of its page."""
    return {
        "id": record["id"], "date": record.get("date"), "lang": record["lang"],
        "title": full_title(record),
        "partners": list(record.get("partners", ())), "regions": list(record.get("regions", ())),
        "speakers": list(record.get("speakers", ())), "type": record.get("type") or "news-release",
        "translation": record.get("translation"),
        "url": url_for("web.release", release_id=record["id"], _external=True),
    }


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([LIST_SEPARATOR.join(value) if isinstance(value, list) else ("" if value is None else value)
                         for value in (row[name] for name in COLUMNS)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _streamed(chunks: Iterator[str], mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
