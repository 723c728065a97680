"""The both-languages mode of a parsed query: its translations, searched in the other language.

For each target language, every translated term of the query is replaced, in one variant of
the query, by the alternatives (the term as typed or any of its translations), and the variant
is parsed in that language's fields only. One variant per language, not one per term: `santé
buccodentaire` must become `health dental` in English, not `health buccodentaire`. The variants
weigh TRANSLATION_BOOST of a match as typed, and the service ranks the releases the query
matches as typed first (service.py): a translated match never outranks an own-language one.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from whoosh import query as wq

from searchapp.text.glossary import Translation, load_glossary

TRANSLATION_BOOST = 0.3  # a match through a translation ranks below an exact-language match


def add_translations(parsed, text: str, words: list[str], translator,
                     parse: Callable[[str, str], wq.Query]) -> None:
    """Or the parsed query with its translations (parse(text, lang): the query in one language)."""
    translator = translator if translator is not None else load_glossary()
    translations = translator.translate_query_terms(words)
    if not translations:
        return
    plain = text.replace('"', " ")
    variants, used = [], []
    for lang in dict.fromkeys(t.target_lang for t in translations):
        mine = [t for t in translations if t.target_lang == lang]
        variant, applied = substitute(plain, mine)
        if not applied:
            continue
        query = parse(variant, lang)
        if query is not wq.NullQuery:
            variants.append(query)
            used += applied
    if variants:
        parsed.original = parsed.query
        parsed.translations = tuple(used)
        parsed.query = wq.Or([parsed.query, wq.Or(variants, boost=TRANSLATION_BOOST)])


def substitute(text: str, translations: Sequence[Translation]) -> tuple[str, list[Translation]]:
    """The text with each translated term replaced by `(term OR translation ...)`, longest first,
    no two replacements overlapping; and the translations applied."""
    spans = []
    for translation in translations:
        pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, translation.source_text.split())) + r"(?!\w)"
        spans += [(m.start(), m.end(), translation) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    spans.sort(key=lambda s: (s[0] - s[1], s[0]))
    chosen, taken = [], set()
    for start, end, translation in spans:
        if not taken.intersection(range(start, end)):
            taken.update(range(start, end))
            chosen.append((start, end, translation))
    out, applied, last = [], [], 0
    for start, end, translation in sorted(chosen, key=lambda s: s[0]):
        alternatives = " OR ".join(_term(t) for t in (text[start:end], *translation.targets))
        out += [text[last:start], f" ({alternatives}) "]
        last = end
        if translation not in applied:
            applied.append(translation)
    out.append(text[last:])
    return "".join(out), applied


def _term(text: str) -> str:
    """A term as the parser reads it: a phrase when it has several words."""
    return f'"{text}"' if re.search(r"[\s'’-]", text) else text
