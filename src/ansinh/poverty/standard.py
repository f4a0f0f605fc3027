"""The multidimensional poverty standard (chuẩn nghèo đa chiều) as dated law, and the one classification.

The numbers ship in `data/standard.csv` (income lines, middle-living-standard bounds, the deprivation
count that makes a household poor) and the indicator lists in `data/indicators.csv`, each row with its
period, citation and confidence (the legend of `domain/RULES.md`; `reported` and `unconfirmed` are
provisional). They are read from the files, never from the database: a classification is a pure function
of the facts and the standard in force on the date the classification is for.

`on` is the date the classification applies to, not the day the household was surveyed: the review at
the end of 2021 classified households for 2022 under the 2022–2025 standard, so it asks for a 2022 date.

Standards held:
- 2022–2025 (Decree 07/2021/NĐ-CP, Art. 3), from 01/01/2022, continued through 31/12/2026 by Decree
  351/2025/NĐ-CP. Decree 07/2021 is in force from 15/03/2021 but kept the 2016–2020 standard (Decision
  59/2015/QĐ-TTg) for 2021; that standard is not held, so dates before 2022 are refused.
- 2027–2030 (Decree 351/2025/NĐ-CP): the income lines; the indicator list is the draft's (❓), so every
  result on it is provisional; the middle-living-standard bound is not published (❓), so an income above
  the line is "other", provisional, and never "middle".
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.core.errors import ApplicationError
from ansinh.core.money import format_vnd

DATA_DIR = Path(__file__).parent / "data"
STANDARD_FILE = DATA_DIR / "standard.csv"
INDICATORS_FILE = DATA_DIR / "indicators.csv"

AREAS = ("rural", "urban")
CLASSIFICATIONS = ("poor", "near_poor", "middle", "other")
PROVISIONAL = ("reported", "unconfirmed")
FACT_NAMES = ("on", "area", "income_per_capita", "deprived")
MAX_INCOME = 10**10  # đồng per person per month; anything above is a typing mistake, not a household

AREA_LABELS: dict[str, Promise] = {
    "rural": gettext_lazy("Rural"),
    "urban": gettext_lazy("Urban"),
}
CLASSIFICATION_LABELS: dict[str, Promise] = {
    "poor": gettext_lazy("Poor household"),
    "near_poor": gettext_lazy("Near-poor household"),
    "middle": gettext_lazy("Middle-living-standard household"),
    "other": gettext_lazy("Neither poor, near-poor nor middle-living-standard"),
}
DIMENSION_LABELS: dict[str, Promise] = {
    "employment": gettext_lazy("Employment"),
    "health": gettext_lazy("Health"),
    "education": gettext_lazy("Education"),
    "housing": gettext_lazy("Housing"),
    "water_sanitation": gettext_lazy("Domestic water and sanitation"),
    "water_sanitation_environment": gettext_lazy("Domestic water, sanitation and environment"),
    "information": gettext_lazy("Information"),
}
INDICATOR_LABELS: dict[str, Promise] = {
    "employment": gettext_lazy("Employment"),
    "dependants": gettext_lazy("Dependants in the household"),
    "nutrition": gettext_lazy("Nutrition"),
    "health_insurance": gettext_lazy("Health insurance"),
    "adult_education": gettext_lazy("Adult education level"),
    "school_attendance": gettext_lazy("Children's school attendance"),
    "housing_quality": gettext_lazy("Housing quality"),
    "floor_area": gettext_lazy("Floor area per person"),
    "water": gettext_lazy("Domestic water source"),
    "latrine": gettext_lazy("Hygienic latrine"),
    "telecom": gettext_lazy("Use of telecommunication services"),
    "information_access": gettext_lazy("Means of accessing information"),
    "digital_services": gettext_lazy("Use of telecommunication and digital services"),
    "waste": gettext_lazy("Household waste treatment"),
}
# When the household counts as deprived: the summary of domain/RULES.md §2.1 (❓ as a wording; the exact
# wording is the decree's annex and Circular 07/2021/TT-BLĐTBXH).
THRESHOLDS: dict[str, Promise] = {
    "employment": gettext_lazy(
        "At least one working-age member is unemployed, or works for a wage without a labour contract."
    ),
    "dependants": gettext_lazy("Dependants are more than half of the household's members."),
    "nutrition": gettext_lazy("A child under 16 is stunted or underweight."),
    "health_insurance": gettext_lazy("A member aged 6 or older has no health insurance."),
    "adult_education": gettext_lazy(
        "A member aged 16 to 30 lacks the training or qualification for the age."
    ),
    "school_attendance": gettext_lazy("A child aged 3 to under 16 is not at the school level for the age."),
    "housing_quality": gettext_lazy("The dwelling is not durable (makeshift or lacking solidity)."),
    "floor_area": gettext_lazy("Less than 8 m² of dwelling per person."),
    "water": gettext_lazy("The household has no clean water source."),
    "latrine": gettext_lazy("The household has no hygienic latrine."),
    "telecom": gettext_lazy("No member uses a telephone or internet service."),
    "information_access": gettext_lazy("No television, radio, computer or smartphone."),
    "digital_services": gettext_lazy(
        "No member uses telecommunication, internet or digital public services (draft wording)."
    ),
    "waste": gettext_lazy("Household waste is not collected or treated (draft; threshold not published)."),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PovertyInputError(ApplicationError):
    """Facts the standard cannot classify: malformed, unknown to the standard in force, or a date for which
    no standard is held. `code` is stable (`facts.unknown_indicator`), `message` is in the active
    language, `field` names the fact."""

    status = 422

    def __init__(self, code: str, message: Any, *, field: str) -> None:
        super().__init__(code, message, field=field)


# --- the law as data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LawRow:
    standard: str
    key: str
    valid_from: dt.date
    valid_to: dt.date
    value: int
    citation: str
    confidence: str
    note: str = ""

    @property
    def provisional(self) -> bool:
        return self.confidence in PROVISIONAL

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on <= self.valid_to


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    position: int
    citation: str
    confidence: str
    note: str = ""

    @property
    def label(self) -> str:
        return str(INDICATOR_LABELS[self.code])

    @property
    def dimension_label(self) -> str:
        return str(DIMENSION_LABELS[self.dimension])

    @property
    def threshold(self) -> str:
        return str(THRESHOLDS[self.code])

    @property
    def provisional(self) -> bool:
        return self.confidence in PROVISIONAL

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "dimension": self.dimension,
            "dimension_label": self.dimension_label,
            "label": self.label,
            "threshold": self.threshold,
            "citation": self.citation,
            "provisional": self.provisional,
        }


@dataclass(frozen=True)
class Standard:
    """The standard in force on one date: its rows for that date and its indicator list."""

    name: str
    on: dt.date
    rows: Mapping[str, LawRow]
    indicators: tuple[Indicator, ...]

    def row(self, key: str) -> LawRow | None:
        return self.rows.get(key)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.rows.values()) or any(i.provisional for i in self.indicators)


def _date(raw: str) -> dt.date:
    return dt.date.fromisoformat(raw.strip())


@cache
def law_rows() -> tuple[LawRow, ...]:
    """The packaged rows of `data/standard.csv` (sources in data/README.md)."""
    with STANDARD_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            LawRow(
                standard=rec["standard"].strip(),
                key=rec["key"].strip(),
                valid_from=_date(rec["valid_from"]),
                valid_to=_date(rec["valid_to"]),
                value=int(rec["value"]),
                citation=rec["citation"].strip(),
                confidence=rec["confidence"].strip(),
                note=(rec["note"] or "").strip(),
            )
            for rec in csv.DictReader(fh)
        )


@cache
def indicator_rows() -> dict[str, tuple[Indicator, ...]]:
    """Each standard's indicators in the order of the law, from `data/indicators.csv`."""
    out: dict[str, list[Indicator]] = {}
    with INDICATORS_FILE.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            out.setdefault(rec["standard"].strip(), []).append(
                Indicator(
                    code=rec["code"].strip(),
                    dimension=rec["dimension"].strip(),
                    position=int(rec["position"]),
                    citation=rec["citation"].strip(),
                    confidence=rec["confidence"].strip(),
                    note=(rec["note"] or "").strip(),
                )
            )
    return {name: tuple(sorted(items, key=lambda i: i.position)) for name, items in out.items()}


def held_period() -> tuple[dt.date, dt.date]:
    """The first and the last day some standard is held for."""
    rows = law_rows()
    return min(r.valid_from for r in rows), max(r.valid_to for r in rows)


DECREE_07_IN_FORCE = dt.date(2021, 3, 15)  # Decree 07/2021/NĐ-CP, in force 15/03/2021 (RULES §2.1 🟢)


def day(value: dt.date) -> str:
    """A date as written in the active language (dd/mm/yyyy in Vietnamese)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def standard_on(on: dt.date) -> Standard:
    """The standard in force on `on`; PovertyInputError (field `on`) when none is held for that date."""
    rows = {r.key: r for r in law_rows() if r.covers(on)}
    if not rows:
        first, last = held_period()
        if on > last:
            message = _("on: no poverty standard is held for dates after %(last)s.") % {"last": day(last)}
        elif on >= DECREE_07_IN_FORCE:
            message = _(
                "on: Decree 07/2021/NĐ-CP kept the 2016–2020 standard (Decision 59/2015/QĐ-TTg) for 2021; "
                "that standard is not held. Standards are held from %(first)s."
            ) % {"first": day(first)}
        else:
            message = _(
                "on: before %(in_force)s the 2016–2020 standard (Decision 59/2015/QĐ-TTg) applied; it is not "
                "held. Standards are held from %(first)s."
            ) % {"in_force": day(DECREE_07_IN_FORCE), "first": day(first)}
        raise PovertyInputError("facts.standard_not_held", message, field="on")
    names = {r.standard for r in rows.values()}
    assert len(names) == 1, f"two standards overlap on {on}: {sorted(names)}"
    name = names.pop()
    return Standard(name=name, on=on, rows=rows, indicators=indicator_rows()[name])


def INDICATORS_ON(on: dt.date) -> tuple[Indicator, ...]:
    """The indicator list of the standard in force on `on` (code, dimension, label, threshold, citation)."""
    return standard_on(on).indicators


# --- reading facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    on: dt.date
    area: str
    income_per_capita: int
    deprived: tuple[str, ...] = ()


def _problem(code: str, message: str, name: str) -> PovertyInputError:
    return PovertyInputError(f"facts.{code}", message, field=name)


def _read_on(data: Mapping[str, Any]) -> dt.date:
    raw = data.get("on")
    if raw is None or raw == "":
        raise _problem("missing", _("%(field)s: this fact is required.") % {"field": "on"}, "on")
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _problem("bad_date", _("%(field)s: must be a date written YYYY-MM-DD.") % {"field": "on"}, "on")


def _read_area(data: Mapping[str, Any]) -> str:
    raw = data.get("area")
    if raw is None or raw == "":
        raise _problem("missing", _("%(field)s: this fact is required.") % {"field": "area"}, "area")
    if raw not in AREAS:
        raise _problem(
            "unknown_area",
            _("area: %(value)s is not one of rural, urban.") % {"value": json.dumps(raw, ensure_ascii=False)},
            "area",
        )
    return str(raw)


def _read_income(data: Mapping[str, Any]) -> int:
    name = "income_per_capita"
    raw = data.get(name)
    if raw is None or raw == "":
        raise _problem("missing", _("%(field)s: this fact is required.") % {"field": name}, name)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _problem(
            "bad_number", _("%(field)s: must be a whole number of đồng per month.") % {"field": name}, name
        )
    if raw < 0:
        raise _problem("negative", _("%(field)s: must not be negative.") % {"field": name}, name)
    if raw > MAX_INCOME:
        raise _problem(
            "too_large",
            _("%(field)s: must be at most %(max)s per person per month.")
            % {"field": name, "max": format_vnd(MAX_INCOME)},
            name,
        )
    return raw


def _read_deprived(data: Mapping[str, Any], standard: Standard) -> tuple[str, ...]:
    name = "deprived"
    raw = data.get(name)
    if raw is None:
        return ()
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise _problem("bad_list", _("%(field)s: must be a list of indicator codes.") % {"field": name}, name)
    return check_codes(raw, standard)


def check_codes(codes: Sequence[Any], standard: Standard) -> tuple[str, ...]:
    """The deprived codes, each known to `standard` and given once; PovertyInputError naming the first
    that is not."""
    name = "deprived"
    seen: list[str] = []
    for code in codes:
        if not isinstance(code, str) or code not in standard.codes:
            raise _problem(
                "unknown_indicator",
                _("deprived: %(code)s is not an indicator of the %(standard)s standard (%(known)s).")
                % {
                    "code": json.dumps(code, ensure_ascii=False),
                    "standard": standard.name,
                    "known": ", ".join(standard.codes),
                },
                name,
            )
        if code in seen:
            raise _problem(
                "duplicate_indicator",
                _("deprived: %(code)s is given more than once.") % {"code": code},
                name,
            )
        seen.append(code)
    return tuple(seen)


def parse_facts(raw: Mapping[str, Any] | str) -> Facts:
    """Facts from a JSON object (or its text): `on` (YYYY-MM-DD, required), `area` (rural | urban),
    `income_per_capita` (whole đồng per person per month, ≥ 0), `deprived` (indicator codes of the standard
    in force on `on`, each once; absent means none). Anything else is refused, naming the fact."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise _problem("bad_json", _("The facts are not valid JSON."), "facts") from None
    if not isinstance(raw, Mapping):
        raise _problem("not_an_object", _("The facts must be a JSON object."), "facts")
    extra = sorted(str(k) for k in raw if k not in FACT_NAMES)
    if extra:
        raise _problem(
            "unknown_fact",
            _("%(field)s: this fact is not used by the poverty standard.") % {"field": extra[0]},
            extra[0],
        )
    on = _read_on(raw)
    area = _read_area(raw)
    income = _read_income(raw)
    standard = standard_on(on)
    return Facts(on=on, area=area, income_per_capita=income, deprived=_read_deprived(raw, standard))


# --- the classification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One step of the classification with the law behind it."""

    label: str
    basis: str

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "basis": self.basis}


@dataclass(frozen=True)
class Result:
    classification: str
    deprivations: int
    income_line: int
    middle_bound: int | None
    standard: str
    on: dt.date
    area: str
    income_per_capita: int
    deprived: tuple[str, ...]
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()
    provisional: bool = False
    citations: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return str(CLASSIFICATION_LABELS[self.classification])

    def as_dict(self) -> dict[str, Any]:
        return {
            "classification": self.classification,
            "label": self.label,
            "standard": self.standard,
            "on": self.on.isoformat(),
            "area": self.area,
            "income_per_capita": self.income_per_capita,
            "deprived": list(self.deprived),
            "deprivations": self.deprivations,
            "income_line": self.income_line,
            "middle_bound": self.middle_bound,
            "lines": [line.as_dict() for line in self.lines],
            "notes": list(self.notes),
            "provisional": self.provisional,
        }


def _basis(row: LawRow) -> str:
    if row.provisional:
        return _("%(citation)s (provisional)") % {"citation": row.citation}
    return row.citation


def classify(facts: Facts) -> Result:
    """Poor: income ≤ line and at least the poor count of deprivations (3); near-poor: income ≤ line and
    fewer (none included); middle: line < income ≤ the middle bound; otherwise other. Where the middle
    bound of the standard is not published, an income above the line is other, provisional, with a note."""
    standard = standard_on(facts.on)
    if facts.area not in AREAS:
        raise _problem(
            "unknown_area", _("area: %(value)s is not one of rural, urban.") % {"value": facts.area}, "area"
        )
    deprived = check_codes(facts.deprived, standard)
    line_row = standard.row(f"line.{facts.area}")
    count_row = standard.row("poor.min_deprivations")
    assert line_row is not None and count_row is not None, f"standard {standard.name} lacks a line"
    middle_row = standard.row(f"middle.{facts.area}")
    line, minimum, income, count = line_row.value, count_row.value, facts.income_per_capita, len(deprived)
    figures = {"income": format_vnd(income), "line": format_vnd(line), "count": count, "min": minimum}
    area = str(AREA_LABELS[facts.area]).lower()
    lines = [
        Line(
            _("Standard %(standard)s in force on %(on)s") % {"standard": standard.name, "on": day(facts.on)},
            _basis(line_row),
        ),
        Line(
            _("Poverty income line (%(area)s): %(line)s per person per month") % {**figures, "area": area},
            _basis(line_row),
        ),
    ]
    notes: list[str] = []
    provisional = standard.provisional
    middle_bound = middle_row.value if middle_row else None
    indicator_basis = standard.indicators[0].citation if standard.indicators else line_row.citation
    if income <= line:
        lines.append(
            Line(
                _("Income per capita %(income)s is at or below the line %(line)s") % figures, _basis(line_row)
            )
        )
        lines.append(
            Line(
                _("Deprived indicators: %(count)s of %(total)s (poor from %(min)s)")
                % {**figures, "total": len(standard.indicators)},
                _("%(citation)s (provisional)") % {"citation": indicator_basis}
                if any(i.provisional for i in standard.indicators)
                else indicator_basis,
            )
        )
        if count >= minimum:
            classification = "poor"
            lines.append(Line(_("%(count)s ≥ %(min)s: poor household") % figures, _basis(count_row)))
        else:
            classification = "near_poor"
            lines.append(Line(_("%(count)s < %(min)s: near-poor household") % figures, _basis(count_row)))
            if count == 0:
                notes.append(_("A household at or below the income line with no deprivation is near-poor."))
    elif middle_row is not None and middle_bound is not None:
        bound = {**figures, "bound": format_vnd(middle_bound)}
        lines.append(
            Line(_("Income per capita %(income)s is above the line %(line)s") % figures, _basis(line_row))
        )
        if income <= middle_bound:
            classification = "middle"
            lines.append(
                Line(
                    _("%(income)s is at or below %(bound)s: middle-living-standard household") % bound,
                    _basis(middle_row),
                )
            )
        else:
            classification = "other"
            lines.append(
                Line(
                    _("%(income)s is above %(bound)s: neither poor, near-poor nor middle-living-standard")
                    % bound,
                    _basis(middle_row),
                )
            )
        notes.append(_("Above the income line the deprivations do not change the classification."))
    else:
        classification = "other"
        provisional = True
        lines.append(
            Line(_("Income per capita %(income)s is above the line %(line)s") % figures, _basis(line_row))
        )
        notes.append(
            _(
                "The middle-living-standard bound of the %(standard)s standard is not published: whether the "
                "household is middle-living-standard cannot be decided until it is."
            )
            % {"standard": standard.name}
        )
    if any(i.provisional for i in standard.indicators):
        notes.append(
            _(
                "The indicator list of the %(standard)s standard is the draft's; the final list is not "
                "confirmed, so the result is provisional."
            )
            % {"standard": standard.name}
        )
    provisional = provisional or line_row.provisional or count_row.provisional
    citations = tuple(dict.fromkeys(r.citation for r in standard.rows.values()))
    return Result(
        classification=classification,
        deprivations=count,
        income_line=line,
        middle_bound=middle_bound,
        standard=standard.name,
        on=facts.on,
        area=facts.area,
        income_per_capita=income,
        deprived=deprived,
        lines=tuple(lines),
        notes=tuple(notes),
        provisional=provisional,
        citations=citations,
    )
