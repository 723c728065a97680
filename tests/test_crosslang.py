"""The both-languages mode: names, the lexicon learned from translation pairs, cognates."""
from __future__ import annotations

import pytest

from searchapp.index import lexicon
from searchapp.index.expansion import CognateSource, Expander, NameGroup, NameSource, default_names
from searchapp.text.alignment import align, dice, log_likelihood
from searchapp.text.cognates import candidates
from tests.conftest import write_release

MONTHS = (("mars", "March", 3), ("mai", "May", 5), ("septembre", "September", 9))
PAIRS = (("Norval", "Jean Tremblay", 12, 340, 4), ("Brixham", "Jean Tremblay", 27, 515, 8),
         ("Caldera", "Jean Tremblay", 46, 780, 19))


WORDING = (  # each pair says it its own way: repeated sentences count once as evidence
    (("annonce", "announces"), ("record", "record"), ("du Québec", "in Quebec"), ("fidélité", "loyalty"),
     ("en argent", "in cash")),
    (("confirme", "confirms"), ("historique", "historic"), ("de l'Ontario", "in Ontario"),
     ("confiance", "trust"), ("par virement", "by transfer")),
    (("double", "doubles"), ("généreuse", "generous"), ("du Manitoba", "in Manitoba"),
     ("engagement", "commitment"), ("en parts sociales", "in shares")),
)


def pair_texts(number: int) -> tuple[str, str]:
    """A French release and its English translation, about a co-operative's member dividend."""
    org, person, amount, members, day = PAIRS[number]
    fr_month, en_month, month = MONTHS[number]
    verb, adjective, where, virtue, how = WORDING[number]
    french = (f" date 2021-{month:02d}-15\n{org} {verb[0]} une ristourne {adjective[0]}\n\n"
              f"MONTRÉAL, le 15 {fr_month} 2021 — {org} versera une ristourne de {amount} millions de dollars "
              f"à {members} 000 membres {where[0]}.\n\n"
              f"« Cette ristourne récompense votre {virtue[0]} », a déclaré {person}, président de {org}.\n\n"
              f"La ristourne sera versée {how[0]} le {day} juin par {org}.\n")
    english = (f" date 2021-{month:02d}-15\n{org} {verb[1]} a {adjective[1]} dividend\n\n"
               f"MONTREAL, {en_month} 15, 2021 — {org} will pay a dividend of {amount} million dollars "
               f"to {members},000 members {where[1]}.\n\n"
               f"\"This dividend rewards your {virtue[1]},\" said {person}, president of {org}.\n\n"
               f"The dividend will be paid {how[1]} on June {day} by {org}.\n")
    return french, english


LONE_FRENCH = (" date 2019-11-04\nOstrava verse sa ristourne\n\n"
               "LÉVIS, le 4 novembre 2019 — La coopérative Ostrava verse sa ristourne annuelle.\n\n"
               "« La ristourne reste notre fierté », a déclaré Marie Dubois, directrice d'Ostrava.\n")
LONE_ENGLISH = (" date 2018-02-10\nWestbay members vote on the dividend\n\n"
                "HALIFAX, February 10, 2018 — Westbay members voted on the yearly dividend.\n")
NANO_FRENCH = (" date 2017-06-01\nLumio ouvre un centre de nanotechnologie en Floride\n\n"
               "MIAMI, le 1er juin 2017 — Lumio ouvre en Floride un centre de nanotechnologie avec le "
               "Consortium québécois sur la découverte du médicament.\n")
NANO_ENGLISH = (" date 2016-04-12\nKestrel opens a nanotechnology plant\n\n"
                "TORONTO, April 12, 2016 — Kestrel opens a nanotechnology plant in Ontario.\n")


@pytest.fixture(scope="module")
def crosslang_dir(tmp_path_factory):
    from searchapp.index.reindex import reindex

    folder = tmp_path_factory.mktemp("crosslang-releases")
    for number in range(len(PAIRS)):
        french, english = pair_texts(number)
        write_release(folder, f"pair{number}-fr.txt", french)
        write_release(folder, f"pair{number}-en.txt", english)
    for name, text in (("lone-fr.txt", LONE_FRENCH), ("lone-en.txt", LONE_ENGLISH),
                       ("nano-fr.txt", NANO_FRENCH), ("nano-en.txt", NANO_ENGLISH)):
        write_release(folder, name, text)
    index_dir = tmp_path_factory.mktemp("crosslang-index")
    report = reindex([folder], index_dir)
    assert not report.failed, report.failed
    return index_dir


@pytest.fixture(scope="module")
def crosslang(crosslang_dir):
    from searchapp.search.service import SearchIndex

    return SearchIndex(crosslang_dir)


def search(index, query: str, xlang: bool = True):
    from searchapp.search.service import SearchRequest

    return index.search(SearchRequest(query=query, xlang=xlang, per_page=20))


# ---------------------------------------------------------------- pure parts

def test_alignment_leaves_out_a_paragraph_the_translation_lacks():
    french = ["Norval versera 12 millions à 340 membres.", "Un paragraphe ajouté sans chiffres ni noms propres, "
              "assez long pour ne ressembler à rien de l'autre côté du tout.", "Versée le 4 juin à Norval."]
    english = ["Norval will pay 12 million to 340 members.", "Paid on June 4 at Norval."]
    assert align(french, english) == [(0, 0), (2, 1)]


def test_association_measures():
    assert dice(3, 3, 3) == 1.0
    assert dice(1, 3, 5) == 0.25
    assert log_likelihood(5, 5, 5, 50) > log_likelihood(1, 5, 5, 50) > 0


@pytest.mark.parametrize("word, lang, expected", [
    ("biotechnologie", "fr", "biotechnology"),
    ("nanotechnologies", "fr", "nanotechnology"),
    ("université", "fr", "university"),
    ("directeur", "fr", "director"),
    ("économique", "fr", "economic"),
    ("organisation", "fr", "organization"),
    ("laboratories", "en", "laboratoire"),
    ("molecular", "en", "moleculaire"),
])
def test_cognate_candidates(word, lang, expected):
    assert expected in candidates(word, lang)


@pytest.mark.parametrize("word, lang", [("actuel", "fr"), ("Tremblay", "fr"), ("santé", "fr"), ("COVID", "en")])
def test_no_cognate_for_false_friends_names_and_short_words(word, lang):
    assert candidates(word, lang) == ()


def test_a_cognate_is_used_only_when_the_other_language_holds_it():
    english_terms = {("text_en", "biotechnolog")}
    source = CognateSource(lambda field, term: int((field, term) in english_terms))
    found = source.translate_query_terms(["biotechnologie", "nanotechnologie"], "fr")
    assert [(t.source_text, t.targets) for t in found] == [("biotechnologie", ("biotechnology",))]


def test_one_pair_never_invents_a_translation():
    records = []
    for number in range(len(PAIRS)):
        french, english = pair_texts(number)
        records.append(_record(f"f{number}", "fr", french, f"e{number}"))
        records.append(_record(f"e{number}", "en", english, f"f{number}"))
    three = lexicon.learn(lexicon.translation_pairs(records))
    assert ("ristourne", "dividend") in {(p.fr, p.en) for p in three}
    assert lexicon.learn(lexicon.translation_pairs(records[:2])) == ()


def _record(release_id: str, lang: str, text: str, translation: str) -> dict:
    title, *body = [p.strip() for p in text.split("\n\n")[0].splitlines()[1:] + text.split("\n\n")[1:]]
    return {"id": release_id, "lang": lang, "title": title, "body": body, "about": [], "translation": translation}


def test_names_translate_regions_by_their_labels_and_organisations_by_any_name():
    names = default_names()
    found = {(t.source_text, t.target_lang): t.targets for t in names.translate_query_terms(["Floride"])}
    assert "Florida" in found["Floride", "en"]
    assert not any("canadien" in t for t in names.translate_query_terms(["Canada"]) for t in t.targets)
    org = NameSource([NameGroup(("Port de Lyra", "Lyra Port"), ("Port de Lyra", "Lyra Port"))])
    assert org.translate_query_terms(["Lyra", "Port"], "en")[0].targets == ("Port de Lyra",)


def test_a_name_keeps_its_words_from_the_other_sources():
    from searchapp.text.glossary import load_glossary

    expander = Expander([default_names(), load_glossary()], exclusive=[default_names()])
    targets = {t for found in expander.translate_query_terms(["Nouveau-Brunswick"]) for t in found.targets}
    assert "New Brunswick" in targets and "new" not in {t.lower() for t in targets}


# ---------------------------------------------------------------- through the index

def test_the_lexicon_is_learned_at_reindex_and_kept_beside_the_index(crosslang_dir):
    from searchapp.index import storage

    learned = {(p.fr, p.en): p for p in lexicon.load(storage.current_generation(crosslang_dir))}
    assert learned["ristourne", "dividend"].pairs == 3
    assert not any("tremblay" in (p.fr + p.en).lower() for p in learned.values())


def test_glossary_learned_lists_pairs_with_their_evidence(runner, crosslang_dir):
    from searchapp.cli.commands import main

    result = runner.invoke(main, ["glossary", "--learned", "--index", str(crosslang_dir)])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("ristourne\tdividend\t3 pairs") for line in result.output.splitlines())


def test_a_learned_translation_finds_the_other_language_below_own_language_matches(crosslang):
    results = search(crosslang, "dividend")
    languages = [hit.lang for hit in results.hits]
    lone = [hit for hit in results.hits if hit.title.startswith("Ostrava")]
    assert lone and lone[0].via_translation == ("ristourne",)
    assert languages.index("fr") > max(i for i, hit in enumerate(results.hits) if not hit.via_translation)
    assert not any(h.title.startswith("Ostrava") for h in search(crosslang, "dividend", xlang=False).hits)


def test_a_region_name_finds_the_other_language(crosslang):
    hits = search(crosslang, "Florida").hits
    assert [h.title for h in hits] == ["Lumio ouvre un centre de nanotechnologie en Floride"]
    assert hits[0].via_translation == ("Floride",)


def test_an_organisation_name_finds_the_other_language(crosslang):
    hits = search(crosslang, '"Quebec Consortium for Drug Discovery"').hits
    assert any(h.title.startswith("Lumio") for h in hits)


def test_a_cognate_finds_the_other_language(crosslang):
    titles = {h.title for h in search(crosslang, "nanotechnology").hits}
    assert "Lumio ouvre un centre de nanotechnologie en Floride" in titles


def test_a_person_is_not_translated(crosslang):
    assert crosslang.expander().translate_query_terms(["Tremblay"]) == ()
    assert crosslang.expander().translate_query_terms(["Marie", "Dubois"]) == ()


def test_quote_search_uses_the_same_expansion(crosslang):
    from searchapp.search.quotes import search_quotes
    from searchapp.search.service import SearchRequest

    results = search_quotes(crosslang, SearchRequest(query="dividend", xlang=True))
    assert any("ristourne reste" in hit.text and hit.via_translation for hit in results.quotes)


def test_one_variant_per_language_replaces_every_translated_term():
    from searchapp.index.crosslang import substitute
    from searchapp.text.glossary import Translation

    found = [Translation("santé", "fr", "en", ("health",)), Translation("buccodentaire", "fr", "en", ("oral",))]
    variant, applied = substitute("santé buccodentaire", found)
    assert variant.split() == ["(santé", "OR", "health)", "(buccodentaire", "OR", "oral)"]
    assert applied == found


def test_a_word_no_release_of_the_other_language_holds_does_not_block_its_translation(crosslang):
    hits = search(crosslang, "glamour nanotechnology").hits
    assert [h.title for h in hits] == ["Lumio ouvre un centre de nanotechnologie en Floride"]
    assert search(crosslang, "glamour nanotechnology", xlang=False).hits == ()


def test_a_small_update_carries_the_lexicon_over_until_enough_has_changed(tmp_path, monkeypatch):
    from searchapp.index import storage
    from searchapp.index.reindex import reindex

    for number in range(len(PAIRS)):
        french, english = pair_texts(number)
        write_release(tmp_path / "releases", f"pair{number}-fr.txt", french)
        write_release(tmp_path / "releases", f"pair{number}-en.txt", english)
    reindex([tmp_path / "releases"], tmp_path / "index")
    learned = lexicon.load(storage.current_generation(tmp_path / "index"))
    assert ("ristourne", "dividend") in {(p.fr, p.en) for p in learned}
    monkeypatch.setattr(lexicon, "RELEARN_SHARE", 0.5)       # relearn once half the archive changed
    write_release(tmp_path / "releases", "lone-en.txt", LONE_ENGLISH)
    reindex([tmp_path / "releases"], tmp_path / "index")
    generation = storage.current_generation(tmp_path / "index")
    assert lexicon.load(generation) == learned
    assert storage.load_beside(generation, lexicon.LEXICON_FILE)["changed_since"] == 1
