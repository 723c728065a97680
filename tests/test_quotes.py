"""Quotations and speakers: the seeds, each convention on small texts, and the person registry."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from searchapp.extract.people import PersonRegistry, canonical_person, parse_speaker, person_key, sentence_end
from searchapp.extract.quotes import Quote, _alternatives, extract_quotes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_paragraphs(prefix: str) -> list[str]:
    """A seed's paragraphs: header token removed from line 1, blocks split on blank lines."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = re.sub(r"^\s*date\s+\S+", "", path.read_text(encoding="utf-8"), count=1)
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def speakers(quotes) -> set[str]:
    return {person_key(q.speaker) for q in quotes}


@pytest.mark.parametrize("seed, lang, expected", [
    ("000", "fr", ["Benoît Larose", "Kelly Schulz", "Christopher Skeete", "Pierre Fitzgibbon",
                   "Kevin Anderson"]),
    ("001", "fr", ["Benoît Larose", "Kendalle Burlin O'Connell", "Pierre Fitzgibbon"]),
    ("002", "fr", ["Jason Field", "Benoît Larose"]),
    ("003", "en", ["Benoît Larose", "Kendalle Burlin O'Connell", "Pierre Fitzgibbon"]),
    ("004", "en", ["Martine Hébert", "Anie Perrault", "Lisa Johnson"]),
])
def test_seed_speakers(seed, lang, expected):
    assert speakers(extract_quotes(seed_paragraphs(seed), lang)) == {person_key(n) for n in expected}


@pytest.mark.parametrize("seed, name, title, organisation", [
    ("000", "Benoit Larose", "PDG", "BIOQuébec"),   # "Le PDG de BIOQuébec, Benoit Larose, a déclaré :"
    ("000", "Kelly Schulz", "PDG", "Maryland Tech Council"),
    ("001", "Benoît Larose", "Président-directeur général", "BIOQuébec"),
    ("002", "Jason Field", "PDG", "Life Sciences Ontario"),    # attribution line "– Jason Field, PDG de ..."
    ("003", "Kendalle Burlin O'Connell", "CEO and President", "MassBio"),
    ("004", "Anie Perrault", "Executive Director", "BIOQuébec"),  # "said BIOQuébec Executive Director …"
    ("004", "Lisa Johnson", "CEO", "BioForward"),
])
def test_seed_titles_and_organisations_as_written(seed, name, title, organisation):
    quotes = [q for q in extract_quotes(seed_paragraphs(seed), "fr") if q.speaker == name]
    assert quotes
    assert {(q.title, q.organisation) for q in quotes} == {(title, organisation)}


def test_minister_title_has_no_organisation():
    (skeete,) = [q for q in extract_quotes(seed_paragraphs("000"), "fr") if q.speaker == "Christopher Skeete"]
    assert skeete.title.startswith("ministre délégué à l'Économie")
    assert skeete.organisation is None


def test_damaged_guillemets_are_repaired_and_paragraph_is_recorded():
    paragraphs = seed_paragraphs("000")
    first = extract_quotes(paragraphs, "fr")[0]
    assert first.text.startswith("Nous sommes heureux de nous associer")
    assert first.text.endswith("à l'échelle internationale.")
    assert "?" not in first.text
    assert "Nous sommes heureux" in paragraphs[first.paragraph]


def test_two_quotes_of_one_speaker_in_one_paragraph():
    quotes = [q for q in extract_quotes(seed_paragraphs("003"), "en") if "O'Connell" in q.speaker]
    assert [q.text.split()[0] for q in quotes] == ["The", "Disease"]
    assert quotes[0].text.endswith("who we serve")            # the comma before the closing mark dropped
    assert quotes[0].speaker_as_written == "Kendalle Burlin O’Connell"


def test_pronoun_refers_back_to_the_previous_speaker():
    quotes = [q for q in extract_quotes(seed_paragraphs("001"), "fr") if q.text.startswith("La maladie")]
    assert [q.speaker for q in quotes] == ["Kendalle Burlin O'Connell"]


CONVENTIONS = [
    # (paragraphs, speaker, title, organisation)
    (["« Nous sommes fiers de cette entente », affirme Marie Roy, PDG de Bio Nord."],
     "Marie Roy", "PDG", "Bio Nord"),
    (['"This agreement opens new markets for our members," said Jane Doe, CEO and President of Acme Bio.'],
     "Jane Doe", "CEO and President", "Acme Bio"),
    (["“We are delighted to renew this agreement with our partners,” declares Paul Martin."],
     "Paul Martin", None, None),
    (['"The priorities of both associations are aligned," said Acme Bio Executive Director Anne Roy.'],
     "Anne Roy", "Executive Director", "Acme Bio"),
    (['Paul Martin, CEO of Acme Bio, said: "This agreement opens new markets for our members."'],
     "Paul Martin", "CEO", "Acme Bio"),
    (["Le PDG de Bio Nord, Benoit Gagnon, a déclaré : « Nous sommes heureux de cette entente. »"],
     "Benoit Gagnon", "PDG", "Bio Nord"),
    (["La directrice de Bio Nord, Julie Roy, a déclaré :", "« Nous sommes très heureux de cette entente. »"],
     "Julie Roy", "directrice", "Bio Nord"),
    (["« Cette alliance bénéficiera directement à nos membres. »", "– Jean Tremblay, PDG de Bio Nord"],
     "Jean Tremblay", "PDG", "Bio Nord"),
    (["“This is excellent news for the sector.”", "—Mr. Jean Tremblay, mayor of Laval"],
     "Jean Tremblay", "mayor", "Laval"),
    (["« Nous sommes fiers de ce partenariat qui unit nos régions.",
      "« Il permettra à nos membres de croître. », souligne Marie-Ève Gagnon, présidente de Bio Nord."],
     "Marie-Ève Gagnon", "présidente", "Bio Nord"),
    (["«?Nous sommes ravis de ce partenariat avec nos amis?», a déclaré Mme Julie Roy, PDG de Santé Plus."],
     "Julie Roy", "PDG", "Santé Plus"),
    (["« Ce projet renforcera notre écosystème de recherche », a déclaré la ministre Dominique Lavoie."],
     "Dominique Lavoie", "ministre", None),
    (["Selon Paul Martin, directeur général de Réseau Santé : « Cette entente est historique. »"],
     "Paul Martin", "directeur général", "Réseau Santé"),
    (["John Smith leads the association.", '"Our companies gain access to new markets," Smith said.'],
     "John Smith", None, None),
    (["“Quebec is a leader in life sciences research,” according to Sarah Lee, director of Bio Center."],
     "Sarah Lee", "director", "Bio Center"),
    (["« C’est une première, déclare Nicolas Roy, directeur de Bio Nord. Nous sommes ravis de cette entente »."],
     "Nicolas Roy", "directeur", "Bio Nord"),
    (["The association issued the following statement from its President and CEO, Brian Smith.",
      "“We thank the members of the table for their work.", "“We look forward to working together.”"],
     "Brian Smith", "President and CEO", None),
]


@pytest.mark.parametrize("paragraphs, speaker, title, organisation", CONVENTIONS)
def test_attribution_conventions(paragraphs, speaker, title, organisation):
    quotes = extract_quotes(paragraphs, "fr")
    assert quotes
    assert {(q.speaker, q.title, q.organisation) for q in quotes} == {(speaker, title, organisation)}


def test_a_straight_quote_opens_only_before_a_word_and_after_a_space_or_bracket():
    text = ['The 27"screen and the 5" panel were shown. "We are proud of this new product for our members," '
            'said Jane Doe, CEO of Acme Bio. ("It will reach every region of the country," she added.)']
    quotes = extract_quotes(text, "en")
    assert [q.text for q in quotes] == ["We are proud of this new product for our members",
                                        "It will reach every region of the country"]
    assert {q.speaker for q in quotes} == {"Jane Doe"}


@pytest.mark.parametrize("text, end", [
    ("Le Dr. J. Roy parle. Puis", 19),         # an abbreviation and an initial are skipped
    ("He spoke . Then", 9),                    # a period after a space ends the sentence
    ("Rien ici", 8),
    ("One; two", 3),
])
def test_sentence_end_skips_initials_and_abbreviations(text, end):
    assert sentence_end(text) == end


def test_quotation_over_two_paragraphs_is_one_quote():
    quotes = extract_quotes(CONVENTIONS[9][0], "fr")
    assert len(quotes) == 1
    assert quotes[0].text == ("Nous sommes fiers de ce partenariat qui unit nos régions. "
                              "Il permettra à nos membres de croître.")
    assert quotes[0].paragraph == 0


def test_incise_inside_a_quotation_is_removed_from_its_text():
    (before, after) = extract_quotes(CONVENTIONS[15][0], "fr")
    assert before.text == "C’est une première"
    assert after.text == "Nous sommes ravis de cette entente"


def test_nested_guillemets_stay_inside_the_quotation():
    text = ["« Il est rare d’obtenir la désignation « fast-track » aussi tôt dans le processus » "
            "a déclaré M. Paul Roy, président de Thera Bio."]
    (quote,) = extract_quotes(text, "fr")
    assert quote.text == "Il est rare d’obtenir la désignation « fast-track » aussi tôt dans le processus"
    assert quote.speaker == "Paul Roy"


@pytest.mark.parametrize("paragraphs", [
    ["The « fast-track » designation and the “Focus on Neuroscience” program were launched."],
    ["The event, titled “Two Thriving Ecosystems Sharing Strengths,” will be hosted by Martine Hébert."],
    ['"This is excellent news for the whole region and its companies," said the minister.'],
    ['"This is excellent news for the whole region and its companies," said Genome Canada.'],
    ["« Nous sommes heureux de cette collaboration fructueuse », a-t-il déclaré."],
    ["Il a rappelé que « la croissance passe par l’innovation et les partenariats » lors du congrès."],
    ["“This is excellent news.”", "Jean Tremblay, the chief executive, opened the event on Monday."],
])
def test_no_speaker_no_quote(paragraphs):
    assert extract_quotes(paragraphs, "en") == ()


def test_quote_is_a_frozen_record():
    (quote,) = extract_quotes(CONVENTIONS[0][0], "fr")
    assert isinstance(quote, Quote)
    with pytest.raises(AttributeError):
        quote.speaker = "someone else"


@pytest.mark.parametrize("phrase, name, title, organisation", [
    ("Benoît Larose, PDG de BIOQuébec", "Benoît Larose", "PDG", "BIOQuébec"),
    ("Nancy K. Bryan, President & CEO of BioFlorida", "Nancy K. Bryan", "President & CEO", "BioFlorida"),
    ("Stéphanie Lord-Fontaine, vice-présidente, Affaires scientifiques chez Génome Québec",
     "Stéphanie Lord-Fontaine", "vice-présidente, Affaires scientifiques", "Génome Québec"),
    ("Maryland Tech Council CEO Kelly Schulz", "Kelly Schulz", "CEO", "Maryland Tech Council"),
    ("BIOQuébec’s CEO Benoit Larose", "Benoit Larose", "CEO", "BIOQuébec"),
    ("Gordon C. McCauley, président et chef de la direction chez adMare BioInnovations",
     "Gordon C. McCauley", "président et chef de la direction", "adMare BioInnovations"),
    ("Pierre Fitzgibbon, Minister of Economy, Innovation and Energy", "Pierre Fitzgibbon",
     "Minister of Economy, Innovation and Energy", None),
])
def test_parse_speaker(phrase, name, title, organisation):
    speaker = parse_speaker(phrase)
    assert (speaker.name, speaker.title, speaker.organisation) == (name, title, organisation)


@pytest.mark.parametrize("phrase", ["Maryland Tech Council", "Genome Canada", "the minister",
                                    "Life Sciences Ontario"])
def test_organisations_are_not_people(phrase):
    assert parse_speaker(phrase) is None


def test_person_key_ignores_case_accents_apostrophes_and_honorifics():
    assert person_key("Benoit Larose") == person_key("BENOÎT LAROSE") == person_key("M. Benoît Larose")
    assert person_key("Kendalle Burlin O’Connell") == person_key("Kendalle Burlin O'Connell")
    assert person_key("Benoît Larose") != person_key("Benoît Laroche")


def test_canonical_person_cleans_one_spelling():
    assert canonical_person("  Mme  Julie   Roy ") == "Julie Roy"
    assert canonical_person("Kendalle Burlin O’Connell") == "Kendalle Burlin O'Connell"
    assert canonical_person("Benoit Larose") == "Benoit Larose"   # the accent is not guessed


def test_registry_prefers_the_accented_spelling_whatever_the_order():
    registry = PersonRegistry()
    assert registry.add("Benoit Larose") == "Benoit Larose"
    assert registry.add("Benoît Larose") == "Benoît Larose"
    assert registry.add("Benoit Larose") == "Benoît Larose"
    assert registry.canonical("BENOIT LAROSE") == "Benoît Larose"
    assert registry.canonical("Kelly Schulz") == "Kelly Schulz"   # unknown: its own clean form
    assert len(registry) == 1


def test_registry_across_the_seeds_gives_one_person_per_key():
    registry = PersonRegistry()
    for seed in ("000", "001", "002", "003", "004"):
        for quote in extract_quotes(seed_paragraphs(seed), "fr"):
            registry.add(quote.speaker)
    assert registry.canonical("Benoit Larose") == "Benoît Larose"
    assert len(registry) == 10


_PIECES = st.sampled_from(list('«»“”"?,.:;–— \n') + [
    "a déclaré ", "said ", "Jean Roy", "ajoute-t-elle", "PDG de ", "Bio Nord", "Nous sommes ", "x", "M. "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=40).map("".join), max_size=5))
def test_any_text_gives_well_formed_quotes(paragraphs):
    for quote in extract_quotes(paragraphs, "fr"):
        assert quote.speaker and quote.text
        assert 0 <= quote.paragraph < len(paragraphs)


@pytest.mark.parametrize("text", [
    "il a fait valoir que", "fait savoir", "Fait remarquer", "il dit", "dire", "déclare", "declare", "éclate",
    "eclaire", "Éclair", "faits", "f", "",
])
def test_verb_forms_grouped_by_first_letter_match_as_the_plain_alternation(text):
    forms = "fait|fait valoir|fait savoir|dit|dire|déclare|enchaînerait|éclate|eclair|éclaire|dis"
    plain = "|".join(re.escape(f).replace("é", "[ée]").replace(r"\ ", r"\s+")
                     for f in sorted(forms.split("|"), key=len, reverse=True))
    for pattern in (r"(?i:{})(?![\w-])", r"(?:{})"):
        grouped, reference = re.compile(pattern.format(_alternatives(forms))), re.compile(pattern.format(plain))
        for start in range(len(text) + 1):
            found, expected = grouped.match(text, start), reference.match(text, start)
            assert (found and found.span()) == (expected and expected.span())
