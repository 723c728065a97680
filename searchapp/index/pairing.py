"""Find releases that are one announcement in two languages, and link them.

Two releases are a pair when they are in French and English, their dates are
compatible, their partners may name the same organisations (in either language),
and they share enough names and numbers. Linked releases share their facets
(pairfacets.py).
Each changed release is compared with the few candidates the index returns
for it; a pair gets one group id (the smaller id) and a translation link.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Iterable, NamedTuple

from whoosh import query as wq
from whoosh.writing import NO_MERGE

from searchapp.index.pairfacets import linked, own_facets, partner_stems, restored
from searchapp.index.schema import date_bounds, document_fields
from searchapp.index.write.segmentwriter import open_writer
from searchapp.index.sourcefiles import current_filekey

MIN_SHARED = 4
MIN_OVERLAP = 0.3
UNCORROBORATED_OVERLAP = 0.5   # the share needed when no date and no partner back the text up
MAX_GAP_DAYS = 45
OTHER = {"fr": "en", "en": "fr"}
RARE_ANCHOR = 64          # an anchor shared by more releases than this does not propose candidates
MAX_CANDIDATES = 50       # releases compared in full with each one, those sharing most rare anchors


def pair_releases(ix, changed_ids: Iterable[str]) -> dict[str, str]:
    """Re-pair the changed releases (and whoever pointed at them) in the committed index,
    and commit the releases rewritten; returns the file key written for each, by source path."""
    with ix.searcher() as searcher:
        updates = plan_links(IndexView(searcher), changed_ids)
    written: dict[str, str] = {}
    if updates:
        writer = open_writer(ix)
        for record in updates.values():
            fields = _fields_of(ix, record)
            writer.update_document(**fields)
            written[record["source"]] = fields["filekey"]
        writer.commit(mergetype=NO_MERGE)   # a few documents: the next reindex's commit merges them
    return written


def pair_before_commit(ix, pending: dict[str, dict[str, Any]], removed: Iterable[str],
                       changed_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The links of the changed releases in the index as it will be once `pending` (id ->
    record about to be written) is written and `removed` deleted: one commit for both.
    Returns id -> record to write with its new links (pending ones and indexed ones)."""
    with ix.searcher() as searcher:
        return plan_links(IndexView(searcher, pending, removed), changed_ids)


def plan_links(view: "IndexView", changed_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> record with its new translation link and group, for every release that changes.

    As in a first build (bulkpairing.pair_new: best pairs first, one pair per
    release), a release already paired is taken only by a closer match; its
    former partner is then unlinked and looks for another match itself.
    """
    updates: dict[str, dict[str, Any]] = {}
    queue, requeued = deque(changed_ids), set()
    while queue:
        release_id = queue.popleft()
        record = updates.get(release_id) or view.record(release_id)
        if record is None:
            continue
        candidates = [c for c in view.candidates(record) if _available(view, record, c, updates)]
        match = best_match(record, candidates)
        _unlink(view, record, match and match["id"], updates)      # its own former partner
        if match is not None:
            former = _unlink(view, match, record["id"], updates)      # the match's former partner
            if former is not None and former not in requeued:
                requeued.add(former)
                queue.append(former)
            _link(record, match, updates)
        elif record.get("translation"):
            updates[record["id"]] = restored(dict(record, translation=None, group=record["id"]))
    return updates


class IndexView:
    """The stored releases as pairing sees them: the committed index, or (before a commit)
    with the releases about to be written in place of their old versions and the removed
    ones gone. Candidates follow one rule either way (see candidates)."""

    def __init__(self, searcher, pending: dict[str, dict[str, Any]] | None = None, removed: Iterable[str] = ()):
        self.searcher = searcher
        self.pending = pending or {}
        self.removed = set(removed)
        self._pending_by_anchor: dict[str, list[dict[str, Any]]] = {}
        self._indexed: dict[str, int] = {}      # anchor -> releases of the index holding it
        for other in self.pending.values():
            for anchor in set(_anchor_terms(other)):
                self._pending_by_anchor.setdefault(anchor, []).append(other)

    def record(self, release_id: str) -> dict[str, Any] | None:
        if release_id in self.pending:
            return self.pending[release_id]
        if release_id in self.removed:
            return None
        stored = self.searcher.document(id=release_id)
        return stored["record"] if stored else None

    def candidates(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """Releases in the other language sharing this one's rarest anchors, that the date
        and partner rules allow (the same proposal rule as pair_new, read from the index)."""
        if OTHER.get(record["lang"]) is None:
            return []
        anchors = _anchor_terms(record)
        counts = sorted((self._indexed_with(a) + len(self._pending_by_anchor.get(a, ())), a) for a in anchors)
        rare = [a for df, a in counts if 1 < df <= RARE_ANCHOR + 1]   # shared with another release, not common
        if not rare:
            return []
        found = self.searcher.search(wq.Or([wq.Term("anchor", a) for a in rare]), limit=MAX_CANDIDATES + 1)
        # The pending ones are compared as they will be, not as they were.
        candidates = [hit["record"] for hit in found if hit["id"] != record["id"]
                      and hit["id"] not in self.pending and hit["id"] not in self.removed]
        sharing = {other["id"]: other for a in rare for other in self._pending_by_anchor.get(a, ())}
        candidates += [other for other_id, other in sorted(sharing.items()) if other_id != record["id"]]
        return [c for c in candidates if findable(record, c) or findable(c, record)]

    def _indexed_with(self, anchor: str) -> int:
        """The anchor's document frequency, asked of each segment once per view: the releases
        of one update share many anchors (326 of 10 bench releases, 187 distinct), and each
        ask is a hash lookup in every segment's term file."""
        count = self._indexed.get(anchor)
        if count is None:
            count = self._indexed[anchor] = self.searcher.reader().doc_frequency("anchor", anchor)
        return count


def _anchor_terms(record: dict[str, Any]) -> list[str]:
    """A record's anchors as the `anchor` field indexes them."""
    return [a.replace(",", " ") for a in record.get("anchors", ())]


def best_match(record: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The candidate that is most plausibly this release's translation, if any."""
    mine = facts(record)
    scored = [(similarity(record, c), c) for c in candidates if compatible(record, c)]
    scored = [(s, c) for s, c in scored if s >= required_overlap(mine, facts(c))]
    return max(scored, key=lambda item: item[0])[1] if scored else None


def compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Other language, close dates, agreeing partners."""
    return compatible_facts(facts(a), facts(b))


class Facts(NamedTuple):
    """What the pairing rules read of a record, worked out once (a first build asks them
    of about 40 candidates per release)."""

    lang: str
    partners: frozenset          # the distinctive stems of the partners its own text gave
    first_day: int
    last_day: int
    year: int | None            # None: no date


def facts(record: dict[str, Any]) -> Facts:
    own = own_facets(record)
    date = own["date"]
    first, last = (_days(bound) for bound in date_bounds(date)) if date else (0, 0)
    return Facts(record["lang"], partner_stems(own["partners"] or ()), first, last, int(date[:4]) if date else None)


def compatible_facts(a: Facts, b: Facts) -> bool:
    if OTHER.get(a.lang) != b.lang:
        return False
    if a.partners and b.partners and a.partners.isdisjoint(b.partners):
        return False              # (pairfacets.partners_agree, on stems worked out once)
    if a.year is not None and b.year is not None:
        return max(a.first_day - b.last_day, b.first_day - a.last_day, 0) <= MAX_GAP_DAYS
    return True


def required_overlap(a: Facts, b: Facts) -> float:
    """MIN_OVERLAP when both dates or both partner lists back the pair up; more otherwise
    (two undated releases on one subject share names without being translations)."""
    corroborated = (a.year is not None and b.year is not None) or (a.partners and b.partners)
    return MIN_OVERLAP if corroborated else UNCORROBORATED_OVERLAP


def similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Shared names and numbers, relative to the smaller release."""
    left, right = set(a.get("anchors", ())), set(b.get("anchors", ()))
    return overlap(len(left & right), len(left), len(right))


def overlap(shared: int, left: int, right: int) -> float:
    """Shared anchors relative to the smaller set; 0 below MIN_SHARED."""
    return 0.0 if shared < MIN_SHARED else shared / max(1, min(left, right))


def _days(yyyymmdd: int) -> int:
    year, rest = divmod(yyyymmdd, 10000)
    month, day = divmod(rest, 100)
    return year * 372 + month * 31 + day


def _link(record, match, updates) -> None:
    group = min(record["id"], match["id"])
    for mine, theirs in ((record, match), (match, record)):
        current = updates.get(mine["id"], mine)
        new = linked(dict(current, translation=theirs["id"], group=group), theirs)
        if new != current:
            updates[mine["id"]] = new


def _partner(view: IndexView, record, updates) -> dict[str, Any] | None:
    """The release `record` is paired with, if that one is paired with it too."""
    current = updates.get(record["id"], record)
    partner_id = current.get("translation")
    partner = (updates.get(partner_id) or view.record(partner_id)) if partner_id else None
    return partner if partner and partner.get("translation") == record["id"] else None


def _available(view: IndexView, record, candidate, updates) -> bool:
    """Unpaired, paired with `record`, or a closer match to `record` than to its partner."""
    partner = _partner(view, candidate, updates)
    return partner is None or partner["id"] == record["id"] or similarity(record, candidate) > similarity(
        candidate, partner)


def _unlink(view: IndexView, record, keep: str | None, updates) -> str | None:
    """`record`'s partner goes single, unless it is the release `keep`; returns its id if it went."""
    partner = _partner(view, record, updates)
    if partner is None or partner["id"] == keep:
        return None
    updates[partner["id"]] = restored(dict(partner, translation=None, group=partner["id"]))
    return partner["id"]


def _fields_of(ix, record: dict[str, Any]) -> dict[str, Any]:
    return document_fields(record, _filekey(record))


def _filekey(record: dict[str, Any]) -> str:
    return current_filekey(record["source"], record["checksum"])


def findable(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether IndexView.candidates' search for `mine` would return `theirs` (its rules, without the index)."""
    return findable_facts(facts(mine), facts(theirs))


def findable_facts(mine: Facts, theirs: Facts) -> bool:
    """Years at most one apart when both have one; partners that may be the same."""
    if mine.year is not None and theirs.year is not None and abs(mine.year - theirs.year) > 1:
        return False
    return not (mine.partners and theirs.partners and mine.partners.isdisjoint(theirs.partners))
