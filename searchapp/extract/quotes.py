"""Quotations and their speakers, in French and English press-release conventions.

The work is done in two passes over a release's paragraphs: `_find_spans` locates every
quotation (« », “ ”, straight quotes; nested guillemets; quotations continued over several
paragraphs), then each span is attributed from its surroundings: the incise after it
(`», affirme X, PDG de Y`, `," said X`), the lead-in before it (`X, CEO of Y, said: "`),
an attribution line after it (`– X, PDG de Y`), a lead-in paragraph (`the following statement
from its CEO, X.`), an incise inside it, or the previous speaker (`ajoute-t-elle`, `she added`).
Quotations nobody is credited with are not returned.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from searchapp.text.patterns import grouped_alternatives
from searchapp.extract.people import (Speaker, canonical_person, full_name, last_sentence, leading_name, parse_speaker,
                     sentence_end)
from searchapp.text.repair import repair_typography

__all__ = ["Quote", "extract_quotes", "canonical_person"]

MIN_WORDS = 3
MAX_CONTINUED_PARAGRAPHS = 8
_ATTRIBUTION_LINE_WORDS = 40
_CONTINUATION_CHARS = 600
_BARE_ATTRIBUTION_MIN_WORDS = 8
_NEIGHBOURS = 4                   # quotations a speaker carries over to
_CONTEXT_CHARS = 500             # attributions sit next to their quotation
# Bounds that keep the work linear in the text, whatever it holds (unclosed quotation marks,
# thousands of quotations in one paragraph): each look-up reads a bounded window.
_INCISE_CHARS = 300              # `…, déclare X, Directeur de Y. …`: the speaker phrase after the verb
_NAME_THEN_VERB_CHARS = 200      # `," X, CEO of Y, said`: the name and title before the verb
_SURNAME_LOOKUPS = 16            # surnames resolved to a full name per release (each reads the release)


@dataclass(frozen=True)
class Quote:
    """One quotation with the person it is credited to."""
    text: str
    speaker: str
    speaker_as_written: str
    title: str | None
    organisation: str | None
    paragraph: int


def _alternatives(words: str) -> str:
    """The forms as alternatives, longest first (grouped by first letter: three times faster
    on the verb pattern); é also matches e, and a space any run of white space."""
    return grouped_alternatives(words.split("|"), pattern=_form_pattern,
                                group_of=lambda form: form[0].lower().replace("é", "e"))


def _form_pattern(text: str) -> str:
    return re.escape(text).replace("é", "[ée]").replace(r"\ ", r"\s+")


_FR_PRESENT = _alternatives(
    "affirme|déclare|souligne|explique|ajoute|indique|précise|mentionne|commente|estime|soutient|"
    "rappelle|conclut|poursuit|lance|confie|assure|note|signale|observe|insiste|renchérit|témoigne|"
    "confirme|dit|raconte|résume|remarque|fait valoir|fait remarquer|fait savoir|se réjouit|constate|"
    "reconnaît|illustre|relève|enchaîne|martèle|avance|déclarait|affirmait|soulignait|ajoutait|"
    "affirment|déclarent|soulignent|expliquent|ajoutent|indiquent|précisent|estiment|concluent")
_FR_PARTICIPLE = _alternatives(
    "déclaré|affirmé|souligné|expliqué|ajouté|indiqué|précisé|mentionné|commenté|estimé|soutenu|"
    "rappelé|conclu|poursuivi|lancé|confié|assuré|noté|signalé|observé|insisté|renchéri|témoigné|"
    "confirmé|dit|raconté|résumé|remarqué|fait valoir|fait remarquer|fait savoir|reconnu|relevé|"
    "constaté")
_FR_INFINITIVE = _alternatives(  # Quebec usage: « … », de dire X / d'ajouter X
    "dire|déclarer|affirmer|souligner|expliquer|ajouter|indiquer|préciser|mentionner|commenter|"
    "rappeler|conclure|poursuivre|lancer|noter|signaler|renchérir|confier|insister")
_EN_VERB = _alternatives(
    "said|says|say|stated|states|declared|declares|added|adds|explained|explains|noted|notes|"
    "commented|comments|claimed|claims|remarked|remarks|observed|observes|continued|continues|"
    "concluded|concludes|emphasized|emphasised|emphasizes|emphasises|stressed|stresses|highlighted|"
    "highlights|affirmed|affirms|confirmed|confirms|shared|shares|told|pointed out|points out|"
    "underlined|underlines|insisted|insists|acknowledged|acknowledges|recalled|recalls|wrote|writes|"
    "reflected|summarized|summarised|mentioned|mentions|indicated|indicates|echoed|agreed|agrees|"
    "replied|responded|asserted|asserts|maintained|maintains|according to")
_PRONOUN = r"(?:il|elle|ils|elles|he|she|they|we)"
_FR_COMPOUND = rf"(?:a|ont|avait)(?:-t-{_PRONOUN})?\s+(?:[a-zà-ÿ']+\s+){{0,3}}?(?:{_FR_PARTICIPLE})"
_VERB = (rf"(?i:{_FR_COMPOUND}|(?:de\s+|d['’])(?:{_FR_INFINITIVE})|(?:{_FR_PRESENT})|(?:{_EN_VERB}))"
         r"(?![\w-])")
_VERB_RE = re.compile(rf"(?<![\w-]){_VERB}")
# `," said X, Vice-President at Y` / `», a déclaré X, maire de Y`: where a speaker's name and title begin.
SPEAKER_AFTER_QUOTE = re.compile(rf"[”»\"]\s*[,.]?\s*(?:{_VERB})\s")
_PRONOUN_AFTER = re.compile(rf"^[\s,.]*(?:(?i:a-t-(?:il|elle)|(?:{_FR_PRESENT})-(?:t-)?{_PRONOUN})\b"
                            rf"|(?i:{_PRONOUN})\s+(?:{_VERB}))")
_VERB_AFTER = re.compile(rf"^[\s,.]*(?:{_VERB})\s+")
_SURNAME = r"[A-ZÀ-Þ][\w'’-]+"
_SURNAME_AFTER = re.compile(rf"^[\s,.]*(?:(?P<a>{_SURNAME})\s+(?:{_VERB})"
                            rf"|(?:{_VERB})\s+(?P<b>{_SURNAME})[\s.,;]*$)")
_NAME_THEN_VERB = re.compile(rf"^[\s,.]*(?P<who>[^,.;]+?(?:,[^,.;]+,)?)\s+(?:{_VERB})\b")
_DASH = re.compile(r"^\s*[–—-]+\s*")
_STATEMENT_FROM = re.compile(
    r"(?i:statement|déclaration|message|comments?|commentaires?)\s+(?i:from|by|de|d['’])\s+")
_LEADING_WORDS = re.compile(r"^(?i:as|comme|selon|according to|pour sa part|quant à (?:lui|elle))\s*,?\s+")
_TRAILING_WORDS = re.compile(r"\s+(?i:recently|also|aussi|notamment|then|alors|simply)$")

_FAMILY = {"«": "g", "“": "d", '"': "d"}
# A straight quote opens after a space (or a bracket, a dash, a colon...) and before a word.
# The pattern starts with the marks themselves, so that it is searched for rather than
# tried at every character (its look-behind reads the character before the quote).
_OPENER = re.compile(r'[«“"](?:(?<=[«“])|(?<![^\s(\[—–:;-]")(?=\S))')


@dataclass
class _Span:
    start: tuple[int, int]                 # paragraph, offset of the opening mark
    end: tuple[int, int] | None            # paragraph, offset after the closing mark (None: unclosed)
    parts: list[tuple[int, int, int]]      # (paragraph, from, to) of the quoted text
    text: str = ""
    speaker: Speaker | None = None
    pronoun: bool = False
    pieces: tuple[str, ...] = ()


def extract_quotes(paragraphs: Sequence[str], lang: str) -> tuple[Quote, ...]:
    """Every credited quotation of the paragraphs, in text order.

    `paragraph` in each Quote indexes `paragraphs`. Both languages' conventions are recognised
    whatever `lang` says (French releases quote in English and the reverse); `lang` is the
    release's language, taken for symmetry with the other extractors.
    """
    paras = [repair_typography(p) for p in paragraphs]
    spans = _find_spans(paras)
    names = _FullNames(paras)
    for k, span in enumerate(spans):
        span.text = _clean(" ".join(paras[p][a:b] for p, a, b in span.parts))
        _attribute(paras, spans, k, names)
    quotes: list[Quote] = []
    for k, span in enumerate(spans):
        speaker = span.speaker = span.speaker or _inherited(spans, k)
        if speaker is None:
            continue
        for piece in span.pieces or (span.text,):
            if len(piece.split()) >= MIN_WORDS:
                quotes.append(Quote(piece, canonical_person(speaker.name), speaker.name,
                                    speaker.title, speaker.organisation, span.start[0]))
    return tuple(quotes)


# ------------------------------------------------------------------ spans

def _next_opener(text: str, pos: int) -> int | None:
    match = _OPENER.search(text, pos)
    return match.start() if match else None


def _find_spans(paras: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    p, pos = 0, 0
    while p < len(paras):
        k = _next_opener(paras[p], pos)
        if k is None:
            p, pos = p + 1, 0
            continue
        span = _read_quote(paras, p, k)
        spans.append(span)
        p, pos = span.end if span.end else (span.parts[-1][0] + 1, 0)
    return spans


_INNER_MARKS = {"g": re.compile("[«»]"), "d": re.compile('[”"]')}   # marks that nest or close


def _read_quote(paras: list[str], p0: int, k0: int) -> _Span:
    family, depth = _FAMILY[paras[p0][k0]], 1
    marks = _INNER_MARKS[family]
    parts: list[tuple[int, int, int]] = []
    p, seg = p0, k0 + 1
    while True:
        text = paras[p]
        for mark in marks.finditer(text, seg):
            depth = depth + 1 if mark.group() == "«" else depth - 1 if family == "g" else 0
            if depth == 0:
                parts.append((p, seg, mark.start()))
                return _Span((p0, k0), (p, mark.end()), parts)
        parts.append((p, seg, len(text)))
        if (p + 1 >= len(paras) or p - p0 >= MAX_CONTINUED_PARAGRAPHS
                or not _continues(paras[p + 1], family, depth)):
            return _Span((p0, k0), None, parts)
        p += 1
        lead = len(paras[p]) - len(paras[p].lstrip())
        reopened = paras[p][lead:lead + 1] in ("«" if family == "g" else '“"')
        seg, depth = (lead + 1, 1) if reopened else (lead, depth)


def _continues(nxt: str, family: str, depth: int) -> bool:
    """The next paragraph goes on with an open quotation: it reopens it, or closes it first."""
    stripped = nxt.lstrip()
    if stripped[:1] in ("«" if family == "g" else '“"'):
        return True
    for k, ch in enumerate(stripped[:_CONTINUATION_CHARS]):
        if family == "d" and ch in '“”"':
            return ch != "“"
        if family == "g" and ch in "«»":
            depth += 1 if ch == "«" else -1
            if depth == 0:
                return True
    return False


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,")


# ------------------------------------------------------------------ attribution

def _context(paras: list[str], spans: list[_Span], k: int) -> tuple[str, str]:
    """Text before the opening mark and after the closing mark, within their paragraphs."""
    span = spans[k]
    p0, o0 = span.start
    prev = spans[k - 1] if k else None
    begin = prev.end[1] if prev and prev.end and prev.end[0] == p0 else 0
    before = paras[p0][max(begin, o0 - _CONTEXT_CHARS):o0]
    if span.end is None:
        return before, ""
    p1, c1 = span.end
    nxt = spans[k + 1] if k + 1 < len(spans) else None
    stop = nxt.start[1] if nxt and nxt.start[0] == p1 else len(paras[p1])
    return before, paras[p1][c1:min(stop, c1 + _CONTEXT_CHARS)]


class _FullNames:
    """Surnames resolved to a full name written elsewhere in the release, each once, and at most
    _SURNAME_LOOKUPS of them (each look-up reads the whole release)."""

    def __init__(self, paras: list[str]):
        self.paras, self.found = paras, {}

    def __call__(self, surname: str) -> Speaker | None:
        if surname not in self.found:
            if len(self.found) >= _SURNAME_LOOKUPS:
                return None
            self.found[surname] = full_name(surname, self.paras)
        return self.found[surname]


def _attribute(paras: list[str], spans: list[_Span], k: int, names: _FullNames) -> None:
    span = spans[k]
    before, after = _context(paras, spans, k)
    if after.lstrip()[:1] in (".", "!", "?"):
        after = ""  # the sentence ends with the quotation: what follows is not its incise
    if _PRONOUN_AFTER.match(after):
        span.pronoun = True
        return
    span.speaker = (_from_after(after, names, span.text) or _from_lead_in(before)
                    or _from_next_line(paras, span, after) or _from_previous_paragraph(paras, span, before))
    if span.speaker is None:
        _split_incise(span)


def _from_after(after: str, names: _FullNames, quote: str) -> Speaker | None:
    """`», affirme X, PDG de Y` / `," said Org CEO X` / `," X said` / `” X, Minister of ...`."""
    verb = _VERB_AFTER.match(after)
    if verb:
        return parse_speaker(after[verb.end():])
    named = _NAME_THEN_VERB.match(after[:_NAME_THEN_VERB_CHARS])
    if named and (speaker := parse_speaker(named.group("who"))):
        return speaker
    surname = _SURNAME_AFTER.match(after)
    if surname:
        return names(surname.group("a") or surname.group("b"))
    rest = _DASH.sub("", after.lstrip(" ,."))
    if (len(quote.split()) >= _BARE_ATTRIBUTION_MIN_WORDS and rest and leading_name(rest.split(",")[0])
            and sentence_end(rest) >= len(rest.rstrip(" ."))):
        return parse_speaker(rest)  # `economy.” Deron Bilous, Minister of ...` (no verb)
    return None


def _from_lead_in(before: str) -> Speaker | None:
    """`X, CEO of Y, said: "` / `Le PDG de Y, X, a déclaré : «` / `X a souligné ceci. « …`."""
    lead = last_sentence(before)
    if not lead.endswith((":", ",", ".")):
        return None
    lead = _LEADING_WORDS.sub("", lead.rstrip(" :,"))
    verb = _VERB_RE.search(lead)
    if lead.endswith(".") and not verb:
        return None  # a sentence before the quotation that says nothing about speaking
    subject = _TRAILING_WORDS.sub("", (lead[:verb.start()] if verb else lead).strip(" ,"))
    if lead.endswith(".") and leading_name(subject.split(",")[0]) is None:
        return None
    return parse_speaker(subject)


def _from_next_line(paras: list[str], span: _Span, after: str) -> Speaker | None:
    """An attribution line after the quotation: `– Jason Field, PDG de Life Sciences Ontario`."""
    last = span.parts[-1][0]
    if after.strip(" .,") or last + 1 >= len(paras):
        return None
    line = paras[last + 1].strip()
    if len(line) > _ATTRIBUTION_LINE_WORDS * 25:
        return None                       # longer than any attribution line: not read further
    dashed = bool(_DASH.match(line))
    line = _DASH.sub("", line)
    if len(line.split()) > _ATTRIBUTION_LINE_WORDS or re.search("[«“\"]", line):
        return None
    if not dashed and line.endswith("."):
        return None  # a sentence, not an attribution line
    if leading_name(line.split(",")[0].strip(" .")) is None:
        return None
    return parse_speaker(line)


def _from_previous_paragraph(paras: list[str], span: _Span, before: str) -> Speaker | None:
    """A paragraph introducing the quotation: `... the following statement from its CEO, X.`."""
    p0 = span.start[0]
    if before.strip() or p0 == 0:
        return None
    lead = last_sentence(paras[p0 - 1][-_CONTEXT_CHARS:])
    statement = _STATEMENT_FROM.search(lead)
    if statement:
        return parse_speaker(lead[statement.end():])
    return _from_lead_in(lead) if lead.endswith(":") else None


def _inherited(spans: list[_Span], k: int) -> Speaker | None:
    """A pronoun's referent, or the speaker of a neighbouring quotation in the same paragraph."""
    before = range(k - 1, max(-1, k - 1 - _NEIGHBOURS), -1)
    if spans[k].pronoun:
        return next((spans[j].speaker for j in before if spans[j].speaker), None)
    para = spans[k].start[0]
    for j in [*before, *range(k + 1, min(len(spans), k + 1 + _NEIGHBOURS))]:
        if spans[j].start[0] == para and spans[j].end and spans[j].end[0] == para and spans[j].speaker:
            return spans[j].speaker
    return None


def _split_incise(span: _Span) -> None:
    """Credit X with a quotation holding an incise (`« …, déclare X, Directeur de Y. … »`)."""
    text = span.text
    for verb in _VERB_RE.finditer(text):
        if verb.start() == 0 or text[verb.start() - 1] not in " ,":
            continue
        window = text[verb.end():verb.end() + _INCISE_CHARS]      # the speaker phrase is short
        if not window.lstrip()[:1].isupper():
            continue                      # the phrase must start with the name (checked below)
        end = verb.end() + sentence_end(window)
        speaker = parse_speaker(text[verb.end():end])
        if speaker and window.lstrip().startswith(speaker.name.split()[0]):
            span.speaker = speaker
            span.pieces = tuple(p for p in (_clean(text[:verb.start()]), _clean(text[end + 1:])) if p)
            return
