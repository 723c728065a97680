"""searchapp: a bilingual (French/English) press-release search engine."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


def create_app(config: Mapping[str, Any] | None = None):
    """Build the web application.

    Configuration, lowest priority first: the defaults below, then ``SEARCHAPP_*``
    environment variables (``SEARCHAPP_PER_PAGE=20``; the index folder is ``SEARCHAPP_INDEX``,
    the one variable the command line reads too), then ``config``.
    Nothing is read at import time; the index is opened on the first request, or in the
    background when WARM_INDEX_SECONDS is set (`searchapp serve` sets it).
    """
    from flask import Flask

    from searchapp.web import api
    from searchapp import config as defaults
    from searchapp.web import entities, export, feeds, releasepage
    from searchapp.web import i18n
    from searchapp.web import views as web

    app = Flask(__name__, template_folder=str(defaults.PROJECT_ROOT / "templates"))
    app.config.from_mapping(
        INDEX_DIR=str(defaults.index_dir()),
        PER_PAGE=defaults.RESULTS_PER_PAGE,
        FEED_SIZE=20,
        FEED_AUTHOR="searchapp",
        DEFAULT_UI_LANG="fr",
        TRANSLATIONS_BUILD_DIR=None,
        WARM_INDEX_SECONDS=0,   # > 0: warm each new version of the index in the background
    )
    app.config.from_prefixed_env("SEARCHAPP")
    app.config.pop("INDEX", None)                           # SEARCHAPP_INDEX: read by index_dir() above
    app.config["INDEX_DIR"] = str(defaults.index_dir())     # one variable for the site and the CLI
    if config:
        app.config.update(config)
    app.config["INDEX_DIR"] = os.path.abspath(str(app.config["INDEX_DIR"]))
    app.json.sort_keys = False
    i18n.init_app(app)
    web.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(entities.bp)
    app.jinja_env.globals.update(release_url=releasepage.release_url, export_url=export.export_url)
    return app
