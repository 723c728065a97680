"""Stop words of each language: explicit lists, reviewed for words that carry meaning here.

Started from the Snowball lists Lucene uses (French: articles, pronouns,
prepositions, conjunctions and the forms of "être" and "avoir"; English:
Lucene's list plus pronouns and auxiliaries), then reviewed for press
releases. Left out on purpose, because they are words people search for:

- French ``or`` (gold: "médaille d'or", "mine d'or"; Lucene's list lacks it too),
  ``car`` (CAR-T cell therapy; also absent from Lucene's list), ``été`` (summer),
  the lone elided letters l d j m n s c ("vitamine D", "série C").
- English ``i`` ("Phase I" trials), ``us`` (U.S.), ``who`` (WHO), ``may`` (the month).

Two words are stop words in lower case but kept as written: French ``Est``
(the region, "l'Est du Québec", "Montréal-Est"; the verb is rarely capitalised
inside a sentence) and English ``IT`` (information technology).
"""
from __future__ import annotations

from searchapp.text.folding import strip_accents

_FRENCH = """
le la les un une des du de au aux ce cet cette ces
mon ton son ma ta sa mes tes ses notre votre nos vos leur leurs
quel quelle quels quelles tout toute tous toutes
je me moi tu te t toi il elle ils elles on nous vous lui eux se soi y en
qui que qu quoi dont où lequel laquelle lesquels lesquelles auquel auxquels
auxquelles duquel desquels desquelles celui celle ceux celles ceci cela ça
à avec chez dans par pour sans sous sur vers entre
et ou mais donc ni si comme lorsque lorsqu puisque puisqu quoique quoiqu
jusque jusqu quand ne pas même
suis es est sommes êtes sont serai seras sera serons serez seront serais serait
serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes
furent sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent
étant étante étants étantes étée étées
a ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait
aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent
aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
ayant ayante ayantes ayants eu eue eues eus
""".split()

# Stop words are checked before folding, so "été" (summer) is kept while "était" is not;
# the accent-less spelling of each accented word is added for a query typed without
# accents ("meme"), except two-letter ones ("ca" is also an abbreviation).
FRENCH_STOP_WORDS = frozenset(_FRENCH) | {strip_accents(w) for w in _FRENCH if len(w) > 2}

ENGLISH_STOP_WORDS = frozenset("""
a an and are as at be but by for if in into is it no not of on or such that the
their then there these they this to was will with
me my we our ours you your yours he him his she her hers its them theirs
what which whom those am were been being have has had having do does did
from than so too very can would should could also
""".split())

# Words kept when written exactly so, though their lower-case form is a stop word.
KEPT_AS_WRITTEN = {"fr": frozenset({"Est"}), "en": frozenset({"IT"})}

STOP_WORDS = {"fr": FRENCH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}


def stop_words(lang: str) -> frozenset[str]:
    """The stop list of a language ('fr', 'en'); empty for any other."""
    return STOP_WORDS.get(lang, frozenset())


def is_stop_word(word: str, lang: str) -> bool:
    """True when the word, as written, is a stop word of the language."""
    return word.lower() in stop_words(lang) and word not in KEPT_AS_WRITTEN.get(lang, ())
