"""A real browser against a real waitress server: search, facet, language switch, screenshot.

Uses the system Chromium (no browser can be downloaded). Without it the test is
skipped on a developer's machine and fails in CI, where .ci/run installs it.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from searchapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(seed_index_dir):
    """The app served by waitress on a free port of 127.0.0.1, in a thread."""
    from waitress.server import create_server

    server = create_server(create_app({"INDEX_DIR": str(seed_index_dir)}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def url_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def facet_value(page, facet: str, label: str):
    return page.locator(f'section[aria-labelledby="facet-{facet}"] a.facet__value', has_text=label)


def test_search_facet_language_switch_and_screenshot(browser, base_url):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/search")
    page.get_by_label("Words to find").fill("BIOQuebec")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=BIOQuebec")
    assert page.locator("#results-heading").inner_text() == "4 results for “BIOQuebec”"

    facet_value(page, "partner", "MassBio").click()
    page.wait_for_url("**partner=MassBio**")
    assert url_query(page) == {"q": ["BIOQuebec"], "partner": ["MassBio"]}
    assert page.locator("#results-heading").inner_text() == "1 result for “BIOQuebec”"
    assert facet_value(page, "partner", "MassBio").get_attribute("aria-current") == "true"
    # disjunctive counts: the other partners keep their own counts
    assert facet_value(page, "partner", "Life Sciences Ontario").locator(".facet__count").inner_text() == "1"
    assert facet_value(page, "region", "Ontario").count() == 0

    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**ui=fr**")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#results-heading").inner_text() == "1 résultat pour « BIOQuebec »"
    assert "Partenaire : MassBio" in page.locator(".chips").inner_text()
    page.goto(f"{base_url}/search?q=partenariat&region=Quebec")          # the cookie keeps the choice
    assert page.locator("html").get_attribute("lang") == "fr"
    assert facet_value(page, "region", "Québec").get_attribute("aria-current") == "true"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    context.close()


def test_keyboard_focus_is_visible(browser, base_url):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{base_url}/search")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "Skip to content" and outline != "none"
    context.close()


def test_phone_layout_fits_and_folds_the_filters(browser, base_url):
    context = browser.new_context(locale="fr-CA", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base_url}/search?q=sciences")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#filters").get_attribute("open") is None        # folded by app.js on a phone
    page.locator("#filters > summary").click()
    assert facet_value(page, "lang", "Français").is_visible()
    context.close()
