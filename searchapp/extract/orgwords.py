"""What tells an organisation's name from any capitalised phrase: its words.

An organisation word ("Association", "Université", "Railway", "Hochschule") in a name of
two words or more, a CamelCase word ("MassBio", "adMare"; not a surname's "MacInnis"), or
a public body's start ("Hydro-", "Région ", "State of "). Names with none of them are
weak: trusted only where a sentence puts them in a party's place.
"""
from __future__ import annotations

import re
from functools import lru_cache

from searchapp.extract.gazetteer import aligned_fold

_ORG_WORD = re.compile(
    r"(?<!\w)(?:association|council|institut\w*|cent(?:re|er)s?|foundation|fondation|funds?|fonds|consortium"
    r"|platform|plateforme|organi[sz]ation|organisme|network|reseau|ministry|ministere|department|government"
    r"|gouvernement|agency|agence|authority|autorite|universit\w+|college|school|ecole|hospital|hopital"
    r"|society|societe|company|compagnie|corp\w*|inc|ltd|llc|ltee|group|groupe|cluster|pole|grappe|alliance"
    r"|board|bureau|office|chamber|chambre|commission|federation|regroupement|academ\w+|coalition"
    r"|therapeutics|therapeutiques?|pharma\w*|biotech\w*|bioscience\w*|labs?|laborator\w+|laboratoires?"
    r"|technolog\w+|medical|diagnostics?|genomics?|capital|ventures|partners|solutions|systems|health|sante"
    r"|innovations?|industries|international|ville|city|state|etat|port|railways?|airlines?|airways|bank|banque"
    r"|caisses?|cooperative|energy|energie|power|utilit\w+|trust|fiducie|mouvement|movement"
    # the same words in other languages and plurals, and more kinds of organisation
    r"|universidad\w*|hochschule|istituto|fundacion|fundacao|fondazione|stiftung|gesellschaft|verband"
    r"|conseil|consejo|consiglio|committee|comite|networks|reseaux|councils|associations|agencies"
    r"|municipalit\w+|township|town|village|county|borough|district|consulate|consulat|embassy|ambassade|clinic|clinique"
    r"|museum|musee|mutual|mutuelle|insurance|assurances?|telecom\w*|communications|resources|ressources"
    r"|mining|miniere|mines|logistics|logistique|transport\w*|aerospace|aerospatial\w*|robotics"
    r"|holdings|enterprises|entreprises|services|manufactur\w+|refining|raffinage|renewables|hydro"
    r"|railroad|rail|chemins? de fer|electri\w+|pharmacies|foods|aliments|investments|investissements"
    r"|administration|groupement|regie|secretariat|syndicat|union|province|first nations?|premieres? nations?"
    r"|metropole|cegep|haute ecole|societies|trails|construction|produits|products)(?!\w)")
# "MassBio", "adMare", "BIOQuébec"; not a surname's "MacInnis", "McKay", "LeBlanc", "DeSantis".
_CAMEL = re.compile(r"(?<!\bMa)(?<!\bM)(?<!\bL)(?<!\bD)(?<!\bVa)(?<!\bS)[a-z][A-Z]|^[A-Z]{2,}[a-z]")
# "Hydro-Nordique", "Région Normandie", "Province of Nova Scotia", "State of Vermont": a body by its start.
_PUBLIC_STARTS = ("hydro-", "region ", "province of ", "state of ", "etat de ", "etat du ", "republic of ",
                  "republique ", "canton ")


# A company's legal form, folded ("Inc.", "Ltée", "S.A.S.", "GmbH"): names, joins and acronyms read it.
LEGAL_FORM = r"(?:inc|ltd|llc|corp|co|lt[ée]e|s\.?a|s\.?a\.?s|sarl|spa|ag|gmbh|plc|n\.?v|b\.?v|ab|s\.?e|oy|pty)\.?"


@lru_cache(maxsize=65536)
def org_signal(name: str) -> bool:
    """A CamelCase word, an organisation word in a name of two words or more, or a public body's start."""
    folded = aligned_fold(name)
    return bool(_CAMEL.search(name) or (len(name.split()) > 1 and _ORG_WORD.search(folded))
                or folded.startswith(_PUBLIC_STARTS))


def has_org_word(text: str) -> bool:
    """An organisation word anywhere in the text ("Research Institute", "Hospital")."""
    return bool(_ORG_WORD.search(aligned_fold(text)))
