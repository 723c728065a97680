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

from searchapp.index.schema import text_lang
from searchapp.text.chains import chain_for
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
        variant = drop_unknown(variant, lang, getattr(translator, "holds", None))
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


_BARE_WORD = re.compile(r"(?<![\w(\"*-])([^\W\d_][\w'’]*)(?![\w*])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def drop_unknown(variant: str, lang: str, holds: Callable[[str, str], int] | None) -> str:
    """The variant without the untranslated words no release of that language holds.

    `fashion industry` in French: no French release says `fashion`, so required it would keep
    `industrie` from finding anything; the word is dropped when the words kept (translated
    or held) are at least half of the query's. Translated alternatives are left alone.
    """
    if holds is None:
        return variant
    inside, depth = [], 0
    for char in variant:        # words inside the parentheses substitute() wrote are alternatives
        depth += char == "("
        inside.append(depth > 0)
        depth -= char == ")"
    family = text_lang(lang)
    bare = [m for m in _BARE_WORD.finditer(variant) if not inside[m.start()] and m.group() not in _OPERATORS]
    unknown = [m for m in bare if all(holds(f"text_{family}", stem) == 0 for stem in _stems(m.group(), family))
               and _stems(m.group(), family)]
    translated = variant.count(" (")
    if not unknown or 2 * (len(bare) - len(unknown) + translated) < len(bare) + translated:
        return variant
    for m in reversed(unknown):
        variant = variant[:m.start()] + " " + variant[m.end():]
    return variant


def _stems(word: str, family: str) -> list[str]:
    return chain_for(family).terms(word)


def _term(text: str) -> str:
    """A term as the parser reads it: a phrase when it has several words."""
    return f'"{text}"' if re.search(r"[\s'’-]", text) else text
