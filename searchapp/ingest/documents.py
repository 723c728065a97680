"""Read one press-release file into a Release record.

This is the only module that knows the file format: an optional header token
(` date 2024-06`, ` lang fr`) at the start of line 1, then either a headline or
the dateline and first paragraph, paragraphs separated by blank lines, "About"
sections and distribution boilerplate at the end.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from searchapp.ingest.contacts import CONTACT_HEADINGS
from searchapp.ingest.files import UnreadableFile, read_regular_file
from searchapp.text.partialdates import parse_partial_date
from searchapp.text.repair import repair_typography

MAX_FILE_BYTES = 5 * 1024 * 1024
TITLE_MAX_CHARS = 140


@dataclass(frozen=True)
class Dateline:
    city: str
    wire: str | None
    text: str


@dataclass(frozen=True)
class Release:
    path: str
    checksum: str
    encoding: str
    header: Mapping[str, str]
    headline: str | None
    dateline: Dateline | None
    body: tuple[str, ...]
    about: tuple[str, ...]
    trailer: tuple[str, ...]
    title: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.body + self.about


class InvalidRelease(Exception):
    """A file that cannot be indexed; `reason` says why in plain words."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# ---------------------------------------------------------------- decoding

_WESTERN_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]


def decode_bytes(raw: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding); UTF-8 first, then a detected Western encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", path), "utf-8-sig"
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):   # before UTF-16: the same first bytes
        return _strict(raw, "utf-32", path), "utf-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", path), "utf-16"
    if b"\x00" in raw:
        raise InvalidRelease(path, "not a text file (contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=_WESTERN_ENCODINGS).best()
    if best is None:
        raise InvalidRelease(path, "not UTF-8 and no text encoding could be detected")
    return str(best), best.encoding


# Control characters (form feeds, escapes, C1 codes from mis-saved files) mean nothing in a
# release and are not allowed in XML (the Atom feed): they become spaces.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _strict(raw: bytes, encoding: str, path: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidRelease(path, f"invalid {encoding} text ({error.reason})") from None


# ---------------------------------------------------------------- header

_HEADER_TOKEN = re.compile(r"^\s*(date|lang)[ \t]+(\S+)[ \t]*", re.IGNORECASE)
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


def split_header(first_line: str, path: str) -> tuple[dict[str, str], str]:
    """Consume ` date X` / ` lang Y` tokens; return (header, rest of the line)."""
    header: dict[str, str] = {}
    rest = first_line
    while True:
        match = _HEADER_TOKEN.match(rest)
        if not match:
            break
        key, value = match.group(1).lower(), match.group(2)
        if key == "date":
            if not re.match(r"^\d{4}", value):
                break  # prose that starts with the word "date"
            iso = parse_partial_date(value)
            if iso is None:
                raise InvalidRelease(path, f"impossible date in header: {value}")
            header["date"] = iso
        else:
            code = value.lower()
            if not _LANG_CODE.match(code):
                raise InvalidRelease(path, f"invalid language code in header: {value}")
            header["lang"] = code
        rest = rest[match.end():]
    return header, rest.strip()


# ---------------------------------------------------------------- datelines

_SEP = r"\s*(?:-{1,2}|–|—)\s*"
_CITY = r"(?P<city>[A-ZÀ-Ý][^\n]{0,90}?)"
_DAY_MONTH_YEAR = r"\d{1,2}(?:er|st|nd|rd|th)?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}"
_MONTH_DAY_YEAR = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
_NUMERIC_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"      # 28.11.2023, 2023-11-28
_DATE = rf"(?P<date>(?:le\s+)?(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC_DATE}))"
_DATELINES = (
    # BOSTON--(BUSINESS WIRE)--  /  MONTRÉAL, CANADA--(Marketwired - 30 avril 2014) -
    re.compile(rf"^{_CITY}{_SEP}\((?P<wire>[A-Za-z][^)]{{1,40}})\){_SEP}"),
    # MONTRÉAL, le 3 juin 2024 /CNW/ -   TORONTO, March 3, 2024 (GLOBE NEWSWIRE) --
    re.compile(rf"^{_CITY},\s+{_DATE}\.?\s*(?:/\s*(?P<wire>[A-Za-z][\w .&-]{{1,30}}?)\s*/"
               rf"|\((?P<wire2>[A-Za-z][\w .&-]{{1,30}})\))?(?:{_SEP}|\s*:\s*|(?<=\.)\s+)"),
    # TORONTO, ON (March 3, 2024) –   Edmonton, AB – 3 March, 2024 –
    re.compile(rf"^{_CITY}(?:\s*\(\s*|{_SEP}){_DATE}\s*\)?{_SEP}"),
    # FREDERICTON (GNB) –   a government's wire code
    re.compile(r"^(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,30})\s*\((?P<wire>[A-Z]{2,6})\)\s*(?:--|–|—|-)\s+(?=\S)"),
    # TORONTO — This week ...
    re.compile(rf"^(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{{2,30}}(?:,\s*[A-Z][A-Za-z.]{{1,10}})?)\s+(?:--|–|—)\s+(?=[A-ZÀ-Ý])"),
)
# "14 mars 2023", "May 14, 2024, 07:00 ET", "07.03.2023": a date line over the headline
_DATE_ONLY = re.compile(rf"^(?:(?:le\s+)?{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})\.?"
                        r"(?:,?\s+(?:à\s+)?\d{1,2}[:h]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?$")
_KIND_WORD = re.compile(r"(?i)advisory|avis|statement|d[ée]claration|backgrounder|information|speech|discours|notice")
_SPACED_MENU = re.compile(r"^[A-ZÀ-Ý][\w'’-]*(?: {2,}[A-ZÀ-Ý][\w'’-]*){3,}$")
_SITE_SECTION = re.compile(r"(?i)^[^\n|]{2,60}\|\s*(?:newsroom|news|salle de presse|nouvelles|actualit[ée]s"
                           r"|communiqu[ée]s?|press releases?|m[ée]dias?)\s*$")
_MENU_LINE = re.compile(r"\s\|\s.*\s\|\s")       # "Accueil | Le port | Nouvelles"
_CRUMBS = re.compile(r"\s[›>]\s|\s/\s.*\s/\s")     # "Home > Agency > News", "Home / Newsroom / ..."
# "Home / Newsroom / Acme welcomes ...": a breadcrumb run into the headline's line
_CRUMB_PREFIX = re.compile(r"^(?:[^/|›>\n]{1,25}\s[/|›>]\s){2,}(?=\S)")
_PROVIDED = re.compile(r"(?i)^(?:news provided by|nouvelles fournies par)\s*(?:\n|$)")   # the wire's box
_SOME_DATE = re.compile(r"\d{4}")          # "Communiqué de presse – avril 2024": a label with its date
_FROM = re.compile(r"(?i)(?:from|de)\s*:")
_LABEL_ONLY = re.compile(r"(?i)^(?:(?:news release|press release|media release|news|nouvelles?|communiqu[ée](?: de presse)?"
                         r"|news provided by|nouvelles fournies par|aller au contenu(?: principal)?|skip to (?:main )?content"
                         r"|for immediate release|pour diffusion imm[ée]diate)(?:\s*[-–—:|]\s*[^\n]{0,60})?"
                         r"|(?:from|de)\s*:\s*[^\n]{2,80}"       # "From: Natural Resources Canada": who issued it
                         r"|[^\n]{0,40}\s[›»>]\s[^\n]{0,80}"     # "Accueil › Salle de presse": a breadcrumb
                         r"|search|rechercher|menu|share(?: this article)?|partager(?: cet article)?|print|imprimer|accueil|home)$")


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Separate a leading dateline (city, wire) from the first paragraph."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if match and match.end() < len(paragraph):
            groups = match.groupdict()
            wire = groups.get("wire") or groups.get("wire2")
            dateline = Dateline(
                city=match.group("city").strip(" ,"),
                wire=_wire_name(wire) if wire else None,
                text=match.group(0).strip(),
            )
            return dateline, paragraph[match.end():].strip()
    return None, paragraph


def _wire_name(wire: str) -> str:
    wire = re.split(r"\s+-\s+", wire.strip())[0]
    return wire.title() if wire.isupper() and len(wire) > 4 else wire


# ---------------------------------------------------------------- structure

_ABOUT_HEADING = re.compile(r"^(?:à|a)\s+propos\s+(?:de|d[’'])|^about\s+[^\s|›»>/•]", re.IGNORECASE)   # not a menu
_TRAILER_START = re.compile(
    rf"^(?:communiqué envoyé|source\s*:|{CONTACT_HEADINGS}|-\s*30\s*-|#{{3}}|view source version)", re.IGNORECASE)
_TIMESTAMP = re.compile(r"^\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}\s+(?:à|at)\s+\d{1,2}[:h]\d{2}", re.IGNORECASE)


def split_sections(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split paragraphs into (body, about, trailer)."""
    trailer_at = len(paragraphs)
    for i, para in enumerate(paragraphs):
        if i > 0 and (_TRAILER_START.match(para) or _TIMESTAMP.match(para)):
            trailer_at = i
            break
    main, trailer = paragraphs[:trailer_at], paragraphs[trailer_at:]
    about_at = len(main)
    for i in range(1, len(main)):
        if _is_about_heading(main, i):
            about_at = i
            break
    return main[:about_at], main[about_at:], trailer


def _is_about_heading(paragraphs: list[str], i: int) -> bool:
    para = paragraphs[i]
    if len(para) > 90 or para.endswith((".", ":", "!", "?")):
        return False
    if _ABOUT_HEADING.match(para):
        return True
    # A bare organisation name used as a heading, followed by its description.
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
    return len(para.split()) <= 6 and nxt.startswith(para + " ")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: lines, with hard-wrapped lines of one paragraph joined again."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in (l.strip() for l in block.split("\n")):
            if not line:
                continue
            if current and _continues(current, line):
                current += " " + line
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """A wrapped line: the previous one stops mid-sentence and this one goes on in lower case."""
    return len(previous) >= 40 and not previous.endswith((".", "!", "?", ":", "»", "”", '"')) \
        and line[:1].islower()


_HEADLINE_END = (".", ";", ",")


def _is_label_paragraph(paragraph: str) -> bool:
    """A page label before the headline: "News release", "From: X", a date, a breadcrumb."""
    return bool(_DATE_ONLY.match(paragraph) or _LABEL_ONLY.match(paragraph) or _MENU_LINE.search(paragraph)
                or _PROVIDED.match(paragraph) and len(paragraph) < 160
                or len(paragraph) < 20 and " | " in paragraph                      # "FR | EN"
                or len(paragraph) < 120 and _SPACED_MENU.search(paragraph)       # "Products   Services   Careers"
                or _SITE_SECTION.search(paragraph))                               # "Acme Rail | Newsroom"


def _is_menu(paragraph: str) -> bool:
    """A site's menu or breadcrumb: "Accueil | Science | Nouvelles", "Products   Services   Careers",
    "Home > Agency > News"."""
    return bool(_MENU_LINE.search(paragraph) or len(paragraph) < 120 and (_SPACED_MENU.search(paragraph)
                                                                          or _CRUMBS.search(paragraph)))


def _provided_by(labels: list[str], paragraphs: list[str]) -> bool:
    """The issuer's name a wire's "NEWS PROVIDED BY" box puts on the line after its label."""
    return bool(labels) and bool(_PROVIDED.match(labels[-1])) and len(paragraphs[0]) < 80


def _is_banner(paragraphs: list[str]) -> bool:
    """The issuer's name over its headline ("Développement économique Canada pour les régions du
    Québec"): a short line that the release names again further on, before a headline."""
    first = paragraphs[0]
    return len(paragraphs) > 2 and len(first) < 80 and "\n" not in first and not first.endswith(_HEADLINE_END) \
        and looks_like_headline(paragraphs[1]) and len(paragraphs[1]) > len(first) \
        and any(first in later and len(later) > len(first) + 20 for later in paragraphs[2:])


def _is_site_name(paragraph: str, following: str) -> bool:
    """After a label, the site's or issuer's name ("Infrastructure Canada", "CENTRE HOSPITALIER
    X") when another label or a longer headline follows it."""
    words = paragraph.split()
    if len(paragraph) >= 80 or "\n" in paragraph or paragraph.endswith(_HEADLINE_END) or _KIND_WORD.search(paragraph):
        return False              # "MEDIA ADVISORY" names the release's kind: it stays where types read it
    if (_is_label_paragraph(following) or _MENU_LINE.search(following)) and not _FROM.match(following) \
            and not (_DATE_ONLY.match(following) and len(words) > 6):
        return True               # "From: Agency" or a date may follow a headline, not a site's name
    return (paragraph.isupper() or len(words) <= 3 and all(w[:1].isupper() for w in words)) \
        and looks_like_headline(following) and len(following.split()) > len(words) + 2


def looks_like_headline(line: str) -> bool:
    """A short line without sentence punctuation at its end and no dateline."""
    if not line or len(line) > 250 or line.endswith(_HEADLINE_END):
        return False
    return split_dateline(line)[0] is None


_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ0-9)»”\"][.!?])\s+(?=[«“\"A-ZÀ-Ý])")


def make_title(headline: str | None, body: list[str]) -> str:
    """The headline, else the first sentence of the body cut at a sensible length."""
    if headline:
        return _cut(headline)
    for para in body:
        sentence = _SENTENCE_END.split(para, maxsplit=1)[0].strip()
        if sentence:
            return _cut(sentence.rstrip("."))
    return ""


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


# ---------------------------------------------------------------- loading

def read_bytes(path: str) -> bytes:
    """Read a regular release file without ever blocking (see files); InvalidRelease otherwise."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as error:
        raise InvalidRelease(path, error.reason) from None


def load_release(path: str | os.PathLike) -> Release:
    """Read and parse one release file; raises InvalidRelease with a reason."""
    path = os.fspath(path)
    raw = read_bytes(path)
    return parse_release(raw, path)


def parse_release(raw: bytes, path: str) -> Release:
    """Parse the raw bytes of a release file."""
    if not raw.strip():
        raise InvalidRelease(path, "empty file")
    text, encoding = decode_bytes(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = repair_typography(_CONTROL_CHARS.sub(" ", text))
    first_line, _, rest = text.partition("\n")
    header, first_line = split_header(first_line, path)
    paragraphs = split_paragraphs(first_line + "\n" + rest)
    if not paragraphs:
        raise InvalidRelease(path, "no text after the header" if header else "empty file")
    leading_dates = []
    while len(paragraphs) > 1 and (_is_label_paragraph(paragraphs[0]) or (leading_dates or paragraphs[0].isupper())
                                   and _is_site_name(paragraphs[0], paragraphs[1])
                                   or _is_site_name(paragraphs[0], paragraphs[1]) and _is_menu(paragraphs[1])
                                   or not leading_dates and _is_banner(paragraphs)
                                   or _provided_by(leading_dates, paragraphs)):
        leading_dates.append(paragraphs.pop(0))        # "14 mars 2023", "News release": not the headline
    crumbs = _CRUMB_PREFIX.match(paragraphs[0])
    if crumbs and len(paragraphs) > 1 and looks_like_headline(paragraphs[0][crumbs.end():]):
        leading_dates.append(crumbs.group().strip())
        paragraphs[0] = paragraphs[0][crumbs.end():]
    headline = None
    if len(paragraphs) > 1 and looks_like_headline(paragraphs[0]):
        headline = paragraphs.pop(0)
        dated = []                   # "14 novembre 2022" stays where dates are read; the dateline follows it
        while len(paragraphs) > 1 and (_DATE_ONLY.match(paragraphs[0]) or _LABEL_ONLY.match(paragraphs[0])
                                       or not re.search(r"\w", paragraphs[0]) or _provided_by(leading_dates, paragraphs)):
            label = paragraphs.pop(0)    # "- - -", "NEWS PROVIDED BY": furniture
            (dated if _DATE_ONLY.match(label) or _SOME_DATE.search(label) else leading_dates).append(label)
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
        paragraphs[:0] = dated
    else:
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
    body, about, trailer = split_sections(paragraphs)
    if not body:
        body, about = about, []
    return Release(
        path=path,
        checksum=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        header=MappingProxyType(header),
        headline=headline,
        dateline=dateline,
        body=tuple(body),
        about=tuple(about),
        trailer=tuple(leading_dates + trailer),
        title=make_title(headline, body),
    )
