"""Classifications of the labour module: occupations (VSCO 2020 / ISCO-08), job-title synonyms, VSIC.

The packaged files in `labour/data/` are the source; the tables `Occupation`, `OccupationSynonym`
and `Industry` are a copy for joins and reports, written by `reference.loader.load_labour_reference()`
(run after every migrate and by `ansinh load-labour-reference`; idempotent). Validation and free-text mapping
read the files (cached per process), so they work the same before and after a load.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ansinh.core.text import accent_key, normalize, search_key

UNIT_GROUP_LEVEL = 4
INDUSTRY_VERSIONS = ("2018", "2025")
CURRENT_INDUSTRY_VERSION = "2025"  # Decision 36/2025/QĐ-TTg, in force from 15/11/2025


@dataclass(frozen=True)
class OccupationRow:
    code: str
    name: str
    name_en: str
    provisional: bool

    @property
    def level(self) -> int:
        return len(self.code)

    @property
    def parent_code(self) -> str:
        return self.code[:-1]


@dataclass(frozen=True)
class IndustryRow:
    version: str
    code: str
    name: str
    name_en: str
    provisional: bool


def read_tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("ansinh.labour").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def occupations() -> dict[str, OccupationRow]:
    """Code → group, levels 1–4 (level 1 names from RULES.md §9.1; levels 2–4 provisional)."""
    return {
        row["code"]: OccupationRow(
            code=row["code"], name=row["name"], name_en=row["name_en"], provisional=len(row["code"]) > 1
        )
        for row in read_tsv("occupations.tsv")
    }


def occupation(code: str) -> OccupationRow | None:
    return occupations().get(code)


def is_unit_group(code: str) -> bool:
    """A 4-digit unit group: what seekers and vacancies are coded with."""
    return len(code) == UNIT_GROUP_LEVEL and code in occupations()


def occupation_label(code: str) -> str:
    row = occupations().get(code)
    return f"{code} {row.name}" if row else code


@cache
def synonyms() -> list[tuple[str, str]]:
    """(term, unit-group code) pairs of the synonym list."""
    return [(normalize(row["term"]), row["code"]) for row in read_tsv("occupation_synonyms.tsv")]


@cache
def industries() -> dict[tuple[str, str], IndustryRow]:
    """(version, code) → VSIC section."""
    raw = json.loads(resources.files("ansinh.labour").joinpath("data", "industries.json").read_text("utf-8"))
    out = {}
    for version, block in raw["versions"].items():
        for code, name, name_en in block["sections"]:
            out[version, code] = IndustryRow(version, code, name, name_en, block["provisional"])
    return out


def industry_choices(version: str = CURRENT_INDUSTRY_VERSION) -> list[tuple[str, str]]:
    return [(row.code, f"{row.code} – {row.name}") for (v, _c), row in industries().items() if v == version]


# --- free text → occupation codes ------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationMatch:
    code: str
    term: str  # the title found in the text
    words: int  # its length in words: longer titles are more specific
    exact_accents: bool  # found with the same diacritics as typed, not only after folding
    from_synonyms: bool = True  # a title from the synonym list (else a part of a group's own name)


@cache
def _synonym_index() -> dict[str, list[tuple[str, str, bool]]]:
    """Folded term → [(accented term, code, from the synonym list)], from the synonym list and every unit
    group's own name. Folding merges some words (toán/toàn), so the accented form is kept for ranking."""
    terms = [(term, code, True) for term, code in synonyms()]
    terms += [(row.name, row.code, False) for row in occupations().values() if row.level == UNIT_GROUP_LEVEL]
    index: dict[str, list[tuple[str, str, bool]]] = {}
    seen: set[tuple[str, str]] = set()
    for term, code, listed in terms:
        for part in _name_parts(term):
            accented = accent_key(part)
            if (accented, code) not in seen:
                seen.add((accented, code))
                index.setdefault(search_key(part), []).append((accented, code, listed))
    return index


def _name_parts(term: str) -> list[str]:
    """A group name like "Kế toán viên, kiểm toán viên" also answers to each comma-separated part of two
    words or more (a lone "bản" from "Trưởng thôn, bản" would catch every "bán hàng")."""
    parts = [term.split("(")[0].strip()]
    if "," in term:
        parts += [p.split("(")[0].strip() for p in term.split(",") if len(p.split()) >= 2]
    return [p for p in parts if p]


_MAX_WORDS = 8


def map_occupation(text: str, *, limit: int = 5) -> list[OccupationMatch]:
    """Occupation codes a free-text job title names, best first.

    Longest-match lookup of the title's word n-grams in the synonym index, on folded keys; among equally
    long matches, one with the same diacritics as typed ranks first ("kế toán" over an unaccented
    homograph). A 4-digit code typed as such is taken as it is.
    """
    stripped = (text or "").strip()
    if is_unit_group(stripped):
        return [OccupationMatch(stripped, stripped, 1, True)]
    folded_words = _words(search_key(stripped))
    accented_words = _words(accent_key(stripped))
    if len(folded_words) != len(accented_words):  # punctuation folded differently: rank on folded only
        accented_words = folded_words
    index = _synonym_index()
    found: dict[str, OccupationMatch] = {}
    for size in range(min(_MAX_WORDS, len(folded_words)), 0, -1):
        for start in range(len(folded_words) - size + 1):
            key = " ".join(folded_words[start : start + size])
            accented = " ".join(accented_words[start : start + size])
            for term_accented, code, listed in index.get(key, []):
                match = OccupationMatch(code, term_accented, size, term_accented == accented, listed)
                best = found.get(code)
                if best is None or _rank(match) < _rank(best):
                    found[code] = match
    ranked = sorted(found.values(), key=_rank)
    return ranked[:limit]


def _rank(match: OccupationMatch) -> tuple[int, bool, bool, str]:
    return (-match.words, not match.exact_accents, not match.from_synonyms, match.code)


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()
