"""The HTML interface through Flask's test client, on a real index of seeds/."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_IDS, write_release

from searchapp import create_app
from searchapp.web.i18n import compile_catalogs, extract_messages, format_partial_date
from searchapp.index.reindex import reindex
from searchapp.search.service import SearchRequest
from searchapp.web.params import BadParameter, parse_search_args, to_args, toggle
from werkzeug.datastructures import MultiDict

REPO = Path(__file__).resolve().parent.parent
MASSBIO_FR = SEED_IDS["001"]


def get(client, url, lang="en", status=200):
    """GET a page in an interface language and check its status."""
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response


class Page(HTMLParser):
    """Just enough of an HTML page to check: links, headings, form controls, scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.links, self.headings, self.controls, self.labels = [], [], [], set()
        self.scripts, self.styled, self.html_lang = [], 0, None
        self.label_texts: dict[str, str] = {}
        self._open: list[dict] = []
        self._facet = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.styled += "style" in attrs
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "fieldset" and attrs.get("id", "").startswith("facet-"):
            self._facet = attrs["id"].removeprefix("facet-")
        if tag in ("a", "label") or re.fullmatch(r"h[1-6]", tag):
            self._open.append({"tag": tag, "attrs": attrs, "text": "", "facet": self._facet})
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs | {"facet": self._facet})
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag == "script":
            self.scripts.append(attrs)

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def handle_endtag(self, tag):
        if self._open and self._open[-1]["tag"] == tag:
            element = self._open.pop()
            element["text"] = " ".join(element["text"].split())
            if tag == "label":
                self.label_texts[element["attrs"].get("for")] = element["text"]
            else:
                (self.links if tag == "a" else self.headings).append(element)
        if tag == "fieldset":
            self._facet = None

    def link(self, text: str) -> dict:
        return next(a for a in self.links if a["text"] == text)

    def facet_boxes(self, facet: str) -> dict[str, dict]:
        """A facet's checkboxes by label: {"MassBio": {"count": 2, "selected": True, "name": ..., "value": ...}}."""
        found = {}
        for box in self.controls:
            if box["facet"] == facet and box.get("type") == "checkbox":
                label, _, count = self.label_texts[box["id"]].rpartition(" ")
                found[label] = {"count": int(count), "selected": "checked" in box, "name": box["name"],
                                "value": box["value"]}
        return found

    def bars(self, facet: str = "dates") -> dict[str, dict]:
        """The date histogram's links by label: {"2024": {"count": 1, "href": ..., "current": False}}."""
        found = {}
        for a in self.links:
            if a["facet"] == facet and "bar" in a["attrs"].get("class", "").split():
                label, _, count = a["text"].rpartition(" ")
                found[label] = {"count": int(count), "href": a["attrs"]["href"],
                                "current": a["attrs"].get("aria-current") == "true"}
        return found


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


# ---------------------------------------------------------------- the search page

def test_empty_query_lists_every_release_newest_first(client):
    page = get(client, "/search").get_data(as_text=True)
    dates = re.findall(r'<h3 class="hit__title">.*?<time datetime="([\d-]+)"', page, flags=re.S)
    assert len(dates) == 4                     # five releases, one translation pair shown as one entry
    assert dates == sorted(dates, reverse=True)


def test_results_show_title_date_language_partners_and_translation(client):
    html = get(client, "/search?q=MassBio").get_data(as_text=True)
    page = Page(html)
    titles = [a for a in page.links if a["attrs"]["href"].startswith("/release/")]
    assert {a["attrs"]["href"] for a in titles} == {f"/release/{SEED_IDS['001']}?q=MassBio",
                                                     f"/release/{SEED_IDS['003']}?q=MassBio"}   # the search kept
    assert re.search(r'<time datetime="2023(-06)?">', html)
    assert re.search(r"<mark[^>]*>MassBio</mark>", html)
    assert "Partners:" in html and re.search(r"(English|French) version", html)


def test_accent_insensitive_highlight(client):
    html = get(client, "/search?q=Quebec").get_data(as_text=True)
    assert re.search(r"<mark[^>]*>Québec</mark>", html)


def test_disjunctive_facet_counts_as_checkboxes(client):
    page = Page(get(client, "/search?partner=MassBio").get_data(as_text=True))
    partners = page.facet_boxes("partner")
    assert partners["MassBio"] == {"count": 1, "selected": True, "name": "partner", "value": "MassBio"}
    # with MassBio selected, the partner facet still counts the other partners' releases
    assert partners["Life Sciences Ontario"] == {"count": 1, "selected": False, "name": "partner",
                                                 "value": "Life Sciences Ontario"}
    regions = page.facet_boxes("region")
    assert "Ontario" not in regions                           # other facets are filtered by the partner


def test_chips_remove_one_filter_and_clear_all_keeps_the_query(client):
    page = Page(get(client, "/search?q=vie&partner=BIOQu%C3%A9bec&year=2024").get_data(as_text=True))
    assert query(page.link("Remove filter Year: 2024×")["attrs"]["href"]) == {"q": ["vie"], "partner": ["BIOQuébec"]}
    assert query(page.link("Clear all filters")["attrs"]["href"]) == {"q": ["vie"]}


def test_year_histogram_links_each_year_and_months_within_the_selected_one(client):
    years = Page(get(client, "/search?q=partenariat").get_data(as_text=True)).bars()
    assert years["2024"] == {"count": 1, "href": "/search?q=partenariat&year=2024", "current": False}
    page = Page(get(client, "/search?year=2024", lang="fr").get_data(as_text=True))
    assert page.bars()["2024"]["current"] and page.bars()["2024"]["href"] == "/search"   # again: widens back
    assert page.bars()["juin"]["href"] == "/search?year=2024&month=2024-06"


# ---------------------------------------------------------------- malformed parameters

@pytest.mark.parametrize("url, parameter", [
    ("/search?page=-1", "page"),
    ("/search?page=0", "page"),
    ("/search?page=99999999999", "page"),
    ("/search?year=abc", "year"),
    ("/search?year=20245", "year"),
    ("/search?month=2024-13", "month"),
    ("/search?from=2024-02-31", "from"),
    ("/search?to=2024-1-x", "to"),
    ("/search?sort=popular", "sort"),
    ("/search?lang=fran%C3%A7ais", "lang"),
    ("/search?xlang=maybe", "xlang"),
    ("/search?q=" + "x" * 10_000, "q"),
    ("/search?partner=" + "&partner=".join(str(n) for n in range(30)), "partner"),
])
def test_a_malformed_parameter_is_left_out_with_a_message_and_the_results_stay(client, url, parameter):
    html = get(client, url).get_data(as_text=True)
    if parameter in ("from", "to"):
        assert f'id="{parameter}-note" class="field-note field-note--error"' in html    # beside its field
    else:
        assert f"Parameter “{parameter}” left out:" in html
    assert len(re.findall(r'<h3 class="hit__title">', html)) == 4                        # every release listed
    api = client.get("/api" + url, headers={"Accept-Language": "en"})                    # the API stays strict
    assert api.status_code == 400 and f"“{parameter}”" in api.get_json()["message"]


def test_empty_form_fields_are_ignored(client):
    get(client, "/search?q=&from=&to=&page=&sort=")


def test_parse_and_unparse_round_trip():
    args = MultiDict([("q", " vie "), ("partner", "MassBio"), ("partner", "MassBio"), ("year", "2023"),
                      ("month", "2023-06"), ("from", "2021"), ("to", "2024-02-29"), ("sort", "date"), ("page", "2")])
    request = parse_search_args(args)
    assert request == SearchRequest(query="vie", partners=("MassBio",), years=(2023,), months=("2023-06",),
                                    date_from="2021", date_to="2024-02-29", sort="date", page=2)
    assert parse_search_args(MultiDict(to_args(request))) == request
    assert toggle(request, "year", "2023").months == ()       # dropping a year drops its months
    with pytest.raises(BadParameter) as error:
        parse_search_args(MultiDict([("to", "2023-02-29")]))
    assert error.value.name == "to"
    with pytest.raises(BadParameter) as error:
        parse_search_args(MultiDict([("from", "2025"), ("to", "2023")]))     # the API does not swap
    assert error.value.name == "to"


# ---------------------------------------------------------------- the release page

def test_release_page(client):
    html = get(client, f"/release/{MASSBIO_FR}", lang="fr").get_data(as_text=True)
    page = Page(html)
    assert page.headings[0]["tag"] == "h1" and "MassBio" in page.headings[0]["text"]
    assert "juin 2023" in html and "Français" in html and "BOSTON" in html
    assert query(page.link("MassBio")["attrs"]["href"]) == {"partner": ["MassBio"]}
    assert query(page.link("Québec")["attrs"]["href"]) == {"region": ["Quebec"]}
    assert f"<code>{MASSBIO_FR}.txt</code>" in html
    assert f'href="/release/{SEED_IDS["003"]}"' in html                    # the translation
    assert html.count("<p>") + html.count('<p lang=') >= 5                 # paragraphs kept
    assert "Communiqués semblables" in html


@pytest.mark.parametrize("release_id", ["nope", "a.b", "..%2F..%2Fetc", "%3Cscript%3E", "x" * 300])
def test_unknown_or_malformed_release_id_is_404(client, release_id):
    assert "This page does not exist." in get(client, f"/release/{release_id}", status=404).get_data(as_text=True)


def test_dates_at_their_precision_in_the_interface_language(client):
    assert "March 23, 2021" in get(client, "/search?lang=en", lang="en").get_data(as_text=True)
    assert "23 mars 2021" in get(client, "/search?lang=en", lang="fr").get_data(as_text=True)


@pytest.mark.parametrize("iso, lang, expected", [
    ("2024-06-03", "fr", "3 juin 2024"),
    ("2024-06-03", "en", "June 3, 2024"),
    ("2024-06", "fr", "juin 2024"),
    ("2024-06", "en", "June 2024"),
    ("2024", "fr", "2024"),
    ("2024-13", "en", "2024-13"),
])
def test_format_partial_date(iso, lang, expected):
    assert format_partial_date(iso, lang) == expected


# ---------------------------------------------------------------- interface language

def test_interface_follows_accept_language(client):
    assert Page(get(client, "/", lang="fr-CA,fr;q=0.9").get_data(as_text=True)).html_lang == "fr"
    assert Page(get(client, "/", lang="en-GB").get_data(as_text=True)).html_lang == "en"


def test_switch_sets_a_cookie_that_wins_over_accept_language(client):
    page = Page(get(client, "/search?q=vie", lang="fr").get_data(as_text=True))
    switch = page.link("English")["attrs"]["href"]
    assert query(switch) == {"q": ["vie"], "ui": ["en"]}
    response = get(client, switch, lang="fr")
    assert "ui=en" in response.headers["Set-Cookie"]
    html = get(client, "/search?region=Quebec", lang="fr").get_data(as_text=True)   # cookie kept by the client
    assert Page(html).html_lang == "en" and "Region: Quebec" in html


def test_region_labels_follow_the_interface(client):
    assert "Région\u202f: Québec" in get(client, "/search?region=Quebec", lang="fr").get_data(as_text=True)
    assert "Region: Quebec" in get(client, "/search?region=Quebec", lang="en").get_data(as_text=True)


def test_every_interface_string_is_translated_in_french():
    import babel.messages.pofile as pofile

    with (REPO / "searchapp/translations/fr/LC_MESSAGES/messages.po").open("rb") as po:
        french = pofile.read_po(po, locale="fr")
    missing = [m.id for m in extract_messages(REPO) if m.id and not (french.get(m.id) and french.get(m.id).string)]
    assert missing == []


def test_catalogues_compile_when_missing_or_stale(tmp_path):
    target = compile_catalogs(target_dir=tmp_path)
    mo = target / "fr/LC_MESSAGES/messages.mo"
    assert mo.stat().st_size > 1000
    stamp = mo.stat().st_mtime_ns
    compile_catalogs(target_dir=tmp_path)
    assert mo.stat().st_mtime_ns == stamp            # up to date: not rewritten
    mo.unlink()
    compile_catalogs(target_dir=tmp_path)
    assert mo.exists()


# ---------------------------------------------------------------- safety, accessibility, errors

@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """An index of one release full of markup."""
    folder = tmp_path_factory.mktemp("hostile")
    write_release(folder / "src", "evil.txt",
                  " date 2024-05 <script>alert('title')</script> Ontario partnership\n\n"
                  "The <script>alert('body')</script> partnership & <b>bold</b> claims about Ontario "
                  "life sciences go on for a while so that the paragraph is long enough to read.\n")
    assert not reindex([folder / "src"], folder / "index").failed
    return create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")}).test_client()


def test_markup_from_files_and_queries_is_escaped(hostile_client):
    for url in ["/search?q=partnership", "/search?q=<script>alert(1)</script>", "/release/" + _first_id(hostile_client)]:
        html = get(hostile_client, url).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>bold" not in html
        assert "&lt;script&gt;" in html


def _first_id(client) -> str:
    return client.get("/api/search").get_json()["hits"][0]["id"]


@pytest.mark.parametrize("url", ["/", "/search?q=vie", f"/release/{MASSBIO_FR}", "/search?page=-1", "/nope",
                                 "/api/search", "/feed.atom", "/static/style.css"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/search?q=vie&partner=MassBio", f"/release/{MASSBIO_FR}", "/search?year=x", "/x"])
def test_pages_are_accessible_and_script_free(client, url):
    page = Page(client.get(url).get_data(as_text=True))
    levels = [int(h["tag"][1]) for h in page.headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))   # no skipped level
    assert all(c.get("id") in page.labels for c in page.controls)                   # every control labelled
    assert all(s.get("src") for s in page.scripts) and page.styled == 0             # no inline script/style


def test_templates_never_bypass_escaping():
    for template in (REPO / "templates").glob("*.html"):
        assert "|safe" not in template.read_text().replace(" ", ""), template.name


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_no_write_operations(client, method):
    response = getattr(client, method)("/search")
    assert response.status_code == 405 and "<h1" in response.get_data(as_text=True)


def test_missing_index_is_a_503_page_with_a_remedy(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    assert "searchapp reindex" in get(client, "/search", status=503).get_data(as_text=True)


def test_configuration_order(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCHAPP_INDEX", str(tmp_path / "from-env"))
    monkeypatch.setenv("SEARCHAPP_PER_PAGE", "3")
    app = create_app({"PER_PAGE": 7})
    assert app.config["INDEX_DIR"] == str(tmp_path / "from-env") and app.config["PER_PAGE"] == 7


def test_index_dir_defaults_to_the_searchapp_index_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCHAPP_INDEX", str(tmp_path / "idx"))
    assert create_app().config["INDEX_DIR"] == str(tmp_path / "idx")


def test_flask_cli_finds_the_factory(monkeypatch, seed_index_dir):
    from flask.cli import ScriptInfo

    monkeypatch.setenv("SEARCHAPP_INDEX", str(seed_index_dir))
    app = ScriptInfo(app_import_path="searchapp").load_app()
    assert app.test_client().get("/search").status_code == 200


def test_warm_index_seconds_must_be_a_number():
    with pytest.raises(ValueError, match="WARM_INDEX_SECONDS"):
        create_app({"TESTING": True, "WARM_INDEX_SECONDS": "often"})


def test_the_app_warms_the_index_only_when_asked(seed_index_dir):
    import threading

    before = {t for t in threading.enumerate() if t.name == "searchapp-warm"}
    create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir)})
    assert {t for t in threading.enumerate() if t.name == "searchapp-warm"} == before
    app = create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir), "WARM_INDEX_SECONDS": 0.05})
    assert {t for t in threading.enumerate() if t.name == "searchapp-warm"} - before
    assert app.test_client().get("/search?q=partenariat").status_code == 200
