"""Language detection: seeds, langdetect's known traps, mixed releases, threads."""

import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from searchapp.ingest import language
from searchapp.ingest.language import LanguageResult, detect_release_language, init_detector

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HEADER_TOKEN = re.compile(r"^ (?:date|lang) \S+ ?")

GERMAN = (
    "Die beiden Verbände haben heute in Berlin eine Vereinbarung über die Zusammenarbeit "
    "in den Biowissenschaften unterzeichnet. Ziel der Partnerschaft ist es, den Austausch "
    "zwischen Forschungseinrichtungen und jungen Unternehmen zu fördern. Die Mitglieder "
    "erhalten Zugang zu gemeinsamen Veranstaltungen, Handelsmissionen und Konferenzen. "
    "Die Vereinbarung gilt zunächst für drei Jahre und kann danach verlängert werden.")
SPANISH = (
    "Las dos asociaciones firmaron hoy en Madrid un acuerdo de cooperación en el sector de "
    "las ciencias de la vida. El objetivo de la alianza es facilitar el intercambio entre "
    "los centros de investigación y las empresas emergentes de ambas regiones. Los miembros "
    "tendrán acceso a eventos conjuntos, misiones comerciales y conferencias. El acuerdo "
    "tiene una duración inicial de tres años y podrá renovarse después.")
FRENCH = (
    "MONTRÉAL, le 4 mars 2024 /CNW/ - Les deux associations ont signé aujourd'hui une entente "
    "de collaboration qui vise à faciliter les échanges entre leurs membres et à soutenir la "
    "croissance des entreprises.",
    "L'entente prévoit notamment l'organisation d'activités communes, la promotion mutuelle "
    "des événements de chaque association et un accompagnement lors des missions commerciales.",
    "« Nous sommes très heureux de cette nouvelle étape pour nos membres », a déclaré la "
    "directrice générale.",
)
ENGLISH = (
    "English version",
    "MONTREAL, March 4, 2024 /CNW/ - The two associations signed a collaboration agreement "
    "today that aims to make exchanges between their members easier and to support the "
    "growth of their companies.",
    "The agreement provides for joint activities, the promotion of each association's events "
    "and support for members taking part in trade missions abroad.",
    "\u201cWe are very pleased with this new step for our members,\u201d said the chief "
    "executive officer.",
)


def seed_paragraphs(path: Path) -> list[str]:
    """A seed's paragraphs: raw text, header tokens dropped, split on blank lines."""
    text = path.read_text(encoding="utf-8")
    while HEADER_TOKEN.match(text):
        text = HEADER_TOKEN.sub("", text, count=1)
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.mark.parametrize("prefix, expected", [
    ("000", "fr"), ("001", "fr"), ("002", "fr"), ("003", "en"), ("004", "en"),
])
def test_seed_languages(prefix, expected):
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    paragraphs = seed_paragraphs(path)
    result = detect_release_language(paragraphs)
    assert result == LanguageResult(expected, (expected,) * len(paragraphs))


def test_english_release_with_french_dateline_is_english():
    assert detect_release_language(["BROMONT, Québec--(BUSINESS WIRE)--BIOQuébec and its "
                                     "partner will sign a memorandum of understanding to "
                                     "advance cooperative relationships."]).lang == "en"


@pytest.mark.parametrize("text, expected", [
    ("Partenariat annoncé", "fr"),          # unrestricted langdetect answers Italian
    ("Sciences de la vie", "fr"),           # ... and Spanish
    ("Partnership announced today", "en"),
    ("Media contact", "en"),                # ... and Spanish
])
def test_short_text_is_french_or_english(text, expected):
    assert detect_release_language([text]).lang == expected


@pytest.mark.parametrize("text, expected", [(GERMAN, "de"), (SPANISH, "es")])
def test_other_languages_keep_their_code(text, expected):
    assert detect_release_language([text]) == LanguageResult(expected, (expected,))
    assert detect_release_language([text[:180]]).lang == expected


@pytest.mark.parametrize("paragraphs", [[], [""], ["2024 1 000 000"], ["https://x.org 514-555-1234"]])
def test_no_features_gives_und(paragraphs):
    result = detect_release_language(paragraphs)
    assert result == LanguageResult("und", ("und",) * len(paragraphs))


def test_header_override_labels_everything():
    paragraphs = list(FRENCH + ENGLISH)
    assert detect_release_language(paragraphs, override="en") == \
        LanguageResult("en", ("en",) * len(paragraphs))
    assert detect_release_language([GERMAN], override=" FR ").lang == "fr"


def test_blank_override_is_ignored():
    assert detect_release_language([GERMAN], override=" ").lang == "de"


def test_mixed_release_labels_each_paragraph():
    result = detect_release_language(list(FRENCH + ENGLISH))
    # The "English version" heading takes the language of the text it heads.
    assert result.paragraph_langs == ("fr",) * 3 + ("en",) * 4
    assert result.lang == "fr"      # the French half is longer


def test_mixed_release_label_is_majority_of_characters():
    paragraphs = list(ENGLISH + FRENCH[:1])
    result = detect_release_language(paragraphs)
    assert result.paragraph_langs == ("en",) * 4 + ("fr",)
    assert result.lang == "en"


def test_english_quote_in_french_release_is_labelled_alone():
    quote = ("“This agreement is good news for the members of both associations and for "
             "the whole sector,” a-t-elle ajouté.")
    result = detect_release_language(list(FRENCH) + [quote])
    assert result == LanguageResult("fr", ("fr", "fr", "fr", "en"))


def test_same_answer_twenty_times():
    paragraphs = seed_paragraphs(next(SEEDS.glob("004_*.txt")))
    first = detect_release_language(paragraphs)
    for _ in range(20):
        assert detect_release_language(paragraphs) == first
        assert detect_release_language(["Partenariat annoncé"]).lang == "fr"


def test_detector_is_seeded():
    """Unseeded, langdetect's probabilities differ from run to run."""
    text = "Partenariat annoncé pour les membres"
    first = [(c.lang, c.prob) for c in language._probabilities(text)]
    for _ in range(20):
        assert [(c.lang, c.prob) for c in language._probabilities(text)] == first


def test_init_detector_is_idempotent():
    init_detector()
    factory = language._factory
    init_detector()
    assert language._factory is factory
    assert "fr" in factory.get_lang_list() and "en" in factory.get_lang_list()


def test_eight_threads_get_identical_answers():
    inputs = [seed_paragraphs(p) for p in sorted(SEEDS.glob("*.txt"))] + [[GERMAN], [SPANISH]]
    expected = [detect_release_language(p) for p in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            results = list(pool.map(detect_release_language, inputs * 4))
            assert results == expected * 4


def test_first_detections_race_safely_in_a_fresh_process():
    """Eight threads detect at once before anyone called init_detector()."""
    script = textwrap.dedent("""
        import threading
        from searchapp.ingest.language import detect_release_language
        barrier = threading.Barrier(8)
        results = []
        def work():
            barrier.wait()
            results.append(detect_release_language(["Partenariat annoncé avec les membres"]).lang)
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(",".join(results))
    """)
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == ",".join(["fr"] * 8)


def test_lazy_profile_table_equals_langdetects_own():
    """The rows made on demand are the ones DetectorFactory.load_profile makes up front."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from searchapp.ingest import language

    language.init_detector()
    ours = language._factory
    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    assert ours.langlist == theirs.langlist and len(ours.langlist) > 50
    table = ours.word_lang_prob_map
    assert set(theirs.word_lang_prob_map) == table._words
    for word, row in theirs.word_lang_prob_map.items():
        assert table[word] == row
    assert "not an n-gram" not in table
    with pytest.raises(KeyError):
        table["not an n-gram"]


def _detection_texts():
    from searchapp.bench.sources import load_material

    texts = [GERMAN, SPANISH, *FRENCH, *ENGLISH, "ok", "Ça", "MONTRÉAL QC", "Ünïcödé ß ÆØÅ æøå",
             "Ş ș ț Ț", "日本語のテキスト", "Ελληνικά κείμενα", "Русский текст", "x" * 50, "A B C D E F",
             " McDONALD signe avec iPHONE, l'ÉTÉ  à  Montréal. ", "AbCdEf GHIjk lMNOP qRsT uv",
             "fin sans espace", "word", " word ", "word  word", "l'été l’été aujourd'hui D'ACCORD",
             "日本語 text テキスト は 日本語 です ABC", "Ελληνικά ABC κείμενα [x] ^_`", "Tiếng Việt có dấu ạ ỹ",
             "see https://example.org/a  and  mail@example.org   now", "spaces   " * 120]
    for path in sorted(SEEDS.glob("*.txt")):
        texts += seed_paragraphs(path)
    texts += [template.text for template in load_material(()).templates]
    return texts


def test_fast_detector_gives_langdetects_own_answers():
    """Same n-grams, same probabilities, with and without the French/English prior."""
    from langdetect.detector import Detector

    language.init_detector()
    factory = language._factory
    compared = 0
    for text in _detection_texts():
        for prior in (None, {"fr": 0.5, "en": 0.5}):
            answers = []
            for cls in (language.FastDetector, Detector):
                detector = cls(factory)
                detector.n_trial = language.TRIALS
                if prior:
                    detector.set_prior_map(prior)
                detector.append(text)
                detector.cleaning_text()
                ngrams = detector._extract_ngrams()
                try:
                    found = [(c.lang, c.prob) for c in detector.get_probabilities()]
                except Exception as error:   # langdetect's "no features": both must raise it
                    found = type(error).__name__
                answers.append((detector.text, ngrams, found))
            assert answers[0] == answers[1], text[:60]
            compared += bool(answers[0][1])
    assert compared > 200
