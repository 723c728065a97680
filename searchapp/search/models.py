"""What a search asks and answers: plain records shared by the CLI, the pages, the API and the feeds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from markupsafe import Markup

from searchapp.index.opening import IndexOutdated
from searchapp.index.read.facets import FacetValue
from searchapp.index.schema import FACET_NAMES
from searchapp.index.storage import IndexMissing
from searchapp.search.sourcepaths import public_source

# What a search can meet instead of an index: the callers (pages, API, CLI) say it plainly.
IndexUnavailable = (IndexMissing, IndexOutdated)
__all__ = ["FACET_NAMES", "FacetValue", "Hit", "IndexMissing", "IndexOutdated", "IndexUnavailable", "ReleaseView",
           "SearchRequest", "SearchResults"]


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    partners: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    speakers: tuple[str, ...] = ()
    xlang: bool = False
    types: tuple[str, ...] = ()
    prefer_lang: str = ""       # shown first when both versions of a translated release match (the interface's)

    def filter_values(self, facet: str) -> tuple:
        """The values this request filters a facet by: the field named after it (`partner` -> partners)."""
        return getattr(self, facet + "s")


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    title: str
    lang: str
    date: str | None
    partners: tuple[str, ...]
    regions: tuple[str, ...]
    translation: "Hit | None"
    snippet: Markup
    score: float
    dateline_city: str | None = None
    speakers: tuple[str, ...] = ()
    via_translation: tuple[str, ...] = ()  # glossary terms this hit matched through (xlang)
    type: str = "news-release"
    relative_source: str = ""              # the path under its source folder: what the API shows

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.relative_source or public_source(self.source),
            "title": self.title, "lang": self.lang, "type": self.type, "date": self.date, "partners": list(self.partners), "regions": list(self.regions),
            "translation": self.translation.to_json() if self.translation else None,
            "snippet": str(self.snippet), "score": round(self.score, 4),
            "speakers": list(self.speakers), "via_translation": list(self.via_translation),
        }


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetValue, ...]]
    suggestion: str | None = None
    message: str | None = None
    partial: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict[str, Any]:
        """Exactly the object `searchapp search --json` prints."""
        return {
            "query": self.request.query,
            "total": self.total,
            "page": self.request.page,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {name: [{"value": v.value, "count": v.count} for v in values]
                       for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "message": self.message,
        }


@dataclass(frozen=True)
class ReleaseView:
    """One release with everything its page shows."""

    id: str
    record: Mapping[str, Any]
    translation: Hit | None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.record[name]
        except KeyError:
            raise AttributeError(name) from None
