"""Person search (tra cứu nhân khẩu): accent- and tone-placement-insensitive, by name, ID, year, commune.

Each person row keeps `search_doc`: its folded name tokens followed by a birth-year token
(`y1990`), a province token (`p11`) and a commune token (`c4242`). The database's own full-text
index answers the query: SQLite FTS5 (an external-content table kept in step by triggers) or a
PostgreSQL GIN index over `to_tsvector('simple', search_doc)`. Scope and filters are index
tokens too, so a commune officer's search intersects posting lists instead of scanning the nation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection

from ansinh.core.text import fold

_ID_RE = re.compile(r"^\d{9,12}$")
_YEAR_RE = re.compile(r"^(19|20)\d{2}$")
_TOKEN_RE = re.compile(r"[a-z0-9]+")

MAX_NAME_TOKENS = 6


def search_doc(person) -> str:
    """The indexed document of a Person (saved or not): call whenever name, birth year or commune change."""
    return build_doc(
        name_folded=person.name_folded,
        birth_year=person.birth_year,
        province_code=person.province_code,
        commune_id=person.commune_id,
    )


def build_doc(*, name_folded: str, birth_year: int | None, province_code: str, commune_id: int) -> str:
    parts = [name_folded]
    if birth_year:
        parts.append(f"y{birth_year}")
    parts.append(f"p{province_code}")
    parts.append(f"c{commune_id}")
    return " ".join(parts)


@dataclass
class ParsedQuery:
    name_tokens: list[str] = field(default_factory=list)
    personal_id: str | None = None
    birth_year: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.name_tokens or self.personal_id or self.birth_year)


def parse(query: str) -> ParsedQuery:
    """Split what was typed into name tokens, a personal ID and a birth year."""
    parsed = ParsedQuery()
    for token in _TOKEN_RE.findall(fold(query or "")):
        if token.isdigit() and _ID_RE.match(token):
            parsed.personal_id = token
        elif token.isdigit() and _YEAR_RE.match(token):
            parsed.birth_year = int(token)
        elif token.isdigit():
            continue  # stray numbers (house numbers, partial IDs) carry no name information
        elif len(parsed.name_tokens) < MAX_NAME_TOKENS:
            parsed.name_tokens.append(token)
    return parsed


def match_ids_sql(
    *, name_tokens: list[str], scope_tokens: list[str], prefix_last: bool, limit: int
) -> tuple[str, list]:
    """SQL selecting up to `limit` person ids whose document holds every token.

    The last name token is matched as a prefix (search as you type) when `prefix_last`.
    """
    if connection.vendor == "sqlite":
        terms = [f'"{t}"' for t in name_tokens]
        if terms and prefix_last:
            terms[-1] += "*"
        terms += [f'"{t}"' for t in scope_tokens]
        sql = "SELECT rowid FROM registry_person_fts WHERE registry_person_fts MATCH %s LIMIT %s"
        return sql, [" AND ".join(terms), limit]
    terms = list(name_tokens)
    if terms and prefix_last:
        terms[-1] += ":*"
    terms += scope_tokens
    sql = (
        "SELECT id FROM registry_person "
        "WHERE to_tsvector('simple', search_doc) @@ to_tsquery('simple', %s) LIMIT %s"
    )
    return sql, [" & ".join(terms), limit]


SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS registry_person_fts USING fts5(
        search_doc, content='registry_person', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0", prefix='1 2 3', detail=none)""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_ai AFTER INSERT ON registry_person BEGIN
        INSERT INTO registry_person_fts(rowid, search_doc) VALUES (new.id, new.search_doc); END""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_ad AFTER DELETE ON registry_person BEGIN
        INSERT INTO registry_person_fts(registry_person_fts, rowid, search_doc)
        VALUES ('delete', old.id, old.search_doc); END""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_au AFTER UPDATE OF search_doc ON registry_person BEGIN
        INSERT INTO registry_person_fts(registry_person_fts, rowid, search_doc)
        VALUES ('delete', old.id, old.search_doc);
        INSERT INTO registry_person_fts(rowid, search_doc) VALUES (new.id, new.search_doc); END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS registry_person_fts_au",
    "DROP TRIGGER IF EXISTS registry_person_fts_ad",
    "DROP TRIGGER IF EXISTS registry_person_fts_ai",
    "DROP TABLE IF EXISTS registry_person_fts",
]
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS registry_person_search_gin "
    "ON registry_person USING gin (to_tsvector('simple', search_doc))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS registry_person_search_gin"]
