"""What one reindex may remove from the index, and what it must keep.

A release leaves the index when its file is gone from a folder that was listed. It stays
when its folder could not be listed (an unmounted share, a folder this user cannot read:
the file may well be there), when a folder that held indexed releases now lists nothing
(an empty mount point), and when the run would remove more than a set share of the index
(a wrong path, a half-copied archive): a bad night must not empty the site. The caller
lifts the last two rules with `allow` (`searchapp reindex --allow-removals`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from searchapp.index.sourcefiles import Listing

MAX_REMOVED_SHARE = 0.25     # a nightly run removes a few releases, not a quarter of the archive
ALWAYS_ALLOWED = 10          # so that a small index can still lose a handful of releases


@dataclass(frozen=True)
class RemovalPolicy:
    allow: bool = False
    max_share: float = MAX_REMOVED_SHARE
    always_allowed: int = ALWAYS_ALLOWED


def hold_back(indexed: dict[str, tuple[str, str]], found: dict, listing: Listing,
              policy: RemovalPolicy) -> tuple[set[str], list[tuple[str, str]]]:
    """(indexed paths this run must keep although their files were not listed, the reasons,
    each naming a folder). Files that failed to read are kept elsewhere; not counted here."""
    failed = {path for path, _ in listing.failed} - set(listing.excluded)
    missing = [path for path in indexed if path not in found and path not in failed]
    if not missing:
        return set(), []
    unlisted = set(listing.unlisted)
    kept = {path for path in missing if _under(path, unlisted)}
    reasons: list[tuple[str, str]] = []
    if not policy.allow:
        empty = {}
        for path in missing:
            folder = path not in kept and _under(path, set(listing.empty))
            if folder:
                empty.setdefault(folder, []).append(path)
        for folder, paths in sorted(empty.items()):
            kept.update(paths)
            reasons.append((folder, f"lists no release files while {len(paths)} indexed releases come from it "
                                    "(an unmounted or emptied folder?): they are kept; "
                                    "`searchapp reindex --allow-removals` removes them"))
        leaving = [path for path in missing if path not in kept]
        limit = max(policy.always_allowed, int(policy.max_share * len(indexed)))
        if len(leaving) > limit:
            kept.update(leaving)
            reasons.append((os.path.commonpath(leaving) if len(leaving) > 1 else leaving[0],
                            f"{len(leaving)} of the {len(indexed)} indexed releases are no longer in the "
                            f"sources, more than this run may remove ({limit}): none removed; "
                            "`searchapp reindex --allow-removals` removes them"))
    return kept, reasons


def _under(path: str, folders: set[str]) -> str | None:
    """The folder of `folders` holding path (path itself counts: a source may be a file)."""
    if not folders:
        return None
    current = path
    while True:
        if current in folders:
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
