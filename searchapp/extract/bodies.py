"""Organisation names built around an organisation word, and governments named indirectly.

French-style names put the organisation word first and the name after "de"
("Administration portuaire de Montréal", "Fonds de solidarité FTQ", "Département de la
Vienne") or after adjectives ("Agence spatiale canadienne"). Governments are often named
without their name: "the provincial government" (of the province the release is about;
another province whose government the release names is the other party), "the federal
government", or through their premier ("Premier X of New Brunswick").
"""
from __future__ import annotations

import re

from searchapp.extract.gazetteer import Gazetteer, aligned_fold
from searchapp.extract.orgwords import LEGAL_FORM

# French-style names: an organisation word, up to two lower-case words, then "de" and a
# capitalised name or an acronym ("Administration portuaire de Montréal", "Consulat général
# de France", "Fonds de solidarité FTQ", "Département de la Vienne").
_HEAD_WORDS = (r"Administration|Universit[ée]|Minist[èe]re|D[ée]partement|Consulat|Fonds|Gouvernement|Ville|Agence"
               r"|Conseil|Commission|Office|Soci[ée]t[ée]|Institut|Centre|Chambre|Association|F[ée]d[ée]ration|Banque"
               r"|Caisse|R[ée]gie|Autorit[ée]|Port|Mouvement|Fondation|Secr[ée]tariat|Bureau|Mus[ée]e|H[ôo]pital"
               r"|Coll[èe]ge|[ÉE]cole|R[ée]seau|Alliance|Groupe|Municipalit[ée]|Communaut[ée]|Corporation|Compagnie"
               r"|Consortium|Laboratoire|Syndicat|Ordre|Conf[ée]d[ée]ration|Direction|Service|Coop[ée]rative"
               r"|Mutuelle|Fiducie|Union|Comit[ée]|Clinique|Regroupement|P[ôo]le|Grappe|R[ée]gion|Soci[ée]t[ée]s"
               r"|Entreprises|Industries|Laboratoires|Technologies|Th[ée]rapeutiques|Services|Ressources|Mines"
               r"|Chantiers?|Fromagerie|Brasserie|Ateliers?|Usine|Scierie|Papeterie|Imprimerie|Distillerie|Cabinet"
               r"|Meubles|Technop[ôo]le|D[ée]l[ée]gation|Ambassade|Gestion|A[ée]roport|Orchestre|Th[ée][âa]tre|C[ée]gep"
               r"|Observatoire|Carrefour|Collectif|Table|Station|Parc|Biblioth[èe]que|D[ée]veloppement|[ÉE]nergies?")
_LOWER = r"[a-zà-ÿ][a-zà-ÿ'’-]+"
_CAP = r"[A-ZÀ-Ý][\w'’.-]*"
# An organisation word and its adjectives ("Agence spatiale canadienne", "Société canadienne du cancer").
_ADJECTIVE = (r"(?!(?:dans|sans|avant|pendant|devant|durant|selon|sous|mais|plus|moins|tous|tout|toutes|leurs|nos|vos"
              r"|ses|ces|des|les|aux|pour|par|sur|avec|entre|chez|vers)\b)[a-zà-ÿ-]+(?:ale|ales|aux|aire|aires|ienne|ien|iens|iennes|ique|iques|ais|aise|oise|ois|elle|el"
              r"|ive|if|ière|ier|ée|é|ionale|ional|an|ane|éen|éenne|ain|aine|able|ible)s?")
_OF = r"(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])"
# What follows the capitalised part: one adjective ("... de la Péninsule acadienne").
_TAIL = rf"(?:\s+(?!(?:qui|est|sont|ont|a)\b){_ADJECTIVE}(?=[\s,.;:)]|$))?"
_HEADED = re.compile(
    rf"((?:{_HEAD_WORDS})(?:\s+(?!(?:de|du|des|et|en|a|à|pour|qui|sur|est|sont|a|ont)\b)"
    rf"{_LOWER}){{0,2}}\s+{_OF}(?:(?!(?:et|and|en|pour|qui)\b){_LOWER}(?:\s+{_ADJECTIVE})?(?:\s+en\s+{_LOWER})?\s+{_OF})?(?:(?:{_LOWER}\s+){{0,2}}[A-ZÀ-Ý]{{2,}}\b(?:\s+{_CAP})*"
    rf"|(?:(?!(?:et|and|en|pour|qui|avec|dans|sur|par)\b){_LOWER}\s+)?{_CAP}(?:\s+(?:{_CAP}|(?:de\s+la|de|du|des)(?=\s+{_CAP})|d['’]{_CAP}))*{_TAIL}"
    rf"(?:\s+(?:de|d['’])\s*(?!(?:et|and)\b){_LOWER}\s+{_OF}{_CAP}(?:[ -]{_CAP})*)?))")   # "... de l'Institut de cardiologie des X"
# ... and a lower-case complement, itself followed by a capitalised one ("Centre franco-ontarien
# d'innovation agroalimentaire", "Autorité régionale de transport de la Capitale").
# "pour la médecine", "sur la découverte", "en thérapie cellulaire" (not "en collaboration avec").
_FOR = (r"(?:pour\s+la\s+|pour\s+le\s+|pour\s+l['’]|pour\s+les\s+|sur\s+la\s+|sur\s+le\s+|sur\s+l['’]"
        r"|sur\s+les\s+|en\s+(?!(?:partenariat|collaboration|cours|plus|vertu|tant|fait|effet|raison|date|faveur"
        r"|particulier|mati[èe]re|place|vue|lien|ligne|outre|avec|vigueur|bref|somme|attendant)\b))")
_COMPLEMENT = (rf"\s+(?:{_OF}|{_FOR})\s*(?:{_CAP}(?:\s+{_CAP})*|(?!(?:son|sa|ses|leur|leurs|une?|ce|cet|cette|ces|notre|nos"
               rf"|votre|vos|tous|toutes?|tout)\b){_LOWER}(?:\s+{_ADJECTIVE})?)(?=[\s,.;:)]|$)")
_HEADED_ADJECTIVE = re.compile(rf"((?:{_HEAD_WORDS})(?:(?:\s+{_ADJECTIVE}){{1,2}}\b(?:{_COMPLEMENT}){{0,3}}"
                               rf"|\s+{_OF}{_LOWER}(?:\s+{_ADJECTIVE})?(?=[\s,.;:)]|$)(?:{_COMPLEMENT}){{1,2}}))")
# ... or lower-case complements only: "Consortium de recherche en oncologie pédiatrique"
# An organisation word, lower-case words, then a capitalised name: "Chemin de fer Roberval-Saguenay",
# "Produits forestiers Chibougamau-Nord", "Coopérative Fribourg Circulaire".
_HEADED_NAMED = re.compile(
    rf"((?:{_HEAD_WORDS}|Chemin de fer|Produits|Construction|Transports?|Industries)"
    rf"(?:\s+{_ADJECTIVE}s?\b){{0,2}}"
    rf"\s+{_CAP}(?:[ -]{_CAP}|\s+(?:de|du|des|de\s+la)\s+{_CAP})*)")
# A government's office in a city: "Délégation du Québec à Boston", "Consulat général de France à Québec".
_HEADED_AT = re.compile(rf"((?:Consulat|Ambassade|D[ée]l[ée]gation|Bureau|Maison|Universit[ée])(?:\s+g[ée]n[ée]rale?)?"
                        rf"\s+(?:du|de\s+la|de\s+l['’]|de|des)\s*{_CAP}(?:[ -]{_CAP})*\s+[àa]\s+{_CAP}(?:-{_CAP})*)")
_ANY_HEAD = re.compile(rf"(?:{_HEAD_WORDS}|Chemin de fer|Produits|Construction|Transports?|Industries)\s")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’])(?!(?:Le|La|Les|The|Au|Aux|Du|Des|De|Et|And|À|A|Un|Une|Avec|With|Par|By"
                                 r"|Pour|For|Chez|Selon)\s)[A-ZÀ-Ý][\w'’-]*\s+(?:(?:of|of the|de|du|de la)\s+)?$")
_LEGAL_ONLY = re.compile(LEGAL_FORM, re.IGNORECASE)
_NAME_START = re.compile(r"(?:^|[^\w'’]|(?:^|[^\w'’])[LlDd]['’])$")
_AFTER_ARTICLE = re.compile(r"\b(?:le|la|du|au) $")
_GOVERNMENT = re.compile(r"\b(?:[Tt]he (?:provincial|federal) government|[Ll]e gouvernement (?:provincial|f[ée]d[ée]ral)"
                         r"|^Province(?= \w)|[Tt]he Province\b|[Ll]a Province\b)\b")
# "Premier Jane Roe signed": a premier named without a province is the home province's.
_PREMIER_NAMED = re.compile(r"\b(?:Premier|Première ministre|Premier ministre|premier ministre|première ministre)"
                            r"\s+(?:[A-ZÀ-Ý][\w'’-]+\s+){1,2}?[A-ZÀ-Ý][\w'’-]+")
# The same with a lower-case public-body word after an article ("avec le département de la Vienne").
_HEADED_LOWER = re.compile(
    rf"((?:d[ée]partement|minist[èe]re|consulat|conseil|ville|municipalit[ée]|agence|canton"
    rf"|commission|administration|universit[ée])(?:\s+{_LOWER})?\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])"
    rf"{_CAP}(?:\s+(?:{_CAP}|(?:de|du|des)(?=\s+{_CAP})))*)")
_PREMIER_OF = re.compile(r"\b(?:premier|premiere|premier ministre|premiere ministre|governor|gouverneur\w*)"
                         r"(?: [a-z.'’-]+){0,3} (?:of|du|de la|de l['’]|de|des)\s*$")
# "Premier Tech Ltd", "Premier League": a name, not a premier.
_NOT_A_PERSON = re.compile(r"\b(?:Tech\w*|Ltd|Lt[ée]e|Inc|Corp\w*|Group\w*|Groupe|League|Ligue|Cup|Coupe|Club|Energy"
                           r"|Foods?|Brands?|Industries|Solutions|Systems|Sports?|Homes?|Inn|H[ôo]tel\w*|Properties"
                           r"|Health|Sant[ée]|Capital|Partners|Services|Products|Produits|Marques?)\b")
_MAYOR_OF = re.compile(r"\b(?:[Mm]ayor|[Mm]aire|[Mm]airesse)\s+(?:of|de|du|d['’])\s*"
                       r"(?P<city>[A-ZÀ-Ý][\w'’]+(?:-[\w'’]+)*)(?![\w-])")
PLACE_GOVERNMENT = re.compile(r"(?:['’]s)?\s+[Gg]overnment\b(?!\s+[A-ZÀ-Ý])")   # not "Quebec Government Office"
MONEY = (r"(?:investment|contribution|funding|financing|grant|loan|support|investissement|financement|aide"
         r"|subvention|pret)s?")       # the nouns of public money, folded
GOVERNMENT_NAME = re.compile(r"(?:the\s+|le\s+)?(?:Government|Gouvernement)\b", re.IGNORECASE)
# "a federal investment", "une contribution financière fédérale": the government whose money it is.
_PUBLIC_MONEY = re.compile(rf"\b(?P<level>federal|provincial)\s+{MONEY}\b"
                           rf"|\b{MONEY}(?:\s+financieres?)?\s+(?P<niveau>federale?s?|provinciale?s?)\b")
_GOVERNMENTS_OF = re.compile(r"\bgovernments of (?:the )?")
_OF_PLACE = re.compile(r"\s*,?\s*(?:of|du|de la|de l['’]|de|des)\s")
_GOVERNMENT_OF = re.compile(r"(?:government of(?: the)?|gouvernement (?:du|de la|de l['’]|des|de))\s*$")
_TRAILING_PUNCTUATION = re.compile(r"(?:['’]s|[,'’\-]|(?<!\b\w)\.)+$")


def office_spans(text: str) -> list[tuple[int, int]]:
    """Where a government's office in a city is named ("Délégation du Québec à Boston"): the
    places inside are the office's name."""
    return [m.span(1) for m in _HEADED_AT.finditer(text)]


def headed_names(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names built around an organisation word."""
    found = []
    if not _ANY_HEAD.search(sentence) and not _HEADED_LOWER.search(sentence):
        return found                     # most sentences: one scan instead of four
    # Each pattern starts with its organisation word (scanned fast); what may stand before it
    # is checked here: a word's start, or an elided article ("l'Université").
    for headed, before in ((_HEADED_AT, _NAME_START), (_HEADED, _NAME_START), (_HEADED_ADJECTIVE, _NAME_START),
                           (_HEADED_NAMED, _NAME_START),
                           (_HEADED_LOWER, _AFTER_ARTICLE)):
        for m in headed.finditer(sentence):
            name = _TRAILING_PUNCTUATION.sub("", m.group(1))
            if headed is _HEADED_NAMED and (_CAPITALISED_BEFORE.search(sentence, max(0, m.start() - 40), m.start())
                                            or _LEGAL_ONLY.fullmatch(name.split(None, 1)[-1])):
                continue                 # "Medisynk Technologies Inc.": an English name, its last word
            if name and before.search(sentence, max(0, m.start() - 4), m.start()):
                found.append((m.start(1), m.start(1) + len(name), name[0].upper() + name[1:]))
    # The longest reading of a name first ("Coopérative agroalimentaire Val-Nord", not its first two words).
    return sorted(found, key=lambda f: (f[0], f[0] - f[1]))


DATELINE_WEIGHT = 2          # the dateline's province counts as two mentions of the lead


class HomeProvince:
    """The province a release is about, worked out once and only when asked."""

    def __init__(self, lead: str, gazetteer: Gazetteer, dateline: str = ""):
        self.lead, self.gazetteer, self.dateline = lead[:5000], gazetteer, dateline
        self._province: str | None = None

    def government(self) -> str | None:
        if self._province is None:
            counts: dict[str, int] = {}
            named: set[str] = set()
            issued = self.gazetteer.region_matcher.find(self.dateline) + self.gazetteer.code_matcher.find(self.dateline)
            for mention in issued or self.gazetteer.city_matcher().find(self.dateline):
                if self.gazetteer.regions[mention.value].kind == "province":   # where it was issued
                    counts[mention.value] = counts.get(mention.value, 0) + DATELINE_WEIGHT
            for mention in self.gazetteer.region_matcher.find(self.lead):
                if self.gazetteer.regions[mention.value].kind == "province":
                    counts[mention.value] = counts.get(mention.value, 0) + 1
                    if _GOVERNMENT_OF.search(aligned_fold(self.lead[max(0, mention.start - 25):mention.start])):
                        named.add(mention.value)
            counts = {k: v for k, v in counts.items() if k not in named} or counts
            self._province = max(counts, key=counts.get) if counts else ""
        return f"Government of {self.gazetteer.regions[self._province].en}" if self._province else None


# "Canada and Manitoba sign", "The governments of Canada and Manitoba have signed", "Ontario
# Premier X and Quebec Premier Y signed", "Le Québec et l'Ontario concluent": the jurisdictions.
_PREMIER_AFTER = r"(?P<premier>\s+(?i:premiers?)(?:\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})?)?"
_JURISDICTION_JOIN = re.compile(rf"^{_PREMIER_AFTER}\s+(?:and|et|&)\s+(?:(?:le|la|l['’]|of|du|de\s+la|de\s+l['’])\s*)?$")
_JURISDICTION_BEFORE = re.compile(r"(?:^|(?:governments|gouvernements)\s+(?:of|du|de\s+la|de\s+l['’]|des)\s*"
                                  r"|^\s*(?:the|le|la|l['’]|les)\s*)$")
# What jurisdictions do together, as verb stems in both languages ("Canada and Manitoba sign", "invest").
_JOINT_VERB = (r"sign|renew|agree|conclu|renouvel|reach|launch|announc|annonc|lanc|partner|invest|financ|fund|provid"
               r"|contribut|accord|octroi|support|appui|soutien|soutient|grant")
_JURISDICTION_VERB = re.compile(rf"^{_PREMIER_AFTER}(?:\s+(?:and|et)\s+(?:the|la|le|l['’])\s*[^,.;]{{2,60}}?)?"   # "et la Ville de X"
                                rf"\s+(?i:today\s+|aujourd['’]hui\s+|have\s+|has\s+|ont\s+|will\s+|are\s+|is\s+)?"
                                rf"(?i:{_JOINT_VERB}|s['’]entend|s['’]associ|s['’]engag|sont)")


_LONE_JURISDICTION = re.compile(rf"^\s*(?:(?:the|le|la|l['’])\s*)?[\w'’. -]{{2,30}}?\s+(?:{_JOINT_VERB})")
_JURISDICTION_CUE = re.compile(rf"\b(?:and|et|&)\b.{{0,150}}?(?:{_JOINT_VERB}|entend|associ|engag)", re.DOTALL)


def _jurisdictions(sentence: str, view: str, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Two provinces, states or countries that open a sentence, joined, before an agreement
    verb: their governments are the parties."""
    lone = _LONE_JURISDICTION.match(view)
    if not lone and not _JURISDICTION_CUE.search(view, 0, 240):
        return []
    mentions = [m for m in gazetteer.region_matcher.find(sentence[:160])
                if gazetteer.regions[m.value].kind in ("province", "state", "country")]
    for first, second in zip(mentions, mentions[1:]):
        join = _JURISDICTION_JOIN.match(sentence[first.end:second.start])
        verb = _JURISDICTION_VERB.match(sentence[second.end:second.end + 80])
        if join and verb and first.value != second.value and _JURISDICTION_BEFORE.search(view[:first.start]):
            ends = (first.end + len(join.group("premier") or ""), second.end + len(verb.group("premier") or ""))
            return [(m.start, end, f"Government of {gazetteer.regions[m.value].en}")
                    for m, end in zip((first, second), ends)]
    if lone and mentions and _JURISDICTION_BEFORE.search(view[:mentions[0].start]) \
            and _JURISDICTION_VERB.match(sentence[mentions[0].end:mentions[0].end + 80]):
        first = mentions[0]                # "Quebec invests $4.2 million", "Ontario Supports ...": its government
        return [(first.start, first.end, f"Government of {gazetteer.regions[first.value].en}")]
    return []


def _province_before(sentence: str, at: int, gazetteer: Gazetteer) -> tuple[int, str] | None:
    """(start, "Government of X") of a province or state named right before `at`, or None."""
    window = sentence[max(0, at - 40):at]
    for mention in reversed(gazetteer.region_matcher.find(window)):
        if gazetteer.regions[mention.value].kind in ("province", "state") and \
                re.fullmatch(r"(?:['’]s)?\s*", window[mention.end:]):
            return max(0, at - 40) + mention.start, f"Government of {gazetteer.regions[mention.value].en}"
    return None


def public_bodies(sentence: str, home: HomeProvince) -> list[tuple[int, int, str]]:
    """(start, end, "Government of X") for governments a sentence names without their name."""
    view = aligned_fold(sentence)
    found = _jurisdictions(sentence, view, home.gazetteer)     # first: they win over what overlaps them
    for match in _GOVERNMENT.finditer(sentence):
        name = "Government of Canada" if "feder" in aligned_fold(match.group()) else home.government()
        if name:
            found.append((match.start(), match.end(), name))
    for m in _PREMIER_NAMED.finditer(sentence):
        if _OF_PLACE.match(view, m.end()) or _NOT_A_PERSON.search(m.group()):
            continue
        province = _province_before(sentence, m.start(), home.gazetteer)     # "Quebec Premier X"
        if province is not None:
            found.append((province[0], m.end(), province[1]))
        elif home.government():
            found.append((m.start(), m.end(), home.government()))
    if "feder" in view or "provincial" in view:     # "a federal investment of $18 million": Ottawa's money
        for m in _PUBLIC_MONEY.finditer(view):
            level = "level" if m.group("level") else "niveau"
            name = "Government of Canada" if m.group(level).startswith("feder") else home.government()
            if name:
                found.append((m.start(level), m.end(level), name))
    if "mayor" in view or "maire" in view:     # "the Mayor of Victoriaville": the city
        for m in _MAYOR_OF.finditer(sentence):
            found.append((m.start(), m.end(), f"City of {m.group('city')}"))
    if "governments of" in view:              # "Governments of Canada and New Brunswick": each government
        gazetteer = home.gazetteer
        for m in _GOVERNMENTS_OF.finditer(view):
            text, end = sentence[m.end():m.end() + 80], 0
            for mention in gazetteer.region_matcher.find(text):
                if not re.fullmatch(r"(?:,\s*|\s*,?\s*and\s+(?:of\s+)?(?:the\s+)?)?", text[end:mention.start]) \
                        or gazetteer.regions[mention.value].kind not in ("province", "state", "country"):
                    break                        # only the jurisdictions listed right after "of"
                found.append((m.end() + mention.start, m.end() + mention.end,
                              f"Government of {gazetteer.regions[mention.value].en}"))
                end = mention.end
    if " government" in view:                 # "the Ontario government", "Quebec's government"
        gazetteer = home.gazetteer
        for mention in gazetteer.region_matcher.find(sentence):
            after = PLACE_GOVERNMENT.match(sentence, mention.end)
            if after and gazetteer.regions[mention.value].kind in ("province", "state", "country"):
                found.append((mention.start, after.end(), f"Government of {gazetteer.regions[mention.value].en}"))
    if "premier" in view or "governor" in view or "gouverneur" in view:
        gazetteer = home.gazetteer
        for mention in gazetteer.region_matcher.find(sentence):
            if gazetteer.regions[mention.value].kind not in ("province", "state"):
                continue
            premier = _PREMIER_OF.search(view, max(0, mention.start - 40), mention.start)
            if premier:                       # the whole "Premier X of Y" stands for the government
                found.append((premier.start(), mention.end, f"Government of {gazetteer.regions[mention.value].en}"))
    return found
