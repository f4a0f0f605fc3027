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

from ansinh.core.text import normalize

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
