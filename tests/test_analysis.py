"""Analyzer chains: order, equivalences, French stemmer, pickling, a real index."""

import pickle
import threading

import pytest
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, StopFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions
from whoosh.qparser import QueryParser

from conftest import SEEDS
from searchapp.text.analysis import (
    ElisionFilter, EnglishPossessiveFilter, EnglishStemFilter, FoldFilter,
    CachedChain, FrenchLightStemFilter, WordTokenizer, analyzer_for, cached, english_analyzer, fold,
    french_analyzer, french_light_stem, name_analyzer, neutral_analyzer,
)
from searchapp.index.schema import TEXT_LANGS, TermPositions, build_schema

ANALYZERS = [french_analyzer, english_analyzer, neutral_analyzer, name_analyzer]


def terms(analyzer, text):
    return [t.text for t in analyzer(text)]


def chain(analyzer):
    return [type(item) for item in analyzer.items]


def test_french_chain_order():
    assert chain(french_analyzer()) == [WordTokenizer, ElisionFilter, LowercaseFilter,
                                        StopFilter, FoldFilter, FrenchLightStemFilter]


@pytest.mark.parametrize("accented, plain", [("première", "premiere"), ("coopération", "cooperation"),
                                             ("renouvelée", "renouvelee"), ("élargies", "elargies")])
def test_french_words_typed_without_accents_match(accented, plain):
    analyzer = french_analyzer()
    assert [t.text for t in analyzer(accented)] == [t.text for t in analyzer(plain)]


def test_english_chain_order():
    assert chain(english_analyzer()) == [WordTokenizer, EnglishPossessiveFilter, LowercaseFilter,
                                         StopFilter, EnglishStemFilter, FoldFilter]


@pytest.mark.parametrize("factory", [neutral_analyzer, name_analyzer])
def test_neutral_and_name_chain_order(factory):
    assert chain(factory()) == [WordTokenizer, LowercaseFilter, FoldFilter]


@pytest.mark.parametrize("lang, factory", [
    ("fr", french_analyzer), ("en", english_analyzer), ("FR", french_analyzer),
    ("de", neutral_analyzer), ("und", neutral_analyzer), ("", neutral_analyzer),
])
def test_analyzer_for(lang, factory):
    assert analyzer_for(lang) == cached(factory())
    assert analyzer_for(lang).items == factory().items


@pytest.mark.parametrize("factory, a, b", [
    (french_analyzer, "partenariats", "partenariat"),
    (french_analyzer, "Québec", "Quebec"),
    (french_analyzer, "québec", "QUÉBEC"),
    (french_analyzer, "BIOQuébec", "BIOQuebec"),
    (french_analyzer, "Benoît", "Benoit"),
    (french_analyzer, "l'entente", "entente"),
    (french_analyzer, "L’Ontario", "Ontario"),
    (french_analyzer, "événements", "evenements"),
    (english_analyzer, "partnerships", "partnership"),
    (english_analyzer, "Québec", "quebec"),
    (english_analyzer, "Québec's", "Quebec"),
    (english_analyzer, "BIOQuébec’s", "BIOQuebec"),
    (english_analyzer, "Benoît", "Benoit"),
    (english_analyzer, "Montréal", "Montreal"),
    (neutral_analyzer, "Québec", "quebec"),
    (name_analyzer, "BIOQuébec", "bioquebec"),
    (name_analyzer, "O’Connell", "O'Connell"),
])
def test_index_and_query_side_give_same_terms(factory, a, b):
    analyzer = factory()
    assert terms(analyzer, a) == terms(analyzer, b)
    assert len(terms(analyzer, a)) == 1


def test_sciences_de_la_vie_keeps_content_words_only():
    assert terms(french_analyzer(), "sciences de la vie") == ["scienc", "vie"]
    assert terms(english_analyzer(), "the life sciences") == ["life", "scienc"]


@pytest.mark.parametrize("text", [
    "l'Ontario", "L'Ontario", "L’Ontario", "d'Ontario", "D’Ontario", "qu'Ontario",
    "QU'ONTARIO", "j'Ontario", "m'Ontario", "t'Ontario", "n'Ontario", "s'Ontario",
    "c'Ontario", "jusqu'Ontario", "Lorsqu’Ontario", "puisqu'Ontario", "quoiqu'Ontario",
])
def test_elision_any_article_any_case_any_apostrophe(text):
    assert terms(french_analyzer(), text) == ["ontario"]


def test_elision_keeps_other_apostrophes_and_lone_letters():
    analyzer = french_analyzer()
    assert terms(analyzer, "aujourd’hui") == terms(analyzer, "aujourd'hui") == ["aujourd'hui"]
    assert terms(analyzer, "vitamine D, série C") == ["vitamin", "d", "ser", "c"]


def test_elided_word_keeps_one_position():
    analyzer = french_analyzer()
    positions = [(t.text, t.pos) for t in analyzer("protocole d'entente", positions=True)]
    assert positions == [("protocol", 0), ("entent", 1)]


def test_elision_moves_start_char_past_the_article():
    [token] = list(french_analyzer()("L’entente", chars=True))
    assert (token.startchar, token.endchar) == (2, 9)


@pytest.mark.parametrize("word", ["les", "ils", "cette", "sans", "le", "des", "à", "où", "même",
                                  "meme", "était", "etait", "dont", "qu"])
def test_french_stop_words(word):
    assert terms(french_analyzer(), word) == []


@pytest.mark.parametrize("word, kept", [("été", "ete"), ("Été", "ete"), ("us", "us"),
                                        ("maïs", "mai"), ("sûr", "sur"), ("ca", "ca")])
def test_french_words_that_are_not_stop_words(word, kept):
    assert terms(french_analyzer(), word) == [kept]


def test_english_stop_words_are_explicit_and_english_only():
    analyzer = english_analyzer()
    assert terms(analyzer, "the and of with les cette") == ["les", "cett"]
    assert terms(analyzer, "US WHO May") == ["us", "who", "may"]


def test_stop_words_of_one_language_survive_in_the_other():
    assert terms(french_analyzer(), "the") == ["the"]
    assert terms(english_analyzer(), "la vie") == ["la", "vie"]


def test_neutral_analyzer_neither_stems_nor_stops():
    assert terms(neutral_analyzer(), "Die Partnerschaften der Straße") == \
        ["die", "partnerschaften", "der", "strasse"]


@pytest.mark.parametrize("word, stem", [
    ("chevaux", "cheval"), ("hiboux", "hibou"), ("chantés", "chant"), ("chanter", "chant"),
    ("baronnes", "baron"), ("anneaux", "aneau"), ("affreuse", "afreu"), ("affreux", "afreu"),
    ("investissement", "investi"), ("finissant", "fini"), ("pratiquement", "pratiqu"),
    ("administrativement", "administratif"), ("justificatrice", "justifi"),
    ("justificateur", "justifi"), ("éducatrice", "eduqu"), ("communicateur", "comuniqu"),
    ("administrateur", "administr"), ("productrice", "product"), ("acheteuse", "achet"),
    ("poreuse", "poreu"), ("caissière", "caisi"), ("abrasive", "abrasif"), ("folle", "fou"),
    ("personnelle", "person"), ("complète", "complet"), ("aromatique", "aromat"),
    ("faiblesse", "faibl"), ("patinage", "patin"), ("sonorisation", "sono"),
    ("ritualisation", "rituel"), ("nomination", "nomin"), ("disposition", "dispos"),
    ("deuxième", "deux"), ("partenariats", "partenariat"), ("québec", "quebec"),
    ("été", "été"), ("vie", "vie"), ("ans", "ans"), ("2023", "2023"),
])
def test_french_light_stemmer(word, stem):
    assert french_light_stem(word) == stem


@pytest.mark.parametrize("text, folded", [
    ("Québec", "quebec"), ("BIOQuébec", "bioquebec"), ("Benoît", "benoit"),
    ("Œuvre", "oeuvre"), ("Ætna", "aetna"), ("Straße", "strasse"),
    ("Que\u0301bec", "quebec"), ("O’Connell", "o'connell"), ("ÉTATS-UNIS", "etats-unis"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("factory", ANALYZERS)
def test_analyzers_pickle_and_compare_equal(factory):
    analyzer = factory()
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer == factory()
    text = "L’Ontario et Québec's partnerships : sciences de la vie"
    assert terms(copy, text) == terms(analyzer, text)


def test_different_chains_are_not_equal():
    assert french_analyzer() != english_analyzer()
    assert neutral_analyzer() != french_analyzer()


def make_schema():
    return Schema(id=ID(stored=True, unique=True),
                  body_fr=TEXT(analyzer=french_analyzer(), phrase=True),
                  body_en=TEXT(analyzer=english_analyzer(), phrase=True),
                  body_other=TEXT(analyzer=neutral_analyzer()),
                  names=TEXT(analyzer=name_analyzer()))


def test_schema_with_all_analyzers_pickles():
    schema = make_schema()
    copy = pickle.loads(pickle.dumps(schema))
    assert copy == schema
    assert copy["body_fr"].analyzer == french_analyzer()


FRENCH_DOCS = {
    "a": "Ils signent un nouveau protocole d’entente avec L’Ontario.",
    "b": "Le protocole sera renouvelé; l'entente vise les sciences de la vie.",
}


@pytest.fixture(scope="module")
def french_index():
    index = RamStorage().create_index(make_schema())
    with index.writer() as writer:
        for key, text in FRENCH_DOCS.items():
            writer.add_document(id=key, body_fr=text)
    return index


@pytest.mark.parametrize("query, expected", [
    ('"protocole d\'entente"', {"a"}),
    ('"protocole d’entente"', {"a"}),
    ('"protocole entente"', {"a"}),
    ("entente", {"a", "b"}),
    ("Ontario", {"a"}),
    ("l'Ontario", {"a"}),
    ("sciences de la vie", {"b"}),
    ('"sciences de la vie"', {"b"}),
    ("protocoles", {"a", "b"}),
])
def test_french_queries_on_a_real_index(french_index, query, expected):
    with french_index.searcher() as searcher:
        parsed = QueryParser("body_fr", french_index.schema).parse(query)
        assert {hit["id"] for hit in searcher.search(parsed)} == expected


def test_analyzers_give_same_terms_from_several_threads():
    text = "Québec's partnerships and L’Ontario's partners, Benoît Larose"
    expected = [terms(english_analyzer(), text), terms(french_analyzer(), text)]
    results, lock = [], threading.Lock()

    def work():
        got = [terms(english_analyzer(), text), terms(french_analyzer(), text)]
        with lock:
            results.append(got)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


# ---------------------------------------------------------------- the cached chain

TRICKY = [
    "L’Ontario et l'entente : jusqu'à Québec's partnerships, d’Alembert ; qu’il signe.",
    "Le Québec et la France s'associent — les 3,5 M$ de l’IA (www.example.com) à Montréal.",
    "The company’s CEO, Jane O'Connell, and the U.S. partners will sign it; it is not the end.",
    "Cafe\u0301 de\u0301compose\u0301 œuvre ÉTÉ été, SCIENCES de la vie, vitamine D, série C.",
    "a an the le la les de du des et and of to  ", "", "   ", "x", "l'", "’s",
]
CALLS = [
    {}, {"positions": True}, {"positions": True, "chars": True},
    {"positions": True, "chars": True, "removestops": False},
    {"mode": "query"}, {"mode": "index", "positions": True, "boosts": True},
    {"positions": True, "chars": True, "start_pos": 5, "start_char": 7},
    {"chars": True, "mode": "query", "removestops": False},
    {"keeporiginal": True, "positions": True}, {"tokenize": False}, {"no_morph": True},
]


def _stream(tokens):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
             t.stopped, t.boost) for t in tokens]


def _texts():
    texts = list(TRICKY)
    for path in sorted(SEEDS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    return texts


@pytest.mark.parametrize("factory", ANALYZERS)
def test_cached_chain_gives_the_chain_own_tokens(factory):
    fast = factory()
    fast = fast if isinstance(fast, CachedChain) else cached(fast)
    plain = CompositeAnalyzer(*fast.items)
    for text in _texts() * 2:          # the second pass reads the table
        for call in CALLS:
            assert _stream(fast(text, **call)) == _stream(plain(text, **call)), (text[:60], call)


@pytest.mark.parametrize("factory", ANALYZERS)
@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_term_positions_format_gives_whoosh_postings_byte_for_byte(factory, boost):
    fast = factory()
    fast = fast if isinstance(fast, CachedChain) else cached(fast)
    plain = CompositeAnalyzer(*fast.items)
    long_text = " ".join(f"mot{n % 50} unique{n}" for n in range(5000))   # lone words past 8,192
    for text in _texts() * 2 + [long_text]:
        expected = list(Positions(field_boost=boost).word_values(text, plain, mode="index"))
        assert list(TermPositions(field_boost=boost).word_values(text, fast, mode="index")) == expected, text[:60]
    # a call the shortcut does not cover goes through Whoosh's own path
    assert list(TermPositions().word_values("Le Québec et la France", fast, mode="index", chars=True)) \
        == list(Positions().word_values("Le Québec et la France", plain, mode="index", chars=True))


def test_text_fields_use_the_term_positions_format():
    schema = build_schema()
    assert [name for name in schema.names() if isinstance(schema[name].format, TermPositions)] == sorted(
        f"{kind}_{family}" for kind in ("text", "title") for family in TEXT_LANGS)
    assert schema["title_fr"].format.field_boost == 2.0 and schema["text_fr"].format.field_boost == 1.0


def test_cached_chain_pickles_without_its_table():
    analyzer = analyzer_for("fr")
    terms(analyzer, "Les partenariats du Québec")
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer and copy._table == {}
    assert terms(copy, "Les partenariats du Québec") == terms(analyzer, "Les partenariats du Québec")


def test_cached_chain_table_is_bounded(monkeypatch):
    analyzer = analyzer_for("en")
    monkeypatch.setattr(CachedChain, "TABLE_LIMIT", 5)
    words = " ".join(f"word{n}" for n in range(40))
    assert terms(analyzer, words) == terms(CompositeAnalyzer(*analyzer.items), words)
    assert len(analyzer._table) <= 5
