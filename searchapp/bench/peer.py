"""The bench's peer: SQLite FTS5 from the standard library, doing a results page's work.

Same records as our index (language, partners, regions, date, translation
group), a French and an English column pair with `unicode61 remove_diacritics 2`,
disjunctive facet counts by GROUP BY (entries counted once per translation
group, as ours are), ten hits by bm25 with `snippet()`.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from searchapp.index.querying import split_scopes
from searchapp.index.schema import date_bounds

FACET_LIMIT = 40
SCHEMA = """
CREATE VIRTUAL TABLE doc_fts USING fts5(title_fr, text_fr, title_en, text_en,
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, grp TEXT, lang TEXT, year TEXT,
    date_start INTEGER, date_end INTEGER, title TEXT, lead TEXT);
CREATE TABLE doc_partner(rowid INTEGER, value TEXT);
CREATE TABLE doc_region(rowid INTEGER, value TEXT);
"""
INDEXES = """
CREATE INDEX docs_year ON docs(year, rowid);
CREATE INDEX docs_lang ON docs(lang, rowid);
CREATE INDEX partner_value ON doc_partner(value, rowid);
CREATE INDEX partner_doc ON doc_partner(rowid);
CREATE INDEX region_value ON doc_region(value, rowid);
CREATE INDEX region_doc ON doc_region(rowid);
"""
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PeerResults:
    total: int
    hits: tuple[tuple[str, str, str], ...]          # (id, title, snippet)
    facets: Mapping[str, tuple[tuple[str, int], ...]]


class Fts5Peer:
    """An FTS5 database of the same releases, searched with the same requests."""

    def __init__(self, path: str | Path):
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.count = 0

    def build(self, records: Iterable[dict]) -> int:
        """Insert records (our stored records) and build the full-text index; returns the count."""
        self.create()
        self.insert(list(records))
        self.finish()
        return self.count

    def create(self) -> None:
        """The empty tables."""
        self.db.executescript(SCHEMA)
        self.count = 0

    def insert(self, records: list[dict]) -> None:
        """Add a batch of records."""
        with self.db:
            for record in records:
                self.count += 1
                self._insert(self.count, record)

    def finish(self) -> None:
        """The secondary indexes and a merged full-text index."""
        self.db.executescript(INDEXES)
        self.db.execute("INSERT INTO doc_fts(doc_fts) VALUES('optimize')")
        self.db.commit()

    def _insert(self, rowid: int, record: dict) -> None:
        family = "fr" if record["lang"] == "fr" else "en"
        text = "\n".join(list(record["body"]) + list(record["about"]))
        columns = {"title_fr": None, "text_fr": None, "title_en": None, "text_en": None,
                   f"title_{family}": record["title"], f"text_{family}": text}
        self.db.execute("INSERT INTO doc_fts(rowid, title_fr, text_fr, title_en, text_en) VALUES (?,?,?,?,?)",
                        (rowid, columns["title_fr"], columns["text_fr"], columns["title_en"], columns["text_en"]))
        start, end = date_bounds(record.get("date"))
        year = record["date"][:4] if record.get("date") else None
        self.db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)",
                        (rowid, record["id"], record.get("group") or record["id"], record["lang"], year,
                         start, end, record["title"], " ".join(record["body"])[:240]))
        self.db.executemany("INSERT INTO doc_partner VALUES (?,?)", [(rowid, p) for p in record["partners"]])
        self.db.executemany("INSERT INTO doc_region VALUES (?,?)", [(rowid, r) for r in record["regions"]])

    # ------------------------------------------------------------ search

    def search(self, request) -> PeerResults:
        """Total, disjunctive facets and one page of hits for a SearchRequest."""
        text, include, _ = split_scopes(request.query)
        match = fts_query(text)
        selected = {
            "partner": list(request.partners) + include.get("partner", []),
            "region": list(request.regions) + include.get("region", []),
            "lang": list(request.langs) + include.get("lang", []),
            "year": [str(y) for y in request.years] + include.get("year", []),
        }
        self.db.execute("DROP TABLE IF EXISTS temp.m")
        if match:
            self.db.execute("CREATE TEMP TABLE m AS SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?", (match,))
        else:
            self.db.execute("CREATE TEMP TABLE m AS SELECT rowid FROM docs")
        dates = self._date_clause(request)
        facets = {name: self._facet(name, selected, dates) for name in ("partner", "region", "year", "lang")}
        where, args = self._where(selected, None, dates)
        total = self.db.execute(f"SELECT COUNT(DISTINCT d.grp) FROM m JOIN docs d ON d.rowid = m.rowid {where}",
                                args).fetchone()[0]
        hits = self._hits(match, where, args, request) if total else ()
        return PeerResults(total, hits, facets)

    def _date_clause(self, request) -> tuple[str, list]:
        if not (request.date_from or request.date_to):
            return "", []
        lo = date_bounds(request.date_from)[0] if request.date_from else 0
        hi = date_bounds(request.date_to)[1] if request.date_to else 99999999
        return "d.date_end > 0 AND d.date_end >= ? AND d.date_start <= ?", [lo, hi]

    def _where(self, selected: dict, skip: str | None, dates: tuple[str, list]) -> tuple[str, list]:
        clauses, args = [], []
        for name, values in selected.items():
            if not values or name == skip:
                continue
            marks = ",".join("?" * len(values))
            if name in ("partner", "region"):
                clauses.append(f"d.rowid IN (SELECT rowid FROM doc_{name} WHERE value IN ({marks}))")
            else:
                clauses.append(f"d.{name} IN ({marks})")
            args += values
        if dates[0]:
            clauses.append(dates[0])
            args += dates[1]
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), args

    def _facet(self, name: str, selected: dict, dates) -> tuple[tuple[str, int], ...]:
        where, args = self._where(selected, name, dates)
        if name in ("partner", "region"):
            source = f"JOIN doc_{name} f ON f.rowid = d.rowid"
            column = "f.value"
        else:
            source, column = "", f"d.{name}"
        order = "1 DESC" if name == "year" else "2 DESC, 1"
        rows = self.db.execute(
            f"SELECT {column}, COUNT(DISTINCT d.grp) FROM m JOIN docs d ON d.rowid = m.rowid {source} "
            f"{where} {'AND' if where else 'WHERE'} {column} IS NOT NULL GROUP BY 1 ORDER BY {order} "
            f"LIMIT {FACET_LIMIT}", args).fetchall()
        return tuple(rows)

    def _hits(self, match: str | None, where: str, args: list, request) -> tuple[tuple[str, str, str], ...]:
        depth = 2 * request.page * request.per_page
        if match and request.sort != "date":
            rows = self.db.execute(
                "SELECT d.id, d.grp, d.title, snippet(doc_fts, -1, '<mark>', '</mark>', ' … ', 24) "
                f"FROM doc_fts JOIN docs d ON d.rowid = doc_fts.rowid "
                f"{where} {'AND' if where else 'WHERE'} doc_fts MATCH ? ORDER BY bm25(doc_fts) LIMIT {depth}",
                args + [match]).fetchall()
        else:
            rows = self.db.execute(
                f"SELECT d.id, d.grp, d.title, d.lead FROM m JOIN docs d ON d.rowid = m.rowid {where} "
                f"ORDER BY d.date_start DESC LIMIT {depth}", args).fetchall()
        page, seen = [], set()
        for release_id, group, title, snippet in rows:
            if group not in seen:
                seen.add(group)
                page.append((release_id, title, snippet))
        start = (request.page - 1) * request.per_page
        return tuple(page[start:start + request.per_page])

    def close(self) -> None:
        self.db.close()


def fts_query(text: str) -> str | None:
    """Our query syntax, as far as FTS5 has it: words and phrases ANDed, -word excluded, word* prefixes."""
    positive, negative = [], []
    for neg_phrase, phrase, neg_word, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                (negative if neg_phrase else positive).append('"' + " ".join(words) + '"')
            continue
        star = word.endswith("*")
        for part in _WORD.findall(word):
            if part.upper() in ("AND", "OR", "NOT"):
                continue
            (negative if neg_word else positive).append(f'"{part}"' + ("*" if star else ""))
    if not positive:
        return None
    return " ".join(positive) + "".join(f" NOT {n}" for n in negative)
