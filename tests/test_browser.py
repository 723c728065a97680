"""A real browser against a real waitress server, driven with the keyboard at desktop and phone
widths: facets as checkboxes, skip links, the folded filter panel, axe-core on every page,
the screenshots of docs/.

Uses the system Chromium (no browser can be downloaded). Without it the test is
skipped on a developer's machine and fails in CI, where .ci/run installs it.
axe-core comes with the axe-playwright-python package (test extra).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_IDS

from searchapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = Path(__file__).resolve().parent.parent / "docs"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_TABS = 80


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


@pytest.fixture
def open_page(browser):
    """open_page(viewport, locale, javascript=True): a fresh page in its own context."""
    contexts = []

    def make(viewport=DESKTOP, locale="en-US", javascript=True):
        context = browser.new_context(locale=locale, viewport=viewport, java_script_enabled=javascript,
                                      is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def url_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, id: e.id, name: e.name || null, value: e.value || null,
                text: (e.textContent || '').trim(), checked: e.checked === true}; }""")


def tab_to(page, matches) -> dict:
    """Press Tab until the focused element satisfies matches(focused); fail after MAX_TABS."""
    for count in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        now = focused(page)
        if matches(now):
            return now | {"tabs": count}
    raise AssertionError(f"not reached in {MAX_TABS} Tab presses")


def box(page, facet: str, label: str):
    return page.locator(f"#facet-{facet} li", has_text=label).locator("input[type=checkbox]")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_keyboard_checkbox_applies_and_keeps_focus_then_the_language_switch(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/search")
    page.get_by_label("Words to find").fill("BIOQuebec")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=BIOQuebec")
    assert page.locator("#results-heading").inner_text() == "4 results for “BIOQuebec”"

    tab_to(page, lambda f: f["name"] == "partner" and f["value"] == "MassBio")
    page.keyboard.press("Space")                              # app.js applies the change at once
    page.wait_for_url("**partner=MassBio**")
    assert url_query(page) == {"q": ["BIOQuebec"], "partner": ["MassBio"]}
    assert focused(page) | {"tabs": 0} == {"tag": "INPUT", "id": focused(page)["id"], "name": "partner",
                                           "value": "MassBio", "text": "", "checked": True, "tabs": 0}
    assert page.locator("#results-heading").inner_text() == "1 result for “BIOQuebec”"
    # disjunctive counts: the other partners keep their own counts
    assert page.locator("#facet-partner li", has_text="Life Sciences Ontario").locator(".facet__count") \
        .inner_text() == "1"
    page.keyboard.press("Space")                              # and again: the filter goes
    page.wait_for_url("**/search?q=BIOQuebec")
    assert focused(page)["value"] == "MassBio" and not focused(page)["checked"]

    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**ui=fr**")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#results-heading").inner_text() == "4 résultats pour «\u202fBIOQuebec\u202f»"


def test_the_quotes_page_speakers_are_checkboxes_too(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/quotes?q=partenariat")
    tab_to(page, lambda f: f["name"] == "speaker" and f["value"] == "Pierre Fitzgibbon")
    page.keyboard.press("Space")
    page.wait_for_url("**speaker=**")
    assert url_query(page) == {"q": ["partenariat"], "speaker": ["Pierre Fitzgibbon"]}
    assert focused(page)["value"] == "Pierre Fitzgibbon" and focused(page)["checked"]


def test_without_javascript_the_apply_button_sends_the_checked_boxes(open_page, base_url):
    page = open_page(javascript=False)
    page.goto(f"{base_url}/search?q=partenariat")
    tab_to(page, lambda f: f["name"] == "region" and f["value"] == "Ontario")
    page.keyboard.press("Space")
    assert page.url.endswith("/search?q=partenariat")         # nothing sent yet
    tab_to(page, lambda f: f["text"] == "Apply")
    page.keyboard.press("Enter")
    page.wait_for_url("**region=Ontario**")
    assert url_query(page) == {"q": ["partenariat"], "region": ["Ontario"]}
    assert box(page, "region", "Ontario").is_checked()


def test_skip_links_and_the_first_result_in_few_tab_stops(open_page, base_url):
    page = open_page()
    page.goto(f"{base_url}/search?q=sciences")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to results"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "results"
    reached = tab_to(page, lambda f: f["tag"] == "A" and "/release/" in page.evaluate("document.activeElement.href"))
    assert reached["tabs"] == 4                                # three sort links, then the first title


def test_a_date_typed_the_french_way_and_a_typo_keep_the_results(open_page, base_url):
    page = open_page(locale="fr-CA")
    page.goto(f"{base_url}/search")
    page.get_by_label("Du").fill("31/12/2023")
    page.keyboard.press("Enter")
    page.wait_for_url("**from=31%2F12%2F2023**")
    # 000 and 002 (2024, 2025); 003, dated "2023" by its text, takes June 2023 from its translation 001.
    assert page.locator("#results-heading").inner_text() == "2 communiqués"
    assert page.get_by_label("Du").input_value() == "2023-12-31"
    page.get_by_label("Au").fill("2024-02-30")
    page.keyboard.press("Enter")
    page.wait_for_url("**to=2024-02-30**")
    assert page.locator("#to-note").inner_text() == "Il n’y a pas de jour 30\u202f: février 2024 compte 29 jours."
    assert page.locator("#results-heading").inner_text() == "2 communiqués"


def test_phone_filters_fold_behind_a_button_and_show_the_results(open_page, base_url):
    page = open_page(viewport=PHONE, locale="fr-CA")
    page.goto(f"{base_url}/search?q=sciences")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#filters").get_attribute("open") is None        # folded by app.js on a phone
    summary = tab_to(page, lambda f: f["tag"] == "SUMMARY")
    assert summary["text"] == "Filtres"
    page.keyboard.press("Enter")
    assert page.locator("#filters").get_attribute("open") is not None
    tab_to(page, lambda f: f["name"] == "lang" and f["value"] == "fr")
    page.keyboard.press("Space")
    page.wait_for_url("**lang=fr**")
    assert page.locator("#filters").get_attribute("open") is not None     # still open: the user is filtering
    assert focused(page)["value"] == "fr" and focused(page)["checked"]
    assert page.locator("#filters > summary").inner_text() == "Filtres (1)"
    show = tab_to(page, lambda f: f["id"] == "show-results")
    count = page.locator("#results-heading").inner_text().split()[0]
    assert show["text"] == f"Voir les {count} résultats"
    page.keyboard.press("Enter")
    assert page.locator("#filters").get_attribute("open") is None
    assert focused(page)["id"] == "results"
    assert page.locator(".hit").first.is_visible() and page.locator(".hit").first.bounding_box()["y"] < PHONE["height"]


def test_the_citation_copy_button_appears_with_javascript_and_copies(open_page, base_url):
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + f"/release/{SEED_IDS['001']}?q=partenariat")
    button = page.locator("button[data-copy=cite-release]")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.citation__copied').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-release").inner_text().strip() and copied.endswith(SEED_IDS["001"])
    without = open_page(javascript=False)
    without.goto(base_url + f"/release/{SEED_IDS['001']}")
    assert not without.locator("button[data-copy=cite-release]").is_visible()     # no dead button
    assert without.locator("#cite-release").is_visible()


PAGES = ["/search", "/search?q=partenariat&partner=BIOQu%C3%A9bec&year=2024", "/search?from=2024-02-30&to=2023",
         "/facets/partner?q=partenariat", "/facets/region?contains=zzz", f"/release/{SEED_IDS['001']}",
         "/quotes?q=partenariat", "/quotes?speaker=Kelly+Schulz", "/nope",
         f"/release/{SEED_IDS['001']}?q=partenariat&partner=MassBio", "/partner/BIOQu%C3%A9bec",
         "/speaker/Pierre%20Fitzgibbon"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("locale", ["en-US", "fr-CA"])
def test_axe_finds_no_violation_on_any_page(open_page, base_url, viewport, locale):
    page = open_page(viewport=viewport, locale=locale)
    for path in PAGES:
        page.goto(base_url + path)
        assert axe_violations(page) == [], path
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert [v for v in axe_violations(page) if v.startswith("image-alt")]      # axe does see what it should


def test_screenshots(open_page, base_url):
    DOCS.mkdir(exist_ok=True)
    page = open_page(locale="fr-CA")
    page.goto(f"{base_url}/search?q=partenariat&region=Quebec")
    page.screenshot(path=str(DOCS / "screenshot.png"), full_page=True)
    phone = open_page(viewport=PHONE, locale="fr-CA")
    phone.goto(f"{base_url}/search?q=partenariat&region=Quebec")
    phone.screenshot(path=str(DOCS / "screenshot-390.png"))
    assert (DOCS / "screenshot.png").stat().st_size > 10_000 and (DOCS / "screenshot-390.png").stat().st_size > 10_000
