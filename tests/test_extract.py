"""Date, partner and region extraction: the seeds' expectations and one small release per rule."""
from pathlib import Path

import pytest

from searchapp.extract.dates import find_dates, month_numbers
from searchapp.ingest.documents import load_release, parse_release
from searchapp.extract.metadata import Metadata, extract_metadata
from searchapp.extract.names import NameFinder
from searchapp.extract.gazetteer import (Gazetteer, Mention, NameMatcher, aligned_fold, canonical_partner, canonical_region,
                                         default_gazetteer, region_label)
from searchapp.ingest.pipeline import anchors

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str):
    return load_release(next(SEEDS.glob(f"{prefix}_*.txt")))


def release(tmp_path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_release(path)


def metadata(tmp_path, text: str, lang: str = "en", gazetteer=None) -> Metadata:
    return extract_metadata(release(tmp_path, text), lang, gazetteer)


# ---------------------------------------------------------------- the seeds

@pytest.mark.parametrize("prefix, lang, date, partner, region", [
    ("000", "fr", "2024-06", "Maryland Tech Council", "Maryland"),
    ("001", "fr", "2023-06", "MassBio", "Massachusetts"),
    ("002", "fr", "2025-03", "Life Sciences Ontario", "Ontario"),
    ("003", "en", "2023", "MassBio", "Massachusetts"),
    ("004", "en", "2021-03-23", "BioForward Wisconsin", "Wisconsin"),
])
def test_seed_metadata(prefix, lang, date, partner, region):
    meta = extract_metadata(seed(prefix), lang)
    assert meta.date == date
    # Both parties of the agreement are listed: the counterpart and BIOQuébec.
    assert set(meta.partners) == {partner, "BIOQuébec"}
    assert region in meta.regions and "Quebec" in meta.regions
    assert set(meta.regions) <= {region, "Quebec", "Canada"}


def test_seed_speakers_and_companies_are_not_partners():
    # 004 names four companies whose speakers present, and a government office.
    assert extract_metadata(seed("004"), "en").partners == ("BIOQuébec", "BioForward Wisconsin")


def test_metadata_is_a_frozen_record():
    meta = extract_metadata(seed("001"), "fr")
    with pytest.raises(AttributeError):
        meta.date = "1999"


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, iso", [
    ("MONTRÉAL, le 3 juin 2024 /CNW/ -", "2024-06-03"),
    ("le 1er février 2020", "2020-02-01"),
    ("March 25, 2021", "2021-03-25"),
    ("MONTRÉAL, 26 nov. 2021 (GLOBE NEWSWIRE)", "2021-11-26"),
    ("Sept. 5, 2019", "2019-09-05"),
    ("November 26th, 2010", "2010-11-26"),
    ("30 November 2010", "2010-11-30"),
    ("3 décembre 2024 à 18:05", "2024-12-03"),
    ("3 decembre 2024", "2024-12-03"),
    ("en août 2023", "2023-08"),
    ("31 février 2020", "2020-02"),        # no such day: the month is all that is sure
    ("At the 2023 BIO International Convention", "2023"),
])
def test_find_dates(text, iso):
    assert [d.iso for d in find_dates(text)] == [iso]


def test_numbers_are_not_years():
    assert find_dates("plus de 2,5 M$ et $2023 de budget, 2019.5 points") == []


def test_a_month_or_a_year_starts_a_word():
    assert [d.iso for d in find_dates("2024: ajuin 2023, x2022, _2021, le rapport 2020")] == ["2024", "2023", "2020"]
    assert [d.iso for d in find_dates("(juin 2019) et 3 mars 2018")] == ["2019-06", "2018-03-03"]


def test_month_names_come_from_babel_in_both_languages():
    months = month_numbers()
    assert months["janvier"] == months["january"] == months["janv"] == 1
    assert months["aout"] == months["august"] == 8
    assert "jui" not in months              # juin or juillet: ambiguous, left out


def test_french_dateline_date(tmp_path):
    text = "MONTRÉAL, le 3 juin 2024 /CNW/ - Acme Biotech annonce un financement de recherche.\n"
    assert metadata(tmp_path, text, "fr").date == "2024-06-03"


def test_english_dateline_date(tmp_path):
    text = "TORONTO, March 25, 2021 /CNW/ - Acme Biotech today announced new funding.\n"
    assert metadata(tmp_path, text).date == "2021-03-25"


def test_closing_timestamp_gives_the_date(tmp_path):
    text = ("Acme Biotech ouvre un laboratoire à Laval. L'entreprise, fondée en 2015, compte 40 employés.\n\n"
            "Le laboratoire accueillera des chercheurs.\n\n"
            "3 juin 2024 à 18:05\n\nCommuniqué envoyé le et diffusé par :\n")
    assert metadata(tmp_path, text, "fr").date == "2024-06-03"


def test_a_short_sentence_with_a_date_is_not_a_stamp(tmp_path):
    text = "Acme Biotech opens a laboratory in Laval.\n\nThe laboratory opened in March 2010.\n"
    assert metadata(tmp_path, text).date == "2010"


def test_year_only_when_nothing_more_precise(tmp_path):
    text = ("At the 2023 BIO International Convention Acme Biotech and Beta Pharma extended their agreement, "
            "first signed in 2017 and renewed in 2019. They aim to double their exports by 2030.\n")
    assert metadata(tmp_path, text).date == "2023"


def test_a_day_is_never_invented(tmp_path):
    text = "Acme Biotech a reçu l'approbation en février 2012 pour son médicament.\n"
    assert metadata(tmp_path, text, "fr").date == "2012"


def test_header_date_wins_over_the_body(tmp_path):
    text = " date 2024-06 Acme Biotech et Beta Pharma signent une entente\n\nTexte du communiqué.\n\n" \
           "3 juin 2024 à 18:05\n"
    assert metadata(tmp_path, text, "fr").date == "2024-06"


def test_header_month_is_refined_by_a_dateline_of_that_month(tmp_path):
    same = " date 2022-04\nQUÉBEC, le 13 avril 2022 /CNW Telbec/ - Le ministre annonce une subvention.\n"
    other = " date 2022-05\nQUÉBEC, le 13 avril 2022 /CNW Telbec/ - Le ministre annonce une subvention.\n"
    assert metadata(tmp_path, same, "fr").date == "2022-04-13"
    assert metadata(tmp_path, other, "fr").date == "2022-05"


def test_no_date_at_all(tmp_path):
    assert metadata(tmp_path, "Acme Biotech opens a new laboratory in Laval.\n").date is None


# ---------------------------------------------------------------- partners

def test_partners_from_entre_x_et_y(tmp_path):
    text = ("Signature d'une entente de collaboration entre NeuroVie Québec et l'Institut Pasteur de Lille\n\n"
            "L'entente prévoit des projets de recherche communs.\n")
    assert metadata(tmp_path, text, "fr").partners == ("NeuroVie Québec", "Institut Pasteur de Lille")


def test_partners_from_between_x_and_y(tmp_path):
    text = ("The agreement between Acme Therapeutics and the Northern Health Foundation was signed today "
            "in Halifax. It covers three research projects.\n")
    assert metadata(tmp_path, text).partners == ("Acme Therapeutics", "Northern Health Foundation")


def test_partners_from_x_and_y_signed(tmp_path):
    text = ("HALIFAX--(BUSINESS WIRE)--Acme Therapeutics, a clinical-stage company, and Beta Biosciences "
            "signed a licensing agreement today.\n")
    assert metadata(tmp_path, text).partners == ("Acme Therapeutics", "Beta Biosciences")


def test_partners_from_x_et_y_renouvellent(tmp_path):
    text = "BioAlpha et NeuroBeta renouvellent leur entente de collaboration pour trois ans.\n"
    assert metadata(tmp_path, text, "fr").partners == ("BioAlpha", "NeuroBeta")


def test_partner_with_acronym_keeps_the_long_name(tmp_path):
    text = ("The Ontario Widget Council (OWC) and Acme Labs are pleased to announce a partnership.\n\n"
            "OWC and Acme Labs will hold joint events.\n")
    assert metadata(tmp_path, text).partners == ("Ontario Widget Council", "Acme Labs")


def test_acronym_used_before_its_definition(tmp_path):
    text = ("OWC partners with Acme Labs on widget research.\n\n"
            "The Ontario Widget Council (OWC) represents 40 companies.\n")
    assert metadata(tmp_path, text).partners == ("Ontario Widget Council", "Acme Labs")


def test_a_department_with_two_portfolios_is_one_name(tmp_path):
    text = "The study, released today by the Department of Environment and Climate Change, maps the coast.\n"
    finder = NameFinder(release(tmp_path, text), Gazetteer.load())
    assert [c.name for c in finder.candidates(text.strip())] == ["Department of Environment and Climate Change"]


def test_a_government_beside_its_agency_is_no_acronym_definition(tmp_path):
    text = ("Acme Usinage reçoit 4 M$\n\nLes partenaires financiers :\n\n"
            "- Gouvernement du Canada (DEC) : contribution remboursable de 4 M$\n")
    found = metadata(tmp_path, text, "fr")
    assert not any("DEC" in pair for pair in found.defined)


def test_partner_en_partenariat_avec(tmp_path):
    text = ("Génome Atlantique, en partenariat avec le Fonds Océan Nord (FON), annonce dix projets "
            "financés en génomique marine.\n")
    assert metadata(tmp_path, text, "fr").partners == ("Génome Atlantique", "Fonds Océan Nord")


@pytest.mark.parametrize("text, partners", [
    ("Montréal InVivo s'associe au Consortium Omega pour une mission à Boston.", ("Montréal InVivo", "Consortium Omega")),
    ("BioAlpha s'allie à la Fondation Nordique.", ("BioAlpha", "Fondation Nordique")),
    ("Acme Labs is teaming up with the Northern Health Foundation.", ("Acme Labs", "Northern Health Foundation")),
    ("Acme Labs announced today it has entered into an agreement with BioBeta.", ("Acme Labs", "BioBeta")),
])
def test_partners_from_with_phrases(tmp_path, text, partners):
    assert metadata(tmp_path, text + "\n").partners == partners


def test_tickers_and_company_suffixes_are_not_part_of_the_name(tmp_path):
    text = ("NEW YORK, March 5, 2024 /PRNewswire/ -- Acme Biotech, Inc. (NYSE: ACM) (TSX: AC) and Beta "
            "Biosciences Ltd. today announced a licensing agreement.\n")
    assert metadata(tmp_path, text).partners == ("Acme Biotech", "Beta Biosciences")


def test_lowercase_government_is_a_party(tmp_path):
    text = "Le gouvernement du Québec et Medicago concluent une entente sur l'usine de Québec.\n"
    assert metadata(tmp_path, text, "fr").partners == ("Government of Quebec", "Medicago")


def test_title_case_headline_does_not_pollute_names(tmp_path):
    # Every word capitalised: "Toronto Partner On Vaccine Research" reads as one name, not a partner.
    text = ("Sanofi Pasteur And The University Of Toronto Partner On Vaccine Research\n\n"
            "TORONTO, April 4, 2017 -- Sanofi Pasteur, the vaccines division of Sanofi, and the University "
            "of Toronto have entered into a five-year research agreement.\n")
    assert metadata(tmp_path, text).partners == ("Sanofi Pasteur", "University of Toronto")


def test_co_organised_event_is_not_a_partnership(tmp_path):
    text = ("La mission est organisée par le ministère de l'Économie en collaboration avec Investissement "
            "Québec et le ministère des Relations internationales.\n")
    assert metadata(tmp_path, text, "fr").partners == ()


def test_one_partner_named_longer_and_shorter_is_listed_once(tmp_path):
    text = ("Accord de partenariat entre le Pôle BioAlpha et NeuroBeta\n\n"
            "BioAlpha et NeuroBeta signent aujourd'hui un accord de recherche.\n")
    assert metadata(tmp_path, text, "fr").partners == ("BioAlpha", "NeuroBeta")


def test_speakers_employers_are_not_partners(tmp_path):
    text = ("Acme Biotech and Beta Pharma Inc. have signed a licensing agreement, said Jane Roe, "
            "CEO of Gamma Ventures Inc., and John Doe, President of Delta Labs.\n\n"
            "“This is great news,” said Mary Major, Chief Scientific Officer at Epsilon Health and "
            "Chair of the Omega Foundation.\n")
    assert metadata(tmp_path, text).partners == ("Acme Biotech", "Beta Pharma")


def test_people_are_not_organisations(tmp_path):
    text = ("Jane Roe, CEO of Beta Biosciences, is pleased to announce a partnership with Acme Labs.\n\n"
            "Mme Sophie Dubé et BioGamma signeront l'entente demain.\n")
    assert metadata(tmp_path, text).partners == ("Beta Biosciences", "Acme Labs")


def test_companies_merely_mentioned_are_not_partners(tmp_path):
    text = ("The conference was attended by Acme Biotech, Beta Pharma and Gamma Labs. "
            "Speakers from Delta Therapeutics and Epsilon Health presented their results.\n")
    assert metadata(tmp_path, text).partners == ()


def test_a_terminated_agreement_announces_no_partnership(tmp_path):
    text = "Acme Biotech et Beta Pharma ont conclu une entente de résiliation de leur accord de licence.\n"
    assert metadata(tmp_path, text, "fr").partners == ()


def test_data_file_alias_gives_the_canonical_name(tmp_path):
    text = "BIOQuebec and LSO sign a memorandum of understanding to strengthen ties.\n"
    assert metadata(tmp_path, text).partners == ("BIOQuébec", "Life Sciences Ontario")


def test_organisation_added_to_a_data_file_is_found(tmp_path):
    orgs = tmp_path / "organisations.toml"
    orgs.write_text('[[organisation]]\nname = "Acme Widget Consortium"\naliases = ["AWC", "Consortium Acme"]\n',
                    encoding="utf-8")
    gazetteer = Gazetteer.load(organisations_file=orgs)
    text = "Le Consortium Acme et BioBeta signent un protocole d'entente.\n"
    assert metadata(tmp_path, text, "fr", gazetteer).partners == ("Acme Widget Consortium", "BioBeta")


@pytest.mark.parametrize("name, canonical", [
    ("Life Sciences Ontario (LSO)", "Life Sciences Ontario"),
    ("LSO", "Life Sciences Ontario"),
    ("lso", "Life Sciences Ontario"),
    ("Maryland Tech Council (MTC)", "Maryland Tech Council"),
    ("BIOQuebec", "BIOQuébec"),
    ("bioquébec", "BIOQuébec"),
    ("Médicaments novateurs Canada", "Innovative Medicines Canada"),
    ("Fonds de recherche du Quebec - Sante", "Fonds de recherche du Québec – Santé"),
    ("Nobody Inc.", None),
])
def test_canonical_partner(name, canonical):
    assert canonical_partner(name) == canonical


# ---------------------------------------------------------------- regions

def test_regions_from_french_aliases(tmp_path):
    text = ("Acme Biotech, une entreprise québécoise, ouvre en Californie son premier bureau aux États-Unis.\n\n"
            "Les entreprises du Québec en profiteront. Une filiale au Mexique suivra.\n")
    # Mexico: one passing mention after the lead paragraph does not make the release about it.
    assert set(metadata(tmp_path, text, "fr").regions) == {"Quebec", "California", "United States"}


def test_regions_from_english_aliases(tmp_path):
    text = ("Acme Biotech, a Quebecer company, opens an office in the U.S.\n\n"
            "The office in Ontario will serve Ontarian clients.\n")
    assert set(metadata(tmp_path, text).regions) == {"Quebec", "United States", "Ontario"}


def test_regions_skip_about_sections_and_passing_mentions(tmp_path):
    text = ("Acme Biotech and Beta Pharma sign an agreement to develop therapies in Ontario.\n\n"
            "The Ontario sites will be expanded. A supplier in Texas will deliver equipment.\n\n"
            "About Beta Pharma\n\n"
            "Beta Pharma has offices in Alberta, Alberta and Alberta.\n")
    assert metadata(tmp_path, text).regions == ("Ontario",)


def test_dateline_codes_count_for_regions(tmp_path):
    text = "FREDERICK, Md.--(BUSINESS WIRE)--Acme Biotech opens a plant in Maryland.\n"
    assert metadata(tmp_path, text).regions == ("Maryland",)


def test_region_inside_an_organisation_name_weighs_less(tmp_path):
    text = ("Acme Biotech opens a plant in Ontario, funded by Canada Economic Development (CED).\n\n"
            "The Ontario plant will employ 50 people. CED funds other projects too.\n")
    assert metadata(tmp_path, text).regions == ("Ontario",)


def _zones_outside_names(release) -> tuple[int, int]:
    """(zones naming a region, zones the shortcut settles) of a release; fails if the
    shortcut settles a zone where a name that candidates() keeps holds a mention."""
    gazetteer = default_gazetteer()
    zones = settled = 0
    for text in (release.headline or "", *release.body):
        mentions = gazetteer.region_matcher.find(text)
        if not mentions:
            continue
        zones += 1
        if NameFinder(release, gazetteer).outside_names(text, mentions):
            settled += 1
            names = [c for c in NameFinder(release, gazetteer).candidates(text) if not c.weak]
            held = [(text[m.start:m.end], c.name) for m in mentions for c in names if c.start <= m.start < c.end]
            assert not held, (text, held)
    return zones, settled


def test_regions_outside_names_are_known_without_finding_every_name(tmp_path):
    """find_regions skips finding a paragraph's names when no name can hold its regions:
    never where one does, on the seeds and generated releases, and often."""
    from searchapp.bench.corpus import generate_release
    from searchapp.bench.sources import load_material

    material = load_material()
    releases = [load_release(p) for p in sorted(SEEDS.glob("*.txt"))]
    for k in range(300):
        name, text = generate_release(11, k, material)
        releases.append(release(tmp_path, text, f"{k}.txt"))
    counts = [_zones_outside_names(r) for r in releases]
    zones, settled = sum(z for z, _ in counts), sum(s for _, s in counts)
    assert zones > 1000 and settled > zones // 3


@pytest.mark.parametrize("text", [
    "Acme Biotech joins the Ontario Brain Institute network.",
    "Selon l'Institut du Québec, Acme Biotech grandit.",
    "Acme Biotech remercie le gouvernement du Québec.",
    "Acme Biotech is funded by Canada Economic Development (CED) this year.",
    "Acme Biotech, Génome Québec and Acme Labs sign.",
    "Quebec Life Sciences Group and Acme Labs sign.",
    "Ontario Tomorrow welcomes Acme Biotech.",          # a plain phrase, but the sentence's subject
    "La Délégation du Québec à Boston et Acme Labs signent.",
    "Le Centre de recherche du CHU Québec et Acme Labs signent.",
])
def test_a_region_inside_a_name_is_never_settled_as_outside(tmp_path, text):
    found = release(tmp_path, f"Acme news\n\n{text}\n")
    gazetteer = default_gazetteer()
    mentions = gazetteer.region_matcher.find(text)
    names = [c for c in NameFinder(found, gazetteer).candidates(text) if not c.weak]
    assert any(c.start <= m.start < c.end for m in mentions for c in names)
    assert not NameFinder(found, gazetteer).outside_names(text, mentions)


@pytest.mark.parametrize("text", [
    "Acme Biotech opens a plant in Ontario, its third.",
    "Le Québec et l'Ontario accueillent Acme Biotech.",
    "La croissance au Québec et en Alberta se poursuit.",
    "The state of Quebec is known for its research.",
    "Quebec-based Acme Biotech hires.",                 # where the company is, not its name
])
def test_a_region_standing_alone_is_settled_as_outside(tmp_path, text):
    found = release(tmp_path, f"Acme news\n\n{text}\n")
    gazetteer = default_gazetteer()
    mentions = gazetteer.region_matcher.find(text)
    assert mentions
    assert NameFinder(found, gazetteer).outside_names(text, mentions)


def test_dateline_region_when_nothing_else_stands_out(tmp_path):
    text = "LAVAL, QC, June 13, 2022 /CNW Telbec/ - Acme Biotech opens five new laboratories.\n"
    assert metadata(tmp_path, text).regions == ("Quebec",)


@pytest.mark.parametrize("name, key", [
    ("Québec", "Quebec"), ("quebec", "Quebec"), ("QC", "Quebec"), ("québécoise", "Quebec"),
    ("Californie", "California"), ("États-Unis", "United States"), ("Etats Unis", "United States"),
    ("Colombie-Britannique", "British Columbia"), ("Md.", "Maryland"), ("Narnia", None),
])
def test_canonical_region(name, key):
    assert canonical_region(name) == key


@pytest.mark.parametrize("key, ui_lang, label", [
    ("Quebec", "fr", "Québec"), ("Quebec", "en", "Quebec"),
    ("United States", "fr", "États-Unis"), ("United States", "en", "United States"),
    ("British Columbia", "fr", "Colombie-Britannique"), ("Narnia", "fr", "Narnia"),
])
def test_region_label(key, ui_lang, label):
    assert region_label(key, ui_lang) == label


def test_every_region_has_both_labels_and_a_kind():
    gazetteer = Gazetteer.load()
    assert {"Quebec", "Ontario", "Nunavut", "Wisconsin", "Wyoming", "France", "Japan"} <= set(gazetteer.regions)
    kinds = [r.kind for r in gazetteer.regions.values()]
    assert kinds.count("province") == 13 and kinds.count("state") == 50
    assert all(r.en and r.fr for r in gazetteer.regions.values())


def test_aligned_fold_strips_every_accent_and_keeps_every_offset():
    """Each character becomes its base letter (its first one after canonical decomposition),
    whatever its script, and the text keeps its length, so spans found in the folded text
    hold in the original."""
    import unicodedata

    samples = "".join(map(chr, [*range(0x20, 0x3000, 7), 0x3042, 0x30AC, 0xAC00, 0xD7A3, 0xFF21, 0x1D400]))
    for text in (samples, "Québec, Île-d’Orléans, ÉTATS-UNIS, Øresund, Œuvre, İstanbul, ǅ, 가나다, ＡＢ"):
        for lower in (True, False):
            cased = "".join(c.lower()[:1] or c for c in text) if lower else text
            expected = "".join(unicodedata.normalize("NFD", c)[0] for c in cased)
            assert aligned_fold(text, lower) == expected
            assert len(aligned_fold(text, lower)) == len(text)
    assert aligned_fold("Montréal, QUÉBEC") == "montreal, quebec"
    assert aligned_fold("Montréal, QUÉBEC", lower=False) == "Montreal, QUEBEC"


def test_name_matcher_compares_word_by_word():
    matcher = NameMatcher([("Colombie-Britannique", "BC"), ("Colombie", "CO"), ("QC", "QC"), ("franco-", "FR"),
                           ("Nouveau-Brunswick", "NB"), ("Canal+ Afrique", "C+A"), ("Canal", "CAN"), ("New York", "NYS"),
                           ("New York City", "NYC"), ("The Gambia", "GM"), ("USA", "US")])

    def found(text):
        return [(text[m.start:m.end], m.value) for m in matcher.find(text)]

    assert found("la Colombie Britannique et la colombie-britannique") == [
        ("Colombie Britannique", "BC"), ("colombie-britannique", "BC")]
    assert found("en Colombie, au QC, pas au qc ni à QCX") == [("Colombie", "CO"), ("QC", "QC")]
    assert found("un accord franco-québécois, franco-2024, francophone") == [("franco-", "FR")]
    assert found("Nouveau–Brunswick, Nouveau . Brunswick, Nouveau  -  Brunswick") == [
        ("Nouveau–Brunswick", "NB"), ("Nouveau . Brunswick", "NB")]      # at most four characters between
    assert found("Canal Afrique, Canal+ Afrique, Canal+Afrique") == [
        ("Canal", "CAN"), ("Canal+ Afrique", "C+A"), ("Canal+Afrique", "C+A")]
    assert found("Canal+ et Canal") == [("Canal", "CAN")]           # "canal+" is another word
    assert found("New York City, New York, New Yorker") == [("New York City", "NYC"), ("New York", "NYS")]
    assert matcher.find("Nouveau-Brunswick") == [Mention(0, 17, "NB")]
    assert found("a new plan for York, in the Gambia and the USA") == [("the Gambia", "GM"), ("USA", "US")]
    assert found("York has a new plan; the gambian usa USAF") == []      # every word, in order, whole
    assert found("àColombie, 2QC, _USA, Colombie") == [("Colombie", "CO")]   # a name starts a word


def test_a_malformed_data_file_is_named(tmp_path):
    bad = tmp_path / "organisations.toml"
    bad.write_text('[[organisation]]\naliases = ["X"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="organisations.toml"):
        Gazetteer.load(organisations_file=bad)


def test_anchors_are_whole_numbers_and_capitalised_names():
    text = "Un titre\n\nBioNord et l'Ontario versent 1,250.5 $ à X9, le 3 juin 2024 (v2, 12h30) avec Acme-Bio et ÉTS.\n"
    release = parse_release(text.encode("utf-8"), "a.txt")
    assert anchors(release) == {"12505", "2024", "3", "acme-bio", "bionord", "ontario", "éts"}
