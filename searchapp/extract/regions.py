"""Regions of a release: the provinces, states and countries it is about.

Weighted mentions in the headline, dateline and body (never the "About" sections);
a region named inside an organisation's name weighs less.
"""
from __future__ import annotations

from collections import Counter

REGION_WEIGHTS = (3, 2, 1)   # headline, first body paragraph, every later body paragraph
REGION_THRESHOLD = 2         # a region must weigh this much to be listed
IN_NAME_FACTOR = 0.5         # weight of a region named inside an organisation's name


def find_regions(release, finder: NameFinder) -> tuple[str, ...]:
    """Region keys the release is about: weighted mentions in headline, dateline and body
    (never the "About" sections), else the dateline's regions.

    A region inside an organisation's name ("Canada Economic Development") says where the
    organisation is rather than what the release is about: it weighs half.
    """
    gazetteer = finder.gazetteer
    headline_w, lead_w, body_w = REGION_WEIGHTS
    zones = [(release.headline or "", headline_w)]
    zones += [(p, lead_w if i == 0 else body_w) for i, p in enumerate(release.body)]
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for order, (text, weight) in enumerate(zones):
        mentions = gazetteer.region_matcher.find(text)
        alone = not mentions or finder.outside_names(text, mentions)
        names = [] if alone else [c for c in finder.candidates(text) if not c.weak]
        for mention in mentions:
            in_name = any(c.start <= mention.start < c.end for c in names)
            scores[mention.value] += weight * (IN_NAME_FACTOR if in_name else 1)
            first_seen.setdefault(mention.value, order)
    dateline: set[str] = set()
    if release.dateline is not None:
        text = release.dateline.text
        dateline = {m.value for m in gazetteer.region_matcher.find(text) + gazetteer.code_matcher.find(text)}
        for key in dateline:
            scores[key] += body_w
            first_seen[key] = -1
    # Nothing stands out: where the release was issued is the best remaining clue.
    kept = [key for key, score in scores.items() if score >= REGION_THRESHOLD] or sorted(dateline)
    return tuple(sorted(kept, key=lambda k: (first_seen[k], -scores[k], k)))
