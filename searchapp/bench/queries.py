"""The bench's fixed query mix: French and English, common and rare, phrases, names, filters.

Built from the same functions the corpus generator draws names from, so the
mix is the same for a given seed and data files whatever the corpus size;
at a small size some rare words simply find nothing (counted in the table).
"""
from __future__ import annotations

from searchapp.search.service import SearchRequest
from searchapp.bench.corpus import invented_organisation, invented_term, person
from searchapp.bench.sources import Material

COMMON_FR = ("partenariat", "sciences de la vie", '"sciences de la vie"', "entente de collaboration",
             "innovation", "entreprises québécoises", "recherche clinique", "financement",
             "protocole d'entente", "biotechnologies")
COMMON_EN = ("partnership", "life sciences", '"life sciences"', "memorandum of understanding",
             "innovation ecosystem", "clinical trials", "investment", "biohealth cluster",
             "business development", "biotech*")
OTHER = ("partenriat", "collaboration -ontario", "Boston", "délégation", "genomics")


def query_mix(material: Material) -> tuple[SearchRequest, ...]:
    """At least 50 requests, each a full results page."""
    orgs = material.organisations
    host, second = orgs[0], orgs[1 % len(orgs)]
    rare = [invented_term(r) for r in (0, 3, 30, 100, 300)]
    people = [person(r) for r in (0, 5, 50)]
    partners = [invented_organisation(r) for r in (0, 2, 40)]
    regions = [key for key, _ in material.regions[:4]]
    texts = [*COMMON_FR, *COMMON_EN, *OTHER, *rare, *(f'"{p}"' for p in people), people[0].split()[1],
             *partners[:2], host, f"{host} partenariat", f"{second} partnership"]
    mix = [SearchRequest(query=q) for q in texts]
    mix += [
        SearchRequest(query="partenariat", partners=(host,)),
        SearchRequest(query="partnership", regions=(regions[1],)),
        SearchRequest(query="innovation", years=(2024,)),
        SearchRequest(query="sciences de la vie", langs=("fr",), years=(2019, 2020)),
        SearchRequest(query="life sciences", langs=("en",), regions=(regions[0],)),
        SearchRequest(query="collaboration", partners=(partners[0],)),
        SearchRequest(query="investment", date_from="2015-01", date_to="2018-12"),
        SearchRequest(query="financement", sort="date"),
        SearchRequest(query="entreprises", page=3),
        SearchRequest(query=rare[1], years=(2022, 2023, 2024)),
        SearchRequest(query="biotechnologies", partners=(host, second), regions=(regions[0], regions[1])),
        SearchRequest(query="", partners=(host,)),
        SearchRequest(query="", regions=(regions[2],)),
        SearchRequest(query="", years=(2010,)),
        SearchRequest(query="", langs=("en",), years=(2025,)),
        SearchRequest(query="", partners=(partners[1],), sort="date"),
        SearchRequest(query="", regions=(regions[0],), years=(2021,), langs=("fr",)),
        SearchRequest(query="", date_from="2003", date_to="2004-06"),
    ]
    return tuple(mix)


def describe(request: SearchRequest) -> str:
    """A short label for a request in reports."""
    parts = [repr(request.query)]
    for name in ("partners", "regions", "langs", "years"):
        values = getattr(request, name)
        if values:
            parts.append(f"{name}={','.join(map(str, values))}")
    if request.date_from or request.date_to:
        parts.append(f"dates={request.date_from}..{request.date_to}")
    if request.sort != "relevance":
        parts.append(f"sort={request.sort}")
    if request.page != 1:
        parts.append(f"page={request.page}")
    return " ".join(parts)
