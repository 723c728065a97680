"""A batch of hostile release files: each is indexed correctly or named once with its reason.

The files are written here; the batch goes through the real `searchapp reindex`
process, and the good files of the batch must all be searchable afterwards.
"""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from searchapp import create_app
from searchapp.index.reindex import reindex
from searchapp.search.service import SearchIndex, SearchRequest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

FRENCH = (" date 2024-06 Québec et l’Ontario signent une entente sur le {word}\n\n"
          "MONTRÉAL, le 3 juin 2024 /CNW/ - BIOQuébec et ses partenaires annoncent une entente "
          "« historique » sur le {word} pour l’été, au cœur d’une œuvre commune de 5 M€.\n\n"
          "Les entreprises québécoises du secteur des sciences de la vie y participeront dès l’automne.\n")
LATIN1 = (" date 2024-05 Entente québécoise sur le {word}\n\n"
          "QUÉBEC, le 2 mai 2024 /CNW/ - Les chercheurs de l'université présentent le {word}, "
          "un projet réalisé à Trois-Rivières avec des élèves et des aînés de la région.\n")
ENGLISH = ("Acme Labs and Boston Bio sign an agreement on the {word}\n\n"
           "BOSTON--(BUSINESS WIRE)--Acme Labs and Boston Bio today announced a partnership "
           "to develop the {word} for hospitals in Massachusetts.\n")

# name -> (bytes, a word found only in it, a fragment its text must show as written)
GOOD = {
    "cp1252 français.txt": (FRENCH.format(word="plimbottage").encode("cp1252"), "plimbottage", "l’été"),
    "latin1.txt": (LATIN1.format(word="grastuvage").encode("latin-1"), "grastuvage", "aînés"),
    "bom.txt": (b"\xef\xbb\xbf" + FRENCH.format(word="quorvillage").encode("utf-8"), "quorvillage", "l’été"),
    "utf16.txt": (FRENCH.format(word="drimbalage").encode("utf-16"), "drimbalage", "l’été"),
    "crlf.txt": (FRENCH.format(word="sproutelage").replace("\n", "\r\n").encode("utf-8"), "sproutelage",
                 "l’automne."),
    "l'été \"spécial\" n° 2.txt": (FRENCH.format(word="vintabrage").encode("utf-8"), "vintabrage", "cœur"),
    "english.txt": (ENGLISH.format(word="zorblaxer").encode("utf-8"), "zorblaxer", "Massachusetts."),
    "control characters.txt": (ENGLISH.format(word="\x1bquabbleton\x07").replace("\n\n", "\n\x0c\n")
                               .encode("utf-8") + b"\x07", "quabbleton", "Boston Bio today"),
}
BIG_BYTES = 50 * 1024 * 1024
# name -> (bytes or None for the 50 MB file, reason as printed)
BAD = {
    "binary.txt": (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 300, "not a text file (contains NUL bytes)"),
    "empty.txt": (b"", "empty file"),
    "only a date.txt": (b" date 2024-06\n", "no text after the header"),
    "month 13.txt": (b" date 2024-13 Titre\n\nUn texte.\n", "impossible date in header: 2024-13"),
    "february 30.txt": (b" date 2024-02-30 Titre\n\nUn texte.\n", "impossible date in header: 2024-02-30"),
    "huge.txt": (None, "file too large (50.0 MB; the limit is 5 MB)"),
}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "searchapp.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def write_batch(folder: Path) -> None:
    """The hostile batch: good files, bad files, a symlink loop and a dangling link."""
    folder.mkdir(parents=True)
    for name, (data, _, _) in GOOD.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in BAD.items():
        if data is None:
            with open(folder / name, "wb") as handle:
                line = ("Un communiqué beaucoup trop long pour être lu en entier. " * 20 + "\n").encode()
                for _ in range(BIG_BYTES // len(line) + 1):
                    handle.write(line)
        else:
            (folder / name).write_bytes(data)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (folder / "sub" / "deleted before reading.txt").symlink_to("no such file.txt")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """The batch indexed once by the real command line, beside the seeds."""
    root = tmp_path_factory.mktemp("hostile")
    batch = root / "batch"
    write_batch(batch)
    index_dir = root / "index"
    proc = run_cli("reindex", str(SEEDS), str(batch), "--index", str(index_dir))
    return batch, index_dir, proc


def rejected_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": rejected: " in line]


def test_the_run_finishes_with_exit_1_and_a_summary(hostile_run):
    _, _, proc = hostile_run
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == (
        f"indexed {len(GOOD) + 5} releases: {len(GOOD) + 5} added, 0 updated, 0 removed, "
        f"0 unchanged, {len(BAD) + 1} failed")


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_file_is_named_once_with_its_reason(hostile_run, name):
    batch, _, proc = hostile_run
    path = os.path.abspath(batch / name)
    mentions = [line for line in proc.stderr.splitlines() if path in line]
    assert mentions == [f"{path}: rejected: {BAD[name][1]}"]


def test_a_dangling_link_is_named_once_as_such(hostile_run):
    batch, _, proc = hostile_run
    path = os.path.abspath(batch / "sub" / "deleted before reading.txt")
    assert [line for line in proc.stderr.splitlines() if path in line] == [
        f"{path}: rejected: broken symbolic link (its target does not exist)"]
    assert len(rejected_lines(proc.stderr)) == len(BAD) + 1


@pytest.mark.parametrize("name", list(GOOD))
def test_each_good_file_is_indexed_and_found(hostile_run, name):
    batch, index_dir, _ = hostile_run
    _, word, fragment = GOOD[name]
    index = SearchIndex(index_dir)
    hits = index.search(SearchRequest(query=word)).hits
    assert [hit.source for hit in hits] == [os.path.abspath(batch / name)]
    release = index.get_release(hits[0].id)
    text = "\n".join([release.title, *release.body, *release.about])
    assert "\r" not in text and "\ufeff" not in text
    assert not [c for c in text if ord(c) < 32 and c != "\n"]
    assert fragment in text


def test_the_feed_of_the_batch_is_well_formed_xml(hostile_run):
    """Whatever the files held (control characters included), the Atom feed stays XML."""
    _, index_dir, _ = hostile_run
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    response = client.get("/feed.atom")
    assert response.status_code == 200
    entries = ET.fromstring(response.get_data()).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) >= len(GOOD)


@pytest.mark.parametrize("name", ["cp1252 français.txt", "latin1.txt"])
def test_western_encodings_are_decoded_and_said(hostile_run, name):
    batch, index_dir, proc = hostile_run
    path = os.path.abspath(batch / name)
    notes = [line for line in proc.stderr.splitlines() if path in line]
    assert len(notes) == 1 and notes[0].startswith(f"{path}: note: not UTF-8: decoded as ")
    word = GOOD[name][1]
    hit = SearchIndex(index_dir).search(SearchRequest(query=word)).hits[0]
    release = SearchIndex(index_dir).get_release(hit.id)
    text = " ".join(release.body)
    expected = ("cœur d’une œuvre commune de 5 M€" if name.startswith("cp1252")
                else "à Trois-Rivières avec des élèves et des aînés")
    assert expected in text
    assert release.date == ("2024-06-03" if name.startswith("cp1252") else "2024-05-02")


def test_bom_and_utf16_headers_are_read(hostile_run):
    batch, index_dir, _ = hostile_run
    index = SearchIndex(index_dir)
    for name in ("bom.txt", "utf16.txt", "crlf.txt"):
        hit = index.search(SearchRequest(query=GOOD[name][1])).hits[0]
        assert hit.date == "2024-06-03", name  # header month, dateline day
        assert hit.title.startswith("Québec et l’Ontario signent"), name
        assert hit.dateline_city == "MONTRÉAL", name


def test_the_symlink_loop_adds_nothing_twice(hostile_run):
    batch, index_dir, _ = hostile_run
    hits = SearchIndex(index_dir).search(SearchRequest(per_page=100)).hits
    sources = [hit.source for hit in hits] + [hit.translation.source for hit in hits if hit.translation]
    assert sorted(sources) == sorted({*sources})
    assert not [s for s in sources if "loop" in s]
    assert len(sources) == len(GOOD) + 5


def test_ids_of_odd_file_names_are_url_safe(hostile_run):
    batch, index_dir, _ = hostile_run
    hit = SearchIndex(index_dir).search(SearchRequest(query=GOOD["l'été \"spécial\" n° 2.txt"][1])).hits[0]
    assert hit.id.replace("-", "").replace("_", "").isalnum() and hit.id.isascii()
    assert SearchIndex(index_dir).get_release(hit.id).source.endswith("l'été \"spécial\" n° 2.txt")


def test_seeds_of_the_same_batch_are_all_searchable(hostile_run):
    _, index_dir, _ = hostile_run
    index = SearchIndex(index_dir)
    assert index.search(SearchRequest(query="Benoit Larose")).total >= 3
    assert index.search(SearchRequest(query="MassBio")).total == 1  # 001 and 003: one pair


def test_a_file_deleted_between_listing_and_reading(tmp_path):
    """The file is listed, then removed while the batch runs: named once, the rest indexed."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a first.txt").write_bytes(ENGLISH.format(word="quintabrel").encode())
    vanishing = folder / "z vanishing.txt"
    vanishing.write_bytes(FRENCH.format(word="frumelage").encode())

    def delete_after_first(done: int, total: int) -> None:
        if done == 1:
            vanishing.unlink()

    report = reindex([folder], tmp_path / "index", progress=delete_after_first, processes=1)
    assert report.failed == [(str(vanishing), "file disappeared before it could be read")]
    assert report.added == 1
    index = SearchIndex(tmp_path / "index")
    assert index.search(SearchRequest(query="quintabrel")).total == 1
    assert index.search(SearchRequest(query="frumelage")).total == 0


def test_a_release_that_turns_bad_keeps_its_indexed_version(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    path = folder / "release.txt"
    path.write_bytes(ENGLISH.format(word="quintabrel").encode())
    first = run_cli("reindex", str(folder), "--index", str(tmp_path / "index"))
    assert first.returncode == 0, first.stderr
    path.write_bytes(b"\x00\x01 corrupted by a copy \x00")
    second = run_cli("reindex", str(folder), "--index", str(tmp_path / "index"))
    assert second.returncode == 1
    assert f"{path}: rejected: not a text file (contains NUL bytes)" in second.stderr
    assert SearchIndex(tmp_path / "index").search(SearchRequest(query="quintabrel")).total == 1
