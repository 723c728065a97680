"""Hostile release texts: preparation time grows linearly with the text, a time budget
stops what would not, and odd encodings are decoded or refused by name.

Growth is checked as a ratio within one run (4 times the text may cost at most 6 times
the time; quadratic code costs 16), never against an absolute time. Times are this
process's processor time, best of three: other processes on the machine do not count.
"""
from __future__ import annotations

import random
import re
import time

import pytest

from searchapp.extract.quotes import extract_quotes
from searchapp.index.reindex import reindex
from searchapp.ingest import budget, pipeline
from searchapp.ingest.budget import Budget
from searchapp.ingest.documents import InvalidRelease, parse_release
from searchapp.ingest.language import detect_release_language
from searchapp.ingest.pipeline import build_record, warm_up
from searchapp.search.service import SearchIndex, SearchRequest

MAX_GROWTH = 6.0
_WORDS = ("the agreement between the partners will support research and training in the region "
          "le partenariat entre les organismes soutiendra la recherche et la formation au Québec "
          "Research Council and Health Network sign an agreement with Société Générale").split()
_SCRIPTS = ["Доклад по исследованию", "研究合作协议", "اتفاقية الشراكة", "Le partenariat",
            "the agreement", "Ελληνικά κείμενο", "日本語のテキスト", "עברית טקסט"]


def _filler(pieces: list[str], size: int, seed: int) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        out.append(rng.choice(pieces))
        n += len(out[-1]) + 1
    return " ".join(out)


# name -> the text of a release at scale k (k = 1 and k = 4)
ATTACKS = {
    "unclosed guillemets, one paragraph": lambda k: "Il dit « " * (4000 * k),
    "unclosed guillemets, paragraphs": lambda k: ("Il dit « " * 500 + "\n\n") * (8 * k),
    "unclosed straight quotes": lambda k: 'He said "a ' * (5000 * k),
    "unclosed straight quotes, paragraphs": lambda k: ('He said "a ' * 500 + "\n\n") * (10 * k),
    "one paragraph of ordinary text": lambda k: _filler(_WORDS, 250_000 * k, 1),
    "paragraphs of ordinary text": lambda k: "\n\n".join(_filler(_WORDS, 2000, i) for i in range(25 * k)),
    "mixed scripts": lambda k: _filler(_SCRIPTS, 500_000 * k, 2),
    "lines of mixed scripts": lambda k: "\n\n".join(_filler(_SCRIPTS, 60, i) for i in range(300 * k)),
    "many credited quotations": lambda k: "".join(
        f'"we are glad to join the network" Smith{i} said. ' for i in range(400 * k)),
    "credited quotations, paragraphs": lambda k: "\n\n".join(
        f'"we are glad to join the network" Smith{i} said.' for i in range(300 * k)),
}
# The quotation extractor on its own, without the cut of long paragraphs: linear as well.
QUOTE_ATTACKS = {
    "unclosed guillemets": lambda k: ["Il dit « " * (1000 * k)],
    "unclosed straight quotes": lambda k: ['He said "a ' * (3000 * k)],
    "incises": lambda k: ["« Le projet, dit Jean Tremblay, avance " + "et dit Marie " * (1000 * k) + "»"],
    "one quotation after another": lambda k: ['"a b c" ' * (3000 * k)],
    "credited quotations": lambda k: [f'"we are glad to join" Smith{i} said.' for i in range(200 * k)],
}


def _prepare_seconds(text: str) -> float:
    """The best of three preparations (parsing, detection, every extractor), without a budget."""
    raw = ("Headline of the release\n\n" + text + "\n").encode("utf-8")
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        build_record(parse_release(raw, "attack.txt"), seconds=10_000)
        best = min(best, time.process_time() - start)
    return best


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


@pytest.mark.parametrize("name", list(ATTACKS))
def test_preparation_time_grows_linearly(name):
    one, four = _prepare_seconds(ATTACKS[name](1)), _prepare_seconds(ATTACKS[name](4))
    assert four <= MAX_GROWTH * max(one, 0.005), (name, one, four)


def _quote_seconds(paragraphs: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        extract_quotes(paragraphs, "fr")
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", list(QUOTE_ATTACKS))
def test_quotation_extraction_grows_linearly(name):
    one, four = _quote_seconds(QUOTE_ATTACKS[name](1)), _quote_seconds(QUOTE_ATTACKS[name](4))
    assert four <= MAX_GROWTH * max(one, 0.005), (name, one, four)


def test_two_megabytes_of_mixed_scripts_are_detected_from_a_sample():
    paragraphs = [_filler(_SCRIPTS, 2_000_000, 3)]
    detected = detect_release_language(paragraphs)
    assert len(detected.paragraph_langs) == 1 and detected.lang


# ---------------------------------------------------------------- the time budget

def test_a_stage_that_runs_out_of_time_is_stopped_even_inside_a_regular_expression():
    catastrophic = re.compile(r"(a+)+b")
    start = time.monotonic()
    with Budget(0.2) as spending:
        assert spending.run("greedy", lambda: catastrophic.match("a" * 64), "default") == "default"
        assert spending.run("quick", lambda: 42, None) == 42
        assert spending.run("greedy again", lambda: catastrophic.match("a" * 64), "default") == "default"
    assert time.monotonic() - start < 0.2 + budget.GRACE_SECONDS + 5
    assert spending.missed == ["greedy", "greedy again"]
    assert spending.note() == "greedy, greedy again left out: the release took more than 0.2 s to prepare"


def test_a_release_over_budget_is_indexed_with_its_text_and_named(tmp_path, monkeypatch):
    """What ran out of time is left out and named; the text is searchable; the run goes on."""
    folder = tmp_path / "src"
    folder.mkdir()
    slow = folder / "slow.txt"
    slow.write_text("Headline of the plimbottage release\n\n"
                    + "\n\n".join(_filler(_WORDS, 3000, i) + " plimbottage" for i in range(300)), "utf-8")
    quick = folder / "quick.txt"
    quick.write_text("Acme Labs and Boston Bio sign an agreement on the zorblaxer\n\n"
                     "BOSTON--(BUSINESS WIRE)--Acme Labs and Boston Bio announced the zorblaxer.\n", "utf-8")
    monkeypatch.setattr(pipeline, "RELEASE_SECONDS", 0.0)
    monkeypatch.setattr(budget, "GRACE_SECONDS", 0.001)

    report = reindex([folder], tmp_path / "index", processes=1)

    assert report.failed == [] and report.added == 2
    notes = dict(report.notices)
    assert notes[str(slow)].endswith("left out: the release took more than 0 s to prepare")
    index = SearchIndex(tmp_path / "index")
    hits = index.search(SearchRequest(query="plimbottage")).hits
    assert [hit.source for hit in hits] == [str(slow)]
    assert index.search(SearchRequest(query="zorblaxer")).total == 1


def test_a_huge_paragraph_is_indexed_whole_and_read_in_part_for_metadata():
    tail_word = "quorvillage"
    text = _filler(_WORDS, 50_000, 4) + " " + tail_word
    record = build_record(parse_release(("Headline\n\n" + text).encode(), "big.txt"))
    assert record["body"][-1].endswith(tail_word)          # the text is whole
    assert "incomplete" not in record


# ---------------------------------------------------------------- encodings

FRENCH = "Québec et l’Ontario signent une entente\n\nMONTRÉAL, le 3 juin 2024 - Les partenaires annoncent l’été.\n"


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_decoded(encoding):
    raw = FRENCH.encode(encoding)
    if encoding != "utf-32":
        raw = ("\ufeff" + FRENCH).encode(encoding)
    release = parse_release(raw, "utf32.txt")
    assert release.encoding == "utf-32"
    assert release.headline == "Québec et l’Ontario signent une entente"
    assert "l’été" in release.body[0]


def test_utf32_that_is_not_is_refused_by_name():
    raw = b"\xff\xfe\x00\x00" + "Québec".encode("utf-32-le") + b"\x00\xd8\x00\x00"   # a lone surrogate
    with pytest.raises(InvalidRelease) as refused:
        parse_release(raw, "bad.txt")
    assert refused.value.reason.startswith("invalid utf-32 text")
