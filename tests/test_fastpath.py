"""The fast read and write paths pinned to Whoosh's own output, and proven equal to the plain path.

The fast paths (index/read, index/write) read and write Whoosh's files
directly; index/fastpath.py turns them off by a setting or on a Whoosh
version they were not checked against, and Whoosh's public API serves
instead (read/plain.py, Whoosh's own writer). Here: each fast part against
what Whoosh itself reads or writes; an index written by the fast writer read
back whole through Whoosh's public reader; and searches, facet counts,
phrases, ranking and reindexing giving the same answers with the switch on
and off. (test_search.py and test_index.py also run in both modes.)
"""
from __future__ import annotations

import logging
import shutil

import pytest

from conftest import SEEDS


# ---------------------------------------------------------------- the switch and the version gate

def test_the_setting_is_read_at_each_call(monkeypatch):
    from searchapp import config
    from searchapp.index import fastpath

    monkeypatch.delenv(config.FAST_PATH_ENV, raising=False)
    assert fastpath.enabled() is config.FAST_PATH is True
    for value, expected in (("0", False), ("off", False), ("1", True), ("yes", True), ("", True)):
        monkeypatch.setenv(config.FAST_PATH_ENV, value)
        assert fastpath.enabled() is expected, value
    monkeypatch.delenv(config.FAST_PATH_ENV)
    monkeypatch.setattr(config, "FAST_PATH", False)
    assert fastpath.enabled() is False


def test_an_unknown_whoosh_version_turns_the_fast_path_off_with_one_log_line(monkeypatch, caplog, tmp_path,
                                                                             fast_path_on):
    import whoosh
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from searchapp.index import fastpath
    from searchapp.index.read.plain import PlainPostings
    from searchapp.index.reindex import reindex
    from searchapp.index.storage import current_generation
    from searchapp.index.write.segmentwriter import BulkLengthsWriter, open_writer
    from searchapp.search.service import SearchIndex, SearchRequest

    assert fastpath.enabled() and tuple(whoosh.__version__) in fastpath.CHECKED_VERSIONS
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 99))
    with caplog.at_level(logging.WARNING, logger=fastpath.__name__):
        assert not fastpath.enabled() and not fastpath.enabled()
        reindex([SEEDS], tmp_path / "index")
        index = SearchIndex(tmp_path / "index")
        assert index.search(SearchRequest(query="partenariat")).total >= 1
        assert isinstance(index.engine.snapshot().facets.postings, PlainPostings)
        writer = open_writer(whoosh_index.open_dir(str(current_generation(tmp_path / "index"))))
        assert type(writer) is SegmentWriter and not isinstance(writer, BulkLengthsWriter)
        writer.cancel()
    lines = [r.getMessage() for r in caplog.records if r.name == fastpath.__name__]
    assert len(lines) == 1 and "2.7.99" in lines[0] and "2.7.5" in lines[0]
    fastpath.known_version.cache_clear()


# ---------------------------------------------------------------- fast writer and plain writer, fast and plain reader

def _reindex(source, index_dir, fast: bool, processes: int):
    from searchapp.config import FAST_PATH_ENV
    from searchapp.index.reindex import reindex

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FAST_PATH_ENV, "1" if fast else "0")
        return reindex([source], index_dir, processes=processes)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{fast: index folder}: the same releases written with the fast path on and off: a first
    build in workers, then an update in this process (a release rewritten, one removed, three
    added), so each index has two segments and deletions."""
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material

    root, material = tmp_path_factory.mktemp("fastpath"), load_material(())
    source, folders = root / "releases", {True: root / "fast", False: root / "plain"}
    write_corpus(source / "generated", 150, 3, material)
    shutil.copytree(SEEDS, source / "seeds")
    for fast, index_dir in folders.items():
        assert _reindex(source, index_dir, fast, processes=2).added == 155
    write_corpus(source / "more", 3, 3, material, start=150)
    (source / "seeds" / "002_158fcca2e1f278d7.txt").unlink()
    rewritten = sorted((source / "generated").rglob("*.txt"))[0]
    rewritten.write_text("Les hippocampes\n\nUne étude sur les hippocampes du fleuve.\n", encoding="utf-8")
    for fast, index_dir in folders.items():
        report = _reindex(source, index_dir, fast, processes=1)
        assert (report.added, report.updated, report.removed) == (3, 1, 1)
    return folders


def _public_view(index_dir) -> dict:
    """Everything Whoosh's public reader gives of an index, document numbers replaced by release
    ids (the workers number documents in the order they finish): stored fields, every term's
    statistics and postings (weight and decoded value), field lengths, columns."""
    from searchapp.index.opening import open_live

    with open_live(index_dir).searcher() as searcher:
        reader = searcher.reader()
        ids = {doc: reader.stored_fields(doc)["id"] for doc in reader.all_doc_ids()}
        view = {"stored": {ids[doc]: reader.stored_fields(doc) for doc in ids}, "terms": {}, "lengths": {},
                "count": (reader.doc_count(), len(ids))}
        for fieldname, term in reader.all_terms():
            field = reader.schema[fieldname]
            info = reader.term_info(fieldname, term)
            postings, matcher = [], reader.postings(fieldname, term)
            while matcher.is_active():
                value = matcher.value_as("positions") if field.format.supports("positions") else matcher.value()
                postings.append((ids[matcher.id()], matcher.weight(), value))
                matcher.next()
            if postings:          # terms of deleted documents only wait for a merge, on either path
                view["terms"][fieldname, term] = (sorted(postings), info.min_length(), info.max_length())
        for fieldname in reader.schema.scorable_names():
            view["lengths"][fieldname] = ({ids[d]: reader.doc_field_length(d, fieldname) for d in ids},
                                          searcher.avg_field_length(fieldname))
        for fieldname in ("date_start", "date_end"):
            column = reader.column_reader(fieldname)
            view[fieldname] = {ids[d]: column[d] for d in ids}
    return view


def test_the_fast_writers_index_reads_back_through_whooshs_public_reader(built):
    """Every document, term, posting (weights and positions) and field length of the fast
    writer's index, read through Whoosh's public reader, equals those of Whoosh's own writer's."""
    fast, plain = _public_view(built[True]), _public_view(built[False])
    assert fast["count"] == plain["count"] == (157, 157)
    assert fast["stored"] == plain["stored"]
    assert len(fast["terms"]) > 3000 and fast["terms"] == plain["terms"]
    assert max(len(postings) for postings, _, _ in fast["terms"].values()) > 128        # several blocks
    assert fast["lengths"] == plain["lengths"]
    assert fast["date_start"] == plain["date_start"] and fast["date_end"] == plain["date_end"]


QUERIES = ["", "partenariat", "life sciences", '"sciences de la vie"', "Québec", "innovation", "recherche -clinique",
           "NOT innovation", "innovation OR recherche", '"clinical research"~3', "title:entente", "sci*", "zzqxjw",
           "hippocampes", "BIOQuébec", '"research"', "partenariat AND (Québec OR Ontario)", "lang:en innovation"]


def _answers(index_dir, fast: bool) -> list:
    """What a search interface answers, on a fresh handle, with the fast path on or off."""
    from searchapp.config import FAST_PATH_ENV
    from searchapp.search.service import SearchIndex, SearchRequest

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FAST_PATH_ENV, "1" if fast else "0")
        index = SearchIndex(index_dir)
        snapshot = index.engine.snapshot()
        assert snapshot.facets.postings.fast is fast
        answers = []
        for query in QUERIES:
            for request in (SearchRequest(query=query, per_page=30), SearchRequest(query=query, sort="date"),
                            SearchRequest(query=query, xlang=True, page=2),
                            SearchRequest(query=query, langs=("fr",), years=(2024,))):
                results = index.search(request)
                answers.append((request, results.to_json(), [hit.score for hit in results.hits], results.partial))
            answers.append(index.ranked_records(SearchRequest(query=query), 20))
        some = sorted(stored["id"] for stored in snapshot.searcher.all_stored_fields())[::20]
        answers += [[(hit.id, hit.score) for hit in index.more_like_this(release)] for release in some]
        answers += [index.engine.doc_frequency(snapshot, "text_fr", word) for word in ("scienc", "quebec", "zzqxjw")]
        answers += [index.engine.docs_holding(snapshot, "text_en", words).tolist()
                    for words in (("research",), ("life", "scienc"))]
        answers.append(index.stats())
    return answers


def test_searches_facets_phrases_and_ranking_are_the_same_with_the_fast_path_off(built):
    """The same answers (hits and their order, scores, totals, facet counts, phrases, related
    releases, term statistics) from both readers, on both writers' indexes."""
    expected = _answers(built[True], fast=True)
    assert sum(bool(json["total"]) for _, json, _, _ in expected[:len(QUERIES) * 5:5]) > 12
    assert _answers(built[True], fast=False) == expected
    assert _answers(built[False], fast=False) == _answers(built[False], fast=True)


# ---------------------------------------------------------------- the fast read path against Whoosh's reader

def test_kept_term_statistics_and_key_terms_equal_whooshs(tmp_path, fast_path_on):
    """Term statistics summed over the segments (deleted documents included) equal Whoosh's
    reader's, and the key terms of a release's text equal key_terms_from_text's, after every
    kind of reindex (several segments, deletions, rewritten releases)."""
    from conftest import every_kind_of_reindex
    from searchapp.index.read.ranking import key_terms
    from searchapp.index.engine import _POSTINGS_LOCK
    from searchapp.search.service import SearchIndex

    def check(index_dir):
        index = SearchIndex(index_dir)
        searcher = index.engine.searcher()
        reader = searcher.reader()
        postings = index.engine.facet_cache(searcher).postings
        segments, compared = len(list(reader.leaf_readers())), 0
        for stored in list(searcher.all_stored_fields())[::4]:
            record = stored["record"]
            field = f"text_{record['lang'] if record['lang'] in ('fr', 'en') else 'other'}"
            text = "\n".join(record["body"])
            with _POSTINGS_LOCK:
                kept = key_terms(searcher, postings, field, text, 12)
                words = [word for word, _ in searcher.key_terms_from_text(field, text, numterms=400)]
                stats = [postings.term_stats(field, word) for word in [*words, "zzqxjw"]]
            assert kept == searcher.key_terms_from_text(field, text, numterms=12, normalize=False)
            assert stats == [(reader.doc_frequency(field, w), reader.frequency(field, w))
                             for w in [*words, "zzqxjw"]]
            assert stats[-1] == (0, 0)
            compared += len(words)
        return segments, compared

    checks = every_kind_of_reindex(tmp_path, check)
    assert max(segments for segments, _ in checks) > 1
    assert all(compared > 200 for _, compared in checks)


def test_posting_arrays_equal_whooshs_postings(tmp_path, fast_path_on):
    """Every term's documents and weights read a block at a time (the block's pickle read
    in place where it has Whoosh's usual shape, else unpickled) equal Whoosh's matcher's,
    on an index with terms of one posting and of several blocks, updated twice."""
    import pickle
    import zlib

    import numpy as np

    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.index.read.blocks import regular_block
    from searchapp.index.read.postings import leaf_term_postings

    material = load_material(())
    write_corpus(tmp_path / "releases" / "a", 300, 4, material)
    reindex([tmp_path / "releases"], tmp_path / "index", processes=1)
    write_corpus(tmp_path / "releases" / "b", 12, 4, material, start=300)
    reindex([tmp_path / "releases"], tmp_path / "index")
    reader = open_live(tmp_path / "index").reader()
    shapes, longest = {True: 0, False: 0}, 0
    for leaf, _ in reader.leaf_readers():
        for (fieldname, term), _ in leaf._terms.items():
            docs, weights = leaf_term_postings(leaf, fieldname, term)
            matcher = leaf.postings(fieldname, term)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            assert list(zip(docs.tolist(), weights.tolist())) == expected, (fieldname, term)
            longest = max(longest, len(expected))
            matcher = leaf._terms.matcher(fieldname, term, leaf.schema[fieldname].format)
            while hasattr(matcher, "_next_block") and matcher.is_active():
                data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
                data = zlib.decompress(data) if matcher._compression else data
                found, (ids, block_weights, _) = regular_block(data, matcher._blocklength), pickle.loads(data)
                shapes[found is not None] += 1
                if found is not None:
                    assert [found[0], *found[1].tolist()] == list(ids)
                    assert found[2].astype(np.float32).tolist() == (
                        [1.0] * len(ids) if block_weights is None else
                        [block_weights] * len(ids) if isinstance(block_weights, float) else list(block_weights))
                matcher._next_block()
    assert longest > 2 * 128 and shapes[True] > 100 and shapes[False] > 100


def test_phrase_documents_equal_whooshs_phrase_query(tmp_path, fast_path_on):
    """The phrase check on every candidate at once (each word's positions unpickled a block
    at a time) finds exactly the documents Whoosh's own phrase query finds, on an index of
    several segments holding deleted documents, for phrases in and out of order, of two
    and three words, with repeated words and with a word held a thousand times in one release."""
    import random

    import numpy as np

    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.phrases import GappedPhrase
    from searchapp.index.read.docsets import phrase_docs
    from searchapp.index.reindex import reindex
    from searchapp.index.read.postings import leaf_position_arrays
    from searchapp.index.engine import _POSTINGS_LOCK
    from searchapp.search.service import SearchIndex

    material, source = load_material(()), tmp_path / "releases"
    write_corpus(source / "a", 200, 4, material)
    long_text = " ".join(["innovation"] * 1200 + ["sciences", "de", "la", "vie"] * 300)
    (source / "long.txt").write_text(f"Innovation innovation\n\n{long_text}\n\nInnovation sciences vie.\n",
                                     encoding="utf-8")
    reindex([source], tmp_path / "index", processes=2)
    write_corpus(source / "b", 20, 4, material, start=200)
    next((source / "a").rglob("*.txt")).write_text("Innovation\n\nsciences innovation vie de la\n", encoding="utf-8")
    reindex([source], tmp_path / "index")

    index = SearchIndex(tmp_path / "index")
    searcher = index.engine.searcher()
    reader, postings = searcher.reader(), index.engine.facet_cache(searcher).postings
    assert len(list(reader.leaf_readers())) > 1 and reader.has_deletions()
    live = np.zeros(reader.doc_count_all(), dtype=bool)
    live[list(reader.all_doc_ids())] = True
    rng, phrases = random.Random(5), []
    releases = sorted((stored["record"] for stored in searcher.all_stored_fields()), key=lambda r: r["id"])
    for fieldname, lang in (("text_fr", "fr"), ("text_en", "en"), ("title_fr", "fr")):
        for record in rng.sample([r for r in releases if r["lang"] == lang], 25):
            text = record["title"] if fieldname.startswith("title") else " ".join(record["body"])
            tokens = [(t.text, t.pos) for t in searcher.schema[fieldname].analyzer(
                text, positions=True, mode="query")]
            for size in (2, 3):
                if len(tokens) > size:
                    start = rng.randrange(len(tokens) - size)
                    window = tokens[start:start + size]
                    offsets = [pos - window[0][1] for _, pos in window]   # stop-word gaps kept
                    phrases.append((fieldname, [word for word, _ in window], offsets))
                    phrases.append((fieldname, [word for word, _ in window][::-1], None))
        phrases += [(fieldname, ["innovation", "innovation"], None),
                    (fieldname, ["scienc", "vie", "scienc"], [0, 3, 4]),
                    (fieldname, ["scienc", "vie"], None), (fieldname, ["innovation", "scienc"], None),
                    (fieldname, ["vie", "innovation"], None)]
    found_some = 0
    for fieldname, words, offsets in phrases:
        query = GappedPhrase(fieldname, words, offsets=offsets)
        with _POSTINGS_LOCK:
            fast = np.flatnonzero(phrase_docs(searcher, postings, query)).tolist()
        assert fast == sorted(d for d in searcher.docs_for_query(query) if live[d]), (fieldname, words)
        found_some += bool(fast)
    assert found_some > 120

    held = 0
    for leaf, _ in reader.leaf_readers():
        for (fieldname, term), _ in leaf._terms.items():
            if not fieldname.startswith(("text_", "title_")):
                continue
            matcher, expected = leaf.postings(fieldname, term), []
            while matcher.is_active():
                expected += [(matcher.id(), p) for p in matcher.value_as("positions")]
                matcher.next()
            every = np.array(list(leaf.all_doc_ids()), dtype=np.int64)     # Whoosh's matcher skips deleted ones
            asked = every[::2] if held % 2 else every
            docs, positions = leaf_position_arrays(leaf, fieldname, term, asked)
            wanted = [(d, p) for d, p in expected if d in set(asked.tolist())]
            assert list(zip(docs.tolist(), positions.tolist())) == wanted, (fieldname, term)
            held += 1
    assert held > 1000


def test_gap_lists_unpickle_many_positions_values_at_once():
    """Whoosh's Positions values, whole or without their stop (as older codecs keep them),
    give their gap lists in one unpickling; a value pickled otherwise is read on its own."""
    import pickle
    import struct

    from whoosh.formats import Positions

    from searchapp.index.read.blocks import gap_lists

    position_lists = [[0], [3, 4, 204, 70204], list(range(1, 2500)), [46], [65535, 65536]]
    values = [Positions().encode(positions) for positions in position_lists]
    gaps = [[b - a for a, b in zip([0, *positions], positions)] for positions in position_lists]
    assert gap_lists(values) == gaps
    assert gap_lists([v[:-1] if i % 2 else v for i, v in enumerate(values)]) == gaps
    other = struct.pack("!I", 2) + pickle.dumps([7, 1], 4)
    assert gap_lists([*values, other]) == [*gaps, [7, 1]]
    assert gap_lists([]) == []


def test_facets_after_a_reindex_equal_a_fresh_read(tmp_path, seeds_copy, fast_path):
    """Facet postings are remembered per segment across reindexes: a searcher that has seen the
    index before an update counts exactly what one that reads everything afresh counts."""
    from searchapp.index.read import terms
    from searchapp.index.reindex import reindex
    from searchapp.search.service import SearchIndex, SearchRequest

    from conftest import write_release

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    index = SearchIndex(index_dir)
    before = index.search(SearchRequest(query=""))
    write_release(seeds_copy, "new.txt", "Entente en Ontario\n\nBIOQuébec et Kara Bio signent une entente en "
                                         "Ontario et en Alberta avec l'Institut Lorilox.\n")
    (seeds_copy / "004_37599697ebfbc5fc.txt").unlink()
    assert reindex([seeds_copy], index_dir).removed == 1
    after = index.search(SearchRequest(query=""))
    terms.forget_segments()
    fresh = SearchIndex(index_dir).search(SearchRequest(query=""))
    assert after.facets == fresh.facets and after.total == fresh.total == before.total
    assert after.facets != before.facets


def test_large_segments_have_their_facet_postings_saved_beside_them(tmp_path, seeds_copy, monkeypatch,
                                                                   fast_path_on):
    """The reindex saves each large segment's facet postings (here every segment counts as
    large); a searcher takes them from the file; a merged-away segment's file goes with it."""
    import numpy as np
    from whoosh.reading import SegmentReader

    from searchapp.index.read import terms
    from searchapp.index.read import segmentparts
    from searchapp.index.opening import open_live
    from searchapp.index.reindex import reindex
    from searchapp.index.write.merging import MERGE_FACTOR
    from test_merging import _one_release_updates
    from searchapp.search.service import SearchIndex, SearchRequest
    from searchapp.index.storage import current_generation

    monkeypatch.setattr(segmentparts, "MIN_DOCS", 1)
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    ix = open_live(index_dir)
    [segment] = ix._segments()
    reader = SegmentReader(ix.storage, ix.schema, segment)
    saved = segmentparts.saved_parts(segment, ix.storage)
    assert set(saved) == {"partner", "region", "year", "month", "lang", "speaker", "type", "group"}
    for name, (values, docs, numbers) in saved.items():
        read = terms.read_segment_entries(reader, name)
        assert values == read[0] and np.array_equal(docs, read[1]) and np.array_equal(numbers, read[2])
    terms.forget_segments()
    terms.segment_entries(reader, "partner")           # one field asked: the file gives them all
    assert {key[2] for key in terms._segment_parts if key[0] == segment.segment_id()} == set(saved)
    reader.close()

    _one_release_updates(seeds_copy, index_dir, MERGE_FACTOR)   # merges happen on the way
    ix = open_live(index_dir)
    on_disk = {p.name for p in current_generation(index_dir).glob("*.facets")}
    assert on_disk == {f"{s.segment_id()}.facets" for s in ix._segments()}
    terms.forget_segments()
    with_files = SearchIndex(index_dir).search(SearchRequest(query=""))
    for path in current_generation(index_dir).glob("*.facets"):
        path.unlink()
    terms.forget_segments()
    assert SearchIndex(index_dir).search(SearchRequest(query="")).facets == with_files.facets


# ---------------------------------------------------------------- the fast writer against Whoosh's writer

def _postings(ix):
    """Every posting of every term, with the block length bounds scoring reads."""
    found = []
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            if not reader.schema[fieldname].scorable:
                continue
            matcher = reader.postings(fieldname, term)
            while matcher.is_active():
                found.append((fieldname, term, matcher.id(), matcher.weight(), matcher.value(),
                              matcher.block_min_length(), matcher.block_max_length()))
                matcher.next()
        lengths = [(f, d, reader.doc_field_length(d, f)) for f in reader.schema.scorable_names()
                   for d in range(reader.doc_count_all())]
    return found, lengths


def _blocks(ix):
    """Every term's statistics and its posting blocks as Whoosh's reader finds them: each
    block's header (compression apart) and its unpickled data, then its compression."""
    found = []
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            info = reader.term_info(fieldname, term)
            matcher = reader.postings(fieldname, term)
            blocks = []
            while matcher.is_active():
                matcher._read_data()
                blocks.append(((matcher._blocklength, matcher._maxid, matcher._maxweight, matcher._minlength,
                                matcher._maxlength, matcher._data), matcher._compression))
                matcher._next_block()
            found.append(((fieldname, term, info.doc_frequency(), info.weight(), info.min_length(),
                           info.max_length(), info.max_weight(), info.min_id(), info.max_id()), blocks))
    return found


def test_bulk_lengths_writer_writes_what_whoosh_writes(tmp_path, fast_path_on):
    """The same postings as Whoosh's writer, block by block, small blocks uncompressed: terms
    of one posting, and terms of many blocks (more than 128 releases), with and without field
    lengths, a few documents boosted. With pools small enough to be spilled to disk, Whoosh's
    own files, byte for byte."""
    from pickle import dumps

    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from searchapp.ingest.pipeline import prepare_release
    from searchapp.index.schema import build_schema, document_fields
    from searchapp.index.write.segmentwriter import BLOCK_PROTOCOL, COMPRESS_FROM, BulkLengthsWriter

    records = [prepare_release(str(path)).record for path in sorted(SEEDS.glob("*.txt"))]
    built, blocks, files = {}, {}, {}
    for writer_class in (SegmentWriter, BulkLengthsWriter):
        for limitmb in (128, 0.5):
            folder = tmp_path / f"{writer_class.__name__}-{limitmb}"
            folder.mkdir()
            ix = whoosh_index.create_in(str(folder), build_schema())
            writer = writer_class(ix, compound=False, limitmb=limitmb)   # the term and postings files apart
            for number, record in enumerate(records * 60):
                fields = document_fields(dict(record, id=str(number), group=str(number % 7)), "key")
                boost = {"_boost": 2.0} if number % 50 == 0 else {}             # Whoosh's own add_document
                writer.add_document(**fields, **boost)
            assert bool(writer.pool.runs) == (limitmb < 1)
            writer.commit()
            built[writer_class, limitmb] = _postings(ix)
            blocks[writer_class, limitmb] = _blocks(ix)
            files[writer_class, limitmb] = {path.suffix: path.read_bytes() for path in folder.iterdir()
                                            if path.suffix in (".trm", ".pst")}
    for limitmb in (128, 0.5):
        assert built[SegmentWriter, limitmb] == built[BulkLengthsWriter, limitmb]
    assert files[SegmentWriter, 0.5] == files[BulkLengthsWriter, 0.5]      # spilled: Whoosh's own flush

    def without_compression(terms):
        return [(term, [block for block, _ in term_blocks]) for term, term_blocks in terms]

    whooshs, ours = blocks[SegmentWriter, 128], blocks[BulkLengthsWriter, 128]
    assert without_compression(ours) == without_compression(whooshs)
    assert {compression for _, term_blocks in whooshs for _, compression in term_blocks} == {3}
    compressed = [(compression, len(dumps(block[-1], BLOCK_PROTOCOL)) >= COMPRESS_FROM)
                  for _, term_blocks in ours for block, compression in term_blocks]
    assert set(compressed) == {(3, True), (0, False)}
    assert len(built[SegmentWriter, 128][0]) > 1000 and set(files[SegmentWriter, 128]) == {".trm", ".pst"}
    with whoosh_index.open_dir(str(tmp_path / "BulkLengthsWriter-128")).searcher() as searcher:
        assert searcher.doc_frequency("filekey", "key") == 300            # three blocks
        reader = searcher.reader()
        widest = max(reader.doc_frequency(field, term) for field, term in reader.all_terms() if field == "text_fr")
        assert widest > 128                                                 # with field lengths


def test_term_pool_gives_each_terms_postings_in_document_order(tmp_path):
    """Postings come in document order; any that do not are put in order, as Whoosh's pool
    sorts them, and the pool spills the same postings."""
    from whoosh import index as whoosh_index

    from searchapp.index.schema import build_schema
    from searchapp.index.write.segmentwriter import BulkLengthsWriter

    writer = BulkLengthsWriter(whoosh_index.create_in(str(tmp_path), build_schema()))
    pool = writer.pool
    for docnum, weight in ((5, 1.0), (2, 2.0), (9, 3.0)):
        pool.add(("lang", b"fr", docnum, weight, b""))
    pool.add(("lang", b"en", 4, 1.0, b""))
    pool.add_positions("text_fr", 7, {"chat": [0, 3], "chien": [1]}, 1.0, writer.schema["text_fr"].format.encode)
    terms = pool.sorted_terms()
    assert [key for key, _ in terms] == [("lang", b"en"), ("lang", b"fr"), ("text_fr", b"chat"), ("text_fr", b"chien")]
    docs, weights, values = terms[1][1]
    assert (list(docs), list(weights), values) == ([2, 5, 9], [2.0, 1.0, 3.0], [b"", b"", b""])
    assert sorted(pool.items()) == sorted(pool._postings()) and len(list(pool.items())) == 6
    assert [posting[2:4] for posting in pool.items() if posting[0] == "text_fr"] == [(7, 2.0), (7, 1.0)]
    writer.cancel()
