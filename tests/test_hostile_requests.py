"""Hostile queries and requests: never a 500, never unescaped input, bounded work, safe headers.

Property-based (hypothesis) over the query text and every URL parameter of
/search, /api/search, /feed.atom and /release/<id>, on a real index; plus the
time limit, the wildcard bound, path traversal, and a real `searchapp serve`.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp import create_app
from searchapp import config
from searchapp.index.read import docsets
from searchapp.search import service as search_module
from searchapp.bench.corpus import write_corpus
from searchapp.bench.sources import load_material
from searchapp.index.reindex import reindex
from searchapp.index.querying import MAX_EXPANSIONS, parse_user_query
from searchapp.search.service import SearchIndex, SearchRequest

from conftest import accepts, fetch, free_port

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TEMPLATES = REPO / "templates"
PROBES = ('<xprobe>', '"><xprobe x="', "'><xprobe>", "</title><xprobe>", "<xprobe onload=alert(1)>",
          "<!--<xprobe>-->", "]]><xprobe/>", "&lt;xprobe&gt;")
PARAMETERS = ("q", "partner", "region", "lang", "year", "month", "from", "to", "sort", "page",
              "xlang", "speaker")
PLAUSIBLE = ("", "fr", "en", "und", "2024", "2024-06", "2024-06-03", "2024-13", "2024-02-30", "0",
             "1", "-1", "99999999999", "date", "relevance", "Quebec", "Québec", "MassBio", "*", "a*",
             "partner:MassBio", "\"protocole d'entente", "(((", "AND", "NOT", "-", "~", "^2", "%00",
             "\x00", "é" * 300, "x" * 1001)
HTML_SETTINGS = settings(max_examples=60, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """Seeds, a few generated releases, and one release with 300 words sharing a prefix."""
    root = tmp_path_factory.mktemp("hostile-requests")
    write_corpus(root / "generated", 40, seed=5, material=load_material())
    words = " ".join(f"plo{chr(97 + i // 26 % 26)}{chr(97 + i % 26)}quat" for i in range(300))
    (root / "many").mkdir()
    (root / "many" / "vocabulary.txt").write_text(
        f"A glossary of plo words\n\nThe following words are listed here: {words}.\n", encoding="utf-8")
    report = reindex([SEEDS, root / "generated", root / "many"], root / "index")
    assert not report.failed, report.failed
    return root / "index"


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


# ---------------------------------------------------------------- what a safe answer is

def template_tags() -> set[str]:
    """Every element name the templates can produce, plus <mark> from snippets."""
    tags = {"mark"}
    for path in TEMPLATES.rglob("*.html"):
        tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", path.read_text(encoding="utf-8"))}
    return tags


ALLOWED_TAGS = template_tags()


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.bad_attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad_attributes.append((name, value))


def assert_safe_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    script_src = re.search(r"script-src([^;]*)", csp)
    assert script_src is None or "unsafe" not in script_src.group(1)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy")


def assert_safe_html(response) -> None:
    assert response.status_code in (200, 400, 404), response.status_code
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "<xprobe" not in body.lower() and "xprobe x=\"" not in body
    parser = TagCollector()
    parser.feed(body)
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    assert parser.bad_attributes == []
    assert "Traceback" not in body
    assert_safe_headers(response)


# ---------------------------------------------------------------- strategies

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
values = st.one_of(st.sampled_from(PLAUSIBLE), texts,
                   st.builds(lambda a, p, b: a + p + b, texts, st.sampled_from(PROBES), texts))
query_strings = st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=6)


# ---------------------------------------------------------------- properties

@HTML_SETTINGS
@given(pairs=query_strings)
def test_search_page_is_never_a_500_nor_unescaped(client, pairs):
    response = client.get("/search", query_string=pairs)
    assert_safe_html(response)


@HTML_SETTINGS
@given(query=st.one_of(texts, st.builds(lambda a, p: a + p, texts, st.sampled_from(PROBES))))
def test_any_query_text_is_answered_and_escaped(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    assert_safe_html(response)


@HTML_SETTINGS
@given(pairs=query_strings)
def test_api_search_answers_json(client, pairs):
    response = client.get("/api/search", query_string=pairs)
    assert response.status_code in (200, 400), response.status_code
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    if response.status_code == 200:
        assert set(data) >= {"query", "total", "hits", "facets", "message"}
    else:
        assert data["status"] == 400 and data["message"]
    assert_safe_headers(response)


@HTML_SETTINGS
@given(pairs=query_strings)
def test_feed_is_well_formed_atom(client, pairs):
    response = client.get("/feed.atom", query_string=pairs)
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert response.mimetype == "application/atom+xml"
        root = ET.fromstring(response.get_data())
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert b"<xprobe" not in response.get_data().lower()
    else:       # a message a feed reader can show: plain text, which no browser runs (nosniff)
        assert response.mimetype == "text/plain" and "Traceback" not in response.get_data(as_text=True)
    assert_safe_headers(response)


@HTML_SETTINGS
@given(release_id=st.one_of(texts, st.sampled_from(["..", "../../etc/passwd", "%2e%2e", "gen-000001",
                                                      "CURRENT", "reindex.lock", "000_dd3ca03c2384138d"])))
def test_release_pages_are_found_or_404(client, release_id):
    for prefix in ("/release/", "/api/release/"):
        response = client.get(prefix + quote(release_id, safe=""))
        assert response.status_code in (200, 404, 308), (prefix, release_id, response.status_code)
        if prefix == "/release/" and response.status_code != 308:
            assert_safe_html(response)
        assert_safe_headers(response)


# ---------------------------------------------------------------- targeted cases

@pytest.mark.parametrize("path", [
    "/release/..%2F..%2Fetc%2Fpasswd", "/release/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/release/..%2F..%2Fetc%2Fpasswd", "/release/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/release/..%5C..%5Cwindows", "/release/gen-000001", "/release/CURRENT",
])
def test_release_ids_cannot_reach_files(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.get_data(as_text=True)


def test_a_known_release_is_served(client):
    response = client.get("/release/000_dd3ca03c2384138d")
    assert response.status_code == 200
    assert_safe_html(response)


@pytest.mark.parametrize("path", ["/search?q=Quebec", "/api/search?q=Quebec", "/feed.atom?q=Quebec",
                                  "/release/nope", "/search?year=abcd", "/api/search?page=0"])
def test_security_headers_everywhere(client, path):
    assert_safe_headers(client.get(path))


def test_no_write_method_is_accepted(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/search?q=Quebec")
        assert response.status_code == 405


def test_wildcards_are_bounded(index_dir):
    index = SearchIndex(index_dir)
    searcher = index.engine.searcher()
    parsed = parse_user_query("plo*", searcher.schema, searcher.reader())
    leaves = [q for q in parsed.query.leaves()]
    families = {q.fieldname for q in leaves}
    assert 0 < len(leaves) <= MAX_EXPANSIONS * len(families)
    results = index.search(SearchRequest(query="plo*"))
    assert results.total == 1 and "too many" in (results.message or "")


@pytest.mark.parametrize("query", ["a*", "*", "?", "*a", "**", "a?", "~", "a~", "plo~2 *"])
def test_short_or_bare_wildcards_do_not_scan_the_vocabulary(client, index_dir, query):
    index = SearchIndex(index_dir)
    searcher = index.engine.searcher()
    parsed = parse_user_query(query, searcher.schema, searcher.reader())
    leaves = list(parsed.query.leaves()) if parsed.query is not None else []
    assert len(leaves) <= 2 * MAX_EXPANSIONS
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert_safe_html(response)


BROAD = "partenariat OR partnership OR sciences OR entente OR agreement OR Quebec"


def test_a_slow_query_returns_partial_results_with_a_notice(client, index_dir, monkeypatch):
    """The matching is cut at the time limit: here no time at all, so the cut is certain to happen."""
    complete = SearchIndex(index_dir).search(SearchRequest(query=BROAD))
    assert not complete.partial and complete.total > 10
    _zero_time_limit(monkeypatch)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the timer thread run as soon as it is started
    try:
        results = SearchIndex(index_dir).search(SearchRequest(query=BROAD))
        page = client.get("/search", query_string={"q": BROAD})
    finally:
        sys.setswitchinterval(switch)
    assert results.partial
    assert results.total < complete.total
    assert "incomplete" in (results.message or "")
    assert page.status_code == 200
    assert "incomplete" in page.get_data(as_text=True) or "incomplet" in page.get_data(as_text=True)


def _zero_time_limit(monkeypatch) -> None:
    for module in (config, search_module, docsets):  # wherever the limit is read
        monkeypatch.setattr(module, "SEARCH_TIME_LIMIT", 0.0, raising=module is config)


def test_a_phrase_cut_by_the_time_limit_returns_what_it_checked_and_carries_on(tmp_path, monkeypatch):
    """Positions are checked segment by segment: a cut search shows the releases of the
    segments checked so far, and each new search of the phrase checks more of them."""
    for batch in range(4):                      # one reindex per batch: a segment each
        folder = tmp_path / "sources" / f"batch{batch}"
        folder.mkdir(parents=True)
        for number in range(3):
            (folder / f"release{number}.txt").write_text(
                f"Supply chain news {batch}-{number}\n\nMONTREAL, March {number + 1}, 2024 - The company "
                f"announced today that its supply chain for medical devices reached region {batch}. "
                "The new plant will hire forty people and ship to hospitals across the country.\n\n"
                "A chain of suppliers will supply the parts, the company said in a statement.\n",
                encoding="utf-8")
        reindex([tmp_path / "sources"], tmp_path / "index")
    query = '"supply chain"'
    complete = SearchIndex(tmp_path / "index").search(SearchRequest(query=query, per_page=50))
    assert len(complete.facets) and complete.total == 12 and not complete.partial
    segments = len(list(SearchIndex(tmp_path / "index").engine.searcher().reader().leaf_readers()))
    assert segments >= 3
    _zero_time_limit(monkeypatch)
    index = SearchIndex(tmp_path / "index")
    totals = []
    for _ in range(segments):
        results = index.search(SearchRequest(query=query, per_page=50))
        assert results.partial and "incomplete" in (results.message or "")
        assert {hit.id for hit in results.hits} <= {hit.id for hit in complete.hits}
        totals.append(results.total)
    assert 0 < totals[0] < complete.total
    assert totals == sorted(totals) and totals[-1] == complete.total
    monkeypatch.undo()
    results = index.search(SearchRequest(query=query, per_page=50))
    assert not results.partial and results.total == complete.total
    assert [hit.id for hit in results.hits] == [hit.id for hit in complete.hits]
    # Excluding a phrase takes its whole answer: a cut never lets a release holding it through.
    _zero_time_limit(monkeypatch)
    excluded = SearchIndex(tmp_path / "index").search(SearchRequest(query='company -"supply chain"'))
    assert excluded.partial and excluded.total == 0


def test_a_long_query_is_refused_or_cut_without_error(client):
    response = client.get("/search", query_string={"q": "partenariat " * 500})
    assert response.status_code in (200, 400)
    assert_safe_html(response)


# ---------------------------------------------------------------- the real server

@pytest.fixture(scope="module")
def server(index_dir):
    """`searchapp serve` in its own process, asked for debug mode by every variable there is."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO), FLASK_DEBUG="1", SEARCHAPP_DEBUG="true",
               FLASK_ENV="development", WERKZEUG_DEBUG_PIN="off")
    proc = subprocess.Popen([sys.executable, "-m", "searchapp.cli", "serve", "--port", str(port),
                             "--index", str(index_dir)], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not accepts(port):
        time.sleep(0.1)
    assert proc.poll() is None, proc.stderr.read()
    yield port
    proc.terminate()
    proc.communicate(timeout=30)


def test_serve_never_runs_the_debugger(server):
    status, headers, body = fetch(server, "/?__debugger__=yes&cmd=resource&f=debugger.js")
    assert headers["content-type"].startswith("text/html")  # the search page, not the debugger's script
    assert "Werkzeug" not in body and "EVALEX" not in body
    status, headers, body = fetch(server, "/console")
    assert status == 404 and "Werkzeug" not in body and "Traceback" not in body


def test_serve_answers_searches_from_its_worker_threads(server):
    status, headers, body = fetch(server, "/search?q=Quebec+partenariat")
    assert status == 200
    assert headers["server"] == "waitress"
    assert headers["x-content-type-options"] == "nosniff"
    status, _, body = fetch(server, "/api/search?q=" + quote("sciences de la vie"))
    assert status == 200 and json.loads(body)["total"] >= 3


def test_serve_answers_bad_parameters_with_a_message_not_a_traceback(server):
    status, headers, body = fetch(server, "/search?year=" + quote("<xprobe>"))
    assert status == 200 and "notice--error" in body and "«\u202fyear\u202f»" in body
    assert fetch(server, "/api/search?year=" + quote("<xprobe>"))[0] == 400
    assert "<xprobe" not in body and "Traceback" not in body
