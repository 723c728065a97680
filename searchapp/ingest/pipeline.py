"""From a release file to the record the index stores: read, detect, extract.

Pure and picklable, so a pool of processes can prepare releases while the
index writer runs in the parent.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from searchapp.ingest.contacts import contact_paragraphs
from searchapp.ingest.budget import Budget
from searchapp.ingest.documents import InvalidRelease, Release, load_release
from searchapp.extract.metadata import extract_metadata
from searchapp.extract.dates import find_dates, release_date
from searchapp.extract.gazetteer import default_gazetteer
from searchapp.ingest.language import UNDETERMINED, LanguageResult, detect_release_language, init_detector
from searchapp.extract.quotes import extract_quotes
from searchapp.extract.types import release_type
from searchapp.text.words import words_of

# A number (`\b\d[\d,.]*\d\b|\b\d\b`) and a capitalised name (`\b[A-ZÀ-Ý][\w’'-]*...`), each
# written to start with the characters it looks for, the word boundary checked behind the
# first one: a pattern that starts with a boundary is tried at every character.
_ANCHOR_NUMBER = re.compile(r"\d(?<=\b\d)(?:[\d,.]*\d\b|\b)")
_ANCHOR_NAME = re.compile(r"[A-ZÀ-Ý](?<=\b[A-ZÀ-Ý])[\w’'-]*[A-ZÀ-Ýa-zà-ÿ0-9]")

# A release's text is indexed whole; its metadata is read from at most this much of each
# paragraph (the longest paragraph of the sample releases has 1,100 characters), so that one
# huge paragraph costs no more than a long release.
EXTRACT_PARAGRAPH_CHARS = 8000
# The last resort against a pattern that is slow on some text: the time detection and
# extraction may take per release (a typical release takes a few milliseconds). What runs
# out of time is left out of the record and named; the text is indexed all the same.
RELEASE_SECONDS = 5.0


@dataclass(frozen=True)
class Prepared:
    """A release ready to be written: its display record and where it came from."""

    path: str
    checksum: str
    record: dict[str, Any]


def prepare_release(path: str) -> Prepared:
    """Read, detect the language of and extract the metadata of one release file."""
    release = load_release(path)
    return Prepared(path=path, checksum=release.checksum, record=build_record(release))


def prepare_or_error(path: str) -> Prepared | InvalidRelease:
    """prepare_release for a pool: the error is returned, not raised."""
    try:
        return prepare_release(path)
    except InvalidRelease as error:
        return error


def warm_up() -> None:
    """Load what the first release would otherwise load: langdetect's profiles, the
    month names behind the date patterns, the gazetteer and its cities (forked workers
    inherit them)."""
    init_detector()
    find_dates("")
    default_gazetteer().city_matcher()
    words_of({"title": "", "body": (), "about": ()})     # compiles the vocabulary's pattern


def build_record(release: Release, seconds: float | None = None) -> dict[str, Any]:
    """The stored, JSON-able record of a release (everything the pages show). Each stage runs
    within the release's time budget; one that runs out leaves its part empty, named under
    "incomplete" (see budget)."""
    with Budget(RELEASE_SECONDS if seconds is None else seconds) as budget:
        bounded = _bounded(release)
        paragraphs = bounded.paragraphs
        override = release.header.get("lang")
        detected = budget.run("language", lambda: detect_release_language(paragraphs, override=override),
                              LanguageResult(override or UNDETERMINED, (override or UNDETERMINED,) * len(paragraphs)))
        metadata = budget.run("partners and regions", lambda: extract_metadata(bounded, detected.lang), None)
        date = metadata.date if metadata else budget.run("date", lambda: release_date(bounded), None)
        dateline = release.dateline
        quotes = budget.run("quotes", lambda: extract_quotes(bounded.body, detected.lang), ())
        found_anchors = budget.run("anchors", lambda: anchors(bounded), set())
    record = {
        "source": release.path,
        "checksum": release.checksum,
        "encoding": release.encoding,
        "title": release.title,
        "headline": release.headline,
        "type": release_type(release.headline, release.body),
        "lang": detected.lang,
        "date": date,
        "partners": list(metadata.partners) if metadata else [],
        "regions": list(metadata.regions) if metadata else [],
        "defined_orgs": [list(entry) for entry in metadata.defined] if metadata else [],
        "dateline_city": dateline.city if dateline else None,
        "dateline_wire": dateline.wire if dateline else None,
        "body": list(release.body),
        "about": list(release.about),
        "contacts": contact_paragraphs(release.trailer),
        "paragraph_langs": list(detected.paragraph_langs),
        "anchors": sorted(found_anchors),
        "quotes": [{"text": q.text, "speaker": q.speaker, "title": q.title,
                    "organisation": q.organisation, "paragraph": q.paragraph} for q in quotes],
        "speakers": list(dict.fromkeys(q.speaker for q in quotes)),
    }
    if budget.missed:
        record["incomplete"] = budget.note()
    return record


def _bounded(release: Release) -> Release:
    """The release as the extractors read it: each paragraph cut after EXTRACT_PARAGRAPH_CHARS."""
    if all(len(p) <= EXTRACT_PARAGRAPH_CHARS for p in release.paragraphs):
        return release
    def cut(paragraphs):
        return tuple(p[:EXTRACT_PARAGRAPH_CHARS] for p in paragraphs)
    return dataclasses.replace(release, body=cut(release.body), about=cut(release.about))


def anchors(release: Release) -> set[str]:
    """Names and numbers of a release: what a translation of it shares."""
    found: set[str] = set()
    for para in release.body:
        found.update(n.replace(",", "").replace(".", "") for n in _ANCHOR_NUMBER.findall(para))
        found.update(name.lower() for name in _ANCHOR_NAME.findall(para) if len(name) > 2)
    return found
