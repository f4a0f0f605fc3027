"""Demo figures for one province: plans, entered figures for 2024 and 2025, approvals, computed figures.

Deterministic: the same numbers every run (seeded by indicator, unit and period), written idempotently
(upserts), so running the demo twice changes nothing. The 2024 figures are recorded on the pre-reform
province and communes, as they were reported then, so the report shows them on today's units through the
lineage; 2025 figures are on today's units.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from ansinh.core.errors import NotFound
from ansinh.geo.models import AdminUnit, Structure, UnitLineage
from ansinh.reports import rollup
from ansinh.reports.compute import compute_period
from ansinh.reports.models import DataValue, Indicator, Origin, PlanTarget, ReportSubmission, SubmissionStatus
from ansinh.reports.periods import Period, parse_period

PERIODS_2024 = ("2024H1", "2024H2", "2024")
PERIODS_2025 = ("2025H1", "2025H2", "2025")
# Province-level magnitudes for a mid-sized province's six months (scaled ×2 for a year); rates in %.
SCALE = {
    "LM.NEW_JOBS": 9000,
    "LM.ABROAD": 1500,
    "SI.PARTICIPANTS": 60000,
    "SI.COMPULSORY": 50000,
    "SI.VOLUNTARY": 10000,
    "UI.PARTICIPANTS": 45000,
    "VET.INSTITUTIONS": 20,
    "VET.ENROLLED": 8000,
    "OSH.ACCIDENTS": 12,
    "SEVIL.REHAB_COMMUNITY": 150,
}
RATES = {
    "LM.URBAN_UNEMP": 2.8,
    "LM.RURAL_UNDEREMP": 5.8,
    "LM.AGRI_SHARE": 55.0,
    "VET.TRAINED_RATE": 55.0,
    "POV.POOR_RATE": 18.0,
    "POV.NEAR_POOR_RATE": 7.5,
    "MERIT.HH_STANDARD": 99.5,
    "MERIT.HEROIC_MOTHERS_CARED": 100.0,
    "CHILD.SPECIAL_SUPPORTED": 95.0,
    "GENDER.FEMALE_WAGE_WORKERS": 42.0,
}
# Commune-level figures: what a commune officer reports (poverty, accidents, community rehabilitation).
COMMUNE_CODES = ("POV.POOR_RATE", "POV.NEAR_POOR_RATE", "OSH.ACCIDENTS", "SEVIL.REHAB_COMMUNITY")
COMMUNES = 12


def _rng(*key: Any) -> random.Random:
    return random.Random("|".join(map(str, key)))


def _sum_value(code: str, period: Period, unit_code: str, share: float = 1.0) -> Decimal:
    base = SCALE[code] * (2 if period.months == 12 else 1) * share
    growth = 1.08 if period.year == 2025 else 1.0
    return Decimal(round(base * growth * _rng(code, period.code, unit_code).uniform(0.85, 1.15)))


def _rate_parts(code: str, period: Period, unit_code: str, households: int) -> tuple[Decimal, Decimal]:
    rate = RATES[code] * (0.93 if period.year == 2025 and code.startswith("POV") else 1.0)
    rate = min(100.0, rate * _rng(code, period.code, unit_code).uniform(0.9, 1.1))
    return Decimal(round(households * rate / 100)), Decimal(households)


def _put(indicator: Indicator, unit: AdminUnit, province: str, period: Period, **numbers: Decimal) -> None:
    DataValue.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        period_code=period.code,
        origin=Origin.ENTERED,
        defaults={
            "unit_code": unit.code,
            "level": unit.level,
            "structure": unit.structure,
            "province_code": province,
            "period_start": period.start,
            "period_months": period.months,
            "value": numbers.get("value"),
            "numerator": numbers.get("numerator"),
            "denominator": numbers.get("denominator"),
            "comment": "",
        },
    )


def _figures(unit: AdminUnit, province: str, period: Period, codes: list[Indicator], share: float) -> int:
    written = 0
    for ind in codes:
        if ind.code in SCALE:
            _put(ind, unit, province, period, value=_sum_value(ind.code, period, unit.code, share))
        elif ind.code in RATES:
            households = int(250_000 * share) or 1
            numerator, denominator = _rate_parts(ind.code, period, unit.code, households)
            _put(ind, unit, province, period, numerator=numerator, denominator=denominator)
        else:
            continue
        written += 1
    return written


@transaction.atomic
def demo_reports_load(*, province_code: str) -> dict[str, Any]:
    province = AdminUnit.objects.current().filter(level="province", code=province_code).first()
    if province is None:
        raise NotFound("unit")
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    province_codes = [indicators[c] for c in list(SCALE) + list(RATES) if c in indicators]
    commune_codes = [indicators[c] for c in COMMUNE_CODES if c in indicators]
    communes = list(
        AdminUnit.objects.current().filter(level="commune", province_code=province_code)[:COMMUNES]
    )
    share = 1 / max(
        1, AdminUnit.objects.current().filter(level="commune", province_code=province_code).count()
    )
    written = 0
    # 2025 on: only what officers enter (the poverty rates are computed from the review's statuses);
    # 2024, on the old units, as they were entered before.
    for code in PERIODS_2025:
        period = parse_period(code)
        written += _figures(province, province_code, period, [i for i in province_codes if i.enterable], 1.0)
        for commune in communes:
            written += _figures(
                commune, province_code, period, [i for i in commune_codes if i.enterable], share
            )
    old_province, old_communes = _legacy_units(province_code, communes)
    for code in PERIODS_2024:
        period = parse_period(code)
        if old_province is not None:
            written += _figures(old_province, province_code, period, province_codes, 1.0)
        for old in old_communes:
            written += _figures(old, province_code, period, commune_codes, share)
    plans = _plans(province, communes, indicators)
    _submissions(communes, parse_period("2025H1"))
    for code in PERIODS_2024 + PERIODS_2025:
        rollup.invalidate(code, [province_code])
    computed = {code: compute_period(parse_period(code)) for code in PERIODS_2024 + PERIODS_2025}
    return {
        "province": province.name,
        "figures": written,
        "plans": plans,
        "communes": len(communes),
        "computed": computed,
    }


def _legacy_units(province_code: str, communes: list[AdminUnit]) -> tuple[AdminUnit | None, list[AdminUnit]]:
    links = UnitLineage.objects.filter(successor__in=communes, predecessor__structure=Structure.LEGACY)
    old_communes = list(
        AdminUnit.objects.filter(pk__in=links.values("predecessor_id"), level="commune").order_by("code")
    )
    old_province = (
        UnitLineage.objects.filter(
            successor__code=province_code, successor__structure="2025", level="province"
        )
        .select_related("predecessor")
        .order_by("predecessor__code")
        .first()
    )
    return (old_province.predecessor if old_province else None), old_communes


def _plans(province: AdminUnit, communes: list[AdminUnit], indicators: dict[str, Indicator]) -> int:
    count = 0
    for year in (2024, 2025):
        period = parse_period(str(year))
        for code in SCALE:
            if code not in indicators:
                continue
            value = _sum_value(code, period, province.code) * Decimal("0.95")
            _plan(indicators[code], province, year, value.quantize(Decimal(1)))
            count += 1
        for code, rate in RATES.items():
            if code in indicators:
                _plan(indicators[code], province, year, Decimal(str(rate)))
                count += 1
    return count


def _plan(indicator: Indicator, unit: AdminUnit, year: int, value: Decimal) -> None:
    PlanTarget.objects.update_or_create(
        indicator=indicator,
        level=unit.level,
        unit_code=unit.code,
        year=year,
        defaults={"unit": unit, "province_code": unit.province_code, "value": value},
    )


def _submissions(communes: list[AdminUnit], period: Period) -> None:
    """Most demo communes have submitted 2025H1 and some are approved; the rest show as missing."""
    for n, commune in enumerate(communes):
        status = (SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.DRAFT)[n % 3]
        ReportSubmission.objects.update_or_create(
            unit=commune,
            period_code=period.code,
            defaults={
                "unit_code": commune.code,
                "level": commune.level,
                "province_code": commune.province_code,
                "period_start": period.start,
                "period_months": period.months,
                "status": status,
            },
        )
