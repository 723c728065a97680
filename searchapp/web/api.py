"""JSON over the same search path as the pages and the CLI.

``/api/search`` takes the page's parameters and answers exactly
``SearchResults.to_json()`` (the object ``searchapp search --json`` prints);
``/api/quotes`` answers ``QuoteResults.to_json()`` (``searchapp quotes --json``);
``/api/release/<id>`` answers one release with its metadata. Both-languages mode is
off unless ``xlang=1``, as in the CLI.  Errors are
``{"status": ..., "message": ...}`` with the same HTTP status (see web.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from searchapp.search.quotes import search_quotes
from searchapp.search.service import ReleaseView
from searchapp.web.views import RELEASE_ID, get_index
from searchapp.web.params import parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    """Search results as JSON."""
    req = parse_search_args(request.args, per_page=current_app.config["PER_PAGE"])
    return jsonify(get_index().search(req).to_json())


@bp.get("/quotes")
def quotes():
    """Quote search results as JSON: exactly what `searchapp quotes --json` prints."""
    req = parse_search_args(request.args, per_page=current_app.config["PER_PAGE"])
    return jsonify(search_quotes(get_index(), req).to_json())


@bp.get("/release/<release_id>")
def release(release_id: str):
    """One release (full text paragraphs, metadata, translation id) as JSON."""
    if not RELEASE_ID.fullmatch(release_id):
        abort(404)
    view = get_index().get_release(release_id)
    if view is None:
        abort(404)
    return jsonify(release_json(view, get_index().relative_source(view.record["source"])))


# Stored fields that only the indexer needs.
INTERNAL_FIELDS = ("anchors", "group", "checksum")


def release_json(view: ReleaseView, source: str) -> dict[str, Any]:
    """A release as JSON: its stored metadata and text (``source``: the file's path under its source
    folder, never the server's), and its translation as a hit."""
    fields = {k: v for k, v in view.record.items() if k not in INTERNAL_FIELDS and k != "translation"}
    fields["source"] = source
    fields.setdefault("type", "news-release")
    return {"id": view.id, **fields,
            "translation": view.translation.to_json() if view.translation else None}
