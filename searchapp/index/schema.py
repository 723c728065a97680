"""The Whoosh schema and the mapping from a stored record to indexed fields.

Everything Whoosh-specific about *what* is indexed lives here; index.py
decides *when* and *where*.
"""
from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions

from searchapp.index.analyzers import CachedChain, analyzer_for
from searchapp.text.partialdates import date_bounds as partial_date_bounds, day_number

# Bump when the schema or an analyzer changes: an index built with another
# version is refused at open with a message to run `searchapp reindex --full`.
SCHEMA_VERSION = 8     # 8: regions from places, a pair's versions share their facets; 7: the release type (a facet)
TEXT_LANGS = ("fr", "en", "other")
# The facets, declared once: keyword fields a searcher reads whole into arrays (read/facets.py),
# in display order; each is also a query scope (`partner:MassBio`), a filter of SearchRequest
# (search/models.py: the name plus "s") and a URL parameter (web/params.py).
FACET_NAMES = ("partner", "region", "year", "month", "lang", "speaker", "type")
# Counted only when they say something: months within one year, speakers when any is indexed.
CONDITIONAL_FACETS = ("month", "speaker")


def text_lang(lang: str) -> str:
    """The text field family a language is indexed in: fr, en, or other."""
    return lang if lang in ("fr", "en") else "other"


def build_schema() -> Schema:
    """A fresh schema: one text and one title field per language family."""
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "path": ID(unique=True),
        "filekey": ID,
        "lang": ID,
        "year": ID,
        "month": ID,
        "type": ID,
        "date_start": NUMERIC(int, bits=32, signed=False, sortable=True),
        "date_end": NUMERIC(int, bits=32, signed=False, sortable=True),
        "partner": KEYWORD(commas=True, lowercase=False),
        "region": KEYWORD(commas=True, lowercase=False),
        "speaker": KEYWORD(commas=True, lowercase=False),
        "anchor": KEYWORD(commas=True, lowercase=False),    # names and numbers: translation candidates
        "group": ID,
        "record": STORED,
    }
    for family in TEXT_LANGS:
        analyzer = analyzer_for(family)
        fields[f"title_{family}"] = _text_field(analyzer, field_boost=2.0)
        fields[f"text_{family}"] = _text_field(analyzer)
    return Schema(**fields)


def _text_field(analyzer, field_boost: float = 1.0) -> TEXT:
    field = TEXT(analyzer=analyzer, field_boost=field_boost)
    field.format = TermPositions(field_boost=field_boost)
    return field


class TermPositions(Positions):
    """Whoosh's Positions format, the same postings byte for byte; with a CachedChain it
    reads each term's positions from the chain's table instead of from one token object
    per word, the largest cost of adding a release to the index."""

    def word_values(self, value, analyzer, **kwargs):
        by_term = self.positions_by_term(value, analyzer) if kwargs.keys() <= {"mode"} else None
        if by_term is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in by_term.items():
            yield term, len(positions), float(len(positions)) * boost, self.encode(positions)

    @staticmethod
    def positions_by_term(value, analyzer) -> dict[str, list[int]] | None:
        """Each term of value with its positions, read from a CachedChain's table (None
        with another analyzer: then word_values makes Whoosh's tokens)."""
        if isinstance(analyzer, CachedChain) and isinstance(value, str):
            return analyzer.term_positions(value)
        return None

    def encode(self, poslist):
        if len(poslist) != 1 or poslist[0] >= ONE_POSITION_KEPT:
            return super().encode(poslist)
        encoded = _ONE_POSITION.get(poslist[0])     # most terms occur once in a field
        if encoded is None:
            encoded = _ONE_POSITION[poslist[0]] = super().encode(poslist)
        return encoded


ONE_POSITION_KEPT = 8192        # encodings of a lone position kept: the first words of a field
_ONE_POSITION: dict[int, bytes] = {}


def date_bounds(iso: str | None) -> tuple[int, int]:
    """First and last day of a partial ISO date, as yyyymmdd integers (0, 0 if unknown)."""
    if not iso:
        return 0, 0
    first, last = partial_date_bounds(iso)
    return day_number(first), day_number(last)


def keyword_value(values: list[str]) -> str:
    """Join facet values for a comma-separated KEYWORD field."""
    return ",".join(v.replace(",", " ") for v in values)


def document_fields(record: dict[str, Any], filekey: str) -> dict[str, Any]:
    """The fields to index for a stored record (record["id"] and ["group"] already set)."""
    lang = record["lang"]
    texts: dict[str, list[str]] = {family: [] for family in TEXT_LANGS}
    paragraphs = record["body"] + record["about"]
    langs = record.get("paragraph_langs") or [lang] * len(paragraphs)
    for para, para_lang in zip(paragraphs, langs):
        texts[text_lang(para_lang)].append(para)
    if record.get("dateline_city"):
        texts[text_lang(lang)].append(record["dateline_city"])
    start, end = date_bounds(record.get("date"))
    fields: dict[str, Any] = {
        "id": record["id"],
        "path": record["source"],
        "filekey": filekey,
        "lang": lang,
        "date_start": start,
        "date_end": end,
        "partner": keyword_value(record["partners"]),
        "region": keyword_value(record["regions"]),
        "speaker": keyword_value(record.get("speakers", [])),
        "type": record.get("type") or "news-release",
        "anchor": keyword_value(record.get("anchors", [])),
        "group": record["group"],
        f"title_{text_lang(lang)}": record["title"],
        "record": record,
    }
    if record.get("date"):
        fields["year"] = record["date"][:4]
        if len(record["date"]) >= 7:
            fields["month"] = record["date"][:7]
    for family, parts in texts.items():
        if parts:
            fields[f"text_{family}"] = "\n".join(parts)
    return fields
