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
from searchapp.index.schema import TEXT_LANGS

SCOPES = ("partner", "region", "lang", "year", "month", "speaker", "type")
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
                   qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin())
    return parser


def parse_user_query(text: str, schema, reader, xlang: bool = False) -> ParsedQuery:
    """The query for every language family, scopes lifted out, wildcards bounded.

    With `xlang`, glossary terms found in the query are also searched through
    their translation, in the other language's fields only, at a lower weight.
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
        _add_translations(parsed, text, words, schema, reader)
    return parsed


def _parse_families(text, words, families, schema, reader, messages) -> wq.Query:
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


TRANSLATION_BOOST = 0.3  # a match through the glossary ranks below an exact-language match


def _add_translations(parsed: ParsedQuery, text: str, words: list[str], schema, reader) -> None:
    """Or the query with its glossary translations, each parsed in its target language only."""
    from searchapp.text.glossary import load_glossary

    translations = load_glossary().translate_query_terms(words)
    variants = []
    plain = text.replace('"', " ")
    for translation in translations:
        pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, translation.source_text.split())) + r"(?!\w)"
        alternatives = " OR ".join(f'"{t}"' if " " in t or "'" in t or "’" in t else t
                                   for t in translation.targets)
        variant, count = re.subn(pattern, lambda _: f" ({alternatives}) ", plain, flags=re.IGNORECASE)
        if count:
            query = _parse_families(variant, words, (translation.target_lang,), schema, reader, [])
            if query is not wq.NullQuery:
                variants.append(query)
    if variants:
        parsed.original = parsed.query
        parsed.translations = translations
        translated = wq.Or(variants, boost=TRANSLATION_BOOST)
        parsed.query = wq.Or([parsed.query, translated])


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
