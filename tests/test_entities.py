"""Partner and speaker pages: any name or spelling resolves; releases per year, quotes, regions, links."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from conftest import SEED_IDS

from searchapp import create_app


@pytest.fixture(scope="module")
def client(seed_index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir)}).test_client()


def page(client, url, lang="en"):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("typed, canonical", [
    ("massbio", "/partner/MassBio"),
    ("Massachusetts Biotechnology Council", "/partner/MassBio"),
    ("bioquebec", "/partner/BIOQu%C3%A9bec"),
    ("/speaker/benoit larose", "/speaker/Beno%C3%AEt%20Larose"),
    ("/speaker/BENOÎT LAROSE", "/speaker/Beno%C3%AEt%20Larose"),
])
def test_any_name_or_spelling_resolves_to_the_page(client, typed, canonical):
    url = typed if typed.startswith("/") else "/partner/" + quote(typed)
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == canonical
    assert client.get(canonical).status_code == 200


@pytest.mark.parametrize("url", ["/partner/Nobody%20Inc", "/speaker/Jane%20Nobody", "/partner/" + "x" * 300,
                                 "/partner/%20"])
def test_an_unknown_name_is_404(client, url):
    assert client.get(url).status_code == 404


def test_partner_page_bars_per_year(client):
    html = page(client, "/partner/BIOQu%C3%A9bec")
    rows = re.findall(r'<a href="([^"]+)" class="yearbars__link">\s*<span class="yearbars__year">(\d{4})</span>'
                      r'.*?<rect x="0" y="0" width="(\d+)".*?<span class="yearbars__count">([^<]+)</span>', html, re.S)
    # every year from the first to the last, the empty one included; the busiest year is the full bar
    assert [(year, width, count) for _url, year, width, count in rows] == [
        ("2021", "100", "1 release"), ("2022", "0", "0 releases"), ("2023", "100", "1 release"),
        ("2024", "100", "1 release"), ("2025", "100", "1 release")]
    assert rows[0][0] == "/search?partner=BIOQu%C3%A9bec&amp;year=2021&amp;sort=date"
    assert "<h1 class=\"page-title\">BIOQuébec</h1>" in html
    assert 'href="/search?partner=BIOQu%C3%A9bec&amp;sort=date"' in html                  # the search
    assert 'href="/feed.atom?partner=BIOQu%C3%A9bec&amp;sort=date"' in html               # its feed
    assert 'href="/search?partner=BIOQu%C3%A9bec&amp;region=Ontario&amp;sort=date">Ontario</a>' in html
    assert 'href="/speaker/Beno%C3%AEt%20Larose"' in html                                 # who speaks


def test_speaker_page_shows_the_quotes(client):
    html = page(client, "/speaker/Pierre%20Fitzgibbon", lang="fr")
    assert "<h1 class=\"page-title\">Pierre Fitzgibbon</h1>" in html and "Intervenant" in html
    quotes = re.findall(r'<blockquote class="quote-hit__text"', html)
    assert len(quotes) >= 1
    assert re.search(r'href="/release/\w+#quote-\d+"', html)
    assert 'href="/partner/MassBio"' in html or 'href="/partner/Maryland%20Tech%20Council"' in html
    assert "Communiqués par année" in html


def test_the_year_bars_need_no_inline_style(client):
    html = page(client, "/partner/MassBio")
    assert " style=" not in html and "<script>" not in html
    assert f'href="/release/{SEED_IDS["001"]}"' in html or f'href="/release/{SEED_IDS["003"]}"' in html


@pytest.mark.parametrize("url", ["/partner/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/speaker/..%2F..%2Fetc%2Fpasswd",
                                 "/partner/a%00b", "/speaker/%E2%80%8B", "/partner/MassBio/extra"])
def test_hostile_names_get_a_page_not_an_error(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "<script>alert" not in response.get_data(as_text=True)


def test_a_release_page_links_its_partners_pages(client):
    html = page(client, f"/release/{SEED_IDS['001']}")
    assert '<a href="/partner/BIOQu%C3%A9bec">BIOQuébec over the years</a>' in html
