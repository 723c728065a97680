"""Analysis chains: equivalences, stop words, compounds, numbers, positions; the Whoosh wrapper."""

import pickle
import threading

import pytest
from whoosh.formats import Positions

from conftest import SEEDS
from searchapp.index.analyzers import CachedChain, analyzer_for
from searchapp.index.schema import TEXT_LANGS, TermPositions, build_schema
from searchapp.text.chains import Chain, chain_for, terms
from searchapp.text.folding import fold
from searchapp.text.tokens import TOKEN_RE


def fr(text):
    return terms(text, "fr")


def en(text):
    return terms(text, "en")


def other(text):
    return terms(text, "und")


# ---------------------------------------------------------------- accents: one term either way

@pytest.mark.parametrize("lang", ["fr", "en", "other"])
@pytest.mark.parametrize("accented, plain", [
    ("Frédéric", "Frederic"), ("Génome Québec", "Genome Quebec"), ("Stéphane", "Stephane"),
    ("Société", "Societe"), ("Santé", "Sante"), ("Benoît", "Benoit"), ("Montréal", "Montreal"),
    ("première", "premiere"), ("coopération", "cooperation"), ("renouvelée", "renouvelee"),
    ("élargies", "elargies"), ("financière", "financiere"), ("étrangère", "etrangere"),
    ("événements", "evenements"), ("Hydro-Québec", "Hydro-Quebec"), ("ÉTATS-UNIS", "Etats-Unis"),
    ("Que\u0301bec", "Quebec"), ("BIOQuébec", "bioquebec"),
])
def test_a_word_typed_with_or_without_accents_is_one_term(lang, accented, plain):
    assert terms(accented, lang) == terms(plain, lang) != []


@pytest.mark.parametrize("a, b", [
    ("financière", "financier"), ("étrangère", "étranger"), ("frontière", "frontier"),
    ("particulière", "particulier"), ("partenariats", "partenariat"), ("l'entente", "entente"),
    ("L’Ontario", "Ontario"), ("deuxième", "deux"),
])
def test_french_forms_that_meet(a, b):
    assert fr(a) == fr(b) or (a, b) == ("deuxième", "deux") and fr(a) == ["deux"]


@pytest.mark.parametrize("a, b", [("communiqué", "commun"), ("éléments", "élu")])
def test_french_words_kept_apart(a, b):
    assert fr(a) != fr(b)


@pytest.mark.parametrize("a, b", [
    ("partnerships", "partnership"), ("Québec's", "Quebec"), ("BIOQuébec’s", "BIOQuebec"),
])
def test_english_forms_that_meet(a, b):
    assert en(a) == en(b)


def test_sciences_de_la_vie_keeps_content_words_only():
    assert fr("sciences de la vie") == ["scienc", "vie"]
    assert en("the life sciences") == ["life", "scienc"]


# ---------------------------------------------------------------- elision

@pytest.mark.parametrize("text", [
    "l'Ontario", "L'Ontario", "L’Ontario", "d'Ontario", "D’Ontario", "qu'Ontario",
    "QU'ONTARIO", "j'Ontario", "m'Ontario", "t'Ontario", "n'Ontario", "s'Ontario",
    "c'Ontario", "jusqu'Ontario", "Lorsqu’Ontario", "puisqu'Ontario", "quoiqu'Ontario",
])
def test_elision_any_article_any_case_any_apostrophe(text):
    assert fr(text) == ["ontario"]


def test_elision_keeps_other_apostrophes_and_lone_letters():
    assert fr("aujourd’hui") == fr("aujourd'hui") == ["aujourd'hui"]
    assert fr("vitamine D, série C") == ["vitamin", "d", "ser", "c"]


def test_elided_word_keeps_one_position_and_its_span_moves_past_the_article():
    assert [(t, p, s, e) for t, _, p, s, e, _ in chain_for("fr").tokens("protocole d’entente")] == \
        [("protocol", 0, 0, 9), ("entent", 1, 12, 19)]


# ---------------------------------------------------------------- stop words, one test per reviewed word

@pytest.mark.parametrize("word", ["les", "ils", "cette", "sans", "le", "des", "à", "où", "même",
                                  "meme", "était", "etait", "dont", "qu", "est"])
def test_french_stop_words(word):
    assert fr(word) == []


@pytest.mark.parametrize("text, kept", [
    ("médaille d'or", "or"), ("mine d'or", "or"), ("CAR-T", "car"), ("l'Est du Québec", "est"),
    ("Montréal-Est", "est"), ("été", "ete"), ("Été", "ete"), ("us", "us"), ("maïs", "mai"),
    ("sûr", "sur"), ("ca", "ca"),
])
def test_french_words_that_are_not_stop_words(text, kept):
    assert kept in fr(text)


@pytest.mark.parametrize("word", ["the", "and", "of", "with", "it", "its", "is", "was"])
def test_english_stop_words(word):
    assert en(word) == []


@pytest.mark.parametrize("text, kept", [
    ("Phase I", "i"), ("Phase I trial", "i"), ("the IT sector", "it"), ("U.S.", "us"), ("US", "us"),
    ("WHO", "who"), ("May", "may"),
])
def test_english_words_that_are_not_stop_words(text, kept):
    assert kept in en(text)


def test_stop_words_of_one_language_survive_in_the_other():
    assert fr("the") == ["the"]
    assert en("la vie") == ["la", "vie"]
    assert en("les cette") == ["les", "cett"]


def test_neutral_chain_neither_stems_nor_stops():
    assert other("Die Partnerschaften der Straße") == ["die", "partnerschaften", "der", "strasse"]


# ---------------------------------------------------------------- compounds, numbers, acronyms

@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("compound, joined", [
    ("inter-provincial", "interprovincial"), ("co-operation", "cooperation"), ("e-mail", "email"),
    ("Hydro-Québec", "HydroQuébec"), ("cross-border", "crossborder"), ("COVID-19", "COVID19"),
])
def test_a_compound_is_indexed_as_its_parts_and_joined(lang, compound, joined):
    chain = chain_for(lang)
    indexed = chain.term_positions(compound)
    assert chain.terms(joined)[0] in indexed
    assert all(part in indexed for part in chain.terms(compound.replace("-", " ")))
    assert chain.terms(compound) == chain.terms(compound.replace("-", " "))   # parts, in sequence


def test_compound_positions_parts_in_sequence_joined_at_first_and_last():
    assert chain_for("fr").term_positions("Saint-Jean-sur-Richelieu et Trois-Rivières") == {
        "saint": [0], "saintjeansurichelieu": [0, 3], "jean": [1], "richelieu": [3],
        "troi": [5], "troisrivi": [5, 6], "rivier": [6]}


def test_number_ranges_and_stop_word_compounds_are_not_joined():
    assert chain_for("fr").term_positions("2019-2020 a-t-il") == {"2019": [0], "2020": [1]}


@pytest.mark.parametrize("lang, text, term", [
    ("en", "1,400", "1400"), ("en", "1 400", "1400"), ("en", "1400", "1400"), ("en", "12,000,000", "12000000"),
    ("fr", "1 400", "1400"), ("fr", "1\u00a0400", "1400"), ("fr", "12 000 000", "12000000"),
    ("fr", "3,6", "3.6"), ("en", "3.6", "3.6"), ("fr", "3.6", "3.6"), ("en", "3,6", "3.6"),
])
def test_numbers_are_one_token_in_each_language_conventions(lang, text, term):
    assert terms(text, lang) == [term]


def test_a_number_next_to_words_stays_apart():
    assert fr("3,6 M$ en 2023, 150 emplois") == ["3.6", "m", "2023", "150", "emplois"[:-1]]
    assert en("in 2023 400 jobs") == ["2023", "400", "job"]


@pytest.mark.parametrize("lang", ["fr", "en", "other"])
def test_dotted_initials_are_the_acronym(lang):
    assert terms("U.S.", lang) == terms("US", lang) and terms("P.E.I.", lang) == terms("PEI", lang)
    assert terms("3.5", lang) == ["3.5"] and len(terms("www.example.com", lang)) == 1


# ---------------------------------------------------------------- positions keep stop-word gaps

def test_positions_keep_the_gaps_of_stop_words():
    assert chain_for("fr").term_positions("sciences de la vie") == {"scienc": [0], "vie": [3]}
    assert chain_for("en").term_positions("the life of the sciences") == {"life": [1], "scienc": [4]}


# ---------------------------------------------------------------- folding

@pytest.mark.parametrize("text, folded", [
    ("Québec", "quebec"), ("BIOQuébec", "bioquebec"), ("Benoît", "benoit"),
    ("Œuvre", "oeuvre"), ("Ætna", "aetna"), ("Straße", "strasse"),
    ("Que\u0301bec", "quebec"), ("O’Connell", "o'connell"), ("ÉTATS-UNIS", "etats-unis"),
])
def test_fold(text, folded):
    assert fold(text) == folded


# ---------------------------------------------------------------- the Whoosh wrapper

def whoosh_terms(analyzer, text, **kwargs):
    return [t.text for t in analyzer(text, **kwargs)]


@pytest.mark.parametrize("lang, name", [("fr", "fr"), ("en", "en"), ("FR", "fr"), ("de", "other"),
                                        ("und", "other"), ("", "other")])
def test_analyzer_for(lang, name):
    assert analyzer_for(lang) == CachedChain(name)
    assert analyzer_for(lang).chain is chain_for(name)


@pytest.mark.parametrize("lang", ["fr", "en", "other"])
def test_analyzers_pickle_and_compare_equal(lang):
    analyzer = analyzer_for(lang)
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer and pickle.dumps(copy) == pickle.dumps(CachedChain(lang))
    text = "L’Ontario et Québec's partnerships : sciences de la vie"
    assert whoosh_terms(copy, text) == whoosh_terms(analyzer, text)


def test_different_chains_are_not_equal():
    assert analyzer_for("fr") != analyzer_for("en") != analyzer_for("other")


def test_schema_pickles():
    schema = build_schema()
    copy = pickle.loads(pickle.dumps(schema))
    text_fields = [f"{kind}_{family}" for kind in ("text", "title") for family in TEXT_LANGS]
    assert all(copy[name] == schema[name] for name in text_fields)
    assert copy["text_fr"].analyzer == analyzer_for("fr")


def test_query_mode_gives_compound_parts_only():
    analyzer = analyzer_for("en")
    assert whoosh_terms(analyzer, "co-operation", mode="query") == ["co", "oper"]
    assert whoosh_terms(analyzer, "co-operation", mode="index") == ["co", "cooper", "oper", "cooper"]


def test_wildcard_text_is_folded_not_stemmed():
    assert whoosh_terms(analyzer_for("fr"), "Partenariats*", tokenize=False) == ["partenariats*"]


TRICKY = [
    "L’Ontario et l'entente : jusqu'à Québec's partnerships, d’Alembert ; qu’il signe.",
    "Le Québec et la France s'associent — les 3,5 M$ de l’IA (www.example.com) à Montréal.",
    "The company’s CEO, Jane O'Connell, and the U.S. partners will sign it; it is not the end.",
    "Cafe\u0301 de\u0301compose\u0301 œuvre ÉTÉ été, SCIENCES de la vie, vitamine D, série C.",
    "Hydro-Québec, Saint-Jean-sur-Richelieu, 1 400 emplois, 1,400 jobs, COVID-19, a-t-il",
    "a an the le la les de du des et and of to  ", "", "   ", "x", "l'", "’s",
]


def _texts():
    texts = list(TRICKY)
    for path in sorted(SEEDS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    return texts


@pytest.mark.parametrize("lang", ["fr", "en", "other"])
def test_whoosh_tokens_are_the_chain_pieces(lang):
    analyzer, chain = analyzer_for(lang), chain_for(lang)
    for text in _texts():
        tokens = [(t.text, t.stopped, t.pos, t.startchar, t.endchar)
                  for t in analyzer(text, positions=True, chars=True, removestops=False, start_pos=3)]
        assert tokens == [piece[:5] for piece in chain.tokens(text, start_pos=3)]
        kept = [t.text for t in analyzer(text)]
        assert kept == [term for term, stopped, *_ in chain.tokens(text) if not stopped]


@pytest.mark.parametrize("lang", ["fr", "en", "other"])
@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_term_positions_format_gives_whoosh_postings_byte_for_byte(lang, boost):
    analyzer = analyzer_for(lang)
    long_text = " ".join(f"mot{n % 50} unique{n}" for n in range(5000))   # lone words past 8,192
    for text in _texts() * 2 + [long_text]:
        expected = list(Positions(field_boost=boost).word_values(text, analyzer, mode="index", chars=True))
        expected = [(term, freq, weight, Positions(field_boost=boost).encode(
            Positions().decode_positions(value))) for term, freq, weight, value in expected]
        assert list(TermPositions(field_boost=boost).word_values(text, analyzer, mode="index")) == expected


def test_text_fields_use_the_term_positions_format():
    schema = build_schema()
    assert [name for name in schema.names() if isinstance(schema[name].format, TermPositions)] == sorted(
        f"{kind}_{family}" for kind in ("text", "title") for family in TEXT_LANGS)
    assert schema["title_fr"].format.field_boost == 2.0 and schema["text_fr"].format.field_boost == 1.0


def test_chain_table_is_bounded(monkeypatch):
    chain = Chain("en")
    monkeypatch.setattr(Chain, "TABLE_LIMIT", 5)
    words = " ".join(f"word{n}" for n in range(40))
    assert chain.terms(words) == Chain("en").terms(words) and len(chain._table) <= 5


def test_token_pattern_keeps_joiners_inside_words_only():
    assert TOKEN_RE.findall("Hydro-Québec -exclu l'entente, 3,6 et 1 400 (a,b) x- -y U.S.") == \
        ["Hydro-Québec", "exclu", "l'entente", "3,6", "et", "1 400", "a", "b", "x", "y", "U.S"]


def test_chains_give_same_terms_from_several_threads():
    text = "Québec's partnerships and L’Ontario's partners, Benoît Larose, Hydro-Québec"
    expected = [en(text), fr(text)]
    results, lock = [], threading.Lock()

    def work():
        got = [en(text), fr(text)]
        with lock:
            results.append(got)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8
