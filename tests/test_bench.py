"""The benchmark and the fast search path.

The bench runs end to end at a small size and its figures are sane; and the
fast path (numpy document sets, cached facet arrays) gives exactly the totals,
facet counts and hits that plain Whoosh gives, on the seeds and on a
generated corpus with translation pairs.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq

from searchapp.bench.corpus import generate_release, write_corpus
from searchapp.bench.peer import Fts5Peer, fts_query
from searchapp.bench.queries import query_mix
from searchapp.bench.runner import BenchConfig, format_table, run_bench
from searchapp.bench.sources import load_material
from searchapp.ingest.documents import parse_release
from searchapp.index.read.facets import order_values
from searchapp.index.reindex import reindex
from searchapp.index.querying import parse_user_query
from searchapp.search.service import SearchIndex, SearchRequest

FACET_FIELDS = ("partner", "region", "year", "lang")


@pytest.fixture(scope="module")
def material():
    return load_material()


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory, material) -> Path:
    """An index of 80 generated releases (every twelfth one a translation of the one before)."""
    root = tmp_path_factory.mktemp("bench-corpus")
    write_corpus(root / "corpus", 80, seed=7, material=material)
    report = reindex([root / "corpus"], root / "index")
    assert not report.failed, report.failed
    return root / "index"


# ---------------------------------------------------------------- corpus

def test_corpus_is_deterministic_and_seeded(material):
    assert generate_release(3, 17, material) == generate_release(3, 17, material)
    assert generate_release(3, 17, material) != generate_release(4, 17, material)


def test_corpus_releases_are_1_to_8_kb_readable_releases_in_both_languages(material):
    releases = [generate_release(1, k, material) for k in range(120)]
    sizes = [len(text.encode("utf-8")) for _, text in releases]
    assert min(sizes) >= 900 and max(sizes) <= 8 * 1024
    langs = [name.rsplit("-", 1)[1][:2] for name, _ in releases]
    assert 0.45 < langs.count("fr") / len(langs) < 0.75
    for name, text in releases[:20]:
        release = parse_release(text.encode("utf-8"), name)
        assert release.body and release.title


def test_translation_twin_shares_the_story_in_the_other_language(material):
    first_name, first = generate_release(1, 12, material)
    twin_name, twin = generate_release(1, 13, material)
    assert first_name[-6:-4] != twin_name[-6:-4]
    assert first.split(" ", 3)[:3] == twin.split(" ", 3)[:3] or "date" not in first[:6]


# ---------------------------------------------------------------- peer

@pytest.mark.parametrize("text, expected", [
    ("partenariat", '"partenariat"'),
    ('"life sciences" boston', '"life sciences" "boston"'),
    ("collaboration -ontario", '"collaboration" NOT "ontario"'),
    ("biotech*", '"biotech"*'),
    ("", None),
    ("-seul", None),
])
def test_fts_query_translation(text, expected):
    assert fts_query(text) == expected


def test_peer_finds_seed_releases(tmp_path, seed_index_dir):
    from searchapp.index.opening import open_live

    with open_live(seed_index_dir).searcher() as searcher:
        records = [stored["record"] for stored in searcher.all_stored_fields()]
    peer = Fts5Peer(tmp_path / "peer.sqlite")
    assert peer.build(records) == 5
    results = peer.search(SearchRequest(query="MassBio"))
    assert results.total == 1                        # a translation pair counts once
    assert dict(results.facets["lang"]) == {"en": 1, "fr": 1}
    assert "<mark>" in results.hits[0][2]
    assert peer.search(SearchRequest(query="", langs=("fr",))).total == 3
    peer.close()


# ---------------------------------------------------------------- bench smoke

def test_bench_runs_and_its_figures_are_sane(tmp_path):
    figures = run_bench(BenchConfig(releases=45, seed=2, workdir=str(tmp_path), rounds=1), echo=lambda _: None)
    assert figures.build["releases_per_second"] > 0
    assert figures.build["peak_process_mb"] > 0
    assert figures.incremental["seconds"] > 0
    assert "10 added" in figures.incremental["summary"][0]
    assert figures.query["p50_ms"] > 0 and figures.query["p95_ms"] >= figures.query["p50_ms"]
    assert figures.peer["p50_ms"] > 0 and figures.peer["releases_per_second"] > 0
    assert figures.cold_search_seconds > 0
    assert figures.worker["rss_mb"] > 0 and figures.worker["page_status"] == 200
    assert figures.answered["queries"] >= 50
    assert figures.answered["ours"] > figures.answered["queries"] // 2
    assert figures.answered["peer"] > figures.answered["queries"] // 2
    assert figures.answered["both"] > 0
    assert "ratio query p95" in format_table(figures)

    # --reuse measures the same work folder again without a full build.
    again = run_bench(BenchConfig(releases=45, seed=2, workdir=str(tmp_path), rounds=1, reuse=True),
                      echo=lambda _: None)
    assert not again.build and again.corpus["releases"] == 55
    assert "10 added" in again.incremental["summary"][0] and "55 unchanged" in again.incremental["summary"][0]
    assert again.answered["ours"] > again.answered["queries"] // 2
    assert "corpus and index reused" in format_table(again)


# ---------------------------------------------------------------- fast path = plain Whoosh

def plain_whoosh(index: SearchIndex, request: SearchRequest):
    """Total, facet counts and hit ids computed with Whoosh alone, document by document."""
    searcher = index.engine.searcher()
    reader = searcher.reader()
    group_of = {}
    for group in reader.lexicon("group"):
        for doc in searcher.docs_for_query(wq.Term("group", group.decode())):
            group_of[doc] = group
    parsed = parse_user_query(request.query, searcher.schema, reader)
    if parsed.query is None:
        base = set(reader.all_doc_ids())
    else:
        base = set(searcher.docs_for_query(parsed.query))
    wanted = {"partner": request.partners, "region": request.regions, "lang": request.langs,
              "year": tuple(str(y) for y in request.years)}
    filters = {name: set(searcher.docs_for_query(wq.Or([wq.Term(name, v) for v in values])))
               for name, values in wanted.items() if values}
    if request.date_from or request.date_to:
        from searchapp.index.schema import date_bounds

        lo = date_bounds(request.date_from)[0] if request.date_from else 0
        hi = date_bounds(request.date_to)[1] if request.date_to else 99999999
        base = {d for d in base if searcher.stored_fields(d)["record"].get("date")
                and date_bounds(searcher.stored_fields(d)["record"]["date"])[1] >= lo
                and date_bounds(searcher.stored_fields(d)["record"]["date"])[0] <= hi}
    final = set(base)
    for docs in filters.values():
        final &= docs
    facets = {}
    for name in FACET_FIELDS:
        docs = set(base)
        for other, allowed in filters.items():
            if other != name:
                docs &= allowed
        counts = {}
        for value in reader.lexicon(name):
            having = docs & set(searcher.docs_for_query(wq.Term(name, value.decode())))
            groups = {group_of.get(d, d) for d in having}
            if groups:
                counts[value.decode()] = len(groups)
        chosen = set(wanted.get(name, ()))
        shown = order_values(name, {**{v: 0 for v in chosen}, **counts}, chosen, 40)
        facets[name] = {v.value: v.count for v in shown if v.count}
    by_date = request.sort == "date" or parsed.query is None
    if by_date:
        from whoosh.sorting import FieldFacet

        results = searcher.search(wq.Every(), filter=final, limit=None,
                                  sortedby=FieldFacet("date_start", reverse=True)) if final else []
        ordered = [(result.docnum, 0.0) for result in results]
    else:
        scores = whoosh_scores(searcher, parsed.query, sorted(final))
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    entries, seen = [], set()
    for docnum, score in ordered:
        group = group_of.get(docnum, docnum)
        if group not in seen:
            seen.add(group)
            entries.append((searcher.stored_fields(docnum)["id"], score))
    start = (request.page - 1) * request.per_page
    return len({group_of.get(d, d) for d in final}), facets, entries[start:start + request.per_page]


def whoosh_scores(searcher, query, docs: list[int]) -> dict[int, float]:
    """Each document's score from Whoosh's own matchers, one document at a time.

    A DisjunctionMax is taken per document as Lucene defines it (the best
    branch plus `tiebreak` times the others): Whoosh 2.7's matcher compares
    scores of branches positioned on different documents.
    """
    if isinstance(query, wq.DisjunctionMax):
        branches = [whoosh_scores(searcher, sub, docs) for sub in query.subqueries]
        combined = {}
        for doc in docs:
            found = [branch[doc] for branch in branches if doc in branch]
            if found:
                best = max(found)
                combined[doc] = best + query.tiebreak * (sum(found) - best) if query.tiebreak else best
        return combined
    scores = {}
    context = searcher.context(needs_current=True)
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        for doc in docs:
            local = doc - offset
            if local < 0 or local >= sub.doc_count_all() or not matcher.is_active():
                continue
            matcher.skip_to(local)
            if matcher.is_active() and matcher.id() == local:
                scores[doc] = matcher.score()
    return scores


def same_ranking(fast_ids: list[str], reference: list[tuple[str, float]], index: SearchIndex) -> bool:
    """The same ids in the same order, but for documents whose scores tie to the last bits."""
    if fast_ids == [i for i, _ in reference]:
        return True
    scores = dict(reference)
    if set(fast_ids) != set(scores):
        return False
    return all(abs(scores[a] - score) <= 1e-9 * max(1.0, abs(score))
               for a, (_, score) in zip(fast_ids, reference))


def fast_path(index: SearchIndex, request: SearchRequest):
    results = index.search(request)
    facets = {name: {v.value: v.count for v in results.facets[name] if v.count}
              for name in FACET_FIELDS}
    return results.total, facets, [hit.id for hit in results.hits]


SEED_REQUESTS = [
    SearchRequest(query="partenariat"),
    SearchRequest(query="life sciences"),
    SearchRequest(query='"sciences de la vie"'),
    SearchRequest(query='"vie sciences"'),              # both words everywhere, never in this order
    SearchRequest(query='"Larose Benoît" OR "life sciences"'),
    SearchRequest(query="MassBio"),
    SearchRequest(query="collaboration -ontario"),
    SearchRequest(query="biotech*"),
    SearchRequest(query="Benoit OR Wisconsin"),
    SearchRequest(query=""),
    SearchRequest(query="", langs=("fr",)),
    SearchRequest(query="Québec", years=(2023, 2024)),
    SearchRequest(query="", regions=("Ontario",), sort="date"),
    SearchRequest(query="entente", date_from="2023", date_to="2024-12"),
    SearchRequest(query="nothing-at-all-here"),
]


def assert_same(index: SearchIndex, request: SearchRequest) -> None:
    total, facets, ids = fast_path(index, request)
    plain_total, plain_facets, entries = plain_whoosh(index, request)
    assert (total, facets) == (plain_total, plain_facets), request
    assert same_ranking(ids, entries, index), (request, ids, entries)


@pytest.mark.parametrize("request_", SEED_REQUESTS, ids=lambda r: repr(r.query) + str(r.langs + r.regions))
def test_fast_path_equals_plain_whoosh_on_seeds(seed_index, request_):
    assert_same(seed_index, request_)


def test_fast_path_equals_plain_whoosh_on_a_generated_corpus(corpus_index, material):
    index = SearchIndex(corpus_index)
    assert index.search(SearchRequest(query="")).total < 80     # translation pairs were linked
    checked = 0
    for request in query_mix(material):
        assert_same(index, request)
        checked += 1
    assert checked >= 50


def _whoosh_more_like(index: SearchIndex, release_id: str, fieldname: str, text: str, limit: int, numterms: int):
    searcher = index.engine.searcher()
    docnum = searcher.document_number(id=release_id)
    return [(hit["id"], hit.score) for hit in searcher.more_like(docnum, fieldname, text=text, top=limit,
                                                                  numterms=numterms)]


@pytest.mark.parametrize("numterms", [5, 12])
def test_similar_releases_equal_whooshs_more_like_this(seed_index, corpus_index, numterms):
    """similar_to ranks Whoosh's more-like-this query on the cached arrays: the same releases."""
    compared = 0
    for index in (seed_index, SearchIndex(corpus_index)):
        searcher = index.engine.searcher()
        for stored in list(searcher.all_stored_fields())[:40]:
            record = stored["record"]
            field, text = f"text_{record['lang'] if record['lang'] in ('fr', 'en') else 'other'}", "\n".join(record["body"])
            reference = _whoosh_more_like(index, record["id"], field, text, 6, numterms)
            found = index.similar_to(record["id"], field, text, 6, numterms=numterms)
            assert same_ranking([i for i, _ in found], reference, index), (record["id"], found, reference)
            assert all(abs(score - dict(reference)[i]) <= 1e-6 * max(1.0, score) for i, score in found)
            compared += bool(reference)
    assert compared > 30
