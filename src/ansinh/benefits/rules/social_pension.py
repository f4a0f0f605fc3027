"""The social pension (trợ cấp hưu trí xã hội), Law on Social Insurance 41/2024/QH15 and
Decree 176/2025/NĐ-CP, in force from 01/07/2025.

Eligible: aged 75 or over, or 70 to under 75 in a poor or near-poor household, with no monthly
pension or social-insurance benefit or one lower than the social pension (RULES §1.3 🟢). The
amount is the level (500.000 đ from 07/2025; 540.000 đ from 07/2026 ⚠️); a province may add its own.
The law's article numbers and the treatment of a small pension are unconfirmed (❓): flagged provisional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ansinh.benefits.law import MissingParameter, ParamRow, Params
from ansinh.benefits.rules import (
    POOR_OR_NEAR,
    check_dates,
    coefficient,
    day,
    money,
    read_date,
    read_household,
    read_int,
    read_province,
    refuse_unknown,
)
from ansinh.benefits.rules.base import Line, Result
from ansinh.core.money import times
from ansinh.core.periods import age_on

REGIME = "social_pension"
FIRST_DAY = dt.date(2025, 7, 1)  # Law 41/2024/QH15 and Decree 176/2025/NĐ-CP in force
FACT_NAMES = ("on", "birth_date", "household", "pension_monthly", "province")


@dataclass(frozen=True)
class Facts:
    on: dt.date
    birth_date: dt.date
    household: str = "none"
    pension_monthly: int = 0  # đồng: the person's monthly pension or social-insurance benefit, 0 if none
    province: str | None = None

    @property
    def age(self) -> int:
        return age_on(self.birth_date, self.on)


def parse(data: Mapping[str, Any], *, strict: bool = True) -> Facts:
    if strict:
        refuse_unknown(data, FACT_NAMES)
    return Facts(
        on=read_date(data, "on"),
        birth_date=read_date(data, "birth_date"),
        household=read_household(data),
        pension_monthly=read_int(data, "pension_monthly"),
        province=read_province(data),
    )


def _coerce(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else parse(facts, strict=False)


def check(facts: Facts | Mapping[str, Any], params: Params) -> None:
    """Contradictions only; being too young or having a higher pension is "not eligible", not an error."""
    facts = _coerce(facts)
    check_dates(
        facts.on,
        facts.birth_date,
        first_day=FIRST_DAY,
        started=_("on: the social pension exists from 01/07/2025; earlier dates are not calculated."),
    )


def _ages(on: dt.date, params: Params) -> tuple[int, int]:
    """(general age, age for poor and near-poor households): 75 and 70 (Law 41/2024/QH15)."""
    return int(params.get("sp.age.general", on).value), int(params.get("sp.age.poor", on).value)


def monthly_amount(facts: Facts | Mapping[str, Any], params: Params) -> Result:
    facts = _coerce(facts)
    try:
        level = params.get("sp.level", facts.on, facts.province)
        general, poor = _ages(facts.on, params)
    except MissingParameter:
        return _not_eligible(
            [
                _("The social pension is paid from 01/07/2025; nothing is due on %(on)s.")
                % {"on": day(facts.on)}
            ]
        )
    age = facts.age
    if facts.birth_date > facts.on:
        return _not_eligible([_("The person is not yet born on %(on)s.") % {"on": day(facts.on)}], level)
    if age >= general:
        label = _("Social pension: person aged %(age)s or over") % {"age": general}
    elif age >= poor and facts.household in POOR_OR_NEAR:
        label = _(
            "Social pension: person aged %(low)s to under %(high)s in a poor or near-poor household"
        ) % {
            "low": poor,
            "high": general,
        }
    else:
        return _not_eligible([_age_reason(age, general, poor, facts)], level)
    if Decimal(facts.pension_monthly) >= level.value:
        return _not_eligible(
            [
                _(
                    "The monthly pension or social-insurance benefit (%(pension)s) is not lower "
                    "than the social pension (%(level)s)."
                )
                % {"pension": money(facts.pension_monthly), "level": money(level.value)}
            ],
            level,
        )
    notes, provisional = _notes(facts, level, params)
    amount = int(level.value)
    return Result(
        regime=REGIME,
        eligible=True,
        monthly_amount=amount,
        lines=(Line(label=label, amount=amount, basis=_basis(level)),),
        notes=tuple(notes),
        provisional=provisional,
        citations=(level.citation,),
    )


def _age_reason(age: int, general: int, poor: int, facts: Facts) -> str:
    if age >= poor:
        return _(
            "Aged %(age)s on %(on)s: under %(general)s, the social pension needs a poor or near-poor "
            "household."
        ) % {"age": age, "on": day(facts.on), "general": general}
    return _(
        "Aged %(age)s on %(on)s: the social pension starts at %(general)s (%(poor)s in a poor or near-poor "
        "household)."
    ) % {"age": age, "on": day(facts.on), "general": general, "poor": poor}


def _basis(level: ParamRow) -> str:
    return _("%(level)s — %(citation)s") % {"level": money(level.value), "citation": level.citation}


def _notes(facts: Facts, level: ParamRow, params: Params) -> tuple[list[str], bool]:
    notes = [
        _(
            "A person also eligible for monthly social assistance receives only the higher of the two "
            "(Decree 176/2025/NĐ-CP)."
        )
    ]
    provisional = level.provisional
    if facts.pension_monthly > 0:
        # RULES §1.3: "no pension, or one lower than the social pension" is confirmed; whether the full
        # level or only the difference is paid is not (❓), so the answer is flagged provisional.
        notes.append(
            _(
                "A pension lower than the social pension is taken to allow the full level; this "
                "interpretation is unconfirmed."
            )
        )
        provisional = True
    if level.province_code:
        national = params.national("sp.level", facts.on)
        notes.append(
            _("Provincial level %(amount)s (%(citation)s), above the national level %(national)s.")
            % {"amount": money(level.value), "citation": level.citation, "national": money(national.value)}
        )
    if level.provisional:
        notes.append(
            _("The social-pension level %(amount)s is provisional, awaiting confirmation (%(citation)s).")
            % {"amount": money(level.value), "citation": level.citation}
        )
    return notes, provisional


def _not_eligible(notes: list[str], level: ParamRow | None = None) -> Result:
    return Result(
        regime=REGIME,
        eligible=False,
        monthly_amount=0,
        notes=tuple(notes),
        provisional=bool(level and level.provisional),
    )


def funeral_support(*, on: dt.date, province: str | None, params: Params) -> Result:
    """Funeral support for a social pensioner: reported as 20 × the level (RULES §1.3 ⚠️/❓, provisional)."""
    try:
        level = params.get("sp.level", on, province)
        multiplier = params.get("sp.funeral.multiplier", on)
    except MissingParameter:
        return _not_eligible(
            [_("The social pension is paid from 01/07/2025; nothing is due on %(on)s.") % {"on": day(on)}]
        )
    amount = times(int(level.value), multiplier.value)
    basis = _("%(multiplier)s × %(level)s — %(citation)s; level: %(level_citation)s") % {
        "multiplier": coefficient(multiplier.value),
        "level": money(level.value),
        "citation": multiplier.citation,
        "level_citation": level.citation,
    }
    notes = []
    if multiplier.provisional:
        notes.append(
            _("The funeral support of the social pension is reported only; the amount is provisional.")
        )
    return Result(
        regime=REGIME,
        eligible=True,
        monthly_amount=amount,
        lines=(Line(label=_("Funeral support"), amount=amount, basis=basis),),
        notes=tuple(notes),
        provisional=level.provisional or multiplier.provisional,
        citations=(multiplier.citation, level.citation),
    )
