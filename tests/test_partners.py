"""Partners: organisation names as releases write them, the scored party decision with its
reasons, one name per organisation in both languages, and what the archive learns."""
import json

import pytest
from click.testing import CliRunner

from searchapp.cli.commands import main
from searchapp.extract.gazetteer import default_gazetteer
from searchapp.extract.metadata import extract_metadata
from searchapp.extract.names import NameFinder
from searchapp.extract.orgkeys import about_names, org_key, public_body_name
from searchapp.extract.partners import partner_evidence
from searchapp.index.learned import learn
from searchapp.index.reindex import reindex
from searchapp.ingest.documents import load_release


def release(tmp_path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_release(str(path))


def partners(tmp_path, text: str, lang: str = "en"):
    return extract_metadata(release(tmp_path, text), lang).partners


@pytest.mark.parametrize("a, b", [
    ("gouvernement du Québec", "Government of Quebec"),
    ("Québec government", "Government of Quebec"),
    ("Université de Windsor", "University of Windsor"),
    ("Administration portuaire de Northport", "Northport Port Authority"),
    ("Ville de Montréal", "City of Montreal"),
])
def test_one_key_in_both_languages(a, b):
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize("a, b", [
    ("University of Windsor", "University of Regina"),
    ("Government of Quebec", "Government of Ontario"),
])
def test_different_organisations_keep_different_keys(a, b):
    assert org_key(a) != org_key(b)


@pytest.mark.parametrize("name, shown", [
    ("gouvernement du Québec", "Government of Quebec"),
    ("Gouvernement du Nouveau-Brunswick", "Government of New Brunswick"),
    ("Ville de Montréal", "City of Montreal"),
    ("City of Laval", "City of Laval"),
    ("Université de Windsor", None),
])
def test_public_bodies_have_one_name(name, shown):
    assert public_body_name(name) == shown


def test_about_sections_name_their_organisations():
    assert about_names(("About Northwind Council", "Northwind Council is a network.",
                        "À propos de l'Association Boréale", "L'Association Boréale regroupe...")) \
        == ["Northwind Council", "Association Boréale"]


@pytest.mark.parametrize("text, lang, expected", [
    # French-style names: an organisation word, lower-case words, "de" and a name
    ("L'Administration portuaire de Northport et la Compagnie ferroviaire de l'Est concluent une entente.\n",
     "fr", ("Administration portuaire de Northport", "Compagnie ferroviaire de l'Est")),
    # a funder and the funded
    ("The Northern Research Agency awards $2 million to the Lakeside Institute of Technology.\n",
     "en", ("Northern Research Agency", "Lakeside Institute of Technology")),
    ("Le Fonds de solidarité FTQ accorde 3 M$ à l'Institut Boréal.\n",
     "fr", ("Fonds de solidarité FTQ", "Institut Boréal")),
    # an agreement noun a few words before "with" / "avec"
    ("The Northwind Council renewed its cooperation agreement with the Département de la Vienne.\n",
     "en", ("Northwind Council", "Département de la Vienne")),
    # a list of new partners and who announces them, after a dateline
    ("Vancouver, BC — Northwind Council is pleased to announce University of Lakeside, University of Hilltop, "
     "and Université de Rivière as new academic partners.\n",
     "en", ("Northwind Council", "University of Lakeside", "University of Hilltop", "Université de Rivière")),
    # "grâce à la collaboration de"
    ("Le projet Alpha est rendu possible grâce à la collaboration de l'Association Boréale et de la Société "
     "Nordique.\n", "fr", ("Association Boréale", "Société Nordique")),
    # the provincial government of the province the release is about
    ("GRAND FALLS (NB) – The provincial government renewed its agreement with the Northwind Council. "
     "New Brunswick will host the meeting.\n", "en", ("Government of New Brunswick", "Northwind Council")),
    # a province whose own government is named is the other party
    ("OTTAWA (NB) – The provincial government marks the anniversary of its agreement with the Government of "
     "Quebec. New Brunswick and Quebec have worked together for years.\n",
     "en", ("Government of New Brunswick", "Government of Quebec")),
    # cooperation formalised, thanks to a collaboration, funds granted to a list, selected by a state
    ("The Northern Energy Association formalized its cooperation with the Coastal Builders Council.\n",
     "en", ("Northern Energy Association", "Coastal Builders Council")),
    ("The project was made possible thanks to the collaboration of Hydro-Nordique and the University of "
     "Lakeland.\n", "en", ("Hydro-Nordique", "University of Lakeland")),
    ("Le projet a été rendu possible grâce à la collaboration d'Hydro-Nordique et de l'Université du Littoral.\n",
     "fr", ("Hydro-Nordique", "Université du Littoral")),
    ("Northern Development Agency (NDA) is granting $3 million to three organisations: the Alpha Institute, "
     "Beta Labs and the Gamma Centre.\n", "en",
     ("Northern Development Agency", "Alpha Institute", "Beta Labs", "Gamma Centre")),
    ("Agence spatiale nordique octroie 2 M$ à trois organismes : l'Institut Alpha, Beta Labs et le Centre Gamma.\n",
     "fr", ("Agence spatiale nordique", "Institut Alpha", "Beta Labs", "Centre Gamma")),
    ("Northstar Power has been selected by the State of Vermont to supply clean energy.\n",
     "en", ("Northstar Power", "Government of Vermont")),
    # governments through their premiers; agreements with two universities; a port and a railway
    ("Premier Jane Roe of New Brunswick and Premier John Doe of Quebec signed an agreement on energy.\n",
     "en", ("Government of New Brunswick", "Government of Quebec")),
    ("Université Boréale signed agreements with the University of Lakeland and the Nordic Technical University.\n",
     "en", ("Université Boréale", "University of Lakeland", "Nordic Technical University")),
    ("The Port of Northbay and Eastern Rail reached an agreement to build a terminal.\n",
     "en", ("Port of Northbay", "Eastern Rail")),
    # a buyer and what it buys, in both languages
    ("Northcom Telecom Inc. today announced that it has entered into an agreement to acquire all of the shares "
     "of Fibrelink Networks Inc., a provider based in Rimouski.\n", "en", ("Northcom Telecom", "Fibrelink Networks")),
    ("Northcom Télécom acquiert Réseaux Fibrelink\n\nNorthcom Télécom a annoncé aujourd'hui une entente.\n",
     "fr", ("Northcom Télécom", "Réseaux Fibrelink")),
    # a donor and the recipient; a round led by one investor with participation from another
    ("Lakeside Mutual Insurance donates $2 million to the Hilltop Health Foundation for a new unit.\n",
     "en", ("Lakeside Mutual Insurance", "Hilltop Health Foundation")),
    ("Brightlake AI closed a $30-million round led by Greyrock Ventures, with participation from Fonds Boréal "
     "Innovation.\n", "en", ("Brightlake AI", "Greyrock Ventures", "Fonds Boréal Innovation")),
    # a legal form and an appositive between the names; a "-based" adjective is no name
    ("Halden Biosciences, Inc., a clinical-stage company developing therapies for fibrosis, and Vernor Pharma "
     "Inc., a Quebec City-based antibody company, today announced a license agreement.\n", "en",
     ("Halden Biosciences", "Vernor Pharma")),
    # a legal form makes a name ("Medrin SA"); "SAS" alone is none
    ("Boreal Immuno inc., société de Québec, annonce avoir conclu une entente de licence avec Medrin SA, "
     "société établie à Strasbourg.\n", "fr", ("Boreal Immuno", "Medrin")),
    ("Calixa SAS, société lyonnaise de biotechnologie, et Neurova Thérapeutique inc., société montréalaise, "
     "annoncent la signature d'un accord de co-développement.\n", "fr", ("Calixa", "Neurova Thérapeutique")),
    # jurisdictions opening a sentence before an agreement verb are their governments
    ("Canada and Manitoba sign a flood protection agreement\n\nThe agreement covers six years.\n", "en",
     ("Government of Canada", "Government of Manitoba")),
    ("WINNIPEG — The governments of Canada and Manitoba have signed a bilateral agreement.\n", "en",
     ("Government of Canada", "Government of Manitoba")),
    ("Ontario Premier Jane Roe and Quebec Premier John Doe today signed a memorandum on minerals.\n", "en",
     ("Government of Ontario", "Government of Quebec")),
    ("Le Québec et l'Ontario concluent une entente sur l'énergie.\n", "fr",
     ("Government of Quebec", "Government of Ontario")),
    # a funder announcing funding, and the recipients it lists further down
    ("Northern Agency funds three organizations\n\nHALIFAX, NS, March 14, 2023 /CNW/ - The Northern "
     "Development Agency (NDA) today announced $2.7 million in funding for three organizations.\n\n"
     "The announcement was made by the Minister.\n\nTidewater Sensor Systems Inc. is receiving a "
     "contribution of $1.2 million.\n\nThe Basin Marine Innovation Society is receiving a contribution of "
     "$550,000.\n", "en",
     ("Northern Development Agency", "Tidewater Sensor Systems", "Basin Marine Innovation Society")),
    # recipients written "X Inc. of Dartmouth", "X Inc., de Dartmouth, reçoit"; grants announced bare
    ("Northern Agency funds two firms\n\nThe Northern Development Agency today announced $1 million in funding "
     "for two firms.\n\nThe Minister made the announcement.\n\nTidewater Sensor Systems Inc. of Dartmouth is "
     "receiving $600,000.\n\nCape Sable Robotics Ltd. of Yarmouth is receiving $400,000.\n", "en",
     ("Northern Development Agency", "Tidewater Sensor Systems", "Cape Sable Robotics")),
    ("L'Agence du Nord finance deux entreprises\n\nL'Agence de développement du Nord (ADN) annonce "
     "l'octroi de subventions à deux entreprises.\n\nLa ministre a fait l'annonce.\n\n- Tidewater Sensor "
     "Systems Inc., de Dartmouth, reçoit une contribution de 600 000 dollars;\n\n- Cape Sable Robotics "
     "Ltd., de Yarmouth, reçoit une contribution de 400 000 dollars.\n", "fr",
     ("Agence de développement du Nord", "Tidewater Sensor Systems", "Cape Sable Robotics")),
    ("The Arve Foundation announced grants totalling CHF 1.8 million to two organizations.\n\nThe board "
     "met in May.\n\nThe Geneva Repair Association is receiving CHF 1.1 million.\n\nThe Fribourg "
     "Circular Cooperative is receiving CHF 0.7 million.\n", "en",
     ("Arve Foundation", "Geneva Repair Association", "Fribourg Circular Cooperative")),
    # a funder after the page's label lines, and its recipients listed with their amounts
    ("Government of Canada invests in heating projects\n\nFrom: Natural Resources Canada\n\nNews release\n\n"
     "June 3, 2025 — Ottawa, Ontario\n\nToday, the Honourable Jane Roe, Minister of Energy and Natural "
     "Resources, announced that the Government of Canada is investing more than $21 million in three projects."
     "\n\nThe funding recipients are:\n\n- Prairie Sun Renewables Ltd., Medicine Hat, Alberta: $8,400,000 to "
     "build a plant.\n- Regina Heatworks Co-operative, Regina, Saskatchewan: $5,900,000 to install pumps.\n", "en",
     ("Government of Canada", "Prairie Sun Renewables", "Regina Heatworks Co-operative")),
    # an agency named in its minister's title funds a company; a French company "inc."
    ("The Honourable Jane Roe, Minister of Tourism and Minister responsible for the Northern Development Agency "
     "(NDA), today announced a repayable contribution of $2.5 million to Neurova Biotech Inc.\n", "en",
     ("Northern Development Agency", "Neurova Biotech")),
    ("La Société de transport de l'Estuaire annonce l'octroi d'un contrat de 58 M$ à Autobus Voltacar inc.\n",
     "fr", ("Société de transport de l'Estuaire", "Autobus Voltacar")),
    ("L'Université des Laurentides et l'avionneur Aéro Boréal inc. lancent une chaire de recherche.\n", "fr",
     ("Université des Laurentides", "Aéro Boréal")),
    # a title-case headline's names, cut to the names the lead writes
    ("Cardio Medical Enters License Agreement With Helvet Biotechnik For Stent Coatings\n\nCardio Medical "
     "Inc. and Helvet Biotechnik AG today announced a license agreement.\n", "en",
     ("Cardio Medical", "Helvet Biotechnik")),
    # "jointly published"
    ("The Northern Device Association and the Health Procurement Collaborative have jointly published a "
     "guide.\n", "en", ("Northern Device Association", "Health Procurement Collaborative")),
    # "providing a combined $N to", "acquerra"
    ("The Government of Quebec and the Government of Canada are providing a combined $7.4 million to Cardio "
     "Medical Inc. to expand its plant.\n", "en", ("Government of Quebec", "Government of Canada", "Cardio Medical")),
    ("Corva Bio acquerra Laboratoires Mirabelle\n\nCorva Bio a annoncé une entente.\n", "fr",
     ("Corva Bio", "Laboratoires Mirabelle")),
    # a partner's place between two partners of a list
    ("Vitaliq Diagnostics Inc. announced a partnership with the Centre de recherche de Sherbrooke (CRS) in "
     "Sherbrooke and the Institut hospitalier rhénan (IHR) in Strasbourg.\n", "en",
     ("Vitaliq Diagnostics", "Centre de recherche de Sherbrooke", "Institut hospitalier rhénan")),
    # "(IBA) with"; a First Nation; French names with an organisation word, then a name
    ("Northlode Minerals Corp. has signed an Impact Benefit Agreement (IBA) with Migisi Lake First Nation.\n",
     "en", ("Northlode Minerals", "Migisi Lake First Nation")),
    ("Le Chemin de fer Roberval-Chibougamau signe un contrat de transport avec Produits forestiers "
     "Chibougamau-Nord.\n", "fr", ("Chemin de fer Roberval-Chibougamau", "Produits forestiers Chibougamau-Nord")),
    # where each party is, between the names of a list
    ("Lakeshore University signed an agreement with Universidad del Norte in Chile and Hochschule Rheintal in "
     "Germany.\n", "en", ("Lakeshore University", "Universidad del Norte", "Hochschule Rheintal")),
    # names in other languages, a cooperative named French-style with a trailing adjective
    ("Prairie Plains University signed an agreement with Universidad de Valdelagos and Technische Hochschule "
     "Nordmark.\n", "en", ("Prairie Plains University", "Universidad de Valdelagos", "Technische Hochschule Nordmark")),
    ("Le gouvernement provincial a conclu une entente avec la Coopérative forestière de la Péninsule acadienne, "
     "au Nouveau-Brunswick.\n",
     "fr", ("Government of New Brunswick", "Coopérative forestière de la Péninsule acadienne")),
    # several recipients, each with its own "à"
    ("Le Conseil canadien de la recherche accorde 24 M$ à l'Université Nordale, à l'Université de Rivière-Claire "
     "et au Collège Boréal.\n", "fr",
     ("Conseil canadien de la recherche", "Université Nordale", "Université de Rivière-Claire", "Collège Boréal")),
    # a premier named without a province: the home province's; a region of another country by its name
    ("HALIFAX, Nova Scotia – Premier Douglas MacInnis and Sable Bank Offshore Wind Inc. signed an agreement "
     "today.\n", "en", ("Government of Nova Scotia", "Sable Bank Offshore Wind")),
    ("Caen, le 17 octobre 2023 – La présidente de la Région Normandie, Sophie Lecanu, et le premier ministre du "
     "Nouveau-Brunswick, Gérald Roy, ont signé une entente de coopération.\n", "fr",
     ("Région Normandie", "Government of New Brunswick")),
    # a subtitle under the headline does not push the funder out of the lead; recipients listed with
    # their amounts after a word or two, by names with no organisation word
    ("Federal funding for four projects\n\nFrom: Northern Growth Agency\n\nNews release\n\nFour "
     "organizations receive $4.85 million to create jobs\n\nMarch 3, 2023 — Moncton, New Brunswick\n\n"
     "Businesses are finding new ways to grow. The region is changing.\n\nToday, the Northern Growth Agency "
     "announced $4.85 million in federal funding for four projects:\n\n- Tidewater Seafoods Ltd. (Shediac): "
     "$1,900,000 to automate a line;\n- Dermalytix (Sackville) – $1,250,000 for a platform.\n", "en",
     ("Northern Growth Agency", "Tidewater Seafoods", "Dermalytix")),
    ("Des fonds pour deux projets\n\nL'Agence de croissance du Nord (ACN) a annoncé un financement de "
     "2 millions de dollars pour deux projets :\n\n- Vitalis IA (Shediac) : contribution remboursable de "
     "1 900 000 $ pour automatiser sa chaîne;\n- Centre de fabrication avancée de Moncton (Moncton) : "
     "contribution non remboursable de 700 000 $.\n", "fr",
     ("Agence de croissance du Nord", "Vitalis IA", "Centre de fabrication avancée de Moncton")),
    # "octroyé ... à", a contract "awarded ... by", a joint venture with a "-based" firm
    ("Le conseil d'administration du Réseau de transport du Littoral (RTL) a octroyé, lors de sa séance du 9 "
     "septembre, un contrat de 74 millions de dollars à Carrosseries Voltacar inc., de Saint-Jérôme.\n", "fr",
     ("Réseau de transport du Littoral", "Carrosseries Voltacar")),
    ("Harbourline Engineering Inc. (\"Harbourline\"), in joint venture with Vancouver-based Pacific Geodesy "
     "Ltd., has been awarded a $38-million contract by the Valley Regional Water Authority (VRWA).\n\nAbout "
     "Harbourline\n\nHarbourline is an engineering firm.\n", "en",
     ("Harbourline Engineering", "Pacific Geodesy", "Valley Regional Water Authority")),
    # "between the hospital, X and Y": the hospital named before; "N M$ de X": X gives it
    ("The tool will be deployed at the Centre hospitalier universitaire Rivebelle (CHUR), in Lévis, under a "
     "collaboration agreement announced today between the hospital, Medisoft Technologies Inc. and the "
     "Consortium Santé Nordique.\n", "en",
     ("Centre hospitalier universitaire Rivebelle", "Medisoft Technologies", "Consortium Santé Nordique")),
    ("Neuralis Biotech reçoit 4,2 M$ de l'Agence de développement du Nord pour son usine\n\nLaval, le 14 mars "
     "2024 – Neuralis Biotech inc. aménagera une usine.\n", "fr", ("Neuralis Biotech", "Agence de développement du Nord")),
    # a currency is not a backer ("1,1 million de CHF")
    ("La Fondation Arve annonce deux subventions.\n\nL'Association Réemploi Léman recevra 1,1 million de CHF "
     "sur quatre ans.\n\nLa Coopérative Fribourg Circulaire reçoit 700 000 CHF.\n", "fr",
     ("Fondation Arve", "Association Réemploi Léman", "Coopérative Fribourg Circulaire")),
    # two parties with appositives, then a venture named after the verb; "are announcing"
    ("Geneva, 15 March 2023 – Helvara SA (SIX: HLV), the Geneva-based maker of gas equipment, and Ardeline "
     "Industries SAS, the French machining group, today announced that they have signed an agreement to create "
     "a joint venture, HyNord Compression SAS, to build compressors.\n", "en", ("Helvara", "Ardeline Industries")),
    ("June 3 – Université Laval and the Lucile Arsenal Foundation are announcing the creation of a research "
     "chair.\n", "en", ("Université Laval", "Lucile Arsenal Foundation")),
    # a financing round: the company raising it, its lead and every participant, a one-word one included
    ("LAVAL, QC, Jan. 16, 2024 /CNW/ - Cardiora Inc. (\"Cardiora\" or the \"Company\"), a clinical-stage "
     "medical device company developing an implantable sensor, today announced the closing of a US$28 million "
     "Series A financing. The round was led by Fonds Boréal Santé with participation from Orchard Lane "
     "Ventures, Fondaction and Harbour Capital, as well as existing investor Sentier Capital.\n", "en",
     ("Cardiora", "Fonds Boréal Santé", "Orchard Lane Ventures", "Fondaction", "Harbour Capital", "Sentier Capital")),
    # a dateline in capitals before a dash is a place; "the Ontario government" is its government
    ("WINDSOR — The Ontario government is providing $6.4 million to Recyclo Materials Inc. to expand its "
     "plant.\n", "en", ("Government of Ontario", "Recyclo Materials")),
    # cities are parties through their mayors, or by their bare names
    ("The Mayor of Victoriaville, Alain Roy, and the Mayor of Saumur, Claire Morin, signed the twinning "
     "agreement between the two cities.\n", "en", ("City of Victoriaville", "City of Saumur")),
    ("Moncton and Drummondville sign a friendship agreement\n\nThe two cities will exchange students.\n", "en",
     ("City of Moncton", "City of Drummondville")),
    # a state's department defined by its acronym; a French name with a lower-case complement
    ("Laurentia Energy Corporation announces that it has been selected by the Connecticut Department of Energy "
     "and Environmental Protection (DEEP) to supply hydropower.\n", "en",
     ("Laurentia Energy Corporation", "Government of Connecticut")),       # a state's department: the state
    ("La Ville de Drummondville et la Coopérative de solidarité Énergie Centre-du-Québec (CECQ) ont conclu une "
     "entente de 25 ans.\n", "fr", ("City of Drummondville", "Coopérative de solidarité Énergie Centre-du-Québec")),
    ("Le Centre de recherche du CHU Saint-Laurent et Helvion Therapeutics SA annoncent une collaboration.\n", "fr",
     ("Centre de recherche du CHU Saint-Laurent", "Helvion Therapeutics")),
    # "X, a company developing RNA medicines, announced that it has signed ... with Y": X, not RNA
    ("BOSTON, June 12, 2023 /PRNewswire/ -- Corvana Therapeutics, Inc., a biotechnology company developing RNA "
     "medicines and AI-assisted tools, today announced that it has signed a license agreement with Université "
     "Laval.\n", "en", ("Corvana Therapeutics", "Université Laval")),
    # "et d'X", "ainsi que de l'investisseur existant X"
    ("La ronde a été menée par le Fonds Boréal Santé, avec la participation d'Investissement Québec et d'Orchard "
     "Lane Ventures, ainsi que de l'investisseur existant Sentier Capital.\n", "fr",
     ("Fonds Boréal Santé", "Investissement Québec", "Orchard Lane Ventures", "Sentier Capital")),
    # a page's menu and breadcrumb before the lead; a name whose acronym spells a hyphenated word
    ("AQSV – Alliance\n\nAccueil | L'Alliance | Membres | Événements | Salle de presse\n\nÉvénements › Missions"
     "\n\nL'Alliance des sciences de la vie (ASV), l'Université du Québec à Trois-Rivières (UQTR) et le New "
     "England Medtech Council (NEMC) organisent conjointement une mission.\n", "fr",
     ("Alliance des sciences de la vie", "Université du Québec à Trois-Rivières", "New England Medtech Council")),
    # "annonce avoir conclu avec Y", "l'entreprise québécoise Y" bought after a long appositive
    ("QUÉBEC, le 12 novembre – Immunara Thérapeutiques inc. (« Immunara ») annonce aujourd'hui avoir conclu avec "
     "l'Université Laval une entente de licence exclusive.\n", "fr", ("Immunara Thérapeutiques", "Université Laval")),
    ("LAUSANNE, Suisse, le 9 janvier 2025 /CNW/ - Alpenra SA, entreprise suisse qui développe et fabrique des "
     "médicaments à base de peptides et d'oligonucléotides, annonce aujourd'hui la conclusion d'une entente "
     "définitive visant l'acquisition de Biosynthèse Rive-Nord inc., établie à Longueuil.\n", "fr",
     ("Alpenra", "Biosynthèse Rive-Nord")),
    # a government acting through its ministry; a project that brings partners together; a ministry's
    # portfolios; a project is no party
    ("MONTREAL, Sept. 18, 2023 /CNW/ - The Government of Quebec, through the Ministry of Economy, Innovation and "
     "Energy, is granting $4.2 million in financial assistance to the ONCO-PLUS project, which brings together the "
     "CHUM Research Centre (CRCHUM) and two Montreal companies, Genomira Diagnostics and OncoLogiX.\n", "en",
     ("Government of Quebec", "CHUM Research Centre", "Genomira Diagnostics", "OncoLogiX")),
    ("The call is made possible thanks to the financial support of the Quebec Ministry of Economy, Innovation and "
     "Energy and of Bpifrance.\n", "en", ("Government of Quebec", "Bpifrance")),
    ("MISSISSAUGA, ON – The Government of Canada is investing $6.8 million in a project led by Northlake "
     "Biologics Inc., in collaboration with the University of Waterloo and Biofab Mauricie Inc.\n", "en",
     ("Government of Canada", "Northlake Biologics", "University of Waterloo", "Biofab Mauricie")),
    # a page label, a subtitle and a name-less context paragraph before the lead
    ("News release\n\nFederal and provincial governments invest in water\n\nUpgrades will protect water\n\n"
     "June 14, 2024 — Halifax, Nova Scotia\n\nSafe drinking water is the foundation of healthy communities. "
     "Investing in modern systems helps municipalities grow.\n\nToday, ministers announced funding for two "
     "projects.\n\nThe Government of Canada and the Government of Nova Scotia are investing $15.4 million in the "
     "Town of Port Mira and the Municipality of the District of St. Croix Bay.\n", "en",
     ("Government of Canada", "Government of Nova Scotia", "Town of Port Mira",
      "Municipality of the District of St. Croix Bay")),
    # "s'est entendu avec"; "to help X", "with Y contributing"
    ("FREDERICTON (GNB) – Le gouvernement provincial s'est entendu avec Télécom Fundy pour brancher 18 400 "
     "foyers.\n", "fr", ("Government of New Brunswick", "Télécom Fundy")),
    ("Alberta's government is investing $6.5 million to help Aspen Ridge College launch a program, with Prairie "
     "Hydrogen Ltd. contributing $2 million in equipment.\n", "en",
     ("Government of Alberta", "Aspen Ridge College", "Prairie Hydrogen")),
    # a consortium's members selected by a client; funders listed with "par ... et par"
    ("Lévis, le 5 octobre 2023 – Le consortium formé de Groupe Bâtisseurs Chaudière inc. et de la firme suisse "
     "Helvion Energietechnik AG a été retenu par la Société de transport des Deux-Rives (STDR) pour construire "
     "un centre.\n", "fr",
     ("Groupe Bâtisseurs Chaudière", "Helvion Energietechnik", "Société de transport des Deux-Rives")),
    ("La Chaire est financée par Alumina Boréale inc. (1,6 M$), par la Fondation Gagné-Poirier (800 000 $) et par "
     "le Conseil de recherches en sciences naturelles et en génie du Canada (CRSNG) (2 M$).\n", "fr",
     ("Alumina Boréale", "Fondation Gagné-Poirier", "Natural Sciences and Engineering Research Council of Canada")),
    # a "From:" label, a subtitle with "St.", bulleted highlights before the lead; "Federal" is no name
    ("News release\n\nFrom: Infrastructure Canada\n\nFederal and provincial governments invest in water\n\n"
     "Upgrades in St. Croix Bay will protect drinking water\n\nJune 14, 2024 — Halifax, Nova Scotia\n\nToday, "
     "ministers announced funding for two projects.\n\nThe Government of Canada and the Government of Nova "
     "Scotia are investing $15.4 million in the Town of Port Mira.\n", "en",
     ("Government of Canada", "Government of Nova Scotia", "Town of Port Mira")),
    ("Solvara va acquérir l'usine de Saint John d'Atlantic Resin Products\n\n- Accord définitif de 212 millions "
     "de dollars\n\n- Investissement supplémentaire de 140 millions de dollars\n\n- Premier site en Amérique\n\n"
     "Solvara SA annonce aujourd'hui avoir signé un accord définitif avec Atlantic Resin Products Ltd.\n", "fr",
     ("Solvara", "Atlantic Resin Products")),
    # partners listed under "Les partenaires ... sont :"; a title-case headline's last name; "X's plant"
    ("Le festival dévoile ses partenaires\n\nTrois-Rivières, le 11 avril 2023 – Le Festival des arts de la rue "
     "signe des ententes de trois ans.\n\nLes partenaires présentateurs de la 14e édition sont :\n\n- Assurances "
     "Mutuelle Laviolette, présentateur de la programmation;\n\n- Brasserie du Fleuve, présentateur des soirées;"
     "\n\nLa programmation sera dévoilée en mai.\n", "fr", ("Assurances Mutuelle Laviolette", "Brasserie du Fleuve")),
    ("Prairie Crest Energy Inks 15-Year Natural Gas Supply Agreement with Gulfstar LNG\n\nCALGARY, Alberta, March "
     "2, 2023 (GLOBE NEWSWIRE) -- Prairie Crest Energy Ltd. has entered into a supply agreement with a Texas-based "
     "developer.\n", "en", ("Prairie Crest Energy", "Gulfstar LNG")),
    ("The governments of Quebec and Canada are providing $7.4 million to Cardiostim Médical's Sherbrooke plant, "
     "with St. Brendan's Research Institute.\n", "en", ("Government of Quebec", "Government of Canada", "Cardiostim Médical")),
    # "awarded a contract worth ... (...) by"; an amount's recipients in a subtitle; "is providing support"
    ("Liège, 05.03.2024 – Ferrovia Systems SA, the Belgian rail specialist, has been awarded a contract worth "
     "approximately €38 million (C$56 million) by the Greater Hamilton Transit Commission (GHTC).\n", "en",
     ("Ferrovia Systems", "Greater Hamilton Transit Commission")),
    ("The Government of Canada supports three projects\n\nOver $3.1 million for Fibres Boréales, Chantier naval "
     "de Matane and Technopole maritime de l'Estuaire\n\nRIMOUSKI, QC, March 15, 2024 /CNW/ - That is why Canada "
     "Economic Development for Quebec Regions (CED) is providing support to projects in the region.\n", "en",
     ("Fibres Boréales", "Chantier naval de Matane", "Technopole maritime de l'Estuaire",
      "Canada Economic Development for Quebec Regions")),
    # a province that invests, as a headline's subject; a province's ministry is its government; two
    # recipients on one listed line
    ("Quebec invests $4.2 million in a biomarker project led by Neurovia Therapeutics and the Saint-Aubin Hospital "
     "Research Centre\n\nQUEBEC CITY, Feb. 14, 2019 /CNW/ - The minister announced the funding.\n", "en",
     ("Government of Quebec", "Neurovia Therapeutics", "Saint-Aubin Hospital Research Centre")),
    ("The Ontario Ministry of Health Innovation and Enterprise is providing $3 million to Tessaline Devices Inc. to "
     "expand production.\n", "en", ("Government of Ontario", "Tessaline Devices")),
    ("Le Consortium Santé Nord accorde 2 M$ à deux équipes :\n\n- ImmunoBoréal inc. et le Centre de recherche de "
     "l'Hôpital de l'Estrie (CRHE) : 720 000 $ pour un adjuvant;\n- Vitaliq Diagnostics (Laval) : 500 000 $.\n", "fr",
     ("Consortium Santé Nord", "ImmunoBoréal", "Centre de recherche de l'Hôpital de l'Estrie", "Vitaliq Diagnostics")),
    # "has awarded X a contract"; two organisations that open a lab; a Swiss canton; a longer reading
    ("The Société de transport régionale de l'Estrie (STRE) has awarded Delorme Vasseur Ingénierie inc. a "
     "$6.8-million contract for the design of a corridor.\n", "en",
     ("Société de transport régionale de l'Estrie", "Delorme Vasseur Ingénierie")),
    ("Cascadia Polytechnic Institute and Orca Marine Systems open an ocean robotics lab in Nanaimo\n\nStudents "
     "will learn.\n", "en", ("Cascadia Polytechnic Institute", "Orca Marine Systems")),
    ("Lyon, le 5 mars 2024 – La Région Auvergne-Rhône-Alpes et le canton de Genève ont signé un accord-cadre de "
     "coopération.\n", "fr", ("Région Auvergne-Rhône-Alpes", "Canton de Genève")),
    ("La Coopérative agroalimentaire Val-Nord acquiert la Fromagerie des Appalaches\n\nLa coopérative annonce "
     "la transaction.\n", "fr", ("Coopérative agroalimentaire Val-Nord", "Fromagerie des Appalaches")),
    # "thanks to a repayable contribution of $N from X": X funds the subject; "and the Quebec Ministère"
    ("SHERBROOKE, QC, March 14, 2019 /CNW Telbec/ - Orthonova Medical Inc. will be able to acquire equipment "
     "thanks to a repayable contribution of $1,250,000 from Canada Economic Development for Quebec Regions (CED).\n",
     "en", ("Orthonova Medical", "Canada Economic Development for Quebec Regions")),
    ("The Quebec Consortium for Medical Technology (CQTM), Pôle BioAlpes Innovation, Bpifrance and the Quebec "
     "Ministère de l'Économie, de l'Innovation et de l'Énergie (MEIE) today launched a joint call.\n", "en",
     ("Quebec Consortium for Medical Technology", "Pôle BioAlpes Innovation", "Bpifrance", "Government of Quebec")),
    # co-funders with no named recipient; "X selects Y"; "conclut ... l'acquisition de Gestion X"
    ("Les gouvernements du Canada et du Nouveau-Brunswick et la Ville de Moncton investissent 31 millions de "
     "dollars pour moderniser l'usine\n\nMONCTON – Les travaux débuteront en mai.\n", "fr",
     ("Government of Canada", "Government of New Brunswick", "City of Moncton")),
    ("Prairie Light Utilities selects Voltaris Energy Storage for a battery project\n\nCALGARY, Alberta – Prairie "
     "Light Utilities Inc. today announced that it has selected Voltaris Energy Storage Corp. to install a "
     "battery.\n", "en", ("Prairie Light Utilities", "Voltaris Energy Storage")),
    ("Banque Riveraine conclut une entente visant l'acquisition de Gestion de patrimoine Cap-Rouge\n\nMONTRÉAL – "
     "La Banque annonce la transaction.\n", "fr", ("Banque Riveraine", "Gestion de patrimoine Cap-Rouge")),
    # recipients listed after a passive grant ("sont accordées à trois entreprises :")
    ("Trois entreprises de Québec obtiennent de l'aide\n\nQuébec, le 5 juin 2023 – Les entreprises de la Capitale "
     "croissent.\n\nDes contributions totalisant 4 050 000 $ sont ainsi accordées à deux entreprises de la région."
     "\n\nLes projets visent l'automatisation.\n\nLes sommes seront versées sur trois ans.\n\n- Biosentis inc., "
     "de Québec : 1 500 000 $ pour une chaîne;\n\n- Laboratoires Orléa inc., de Lévis : 1 250 000 $.\n", "fr",
     ("Biosentis", "Laboratoires Orléa")),
    # a lone funder "supporting the project": the headline's subject, whose project it is, is funded
    ("Rheinwerk Sensorik opens its first North American facility in Moncton\n\nGerman sensor maker to create 65 "
     "jobs with support from Opportunities New Brunswick\n\nMONCTON, N.B. – Rheinwerk Sensorik GmbH today announced "
     "it will open a plant. Opportunities New Brunswick (ONB) is supporting the project with a payroll rebate.\n",
     "en", ("Opportunities New Brunswick", "Rheinwerk Sensorik")),
    # "la signature d'une entente de distribution exclusive de cinq ans avec X": six words between
    ("QUÉBEC, le 10 sept. 2019 /CNW Telbec/ - Dermascan Technologies inc., concepteur d'un système d'imagerie, "
     "annonce la signature d'une entente de distribution exclusive de cinq ans avec Médiclin Distribution SAS.\n",
     "fr", ("Dermascan Technologies", "Médiclin Distribution")),
    # an appositive between "X and Y" and their verb
    ("Borealis Wind Inc. and Cedar Lake Development Corporation (CLDC), the economic development arm of Cedar "
     "Lake First Nation, have signed a partnership agreement.\n", "en",
     ("Borealis Wind", "Cedar Lake Development Corporation")),
    ("Tamarack Power and Ridgeback Holdings Corporation form equity partnership for a solar project\n\nThe "
     "project is near Lethbridge.\n", "en", ("Tamarack Power", "Ridgeback Holdings Corporation")),
    # a French name around a lower-case adjective, defined with a code that spells no initials
    ("Air Lumière et l'Aéroport international Marcel-Dion de Rimouski (YRM) annoncent une nouvelle liaison.\n",
     "fr", ("Air Lumière", "Aéroport international Marcel-Dion de Rimouski")),
    # a minister's "federal investment": the Government of Canada funds; "St." inside a long form
    ("Today, the Minister of Transport announced a federal investment of up to $12 million to the Lower St. "
     "Maurice Port Authority (LSMPA) to rebuild its wharf.\n", "en",
     ("Government of Canada", "Lower St. Maurice Port Authority")),
    ("Le ministre a annoncé un investissement fédéral pouvant atteindre 3 millions de dollars à "
     "l'Administration portuaire de Gaspé afin de refaire le quai.\n", "fr",
     ("Government of Canada", "Administration portuaire de Gaspé")),
    # "au nom du gouvernement du Québec", then the recipients listed, one with an article
    ("Québec, le 3 mars 2025 – La ministre responsable de la région, Mme Jeanne Roy, annonce au nom du "
     "gouvernement du Québec l'octroi d'une aide financière de 900 000 $ à deux organisations.\n\nLes projets "
     "retenus sont les suivants :\n\n- Ville de Matane – 500 000 $ pour une promenade;\n- Les Ateliers Beaulieu "
     "inc. – 400 000 $ pour un atelier.\n", "fr", ("Government of Quebec", "City of Matane", "Ateliers Beaulieu")),
    # a government "supports the project" of the headline's company
    ("Orlen Biologics investira 100 M$ dans une usine à Laval\n\nLe gouvernement du Québec appuie le projet "
     "au moyen d'un prêt de 20 M$.\n", "fr", ("Orlen Biologics", "Government of Quebec")),
    # a gift received
    ("La Fondation de l'Hôpital Saint-Gérard annonce avoir reçu un don de 2 millions de dollars de la Fondation "
     "familiale Nadeau.\n", "fr", ("Fondation de l'Hôpital Saint-Gérard", "Fondation familiale Nadeau")),
    # a contract entrusted
    ("Hydro-Nordique confie à Turbines Gagnon et au Groupe Métal Lévis la réfection de sa centrale\n\nLes "
     "travaux dureront six ans.\n", "fr", ("Hydro-Nordique", "Turbines Gagnon", "Groupe Métal Lévis")),
    # "with two of its counterparts: X and Y", a country's possessive before a name
    ("On the sidelines of the conference, the Atlantic Marine Alliance (AMA) today signed a memorandum of "
     "understanding with two of its European counterparts: Norway's Fjordtech Cluster and the Scottish Ocean "
     "Forum.\n", "en", ("Atlantic Marine Alliance", "Fjordtech Cluster", "Scottish Ocean Forum")),
    # two organisations open the headline, whatever their verb
    ("Kestrel Polytechnic and Osprey Marine Systems open ocean robotics lab\n\nThe lab opens in May.\n", "en",
     ("Kestrel Polytechnic", "Osprey Marine Systems")),
    # "bénéficie d'un prêt de 12 M$ d'X": a backer
    ("Développement économique Lac-Noir et la société Fjellmark Biologics annoncent une usine. Le projet "
     "bénéficie d'un prêt de 12 M$ d'Investissement Québec.\n", "fr",
     ("Développement économique Lac-Noir", "Fjellmark Biologics", "Investissement Québec")),
    # "a joint research project between X, Y and Z"
    ("QUÉBEC – Un projet de recherche collaboratif entre l'Institut de recherche en oncologie de Lévis, "
     "l'Université Laval et l'entreprise Oncocible vise à former des chercheurs.\n", "fr",
     ("Institut de recherche en oncologie de Lévis", "Université Laval", "Oncocible")),
    # a fund's anchors: "commitments from X, Y and Z"
    ("Northway Ventures closes $90 million fund\n\nThe fund was anchored by commitments from the Prairie "
     "Pension Investment Corporation, Harbourline Insurance and the Lumen Foundation.\n", "en",
     ("Prairie Pension Investment Corporation", "Harbourline Insurance", "Lumen Foundation")),
    # the seller of what is bought: "to acquire the X line from Y"
    ("COCHRANE, Ont.--(BUSINESS WIRE)--Northway Railway Inc. today announced that it has entered into an "
     "agreement to acquire the Spruce Belt Subdivision from Spruce Belt Forest Products.\n", "en",
     ("Northway Railway", "Spruce Belt Forest Products")),
    # a long form whose initials leave out "of Canada"
    ("The Natural Sciences and Engineering Research Council of Canada (NSERC) and Mitacs are investing $2 "
     "million in Kinbrook University.\n", "en",
     ("Natural Sciences and Engineering Research Council of Canada", "Mitacs", "Kinbrook University")),
    # a headline's topic before a colon; the city that opens it is the city
    ("Mobilité durable : Laval annonce 1,9 M$ pour la Coopérative Roulons Bleu et le Centre d'innovation "
     "sociale de Sainte-Rose\n\nLe projet débute en mai.\n", "fr",
     ("City of Laval", "Coopérative Roulons Bleu", "Centre d'innovation sociale de Sainte-Rose")),
    # recipients of an announced aid with no named giver; "de la Côte-Nord", "d'Albâtre" inside names
    ("SEPT-ÎLES, le 7 juillet 2023 – La ministre annonce au nom du gouvernement du Québec une aide au Musée "
     "des Baleines de la Côte-Nord et au Théâtre du Port de Sept-Îles.\n", "fr",
     ("Government of Quebec", "Musée des Baleines de la Côte-Nord", "Théâtre du Port de Sept-Îles")),
    ("La Région Normandie accorde 2 M€ à l'Université de la Côte d'Opale et à Hydrolab.\n", "fr",
     ("Région Normandie", "Université de la Côte d'Opale", "Hydrolab")),
    # "14 mars" is no "MaRS" of the data file
    ("Lyon, le 14 mars 2024 – La Coopérative Terres du Velay et l'Union laitière des Monts du Pilat ont signé "
     "une entente.\n", "fr", ("Coopérative Terres du Velay", "Union laitière des Monts du Pilat")),
    # a topic before a dash; "Québec accorde": the government
    ("Oncologie de précision - Québec accorde 4,2 M$ au Consortium de recherche en oncologie pédiatrique et à "
     "Génodia Diagnostics\n\nLe projet débute en mai.\n", "fr",
     ("Government of Quebec", "Consortium de recherche en oncologie pédiatrique", "Génodia Diagnostics")),
    # a government's program the money comes from is no party; "announced a $6 million investment ... in X"
    ("Today, the Minister, on behalf of the Government of Canada, announced a $6 million investment from the "
     "Strategic Innovation Fund in Vaxora Québec Inc., a Lévis company.\n", "en",
     ("Government of Canada", "Vaxora Québec")),
    # a title's portfolio and the titled people who sign for their governments are no organisations
    ("FREDERICTON (GNB) – The provincial government and the Wabanaki Bay First Nation signed an agreement. It was signed by "
     "Natural Resources and Energy Development Minister Jane Roe and Wabanaki Bay Chief John Doe.\n", "en",
     ("Government of New Brunswick", "Wabanaki Bay First Nation")),
    # a city whose name starts with an article; a currency before an amount is no recipient
    ("Moncton et La Rochelle signent une entente de coopération.\n", "fr", ("City of Moncton", "City of La Rochelle")),
    ("The Leman Foundation today announced a grant of CHF 1.8 million to the Geneva Heart Institute and the "
     "Sherbrooke Cardiac Institute.\n", "en",
     ("Leman Foundation", "Geneva Heart Institute", "Sherbrooke Cardiac Institute")),
    # the headline names the province in capitals; the site's name over it says whose premier signs
    ("Manitoba\n\nMANITOBA AND SASKATCHEWAN SIGN WILDFIRE AGREEMENT\n\nManitoba and Saskatchewan will share "
     "aircraft under an agreement signed today by Premier Jane Roe and Saskatchewan Premier John Doe.\n", "en",
     ("Government of Manitoba", "Government of Saskatchewan")),
    # the dot of "Co." and a quoted short name between two co-subjects
    ('Prairie Amino Co. ("Prairie Amino") and BioSyntho Inc. ("BioSyntho") today announced that they have '
     "entered into an agreement.\n", "en", ("Prairie Amino", "BioSyntho")),
    # "pour fournir" is no part of a name; "Énergies communautaires du X" is one
    ("Voltacar a été choisie par la Ville de Dieppe pour fournir des autobus.\n", "fr",
     ("Voltacar", "City of Dieppe")),
    ("Boréas Vent et Énergies communautaires du Haut-Saint-Laurent signent une entente.\n", "fr",
     ("Boréas Vent", "Énergies communautaires du Haut-Saint-Laurent")),
    # initials that skip the small words of a hyphenated place ("Centre-du-Québec": C, Q)
    ("Datamed Santé et le Regroupement d'achats en santé de la Mauricie et du Centre-du-Québec (RASMCQ) "
     "signent une entente.\n", "fr",
     ("Datamed Santé", "Regroupement d'achats en santé de la Mauricie et du Centre-du-Québec")),
    # "au nom du gouvernement" after a comma; not when the minister is responsible for an agency that gives
    ("La ministre a annoncé aujourd'hui, au nom du gouvernement du Québec, une aide financière de 2 M$ à "
     "l'Institut de recherche en santé de Gatineau.\n", "fr",
     ("Government of Quebec", "Institut de recherche en santé de Gatineau")),
    # a long form the acronym's letters open, with a complement after them; the minister responsible for
    # the agency announces its money; "à X inc., à la Y et au Z": each funded
    ("Développement économique Canada pour les régions du Québec (DEC) soutient la région.\n\nL'honorable "
     "Jane Roe, ministre responsable de DEC, a annoncé une contribution de 3 M$ à la Fromagerie Lac-Vert inc., "
     "à la Boulangerie Nordique inc. et au Conseil des industries bioalimentaires de l'Estrie.\n", "fr",
     ("Développement économique Canada pour les régions du Québec", "Fromagerie Lac-Vert", "Boulangerie Nordique",
      "Conseil des industries bioalimentaires de l'Estrie")),
    # "une entente avec deux coopératives, soit :" and the list under it
    ("La Banque coopérative Horizon a conclu une entente avec deux coopératives financières, soit :\n\n- la "
     "Caisse populaire du Nord, établie à Caraquet;\n\n- la Caisse solidaire des Îles, établie à Cap-aux-Meules."
     "\n", "fr", ("Banque coopérative Horizon", "Caisse populaire du Nord", "Caisse solidaire des Îles")),
    # "Governments invest" names none; who announced "on behalf of" each government does
    ("Governments invest $3 million in seafood processing\n\nThe Moncton Food Co-operative and the Acadian "
     "Processors Association will share $3 million.\n\nThe announcement was made today by Jane Roe, on behalf of "
     "the Government of New Brunswick, and John Doe, on behalf of the Government of Canada.\n", "en",
     ("Moncton Food Co-operative", "Acadian Processors Association", "Government of New Brunswick",
      "Government of Canada")),
    # the government a headline says supports, when the recipients come later and no agency gives
    ("Government of Canada supports the expansion of two oat processors\n\nToday, the Minister announced an "
     "investment of up to $2 million.\n\nPrairie Oat Millers Inc. will receive up to $1.2 million.\n\n"
     "Northfield Pulse Ltd. will receive up to $800,000.\n", "en",
     ("Government of Canada", "Prairie Oat Millers", "Northfield Pulse")),
    # plural adjectives inside French names; "dans" is no adjective
    ("L'Association des sentiers côtiers de la Gaspésie et Énergies renouvelables Nordet inc. signent une "
     "entente.\n", "fr", ("Association des sentiers côtiers de la Gaspésie", "Énergies renouvelables Nordet")),
    ("Le ministre, au nom du gouvernement du Canada, a annoncé un investissement de 6 millions de dollars du Fonds "
     "stratégique pour l'innovation dans Vaxora Québec inc.\n", "fr", ("Government of Canada", "Vaxora Québec")),
    # a Business Wire dateline is no subject
    ("RENO, Nev.--(BUSINESS WIRE)--Caldera Borates Corp. today announced that it has reached a definitive "
     "agreement with Northfork Energy Partners, LLC.\n", "en", ("Caldera Borates", "Northfork Energy Partners")),
    # a funder's list of amounts, each line "- 7,3 M$ au Centre X (CX) pour ..."
    ("Les gouvernements du Canada et du Québec investissent 9 M$\n\nLe projet aide la région.\n\nLe "
     "gouvernement du Canada verse 5 millions de dollars pour les deux projets suivants :\n\n- 7,3 millions de "
     "dollars au Centre québécois de recherche sur le zinc (CQRZ) pour une ligne pilote;\n- 2,5 millions de "
     "dollars à Zincoforme inc. pour une cellule de soudage.\n", "fr",
     ("Government of Canada", "Government of Quebec", "Centre québécois de recherche sur le zinc", "Zincoforme")),
    # "Governments of Canada and New Brunswick and City of X": three parties
    ("Governments of Canada and New Brunswick and City of Dieppe invest $31 million in drinking water\n\n"
     "The plant serves 40,000 people.\n", "en",
     ("Government of Canada", "Government of New Brunswick", "City of Dieppe")),
    # an appositive with no article ("société de ..., a conclu"); a two-word name after "avec"
    ("Vaxira inc., société de biotechnologie de Saint-Hyacinthe qui développe des vaccins, a conclu une entente "
     "de fabrication avec Farmabio Veneta.\n", "fr", ("Vaxira", "Farmabio Veneta")),
])
def test_parties_from_evidence(tmp_path, text, lang, expected):
    assert partners(tmp_path, text, lang) == expected


@pytest.mark.parametrize("text", [
    "Northwind Council posts strong annual results for 2023.\n",                     # own news
    "Le Groupe Boréal annonce ses résultats du troisième trimestre.\n",
    "Northwind Council will attend the BIO International Convention in Paris.\n",   # an event, a city
    "Paris and Fonds sign nothing.\n",                                              # a lone word
    # a total in a list of figures is no recipient
    "Acme Labs reports results\n\nAcme Labs will invest $5 million in its plant.\n\nThe figures:\n\n- Total "
    "investment: $69.6 million.\n",
    # "will receive 18 months of support" is no funding
    "Acme Biotech grows.\n\nBeyond funding, each company will receive 18 months of support.\n",
    # "Under the MOU" opens a sentence: no name
    "Acme Labs reports results.\n\nUnder the MOU and the plan, sales rose.\n",
])
def test_no_partners_for_one_issuers_news(tmp_path, text):
    assert partners(tmp_path, text) == ()


@pytest.mark.parametrize("text", [
    "Premier Tech Ltd. and Acme Biotech signed an agreement today.\n",     # a company, not a premier
    "Sales in Ontario and Quebec rose; Acme Biotech and Beta Labs signed an agreement.\n",
])
def test_a_company_named_premier_is_not_a_government(tmp_path, text):
    assert "Government of Quebec" not in partners(tmp_path, "QUÉBEC, Québec – " + text)


def test_the_provincial_government_is_the_datelines_province(tmp_path):
    text = ("Contract awarded for a bridge\n\nFREDERICTON (GNB) – The provincial government has awarded a "
            "$14-million contract to Construction Memramcook Ltée. Steel will be fabricated in Quebec.\n")
    assert partners(tmp_path, text) == ("Government of New Brunswick", "Construction Memramcook")


@pytest.mark.parametrize("name, signal", [
    ("Douglas MacInnis", False), ("Jane LeBlanc", False), ("Ron DeSantis", False), ("Mary McKay", False),
    ("MassBio", True), ("adMare BioInnovations", True), ("Région Normandie", True), ("State of Vermont", True),
])
def test_a_surname_with_a_capital_inside_is_no_sign_of_an_organisation(name, signal):
    assert NameFinder.org_signal(name) is signal


@pytest.mark.parametrize("text, name", [
    ("L'Alliance canadienne pour la médecine de précision et", "Alliance canadienne pour la médecine de précision"),
    ("Le Consortium québécois sur la découverte du médicament (CQDM)",
     "Consortium québécois sur la découverte du médicament"),
    ("le Réseau québécois de recherche en thérapie cellulaire et", "Réseau québécois de recherche en thérapie cellulaire"),
    ("l'Agence spatiale canadienne en collaboration avec", "Agence spatiale canadienne"),
])
def test_french_names_with_their_complements(text, name):
    from searchapp.extract.bodies import headed_names
    assert [found for _, _, found in headed_names(text)][:1] == [name]


@pytest.mark.parametrize("text, name", [
    ("la Coopérative de solidarité Vents du Large (Sainte-Flavie) reçoit", "Coopérative de solidarité Vents du Large"),
    ("le Consulat général de France à Québec et", "Consulat général de France à Québec"),
    ("la Délégation du Québec à Boston organise", "Délégation du Québec à Boston"),
    ("La Fondation de l'Institut de cardiologie des Laurentides et", "Fondation de l'Institut de cardiologie des Laurentides"),
])
def test_french_names_run_on_through_their_small_words(text, name):
    from searchapp.extract.bodies import headed_names
    assert name in [found for _, _, found in headed_names(text)]


def test_an_acronym_of_a_french_style_name_is_defined(tmp_path):
    r = release(tmp_path, "Acme news\n\nL'Association québécoise des bioindustries (AQBI) et Beta Labs signent. "
                          "L'AQBI est ravie.\n")
    assert NameFinder(r, default_gazetteer()).acronyms["AQBI"] == "Association québécoise des bioindustries"


def test_an_acronym_whose_small_words_spell_letters_is_defined():
    from searchapp.extract.acronyms import initials_form as _initials_form
    assert _initials_form("APDN", "L'Administration portuaire du détroit de Northumberland") == \
        "Administration portuaire du détroit de Northumberland"
    assert _initials_form("UQTR", "l'Université du Québec à Trois-Rivières") == \
        "Université du Québec à Trois-Rivières"       # a hyphenated word spells a letter per part
    assert _initials_form("CCIR", "Le Conseil canadien des infrastructures de recherche") == \
        "Conseil canadien des infrastructures de recherche"


def test_each_partner_carries_its_reasons(tmp_path):
    text = ("Northwind Council and the Lakeside Institute of Technology sign a research agreement\n\n"
            "Northwind Council and the Lakeside Institute of Technology signed an agreement today.\n\n"
            "About Northwind Council\n\nNorthwind Council is a network of hospitals.\n")
    r = release(tmp_path, text)
    found = {p.name: p for p in partner_evidence(r, NameFinder(r, default_gazetteer()))}
    council = found["Northwind Council"]
    assert council.kept and "about" in council.reasons
    assert any(reason.startswith("co-subject@") for reason in council.reasons)
    assert council.score > found["Lakeside Institute of Technology"].score > 0


def test_both_versions_give_the_same_public_body(tmp_path):
    fr = partners(tmp_path, "Le gouvernement du Québec et la Ville de Montréal signent une entente.\n", "fr")
    en = partners(tmp_path, "The Government of Quebec and the City of Montreal sign an agreement.\n")
    assert fr == en == ("Government of Quebec", "City of Montreal")


def test_a_long_paragraph_is_read_in_linear_time(tmp_path):
    """A long paragraph (many names, acronyms and parentheses) is read, and gives its partners."""
    unit = "Alpha Labs (AL) and Beta Group sign an agreement with Gamma Institute (GI), "
    text = "Delta Council and Epsilon Foundation sign an agreement. " + unit * (300_000 // len(unit))
    found = partners(tmp_path, text + "\n")
    assert found[:2] == ("Delta Council", "Epsilon Foundation")


def test_learned_names_join_acronyms_and_languages():
    learned = learn({
        "a.txt": (("Northport Port Authority", "NPA"),),
        "b.txt": (("Administration portuaire de Northport", "APN"),),
        "c.txt": (("Canadian Eastern Railway", "CER"), ("Northwind Council", "")),
        "d.txt": (("Canadien de l'Est", "CER"),),
    })
    by_alias = dict(learned.aliases())
    assert by_alias["APN"] == by_alias["NPA"] == by_alias["Administration portuaire de Northport"]
    assert by_alias["Canadien de l'Est"] == by_alias["CER"] == by_alias["Canadian Eastern Railway"]
    assert by_alias["Northwind Council"] == "Northwind Council"


def test_an_acronym_two_organisations_define_stands_for_neither():
    learned = learn({"a.txt": (("Northern Research Agency", "NRA"),), "b.txt": (("National Rowing Association", "NRA"),)})
    by_alias = dict(learned.aliases())
    assert "NRA" not in by_alias and by_alias["Northern Research Agency"] == "Northern Research Agency"


def test_reindex_learns_and_orgs_lists(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text(
        "Northwind Council and the Lakeside Research Agency (LRA) sign an agreement\n\n"
        "Northwind Council and the Lakeside Research Agency (LRA) signed an agreement today.\n", encoding="utf-8")
    (sources / "b.txt").write_text(
        "Hilltop Foundation and LRA sign an agreement\n\n"
        "The Hilltop Foundation and LRA signed an agreement to share data.\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    reindex([sources], index_dir)
    reindex([sources], index_dir, full=True)       # what the first run learned serves the second
    runner = CliRunner()
    result = runner.invoke(main, ["orgs", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert rows["Lakeside Research Agency"]["source"] == "learned"
    assert rows["Lakeside Research Agency"]["partner_in"] == 2          # "LRA" alone resolves to it
    assert runner.invoke(main, ["orgs", "--index", str(index_dir)]).exit_code == 0


def test_a_pair_whose_partners_are_written_in_each_language_is_compatible():
    from searchapp.index.pairing import compatible_facts, facts

    en = {"lang": "en", "date": "2022-04-06", "partners": ["Northport Port Authority", "University of Lakeland"]}
    fr = {"lang": "fr", "date": "2022-04-06", "partners": ["Administration portuaire de Northport",
                                                           "Université de Lakeland"]}
    other = {"lang": "fr", "date": "2022-04-06", "partners": ["Université de Hilltop"]}
    assert compatible_facts(facts(en), facts(fr))
    assert not compatible_facts(facts(en), facts(other))
