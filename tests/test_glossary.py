"""The bilingual glossary: the data file, parsing, and term recognition in queries."""
import pytest

from searchapp.text.chains import chain_for
from searchapp.text.glossary import (DEFAULT_PATH, Glossary, GlossaryError, TermMatcher, Translation,
                                load_glossary, parse_glossary)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def targets(glossary, query, source_lang=None):
    return {(t.source_text, t.source_lang): t.targets
            for t in glossary.translate_query_terms(query.split(), source_lang)}


def test_the_data_file_has_at_least_200_entries(glossary):
    assert len(glossary) >= 200
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(lines) == len(glossary)


def test_every_entry_translates_something(glossary):
    for entry in glossary.entries:
        french = {t.casefold() for t in entry.fr}
        assert not french >= {t.casefold() for t in entry.en}, f"line {entry.line} translates nothing"


@pytest.mark.parametrize("query, source_lang, expected", [
    ("memorandum of understanding", "en", "protocole d'entente"),
    ("sciences de la vie", "fr", "life sciences"),
    ("partenariat", "fr", "partnership"),
    ("partenariats", "fr", "partnership"),
    ("Life Sciences", "en", "sciences de la vie"),
    ("LIFE SCIENCES", "en", "sciences de la vie"),
    ("essais cliniques", "fr", "clinical trial"),
    ("clinical trials", "en", "essai clinique"),
    ("médicaments", "fr", "drug"),
    ("medicaments", "fr", "drug"),                     # accents typed or not
    ("funding", "en", "financement"),
    ("agreement", "en", "entente"),
    ("agreement", "en", "accord"),
    ("protocole d’entente", "fr", "memorandum of understanding"),   # typographic apostrophe
    ("biotechnologies", "fr", "biotechnology"),
])
def test_terms_are_recognised_in_either_direction(glossary, query, source_lang, expected):
    found = targets(glossary, query)
    assert expected in found[(query, source_lang)]


def test_names_yield_nothing(glossary):
    assert glossary.translate_query_terms(["MassBio"]) == ()
    assert glossary.translate_query_terms(["Benoît", "Larose"]) == ()


def test_longest_term_wins_and_other_words_are_kept_apart(glossary):
    words = "nouvelle entente de partenariat en sciences de la vie".split()
    found = glossary.translate_query_terms(words, "fr")
    assert [t.source_text for t in found] == ["entente de partenariat", "sciences de la vie"]
    assert found[0] == Translation("entente de partenariat", "fr", "en", ("partnership agreement",))


def test_source_lang_restricts_the_direction(glossary):
    assert glossary.translate_query_terms(["partenariat"], "en") == ()
    assert [t.target_lang for t in glossary.translate_query_terms(["partenariat"], "fr")] == ["en"]


def test_a_translation_equal_to_the_source_is_dropped(glossary):
    for translation in glossary.translate_query_terms(["R&D"]):
        assert "R&D" not in translation.targets


def test_same_stems_prefer_the_term_as_written(glossary):
    # "fonds" and "fondation" share a French stem; each keeps its own translation.
    assert targets(glossary, "fonds", "fr") == {("fonds", "fr"): ("fund",)}
    assert targets(glossary, "fondation", "fr") == {("fondation", "fr"): ("foundation",)}


def test_parse_glossary_synonyms_and_comments():
    entries = parse_glossary("# a comment\n\nentente | accord\tagreement\n"
                             "essai clinique\tclinical trial | clinical study\n")
    assert [(e.fr, e.en, e.line) for e in entries] == [
        (("entente", "accord"), ("agreement",), 3),
        (("essai clinique",), ("clinical trial", "clinical study"), 4),
    ]


@pytest.mark.parametrize("text, line", [
    ("entente\tagreement\npartenariat partnership\n", 2),
    ("entente\tagreement\tthird\n", 1),
    ("entente\t \n", 1),
])
def test_malformed_lines_name_the_line(text, line):
    with pytest.raises(GlossaryError) as error:
        parse_glossary(text, "glossary.tsv")
    assert error.value.line == line
    assert f"line {line}" in str(error.value)


def test_an_edited_glossary_file_is_used(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("trousse de diagnostic\tdiagnostic kit\n", encoding="utf-8")
    glossary = load_glossary(path)
    found = glossary.translate_query_terms(["Trousses", "de", "diagnostic"])
    assert [t.targets for t in found] == [("diagnostic kit",)]
    assert load_glossary() is load_glossary()


def test_the_matcher_takes_any_analyzer():
    matcher = TermMatcher({"life sciences": ["sciences de la vie"]}, chain_for("en").terms)
    assert matcher.find(["the", "Life", "Science", "sector"]) == [(1, 2, ("sciences de la vie",))]
    exact = TermMatcher({"life sciences": ["sciences de la vie"]}, chain_for("und").terms)   # no stemming
    assert exact.find(["life", "science"]) == []


def test_glossary_accepts_another_analyzer_factory():
    glossary = Glossary(parse_glossary("sciences de la vie\tlife sciences\n"), analyzer_factory=lambda lang: chain_for(lang).terms)
    assert glossary.matcher("fr").find(["sciences", "de", "la", "vie"]) == [(0, 3, ("life sciences",))]
