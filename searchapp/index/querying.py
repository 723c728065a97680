"""Turn what a user typed into a Whoosh query, one language at a time.

The query is parsed once per language family with that family's analysis
(French fields with the French chain, English with the English one) and the
parses are combined with a disjunction-max, so a French stop word never
becomes a required term in the English fields. Field scopes (`partner:`,
`region:`, `lang:`, `year:`, `speaker:`) are lifted out as filters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser
from whoosh import query as wq

from searchapp.config import MAX_QUERY_CHARS
from searchapp.index.phrases import GapPhrasePlugin, TermStartPlusMinus, expand_hyphens
from searchapp.index.schema import FACET_NAMES, TEXT_LANGS

SCOPES = FACET_NAMES
_SCOPE = re.compile(r'(?<![^\s(])([-+]?)(' + "|".join(SCOPES) + r'):(?:"([^"]*)"?|(\S+))', re.IGNORECASE)
MAX_EXPANSIONS = 100
MIN_WILDCARD_CHARS = 2


@dataclass
class ParsedQuery:
    query: wq.Query | None          # None: no words, every release matches
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    original: wq.Query | None = None    # the query without translations (xlang only)
    translations: tuple = ()            # glossary.Translation records used (xlang only)


def split_scopes(text: str) -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
    """Lift `field:value` and `-field:value` out of the query text."""
    include: dict[str, list[str]] = {}
    exclude: dict[str, list[str]] = {}

    def lift(match: re.Match) -> str:
        sign, name, quoted, bare = match.groups()
        value = (quoted if quoted is not None else bare).strip()
        if value:
            target = exclude if sign == "-" else include
            target.setdefault(name.lower(), []).append(value)
        return " "

    return _SCOPE.sub(lift, text), include, exclude


def _parser(family: str, schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser([f"title_{family}", f"text_{family}"], schema,
                                      group=qparser.AndGroup)
    for plugin in (qparser.FieldsPlugin, qparser.RangePlugin, qparser.EveryPlugin,
                   qparser.BoostPlugin, qparser.PhrasePlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(TermStartPlusMinus())
    parser.add_plugin(GapPhrasePlugin())
    return parser


def parse_user_query(text: str, schema, reader, xlang: bool = False, translator=None) -> ParsedQuery:
    """The query for every language family, scopes lifted out, wildcards bounded.

    With `xlang`, terms the translator (the glossary by default; see index/expansion.py)
    knows are also searched through their translation, in the other language's fields
    only, at a lower weight (index/crosslang.py).
    """
    messages: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        messages.append(f"The query was shortened to its first {MAX_QUERY_CHARS} characters.")
    text, include, exclude = split_scopes(text)
    words = re.findall(r"[^\W_][\w'’-]*", text)
    if not text.strip() or not words:
        return ParsedQuery(None, include, exclude, messages, [])
    text = _balance(text)
    query = _parse_families(text, words, TEXT_LANGS, schema, reader, messages)
    parsed = ParsedQuery(query, include, exclude, messages, words)
    if xlang and query is not wq.NullQuery:
        from searchapp.index.crosslang import add_translations

        add_translations(parsed, text, words, translator,
                         lambda variant, lang: _parse_families(variant, words, (lang,), schema, reader, []))
    return parsed


def _parse_families(text, words, families, schema, reader, messages) -> wq.Query:
    text = expand_hyphens(text)
    parts = []
    for family in families:
        try:
            parsed = _parser(family, schema).parse(text)
        except Exception:  # Whoosh's parser raises a variety of errors on odd input
            parsed = _parser(family, schema).parse(" ".join(words))
            if not messages:
                messages.append("The query syntax could not be read; its words were searched.")
        parsed = bound_expansions(parsed, reader, messages).normalize()
        if parsed is not wq.NullQuery:
            parts.append(parsed)
    return wq.DisjunctionMax(parts, tiebreak=0.1) if len(parts) > 1 else (parts[0] if parts else wq.NullQuery)


def _balance(text: str) -> str:
    """Close an unbalanced quote or parenthesis instead of failing on it."""
    if text.count('"') % 2:
        text += '"'
    opened = text.count("(") - text.count(")")
    if opened > 0:
        text += ")" * opened
    elif opened < 0:
        text = text.replace(")", " ", -opened)
    return text


def bound_expansions(query: wq.Query, reader, messages: list[str]) -> wq.Query:
    """Replace wildcard and fuzzy terms by at most MAX_EXPANSIONS real terms."""
    if isinstance(query, (wq.Wildcard, wq.Prefix, wq.FuzzyTerm)):
        literal = re.sub(r"[*?]", "", query.text)
        if len(literal) < MIN_WILDCARD_CHARS:
            _note(messages, f"Wildcards need at least {MIN_WILDCARD_CHARS} letters; '{query.text}' was ignored.")
            return wq.NullQuery
        terms = list(islice(query._btexts(reader), MAX_EXPANSIONS + 1))
        if len(terms) > MAX_EXPANSIONS:
            _note(messages, f"'{query.text}' matches too many words; only the first {MAX_EXPANSIONS} were used.")
            terms = terms[:MAX_EXPANSIONS]
        return wq.Or([wq.Term(query.fieldname, t) for t in terms]) if terms else wq.NullQuery
    if isinstance(query, wq.Every):
        return wq.NullQuery
    if query.is_leaf():
        return query
    return query.apply(lambda sub: bound_expansions(sub, reader, messages))


def _note(messages: list[str], message: str) -> None:
    if message not in messages:
        messages.append(message)
