"""Incremental reindexing, ids, pairing, on real indexes in temporary folders."""
from __future__ import annotations

import os

from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest

from conftest import SEED_IDS, write_release


def test_incremental_add_update_remove(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    first = reindex([seeds_copy], index_dir)
    assert (first.added, first.unchanged, first.failed) == (5, 0, [])
    again = reindex([seeds_copy], index_dir)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)

    write_release(seeds_copy, "new.txt", "Nouvelle entente\n\nBIOQuébec signe une entente avec Génome Québec.\n")
    (seeds_copy / "004_37599697ebfbc5fc.txt").unlink()
    changed = seeds_copy / "002_158fcca2e1f278d7.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté sur les zèbres.\n",
                       encoding="utf-8")
    report = reindex([seeds_copy], index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert report.summary() == "indexed 5 releases: 1 added, 1 updated, 1 removed, 3 unchanged, 0 failed"

    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="zèbres")).hits[0].id == SEED_IDS["002"]
    assert index.get_release(SEED_IDS["004"]) is None
    assert index.search(SearchRequest(query="Génome")).total == 1


def test_touched_but_identical_file_is_unchanged(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    path = seeds_copy / "000_dd3ca03c2384138d.txt"
    os.utime(path, ns=(1, 1))
    report = reindex([seeds_copy], index_dir)
    assert report.unchanged == 5


def test_full_rebuild_replaces_the_generation(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    report = reindex([seeds_copy], index_dir, full=True)
    assert report.added == 5
    reindex([seeds_copy], index_dir, full=True)
    # the live generation and the one it replaced (kept for searches still reading it)
    assert len(list(index_dir.glob("gen-*"))) == 2
    assert SearchIndex(index_dir).search(SearchRequest()).total == 4


def test_bad_file_is_named_and_the_rest_indexed_and_kept(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    write_release(seeds_copy, "bad.txt", " date 2024-13 Titre\n\nTexte.\n")
    write_release(seeds_copy, "good.txt", "Titre\n\nUn communiqué sur les biotechnologies marines.\n")
    report = reindex([seeds_copy], index_dir)
    assert [(os.path.basename(p), r) for p, r in report.failed] == [("bad.txt", "impossible date in header: 2024-13")]
    assert report.added == 1 and report.unchanged == 5
    assert SearchIndex(index_dir).search(SearchRequest()).total == 5


def test_ids_collide_across_folders(tmp_path):
    a = write_release(tmp_path / "a", "same.txt", "Titre A\n\nPremier communiqué sur la génomique.\n")
    b = write_release(tmp_path / "b", "same.txt", "Title B\n\nSecond release about genomics research.\n")
    reindex([a.parent, b.parent], tmp_path / "index")
    hits = SearchIndex(tmp_path / "index").search(SearchRequest()).hits
    ids = sorted(hit.id for hit in hits)
    assert ids[0] == "same" and ids[1].startswith("same-") and len(ids) == 2


def test_translation_pair_is_unlinked_when_one_side_goes(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    index = SearchIndex(index_dir)
    assert index.get_release(SEED_IDS["001"]).translation.id == SEED_IDS["003"]
    (seeds_copy / "003_0a78dc47438a4cd9.txt").unlink()
    reindex([seeds_copy], index_dir)
    assert SearchIndex(index_dir).get_release(SEED_IDS["001"]).translation is None


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


def test_bulk_lengths_writer_writes_what_whoosh_writes(tmp_path):
    """The same postings as Whoosh's writer, block by block, small blocks uncompressed: terms
    of one posting, and terms of many blocks (more than 128 releases), with and without field
    lengths, a few documents boosted. With pools small enough to be spilled to disk, Whoosh's
    own files, byte for byte."""
    from pickle import dumps

    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from conftest import SEEDS
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


def _links(index_dir):
    from searchapp.index.opening import open_live

    with open_live(index_dir).searcher() as searcher:
        return {stored["record"]["id"]: (stored["record"].get("translation"), stored["record"]["group"])
                for stored in searcher.all_stored_fields()}


def test_pairs_found_in_memory_equal_pairs_found_by_search(tmp_path):
    """A first build with workers pairs in memory; one process pairs by searching the index."""
    import shutil

    from conftest import SEEDS
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material

    source = tmp_path / "releases"
    write_corpus(source / "generated", 80, 7, load_material(()))
    shutil.copytree(SEEDS, source / "seeds")
    by_search = reindex([source], tmp_path / "one", processes=1)
    in_memory = reindex([source], tmp_path / "two", processes=2)
    assert by_search.added == in_memory.added == 85
    links = _links(tmp_path / "one")
    assert _links(tmp_path / "two") == links
    paired = {release: link for release, link in links.items() if link[0]}
    assert len(paired) >= 8
    assert paired[SEED_IDS["001"]][0] == SEED_IDS["003"]


def test_a_worker_whose_pool_fills_finishes_its_segment_and_starts_another(tmp_path, monkeypatch):
    """A big build leaves more segments instead of spilling sorted runs: the same index."""
    import shutil

    from conftest import SEEDS
    from searchapp.index.write import bulkwrite
    from searchapp.bench.corpus import write_corpus
    from searchapp.bench.sources import load_material
    from searchapp.index.opening import open_live

    source = tmp_path / "releases"
    write_corpus(source / "generated", 80, 11, load_material(()))
    shutil.copytree(SEEDS, source / "seeds")
    assert reindex([source], tmp_path / "whole", processes=2).added == 85
    monkeypatch.setattr(bulkwrite, "WORKER_LIMIT_MB", 4)       # the workers are forked: they see it
    monkeypatch.setattr(bulkwrite, "SEGMENT_FULL", 0.25)       # a segment per 1 MB of postings
    assert reindex([source], tmp_path / "parts", processes=2).added == 85

    def segments(index_dir):
        return [segment.doc_count_all() for segment in open_live(index_dir)._segments()]

    assert len(segments(tmp_path / "whole")) == 2
    assert len(segments(tmp_path / "parts")) > 2 and sum(segments(tmp_path / "parts")) == 85
    assert _links(tmp_path / "parts") == _links(tmp_path / "whole")
    whole, parts = SearchIndex(tmp_path / "whole"), SearchIndex(tmp_path / "parts")
    for query in ("", "partenariat", "life sciences", '"sciences de la vie"', "Québec", "innovation"):
        request = SearchRequest(query=query, per_page=100)
        a, b = whole.search(request), parts.search(request)
        assert a.total == b.total and a.facets == b.facets, query
        assert sorted(hit.id for hit in a.hits) == sorted(hit.id for hit in b.hits), query


def _manifest_and_lexicon(index_dir):
    from searchapp.index.held import existing_files as _existing_files
    from searchapp.index.opening import open_live
    from searchapp.index.sourcefiles import read_file_list

    ix = open_live(index_dir)
    return read_file_list(ix), _existing_files(ix, use_manifest=False)


def test_saved_file_list_matches_the_index_after_every_kind_of_run(tmp_path):
    """The file list saved beside the index is what the lexicon says, or it is not used."""
    from conftest import every_kind_of_reindex

    index_dir = tmp_path / "index"
    checks = every_kind_of_reindex(tmp_path, _manifest_and_lexicon)
    for saved, lexicon in checks:
        assert saved == lexicon and len(lexicon) > 60
    # A commit the list does not know of (another program's) makes it ignored.
    from searchapp.index.opening import open_live
    from searchapp.index.sourcefiles import read_file_list
    from searchapp.index.storage import current_generation
    from whoosh import index as whoosh_index

    writable = whoosh_index.open_dir(str(current_generation(index_dir)))
    writer = writable.writer()
    writer.delete_by_term("path", sorted(checks[-1][1])[0])
    writer.commit()
    assert read_file_list(open_live(index_dir)) is None


def test_a_missing_source_is_reported_and_the_others_indexed(tmp_path, seeds_copy):
    # The source walk runs in a child process: what it reports must reach this report.
    index_dir = tmp_path / "index"
    missing = tmp_path / "no such folder"
    report = reindex([missing, seeds_copy], index_dir)
    assert report.failed == [(str(missing), "no such file or folder")]
    assert report.added == 5
    again = reindex([seeds_copy, missing], index_dir)
    assert (again.unchanged, again.failed) == (5, [(str(missing), "no such file or folder")])


def _translation(index_dir, release_id):
    from searchapp.index.opening import open_live

    with open_live(index_dir).searcher() as searcher:
        return searcher.document(id=release_id)["record"].get("translation")


def test_a_rewritten_translation_that_no_longer_matches_unlinks_its_partner(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    assert _translation(index_dir, SEED_IDS["001"]) == SEED_IDS["003"]
    write_release(seeds_copy, "003_0a78dc47438a4cd9.txt",
                  "Zebra count\n\nA survey of zebras in the Serengeti was published in 1999 by a zoo.\n")
    report = reindex([seeds_copy], index_dir)
    assert report.updated == 1
    assert _translation(index_dir, SEED_IDS["003"]) is None
    assert _translation(index_dir, SEED_IDS["001"]) is None


def test_one_commit_holds_new_releases_and_their_links(tmp_path, seeds_copy):
    """A small update writes its releases and their translation links in one commit."""
    from searchapp.index.opening import open_live

    index_dir = tmp_path / "index"
    original = (seeds_copy / "003_0a78dc47438a4cd9.txt").read_text(encoding="utf-8")
    (seeds_copy / "003_0a78dc47438a4cd9.txt").unlink()
    reindex([seeds_copy], index_dir)
    before = open_live(index_dir).latest_generation()
    write_release(seeds_copy, "003_0a78dc47438a4cd9.txt", original)
    assert reindex([seeds_copy], index_dir).added == 1
    ix = open_live(index_dir)
    assert ix.latest_generation() == before + 1
    assert _translation(index_dir, SEED_IDS["003"]) == SEED_IDS["001"]
    assert _translation(index_dir, SEED_IDS["001"]) == SEED_IDS["003"]


def test_small_segments_merged_by_writing_them_again_keep_every_release(tmp_path, seeds_copy):
    """Many one-release updates: the merges of small segments (stored records written again)
    keep every release, its file key, its translation link and its words."""
    from searchapp.index import vocabulary
    from searchapp.index.opening import open_live
    from searchapp.index.storage import commit_tag, current_generation

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    segment_counts = []
    for n in range(12):
        write_release(seeds_copy, f"update-{n:02d}.txt",
                      f"Entente numéro {n}\n\nBIOQuébec signe l'entente numéro {n} sur les zèbres du Québec.\n")
        assert reindex([seeds_copy], index_dir).added == 1
        segment_counts.append(len(open_live(index_dir)._segments()))
    assert max(segment_counts) >= 5 and segment_counts[-1] < max(segment_counts)   # merges happened
    saved, lexicon = _manifest_and_lexicon(index_dir)
    assert saved == lexicon and len(lexicon) == 17
    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="zèbres")).total == 12
    assert index.search(SearchRequest(query="")).total == 16          # 17 releases, one pair
    assert _translation(index_dir, SEED_IDS["001"]) == SEED_IDS["003"]
    ix = open_live(index_dir)
    words, counts = vocabulary.load(current_generation(index_dir), commit_tag(ix))
    with ix.searcher() as searcher:
        assert counts == vocabulary.count_words(s["record"] for s in searcher.all_stored_fields())


def _groups(index_dir) -> dict[str, list[str]]:
    from searchapp.index.opening import open_live

    groups: dict[str, list[str]] = {}
    with open_live(index_dir).searcher() as searcher:
        for stored in searcher.all_stored_fields():
            groups.setdefault(stored["record"]["group"], []).append(stored["record"]["id"])
    return groups


def _new_id(index_dir, name: str) -> str:
    from searchapp.index.opening import open_live

    with open_live(index_dir).searcher() as searcher:
        return next(s["record"]["id"] for s in searcher.all_stored_fields() if s["record"]["source"].endswith(name))


def test_a_release_as_close_to_a_paired_translation_does_not_take_it(tmp_path, seeds_copy):
    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    copy = (seeds_copy / "001_bc161d955e9b8c22.txt").read_text(encoding="utf-8")
    write_release(seeds_copy, "copy.txt", copy)
    assert reindex([seeds_copy], index_dir).added == 1
    assert _translation(index_dir, SEED_IDS["001"]) == SEED_IDS["003"]
    assert _translation(index_dir, SEED_IDS["003"]) == SEED_IDS["001"]
    assert _translation(index_dir, _new_id(index_dir, "copy.txt")) is None
    assert max(len(members) for members in _groups(index_dir).values()) == 2


def test_a_closer_translation_takes_the_pair_and_the_former_partner_goes_single(tmp_path, seeds_copy):
    """A new French release sharing more names and numbers with an English release than the
    French one it is paired with takes its place; no release is left pointing at it."""
    from searchapp.index.pairing import similarity
    from searchapp.ingest.pipeline import prepare_release

    index_dir = tmp_path / "index"
    reindex([seeds_copy], index_dir)
    french, english = (prepare_release(str(seeds_copy / name)).record
                       for name in ("001_bc161d955e9b8c22.txt", "003_0a78dc47438a4cd9.txt"))
    missing = sorted(set(english["anchors"]) - set(french["anchors"]))
    lead, rest = (seeds_copy / "001_bc161d955e9b8c22.txt").read_text(encoding="utf-8").split("\n\n", 1)
    names = "Parmi les noms cités lors de cette annonce : " + ", ".join(a.title() for a in missing) + "."
    path = write_release(seeds_copy, "closer.txt", f"{lead}\n\n{names}\n\n{rest}")
    candidate = prepare_release(str(path)).record
    assert similarity(candidate, english) > similarity(french, english)
    assert reindex([seeds_copy], index_dir).added == 1
    closer_id = _new_id(index_dir, "closer.txt")
    assert _translation(index_dir, SEED_IDS["003"]) == closer_id
    assert _translation(index_dir, closer_id) == SEED_IDS["003"]
    assert _translation(index_dir, SEED_IDS["001"]) is None
    assert max(len(members) for members in _groups(index_dir).values()) == 2
