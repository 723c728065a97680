"""The distinct words of a release, as "did you mean" counts them: letters only, three or more."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from searchapp.text.patterns import letters


def words_of(record: dict[str, Any]) -> set[str]:
    """The distinct words of a release's title and paragraphs, lower-cased."""
    text = "\n".join([record["title"], *record["body"], *record["about"]])
    return {word.lower() for word in _word().findall(text)}


@lru_cache(maxsize=1)
def _word() -> re.Pattern:
    """Letters only, three or more (patterns.letters: the set, not the category)."""
    return re.compile(letters() + "{3,}")
