"""The release page: full headline, back to the search, sections, citation to copy, previews, print."""
from __future__ import annotations

import re

import pytest
from archive import LONG_HEADLINE, build_archive, release_id

from searchapp import create_app


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("release-page"))[1]


@pytest.fixture(scope="module")
def app(archive):
    return create_app({"TESTING": True, "INDEX_DIR": str(archive)})


@pytest.fixture
def client(app):
    return app.test_client()


def html_of(client, url, lang="en"):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_full_headline_where_lists_cut_it(client, archive):
    listed = html_of(client, "/search?q=laboratories+Halifax")
    assert LONG_HEADLINE not in listed and LONG_HEADLINE[:60] in listed and "…" in listed
    html = html_of(client, f"/release/{release_id(archive, 'long-headline-en')}")
    assert f'<h1 class="release__title" lang="en">{LONG_HEADLINE}</h1>' in html
    assert f"<title>{LONG_HEADLINE} – " in html


def test_back_to_results_keeps_the_search(client):
    results = html_of(client, "/search?q=laboratories&lang=en&sort=date&ui=en")
    link = re.search(r'<h3 class="hit__title"><a href="(/release/[^"]+)"', results).group(1).replace("&amp;", "&")
    assert link.endswith("?q=laboratories&lang=en&sort=date")          # the search, not the interface choice
    page = html_of(client, link)
    assert '<a href="/search?q=laboratories&amp;lang=en&amp;sort=date">Back to results</a>' in page


def test_without_a_search_the_link_is_all_releases(client, archive):
    page = html_of(client, f"/release/{release_id(archive, 'speech-en')}")
    assert '<a href="/search">All releases</a>' in page and "Back to results" not in page


def test_about_and_media_contacts_shown_as_sections(client, archive):
    html = html_of(client, f"/release/{release_id(archive, 'long-headline-en')}", lang="fr")
    about = re.search(r'<section class="release__about".*?</section>', html, re.S).group()
    assert "<h2" in about and "À propos" in about
    assert "<h3>About Northwind Biotech</h3>" in about and "diagnostic tests" in about
    contacts = re.search(r'<section class="release__contacts".*?</section>', html, re.S).group()
    assert "Relations avec les médias" in contacts and "Sam Doe, Communications, 555-0199" in contacts
    advisory = html_of(client, f"/release/{release_id(archive, 'advisory-en')}")
    assert "Media contacts" in advisory and "jane.roe@example.org" in advisory


def test_citation_whole_selectable_with_a_copy_button(client, archive):
    html = html_of(client, f"/release/{release_id(archive, 'long-headline-en')}")
    citation = re.search(r'<p id="cite-release" class="citation__text" lang="en">([^<]+)</p>', html).group(1)
    assert citation.startswith(LONG_HEADLINE + ", February 14, 2024. http://")
    button = re.search(r'<button type="button"[^>]*data-copy="cite-release"[^>]*>', html).group()
    assert " hidden" in button          # shown by copy.js only: without the script, no dead button
    assert '<script src="/static/copy.js" defer></script>' in html
    quotes = html_of(client, "/quotes?q=partenariat")
    assert "<textarea" not in quotes and 'class="citation__text"' in quotes and "data-copy=" in quotes


def test_link_preview_metadata(client, archive):
    html = html_of(client, f"/release/{release_id(archive, 'statement-fr')}")
    title = "Déclaration de la ministre responsable des Sciences de la vie"
    assert f'<meta property="og:title" content="{title}">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert description.startswith("La ministre a fait la déclaration suivante")
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_print_style(client, archive):
    html = html_of(client, f"/release/{release_id(archive, 'speech-en')}")
    assert '<link rel="stylesheet" href="/static/pages.css">' in html
    css = client.get("/static/pages.css").get_data(as_text=True)
    rules = css[css.index("@media print"):]
    assert ".related" in rules and ".site-header" in rules and "display: none" in rules
