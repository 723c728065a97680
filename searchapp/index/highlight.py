"""Highlighting with the index's own analysis: snippets of results and marked quotations.

Whoosh's highlighter retokenizes the text with the field's analyzer, so a
highlighted word is exactly a word the query matched (stems, folded accents).
"""
from __future__ import annotations

from typing import Any

from whoosh import highlight

from searchapp.index.schema import text_lang
from searchapp.index.analyzers import analyzer_for

SNIPPET_CHARS = 240
SNIPPET_PARAGRAPHS = 1    # paragraphs with a match the highlighter is given

_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)


def query_words(query, fieldname: str) -> frozenset[str]:
    """The (analysed) words a query looks for in one field: what the highlighter marks."""
    return frozenset(text if isinstance(text, str) else text.decode("utf-8")
                     for name, text in query.iter_all_terms(phrases=True) if name == fieldname)


def snippet_html(schema, query, record: dict[str, Any]) -> str:
    """The best fragments of the record's first paragraph holding a query word, as HTML ('' if none)."""
    fieldname = f"text_{text_lang(record['lang'])}"
    try:
        return _highlight_paragraphs(schema[fieldname].analyzer, query_words(query, fieldname), record["body"])
    except Exception:  # a highlighter failure must not cost the whole page
        return ""


def _highlight_paragraphs(analyzer, words: frozenset[str], paragraphs) -> str:
    """Whoosh's highlighting (retokenizing), paragraph by paragraph, until one matches.

    Analysing a whole 8 KB release for each hit costs more than the rest of
    the page; the best two fragments of the first paragraph holding a query
    term make the same kind of snippet for a fraction of the analysis.
    """
    if not words:
        return ""
    fragments, matched = [], 0
    for paragraph in paragraphs:
        # "query" mode: a compound's parts, without its joined form overlapping them
        tokens = analyzer(paragraph, positions=True, chars=True, mode="query", removestops=False)
        tokens = highlight.Highlighter._merge_matched_tokens(highlight.set_matched_filter(tokens, words))
        found = list(_FRAGMENTER.fragment_tokens(paragraph, tokens))
        if found:
            fragments += found
            matched += 1
            if matched == SNIPPET_PARAGRAPHS:
                break
    best = highlight.top_fragments(fragments, 2, highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1)
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")   # it keeps state: one per call
    return formatter.format(best) if best else ""


def highlight_terms(text: str, terms: frozenset[str], lang: str) -> str:
    """The whole text as HTML with the (analysed) terms in <mark>, '' when none is found."""
    if not terms:
        return ""
    return highlight.highlight(text, terms, analyzer_for(text_lang(lang)), highlight.WholeFragmenter(),
                               highlight.HtmlFormatter(tagname="mark")) or ""
