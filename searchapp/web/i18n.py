"""The interface language: catalogue compilation, locale choice, local dates.

Three language notions are kept apart (STYLE point 12): ``ui_lang`` is the
language of the interface, chosen here; the ``lang`` filter is what a user asks
for; a release's ``lang`` is what the indexer detected.

Catalogues are kept as ``.po`` sources under ``searchapp/translations``; the
``.mo`` files Flask-Babel reads are compiled from them by
:func:`compile_catalogs` when the app starts (and so at test time), whenever a
``.mo`` is missing or older than its ``.po``.  They are never committed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from babel.numbers import format_decimal
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app, request
from flask_babel import Babel, get_locale

from searchapp.text import partialdates as partial_dates

UI_LANGS = ("fr", "en")
UI_COOKIE = "ui"
UI_PARAM = "ui"
API_PREFIX = "/api/"
API_DEFAULT_LANG = "en"
SOURCE_DIR = Path(__file__).resolve().parent.parent / "translations"
# Keywords that mark a translatable string in Python (jinja uses _ / gettext / ngettext).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}


def compile_catalogs(source_dir: Path = SOURCE_DIR, target_dir: Path | None = None) -> Path:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` to ``.mo`` when missing or stale.

    Writes beside the sources (or in ``target_dir``); when that folder is not
    writable (an installed, read-only package) it falls back to a per-user cache
    folder (~/.cache/searchapp).  Returns the folder to hand to Flask-Babel.  Writes are atomic, so
    two processes starting at once never read a half-written file.
    """
    target = Path(target_dir) if target_dir else source_dir
    try:
        _compile_into(source_dir, target)
    except OSError:
        target = Path.home() / ".cache" / "searchapp" / "translations"
        _compile_into(source_dir, target)
    return target


def _compile_into(source_dir: Path, target_dir: Path) -> None:
    for po_path in sorted(source_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = target_dir / po_path.relative_to(source_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as mo_file:
                write_mo(mo_file, catalog)
            os.replace(tmp_name, mo_path)
        except BaseException:
            os.unlink(tmp_name)
            raise


def select_ui_lang() -> str:
    """The interface language of this request: ?ui=, then the cookie, then Accept-Language.

    The JSON API's messages follow Accept-Language alone and default to English."""
    if request.path.startswith(API_PREFIX):
        return request.accept_languages.best_match(UI_LANGS) or API_DEFAULT_LANG
    for candidate in (request.args.get(UI_PARAM), request.cookies.get(UI_COOKIE)):
        if candidate in UI_LANGS:
            return candidate
    return request.accept_languages.best_match(UI_LANGS) or current_app.config["DEFAULT_UI_LANG"]


def ui_lang() -> str:
    """The current interface language code ("fr" or "en")."""
    return str(get_locale() or UI_LANGS[0])


def format_partial_date(iso: str | None, lang: str | None = None) -> str:
    """An ISO date at its precision, in the interface's language ("3 juin 2024" / "June 3, 2024")."""
    return partial_dates.format_partial_date(iso, lang or ui_lang())


def format_number(number: int, lang: str | None = None) -> str:
    """A count written the local way: "1\u202f801" in French, "1,801" in English (Babel, CLDR)."""
    return format_decimal(number, locale=lang or ui_lang())


def language_name(code: str, lang: str | None = None) -> str:
    """A language code's name in the interface language, capitalised ("en" -> "Anglais")."""
    name = Locale.parse(lang or ui_lang()).languages.get(code) or code
    return name[:1].upper() + name[1:]


def init_app(app: Flask) -> None:
    """Compile the catalogues, install Flask-Babel and the ``ui`` cookie and Jinja helpers."""
    directory = compile_catalogs(SOURCE_DIR, app.config.get("TRANSLATIONS_BUILD_DIR"))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(directory)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DEFAULT_UI_LANG"])
    Babel(app, locale_selector=select_ui_lang)
    app.jinja_env.filters["pdate"] = format_partial_date
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["number"] = format_number
    app.context_processor(lambda: {"ui_lang": ui_lang(), "ui_switch": _ui_switch_links()})
    app.after_request(_remember_ui_lang)


def _ui_switch_links() -> list[dict[str, str]]:
    """One link per other interface language: this very page with ?ui=<lang>."""
    if not request:
        return []
    links = []
    for code in UI_LANGS:
        if code == ui_lang():
            continue
        args = request.args.copy()
        args[UI_PARAM] = code
        url = request.path + "?" + urlencode(list(args.items(multi=True)))
        label = Locale(code).get_display_name(code)
        links.append({"code": code, "url": url, "label": label[:1].upper() + label[1:]})
    return links


def _remember_ui_lang(response):
    """Keep an explicit ?ui= choice in a cookie; responses vary on the language inputs."""
    choice = request.args.get(UI_PARAM)
    if choice in UI_LANGS and request.cookies.get(UI_COOKIE) != choice:
        response.set_cookie(UI_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def extract_messages(root: Path) -> Catalog:
    """Every translatable string of the Python code and templates under ``root`` (per babel.cfg)."""
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(project="searchapp", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update_catalogs(root: Path, source_dir: Path = SOURCE_DIR) -> None:
    """Merge newly extracted strings into each ``messages.po`` (new ones left untranslated)."""
    template = extract_messages(root)
    for lang in UI_LANGS:
        po_path = source_dir / lang / "LC_MESSAGES" / "messages.po"
        if po_path.exists():
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="searchapp", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        po_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, ignore_obsolete=True, include_lineno=False)


if __name__ == "__main__":  # maintainer tool: python -m searchapp.web.i18n (from the project root)
    update_catalogs(Path.cwd())
    print(f"updated the catalogues in {SOURCE_DIR}")
