"""Quote search: who said what, over the release index (no second index).

The release search finds the candidate releases (query, speaker, partner and every other
filter of a SearchRequest); the quotations stored in their records are then matched against
the query with the release's own analyzer (quotematch), ranked (matches in the query's
words before matches through the glossary, then by score, then by the release's rank),
highlighted and given a ready-to-paste citation line. A quotation and its counterpart in
the other-language version of the release are one entry, as releases are in the search.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from markupsafe import Markup, escape

from searchapp.search.citation import citation_line, role
from searchapp.config import MAX_PER_PAGE
from searchapp.index.read.facets import FacetValue
from searchapp.extract.people import PersonRegistry, canonical_person, person_key
from searchapp.search.quotematch import QuoteMatch, QuotePlan, parse_quote_query
from searchapp.index.highlight import highlight_terms
from searchapp.search.service import SearchIndex, SearchRequest

CANDIDATE_RELEASES = 200     # quotations are looked for in the best 200 entries of the release search
SPEAKERS_SHOWN = 40


@dataclass(frozen=True)
class QuoteRef:
    """Where a quotation is: a release and the quotation's number in it (anchor quote-N)."""
    release: str
    number: int
    lang: str

    @property
    def anchor(self) -> str:
        return f"quote-{self.number}"


@dataclass(frozen=True)
class QuoteHit:
    """One quotation found, with everything a result line and a citation need."""
    text: str
    html: Markup                 # the text, escaped, query terms in <mark>
    speaker: str                 # canonical display spelling
    title: str | None            # as written in the release
    organisation: str | None
    release: str
    release_title: str
    date: str | None
    lang: str
    paragraph: int               # index into the release's body paragraphs
    number: int                  # 1-based among the release's quotations: anchor quote-<number>
    role: str | None             # title and organisation as the release joins them
    citation: str
    score: float
    via_translation: tuple[str, ...] = ()
    translation: QuoteRef | None = None   # the same quotation in the other-language version

    @property
    def anchor(self) -> str:
        return f"quote-{self.number}"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text, "speaker": self.speaker, "title": self.title,
            "organisation": self.organisation, "release": self.release,
            "release_title": self.release_title, "date": self.date, "lang": self.lang,
            "paragraph": self.paragraph, "number": self.number, "role": self.role, "citation": self.citation,
            "highlighted": str(self.html), "score": round(self.score, 4),
            "via_translation": list(self.via_translation),
            "translation": ({"release": self.translation.release, "number": self.translation.number,
                             "lang": self.translation.lang} if self.translation else None),
        }


@dataclass(frozen=True)
class QuoteResults:
    """One page of quotations, the total, and the quotations per speaker."""
    request: SearchRequest
    total: int
    quotes: tuple[QuoteHit, ...]
    speakers: tuple[FacetValue, ...]
    releases_searched: int
    truncated: bool              # more releases matched than were searched for quotes

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict[str, Any]:
        """Exactly the object `searchapp quotes --json` prints."""
        return {
            "query": self.request.query, "total": self.total, "page": self.request.page,
            "quotes": [quote.to_json() for quote in self.quotes],
            "speakers": [{"value": v.value, "count": v.count} for v in self.speakers],
            "truncated": self.truncated,
        }


@dataclass(frozen=True)
class _Found:
    rank: int
    record: Mapping[str, Any]
    number: int
    quote: Mapping[str, Any]
    match: QuoteMatch
    speaker: str
    counterpart: QuoteRef | None


def search_quotes(index: SearchIndex, request: SearchRequest) -> QuoteResults:
    """Quotations matching a request, ranked, one page of them (request.page, request.per_page)."""
    request = replace(request, page=max(1, request.page), per_page=min(max(1, request.per_page), MAX_PER_PAGE))
    plan = parse_quote_query(request.query, xlang=request.xlang,
                             translator=index.expander() if request.xlang else None)
    by_relevance = not plan.empty and request.sort == "relevance"
    found, searched, truncated = _find(index, request, plan)
    found = _collapse(sorted(found, key=_relevance if by_relevance else _reading_order))
    counted = found
    if request.speakers:
        counted = _collapse(_find(index, replace(request, speakers=()), plan)[0])
    start = (request.page - 1) * request.per_page
    page = tuple(_hit(f) for f in found[start:start + request.per_page])
    return QuoteResults(request, len(found), page, _speaker_counts(counted, request.speakers),
                        searched, truncated)


def _find(index: SearchIndex, request: SearchRequest, plan: QuotePlan) -> tuple[list[_Found], int, bool]:
    """Matching quotations of the candidate releases, speaker filter applied."""
    records, truncated = _candidates(index, request)
    display = speaker_display(index)
    wanted = {person_key(s) for s in request.speakers}
    found = []
    for rank, (record, counterparts) in enumerate(records):
        for number, quote in enumerate(record.get("quotes") or (), start=1):
            key = person_key(quote["speaker"])
            if wanted and key not in wanted:
                continue
            attribution = " ".join(filter(None, (quote["speaker"], quote.get("title"), quote.get("organisation"))))
            match = plan.match(quote["text"], attribution, record["lang"])
            if match is not None:
                speaker = display.get(key) or canonical_person(quote["speaker"])
                found.append(_Found(rank, record, number, quote, match, speaker, counterparts.get(number)))
    return found, len(records), truncated


def speaker_display(index: SearchIndex) -> dict[str, str]:
    """Person key -> the one spelling shown for that person, from the speakers of the index."""
    spellings = index.engine.snapshot().facets.docs_by_value.get("speaker", {})
    registry = PersonRegistry()
    for spelling in spellings:
        registry.add(spelling)
    return {person_key(spelling): registry.canonical(spelling) for spelling in spellings}


def _candidates(index: SearchIndex, request: SearchRequest):
    """Records of the best releases (both versions of a translated one), with quote counterparts."""
    ranked, total = index.ranked_records(replace(request, page=1), CANDIDATE_RELEASES)
    prefer = request.langs[0] if len(request.langs) == 1 else request.prefer_lang
    records = []
    for record in ranked:
        other = index.record(record["translation"]) if record.get("translation") else None
        pairs = counterparts(record, other) if other else {}
        # A quotation found in both versions is shown from the one in the preferred language.
        versions = (other, record) if other and prefer and other["lang"] == prefer != record["lang"] \
            else (record, other)
        for rec in versions:
            if rec:
                records.append((rec, pairs.get(rec["id"], {})))
    return records, total > CANDIDATE_RELEASES


def counterparts(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, dict[int, QuoteRef]]:
    """Quotations of two versions of a release that are each other's translation.

    The n-th quotation of a speaker in one version is the n-th of that speaker in the other,
    when both versions quote each speaker the same number of times.
    """
    def by_speaker(record):
        seen: dict[str, list[int]] = {}
        for number, quote in enumerate(record.get("quotes") or (), start=1):
            seen.setdefault(person_key(quote["speaker"]), []).append(number)
        return seen

    ours, theirs = by_speaker(first), by_speaker(second)
    links: dict[str, dict[int, QuoteRef]] = {first["id"]: {}, second["id"]: {}}
    for key, numbers in ours.items():
        if len(theirs.get(key, ())) != len(numbers):
            continue
        for mine, other in zip(numbers, theirs[key]):
            links[first["id"]][mine] = QuoteRef(second["id"], other, second["lang"])
            links[second["id"]][other] = QuoteRef(first["id"], mine, first["lang"])
    return links


def _relevance(found: _Found):
    return (bool(found.match.via_translation), -found.match.score, found.rank, found.number)


def _reading_order(found: _Found):
    return (found.rank, found.number)


def _collapse(found: list[_Found]) -> list[_Found]:
    """One entry per quotation and its translation: the first in the order given."""
    kept, seen = [], set()
    for item in found:
        mine = (item.record["id"], item.number)
        if mine in seen:
            continue
        seen.add(mine)
        if item.counterpart:
            seen.add((item.counterpart.release, item.counterpart.number))
        kept.append(item)
    return kept


def _speaker_counts(found: list[_Found], selected: tuple[str, ...]) -> tuple[FacetValue, ...]:
    counts: dict[str, int] = {}
    for item in found:
        counts[item.speaker] = counts.get(item.speaker, 0) + 1
    chosen = {person_key(s) for s in selected}
    ordered = sorted(counts, key=lambda name: (-counts[name], name.casefold()))[:SPEAKERS_SHOWN]
    values = [FacetValue(name, counts[name], person_key(name) in chosen) for name in ordered]
    shown = {person_key(v.value) for v in values}
    values += [FacetValue(canonical_person(s), 0, True) for s in selected if person_key(s) not in shown]
    return tuple(values)


def _hit(found: _Found) -> QuoteHit:
    record, quote = found.record, found.quote
    return QuoteHit(
        text=quote["text"], html=highlight_quote(quote["text"], found.match.terms, record["lang"]),
        speaker=found.speaker, title=quote.get("title"), organisation=quote.get("organisation"),
        release=record["id"], release_title=record["title"], date=record.get("date"), lang=record["lang"],
        paragraph=quote["paragraph"], number=found.number,
        role=role(quote.get("title"), quote.get("organisation"), record.get("body") or ()),
        citation=citation_line(quote["text"], record["lang"], found.speaker, quote.get("title"),
                               quote.get("organisation"), record["title"], record.get("date"),
                               record.get("body") or ()),
        score=found.match.score, via_translation=found.match.via_translation, translation=found.counterpart)


def highlight_quote(text: str, terms: frozenset[str], lang: str) -> Markup:
    """The quotation as safe HTML, the matched terms in <mark>."""
    html = highlight_terms(text, terms, lang)
    return Markup(html) if html else escape(text)
